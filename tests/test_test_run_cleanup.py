"""A test run cleans up after itself: the widget pages it writes do not pile up in the temporary folder.

A full run writes several hundred widget pages (the largest about 75 MB each). Kept, they filled the
disk of the machine that runs the course's tests; so each test's pages are deleted after it, and the
run's scratch folder at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import widget_harness
from conftest import ROOT, scratch_root

from legpain.widgets import Quiz


def test_a_widget_page_is_deleted_and_its_server_stopped_when_released():
    url = widget_harness.static_page([Quiz("red-flags", seed=1)])
    server, folder = widget_harness._pages[-1]
    assert folder.is_relative_to(scratch_root()) and (folder / "index.html").exists()
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.status == 200
    widget_harness.release_pages()
    assert not folder.exists()
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        urllib.request.urlopen(url, timeout=5)


def test_a_browser_test_run_leaves_nothing_in_the_temporary_folder():
    # A short path of its own: Chromium aborts when its profile's socket path grows too long.
    scratch = Path(tempfile.mkdtemp(prefix="lp-run-"))
    env = {**os.environ, "TMPDIR": str(scratch)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:nbval", "-p", "no:cacheprovider", "-o", "addopts=",
         "-q", "tests/test_widget_instances_browser.py::test_ids_stay_unique_when_many_module_copies_"
         "start_their_counters_again"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    left = [path.name for path in scratch.iterdir() if not path.name.startswith("pytest-of-")]
    shutil.rmtree(scratch, ignore_errors=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "1 passed" in run.stdout
    assert left == [], f"the run left {left} in the temporary folder"


def test_importing_the_test_helpers_outside_pytest_leaves_nothing(tmp_path):
    """Scripts import conftest for `serve` and the Chromium settings; that alone makes no folder."""
    scratch = Path(tempfile.mkdtemp(prefix="lp-import-"))
    env = {**os.environ, "TMPDIR": str(scratch), "PYTHONPATH": str(ROOT / "tests")}
    run = subprocess.run([sys.executable, "-c", "import conftest, widget_harness"], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=120)
    left = [path.name for path in scratch.iterdir()]
    shutil.rmtree(scratch, ignore_errors=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert left == []


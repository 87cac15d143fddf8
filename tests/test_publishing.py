"""The ways an instructor publishes and runs the course: Pages workflow, Binder context, launch buttons."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_pages_workflow_builds_with_the_readme_command_and_publishes_the_site():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish-book.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    assert any(step.get("run") == "python3 course.py build" for step in steps)
    upload = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    assert upload and upload[0]["with"]["path"] == "_build/html"
    assert workflow["permissions"]["pages"] == "write"
    assert "python3 course.py build" in (ROOT / "README.md").read_text()


def test_binder_context_installs_the_pinned_course():
    binder = ROOT / ".binder"
    assert (binder / "runtime.txt").read_text().strip() == "python-3.11"
    lines = [line.strip() for line in (binder / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines == ["-r ../requirements.txt"]
    requirements = (ROOT / "requirements.txt").read_text().splitlines()
    assert "-e ." in requirements
    pinned = [r for r in requirements if r and not r.startswith(("#", "-"))]
    assert pinned and all("==" in r for r in pinned), "every direct dependency pinned exactly"
    assert any(r.startswith("jupyter-book==1.") for r in pinned)


def test_launch_buttons_are_configured_for_binder_jupyterhub_and_colab():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    buttons = config["launch_buttons"]
    for key in ("binderhub_url", "jupyterhub_url", "colab_url"):
        assert buttons[key].startswith("https://"), key
    assert buttons["notebook_interface"] == "jupyterlab"
    assert config["repository"]["url"].startswith("https://github.com/")


def test_built_notebook_pages_offer_the_launch_buttons(built_book):
    page = (built_book / "notebooks" / "00_how_to_use_this_course.html").read_text()
    assert "mybinder.org/v2/gh/" in page
    assert "git-pull?repo=" in page  # the JupyterHub button (nbgitpuller)
    assert "colab.research.google.com/github/" in page


def test_course_script_rejects_an_unknown_command_and_names_the_valid_ones():
    result = subprocess.run([sys.executable, str(ROOT / "course.py"), "biuld"], capture_output=True,
                            text=True)
    assert result.returncode == 2
    assert "build" in result.stderr and "test" in result.stderr

"""Every widget ships the shared front-end parts once, and no widget keeps its own copy of them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from legpain.widgets import _base

WIDGETS = sorted(p.parent for p in Path(_base.__file__).parent.glob("*/widget.js"))
SHARED_NAMES = re.findall(r"^(?:export )?(?:function|const|let) (\w+)",
                          _base.HELPERS.read_text(encoding="utf-8"), re.M)


def test_the_shared_helpers_define_what_the_widgets_need():
    assert {"uniqueId", "fnv1a", "optionKey", "displayOrder", "freshSeed"} <= set(SHARED_NAMES)


@pytest.mark.parametrize("folder", WIDGETS, ids=lambda p: p.name)
def test_no_widget_redeclares_a_shared_helper(folder):
    own = (folder / "widget.js").read_text(encoding="utf-8")
    again = [n for n in SHARED_NAMES
             if re.search(rf"^\s*(?:export )?(?:function|const|let|var) {n}\b", own, re.M)]
    assert not again, f"{folder.name}/widget.js declares shared names again: {again}"


@pytest.mark.parametrize("folder", WIDGETS, ids=lambda p: p.name)
def test_each_widget_ships_helpers_then_its_own_code_as_one_valid_module(folder, tmp_path):
    esm = _base.widget_esm(folder / "widget.js")
    assert esm.startswith(_base.HELPERS.read_text(encoding="utf-8").strip())
    assert esm.rstrip().endswith((folder / "widget.js").read_text(encoding="utf-8").strip())
    node = shutil.which("node")
    if node:  # a syntax check of the assembled module (Node.js is on the course's CI machines)
        module = tmp_path / f"{folder.name}.mjs"
        module.write_text(esm, encoding="utf-8")
        result = subprocess.run([node, "--check", str(module)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr

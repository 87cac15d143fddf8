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
REASONING_NAMES = re.findall(r"^(?:export )?(?:function|const|let) (\w+)",
                             _base.REASONING.read_text(encoding="utf-8"), re.M)
#: the widgets that answer without a kernel, and so ship the shared reasoning
REASONING_WIDGETS = {"triage", "explorer", "generated_cases"}


def test_the_shared_helpers_define_what_the_widgets_need():
    assert {"uniqueId", "fnv1a", "optionKey", "displayOrder", "freshSeed"} <= set(SHARED_NAMES)


@pytest.mark.parametrize("folder", WIDGETS, ids=lambda p: p.name)
def test_no_widget_redeclares_a_shared_helper(folder):
    own = (folder / "widget.js").read_text(encoding="utf-8")
    again = [n for n in SHARED_NAMES + REASONING_NAMES
             if re.search(rf"^\s*(?:export )?(?:function|const|let|var) {n}\b", own, re.M)]
    assert not again, f"{folder.name}/widget.js declares shared names again: {again}"


@pytest.mark.parametrize("folder", WIDGETS, ids=lambda p: p.name)
def test_each_widget_ships_helpers_then_its_own_code_as_one_valid_module(folder, tmp_path):
    import importlib

    module = importlib.import_module(f"legpain.widgets.{folder.name}")
    [esm] = {cls._esm for cls in vars(module).values() if isinstance(cls, type)
             and issubclass(cls, _base.CourseWidget) and cls is not _base.CourseWidget}
    assert esm.startswith(_base.HELPERS.read_text(encoding="utf-8").strip())
    reasoning = _base.REASONING.read_text(encoding="utf-8").strip()
    assert (reasoning in esm) == (folder.name in REASONING_WIDGETS), \
        "the shared reasoning ships with exactly the widgets that triage or rank in the browser"
    assert esm.rstrip().endswith((folder / "widget.js").read_text(encoding="utf-8").strip())
    node = shutil.which("node")
    if node:  # a syntax check of the assembled module (Node.js is on the course's CI machines)
        module = tmp_path / f"{folder.name}.mjs"
        module.write_text(esm, encoding="utf-8")
        result = subprocess.run([node, "--check", str(module)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_the_shared_reasoning_holds_the_one_triage_and_ranking():
    assert {"triage", "canonicalSigns", "triageRuleMatches", "rankFindingKeys"} <= set(REASONING_NAMES)
    for folder in WIDGETS:
        own = (folder / "widget.js").read_text(encoding="utf-8")
        assert "DecompressionStream(" not in own, \
            f"{folder.name}/widget.js unpacks data itself: use unpackData from the shared helpers"

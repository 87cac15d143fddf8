"""The package is split by role, and the folder names say so: knowledge <- reasoning <- widgets
<- notebooks, with the authoring tools outside the runtime package. These tests read every
import (including imports inside functions and ``importlib.import_module("...")`` strings) and
fail when a layer reaches up."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
LAYERS = ("legpain.knowledge", "legpain.reasoning", "legpain.widgets")  # lowest first
AUTHORING = "legpain_authoring"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, name: str | None = None) -> set[str]:
    """Every module a file imports, relative imports resolved, dynamic imports included."""
    name = name or module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant)):
            found.add(str(node.args[0].value))
    return {m for m in found if m.startswith(("legpain", AUTHORING))}


def layer_of(module: str) -> int | None:
    for index, layer in enumerate(LAYERS):
        if module == layer or module.startswith(layer + "."):
            return index
    return None


SOURCES = sorted(p for p in (SRC / "legpain").rglob("*.py"))


def test_the_package_has_one_folder_per_role():
    folders = {p.name for p in (SRC / "legpain").iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert {"knowledge", "reasoning", "widgets"} <= folders
    loose = sorted(p.name for p in (SRC / "legpain").glob("*.py") if p.name != "__init__.py")
    assert loose == [], f"modules outside a role folder: {loose}"
    assert (SRC / "legpain" / "knowledge" / "data" / "roots.yaml").exists()
    assert (SRC / AUTHORING / "pages.py").exists() and (SRC / AUTHORING / "notebooks.py").exists()


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: module_name(p))
def test_a_layer_imports_only_the_layers_below_it(path):
    own = layer_of(module_name(path))
    if own is None:  # the package façade: it may name any layer, lazily
        return
    for target in sorted(imports_of(path)):
        assert not target.startswith(AUTHORING), f"{module_name(path)} imports the authoring tools"
        other = layer_of(target)
        assert other is None or other <= own, (
            f"{module_name(path)} ({LAYERS[own]}) imports {target} ({LAYERS[other]}): "
            "knowledge <- reasoning <- widgets, never the other way")


def test_the_import_reader_sees_reaching_up(tmp_path):
    """The checker itself can fail: a knowledge module importing a widget is caught."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from ..widgets import Quiz\n    import importlib\n"
                     "    importlib.import_module('legpain.reasoning.triage_rules')\n")
    found = imports_of(probe, "legpain.knowledge.probe")
    assert "legpain.widgets.Quiz" in found and "legpain.reasoning.triage_rules" in found
    assert all(layer_of(m) > 0 for m in found - {"legpain.widgets"})


NOTEBOOK_IMPORT = re.compile(r"^\s*(?:from|import)\s+((?:legpain|legpain_authoring)[\w.]*)", re.M)


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_notebooks_import_only_the_facade_and_the_widgets(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    used = {m for c in cells if c["cell_type"] == "code"
            for m in NOTEBOOK_IMPORT.findall("".join(c["source"]))}
    assert used and used <= {"legpain", "legpain.widgets"}, used


def test_every_public_name_of_the_facades_resolves():
    import legpain
    import legpain.widgets

    for name in legpain.__all__:
        assert getattr(legpain, name) is not None, name
    for name in legpain.widgets.__all__:
        assert getattr(legpain.widgets, name) is not None, name
    with pytest.raises(AttributeError, match="no attribute 'localise'"):
        legpain.localise  # noqa: B018  (a misspelling names itself)

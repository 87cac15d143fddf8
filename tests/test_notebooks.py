"""Every chapter notebook: the course's chapter template, clean committed outputs, strict nbval."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NAMES = [p.name for p in NOTEBOOKS]
#: the chapter about using the course discusses no clinical claim of the source article
NO_SOURCE_ARTICLE_SECTION = {"00_how_to_use_this_course.ipynb", "appendix_a_running_the_notebooks.ipynb",
                             "practice_generated_cases.ipynb"}
#: practice pages that are not chapters (no objectives, quiz or source article): a title and the
#: red-flags link only
NOT_A_CHAPTER = {"practice_review_deck.ipynb", "practice_draw_the_deficit.ipynb"}


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def markdown(nb: dict) -> str:
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("name", NAMES)
def test_chapter_follows_the_template(name):
    nb = load(ROOT / "notebooks" / name)
    first = "".join(nb["cells"][0]["source"])
    assert nb["cells"][0]["cell_type"] == "markdown" and first.startswith("# "), "starts with a title"
    text = markdown(nb)
    if name in NOT_A_CHAPTER:
        assert "red_flags" in text, f"{name}: no link to the red flags page"
        return
    headings = [h.strip().lower() for h in re.findall(r"^#{2,3} (.+)$", text, re.MULTILINE)]
    for wanted in ("learning objectives", "check yourself", "summary"):
        assert any(h.startswith(wanted) for h in headings), f"{name}: no '{wanted}' section"
    if name not in NO_SOURCE_ARTICLE_SECTION:
        assert any(h.startswith("what the source article says") for h in headings), name
    objectives = text.split("Learning objectives", 1)[1].split("\n#", 1)[0]
    count = len(re.findall(r"^\s*\d+\.\s", objectives, re.MULTILINE))
    assert 3 <= count <= 5, f"{name}: {count} learning objectives (3 to 5 wanted)"
    assert "red_flags" in text, f"{name}: no link to the red flags page"
    assert any("Quiz(" in "".join(c["source"]) for c in code_cells(nb)), f"{name}: no Check-yourself quiz"


@pytest.mark.parametrize("name", NAMES)
def test_imports_live_in_one_cell(name):
    cells = code_cells(load(ROOT / "notebooks" / name))
    with_imports = [i for i, c in enumerate(cells)
                    if re.search(r"^\s*(from \S+ )?import ", "".join(c["source"]), re.MULTILINE)]
    assert with_imports == [0], f"{name}: imports in code cells {with_imports} (only the first may import)"


@pytest.mark.parametrize("name", NAMES)
def test_markdown_renders_the_same_in_jupyterlab_and_the_book(name):
    """No MyST directives or LaTeX maths: JupyterLab shows them raw, and maths would need MathJax."""
    text = markdown(load(ROOT / "notebooks" / name))
    assert not re.search(r"^\s*(:::|```\{)", text, re.MULTILINE), f"{name}: MyST directive"
    assert not re.search(r"(?<![\\\w])\$[^$\s][^$]*\$", text), f"{name}: LaTeX maths"


def import_only(source: str) -> bool:
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    return bool(body) and all(isinstance(node, ast.Import | ast.ImportFrom) for node in body)


@pytest.mark.parametrize("name", NAMES)
def test_committed_outputs_come_from_a_clean_run(name):
    """Every code cell executed, in order, once: what "Restart and run all" would save."""
    cells = code_cells(load(ROOT / "notebooks" / name))
    counts = [c.get("execution_count") for c in cells]
    assert counts == list(range(1, len(cells) + 1)), f"{name}: execution counts {counts}"
    for cell in cells:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", f"{name}: error output"
            assert output.get("name") != "stderr", f"{name}: stderr output {output.get('text')}"
        source = "".join(cell["source"])
        if not import_only(source):  # the one imports cell lists names, one per line when many
            assert len(source.splitlines()) <= 12, f"{name}: a long code cell"


def test_nbval_really_compares_outputs(tmp_path):
    """A committed output that no longer matches what the code prints fails the notebook tests."""
    nb = load(ROOT / "notebooks" / "appendix_a_running_the_notebooks.ipynb")
    for cell in code_cells(nb):
        for output in cell.get("outputs", []):
            plain = output.get("data", {}).get("text/plain")
            if plain and "dorsum of foot" in "".join(plain):
                output["data"]["text/plain"] = ["'a stale answer'"]
                break
        else:
            continue
        break
    else:
        pytest.fail("the appendix on running the notebooks no longer prints 'dorsum of foot'")
    stale = tmp_path / "stale.ipynb"
    stale.write_text(json.dumps(nb), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             f"--rootdir={ROOT}", "-c", str(ROOT / "pyproject.toml"), str(stale)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "1 failed" in result.stdout


@pytest.mark.parametrize("name", NAMES)
def test_saved_widget_state_carries_the_current_widget_code(name):
    """The book renders widgets from the state saved in the notebook: it must hold today's JS/CSS."""
    from legpain.widgets import _base

    widget_files, styles = set(), set()
    for folder in (Path(_base.__file__).parent).iterdir():
        if (folder / "widget.js").exists():
            for reasoning in (False, True):
                widget_files.add(_base.widget_esm(folder / "widget.js", reasoning))
            styles.add(_base.widget_css(folder / "widget.css"))
    state = load(ROOT / "notebooks" / name).get("metadata", {}).get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    for model_id, model in state.items():
        esm, css = model.get("state", {}).get("_esm"), model.get("state", {}).get("_css")
        if esm is not None:
            assert esm in widget_files and css in styles, (
                f"{name}: widget {model_id} was saved with old JavaScript or CSS: "
                "run `python3 course.py execute`")

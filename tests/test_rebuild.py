"""A rebuild in which no page changed skips figure numbering and bibliography formatting
(book/_ext/legpain_rebuild.py), and a rebuild in which one page changed still numbers and cites
correctly. Real Sphinx builds of a three-page project with exercises, a figure and citations."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXT = ROOT / "book" / "_ext"
KEPT = "no page changed: figure numbers and the bibliography kept from the last build"

BIB = """@article{hartvigsen2018lancet,
  author = {Hartvigsen, Jan and Hancock, Mark J.},
  title = {What low back pain is and why we need to pay attention},
  journal = {Lancet}, year = {2018}, volume = {391}, pages = {2356--2367}
}
"""


def exercise(name: str, text: str) -> str:
    return f"```{{exercise}}\n:label: {name}\n\n{text}\n```\n"


def write_project(folder: Path, first_page_exercises: int) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "refs.bib").write_text(BIB)
    (folder / "conf.py").write_text(textwrap.dedent(f"""\
        import sys
        sys.path.insert(0, {str(EXT)!r})
        extensions = ["myst_parser", "sphinx_exercise", "sphinxcontrib.bibtex", "legpain_rebuild"]
        myst_enable_extensions = ["colon_fence"]
        bibtex_bibfiles = ["refs.bib"]
        numfig = True
    """))
    (folder / "index.md").write_text("# Home\n\n```{toctree}\none\ntwo\nrefs\n```\n")
    one = "# One\n\nSee {cite:p}`hartvigsen2018lancet`.\n\n" + "".join(
        exercise(f"one-{i}", f"Question {i} of page one.") for i in range(first_page_exercises))
    (folder / "one.md").write_text(one)
    (folder / "two.md").write_text("# Two\n\n" + exercise("two-0", "The question of page two.")
                                   + "\nAs {cite:t}`hartvigsen2018lancet` say.\n")
    (folder / "refs.md").write_text("# References\n\n```{bibliography}\n```\n")


def build(folder: Path) -> str:
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", str(folder),
                             str(folder / "_build")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout


def exercise_numbers(folder: Path, page: str) -> list[str]:
    html = (folder / "_build" / f"{page}.html").read_text(encoding="utf-8")
    return re.findall(r"Exercise (\d+)", html)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rebuild") / "book"
    write_project(folder, first_page_exercises=1)
    first = build(folder)
    return folder, first


def test_a_first_build_numbers_and_cites_without_skipping(project):
    folder, log = project
    assert KEPT not in log
    assert exercise_numbers(folder, "two")[:1] == ["2"]
    assert "Hartvigsen" in (folder / "_build" / "two.html").read_text(encoding="utf-8")


def test_a_rebuild_with_nothing_changed_skips_both_passes_and_keeps_the_pages(project):
    folder, _ = project
    before = (folder / "_build" / "two.html").read_text(encoding="utf-8")
    log = build(folder)
    assert KEPT in log
    assert (folder / "_build" / "two.html").read_text(encoding="utf-8") == before


def test_a_rebuild_after_one_page_changed_renumbers_the_others(project):
    folder, _ = project
    write_project(folder, first_page_exercises=3)  # two more exercises before page two's
    log = build(folder)
    assert KEPT not in log
    assert exercise_numbers(folder, "one")[:3] == ["1", "2", "3"]
    assert exercise_numbers(folder, "two")[:1] == ["4"], "page two was renumbered and rewritten"
    assert "Hartvigsen" in (folder / "_build" / "refs.html").read_text(encoding="utf-8")


def test_the_guard_finds_both_passes_in_the_installed_sphinx(tmp_path):
    """If a new Sphinx or sphinxcontrib-bibtex renames a listener, the book stays correct but
    slower: this test says so."""
    from sphinx.application import Sphinx

    sys.path.insert(0, str(EXT))
    try:
        import legpain_rebuild

        write_project(tmp_path / "book", first_page_exercises=1)
        app = Sphinx(str(tmp_path / "book"), str(tmp_path / "book"), str(tmp_path / "out"),
                     str(tmp_path / "doctrees"), "html", status=None, warning=None)
        assert sorted(app.legpain_guarded) == sorted(q for _, _, q in legpain_rebuild.SKIPPABLE)
    finally:
        sys.path.remove(str(EXT))

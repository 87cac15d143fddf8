"""The book's structure and the built site: every page listed, nothing loaded from outside."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
#: Markdown files that are included into another page rather than being pages themselves
INCLUDED = {"book/generated/red_flags_table.md"}


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(toc.get("parts", []))
    walk(toc.get("chapters", []))
    return files


def test_every_notebook_and_page_is_in_the_toc():
    listed = set(toc_files())
    notebooks = {p.relative_to(ROOT).with_suffix("").as_posix() for p in (ROOT / "notebooks").glob("*.ipynb")}
    pages = {p.relative_to(ROOT).with_suffix("").as_posix() for p in (ROOT / "book").rglob("*.md")
             if p.relative_to(ROOT).as_posix() not in INCLUDED}
    assert notebooks - listed == set(), "notebooks missing from _toc.yml"
    assert pages - listed == set(), "pages missing from _toc.yml"
    missing = [f for f in listed if not any((ROOT / f"{f}{s}").exists() for s in (".md", ".ipynb"))]
    assert missing == [], f"_toc.yml lists files that do not exist: {missing}"


def test_chapters_are_listed_in_numbered_order():
    # practice pages (notebooks/practice_*) sit in their own part after the numbered chapters
    chapters = [f for f in toc_files() if f.startswith("notebooks/")
                and not f.startswith("notebooks/practice_")]
    assert chapters == sorted(chapters)


def built_pages(built: Path) -> list[Path]:
    return sorted(p for p in built.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts)


OUTSIDE = re.compile(
    r"<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc=[\"'](?:https?:)?//"
    r"|<link\b[^>]*\bhref=[\"'](?:https?:)?//[^\"']*[\"'][^>]*>", re.IGNORECASE)


@pytest.mark.book
def test_built_pages_load_nothing_from_outside(built_book):
    offenders = {}
    for page in built_pages(built_book):
        text = page.read_text(encoding="utf-8")
        loads = [m.group(0)[:120] for m in OUTSIDE.finditer(text)
                 if "rel=\"canonical\"" not in m.group(0) and "rel=\"alternate\"" not in m.group(0)]
        if loads:
            offenders[page.relative_to(built_book).as_posix()] = loads
    assert offenders == {}


@pytest.mark.book
def test_no_cdn_widget_stack_thebe_or_mathjax(built_book):
    for page in built_pages(built_book):
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(built_book).as_posix()
        for banned in ("require.min.js", "require.js", "embed-amd", "thebe", "no-latex-maths-in-this-course"):
            assert banned not in text, f"{name} references {banned}"


@pytest.mark.book
def test_widget_pages_use_the_course_loader_once(built_book):
    widget_pages = 0
    for page in built_pages(built_book):
        text = page.read_text(encoding="utf-8")
        if "application/vnd.jupyter.widget-view+json" in text:
            widget_pages += 1
            assert text.count("legpain-widgets.js") == 1, page.name
            assert text.count("application/vnd.jupyter.widget-state+json") == 1, page.name
    assert widget_pages >= 1


@pytest.mark.book
def test_every_notebook_is_a_page_with_a_download_link(built_book):
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        page = built_book / "notebooks" / f"{notebook.stem}.html"
        assert page.exists(), f"{notebook.name} has no page"
        assert f"{notebook.stem}.ipynb" in page.read_text(encoding="utf-8"), (
            f"{page.name} offers no download of its notebook")

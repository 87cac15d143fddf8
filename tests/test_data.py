"""The knowledge base as a whole: every entry cited, every citation defined, generated pages current."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from legpain.knowledge.loading import DATA_DIR, REFERENCES_DIR, bibliography, load_yaml
from legpain_authoring import pages

ROOT = Path(__file__).resolve().parents[1]
#: files whose entries are names/definitions or teaching material, not clinical facts
NOT_FACTS = {"vocabulary.yaml"}
#: sections of data files that hold names for the reasoning functions, not clinical facts
NAME_SECTIONS = {"causes.yaml": ("features", "feature_groups"), "interventions.yaml": ("conditions",)}


def data_files() -> list[str]:
    return sorted(p.relative_to(DATA_DIR).as_posix() for p in DATA_DIR.rglob("*.yaml"))


def walk_sources(node, path="$"):
    """Yield (path, key) for every citation key under any `sources`-like field (and `source`,
    the single key of a prognosis series or a risk-factor estimate)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("sources", "source") or key.endswith("_sources"):
                if isinstance(value, dict):  # per-field sources: {field: [keys]}
                    for field, keys in value.items():
                        for item in keys if isinstance(keys, list) else [keys]:
                            yield f"{path}.{key}.{field}", item
                    continue
                for item in value if isinstance(value, list) else [value]:
                    yield f"{path}.{key}", item
            else:
                yield from walk_sources(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk_sources(value, f"{path}[{index}]")


@pytest.mark.parametrize("file", data_files())
def test_every_citation_key_is_defined(file):
    known = bibliography()
    missing = [(where, key) for where, key in walk_sources(load_yaml(file)) if key not in known]
    assert missing == [], f"{file}: undefined citation keys {missing[:5]}"


FACT_FILES = [f for f, _ in pages.FACT_FILES if (DATA_DIR / f).exists() and f not in NOT_FACTS]


@pytest.mark.parametrize("file", FACT_FILES)
def test_every_fact_entry_carries_a_source(file):
    """An entry with an id in a clinical data file has sources (its own, or on each of its parts)."""
    data = load_yaml(file)
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k not in NAME_SECTIONS.get(file, ())}

    def entries(node):
        if isinstance(node, dict):
            if "id" in node:
                yield node
            for value in node.values():
                yield from entries(value)
        elif isinstance(node, list):
            for value in node:
                yield from entries(value)

    def cited(node) -> bool:
        return any(True for _ in walk_sources(node))

    uncited = [e["id"] for e in entries(data) if not cited(e)]
    assert uncited == [], f"{file}: entries without any source: {uncited[:10]}"


def test_bibliography_files_match_the_book_configuration():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    listed = sorted(config["bibtex_bibfiles"])
    present = sorted(p.relative_to(ROOT).as_posix() for p in REFERENCES_DIR.glob("*.bib"))
    assert listed == present


def test_every_bibliography_entry_is_cited_somewhere():
    used = {key for file in data_files() for _, key in walk_sources(load_yaml(file))}
    for path in list((ROOT / "notebooks").glob("*.ipynb")) + list((ROOT / "book").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        used |= {key for key in bibliography() if key in text}
    unused = sorted(set(bibliography()) - used)
    assert unused == [], f"bibliography entries nothing cites: {unused}"


def test_bibliography_entries_have_author_title_and_year():
    for key, entry in bibliography().items():
        assert entry.get("title"), key
        assert entry.get("year"), key
        assert entry.get("author") or entry.get("organization") or entry.get("editor"), key


def test_generated_pages_are_current():
    folder = ROOT / "book" / "generated"
    for name, make in pages.PAGES.items():
        assert (folder / name).read_text(encoding="utf-8") == make(), (
            f"book/generated/{name} is out of date: run `python3 course.py pages`")


def test_the_outcomes_page_lists_every_notebook_with_its_objectives():
    page = pages.outcomes_page()
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert len(notebooks) >= 12
    for path in notebooks:
        assert f"notebooks/{path.name}" in page, f"{path.name} is missing from the outcomes page"
    assert page.count("\n1. ") >= 10, "hardly any learning objective listed"


def test_glossary_terms_are_defined_once():
    pages.glossary_page()  # raises on a duplicate term
    terms = [item["term"].lower() for p in (DATA_DIR / "glossary").glob("*.yaml")
             for item in yaml.safe_load(p.read_text()) or []]
    assert len(terms) == len(set(terms))


@pytest.mark.parametrize("file", data_files())
def test_no_text_is_cut_at_a_comma(file):
    """In a YAML flow mapping an unquoted comma ends the text and turns the rest into a stray key."""
    stray = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                if value is None and isinstance(key, str) and " " in key:
                    stray.append(f"{path}: {key!r}")
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}[{index}]")

    walk(load_yaml(file), "$")
    assert stray == [], f"{file}: text cut at a comma (quote it): {stray}"


def test_the_facts_appendix_shows_every_entry_and_every_field_of_the_knowledge_base():
    """Each entry of a fact file is on the appendix under its name, each field labelled on a line
    of its own (an empty one as a dash, never a bare label), with its sources cited."""
    from legpain_authoring.pages import FACT_FILES, facts_page

    page = facts_page()
    lines = page.splitlines()
    assert not [line for line in lines if line.startswith("- **")], "fields are paragraphs, not bullets"
    assert not [line for line in lines if line.startswith("**") and line.endswith("**: ")]
    for file, heading in FACT_FILES:
        assert f"## {heading}" in lines
        data = load_yaml(file)
        entries = [e for value in (data.values() if isinstance(data, dict) else [data])
                   if isinstance(value, list) for e in value if isinstance(e, dict)]
        for entry in entries:
            if "id" in entry and entry.get("name", entry.get("title")) not in (None, entry["id"]):
                assert f"*id:* `{entry['id']}`" in lines, (file, entry["id"])
            for key in entry:
                if key not in ("id", "name", "title"):
                    label = f"**{str(key).replace('_', ' ')}**: "
                    assert any(line.startswith(label) for line in lines), (file, entry.get("id"), key)
            for key in ([entry["sources"]] if isinstance(entry.get("sources"), str)
                        else entry.get("sources") or []):
                assert key in page, (file, entry.get("id"), key)

"""Citations and glossary terms in plain Markdown, so a notebook reads the same everywhere.

JupyterLab, Colab and Binder show MyST roles raw ("{cite:p}`nice2016ng59`"), so the notebooks write
citations and glossary terms as ordinary Markdown links, and the book's Sphinx extension
(``book/_ext/legpain_markup.py``) turns those links back into the roles before MyST reads the page.
The book's pages therefore come out exactly as they did from the roles.

=================================  ===============================================================
MyST role (book only)              plain form (notebooks)
=================================  ===============================================================
``{cite:p}`a,b```                  ``([Lee et al. 2008](#cite-a); [NICE 2016](#cite-b))``
``{cite:t}`a```                    ``[Lee et al. 2008](#cite-a)``
``{term}`pedicle```                ``[pedicle](#term-pedicle)``
``{term}`NSAIDs <NSAID>```         ``[NSAIDs](#term-NSAID)``
``{index}`text```                  ``text`` (dropped: the book's menu has no index page)
=================================  ===============================================================

- A parenthetical citation is the parentheses holding nothing but citation links separated by
  semicolons; any other citation link is a textual one ("as [Lee et al. 2008](#cite-a) showed").
- The link text of a citation is the label the book prints for the source (:func:`citation_label`,
  "Lee et al. 2008", "NICE 2016"); the book fails to build if the two differ.
- The target of a term is the id of the term on the book's glossary page (``term-`` and the term,
  the way Sphinx makes ids), so it names the term; the link text is what the reader sees.
- Fragment-only targets go nowhere in JupyterLab or Colab (no raw page opens) and are valid
  CommonMark everywhere. Code spans and fenced code are never touched.

``python3 -m legpain_authoring.markup [notebook ...]`` rewrites the markdown cells of the given
notebooks (default: all of ``notebooks/``) from roles to the plain form, changing nothing else in
the file; ``--check`` changes nothing and fails if a notebook would be rewritten (a role left, a
label that is not the book's, sources out of the book's order).
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
ET_AL = " et al."

#: code that no conversion may touch: fenced blocks and inline code spans
_FENCE = r"(?P<fence>^[ \t]*(?P<fmark>`{3,}|~{3,})[^\n]*\n(?:.*?\n)??[ \t]*(?P=fmark)[ \t]*$)"
_CODE = r"(?P<code>(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`))"
#: a MyST role: {name}`body`
_ROLE = r"(?P<role>\{(?P<name>[a-z]+(?::[a-z]+)?)\}`(?P<body>[^`]+)`)"
_CITE_LINK = r"\[(?P<label>[^\[\]]+)\]\(#cite-(?P<key>[A-Za-z0-9_:.-]+)\)"
_TERM_LINK = r"\[(?P<text>[^\[\]]+)\]\(#term-(?P<anchor>[A-Za-z0-9_.-]+)\)"
_ANY_CITE_LINK = _CITE_LINK.replace("?P<label>", "?:").replace("?P<key>", "?:")
_GROUP = rf"(?P<group>\((?:{_ANY_CITE_LINK})(?:;\s+(?:{_ANY_CITE_LINK}))*\))"

ROLES = re.compile("|".join([_FENCE, _CODE, _ROLE]), re.MULTILINE | re.DOTALL)
PLAIN = re.compile("|".join([_FENCE, _CODE, _GROUP, _CITE_LINK, _TERM_LINK]), re.MULTILINE | re.DOTALL)
CITE_LINK = re.compile(_CITE_LINK)
TERM_LINK = re.compile(_TERM_LINK)
#: a parenthetical citation of one source followed by another in a list ("{cite}`a`, {cite}`b` and
#: {cite}`c`"): a list of works, written as textual citations so it does not read "(A), (B) and (C)"
_ONE_P = r"\{cite(?::p)?\}`[^`,{}]+`"
CITE_LIST = re.compile(rf"{_ONE_P}(?:(?:,\s*(?:and\s+)?|\s+and\s+){_ONE_P})+")
_LISTS = re.compile("|".join([_FENCE, _CODE, rf"(?P<list>{CITE_LIST.pattern})"]), re.MULTILINE | re.DOTALL)


# ------------------------------------------------------------------ labels and glossary anchors

@functools.cache
def _plain_latex(text: str) -> str:
    """A BibTeX name as plain text: LaTeX accents decoded ("Batti\\'e" -> "Battié"), braces gone."""
    from pybtex.backends.plaintext import Backend
    from pybtex.richtext import Text

    # render(Backend()), not render_as("text"): that looks the backend up among every installed
    # package's entry points on each call (30 ms)
    return " ".join(Text.from_latex(text).render(Backend()).split())


def short_author(entry) -> str:
    """Who to name in a citation of a pybtex ``entry``: "NICE", "Lee et al.", "Smith and Jones".

    The book's referencing style (``book/_ext/legpain_citations.py``) names sources with this too.
    """
    if "shortauthor" in entry.fields:
        return _plain_latex(str(entry.fields["shortauthor"]))
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    if not persons:
        return _plain_latex(str(entry.fields.get("title", "Anonymous")))
    names = [_plain_latex(" ".join(p.prelast_names + p.last_names)) for p in persons]
    incomplete = names[-1].lower() == "others"
    names = [n for n in names if n.lower() != "others"]
    if incomplete or len(names) > 2:
        return names[0] + ET_AL
    return " and ".join(names)


def entry_label(entry) -> str:
    """The author-year label of a pybtex entry, as the references page prints it: "NICE 2016"."""
    return f"{short_author(entry)} {entry.fields.get('year', 'n.d.')}"


@functools.cache
def _entries() -> dict:
    from pybtex.database import parse_file

    from legpain.knowledge.loading import REFERENCES_DIR

    entries: dict = {}
    for path in sorted(REFERENCES_DIR.glob("*.bib")):
        entries.update(parse_file(str(path)).entries)
    return entries


@functools.cache
def known_keys() -> frozenset[str]:
    """Every citation key of the course bibliography (``data/references/*.bib``)."""
    return frozenset(_entries())


@functools.cache
def citation_label(key: str) -> str:
    """The label the book prints for a source, and the text of its citation link: "Lee et al. 2008"."""
    entry = _entries().get(key)
    if entry is None:
        raise ValueError(f"unknown citation key {key!r}: not in src/legpain/knowledge/data/references/")
    return entry_label(entry)


@functools.cache
def _reference_rank() -> dict[str, int]:
    """Each key's place on the references page (pybtex's author-year-title order)."""
    import pybtex.plugin

    sorter = pybtex.plugin.find_plugin("pybtex.style.sorting", "author_year_title")()
    return {entry.key: rank for rank, entry in enumerate(sorter.sort(list(_entries().values())))}


def book_order(keys: list[str]) -> list[str]:
    """Keys of one parenthetical citation in the order the book prints them.

    sphinxcontrib-bibtex prints the sources of a citation in the order of the references page,
    whatever order the keys were written in; the notebooks list them in the same order.
    """
    rank = _reference_rank()
    return sorted(keys, key=lambda k: rank.get(k, len(rank)))


_ID_DIGRAPHS = {"ß": "sz", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ı": "i"}


def term_anchor(term: str) -> str:
    """The id Sphinx gives a glossary term: "term-" + the term, runs of other characters as "-".

    The same rule as ``sphinx.util.nodes._make_id`` (letters keep their case, accents dropped).
    """
    text = "".join(_ID_DIGRAPHS.get(c, c) for c in f"term-{term}")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9._]+", "-", " ".join(text.split()))
    return re.sub(r"^[-0-9._]+|-+$", "", text)


@functools.cache
def glossary_terms() -> dict[str, str]:
    """Every glossary term (``data/glossary/*.yaml``) by its anchor: {"term-pedicle": "pedicle"}."""
    from legpain.knowledge.loading import DATA_DIR, load_yaml

    terms: dict[str, str] = {}
    for path in sorted((DATA_DIR / "glossary").glob("*.yaml")):
        for item in load_yaml(f"glossary/{path.name}") or []:
            anchor = term_anchor(item["term"])
            if anchor in terms:
                raise ValueError(f"glossary terms {terms[anchor]!r} and {item['term']!r} share the "
                                 f"anchor #{anchor}: rename one")
            terms[anchor] = item["term"]
    return terms


def _term(name: str) -> str:
    """The glossary's own spelling of a term named in any case."""
    by_name = {t.lower(): t for t in glossary_terms().values()}
    if name.strip().lower() not in by_name:
        raise ValueError(f"{name!r} is not a glossary term (data/glossary/*.yaml)")
    return by_name[name.strip().lower()]


# ------------------------------------------------------------------ roles -> plain Markdown

def cite_link(key: str) -> str:
    """One citation as a plain link: "[NICE 2016](#cite-nice2016ng59)"."""
    return f"[{citation_label(key)}](#cite-{key})"


def _split_title(body: str) -> tuple[str, str | None]:
    """A role body "text <target>" as (text, target); (body, None) without a target."""
    found = re.fullmatch(r"(?s)(.*?)\s*<([^<>]+)>", body)
    return (found.group(1), found.group(2)) if found and found.group(1) else (body, None)


def _keys(body: str) -> list[str]:
    if "{" in body:
        raise ValueError(f"citation with pre- or post-text {body!r} has no plain form: write the words "
                         "outside the citation")
    keys = [k.strip() for k in body.split(",") if k.strip()]
    for key in keys:
        citation_label(key)  # raises on an unknown key
    return keys


def _role_to_plain(name: str, body: str) -> str:
    if name in ("cite", "cite:p"):
        return "(" + "; ".join(cite_link(k) for k in book_order(_keys(body))) + ")"
    if name == "cite:t":
        return ", ".join(cite_link(k) for k in _keys(body))
    if name == "term":
        text, target = _split_title(body)
        return f"[{text}](#{term_anchor(_term(target or text))})"
    if name == "index":
        text, target = _split_title(body)
        return text if target else text.removeprefix("!")
    raise ValueError(f"the role {{{name}}} has no plain-Markdown form here; write it as text")


def _outside_code(pattern: re.Pattern, text: str, replace: Callable[[re.Match], str]) -> str:
    def sub(found: re.Match) -> str:
        if found.group("fence") or found.group("code"):
            return found.group(0)
        return replace(found)

    return pattern.sub(sub, text)


def _textual_lists(text: str) -> str:
    return _outside_code(_LISTS, text, lambda m: re.sub(r"\{cite(?::p)?\}`", "{cite:t}`", m.group(0)))


def normalize_roles(text: str) -> str:
    """Roles written the one way the plain form reads back: ``{cite}`` as ``{cite:p}``, key lists
    without spaces and in the book's order, a list of one-source citations as textual ones,
    ``{term}`x <x>``` as ``{term}`x```, index entries as their text."""

    def one(found: re.Match) -> str:
        name, body = found.group("name"), found.group("body")
        if name in ("cite", "cite:p"):
            return "{cite:p}`" + ",".join(book_order(_keys(body))) + "`"
        if name == "cite:t":
            return ", ".join("{cite:t}`" + k + "`" for k in _keys(body))
        if name == "term":
            text, target = _split_title(body)
            term = _term(target or text)
            return "{term}`" + (text if text == term else f"{text} <{term}>") + "`"
        return _role_to_plain(name, body)

    return _outside_code(ROLES, _textual_lists(text), one)


def to_plain(text: str) -> str:
    """Markdown with MyST roles rewritten in the plain form (see the module's table).

    Links already in the plain form are written again from their keys, so a wrong label or an
    order the book would not print is put right. Raises ValueError when the result would not read
    back as the same roles, e.g. a lone textual citation inside its own parentheses, which reads
    back as a parenthetical one.
    """
    roles = normalize_roles(to_roles(text))
    plain = _outside_code(ROLES, roles, lambda m: _role_to_plain(m.group("name"), m.group("body")))
    back = to_roles(plain)
    if back != roles:
        at = next((i for i, (a, b) in enumerate(zip(roles, back, strict=False)) if a != b),
                  min(len(roles), len(back)))
        near = roles[max(0, at - 60):at + 60]
        raise ValueError(f"the plain form would not read back the same near {near!r}")
    return plain


# ------------------------------------------------------------------ plain Markdown -> roles (the book)

@dataclass(frozen=True)
class Problem:
    """Something in the plain form the book cannot render as the author meant."""

    text: str
    message: str


def _label_problem(label: str, key: str) -> Problem | None:
    if key not in known_keys():
        return Problem(key, f"citation link to unknown key {key!r} (not in the course bibliography)")
    want = citation_label(key)
    if " ".join(label.split()) != want:
        return Problem(label, f"citation link text {label!r} for {key!r} should be {want!r}")
    return None


def to_roles(text: str, report: Callable[[Problem], None] | None = None) -> str:
    """The plain form turned back into MyST roles, for the book (see the module's table).

    A link whose label is not the source's label, or whose key or term is unknown, is passed to
    ``report`` (the book turns it into a build warning, which fails the build).
    """

    def note(problem: Problem | None) -> None:
        if problem and report:
            report(problem)

    def one(found: re.Match) -> str:
        if found.group("group"):
            links = list(CITE_LINK.finditer(found.group("group")))
            for link in links:
                note(_label_problem(link.group("label"), link.group("key")))
            return "{cite:p}`" + ",".join(link.group("key") for link in links) + "`"
        if found.group("key"):
            note(_label_problem(found.group("label"), found.group("key")))
            return "{cite:t}`" + found.group("key") + "`"
        text, anchor = found.group("text"), "term-" + found.group("anchor")
        term = glossary_terms().get(anchor)
        if term is None:
            note(Problem(found.group(0), f"link to #{anchor}, which is not a glossary term"))
            return found.group(0)
        text = " ".join(text.split())
        return "{term}`" + (text if text == term else f"{text} <{term}>") + "`"

    return _outside_code(PLAIN, text, one)


# ------------------------------------------------------------------ reading the plain form (tests)

@dataclass(frozen=True)
class CitationLink:
    label: str
    key: str


@dataclass(frozen=True)
class Citation:
    """One citation of plain-form Markdown: parenthetical (one or more links) or textual (one)."""

    parenthetical: bool
    links: tuple[CitationLink, ...]


@dataclass(frozen=True)
class TermLink:
    text: str
    anchor: str


def _plain_matches(text: str) -> Iterator[re.Match]:
    for found in PLAIN.finditer(text):
        if not (found.group("fence") or found.group("code")):
            yield found


def _link(found: re.Match) -> CitationLink:
    return CitationLink(" ".join(found.group("label").split()), found.group("key"))


def citations(text: str) -> list[Citation]:
    """Every citation of plain-form Markdown, in order, as the book reads it."""
    out = []
    for found in _plain_matches(text):
        if found.group("group"):
            out.append(Citation(True, tuple(_link(m) for m in CITE_LINK.finditer(found.group("group")))))
        elif found.group("key"):
            out.append(Citation(False, (_link(found),)))
    return out


def citation_links(text: str) -> list[CitationLink]:
    """Every citation link of plain-form Markdown, parenthetical or textual, in order."""
    return [link for citation in citations(text) for link in citation.links]


def term_links(text: str) -> list[TermLink]:
    """Every glossary-term link of plain-form Markdown, in order."""
    return [TermLink(found.group("text"), "term-" + found.group("anchor"))
            for found in _plain_matches(text) if found.group("anchor")]


def roles_left(text: str) -> list[str]:
    """MyST roles ({name}`...`) outside code: what JupyterLab would show raw."""
    return [found.group(0) for found in ROLES.finditer(text) if found.group("role")]


# ------------------------------------------------------------------ notebooks

def markdown_sources(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]


def _encoded_source(source: list[str] | str) -> str:
    """A cell's ``"source"`` as nbformat writes it inside a cell (indent 1, cell keys at depth 3)."""
    body = json.dumps(source, indent=1, ensure_ascii=False).replace("\n", "\n   ")
    return f'"source": {body}'


def rewrite_notebook_text(raw: str, convert: Callable[[str], str] = to_plain) -> str:
    """A notebook file's text with each markdown cell's source converted, every other byte kept.

    Only the ``"source"`` of markdown cells is replaced, in place: a whole-file JSON round trip
    would rewrite numbers in the saved widget state (``7.9e-6`` as ``7.9e-06``).
    """
    notebook = json.loads(raw)
    out, position = [], 0
    for cell in notebook["cells"]:
        old = cell["source"]
        text = "".join(old)
        if cell["cell_type"] != "markdown":
            continue
        new_text = convert(text)
        if new_text == text:
            continue
        old_encoded = _encoded_source(old)
        at = raw.find(old_encoded, position)
        if at < 0:
            raise ValueError(f"cannot find a markdown cell's source as nbformat writes it: {text[:60]!r}")
        new = new_text.splitlines(keepends=True) if isinstance(old, list) else new_text
        out += [raw[position:at], _encoded_source(new)]
        position = at + len(old_encoded)
        cell["source"] = new
    out.append(raw[position:])
    result = "".join(out)
    if json.loads(result) != notebook:
        raise AssertionError("rewriting the markdown cells changed something else in the notebook")
    return result


def rewrite_notebook(path: Path) -> bool:
    """Rewrite one notebook's markdown cells in the plain form, in place; True if it changed."""
    raw = path.read_text(encoding="utf-8")
    new = rewrite_notebook_text(raw)
    if new != raw:
        path.write_text(new, encoding="utf-8")
    return new != raw


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m legpain_authoring.markup",
        description="Rewrite the MyST roles ({cite:p}, {cite:t}, {cite}, {term}, {index}) of the "
                    "notebooks' markdown cells as plain Markdown links that JupyterLab, Colab and the "
                    "book all render.")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in notebooks/")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a notebook would be rewritten")
    options = parser.parse_args(argv)
    paths = options.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    status = 0
    for path in paths:
        if options.check:
            raw = path.read_text(encoding="utf-8")
            left = [r for text in markdown_sources(json.loads(raw)) for r in roles_left(text)]
            if left or rewrite_notebook_text(raw) != raw:
                status = 1
                print(f"{path.name}: not in the plain form ({len(left)} MyST role(s) left"
                      + (f", e.g. {left[0]}" if left else "") + ")")
        else:
            try:
                changed = rewrite_notebook(path)
            except ValueError as error:
                print(f"{path.name}: {error}", file=sys.stderr)
                status = 1
                continue
            print(f"{path.name}: {'rewritten' if changed else 'already plain'}")
    return status


if __name__ == "__main__":
    sys.exit(main())

"""Notebook markdown that reads the same in JupyterLab, Colab, Binder and the book.

JupyterLab and Colab show MyST roles raw ("{cite:p}`nice2016ng59`"), so the notebooks write citations
and glossary terms as plain Markdown links, ``([NICE 2016](#cite-nice2016ng59))`` and
``[sciatica](#term-sciatica)``, and the book's extension (``book/_ext/legpain_markup.py``) turns
them back into the roles (``src/legpain_authoring/markup.py`` defines both directions).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from legpain_authoring import markup
from legpain_authoring.markup import (
    CitationLink,
    book_order,
    citation_label,
    citation_links,
    citations,
    glossary_terms,
    known_keys,
    roles_left,
    term_links,
    to_plain,
    to_roles,
)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NAMES = [p.name for p in NOTEBOOKS]
#: labels of two sources each (same author, same year): see test_sources_that_share_a_label_are_known
SHARED_LABELS = ["BMJ Best Practice n.d.", "Brinjikji et al. 2015", "Chou et al. 2017",
                 "Olmarker et al. 1989", "Olmarker et al. 1990", "StatPearls 2024"]


def markdown(name: str) -> str:
    notebook = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return "\n\n".join(markup.markdown_sources(notebook))


# ------------------------------------------------------------------ the notebooks

@pytest.mark.parametrize("name", NAMES)
def test_no_myst_role_is_left_for_jupyterlab_to_show_raw(name):
    left = roles_left(markdown(name))
    assert not left, (f"{name}: MyST roles show raw in JupyterLab and Colab: {left[:3]}; "
                      "run `python3 -m legpain_authoring.markup notebooks/" + name + "`")


@pytest.mark.parametrize("name", NAMES)
def test_every_citation_link_shows_the_books_label_for_a_known_key(name):
    links = citation_links(markdown(name))
    unknown = sorted({link.key for link in links} - known_keys())
    assert not unknown, f"{name}: citation keys not in the bibliography: {unknown}"
    wrong = [(link.label, citation_label(link.key)) for link in links
             if link.label != citation_label(link.key)]
    assert not wrong, f"{name}: citation link text differs from the book's label (text, label): {wrong[:5]}"
    for citation in citations(markdown(name)):
        keys = [link.key for link in citation.links]
        assert keys == book_order(keys), f"{name}: the book prints {keys} in the order {book_order(keys)}"


@pytest.mark.parametrize("name", NAMES)
def test_every_term_link_names_a_glossary_term(name):
    anchors = [link.anchor for link in term_links(markdown(name))]
    unknown = sorted(set(anchors) - set(glossary_terms()))
    assert not unknown, f"{name}: links to terms the glossary does not define: {unknown}"


#: the numbered chapters after the how-to-use one (appendices need not cite)
CLINICAL_CHAPTERS = [n for n in NAMES if re.match(r"\d\d_", n) and not n.startswith("00_")]


@pytest.mark.parametrize("name", CLINICAL_CHAPTERS)
def test_every_clinical_chapter_cites_and_every_link_is_seen(name):
    """The checks above cannot pass on a chapter whose links the parser no longer sees."""
    text = markdown(name)
    assert citation_links(text), f"{name}: no citation link found"
    assert "#cite-" not in re.sub(markup.CITE_LINK, "", text), f"{name}: a citation link the book misreads"
    assert "#term-" not in re.sub(markup.TERM_LINK, "", text), f"{name}: a term link the book misreads"


def test_sources_that_share_a_label_are_known():
    """Two sources with the same author and year read the same in the text (book and notebooks);
    only the references page tells them apart ("Chou et al. 2017a"). Adding one more is a choice."""
    by_label: dict[str, list[str]] = {}
    for key in sorted(known_keys()):
        by_label.setdefault(citation_label(key), []).append(key)
    shared = sorted(label for label, keys in by_label.items() if len(keys) > 1)
    assert shared == SHARED_LABELS


# ------------------------------------------------------------------ the two directions

NICE, LEE = "[NICE 2016](#cite-nice2016ng59)", "[Lee et al. 2008](#cite-lee2008dermatomes)"


@pytest.mark.parametrize("roles, plain", [
    ("pain {cite:p}`nice2016ng59`.", f"pain ({NICE})."),
    ("{cite:p}`lee2008dermatomes,nice2016ng59`", f"({LEE}; {NICE})"),
    ("{cite:t}`lee2008dermatomes` mapped", f"{LEE} mapped"),
    ("(see {cite:t}`lee2008dermatomes`, {cite:t}`nice2016ng59`)", f"(see {LEE}, {NICE})"),
    ("the {term}`pedicle`s", "the [pedicle](#term-pedicle)s"),
    ("{term}`NSAIDs <NSAID>`", "[NSAIDs](#term-NSAID)"),
    ("{term}`Fagan nomogram`", "[Fagan nomogram](#term-Fagan-nomogram)"),
])
def test_roles_and_plain_links_turn_into_each_other(roles, plain):
    assert to_plain(roles) == plain
    assert to_roles(plain) == roles


def test_a_parenthetical_citation_lists_its_sources_in_the_books_order():
    """The book prints a citation's sources in the order of the references page, not as written."""
    assert to_plain("{cite:p}`nice2016ng59,lee2008dermatomes`") == f"({LEE}; {NICE})"


def test_the_plain_cite_role_is_parenthetical_and_index_entries_keep_their_text():
    assert to_plain("{cite}`nice2016ng59`") == f"({NICE})"
    assert to_roles(to_plain("{cite}`nice2016ng59`")) == "{cite:p}`nice2016ng59`"
    assert to_plain("{index}`sciatica` and {index}`leg pain <single: pain; leg>`") == "sciatica and leg pain"


def test_a_list_of_single_citations_reads_as_a_list_of_works():
    plain = to_plain("cites {cite}`nice2016ng59`, {cite}`lee2008dermatomes` and\n{cite}`girft2023ces`.")
    assert plain == f"cites {NICE}, {LEE} and\n[GIRFT 2023](#cite-girft2023ces)."


def test_code_is_never_rewritten():
    text = "write `{cite:p}`, `[NICE 2016](#cite-nice2016ng59)` and\n```\n{term}`x` [a](#term-b)\n```\n"
    assert to_plain(text) == text and to_roles(text) == text


@pytest.mark.parametrize("roles, problem", [
    ("({cite:t}`nice2016ng59`)", "would not read back the same"),  # reads back as parenthetical
    ("{cite:p}`nosuchkey2020`", "unknown citation key"),
    ("{term}`no such term`", "not a glossary term"),
    ("{ref}`a-label`", "no plain-Markdown form"),
    ("{cite:p}`{see}nice2016ng59`", "pre- or post-text"),
])
def test_what_has_no_faithful_plain_form_is_refused(roles, problem):
    with pytest.raises(ValueError, match=problem):
        to_plain(roles)


def test_the_book_reports_a_wrong_label_an_unknown_key_and_an_unknown_term():
    problems = []
    roles = to_roles("([NICE 2017](#cite-nice2016ng59)); [X 2000](#cite-nosuch2000); [y](#term-nosuch)",
                     problems.append)
    assert roles.startswith("{cite:p}`nice2016ng59`; {cite:t}`nosuch2000`")
    messages = " | ".join(p.message for p in problems)
    assert "should be 'NICE 2016'" in messages and "unknown key" in messages
    assert "not a glossary term" in messages


def test_labels_wrapped_over_two_lines_still_match():
    text = "([Lee et al.\n2008](#cite-lee2008dermatomes))"
    assert citation_links(text) == [CitationLink("Lee et al. 2008", "lee2008dermatomes")]
    problems = []
    assert to_roles(text, problems.append) == "{cite:p}`lee2008dermatomes`" and not problems


def test_term_anchors_are_the_ids_sphinx_gives_glossary_terms():
    from sphinx.util.nodes import _make_id

    for anchor, term in glossary_terms().items():
        assert anchor == _make_id(f"term-{term}"), term


def test_rewriting_a_notebook_changes_only_its_markdown_cells():
    notebook = {"cells": [
        {"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["Pain {cite:p}`nice2016ng59`.\n",
                                                                        "A {term}`pedicle`."]},
        {"cell_type": "code", "execution_count": 1, "id": "b", "metadata": {}, "outputs": [],
         "source": ["text = '{cite:p}`nice2016ng59`'"]},
    ], "metadata": {"widgets": {"p": 1}}, "nbformat": 4, "nbformat_minor": 5}
    raw = json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    raw = raw.replace('"p": 1', '"p": 7.9e-6')
    new = markup.rewrite_notebook_text(raw)
    assert '"p": 7.9e-6' in new, "numbers in the saved widget state are written as they were"
    cells = json.loads(new)["cells"]
    assert cells[0]["source"] == [f"Pain ({NICE}).\n", "A [pedicle](#term-pedicle)."]
    assert cells[1]["source"] == notebook["cells"][1]["source"]
    changed = [(a, b) for a, b in zip(raw.splitlines(), new.splitlines(), strict=True) if a != b]
    assert len(changed) == 2 and all("#cite-" in b or "#term-" in b for _, b in changed)
    assert markup.rewrite_notebook_text(new) == new


def test_the_command_rewrites_a_notebook_and_then_finds_nothing_to_do(tmp_path, capsys):
    notebook = {"cells": [{"cell_type": "markdown", "id": "a", "metadata": {},
                           "source": ["See {cite:t}`nice2016ng59`."]}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "chapter.ipynb"
    path.write_text(json.dumps(notebook, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert markup.main(["--check", str(path)]) == 1 and "{cite:t}`nice2016ng59`" in capsys.readouterr().out
    assert markup.main([str(path)]) == 0
    assert json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"] == [f"See {NICE}."]
    assert markup.main(["--check", str(path)]) == 0


# ------------------------------------------------------------------ the built book

def _expected_citations(text: str) -> list[str]:
    """What the book prints for each citation of plain-form Markdown, in order: "[NICE, 2016]" for
    a parenthetical one, "Lee et al. [2008]" for a textual one (sphinxcontrib-bibtex, author-year)."""
    out = []
    for citation in citations(text):
        parts = [citation_label(link.key).rsplit(" ", 1) for link in citation.links]
        if citation.parenthetical:
            out.append("[" + ", ".join(f"{who}, {year}" for who, year in parts) + "]")
        else:
            out += [f"{who} [{year}]" for who, year in parts]
    return out


def _article(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    # the page's own <article>; code cells' outputs hold <article> cards of their own
    return text[text.index('<article class="bd-article"'):text.rindex("</article>")]


@pytest.mark.book
@pytest.mark.parametrize("name", NAMES)
def test_the_book_renders_the_links_as_citations_and_glossary_terms(built_book, name):
    text, article = markdown(name), _article(built_book / "notebooks" / name.replace(".ipynb", ".html"))
    spans = re.findall(r'<span class="bibtex-citation"[^>]*>(.*?)</span>', article, re.S)
    assert [re.sub(r"<[^>]+>", "", s) for s in spans] == _expected_citations(text)
    for span in spans:
        assert re.findall(r'href="([^"#]*)#', span) and set(re.findall(r'href="([^"#]*)#', span)) == {
            "../book/references.html"}, span
    terms = re.findall(r'<a class="reference internal" href="\.\./book/generated/glossary\.html#([^"]+)">'
                       r'<span class="xref std std-term">(.*?)</span></a>', article, re.S)
    # Sphinx prints typographic apostrophes ("Pott’s disease")
    assert [(a, html.unescape(t).replace("\u2019", "'")) for a, t in terms] == [
        (link.anchor, " ".join(link.text.split())) for link in term_links(text)]
    assert not re.search(r'href="#(cite|term)-|\{(cite|term)[:}]', article), "a link or role left raw"


@pytest.mark.book
def test_a_chapter_page_reads_as_it_did_when_the_notebook_used_roles(built_book):
    """Chapter 01's first paragraphs, as the book printed them from ``{term}`` and ``{cite:p}``."""
    article = _article(built_book / "notebooks" / "01_lumbar_spine_anatomy.html")
    assert ('<a class="reference internal" href="../book/generated/glossary.html#term-pedicle">'
            '<span class="xref std std-term">pedicle</span></a>s, join each body to its arch '
            '<span class="bibtex-citation" id="id1">[<a class="reference internal" '
            'href="../book/references.html#') in article
    found = re.search(r'the\s+result is a <a [^>]*#term-disc-herniation"><span class="xref std std-term">'
                      r'disc herniation</span></a> <span class="bibtex-citation" id="id\d+">\['
                      r'<a class="reference internal" href="../book/references.html#id\d+" '
                      r'title="David F. Fardon[^"]*">Fardon <em>et al.</em>, 2014</a>\]</span>', article)
    assert found
    cites = re.search(r"This chapter cites (.*?)</p>", article, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", cites).startswith("Standring [2020], Fardon et al. [2014]")


@pytest.mark.book
def test_the_notebooks_labels_are_the_references_pages_labels(built_book):
    page = (built_book / "book" / "references.html").read_text(encoding="utf-8")
    labels = set(re.findall(r'<span class="label"><span class="fn-bracket">\[</span>(.*?)<span', page))
    used = {link.label for name in NAMES for link in citation_links(markdown(name))}
    # a label two sources share gets a, b on the references page
    missing = [u for u in used if u not in labels and not {u + "a", u + "b"} <= labels]
    assert used and not missing, missing[:5]
    glossary = (built_book / "book" / "generated" / "glossary.html").read_text(encoding="utf-8")
    anchors = {link.anchor for name in NAMES for link in term_links(markdown(name))}
    assert [a for a in sorted(anchors) if f'id="{a}"' not in glossary] == []


# ------------------------------------------------------------------ seen in JupyterLab and in the book

#: chapter 01's paragraph with a term link and a parenthetical citation
PARAGRAPH = "Two short bars of bone"


@pytest.mark.browser
def test_jupyterlab_shows_citations_and_terms_as_links_not_raw_roles(tmp_path, browser):
    from conftest import SCREENSHOTS
    from lab import Lab, open_notebook

    server = Lab(tmp_path)
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        page = context.new_page()
        open_notebook(page, server, "01_lumbar_spine_anatomy.ipynb")
        rendered = page.locator(".jp-MarkdownCell .jp-RenderedMarkdown")
        text = " ".join(rendered.all_inner_texts())
        assert "Standring 2020" in text and not re.search(r"\{(cite|term|index)[:}]|#cite-|#term-", text)
        paragraph = page.locator(".jp-RenderedMarkdown p", has_text=PARAGRAPH)
        citation = paragraph.get_by_role("link", name="Standring 2020")
        assert citation.get_attribute("href") == "#cite-standring2020grays"
        assert paragraph.get_by_role("link", name="pedicle").get_attribute("href") == "#term-pedicle"
        assert "(Standring 2020)." in paragraph.inner_text()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        cell = page.locator(".jp-MarkdownCell", has=paragraph)
        cell.scroll_into_view_if_needed()
        cell.screenshot(path=str(SCREENSHOTS / "markup_jupyterlab.png"))
        # a click goes nowhere: no tab or file opens, the notebook stays
        citation.click()
        page.wait_for_timeout(500)
        assert len(context.pages) == 1 and "01_lumbar_spine_anatomy.ipynb" in page.url
        assert page.locator(".jp-Notebook").first.is_visible()
    finally:
        context.close()
        server.stop()


@pytest.mark.browser
@pytest.mark.book
def test_the_book_shows_the_same_paragraph_with_author_year_citations(book_url, watched_page):
    from conftest import screenshot

    page = watched_page
    page.goto(f"{book_url}/notebooks/01_lumbar_spine_anatomy.html")
    paragraph = page.locator("article p", has_text=PARAGRAPH)
    assert "join each body to its arch [Standring, 2020]." in " ".join(paragraph.inner_text().split())
    citation = paragraph.get_by_role("link", name="Standring, 2020")
    assert re.fullmatch(r"\.\./book/references\.html#id\d+", citation.get_attribute("href"))
    term = paragraph.get_by_role("link", name="pedicle")
    assert term.get_attribute("href") == "../book/generated/glossary.html#term-pedicle"
    # the section's heading and first three paragraphs, as in the JupyterLab screenshot
    page.set_viewport_size({"width": 1100, "height": 1400})
    heading = page.locator("article h2", has_text="The building blocks")
    heading.evaluate("h => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 80)")
    top = heading.bounding_box()
    bottom = page.locator("article p", has_text="So a nerve root leaving the spine").bounding_box()
    page.screenshot(path=str(screenshot(page, "markup_book", full_page=False)), clip={
        "x": top["x"] - 10, "y": top["y"] - 10, "width": max(top["width"], bottom["width"]) + 20,
        "height": bottom["y"] + bottom["height"] - top["y"] + 20})


def test_the_plain_form_is_ordinary_commonmark():
    """What JupyterLab, Colab and GitHub show: links with the label as text, nothing else."""
    from markdown_it import MarkdownIt

    plain = to_plain("the {term}`pedicle`s {cite:p}`lee2008dermatomes,nice2016ng59`; "
                     "{cite:t}`nice2016ng59` says")
    assert MarkdownIt("commonmark").render(plain) == (
        '<p>the <a href="#term-pedicle">pedicle</a>s (<a href="#cite-lee2008dermatomes">Lee et al. 2008</a>; '
        '<a href="#cite-nice2016ng59">NICE 2016</a>); <a href="#cite-nice2016ng59">NICE 2016</a> says</p>\n')

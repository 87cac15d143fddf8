"""The PDF edition (`python3 course.py pdf`): the built book printed offline by Chromium.

The whole book is printed once for this module (about half a minute), with one small chapter on its
own, from the book the test command has built; nothing is written into the built site. The PDFs
are read back with pypdfium2: their text, page numbers and outline.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import serve

from legpain_authoring import pdf

ROOT = Path(__file__).resolve().parents[1]
#: the chapter printed on its own as well: short, with one widget
SMALL = "00_how_to_use_this_course"
VIEW = '<script type="application/vnd.jupyter.widget-view+json">'


def words(text: str) -> str:
    """Text with every run of white space (line breaks of the PDF included) made one space."""
    return " ".join(text.split())


@dataclass
class ReadPdf:
    pages: list[str]  # each page's text, white space made single spaces
    outline: list[tuple[int, str, int]]  # (level, title, page index) in document order

    @property
    def top(self) -> list[tuple[str, int]]:
        return [(title, page) for level, title, page in self.outline if level == 0]


def read_pdf(path: Path) -> ReadPdf:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            text = page.get_textpage()
            pages.append(words(text.get_text_bounded()))
            text.close()
            page.close()
        outline = []
        for item in document.get_toc():
            destination = item.get_dest()
            outline.append((item.level, item.get_title(), destination.get_index() if destination else -1))
    finally:
        document.close()
    return ReadPdf(pages, outline)


def built_title(built: Path, chapter: pdf.Chapter) -> str:
    """A page's title as its own <title> gives it ("Title — Why back pain radiates to the leg")."""
    text = (built / chapter.html).read_text(encoding="utf-8")
    title = html.unescape(re.search(r"<title>(.*?)</title>", text, re.S).group(1))
    return words(title.rsplit(" \u2014 ", 1)[0])


@dataclass
class Edition:
    report: pdf.Report
    book: ReadPdf
    small: ReadPdf
    chapters: list[pdf.Chapter]


@pytest.fixture(scope="module")
def edition(built_book, browser, tmp_path_factory) -> Edition:
    out = tmp_path_factory.mktemp("pdf")
    report = pdf.print_book(built_book, out, chapters=[SMALL], publish=False, browser=browser,
                            log=lambda *_: None)
    assert report.book is not None and len(report.chapters) == 1
    return Edition(report, read_pdf(report.book.path), read_pdf(report.chapters[0].path),
                   pdf.book_chapters(ROOT))


# --- the printed book ---------------------------------------------------------------------------

@pytest.mark.book
@pytest.mark.browser
def test_nothing_left_the_machine_and_the_pages_were_quiet(edition):
    assert edition.report.blocked == [], f"requests to other hosts while printing: {edition.report.blocked}"
    assert edition.report.console == [], f"console errors while printing: {edition.report.console}"


@pytest.mark.book
@pytest.mark.browser
def test_the_book_opens_with_a_title_page_and_every_page_is_numbered(edition):
    book, total = edition.book, len(edition.book.pages)
    assert total > 1
    info = edition.report.info
    first = book.pages[0]
    for line in (info.title, info.edition, pdf.LICENCE, "Educational use only"):
        assert words(line) in first, f"the title page lacks {line!r}"
    if info.web_url:
        assert info.web_url in first
    assert "Contents" in book.pages[1]
    for number, text in enumerate(book.pages, start=1):
        assert text.endswith(f"{number} / {total}"), f"page {number} has no page number: {text[-80:]!r}"


@pytest.mark.book
@pytest.mark.browser
def test_the_outline_has_one_entry_per_chapter_that_opens_its_first_page(edition, built_book):
    titles = [built_title(built_book, c) for c in edition.chapters]
    top = edition.book.top
    assert [title for title, _ in top] == titles
    starts = [page for _, page in top]
    assert starts == sorted(starts) and starts[0] >= 2, "chapters follow the title page and contents"
    for title, page in top:
        assert title in edition.book.pages[page], f"the outline's {title!r} opens page {page + 1}"
    assert len(edition.book.outline) > 3 * len(top), "the chapters' sections are in the outline too"


@pytest.mark.book
@pytest.mark.browser
def test_every_chapter_title_is_printed(edition, built_book):
    text = " ".join(edition.book.pages)
    for chapter in edition.chapters:
        assert built_title(built_book, chapter) in text


@pytest.mark.book
@pytest.mark.browser
def test_every_widget_is_printed_with_the_text_it_shows(edition, built_book):
    """Each chapter's widgets (as many as its page has) print, and the first line each one shows
    in the browser is on that chapter's pages of the PDF."""
    top = edition.book.top
    bounds = {c.name: (top[i][1], top[i + 1][1] if i + 1 < len(top) else len(edition.book.pages))
              for i, c in enumerate(edition.chapters)}
    printed = edition.report.book.widgets
    for chapter in edition.chapters:
        expected = (built_book / chapter.html).read_text(encoding="utf-8").count(VIEW)
        mine = [w for w in printed if w.chapter == chapter.name]
        assert len(mine) == expected, f"{chapter.name}: {len(mine)} of {expected} widgets printed"
        start, end = bounds[chapter.name]
        text = " ".join(edition.book.pages[start:end])
        for widget in mine:
            assert words(widget.label), f"{chapter.name}: a widget shows no text"
            assert words(widget.label) in text, f"{chapter.name}: {widget.label!r} is not in the PDF"
    assert sum(1 for c in edition.chapters if c.docname.startswith("notebooks/")) >= 10
    assert len(printed) >= 20


@pytest.mark.book
@pytest.mark.browser
def test_a_chapter_prints_on_its_own_with_a_masthead(edition, built_book):
    small = edition.small
    chapter = next(c for c in edition.chapters if c.name == SMALL)
    assert [title for title, _ in small.top] == [built_title(built_book, chapter)]
    info = edition.report.info
    assert words(f"{info.title} · {info.edition} · {pdf.LICENCE}") in small.pages[0]
    total = len(small.pages)
    assert total > 1 and all(t.endswith(f"{n} / {total}") for n, t in enumerate(small.pages, start=1))
    widgets = edition.report.chapters[0].widgets
    assert widgets and all(words(w.label) in " ".join(small.pages) for w in widgets)


@pytest.mark.book
@pytest.mark.browser
def test_a_request_for_another_host_is_blocked_and_recorded(built_book, browser, tmp_path):
    """The guard itself can fail: a page that asks for outside files is printed, and the asks are
    aborted and listed."""
    probe = ("<!DOCTYPE html><html lang='en'><head><title>probe</title>"
             "<script src='http://198.51.100.7/probe.js'></script></head><body><p>Probe page</p>"
             "<img src='https://example.org/probe.png' alt='probe'>"
             "<script>document.documentElement.dataset.legpainWidgets = 'ready';</script></body></html>")
    with pdf.Printer(built_book, browser) as printer:
        printer.print_html(probe, tmp_path / "probe.pdf")
    assert sorted(printer.report.blocked) == ["http://198.51.100.7/probe.js", "https://example.org/probe.png"]
    assert "Probe page" in read_pdf(tmp_path / "probe.pdf").pages[0]


# --- the download menu --------------------------------------------------------------------------

def _pdf_links(page, url: str) -> dict[str, str]:
    page.goto(url, wait_until="load")
    page.wait_for_function("document.readyState === 'complete'")
    links = page.locator(".dropdown-download-buttons .legpain-pdf-link")
    return {links.nth(i).text_content().strip(): links.nth(i).evaluate("a => a.href")
            for i in range(links.count())}


@pytest.mark.book
@pytest.mark.browser
def test_the_download_menu_offers_a_pdf_only_when_it_exists(edition, built_book, watched_page, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_book, site, ignore=shutil.ignore_patterns(pdf.PUBLISHED))
    pdf.write_manifest(site)  # what a build writes when no PDF exists
    server, url = serve(site)
    try:
        small = f"{url}/notebooks/{SMALL}.html"
        other = f"{url}/notebooks/03_dermatomes_and_the_leg_pain_explorer.html"
        assert _pdf_links(watched_page, small) == {}, "a PDF link with no PDF"

        pdf.publish_pdfs(site, edition.report)
        links = _pdf_links(watched_page, small)
        assert set(links) == {"PDF of this chapter", "PDF of the whole book"}
        for href in links.values():
            response = watched_page.request.get(href)
            assert response.ok and response.body()[:5] == b"%PDF-"
        watched_page.locator(".dropdown-download-buttons .dropdown-toggle").click()
        assert watched_page.get_by_role("link", name="PDF of this chapter").is_visible()
        # a chapter whose own PDF was not printed offers only the book's
        assert set(_pdf_links(watched_page, other)) == {"PDF of the whole book"}

        (site / pdf.PUBLISHED / edition.report.book.path.name).unlink()
        pdf.write_manifest(site)  # as the next build does
        assert set(_pdf_links(watched_page, small)) == {"PDF of this chapter"}
        assert _pdf_links(watched_page, other) == {}
    finally:
        server.shutdown()
    assert watched_page.watch.external == []
    assert watched_page.watch.console_errors == []


def test_the_manifest_lists_only_pdfs_that_exist(tmp_path):
    site = tmp_path / "site"
    assert pdf.pdf_links(site) == {"book": None, "pages": {}}
    (site / pdf.PUBLISHED).mkdir(parents=True)
    (site / pdf.PUBLISHED / "a.pdf").write_bytes(b"%PDF-1.4\n")
    contents = {"book": "missing.pdf", "pages": {"notebooks/a": "a.pdf", "notebooks/b": "b.pdf",
                                                 "notebooks/c": "../../etc/passwd"}}
    (site / pdf.PUBLISHED / pdf.CONTENTS).write_text(json.dumps(contents))
    assert pdf.pdf_links(site) == {"book": None, "pages": {"notebooks/a": "_pdf/a.pdf"}}
    script = pdf.write_manifest(site).read_text()
    expected = '{"book": null, "pages": {"notebooks/a": "_pdf/a.pdf"}}'
    assert script.rstrip().endswith(f"window.legpainPdfs = {expected};")


# --- assembling the printed page ----------------------------------------------------------------

def test_saved_state_is_read_back_whole_from_the_books_packed_and_shared_form():
    """The book writes a page's widget state with repeated values shared and the whole gzipped
    (book/_ext/legpain_book.py); the PDF edition merges pages, so it reads each back in full."""
    import sys

    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    from legpain_book import pack_state, share_repeated_values

    big = {"rows": [f"row {i}" for i in range(400)]}
    models = {f"m{i}": {"model_module": "anywidget",
                        "state": {"_esm": "export default {}", "data": big,
                                  "own": [f"{i}:{j}" for j in range(2000)]}} for i in range(3)}
    written = pack_state(share_repeated_values(json.dumps({"state": models})))
    assert "legpain_packed" in written, "the example must be large enough to be packed"
    assert pdf.saved_models(json.loads(written)) == models
    assert pdf.saved_models({"state": models}) == models  # a small page: written as it is

@pytest.mark.book
def test_the_assembled_book_links_inside_itself(built_book):
    """Ids are prefixed per chapter, every link inside the book lands on an id, no address points
    at a page of the site, and every widget model of every chapter is in the one saved state."""
    info = pdf.book_info(ROOT)
    pages = [pdf.read_page(built_book, c) for c in pdf.book_chapters(ROOT)]
    document = pdf.assemble(pages, info, whole_book=True)
    body = document.split("<body", 1)[1]
    ids = set(re.findall(r'\sid="([^"]*)"', body))
    internal = re.findall(r'\shref="#([^"]*)"', body)
    assert len(internal) > 100
    assert sorted({i for i in internal if i not in ids}) == []
    into_site = [h for h in re.findall(r'\shref="([^"#][^"]*)"', body) if not re.match(r"[a-z]+:", h)]
    assert into_site == [], f"links that only work on the web site: {into_site[:5]}"
    state = json.loads(re.search(r'widget-state\+json">(.*?)</script>', document, re.S).group(1))["state"]
    for page in pages:
        assert set(page.state) <= set(state)
    views = body.count(VIEW)
    assert views == sum((built_book / p.chapter.html).read_text(encoding="utf-8").count(VIEW) for p in pages)


@pytest.mark.book
def test_a_chapter_alone_links_to_the_web_edition_when_one_is_configured(built_book):
    chapter = next(c for c in pdf.book_chapters(ROOT) if c.name == SMALL)
    page = pdf.read_page(built_book, chapter)
    web = "https://example.org/course/"
    info = pdf.BookInfo(title="T", author="A", edition="E", web_url=web)
    body = pdf.assemble([page], info, whole_book=False).split("<body", 1)[1]
    outward = [h for h in re.findall(r'\shref="([^"#][^"]*)"', body) if h.startswith(web)]
    assert outward, "links to other chapters go to the web edition"
    assert f'href="{web}{chapter.html}"' in body, "the masthead names the chapter's web address"
    plain = pdf.assemble([page], pdf.BookInfo(title="T", author="A", edition="E"), whole_book=False)
    assert web not in plain and not re.findall(r'\shref="(?![#a-z]+:|#)[^"]*"', plain.split("<body", 1)[1])

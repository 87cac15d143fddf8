"""The PDF edition of the book (``python3 course.py pdf``), printed offline by Chromium.

The built HTML book is served from 127.0.0.1 and printed with Playwright's ``page.pdf`` (tagged
text and a clickable outline made from the headings). The widgets are drawn by the book's own
loader from the saved widget state, exactly as on the web, and printing waits until every one has
rendered. Every request for anything but the local server is blocked and recorded.

For each printed document this module assembles one page from the built pages: their articles
(ids prefixed per chapter so that they stay unique, links between chapters turned into links
inside the PDF, links elsewhere pointed at the web edition when ``html.baseurl`` is set in
``_config.yml``, else left as plain text), their saved widget states merged into one, and for the
whole book a title page and a contents list in front. So one Chromium document is the whole book:
page numbers run through it and its outline holds one entry per chapter, with its sections below.

Output: ``_build/pdf/<page>.pdf`` for each page of ``_toc.yml`` and ``_build/pdf/<book>.pdf`` for
the whole book; copies go to ``_build/html/_pdf/``, and ``_build/html/_static/legpain-pdfs.js``
tells the book's download menu which PDFs exist (``book/_static/legpain-pdf-links.js``).
"""

from __future__ import annotations

import argparse
import base64
import copy
import datetime as _dt
import functools
import gzip
import html
import http.server
import json
import os
import posixpath
import re
import shutil
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
BUILD_HTML = ROOT / "_build" / "html"
PDF_DIR = ROOT / "_build" / "pdf"
#: where the PDFs are published inside the built site, and the index of what is there
PUBLISHED = "_pdf"
CONTENTS = "contents.json"
#: the script the download menu reads (written into the built site's _static/)
MANIFEST = "legpain-pdfs.js"
#: the course's licence, as the README states it
LICENCE = ("Code under the MIT licence; course text, the notebooks' prose and the knowledge base's data "
           "under CC BY 4.0.")
CHROMIUM = os.environ.get("LEGPAIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-quic", "--no-first-run"]
STATE_TYPE = "application/vnd.jupyter.widget-state+json"
VIEW_TYPE = "application/vnd.jupyter.widget-view+json"
#: where the assembled print pages are served (one folder down, like the chapters' own pages)
PRINT_FOLDER = "_pdf_print"
#: A4 with room for the running header and footer. The print style sets the text size, not
#: ``scale``, so the widgets are laid out at the width they are printed.
PAPER = {"format": "A4", "margin": {"top": "17mm", "bottom": "17mm", "left": "15mm", "right": "15mm"}}
#: the browser window used while the widgets render: as wide as the printed text (180 mm)
VIEWPORT = {"width": 680, "height": 1000}


# --- what the book holds ------------------------------------------------------------------------

@dataclass(frozen=True)
class Chapter:
    """One page of the table of contents (the root page, a prose page or a notebook)."""

    docname: str  # e.g. "notebooks/03_dermatomes_and_the_leg_pain_explorer"
    part: str = ""  # the caption of the part it is listed under

    @property
    def name(self) -> str:
        """The file stem of its PDF and the prefix of its ids in the whole book."""
        return posixpath.basename(self.docname)

    @property
    def html(self) -> str:
        return f"{self.docname}.html"


def book_chapters(root: Path = ROOT) -> list[Chapter]:
    """The book's pages in the order of ``_toc.yml``, each with the caption of its part."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    chapters = [Chapter(toc["root"])]

    def walk(entries: Sequence, part: str) -> None:
        for entry in entries or []:
            if "file" in entry:
                chapters.append(Chapter(entry["file"], part))
            walk(entry.get("sections", []), part)

    for part in toc.get("parts", []):
        walk(part.get("chapters", []), part.get("caption", ""))
    walk(toc.get("chapters", []), "")
    names = [c.name for c in chapters]
    clashes = sorted({n for n in names if names.count(n) > 1})
    if clashes:
        raise ValueError(f"two pages of _toc.yml share a file name, so their PDFs would too: {clashes}")
    return chapters


@dataclass(frozen=True)
class BookInfo:
    """What the title page says."""

    title: str
    author: str
    edition: str  # e.g. "Edition 0.1.0, printed 4 December 2026"
    licence: str = LICENCE
    web_url: str = ""  # the published book's address (``html.baseurl``), or "" if none is configured

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-") or "book"

    def web_address(self, path: str) -> str:
        return f"{self.web_url.rstrip('/')}/{path}" if self.web_url else ""


def book_info(root: Path = ROOT, today: _dt.date | None = None) -> BookInfo:
    """Title, author, edition and web address from ``_config.yml`` and the course's version.

    The date is today's, or the one ``SOURCE_DATE_EPOCH`` gives (for a reproducible print).
    """
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    if today is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        today = (_dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date() if epoch
                 else _dt.date.today())
    try:
        from importlib.metadata import version

        number = version("legpain")
    except Exception:  # not installed: the edition is named by its date alone
        number = ""
    date = f"{today.day} {today:%B %Y}"
    edition = f"Edition {number}, printed {date}" if number else f"Printed {date}"
    web_url = str(((config.get("html") or {}).get("baseurl")) or "").strip()
    return BookInfo(title=str(config.get("title", "The course")),
                    author=str(config.get("author", "")), edition=edition, web_url=web_url)


# --- reading the built pages --------------------------------------------------------------------

@dataclass
class BuiltPage:
    chapter: Chapter
    title: str
    article: str  # the inner HTML of <article class="bd-article">
    state: dict  # the page's saved widget state (model id -> model), {} if it has none
    head: str  # the inner HTML of <head>
    html_tag: str  # the opening <html ...> tag


_ARTICLE = re.compile(r'<article class="bd-article"[^>]*>(.*)</article>', re.S)
_HEAD = re.compile(r"<head>(.*?)</head>", re.S)
_HTML_TAG = re.compile(r"<html\b[^>]*>")
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAGS = re.compile(r"<[^>]+>")
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_STATE_SCRIPT = re.compile(r'<script type="' + re.escape(STATE_TYPE) + r'">(.*?)</script>\s*', re.S)


def read_page(html_dir: Path, chapter: Chapter) -> BuiltPage:
    path = html_dir / chapter.html
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: build the book first (python3 course.py build)")
    text = path.read_text(encoding="utf-8")
    article, head, tag = _ARTICLE.search(text), _HEAD.search(text), _HTML_TAG.search(text)
    if not (article and head and tag):
        raise ValueError(f"{path}: not a page of the book (no <article class=\"bd-article\">)")
    body = _HEADERLINK.sub("", article.group(1))
    title_match = _H1.search(body)
    title = html.unescape(_TAGS.sub("", title_match.group(1))).strip() if title_match else chapter.name
    script = _STATE_SCRIPT.search(head.group(1))
    state = saved_models(json.loads(script.group(1))) if script else {}
    return BuiltPage(chapter, title, body, state, head.group(1), tag.group(0))


def saved_models(saved: dict) -> dict:
    """The widget models of a page's saved state, each with all of its own traits.

    The book writes a large state gzipped (``{"legpain_packed": base64}``) and a value that several
    widgets of a page hold once, under ``legpain_shared``, with ``{"$legpain_shared": key}`` in each
    widget's traits (book/_ext/legpain_book.py). The keys are per page, so pages are merged only
    after every value is put back where it was.
    """
    if isinstance(saved, dict) and isinstance(saved.get("legpain_packed"), str):
        saved = json.loads(gzip.decompress(base64.b64decode(saved["legpain_packed"])))
    if not isinstance(saved, dict):
        return {}
    shared = saved.get("legpain_shared") or {}
    models = saved.get("state") or {}
    for model in models.values():
        traits = model.get("state") if isinstance(model, dict) else None
        for name, value in (traits or {}).items():
            key = value.get("$legpain_shared") if isinstance(value, dict) and len(value) == 1 else None
            if isinstance(key, str) and key in shared:
                traits[name] = copy.deepcopy(shared[key])
    return models


# --- assembling one printable page --------------------------------------------------------------

def _resolve(base_doc: str, url: str) -> tuple[str, str]:
    """A relative URL in page ``base_doc`` as (path from the site root, fragment)."""
    parts = urlsplit(url)
    path = posixpath.normpath(posixpath.join(posixpath.dirname(base_doc), unquote(parts.path)))
    return path, parts.fragment


def _is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("//")


_ID_ATTR = re.compile(r'(?<=\s)(id|for)="([^"]*)"')
_IDREF_ATTR = re.compile(r'(?<=\s)(aria-(?:labelledby|describedby|controls|owns|details|flowto))="([^"]*)"')
_HREF = re.compile(r'(\s)(href|xlink:href)="([^"]*)"')
_SRC = re.compile(r'(\s)src="([^"]*)"')
_URL_REF = re.compile(r"url\(#([^)\s]+)\)")


def rewrite_article(page: BuiltPage, printed: dict[str, str], info: BookInfo) -> str:
    """The page's article made to live beside the others in one document.

    ``printed`` maps each docname printed in this document to its id prefix. Ids get the page's
    prefix; links to a printed page become links inside the PDF; other links into the site go to
    the web edition (if configured) or lose their address; images are addressed from the site root.
    """
    doc, prefix = page.chapter.docname, printed[page.chapter.docname]
    text = page.article
    ids = {m.group(2) for m in _ID_ATTR.finditer(text) if m.group(1) == "id"}

    def own(ident: str) -> str:
        return prefix + ident if ident in ids else ident

    def rename(match: re.Match) -> str:
        attr, ident = match.groups()
        return f'{attr}="{prefix + ident if attr == "id" else own(ident)}"'

    text = _ID_ATTR.sub(rename, text)
    text = _IDREF_ATTR.sub(lambda m: f'{m.group(1)}="{" ".join(own(i) for i in m.group(2).split())}"', text)
    text = _URL_REF.sub(lambda m: f"url(#{own(m.group(1))})", text)

    def href(match: re.Match) -> str:
        space, attr, url = match.groups()
        url = html.unescape(url)
        if url.startswith("#"):
            return f'{space}{attr}="#{html.escape(own(url[1:]))}"'
        if _is_external(url):
            return match.group(0)
        path, fragment = _resolve(doc, url)
        target = path[:-len(".html")] if path.endswith(".html") else None
        if target in printed:
            anchor = printed[target] + fragment if fragment else printed[target].rstrip("-")
            return f'{space}{attr}="#{html.escape(anchor)}"'
        web = info.web_address(path + (f"#{fragment}" if fragment else ""))
        return f'{space}{attr}="{html.escape(web)}"' if web else ""

    def src(match: re.Match) -> str:
        space, url = match.groups()
        url = html.unescape(url)
        if _is_external(url) or url.startswith("data:"):
            return match.group(0)
        path, _ = _resolve(doc, url)
        return f'{space}src="/{html.escape(quote(path))}"'

    text = _HREF.sub(href, text)
    return _SRC.sub(src, text)


def _rewrite_head(page: BuiltPage) -> str:
    """The template page's <head> with its widget state taken out and every address made absolute."""
    head = _STATE_SCRIPT.sub("", page.head)

    def absolute(match: re.Match) -> str:
        attr, url = match.group(1), html.unescape(match.group(2))
        if _is_external(url) or url.startswith(("#", "data:")):
            return match.group(0)
        path, _ = _resolve(page.chapter.docname, url.split("?")[0])
        query = "?" + url.split("?", 1)[1] if "?" in url else ""
        return f'{attr}="/{html.escape(quote(path) + query)}"'

    head = re.sub(r'\b(href|src)="([^"]*)"', absolute, head)
    head = re.sub(r"<title>.*?</title>", "", head, flags=re.S)
    # the search index is large and nothing in a PDF searches it
    return re.sub(r'<script[^>]*src="[^"]*searchindex\.js"[^>]*></script>', "", head)


def merged_state(pages: Sequence[BuiltPage]) -> dict:
    state: dict = {}
    for page in pages:
        for model_id, model in page.state.items():
            if model_id in state and state[model_id] != model:
                raise ValueError(f"widget model {model_id} differs between two pages; "
                                 "re-execute the notebooks (python3 course.py execute)")
            state[model_id] = model
    return state


def _state_script(state: dict) -> str:
    body = json.dumps({"version_major": 2, "version_minor": 0, "state": state})
    # the same escaping as the book (book/_ext/legpain_book.py): no "<" can end the script early
    return f'<script type="{STATE_TYPE}">{body.replace("<", chr(92) + "u003c")}</script>'


def title_page(info: BookInfo, chapters: Sequence[BuiltPage], printed: dict[str, str]) -> str:
    """The title page and the contents list of the whole-book PDF (no headings: the outline lists
    only the chapters)."""
    e = html.escape
    web = (f'<p class="legpain-pdf-web">Web edition, with every widget working: '
           f'<a href="{e(info.web_url)}">{e(info.web_url)}</a></p>') if info.web_url else ""
    red_flags = next((printed[p.chapter.docname] for p in chapters
                      if p.chapter.docname.endswith("red_flags")), "")
    red_link = (f'<a href="#{e(red_flags.rstrip("-"))}">the red-flags page</a>' if red_flags
                else "the red-flags page")
    out = [
        '<div class="legpain-pdf-title-page">',
        f'<p class="legpain-pdf-title">{e(info.title)}</p>',
        '<p class="legpain-pdf-subtitle">An interactive course, printed</p>',
        f'<p class="legpain-pdf-author">{e(info.author)}</p>' if info.author else "",
        f'<p class="legpain-pdf-edition-line">{e(info.edition)}</p>',
        web,
        f'<p class="legpain-pdf-licence">{e(info.licence)}</p>',
        '<p class="legpain-pdf-note"><strong>Educational use only.</strong> The course teaches clinical '
        f"reasoning; it does not diagnose anyone and is not medical advice. Warning signs that need "
        f"emergency care are on {red_link}.</p>",
        '<p class="legpain-pdf-note">The widgets are printed as they first appear. To use them, open the '
        "web edition or the notebooks in JupyterLab.</p>",
        "</div>",
        '<nav class="legpain-pdf-contents" aria-label="Contents">',
        '<p class="legpain-pdf-contents-title">Contents</p>',
    ]
    part = None
    for page in chapters:
        if page.chapter.part != part:
            if part is not None:
                out.append("</ol>")
            part = page.chapter.part
            if part:
                out.append(f'<p class="legpain-pdf-part">{e(part)}</p>')
            out.append('<ol class="legpain-pdf-contents-list">')
        anchor = printed[page.chapter.docname].rstrip("-")
        out.append(f'<li><a href="#{e(anchor)}">{e(page.title)}</a></li>')
    out += ["</ol>", "</nav>"]
    return "\n".join(x for x in out if x)


def _masthead(info: BookInfo, page: BuiltPage) -> str:
    """The line over a single chapter's PDF: which course, which edition, where it lives."""
    e = html.escape
    web = info.web_address(page.chapter.html)
    where = f' · <a href="{e(web)}">{e(web)}</a>' if web else ""
    return (f'<p class="legpain-pdf-masthead">{e(info.title)} · {e(info.edition)} · '
            f"{e(info.licence)}{where}</p>")


def assemble(pages: Sequence[BuiltPage], info: BookInfo, whole_book: bool) -> str:
    """One HTML page holding ``pages`` (and, for the whole book, a title page), ready to print."""
    if not pages:
        raise ValueError("nothing to print")
    printed = {p.chapter.docname: f"{p.chapter.name}--" for p in pages}
    template = next((p for p in pages if p.state), pages[0])
    head = _rewrite_head(template)
    if "legpain-print.css" not in head:  # a book built before the print style was registered
        head += '<link rel="stylesheet" type="text/css" href="/_static/legpain-print.css" />'
    if "legpain-widgets.js" not in head:  # the loader marks the page ready even with no widgets
        head += '<script defer="defer" src="/_static/legpain-widgets.js"></script>'
    # Paper is light. The theme's own script would set the mode from the reader's choice ("auto"),
    # and only the theme's page-end script (left out here) turns "auto" into light or dark: without
    # a definite theme its colours (boxes, quotes, tables) are missing.
    head += ('<script>document.documentElement.dataset.mode = "light"; '
             'document.documentElement.dataset.theme = "light";</script>')
    title = info.title if whole_book else f"{pages[0].title} — {info.title}"
    lang = re.search(r'\blang="([^"]*)"', template.html_tag)
    chapters = []
    for page in pages:
        anchor = printed[page.chapter.docname].rstrip("-")
        body = rewrite_article(page, printed, info)
        if not whole_book:
            body = _masthead(info, page) + body
        chapters.append(f'<div class="legpain-pdf-chapter" id="{html.escape(anchor)}">\n{body}\n</div>')
    front = title_page(info, pages, printed) if whole_book else ""
    kind = "legpain-pdf-book" if whole_book else "legpain-pdf-single"
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{lang.group(1) if lang else "en"}" data-content_root="../" data-theme="light" '
        'data-mode="light">',
        f"<head>\n<title>{html.escape(title)}</title>\n{_state_script(merged_state(pages))}\n{head}\n</head>",
        f'<body class="legpain-pdf-edition {kind}">',
        # the scroll helper is watched by the theme's script (it logs an error when it is missing)
        '<div class="sbt-scroll-pixel-helper"></div>',
        '<main id="main-content" class="bd-main" role="main"><div class="bd-content">'
        '<div class="bd-article-container"><article class="bd-article">',
        front,
        *chapters,
        "</article></div></div></main>",
        "</body>",
        "</html>",
    ])


# --- serving and printing -----------------------------------------------------------------------

class _Handler(http.server.SimpleHTTPRequestHandler):
    pages: dict[str, bytes] = {}

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        body = self.pages.get(urlsplit(self.path).path)
        if body is None:
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(html_dir: Path) -> Iterator[tuple[str, dict[str, bytes]]]:
    """Serve the built book on 127.0.0.1 (a free port), plus assembled pages put in the dict."""
    pages: dict[str, bytes] = {}
    handler = functools.partial(type("Handler", (_Handler,), {"pages": pages}), directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", pages
    finally:
        server.shutdown()
        server.server_close()


#: run in the page once the widgets are drawn: open what a reader would open on paper, undo
#: what only makes sense on a scrolling screen, and report on every widget.
_PREPARE = r"""
async () => {
  // the theme opens exercise solutions and other toggles when the page is printed
  window.dispatchEvent(new Event("beforeprint"));
  document.querySelectorAll("img").forEach((img) => { img.loading = "eager"; });
  await Promise.all(Array.from(document.images).map((img) => img.complete ? null
    : new Promise((done) => { img.addEventListener("load", done); img.addEventListener("error", done); })));
  await document.fonts.ready;
  // Chromium names an outline entry after the text it draws for the heading, line by line: where
  // a long heading wraps, the space at the end of the line is not drawn and the words run together.
  // The print style keeps those spaces (white-space: pre-wrap); here each heading's white space is
  // made single spaces, so that style breaks no line of its own.
  document.querySelectorAll(".bd-article :is(h1, h2, h3, h4, h5, h6)").forEach((heading) => {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      node.data = node.data.replace(/\s+/g, " ");
    }
  });
  // a sticky or scrolling box inside a widget would repeat on every page or hide its overflow
  document.querySelectorAll(".legpain-static-widget *").forEach((el) => {
    const style = getComputedStyle(el);
    if (style.position === "sticky" || style.position === "fixed") {
      el.style.setProperty("position", "static", "important");
    }
    if (/auto|scroll/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1) {
      el.style.setProperty("overflow-y", "visible", "important");
      el.style.setProperty("max-height", "none", "important");
    }
  });
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const views = Array.from(document.querySelectorAll('script[type="VIEW_TYPE"]'));
  return views.map((script) => {
    const box = script.previousElementSibling;
    const chapter = script.closest(".legpain-pdf-chapter");
    let id = null;
    try { id = JSON.parse(script.textContent).model_id; } catch (error) { /* reported as not drawn */ }
    // drawn: the loader made the widget's box and the widget did not put its "cannot be shown"
    // message there instead (a placeholder of the loader is no widget box at all)
    const drawn = !!(box && box.classList.contains("legpain-static-widget")
                     && !box.querySelector(".legpain-problem"));
    const lines = drawn ? box.innerText.split("\n").map((l) => l.trim()).filter(Boolean) : [];
    return { model_id: id, chapter: chapter ? chapter.id : "", drawn, label: lines[0] || "",
             height: drawn ? box.getBoundingClientRect().height : 0 };
  });
}
""".replace("VIEW_TYPE", VIEW_TYPE)


def _template(text: str, align: str = "center") -> str:
    return (f'<div style="font: 8px system-ui, sans-serif; color: #555; width: 100%; '
            f'padding: 0 15mm; text-align: {align}; -webkit-print-color-adjust: exact;">{text}</div>')


@dataclass(frozen=True)
class Widget:
    """A widget as printed: its model, the chapter it sits in (file name) and its first line of text."""

    model_id: str
    chapter: str
    label: str


@dataclass
class PrintResult:
    path: Path
    chapters: list[str]  # docnames
    widgets: list[Widget]
    seconds: float


@dataclass
class Report:
    """What a run printed, and what it had to block."""

    book: PrintResult | None = None
    chapters: list[PrintResult] = field(default_factory=list)
    info: BookInfo | None = None  # what the title page and the mastheads say
    blocked: list[str] = field(default_factory=list)  # requests to other hosts, all aborted
    console: list[str] = field(default_factory=list)  # console errors and page errors


class Printer:
    """A local server for the built book and a headless Chromium that prints pages of it.

    Every request that is not for the local server (or a ``data:``/``blob:`` URL) is aborted and
    recorded in ``report.blocked``. Pass ``browser`` to print with a Chromium already running.
    """

    def __init__(self, html_dir: Path, browser=None) -> None:
        self.html_dir = html_dir
        self.report = Report()
        self._browser = browser

    def __enter__(self) -> Printer:
        from playwright.sync_api import sync_playwright

        self._serving = serve(self.html_dir)
        self.origin, self._pages = self._serving.__enter__()
        self._playwright = None
        if self._browser is None:
            if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
                self._serving.__exit__(None, None, None)
                raise FileNotFoundError(f"Chromium not found at {CHROMIUM}: install it (apt-get install "
                                        "chromium) or set LEGPAIN_CHROMIUM to a Chromium binary")
            self._playwright = sync_playwright().start()
            self.browser = self._playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                            args=CHROMIUM_ARGS)
        else:
            self.browser = self._browser
        return self

    def __exit__(self, *exc) -> None:
        if self._playwright is not None:
            self.browser.close()
            self._playwright.stop()
        self._serving.__exit__(*exc)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith((self.origin + "/", "data:", "blob:")):
            route.continue_()
        else:
            self.report.blocked.append(url)
            route.abort()

    def print_html(self, html_text: str, out: Path, header: str = "") -> tuple[list[Widget], float]:
        """Print one assembled page to ``out`` once every widget on it has rendered."""
        start = time.monotonic()
        path = f"/{PRINT_FOLDER}/{quote(out.stem)}.html"
        self._pages[path] = html_text.encode("utf-8")
        context = self.browser.new_context(viewport=VIEWPORT, color_scheme="light",
                                           reduced_motion="reduce", service_workers="block")
        context.route("**/*", self._route)
        console = self.report.console
        try:
            page = context.new_page()
            page.on("console", lambda m: m.type == "error" and console.append(f"{out.name}: {m.text}"))
            page.on("pageerror", lambda e: console.append(f"{out.name}: {e}"))
            page.goto(self.origin + path, wait_until="load")
            page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'",
                                   timeout=120_000)
            page.emulate_media(media="print")
            found = page.evaluate(_PREPARE)
            missing = [w["model_id"] for w in found if not w["drawn"] or not w["height"]]
            if missing:
                raise RuntimeError(f"{out.name}: {len(missing)} widget(s) did not render: {missing}")
            out.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(path=str(out), print_background=True, outline=True, tagged=True,
                     display_header_footer=True,
                     header_template=_template(html.escape(header), "right"),
                     footer_template=_template('<span class="pageNumber"></span> / '
                                               '<span class="totalPages"></span>'),
                     **PAPER)
        finally:
            context.close()
            self._pages.pop(path, None)
        widgets = [Widget(w["model_id"], w["chapter"], w["label"]) for w in found]
        return widgets, time.monotonic() - start


def print_book(html_dir: Path = BUILD_HTML, out_dir: Path = PDF_DIR, root: Path = ROOT,
               chapters: Sequence[str] | None = None, whole_book: bool = True,
               publish: bool = True, info: BookInfo | None = None, browser=None,
               log=print) -> Report:
    """Print the whole book and each chapter (or only the chapters named) to PDF files in ``out_dir``.

    ``chapters`` holds docnames or file names ("03_dermatomes_and_the_leg_pain_explorer"); the
    whole book always holds every chapter. With ``publish`` the PDFs are copied into the built
    site's ``_pdf/`` folder, and its download menus offer them.
    """
    info = info or book_info(root)
    every = book_chapters(root)
    if chapters is None:
        wanted = every
    else:
        by_name = {c.docname: c for c in every} | {c.name: c for c in every}
        unknown = [n for n in chapters if n not in by_name]
        if unknown:
            raise ValueError(f"not a page of the book: {unknown}; pages: {', '.join(c.name for c in every)}")
        wanted = [by_name[n] for n in chapters]
    built = {c.docname: read_page(html_dir, c) for c in (every if whole_book else wanted)}
    jobs: list[tuple[Path, list[BuiltPage], bool, str]] = []
    if whole_book:
        jobs.append((out_dir / f"{info.slug}.pdf", [built[c.docname] for c in every], True, info.title))
    for chapter in wanted:
        page = built[chapter.docname]
        header = info.title if page.title == info.title else f"{info.title} · {page.title}"
        jobs.append((out_dir / f"{chapter.name}.pdf", [page], False, header))
    with Printer(html_dir, browser) as printer:
        printer.report.info = info
        for out, members, book, header in jobs:
            widgets, seconds = printer.print_html(assemble(members, info, book), out, header)
            result = PrintResult(out, [p.chapter.docname for p in members], widgets, seconds)
            if book:
                printer.report.book = result
            else:
                printer.report.chapters.append(result)
            log(f"  {out.name}: {len(widgets)} widget(s), {seconds:.1f} s")
    if publish:
        publish_pdfs(html_dir, printer.report)
    return printer.report


# --- the download menu --------------------------------------------------------------------------

def publish_pdfs(html_dir: Path, report: Report) -> None:
    """Copy the printed PDFs into the site's ``_pdf/`` and record which page each belongs to."""
    target = html_dir / PUBLISHED
    target.mkdir(parents=True, exist_ok=True)
    index_path = target / CONTENTS
    try:
        index = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        index = {}
    index.setdefault("pages", {})
    if report.book:
        shutil.copy2(report.book.path, target / report.book.path.name)
        index["book"] = report.book.path.name
    for result in report.chapters:
        shutil.copy2(result.path, target / result.path.name)
        index["pages"][result.chapters[0]] = result.path.name
    index_path.write_text(json.dumps(index, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    write_manifest(html_dir)


def pdf_links(html_dir: Path) -> dict:
    """Which PDFs the built site holds: {"book": path or None, "pages": {docname: path}}, paths
    from the site root; only files that exist."""
    folder = html_dir / PUBLISHED
    try:
        index = json.loads((folder / CONTENTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        index = {}

    def present(name: object) -> str | None:
        ok = isinstance(name, str) and "/" not in name and (folder / name).is_file()
        return f"{PUBLISHED}/{name}" if ok else None

    pages = {doc: present(name) for doc, name in (index.get("pages") or {}).items()}
    return {"book": present(index.get("book")), "pages": {d: p for d, p in sorted(pages.items()) if p}}


def write_manifest(html_dir: Path) -> Path:
    """Write ``_static/legpain-pdfs.js``: the PDFs the download menu may offer (none if none exist).

    Called after printing and at the end of every book build (book/_ext/legpain_pdf_links.py), so
    the menu never links to a PDF that is not there.
    """
    path = html_dir / "_static" / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(pdf_links(html_dir), sort_keys=True).replace("<", "\\u003c")
    path.write_text("/* Written by `python3 course.py pdf` and by the book build: the PDFs this site "
                    "holds. */\nwindow.legpainPdfs = " + data + ";\n", encoding="utf-8")
    return path


# --- the command line ---------------------------------------------------------------------------

def _pages(path: Path) -> str:
    size = f"{path.stat().st_size / 1e6:.1f} MB"
    try:
        import pypdfium2

        return f"{len(pypdfium2.PdfDocument(path))} pages, {size}"
    except Exception:  # pypdfium2 comes with the test tools; the count is only a courtesy
        return size


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m legpain_authoring.pdf",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--html", type=Path, default=BUILD_HTML, help="the built book (default: _build/html)")
    parser.add_argument("--out", type=Path, default=PDF_DIR, help="where the PDFs go (default: _build/pdf)")
    parser.add_argument("--no-publish", action="store_true",
                        help="do not copy the PDFs into the built site's _pdf/ folder")
    parser.add_argument("--chapters-only", action="store_true", help="skip the whole-book PDF")
    parser.add_argument("names", nargs="*", metavar="PAGE",
                        help="print only these pages' own PDFs, e.g. 03_dermatomes_and_the_leg_pain_explorer")
    options = parser.parse_args(argv)
    start = time.monotonic()
    try:
        report = print_book(options.html, options.out, chapters=options.names or None,
                            whole_book=not options.chapters_only, publish=not options.no_publish)
    except (FileNotFoundError, ValueError, RuntimeError) as error:
        print(f"pdf: {error}", file=sys.stderr)
        return 1
    if report.book:
        print(f"the whole book: {report.book.path} ({_pages(report.book.path)})")
    print(f"{len(report.chapters)} chapter PDF(s) in {options.out}")
    if not options.no_publish:
        print(f"copied into {options.html / PUBLISHED}; the book's download menus offer them")
    for line in report.console:
        print(f"warning: console: {line}", file=sys.stderr)
    if report.blocked:
        print(f"warning: blocked {len(report.blocked)} request(s) to other hosts:", file=sys.stderr)
        for url in sorted(set(report.blocked)):
            print(f"  {url}", file=sys.stderr)
    print(f"done in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

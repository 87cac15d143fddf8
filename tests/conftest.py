"""Shared fixtures: the built book, a local static server, and a real Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD_HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = os.environ.get("LEGPAIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# Every page or site a test writes goes under one folder per test run, removed when the run ends,
# so a run leaves nothing behind in the system's temporary folder (a full run writes gigabytes).
# Made on first use: a script that only imports this module (to reuse `serve`) creates nothing.
_scratch_root: list[Path] = []


def scratch_root() -> Path:
    """This run's folder for test files (created on first use)."""
    if not _scratch_root:
        _scratch_root.append(Path(tempfile.mkdtemp(prefix="legpain-tests-")))
    return _scratch_root[0]


def scratch_folder(prefix: str) -> Path:
    """A new empty folder for a test's files, removed at the end of the test run at the latest."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=scratch_root()))


def pytest_sessionfinish(session, exitstatus) -> None:
    while _scratch_root:
        shutil.rmtree(_scratch_root.pop(), ignore_errors=True)


@pytest.fixture(autouse=True)
def _release_widget_pages() -> Iterator[None]:
    """After each test, stop the servers of the widget pages it opened and delete their files."""
    yield
    harness = sys.modules.get("widget_harness")
    if harness is not None:
        harness.release_pages()


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The book built by `python3 course.py build` (the test command builds it first)."""
    if not (BUILD_HTML / "index.html").exists():
        pytest.fail("the book is not built: run `python3 course.py test` (it builds first) "
                    "or `python3 course.py build`")
    return BUILD_HTML


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a folder over HTTP on 127.0.0.1 (a free port) from a background thread."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def book_url(built_book: Path) -> Iterator[str]:
    server, url = serve(built_book)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium. Missing Chromium fails with the command that installs it."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium` "
                    "(Debian/Ubuntu), or point LEGPAIN_CHROMIUM at a Chromium binary")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """Counts requests to other hosts (blocked) and collects console errors and page errors."""

    def __init__(self) -> None:
        self.external: list[str] = []
        self.console_errors: list[str] = []

    def attach(self, context, page) -> None:
        def route(route):
            host = urlparse(route.request.url).hostname
            if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
                route.continue_()
            else:
                self.external.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page.on("console", lambda m: m.type in ("error", "warning") and self.console_errors.append(
            f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.console_errors.append(f"pageerror: {e}"))


@pytest.fixture()
def watched_page(browser):
    """A fresh page whose outside requests are blocked and counted and whose console is recorded."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    watch = PageWatch()
    watch.attach(context, page)
    page.watch = watch  # type: ignore[attr-defined]
    yield page
    context.close()


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save a PNG for review under tests/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path

"""Screenshots of every page of the built book, as a reader sees it (``python3 course.py screenshots``).

Each page of ``_toc.yml`` is opened from the built HTML (served on 127.0.0.1, every request for
another host blocked) in headless Chromium, at a phone's width (375 px) and a laptop's (1280 px),
in the light and the dark colour mode the reader's system asks for. Once the book's widget loader
says every widget is drawn, the page is saved as PNG screen by screen, scrolled as a reader
scrolls (so what a widget pins to the screen is where the reader sees it):
``_build/screenshots/<page>/<width>-<mode>-<NN>.png`` (a whole long chapter at 375 px is tens of
thousands of pixels tall, more than an image viewer shows). ``index.html`` in the same folder lays
them all out side by side, for a reviewer to scroll through.

Console errors and blocked requests are printed; the exit status is 1 if there were any.
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from legpain_authoring.pdf import BUILD_HTML, CHROMIUM, CHROMIUM_ARGS, ROOT, book_chapters, serve

OUT = ROOT / "_build" / "screenshots"
WIDTHS = (375, 1280)
MODES = ("light", "dark")
#: the height of a screen: a phone's and a laptop's
HEIGHTS = {375: 800, 1280: 900}
#: more screens than this per page are not saved (the page's length is still reported)
MAX_SCREENS = 150


@dataclass
class Report:
    saved: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def shoot_page(browser, origin: str, docname: str, width: int, mode: str, out_dir: Path,
               report: Report) -> list[Path]:
    """Save one page at one width and colour mode as consecutive screens; returns their paths."""
    height = HEIGHTS.get(width, 900)
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=mode,
                                  reduced_motion="reduce", service_workers="block")

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith((origin + "/", "data:", "blob:")):
            request_route.continue_()
        else:
            report.problems.append(f"{docname} {width}px {mode}: blocked request to {url}")
            request_route.abort()

    context.route("**/*", route)
    paths: list[Path] = []
    try:
        page = context.new_page()
        where = f"{docname} {width}px {mode}"
        page.on("console", lambda m: m.type == "error" and report.problems.append(f"{where}: {m.text}"))
        page.on("pageerror", lambda e: report.problems.append(f"{where}: {e}"))
        page.goto(f"{origin}/{docname}.html", wait_until="load")
        page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready' "
                               "|| !document.querySelector('script[type$=\"widget-view+json\"]')",
                               timeout=60_000)
        page.evaluate("document.fonts.ready")
        page.wait_for_timeout(150)
        out_dir.mkdir(parents=True, exist_ok=True)
        for old in out_dir.glob(f"{width}-{mode}-*.png"):
            old.unlink()  # a page that got shorter leaves no stale screens behind
        # Screen by screen, scrolled as a reader scrolls: what is pinned to the screen (a
        # widget's verdict bar, the header) is drawn where the reader sees it. The page's height
        # is read again at every step, because widgets may grow as they are drawn.
        for index in range(MAX_SCREENS):
            total = page.evaluate("document.documentElement.scrollHeight")
            if index and index * height >= total:
                break
            page.evaluate("(y) => window.scrollTo({top: y, behavior: 'instant'})", index * height)
            page.wait_for_timeout(60)
            path = out_dir / f"{width}-{mode}-{index + 1:02d}.png"
            page.screenshot(path=str(path))
            paths.append(path)
        else:
            total = page.evaluate("document.documentElement.scrollHeight")
            if MAX_SCREENS * height < total:
                report.problems.append(f"{where}: {total} px tall; only the first {MAX_SCREENS} "
                                       "screens saved")
    finally:
        context.close()
    report.saved.extend(paths)
    return paths


def contact_sheet(out_dir: Path, shots: dict[tuple[int, str], list[Path]], docname: str) -> Path:
    """An HTML page showing one column of screens per width and mode."""
    columns = []
    for (width, mode), paths in sorted(shots.items()):
        images = "".join(f'<img src="{html.escape(p.name)}" width="{min(width, 640)}" alt="">' for p in paths)
        columns.append(f'<section><h2>{width} px, {mode}</h2>{images}</section>')
    page = (f'<!doctype html><html lang="en"><meta charset="utf-8"><title>{html.escape(docname)}</title>'
            '<style>body{font:14px system-ui;display:flex;gap:24px;align-items:flex-start}'
            'section{display:flex;flex-direction:column;gap:4px}img{border:1px solid #888}</style>'
            f'<body>{"".join(columns)}</body></html>')
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def shoot_book(html_dir: Path = BUILD_HTML, out: Path = OUT, pages: Sequence[str] | None = None,
               widths: Sequence[int] = WIDTHS, modes: Sequence[str] = MODES, root: Path = ROOT,
               browser=None) -> Report:
    """Shoot the pages (default: all of ``_toc.yml``); pass ``browser`` to use a Chromium that
    is already running (Playwright's sync API allows one driver per thread)."""
    from playwright.sync_api import sync_playwright

    if not (html_dir / "index.html").exists():
        raise FileNotFoundError(f"no built book in {html_dir}: run `python3 course.py build` first")
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium) "
                                "or set LEGPAIN_CHROMIUM to a Chromium binary")
    chapters = book_chapters(root)
    known = {c.name: c for c in chapters}
    if pages:
        unknown = [name for name in pages if name not in known]
        if unknown:
            raise ValueError(f"not a page of _toc.yml: {', '.join(unknown)}; the pages are: "
                             f"{', '.join(known)}")
        chapters = [known[name] for name in pages]
    bad_modes = [m for m in modes if m not in MODES]
    if bad_modes:
        raise ValueError(f"unknown colour mode(s) {bad_modes}; choose from {list(MODES)}")
    report = Report()

    def shoot_all(chromium) -> None:
        for chapter in chapters:
            folder = out / chapter.name
            shots = {(width, mode): shoot_page(chromium, origin, chapter.docname, width, mode,
                                               folder, report)
                     for width in widths for mode in modes}
            contact_sheet(folder, shots, chapter.docname)

    with serve(html_dir) as (origin, _):
        if browser is not None:
            shoot_all(browser)
            return report
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                  args=CHROMIUM_ARGS)
            try:
                shoot_all(chromium)
            finally:
                chromium.close()
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m legpain_authoring.screenshots",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--html", type=Path, default=BUILD_HTML, help="the built book (default: _build/html)")
    parser.add_argument("--out", type=Path, default=OUT,
                        help="where the PNGs go (default: _build/screenshots)")
    parser.add_argument("--width", type=int, action="append", dest="widths",
                        help="a window width in CSS px (default: 375 and 1280; repeat for several)")
    parser.add_argument("--mode", choices=MODES, action="append", dest="modes",
                        help="a colour mode (default: both)")
    parser.add_argument("names", nargs="*", metavar="PAGE",
                        help="only these pages, e.g. 03_dermatomes_and_the_leg_pain_explorer")
    options = parser.parse_args(argv)
    start = time.monotonic()
    try:
        report = shoot_book(options.html, options.out, options.names or None,
                            options.widths or WIDTHS, options.modes or MODES)
    except (FileNotFoundError, ValueError) as error:
        print(f"screenshots: {error}", file=sys.stderr)
        return 1
    print(f"{len(report.saved)} screens saved in {options.out} (open index.html in each page's folder)")
    for line in report.problems:
        print(f"problem: {line}", file=sys.stderr)
    print(f"done in {time.monotonic() - start:.0f} s")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())

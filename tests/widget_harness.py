"""Render course widgets in Chromium exactly as the static book does, without building the book.

`static_page(widgets)` writes a page holding the widgets' saved state in the same two kinds of
<script> tag myst-nb writes, plus the book's own loader (book/_static/legpain-widgets.js), and serves
it from 127.0.0.1. So a widget test exercises the real static path: saved state -> our loader -> the
widget's ESM -> render.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

from conftest import ROOT, scratch_folder, serve

LOADER = ROOT / "book" / "_static" / "legpain-widgets.js"
_pages: list[tuple[object, Path]] = []  # (server, folder) of every page not yet released


def static_page(widgets, title: str = "widget test", width_css: str = "", damage=None,
                files: dict[str, str] | None = None) -> str:
    """Serve a page rendering ``widgets`` from their saved state; return its URL.

    ``damage``, if given, is called with the saved state (``{"state": {model_id: ...}}``) and the
    view specs before the page is written, to test what a damaged saved page does. ``files``
    (relative path -> text) are written next to the page after ``damage`` has run.
    """
    from ipywidgets.embed import embed_data

    data = embed_data(views=list(widgets), drop_defaults=False)
    if damage is not None:
        damage(data["manager_state"], data["view_specs"])
    folder = scratch_folder("legpain-widgets-")
    shutil.copy(LOADER, folder / "legpain-widgets.js")
    for relative, text in (files or {}).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
    views = "\n".join(
        '<div class="cell_output"><script type="application/vnd.jupyter.widget-view+json">'
        f"{json.dumps(spec)}</script></div>" for spec in data["view_specs"])
    state = json.dumps(data["manager_state"]).replace("</", "<\\/")
    (folder / "index.html").write_text(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>{html.escape(title)}</title>
<style>body {{ font-family: sans-serif; margin: 1rem; }} {width_css}</style></head>
<body><main>
<script type="application/vnd.jupyter.widget-state+json">{state}</script>
{views}
</main>
<script src="legpain-widgets.js"></script>
</body></html>
""", encoding="utf-8")
    server, url = serve(folder)
    _pages.append((server, folder))
    return f"{url}/index.html"


def release_pages() -> None:
    """Stop the servers of every page written so far and delete their folders (after each test)."""
    while _pages:
        server, folder = _pages.pop()
        server.shutdown()
        server.server_close()
        shutil.rmtree(folder, ignore_errors=True)


def open_static(page, widgets, **kwargs) -> None:
    """Load the widgets' static page in ``page`` and wait until every widget is drawn."""
    page.goto(static_page(widgets, **kwargs), wait_until="load")
    page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'",
                           timeout=15000)


def import_module(page, esm: str, name: str = "widgetModule") -> None:
    """Import a widget's ESM in the page as ``window[name]`` (to call its named exports)."""
    page.evaluate(
        """async ([esm, name]) => {
            const url = URL.createObjectURL(new Blob([esm], {type: 'text/javascript'}));
            window[name] = await import(url);
        }""",
        [esm, name],
    )

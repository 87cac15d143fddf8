"""axe-core, the newest release (tests/axe_core.py), on every page of the built book, in light and
in dark mode, with the experimental label-content-name-mismatch rule switched on: no serious or
critical violation, including in the theme's own buttons (search, colour mode, folded code)."""

from __future__ import annotations

import pytest
from axe_core import VERSION, serious_violations
from test_book_browser import book_pages

pytestmark = [pytest.mark.browser, pytest.mark.book]


def set_mode(page, mode: str) -> None:
    """The colour mode a reader picks: pydata-sphinx-theme's attributes on <html>. Colour
    transitions are switched off first, so axe-core never measures a colour half-way."""
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; "
                               "animation: none !important; }")
    page.evaluate("(m) => { const d = document.documentElement.dataset; d.mode = m; d.theme = m; }", mode)
    page.wait_for_timeout(100)


def test_axe_finds_a_real_violation(watched_page):
    """The check itself works: an unlabelled button, an image without alt text, and a button
    whose name leaves out the text it shows all fail."""
    watched_page.set_content('<html lang="en"><title>t</title><main><img src="data:,">'
                             '<button></button><button aria-label="Go">Open the menu</button></main></html>')
    found = " ".join(serious_violations(watched_page))
    assert "button-name" in found and "image-alt" in found and "label-content-name-mismatch" in found
    assert watched_page.evaluate("axe.version") == VERSION


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("page_path", book_pages() or ["index.html"])
def test_page_has_no_serious_accessibility_violation(watched_page, book_url, page_path, mode):
    watched_page.goto(f"{book_url}/{page_path}", wait_until="networkidle")
    if watched_page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count():
        watched_page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")
    set_mode(watched_page, mode)
    assert serious_violations(watched_page) == []


def test_the_colour_mode_button_says_which_mode_is_on(watched_page, book_url):
    watched_page.goto(f"{book_url}/index.html", wait_until="networkidle")
    button = watched_page.locator(".theme-switch-button").first
    set_mode(watched_page, "dark")
    watched_page.wait_for_function(
        "document.querySelector('.theme-switch-button').getAttribute('aria-label').includes('dark')")
    assert button.get_attribute("aria-label") == "Colour mode: dark (change)"
    assert watched_page.locator(".theme-switch-button i[title]").count() == 0

"""axe-core (the accessibility engine, bundled by axe-playwright-python) on every page of the built book."""

from __future__ import annotations

import pytest
from test_book_browser import book_pages

pytestmark = [pytest.mark.browser, pytest.mark.book]
SERIOUS = ("critical", "serious")


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def serious_violations(axe, page) -> list[str]:
    result = axe.run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result.response["violations"] if v["impact"] in SERIOUS]


def test_axe_finds_a_real_violation(axe, watched_page):
    """The check itself works: a page with an unlabelled button and an image without alt fails."""
    watched_page.set_content('<html lang="en"><title>t</title><main><img src="data:,">'
                             "<button></button></main></html>")
    assert serious_violations(axe, watched_page)


@pytest.mark.parametrize("page_path", book_pages() or ["index.html"])
def test_page_has_no_serious_accessibility_violation(axe, watched_page, book_url, page_path):
    watched_page.goto(f"{book_url}/{page_path}", wait_until="networkidle")
    if watched_page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count():
        watched_page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")
    assert serious_violations(axe, watched_page) == []

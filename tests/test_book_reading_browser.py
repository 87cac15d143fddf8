"""A chapter reads as prose, widgets and tables: code is folded away, one click from the reader."""

from __future__ import annotations

import pytest
from conftest import BUILD_HTML

pytestmark = [pytest.mark.browser, pytest.mark.book]

CHAPTERS = sorted(p.relative_to(BUILD_HTML).as_posix()
                  for p in (BUILD_HTML / "notebooks").glob("*.html")) if BUILD_HTML.exists() else []
MAX_OPEN_CODE = 3


@pytest.mark.parametrize("chapter", CHAPTERS or ["notebooks/missing.html"])
def test_a_chapter_shows_at_most_three_code_inputs_and_no_import(watched_page, book_url, chapter):
    page = watched_page
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{book_url}/{chapter}", wait_until="networkidle")
    inputs = page.locator(".cell_input")
    shown = [inputs.nth(i).inner_text() for i in range(inputs.count()) if inputs.nth(i).is_visible()]
    assert len(shown) <= MAX_OPEN_CODE, f"{chapter}: {len(shown)} code cells open by default"
    imports = [s for s in shown if any(line.lstrip().startswith(("import ", "from "))
                                       for line in s.splitlines())]
    assert not imports, f"{chapter}: an import line is visible: {imports[0][:80]!r}"
    assert inputs.count() == 0 or page.get_by_text("Show the Python code").count() > 0


def test_the_code_is_one_click_away(watched_page, book_url):
    page = watched_page
    page.goto(f"{book_url}/notebooks/03_dermatomes_and_the_leg_pain_explorer.html",
              wait_until="networkidle")
    summary = page.get_by_text("Show the Python code").first
    code = page.locator("details.hide .cell_input").first
    assert not code.is_visible()
    summary.click()
    assert code.is_visible()
    assert "legpain" in code.inner_text()

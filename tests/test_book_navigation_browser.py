"""The book's menus work at phone, tablet and laptop widths (a student's only way between chapters).

The pinned theme listens to the wrong button below 992 px (pydata-sphinx-theme issue 2451) and cannot
collapse the sidebar on a laptop; book/_static/legpain-book.js routes the visible buttons.
"""

from __future__ import annotations

import pytest
from conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.book]

CHAPTER = "notebooks/03_dermatomes_and_the_leg_pain_explorer.html"


def _open(watched_page, book_url, width, height=800, path=CHAPTER):
    page = watched_page
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{book_url}/{path}", wait_until="networkidle")
    return page


def _visible(page, selector):
    items = page.locator(selector)
    shown = [items.nth(i) for i in range(items.count()) if items.nth(i).is_visible()]
    assert shown, f"no visible {selector}"
    return shown[0]


def _dialog_open(page, dialog_id):
    return page.evaluate(f"!!document.getElementById('{dialog_id}')?.open")


@pytest.mark.parametrize("width", [375, 900])
def test_the_chapters_menu_opens_and_navigates_on_phone_and_tablet(watched_page, book_url, width):
    page = _open(watched_page, book_url, width)
    assert not _dialog_open(page, "pst-primary-sidebar-modal")
    _visible(page, ".primary-toggle").click()
    page.wait_for_function("document.getElementById('pst-primary-sidebar-modal').open")
    menu = page.locator("#pst-primary-sidebar-modal")
    link = menu.get_by_role("link", name="Red flags", exact=False).first
    assert link.is_visible(), "the chapters menu lists the chapters"
    screenshot(page, f"book-menu-{width}", full_page=False)
    link.click()
    page.wait_for_load_state("networkidle")
    assert "red_flags" in page.url
    assert page.watch.console_errors == []


@pytest.mark.parametrize("width", [375, 900])
def test_the_page_contents_menu_opens_and_closes_with_escape(watched_page, book_url, width):
    page = _open(watched_page, book_url, width)
    _visible(page, ".secondary-toggle").click()
    page.wait_for_function("document.getElementById('pst-secondary-sidebar-modal').open")
    assert page.locator("#pst-secondary-sidebar-modal").get_by_role("link").count() >= 3
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('pst-secondary-sidebar-modal').open")


def test_the_chapters_sidebar_collapses_and_restores_on_a_laptop(watched_page, book_url):
    page = _open(watched_page, book_url, 1280, 900)
    sidebar = page.locator("#pst-primary-sidebar")
    button = _visible(page, ".primary-toggle")
    assert sidebar.is_visible()
    assert button.get_attribute("aria-expanded") == "true"
    article_before = page.locator(".bd-article-container").bounding_box()["width"]
    button.click()
    assert not sidebar.is_visible(), "the button collapses the chapters sidebar"
    assert not _dialog_open(page, "pst-primary-sidebar-modal"), "no modal pops up on a laptop"
    assert button.get_attribute("aria-expanded") == "false"
    assert page.locator(".bd-article-container").bounding_box()["width"] >= article_before
    # the choice holds on the next page of the same tab, and the button brings the sidebar back
    page.goto(page.url.replace("03_dermatomes_and_the_leg_pain_explorer", "08_red_flags"),
              wait_until="networkidle")
    assert not page.locator("#pst-primary-sidebar").is_visible()
    _visible(page, ".primary-toggle").click()
    assert page.locator("#pst-primary-sidebar").is_visible()
    assert page.watch.console_errors == []


def test_the_menu_buttons_are_keyboard_operable_and_named(watched_page, book_url):
    page = _open(watched_page, book_url, 375)
    button = _visible(page, ".primary-toggle")
    assert button.get_attribute("aria-label") == "Open the chapters menu"
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('pst-primary-sidebar-modal').open")

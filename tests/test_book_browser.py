"""The built book in a real Chromium, served from 127.0.0.1 like any static host would serve it."""

from __future__ import annotations

import pytest
from conftest import BUILD_HTML, SCREENSHOTS, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.book]

#: Console messages that come from third-party theme code, each with the reason it is tolerated.
#: (Empty: every page must be silent. Add an entry only with its justification.)
ALLOWED_CONSOLE: dict[str, str] = {}


def book_pages() -> list[str]:
    pages = sorted(p.relative_to(BUILD_HTML).as_posix() for p in BUILD_HTML.rglob("*.html")
                   if "_static" not in p.parts and "_sources" not in p.parts)
    return pages


def test_the_book_has_pages(built_book):
    assert "index.html" in book_pages()
    assert any(p.startswith("notebooks/") for p in book_pages())


@pytest.mark.parametrize("page_path", book_pages() or ["index.html"])
def test_page_loads_offline_and_quietly(watched_page, book_url, page_path):
    """Every page: no request leaves 127.0.0.1, no console error, and every widget is drawn."""
    response = watched_page.goto(f"{book_url}/{page_path}", wait_until="networkidle")
    assert response is not None and response.ok, f"{page_path}: HTTP {response and response.status}"
    views = watched_page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if views:
        watched_page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'",
                                       timeout=15000)
        drawn = watched_page.locator(".legpain-static-widget").count()
        assert drawn == views, f"{page_path}: {drawn} of {views} widgets drawn"
        for i in range(drawn):
            assert watched_page.locator(".legpain-static-widget").nth(i).inner_text().strip(), \
                f"{page_path}: widget {i} drew nothing"
    watch = watched_page.watch
    assert watch.external == [], f"{page_path} requested other hosts: {watch.external}"
    errors = [m for m in watch.console_errors if not any(a in m for a in ALLOWED_CONSOLE)]
    assert errors == [], f"{page_path} console: {errors}"


def _quiz_question(page, question_id):
    return page.locator(f'fieldset.lpq-question[data-question="{question_id}"]').first


def test_quiz_answers_gives_feedback_and_remembers_after_reload(watched_page, book_url):
    page = watched_page
    page.goto(f"{book_url}/notebooks/00_how_to_use_this_course.html", wait_until="networkidle")
    page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")
    screenshot(page, "book-how-to-use")
    question = _quiz_question(page, "needs-kernel")
    question.get_by_label("Click a widget and get feedback").check()
    question.get_by_role("button", name="Check answer").click()
    assert "Not quite" in question.locator(".lpq-result").inner_text()
    feedback = question.locator(".lpq-feedback:visible")
    assert feedback.count() == 1, "a wrong try shows only its own feedback (and a hint)"
    assert "You chose this" in feedback.first.inner_text()
    assert question.locator(".lpq-tip").inner_text().startswith("Hint:")

    question.get_by_label("Read a widget's current selection from Python code").check()
    question.get_by_role("button", name="Check answer").click()
    assert question.locator(".lpq-result").inner_text() == "Correct."
    page.locator(".lpq").first.screenshot(path=str(SCREENSHOTS / "book-quiz-answered.png"))

    page.reload(wait_until="networkidle")
    page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")
    question = _quiz_question(page, "needs-kernel")
    assert question.get_by_label("Read a widget's current selection from Python code").is_checked()
    assert question.locator(".lpq-result").inner_text() == "Correct."
    assert "1 of" in page.locator(".lpq-score").first.inner_text()


def test_quiz_is_keyboard_operable(watched_page, book_url):
    page = watched_page
    page.goto(f"{book_url}/notebooks/00_how_to_use_this_course.html", wait_until="networkidle")
    page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")
    from legpain.widgets.quiz import load_quiz

    data = next(q for q in load_quiz("how-to-use")["questions"] if q["id"] == "keyboard")
    right = {o["text"] for o in data["options"] if o["correct"]}
    question = _quiz_question(page, "keyboard")
    boxes = question.locator("input")
    boxes.first.focus()
    for i in range(boxes.count()):         # options are shuffled: tick the right ones, in any order
        label = question.locator(f'label[for="{boxes.nth(i).get_attribute("id")}"]').inner_text()
        if label in right:
            page.keyboard.press("Space")
        page.keyboard.press("Tab")         # the last Tab lands on "Check answer"
    page.keyboard.press("Enter")
    assert question.locator(".lpq-result").inner_text() == "Correct."

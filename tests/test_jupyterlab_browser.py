"""The notebooks in a real JupyterLab: run top to bottom, widgets respond, Python sees the clicks."""

from __future__ import annotations

import pytest
from conftest import SCREENSHOTS, screenshot
from lab import Lab, error_outputs, open_notebook, run_all, run_code

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    server = Lab(tmp_path_factory.mktemp("lab"))
    yield server
    server.stop()


@pytest.fixture()
def lab_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_how_to_use_runs_and_quiz_reaches_python(lab, lab_page):
    page = lab_page
    open_notebook(page, lab, "00_how_to_use_this_course.ipynb")
    run_all(page)
    assert error_outputs(page) == []
    quiz = page.locator(".lpq").first
    quiz.wait_for(timeout=30000)
    question = quiz.locator('fieldset[data-question="needs-kernel"]')
    question.get_by_label("Read a widget's current selection from Python code").check()
    question.get_by_role("button", name="Check answer").click()
    assert question.locator(".lpq-result").inner_text() == "Correct."
    quiz.scroll_into_view_if_needed()
    screenshot(page, "lab-how-to-use-quiz", full_page=False)
    output = run_code(page, "print(quiz.answers, quiz.score())")
    assert "{'needs-kernel': [1]} (1, 4)" in output, output
    SCREENSHOTS.mkdir(exist_ok=True)

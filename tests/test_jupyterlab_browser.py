"""The notebooks in a real JupyterLab: each runs top to bottom, its widgets draw, Python sees clicks."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import screenshot
from lab import Lab, error_outputs, open_notebook, run_all, run_code

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted(p.name for p in (Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
#: an output area holding a widget view (JupyterLab gives widget outputs no mime-type attribute)
WIDGET_OUTPUT = ".jp-OutputArea-output.lm-Panel > .lm-Widget"


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


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_top_to_bottom_with_live_widgets(lab, lab_page, name):
    page = lab_page
    open_notebook(page, lab, name)
    run_all(page)
    assert error_outputs(page) == [], f"{name}: error output in JupyterLab"
    widgets = page.locator(WIDGET_OUTPUT)
    assert widgets.count() >= 1, f"{name}: no widget"
    for index in range(widgets.count()):
        widgets.nth(index).locator("*").first.wait_for(timeout=30000)
        assert widgets.nth(index).inner_text().strip(), f"{name}: widget {index} drew nothing"
    page.keyboard.press("Control+Home")
    screenshot(page, f"lab-{Path(name).stem}", full_page=False)


def test_a_click_in_the_browser_reaches_the_python_trait(lab, lab_page):
    page = lab_page
    open_notebook(page, lab, "00_how_to_use_this_course.ipynb")
    run_all(page)
    quiz = page.locator(".lpq").first
    quiz.wait_for(timeout=30000)
    question = quiz.locator('fieldset[data-question="needs-kernel"]')
    question.get_by_label("Read a widget's current selection from Python code").check()
    question.get_by_role("button", name="Check answer").click()
    assert question.locator(".lpq-result").inner_text() == "Correct."
    output = run_code(page, "print(quiz.answers, quiz.score())")
    assert "{'needs-kernel': [1]} (1, 4)" in output, output


def test_explorer_click_reaches_python_and_python_redraws_the_map(lab, lab_page):
    page = lab_page
    open_notebook(page, lab, "03_dermatomes_and_the_leg_pain_explorer.ipynb")
    run_all(page)
    explorer = page.locator(".lpx").nth(1)  # the second explorer in the chapter is `explorer`
    explorer.wait_for(timeout=30000)
    explorer.get_by_label("pain", exact=True).check()
    explorer.locator('.lpx-region[aria-label="calf, left"][role=button]').click()
    output = run_code(page, "print(explorer.pain, explorer.candidates[0]['id'])")
    assert output.startswith("['calf']"), output
    run_code(page, "explorer.numbness = ['heel']")
    page.wait_for_function("""() => [...document.querySelectorAll('.lpx')][1]
                                  .querySelector('.lpx-f-numb').textContent.includes('heel')""")
    screenshot(page, "lab-explorer-after-python-set", full_page=False)

"""The case library in Chromium, rendered from saved state through the book's static loader."""

from __future__ import annotations

import pytest
from conftest import PageWatch, screenshot

from legpain.reasoning.cases import cases
from legpain.widgets.cases import CaseLibrary

pytestmark = pytest.mark.browser


def _open(page, **kwargs):
    from widget_harness import open_static

    page.goto("about:blank")
    open_static(page, [CaseLibrary(**kwargs)])


def test_every_case_can_be_worked_to_the_end_in_the_static_book(watched_page):
    """Open every case from the list and answer every step with real clicks in the page.

    The clicks run in one page script (fast); each step reports what a student would see."""
    page = watched_page
    _open(page)
    plan = [[item.id, [[q.id, q.answer.text] for q in item.questions]] for item in cases()]
    report = page.evaluate("""(plan) => plan.map(([caseId, steps]) => {
        document.querySelector(`button[data-case="${caseId}"]`).click();
        const article = document.querySelector('.lpc-case');
        const seen = steps.map(([qid, answer], i) => {
          const box = article.querySelector(`fieldset[data-question="${qid}"]`);
          const visible = !box.hidden;
          const next = steps[i + 1] && article.querySelector(`fieldset[data-question="${steps[i + 1][0]}"]`);
          const nextClosed = next ? next.hidden : true;
          const label = [...box.querySelectorAll('label')].find((l) => l.textContent === answer);
          document.getElementById(label.htmlFor).click();
          box.querySelector('.lpc-check').click();
          const feedback = [...box.querySelectorAll('.lpc-feedback')].filter((f) => !f.hidden).length;
          const options = box.querySelectorAll('input').length;
          return [visible, nextClosed, box.querySelector('.lpc-result').textContent, feedback === options];
        });
        return {title: article.querySelector('.lpc-title').textContent, seen,
                summary: article.querySelector('.lpc-summary').textContent,
                mark: document.querySelector(`button[data-case="${caseId}"]`).textContent};
    })""", plan)
    for item, result in zip(cases(), report, strict=True):
        assert result["title"] == item.title
        for question, (visible, next_closed, text, all_feedback) in zip(
                item.questions, result["seen"], strict=True):
            assert visible and next_closed, (item.id, question.id)  # staged, one step at a time
            assert text == "Correct.", (item.id, question.id)
            assert all_feedback, (item.id, question.id)
        total = len(item.questions)
        assert result["summary"] == f"Case done: {total} of {total} right."
        assert "done" in result["mark"]
    assert page.locator(".lpc-overall").inner_text() == f"{len(cases())} of {len(cases())} cases done"
    assert page.watch.console_errors == []
    assert page.watch.external == []


def test_wrong_answer_feedback_progress_marks_and_reload(watched_page):
    page = watched_page
    _open(page, current="common-fibular-neuropathy")
    box = page.locator('fieldset[data-question="lesion"]')
    box.get_by_label("The L5 nerve root", exact=True).check()
    box.get_by_role("button", name="Check answer").click()
    assert box.locator(".lpc-result").inner_text().startswith("Not quite")
    picked = box.locator(".lpc-fb-picked")
    assert "You chose this. ✗ Not right" in picked.inner_text()
    assert "inversion" in picked.inner_text()
    assert page.locator('fieldset[data-question="cause"]').is_visible()
    mark = page.locator('button[data-case="common-fibular-neuropathy"]')
    assert "in progress, 1 of" in mark.inner_text()
    link = page.locator(".lpc-chapter a")
    assert link.get_attribute("href") == "06_injury_infection_and_entrapment.html"
    screenshot(page, "case_library_feedback")
    page.reload(wait_until="load")
    page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")
    page.locator('button[data-case="common-fibular-neuropathy"]').click()
    assert "in progress, 1 of" in page.locator(
        'button[data-case="common-fibular-neuropathy"]').inner_text()
    assert page.locator('fieldset[data-question="lesion"] .lpc-result').inner_text().startswith(
        "Not quite")
    page.get_by_role("button", name="Start this case again").click()
    assert "not started" in page.locator(
        'button[data-case="common-fibular-neuropathy"]').inner_text()
    assert page.watch.console_errors == []


def test_corrupt_saved_progress_is_ignored(watched_page):
    page = watched_page
    _open(page)
    page.evaluate("""localStorage.setItem('legpain-cases:v1', JSON.stringify({
        'l5-paracentral-l4-l5': {'lesion': {'selected': 99, 'checked': true}, 'disc': 'x'},
        'cauda-equina-syndrome': 7, 'unknown': {'a': 1}}))""")
    page.reload(wait_until="load")
    page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")
    assert "not started" in page.locator('button[data-case="l5-paracentral-l4-l5"]').inner_text()
    box = page.locator('fieldset[data-question="lesion"]')
    box.get_by_label("The L5 nerve root", exact=True).check()
    box.get_by_role("button", name="Check answer").click()
    assert box.locator(".lpc-result").inner_text() == "Correct."
    page.evaluate("localStorage.setItem('legpain-cases:v1', '{not json')")
    page.reload(wait_until="load")
    page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")
    assert page.locator(".lpc-overall").inner_text().startswith("0 of")
    assert page.watch.console_errors == []


def test_keyboard_only(watched_page):
    page = watched_page
    _open(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.case") == "l5-paracentral-l4-l5"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # open the second case
    assert page.evaluate("document.activeElement.className") == "lpc-title"
    assert page.locator(".lpc-title").inner_text() == cases()[1].title
    page.keyboard.press("Tab")  # first option of step 1
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.type") == "radio"
    assert page.evaluate("document.activeElement.checked")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Check answer
    assert page.locator('fieldset[data-question="lesion"] .lpc-result').inner_text() != ""
    screenshot(page, "case_library_keyboard", full_page=False)
    assert page.watch.console_errors == []


def test_narrow_screen(browser):
    from widget_harness import open_static

    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    watch = PageWatch()
    watch.attach(context, page)
    open_static(page, [CaseLibrary(current="vascular-claudication")])
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "case_library_375px")
    assert watch.console_errors == []
    assert watch.external == []
    context.close()


def _ready(page):
    page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")


def _step(page, question_id):
    return page.locator(f'fieldset[data-question="{question_id}"]')


def _shown(page, question_id):
    return _step(page, question_id).locator(".lpc-option label").all_inner_texts()


def test_steps_are_shuffled_as_python_computes_and_js_matches_python(watched_page):
    from widget_harness import import_module

    from legpain.widgets.quiz import display_order, option_key

    page = watched_page
    widget = CaseLibrary(current="cauda-equina-syndrome", seed=9)
    from widget_harness import open_static

    open_static(page, [widget])
    item = next(c for c in cases() if c.id == "cauda-equina-syndrome")
    first = item.questions[0]
    order = display_order(len(first.options), 9, f"{item.id}:{first.id}")
    assert _shown(page, first.id) == [first.options[i].text for i in order]
    import_module(page, widget._esm)
    checks = [(n, s, f"{c.id}:{q.id}") for c in cases()[:6] for q in c.questions
              for n, s in ((len(q.options), 1), (5, 77))]
    got = page.evaluate("(c) => c.map(([n, s, scope]) => widgetModule.displayOrder(n, s, scope))", checks)
    assert got == [display_order(*c) for c in checks]
    texts = [o.text for o in first.options]
    assert page.evaluate("(t) => t.map(widgetModule.optionKey)", texts) == [option_key(t) for t in texts]
    assert page.watch.console_errors == []


def test_a_wrong_first_try_shows_only_its_own_feedback_and_a_hint(watched_page):
    page = watched_page
    _open(page, current="common-fibular-neuropathy")
    item = next(c for c in cases() if c.id == "common-fibular-neuropathy")
    question = item.questions[0]
    wrong = next(o for o in question.options if not o.correct)
    box = _step(page, question.id)
    box.get_by_label(wrong.text, exact=True).check()
    box.get_by_role("button", name="Check answer").click()
    assert box.locator(".lpc-feedback:visible").count() == 1
    assert wrong.feedback.split()[0] in box.locator(".lpc-fb-picked").inner_text()
    shown = box.inner_text()
    for other in question.options:
        if other is not wrong:
            assert other.feedback[:60] not in shown
    hint = box.locator(".lpc-tip")
    assert hint.is_visible() and hint.inner_text().startswith("Hint: ")
    box.get_by_role("button", name="Show all answers").click()
    assert box.locator(".lpc-feedback:visible").count() == len(question.options)
    assert hint.is_hidden()
    assert page.watch.console_errors == []


def test_a_stored_answer_survives_a_reload_with_the_shuffle(watched_page):
    import json

    page = watched_page
    _open(page, current="cauda-equina-syndrome")  # seed 0: a new order on every load
    item = next(c for c in cases() if c.id == "cauda-equina-syndrome")
    question = item.questions[0]
    wrong = next(o for o in question.options if not o.correct)
    _step(page, question.id).get_by_label(wrong.text, exact=True).check()
    _step(page, question.id).get_by_role("button", name="Check answer").click()
    before = _shown(page, question.id)
    stored = json.loads(page.evaluate("localStorage.getItem('legpain-cases:v1')"))
    assert "selected" not in stored[item.id][question.id]  # identity, not screen position
    for _ in range(3):
        page.reload(wait_until="load")
        _ready(page)
        assert _step(page, question.id).get_by_label(wrong.text, exact=True).is_checked()
        assert _shown(page, question.id) == before
        assert _step(page, question.id).locator(".lpc-feedback:visible").count() == 1
    # the old format (the option's index in the data) is still read
    right = next(i for i, o in enumerate(question.options) if o.correct)
    page.evaluate("(v) => localStorage.setItem('legpain-cases:v1', v)", json.dumps(
        {item.id: {question.id: {"selected": right, "checked": True}}}))
    page.reload(wait_until="load")
    _ready(page)
    box = _step(page, question.id)
    assert box.get_by_label(question.options[right].text, exact=True).is_checked()
    assert box.locator(".lpc-result").inner_text() == "Correct."
    assert page.watch.console_errors == []


def test_junk_cases_in_storage_do_not_stop_saving(watched_page):
    import json

    page = watched_page
    _open(page)
    page.evaluate("""localStorage.setItem('legpain-cases:v1', JSON.stringify({
        'l5-paracentral-l4-l5': [1, 2], 'cauda-equina-syndrome': {'lesion': {'picked': 12}}}))""")
    page.reload(wait_until="load")
    _ready(page)
    first = cases()[0]
    question = first.questions[0]
    box = _step(page, question.id)
    box.get_by_label(question.answer.text, exact=True).check()
    box.get_by_role("button", name="Check answer").click()
    assert box.locator(".lpc-result").inner_text() == "Correct."
    stored = json.loads(page.evaluate("localStorage.getItem('legpain-cases:v1')"))
    assert stored[first.id][question.id]["checked"] is True
    page.evaluate("localStorage.setItem('legpain-cases:v1', '[1, 2, 3]')")
    page.reload(wait_until="load")
    _ready(page)
    assert page.locator(".lpc-overall").inner_text().startswith("0 of")
    assert page.watch.console_errors == []

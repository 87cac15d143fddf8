"""Generated cases in a real Chromium: the JavaScript draws the very case Python draws for a case
number (findings, red flags, story), ranks and triages it as legpain.localize and legpain.triage
do, and a student works a case with the keyboard alone in the static book's own loader."""

from __future__ import annotations

import json
import math
import random
import re

import pytest
from widget_harness import import_module, open_static

from legpain.reasoning import generated_cases as gc
from legpain.widgets import GeneratedCases
from legpain.widgets.generated_cases import widget_data

pytestmark = pytest.mark.browser

SEEDS = list(range(1, 201)) + random.Random(20260601).sample(range(201, 2**32), 58) + [2**32 - 1, 4821]


@pytest.fixture()
def module_page(watched_page):
    page = watched_page
    page.goto("about:blank")
    import_module(page, GeneratedCases()._esm, "lpgc")
    yield page
    assert page.watch.console_errors == [] and page.watch.external == []


def test_javascript_draws_ranks_and_triages_the_same_case_as_python(module_page):
    page = module_page
    got = page.evaluate("""([data, seeds]) => seeds.map((seed) => {
        const s = lpgc.solveCase(data, seed);
        return { drawn: s.drawn, ranked: s.ranked.map((c) => [c.id, c.probability, c.supporting, c.against]),
                 triage: [s.triage.level, s.triage.reasons, s.triage.action, s.triage.rules] };
    })""", [widget_data(), SEEDS])
    assert len(got) == len(SEEDS) >= 200
    for seed, js in zip(SEEDS, got, strict=True):
        want = json.loads(json.dumps(gc.draw(seed)))  # tuples become lists, as in JSON
        assert js["drawn"] == want, seed
        case = gc.generate_case(seed)
        assert [c[0] for c in js["ranked"]] == [c.id for c in case.ranking], seed
        assert js["ranked"][0][0] == case.key.lesion
        for (cid, p, pro, con), c in zip(js["ranked"], case.ranking, strict=True):
            assert math.isclose(p, c.probability, rel_tol=1e-9, abs_tol=1e-12), (seed, cid)
            assert (pro, con) == (list(c.supporting), list(c.against)), (seed, cid)
        level, reasons, action, rules = js["triage"]
        assert (level, reasons, action, rules) == (
            case.key.level, list(case.key.reasons), case.key.action, list(case.triage.rules)), seed
    # the seeds really cover the interesting cases
    assert sum(bool(set(gc.draw(s)["red_flags"]) - {gc.AGE_SIGN}) for s in SEEDS) > 30
    assert sum(gc.draw(s)["lesion"] != gc.generate_case(s).key.lesion for s in SEEDS) > 10


def test_a_typed_case_number_is_read_leniently_and_checked(module_page):
    page = module_page
    parsed = page.evaluate("""(texts) => texts.map((t) => lpgc.parseCaseNumber(t, 4294967295))""",
                           ["4821", " 4821 ", "Case 4821", "4,821", "0", "-3", "4294967296", "12a",
                            "", "1e3", "4294967295"])
    assert parsed == [4821, 4821, 4821, 4821, None, None, None, None, None, None, 4294967295]


def _story(page) -> str:
    return page.locator(".lpgc-case").inner_text()


def _tab_to(page, selector: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_a_student_works_a_case_with_the_keyboard_alone(watched_page):
    page = watched_page
    open_static(page, [GeneratedCases(seed=4821)])
    case = gc.generate_case(4821)
    text = _story(page)
    assert "Case 4821" in text
    for sentence in (s for paragraph in gc.draw(4821)["paragraphs"] for s in paragraph[1:]):
        assert sentence in text
    assert page.locator(".lpgc-feedback").is_hidden()

    # load another case by its number: type it and press Enter
    page.locator(".lpgc-seed").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("160")
    page.keyboard.press("Enter")
    assert "Case 160" in _story(page)
    assert page.evaluate("document.activeElement.classList.contains('lpgc-heading')")
    case = gc.generate_case(160)
    assert gc.draw(160)["paragraphs"][0][0] in _story(page)

    # Check without answers asks for them
    _tab_to(page, ".lpgc-check")
    page.keyboard.press("Enter")
    assert "first" in page.locator(".lpgc-status").inner_text()

    # pick a wrong site and the right level, with the keyboard
    page.locator(".lpgc-heading").focus()
    _tab_to(page, ".lpgc-select")
    options = page.eval_on_selector_all(".lpgc-select option", "els => els.map(e => e.value)")
    assert options[1:] == [c["id"] for c in widget_data()["evidence"]["candidates"]]
    wrong = next(c.id for c in case.ranking[1:] if c.id != case.key.lesion)
    for _ in range(options.index(wrong)):
        page.keyboard.press("ArrowDown")
    assert page.locator(".lpgc-select").input_value() == wrong
    _tab_to(page, "input[type=radio]")
    page.keyboard.press("Space")
    target = ["emergency", "urgent", "routine"].index(case.key.level)
    current = ["emergency", "urgent", "routine"].index(
        page.evaluate("document.activeElement.value"))
    for _ in range((target - current) % 3):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == case.key.level
    _tab_to(page, ".lpgc-check")
    page.keyboard.press("Enter")

    feedback = page.locator(".lpgc-feedback")
    assert feedback.is_visible()
    verdicts = page.locator(".lpgc-verdict").all_inner_texts()
    assert verdicts[0].startswith("Site: ✗") and case.key.lesion_name in verdicts[0]
    assert verdicts[1].startswith("Triage: ✓")
    bars = page.locator(".lpgc-bar")
    names = page.locator(".lpgc-bar-name").all_inner_texts()
    assert names[0] == case.key.lesion_name
    assert bars.count() in (5, 6) and page.locator(".lpgc-bar-mine").count() == 1
    first_p = page.locator(".lpgc-p").first.inner_text()
    assert first_p == f"{case.key.probability * 100:.1f}%"
    drawn_name = next(c.name for c in case.ranking if c.id == case.lesion)
    assert drawn_name in page.locator(".lpgc-drawn").inner_text()
    level = page.locator(".lpgc-triage-level").inner_text()
    assert level.startswith(case.key.level_label) and case.key.timing in level
    assert case.key.action in page.locator(".lpgc-action").inner_text()
    reasons = page.locator(".lpgc-reasons li").all_inner_texts()
    assert reasons == list(case.key.reasons)
    assert case.red_flags, "case 160 has red flags"
    link = page.locator("a.lpgc-redflags")
    assert link.count() == 1 and link.get_attribute("href") == "../book/red_flags.html"

    # the answers are kept in this browser, nothing else
    stored = page.evaluate("JSON.parse(localStorage.getItem('legpain-generated-cases:v1'))")
    assert stored["cases"]["c160"] == {"lesion": wrong, "level": case.key.level, "checked": True,
                                       "site_right": False, "level_right": True}
    assert "1 generated case" in page.locator(".lpgc-tally").inner_text()

    # changing an answer hides the feedback until Check is pressed again
    page.locator(".lpgc-select").select_option(case.key.lesion)
    assert feedback.is_hidden() and "Check again" in page.locator(".lpgc-status").inner_text()

    # "New case" draws another number and story
    page.get_by_role("button", name="New case").click()
    number = int(page.locator(".lpgc-seed").input_value())
    assert 1 <= number <= 999_999 and number != 160
    assert f"Case {number}" in _story(page)
    assert page.locator(".lpgc-select").input_value() == ""

    # a bad number is refused in words, and the case stays
    page.locator(".lpgc-seed").fill("0")
    page.get_by_role("button", name="Load case").click()
    assert "1 to 4294967295" in page.locator(".lpgc-error").inner_text()
    assert page.locator(".lpgc-seed").get_attribute("aria-invalid") == "true"
    assert f"Case {number}" in _story(page)
    assert page.watch.console_errors == [] and page.watch.external == []



def test_the_widget_shows_the_keys_top_candidate_and_level_for_every_case(watched_page):
    """Case after case loaded by number and checked: the first bar and the triage shown are the key."""
    page = watched_page
    open_static(page, [GeneratedCases(seed=1)])
    seeds = [3, 31, 77, 160, 4821, 65_537, 999_999, 2**32 - 1] + list(range(100, 124))
    for seed in seeds:
        key = gc.generate_case(seed).key
        page.locator(".lpgc-seed").fill(str(seed))
        page.locator(".lpgc-seed").press("Enter")
        page.locator(".lpgc-select").select_option(key.lesion)
        page.locator("input[value=routine]").check()
        page.locator(".lpgc-check").click()
        first = page.locator(".lpgc-bar").first
        assert first.locator(".lpgc-bar-name").inner_text() == f"{key.lesion_name} (your answer)", seed
        assert first.locator(".lpgc-p").inner_text() == f"{key.probability * 100:.1f}%", seed
        assert page.locator(".lpgc-triage-level").inner_text() == f"{key.level_label} ({key.timing})"
        assert page.locator(".lpgc-verdict").first.inner_text().startswith("Site: ✓"), seed
        has_flags = bool(gc.generate_case(seed).red_flags)
        assert page.locator("a.lpgc-redflags").count() == int(has_flags), seed
    assert page.watch.console_errors == []

def test_a_case_without_red_flags_says_so_and_links_nowhere(watched_page):
    seed = next(s for s in range(1, 200) if not gc.generate_case(s).red_flags)
    case = gc.generate_case(seed)
    page = watched_page
    open_static(page, [GeneratedCases(seed=seed, lesion_answer=case.key.lesion,
                                      level_answer=case.key.level, checked=True)])
    assert page.locator(".lpgc-feedback").is_visible()
    verdicts = page.locator(".lpgc-verdict").all_inner_texts()
    assert verdicts[0].startswith("Site: ✓") and verdicts[1].startswith("Triage: ✓")
    assert page.locator("a.lpgc-redflags").count() == 0
    assert "No red flag" in page.locator(".lpgc-feedback").inner_text()
    assert case.key.level == "routine"


def test_answers_come_back_after_a_reload_and_a_class_can_share_a_case(browser):
    context = browser.new_context()
    try:
        from widget_harness import static_page

        url = static_page([GeneratedCases(seed=31)])
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")
        key = gc.generate_case(31).key
        page.locator(".lpgc-select").select_option(key.lesion)
        page.locator(f"input[value={key.level}]").check()
        page.get_by_role("button", name="Check").click()
        page.reload()
        page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")
        assert page.locator(".lpgc-select").input_value() == key.lesion
        assert page.locator(".lpgc-feedback").is_visible()
        # a second student (another browser) gets the same story for the same number
        other = browser.new_context()
        try:
            second = other.new_page()
            second.goto(url)
            second.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")
            assert second.locator(".lpgc-case").inner_text() == page.locator(".lpgc-case").inner_text()
            assert second.locator(".lpgc-feedback").is_hidden()
        finally:
            other.close()
    finally:
        context.close()


def test_the_python_and_javascript_wording_of_a_case_number_agree():
    texts = widget_data()["texts"]
    assert re.search(r"1 to 4294967295", texts["bad_number"])
    with pytest.raises(ValueError, match="1 to 4294967295"):
        gc.check_seed(2**32)


def test_in_jupyterlab_the_kernel_sees_the_students_case_and_answers(browser, tmp_path):
    """Live: a loaded case and a checked answer reach the Python traits; Python can set the case."""
    from lab import Lab, error_outputs, open_notebook, run_all, run_code

    server = Lab(tmp_path)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        open_notebook(page, server, "practice_generated_cases.ipynb")
        run_all(page)
        assert error_outputs(page) == []
        widget = page.locator(".lpgc").first
        widget.wait_for(timeout=30000)
        assert "Case 4821" in widget.locator(".lpgc-case").inner_text()
        widget.locator(".lpgc-seed").fill("160")
        widget.get_by_role("button", name="Load case").click()
        key = gc.generate_case(160).key
        widget.locator(".lpgc-select").select_option(key.lesion)
        widget.locator(f"input[value={key.level}]").check()
        widget.locator(".lpgc-check").click()
        output = run_code(page, "print(practice.seed, practice.lesion_answer, practice.level_answer,"
                                " practice.checked, practice.score())")
        assert output.strip() == f"160 {key.lesion} {key.level} True (True, True)", output
        run_code(page, "practice.seed = 77")
        page.wait_for_function("""() => document.querySelector('.lpgc .lpgc-heading')
                                      .textContent === 'Case 77'""")
        assert widget.locator(".lpgc-select").input_value() == ""  # a new case: no answer yet
        assert widget.locator(".lpgc-feedback").is_hidden()
    finally:
        context.close()
        server.stop()

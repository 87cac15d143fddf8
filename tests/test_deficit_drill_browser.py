"""The "Draw the deficit" drill in a real Chromium: the JavaScript scores every answer exactly as
Python does (legpain.reasoning.deficit_drill), a student draws a deficit with the keyboard alone in
the static book's own loader, progress stays in localStorage (and, in JupyterLab, reaches the
kernel), and "Next lesion" asks more often about a lesion answered wrongly."""

from __future__ import annotations

import json
import math
import random

import pytest
from widget_harness import import_module, open_static

from legpain.reasoning import deficit_drill as dd
from legpain.widgets import DeficitDrill

pytestmark = pytest.mark.browser
STORE = "legpain-deficit-drill:v1"


def _answers() -> list[tuple[str, dict]]:
    """Every lesion given every lesion's perfect answer, and seeded random answers."""
    table = dd.drill_table()
    ids = dd.lesion_ids()
    out = [(prompt, dd.perfect_answer(given)) for prompt in ids for given in ids]
    rng = random.Random(20261205)
    names = {"numbness": [r["name"] for r in table["regions"]],
             "weakness": [a["name"] for a in table["actions"]],
             "reflexes": [f["name"] for f in table["reflexes"]]}
    for _ in range(150):
        out.append((rng.choice(ids), {k: rng.sample(v, rng.randint(0, min(6, len(v))))
                                      for k, v in names.items()}))
    out.append(("L5", {"numbness": [], "weakness": [], "reflexes": []}))
    return out


@pytest.fixture()
def module_page(watched_page):
    page = watched_page
    page.goto("about:blank")
    import_module(page, DeficitDrill()._esm, "lpdd")
    yield page
    assert page.watch.console_errors == [] and page.watch.external == []


def test_javascript_scores_every_answer_exactly_as_python(module_page):
    answers = _answers()
    got = module_page.evaluate("""([t, answers]) => answers.map(([lesion, a]) =>
        lpdd.scoreAnswer(t, lesion, a.numbness, a.weakness, a.reflexes))""",
                               [dd.drill_table(), answers])
    assert len(got) == len(answers) > 350
    for (lesion, answer), js in zip(answers, got, strict=True):
        want = dd.score_answer(lesion, **answer).as_dict()
        assert js["percent"] == want["percent"], (lesion, answer)
        assert math.isclose(js["score"], want["score"], rel_tol=0, abs_tol=1e-12)
        for m, row in want["by_map"].items():
            assert js["by_map"][m]["percent"] == row["percent"]
            for part, value in row["parts"].items():
                assert (js["by_map"][m]["parts"][part] is None) == (value is None)
                if value is not None:
                    assert math.isclose(js["by_map"][m]["parts"][part], value, abs_tol=1e-12)
        assert js["items"] == want["items"], (lesion, answer)
    # the required answers, in the browser too: every lesion's own answer scores 100% on both maps
    n = len(dd.lesion_ids())
    for i, lesion in enumerate(dd.lesion_ids()):
        own = got[i * n + i]
        assert own["lesion"] == lesion and own["percent"] == 100
        assert all(row["percent"] == 100 for row in own["by_map"].values()), lesion
    index = dd.lesion_ids().index
    fibular = got[index("L5") * n + index("common fibular")]
    assert fibular["lesion"] == "L5" and fibular["percent"] < 50


def test_javascript_keeps_progress_and_chooses_the_next_lesion_as_python(module_page):
    rng = random.Random(7)
    ids = dd.lesion_ids()
    steps = [(rng.choice(ids), rng.choice([0, 35, 79, 80, 100]), rng.random()) for _ in range(60)]
    js = module_page.evaluate("""([t, steps]) => {
        let progress = {};
        let last = "";
        return steps.map(([lesion, percent, u]) => {
            progress = lpdd.recordScore(t, progress, lesion, percent);
            const next = lpdd.nextLesion(t, progress, lesion, u);
            last = lesion;
            return [JSON.parse(JSON.stringify(progress)), next, lpdd.lesionWeights(t, progress, last)];
        });
    }""", [dd.drill_table(), steps])
    progress: dict = {}
    for (lesion, percent, u), (js_progress, js_next, js_weights) in zip(steps, js, strict=True):
        progress = dd.record(progress, lesion, percent)
        assert js_progress == progress
        assert js_next == dd.next_lesion(progress, lesion, u)
        assert [tuple(w) for w in js_weights] == dd.weights(progress, lesion)
    junk = {"lesions": {"L5": {"box": 9, "tries": 1, "total": 1, "last": 1}, "x": [],
                        "S1": {"box": 2, "tries": 1, "total": 90, "last": 90}}}
    assert module_page.evaluate("([t, j]) => lpdd.cleanProgress(t, j)",
                                [dd.drill_table(), junk]) == dd.clean_progress(junk)


def _tab_to(page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_a_student_draws_the_l5_deficit_with_the_keyboard_alone(watched_page):
    page = watched_page
    open_static(page, [DeficitDrill(lesion="L5")])
    assert "Draw the deficit of the L5 nerve root" in page.locator(".lpdd-prompt").inner_text()
    answer = dd.perfect_answer("L5")
    page.locator(".lpdd-select").focus()
    for region in answer["numbness"]:  # each region by Tab and Space, as a keyboard user does
        page.locator(".lpdd-select").focus()
        _tab_to(page, f'.lpdd-region[role=checkbox][data-region="{region}"]')
        page.keyboard.press("Space")
        assert page.evaluate("document.activeElement.getAttribute('aria-checked')") == "true"
    for action in answer["weakness"] + answer["reflexes"]:
        page.locator(".lpdd-select").focus()
        _tab_to(page, f'input[value="{action}"]')
        page.keyboard.press("Space")
    marked = page.locator(".lpdd-marked").inner_text()
    assert "dorsum of foot" in marked and "buttock" in marked
    _tab_to(page, ".lpdd-check")
    page.keyboard.press("Enter")
    assert page.locator(".lpdd-score").inner_text() == "Your score: 100%"
    assert page.evaluate("document.activeElement.classList.contains('lpdd-score')")
    text = page.locator(".lpdd-feedback").inner_text()
    assert "On Lee 2008: 100%" in text and "On Keegan 1948: 100%" in text
    assert "Where the maps disagree for L5" in text
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('{STORE}'))")
    assert stored == {"lesions": {"L5": {"box": 2, "tries": 1, "total": 100, "last": 100}}}
    assert "L5: 100% average over 1 try" in page.locator(".lpdd-record").inner_text()

    # a changed mark hides the verdict until Check is pressed again
    page.get_by_label("toe flexion", exact=False).first.check()
    assert page.locator(".lpdd-feedback").is_hidden()
    assert "Check again" in page.locator(".lpdd-status").inner_text()

    # Next lesion: another lesion, marks cleared, focus on the new prompt
    page.get_by_role("button", name="Next lesion").click()
    prompt = page.locator(".lpdd-prompt").inner_text()
    assert "L5 nerve root" not in prompt
    assert page.evaluate("document.activeElement.classList.contains('lpdd-prompt')")
    assert page.locator(".lpdd-region[aria-checked=true]").count() == 0
    assert page.watch.console_errors == [] and page.watch.external == []


def test_a_fibular_answer_to_l5_is_scored_below_half_and_every_miss_is_explained(watched_page):
    page = watched_page
    answer = dd.perfect_answer("common fibular")
    open_static(page, [DeficitDrill(lesion="L5", numbness=answer["numbness"],
                                    weakness=answer["weakness"], reflexes=answer["reflexes"])])
    page.get_by_role("button", name="Check").click()
    want = dd.score_answer("L5", **answer)
    assert page.locator(".lpdd-score").inner_text() == f"Your score: {want.percent}%"
    missed = page.locator(".lpdd-items-miss li").all_inner_texts()
    assert missed == [i["text"] for i in want.items if i["status"] == "miss"]
    assert any("Hip abduction" in m for m in missed)
    assert "common fibular nerve" in page.locator(".lpdd-about").inner_text()
    # the map shows the verdict: the missed regions get a dashed outline
    assert page.locator('.lpdd-region.lpdd-miss[data-region="buttock"]').count() >= 1
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('{STORE}'))")
    assert stored["lesions"]["L5"]["box"] == 1


def test_a_lesion_answered_wrongly_comes_back_more_often(watched_page):
    page = watched_page
    progress = {}
    for lesion in dd.lesion_ids():
        progress = dd.record(progress, lesion, 100)
    progress = dd.record(progress, "S1", 20)
    page.add_init_script(f"localStorage.setItem('{STORE}', {json.dumps(json.dumps(progress))})")
    # the browser's random numbers, replaced by an evenly spread sequence (golden-ratio steps)
    page.add_init_script("""(() => { let k = 0;
        window.crypto.getRandomValues = (array) => { for (let i = 0; i < array.length; i += 1) {
            k += 1; array[i] = Math.floor(((k * 0.6180339887498949) % 1) * 4294967296); }
            return array; }; })();""")
    open_static(page, [DeficitDrill(lesion="L2")])
    seen = []
    for _ in range(200):
        page.get_by_role("button", name="Next lesion").click()
        seen.append(page.locator(".lpdd-select").input_value())
    assert all(a != b for a, b in zip(seen, seen[1:], strict=False))  # never twice in a row
    # S1 (box 1) has weight 8, every other lesion (box 2) weight 4: S1 comes about twice as often
    others = [seen.count(i) for i in dd.lesion_ids() if i != "S1"]
    assert seen.count("S1") > 1.5 * sum(others) / len(others)
    assert min(others) > 0


def test_a_browser_that_cannot_save_says_so_and_keeps_the_record_for_the_page(watched_page):
    page = watched_page
    page.add_init_script("""Storage.prototype.setItem = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };""")
    open_static(page, [DeficitDrill(lesion="S1", numbness=["sole"])])
    page.get_by_role("button", name="Check").click()
    notice = page.locator(".legpain-storage-notice")
    assert notice.count() == 1 and "full" in notice.inner_text()
    assert "S1:" in page.locator(".lpdd-record").inner_text()
    assert page.watch.console_errors == []


def test_in_jupyterlab_the_kernel_sees_the_marks_the_score_and_the_progress(browser, tmp_path):
    from lab import Lab, error_outputs, open_notebook, run_all, run_code

    server = Lab(tmp_path)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        open_notebook(page, server, "practice_draw_the_deficit.ipynb")
        run_all(page)
        assert error_outputs(page) == []
        widget = page.locator(".lpdd").first
        widget.wait_for(timeout=30000)
        widget.locator(".lpdd-select").select_option("S1")
        widget.locator('.lpdd-region[role=checkbox][data-region="sole"]').click()
        widget.locator('input[value="achilles"]').check()
        widget.get_by_role("button", name="Check").click()
        want = dd.score_answer("S1", ["sole"], [], ["achilles"])
        output = run_code(page, "print(drill.lesion, drill.numbness, drill.reflexes, drill.checked,"
                                " drill.score().percent, drill.progress['lesions']['S1']['last'])")
        assert output.strip() == (f"S1 ['sole'] ['achilles'] True {want.percent} {want.percent}"), output
        run_code(page, "drill.lesion = 'femoral'")
        page.wait_for_function("""() => document.querySelector('.lpdd .lpdd-prompt').textContent
                                      .includes('femoral nerve')""")
    finally:
        context.close()
        server.stop()

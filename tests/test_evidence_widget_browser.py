"""The evidence explorer in Chromium, rendered from saved state by the book's own static loader.

Done when a student can answer, with the widget alone, "does pregabalin help sciatica?" and
"is bed rest better than staying active?" - the first two tests do exactly that.
"""

from __future__ import annotations

import random

import pytest
from conftest import screenshot
from widget_harness import import_module, open_static

from legpain.knowledge.treatment_evidence import evidence
from legpain.widgets.evidence import EvidenceExplorer, filter_rows

pytestmark = pytest.mark.browser


def _row(page, row_id):
    return page.locator(f'button.lpev-row[data-row="{row_id}"]')


def _quiet(page):
    assert page.watch.console_errors == []
    assert page.watch.external == []


def test_student_can_answer_does_pregabalin_help_sciatica(watched_page):
    page = watched_page
    open_static(page, [EvidenceExplorer()])
    page.get_by_label("Condition").select_option(label="sciatica")
    rows = page.locator("button.lpev-row", has_text="pregabalin")
    assert rows.count() >= 2  # the PRECISE trial and the pooled review
    for i in range(rows.count()):
        text = rows.nth(i).inner_text()
        assert "No benefit shown" in text
        assert "95% CI" in text
    trial = page.locator("button.lpev-row", has_text="Mathieson et al. 2017")
    trial.click()
    details = page.locator(".lpev-details:not([hidden])")
    assert "includes 0, the value for no effect" in details.inner_text()
    assert "NICE says do not offer" in details.inner_text()
    assert "Certainty: High" in page.locator("button.lpev-row", has_text="Enke et al. 2018").inner_text()
    screenshot(page, "evidence_pregabalin_sciatica")
    _quiet(page)


def test_student_can_answer_is_bed_rest_better_than_staying_active(watched_page):
    page = watched_page
    open_static(page, [EvidenceExplorer("acute low back pain")])
    row = page.locator("button.lpev-row", has_text="advice to rest in bed").first
    text = row.inner_text()
    assert "advice to stay active" in text and "Benefit" in text
    assert "Certainty: Moderate" in text
    assert "The source article advises against this" in text  # the article recommends rest
    row.focus()
    page.keyboard.press("Enter")
    details = page.locator(".lpev-details:not([hidden])")
    assert "entirely on the side that favours advice to stay active" in details.inner_text()
    assert "Verdict: wrong" in details.inner_text()  # "passive rest is one of the most important points"
    screenshot(page, "evidence_bed_rest_acute")
    # and in sciatica the same comparison shows no clear difference
    page.get_by_label("Condition").select_option("sciatica")
    text = page.locator("button.lpev-row", has_text="advice to rest in bed").first.inner_text()
    assert "No benefit shown" in text
    _quiet(page)


def test_keyboard_only_filter_and_open_details(watched_page):
    page = watched_page
    open_static(page, [EvidenceExplorer("sciatica")])
    page.locator("select").focus()
    page.keyboard.press("Tab")  # first certainty box: High
    assert page.evaluate("document.activeElement.value") == "high"
    page.keyboard.press("Space")  # untick High
    status = page.locator(".lpev-status").inner_text()
    assert status.startswith("Showing ") and f"of {len(evidence('sciatica'))} " in status
    assert page.locator("button.lpev-row", has_text="Enke et al. 2018").count() == 0
    # Tab on through the remaining boxes to the first row, open it with Enter, close with Space
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('lpev-row')"):
            break
    focused = page.locator("button.lpev-row:focus")
    page.keyboard.press("Enter")
    assert focused.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Space")
    assert focused.get_attribute("aria-expanded") == "false"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    screenshot(page, "evidence_keyboard_focus", full_page=False)
    _quiet(page)


def test_unticking_every_box_says_so_instead_of_an_empty_chart(watched_page):
    page = watched_page
    open_static(page, [EvidenceExplorer("prevention", directions=[])])
    assert "No finding matches" in page.locator(".lpev-chart").inner_text()
    page.locator('.lpev-filter-directions input[value="benefit"]').check()
    assert page.locator("button.lpev-row").count() == 2  # exercise with and without education
    assert page.locator(".lpev-group-title").first.inner_text().startswith("Scale: Risk ratio")
    _quiet(page)


def test_scales_never_share_an_axis(watched_page):
    page = watched_page
    open_static(page, [EvidenceExplorer("sciatica")])
    titles = page.locator(".lpev-group-title").all_inner_texts()
    assert len(titles) == len(set(titles)) >= 5
    assert any("Standardised mean difference" in t for t in titles)
    assert any("Hazard ratio" in t for t in titles)
    # every group of plotted rows has its own axis with the no-effect value among its ticks
    for group in page.locator(".lpev-group:not(.lpev-group-text)").all():
        ticks = group.locator(".lpev-tick").all_text_contents()
        assert "0" in ticks or "1" in ticks
    _quiet(page)


def test_bad_saved_state_is_ignored(watched_page):
    page = watched_page
    widget = EvidenceExplorer("sciatica")
    # what a corrupted page could hold: unknown condition, filters of the wrong type
    widget.open()
    from ipywidgets.embed import embed_data  # noqa: F401 - the harness uses it
    widget._trait_values["condition"] = "no such condition"
    widget._trait_values["certainties"] = "high"
    widget._trait_values["directions"] = [None, 5, "benefit"]
    widget._trait_values["selected"] = {"x": 1}
    open_static(page, [widget])
    status = page.locator(".lpev-status").inner_text()
    assert "acute low back pain" in status  # fell back to the first condition
    assert page.locator("button.lpev-row").count() > 0
    _quiet(page)


def test_narrow_screen_375px(browser):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        open_static(page, [EvidenceExplorer("sciatica")])
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"page scrolls sideways at 375 px ({width} px)"
        page.locator("button.lpev-row", has_text="Mathieson et al. 2017").click()
        screenshot(page, "evidence_375px")
    finally:
        context.close()


def test_js_filter_matches_python(watched_page):
    page = watched_page
    widget = EvidenceExplorer()
    open_static(page, [widget])
    import_module(page, widget._esm)
    rng = random.Random(8)
    certainties = [c["id"] for c in widget.data["certainties"]]
    directions = [d["id"] for d in widget.data["directions"]]
    for _ in range(60):
        cond = rng.choice(widget.data["conditions"])
        cert = rng.sample(certainties, rng.randint(0, len(certainties)))
        direct = rng.sample(directions, rng.randint(0, len(directions)))
        expected = [r["id"] for r in filter_rows(cond["rows"], cert, direct)]
        got = page.evaluate("([rows, c, d]) => widgetModule.filterRows(rows, c, d).map(r => r.id)",
                            [cond["rows"], cert, direct])
        assert got == expected
    _quiet(page)


def test_every_card_draws_treatment_favouring_results_on_the_stated_side(watched_page):
    """In every box of every condition, a marker for an effect that favours the treatment sits on
    the side the axis labels as "favours the treatment" (the right), whatever way the outcome runs."""
    from legpain.widgets.evidence import _favours, explorer_data

    page = watched_page
    open_static(page, [EvidenceExplorer()])
    checked = {"treatment": 0, "comparison": 0, "none": 0}
    mirrored_boxes = 0
    for cond in explorer_data()["conditions"]:
        page.get_by_label("Condition").select_option(cond["id"])
        by_id = {r["id"]: r for r in cond["rows"]}
        boxes = page.locator(".lpev-group:not(.lpev-group-text)")
        assert boxes.count() == len(cond["groups"])
        for b in range(boxes.count()):
            card = boxes.nth(b)
            sides = card.locator(".lpev-sides span").all_inner_texts()
            assert sides[-1] == "favours the treatment\u00a0▶"
            assert sides[0] == "◀\u00a0favours the comparison"
            note = card.locator(".lpev-axis-note")
            if "lower is better" in card.locator(".lpev-group-title").inner_text():
                mirrored_boxes += 1
                assert note.is_visible() and "right" in note.inner_text()
            else:
                assert note.count() == 0
            for r in range(card.locator("button.lpev-row").count()):
                button = card.locator("button.lpev-row").nth(r)
                row = by_id[button.get_attribute("data-row")]
                est = button.locator(".lpev-est").bounding_box()
                null = button.locator(".lpev-null").bounding_box()
                dx = (est["x"] + est["width"] / 2) - (null["x"] + null["width"] / 2)
                side = _favours(row["estimate"], row)
                checked[side] += 1
                where = {"treatment": dx > 1, "comparison": dx < -1, "none": abs(dx) <= 1}[side]
                assert where, (row["id"], row["estimate"], row["better"], side, dx)
    assert checked["treatment"] >= 10 and checked["comparison"] >= 1  # both sides really drawn
    assert mirrored_boxes >= 5
    _quiet(page)


def test_screenshot_of_mirrored_axes(watched_page):
    page = watched_page
    open_static(page, [EvidenceExplorer("acute low back pain")])
    page.locator(".lpev").screenshot(path="/tmp/evidence_acute.png")
    page.get_by_label("Condition").select_option("prevention")
    page.locator(".lpev").screenshot(path="/tmp/evidence_prevention.png")
    screenshot(page, "evidence_orientation")
    _quiet(page)

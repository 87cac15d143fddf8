"""ClaudicationComparer in Chromium, rendered from saved state by the static book's own loader:
the same answers as Python's claudication() (and the same message for contradictory findings),
keyboard use, bad state and a 375 px screen."""

from __future__ import annotations

import dataclasses
import random

import pytest
from conftest import screenshot
from widget_harness import import_module, open_static

from legpain import claudication, claudication_table
from legpain.knowledge.vocabulary import names, terms
from legpain.widgets.claudication import ClaudicationComparer

pytestmark = pytest.mark.browser


def _python(features) -> dict:
    try:
        answer = claudication(features)
    except ValueError as error:
        return {"error": str(error)}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(answer).items()}


def _kind(page, index: int = 0) -> str:
    return page.locator(".lpcl-result").nth(index).get_attribute("data-kind")


def _clean(page) -> None:
    assert page.watch.console_errors == []
    assert page.watch.external == []


def test_javascript_equals_python_on_hundreds_of_random_feature_sets(watched_page):
    page = watched_page
    widget = ClaudicationComparer()
    open_static(page, [widget])
    import_module(page, widget._esm)
    rng = random.Random(20261125)
    features = list(names("claudication feature"))
    aliases = [alias for term in terms("claudication feature") for alias in term.aliases]
    cases = [[], *([f] for f in features)]
    for _ in range(400):
        cases.append(rng.sample(features, rng.randint(1, 7)))
    for _ in range(40):
        cases.append(rng.sample(aliases, rng.randint(1, 4)))
    from_js = page.evaluate(
        "([table, cases]) => cases.map((c) => window.widgetModule.claudication(table, c))",
        [claudication_table(), cases])
    kinds = set()
    for case, answer in zip(cases, from_js, strict=True):
        assert answer == _python(case), case
        kinds.add(answer.get("kind", "error"))
    # every path was exercised, the ABI rule's "both" included
    assert kinds == {"vascular", "neurogenic", "both", "uncertain", "error"}
    _clean(page)


def test_ticking_a_spinal_story_gives_neurogenic_with_reasons_and_open_checks(watched_page):
    page = watched_page
    open_static(page, [ClaudicationComparer()])
    assert _kind(page) == "uncertain"
    story = ["relieved by sitting or flexion", "shopping-cart sign", "triggered by standing alone"]
    for name in story:
        page.get_by_label(name, exact=True).check()
    expected = claudication(story)
    assert _kind(page) == "neurogenic"
    text = page.locator(".lpcl-details").inner_text()
    assert all(reason in text for reason in expected.reasons)
    assert all(check in text for check in expected.bedside_checks)
    assert expected.note in text
    assert "neurogenic claudication" in page.locator(".lpcl-answer").inner_text()
    screenshot(page, "claudication_neurogenic")
    _clean(page)


def test_a_low_abi_with_spinal_features_shows_both_and_the_deciding_test(watched_page):
    """Issue 13, item 8: the keyboard alone ticks site, quality and an ABI <= 0.90; the answer
    is PAD established with a possibly coexisting stenosis, exactly as Python says."""
    page = watched_page
    page.set_viewport_size({"width": 375, "height": 900})
    open_static(page, [ClaudicationComparer()])
    story = ["buttock or thigh pain", "tingling or numbness", "relieved by sitting or flexion",
             "shopping-cart sign"]
    for name in story:
        box = page.get_by_label(name, exact=True)
        box.focus()
        page.keyboard.press("Space")
    assert _kind(page) == "neurogenic"
    page.get_by_label("ABI below 0.9", exact=True).focus()
    page.keyboard.press("Space")
    expected = claudication([*story, "ABI below 0.9"])
    assert expected.kind == "both" and _kind(page) == "both"
    answer = page.locator(".lpcl-answer").inner_text()
    assert "peripheral artery disease" in answer and "coexisting spinal stenosis" in answer
    rule = page.locator(".lpcl-rule")
    assert rule.is_visible() and expected.rule in rule.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator(".lpcl-rule").scroll_into_view_if_needed()
    screenshot(page, "claudication_both_375px")
    _clean(page)


def test_site_and_quality_sit_on_their_sides_with_labels(watched_page):
    page = watched_page
    open_static(page, [ClaudicationComparer()])
    for name, side in [("calf pain", "vascular"), ("cramping pain", "vascular"),
                       ("buttock or thigh pain", "neurogenic"),
                       ("tingling or numbness", "neurogenic")]:
        box = page.locator(f".lpcl-group-{side}").get_by_label(name, exact=True)
        assert box.count() == 1
        assert box.get_attribute("aria-describedby")
    page.get_by_label("calf pain", exact=True).check()
    page.get_by_label("relieved by standing still", exact=True).check()
    assert _kind(page) == "vascular"
    assert "likelihood ratio 20" in page.locator(".lpcl-details").inner_text()
    _clean(page)


def test_contradiction_shows_pythons_message_and_the_widget_keeps_working(watched_page):
    page = watched_page
    open_static(page, [ClaudicationComparer(features=["ABI below 0.9"])])
    assert _kind(page) == "vascular"
    page.get_by_label("absent foot pulses", exact=True).check()
    page.get_by_label("normal foot pulses", exact=True).check()
    with pytest.raises(ValueError) as error:
        claudication(["absent foot pulses", "normal foot pulses"])
    alert = page.locator(".lpcl-alert")
    assert alert.is_visible() and str(error.value) in alert.inner_text()
    assert _kind(page) == "contradiction"
    screenshot(page, "claudication_contradiction")
    page.get_by_label("normal foot pulses", exact=True).uncheck()
    assert alert.is_hidden() and _kind(page) == "vascular"
    _clean(page)


def test_keyboard_only_tick_and_clear(watched_page):
    page = watched_page
    open_static(page, [ClaudicationComparer()])
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.value")
    assert first in names("claudication feature")
    page.keyboard.press("Space")
    assert _kind(page) == _python([first])["kind"]
    for _ in range(len(names("claudication feature"))):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "lpcl-clear"
    screenshot(page, "claudication_keyboard_focus", full_page=False)
    page.keyboard.press("Enter")
    assert _kind(page) == "uncertain"
    _clean(page)


def test_saved_state_is_restored_and_bad_state_is_ignored(watched_page):
    page = watched_page
    saved = ClaudicationComparer(features=["femoral bruit"])
    broken = ClaudicationComparer()
    broken._trait_values["features"] = ["nonsense", 3, "CAN CYCLE", "normal foot pulses"]
    clash = ClaudicationComparer()
    clash._trait_values["features"] = ["tolerates cycling", "pain on cycling"]
    open_static(page, [saved, broken, clash])
    assert _kind(page, 0) == "vascular"
    assert _kind(page, 1) == "neurogenic"
    assert page.locator(".lpcl").nth(1).locator("input:checked").evaluate_all(
        "els => els.map(e => e.value)") == ["tolerates cycling", "normal foot pulses"]
    assert _kind(page, 2) == "contradiction"
    _clean(page)


def test_readable_at_375_px_with_no_sideways_scrolling(watched_page):
    page = watched_page
    page.set_viewport_size({"width": 375, "height": 800})
    open_static(page, [ClaudicationComparer(features=["relieved by standing still", "absent foot pulses"])])
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "claudication_375px")
    _clean(page)

"""The test-accuracy widget in Chromium, rendered from saved state through the book's static loader."""

from __future__ import annotations

import random

import pytest
from conftest import screenshot

from legpain import post_test_probability
from legpain.widgets.test_accuracy import TestAccuracy, accuracy_table

pytestmark = pytest.mark.browser


def _post(page) -> float:
    return float(page.locator(".lpta-answer-main").get_attribute("data-post"))


def test_js_matches_post_test_probability_on_many_random_inputs(watched_page):
    from widget_harness import import_module, open_static

    page = watched_page
    widget = TestAccuracy()
    open_static(page, [widget])
    import_module(page, widget._esm.read_text() if hasattr(widget._esm, "read_text")
                  else str(widget._esm))
    table = accuracy_table()
    rng = random.Random(20261125)
    cases = []
    for _ in range(400):
        test = rng.choice(table["tests"])
        estimate = rng.choice(test["estimates"])
        positive = estimate["lr_negative"] is None or rng.random() < 0.5
        pretest = rng.choice([rng.uniform(0.0001, 0.9999), rng.uniform(0.001, 0.02),
                              rng.uniform(0.98, 0.999), 1e-9, 1 - 1e-9])
        cases.append((test["id"], estimate["key"], positive, pretest))
    results = page.evaluate(
        "([table, cases]) => cases.map(([t, k, pos, p]) =>"
        " window.widgetModule.compute(table, t, k, pos, p).post)",
        [table, cases])
    for (test, key, positive, pretest), js in zip(cases, results, strict=True):
        python = post_test_probability(pretest, test, positive, source=key)
        assert js == pytest.approx(python, rel=1e-12, abs=0), (test, key, positive, pretest)
    assert page.watch.console_errors == []
    assert page.watch.external == []


@pytest.mark.parametrize("pretest, test_label, source_label, result, expected", [
    # hand calculations (see tests/test_test_accuracy_widget.py for the arithmetic)
    ("50", "Straight leg raise (Lasègue test)", None, "Negative", 0.08 / 0.28 / (1 + 0.08 / 0.28)),
    ("30", "Crossed straight leg raise (well-leg raise)", None, "Positive", 1.2 / 2.2),
    ("20", "No pain when seated (history)", None, "Positive", 1.85 / 2.85),
])
def test_the_widget_reproduces_hand_calculated_post_test_probabilities(
        watched_page, pretest, test_label, source_label, result, expected):
    from widget_harness import open_static

    page = watched_page
    open_static(page, [TestAccuracy()])
    page.get_by_label("Test or history item").select_option(label=test_label)
    page.get_by_role("slider", name="Pre-test probability").fill(pretest)
    page.get_by_label(result, exact=True).check()
    assert _post(page) == pytest.approx(expected, abs=1e-12)
    assert f"{expected * 100:.1f}".rstrip("0").rstrip(".") + "%" in page.locator(
        ".lpta-answer-main").inner_text()
    assert page.watch.console_errors == []


def test_a_positive_slr_means_less_than_students_think(watched_page):
    """The chapter's point, seen by a student: in a high-prevalence setting a positive SLR barely
    moves the probability, and LR+ only sources disable the 'negative' choice."""
    from widget_harness import open_static

    page = watched_page
    open_static(page, [TestAccuracy(pretest=0.6, test="SLR", result="positive")])
    post = _post(page)
    assert 0.6 < post < 0.7
    assert "Pre-test odds" in page.locator(".lpta-working").inner_text()
    assert page.locator(".lpta-person-has").count() == 60 + round(post * 100)
    screenshot(page, "test_accuracy_slr_positive")
    page.get_by_label("Test or history item").select_option(label="Wide-based gait (examination)")
    assert page.get_by_label("Negative", exact=True).is_disabled()
    assert "only a positive likelihood ratio" in page.locator(".lpta-note").inner_text()
    assert "cannot be split" in page.locator(".lpta-frequencies").inner_text()


def test_keyboard_only(watched_page):
    from widget_harness import open_static

    page = watched_page
    open_static(page, [TestAccuracy(pretest=0.3)])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "range"
    page.keyboard.press("ArrowRight")
    assert page.locator(".lpta-pre-out").inner_text() == "31%"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SELECT"
    page.keyboard.press("ArrowDown")  # next test in the list
    assert page.evaluate("document.activeElement.value") == "crossed straight leg raise"
    page.keyboard.press("Tab")  # source select
    page.keyboard.press("Tab")  # positive radio
    page.keyboard.press("ArrowRight")  # -> negative
    assert page.get_by_label("Negative", exact=True).is_checked()
    assert "negative result" in page.locator(".lpta-answer-main").inner_text()
    screenshot(page, "test_accuracy_keyboard", full_page=False)
    assert page.watch.console_errors == []


def test_narrow_screen_and_bad_saved_state(browser):
    from conftest import PageWatch
    from widget_harness import open_static

    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    watch = PageWatch()
    watch.attach(context, page)
    widget = TestAccuracy()
    # state a broken front end or an old page could hold: the widget must fall back, not throw
    widget._trait_values.update(pretest=7.0, test="no such test", source="nobody2020",
                                result="maybe")
    open_static(page, [widget])
    assert page.locator(".lpta-pre-out").inner_text() == "30%"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "test_accuracy_375px")
    assert watch.console_errors == []
    assert watch.external == []
    context.close()


def test_no_select_is_wider_than_the_widget_at_375_px(browser):
    """The long names of a source ("Cochrane review (van der Windt 2010), ...") stay inside the
    widget on a phone, whichever option is chosen."""
    from widget_harness import open_static

    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    try:
        open_static(page, [TestAccuracy(pretest=0.6, test="SLR", result="positive")])
        box = page.locator(".lpta").bounding_box()
        selects = page.locator(".lpta select").all()
        assert len(selects) == 2
        test, source = page.locator(".lpta-test"), page.locator(".lpta-source")
        values = "s => [...s.options].map(o => o.value)"
        for value in test.evaluate(values):  # each test, then each source of that test
            test.select_option(value)
            for choice in (source.evaluate(values) if source.is_enabled() else [None]):
                if choice is not None:
                    source.select_option(choice)
                for select in (test, source):
                    r = select.bounding_box()
                    assert r["x"] >= box["x"] - 0.5, (value, choice, r, box)
                    assert r["x"] + r["width"] <= box["x"] + box["width"] + 0.5, (value, choice, r)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()

"""The compression widget in Chromium, rendered from saved state through the book's static loader."""

from __future__ import annotations

import random

import pytest
from conftest import PageWatch, screenshot
from widget_harness import import_module, open_static

from legpain.widgets.compression import DURATIONS, CompressionModel, model_data, state_dict

pytestmark = pytest.mark.browser


def _panel(page):
    return page.locator(".lpcm-panel").inner_text()


def test_sliders_drive_the_curves_and_the_state(watched_page):
    page = watched_page
    open_static(page, [CompressionModel(pressure=10, onset="slow", minutes=30)])
    assert "congested" in _panel(page)
    assert page.locator(".lpcm-threshold").count() == len(model_data()["thresholds"])
    screenshot(page, "compression_congested")
    pressure = page.get_by_label("Pressure on the root")
    pressure.fill("200")
    page.get_by_label(model_data()["onset_names"]["rapid"]).check()
    page.get_by_label("How long it lasts").fill(str(len(DURATIONS) - 1))
    text = _panel(page)
    assert "blocked" in text and "✓ reflex loss" in text
    assert page.locator(".lpcm-value").first.inner_text() == "200 mm Hg"
    screenshot(page, "compression_blocked")
    assert page.watch.console_errors == [] and page.watch.external == []


def test_keyboard_only(watched_page):
    page = watched_page
    open_static(page, [CompressionModel(pressure=0)])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id").endswith("-pressure")
    for _ in range(50):
        page.keyboard.press("ArrowRight")
    assert page.locator(".lpcm-value").first.inner_text() == "50 mm Hg"
    assert "pain" in page.locator(".lpcm-symptoms .lpcm-on").first.inner_text()
    page.keyboard.press("Tab")  # onset radios
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # duration
    page.keyboard.press("Home")
    assert page.locator(".lpcm-value").nth(1).inner_text() == "2 min"
    screenshot(page, "compression_keyboard_focus", full_page=False)
    assert page.watch.console_errors == []


def test_lookup_in_javascript_matches_python(watched_page):
    page = watched_page
    widget = CompressionModel()
    open_static(page, [widget])
    import_module(page, widget._esm if isinstance(widget._esm, str) else widget._esm.read_text())
    rng = random.Random(5)
    cases = [(rng.randint(0, 200), rng.choice(["rapid", "slow"]), rng.choice(DURATIONS)) for _ in range(150)]
    got = page.evaluate(
        "([data, cases]) => cases.map(([p, o, m]) => window.widgetModule.lookup(data, p, o, m))",
        [model_data(), cases])
    for (p, o, m), js in zip(cases, got, strict=True):
        assert js == state_dict(p, o, m)


def test_bad_saved_state_still_renders(watched_page):
    page = watched_page
    widget = CompressionModel()
    widget._trait_values.update({"pressure": "very high", "onset": "sideways", "minutes": -3})
    open_static(page, [widget])
    assert page.locator(".lpcm-state-name").inner_text()  # fell back to valid settings
    assert page.watch.console_errors == []


def test_readable_at_375_px(watched_page):
    page = watched_page
    page.set_viewport_size({"width": 375, "height": 800})
    open_static(page, [CompressionModel(pressure=75, onset="rapid", minutes=60)])
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "compression_375px")
    assert page.watch.console_errors == []


RENDERED_FONT_SIZES = """() => [...document.querySelectorAll('.lpcm-chart text')].map((t) => {
    const m = t.getScreenCTM();
    return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)];
})"""


@pytest.mark.parametrize("width", [375, 320])
def test_every_chart_text_is_at_least_11_px_on_a_phone(browser, width):
    """A phone draws the chart in a narrower geometry, so no axis, tick or threshold number is
    shrunk below 11 CSS px; every text stays inside the chart."""
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    watch = PageWatch()
    watch.attach(context, page)
    try:
        open_static(page, [CompressionModel(pressure=75, onset="rapid", minutes=60)])
        sizes = page.evaluate(RENDERED_FONT_SIZES)
        assert len(sizes) >= 10
        small = [(text, round(size, 1)) for text, size in sizes if size < 11]
        assert small == [], small
        outside = page.evaluate("""() => {
            const c = document.querySelector('.lpcm-chart').getBoundingClientRect();
            return [...document.querySelectorAll('.lpcm-chart text')].map((t) => [t.textContent,
                t.getBoundingClientRect()]).filter(([, r]) => r.left < c.left - 0.5
                || r.right > c.right + 0.5 || r.top < c.top - 0.5 || r.bottom > c.bottom + 0.5)
                .map(([text]) => text);
        }""")
        assert outside == []
        # the threshold badges do not overlap one another
        badges = page.eval_on_selector_all(".lpcm-threshold-badge",
                                           "els => els.map(e => e.getBoundingClientRect().toJSON())")
        for i, a in enumerate(badges):
            for b in badges[i + 1:]:
                apart = (a["right"] <= b["left"] or b["right"] <= a["left"]
                         or a["bottom"] <= b["top"] or b["bottom"] <= a["top"])
                assert apart, (a, b)
        # a slider still moves the curves' markers in the narrow chart
        before = page.eval_on_selector(".lpcm-cursor", "e => e.getAttribute('x1')")
        page.locator(".lpcm input[type=range]").first.focus()
        page.keyboard.press("End")
        assert page.eval_on_selector(".lpcm-cursor", "e => e.getAttribute('x1')") != before
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # turning the phone: the chart takes the wide geometry and back, with no error
        page.set_viewport_size({"width": 900, "height": 800})
        page.wait_for_function("document.querySelector('.lpcm-chart').getAttribute('viewBox')"
                               " === '0 0 560 300'")
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_function("document.querySelector('.lpcm-chart').getAttribute('viewBox')"
                               " === '0 0 340 316'")
        page.wait_for_timeout(100)
        assert watch.console_errors == [] and watch.external == []
    finally:
        context.close()


def test_a_wide_screen_keeps_the_wide_chart(watched_page):
    page = watched_page
    open_static(page, [CompressionModel()])
    assert page.eval_on_selector(".lpcm-chart", "e => e.getAttribute('viewBox')") == "0 0 560 300"
    sizes = page.evaluate(RENDERED_FONT_SIZES)
    assert min(size for _, size in sizes) >= 11

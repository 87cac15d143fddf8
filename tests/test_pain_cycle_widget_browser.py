"""The pain-cycle widget in Chromium: sliders, the runaway case, JS/Python parity, narrow screens."""

from __future__ import annotations

import random

import pytest
from conftest import screenshot
from widget_harness import import_module, open_static

from legpain.knowledge import physiology as ph
from legpain.widgets.pain_cycle import DT, MINUTES, PainCycle

pytestmark = pytest.mark.browser


def test_turning_up_the_gain_makes_the_circle_run_away(watched_page):
    page = watched_page
    open_static(page, [PainCycle(gain=0.5, drive=0.3)])
    assert "settles" in page.locator(".lpp-verdict").inner_text()
    assert "compression 60%" in page.locator(".lpp-detail").first.inner_text()
    screenshot(page, "pain_cycle_settles")
    gain = page.get_by_label("Spasm gain (how strongly pain causes spasm)")
    gain.focus()
    page.keyboard.press("End")
    assert "runs away" in page.locator(".lpp-verdict").inner_text()
    screenshot(page, "pain_cycle_runaway")
    assert page.watch.console_errors == [] and page.watch.external == []


def test_simulation_in_javascript_matches_python(watched_page):
    page = watched_page
    widget = PainCycle()
    open_static(page, [widget])
    import_module(page, widget._esm if isinstance(widget._esm, str) else widget._esm.read_text())
    rng = random.Random(11)
    cases = [(round(rng.uniform(0, 3), 2), round(rng.uniform(0, 1), 2), round(rng.uniform(0, 1), 2),
              round(rng.uniform(0, 1), 2)) for _ in range(40)]
    got = page.evaluate("""([cases, tc, minutes, dt]) => cases.map(([g, r, a, d]) => [
            window.widgetModule.simulate(g, r, a, d, tc, minutes, dt),
            window.widgetModule.steadyState(g, r, a, d)])""",
                        [cases, list(ph.CYCLE_TIME_CONSTANTS), MINUTES, DT])
    for (g, r, a, d), (run, steady) in zip(cases, got, strict=True):
        expected = ph.simulate_cycle(g, r, a, d, minutes=MINUTES, dt=DT)
        for name in ("pain", "spasm", "compression"):
            assert run[name] == pytest.approx(expected[name], abs=1e-6)
        assert steady == pytest.approx(list(ph.cycle_steady_state(g, r, a, d)), abs=1e-9)


def test_bad_saved_state_and_narrow_screen(watched_page):
    page = watched_page
    page.set_viewport_size({"width": 375, "height": 800})
    widget = PainCycle()
    widget._trait_values.update({"gain": "lots", "relief": 7})
    open_static(page, [widget])
    assert page.locator(".lpp-verdict").inner_text().startswith("Loop gain")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "pain_cycle_375px")
    assert page.watch.console_errors == []

"""RedFlagTriage in Chromium, rendered from saved state by the static book's own loader:
the same answers as Python's triage(), the emergency message, keyboard use, bad state, 375 px."""

from __future__ import annotations

import dataclasses
import random

import pytest
from conftest import screenshot
from widget_harness import import_module, open_static

from legpain import triage, triage_table
from legpain.knowledge.vocabulary import names, terms
from legpain.widgets.triage import RedFlagTriage

pytestmark = pytest.mark.browser


def _python(signs) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v
            for k, v in dataclasses.asdict(triage(signs)).items()}


def _level(page) -> str:
    return page.locator(".lpt-result").get_attribute("data-level")


def _clean(page) -> None:
    assert page.watch.console_errors == []
    assert page.watch.external == []


def test_javascript_triage_equals_python_on_hundreds_of_random_sign_sets(watched_page):
    page = watched_page
    widget = RedFlagTriage()
    open_static(page, [widget])
    import_module(page, widget._esm)
    rng = random.Random(20261125)
    signs = list(names("red flag"))
    aliases = [alias for term in terms("red flag") for alias in term.aliases]
    cases = [[], *([s] for s in signs)]
    for _ in range(400):
        cases.append(rng.sample(signs, rng.randint(1, 7)))
    for _ in range(40):  # everyday names, any case, duplicates
        picked = rng.sample(aliases, rng.randint(1, 4))
        cases.append([p.upper() if rng.random() < 0.3 else p for p in picked] + picked[:1])
    from_js = page.evaluate("([table, cases]) => cases.map((c) => window.widgetModule.triage(table, c))",
                            [triage_table(), cases])
    assert len(from_js) == len(cases)
    levels = set()
    for case, answer in zip(cases, from_js, strict=True):
        assert answer == _python(case), case
        levels.add(answer["level"])
    assert levels == {"emergency", "urgent", "routine"}
    _clean(page)


def test_ticking_a_cauda_equina_sign_shows_the_emergency_message_in_words(watched_page):
    page = watched_page
    open_static(page, [RedFlagTriage()])
    banner = page.locator(".lpt-banner")
    assert _level(page) == "routine" and banner.is_hidden()
    page.get_by_label("new urinary retention or hesitancy").check()
    assert _level(page) == "emergency"
    assert banner.is_visible()
    assert "SEEK EMERGENCY CARE NOW" in banner.inner_text()
    assert banner.get_attribute("role") == "alert"
    assert triage(["new urinary retention or hesitancy"]).action in banner.inner_text()
    assert "cauda equina syndrome" in page.locator(".lpt-details").inner_text()
    assert "EMERGENCY" in page.locator(".lpt-summary").inner_text()
    screenshot(page, "triage_emergency")
    page.get_by_label("new urinary retention or hesitancy").uncheck()
    assert _level(page) == "routine" and banner.is_hidden()
    _clean(page)


def test_urgent_combination_gives_reasons_conditions_and_sources(watched_page):
    page = watched_page
    open_static(page, [RedFlagTriage()])
    page.get_by_label("fever", exact=True).check()
    page.get_by_label("injection drug use").check()
    expected = triage(["fever", "injection drug use"])
    assert _level(page) == "urgent"
    assert page.locator(".lpt-banner").is_hidden()
    details = page.locator(".lpt-details").inner_text()
    assert expected.action in details
    assert all(reason in details for reason in expected.reasons)
    assert "spinal infection" in details
    assert "Finucane et al. 2020" in page.locator(".lpt-sources").inner_text()
    screenshot(page, "triage_urgent")
    _clean(page)


def test_keyboard_only_tick_and_clear(watched_page):
    page = watched_page
    open_static(page, [RedFlagTriage()])
    page.keyboard.press("Tab")
    first = names("red flag")[0]
    assert page.evaluate("document.activeElement.value") == first
    page.keyboard.press("Space")
    assert _level(page) == "emergency"
    for _ in range(len(names("red flag"))):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "lpt-clear"
    screenshot(page, "triage_keyboard_focus", full_page=False)
    page.keyboard.press("Enter")
    assert _level(page) == "routine"
    assert page.evaluate("document.activeElement.value") == first  # focus back on the list
    _clean(page)


def test_saved_state_is_restored_and_bad_state_is_ignored(watched_page):
    page = watched_page
    saved = RedFlagTriage(signs=["fever"])
    broken = RedFlagTriage()
    broken._trait_values["signs"] = ["nonsense", 7, "HIGH TEMPERATURE", "night pain"]
    empty = RedFlagTriage()
    empty._trait_values["data"] = {}
    open_static(page, [saved, broken, empty])
    results = page.locator(".lpt-result")
    assert results.nth(0).get_attribute("data-level") == "urgent"
    assert results.nth(1).get_attribute("data-level") == "urgent"  # fever (alias) + night pain
    ticked = page.locator(".lpt").nth(1).locator("input:checked")
    assert ticked.evaluate_all("els => els.map(e => e.value)") == ["fever", "night pain"]
    assert "cannot be shown" in page.locator(".legpain-static-widget").nth(2).inner_text()  # in words
    # the book's link goes to the red-flags page of the built book
    assert page.locator(".lpt-link").first.get_attribute("href") == "../book/red_flags.html"
    _clean(page)


def test_readable_at_375_px_with_no_sideways_scrolling(watched_page):
    page = watched_page
    page.set_viewport_size({"width": 375, "height": 800})
    open_static(page, [RedFlagTriage(signs=["saddle anaesthesia", "bilateral leg symptoms"])])
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.locator(".lpt-banner").is_visible()
    screenshot(page, "triage_375px")
    _clean(page)


def _in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                      return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }""",
        selector)


def test_the_verdict_stays_in_view_on_a_phone_whatever_sign_is_ticked(watched_page):
    page = watched_page
    page.set_viewport_size({"width": 375, "height": 800})
    open_static(page, [RedFlagTriage()])
    for label in ("saddle anaesthesia", "hypotension or collapse", "night pain"):
        box = page.get_by_label(label, exact=True)
        box.scroll_into_view_if_needed()
        box.check()
        assert _in_viewport(page, ".lpt-mini"), f"after ticking {label!r} the level is out of view"
        assert "EMERGENCY" in page.locator(".lpt-mini").inner_text()
    screenshot(page, "triage_375px_pinned_level", full_page=False)
    _clean(page)


def test_the_emergency_banner_stays_in_view_on_a_laptop(watched_page):
    page = watched_page
    page.set_viewport_size({"width": 1280, "height": 900})
    open_static(page, [RedFlagTriage()])
    for label in ("saddle anaesthesia", "history of cancer", "fever", "night sweats",
                  "hypotension or collapse"):
        box = page.get_by_label(label, exact=True)
        box.scroll_into_view_if_needed()
        box.check()
        assert _in_viewport(page, ".lpt-banner"), f"after ticking {label!r} the banner is out of view"
    _clean(page)

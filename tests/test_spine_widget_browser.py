"""The lumbar spine widget in Chromium, rendered from saved state by the static book's own loader."""

from __future__ import annotations

import random

import pytest
from conftest import screenshot
from widget_harness import import_module, open_static

from legpain.reasoning import spine
from legpain.widgets.spine import LumbarSpine, fallback_disc

pytestmark = pytest.mark.browser


def _answer(page) -> str:
    return page.locator(".lps-verdict").inner_text()


def _clean(page) -> None:
    assert page.watch.console_errors == []
    assert page.watch.external == []


def test_click_a_zone_and_a_disc_and_see_the_root_in_both_views(watched_page):
    page = watched_page
    open_static(page, [LumbarSpine()])
    assert "Squeezed: L5" in _answer(page)
    assert "traversing" in _answer(page)
    screenshot(page, "spine_widget_default")
    # far lateral L4-L5: click the zone in the axial view
    page.locator('g.lps-zone[data-zone="extraforaminal"]').click()
    assert "Squeezed: L4" in _answer(page)
    assert "exiting" in _answer(page)
    # highlighted in the side view and in the axial view, each with a text label
    assert page.locator('.lps-side [data-root="L4"].lps-squeezed').count() == 1
    assert page.locator('.lps-axial [data-root="L4"].lps-squeezed').count() == 1
    assert "L4 ✱ squeezed" in page.locator(".lps-side svg").text_content()
    assert page.get_by_label("4 Extraforaminal (far lateral)").is_checked()
    # its dermatome and key muscles are listed from the data
    assert "L4 root" in page.locator(".lps-rootinfo").inner_text()
    assert "Key muscle actions" in page.locator(".lps-rootinfo").inner_text()
    screenshot(page, "spine_widget_far_lateral")
    # click the L5-S1 disc in the side view
    page.locator('g.lps-disc[data-disc="L5-S1"]').click()
    assert "Squeezed: L5" in _answer(page)
    assert page.locator("select").first.input_value() == "L5-S1"
    _clean(page)


def test_radio_and_select_controls(watched_page):
    page = watched_page
    open_static(page, [LumbarSpine()])
    page.get_by_label("1 Central").check()
    assert "on both sides" in _answer(page)
    warning = page.locator(".lps-warning")
    assert "cauda equina" in warning.inner_text()
    assert warning.locator("a").get_attribute("href").endswith("red_flags.html")
    assert page.locator('.lps-axial [data-root="L5"].lps-squeezed').count() == 2  # both sides
    page.get_by_label("Disc", exact=True).select_option("L3-L4")
    assert "Squeezed: L4" in _answer(page)
    before = page.locator(".lps-skin").inner_text()
    page.get_by_label("Dermatome map").select_option("keegan1948")
    assert "Keegan 1948" in page.locator(".lps-skin").inner_text()
    assert page.locator(".lps-skin").inner_text() != before
    _clean(page)


def test_keyboard_only(watched_page):
    page = watched_page
    open_static(page, [LumbarSpine()])
    # Tab until the L5-S1 disc shape of the side view has the focus, then press Enter
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-disc')") == "L5-S1":
            break
    else:
        pytest.fail("the L5-S1 disc is not reachable with Tab")
    page.keyboard.press("Enter")
    assert "Squeezed: S1" in _answer(page)
    assert page.evaluate("document.activeElement.getAttribute('data-disc')") == "L5-S1"
    # on to the foraminal zone of the axial view, then Space
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-zone')") == "foraminal":
            break
    else:
        pytest.fail("the foraminal zone is not reachable with Tab")
    page.keyboard.press("Space")
    assert "Squeezed: L5" in _answer(page)
    assert "exiting" in _answer(page)
    # the focus stays on the zone after the redraw, with a visible (yellow) focus mark
    assert page.evaluate("document.activeElement.getAttribute('data-zone')") == "foraminal"
    fill = page.evaluate("getComputedStyle(document.activeElement.querySelector('.lps-band')).fill")
    assert "240, 228, 66" in fill
    screenshot(page, "spine_widget_keyboard_focus", full_page=False)
    _clean(page)


def test_count_switch_shows_how_the_numbering_shifts(watched_page):
    page = watched_page
    open_static(page, [LumbarSpine(disc="L5-S1")])
    page.get_by_label("6 — Lumbarization").check()
    options = page.get_by_label("Disc", exact=True).locator("option").all_inner_texts()
    assert options[-2:] == ["L5-L6", "L6-S1"]
    assert page.get_by_label("Disc", exact=True).input_value() == "L6-S1"  # L5-S1 is gone: lowest disc
    page.get_by_label("Disc", exact=True).select_option("L6-S1")
    assert "Squeezed: S1" in _answer(page)
    assert "would call this disc L5-S1" in page.locator(".lps-shift").inner_text()
    page.get_by_label("Disc", exact=True).select_option("L5-L6")
    assert "Squeezed: L6" in _answer(page)
    assert "no map describes a root called L6" in page.locator(".lps-rootinfo").inner_text()
    screenshot(page, "spine_widget_six_lumbar")
    page.get_by_label("4 — Sacralization").check()
    assert page.get_by_label("Disc", exact=True).input_value() == "L4-S1"
    assert page.locator(".lps-side text.lps-vlabel").all_text_contents()[:5] == [
        "L1", "L2", "L3", "L4", "sacrum"]
    assert "Squeezed: S1" in _answer(page)
    page.get_by_label("5 — Usual count").check()
    assert page.get_by_label("Disc", exact=True).input_value() == "L5-S1"
    assert page.locator(".lps-shift").count() == 0
    _clean(page)


def test_bad_saved_state_still_renders_a_working_widget(watched_page):
    page = watched_page
    widget = LumbarSpine()
    # write nonsense straight into the saved state (bypassing validation), as a damaged page might
    widget._trait_values.update({"disc": "L9-L9", "zone": 42, "lumbar_vertebrae": "x",
                                 "dermatome_map": ["?"]})
    open_static(page, [widget])
    assert "Squeezed: S1" in _answer(page)  # fell back to the lowest disc, paracentral, 5 lumbar
    page.get_by_label("3 Foraminal").check()
    assert "Squeezed: L5" in _answer(page)
    _clean(page)


def test_narrow_phone_width(browser):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    open_static(page, [LumbarSpine(zone="far lateral")], width_css="body { margin: 0.3rem; }")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    box = page.locator(".lps-axial svg").bounding_box()
    assert box["width"] > 300  # the views stack and use the full width
    screenshot(page, "spine_widget_375px")
    context.close()


def test_front_end_lookup_matches_python(watched_page):
    """The page's lookup and fallback agree with legpain.reasoning.spine on many random inputs."""
    page = watched_page
    widget = LumbarSpine()
    open_static(page, [widget])
    import_module(page, widget._esm)
    rng = random.Random(5)
    zones = ["central", "paracentral", "foraminal", "extraforaminal"]
    cases = []
    for _ in range(200):
        count = rng.choice(spine.LUMBAR_COUNTS)
        disc = rng.choice(spine.discs(rng.choice(spine.LUMBAR_COUNTS)))
        cases.append((count, disc, rng.choice(zones)))
    got = page.evaluate(
        """([data, cases]) => cases.map(([n, disc, zone]) => {
            const moved = widgetModule.fallbackDisc(data, disc, n);
            const hit = widgetModule.lookup(data, n, moved, zone);
            return [moved, hit.roots];
        })""", [widget.data, cases])
    for (count, disc, zone), (moved, roots) in zip(cases, got, strict=True):
        assert moved == fallback_disc(disc, count)
        assert tuple(roots) == spine.affected_roots(moved, zone, lumbar_vertebrae=count)
    assert page.evaluate("([data]) => widgetModule.lookup(data, 7, 'L4-L5', 'central')",
                         [widget.data]) is None
    _clean(page)


def test_no_serious_accessibility_violation(watched_page):
    """axe-core finds no critical or serious problem in the widget (labels, roles, contrast)."""
    from axe_core import serious_violations

    page = watched_page
    open_static(page, [LumbarSpine(zone="central")])
    assert serious_violations(page) == []
    _clean(page)


def test_live_model_gets_the_students_choices(watched_page):
    """With a kernel-backed model (no legpainStatic), every choice is set and saved for Python."""
    page = watched_page
    widget = LumbarSpine()
    open_static(page, [widget])
    import_module(page, widget._esm)
    sent = page.evaluate(
        """async ([state]) => {
            const listeners = {};
            const sent = [];
            const model = {
              get: (k) => state[k],
              set: (k, v) => { state[k] = v; sent.push([k, v]);
                               (listeners["change:" + k] || []).forEach((f) => f()); },
              save_changes: () => sent.push(["saved"]),
              on: (names, f) => names.split(" ").forEach((n) => (listeners[n] = listeners[n] || []).push(f)),
              off: () => {},
            };
            const el = document.createElement("div");
            document.body.append(el);
            widgetModule.default.render({ model, el });
            el.querySelector('input[value="6"]').click();
            el.querySelector('g.lps-zone[data-zone="central"]').dispatchEvent(new MouseEvent("click"));
            const link = el.querySelector(".lps-redflags");
            return { sent, target: link && link.getAttribute("target"),
                     verdict: el.querySelector(".lps-verdict").textContent };
        }""", [{"data": widget.data, "disc": "L5-S1", "zone": "paracentral",
                "lumbar_vertebrae": 5, "dermatome_map": "lee2008"}])
    assert ["lumbar_vertebrae", 6] in sent["sent"] and ["disc", "L6-S1"] in sent["sent"]
    assert ["zone", "central"] in sent["sent"]
    assert sent["sent"].count(["saved"]) == 2
    assert sent["target"] == "_blank"  # in JupyterLab the red flags page opens beside the notebook
    assert "Squeezed: S1" in sent["verdict"]
    _clean(page)

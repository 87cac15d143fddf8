"""The contract every course widget keeps, checked for every widget in tests/widget_registry.py.

Each widget is drawn by the static book's own loader (tests/widget_harness.py) in Chromium and
must: pass the newest axe-core (tests/axe_core.py) with no serious or critical violation in the
book's light and dark mode and in JupyterLab's dark theme; be reachable and operable by keyboard
alone, with a visible focus indicator on every stop and nothing invisible in the tab order; fit a
375 px phone screen without sideways scrolling; survive damaged saved state (every trait replaced
by junk of each JSON type) and junk or full browser storage with no console error, saying so in
words where it cannot draw or cannot save. The loader puts a readable placeholder where a widget's
code or state is missing. Two instances of one kind (tests/test_widget_instances_browser.py) and
text contrast in all four colour modes (tests/test_widget_palette_browser.py) complete it.
"""

from __future__ import annotations

import re

import pytest
from axe_core import serious_violations
from test_widget_palette_browser import INTERACT, WIDGETS_DIR, set_mode
from widget_harness import open_static
from widget_registry import WIDGETS

pytestmark = pytest.mark.browser
NAMES = sorted(WIDGETS)
ROOT_SELECTOR = ".legpain-static-widget"


def test_the_registry_lists_every_widget():
    import legpain.widgets

    classes = {type(factory()).__name__ for factory, _ in WIDGETS.values()}
    assert classes == set(legpain.widgets.WIDGETS)
    folders = {p.name for p in WIDGETS_DIR.iterdir() if (p / "widget.js").exists()}
    assert folders == set(WIDGETS)


@pytest.mark.parametrize("name", NAMES)
def test_every_widget_renders_through_the_shared_guard_and_helpers(name):
    js = (WIDGETS_DIR / name / "widget.js").read_text(encoding="utf-8")
    assert re.search(r'^export default guarded\(render, "The [^"]+"\);$', js, re.M), name
    own_helpers = re.findall(r"^function (el|svg|uniqueId|savedStore|guarded)\(", js, re.M)
    assert own_helpers == [], f"{name} redefines shared helpers: {own_helpers}"
    if re.search(r"localStorage\.\w+\(", js):
        pytest.fail(f"{name}: use the shared savedStore, never localStorage directly")


@pytest.mark.parametrize("mode", ["book-light", "book-dark", "lab-dark"])
@pytest.mark.parametrize("name", NAMES)
def test_newest_axe_core_finds_no_serious_violation(watched_page, name, mode):
    page = watched_page
    factory, _ = WIDGETS[name]
    open_static(page, [factory()])
    page.evaluate(INTERACT, name)
    set_mode(page, mode)
    page.wait_for_timeout(50)
    assert serious_violations(page, ROOT_SELECTOR) == []
    assert page.watch.console_errors == [] and page.watch.external == []


# Tab from a button before the widget until focus reaches a button after it; describe each stop.
TAB_WALK = """() => {
  const a = document.activeElement;
  const r = a.getBoundingClientRect();
  const cs = getComputedStyle(a);
  let ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0)
    || (cs.boxShadow && cs.boxShadow !== 'none');
  if (!ring && a instanceof SVGElement) {  // a map region may mark focus by its stroke instead
    const peer = [...a.parentNode.children].find((e) => e !== a && e.localName === a.localName);
    const ps = peer && getComputedStyle(peer);
    ring = !!ps && ['stroke', 'strokeWidth', 'filter', 'fill'].some((k) => ps[k] !== cs[k]);
  }
  const label = a.getAttribute('aria-label') || a.textContent.trim().slice(0, 40)
    || (a.labels && a.labels[0] ? a.labels[0].textContent.trim().slice(0, 40) : '');
  return { id: a.id, tag: a.localName, label, inside: !!a.closest('.legpain-static-widget'),
           visible: r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.opacity !== '0',
           ring, name: a.name || null };
}"""

INTERACTIVE = """() => {
  const root = document.querySelector('.legpain-static-widget');
  const sel = 'button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]),'
    + ' textarea, a[href], summary, [tabindex]:not([tabindex="-1"])';
  const shown = (e) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; };
  const items = [...root.querySelectorAll(sel)].filter(shown);
  return { radioGroups: [...new Set(items.filter((e) => e.type === 'radio').map((e) => e.name))],
           others: items.filter((e) => e.type !== 'radio').length,
           positive: [...root.querySelectorAll('[tabindex]')].filter((e) => e.tabIndex > 0).length };
}"""


@pytest.mark.parametrize("name", NAMES)
def test_keyboard_alone_reaches_every_control_with_a_visible_focus(watched_page, name):
    page = watched_page
    factory, _ = WIDGETS[name]
    open_static(page, [factory()])
    page.evaluate("""() => {
        const root = document.querySelector('.legpain-static-widget');
        const before = Object.assign(document.createElement('button'), {id: 'before', textContent: 'before'});
        const after = Object.assign(document.createElement('button'), {id: 'after', textContent: 'after'});
        root.before(before); root.after(after); before.focus();
    }""")
    stops = []
    for _ in range(400):
        page.keyboard.press("Tab")
        stop = page.evaluate(TAB_WALK)
        if stop["id"] == "after":
            break
        stops.append(stop)
    else:
        pytest.fail(f"{name}: 400 Tab presses never left the widget (a keyboard trap?)")
    inside = [s for s in stops if s["inside"]]
    assert inside, f"{name}: no control can be reached by keyboard"
    hidden = [s for s in inside if not s["visible"]]
    assert hidden == [], f"{name}: invisible tab stops: {hidden[:5]}"
    no_ring = [s for s in inside if not s["ring"]]
    assert no_ring == [], f"{name}: tab stops without a visible focus indicator: {no_ring[:5]}"
    found = page.evaluate(INTERACTIVE)
    assert found["positive"] == 0, f"{name}: tabindex > 0 reorders the page"
    reached_groups = {s["name"] for s in inside if s["tag"] == "input" and s["name"]}
    missing = set(found["radioGroups"]) - reached_groups
    assert missing == set(), f"{name}: radio groups never reached by Tab: {sorted(missing)[:5]}"
    assert len([s for s in inside if not (s["tag"] == "input" and s["name"] in found["radioGroups"])]) \
        >= found["others"], f"{name}: some visible controls are not in the tab order"


@pytest.mark.parametrize("name", NAMES)
def test_fits_a_375_px_phone_screen_without_sideways_scrolling(browser, name):
    context = browser.new_context(viewport={"width": 375, "height": 800}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        factory, _ = WIDGETS[name]
        open_static(page, [factory()])
        page.evaluate(INTERACT, name)
        page.wait_for_timeout(50)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name}: the page scrolls sideways by {overflow} px at 375 px"
    finally:
        context.close()


JUNK = {"null": None, "number": 7, "text": "</script><b>junk", "list": [1, "x", None],
        "object": {"x": {"y": []}}}


def _damage_first(kind):
    def damage(manager_state, views):
        model = manager_state["state"][views[0]["model_id"]]
        for key in list(model["state"]):
            if not key.startswith("_"):
                model["state"][key] = JUNK[kind]
    return damage


@pytest.mark.parametrize("kind", sorted(JUNK))
@pytest.mark.parametrize("name", NAMES)
def test_damaged_saved_state_shows_words_not_a_blank_box_or_an_error(watched_page, name, kind):
    """Every trait of the saved state replaced by junk of one JSON type: the widget draws or says
    why it cannot, a second widget on the page still works, and the console stays clean."""
    page = watched_page
    factory, _ = WIDGETS[name]
    other = "triage" if name != "triage" else "quiz"
    open_static(page, [factory(), WIDGETS[other][0]()], damage=_damage_first(kind))
    boxes = page.locator(ROOT_SELECTOR)
    assert boxes.count() == 2
    text = boxes.nth(0).inner_text().strip()
    assert len(text) > 30, f"{name} with {kind} state: a blank box ({text!r})"
    assert page.locator(f"{ROOT_SELECTOR} .{WIDGETS[other][1]}").count() == 1
    # a student clicks around in the damaged widget: still no error
    page.evaluate("""() => {
        const root = document.querySelector('.legpain-static-widget');
        [...root.querySelectorAll('button, input, summary')].slice(0, 6).forEach((e) => e.click());
    }""")
    page.wait_for_timeout(50)
    assert page.watch.console_errors == [], f"{name} with {kind} state: {page.watch.console_errors[:3]}"
    if page.locator(".legpain-problem").count():
        assert "cannot be shown" in page.locator(".legpain-problem").inner_text()


JUNK_STORAGE = """(() => {
  const junk = ['{"broken": ', '[1, 2, 3]', '"text"', '42', 'null',
                '{"q": {"picked": 5, "seed": "x"}, "c": [1]}', '{"a": {"b": {"picked": null}}}'];
  let n = 0;
  window.__lpSaves = 0;
  Storage.prototype.getItem = function () { n += 1; return junk[n % junk.length]; };
  Storage.prototype.setItem = function () {
    window.__lpSaves += 1;
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
})();"""


@pytest.mark.parametrize("name", NAMES)
def test_junk_and_full_storage_lose_no_answer_silently(watched_page, name):
    page = watched_page
    page.add_init_script(JUNK_STORAGE)
    factory, _ = WIDGETS[name]
    open_static(page, [factory()])
    page.evaluate(INTERACT, name)
    page.wait_for_timeout(50)
    assert page.watch.console_errors == [], page.watch.console_errors[:3]
    saves = page.evaluate("window.__lpSaves")
    if name in ("quiz", "cases"):
        assert saves > 0, f"{name} keeps answers, so answering must try to save them"
    notice = page.locator(".legpain-storage-notice")
    if saves:
        assert notice.count() == 1 and notice.is_visible(), f"{name}: a failed save is not shown"
        assert "cannot be saved" in notice.inner_text() and "full" in notice.inner_text()
    else:
        assert notice.count() == 0


def test_a_second_tab_never_overwrites_answers_saved_in_the_first(browser):
    """Both tabs answer a different question; each save re-reads the store first, so both stay."""
    context = browser.new_context()
    factory, _ = WIDGETS["quiz"]
    try:
        first, second = context.new_page(), context.new_page()
        widget = factory()
        from widget_harness import static_page

        url = static_page([widget])
        for page in (first, second):
            page.goto(url)
            page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")

        def answer(page, index):
            question = page.locator(".lpq-question").nth(index)
            question.locator("input").first.check()
            question.get_by_role("button", name=re.compile("check", re.I)).click()

        answer(first, 0)
        answer(second, 1)  # the second tab loaded before the first answered
        stored = first.evaluate("""() => JSON.parse(localStorage.getItem(
            Object.keys(localStorage).find((k) => k.startsWith('legpain-quiz:')) || 'none'))""")
        assert stored is not None and len(stored) == 2, stored
    finally:
        context.close()


@pytest.mark.parametrize("problem", ["unknown model", "no code", "code that fails"])
def test_the_loader_puts_words_where_a_widget_cannot_be_drawn(watched_page, problem):
    page = watched_page

    def damage(manager_state, views):
        model = manager_state["state"][views[0]["model_id"]]
        if problem == "unknown model":
            views[0]["model_id"] = "0" * 32
        elif problem == "no code":
            del model["state"]["_esm"]
        else:
            model["state"]["_esm"] = "throw new Error('broken module');\nexport default {};"

    open_static(page, [WIDGETS["quiz"][0](), WIDGETS["triage"][0]()], damage=damage)
    missing = page.locator(".legpain-widget-missing")
    assert missing.count() == 1 and missing.is_visible()
    assert "cannot be shown" in missing.inner_text() and "notebook" in missing.inner_text()
    assert page.locator(".lpt").count() == 1, "the other widget on the page still renders"
    assert page.watch.console_errors == []

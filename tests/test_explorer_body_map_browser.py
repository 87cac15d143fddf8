"""The explorer's body map in a real Chromium, as a student uses it on a laptop and on a phone.

- Keyboard: the map's tab stops are exactly its regions on the examined leg plus the midline
  ones, in body order; nothing invisible and no duplicate can take focus.
- Touch: at 375 px every region of the examined leg has a target of at least 24 x 24 CSS px
  (measured by hit-testing the map point by point), and a tap a few pixels off the great toe never
  changes the examined leg (only the labelled "Examined leg" control does).
- Both legs: findings can be marked on both legs; the explorer then says, in the course's one
  wording of the triage level, that this is an emergency, links to the red flags, and ranks
  each leg with the finding "symptoms in both legs", as Python's ``localize`` does.
- The verdict (top candidate and its probability) stays in view after every input, at
  375 x 800 and at 1280 x 900.
- Damaged data (a number or a list where an object belongs, missing keys) gives a readable
  message in the widget's box, never a blank box, an exception or a console error.

Each page holds the widget's own module and stylesheet and a minimal model (the static book's
API), as in tests/test_explorer_browser.py; any request off the machine fails the test.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from conftest import PageWatch, screenshot, serve

from legpain import level_wording, localize, triage
from legpain.knowledge import vocabulary
from legpain.widgets.explorer import LEG_FINDINGS, LegPainExplorer, geometry

pytestmark = pytest.mark.browser

WIDGET_DIR = Path(geometry.__file__).parent
SYNCED = ("mode", "root", "map_source", "side", "pain", "numbness", "weakness", "reflexes",
          "normal_strength", "normal_sensation", "show_nerves", "nerve", "other_leg", "candidates",
          "tables_packed", "roots_info", "nerves_info", "maps", "vocab", "geometry", "texts")
MIDLINE = set(geometry.MIDLINE)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>explorer body map test</title><link rel="stylesheet" href="widget.css">
<style>body {{ margin: 8px; background: var(--lp-bg); }}</style></head>
<body><div id="host"></div>
<script id="state" type="application/json">{state}</script>
<script type="module">
  import widget from "./widget.js";
  class Model {{
    constructor(state) {{ this._state = Object.assign({{}}, state); this._listeners = {{}};
                          this.legpainStatic = true; }}
    get(name) {{ return this._state[name]; }}
    set(name, value) {{
      const old = this._state[name]; this._state[name] = value;
      if (old !== value) {{ this._emit("change:" + name); this._emit("change"); }}
    }}
    on(event, cb) {{ for (const n of event.split(/\\s+/)) (this._listeners[n] ||= []).push(cb); }}
    off(event, cb) {{
      for (const n of event.split(/\\s+/))
        this._listeners[n] = (this._listeners[n] || []).filter((f) => cb && f !== cb);
    }}
    _emit(name) {{ for (const cb of (this._listeners[name] || []).slice()) cb(this); }}
    save_changes() {{}}
    send() {{}}
  }}
  const model = new Model(JSON.parse(document.getElementById("state").textContent));
  window.lpxModel = model;
  window.lpxCleanup = widget.render({{ model, el: document.getElementById("host") }});
  document.documentElement.dataset.ready = "yes";
</script></body></html>
"""


def state_of(explorer: LegPainExplorer, **changes) -> dict:
    state = {name: getattr(explorer, name) for name in SYNCED}
    state.update(changes)
    return state


@pytest.fixture()
def open_map(tmp_path, browser):
    """Open the explorer in a fresh browser context; returns the page. The context is closed and
    its console and network checked afterwards."""
    opened = []

    def opener(explorer: LegPainExplorer | None = None, *, state: dict | None = None,
               width: int = 1280, height: int = 900, touch: bool = False, dark: bool = False,
               ready: str | None = "yes"):
        state = state if state is not None else state_of(explorer or LegPainExplorer())
        folder = tmp_path / f"page{len(opened)}"
        folder.mkdir()
        (folder / "widget.js").write_text(LegPainExplorer._esm, encoding="utf-8")
        (folder / "widget.css").write_text(LegPainExplorer._css, encoding="utf-8")
        text = json.dumps(state).replace("</", "<\\/")
        (folder / "index.html").write_text(PAGE.format(state=text), encoding="utf-8")
        server, url = serve(folder)
        context = browser.new_context(viewport={"width": width, "height": height},
                                      has_touch=touch, is_mobile=touch,
                                      color_scheme="dark" if dark else "light")
        page = context.new_page()
        page.watch = PageWatch()  # type: ignore[attr-defined]
        page.watch.attach(context, page)
        opened.append((server, context, page))
        if dark:
            page.add_init_script("document.addEventListener('DOMContentLoaded', () => "
                                 "{ document.documentElement.dataset.theme = 'dark'; });")
        page.goto(url + "/index.html")
        page.wait_for_selector("html[data-ready=yes]")
        if ready:
            page.wait_for_selector(f".lpx[data-ready={ready}]")
        return page

    yield opener
    for server, context, page in opened:
        errors, external = page.watch.console_errors, page.watch.external
        context.close()
        server.shutdown()
        assert external == [], f"requests left the machine: {external}"
        assert errors == [], errors


def examined_regions(side: str) -> list[str]:
    return [name if name in MIDLINE else f"{name}, {side}" for name in vocabulary.names("region")]


def region(page, label: str):
    return page.locator(f'.lpx-region[aria-label="{label}"][role=button]')


# ---- 1. keyboard ------------------------------------------------------------------------------

# Every element inside the map that can take focus at all (by Tab, by a click or by script).
FOCUSABLE_IN_MAP = """() => {
  const out = [];
  for (const e of document.querySelectorAll('.lpx-figure *')) {
    e.focus();
    if (document.activeElement === e) out.push(e.getAttribute('aria-label') || e.localName);
  }
  document.activeElement.blur();
  return out;
}"""


@pytest.mark.parametrize("side", ["left", "right"])
def test_the_maps_tab_stops_are_its_regions_on_the_examined_leg_and_nothing_else(open_map, side):
    page = open_map(LegPainExplorer(side=side))
    expected = examined_regions(side)
    # Walk with Tab from the last control before the map until focus leaves it.
    page.locator(".lpx-nerve").focus()
    stops = []
    for _ in range(200):
        page.keyboard.press("Tab")
        inside = page.evaluate("!!document.activeElement.closest('.lpx-figure')")
        if not inside:
            break
        stops.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
    assert stops == expected  # one stop per region, in body order, no duplicate
    assert len(stops) == len(vocabulary.names("region"))
    # the next stop is the first control after the map: the "a click marks pain" radio
    assert page.evaluate("[document.activeElement.type, document.activeElement.value]") == \
        ["radio", "pain"]
    # Nothing else in the map can take focus at all: no invisible copy, not the greyed leg.
    assert sorted(page.evaluate(FOCUSABLE_IN_MAP)) == sorted(expected)
    # Each stop is visible and has a name; Enter marks it.
    for label in (expected[0], expected[-1]):
        box = region(page, label).bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0
    region(page, expected[5]).focus()
    page.keyboard.press("Enter")
    assert page.evaluate("lpxModel.get('pain')") == [expected[5].split(",")[0]]


# ---- 2. touch targets -------------------------------------------------------------------------

# For every region of the examined leg, the side (CSS px) of the largest square of the map in
# which every sampled point hits that region: elementFromPoint on a grid, band by band, above the
# pinned verdict (which covers the bottom of the screen).
TARGETS = """async ({ step, side }) => {
  const figure = document.querySelector('.lpx-map-svg');
  const verdict = document.querySelector('.lpx-verdict');
  const box = figure.getBoundingClientRect();
  const left = box.left + scrollX, top = box.top + scrollY;
  const cols = Math.ceil(box.width / step), rows = Math.ceil(box.height / step);
  const grid = Array.from({ length: rows }, () => new Array(cols).fill(''));
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  let row = 0;
  while (row < rows) {
    window.scrollTo(0, top + row * step - 10);
    await frame();
    const limit = verdict && !verdict.hidden ? verdict.getBoundingClientRect().top : innerHeight;
    const start = row;
    for (; row < rows; row++) {
      const y = top + row * step + step / 2 - scrollY;
      if (y >= limit - 1) break;
      for (let c = 0; c < cols; c++) {
        const e = document.elementFromPoint(left + c * step + step / 2 - scrollX, y);
        const hit = e && e.closest && e.closest('[data-region]');
        if (!hit) continue;
        const s = hit.getAttribute('data-side');
        grid[row][c] = hit.classList.contains('lpx-other-hit') || (s && s !== side)
          ? '#other leg' : hit.getAttribute('data-region');
      }
    }
    if (row === start) throw new Error('the verdict covers the whole screen');
  }
  const size = Array.from({ length: rows }, () => new Array(cols).fill(0));
  const best = {};
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    const g = grid[r][c];
    if (!g) continue;
    let v = 1;
    if (r && c && grid[r - 1][c] === g && grid[r][c - 1] === g && grid[r - 1][c - 1] === g) {
      v = 1 + Math.min(size[r - 1][c], size[r][c - 1], size[r - 1][c - 1]);
    }
    size[r][c] = v;
    best[g] = Math.max(best[g] || 0, v);
  }
  const out = {};
  for (const [k, v] of Object.entries(best)) out[k] = (v - 1) * step;
  return out;
}"""


@pytest.mark.parametrize("side", ["left", "right"])
def test_every_region_is_a_24_px_target_on_a_375_px_phone(open_map, side):
    page = open_map(LegPainExplorer(side=side), width=375, height=800, touch=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    squares = page.evaluate(TARGETS, {"step": 2, "side": side})
    small = {name: squares.get(name, 0) for name in vocabulary.names("region")
             if squares.get(name, 0) < 24}
    assert small == {}, f"targets under 24 x 24 CSS px on the {side} leg: {small}"
    # The focusable shape itself is large too (the keyboard's and a screen reader's target).
    toe = region(page, f"great toe, {side}").bounding_box()
    assert toe["width"] >= 24 and toe["height"] >= 24


# Every region target of the examined leg (its touch target and its focusable shape), the view
# titles and marks, as boxes on screen. In the narrow layout a view is cut to the examined leg's
# half by a clip path, which cuts what is drawn and what a tap reaches alike, but not what
# getBoundingClientRect reports: so each box is cut to its element's clip rectangle first.
TARGET_BOXES = """(side) => {
  const figure = document.querySelector('.lpx-map-svg');
  const frame = figure.getBoundingClientRect();
  const shown = (e) => getComputedStyle(e).display !== 'none';
  const cut = (e) => {
    const r = e.getBoundingClientRect();
    // a touch target is its region widened by a thick stroke (CSS px: non-scaling)
    const pad = e.classList.contains('lpx-hit') ? parseFloat(getComputedStyle(e).strokeWidth) / 2 : 0;
    const box = { left: r.left - pad, top: r.top - pad, right: r.right + pad, bottom: r.bottom + pad };
    const clip = e.getAttribute('clip-path');
    if (clip) {
      const rect = figure.querySelector(clip.slice(4, -1) + ' rect');
      const m = e.getScreenCTM();
      const [x, y] = ['x', 'y'].map((k) => +rect.getAttribute(k));
      const [w, h] = ['width', 'height'].map((k) => +rect.getAttribute(k));
      const xs = [x, x + w].map((px) => m.a * px + m.e);
      const ys = [y, y + h].map((py) => m.d * py + m.f);
      box.left = Math.max(box.left, Math.min(...xs)); box.right = Math.min(box.right, Math.max(...xs));
      box.top = Math.max(box.top, Math.min(...ys)); box.bottom = Math.min(box.bottom, Math.max(...ys));
    }
    return box;
  };
  const mine = (e) => !e.dataset.side || e.dataset.side === side;
  const targets = [...figure.querySelectorAll('.lpx-hit, .lpx-region')].filter(mine).map((e) => {
    const b = cut(e);
    return { kind: e.classList.contains('lpx-hit') ? 'target' : 'shape', region: e.dataset.region,
             view: e.dataset.view || '', ...b, width: b.right - b.left, height: b.bottom - b.top };
  }).filter((t) => t.width > 0 && t.height > 0);
  const words = [...figure.querySelectorAll('.lpx-view-title, .lpx-view-mark')].filter(shown)
    .map((e) => ({ text: e.textContent, ...cut(e) }));
  return { frame: { left: frame.left, top: frame.top, right: frame.right, bottom: frame.bottom },
           targets, words };
}"""


@pytest.mark.parametrize("side", ["left", "right"])
def test_every_view_and_region_target_lies_inside_the_map_on_a_375_px_phone(open_map, side):
    """Each view of the narrow layout sits inside the map with a margin, its words ("front",
    "back", the titles) too, and every target of the examined leg (with the stroke that widens
    it) is inside the map's box. That each is at least 24 x 24 CSS px where a finger lands is
    measured by hit-testing in the test above."""
    page = open_map(LegPainExplorer(side=side), width=375, height=800, touch=True)
    assert page.locator(".lpx-map-svg.lpx-narrow").count() == 1
    found = page.evaluate(TARGET_BOXES, side)
    frame = found["frame"]

    def outside(box):
        return (box["left"] < frame["left"] - 0.5 or box["right"] > frame["right"] + 0.5
                or box["top"] < frame["top"] - 0.5 or box["bottom"] > frame["bottom"] + 0.5)

    out = [(t["kind"], t["region"], t["view"], round(t["left"]), round(t["right"]))
           for t in found["targets"] if outside(t)]
    assert out == [], f"targets beyond the map's edge on the {side} leg: {out[:6]}"
    words = [w["text"] for w in found["words"] if outside(w)]
    assert words == [], words
    drawn = {t["region"] if t["region"] in MIDLINE else f"{t['region']}, {side}"
             for t in found["targets"] if t["kind"] == "target"}
    assert drawn == set(examined_regions(side))  # every region has a target on the map
    # the views' cut edges stay off the map's edge: a margin on either side of the examined leg
    clips = [t for t in found["targets"] if t["kind"] == "shape"]
    assert min(t["left"] for t in clips) >= frame["left"] + 2
    assert max(t["right"] for t in clips) <= frame["right"] - 2


def _tap_around(page, box: dict, gap: float) -> list[tuple[float, float]]:
    """Points `gap` px outside a box: beyond each side's middle and beyond each corner."""
    x0, y0 = box["x"], box["y"]
    x1, y1 = x0 + box["width"], y0 + box["height"]
    xm, ym = (x0 + x1) / 2, (y0 + y1) / 2
    return [(x1 + gap, ym), (x0 - gap, ym), (xm, y0 - gap), (x1 + gap, y0 - gap), (x0 - gap, y0 - gap)]


def test_a_tap_off_the_great_toe_never_changes_the_examined_leg_on_a_phone(open_map):
    page = open_map(width=375, height=800, touch=True)
    toe = region(page, "great toe, left")
    toe.scroll_into_view_if_needed()
    box = toe.bounding_box()
    for gap in (3, 6, 10):
        for x, y in _tap_around(page, box, gap):
            before = page.evaluate("lpxModel.get('pain')")
            page.touchscreen.tap(x, y)
            assert page.evaluate("lpxModel.get('side')") == "left", (gap, x, y)
            after = page.evaluate("lpxModel.get('pain')")
            assert len(set(after) ^ set(before)) <= 1  # at most the one region tapped
    # A tap just beside the toe, outside the foot, still reaches the toe.
    page.evaluate("lpxModel.set('pain', [])")
    page.touchscreen.tap(box["x"] + box["width"] + 4, box["y"] + box["height"] / 2)
    assert page.evaluate("lpxModel.get('pain')") == ["great toe"]
    # The examined leg changes through its labelled control only.
    page.get_by_label("right leg", exact=True).check()
    assert page.evaluate("lpxModel.get('side')") == "right"
    assert page.evaluate("lpxModel.get('other_leg').pain") == ["great toe"]


def test_a_click_between_the_great_toes_on_a_laptop_never_changes_the_leg(open_map):
    page = open_map(width=1280, height=900)
    region(page, "great toe, left").scroll_into_view_if_needed()
    left = region(page, "great toe, left").bounding_box()
    right = page.locator('.lpx-region[aria-label="great toe, right"][data-view=top]').bounding_box()
    assert right["x"] > left["x"] + left["width"]  # tops of the feet: the right foot is beside it
    middle = (left["x"] + left["width"] + right["x"]) / 2
    for x in (left["x"] + left["width"] + 3, middle, right["x"] + 2, right["x"] + right["width"] / 2):
        page.mouse.click(x, left["y"] + left["height"] / 2)
        assert page.evaluate("lpxModel.get('side')") == "left", x
    assert page.evaluate("lpxModel.get('pain')") in (["great toe"], [])
    assert "Examined leg" in page.locator(".lpx-status").inner_text()  # the right toe explained


# ---- 3. both legs ------------------------------------------------------------------------------

def _model_findings(page) -> dict:
    return page.evaluate("""() => Object.fromEntries(['side', 'pain', 'numbness', 'weakness',
        'reflexes', 'normal_strength', 'normal_sensation', 'other_leg', 'map_source']
        .map((n) => [n, lpxModel.get(n)]))""")


def _python_explorer(found: dict) -> LegPainExplorer:
    return LegPainExplorer(**{k: v for k, v in found.items()})


def _ranked(page) -> list[tuple[str, float]]:
    return [(c, float(p)) for c, p in page.eval_on_selector_all(
        ".lpx-candidate", "els => els.map(e => [e.dataset.id, Number(e.dataset.probability)])")]


def test_findings_on_both_legs_are_an_emergency_with_the_courses_wording(open_map):
    page = open_map(width=1280, height=900)
    page.get_by_label("numbness", exact=True).check()
    region(page, "dorsum of foot, left").click()
    region(page, "great toe, left").click()
    page.locator(".lpx-strength[data-action='great toe extension']").select_option("weak")
    assert page.locator(".lpx-alarm").count() == 0 and _ranked(page)[0][0] == "L5"
    page.get_by_label("right leg", exact=True).check()
    assert page.evaluate("lpxModel.get('numbness')") == []
    assert page.locator(".lpx-mark-numb.lpx-mark-other").count() >= 2  # the left leg's marks stay
    page.get_by_label("pain", exact=True).check()
    region(page, "calf, right").click()
    found = _model_findings(page)
    assert found["side"] == "right" and found["pain"] == ["calf"]
    assert found["other_leg"]["numbness"] == ["dorsum of foot", "great toe"]
    assert found["other_leg"]["weakness"] == ["great toe extension"]

    # Said prominently, in words, with the course's one wording of the emergency level.
    alarm = page.locator(".lpx-bilateral .lpx-alarm")
    assert alarm.is_visible() and page.locator(".lpx-bilateral").get_attribute("role") == "alert"
    wording = level_wording()["emergency"]
    answer = triage(["bilateral leg symptoms"])
    text = alarm.inner_text()
    assert f"{wording['label'].upper()} ({wording['timing']})" in text  # EMERGENCY (now)
    assert answer.action in text and wording["action"] in text
    assert "cauda equina syndrome" in text
    link = alarm.locator("a")
    assert link.get_attribute("href") == "08_red_flags.html"  # the red flags chapter
    verdict = page.locator(".lpx-verdict")
    assert "EMERGENCY (now)" in verdict.inner_text()
    assert verdict.locator("a").get_attribute("href") == "08_red_flags.html"

    # Each leg is ranked with "symptoms in both legs", exactly as Python ranks it.
    explorer = _python_explorer(found)
    assert explorer.both_legs
    want = [(c.id, c.probability) for c in localize(pain=["calf"], both_legs=True)]
    got = _ranked(page)
    assert [c for c, _ in got] == [c for c, _ in want]
    assert all(math.isclose(a, b, abs_tol=1e-9) for (_, a), (_, b) in zip(got, want, strict=True))
    assert [c["id"] for c in explorer.candidates] == [c for c, _ in got]
    assert got[0][0] in ("cauda equina", "upper motor neuron")
    other_top = localize(numbness=["dorsum of foot", "great toe"], weakness=["great toe extension"],
                         both_legs=True)[0]
    assert other_top.name in page.locator(".lpx-other-top").inner_text()
    screenshot(page, "explorer_1280px_both_legs_light")

    # Back to the left leg: its findings come back, still ranked with both legs.
    page.get_by_label("left leg", exact=True).check()
    assert page.evaluate("lpxModel.get('numbness')") == ["dorsum of foot", "great toe"]
    assert page.evaluate("lpxModel.get('other_leg').pain") == ["calf"]
    assert _ranked(page)[0][0] == other_top.id
    # Clearing takes both legs; the alarm goes.
    page.locator(".lpx-clear").click()
    assert page.locator(".lpx-alarm").count() == 0
    assert page.evaluate("lpxModel.get('other_leg').pain") == []


def test_normal_findings_on_the_other_leg_are_not_an_emergency(open_map):
    explorer = LegPainExplorer(numbness=["sole"], other_leg={"normal_sensation": ["sole"],
                                                             "reflexes": {"achilles": "normal"}})
    page = open_map(explorer)
    assert page.locator(".lpx-alarm").count() == 0
    assert page.locator(".lpx").get_attribute("data-both-legs") == "no"
    assert _ranked(page)[0][0] == explorer.candidates[0]["id"]


@pytest.mark.parametrize(("width", "height", "dark"), [(375, 800, False), (375, 800, True),
                                                       (1280, 900, False), (1280, 900, True)])
def test_screenshots_in_light_and_dark_mode(open_map, width, height, dark):
    explorer = LegPainExplorer(side="right", pain=["calf", "posterior thigh"],
                               numbness=["lateral foot"], weakness=["ankle plantar flexion"],
                               other_leg={"numbness": ["dorsum of foot", "great toe"],
                                          "weakness": ["great toe extension"]})
    page = open_map(explorer, width=width, height=height, dark=dark)
    assert page.evaluate("getComputedStyle(document.querySelector('.lpx')).backgroundColor") == \
        ("rgb(21, 25, 29)" if dark else "rgb(255, 255, 255)")
    mode = "dark" if dark else "light"
    screenshot(page, f"explorer_{width}px_{mode}", full_page=False)
    screenshot(page, f"explorer_{width}px_{mode}_full")
    assert page.locator(".lpx-alarm").is_visible()


# ---- 4. the verdict stays in view --------------------------------------------------------------

IN_VIEW = """() => {
  const name = document.querySelector('.lpx-verdict .lpx-verdict-name');
  const prob = document.querySelector('.lpx-verdict .lpx-verdict-prob');
  if (!name || !prob) return null;
  const inside = (e) => { const r = e.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth; };
  const top = document.elementFromPoint(...(() => { const r = name.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2]; })());
  return { name: name.textContent, prob: prob.textContent, inView: inside(name) && inside(prob),
           onTop: !!top && !!top.closest('.lpx-verdict') };
}"""


def _expected_top(page) -> tuple[str, float]:
    found = _model_findings(page)
    explorer = _python_explorer(found)
    if explorer.candidates:
        top = explorer.candidates[0]
        return top["name"], top["probability"]
    other = explorer.other_leg
    middle = {k: [r for r in getattr(explorer, k) if r in MIDLINE]
              for k in ("pain", "numbness", "normal_sensation")}
    ranked = localize(pain=middle["pain"] + other["pain"],
                      numbness=middle["numbness"] + other["numbness"],
                      weakness=other["weakness"], reflexes=other["reflexes"],
                      normal_strength=other["normal_strength"],
                      normal_sensation=middle["normal_sensation"] + other["normal_sensation"],
                      both_legs=explorer.both_legs)
    return ranked[0].name, ranked[0].probability


def _percent(text: str) -> float:
    return float(text.strip().lstrip("<>").rstrip("%")) / 100


STEPS = [
    ("check", "numbness"),
    ("region", "dorsum of foot, left"),
    ("strength", "great toe extension", "weak"),
    ("region", "great toe, left"),
    ("reflex", "achilles", "reduced"),
    ("strength", "hip abduction", "normal"),
    ("leg", "right leg"),
    ("region", "calf, right"),
    ("strength", "ankle plantar flexion", "weak"),
    ("leg", "left leg"),
    ("reflex", "patellar", "normal"),
]


@pytest.mark.parametrize(("width", "height"), [(375, 800), (1280, 900)])
def test_the_top_candidate_stays_in_view_after_every_input(open_map, width, height):
    page = open_map(width=width, height=height, touch=width < 500)
    for step in STEPS:
        kind = step[0]
        if kind == "check":
            target = page.get_by_label(step[1], exact=True)
            target.scroll_into_view_if_needed()
            target.check()
            continue
        if kind == "region":
            target = region(page, step[1])
            target.scroll_into_view_if_needed()
            target.click()
        elif kind == "strength":
            target = page.locator(f".lpx-strength[data-action='{step[1]}']")
            target.scroll_into_view_if_needed()
            target.select_option(step[2])
        elif kind == "reflex":
            target = page.locator(f"select[data-reflex='{step[1]}']")
            target.scroll_into_view_if_needed()
            target.select_option(step[2])
        else:
            target = page.get_by_label(step[1], exact=True)
            target.scroll_into_view_if_needed()
            target.check()
        page.wait_for_timeout(30)
        shown = page.evaluate(IN_VIEW)
        assert shown is not None, f"no verdict after {step}"
        assert shown["inView"] and shown["onTop"], f"the verdict is out of view after {step}"
        name, probability = _expected_top(page)
        assert shown["name"] == name, step
        assert abs(_percent(shown["prob"]) - probability) <= 0.006, (step, shown["prob"], probability)
    screenshot(page, f"explorer_{width}px_verdict_in_view", full_page=False)


# ---- 5. damaged data ----------------------------------------------------------------------------

DAMAGE = {
    "geometry is a number": ({"geometry": 5}, "geometry"),
    "vocab is a list": ({"vocab": ["low back"]}, "vocab"),
    "roots_info is an object": ({"roots_info": {"L5": {}}}, "roots_info"),
    "geometry lacks its shapes": ({"geometry": {"width": 520, "height": 900, "views": [],
                                                "outlines": []}}, "geometry.shapes"),
    "a shape lacks its path": ("shape without d", "geometry.shapes"),
    "maps is a string": ({"maps": "lee2008"}, "maps"),
    "texts is missing": ({"texts": None}, "texts"),
    "nerves_info holds numbers": ({"nerves_info": [1, 2]}, "nerves_info"),
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_damaged_data_gives_a_readable_message_not_a_blank_box(open_map, case):
    damage, part = DAMAGE[case]
    explorer = LegPainExplorer(numbness=["sole"])
    if damage == "shape without d":
        shapes = [dict(s) for s in explorer.geometry["shapes"]]
        del shapes[3]["d"]
        damage = {"geometry": dict(explorer.geometry, shapes=shapes)}
    page = open_map(state=state_of(explorer, **damage), ready="broken")
    box = page.locator("#host .lpx-broken")
    assert box.get_attribute("role") == "alert"
    text = box.inner_text()
    assert "cannot be drawn" in text and part in text and "Run the notebook cell" in text
    assert page.evaluate("typeof window.lpxCleanup") in ("function", "undefined")
    # Later changes to the (broken) widget's model throw nothing either.
    page.evaluate("lpxModel.set('pain', ['calf']); lpxModel.set('side', 'right')")


def test_damaged_findings_and_ranking_table_keep_the_map_working(open_map):
    explorer = LegPainExplorer(numbness=["sole"])
    page = open_map(state=state_of(explorer, tables_packed={"encoding": "gzip+base64+json",
                                                            "data": "bm90IGd6aXA="}),
                    ready="failed")
    assert "missing or damaged" in page.locator(".lpx-results").inner_text()
    assert "No ranking available" in page.locator(".lpx-verdict").inner_text()
    region(page, "calf, left").click()  # the map still works
    assert page.evaluate("lpxModel.get('pain')") == ["calf"]
    page.evaluate("""() => { lpxModel.set('other_leg', 5); lpxModel.set('other_leg', ['calf']);
                             lpxModel.set('other_leg', {pain: 'calf', weakness: [3, null]});
                             lpxModel.set('pain', {calf: true}); lpxModel.set('side', 7); }""")
    assert page.locator(".lpx-figure").is_visible() and page.locator(".lpx-broken").count() == 0
    assert "The right leg: no findings" in page.locator(".lpx-f-other").inner_text()
    page2 = open_map(state=state_of(explorer, tables_packed=7), ready="failed")
    assert "missing or damaged" in page2.locator(".lpx-results").inner_text()


def test_every_finding_key_of_a_leg_is_synced():
    """The browser and Python agree on what one leg's findings are."""
    js = (WIDGET_DIR / "widget.js").read_text(encoding="utf-8")
    assert 'const LEG_FINDINGS = ["' + '", "'.join(LEG_FINDINGS) + '"];' in js


# ---- both legs in a live kernel ----------------------------------------------------------------

def test_both_legs_reach_python_in_jupyterlab(browser, tmp_path):
    """In JupyterLab the browser swaps the legs and sends the whole state at once; Python takes
    it as it is (nothing swapped twice), ranks with both legs, and a Python change redraws."""
    from lab import Lab, open_notebook, run_all, run_code

    lab = Lab(tmp_path)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        open_notebook(page, lab, "03_dermatomes_and_the_leg_pain_explorer.ipynb")
        run_all(page)
        explorer = page.locator(".lpx").nth(1)  # the chapter's `explorer`
        explorer.wait_for(timeout=30000)
        explorer.get_by_label("pain", exact=True).check()
        explorer.locator('.lpx-region[aria-label="calf, left"][role=button]').click()
        explorer.get_by_label("right leg", exact=True).check()
        explorer.locator('.lpx-region[aria-label="calf, right"][role=button]').click()
        output = run_code(page, "print(explorer.side, explorer.pain, explorer.other_leg['pain'], "
                                "explorer.both_legs, explorer.candidates[0]['kind'])")
        assert output.startswith("right ['calf'] ['calf'] True "), output
        assert output.strip().endswith(("several roots", "above the roots")), output
        assert "EMERGENCY (now)" in explorer.locator(".lpx-alarm").inner_text()
        run_code(page, "explorer.numbness = ['heel']")  # on the right leg
        run_code(page, "explorer.side = 'left'")  # from Python: the legs swap, the map follows
        page.wait_for_function("""() => [...document.querySelectorAll('.lpx')][1]
            .querySelector('.lpx-f-other').textContent.includes('heel')""")
        assert explorer.get_by_label("left leg", exact=True).is_checked()
        assert "calf" in explorer.locator(".lpx-f-pain").inner_text()
        assert "pain: calf" in explorer.locator(".lpx-f-other").inner_text()
        output = run_code(page, "print(explorer.pain, explorer.other_leg['numbness'])")
        assert output.startswith("['calf'] ['heel']"), output
    finally:
        context.close()
        lab.stop()

"""Two widgets of one kind on one page never share ids, radio groups or styles.

JupyterLab's anywidget imports a fresh copy of a widget's module for every model, so a
module-level id counter starts again at 1 in each copy; the static book's loader caches modules
by their code, which hides that. Here the second instance of every widget kind gets its own copy
of the module (its code differs by a trailing comment, so the book's loader imports it afresh, as
JupyterLab would), and the page is checked the way a student would notice: a label clicked in one
widget must not tick a box in the other, and every id a widget points at must be its own.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from test_widget_palette_browser import WIDGETS, WIDGETS_DIR
from widget_harness import open_static

pytestmark = pytest.mark.browser

# Every id, name and id reference of each rendered widget, by instance.
COLLECT = """() => {
  const roots = [...document.querySelectorAll('.legpain-static-widget')];
  const refs = (e) => {
    const out = [];
    for (const attr of ['for', 'aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-owns', 'list']) {
      const v = e.getAttribute(attr);
      if (v) v.split(/\\s+/).forEach((id) => out.push([attr, id]));
    }
    for (const attr of ['fill', 'stroke', 'clip-path', 'mask', 'filter', 'href', 'xlink:href', 'style']) {
      const v = e.getAttribute(attr) || '';
      for (const m of v.matchAll(/url\\(#([^)]+)\\)/g)) out.push([attr, m[1]]);
      if (attr === 'href' && v.startsWith('#') && v.length > 1 && e.localName !== 'a') {
        out.push([attr, v.slice(1)]);
      }
    }
    return out;
  };
  return roots.map((root, index) => {
    const all = [...root.querySelectorAll('*')];
    return {
      ids: all.filter((e) => e.id).map((e) => e.id),
      names: all.filter((e) => e.matches('input[type=radio], input[type=checkbox]') && e.name)
        .map((e) => e.name),
      broken: all.flatMap((e) => refs(e).map(([attr, id]) => {
        const target = document.getElementById(id);
        if (!target) return `${e.localName}[${attr}] -> #${id} (missing)`;
        const owner = roots.findIndex((r) => r.contains(target));
        return owner === index ? null : `${e.localName}[${attr}] -> #${id} (in widget ${owner + 1})`;
      }).filter(Boolean)),
    };
  });
}"""

# Click every radio button and checkbox label of widget 1; report any control of widget 2 that changed.
CROSSTALK = """() => {
  const [one, two] = document.querySelectorAll('.legpain-static-widget');
  const state = () => [...two.querySelectorAll('input[type=radio], input[type=checkbox]')]
    .map((i) => i.checked);
  const before = state();
  const labels = [...one.querySelectorAll('label')].filter((l) => l.control
    && l.control.matches('input[type=radio], input[type=checkbox]') && !l.control.disabled);
  labels.forEach((l) => l.click());
  const after = state();
  return { clicked: labels.length, changed: after.filter((v, i) => v !== before[i]).length };
}"""


def _two_module_copies(factory):
    """Two instances whose modules are separate copies, as anywidget gives them in JupyterLab."""
    first, second = factory(), factory()
    second._esm = second._esm + "\n// second copy of this module (JupyterLab imports one per model)\n"
    assert first._esm != second._esm
    return [first, second]


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_two_instances_with_fresh_module_copies_share_no_id_name_or_label(watched_page, name):
    page = watched_page
    factory, root_class = WIDGETS[name]
    open_static(page, _two_module_copies(factory))
    assert page.locator(f".{root_class}").count() == 2, f"{name}: both instances render"
    one, two = page.evaluate(COLLECT)
    duplicated = sorted({i for i in one["ids"] + two["ids"] if (one["ids"] + two["ids"]).count(i) > 1})
    assert duplicated == [], f"{name}: ids used twice on the page: {duplicated[:10]}"
    shared = sorted(set(one["names"]) & set(two["names"]))
    assert shared == [], f"{name}: radio/checkbox groups shared by both widgets: {shared[:10]}"
    broken = one["broken"] + two["broken"]
    assert broken == [], f"{name}: references leaving their own widget: {broken[:10]}"
    crosstalk = page.evaluate(CROSSTALK)
    assert crosstalk["changed"] == 0, f"{name}: clicking labels in widget 1 changed widget 2: {crosstalk}"
    assert page.watch.console_errors == [] and page.watch.external == []


def test_ids_stay_unique_when_many_module_copies_start_their_counters_again(watched_page):
    """Ten lumbar-spine widgets (chapter 01 has two), each from its own module copy."""
    page = watched_page
    factory, _ = WIDGETS["spine"]
    widgets = []
    for copy in range(10):
        widget = factory()
        widget._esm = widget._esm + f"\n// module copy {copy}\n"
        widgets.append(widget)
    open_static(page, widgets)
    ids = page.evaluate("[...document.querySelectorAll('.legpain-static-widget [id]')].map((e) => e.id)")
    assert len(ids) > 10 and len(ids) == len(set(ids))


def _class_prefixes(css: str) -> set[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = " ".join(re.findall(r"([^{}]+)\{", css))
    return {name.split("-")[0] for name in re.findall(r"\.(-?[_a-zA-Z][\w-]*)", selectors)}


def test_no_two_widget_kinds_share_a_class_prefix():
    owners = defaultdict(list)
    for path in sorted(WIDGETS_DIR.glob("*/widget.css")):
        prefixes = _class_prefixes(path.read_text(encoding="utf-8"))
        assert len(prefixes) == 1, f"{path.parent.name}: one class prefix, found {sorted(prefixes)}"
        for prefix in prefixes:
            owners[prefix].append(path.parent.name)
    shared = {prefix: kinds for prefix, kinds in owners.items() if len(kinds) > 1}
    assert shared == {}, f"class prefixes used by more than one widget kind: {shared}"
    assert len(owners) == len(WIDGETS) >= 11
    # the prefix each test looks a widget up by is that widget's own
    for name, (_, root_class) in WIDGETS.items():
        assert owners[root_class] == [name]
    # and the JavaScript builds class names with the same prefix only
    for name, (_, root_class) in WIDGETS.items():
        js = (WIDGETS_DIR / name / "widget.js").read_text(encoding="utf-8")
        foreign = {p for p in owners if p != root_class and re.search(rf"[\"'` ]{p}-[a-z]", js)}
        assert foreign == set(), f"{name}/widget.js uses another widget's classes: {sorted(foreign)}"


# ---- the same in a real JupyterLab, where anywidget really imports one module copy per model ----

@pytest.fixture(scope="module")
def dark_lab(tmp_path_factory):
    """JupyterLab on a copy of the notebooks, with its dark theme chosen in the user settings."""
    from lab import Lab

    server = Lab(tmp_path_factory.mktemp("lab"))
    themes = server.workdir / "settings" / "@jupyterlab" / "apputils-extension" / "themes.jupyterlab-settings"
    themes.write_text('{"theme": "JupyterLab Dark"}')
    yield server
    server.stop()


def test_chapter_01s_two_spine_widgets_in_jupyterlab_are_independent_and_readable_in_dark(browser, dark_lab):
    from lab import error_outputs, open_notebook, run_all
    from test_widget_palette_browser import CONTRAST

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        open_notebook(page, dark_lab, "01_lumbar_spine_anatomy.ipynb")
        run_all(page)
        assert error_outputs(page) == []
        spines = page.locator(".lps")
        spines.nth(1).wait_for(timeout=30000)
        assert spines.count() == 2
        ids = page.evaluate("[...document.querySelectorAll('.lps [id]')].map((e) => e.id)")
        assert len(ids) > 10 and sorted(i for i in set(ids) if ids.count(i) > 1) == []
        names = page.evaluate("""() => [...document.querySelectorAll('.lps')].map((w) =>
            [...w.querySelectorAll('input[type=radio]')].map((i) => i.name))""")
        assert set(names[0]) and not set(names[0]) & set(names[1])
        # a student picks zone 4 in the first widget: the second keeps its own zone
        before = spines.nth(1).locator("input[type=radio]:checked").evaluate_all("els => els.map(e => e.id)")
        spines.nth(0).get_by_text("4 Extraforaminal (far lateral)").click()
        assert spines.nth(0).get_by_label("4 Extraforaminal (far lateral)").is_checked()
        after = spines.nth(1).locator("input[type=radio]:checked").evaluate_all("els => els.map(e => e.id)")
        assert after == before
        # JupyterLab's dark theme: the widgets paint their own dark background and readable text
        assert page.evaluate("document.body.dataset.jpThemeLight") == "false"
        result = page.evaluate(CONTRAST, ".lps, .lpq")
        assert result["checked"] > 50 and result["failures"] == [], result["failures"][:10]
        page.locator(".lps").first.screenshot(path="/tmp/legpain-spine-jupyterlab-dark.png")
    finally:
        context.close()

"""Every course widget is readable in light and in dark mode, in the book and in JupyterLab.

Each widget of the registry is rendered by the static book's own loader (tests/widget_harness.py),
then the page gets the book's real theme stylesheets (pydata-sphinx-theme, sphinx-book-theme) in
light and dark mode (``html[data-theme]``, which pydata-sphinx-theme always sets, resolving "auto"
itself) and JupyterLab's real light and dark theme variables (``body[data-jp-theme-light]``).
For every visible text element the test
computes the WCAG 2 contrast ratio between its colour and the background it is actually drawn on
(the first non-transparent background up the tree, semi-transparent layers and gradient stripes
composited), and requires at least 4.5:1. A static check keeps colour literals in the one
palette file.
"""

from __future__ import annotations

import re
import sysconfig
from pathlib import Path

import pytest
from widget_harness import open_static
from widget_registry import WIDGETS

WIDGETS_DIR = Path(__file__).resolve().parents[1] / "src" / "legpain" / "widgets"
PALETTE = WIDGETS_DIR / "_shared" / "palette.css"

# Clicks that bring out the coloured states (answers marked right and wrong, the emergency banner).
INTERACT = """(name) => {
  const root = document.querySelector('.legpain-static-widget');
  const click = (sel, n = 1) => [...root.querySelectorAll(sel)].slice(0, n).forEach((e) => e.click());
  if (name === 'triage') {
    const label = [...root.querySelectorAll('label')].find((l) => /urinary retention/.test(l.textContent));
    if (label) label.click();
    click('input[type=checkbox]:not(:checked)', 2);
  } else if (name === 'claudication' || name === 'differential') {
    click('input[type=checkbox]', 4);
  } else if (name === 'quiz' || name === 'cases') {
    root.querySelectorAll('fieldset, .lpq-question').forEach((q) => {
      const radios = q.querySelectorAll('input[type=radio]');
      if (radios.length) radios[radios.length > 1 ? 1 : 0].click();
    });
    [...root.querySelectorAll('button')].filter((b) => /check/i.test(b.textContent))
      .forEach((b) => b.click());
  } else if (name === 'evidence') {
    click('.lpev-row', 1);
  }
}"""

# WCAG 2 contrast of every visible text element against what it is drawn on.
CONTRAST = """(rootSelector) => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const parse = (css) => {            // any CSS colour -> [r, g, b, a], via the browser itself
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = 'rgba(0, 0, 0, 0)';
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  };
  const over = (top, bottom) => {     // top composited over an opaque bottom
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1);
  };
  const lum = (c) => {
    const ch = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const colourRe = /(rgba?\\([^)]*\\)|color\\([^)]*\\)|#[0-9a-f]{3,8}\\b)/gi;
  // The backgrounds an element is drawn on: every stripe of a gradient counts.
  const backgrounds = (node) => {
    const layers = [];
    for (let e = node; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      const stops = (cs.backgroundImage.match(colourRe) || []).map(parse).filter((c) => c[3] > 0);
      const colour = parse(cs.backgroundColor);
      if (colour[3] > 0) layers.push([colour]);
      if (stops.length) layers.push(stops);
      if (colour[3] >= 1) break;
    }
    let candidates = [[255, 255, 255, 1]];  // the canvas under everything
    for (const layer of layers.reverse()) {
      const next = [];
      for (const base of candidates) for (const c of layer) next.push(over(c, base));
      candidates = next.slice(0, 64);
    }
    return candidates;
  };
  const failures = [];
  let checked = 0;
  const seen = new Set();
  for (const root of document.querySelectorAll(rootSelector)) {
    for (const e of root.querySelectorAll('*')) {
      const tag = e.localName;
      if (['option', 'title', 'desc', 'style', 'script', 'defs', 'pattern'].includes(tag)) continue;
      const hasText = tag === 'select'
        || [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!hasText) continue;
      if (!e.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      const rect = e.getBoundingClientRect();
      if (rect.width <= 1 || rect.height <= 1) continue;
      // An icon glyph (no letter or digit) hidden from screen readers repeats a word beside it: it is
      // a graphic, held to the 3:1 of WCAG 1.4.11 rather than the 4.5:1 of text.
      const icon = e.closest('[aria-hidden=true]') && !/[\\p{L}\\p{N}]/u.test(e.textContent);
      const needed = icon ? 3 : 4.5;
      if (e.matches(':disabled') || (e.control && e.control.disabled)) continue;  // inactive (WCAG 1.4.3)
      const cs = getComputedStyle(e);
      const isSvgText = e instanceof SVGElement;
      let fg = parse(isSvgText ? cs.fill : cs.color);
      let bgs;
      if (isSvgText && cs.stroke !== 'none' && /^stroke/.test(cs.paintOrder)
          && parseFloat(cs.strokeWidth) >= 2) {
        bgs = backgrounds(e).map((b) => over(parse(cs.stroke), b));  // a halo drawn under the text
      } else {
        bgs = backgrounds(e);
      }
      const worst = Math.min(...bgs.map((b) => ratio(over(fg, b), b)));
      checked += 1;
      if (worst < needed) {
        const key = tag + '.' + [...e.classList].join('.') + ' ' + e.textContent.trim().slice(0, 40);
        if (seen.has(key)) continue;
        seen.add(key);
        failures.push(`${key} ${worst.toFixed(2)}:1 (${isSvgText ? cs.fill : cs.color} on `
          + `${bgs.map((b) => 'rgb(' + b.slice(0, 3).map(Math.round).join(',') + ')').join('/')})`);
      }
    }
  }
  return { checked, failures };
}"""

_SITE = Path(sysconfig.get_paths()["purelib"])
BOOK_CSS = [_SITE / "pydata_sphinx_theme/theme/pydata_sphinx_theme/static/styles/pydata-sphinx-theme.css",
            _SITE / "sphinx_book_theme/theme/sphinx_book_theme/static/styles/sphinx-book-theme.css"]
LAB_THEMES = _SITE / "jupyterlab" / "themes" / "@jupyterlab"
# JupyterLab's page: its theme's variables colour the body (as @jupyterlab/application does).
LAB_BODY = "body { background: var(--jp-layout-color0); color: var(--jp-ui-font-color1); }"

# mode -> (html data-theme, body data-jp-theme-light, the page's own stylesheets)
MODES = {
    "book-light": ("light", None, BOOK_CSS),
    "book-dark": ("dark", None, BOOK_CSS),
    "lab-light": (None, "true", [LAB_THEMES / "theme-light-extension" / "index.css"]),
    "lab-dark": (None, "false", [LAB_THEMES / "theme-dark-extension" / "index.css"]),
}

pytestmark = pytest.mark.browser


def set_mode(page, mode: str) -> None:
    """Give the page the book's or JupyterLab's real theme stylesheets and colour-mode attribute.

    The page's styles go first in <head>, before the widgets' own, as in the book and in the lab.
    """
    theme, jp_light, sheets = MODES[mode]
    css = "\n".join(path.read_text(encoding="utf-8") for path in sheets)
    if jp_light is not None:
        css += "\n" + LAB_BODY
    page.evaluate("""([theme, jpLight, css]) => {
        document.querySelectorAll('style.legpain-test-theme').forEach((s) => s.remove());
        const style = document.createElement('style');
        style.className = 'legpain-test-theme';
        style.textContent = css;
        document.head.prepend(style);
        if (theme) document.documentElement.dataset.theme = theme;
        else delete document.documentElement.dataset.theme;
        if (jpLight) document.body.dataset.jpThemeLight = jpLight;
        else delete document.body.dataset.jpThemeLight;
    }""", [theme, jp_light, css])


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_every_text_in_every_widget_is_readable_in_light_and_dark_mode(watched_page, name):
    page = watched_page
    factory, root_class = WIDGETS[name]
    open_static(page, [factory()])
    page.evaluate(INTERACT, name)
    page.wait_for_timeout(100)
    problems = []
    for mode in MODES:
        set_mode(page, mode)
        result = page.evaluate(CONTRAST, ".legpain-static-widget")
        assert result["checked"] > 5, f"{name}: hardly any text found in {mode} mode"
        problems += [f"[{mode}] {f}" for f in result["failures"]]
        # The widget paints its own background: it never relies on the page's.
        background = page.evaluate(
            "(cls) => getComputedStyle(document.querySelector('.' + cls)).backgroundColor", root_class)
        if background in ("rgba(0, 0, 0, 0)", "transparent"):
            problems.append(f"[{mode}] .{root_class} has no background of its own")
    assert problems == [], f"{name}: text below 4.5:1\n" + "\n".join(problems)
    assert page.watch.console_errors == [] and page.watch.external == []


@pytest.mark.parametrize("name", ["triage", "explorer"])
def test_dark_mode_screenshots_of_the_triage_and_the_explorer(watched_page, name, tmp_path_factory):
    """PNGs under /tmp for a person to look at (the emergency banner in dark mode)."""
    page = watched_page
    factory, root_class = WIDGETS[name]
    open_static(page, [factory()])
    page.evaluate(INTERACT, name)
    for mode in ("book-dark", "lab-dark"):
        set_mode(page, mode)
        path = Path("/tmp") / f"legpain-{name}-{mode}.png"
        page.locator(f".{root_class}").first.screenshot(path=str(path))
        assert path.stat().st_size > 5000


COLOUR_LITERAL = re.compile(
    r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(|"
    r"(?:color|background(?:-color)?|fill|stroke|stop-color|border(?:-[a-z]+)*|outline(?:-color)?|"
    r"accent-color|box-shadow|text-decoration-color)\s*:[^;}]*\b(?:white|black|red|green|blue|yellow|"
    r"orange|grey|gray|silver|navy|purple|pink|brown)\b")


def _code_without_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"(?m)^\s*//.*$", "", text)


def test_no_colour_is_written_anywhere_but_the_palette():
    offenders = []
    files = sorted(WIDGETS_DIR.glob("*/widget.css")) + sorted(WIDGETS_DIR.glob("*/widget.js"))
    assert len(files) == 2 * len(WIDGETS)  # a widget.css and a widget.js per registered widget
    for path in files:
        code = _code_without_comments(path.read_text(encoding="utf-8"))
        for number, line in enumerate(code.splitlines(), 1):
            # '#' followed by hex also starts an id reference in url(#...) and selectors: skip those
            # and palette names (var(--lp-green)) are what every colour should be
            cleaned = re.sub(r"url\(#[^)]*\)|#\$\{[^}]*\}|var\(--[\w-]+", "", line)
            if COLOUR_LITERAL.search(cleaned):
                offenders.append(f"{path.relative_to(WIDGETS_DIR)}:{number}: {line.strip()[:120]}")
    for path in sorted(WIDGETS_DIR.glob("*/*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"[\"']#[0-9a-fA-F]{3,8}[\"']", line):
                offenders.append(f"{path.relative_to(WIDGETS_DIR)}:{number}: {line.strip()[:120]}")
    assert offenders == [], "colours outside _shared/palette.css:\n" + "\n".join(offenders)


def test_the_palette_has_light_and_dark_values_for_the_book_and_jupyterlab():
    css = PALETTE.read_text(encoding="utf-8")
    light, _, dark = css.partition('html[data-theme="dark"]')
    assert 'body[data-jp-theme-light="false"]' in dark
    names = set(re.findall(r"(--lp-[\w-]+)\s*:", light))
    assert names == set(re.findall(r"(--lp-[\w-]+)\s*:", dark)), "every token needs a dark value"
    for token in ("bg", "surface", "text", "text-muted", "border", "focus", "orange", "sky", "green",
                  "yellow", "blue", "vermilion", "purple", "emergency-text", "emergency-bg",
                  "emergency-border", "urgent-text", "urgent-bg", "urgent-border", "routine-text",
                  "routine-bg", "routine-border"):
        assert f"--lp-{token}" in names
    # every var() a widget uses exists in the palette (a typo would silently fall back to nothing)
    for path in sorted(WIDGETS_DIR.glob("*/widget.css")) + sorted(WIDGETS_DIR.glob("*/widget.js")):
        used = set(re.findall(r"var\((--lp-[\w-]+)", path.read_text(encoding="utf-8")))
        assert used <= names, f"{path.parent.name}: unknown palette names {sorted(used - names)}"


def test_each_widget_ships_the_palette_before_its_own_css():
    for name, (factory, _) in WIDGETS.items():
        css = factory()._css
        assert isinstance(css, str)
        assert css.startswith(PALETTE.read_text(encoding="utf-8").strip()), name
        own = (WIDGETS_DIR / name / "widget.css").read_text(encoding="utf-8").strip()
        assert css.rstrip().endswith(own), name

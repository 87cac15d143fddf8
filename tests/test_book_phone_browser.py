"""The built book reads on a phone (375 px) and in dark mode (book/_static/legpain-book.css and .js).

One Chromium context at 375 px visits every page of the book once and records what spills over the
column (the page itself, plain-text outputs, headings, tables); the tests below read that survey.
"""

from __future__ import annotations

import re

import pytest
from conftest import BUILD_HTML, PageWatch
from test_accessibility import set_mode

pytestmark = [pytest.mark.browser, pytest.mark.book]

PHONE = {"width": 375, "height": 800}
TABLE_PAGES = ["book/red_flags.html", "notebooks/09_treatment_and_prevention.html"]
CARD_PAGE = "notebooks/05_stenosis_and_spondylolisthesis.html"
TRIAGE_PAGE = "notebooks/08_red_flags.html"


def toc_pages() -> list[str]:
    """index.html and every page under book/ and notebooks/ of the built book."""
    if not BUILD_HTML.exists():
        return []
    found = [p.relative_to(BUILD_HTML).as_posix() for folder in ("book", "notebooks")
             for p in (BUILD_HTML / folder).rglob("*.html")]
    return ["index.html", *sorted(found)] if (BUILD_HTML / "index.html").exists() else sorted(found)


SURVEY_JS = """() => {
  const over = (el, slack) => el.scrollWidth > el.clientWidth + slack;
  const name = (el) => (el.textContent || "").replace(/\\s+/g, " ").trim().slice(0, 60);
  const article = document.querySelector(".bd-article");
  const column = article ? article.getBoundingClientRect() : null;
  return {
    scrollWidth: document.documentElement.scrollWidth,
    pres: [...document.querySelectorAll(".cell_output pre")]
      .filter((pre) => pre.offsetParent && (over(pre, 1)
        || pre.getBoundingClientRect().width > pre.parentElement.clientWidth + 1))
      .map(name),
    headings: [...document.querySelectorAll(".bd-article h1, .bd-article h2, .bd-article h3")]
      .filter((h) => over(h, 0)).map(name),
    tables: [...document.querySelectorAll(".bd-article table")]
      .filter((t) => over(t, 1) || (column && t.getBoundingClientRect().right > column.right + 1))
      .map((t) => name(t.querySelector("caption, th") || t)),
  };
}"""


def _wait_for_widgets(page) -> None:
    if page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count():
        page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")


@pytest.fixture(scope="module")
def phone(browser):
    """One 375 px context for the module; its pages block outside requests like `watched_page`."""
    context = browser.new_context(viewport=PHONE)
    watch = PageWatch()
    page = context.new_page()
    watch.attach(context, page)
    page.watch = watch  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture(scope="module")
def survey(phone, book_url) -> dict[str, dict]:
    """What overflows on each page of the book at 375 px, measured once."""
    results = {}
    for path in toc_pages():
        phone.goto(f"{book_url}/{path}", wait_until="networkidle")
        _wait_for_widgets(phone)
        results[path] = phone.evaluate(SURVEY_JS)
    return results


def test_the_survey_covers_the_book(survey):
    assert "index.html" in survey and "book/red_flags.html" in survey
    assert sum(p.startswith("notebooks/") for p in survey) >= 10


def test_no_page_scrolls_sideways_on_a_phone(survey):
    wide = {path: r["scrollWidth"] for path, r in survey.items() if r["scrollWidth"] > PHONE["width"]}
    assert wide == {}, f"pages wider than {PHONE['width']} px: {wide}"


def test_plain_text_outputs_wrap_on_a_phone(survey):
    cut = {path: r["pres"] for path, r in survey.items() if r["pres"]}
    assert cut == {}, f"plain-text outputs wider than their column: {cut}"


def test_headings_fit_on_a_phone(survey):
    long = {path: r["headings"] for path, r in survey.items() if r["headings"]}
    assert long == {}, f"headings wider than the column: {long}"


def test_no_table_is_wider_than_the_column_on_a_phone(survey):
    wide = {path: r["tables"] for path, r in survey.items() if r["tables"]}
    assert wide == {}, f"tables wider than the column: {wide}"


LABELS_JS = """() => [...document.querySelectorAll('.bd-article table')].map((t) => {
  const heads = [...(t.tHead ? t.tHead.rows[0].cells : [])]
    .map((c) => c.textContent.replace(/\\s+/g, ' ').trim());
  const cells = [...t.querySelectorAll('tbody td')];
  return {heads, role: t.getAttribute('role'), display: getComputedStyle(t).display,
          rows: [...t.querySelectorAll('tbody tr')].every((r) => r.getAttribute('role') === 'row'),
          cellRoles: cells.every((c) => c.getAttribute('role') === 'cell'),
          labels: cells.map((c) => [c.getAttribute('data-label'), heads[c.cellIndex]]),
          caption: t.caption ? getComputedStyle(t.caption).display : null};
})"""


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_tables_show_each_row_as_a_labelled_block_on_a_phone(phone, book_url, path):
    phone.goto(f"{book_url}/{path}", wait_until="networkidle")
    tables = phone.evaluate(LABELS_JS)
    wide = [t for t in tables if len(t["heads"]) >= 3]
    assert wide, f"{path}: no table of three or more columns"
    for table in wide:
        assert table["role"] == "table" and table["rows"] and table["cellRoles"], table["heads"]
        assert table["display"] == "block", f"{table['heads']} is not stacked"
        assert all(label == head for label, head in table["labels"]), table["heads"]
        assert table["caption"] in (None, "block")
    assert phone.watch.console_errors == []


def test_what_to_do_of_the_first_rule_is_on_screen(phone, book_url):
    phone.goto(f"{book_url}/book/red_flags.html", wait_until="networkidle")
    cell = phone.locator('.bd-article td[data-label="What to do"]').first
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert 0 <= box["y"] < PHONE["height"]
    hit = phone.evaluate("""(el) => { const r = el.getBoundingClientRect();
        const at = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height, 40) / 2);
        return !!at && el.contains(at); }""", cell.element_handle())
    assert hit, "the 'What to do' cell is covered or clipped"


def test_tables_stay_tables_on_a_wide_screen(watched_page, book_url):
    watched_page.goto(f"{book_url}/book/red_flags.html", wait_until="networkidle")
    displays = watched_page.evaluate(
        "[...document.querySelectorAll('.bd-article table')].map((t) => getComputedStyle(t).display)")
    assert displays and set(displays) == {"table"}


CONTRAST_JS = """(selector) => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let out = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) out = [r * a + out[0] * (1 - a),
      g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)];
    return out;
  };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  return [...document.querySelectorAll(selector)].filter((el) => el.textContent.trim())
    .map((el) => { const bg = background(el); const fg = parse(getComputedStyle(el).color);
      const a = fg[3]; const text = [0, 1, 2].map((i) => fg[i] * a + bg[i] * (1 - a));
      const [l1, l2] = [lum(text), lum(bg)].sort((x, y) => y - x);
      return [el.tagName + ': ' + el.textContent.trim().slice(0, 40), (l1 + 0.05) / (l2 + 0.05)]; });
}"""


@pytest.mark.parametrize("path,selector", [
    ("notebooks/09_treatment_and_prevention.html", ".legpain-table caption, .legpain-table td"),
    (CARD_PAGE, ".legpain-card-title, .legpain-card dt, .legpain-card dd"),
])
@pytest.mark.parametrize("width", [375, 1200])
def test_course_tables_and_cards_are_readable_in_dark_mode(watched_page, book_url, path, selector, width):
    watched_page.set_viewport_size({"width": width, "height": 800})
    watched_page.goto(f"{book_url}/{path}", wait_until="networkidle")
    set_mode(watched_page, "dark")
    ratios = watched_page.evaluate(CONTRAST_JS, selector)
    assert ratios, f"{path}: nothing matches {selector}"
    low = [(what, round(r, 2)) for what, r in ratios if r < 4.5]
    assert low == [], f"{path}: text below 4.5:1 in dark mode: {low[:5]}"


def _open_contents(page):
    buttons = page.locator(".secondary-toggle")
    shown = [buttons.nth(i) for i in range(buttons.count()) if buttons.nth(i).is_visible()]
    assert shown, "no visible page-contents button"
    shown[0].click()
    page.wait_for_function("document.getElementById('pst-secondary-sidebar-modal').open")
    return page.locator("#pst-secondary-sidebar-modal")


def test_the_page_contents_close_when_a_section_is_chosen(phone, book_url):
    phone.goto(f"{book_url}/{CARD_PAGE}", wait_until="networkidle")
    links = _open_contents(phone).locator("a[href^='#']")
    assert links.count() >= 3
    link = links.nth(2)
    target = link.get_attribute("href")[1:]
    link.click()
    phone.wait_for_function("!document.getElementById('pst-secondary-sidebar-modal').open",
                            timeout=3000)
    assert phone.url.endswith("#" + target)
    top = phone.evaluate("(id) => document.getElementById(id).getBoundingClientRect().top", target)
    assert 0 <= top < 200, f"the chosen section is not at the top of the screen ({top} px)"
    assert phone.evaluate("(id) => document.getElementById(id).contains(document.activeElement)",
                          target), "the focus moves to the chosen section"


def test_the_page_contents_close_with_escape_after_a_tap_inside(phone, book_url):
    phone.goto(f"{book_url}/{CARD_PAGE}", wait_until="networkidle")
    dialog = _open_contents(phone)
    box = dialog.bounding_box()
    # a tap on the panel's blank area, as on a phone, takes the focus out of the dialog's links
    phone.mouse.click(box["x"] + box["width"] - 5, box["y"] + box["height"] - 5)
    phone.evaluate("document.activeElement && document.activeElement.blur()")
    assert phone.evaluate("document.getElementById('pst-secondary-sidebar-modal').open")
    phone.keyboard.press("Escape")
    phone.wait_for_function("!document.getElementById('pst-secondary-sidebar-modal').open",
                            timeout=3000)


def test_back_to_top_does_not_cover_the_triage_verdict(phone, book_url):
    phone.goto(f"{book_url}/{TRIAGE_PAGE}", wait_until="networkidle")
    _wait_for_widgets(phone)
    verdict = phone.locator(".lpt-mini").first
    assert verdict.count() == 1, "the triage widget's sticky verdict is missing"
    # part-way down the list of signs, the verdict is pinned to the bottom of the screen
    verdict.evaluate("(el) => window.scrollTo(0, el.parentElement.getBoundingClientRect().top"
                     " + window.scrollY + 100)")
    phone.mouse.wheel(0, 400)
    phone.wait_for_timeout(300)
    phone.mouse.wheel(0, -200)  # scrolling up is what shows the theme's button
    phone.wait_for_timeout(500)
    b = verdict.bounding_box()
    assert b and b["y"] + b["height"] >= PHONE["height"] - 2, f"the verdict is not pinned: {b}"
    pill = phone.locator("#pst-back-to-top")
    shown = pill.count() and pill.is_visible()
    if shown:
        a = pill.bounding_box()
        if a:
            overlap = not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                           or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])
            assert not overlap, f"'Back to top' {a} covers the verdict {b}"


def test_chapter_titles_fit_and_the_page_has_a_language(phone, book_url):
    phone.goto(f"{book_url}/{CARD_PAGE}", wait_until="networkidle")
    assert re.match(r"en", phone.evaluate("document.documentElement.lang") or "")
    title = phone.locator(".bd-article h1").first
    assert "spondylolisthesis" in title.inner_text().lower()
    assert phone.evaluate("(h) => h.scrollWidth <= h.clientWidth", title.element_handle())
    # the whole word sits on one line: no break inside "spondylolisthesis"
    assert phone.evaluate("""(h) => {
        const range = document.createRange(); const walker = document.createTreeWalker(h, 4);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const i = n.data.toLowerCase().indexOf('spondylolisthesis'); if (i < 0) continue;
          range.setStart(n, i); range.setEnd(n, i + 17); return range.getClientRects().length === 1; }
        return false; }""", title.element_handle())


def test_folded_tables_and_card_details_open_for_printing_and_close_after(watched_page, book_url):
    """Paper has no clicks: printing (and the PDF edition, which fires beforeprint) opens folded
    reference tables and cause-card details; the folded Python code stays folded."""
    page = watched_page
    page.goto(f"{book_url}/notebooks/09_treatment_and_prevention.html")
    folds = page.locator("details.legpain-table-fold")
    assert folds.count() >= 5
    assert page.evaluate("Array.from(document.querySelectorAll('details.legpain-table-fold'))"
                         ".every((d) => !d.open)")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("Array.from(document.querySelectorAll('details.legpain-table-fold'))"
                         ".every((d) => d.open)")
    assert page.evaluate("Array.from(document.querySelectorAll('.cell details.hide'))"
                         ".every((d) => !d.open)"), "the Python code stays folded on paper"
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("Array.from(document.querySelectorAll('details.legpain-table-fold'))"
                         ".every((d) => !d.open)")

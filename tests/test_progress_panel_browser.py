"""The reader's progress on the front page (book/_static/legpain-progress.js), in Chromium.

A small site shaped like the built book (pages under book/ and notebooks/, the theme's
``data-content_root``, a menu of chapter links) is served from 127.0.0.1: a chapter page draws the
real quiz widget from its saved state with the book's own loader, the student answers in it, and the
front page then shows the chapters visited, the quiz score read from the quiz's own stored answers,
the review cards due and the drill's average score per root; "Forget my progress" deletes every
legpain-* key and nothing else. The
panel stays readable in the book's dark mode and at 375 px, and says so when storage is refused.
"""

from __future__ import annotations

import html
import json
import shutil

import pytest
from conftest import ROOT, scratch_folder, serve

from legpain.reasoning.deficit_drill import record
from legpain.reasoning.spacing import review_card
from legpain.widgets import Quiz, ReviewDeck

pytestmark = pytest.mark.browser
STATIC = ROOT / "book" / "_static"
READY = "document.documentElement.dataset.legpainProgress === 'ready'"
CHAPTERS = [("notebooks/08_red_flags.html", "Red flags"),
            ("notebooks/09_treatment_and_prevention.html", "Treatment"),
            ("notebooks/practice_review_deck.html", "Review deck")]


def _as_the_book_writes(state_json: str) -> str:
    """The page's state as the book's extension writes it: shared values once, large state packed."""
    import sys

    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    import legpain_book

    for step in ("share_repeated_values", "pack_state", "escape_script_json"):
        if hasattr(legpain_book, step):
            state_json = getattr(legpain_book, step)(state_json)
    return state_json.replace("<", "\\u003c")


def _page(path: str, body: str, widgets=()) -> str:
    """One page of the small site: the theme's content root, a chapter menu, our scripts."""
    depth = path.count("/")
    root = "../" * depth or "./"
    nav = "".join(f'<li><a class="reference internal" href="{root}{href}">{html.escape(title)}</a></li>'
                  for href, title in CHAPTERS)
    state = views = loader = ""
    if widgets:
        from ipywidgets.embed import dependency_state, embed_data

        # this page's widgets only, as myst-nb saves one notebook's widgets per page
        data = embed_data(views=list(widgets), drop_defaults=False,
                          state=dependency_state(list(widgets), drop_defaults=False))
        state = ('<script type="application/vnd.jupyter.widget-state+json">'
                 + _as_the_book_writes(json.dumps(data["manager_state"])) + "</script>")
        views = "".join('<div class="cell_output"><script type="application/vnd.jupyter.widget-view+json">'
                        f"{json.dumps(spec)}</script></div>" for spec in data["view_specs"])
        loader = f'<script src="{root}_static/legpain-widgets.js"></script>'
    return f"""<!doctype html>
<html lang="en" data-content_root="{root}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{path}</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="{root}_static/legpain-progress.css">
<script src="{root}_static/legpain-progress.js"></script></head>
<body><nav class="bd-docs-nav" aria-label="Chapters"><ul>{nav}</ul></nav>
<main>{state}{body}{views}</main>{loader}</body></html>"""


@pytest.fixture(scope="module")
def site():
    folder = scratch_folder("legpain-progress-")
    (folder / "_static").mkdir()
    (folder / "book").mkdir()
    (folder / "notebooks").mkdir()
    for name in ("legpain-progress.js", "legpain-progress.css", "legpain-widgets.js"):
        shutil.copy(STATIC / name, folder / "_static" / name)
    (folder / "book" / "intro.html").write_text(_page("book/intro.html", """
        <h1>Why back pain radiates to the leg</h1>
        <div id="legpain-progress" class="legpain-progress-host"><p>Your progress appears here.</p></div>
        <a class="reference internal" href="#">not a chapter</a>"""), encoding="utf-8")
    (folder / "notebooks" / "08_red_flags.html").write_text(_page(
        "notebooks/08_red_flags.html", "<h1>Red flags</h1>", [Quiz("red-flags", seed=7)]), encoding="utf-8")
    chapter = (folder / "notebooks" / "08_red_flags.html").read_text(encoding="utf-8")
    assert "legpain_packed" in chapter or "pack_state" not in (ROOT / "book" / "_ext" /
                                                               "legpain_book.py").read_text()
    (folder / "notebooks" / "practice_review_deck.html").write_text(_page(
        "notebooks/practice_review_deck.html", "<h1>Review deck</h1>", [ReviewDeck(today="2026-03-02")]),
        encoding="utf-8")
    server, url = serve(folder)
    yield url
    server.shutdown()
    shutil.rmtree(folder, ignore_errors=True)


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(READY)


def _keys(page) -> list[str]:
    return page.evaluate("Object.keys(localStorage).sort()")


def _answer_quiz(page, site: str) -> None:
    """In the real quiz widget: two questions right, one wrong, one ticked but never checked."""
    _open(page, f"{site}/notebooks/08_red_flags.html")
    page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")
    quiz = Quiz("red-flags").quiz
    questions = page.locator(".lpq-question")
    for index, right in ((0, True), (1, True), (2, False), (3, None)):
        question = quiz["questions"][index]
        box = questions.nth(index)
        for option in question["options"]:
            if right is None or option["correct"] == right:
                box.get_by_label(option["text"], exact=True).check()
                if not right or question["type"] == "single":
                    break
        if right is not None:
            box.get_by_role("button", name="Check answer").click()
    assert f"2 of {len(quiz['questions'])} answered correctly" in page.locator(".lpq-score").inner_text()


def test_the_front_page_shows_chapters_visited_quiz_scores_and_cards_due(browser, site):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type in ("error", "warning") and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        _open(page, f"{site}/book/intro.html")
        panel = page.locator(".legpain-progress")
        assert "Chapters visited: 0 of 3" in panel.inner_text()
        assert "Review deck: not started yet" in panel.inner_text()
        assert "Draw the deficit: not started yet" in panel.inner_text()

        _answer_quiz(page, site)
        # the review deck: three cards answered on 1 March; "again" and "good" are due on the 2nd
        today = page.evaluate("""(() => { const d = new Date(); const p = (n) => String(n).padStart(2, '0');
            return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`; })()""")
        _open(page, f"{site}/notebooks/practice_review_deck.html")
        ids = [c["id"] for c in ReviewDeck().cards[:3]]
        yesterday = page.evaluate(
            "(t) => new Date(Date.parse(t) - 86400000).toISOString().slice(0, 10)", today)
        cards = {ids[0]: review_card(None, "again", yesterday), ids[1]: review_card(None, "good", yesterday),
                 ids[2]: review_card(review_card(None, "good", yesterday), "good", yesterday)}
        page.evaluate("(p) => localStorage.setItem('legpain-review-deck:v1', JSON.stringify(p))",
                      {"cards": cards, "settings": {}})
        page.evaluate("localStorage.setItem('someone-else', 'keep me')")
        # the drill's own record: L5 twice (100% and 40%), S1 once, a nerve once, and junk
        drill = record(record(record(record({}, "L5", 100), "L5", 40), "S1", 75), "tibial", 60)
        drill["lesions"]["L4"] = {"box": 1, "tries": 0, "total": 5, "last": 5}
        page.evaluate("(p) => localStorage.setItem('legpain-deficit-drill:v1', JSON.stringify(p))", drill)

        _open(page, f"{site}/book/intro.html")
        page.get_by_text("Each chapter: visited, and its quiz score").click()
        text = panel.inner_text()
        assert "Chapters visited: 2 of 3" in text
        questions = len(Quiz("red-flags").quiz["questions"])
        assert f"Quiz questions answered right: 2 of {questions}" in text
        assert f"quiz 2 of {questions} right" in page.locator(".legpain-progress li",
                                                             has_text="Red flags").inner_text()
        assert "not visited yet" in page.locator(".legpain-progress li", has_text="Treatment").inner_text()
        assert f"Review deck: 2 cards due today, 3 of {len(ReviewDeck().cards)} cards started" in text
        assert page.get_by_role("link", name="Review the cards due").get_attribute("href").endswith(
            "notebooks/practice_review_deck.html")
        assert ("Draw the deficit, average score per root: L5 70% (2 tries), S1 75% (1 try). "
                "Nerves: 60% over 1 try.") in text
        assert page.get_by_role("link", name="Open the drill").get_attribute("href").endswith(
            "notebooks/practice_draw_the_deficit.html")

        # forgetting asks first; cancelling keeps everything
        page.once("dialog", lambda dialog: dialog.dismiss())
        page.get_by_role("button", name="Forget my progress").click()
        assert "Nothing was deleted" in panel.inner_text()
        assert any(k.startswith("legpain-quiz:") for k in _keys(page))
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Forget my progress").click()
        assert _keys(page) == ["someone-else"]
        assert "were deleted" in panel.inner_text() and "Chapters visited: 0 of 3" in panel.inner_text()
        assert page.evaluate("document.activeElement.classList.contains('legpain-progress-status')")
        assert errors == []
    finally:
        context.close()


def test_no_page_sends_a_request_anywhere_else(watched_page, site):
    page = watched_page
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    for path in ("notebooks/08_red_flags.html", "book/intro.html"):
        _open(page, f"{site}/{path}")
    assert page.watch.external == [] and page.watch.console_errors == []
    assert all(r.startswith(site) or r.startswith(("blob:", "data:")) for r in requests), requests


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_panel_is_readable_in_light_and_dark_mode_and_fits_375_px(browser, site, mode):
    from test_widget_palette_browser import BOOK_CSS, CONTRAST

    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        _open(page, f"{site}/notebooks/08_red_flags.html")
        _open(page, f"{site}/book/intro.html")
        page.get_by_text("Each chapter: visited, and its quiz score").click()
        css = "\n".join(p.read_text(encoding="utf-8") for p in BOOK_CSS)
        page.evaluate("""([css, mode]) => {
            const style = document.createElement('style');
            style.textContent = css;
            document.head.prepend(style);
            document.documentElement.dataset.theme = mode;
        }""", [css, mode])
        result = page.evaluate(CONTRAST, ".legpain-progress")
        assert result["checked"] >= 6 and result["failures"] == [], result["failures"]
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"the front page scrolls sideways by {overflow} px"
        page.locator(".legpain-progress").screenshot(path=f"/tmp/legpain-progress-375-{mode}.png")
    finally:
        context.close()


def test_the_forget_button_and_links_work_by_keyboard(browser, site):
    context = browser.new_context()
    page = context.new_page()
    try:
        _open(page, f"{site}/book/intro.html")
        page.once("dialog", lambda dialog: dialog.accept())
        for _ in range(20):  # Tab through the page to the button, as a keyboard user does
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.className") == "legpain-progress-forget":
                break
        else:
            pytest.fail("Tab never reached the Forget my progress button")
        ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert ring != "none"
        page.keyboard.press("Enter")
        assert "deleted" in page.locator(".legpain-progress-status").inner_text()
    finally:
        context.close()


def test_a_browser_that_refuses_storage_is_told_so(browser, site):
    context = browser.new_context()
    context.add_init_script("""Object.defineProperty(window, 'localStorage', {
        get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });""")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        _open(page, f"{site}/book/intro.html")
        text = page.locator(".legpain-progress").inner_text()
        assert "does not let the site keep data" in text
        assert page.get_by_role("button", name="Forget my progress").count() == 0
        assert errors == []
    finally:
        context.close()


@pytest.mark.book
def test_every_built_page_loads_the_progress_script_and_the_front_page_has_the_panel(built_book):
    intro = (built_book / "book" / "intro.html").read_text(encoding="utf-8")
    assert 'id="legpain-progress"' in intro and "practice_review_deck.html" in intro
    for page in [built_book / "book" / "intro.html", *sorted((built_book / "notebooks").glob("*.html"))]:
        text = page.read_text(encoding="utf-8")
        assert text.count("legpain-progress.js") == 1, page.name
        assert "data-content_root=" in text, page.name

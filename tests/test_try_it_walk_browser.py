"""A student's walk through the book's "Try it" prompts, in the built book, from each page as loaded.

Every instruction in a chapter that asks the student to operate a widget ("**Try it:**", "Tick the
features in the explorer", "Answer in the widget below", ...) has a script in
``tests/try_it_steps.yaml``: the widget it means, what the text says is already on screen, and for
each step the controls to operate (by their visible labels, as a student finds them) and the outcome
the text names. The walk loads each chapter page once and follows its scripts in reading order, so
the first step on every widget starts from the widget's saved state: the state the book shows.

Three checks keep the scripts honest, without a browser:

- every widget instruction in ``notebooks/*.ipynb`` has an entry (a new "Try it" without one fails;
  an instruction done away from any widget is listed with ``widget: false`` and the reason why);
- every entry still matches its notebook (the cell exists and still says what the script follows);
- no code cell changes a widget after it has been shown: the book draws each widget as it was
  when the notebook finished, so such a change would make the page differ from the text around it.

Writing a script: the data file's header lists the actions and outcomes. With
``LEGPAIN_TRYIT_DEBUG=1`` a failing step also prints all the text the widget shows at that moment.
"""

from __future__ import annotations

import ast
import json
import os
import re
import time
from functools import cache

import pytest
import yaml
from conftest import ROOT, SCREENSHOTS

STEPS_FILE = ROOT / "tests" / "try_it_steps.yaml"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
VIEW = "application/vnd.jupyter.widget-view+json"
READY = "document.documentElement.dataset.legpainWidgets === 'ready'"
#: the page's sticky bars, hidden in the review screenshots of a widget taller than the window
HIDE_PAGE_BARS = ".bd-header-article, header, .skip-link { visibility: hidden !important; }"

#: A markdown cell that gives the student something to do: a "Try it", or an imperative that names a
#: widget ("tick ... in the explorer", "answer in the widget below", "click ... the map").
INSTRUCTION = re.compile(
    r"\*\*Try it\b|\bTry it:"
    r"|\b(tick|untick|click|choose|pick|press|drag|switch|set|select|compare|open|move)\b"
    r"[^.]{0,80}\b(widget|explorer|comparer|body map|map|triage|slider|chart|library|quiz)\b"
    r"|\banswer in the (widget|quiz)\b|\bcheck (it|your answers?) (with|in|on) the\b",
    re.IGNORECASE)

#: Method calls on a shown widget that only read it (anything else counts as a change).
READ_ONLY_METHODS = {"visible_rows", "score"}

ACTIONS = {"check", "uncheck", "click", "select", "fill", "press", "answer"}
EXPECTATIONS = {"text", "no_text", "checked", "unchecked", "selected", "no_option", "order"}


# --- the notebooks and the scripts ------------------------------------------------------------------

@cache
def notebook(stem: str) -> dict:
    return json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    return "".join(cell["source"])


@cache
def scripts() -> dict[str, list[dict]]:
    """The walk's data: {notebook stem: [entry, ...]} in reading order."""
    data = yaml.safe_load(STEPS_FILE.read_text(encoding="utf-8"))
    return {stem: list(entries or []) for stem, entries in data.items()}


def instruction_cells(stem: str) -> dict[str, str]:
    """{cell id: text} of the markdown cells that tell the student to do something."""
    return {c["id"]: source(c) for c in notebook(stem)["cells"]
            if c["cell_type"] == "markdown" and INSTRUCTION.search(source(c))}


def widget_index(stem: str, cell_id: str) -> int:
    """Which widget of the page (0-based, in page order) the code cell ``cell_id`` shows."""
    index = 0
    for cell in notebook(stem)["cells"]:
        views = [o for o in cell.get("outputs", []) if VIEW in o.get("data", {})]
        if cell.get("id") == cell_id:
            if len(views) != 1:
                raise AssertionError(f"{stem}: cell {cell_id} shows {len(views)} widgets, not one")
            return index
        index += len(views)
    raise AssertionError(f"{stem}: no cell {cell_id}")


def cell_by_id(stem: str, cell_id: str) -> dict | None:
    return next((c for c in notebook(stem)["cells"] if c.get("id") == cell_id), None)


def walked_chapters() -> list[str]:
    return [stem for stem, entries in scripts().items() if any("steps" in e or "before" in e
                                                               for e in entries)]


# --- checks without a browser -------------------------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_widget_instruction_has_a_script(path):
    """A new "Try it" (or "tick ... in the explorer") needs a script, or `widget: false` and why."""
    scripted = {e["cell"] for e in scripts().get(path.stem, [])}
    missing = {cid: text.split("\n", 1)[0][:90] for cid, text in instruction_cells(path.stem).items()
               if cid not in scripted}
    assert not missing, (f"{path.stem}: instructions without an entry in {STEPS_FILE.name} "
                         f"(add steps, or `widget: false` with `why`): {missing}")


def test_every_script_matches_its_notebook():
    names = {p.stem for p in NOTEBOOKS}
    assert set(scripts()) <= names, f"unknown notebooks: {set(scripts()) - names}"
    for stem, entries in scripts().items():
        order = [c.get("id") for c in notebook(stem)["cells"]]
        positions = []
        for entry in entries:
            where = f"{stem} {entry.get('cell')}"
            cell = cell_by_id(stem, entry.get("cell", ""))
            found = cell is not None and cell["cell_type"] == "markdown"
            assert found, f"{where}: no such markdown cell"
            positions.append(order.index(entry["cell"]))
            quote = " ".join(str(entry.get("quote", "")).split())
            still_says = bool(quote) and quote in " ".join(source(cell).split())
            assert still_says, f"{where}: the text no longer says {quote!r}: check the script against it"
            if entry.get("widget") is False:
                assert entry.get("why"), f"{where}: `widget: false` needs a `why`"
                assert not ({"steps", "before", "widget_cell"} & set(entry)), f"{where}: steps on no widget"
                continue
            assert entry.get("steps") or entry.get("before"), f"{where}: no steps and no `before`"
            widget_index(stem, entry.get("widget_cell", ""))  # it shows exactly one widget
            before = [{"expect": entry["before"]}] if entry.get("before") else []
            for step in before + entry.get("steps", []):
                items = step.get("do", []) + step.get("expect", [])
                single = all(isinstance(x, dict) and len(x) == 1 and None not in x.values() for x in items)
                assert single, f"{where}: each action and outcome is one `key: value` (quote commas)"
                unknown = {k for a in step.get("do", []) for k in a} - ACTIONS
                unknown |= {k for e in step.get("expect", []) for k in e} - EXPECTATIONS
                assert not unknown, f"{where}: unknown actions or expectations {unknown}"
                assert step.get("expect"), f"{where}: a step without an outcome to check"
        assert positions == sorted(positions), f"{stem}: entries out of reading order"


def _names(node: ast.AST) -> str | None:
    """The variable at the root of ``a.b`` / ``a.b(...)`` / ``a.b[...]``."""
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_code_cell_changes_a_widget_after_it_is_shown(path):
    """The book shows each widget as the notebook left it: a widget must be complete when shown.

    Set its traits before the cell that shows it, or show a fresh instance for a demonstration.
    """
    shown: dict[str, str] = {}  # variable -> id of the cell that showed it
    problems = []
    for cell in notebook(path.stem)["cells"]:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse(source(cell))
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                targets = [t for t in targets if isinstance(t, ast.Attribute | ast.Subscript)]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr not in READ_ONLY_METHODS:
                    targets = [node.func]
            for target in targets:
                name = _names(target)
                if name in shown and shown[name] != cell.get("id"):
                    problems.append(f"cell {cell.get('id')} changes `{name}`, shown in cell {shown[name]}")
        if any(VIEW in o.get("data", {}) for o in cell.get("outputs", [])):
            for node in tree.body:  # `name = Widget(...)` shown by this cell
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            shown[target.id] = cell.get("id")
    assert not problems, f"{path.stem}: {problems}"


# --- the walk in the built book --------------------------------------------------------------------

def _widget(page, stem: str, cell_id: str):
    """The drawn widget that the code cell ``cell_id`` shows (the loader puts it before its view)."""
    view = page.locator(f'script[type="{VIEW}"]').nth(widget_index(stem, cell_id))
    return view.locator("xpath=preceding-sibling::div[contains(@class, 'legpain-static-widget')][1]")


def _pattern(text):
    """A string written ``/like this/`` is a regular expression (any case); anything else is text."""
    if isinstance(text, str) and len(text) > 2 and text.startswith("/") and text.endswith("/"):
        return re.compile(text[1:-1], re.IGNORECASE)
    return text


def _scope(widget, spec: dict):
    """A part of the widget: ``in: {role, name}`` (its accessible name) or ``in: {role, has_text}``
    (for roles such as list items, which take no name from their text); the first match."""
    part = spec.get("in")
    if not part:
        return widget
    name = _pattern(part.get("name"))
    found = widget.get_by_role(part["role"], name=name, exact=isinstance(name, str) or None)
    if part.get("has_text"):
        found = found.filter(has_text=_pattern(part["has_text"]))
    return found.first


def _quiz_answer(widget, quiz_id: str, spec: dict) -> None:
    """Tick the right (or a wrong) option of question n, by its visible text, and check it."""
    from legpain.widgets.quiz import load_quiz

    number = int(spec["question"])
    question = load_quiz(quiz_id)["questions"][number - 1]
    right = bool(spec.get("right", True))
    picks = [o["text"] for o in question["options"] if o["correct"] == right]
    if not right:
        picks = picks[:1]
    group = widget.get_by_role("group", name=re.compile(rf"^{number}\. "))
    for option in question["options"]:
        box = group.get_by_label(option["text"], exact=True)
        if option["text"] in picks:
            box.check()
        elif question["type"] == "multiple":
            box.uncheck()
    group.get_by_role("button", name="Check answer").click()


def _act(page, widget, action: dict, quiz_id: str | None) -> None:
    (kind, spec), = action.items()
    if kind == "answer":
        assert quiz_id, "`answer` needs a quiz"
        _quiz_answer(widget, quiz_id, spec)
        return
    if kind in ("check", "uncheck"):
        label = spec if isinstance(spec, str) else spec["label"]
        control = widget.get_by_label(label, exact=True)
        control.check() if kind == "check" else control.uncheck()
    elif kind == "click":
        spec = {"name": spec} if isinstance(spec, str) else spec
        if "text" in spec:  # a control known by its visible text only (a <summary>, say)
            _scope(widget, spec).get_by_text(_pattern(spec["text"])).first.click()
        else:
            name = _pattern(spec["name"])
            _scope(widget, spec).get_by_role(spec.get("role", "button"), name=name,
                                             exact=isinstance(name, str)).first.click()
    elif kind == "select":
        widget.get_by_label(spec["label"], exact=True).select_option(label=spec["option"])
    elif kind == "fill":
        widget.get_by_label(spec["label"], exact=True).fill(str(spec["value"]))
    elif kind == "press":
        if "label" in spec:
            widget.get_by_label(spec["label"], exact=True).focus()
        for key in spec["keys"]:
            page.keyboard.press(key)
    else:  # pragma: no cover - the data check lists the known actions
        raise AssertionError(f"unknown action {kind}")


def _check(widget, expectation: dict) -> None:
    from playwright.sync_api import expect

    (kind, spec), = expectation.items()
    spec_dict = spec if isinstance(spec, dict) else {}
    scope = _scope(widget, spec_dict)
    if kind in ("text", "no_text"):
        text = _pattern(str(spec_dict.get("text", "")) if spec_dict else str(spec))
        if kind == "text":
            expect(scope).to_contain_text(text, timeout=3000)
        else:
            expect(scope).not_to_contain_text(text, timeout=3000)
    elif kind in ("checked", "unchecked"):
        control = widget.get_by_label(spec, exact=True)
        expect(control).to_be_checked(checked=kind == "checked", timeout=3000)
    elif kind == "selected":
        chosen = widget.get_by_label(spec["label"], exact=True).evaluate(
            "s => s.options[s.selectedIndex] ? s.options[s.selectedIndex].text : ''")
        assert chosen == spec["option"], f"{spec['label']}: {chosen!r} is chosen, not {spec['option']!r}"
    elif kind == "no_option":
        options = widget.get_by_label(spec["label"], exact=True).evaluate(
            "s => [...s.options].map(o => o.text)")
        hits = [o for o in options if spec["option"].lower() in o.lower()]
        assert not hits, f"{spec['label']} offers {hits}"
    elif kind == "order":  # these texts appear in this order (a ranking), after a heading if named
        # polled like Playwright's own expectations: a redraw after the last action may still be
        # on its way (a loaded machine delays it by more than one frame)
        deadline = time.monotonic() + 3
        while True:
            text = " ".join(scope.inner_text().split())
            has_heading = True
            if spec.get("after"):
                heading = " ".join(widget.get_by_role("heading", name=_pattern(spec["after"])).first
                                   .inner_text().split())
                has_heading = heading in text
                text = text.split(heading, 1)[1] if has_heading else ""
            places = [text.find(t) for t in spec["texts"]]
            if (-1 not in places and places == sorted(places)) or time.monotonic() > deadline:
                break
            widget.page.wait_for_timeout(100)
        assert has_heading, f"no heading {spec['after']!r}"
        assert -1 not in places and places == sorted(places), (
            f"not in the order {spec['texts']}: {text[:300]!r}")
    else:  # pragma: no cover
        raise AssertionError(f"unknown expectation {kind}")


def _quiz_id(stem: str, cell_id: str) -> str | None:
    match = re.search(r"Quiz\(\s*[\"']([^\"']+)[\"']", source(cell_by_id(stem, cell_id) or {"source": []}))
    return match.group(1) if match else None


@pytest.mark.browser
@pytest.mark.book
@pytest.mark.parametrize("stem", walked_chapters())
def test_try_it_walk(watched_page, book_url, stem):
    """Follow every scripted instruction of one chapter, in reading order, from the page as loaded."""
    from playwright.sync_api import Error as PlaywrightError

    page = watched_page
    page.set_default_timeout(5000)
    page.goto(f"{book_url}/notebooks/{stem}.html", wait_until="networkidle")
    page.wait_for_function(READY, timeout=15000)
    drawn = page.locator(".legpain-static-widget").count()
    views = page.locator(f'script[type="{VIEW}"]').count()
    assert drawn == views, f"{stem}: {drawn} of {views} widgets drawn"
    failures = []  # one per entry: a failed step ends its entry, and the walk goes on with the next
    for entry in scripts()[stem]:
        if entry.get("widget") is False:
            continue
        widget = _widget(page, stem, entry["widget_cell"])
        widget.scroll_into_view_if_needed()
        quiz_id = _quiz_id(stem, entry["widget_cell"])
        where = f"cell {entry['cell']} ({entry['quote'][:40]}...)"
        if entry.get("screenshot"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            widget.screenshot(path=str(SCREENSHOTS / f"{entry['screenshot']}.png"), style=HIDE_PAGE_BARS)
        step = "as loaded"
        try:
            for expectation in entry.get("before", []):
                _check(widget, expectation)
            for number, script in enumerate(entry.get("steps", []), 1):
                step = f"step {script.get('item', number)}"
                for action in script.get("do", []):
                    _act(page, widget, action, quiz_id)
                for expectation in script["expect"]:
                    _check(widget, expectation)
        except (AssertionError, PlaywrightError) as error:
            lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
            failures.append(f"{where}, {step}: {' / '.join(lines[:3])[:400]}")
            if os.environ.get("LEGPAIN_TRYIT_DEBUG"):  # what the widget shows, for writing scripts
                failures.append(widget.evaluate("e => e.innerText"))
    assert not failures, f"{stem}: the text and the widget disagree:\n" + "\n".join(failures)
    assert page.watch.external == [], f"{stem} requested other hosts: {page.watch.external}"
    assert page.watch.console_errors == [], f"{stem} console: {page.watch.console_errors}"

"""Each shared thing once per page: a value that several widgets of a page hold (code, styles,
body-map geometry, tables) is written once in the built page's widget state, and the book's loader
gives every widget its own copy back (book/_ext/legpain_book.py, book/_static/legpain-widgets.js).
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import sys
from pathlib import Path

import pytest
from test_widget_palette_browser import INTERACT
from widget_harness import open_static
from widget_registry import WIDGETS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
from legpain_book import (  # noqa: E402
    DATA_DIR,
    EXTERNAL_MIN_CHARS,
    FILE_KEY,
    PACKED_KEY,
    REF_KEY,
    SHARE_MIN_CHARS,
    SHARED_KEY,
    data_script,
    externalise_large_values,
    pack_state,
    share_repeated_values,
)

STATE_SCRIPT = re.compile(
    r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.S)


def unshare(saved: dict) -> dict:
    """What the loader does, in Python: every reference replaced by its value."""
    shared = saved.get(SHARED_KEY, {})
    out = {"state": {}}
    for model_id, model in saved["state"].items():
        traits = {name: shared[value[REF_KEY]] if isinstance(value, dict) and list(value) == [REF_KEY]
                  else value for name, value in model["state"].items()}
        out["state"][model_id] = {**model, "state": traits}
    return out


def test_repeated_large_values_are_written_once_and_come_back_the_same():
    big = {"paths": ["M0 0 L1 1"] * 200}
    saved = {"state": {
        "a": {"model_name": "AnyModel", "state": {"_esm": "x" * 2000, "geometry": big, "n": 1}},
        "b": {"model_name": "AnyModel", "state": {"_esm": "x" * 2000, "geometry": big, "n": 2}},
        "c": {"model_name": "AnyModel", "state": {"_esm": "y" * 2000, "small": "z" * 10}},
    }, "version_major": 2, "version_minor": 0}
    text = share_repeated_values(json.dumps(saved))
    packed = json.loads(text)
    assert len(packed[SHARED_KEY]) == 2  # the code and the geometry of a and b; c's code is its own
    assert packed["state"]["c"]["state"]["_esm"] == "y" * 2000
    assert len(text) < len(json.dumps(saved)) * 0.6
    assert unshare(packed) == {"state": saved["state"]}


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"state": 3}', '{"state": {"a": {"state": []}}}'])
def test_state_of_another_shape_is_left_alone(text):
    assert share_repeated_values(text) == text


@pytest.mark.browser
@pytest.mark.parametrize("name", ["explorer", "spine", "quiz"])
def test_two_widgets_from_shared_values_draw_and_work_independently(watched_page, name):
    """The loader gives each widget its own copy: using one never changes the other."""
    page = watched_page
    factory, root_class = WIDGETS[name]

    def share(manager_state, views):
        shared = share_repeated_values(json.dumps(manager_state))
        assert json.loads(shared).get(SHARED_KEY), "the two widgets share their code at least"
        packed = json.loads(pack_state(shared))
        assert list(packed) == [PACKED_KEY], "a page of two such widgets is packed"
        manager_state.clear()
        manager_state.update(packed)

    open_static(page, [factory(), factory()], damage=share)
    roots = page.locator(f".{root_class}")
    assert roots.count() == 2
    before = roots.nth(1).inner_text()
    page.evaluate(INTERACT, name)  # acts on the first widget
    page.wait_for_timeout(50)
    assert roots.nth(1).inner_text() == before
    assert page.watch.console_errors == []


def test_packing_is_deterministic_and_leaves_small_states_readable():
    small = json.dumps({"state": {"a": {"state": {"x": 1}}}})
    assert pack_state(small) == small
    large = json.dumps({"state": {"a": {"state": {"x": "é<" * 20_000}}}})
    packed = pack_state(large)
    assert packed == pack_state(large) and "<" not in packed and len(packed) < len(large) / 10


@pytest.mark.browser
def test_a_browser_that_cannot_unpack_says_so_in_place_of_each_widget(watched_page):
    page = watched_page
    page.add_init_script("delete window.DecompressionStream;")

    def pack(manager_state, views):
        packed = json.loads(pack_state(json.dumps(manager_state)))
        manager_state.clear()
        manager_state.update(packed)

    open_static(page, [WIDGETS["explorer"][0](), WIDGETS["quiz"][0]()], damage=pack)
    missing = page.locator(".legpain-widget-missing")
    assert missing.count() == 2
    assert "2023 or later" in missing.first.inner_text()
    assert page.watch.console_errors == []


def _as_built(files: dict[str, str], drop: str | None = None):
    """A damage hook doing what the book's extension does to a page's state; the data files go
    into ``files`` (one of them left out when ``drop`` names it)."""
    def build(manager_state, views):
        def write(key, text):
            if key != drop:
                files[f"{DATA_DIR}/{key}.js"] = data_script(key, text)
        text = share_repeated_values(externalise_large_values(json.dumps(manager_state), write))
        packed = json.loads(pack_state(text))
        manager_state.clear()
        manager_state.update(packed)
    return build


def test_large_values_go_to_files_named_by_their_content():
    written = {}
    state = {"state": {"a": {"state": {"_esm": "x" * EXTERNAL_MIN_CHARS, "n": 1}},
                       "b": {"state": {"_esm": "x" * EXTERNAL_MIN_CHARS, "small": "y"}}}}
    text = externalise_large_values(json.dumps(state), lambda k, v: written.setdefault(k, v))
    out = json.loads(text)
    assert len(written) == 1 and out["state"]["a"]["state"]["_esm"] == {FILE_KEY: next(iter(written))}
    assert out["state"]["b"]["state"]["small"] == "y" and out["state"]["a"]["state"]["n"] == 1
    assert externalise_large_values("[]", written.setdefault) == "[]"


@pytest.mark.browser
def test_widgets_draw_from_data_files_and_say_so_when_one_is_missing(watched_page, browser):
    page = watched_page
    files: dict[str, str] = {}
    from widget_harness import static_page

    widgets = [WIDGETS["explorer"][0](), WIDGETS["explorer"][0](), WIDGETS["quiz"][0]()]
    page.goto(static_page(widgets, damage=_as_built(files), files=files))
    page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'", timeout=20000)
    assert files, "the explorer's code, styles and tables went to data files"
    assert page.locator(".lpx").count() == 2 and page.locator(".lpq").count() == 1
    page.evaluate(INTERACT, "explorer")
    assert page.watch.console_errors == []
    # a page whose data file is missing says so in place of each widget
    second = page.context.new_page()
    lost: dict[str, str] = {}
    big = max(files, key=lambda name: len(files[name]))
    second.goto(static_page(widgets, damage=_as_built(lost, drop=Path(big).stem), files=lost))
    second.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'", timeout=20000)
    assert second.locator(".legpain-widget-missing").count() == 3
    assert "data file" in second.locator(".legpain-widget-missing").first.inner_text()


@pytest.mark.book
def test_no_built_page_repeats_a_large_widget_value(built_book):
    checked = 0
    for path in sorted((built_book / "notebooks").glob("*.html")):
        match = STATE_SCRIPT.search(path.read_text(encoding="utf-8"))
        if not match:
            continue
        saved = json.loads(match.group(1))
        if PACKED_KEY in saved:
            saved = json.loads(gzip.decompress(base64.b64decode(saved[PACKED_KEY])))
        for model in saved["state"].values():
            for value in model["state"].values():
                if isinstance(value, dict) and list(value) == [FILE_KEY]:
                    assert (built_book / "_static" / DATA_DIR / f"{value[FILE_KEY]}.js").exists()
        seen: dict[str, str] = {}
        for model_id, model in saved["state"].items():
            for name, value in model["state"].items():
                text = json.dumps(value, sort_keys=True)
                if len(text) >= SHARE_MIN_CHARS:
                    assert text not in seen, f"{path.name}: {name} of {model_id} repeats {seen.get(text)}"
                    seen[text] = f"{model_id}.{name}"
        checked += 1
    assert checked >= 10

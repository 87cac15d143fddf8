"""Saved widget state cannot break out of its <script> in the built book, whatever text the data holds.

myst-nb escapes only a lower-case ``</script>``; the course's Sphinx extension (book/_ext) writes
every ``<`` in the embedded widget state and widget views as ``\\u003c``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
from legpain_book import escape_script_json  # noqa: E402

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
ATTACK = '</ScRiPt><img src=x onerror="document.title=\'pwned\'"><!-- <script>alert(1)</SCRIPT >'
STATE_TYPE = "application/vnd.jupyter.widget-state+json"
VIEW_TYPE = "application/vnd.jupyter.widget-view+json"
MODEL_ID = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize("text", [ATTACK, "</script>", "<!--", "a < b", "no markup at all", ""])
def test_escaping_leaves_no_angle_bracket_and_keeps_the_json(text):
    data = {"state": {MODEL_ID: {"state": {"label": text, "list": [text, {"k<": text}]}}}}
    for dumped in (json.dumps(data), json.dumps(data, ensure_ascii=False)):
        escaped = escape_script_json(dumped)
        assert "<" not in escaped
        assert not re.search(r"</script|<!--|<script", escaped, re.IGNORECASE)
        assert json.loads(escaped) == data


def test_escaping_also_covers_what_mystnb_already_escaped():
    """myst-nb turns '</script>' into '<\\/script>'; ours keeps it valid JSON of the same text."""
    mystnb = json.dumps({"t": "</script>"}).replace("</script>", r"<\/script>")
    assert json.loads(escape_script_json(mystnb)) == {"t": "</script>"}


def _script_bodies(html: str, mime: str) -> list[str]:
    """What a browser takes as the body of each <script type=mime>: up to the first '</script'
    in any case (the HTML parser ends a script there, whatever the JSON inside meant)."""
    bodies = []
    for match in re.finditer(rf'<script type="{re.escape(mime)}">', html):
        end = re.compile(r"</script", re.IGNORECASE).search(html, match.end())
        assert end, "an unterminated script"
        bodies.append(html[match.end():end.start()])
    return bodies


def _tiny_book(folder: Path) -> None:
    """A one-notebook book whose saved widget state (and view) carries a closing tag from data."""
    state = {"version_major": 2, "version_minor": 0, "state": {MODEL_ID: {
        "model_name": "AnyModel", "model_module": "anywidget", "model_module_version": "~0.9.*",
        "state": {"_esm": "export default { render() {} }", "title": ATTACK, "rows": [ATTACK, "<!--"]},
    }}}
    view = {"version_major": 2, "version_minor": 0, "model_id": MODEL_ID, "note": ATTACK}
    notebook = {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                     "widgets": {STATE_TYPE: state}},
        "cells": [
            {"cell_type": "markdown", "id": "title", "metadata": {}, "source": "# State escaping"},
            {"cell_type": "code", "id": "widget", "metadata": {}, "execution_count": 1,
             "source": "widget", "outputs": [{
                 "output_type": "display_data", "metadata": {},
                 "data": {"text/plain": "a widget", VIEW_TYPE: view}}]},
        ],
    }
    (folder / "page.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    (folder / "_toc.yml").write_text("format: jb-book\nroot: page\n", encoding="utf-8")
    config = {
        "title": "Escaping", "execute": {"execute_notebooks": "off"},
        "sphinx": {"local_extensions": {"legpain_book": str(ROOT / "book" / "_ext")},
                   "config": {"nb_ipywidgets_js": {}}},
    }
    (folder / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")


def test_built_page_keeps_data_inside_the_widget_state_script(tmp_path):
    _tiny_book(tmp_path)
    result = subprocess.run([str(JUPYTER_BOOK), "build", str(tmp_path), "--builder", "html"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = (tmp_path / "_build" / "html" / "page.html").read_text(encoding="utf-8")

    states = _script_bodies(html, STATE_TYPE)
    assert len(states) == 1, "the page embeds the widget state once"
    assert "<" not in states[0]
    state = json.loads(states[0])  # the whole state, not a piece cut off by a closing tag
    saved = state["state"][MODEL_ID]["state"]
    assert saved["title"] == ATTACK and saved["rows"] == [ATTACK, "<!--"]

    views = _script_bodies(html, VIEW_TYPE)
    assert len(views) == 1 and "<" not in views[0]
    assert json.loads(views[0]) == {"version_major": 2, "version_minor": 0, "model_id": MODEL_ID,
                                    "note": ATTACK}
    assert not re.search(r"<img src=x", html, re.IGNORECASE), "markup from data reached the page"

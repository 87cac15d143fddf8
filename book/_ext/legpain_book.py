"""Small Sphinx additions for the course's book.

- Bibliography entries are marked ``role="listitem"``: Sphinx writes the citation list as
  ``role="list"`` but each entry as the deprecated ``role="doc-biblioentry"``, which screen readers
  and axe-core do not accept as a list item.
- Saved widget state cannot end its ``<script>`` early. myst-nb writes the notebook's widget state
  (``application/vnd.jupyter.widget-state+json``, once per page) and a widget view (``...-view+json``)
  where each widget sits, each as JSON inside a ``<script>``, and escapes only a lower-case
  ``</script>``. A text in the data holding ``</SCRIPT><img src=x onerror=...>`` would close the
  script and run in the reader's browser. Every ``<`` in these scripts is written ``\\u003c``, which
  JSON reads back as the same character, whatever the text, on every page, when the HTML is written.
- Each shared thing is sent once per page. Two widgets of a kind on one page carry the same code,
  styles and data (chapter 03's three explorers each held the same body-map geometry, code and
  tables). Every value of the saved state that is large and appears in more than one widget is
  written once, under ``legpain_shared``, and each widget's copy becomes ``{"$legpain_shared": key}``;
  the book's loader (``_static/legpain-widgets.js``) puts the values back before any widget draws.
- Large values live in files of their own. A value of the state of ``EXTERNAL_MIN_CHARS`` or more
  (a widget's code and styles, the body-map geometry, the explorer's tables) is written to
  ``_static/legpain-data/<hash>.js`` and the state keeps ``{"$legpain_file": "<hash>"}``; the loader
  adds those scripts to the page (a plain ``<script src>``, which works offline and from ``file://``).
  A browser reads each file once for the whole book, and a page carries only its own small state.
- The state is sent compressed. A page's state larger than ``PACK_MIN_CHARS`` is gzipped and written
  as ``{"legpain_packed": "<base64>"}``; the loader unpacks it with the browser's
  DecompressionStream (every browser since 2023). The page then weighs a fifth of what it did, and
  base64 holds no ``<`` at all.
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import json
from collections import Counter
from pathlib import Path

from docutils import nodes

STATE_TYPE = "application/vnd.jupyter.widget-state+json"
VIEW_TYPE = "application/vnd.jupyter.widget-view+json"
#: script types whose body is JSON and gets every "<" escaped
JSON_SCRIPT_TYPES = (STATE_TYPE, VIEW_TYPE)


def escape_script_json(text: str) -> str:
    """JSON made safe to sit inside ``<script>...</script>``: every ``<`` written ``\\u003c``.

    In JSON a ``<`` can only occur inside a string, where ``\\u003c`` means the same character, so
    ``json.loads`` gives back exactly what it gave before, and no ``</script``, ``<!--`` or
    ``<script`` (in any case) is left for the HTML parser to act on.
    """
    return text.replace("<", "\\u003c")


SHARED_KEY = "legpain_shared"
REF_KEY = "$legpain_shared"
#: values shorter than this (as JSON) are left where they are: a reference would save little
SHARE_MIN_CHARS = 512


def share_repeated_values(state_json: str) -> str:
    """The page's widget state with every large value that several widgets hold written once.

    ``{"state": {id: {"state": {name: value}}}}`` gains ``"legpain_shared": {"v0": value, ...}``;
    each repeated value becomes ``{"$legpain_shared": "v0"}``. State that is not shaped like that,
    or has nothing repeated, comes back unchanged.
    """
    try:
        saved = json.loads(state_json)
        models = saved["state"]
        items = [(model["state"], name) for model in models.values()
                 for name in model["state"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        return state_json
    texts = {}
    for traits, name in items:
        text = json.dumps(traits[name], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        if len(text) >= SHARE_MIN_CHARS:
            texts[(id(traits), name)] = text
    counts = Counter(texts.values())
    keys: dict[str, str] = {}
    shared: dict[str, object] = {}
    for traits, name in items:
        text = texts.get((id(traits), name))
        if text is None or counts[text] < 2:
            continue
        if text not in keys:
            keys[text] = f"v{len(keys)}"
            shared[keys[text]] = traits[name]
        traits[name] = {REF_KEY: keys[text]}
    if not shared:
        return state_json
    saved[SHARED_KEY] = shared
    return json.dumps(saved, ensure_ascii=False, separators=(",", ":"))


FILE_KEY = "$legpain_file"
DATA_DIR = "legpain-data"
#: values at least this long (as JSON) go to a file of their own
EXTERNAL_MIN_CHARS = 6_000


def data_script(key: str, text: str) -> str:
    """The body of ``_static/legpain-data/<key>.js``: it files one JSON value under its key."""
    return f'(self.legpainData = self.legpainData || {{}})["{key}"] = {text};\n'


def externalise_large_values(state_json: str, write) -> str:
    """The state with every large trait value replaced by ``{"$legpain_file": key}``;
    ``write(key, text)`` stores the value's JSON under its content hash. Other shapes unchanged."""
    try:
        saved = json.loads(state_json)
        models = list(saved["state"].values())
        traits_list = [model["state"] for model in models]
        assert all(isinstance(traits, dict) for traits in traits_list)
    except (ValueError, KeyError, TypeError, AttributeError, AssertionError):
        return state_json
    changed = False
    for traits in traits_list:
        for name, value in traits.items():
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            if len(text) < EXTERNAL_MIN_CHARS:
                continue
            key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
            write(key, text)
            traits[name] = {FILE_KEY: key}
            changed = True
    return json.dumps(saved, ensure_ascii=False, separators=(",", ":")) if changed else state_json


PACKED_KEY = "legpain_packed"
#: a state smaller than this is left readable: packing would save little
PACK_MIN_CHARS = 16_000


def pack_state(state_json: str) -> str:
    """``{"legpain_packed": base64(gzip(state))}`` for a large state; a small one unchanged."""
    if len(state_json) < PACK_MIN_CHARS:
        return state_json
    packed = gzip.compress(state_json.encode("utf-8"), compresslevel=9, mtime=0)
    return json.dumps({PACKED_KEY: base64.b64encode(packed).decode("ascii")})


def _escape_widget_views(app, doctree: nodes.document, docname: str) -> None:
    """Escape the body of every widget-view ``<script>`` that myst-nb put into the page as raw HTML."""
    for node in doctree.findall(nodes.raw):
        if "html" not in node.get("format", "").split():
            continue
        text = node.astext()
        for mime in JSON_SCRIPT_TYPES:
            start, end = f'<script type="{mime}">', "</script>"
            # myst-nb writes exactly start + JSON + end; the JSON itself may hold a mixed-case
            # "</SCRIPT>", so the body is found by position, never by searching for a closing tag.
            if text.startswith(start) and text.endswith(end):
                body = text[len(start):len(text) - len(end)]
                escaped = start + escape_script_json(body) + end
                if escaped != text:
                    node[:] = [nodes.Text(escaped)]
                    node.rawsource = escaped
                break


def _write_data_file(folder: Path, key: str, text: str) -> None:
    target = folder / f"{key}.js"
    if not target.exists():  # named by its content: an existing file already holds it
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(data_script(key, text), encoding="utf-8")


def _escape_widget_state(app, pagename, templatename, context, doctree) -> None:
    """Escape the page's widget state, which myst-nb adds as the body of a script file."""
    scripts = context.get("script_files")
    if not scripts:
        return
    from sphinx.builders.html._assets import _JavaScript

    for index, script in enumerate(scripts):
        attributes = getattr(script, "attributes", None)
        if not attributes or attributes.get("type") not in JSON_SCRIPT_TYPES:
            continue
        body = attributes.get("body") or ""
        if attributes.get("type") == STATE_TYPE:
            write = functools.partial(_write_data_file, Path(app.builder.outdir) / "_static" / DATA_DIR)
            body = pack_state(share_repeated_values(externalise_large_values(body, write)))
        escaped = escape_script_json(body)
        if escaped != (attributes.get("body") or ""):
            # _JavaScript is immutable: put an escaped copy in its place (this page's list only)
            scripts[index] = _JavaScript(script.filename, priority=script.priority,
                                         **{**attributes, "body": escaped})


def _fix_citation_roles(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.connect("html-page-context", _fix_citation_roles)
    # after myst-nb (priority 500) has added the page's widget state to its scripts
    app.connect("html-page-context", _escape_widget_state, priority=900)
    app.connect("doctree-resolved", _escape_widget_views)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

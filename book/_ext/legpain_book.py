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
"""

from __future__ import annotations

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
        escaped = escape_script_json(body)
        if escaped != body:
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

"""Small Sphinx additions for the course's book.

- Bibliography entries are marked ``role="listitem"``: Sphinx writes the citation list as
  ``role="list"`` but each entry as the deprecated ``role="doc-biblioentry"``, which screen readers
  and axe-core do not accept as a list item.
"""

from __future__ import annotations


def _fix_citation_roles(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.connect("html-page-context", _fix_citation_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

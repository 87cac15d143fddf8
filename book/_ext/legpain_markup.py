"""The notebooks' plain-Markdown citations and glossary links, rendered as MyST roles in the book.

The notebooks write ``([NICE 2016](#cite-nice2016ng59))``, ``[Lee et al. 2008](#cite-lee2008dermatomes)``
and ``[sciatica](#term-sciatica)`` so that JupyterLab, Colab and Binder, which do not render MyST
roles, show readable text. On ``source-read`` (before MyST parses the page) this extension turns
them back into ``{cite:p}``, ``{cite:t}`` and ``{term}`` roles (``legpain_authoring.markup``), so
sphinxcontrib-bibtex and the glossary render them exactly as they render the roles: author-year
labels, links into the references page, backlinks, glossary links.

A citation link whose text is not the label the book prints for its source, or that names an
unknown key or glossary term, is a build warning (the book is built with warnings as errors).
"""

from __future__ import annotations

import json

from sphinx.util import logging

from legpain_authoring.markup import Problem, to_roles

logger = logging.getLogger(__name__)


def plain_to_roles(app, docname: str, source: list[str]) -> None:
    """``source-read``: rewrite a page's (or a notebook's markdown cells') plain links as roles."""

    def report(problem: Problem) -> None:
        logger.warning(problem.message, location=docname, type="legpain", subtype="markup")

    text = source[0]
    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        source[0] = to_roles(text, report)
        return
    notebook = json.loads(text)
    changed = False
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            old = "".join(cell["source"])
            new = to_roles(old, report)
            if new != old:
                cell["source"], changed = new, True
    if changed:
        source[0] = json.dumps(notebook, ensure_ascii=False)


def setup(app):
    app.connect("source-read", plain_to_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

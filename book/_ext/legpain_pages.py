"""How a chapter page reads: code folded out of the way, and how long the page takes to read.

Code cells:
A student who never runs Python should read prose, widgets and tables; the code stays one click
away ("Show the Python code"). A cell tagged ``show-input`` keeps its code open (for the few cells
that teach how to ask the package a question); cells already tagged ``hide-input``, ``hide-cell``,
``remove-input`` and so on keep what their tag asks for. Notebooks in JupyterLab are unchanged.
"""

from __future__ import annotations

import math
import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

SHOW_TAG = "show-input"


class FoldCodeCellSources(SphinxPostTransform):
    """Mark every code cell without an explicit choice as ``hide_mode = "input"``.

    Runs just before myst-nb's own ``HideInputCells`` (priority 199), which then folds the source
    into a ``<details>`` element with the configured prompts.
    """

    default_priority = 198
    formats = ("html",)

    def run(self, **kwargs) -> None:
        config = self.app.config
        for node in self.document.findall(nodes.container):
            if node.get("nb_element") != "cell_code" or node.get("hide_mode"):
                continue
            tags = (node.get("cell_metadata") or {}).get("tags", [])
            if SHOW_TAG in tags or not node.children:
                continue
            if node.children[0].get("nb_element") != "cell_code_source":
                continue  # source removed by a tag: nothing to fold
            node["hide_mode"] = "input"
            node["prompt_show"] = config.nb_code_prompt_show
            node["prompt_hide"] = config.nb_code_prompt_hide


#: words a student reads per minute in a dense, technical text (a deliberately slow pace)
WORDS_PER_MINUTE = 180
_TAG = re.compile(r"<[^>]+>")
_SKIP = re.compile(r"<(script|style|pre)\b.*?</\1>", re.S | re.I)


def reading_minutes(body_html: str) -> int:
    """Minutes to read a page's prose and tables (code and scripts not counted), at least 1."""
    text = _TAG.sub(" ", _SKIP.sub(" ", body_html))
    return max(1, math.ceil(len(re.findall(r"[A-Za-z0-9'’-]+", text)) / WORDS_PER_MINUTE))


def _add_reading_time(app, pagename, templatename, context, doctree) -> None:
    """Put "About N minutes to read" under the title of every chapter notebook's page."""
    body = context.get("body")
    if not body or not pagename.startswith("notebooks/"):
        return
    minutes = reading_minutes(body)
    note = (f'<p class="legpain-reading-time">About {minutes} minute{"s" if minutes != 1 else ""} '
            "to read, plus time for the widgets and questions.</p>")
    context["body"] = re.sub(r"(</h1>)", r"\1" + note, body, count=1)


def setup(app):
    app.add_post_transform(FoldCodeCellSources)
    app.connect("html-page-context", _add_reading_time)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Code out of a student's way in the book: every code cell's source starts folded.

A student who never runs Python should read prose, widgets and tables; the code stays one click
away ("Show the Python code"). A cell tagged ``show-input`` keeps its code open (for the few cells
that teach how to ask the package a question); cells already tagged ``hide-input``, ``hide-cell``,
``remove-input`` and so on keep what their tag asks for. Notebooks in JupyterLab are unchanged.
"""

from __future__ import annotations

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


def setup(app):
    app.add_post_transform(FoldCodeCellSources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""What every course widget shares: an anywidget whose front end is the folder's widget.js/.css.

The front end must work in two places: live in JupyterLab (anywidget's own model) and in the
static book, where ``book/_static/legpain-widgets.js`` renders it from the saved widget state with
a small model object (``get``, ``set``, ``on``/``off``, ``save_changes``; ``send`` does nothing).
In the static book that model has ``model.legpainStatic === true``, so a widget can say when a
feature needs a live kernel.

Every widget's module is the shared helpers (``_shared/helpers.js``: unique ids across module
copies, the seeded option shuffle and option identities) followed by its own ``widget.js``.
Every widget's stylesheet is the shared palette (``_shared/palette.css``: CSS custom properties
with light and dark values) followed by the widget's own ``widget.css``, which takes every colour
from the palette. Both loaders receive it as one ``_css`` string, so neither needs to know.
"""

from __future__ import annotations

from pathlib import Path

import anywidget

SHARED = Path(__file__).parent / "_shared"
PALETTE = SHARED / "palette.css"
HELPERS = SHARED / "helpers.js"


def widget_css(css_file: Path) -> str:
    """The shared palette followed by one widget's CSS, as the single stylesheet it ships."""
    palette = PALETTE.read_text(encoding="utf-8").strip()
    own = css_file.read_text(encoding="utf-8").strip()
    return f"{palette}\n\n/* {css_file.parent.name}/widget.css */\n{own}\n"


def widget_esm(js_file: Path) -> str:
    """The shared helpers (``_shared/helpers.js``) followed by one widget's own ``widget.js``."""
    helpers = HELPERS.read_text(encoding="utf-8").strip()
    own = js_file.read_text(encoding="utf-8").strip()
    return f"{helpers}\n\n// {js_file.parent.name}/widget.js\n{own}\n"


def widget_files(module_file: str) -> tuple[str, str]:
    """A widget's module text (shared helpers + its widget.js) and stylesheet text (palette +
    its widget.css): what the widget ships as ``_esm`` and ``_css``."""
    folder = Path(module_file).parent
    return widget_esm(folder / "widget.js"), widget_css(folder / "widget.css")


class CourseWidget(anywidget.AnyWidget):
    """Base class: subclasses set ``_esm``/``_css`` with :func:`widget_files` and add traits."""

    def _repr_mimebundle_(self, **kwargs):  # noqa: D401 - anywidget hook
        # A stable text/plain repr (no memory address) keeps strict nbval comparisons clean.
        bundle = super()._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            data, metadata = bundle
        else:
            data, metadata = bundle, {}
        if data is not None and "text/plain" in data:
            data["text/plain"] = f"{type(self).__name__}(…)"
        return (data, metadata) if isinstance(bundle, tuple) else data

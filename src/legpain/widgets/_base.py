"""What every course widget shares: an anywidget whose front end is the folder's widget.js/.css.

The front end must work in two places: live in JupyterLab (anywidget's own model) and in the
static book, where ``book/_static/legpain-widgets.js`` renders it from the saved widget state with
a small model object (``get``, ``set``, ``on``/``off``, ``save_changes``; ``send`` does nothing).
In the static book that model has ``model.legpainStatic === true``, so a widget can say when a
feature needs a live kernel.
"""

from __future__ import annotations

from pathlib import Path

import anywidget


def widget_files(module_file: str) -> tuple[Path, Path]:
    """The ``widget.js`` and ``widget.css`` beside a widget's Python module."""
    folder = Path(module_file).parent
    return folder / "widget.js", folder / "widget.css"


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

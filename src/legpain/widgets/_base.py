"""What every course widget shares: an anywidget whose front end is the folder's widget.js/.css.

The front end must work in two places: live in JupyterLab (anywidget's own model) and in the
static book, where ``book/_static/legpain-widgets.js`` renders it from the saved widget state with
a small model object (``get``, ``set``, ``on``/``off``, ``save_changes``; ``send`` does nothing).
In the static book that model has ``model.legpainStatic === true``, so a widget can say when a
feature needs a live kernel.

Every widget's module is the shared helpers (``_shared/helpers.js``: unique ids across module
copies, the seeded option shuffle and option identities), for the widgets that answer without a
kernel the shared reasoning (``_shared/reasoning.js``: triage and localisation, one copy), then its
own ``widget.js``.
Every widget's stylesheet is the shared palette (``_shared/palette.css``: CSS custom properties
with light and dark values) followed by the widget's own ``widget.css``, which takes every colour
from the palette. Both loaders receive it as one ``_css`` string, so neither needs to know.
"""

from __future__ import annotations

import base64
import gzip
import json
import logging
from pathlib import Path

import anywidget

_log = logging.getLogger(__name__)

SHARED = Path(__file__).parent / "_shared"
PALETTE = SHARED / "palette.css"
HELPERS = SHARED / "helpers.js"
REASONING = SHARED / "reasoning.js"


def widget_css(css_file: Path) -> str:
    """The shared palette followed by one widget's CSS, as the single stylesheet it ships."""
    palette = PALETTE.read_text(encoding="utf-8").strip()
    own = css_file.read_text(encoding="utf-8").strip()
    return f"{palette}\n\n/* {css_file.parent.name}/widget.css */\n{own}\n"


def widget_esm(js_file: Path, reasoning: bool = False) -> str:
    """The shared helpers (``_shared/helpers.js``), with ``reasoning`` the course's reasoning in
    the browser (``_shared/reasoning.js``: triage and localisation), then one widget's own
    ``widget.js``."""
    parts = [HELPERS.read_text(encoding="utf-8").strip()]
    if reasoning:
        parts.append("// _shared/reasoning.js\n" + REASONING.read_text(encoding="utf-8").strip())
    own = js_file.read_text(encoding="utf-8").strip()
    parts.append(f"// {js_file.parent.name}/widget.js\n{own}")
    return "\n\n".join(parts) + "\n"


def widget_files(module_file: str, reasoning: bool = False) -> tuple[str, str]:
    """A widget's module text (shared helpers, the shared reasoning if ``reasoning``, then its
    widget.js) and stylesheet text (palette + its widget.css): what the widget ships as ``_esm``
    and ``_css``."""
    folder = Path(module_file).parent
    return widget_esm(folder / "widget.js", reasoning), widget_css(folder / "widget.css")


def pack(data: object) -> dict[str, str]:
    """Large widget data as JSON, gzip-compressed and base64-encoded: about ten times smaller in
    the saved notebook and the book page. ``mtime=0`` keeps the bytes identical from run to run.
    The front end reads it with ``unpackData`` (``_shared/helpers.js``)."""
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return {"encoding": "gzip+base64+json",
            "data": base64.b64encode(gzip.compress(raw, mtime=0)).decode("ascii")}


def known_names(name: str, value: object, known) -> list:
    """A list from the browser with only the names in ``known`` kept; anything that is not a list
    raises TypeError (for :meth:`CourseWidget._from_browser`)."""
    if not isinstance(value, list):
        raise TypeError(f"{name} must be a list, got {type(value).__name__}")
    known = set(known)
    return [v for v in value if isinstance(v, str) and v in known]


class KeepBrowserValue(ValueError):
    """Raised by :meth:`CourseWidget._from_browser` to drop a change without answering it: the
    browser keeps showing what the student chose, because the widget explains there why it does
    not count (e.g. two contradictory boxes ticked)."""


class CourseWidget(anywidget.AnyWidget):
    """Base class: subclasses set ``_esm``/``_css`` with :func:`widget_files` and add traits.

    Every change that arrives from the browser passes one guard (:meth:`set_state`):

    - only a widget's settings can be changed: the traits named in ``_SETTINGS`` (when a widget
      names them), never its outputs (read-only traits) nor anywidget's own traits;
    - ``None`` never replaces a value (``None`` would skip the validators of a ``traitlets.Any``);
    - a widget may tidy what the browser sends first (:meth:`_from_browser`, e.g. drop names it
      does not know from a list); a value that cannot be tidied, or that a validator rejects, is
      dropped.

    Whatever was dropped or tidied is answered with the current value, so the browser shows what
    the widget really holds; the rest of the change still applies, and nothing is raised into the
    kernel. :meth:`_check_settings` gives every constructor the same error for an unknown keyword.
    """

    #: the traits a reader may change, from the browser or as keyword arguments (empty: every
    #: synced trait that is not read-only)
    _SETTINGS: tuple[str, ...] = ()

    @classmethod
    def _check_settings(cls, settings: dict) -> None:
        """Raise TypeError naming the valid settings if ``settings`` holds any other name."""
        unknown = sorted(set(settings) - set(cls._SETTINGS))
        if unknown:
            raise TypeError(f"{cls.__name__} has no setting {', '.join(map(repr, unknown))}; "
                            f"valid: {', '.join(cls._SETTINGS)}")

    def _from_browser(self, name: str, value: object) -> object:
        """A value from the browser, tidied before it is validated; raise ValueError or TypeError
        to drop it. The default keeps it as it is."""
        return value

    def _settable(self, name: str, value: object) -> bool:
        trait = self.traits().get(name)
        if trait is None or trait.read_only or name.startswith("_"):
            return False
        if self._SETTINGS and name not in self._SETTINGS:
            return False
        return not (value is None and getattr(self, name) is not None)

    def set_state(self, sync_data: dict) -> None:
        for name, value in dict(sync_data).items():
            if name not in self.keys:
                continue
            if not self._settable(name, value):
                _log.debug("%s: ignored a change to %r from the browser", type(self).__name__, name)
                self.send_state(name)
                continue
            before = getattr(self, name)
            try:
                tidy = self._from_browser(name, value)
                super().set_state({name: tidy})
            except KeepBrowserValue as reason:
                _log.debug("%s: left %r as the browser shows it: %s", type(self).__name__, name, reason)
                continue
            except Exception as error:  # whatever the tidying, a validator or an observer raised
                # traitlets rolls back only a TraitError; restore the value for any other error
                _log.debug("%s: ignored %r=%r from the browser: %s", type(self).__name__, name,
                           value, error)
                if getattr(self, name) != before:
                    self.set_trait(name, before)
                self.send_state(name)
                continue
            if getattr(self, name) != value:
                self.send_state(name)  # tidied or canonicalised: the browser shows what is held

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

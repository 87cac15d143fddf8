"""Claudication comparer: is this walking-related leg pain vascular (the arteries) or neurogenic
(the spinal canal)? Tick the features of the story, read the answer with its reasons and the
bedside checks that would settle it.

The weights are the course's cited teaching weights (:func:`legpain.claudication_table`). The
front end (``widget.js``) evaluates that table with the same algorithm as
:func:`legpain.claudication`, so it works in the static book without a kernel; a browser test checks
that both agree. Contradictory findings (absent and normal foot pulses, say) raise ``ValueError``
in Python; the front end shows the same message and keeps working.

>>> widget = ClaudicationComparer(features=["relieved by sitting", "normal foot pulses"])
>>> widget.result["kind"]
'neurogenic'
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

import traitlets

from ...knowledge import vocabulary
from ...knowledge.sources import source_label
from ...reasoning.claudication_rules import claudication, claudication_table
from .._base import CourseWidget, KeepBrowserValue, known_names, widget_files

__all__ = ["ClaudicationComparer", "claudication_data", "claudication_result"]


#: Interface words only; every clinical statement comes from claudication_table().
_TEXTS = {
    "title": "Claudication comparer: vascular or neurogenic?",
    "educational": ("Educational use only: a teaching aid that weighs the features you tick with "
                    "the course's cited teaching weights. It does not diagnose anyone."),
    "instructions": ("Tick the features of the walking-pain story: where the pain is felt, what "
                     "it feels like, what brings it on and eases it, and the examination. Features "
                     "that point to the arteries and to the spine are listed separately; the answer "
                     "updates at once."),
    "vascular_group": "Features that point to the arteries (vascular)",
    "neurogenic_group": "Features that point to the spine (neurogenic)",
    "clear": "Clear all features",
    "answer_heading": "More likely",
    "vascular": "vascular claudication (narrowed leg arteries)",
    "neurogenic": "neurogenic claudication (narrowed spinal canal)",
    "both": ("peripheral artery disease, established by the ankle-brachial index, possibly "
             "with a coexisting spinal stenosis (both)"),
    "uncertain": "undecided: the ticked features do not favour either side",
    "rule_heading": "The deciding test: the ankle-brachial index",
    "confidence": "Confidence",
    "scores": "Scores",
    "vascular_short": "Vascular",
    "neurogenic_short": "Neurogenic",
    "reasons_heading": "Why",
    "checks_heading": "Bedside checks that would settle it",
    "no_checks": "Every bedside check in the course's list is already answered by the features ticked.",
    "note_heading": "Caveat",
    "sources_heading": "Sources",
    "contradiction_hint": "Untick one of the two to see an answer again.",
    "none_ticked": "Nothing ticked yet.",
    "see_below": "(the reasons are below)",
}


def claudication_result(features: object) -> dict[str, Any]:
    """:func:`legpain.claudication` as plain JSON data (lists, not tuples)."""
    answer = claudication(features)  # type: ignore[arg-type]
    return {key: list(value) if isinstance(value, tuple) else value
            for key, value in dataclasses.asdict(answer).items()}


@functools.cache
def claudication_data() -> dict[str, Any]:
    """What the front end needs: the weights table, feature descriptions and source labels."""
    table = claudication_table()
    keys = {key for feature in table["features"] for key in feature["sources"]}
    keys |= {key for check in table["bedside_checks"] for key in check["sources"]}
    keys |= set(table["note_sources"])
    descriptions = {term.name: term.description for term in vocabulary.terms("claudication feature")}
    return {
        "table": table,
        "features": [{"name": f["id"], "favours": f["favours"], "weight": f["weight"],
                      "description": descriptions[f["id"]]} for f in table["features"]],
        "source_labels": {key: source_label(key) for key in sorted(keys)},
        "texts": dict(_TEXTS),
    }


class ClaudicationComparer(CourseWidget):
    """Tick walking-pain features; read vascular or neurogenic, with reasons and bedside checks.

    ``features`` is the list of ticked features (vocabulary names; aliases accepted from Python);
    contradictory pairs raise ``ValueError``. ``result`` is read-only: what
    :func:`legpain.claudication` says for those features.
    """

    _esm, _css = widget_files(__file__)

    features = traitlets.Any(help="the ticked claudication features").tag(sync=True)
    result = traitlets.Dict(read_only=True, help="claudication() for the ticked features").tag(sync=True)
    data = traitlets.Dict(read_only=True).tag(sync=True)

    _SETTINGS = ("features",)

    def __init__(self, features: object = (), **kwargs: Any) -> None:
        self._check_settings(kwargs)
        super().__init__()
        self.set_trait("data", claudication_data())
        self.features = features
        self._update()

    @traitlets.default("features")
    def _no_features(self) -> list[str]:
        return []

    @traitlets.validate("features")
    def _valid_features(self, proposal: traitlets.Bunch) -> list[str]:
        """Canonical names; unknown names and contradictory pairs raise ValueError (as in Python's
        claudication()), so a bad value never reaches the widget."""
        value = proposal["value"]
        if isinstance(value, dict):
            raise ValueError(f"features must be a list of claudication-feature names, got {value!r}")
        claudication_result(value)  # raises the same ValueError as legpain.claudication
        return list(vocabulary.canonical_all("claudication feature", value))

    @traitlets.observe("features")
    def _features_changed(self, change: dict) -> None:
        self._update()

    def _update(self) -> None:
        self.set_trait("result", claudication_result(self.features))

    def _from_browser(self, name: str, value: object) -> object:
        """Features from the browser: unknown names are dropped; a contradictory set is ignored
        and left showing in the browser, which explains the contradiction itself."""
        clean = known_names(name, value, vocabulary.names("claudication feature"))
        try:
            claudication_result(clean)
        except ValueError as error:
            raise KeepBrowserValue(str(error)) from error
        return clean

    def clear(self) -> None:
        """Untick every feature."""
        self.features = []

"""Red-flag triage: tick the warning signs present and see how urgent the situation is, and why.

The rules are the course's cited triage table (:func:`legpain.triage_table`). The front end
(``widget.js``) evaluates that table in the browser with the same algorithm as
:func:`legpain.triage`, so the widget also works in the static book without a kernel; a browser
test checks that both give the same answer. Whenever the level is *emergency* the widget shows an
unmistakable "seek emergency care now" message in words, not by colour alone.

Educational use only: this is a teaching aid, not a diagnostic device and not medical advice.

>>> widget = RedFlagTriage(signs=["saddle numbness"])   # aliases are accepted
>>> widget.signs, widget.result["level"]
(['saddle anaesthesia'], 'emergency')
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

import traitlets

from ...knowledge import vocabulary
from ...knowledge.sources import source_label
from ...reasoning.triage_rules import triage, triage_table
from .._base import CourseWidget, known_names, widget_files

__all__ = ["RedFlagTriage", "triage_data", "triage_result"]


#: Interface words (not clinical facts): the clinical content comes from triage_table().
_TEXTS = {
    "title": "Red-flag triage",
    "educational": ("Educational use only. This teaching tool shows how clinicians weigh warning "
                    "signs; it does not diagnose anyone and is not medical advice."),
    "instructions": ("Tick every warning sign present in the story, alongside the back or leg "
                     "pain. The answer updates at once."),
    "signs_legend": "Warning signs present",
    "clear": "Clear all signs",
    "level_heading": "Triage level",
    "emergency_banner": "Seek emergency care now",
    "action_heading": "What to do",
    "reasons_heading": "Why",
    "conditions_heading": "What it could be",
    "sources_heading": "Sources",
    "none_ticked": "No sign ticked.",
    "see_below": "(the reasons are below)",
    "red_flags_text": "All red flags, explained",
    "red_flags_book": "../book/red_flags.html",
    "red_flags_lab": "../book/red_flags.md",
}


def triage_result(signs: object) -> dict[str, Any]:
    """:func:`legpain.triage` as plain JSON data (lists, not tuples), plus the level's label."""
    answer = triage(signs)  # type: ignore[arg-type]
    data = {key: list(value) if isinstance(value, tuple) else value
            for key, value in dataclasses.asdict(answer).items()}
    labels = {level["id"]: level["label"] for level in triage_table()["levels"]}
    data["label"] = labels[answer.level]
    data["is_emergency"] = answer.is_emergency
    return data


@functools.cache
def triage_data() -> dict[str, Any]:
    """What the front end needs: the triage table, each sign's description, source labels."""
    table = triage_table()
    keys = {key for rule in table["rules"] for key in rule["sources"]}
    keys |= {key for level in table["levels"] for key in level["sources"]}
    keys |= set(table["empty"]["sources"])
    return {
        "table": table,
        "signs": [{"name": term.name, "description": term.description}
                  for term in vocabulary.terms("red flag")],
        "source_labels": {key: source_label(key) for key in sorted(keys)},
        "texts": dict(_TEXTS),
    }


class RedFlagTriage(CourseWidget):
    """Tick red flags, read emergency / urgent / routine with reasons, conditions and an action.

    ``signs`` is the list of ticked red flags (vocabulary names; aliases accepted from Python).
    ``result`` is read-only: what :func:`legpain.triage` says for those signs.
    """

    _esm, _css = widget_files(__file__, reasoning=True)

    signs = traitlets.Any(help="the ticked red flags (vocabulary names)").tag(sync=True)
    result = traitlets.Dict(read_only=True, help="triage() for the ticked signs").tag(sync=True)
    data = traitlets.Dict(read_only=True).tag(sync=True)

    _SETTINGS = ("signs",)

    def __init__(self, signs: object = (), **kwargs: Any) -> None:
        self._check_settings(kwargs)
        super().__init__()
        self.set_trait("data", triage_data())
        self.signs = signs
        self._update()

    @traitlets.default("signs")
    def _no_signs(self) -> list[str]:
        return []

    @traitlets.validate("signs")
    def _valid_signs(self, proposal: traitlets.Bunch) -> list[str]:
        """Canonical names; an unknown name raises the vocabulary's ValueError naming the valid ones."""
        value = proposal["value"]
        if value is None or isinstance(value, dict):
            raise ValueError("signs must be a list of red-flag names (use [] for none); valid "
                             f"red flags: {', '.join(vocabulary.names('red flag'))}")
        return list(vocabulary.canonical_all("red flag", value))

    @traitlets.observe("signs")
    def _signs_changed(self, change: dict) -> None:
        self._update()

    def _update(self) -> None:
        self.set_trait("result", triage_result(self.signs))

    def _from_browser(self, name: str, value: object) -> object:
        """Signs from the browser: names the vocabulary does not know are dropped; anything that
        is not a list is refused."""
        return known_names(name, value, vocabulary.names("red flag"))

    def clear(self) -> None:
        """Untick every sign."""
        self.signs = []

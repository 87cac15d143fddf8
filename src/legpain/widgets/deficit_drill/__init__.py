"""Draw the deficit: the course names a lesion, the student draws what it would do to the leg.

The student marks on a body map of one leg where the skin would be numb, ticks the movements that
would be weak and the reflexes that would change, and presses Check. Every mark is scored against
both dermatome maps of the knowledge base and explained (:mod:`legpain.reasoning.deficit_drill`);
"Next lesion" asks again, more often about the lesions the student got wrong.

The front end (``widget.js``) scores and chooses in the browser from the same table, so the drill
works in the static book without a kernel; a browser test requires its scores to equal Python's.
Progress stays in the student's browser (localStorage, through the shared ``savedStore``) and, in
JupyterLab, in the ``progress`` trait of their own kernel. Nothing is sent anywhere.

>>> drill = DeficitDrill(lesion="L5")
>>> drill.numbness = ["dorsum of foot"]
>>> drill.score().percent < 100
True
"""

from __future__ import annotations

import functools
from typing import Any

import traitlets

from ...knowledge import vocabulary
from ...reasoning import deficit_drill as dd
from .._base import CourseWidget, widget_files
from ..explorer.geometry import body_map

__all__ = ["DeficitDrill", "STORE_KEY", "drill_answer", "drill_geometry", "drill_score"]

#: where the browser keeps the drill's progress (localStorage key; the front page reads it too)
STORE_KEY = "legpain-deficit-drill:v1"

#: Interface words (not clinical facts).
_TEXTS = {
    "title": "Draw the deficit",
    "note": ("A drill, not a diagnosis: dermatomes overlap and vary between people. Your record "
             "stays in this browser; nothing is sent anywhere."),
    "prompt": "Draw the deficit of {the_name}.",
    "prompt_hint": ("Mark where the skin would be numb, tick the movements that would be weak and "
                    "the reflexes that would change, then press Check."),
    "lesion_label": "Lesion",
    "groups": {"root": "Nerve roots", "nerve": "Peripheral nerves"},
    "next": "Next lesion",
    "next_hint": "Next lesion picks one for you, more often one you got wrong.",
    "skin_legend": "Numb skin: mark it on the left leg",
    "skin_hint": ("Click or tap a region, or Tab to it and press Enter or Space. A marked region "
                  "is hatched."),
    "marked_none": "No skin marked yet.",
    "marked": "Marked: {list}.",
    "list_summary": "Mark the skin from a list instead",
    "move_legend": "Weak movements",
    "reflex_legend": "Reflexes that would be reduced or absent",
    "check": "Check",
    "clear": "Clear my marks",
    "cleared": "Your marks are cleared.",
    "empty": "Mark something first: some skin, a movement or a reflex.",
    "changed": "You changed a mark: press Check again.",
    "score": "Your score: {p}",
    "by_map": "On {map}: {p} (skin {skin}, movements {movements}, reflexes {reflexes})",
    "not_counted": "not counted",
    "nerve_maps": "A nerve's skin field is the same on both maps, so both give this score.",
    "rule": ("Each part scores what you found divided by what you found, missed and marked wrongly; "
             "a map's score is the mean of its parts and your score is the mean of the two maps. "
             "Skin inside the lesion's area on either map is never wrong."),
    "heading_miss": "What you missed",
    "heading_wrong": "Marks that do not fit",
    "heading_hit": "What you got right",
    "heading_extra": "Also fits (marking these is fine)",
    "disagree": "Where the maps disagree for {short}: {list}.",
    "disagree_none": "The two maps agree on {short}'s skin.",
    "skin_root": "{short} skin on both maps: {list}.",
    "skin_nerve": "Skin field of {the_name}: {list}.",
    "skin_partial": "Only in part, so marking it is optional: {list}.",
    "about": "About {the_name}",
    "map_legend": ("On the map now: solid outline = you found it; dashed outline = you missed it; "
                   "hatched with a cross = does not fit."),
    "right": "Right: at least {n}% moves this lesion to a later box; it will come back less often.",
    "again": "Below {n}%: this lesion goes back to box 1 and will come back often.",
    "record_heading": "Your record in this browser",
    "record_none": "No lesion checked yet in this browser.",
    "record_item": "{short}: {mean}% average over {tries} {tries_word} (last {last}%)",
    "sources": "Sources: {list}.",
    "red_flags_text": "Red flags: when leg symptoms need care now or today",
    "red_flags_book": "../book/red_flags.html",
    "red_flags_lab": "../book/red_flags.md",
    "bad_lesion": "The saved lesion was not one the drill knows, so L5 is shown.",
}


def drill_score(lesion: str, numbness: list[str] | tuple[str, ...] = (),
                weakness: list[str] | tuple[str, ...] = (),
                reflexes: list[str] | tuple[str, ...] = ()) -> dd.DrillScore:
    """Score marks for a lesion as the drill does (vocabulary names; aliases are accepted).

    >>> drill_score("L5", **drill_answer("L5")).percent
    100
    """
    return dd.score_answer(lesion, vocabulary.canonical_all("region", numbness),
                           vocabulary.canonical_all("action", weakness),
                           vocabulary.canonical_all("reflex", reflexes))


def drill_answer(lesion: str) -> dict[str, list[str]]:
    """The marks that score 100% on both maps for a lesion (the drill's answer key)."""
    return dd.perfect_answer(lesion)


@functools.cache
def drill_geometry() -> dict[str, Any]:
    """The explorer's body map, cut down to the left leg and the midline: per view its box around
    the left half (``halves.left``), title, outlines, landmark lines and region shapes."""
    full = body_map()
    views = []
    for view in full["views"]:
        box = view["halves"]["left"]
        views.append({"id": view["id"], "title": view["title"], "box": box,
                      "outlines": [o["d"] for o in full["outlines"] if o["view"] == view["id"]],
                      "details": [d["d"] for d in full["details"] if d["view"] == view["id"]],
                      "shapes": [{"region": s["region"], "d": s["d"], "primary": s["primary"]}
                                 for s in full["shapes"]
                                 if s["view"] == view["id"] and s["side"] in ("left", None)]})
    return {"views": views}


@functools.cache
def _data() -> dict[str, Any]:
    return {"table": dd.drill_table(), "geometry": drill_geometry(), "texts": dict(_TEXTS)}


class DeficitDrill(CourseWidget):
    """``DeficitDrill(lesion="L5")``. The student's marks are ``numbness``, ``weakness`` and
    ``reflexes`` (vocabulary names); :meth:`score` scores them; ``progress`` is the browser's
    record, as the front end last saved it."""

    _esm, _css = widget_files(__file__)

    table = traitlets.Dict(read_only=True).tag(sync=True)
    geometry = traitlets.Dict(read_only=True).tag(sync=True)
    texts = traitlets.Dict(read_only=True).tag(sync=True)
    lesion = traitlets.Any("L5", help="the lesion asked: a root (L2..S1) or a nerve id").tag(sync=True)
    numbness = traitlets.Any(help="regions marked numb").tag(sync=True)
    weakness = traitlets.Any(help="movements marked weak").tag(sync=True)
    reflexes = traitlets.Any(help="reflexes marked as changed").tag(sync=True)
    checked = traitlets.Bool(False, help="the student pressed Check on these marks").tag(sync=True)
    progress = traitlets.Dict(help="{'lesions': {id: {box, tries, total, last}}}").tag(sync=True)

    _SETTINGS = ("lesion", "numbness", "weakness", "reflexes", "checked", "progress")

    def __init__(self, **kwargs: Any) -> None:
        self._check_settings(kwargs)
        super().__init__(**kwargs)
        data = _data()
        for name in ("table", "geometry", "texts"):
            self.set_trait(name, data[name])

    @traitlets.default("numbness")
    def _no_numbness(self) -> list[str]:
        return []

    @traitlets.default("weakness")
    def _no_weakness(self) -> list[str]:
        return []

    @traitlets.default("reflexes")
    def _no_reflexes(self) -> list[str]:
        return []

    @traitlets.validate("lesion")
    def _valid_lesion(self, proposal: traitlets.Bunch) -> str:
        value = proposal["value"]
        for lesion_id in dd.lesion_ids():
            if isinstance(value, str) and value.strip().lower() == lesion_id.lower():
                return lesion_id
        raise ValueError(f"unknown lesion {value!r}; the drill asks about: "
                         f"{', '.join(dd.lesion_ids())}")

    @traitlets.validate("numbness", "weakness", "reflexes")
    def _valid_marks(self, proposal: traitlets.Bunch) -> list[str]:
        kind = {"numbness": "region", "weakness": "action", "reflexes": "reflex"}[
            proposal["trait"].name]
        value = proposal["value"]
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise ValueError(f"{proposal['trait'].name} must be a list of {kind} names, "
                             f"e.g. {[vocabulary.names(kind)[0]]}; got {value!r:.60}")
        return list(vocabulary.canonical_all(kind, value))

    @traitlets.validate("progress")
    def _valid_progress(self, proposal: traitlets.Bunch) -> dict[str, Any]:
        return dd.clean_progress(proposal["value"])

    def score(self) -> dd.DrillScore:
        """The current marks scored for the current lesion (what Check shows)."""
        return dd.score_answer(self.lesion, self.numbness, self.weakness, self.reflexes)

    def answer_key(self) -> dict[str, list[str]]:
        """The marks that score 100% on both maps for the current lesion."""
        return dd.perfect_answer(self.lesion)

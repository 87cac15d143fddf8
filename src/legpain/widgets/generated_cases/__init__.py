"""Endless practice cases: an invented patient drawn from the course's model, by case number.

The student reads the story, picks the root or nerve and the triage level, presses Check, then
reads the model's answer: :func:`legpain.localize` on exactly the case's findings (the top
candidates with their probabilities and the reasons) and :func:`legpain.triage` on its red flags.
"New case" draws another; the case number field loads a given case, so a class can share one.

The front end draws the case itself (``drawCase`` in ``widget.js``) from the same table and the
same seeded generator as :func:`legpain.reasoning.generated_cases.generate_case`, and ranks and
triages it with the localiser's evidence table and the triage table, so it works in the static
book without a kernel; browser tests check that both sides agree. The tables travel packed
(gzip + base64 JSON). Answers stay in the student's browser (localStorage) and, in JupyterLab,
in this widget's traits; nothing is sent anywhere.

>>> widget = GeneratedCases(seed=4821)
>>> widget.case.seed, widget.case.key.level in ("emergency", "urgent", "routine")
(4821, True)
"""

from __future__ import annotations

import functools
from typing import Any

import traitlets

from ...knowledge import vocabulary
from ...reasoning import localization, triage_rules
from ...reasoning.generated_cases import (
    GeneratedCase,
    check_seed,
    generate_case,
    generator_table,
)
from .._base import CourseWidget, pack, widget_files

__all__ = ["GeneratedCases", "widget_data", "pack"]

#: The case the notebook opens with (any case number from 1 to 4294967295 works).
DEFAULT_SEED = 4821
#: "New case" draws a case number from 1 to this, short enough to read out to a class.
NEW_CASE_MAX = 999_999

#: Interface words (not clinical facts): every clinical text comes from the knowledge base.
_TEXTS = {
    "title": "Generated cases",
    "note": ("Every case here is invented: the course draws it from its own teaching model. "
             "Your answers stay in this browser; nothing is sent anywhere."),
    "case_number": "Case number",
    "load": "Load case",
    "new_case": "New case",
    "bad_number": "A case number is a whole number from 1 to {max}.",
    "bad_saved_number": "The saved case number was not valid, so case 1 is shown.",
    "heading": "Case {seed}",
    "exam_heading": "On examination",
    "lesion_question": "Where is the lesion?",
    "lesion_placeholder": "Choose a root or nerve",
    "level_question": "How urgent is it?",
    "check": "Check",
    "choose_first": "Choose a root or nerve and a triage level first.",
    "changed": "You changed an answer: press Check again.",
    "groups": {"root": "Nerve roots", "nerve": "Peripheral nerves",
               "several roots": "Several roots", "above the roots": "Above the roots"},
    "lesion_right": "Site: ✓ same as the model: {name} ({p}).",
    "lesion_wrong": ("Site: ✗ the model puts {name} first ({p}); your answer, {mine}, is number "
                     "{rank} with {pmine}."),
    "level_right": "Triage: ✓ same as the model: {label} ({timing}).",
    "level_wrong": "Triage: ✗ the model says {label} ({timing}); you chose {mine}.",
    "bars_heading": "Where the model puts the lesion",
    "bars_caption": "The {n} most likely sites of {total}, with the model's probability",
    "yours": "your answer",
    "why_heading": "Why {name} comes first",
    "for": "For",
    "against": "Against",
    "drawn": "The generator drew this case from: {name}.",
    "drawn_differs": ("The findings were drawn by chance from that lesion, and here they fit "
                      "another site better: the model can only go by the findings, and so can "
                      "you."),
    "triage_heading": "How urgent: the course's triage",
    "flags_heading": "Red flags in this case",
    "no_flags": "No red flag in this case.",
    "reasons_heading": "Why",
    "red_flags_text": "All red flags, explained",
    "red_flags_book": "../book/red_flags.html",
    "red_flags_lab": "../book/red_flags.md",
    "limits": ("A teaching model, not a diagnosis: the model treats the findings as independent "
               "and its priors are rough, so read its percentages as a ranking. The triage looks "
               "only at the red flags."),
    "tally": ("In this browser you have checked {n} generated case{s}: the site matched the "
              "model in {site}, the triage level in {level}."),
}


@functools.cache
def widget_data() -> dict[str, Any]:
    """Everything the front end needs (JSON-ready): ``generator`` (the case generator's table),
    ``evidence`` (the localiser's evidence table for the same map), ``triage`` (the triage
    table), ``levels`` (the one wording of each level), ``red_flag_words`` (each red flag's
    plain description) and ``texts`` (interface words)."""
    generator = generator_table()
    wording = triage_rules.level_wording()
    return {
        "generator": generator,
        "evidence": localization.evidence_table(generator["map_source"]),
        "triage": triage_rules.triage_table(),
        "levels": [dict(id=level, **wording[level]) for level in triage_rules.LEVELS],
        "red_flag_words": {t.name: t.description for t in vocabulary.terms("red flag")},
        "new_case_max": NEW_CASE_MAX,
        "texts": dict(_TEXTS, bad_number=_TEXTS["bad_number"].format(max=generator["seed_max"])),
    }


@functools.cache
def _packed() -> dict[str, str]:
    return pack(widget_data())


class GeneratedCases(CourseWidget):
    """``GeneratedCases(seed=4821)``: case 4821; the student can load any other or a new one.

    ``seed`` is the case number (1 to 4294967295). ``lesion_answer`` (a candidate id, e.g.
    ``"L5"``) and ``level_answer`` (``"emergency"``, ``"urgent"`` or ``"routine"``) are the
    student's answers, ``checked`` says whether they pressed Check; :attr:`case` is the case
    itself with the model's answer key.
    """

    _esm, _css = widget_files(__file__, reasoning=True)

    data_packed = traitlets.Dict(read_only=True).tag(sync=True)
    seed = traitlets.Any(DEFAULT_SEED, help="the case number, 1 to 4294967295").tag(sync=True)
    lesion_answer = traitlets.Any("", help="the student's root or nerve (a candidate id)").tag(
        sync=True)
    level_answer = traitlets.Any("", help="the student's triage level").tag(sync=True)
    checked = traitlets.Bool(False, help="the student pressed Check").tag(sync=True)

    _SETTINGS = ("seed", "lesion_answer", "level_answer", "checked")

    def __init__(self, **kwargs: Any) -> None:
        self._check_settings(kwargs)
        self._ready = False
        super().__init__(**kwargs)
        self.set_trait("data_packed", _packed())
        self._ready = True

    @traitlets.validate("seed")
    def _valid_seed(self, proposal: traitlets.Bunch) -> int:
        """A case number from 1 to 4294967295; anything else raises ValueError saying so."""
        return check_seed(proposal["value"])

    @traitlets.observe("seed")
    def _new_case(self, change: dict) -> None:
        """Another case: the answers given to the previous one no longer apply."""
        old, new = change["old"], change["new"]
        # (a rejected value from the browser is rolled back through here: old is then not a case)
        if getattr(self, "_ready", False) and isinstance(old, int) and isinstance(new, int) \
                and old != new:
            self.lesion_answer, self.level_answer, self.checked = "", "", False

    @traitlets.validate("lesion_answer")
    def _valid_lesion(self, proposal: traitlets.Bunch) -> str:
        value = proposal["value"]
        valid = [c["id"] for c in localization.candidates()]
        if value == "" or value in valid:
            return value
        raise ValueError(f"unknown root or nerve {value!r}; valid: {', '.join(valid)} "
                         "(or '' for no answer)")

    @traitlets.validate("level_answer")
    def _valid_level(self, proposal: traitlets.Bunch) -> str:
        value = proposal["value"]
        if value == "" or value in triage_rules.LEVELS:
            return value
        raise ValueError(f"unknown triage level {value!r}; valid: "
                         f"{', '.join(triage_rules.LEVELS)} (or '' for no answer)")

    @property
    def case(self) -> GeneratedCase:
        """The current case, with the model's answer key (:func:`generate_case`)."""
        return generate_case(self.seed)

    def score(self) -> tuple[bool, bool] | None:
        """(site right, level right) against the answer key once checked, else None."""
        if not self.checked:
            return None
        key = self.case.key
        return self.lesion_answer == key.lesion, self.level_answer == key.level

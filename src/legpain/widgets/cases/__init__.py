"""The case library: pick an invented patient, read the story and work its staged questions.

Cases come from ``knowledge/data/cases.yaml`` through :func:`legpain.reasoning.cases.case_table`. Every
question gives feedback on every option; the next question opens once the current one is
checked. A student's progress stays in their own browser (localStorage), as in the quiz, and in
JupyterLab also in the ``progress`` trait of their own kernel.

As in the quiz, options arrive in data order and the front end shows them shuffled
(:func:`legpain.widgets.quiz.display_order` with scope ``"<case id>:<question id>"``); a wrong try
shows only the chosen option's feedback and a hint.
"""

from __future__ import annotations

from typing import Any

import traitlets

from ...reasoning.cases import case, case_table
from .._base import CourseWidget, widget_files

#: What a student is pointed to after a wrong try at a step of each kind (when the step itself
#: carries no hint or explanation): a way of reasoning, never the answer.
STEP_HINTS = {
    "lesion": ("put the findings together: where are the pain and the numbness, which movements "
               "are weak, which reflex has changed? Look for the one root or nerve that explains "
               "all of them, including the back pain or its absence."),
    "disc": ("recall which root a disc at this level usually compresses, and how the zone on the "
             "MRI (central, paracentral, foraminal, far lateral) changes that."),
    "cause": ("weigh the age, how the pain started and changed over time, and any finding in the "
              "story that a simple disc problem would not explain."),
    "urgency": ("search the story for red flags, and notice their absence too. Emergency means "
                "care now; urgent means care today."),
    "claudication": ("compare what brings the leg pain on and what eases it (standing still, "
                     "sitting, bending forward) and whether the foot pulses are there."),
    "next": ("ask what the findings so far make most likely, and what that person needs first "
             "according to the guidelines the course cites."),
}


def _with_hints(library: dict[str, Any]) -> dict[str, Any]:
    """Give every step without a hint or an explanation the hint for its kind."""
    for row in library.get("cases", []):
        for question in row.get("questions", []):
            if not question.get("hint") and not question.get("explanation"):
                question["hint"] = STEP_HINTS.get(question.get("kind", ""), "")
    return library


class CaseLibrary(CourseWidget):
    """``CaseLibrary()`` shows every case; ``CaseLibrary(current="cauda-equina-syndrome")`` opens one.

    ``progress`` maps case id -> question id -> the option index (in data order) the student checked.
    """

    _esm, _css = widget_files(__file__)

    library = traitlets.Dict().tag(sync=True)
    current = traitlets.Unicode("").tag(sync=True)
    progress = traitlets.Dict().tag(sync=True)
    #: 0: a new option order on every page load; any other value fixes the order (tests, screenshots)
    seed = traitlets.Int(0, min=0, max=0xFFFFFFFF).tag(sync=True)

    def __init__(self, current: str = "", **kwargs: Any) -> None:
        super().__init__(library=_with_hints(case_table()), **kwargs)
        self.current = current or self.library["cases"][0]["id"]

    @traitlets.validate("current")
    def _valid_current(self, proposal: traitlets.Bunch) -> str:
        """Unknown case ids raise ValueError naming the valid ones."""
        value = proposal["value"]
        if not value:
            return value
        return case(value).id

    @traitlets.validate("progress")
    def _valid_progress(self, proposal: traitlets.Bunch) -> dict[str, dict[str, int]]:
        """Keep well-formed answers only; bad state from the front end is dropped, not fatal."""
        clean: dict[str, dict[str, int]] = {}
        rows = {row["id"]: row for row in self.library.get("cases", [])}
        value = proposal["value"]
        for case_id, answers in (value.items() if isinstance(value, dict) else ()):
            row = rows.get(case_id)
            if row is None or not isinstance(answers, dict):
                continue
            questions = {q["id"]: q for q in row["questions"]}
            kept = {}
            for question_id, index in answers.items():
                question = questions.get(question_id)
                if (question is not None and isinstance(index, int)
                        and not isinstance(index, bool) and 0 <= index < len(question["options"])):
                    kept[question_id] = index
            if kept:
                clean[case_id] = kept
        return clean

    def score(self, case_id: str) -> tuple[int, int]:
        """(questions answered correctly, number of questions) for one case."""
        row = next(r for r in self.library["cases"] if r["id"] == case(case_id).id)
        answers = self.progress.get(row["id"], {})
        right = sum(1 for q in row["questions"]
                    if q["id"] in answers and q["options"][answers[q["id"]]]["correct"])
        return right, len(row["questions"])

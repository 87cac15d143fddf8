"""The case library: pick an invented patient, read the story and work its staged questions.

Cases come from ``legpain/data/cases.yaml`` through :func:`legpain.cases.case_table`. Every
question gives feedback on every option; the next question opens once the current one is
checked. A student's progress stays in their own browser (localStorage), as in the quiz, and in
JupyterLab also in the ``progress`` trait of their own kernel.
"""

from __future__ import annotations

from typing import Any

import traitlets

from ...cases import case, case_table
from .._base import CourseWidget, widget_files


class CaseLibrary(CourseWidget):
    """``CaseLibrary()`` shows every case; ``CaseLibrary(current="cauda-equina-syndrome")`` opens one.

    ``progress`` maps case id -> question id -> the option index the student checked.
    """

    _esm, _css = widget_files(__file__)

    library = traitlets.Dict().tag(sync=True)
    current = traitlets.Unicode("").tag(sync=True)
    progress = traitlets.Dict().tag(sync=True)

    def __init__(self, current: str = "", **kwargs: Any) -> None:
        super().__init__(library=case_table(), **kwargs)
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

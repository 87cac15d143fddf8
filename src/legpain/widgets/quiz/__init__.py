"""Check-yourself quizzes: multiple-choice and multi-select questions with feedback on every option.

Questions are data (``legpain/knowledge/data/quizzes/<quiz-id>.yaml``). The same front end runs live in
JupyterLab and in the static book; a student's answers stay in their own browser (localStorage)
and, in JupyterLab, in the ``answers`` trait of their own kernel.

Options arrive in data order; the front end shows them in a seeded shuffled order
(:func:`display_order`, the same algorithm in Python and JS), so the right answer sits in no
habitual place. The browser stores an answer by the option's identity (:func:`option_key`, a hash
of its text), never by its position on screen, so a stored answer stays on its own option whatever
the order.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import traitlets

from ...knowledge.loading import DATA_DIR, DataError, Entry, load_yaml
from .._base import CourseWidget, widget_files

QUESTION_TYPES = ("single", "multiple")
_MASK = 0xFFFFFFFF


def fnv1a32(text: str) -> int:
    """32-bit FNV-1a hash of ``text`` as UTF-8 (the front end's ``fnv1a``, bit for bit)."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & _MASK
    return value


def option_key(text: str) -> str:
    """An option's stable identity for stored answers: 8 hex digits of its text's FNV-1a hash.

    Stored by identity, an answer survives any shuffle; if the option's text is rewritten the
    stored answer no longer matches and is ignored rather than moved to another option.
    """
    return f"{fnv1a32(text):08x}"


def _imul(a: int, b: int) -> int:
    """JavaScript's ``Math.imul`` on unsigned 32-bit values (result unsigned)."""
    return (a * b) & _MASK


def _mulberry32(seed: int) -> Iterator[float]:
    """The front end's mulberry32 generator: floats in [0, 1) from a 32-bit seed."""
    state = seed & _MASK
    while True:
        state = (state + 0x6D2B79F5) & _MASK
        t = _imul(state ^ (state >> 15), 1 | state)
        t = ((t + _imul(t ^ (t >> 7), 61 | t)) & _MASK) ^ t
        yield ((t ^ (t >> 14)) & _MASK) / 4294967296


def display_order(count: int, seed: int, scope: str) -> list[int]:
    """Data indices of ``count`` options in the order the front end shows them.

    A Fisher-Yates shuffle driven by mulberry32 seeded with ``fnv1a32(f"{seed}:{scope}")``;
    ``scope`` is ``"<quiz id>:<question id>"`` (or ``"<case id>:<question id>"`` in the case
    library), so each question gets its own order from one seed.
    """
    order = list(range(count))
    rand = _mulberry32(fnv1a32(f"{seed}:{scope}"))
    for i in range(count - 1, 0, -1):
        j = int(next(rand) * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def quiz_ids() -> tuple[str, ...]:
    """Every quiz the course ships, by id (file name without .yaml)."""
    return tuple(sorted(p.stem for p in (DATA_DIR / "quizzes").glob("*.yaml")))


@functools.cache
def load_quiz(quiz_id: str) -> dict[str, Any]:
    """The validated quiz as plain data (what the front end receives)."""
    if quiz_id not in quiz_ids():
        raise ValueError(f"unknown quiz {quiz_id!r}; valid quizzes: {', '.join(quiz_ids())}")
    file = f"quizzes/{quiz_id}.yaml"
    top = Entry(file, load_yaml(file), quiz_id)
    if top.text("id") != quiz_id:
        raise DataError(file, f"id must equal the file name {quiz_id!r}", quiz_id, "id")
    raw_questions = top.get("questions", list)
    if len(raw_questions) < 3:
        raise DataError(file, "a quiz needs at least three questions", quiz_id, "questions")
    questions, seen = [], set()
    for raw in raw_questions:
        question = Entry(file, raw)
        if question.id in seen:
            raise DataError(file, "duplicate question id", question.id, "id")
        seen.add(question.id)
        kind = question.choice("type", QUESTION_TYPES)
        options = []
        for index, raw_option in enumerate(question.get("options", list)):
            option = Entry(file, raw_option, f"{question.id} option {index + 1}")
            options.append({"text": option.text("text"),
                            "correct": option.get("correct", bool),
                            "feedback": option.text("feedback")})
        right = sum(option["correct"] for option in options)
        if len(options) < 2:
            raise DataError(file, "a question needs at least two options", question.id, "options")
        if kind == "single" and right != 1:
            raise DataError(file, "a single-answer question needs exactly one correct option",
                            question.id, "options")
        if kind == "multiple" and right < 1:
            raise DataError(file, "a multi-select question needs at least one correct option",
                            question.id, "options")
        sources = question.sources() if "sources" in question.raw else ()
        questions.append({"id": question.id, "type": kind, "prompt": question.text("prompt"),
                          "options": options, "explanation": question.text("explanation", ""),
                          "hint": question.text("hint", ""),
                          "sources": list(sources)})
    return {"id": quiz_id, "title": top.text("title", "Check yourself"), "questions": questions}


class Quiz(CourseWidget):
    """A chapter's Check-yourself quiz. ``Quiz("how-to-use")`` shows it; ``answers`` holds the choices."""

    _esm, _css = widget_files(__file__)

    quiz = traitlets.Dict().tag(sync=True)
    #: question id -> list of chosen option indices (in data order), as the student last checked them
    answers = traitlets.Dict().tag(sync=True)
    #: 0: a new option order on every page load; any other value fixes the order (tests, screenshots)
    seed = traitlets.Int(0, min=0, max=0xFFFFFFFF).tag(sync=True)

    def __init__(self, quiz_id: str, **kwargs: Any) -> None:
        super().__init__(quiz=load_quiz(quiz_id), **kwargs)

    @traitlets.validate("answers")
    def _valid_answers(self, proposal: traitlets.Bunch) -> dict[str, list[int]]:
        """Keep only well-formed answers; bad state from the front end is dropped, not fatal."""
        clean: dict[str, list[int]] = {}
        questions = {q["id"]: q for q in self.quiz.get("questions", [])}
        for key, value in dict(proposal["value"]).items():
            question = questions.get(key)
            if question is None or not isinstance(value, list):
                continue
            indices = [i for i in value
                       if isinstance(i, int) and not isinstance(i, bool)
                       and 0 <= i < len(question["options"])]
            if question["type"] == "single":
                indices = indices[:1]
            clean[key] = sorted(set(indices))
        return clean

    def score(self) -> tuple[int, int]:
        """(questions answered correctly, number of questions) from the checked answers."""
        right = 0
        for question in self.quiz["questions"]:
            chosen = set(self.answers.get(question["id"], []))
            wanted = {i for i, o in enumerate(question["options"]) if o["correct"]}
            right += chosen == wanted
        return right, len(self.quiz["questions"])

"""The review deck: the course's facts as flashcards, scheduled by spaced repetition (SM-2).

The cards come from the knowledge base and the chapters' Check-yourself questions
(:mod:`.deck`); each shows its answer with its sources. The front end (``widget.js``) runs the
daily session and the SM-2 scheduler in the browser, so the deck works in the static book; the
Python reference of the same scheduler is :mod:`legpain.reasoning.spacing`, and a browser test
requires both to give the same intervals and dates.

Progress stays in the student's browser (localStorage, through the shared ``savedStore``) and, in
JupyterLab, in the ``progress`` trait of their own kernel; Export and Import move it as a JSON
file. Nothing is sent anywhere.

>>> deck = ReviewDeck(today="2026-03-02")
>>> deck.due_counts()[2]["new"] > 0      # chapter 3's cards, none started yet
True
"""

from __future__ import annotations

from typing import Any

import traitlets

from ...reasoning.spacing import (
    Sm2State,
    add_days,
    clean_progress,
    next_intervals,
    schedule,
    session_queue,
)
from .._base import CourseWidget, widget_files
from .deck import KINDS, Card, card_data, chapters, review_cards

__all__ = ["ReviewDeck", "review_cards", "review_schedule", "Card"]

#: where the browser keeps the deck's progress (localStorage key) and the export file's format
STORE_KEY = "legpain-review-deck:v1"
EXPORT_FORMAT = "legpain-review-deck"


def review_schedule(answers: list[str] | tuple[str, ...], start: str = "2026-01-05") -> list[dict]:
    """A worked example of SM-2: one card answered ``answers`` on the days it falls due.

    >>> [row["interval"] for row in review_schedule(["good", "good", "good"])]
    [1, 6, 15]
    """
    return schedule(answers, start)


class ReviewDeck(CourseWidget):
    """The review deck. ``ReviewDeck()`` shows it; ``progress`` holds the browser's record."""

    _esm, _css = widget_files(__file__)

    #: every card: id, chapter, kind, front, back (paragraphs on new lines), sources, source_text
    cards = traitlets.List(read_only=True).tag(sync=True)
    #: the chapters the cards review: id ("03"), number, title, notebook
    chapters = traitlets.List(read_only=True).tag(sync=True)
    #: kind of card -> its name
    kinds = traitlets.Dict(read_only=True).tag(sync=True)
    #: the browser's progress, as the front end last saved it: {"cards": {...}, "settings": {...}}
    progress = traitlets.Dict().tag(sync=True)
    #: "" : the browser's own date; "YYYY-MM-DD" fixes "today" (worked examples, tests)
    today = traitlets.Unicode("").tag(sync=True)
    #: how many new cards a day's session adds at most (the student can change it in the deck)
    new_per_day = traitlets.Int(10, min=1, max=100).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.set_trait("cards", [card_data(c) for c in review_cards()])
        self.set_trait("chapters", chapters())
        self.set_trait("kinds", dict(KINDS))

    @traitlets.validate("progress")
    def _valid_progress(self, proposal: traitlets.Bunch) -> dict[str, Any]:
        """Keep only well-formed records: bad state from the front end is dropped, not fatal."""
        return clean_progress(proposal["value"])

    @traitlets.validate("today")
    def _valid_today(self, proposal: traitlets.Bunch) -> str:
        value = proposal["value"]
        if value:
            try:
                add_days(value, 0)
            except ValueError:
                raise traitlets.TraitError(
                    f"today must be a date written YYYY-MM-DD (or empty), not {value!r}") from None
        return value

    def _day(self, today: str | None) -> str:
        import datetime

        return today or self.today or datetime.date.today().isoformat()

    def session(self, today: str | None = None) -> list[str]:
        """The ids of today's cards, in the order the deck shows them."""
        return session_queue(self.cards, self.progress, self._day(today), self.new_per_day)

    def due_counts(self, today: str | None = None) -> list[dict[str, Any]]:
        """Per chapter: cards due today (including today's repeats), new cards, cards started."""
        day = self._day(today)
        stored = clean_progress(self.progress)["cards"]
        rows = []
        for chapter in self.chapters:
            ids = [c["id"] for c in self.cards if c["chapter"] == chapter["id"]]
            seen = [stored[i] for i in ids if i in stored]
            rows.append({"chapter": chapter["number"], "title": chapter["title"],
                         "cards": len(ids), "started": len(seen),
                         "due": sum(e["due"] <= day or e["drill"] == day for e in seen),
                         "new": len(ids) - len(seen)})
        return rows

    def intervals(self, card_id: str) -> dict[str, int]:
        """For one card: the days until its next repetition after each answer."""
        entry = clean_progress(self.progress)["cards"].get(card_id)
        if card_id not in {c["id"] for c in self.cards}:
            raise ValueError(f"unknown card {card_id!r}; card ids look like "
                             f"{self.cards[0]['id']!r}")
        state = Sm2State() if entry is None else Sm2State(entry["n"], entry["ef"], entry["interval"])
        return next_intervals(state)

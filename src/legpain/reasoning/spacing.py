"""Spaced repetition: when to see a review card again, by the SM-2 algorithm (Wozniak 1990).

The review deck's browser code (``widgets/review_deck/widget.js``) schedules cards in JavaScript so
that it works in the static book; this module is the reference it must agree with, and a browser
test feeds both the same answers and requires the same intervals and dates.

SM-2 as its author published it in words (Wozniak 1990, web edition 1998):

- every item starts with an E-Factor (EF) of 2.5;
- intervals: I(1) = 1 day, I(2) = 6 days, and for n > 2 I(n) = I(n-1) * EF, a fraction rounded
  up to the next whole day;
- after each repetition the student grades the answer q on a 0-5 scale, and the E-Factor becomes
  EF' = EF + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)), never less than 1.3;
- a grade below 3 starts the item's repetitions again from I(1) "without changing the E-Factor";
- at the end of each day's session, items graded below 4 are repeated until they score 4 or 5
  (those same-day repeats do not change the schedule).

Two readings are the course's own, because the text leaves them open. The interval after a
repetition uses the E-Factor as that repetition left it (so "easy" waits longer than "good" from
the third repetition on); and the four answer buttons map onto the 0-5 scale as again = 2,
hard = 3, good = 4, easy = 5 (any grade below 3 has the same effect, so "again" could be 0, 1 or 2).
E-Factors move in steps of 0.02, so they are kept as whole hundredths and every interval is exact
integer arithmetic, the same in Python and in JavaScript.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: the four answers a student can give, from worst to best
GRADES: tuple[str, ...] = ("again", "hard", "good", "easy")
#: each answer on SM-2's 0-5 quality scale
QUALITY: dict[str, int] = {"again": 2, "hard": 3, "good": 4, "easy": 5}
#: SM-2's starting and lowest E-Factor, in hundredths
START_EF100 = 250
MIN_EF100 = 130
#: a grade below this is a lapse (repetitions start again); below ``DRILL_BELOW`` the card is
#: repeated again in the same day's session
PASS_QUALITY = 3
DRILL_BELOW = 4


def ef_change100(quality: int) -> int:
    """SM-2's change of the E-Factor for a grade q, in hundredths: 0.1 - (5-q)(0.08 + (5-q)0.02).

    >>> [ef_change100(q) for q in range(6)]
    [-80, -54, -32, -14, 0, 10]
    """
    if quality not in range(6):
        raise ValueError(f"SM-2 grades run from 0 to 5, not {quality!r}")
    miss = 5 - quality
    return 10 - miss * (8 + miss * 2)


@dataclass(frozen=True)
class Sm2State:
    """One card's SM-2 state: successful repetitions in a row, E-Factor, last interval (days)."""

    repetitions: int = 0
    ef: float = START_EF100 / 100
    interval: int = 0

    @property
    def ef100(self) -> int:
        return round(self.ef * 100)


def _quality(grade: str | int) -> int:
    if isinstance(grade, str):
        if grade not in QUALITY:
            raise ValueError(f"unknown answer {grade!r}; valid answers: {', '.join(GRADES)}")
        return QUALITY[grade]
    return int(grade)


def sm2_next(state: Sm2State, grade: str | int) -> Sm2State:
    """The state after one repetition graded ``grade`` ("again" ... "easy", or SM-2's 0-5).

    >>> s = sm2_next(Sm2State(), "good"); (s.repetitions, s.ef, s.interval)
    (1, 2.5, 1)
    """
    quality = _quality(grade)
    ef100 = state.ef100
    if quality < PASS_QUALITY:  # start again from I(1), E-Factor unchanged
        return Sm2State(0, ef100 / 100, 1)
    ef100 = max(MIN_EF100, ef100 + ef_change100(quality))
    repetitions = state.repetitions + 1
    if repetitions == 1:
        interval = 1
    elif repetitions == 2:
        interval = 6
    else:  # I(n-1) * EF, a fraction rounded up
        interval = -(-state.interval * ef100 // 100)
    return Sm2State(repetitions, ef100 / 100, interval)


def next_intervals(state: Sm2State) -> dict[str, int]:
    """The interval each of the four answers would give: what the answer buttons show."""
    return {grade: sm2_next(state, grade).interval for grade in GRADES}


# ---- one card's record in the browser's progress (dates as ISO strings, "YYYY-MM-DD") ----------

def add_days(day: str, days: int) -> str:
    """An ISO date plus a number of days."""
    return (_dt.date.fromisoformat(day) + _dt.timedelta(days=days)).isoformat()


def review_card(entry: Mapping[str, Any] | None, grade: str, today: str) -> dict[str, Any]:
    """A card's progress record after today's first answer (None: a card never seen before).

    The record is what the browser stores: ``n``, ``ef``, ``interval`` (SM-2), ``due`` (the date
    of the next repetition), ``first`` and ``last`` (dates), ``reviews``, ``lapses`` and ``drill``
    (today's date while the card must be repeated again today, else "").
    """
    entry = dict(entry or {})
    before = Sm2State(int(entry.get("n", 0)), float(entry.get("ef", START_EF100 / 100)),
                      int(entry.get("interval", 0)))
    after = sm2_next(before, grade)
    quality = _quality(grade)
    return {"n": after.repetitions, "ef": after.ef, "interval": after.interval,
            "due": add_days(today, after.interval), "first": entry.get("first") or today,
            "last": today, "reviews": int(entry.get("reviews", 0)) + 1,
            "lapses": int(entry.get("lapses", 0)) + (quality < PASS_QUALITY),
            "drill": today if quality < DRILL_BELOW else ""}


def drill_card(entry: Mapping[str, Any], grade: str) -> dict[str, Any]:
    """A same-day repeat: the schedule stays; a good or easy answer ends today's repeats."""
    entry = dict(entry)
    if _quality(grade) >= DRILL_BELOW:
        entry["drill"] = ""
    return entry


def schedule(grades: Iterable[str], start: str = "2026-01-05") -> list[dict[str, Any]]:
    """A worked example: one card answered ``grades`` on the days SM-2 schedules it.

    Each row: the review's number and date, the answer, its SM-2 grade, the E-Factor after it,
    the interval and the next date.
    """
    rows, entry, day = [], None, start
    for number, grade in enumerate(grades, 1):
        entry = review_card(entry, grade, day)
        rows.append({"review": number, "date": day, "answer": grade, "q": QUALITY[grade],
                     "ef": entry["ef"], "interval": entry["interval"], "next": entry["due"]})
        day = entry["due"]
    return rows


# ---- the browser's progress record and today's session -------------------------------------------

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso(value: Any) -> str | None:
    if isinstance(value, str) and _ISO.match(value):
        try:
            return _dt.date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    return None


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
            or value != int(value):
        return None
    return int(value) if 0 <= value <= 100_000 else None


def clean_entry(raw: Any) -> dict[str, Any] | None:
    """One card's stored record, checked (the browser's ``cleanEntry``): None when malformed."""
    if not isinstance(raw, Mapping):
        return None
    n, interval = _count(raw.get("n")), _count(raw.get("interval"))
    reviews, lapses = _count(raw.get("reviews", 0)), _count(raw.get("lapses", 0))
    ef = raw.get("ef")
    if isinstance(ef, float) and not math.isfinite(ef):
        ef = None
    due, last, first = _iso(raw.get("due")), _iso(raw.get("last")), _iso(raw.get("first"))
    if None in (n, interval, reviews, lapses, due, last, first) or isinstance(ef, bool) \
            or not isinstance(ef, int | float) or not MIN_EF100 / 100 <= ef <= 10:
        return None
    drill = raw.get("drill")
    return {"n": n, "ef": round(ef * 100) / 100, "interval": interval, "due": due,
            "first": first, "last": last, "reviews": reviews, "lapses": lapses,
            "drill": drill if _iso(drill) == drill and drill else ""}


def clean_progress(raw: Any) -> dict[str, Any]:
    """The whole stored progress, checked: ``{"cards": {id: record}, "settings": {...}}``.

    Malformed records are dropped, never fatal; settings keep only known, well-formed values.
    """
    raw = raw if isinstance(raw, Mapping) else {}
    cards_in = raw.get("cards") if isinstance(raw.get("cards"), Mapping) else {}
    cards = {}
    for key, value in cards_in.items():
        entry = clean_entry(value)
        if isinstance(key, str) and entry is not None:
            cards[key] = entry
    settings_in = raw.get("settings") if isinstance(raw.get("settings"), Mapping) else {}
    settings: dict[str, Any] = {}
    excluded = settings_in.get("excluded")
    if isinstance(excluded, list):
        settings["excluded"] = sorted({c for c in excluded if isinstance(c, str)})
    per_day = _count(settings_in.get("newPerDay"))
    if per_day is not None and 1 <= per_day <= 100:
        settings["newPerDay"] = per_day
    return {"cards": cards, "settings": settings}


def session_queue(cards: Iterable[Mapping[str, Any]], progress: Mapping[str, Any], today: str,
                  new_per_day: int) -> list[str]:
    """Today's cards in the order the deck shows them (the browser's ``sessionQueue``).

    ``cards`` are the deck's cards in course order (each with ``id`` and ``chapter``); the
    ``progress`` is :func:`clean_progress`'s shape. First the cards due (the most overdue first,
    then in course order), then new cards in course order up to the day's limit (cards first seen
    today count against it), then the cards to repeat again today. Chapters listed in the
    settings' ``excluded`` are left out.
    """
    progress = clean_progress(progress)
    stored, settings = progress["cards"], progress["settings"]
    excluded = set(settings.get("excluded", []))
    limit = settings.get("newPerDay", new_per_day)
    chosen = [c for c in cards if c["chapter"] not in excluded]
    due = [c["id"] for c in chosen if c["id"] in stored and stored[c["id"]]["due"] <= today]
    due.sort(key=lambda i: stored[i]["due"])  # stable: course order within a date
    started_today = sum(1 for entry in stored.values() if entry["first"] == today)
    fresh = [c["id"] for c in chosen if c["id"] not in stored][:max(0, limit - started_today)]
    drills = [c["id"] for c in chosen if c["id"] in stored and stored[c["id"]]["drill"] == today
              and stored[c["id"]]["due"] > today]
    return due + fresh + drills

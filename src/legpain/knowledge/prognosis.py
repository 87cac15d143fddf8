"""What usually happens next: recovery over time from cited cohorts and trials (``data/prognosis.yaml``).

Each condition holds series; each series is one outcome from one source, measured in one way,
with its time points in weeks. Loading checks every entry and names the file, the entry and the
field of any problem, so a wrong figure cannot reach a chart silently.

>>> [c.id for c in conditions()][:2]
['acute_lbp', 'sciatica_primary']
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass
from typing import Any

from .loading import DataError, bibliography, load_yaml, number_value, text_value

FILE = "prognosis.yaml"
KINDS = ("share", "mean")
_SERIES_FIELDS = {"id", "label", "source", "setting", "kind", "measure", "outcome", "phrase",
                  "sample_size", "sample_note", "points"}
_POINT_FIELDS = {"week", "value", "low", "high", "note"}


@dataclass(frozen=True)
class Point:
    """One time point: weeks, the value (a percentage for a share, a mean score otherwise)."""

    week: float
    value: float
    low: float | None = None
    high: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Series:
    """One outcome from one source over time."""

    id: str
    label: str
    source: str
    setting: str
    kind: str
    outcome: str
    sample_size: int
    points: tuple[Point, ...]
    measure: str = ""
    phrase: str = ""
    sample_note: str = ""


@dataclass(frozen=True)
class Condition:
    """A condition (or a setting of one) and what its cohorts and trials found over time."""

    id: str
    name: str
    description: str
    series: tuple[Series, ...]


_text = functools.partial(text_value, FILE)  # (value, entry, field, required=True)
_number = functools.partial(number_value, FILE)  # (value, entry, field)


def _point(raw: Any, entry: str, index: int, kind: str) -> Point:
    where = f"{entry} point {index + 1}"
    if not isinstance(raw, dict):
        raise DataError(FILE, f"a point must be a mapping such as {{week: 6, value: 23}}, got {raw!r}",
                        where)
    unknown = set(raw) - _POINT_FIELDS
    if unknown:
        raise DataError(FILE, f"unknown field(s) {sorted(unknown)}; valid: {sorted(_POINT_FIELDS)}",
                        where)
    for field in ("week", "value"):
        if field not in raw:
            raise DataError(FILE, "is missing", where, field)
    week = _number(raw["week"], where, "week")
    value = _number(raw["value"], where, "value")
    if week < 0:
        raise DataError(FILE, f"weeks cannot be negative, got {week:g}", where, "week")
    if kind == "share" and not 0 <= value <= 100:
        raise DataError(FILE, f"a share is a percentage from 0 to 100, got {value:g}", where, "value")
    low = _number(raw["low"], where, "low") if raw.get("low") is not None else None
    high = _number(raw["high"], where, "high") if raw.get("high") is not None else None
    if (low is None) != (high is None):
        raise DataError(FILE, "give both ends of the interval or neither", where,
                        "low" if low is None else "high")
    if low is not None and not low <= value <= high:
        raise DataError(FILE, f"the value {value:g} is outside its interval {low:g} to {high:g}",
                        where, "value")
    note = _text(raw.get("note"), where, "note", required=False)
    return Point(week, value, low, high, note)


def _series(raw: Any, condition: str, keys: set[str]) -> Series:
    if not isinstance(raw, dict) or "id" not in raw:
        raise DataError(FILE, f"a series must be a mapping with an id, got {raw!r}", condition, "series")
    entry = f"{condition}/{raw['id']}"
    unknown = set(raw) - _SERIES_FIELDS
    if unknown:
        raise DataError(FILE, f"unknown field(s) {sorted(unknown)}; valid: {sorted(_SERIES_FIELDS)}",
                        entry)
    kind = raw.get("kind")
    if kind not in KINDS:
        raise DataError(FILE, f"must be one of {', '.join(KINDS)}, got {kind!r}", entry, "kind")
    source = _text(raw.get("source"), entry, "source")
    if source not in keys:
        raise DataError(FILE, f"unknown citation key {source!r}; add it to references/*.bib",
                        entry, "source")
    size = raw.get("sample_size")
    if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
        raise DataError(FILE, f"must be a whole number of people above 0, got {size!r}", entry,
                        "sample_size")
    measure = _text(raw.get("measure"), entry, "measure", required=kind == "mean")
    phrase = _text(raw.get("phrase"), entry, "phrase", required=kind == "share")
    points_raw = raw.get("points")
    if not isinstance(points_raw, list) or not points_raw:
        raise DataError(FILE, "must be a non-empty list of {week, value}", entry, "points")
    points = tuple(_point(p, entry, i, kind) for i, p in enumerate(points_raw))
    weeks = [p.week for p in points]
    if any(b <= a for a, b in itertools.pairwise(weeks)):
        raise DataError(FILE, f"weeks must increase from point to point, got {weeks}", entry, "points")
    return Series(id=str(raw["id"]), label=_text(raw.get("label"), entry, "label"), source=source,
                  setting=_text(raw.get("setting"), entry, "setting"), kind=kind,
                  outcome=_text(raw.get("outcome"), entry, "outcome"), sample_size=size,
                  points=points, measure=measure, phrase=phrase,
                  sample_note=_text(raw.get("sample_note"), entry, "sample_note", required=False))


def parse(data: Any, keys: set[str]) -> tuple[Condition, ...]:
    """The conditions of a parsed prognosis file; a DataError names the entry and field at fault."""
    if not isinstance(data, dict) or not isinstance(data.get("conditions"), list):
        raise DataError(FILE, "must hold a list under 'conditions'")
    result, seen = [], set()
    for raw in data["conditions"]:
        if not isinstance(raw, dict) or not raw.get("id"):
            raise DataError(FILE, f"a condition must be a mapping with an id, got {raw!r}")
        cid = str(raw["id"])
        if cid in seen:
            raise DataError(FILE, "id used twice", cid, "id")
        seen.add(cid)
        series_raw = raw.get("series")
        if not isinstance(series_raw, list) or not series_raw:
            raise DataError(FILE, "must be a non-empty list", cid, "series")
        series = tuple(_series(s, cid, keys) for s in series_raw)
        ids = [s.id for s in series]
        if len(set(ids)) != len(ids):
            raise DataError(FILE, f"series ids repeat: {ids}", cid, "series")
        result.append(Condition(cid, _text(raw.get("name"), cid, "name"),
                                _text(raw.get("description"), cid, "description"), series))
    return tuple(result)


@functools.cache
def conditions() -> tuple[Condition, ...]:
    """Every condition in ``data/prognosis.yaml``, checked."""
    return parse(load_yaml(FILE), set(bibliography()))


def condition(name: str) -> Condition:
    """One condition by id or name (case-insensitive); ValueError lists the valid ones."""
    wanted = " ".join(str(name).replace("_", " ").lower().split())
    for item in conditions():
        if wanted in (item.id.replace("_", " "), item.name.lower()):
            return item
    valid = ", ".join(c.id for c in conditions())
    raise ValueError(f"unknown prognosis condition {name!r}; valid: {valid}")


def out_of_ten(share: float) -> int:
    """A percentage as 'about N of 10 people', rounded half up (55% -> 6, 95% -> 10)."""
    return int(math.floor(share / 10 + 0.5))


def week_text(week: float) -> str:
    """'week 52', or 'about week 8' for a time that is not a whole week."""
    return f"week {week:g}" if float(week).is_integer() else f"about week {round(week)}"


def sentence(series: Series, point: Point) -> str:
    """The plain-language reading of one point.

    A share: "Of 10 people like this, about 6 had improved (...) by week 52." A mean score: "On
    average, pain on a 0 to 100 scale (higher is worse) was 23 at week 6."
    """
    if series.kind == "share":
        return (f"Of 10 people like this, about {out_of_ten(point.value)} {series.phrase} by "
                f"{week_text(point.week)}.")
    return f"On average, {series.measure} was {point.value:g} at {week_text(point.week)}."

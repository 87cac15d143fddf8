"""A small, transparent differential over the causes in the knowledge base: tick the features
of a story, see which causes fit it best and why.

The ranking is deliberately simple so that a student can check it by hand and a widget can
reproduce it in JavaScript: each cause's profile gives each feature a level (typical +2,
common +1, unusual -1, against -2; unmentioned 0), the score is the sum over the chosen
features, and causes are sorted by score, then by their order in the data file. The weights are
the course's teaching summary of each cause's cited features, not likelihood ratios.

Scores never bury an emergency: a few "must not miss" rules (a cauda equina sign, a pulsating
abdominal mass, infection risk or a fall or cancer with a new neurological deficit) put their
cause at the top, whatever else is ticked, and :func:`emergency_alert` then gives the course's
single emergency wording (from the triage table in ``red_flags.yaml``).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..knowledge.causes import _kb, cause, feature, features
from .triage_rules import triage_table


@dataclass(frozen=True)
class Ranked:
    """One cause in a differential: its score and which chosen features pushed it up or down."""

    id: str
    name: str
    score: int
    supporting: tuple[str, ...]
    against: tuple[str, ...]
    urgency: str
    must_not_miss: str | None = None


@dataclass(frozen=True)
class ComparisonRow:
    """One feature compared across two causes (level and weight for each; None/0 if unmentioned)."""

    feature: str
    name: str
    group: str
    a_level: str | None
    a_weight: int
    b_level: str | None
    b_weight: int


def _chosen(values: object) -> tuple[str, ...]:
    """Feature ids for the user's input, deduplicated and in the features file order."""
    if isinstance(values, str):
        values = (values,)
    if values is None or isinstance(values, Mapping) or not isinstance(values, Iterable):
        raise ValueError(f"expected a list of feature ids, e.g. ['age_over_60', "
                         f"'relieved_sitting_bending']; got {values!r}")
    picked = {feature(v).id for v in values}
    return tuple(f.id for f in features() if f.id in picked)


@functools.cache
def _table() -> dict[str, Any]:
    kb = _kb()
    weights = dict(kb.weights)

    level = next(item for item in triage_table()["levels"] if item["id"] == "emergency")
    return {
        "version": 2,
        "must_not_miss": [copy.deepcopy(rule) for rule in kb.must_not_miss],
        "emergency": {"label": level["label"], "action": level["action"],
                      "sources": list(level["sources"])},
        "weights": weights,
        "groups": list(kb.groups),
        "features": [{"id": f.id, "name": f.name, "group": f.group} for f in kb.features],
        "causes": [
            {"id": c.id, "name": c.name, "urgency": c.urgency, "category": c.category,
             "levels": dict(c.profile),
             "profile": {fid: weights[level] for fid, level in c.profile}}
            for c in kb.causes if c.in_differential
        ],
    }


def differential_table() -> dict[str, Any]:
    """The whole differential as plain JSON data, so a widget can rank in JavaScript.

    ``differential`` computes its answer from this table, so Python and JS share one rule:
    score = sum of ``profile[feature]`` over the chosen features (missing = 0); a cause whose
    ``must_not_miss`` rule fires (every group in ``when`` has a chosen feature) comes first
    (among them: by score, then rule order); the rest follow by score descending, then by
    position in ``causes``.
    ``emergency`` is the triage table's emergency level (label and action), for the alert.
    """
    return copy.deepcopy(_table())


def differential(chosen: Iterable[str] | str) -> list[Ranked]:
    """Rank the causes for a set of story features (ids or plain names).

    Every cause in the differential is returned, best first; ``supporting`` and ``against`` list
    the chosen features that raised or lowered its score, in feature order. No features gives
    every cause a score of 0, in teaching order.
    """
    picked = _chosen(chosen)
    table = _table()
    fired: dict[str, tuple[int, str]] = {}
    for order, rule in enumerate(table["must_not_miss"]):
        if rule["cause"] not in fired and all(
                any(f in picked for f in group) for group in rule["when"]):
            fired[rule["cause"]] = (order, rule["reason"])
    last = len(table["must_not_miss"])
    ranked = []
    for index, row in enumerate(table["causes"]):
        weights = row["profile"]
        score = sum(weights.get(f, 0) for f in picked)
        order, reason = fired.get(row["id"], (last, None))
        ranked.append(((order == last, -score, order, index), Ranked(
            id=row["id"], name=row["name"], score=score,
            supporting=tuple(f for f in picked if weights.get(f, 0) > 0),
            against=tuple(f for f in picked if weights.get(f, 0) < 0),
            urgency=row["urgency"], must_not_miss=reason)))
    ranked.sort(key=lambda item: item[0])
    return [item[1] for item in ranked]


def emergency_alert(chosen: Iterable[str] | str) -> str | None:
    """The emergency alert the differential explorer shows for these features, or None.

    It shows exactly when a must-not-miss rule fires, never by the luck of the scores (an
    emergency cause scoring in the top three on plain sciatica is no alarm); it names the causes
    and then gives the triage table's emergency action word for word, so the course has one
    wording for "emergency".
    """
    named = [r for r in differential(chosen) if r.must_not_miss]
    emergency = _table()["emergency"]
    if not named:
        return None
    names_ = " or ".join(_sentence_case(r.name) for r in named)
    return f"{emergency['label']}: these features can mean {names_}. {emergency['action']}"


def _sentence_case(name: str) -> str:
    """'Cauda equina syndrome' -> 'cauda equina syndrome'; 'HIV' stays 'HIV'."""
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def compare(cause_a: str, cause_b: str) -> list[ComparisonRow]:
    """Feature-by-feature comparison of two causes: every feature either profile mentions."""
    a, b = cause(cause_a), cause(cause_b)
    if a.id == b.id:
        raise ValueError(f"choose two different causes to compare (both were {a.id!r})")
    weights = dict(_kb().weights)
    rows = []
    for f in features():
        la, lb = a.level(f.id), b.level(f.id)
        if la is None and lb is None:
            continue
        rows.append(ComparisonRow(f.id, f.name, f.group, la, weights[la] if la else 0,
                                  lb, weights[lb] if lb else 0))
    return rows

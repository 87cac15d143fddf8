"""Red-flag triage: from a list of red flags to emergency, urgent or routine care, with reasons.

The rules live in ``data/red_flags.yaml`` (data, not code). :func:`triage_table` turns them into a
plain, JSON-serialisable table; :func:`triage` is computed from that same table, so a widget's
JavaScript that follows the table reproduces :func:`triage` exactly. Educational use only: this is
not a diagnostic device and not medical advice.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..knowledge.loading import DataError, Entry, entries, load_yaml
from ..knowledge.vocabulary import _fold, canonical_all, names, terms

FILE = "red_flags.yaml"
LEVELS: tuple[str, ...] = ("emergency", "urgent", "routine")
Level = Literal["emergency", "urgent", "routine"]


@dataclass(frozen=True)
class Triage:
    """The answer of :func:`triage`: how urgent, why, what to do, and on whose authority."""

    level: Level
    reasons: tuple[str, ...]
    conditions: tuple[str, ...]
    action: str
    sources: tuple[str, ...]
    signs: tuple[str, ...]
    rules: tuple[str, ...]

    @property
    def is_emergency(self) -> bool:
        return self.level == "emergency"


def _sign_list(entry: Entry, field: str, valid: set[str]) -> list[str]:
    signs = list(entry.texts(field, default=[]))
    for sign in signs:
        if sign not in valid:
            raise DataError(FILE, f"{sign!r} is not a red flag in vocabulary.yaml "
                                  f"(use the canonical name)", entry.id, field)
    return signs


def _describe(all_of: list[str], any_of: list[str], at_least: dict[str, Any] | None) -> str:
    """The signs of a rule in words, e.g. 'fever, with any of: injection drug use or ...'."""
    parts = []
    if all_of:
        parts.append(" and ".join(all_of))
    if len(any_of) == 1:
        parts.append(any_of[0])
    elif any_of:
        parts.append("any of: " + ", ".join(any_of[:-1]) + " or " + any_of[-1])
    if at_least:
        parts.append(f"at least {at_least['n']} of: " + ", ".join(at_least["of"]))
    text = ", with ".join(parts)
    return text[0].upper() + text[1:]


@functools.cache
def _table() -> dict[str, Any]:
    """Load and validate red_flags.yaml once; the single source for Python and JavaScript."""
    raw = load_yaml(FILE)
    if not isinstance(raw, Mapping):
        raise DataError(FILE, "expected a mapping with levels, empty and rules")
    valid = set(names("red flag"))

    levels = []
    for entry in entries(FILE, "levels"):
        levels.append({"id": entry.choice("id", LEVELS), "label": entry.text("label"),
                       "timing": entry.text("timing"),
                       "action": " ".join(entry.text("action").split()),
                       "sources": list(entry.sources())})
    if [level["id"] for level in levels] != list(LEVELS):
        raise DataError(FILE, f"levels must be listed in the order {list(LEVELS)}", None, "levels")
    level_action = {level["id"]: level["action"] for level in levels}

    groups = []
    grouped: list[str] = []
    for entry in entries(FILE, "groups"):
        signs = _sign_list(entry, "signs", valid)
        groups.append({"id": entry.id, "label": entry.text("label"), "signs": signs,
                       "sources": list(entry.sources())})
        grouped += signs
    if sorted(grouped) != sorted(valid) or len(grouped) != len(set(grouped)):
        missing = sorted(valid - set(grouped))
        twice = sorted({sign for sign in grouped if grouped.count(sign) > 1})
        raise DataError(FILE, f"groups must list every red flag exactly once (missing: {missing}; "
                              f"twice: {twice})", None, "groups")

    empty_entry = Entry(FILE, raw.get("empty"), "empty")
    empty = {"reason": " ".join(empty_entry.text("reason").split()),
             "sources": list(empty_entry.sources())}

    rules = []
    for entry in entries(FILE, "rules"):
        rule: dict[str, Any] = {"id": entry.id, "level": entry.choice("level", LEVELS)}
        all_of = _sign_list(entry, "all_of", valid)
        any_of = _sign_list(entry, "any_of", valid)
        at_least = None
        if entry.raw.get("at_least") is not None:
            clause = entry.entry("at_least")
            of = _sign_list(clause, "of", valid)
            n = clause.number("n", 1, len(of) if of else 1)
            if n != int(n):
                raise DataError(FILE, "n must be a whole number", entry.id, "at_least.n")
            at_least = {"n": int(n), "of": of}
        if not (all_of or any_of or at_least):
            raise DataError(FILE, "a rule needs at least one of all_of, any_of, at_least",
                            entry.id)
        rule.update(all_of=all_of, any_of=any_of, at_least=at_least,
                    description=_describe(all_of, any_of, at_least))
        condition = entry.raw.get("condition")
        if condition is not None and (not isinstance(condition, str) or not condition.strip()):
            raise DataError(FILE, "condition must be a non-empty string or null", entry.id,
                            "condition")
        rule["condition"] = condition
        rule["reason"] = " ".join(entry.text("reason").split())
        if "action" in entry.raw:
            raise DataError(FILE, "a rule has no action of its own: its action is its level's "
                                  "wording (levels), followed by the rule's optional `advice`",
                            entry.id, "action")
        advice = " ".join(entry.text("advice", default="").split())
        if rule["level"] == "routine":
            if advice:
                raise DataError(FILE, "routine notes have no advice (the routine level's action "
                                      "is used)", entry.id, "advice")
            rule["action"] = None
        else:
            # One wording per level, everywhere: the level's action, then the rule's advice.
            rule["action"] = f"{level_action[rule['level']]} {advice}".strip()
        rule["advice"] = advice or None
        rule["sources"] = list(entry.sources())
        rules.append(rule)

    aliases = {}
    for term in terms("red flag"):
        for word in (term.name, *term.aliases):
            aliases[_fold(word)] = term.name
    return {"levels": levels, "empty": empty, "rules": rules, "groups": groups,
            "signs": list(names("red flag")), "aliases": aliases}


def triage_table() -> dict[str, Any]:
    """The triage rules as plain JSON-ready data (lists, strings, numbers, null).

    A widget ships this in its state and evaluates it in JavaScript with the algorithm described
    at the top of ``red_flags.yaml``; :func:`triage` runs the very same algorithm on it.
    """
    return copy.deepcopy(_table())


def level_wording() -> dict[str, dict[str, str]]:
    """The one wording of each triage level, for every notebook, page and widget to reuse.

    ``{"emergency": {"label": "Emergency", "timing": "now", "action": "Call emergency ..."},
    "urgent": {... "timing": "today" ...}, "routine": {... "timing": "usual care" ...}}``, read
    from the ``levels`` of ``red_flags.yaml``; every triage action starts with its level's action.

    >>> level_wording()["urgent"]["timing"]
    'today'
    """
    return {level["id"]: {"label": level["label"], "timing": level["timing"],
                          "action": level["action"]}
            for level in _table()["levels"]}


def level_summary(level: str) -> str:
    """One line for a level, e.g. 'Emergency (now): Call emergency services ... now.'"""
    if level not in LEVELS:
        raise ValueError(f"unknown triage level {level!r}; valid: {', '.join(LEVELS)}")
    wording = level_wording()[level]
    return f"{wording['label']} ({wording['timing']}): {wording['action']}"


def _matches(rule: Mapping[str, Any], present: set[str]) -> bool:
    if any(sign not in present for sign in rule["all_of"]):
        return False
    if rule["any_of"] and not any(sign in present for sign in rule["any_of"]):
        return False
    at_least = rule["at_least"]
    if at_least and sum(sign in present for sign in at_least["of"]) < at_least["n"]:
        return False
    return True


def _evaluate(table: Mapping[str, Any], signs: tuple[str, ...]) -> Triage:
    levels = {level["id"]: level for level in table["levels"]}
    if not signs:
        return Triage("routine", (table["empty"]["reason"],), (), levels["routine"]["action"],
                      tuple(dict.fromkeys(table["empty"]["sources"]
                                          + levels["routine"]["sources"])), (), ())
    present = set(signs)
    matched = [rule for rule in table["rules"] if _matches(rule, present)]
    rank = {level: index for index, level in enumerate(LEVELS)}
    matched.sort(key=lambda rule: rank[rule["level"]])  # stable: file order within a level
    level = matched[0]["level"] if matched else "routine"
    action, action_sources = levels[level]["action"], levels[level]["sources"]
    if matched and matched[0]["action"]:
        action, action_sources = matched[0]["action"], []
    reasons = tuple(dict.fromkeys(rule["reason"] for rule in matched))
    conditions = tuple(dict.fromkeys(rule["condition"] for rule in matched
                                     if rule["condition"] is not None))
    sources = tuple(dict.fromkeys([key for rule in matched for key in rule["sources"]]
                                  + action_sources))
    return Triage(level, reasons, conditions, action, sources, signs,
                  tuple(rule["id"] for rule in matched))


def triage(signs: Iterable[str]) -> Triage:
    """Triage a set of red flags (vocabulary names or aliases, any case) into emergency, urgent
    or routine care, with readable reasons, the suspected conditions, an action and sources.

    >>> triage(["saddle anaesthesia"]).level
    'emergency'
    >>> triage([]).level
    'routine'

    Unknown names raise ``ValueError`` listing the valid red flags.
    """
    if signs is None:
        raise ValueError("signs must be a list of red-flag names (use [] for none); valid red "
                         f"flags: {', '.join(names('red flag'))}")
    return _evaluate(_table(), canonical_all("red flag", signs))


def red_flags() -> tuple[str, ...]:
    """The red-flag names :func:`triage` accepts."""
    return names("red flag")

"""The controlled vocabulary: the names of regions, actions, reflexes, red flags and claudication
features that every function and widget of the course accepts.

Names are matched case-insensitively and through aliases; an unknown name raises ``ValueError``
that names the closest valid choices, so a student's typo is easy to fix.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass

from ._data import DataError, Entry, load_yaml

KINDS = ("region", "action", "reflex", "red flag", "claudication feature")
_PLURALS = {"reflex": "reflexes", "reflex state": "reflex states"}


def _plural(kind: str) -> str:
    return _PLURALS.get(kind, kind + "s")
_SECTIONS = {
    "region": "regions",
    "action": "actions",
    "reflex": "reflexes",
    "red flag": "red_flags",
    "claudication feature": "claudication_features",
}


@dataclass(frozen=True)
class Term:
    """One vocabulary word: its canonical name, aliases and a plain-language description."""

    kind: str
    name: str
    aliases: tuple[str, ...]
    description: str


@functools.cache
def terms(kind: str) -> tuple[Term, ...]:
    """All terms of one kind, in the order the data file lists them (body order for regions)."""
    if kind not in _SECTIONS:
        raise ValueError(_unknown("vocabulary kind", kind, KINDS))
    raw = load_yaml("vocabulary.yaml")[_SECTIONS[kind]]
    result = []
    for item in raw:
        entry = Entry("vocabulary.yaml", item, item.get("name"))
        unexpected = set(item) - {"name", "aliases", "description"}
        if unexpected:  # e.g. an unquoted comma in a flow mapping splits a description
            raise DataError("vocabulary.yaml", f"unexpected fields {sorted(map(str, unexpected))} "
                            "(quote text that contains a comma)", entry.id)
        result.append(Term(kind, entry.text("name"), entry.texts("aliases", default=[]),
                           entry.text("description")))
    return tuple(result)


def names(kind: str) -> tuple[str, ...]:
    """The canonical names of one kind."""
    return tuple(term.name for term in terms(kind))


@functools.cache
def _lookup(kind: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for term in terms(kind):
        for word in (term.name, *term.aliases):
            table[_fold(word)] = term.name
    return table


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").split())


def _unknown(kind: str, value: object, valid: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(str(value).lower(), [v.lower() for v in valid], n=3,
                                      cutoff=0.5)
    close = [v for v in valid if v.lower() in close]
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return f"unknown {kind} {value!r}{hint} Valid {_plural(kind)}: {', '.join(valid)}"


def canonical(kind: str, value: str) -> str:
    """The canonical name for ``value`` (case-insensitive, aliases accepted).

    >>> canonical("region", "Top of foot")
    'dorsum of foot'
    """
    if not isinstance(value, str):
        raise ValueError(_unknown(kind, value, names(kind)))
    text = _fold(value)
    found = _lookup(kind).get(text)
    if found is None:
        table = _lookup(kind)
        close = difflib.get_close_matches(text, list(table), n=3, cutoff=0.6)
        suggestions = list(dict.fromkeys(table[c] for c in close))
        hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        raise ValueError(f"unknown {kind} {value!r}{hint} Valid {_plural(kind)}: "
                         f"{', '.join(names(kind))}")
    return found


def canonical_all(kind: str, values: object) -> tuple[str, ...]:
    """Canonical names for an iterable of names (a single string counts as one name)."""
    if isinstance(values, str):
        values = (values,)
    if values is None:
        return ()
    try:
        items = list(values)  # type: ignore[call-overload]
    except TypeError:
        raise ValueError(f"expected a list of {kind} names, got {values!r}") from None
    return tuple(dict.fromkeys(canonical(kind, v) for v in items))


def reflex_states() -> tuple[str, ...]:
    """How a reflex can be recorded: normal, reduced, absent or brisk."""
    return tuple(load_yaml("vocabulary.yaml")["reflex_states"])


def canonical_reflexes(reflexes: object) -> dict[str, str]:
    """Validate a ``{reflex: state}`` mapping, e.g. ``{"ankle jerk": "absent"}``."""
    if reflexes is None:
        return {}
    if not isinstance(reflexes, dict):
        raise ValueError(f"reflexes must be a mapping of reflex to state, e.g. "
                         f"{{'achilles': 'reduced'}}; got {reflexes!r}")
    result = {}
    states = reflex_states()
    for name, state in reflexes.items():
        reflex = canonical("reflex", name)
        folded = _fold(str(state))
        if folded not in states:
            raise ValueError(_unknown("reflex state", state, states))
        result[reflex] = folded
    return result


def glossary_table(kind: str) -> list[tuple[str, str, str]]:
    """(name, aliases, description) rows for the docs, one per term."""
    return [(t.name, ", ".join(t.aliases), t.description) for t in terms(kind)]

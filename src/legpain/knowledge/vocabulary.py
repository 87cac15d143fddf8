"""The controlled vocabulary: the names of regions, actions, reflexes, red flags and claudication
features that every function and widget of the course accepts.

Names are matched case-insensitively and through aliases; an unknown name raises ``ValueError``
that names the closest valid choices, so a student's typo is easy to fix.
"""

from __future__ import annotations

import difflib
import functools
import reprlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .loading import DataError, Entry, check_unique_words, load_yaml

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
    data = load_yaml("vocabulary.yaml")
    if not isinstance(data, Mapping) or not isinstance(data.get(_SECTIONS[kind]), list):
        raise DataError("vocabulary.yaml", f"top-level section '{_SECTIONS[kind]}' must be a list "
                        "of terms")
    return _parse_terms(kind, data[_SECTIONS[kind]])


def _parse_terms(kind: str, raw: list, file: str = "vocabulary.yaml") -> tuple[Term, ...]:
    """Typed terms of one kind; a name or alias that another term of the kind already uses (case,
    spaces and underscores aside) is a DataError naming file, entry and field."""
    result, checked = [], []
    for item in raw:
        entry = Entry(file, item, item.get("name") if isinstance(item, Mapping) else None)
        unexpected = set(item) - {"name", "aliases", "description"}
        if unexpected:  # e.g. an unquoted comma in a flow mapping splits a description
            raise DataError(file, f"unexpected fields {sorted(map(str, unexpected))} "
                            "(quote text that contains a comma)", entry.id)
        result.append(Term(kind, entry.text("name"), entry.texts("aliases", default=[]),
                           entry.text("description")))
        checked.append(entry)
    check_unique_words(file, checked, ("name", "aliases"))
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


def _short(value: object, limit: int = 80) -> str:
    """A repr of ``value`` short enough for an error message, however large the value is."""
    short = reprlib.Repr()
    short.maxstring = short.maxother = limit
    short.maxlist = short.maxtuple = short.maxset = short.maxdict = short.maxfrozenset = 6
    text = short.repr(value)
    return text if len(text) <= limit + 20 else text[:limit] + "..."


#: longer than any vocabulary word: looking for close matches would only waste time
_LONGEST_WORTH_SUGGESTING = 200


def _unknown(kind: str, value: object, valid: tuple[str, ...] | list[str]) -> str:
    text = str(value).lower() if isinstance(value, str) else ""
    close = [] if len(text) > _LONGEST_WORTH_SUGGESTING else difflib.get_close_matches(
        text, [v.lower() for v in valid], n=3, cutoff=0.5)
    close = [v for v in valid if v.lower() in close]
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return f"unknown {kind} {_short(value)}{hint} Valid {_plural(kind)}: {', '.join(valid)}"


class InputShapeError(TypeError, ValueError):
    """An argument of the wrong shape, e.g. a dict or a bare string where a list of names belongs.

    It is a ``TypeError`` (the kind of value is wrong) and, so that code written to catch the
    vocabulary's ``ValueError`` for any bad input keeps working, a ``ValueError`` too.
    """


def canonical(kind: str, value: str) -> str:
    """The canonical name for ``value`` (case-insensitive, aliases accepted).

    >>> canonical("region", "Top of foot")
    'dorsum of foot'
    """
    if not isinstance(value, str):
        raise InputShapeError(f"a {kind} name must be a string, got {type(value).__name__} "
                              f"{_short(value)}; valid {_plural(kind)}: {', '.join(names(kind))}")
    text = _fold(value)
    found = _lookup(kind).get(text)
    if found is None:
        table = _lookup(kind)
        close = [] if len(text) > _LONGEST_WORTH_SUGGESTING else difflib.get_close_matches(
            text, list(table), n=3, cutoff=0.6)
        suggestions = list(dict.fromkeys(table[c] for c in close))
        hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        raise ValueError(f"unknown {kind} {_short(value)}{hint} Valid {_plural(kind)}: "
                         f"{', '.join(names(kind))}")
    return found


def canonical_all(kind: str, values: Iterable[str] | None) -> tuple[str, ...]:
    """Canonical names for a list (or tuple, set, other iterable) of names, duplicates dropped.

    ``None`` means none. A bare string, bytes or a mapping raise :class:`InputShapeError` (a
    ``TypeError``): ``"fever"`` would otherwise be read as letters and ``{"fever": False}`` as
    its keys, i.e. as fever *present*.
    """
    if values is None:
        return ()
    example = names(kind)[0] if kind in _SECTIONS else "name"
    if isinstance(values, str):
        shown = values if len(values) <= 60 else example
        raise InputShapeError(f"expected a list of {kind} names, got the string {_short(values)}: "
                              f"pass a list, e.g. [{shown!r}]")
    if isinstance(values, bytes | bytearray | memoryview):
        raise InputShapeError(f"expected a list of {kind} names, got {type(values).__name__} "
                              f"{_short(values)}: pass a list of strings, e.g. [{example!r}]")
    if isinstance(values, Mapping):
        raise InputShapeError(
            f"expected a list of {kind} names, got a {type(values).__name__} {_short(values)}: a "
            f"mapping would be read as its keys, present or not; pass a list of the {_plural(kind)} "
            f"that are present, e.g. [{example!r}]")
    try:
        items = list(values)  # type: ignore[call-overload]
    except TypeError:
        raise InputShapeError(f"expected a list of {kind} names, got {type(values).__name__} "
                              f"{_short(values)}; pass a list, e.g. [{example!r}]") from None
    return tuple(dict.fromkeys(canonical(kind, v) for v in items))


def reflex_states() -> tuple[str, ...]:
    """How a reflex can be recorded: normal, reduced, absent or brisk."""
    return tuple(load_yaml("vocabulary.yaml")["reflex_states"])


def canonical_reflexes(reflexes: Mapping[str, str] | None) -> dict[str, str]:
    """Validate a ``{reflex: state}`` mapping, e.g. ``{"ankle jerk": "absent"}``.

    ``None`` means no reflex recorded. Two names of one reflex (``achilles`` and ``ankle jerk``)
    with different states raise ``ValueError`` naming both; with the same state they are one.
    """
    if reflexes is None:
        return {}
    if not isinstance(reflexes, Mapping):
        raise InputShapeError(f"reflexes must be a mapping of reflex to state, e.g. "
                              f"{{'achilles': 'reduced'}}; got {type(reflexes).__name__} "
                              f"{_short(reflexes)}")
    result: dict[str, str] = {}
    given_as: dict[str, str] = {}
    states = reflex_states()
    for name, state in reflexes.items():
        reflex = canonical("reflex", name)
        if not isinstance(state, str):
            raise InputShapeError(f"the state of reflex {_short(name)} must be one of "
                                  f"{', '.join(states)}; got {type(state).__name__} {_short(state)}")
        folded = _fold(state)
        if folded not in states:
            raise ValueError(_unknown("reflex state", state, states))
        if reflex in result and result[reflex] != folded:
            raise ValueError(f"conflicting states for the {reflex} reflex: "
                             f"{_short(given_as[reflex])}: {result[reflex]!r} and {_short(name)}: "
                             f"{folded!r} name the same reflex; give it once")
        result[reflex] = folded
        given_as.setdefault(reflex, name)
    return result


def glossary_table(kind: str) -> list[tuple[str, str, str]]:
    """(name, aliases, description) rows for the docs, one per term."""
    return [(t.name, ", ".join(t.aliases), t.description) for t in terms(kind)]

"""The causes of back pain that radiates to the leg (``data/causes.yaml``): each cause's cited
profile, the story features a student can tick, and the must-not-miss rules. The ranking that uses
them lives in :mod:`legpain.reasoning.differential`.

The must-not-miss rules are data here so that no score can bury an emergency.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .loading import DataError, Entry, bibliography, entries, load_yaml
from .vocabulary import names

FILE = "causes.yaml"
CATEGORIES = ("spinal", "nerve", "non-spinal", "vascular", "systemic")
URGENCIES = ("emergency", "urgent", "routine")
LEVELS = ("typical", "common", "unusual", "against")
_TEXT_FIELDS = ("name", "mechanism", "who", "investigations", "outlook", "notes",
                "source_article_term")
_LIST_FIELDS = ("also_called", "typical_features", "distinguishing_features", "look_alikes",
                "red_flags", "first_steps")


@dataclass(frozen=True)
class Feature:
    """One story feature a student can tick in the differential explorer."""

    id: str
    name: str
    group: str


@dataclass(frozen=True)
class Cause:
    """One cause of back pain radiating to the leg, with what it is, who gets it and its sources."""

    id: str
    name: str
    also_called: tuple[str, ...]
    source_article_term: str | None
    category: str
    urgency: str
    mechanism: str
    who: str
    typical_features: tuple[str, ...]
    distinguishing_features: tuple[str, ...]
    look_alikes: tuple[str, ...]
    red_flags: tuple[str, ...]
    investigations: str
    first_steps: tuple[str, ...]
    outlook: str
    sources: tuple[str, ...]
    field_sources: tuple[tuple[str, tuple[str, ...]], ...]
    notes: str | None
    in_differential: bool
    profile: tuple[tuple[str, str], ...]

    @property
    def is_emergency(self) -> bool:
        """True when the cause, once suspected, needs emergency care."""
        return self.urgency == "emergency"

    def sources_for(self, field: str) -> tuple[str, ...]:
        """Citation keys for one field: its own keys if given, else the entry's keys."""
        return dict(self.field_sources).get(field, self.sources)

    def level(self, feature_id: str) -> str | None:
        """This cause's level for a feature (typical/common/unusual/against), or None."""
        return dict(self.profile).get(feature_id)


@dataclass(frozen=True)
class ArticleTerm:
    """A term or section of the source article and the cause entries that teach it."""

    term: str
    section: str
    maps_to: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class _KnowledgeBase:
    weights: tuple[tuple[str, int], ...]
    groups: tuple[str, ...]
    features: tuple[Feature, ...]
    causes: tuple[Cause, ...]
    article: tuple[ArticleTerm, ...]
    must_not_miss: tuple[dict[str, Any], ...] = ()


#: Feature ids that are a new neurological deficit (used by the must-not-miss rules below).
def _must_not_miss(raw: Mapping[str, Any], features: list[Feature],
                   causes: list[Cause]) -> tuple[dict[str, Any], ...]:
    """Validate the must-not-miss rules of causes.yaml (top-level ``must_not_miss``)."""
    items = raw.get("must_not_miss")
    if not items:
        raise DataError(FILE, "the must-not-miss rules are missing (top-level must_not_miss)",
                        None, "must_not_miss")
    feature_ids = [f.id for f in features]
    ranked = {c.id for c in causes if c.in_differential}
    rules = []
    for index, item in enumerate(items or ()):
        entry = Entry(FILE, item, f"must_not_miss #{index + 1}")
        target = entry.text("cause")
        if target not in ranked:
            raise DataError(FILE, f"{target!r} is not a cause in the differential", entry.id,
                            "cause")
        groups = entry.get("when", list)
        if not groups:
            raise DataError(FILE, "needs at least one group of features", entry.id, "when")
        when = [list(Entry(FILE, {"group": g}, entry.id).texts("group", allowed=feature_ids))
                for g in groups]
        if not all(when):
            raise DataError(FILE, "a group of features is empty", entry.id, "when")
        rules.append({"cause": target, "when": when,
                      "reason": " ".join(entry.text("reason").split()),
                      "sources": list(_keys(entry, "sources"))})
    return tuple(rules)


def _keys(entry: Entry, field: str) -> tuple[str, ...]:
    keys = entry.texts(field)
    known = bibliography()
    for key in keys:
        if key not in known:
            raise DataError(FILE, f"citation key '{key}' is not in data/references/*.bib",
                            entry.id, field)
    return keys


@functools.cache
def _kb() -> _KnowledgeBase:
    raw = load_yaml(FILE)
    if not isinstance(raw, Mapping):
        raise DataError(FILE, "expected a mapping with weights, features and causes")
    weights = raw.get("weights")
    if not isinstance(weights, Mapping) or set(weights) != set(LEVELS) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in weights.values()):
        raise DataError(FILE, f"'weights' must give an integer for each of {list(LEVELS)}")
    groups = tuple(raw.get("feature_groups") or ())
    if not groups or not all(isinstance(g, str) for g in groups):
        raise DataError(FILE, "'feature_groups' must be a non-empty list of names")

    features = []
    for entry in entries(FILE, "features"):
        features.append(Feature(entry.id, entry.text("name"), entry.choice("group", groups)))
    feature_ids = {f.id for f in features}

    red_flag_names = names("red flag")
    causes = []
    for entry in entries(FILE, "causes"):
        texts = {f: entry.text(f, default=None) for f in _TEXT_FIELDS}
        for required in ("name", "mechanism", "who", "investigations", "outlook"):
            if texts[required] is None:
                raise DataError(FILE, "required field is missing", entry.id, required)
        lists = {f: entry.texts(f, default=[]) for f in _LIST_FIELDS}
        for field in ("typical_features", "first_steps"):
            if not lists[field]:
                raise DataError(FILE, "must list at least one item", entry.id, field)
        for flag in lists["red_flags"]:
            if flag not in red_flag_names:
                close = difflib.get_close_matches(flag, red_flag_names, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise DataError(FILE, f"{flag!r} is not a vocabulary red flag{hint}",
                                entry.id, "red_flags")
        urgency = entry.choice("urgency", URGENCIES)
        is_emergency = entry.get("is_emergency", bool)
        if is_emergency != (urgency == "emergency"):
            raise DataError(FILE, f"is_emergency is {is_emergency} but urgency is {urgency!r}",
                            entry.id, "is_emergency")
        field_sources = []
        for field, _keys_raw in entry.get("field_sources", Mapping, {}).items():
            if field not in _TEXT_FIELDS + _LIST_FIELDS:
                raise DataError(FILE, f"{field!r} is not a field of a cause", entry.id,
                                "field_sources")
            sub = Entry(FILE, {field: _keys_raw}, entry.id)
            field_sources.append((field, _keys(sub, field)))
        profile = []
        for feature_id, level in entry.get("profile", Mapping, {}).items():
            if feature_id not in feature_ids:
                close = difflib.get_close_matches(str(feature_id), sorted(feature_ids), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise DataError(FILE, f"unknown feature {feature_id!r}{hint}", entry.id,
                                "profile")
            if level not in LEVELS:
                raise DataError(FILE, f"{level!r} is not one of {list(LEVELS)}", entry.id,
                                f"profile.{feature_id}")
            profile.append((feature_id, level))
        in_differential = entry.get("differential", bool)
        if in_differential and not profile:
            raise DataError(FILE, "a cause in the differential needs a profile", entry.id,
                            "profile")
        causes.append(Cause(
            id=entry.id, name=texts["name"], also_called=lists["also_called"],
            source_article_term=texts["source_article_term"],
            category=entry.choice("category", CATEGORIES), urgency=urgency,
            mechanism=texts["mechanism"], who=texts["who"],
            typical_features=lists["typical_features"],
            distinguishing_features=lists["distinguishing_features"],
            look_alikes=lists["look_alikes"], red_flags=lists["red_flags"],
            investigations=texts["investigations"], first_steps=lists["first_steps"],
            outlook=texts["outlook"], sources=entry.sources(),
            field_sources=tuple(field_sources), notes=texts["notes"],
            in_differential=in_differential, profile=tuple(profile)))

    ids = {c.id for c in causes}
    for c in causes:
        for other in c.look_alikes:
            if other not in ids or other == c.id:
                raise DataError(FILE, f"look-alike {other!r} is not another cause id", c.id,
                                "look_alikes")

    article = []
    for index, item in enumerate(raw.get("source_article") or ()):
        entry = Entry(FILE, item, f"source_article #{index + 1}")
        maps_to = entry.texts("maps_to")
        for target in maps_to:
            if target not in ids:
                raise DataError(FILE, f"{target!r} is not a cause id", entry.id, "maps_to")
        article.append(ArticleTerm(entry.text("term"), entry.text("section"), maps_to,
                                   entry.text("note", default=None)))
    if not article:
        raise DataError(FILE, "top-level section 'source_article' is missing or empty")
    _keys(Entry(FILE, raw, "source_article"), "source_article_sources")
    return _KnowledgeBase(tuple((k, int(weights[k])) for k in LEVELS), groups, tuple(features),
                          tuple(causes), tuple(article), _must_not_miss(raw, features, causes))


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def _unknown(kind: str, value: object, valid: list[str]) -> ValueError:
    close = difflib.get_close_matches(_fold(str(value)), [_fold(v) for v in valid], n=3,
                                      cutoff=0.5)
    suggestions = [v for v in valid if _fold(v) in close]
    hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    return ValueError(f"unknown {kind} {value!r}{hint} Valid {kind}s: {', '.join(valid)}")


def causes() -> tuple[Cause, ...]:
    """Every cause, in the order of the data file (the order the course teaches them)."""
    return _kb().causes


def cause(name: str) -> Cause:
    """One cause by id or name (case-insensitive, spaces or underscores)."""
    if isinstance(name, str):
        wanted = _fold(name)
        for c in causes():
            if wanted in (_fold(c.id), _fold(c.name)):
                return c
    raise _unknown("cause", name, [c.id for c in causes()])


def features() -> tuple[Feature, ...]:
    """The story features of the differential explorer, grouped and in display order."""
    return _kb().features


def feature(name: str) -> Feature:
    """One feature by id or plain name (case-insensitive)."""
    if isinstance(name, str):
        wanted = _fold(name)
        for f in features():
            if wanted in (_fold(f.id), _fold(f.name)):
                return f
    raise _unknown("feature", name, [f.id for f in features()])


def source_article() -> tuple[ArticleTerm, ...]:
    """The source article's terms and sections, each with the cause entries that teach it."""
    return _kb().article

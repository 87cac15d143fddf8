"""Vascular or neurogenic claudication? An additive, sourced teaching score.

Leg pain on walking can come from narrowed leg arteries (vascular claudication) or from a narrowed
lumbar spinal canal (neurogenic claudication). :func:`claudication` adds the integer weights in
``data/claudication.yaml`` for the features a student ticks and says which cause is more likely,
by how much, why, and which bedside checks would settle it. :func:`claudication_table` gives the
same data as plain JSON so a widget's JavaScript reproduces the answer exactly; the Python answer
is computed from that table. The weights are teaching weights, not a validated clinical score.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ._data import DataError, Entry, entries, load_yaml
from .vocabulary import _fold, canonical_all, names, terms

FILE = "claudication.yaml"
KINDS: tuple[str, ...] = ("vascular", "neurogenic")
Kind = Literal["vascular", "neurogenic", "uncertain"]
Confidence = Literal["high", "moderate", "low", "none"]


@dataclass(frozen=True)
class ClaudicationResult:
    """Which claudication is more likely and how clearly.

    ``kind`` is ``'vascular'`` or ``'neurogenic'`` when one side scores higher, and
    ``'uncertain'`` only when the scores tie (for example when nothing was ticked).
    ``margin`` is the difference between the two scores; ``confidence`` is its plain-words band.
    """

    kind: Kind
    vascular_score: int
    neurogenic_score: int
    margin: int
    confidence: Confidence
    reasons: tuple[str, ...]
    bedside_checks: tuple[str, ...]
    sources: tuple[str, ...]
    features: tuple[str, ...]
    note: str


@functools.cache
def _table() -> dict[str, Any]:
    """Load and validate claudication.yaml once (the single source for Python and JavaScript)."""
    raw = load_yaml(FILE)
    if not isinstance(raw, Mapping):
        raise DataError(FILE, "expected a mapping")
    valid = list(names("claudication feature"))

    features = []
    seen = set()
    for entry in entries(FILE, "features"):
        if entry.id not in valid:
            raise DataError(FILE, "not a claudication feature in vocabulary.yaml (use the "
                                  "canonical name)", entry.id, "id")
        weight = entry.number("weight", 0, 10)
        if weight != int(weight):
            raise DataError(FILE, "weights are whole numbers", entry.id, "weight")
        features.append({"id": entry.id, "favours": entry.choice("favours", KINDS),
                         "weight": int(weight),
                         "reason": " ".join(entry.text("reason").split()),
                         "sources": list(entry.sources())})
        seen.add(entry.id)
    missing = [name for name in valid if name not in seen]
    if missing:
        raise DataError(FILE, f"every vocabulary feature needs an entry; missing {missing}",
                        None, "features")

    bands = []
    for index, item in enumerate(raw.get("confidence") or []):
        band = Entry(FILE, item, f"confidence #{index + 1}")
        margin = band.number("min_margin", 0)
        bands.append({"min_margin": int(margin), "label": band.choice(
            "label", ("high", "moderate", "low", "none"))})
    margins = [band["min_margin"] for band in bands]
    if not bands or margins != sorted(margins, reverse=True) or margins[-1] != 0:
        raise DataError(FILE, "confidence bands must go from the highest min_margin down to 0",
                        None, "confidence")

    contradictions = []
    for pair in raw.get("contradictions") or []:
        if (not isinstance(pair, list) or len(pair) != 2
                or any(name not in valid for name in pair)):
            raise DataError(FILE, f"{pair!r} must be a pair of feature names", None,
                            "contradictions")
        contradictions.append(list(pair))

    checks = []
    for entry in entries(FILE, "bedside_checks"):
        checks.append({"id": entry.id, "text": " ".join(entry.text("text").split()),
                       "settled_by": list(entry.texts("settled_by", default=[],
                                                      allowed=valid)),
                       "sources": list(entry.sources())})

    note_entry = Entry(FILE, raw, "note")
    aliases = {}
    for term in terms("claudication feature"):
        for word in (term.name, *term.aliases):
            aliases[_fold(word)] = term.name
    return {"features": features, "confidence": bands, "contradictions": contradictions,
            "bedside_checks": checks, "note": " ".join(note_entry.text("note").split()),
            "note_sources": list(note_entry.sources("note_sources")), "aliases": aliases}


def claudication_table() -> dict[str, Any]:
    """The weights, bands, contradictions and bedside checks as JSON-ready data for JavaScript."""
    return copy.deepcopy(_table())


def _evaluate(table: Mapping[str, Any], present: tuple[str, ...]) -> ClaudicationResult:
    for first, second in table["contradictions"]:
        if first in present and second in present:
            raise ValueError(f"{first!r} and {second!r} cannot both be present; choose one")
    chosen = [feature for feature in table["features"] if feature["id"] in present]
    vascular = sum(f["weight"] for f in chosen if f["favours"] == "vascular")
    neurogenic = sum(f["weight"] for f in chosen if f["favours"] == "neurogenic")
    margin = abs(vascular - neurogenic)
    kind: Kind = "uncertain"
    if vascular > neurogenic:
        kind = "vascular"
    elif neurogenic > vascular:
        kind = "neurogenic"
    confidence = next(band["label"] for band in table["confidence"]
                      if margin >= band["min_margin"])
    # reasons: the winning side's features first (heaviest first), then the others
    order = sorted(chosen, key=lambda f: (f["favours"] != kind, -f["weight"]))
    reasons = []
    for feature in order:
        scored = (f"{feature['favours']} +{feature['weight']}" if feature["weight"]
                  else f"classically {feature['favours']}, not scored")
        label = feature["id"][0].upper() + feature["id"][1:]
        reasons.append(f"{label} ({scored}): {feature['reason']}")
    checks = tuple(check["text"] for check in table["bedside_checks"]
                   if not any(name in present for name in check["settled_by"]))
    sources = tuple(dict.fromkeys(
        [key for f in order for key in f["sources"]]
        + [key for c in table["bedside_checks"] if c["text"] in checks for key in c["sources"]]
        + list(table["note_sources"])))
    return ClaudicationResult(kind, vascular, neurogenic, margin, confidence, tuple(reasons),
                              checks, sources, present, table["note"])


def claudication(features: Iterable[str]) -> ClaudicationResult:
    """Weigh claudication features (vocabulary names or aliases) for a vascular or a
    neurogenic cause, with reasons, the bedside checks that would settle it, and sources.

    >>> claudication(["relieved by sitting", "shopping cart sign", "normal foot pulses"]).kind
    'neurogenic'

    Unknown names raise ``ValueError`` listing the valid features; so do contradictory pairs
    such as absent and normal foot pulses.
    """
    if features is None:
        raise ValueError("features must be a list of claudication-feature names (use [] for "
                         f"none); valid features: {', '.join(names('claudication feature'))}")
    return _evaluate(_table(), canonical_all("claudication feature", features))


def claudication_features() -> tuple[str, ...]:
    """The feature names :func:`claudication` accepts."""
    return names("claudication feature")

"""Vascular or neurogenic claudication? An additive, sourced teaching score.

Leg pain on walking can come from narrowed leg arteries (vascular claudication) or from a narrowed
lumbar spinal canal (neurogenic claudication). :func:`claudication` adds the integer weights in
``data/claudication.yaml`` for the features a student ticks and says which cause is more likely,
by how much, why, and which bedside checks would settle it. One test overrides the score: an
ankle-brachial index of 0.90 or less establishes peripheral artery disease (kind ``'vascular'``),
and with neurogenic features as well the answer is ``'both'`` (a spinal stenosis may coexist).
:func:`claudication_table` gives the
same data as plain JSON so a widget's JavaScript reproduces the answer exactly; the Python answer
is computed from that table. The weights are teaching weights, not a validated clinical score.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..knowledge.loading import DataError, Entry, entries, load_yaml
from ..knowledge.vocabulary import _fold, canonical_all, names, terms

FILE = "claudication.yaml"
KINDS: tuple[str, ...] = ("vascular", "neurogenic")
Kind = Literal["vascular", "neurogenic", "both", "uncertain"]
Confidence = Literal["established", "high", "moderate", "low", "none"]


@dataclass(frozen=True)
class ClaudicationResult:
    """Which claudication is more likely and how clearly.

    ``kind`` is ``'vascular'`` or ``'neurogenic'`` when one side scores higher, and
    ``'uncertain'`` only when the scores tie (for example when nothing was ticked).
    ``margin`` is the difference between the two scores; ``confidence`` is its plain-words band.
    An ankle-brachial index of 0.90 or less overrides the scores: peripheral artery disease is
    then established (``confidence`` ``'established'``), ``kind`` is ``'vascular'``, or
    ``'both'`` when neurogenic features suggest a coexisting spinal stenosis; ``rule`` says so
    in words (it is ``""`` when the rule did not apply).
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
    rule: str = ""


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

    rule_entry = Entry(FILE, raw.get("abi_rule"), "abi_rule")
    rule_feature = rule_entry.text("feature")
    if rule_feature not in valid:
        raise DataError(FILE, "not a claudication feature", "abi_rule", "feature")
    neurogenic = [f["id"] for f in features if f["favours"] == "neurogenic"]
    coexisting = list(rule_entry.texts("coexisting", allowed=neurogenic))
    both_text = " ".join(rule_entry.text("both_text").split())
    if "{features}" not in both_text:
        raise DataError(FILE, "must name the coexisting features with {features}", "abi_rule",
                        "both_text")
    abi_rule = {"feature": rule_feature, "coexisting": coexisting,
                "text": " ".join(rule_entry.text("text").split()), "both_text": both_text,
                "sources": list(rule_entry.sources())}

    note_entry = Entry(FILE, raw, "note")
    aliases = {}
    for term in terms("claudication feature"):
        for word in (term.name, *term.aliases):
            aliases[_fold(word)] = term.name
    return {"features": features, "confidence": bands, "contradictions": contradictions,
            "bedside_checks": checks, "abi_rule": abi_rule,
            "note": " ".join(note_entry.text("note").split()),
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
    confidence: Confidence = next(band["label"] for band in table["confidence"]
                                  if margin >= band["min_margin"])
    rule = table["abi_rule"]
    rule_text = ""
    rule_sources: list[str] = []
    if rule["feature"] in present:
        # the ABI establishes PAD whatever the scores; neurogenic features mean "both" may exist
        coexisting = [name for name in rule["coexisting"] if name in present]
        kind = "both" if coexisting else "vascular"
        confidence = "established"
        rule_text = (rule["both_text"].replace("{features}", ", ".join(coexisting))
                     if coexisting else rule["text"])
        rule_sources = list(rule["sources"])
    # reasons: the winning side's features first (heaviest first), then the others
    side = "vascular" if kind == "both" else kind
    order = sorted(chosen, key=lambda f: (f["favours"] != side, -f["weight"]))
    reasons = []
    for feature in order:
        scored = (f"{feature['favours']} +{feature['weight']}" if feature["weight"]
                  else f"classically {feature['favours']}, not scored")
        label = feature["id"][0].upper() + feature["id"][1:]
        reasons.append(f"{label} ({scored}): {feature['reason']}")
    checks = tuple(check["text"] for check in table["bedside_checks"]
                   if not any(name in present for name in check["settled_by"]))
    sources = tuple(dict.fromkeys(
        rule_sources + [key for f in order for key in f["sources"]]
        + [key for c in table["bedside_checks"] if c["text"] in checks for key in c["sources"]]
        + list(table["note_sources"])))
    return ClaudicationResult(kind, vascular, neurogenic, margin, confidence, tuple(reasons),
                              checks, sources, present, table["note"], rule_text)


def claudication(features: Iterable[str]) -> ClaudicationResult:
    """Weigh claudication features (vocabulary names or aliases) for a vascular or a
    neurogenic cause, with reasons, the bedside checks that would settle it, and sources.

    >>> claudication(["relieved by sitting", "shopping cart sign", "normal foot pulses"]).kind
    'neurogenic'
    >>> claudication(["ABI below 0.9", "relieved by sitting", "shopping cart sign"]).kind
    'both'

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

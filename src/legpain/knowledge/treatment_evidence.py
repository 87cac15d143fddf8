"""Treatments, their evidence and guideline positions, and the source article's claims.

Typed, validated access to ``data/interventions.yaml`` and ``data/claims.yaml``. Every figure
comes from a cited source; nothing here computes or invents an effect. The chart helper turns the
stored effect sizes into plain rows for a forest-style widget.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass

from .loading import DataError, Entry, entries, load_yaml

INTERVENTIONS_FILE = "interventions.yaml"
CLAIMS_FILE = "claims.yaml"

DIRECTIONS = ("benefit", "no_benefit", "harm", "uncertain")
CERTAINTIES = ("high", "moderate", "low", "very_low", "not_rated")
POSITIONS = ("recommend", "consider", "do not offer", "no recommendation")
GUIDELINE_BODIES = ("NICE", "ACP")
STANCES = ("recommends", "advises_against", "not_mentioned")
CATEGORIES = ("advice", "exercise", "manual", "physical", "drug", "supplement", "lifestyle",
              "injection", "surgery")
VERDICTS = ("correct", "partly", "wrong", "unsupported")
TOPICS = ("anatomy", "cause", "treatment", "prevention", "red_flags", "other")
MEASURES = {  # measure -> the value that means "no effect"
    "MD": 0.0, "WMD": 0.0, "SMD": 0.0, "RR": 1.0, "OR": 1.0, "HR": 1.0,
}
BETTER = ("lower", "higher")


@dataclass(frozen=True)
class Condition:
    """A clinical situation the evidence is sorted by (acute or chronic low back pain, ...)."""

    id: str
    name: str
    aliases: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class EffectSize:
    """An effect estimate with its 95% confidence interval, exactly as the source reports it."""

    measure: str
    estimate: float
    low: float
    high: float
    units: str
    comparison: str
    follow_up: str
    better: str  # which side favours the intervention: "lower" or "higher"
    no_effect: float  # 0 for differences, 1 for ratios

    @property
    def crosses_null(self) -> bool:
        """True when the 95% CI includes 'no effect' (the result is not statistically clear)."""
        return self.low <= self.no_effect <= self.high


@dataclass(frozen=True)
class Finding:
    """What one source found for one intervention in one condition."""

    intervention: str
    condition: str
    effect: str
    direction: str
    certainty: str
    certainty_note: str | None
    effect_size: EffectSize | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class GuidelinePosition:
    """A NICE NG59 or ACP 2017 position on an intervention for some conditions."""

    body: str
    conditions: tuple[str, ...]
    position: str
    statement: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Intervention:
    """A treatment or self-help measure with its findings, guideline positions and harms."""

    id: str
    name: str
    aliases: tuple[str, ...]
    category: str
    description: str
    source_article: str
    source_article_claims: tuple[str, ...]
    harms: str
    findings: tuple[Finding, ...]
    guideline: tuple[GuidelinePosition, ...]
    sources: tuple[str, ...]

    @property
    def source_article_recommends(self) -> bool | None:
        """True if the source article recommends it, False if it advises against, None if silent."""
        return {"recommends": True, "advises_against": False}.get(self.source_article)

    def findings_for(self, condition: str) -> tuple[Finding, ...]:
        """The findings for one condition (id or alias)."""
        cid = canonical_condition(condition)
        return tuple(f for f in self.findings if f.condition == cid)

    def guideline_for(self, condition: str, body: str | None = None
                      ) -> tuple[GuidelinePosition, ...]:
        """The guideline positions that apply to one condition, optionally from one body."""
        cid = canonical_condition(condition)
        if body is not None and body not in GUIDELINE_BODIES:
            raise ValueError(f"unknown guideline body {body!r}; valid bodies: "
                             f"{', '.join(GUIDELINE_BODIES)}")
        return tuple(g for g in self.guideline
                     if cid in g.conditions and (body is None or g.body == body))


@dataclass(frozen=True)
class Claim:
    """One claim or piece of advice from the source article, with our verdict and correction."""

    id: str
    section: str
    claim: str
    quote: str | None
    verdict: str
    correction: str
    topic: str
    related: tuple[str, ...]
    sources: tuple[str, ...]


# ---------------------------------------------------------------- loading

def _fold(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


@functools.cache
def conditions() -> tuple[Condition, ...]:
    """The conditions evidence is stored for, in file order."""
    result = []
    for entry in entries(INTERVENTIONS_FILE, "conditions"):
        result.append(Condition(entry.id, entry.text("name"), entry.texts("aliases", default=[]),
                                entry.text("description")))
    return tuple(result)


@functools.cache
def _condition_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for cond in conditions():
        for word in (cond.id, cond.name, *cond.aliases):
            table[_fold(word)] = cond.id
    return table


def canonical_condition(name: str) -> str:
    """The condition id for an id or readable alias, e.g. ``"Chronic low back pain"``.

    Unknown names raise ``ValueError`` listing the valid condition ids.
    """
    valid = ", ".join(c.id for c in conditions())
    if not isinstance(name, str):
        raise ValueError(f"condition must be a string such as 'sciatica', got {name!r}. "
                         f"Valid conditions: {valid}")
    found = _condition_lookup().get(_fold(name))
    if found is None:
        close = difflib.get_close_matches(_fold(name), list(_condition_lookup()), n=3, cutoff=0.6)
        hints = list(dict.fromkeys(_condition_lookup()[c] for c in close))
        hint = f"; did you mean {' or '.join(repr(h) for h in hints)}?" if hints else ""
        raise ValueError(f"unknown condition {name!r}{hint} Valid conditions: {valid}")
    return found


def _effect_size(entry: Entry) -> EffectSize:
    measure = entry.choice("measure", list(MEASURES))
    estimate, low, high = entry.number("estimate"), entry.number("low"), entry.number("high")
    if not low <= estimate <= high:
        raise entry._fail("estimate", f"estimate {estimate} lies outside its CI [{low}, {high}]")
    null = entry.number("no_effect")
    if null != MEASURES[measure]:
        raise entry._fail("no_effect", f"no-effect value for {measure} is {MEASURES[measure]}, "
                                       f"not {null}")
    if MEASURES[measure] == 1.0 and low <= 0:
        raise entry._fail("low", f"a ratio ({measure}) cannot be {low}")
    return EffectSize(measure, estimate, low, high, entry.text("units"),
                      entry.text("comparison"), entry.text("follow_up"),
                      entry.choice("better", BETTER), null)


def _finding(intervention: str, entry: Entry, condition_ids: set[str]) -> Finding:
    condition = entry.choice("condition", sorted(condition_ids))
    certainty = entry.choice("certainty", CERTAINTIES)
    note = entry.text("certainty_note", default=None)
    if certainty == "not_rated" and note is None:
        raise entry._fail("certainty_note", "a 'not_rated' finding must say what the source "
                                            "used instead of GRADE")
    size = entry.entry("effect_size") if entry.raw.get("effect_size") is not None else None
    return Finding(intervention, condition, entry.text("effect"),
                   entry.choice("direction", DIRECTIONS), certainty, note,
                   _effect_size(size) if size is not None else None, entry.sources())


def _position(entry: Entry, condition_ids: set[str]) -> GuidelinePosition:
    conds = entry.texts("conditions", allowed=condition_ids)
    if not conds:
        raise entry._fail("conditions", "name at least one condition")
    return GuidelinePosition(entry.choice("body", GUIDELINE_BODIES), conds,
                             entry.choice("position", POSITIONS), entry.text("statement"),
                             entry.sources())


def _sub_entries(parent: Entry, field: str) -> list[Entry]:
    raw = parent.get(field, list)
    return [Entry(parent.file, item, f"{parent.id}.{field}[{i}]") for i, item in enumerate(raw)]


@functools.cache
def interventions() -> tuple[Intervention, ...]:
    """All interventions, validated, in file order."""
    condition_ids = {c.id for c in conditions()}
    result = []
    for entry in entries(INTERVENTIONS_FILE, "interventions"):
        findings = tuple(_finding(entry.id, f, condition_ids)
                         for f in _sub_entries(entry, "findings"))
        positions = tuple(_position(g, condition_ids) for g in _sub_entries(entry, "guideline"))
        result.append(Intervention(
            id=entry.id, name=entry.text("name"), aliases=entry.texts("aliases", default=[]),
            category=entry.choice("category", CATEGORIES), description=entry.text("description"),
            source_article=entry.choice("source_article", STANCES),
            source_article_claims=entry.texts("source_article_claims", default=[]),
            harms=entry.text("harms"), findings=findings, guideline=positions,
            sources=entry.sources()))
    return tuple(result)


@functools.cache
def _intervention_lookup() -> dict[str, Intervention]:
    table: dict[str, Intervention] = {}
    for item in interventions():
        for word in (item.id, item.name, *item.aliases):
            key = _fold(word)
            if key in table and table[key].id != item.id:
                raise DataError(INTERVENTIONS_FILE, f"name {word!r} is used by both "
                                f"'{table[key].id}' and '{item.id}'", item.id, "aliases")
            table[key] = item
    return table


def intervention(name: str) -> Intervention:
    """One intervention by id, name or alias (``"pregabalin"`` finds the gabapentinoids)."""
    if not isinstance(name, str):
        raise ValueError(f"intervention must be a string such as 'exercise', got {name!r}. "
                         f"Valid interventions: {', '.join(i.id for i in interventions())}")
    table = _intervention_lookup()
    found = table.get(_fold(name))
    if found is None:
        close = difflib.get_close_matches(_fold(name), list(table), n=3, cutoff=0.6)
        hints = list(dict.fromkeys(table[c].id for c in close))
        hint = f"; did you mean {' or '.join(repr(h) for h in hints)}?" if hints else ""
        valid = ", ".join(i.id for i in interventions())
        raise ValueError(f"unknown intervention {name!r}{hint} Valid interventions: {valid}")
    return found


def evidence(condition: str) -> tuple[Finding, ...]:
    """Every finding stored for one condition (id or readable alias), in intervention order."""
    cid = canonical_condition(condition)
    return tuple(f for item in interventions() for f in item.findings if f.condition == cid)


@functools.cache
def claims() -> tuple[Claim, ...]:
    """Every claim of the source article, in the article's order, with verdicts."""
    result = []
    for entry in entries(CLAIMS_FILE, "claims"):
        result.append(Claim(
            id=entry.id, section=entry.text("section"), claim=entry.text("claim"),
            quote=entry.text("quote", default=None),
            verdict=entry.choice("verdict", VERDICTS), correction=entry.text("correction"),
            topic=entry.choice("topic", TOPICS), related=entry.texts("related", default=[]),
            sources=entry.sources()))
    return tuple(result)


def claim(claim_id: str) -> Claim:
    """One claim by its id; unknown ids raise ``ValueError`` naming close matches."""
    by_id = {c.id: c for c in claims()}
    if isinstance(claim_id, str) and claim_id in by_id:
        return by_id[claim_id]
    close = difflib.get_close_matches(str(claim_id), list(by_id), n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise ValueError(f"unknown claim {claim_id!r}{hint} Valid claim ids: {', '.join(by_id)}")


def claims_where(verdict: str | None = None, topic: str | None = None) -> tuple[Claim, ...]:
    """Claims filtered by verdict and/or topic (each checked against the valid values)."""
    if verdict is not None and verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}; valid verdicts: {', '.join(VERDICTS)}")
    if topic is not None and topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}; valid topics: {', '.join(TOPICS)}")
    return tuple(c for c in claims()
                 if (verdict is None or c.verdict == verdict)
                 and (topic is None or c.topic == topic))


# ---------------------------------------------------------------- chart data

def evidence_chart_data(condition: str, numeric_only: bool = True) -> list[dict[str, object]]:
    """JSON-ready rows for a forest-style chart of the evidence in one condition.

    One row per finding with an effect size (or per finding, if ``numeric_only`` is False, with
    ``None`` numbers). Rows carry the measure and units because estimates on different scales
    (0-100 points, SMD, risk ratios) must not share one axis; ``better`` says which side favours
    the intervention and ``no_effect`` where "no effect" lies (0 or 1).
    """
    cid = canonical_condition(condition)
    rows: list[dict[str, object]] = []
    for item in interventions():
        for f in item.findings:
            if f.condition != cid or (numeric_only and f.effect_size is None):
                continue
            size = f.effect_size
            rows.append({
                "intervention": item.id,
                "label": item.name if size is None else size.comparison,
                "name": item.name,
                "comparison": None if size is None else size.comparison,
                "condition": cid,
                "measure": None if size is None else size.measure,
                "estimate": None if size is None else size.estimate,
                "low": None if size is None else size.low,
                "high": None if size is None else size.high,
                "no_effect": None if size is None else size.no_effect,
                "units": None if size is None else size.units,
                "better": None if size is None else size.better,
                "follow_up": None if size is None else size.follow_up,
                "ci_includes_no_effect": None if size is None else size.crosses_null,
                "effect": f.effect,
                "direction": f.direction,
                "certainty": f.certainty,
                "sources": list(f.sources),
                "source_article": item.source_article,
                "source_article_recommends": item.source_article_recommends,
            })
    return rows


def _check_cross_references() -> None:
    """Intervention <-> claim links must point at existing ids (used by the tests)."""
    claim_ids = {c.id for c in claims()}
    ids = {i.id for i in interventions()}
    for item in interventions():
        for cid in item.source_article_claims:
            if cid not in claim_ids:
                raise DataError(INTERVENTIONS_FILE, f"claim '{cid}' is not in {CLAIMS_FILE}",
                                item.id, "source_article_claims")
    raw = load_yaml(CLAIMS_FILE)["claims"]
    for c in raw:
        for rel in c.get("related") or []:
            if rel in ids or rel.replace("_", "").isalnum():
                continue
            raise DataError(CLAIMS_FILE, f"related id {rel!r} is not a plain snake_case id",
                            c.get("id"), "related")

"""Who gets back pain and sciatica: risk factors and their pooled estimates (``data/risk_factors.yaml``).

Each factor has a plain-language finding and its sources; a factor with pooled figures lists them
as estimates (an odds ratio with its 95% confidence interval, the outcome, the comparison and the
source). Loading checks every entry and names the file, the entry and the field of any problem.

>>> [f.id for f in risk_factors()][:2]
['age', 'smoking']
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from .loading import DataError, bibliography, load_yaml, number_value, text_value

FILE = "risk_factors.yaml"
#: measure -> what it is called in a table
MEASURES = {"OR": "odds ratio"}
_FACTOR_FIELDS = {"id", "factor", "modifiable", "finding", "sources", "estimates"}
_ESTIMATE_FIELDS = {"outcome", "comparison", "measure", "estimate", "low", "high", "source",
                    "participants", "note"}


@dataclass(frozen=True)
class Estimate:
    """One pooled figure: ``measure`` ``estimate`` (95% CI ``low`` to ``high``) for an outcome."""

    outcome: str
    comparison: str
    measure: str
    estimate: float
    low: float
    high: float
    source: str
    participants: int | None = None
    note: str = ""

    @property
    def text(self) -> str:
        """'OR 1.46 (95% CI 1.30 to 1.64)'."""
        return f"{self.measure} {self.estimate:.2f} (95% CI {self.low:.2f} to {self.high:.2f})"


@dataclass(frozen=True)
class RiskFactor:
    """A risk factor, what the evidence says about it, and its pooled figures if any."""

    id: str
    factor: str
    modifiable: bool
    finding: str
    sources: tuple[str, ...]
    estimates: tuple[Estimate, ...] = ()


_text = functools.partial(text_value, FILE)  # (value, entry, field, required=True)
_number = functools.partial(number_value, FILE)  # (value, entry, field)


def _estimate(raw: Any, entry: str, index: int, sources: tuple[str, ...]) -> Estimate:
    where = f"{entry} estimate {index + 1}"
    if not isinstance(raw, dict):
        raise DataError(FILE, f"an estimate must be a mapping, got {raw!r}", where)
    unknown = set(raw) - _ESTIMATE_FIELDS
    if unknown:
        raise DataError(FILE, f"unknown field(s) {sorted(unknown)}; valid: {sorted(_ESTIMATE_FIELDS)}",
                        where)
    measure = raw.get("measure")
    if measure not in MEASURES:
        raise DataError(FILE, f"must be one of {', '.join(MEASURES)}, got {measure!r}", where, "measure")
    value, low, high = (_number(raw.get(f), where, f) for f in ("estimate", "low", "high"))
    if not 0 < low <= value <= high:
        raise DataError(FILE, f"need 0 < low <= estimate <= high, got {low:g}, {value:g}, {high:g}",
                        where, "estimate")
    source = _text(raw.get("source"), where, "source")
    if source not in sources:
        raise DataError(FILE, f"{source!r} is not one of the factor's sources {list(sources)}",
                        where, "source")
    people = raw.get("participants")
    if people is not None and (isinstance(people, bool) or not isinstance(people, int) or people <= 0):
        raise DataError(FILE, f"must be a whole number above 0, got {people!r}", where, "participants")
    return Estimate(outcome=_text(raw.get("outcome"), where, "outcome"),
                    comparison=_text(raw.get("comparison"), where, "comparison"),
                    measure=measure, estimate=value, low=low, high=high, source=source,
                    participants=people, note=_text(raw.get("note"), where, "note", required=False))


def _factor(raw: Any, keys: set[str]) -> RiskFactor:
    if not isinstance(raw, dict) or not raw.get("id"):
        raise DataError(FILE, f"a factor must be a mapping with an id, got {raw!r}")
    entry = str(raw["id"])
    unknown = set(raw) - _FACTOR_FIELDS
    if unknown:
        raise DataError(FILE, f"unknown field(s) {sorted(unknown)}; valid: {sorted(_FACTOR_FIELDS)}",
                        entry)
    if not isinstance(raw.get("modifiable"), bool):
        raise DataError(FILE, f"must be true or false, got {raw.get('modifiable')!r}", entry,
                        "modifiable")
    sources = raw.get("sources")
    if not isinstance(sources, list) or not sources:
        raise DataError(FILE, "must be a non-empty list of citation keys", entry, "sources")
    for key in sources:
        if key not in keys:
            raise DataError(FILE, f"citation key {key!r} is not in data/references/*.bib", entry,
                            "sources")
    sources = tuple(sources)
    estimates_raw = raw.get("estimates", [])
    if not isinstance(estimates_raw, list):
        raise DataError(FILE, "must be a list", entry, "estimates")
    return RiskFactor(id=entry, factor=_text(raw.get("factor"), entry, "factor"),
                      modifiable=raw["modifiable"], finding=_text(raw.get("finding"), entry, "finding"),
                      sources=sources,
                      estimates=tuple(_estimate(e, entry, i, sources) for i, e in enumerate(estimates_raw)))


def parse(data: Any, keys: set[str]) -> tuple[RiskFactor, ...]:
    """The factors of a parsed risk-factor file; a DataError names the entry and field at fault."""
    if not isinstance(data, dict) or not isinstance(data.get("factors"), list):
        raise DataError(FILE, "must hold a list under 'factors'")
    result = tuple(_factor(raw, keys) for raw in data["factors"])
    ids = [f.id for f in result]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise DataError(FILE, f"id used twice: {', '.join(repeated)}")
    return result


@functools.cache
def risk_factors() -> tuple[RiskFactor, ...]:
    """Every risk factor in ``data/risk_factors.yaml``, checked."""
    return parse(load_yaml(FILE), set(bibliography()))


def risk_factor(name: str) -> RiskFactor:
    """One factor by id or name (case-insensitive); ValueError lists the valid ones."""
    wanted = " ".join(str(name).replace("_", " ").lower().split())
    for item in risk_factors():
        if wanted in (item.id.replace("_", " "), item.factor.lower()):
            return item
    raise ValueError(f"unknown risk factor {name!r}; valid: {', '.join(f.id for f in risk_factors())}")

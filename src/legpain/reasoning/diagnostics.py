"""Examination tests and what a result does to the probability of a diagnosis.

``data/exam_tests.yaml`` holds, for each test, what it tests, how it is done, and its accuracy
(sensitivity and specificity, or likelihood ratios) with population, reference standard and
sources. :func:`post_test_probability` applies Bayes' theorem in its odds form:

    post-test odds = pre-test odds x likelihood ratio,   odds = p / (1 - p)

with LR+ = sensitivity / (1 - specificity) for a positive result and
LR- = (1 - sensitivity) / specificity for a negative one. :func:`tests_table` gives the same data
as JSON for widgets, and the Python functions compute from that table.
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..knowledge.loading import DataError, Entry, entries
from ..knowledge.vocabulary import _fold

FILE = "exam_tests.yaml"


@dataclass(frozen=True)
class Interval:
    """A point estimate with its 95% confidence interval when the source gives one."""

    value: float
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Estimate:
    """One source's accuracy figures for a test, in its own population."""

    label: str
    population: str
    reference_standard: str
    design: str
    sensitivity: Interval | None
    specificity: Interval | None
    lr_positive: float | None
    lr_negative: float | None
    lr_positive_ci: tuple[float, float] | None
    lr_negative_ci: tuple[float, float] | None
    note: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ExamTest:
    """An examination test or history item: what, how, for which condition, how accurate."""

    id: str
    name: str
    aliases: tuple[str, ...]
    tests_for: str
    how: str
    positive_when: str
    target_condition: str
    estimates: tuple[Estimate, ...]
    accuracy_note: str | None
    sources: tuple[str, ...]


def _clean(text: str | None) -> str | None:
    return " ".join(text.split()) if isinstance(text, str) else text


def _interval(entry: Entry, field: str, low: float, high: float | None,
              open_ends: bool) -> dict[str, Any] | None:
    if entry.raw.get(field) is None:
        return None
    part = entry.entry(field)
    value = part.number("value", low, high)
    if open_ends and not (low < value and (high is None or value < high)):
        raise DataError(FILE, f"{value} must lie strictly between {low} and {high}",
                        entry.id, f"{field}.value")
    ci = part.get("ci", list, None)
    if ci is not None:
        if (len(ci) != 2 or not all(isinstance(x, int | float) and not isinstance(x, bool)
                                    for x in ci) or not ci[0] <= value <= ci[1]):
            raise DataError(FILE, f"ci must be [low, high] around the value {value}, got {ci}",
                            entry.id, f"{field}.ci")
        ci = [float(ci[0]), float(ci[1])]
    return {"value": float(value), "ci": ci}


@functools.cache
def _table() -> dict[str, Any]:
    """Load and validate exam_tests.yaml once; LRs are computed here, for Python and JS alike."""
    tests = []
    aliases: dict[str, str] = {}
    for entry in entries(FILE, "tests"):
        estimates = []
        for index, raw in enumerate(entry.get("estimates", list)):
            est = Entry(FILE, raw, f"{entry.id}.estimates[{index}]")
            sens = _interval(est, "sensitivity", 0.0, 1.0, True)
            spec = _interval(est, "specificity", 0.0, 1.0, True)
            lr_pos = _interval(est, "lr_positive", 0.0, None, True)
            lr_neg = _interval(est, "lr_negative", 0.0, None, True)
            if (sens is None) != (spec is None):
                raise DataError(FILE, "give both sensitivity and specificity, or neither",
                                est.id)
            if sens is not None and (lr_pos or lr_neg):
                raise DataError(FILE, "give sensitivity/specificity or likelihood ratios, not "
                                      "both (ratios are computed from them)", est.id)
            if sens is None and lr_pos is None:
                raise DataError(FILE, "an estimate needs sensitivity and specificity or at "
                                      "least a positive likelihood ratio", est.id)
            if sens is not None:
                lr_pos = {"value": sens["value"] / (1 - spec["value"]), "ci": None}
                lr_neg = {"value": (1 - sens["value"]) / spec["value"], "ci": None}
            estimates.append({
                "label": est.text("label"),
                "population": _clean(est.text("population")),
                "reference_standard": _clean(est.text("reference_standard")),
                "design": est.text("design"),
                "sensitivity": sens, "specificity": spec,
                "lr_positive": lr_pos["value"], "lr_positive_ci": lr_pos["ci"],
                "lr_negative": lr_neg["value"] if lr_neg else None,
                "lr_negative_ci": lr_neg["ci"] if lr_neg else None,
                "note": _clean(est.text("note", default=None)),
                "sources": list(est.sources()),
            })
        note = _clean(entry.text("accuracy_note", default=None))
        if not estimates and note is None:
            raise DataError(FILE, "a test without estimates needs an accuracy_note", entry.id)
        test_sources = entry.sources() if entry.raw.get("sources") is not None else ()
        all_sources = list(dict.fromkeys([*test_sources,
                                          *(k for e in estimates for k in e["sources"])]))
        if not all_sources:
            raise DataError(FILE, "every test needs at least one citation key", entry.id,
                            "sources")
        test = {
            "id": entry.id, "name": entry.text("name"),
            "aliases": list(entry.texts("aliases", default=[])),
            "tests_for": _clean(entry.text("tests_for")), "how": _clean(entry.text("how")),
            "positive_when": _clean(entry.text("positive_when")),
            "target_condition": entry.text("target_condition"),
            "estimates": estimates, "accuracy_note": note, "sources": all_sources,
        }
        for word in (test["id"], test["name"], *test["aliases"]):
            key = _fold(word)
            if aliases.get(key, test["id"]) != test["id"]:
                raise DataError(FILE, f"name or alias {word!r} is used by two tests", entry.id,
                                "aliases")
            aliases[key] = test["id"]
        tests.append(test)
    return {"tests": tests, "aliases": aliases}


def tests_table() -> dict[str, Any]:
    """Every test with its estimates and computed likelihood ratios, as JSON-ready data."""
    return copy.deepcopy(_table())


tests_table.__test__ = False  # type: ignore[attr-defined]  # not a pytest test despite its name


def _resolve(test: str) -> Mapping[str, Any]:
    table = _table()
    ids = [t["id"] for t in table["tests"]]
    if not isinstance(test, str) or _fold(test) not in table["aliases"]:
        raise ValueError(f"unknown examination test {test!r}. Valid tests: {', '.join(ids)} "
                         "(aliases such as 'SLR' are accepted)")
    wanted = table["aliases"][_fold(test)]
    return next(t for t in table["tests"] if t["id"] == wanted)


def _estimate(test: Mapping[str, Any], source: str | None) -> Mapping[str, Any]:
    usable = test["estimates"]
    if not usable:
        raise ValueError(f"{test['name']!r} has no verified accuracy figures to compute with: "
                         f"{test['accuracy_note']}")
    if source is None:
        return usable[0]
    for estimate in usable:
        if source in estimate["sources"]:
            return estimate
    keys = sorted({k for e in usable for k in e["sources"]})
    raise ValueError(f"no estimate for {test['id']!r} from source {source!r}; "
                     f"available: {', '.join(keys)}")


def likelihood_ratios(test: str, source: str | None = None) -> tuple[float, float | None]:
    """(LR+, LR-) for a test (name or alias, any case), from its default estimate or from the
    estimate of the given citation key. LR- is ``None`` when the source reports only LR+."""
    estimate = _estimate(_resolve(test), source)
    return estimate["lr_positive"], estimate["lr_negative"]


def _check_probability(pretest: object) -> float:
    if (isinstance(pretest, bool) or not isinstance(pretest, int | float)
            or not math.isfinite(pretest) or not 0 < pretest < 1):
        raise ValueError(f"pretest probability must be a number strictly between 0 and 1 "
                         f"(e.g. 0.3 for 30%), got {pretest!r}")
    return float(pretest)


def apply_likelihood_ratio(pretest: float, ratio: float) -> float:
    """Post-test probability from a pre-test probability and a likelihood ratio (odds form).

    The result stays strictly between 0 and 1 even where floating-point rounding would reach an
    edge, because a finite likelihood ratio can never make a diagnosis certain.
    """
    p = _check_probability(pretest)
    if isinstance(ratio, bool) or not isinstance(ratio, int | float) or not (
            math.isfinite(ratio) and ratio > 0):
        raise ValueError(f"likelihood ratio must be a positive finite number, got {ratio!r}")
    odds = p / (1 - p) * ratio
    post = odds / (1 + odds)
    return min(max(post, math.nextafter(0.0, 1.0)), math.nextafter(1.0, 0.0))


def post_test_probability(pretest: float, test: str, positive: bool,
                          source: str | None = None) -> float:
    """Probability of the target condition after a positive or negative result of ``test``.

    >>> round(post_test_probability(0.5, "SLR", positive=False), 3)
    0.222
    """
    p = _check_probability(pretest)
    if not isinstance(positive, bool):
        raise ValueError(f"positive must be True or False, got {positive!r}")
    info = _resolve(test)
    lr_pos, lr_neg = likelihood_ratios(info["id"], source)
    if positive:
        return apply_likelihood_ratio(p, lr_pos)
    if lr_neg is None:
        raise ValueError(f"the source for {info['id']!r} reports only a positive likelihood "
                         "ratio, so a negative result cannot be interpreted with it")
    return apply_likelihood_ratio(p, lr_neg)


def _interval_obj(raw: Mapping[str, Any] | None) -> Interval | None:
    if raw is None:
        return None
    ci = raw["ci"]
    return Interval(raw["value"], ci[0] if ci else None, ci[1] if ci else None)


def exam_tests() -> tuple[ExamTest, ...]:
    """All examination tests and history items, typed, in the order of the data file."""
    result = []
    for t in _table()["tests"]:
        estimates = tuple(Estimate(
            e["label"], e["population"], e["reference_standard"], e["design"],
            _interval_obj(e["sensitivity"]), _interval_obj(e["specificity"]),
            e["lr_positive"], e["lr_negative"],
            tuple(e["lr_positive_ci"]) if e["lr_positive_ci"] else None,
            tuple(e["lr_negative_ci"]) if e["lr_negative_ci"] else None,
            e["note"], tuple(e["sources"])) for e in t["estimates"])
        result.append(ExamTest(t["id"], t["name"], tuple(t["aliases"]), t["tests_for"], t["how"],
                               t["positive_when"], t["target_condition"], estimates,
                               t["accuracy_note"], tuple(t["sources"])))
    return tuple(result)


def exam_test(test: str) -> ExamTest:
    """One test by name or alias (any case)."""
    wanted = _resolve(test)["id"]
    return next(t for t in exam_tests() if t.id == wanted)

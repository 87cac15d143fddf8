"""Risk factors (data/risk_factors.yaml): every entry cited and valid, bad data named clearly."""

from __future__ import annotations

import copy

import pytest

from legpain import risk_factor, risk_factors
from legpain.knowledge import risk_factors as rf
from legpain.knowledge.loading import DataError, bibliography, load_yaml


def test_every_factor_has_a_finding_and_defined_sources():
    known = set(bibliography())
    for factor in risk_factors():
        assert factor.finding and factor.factor, factor.id
        assert factor.sources and set(factor.sources) <= known, factor.id


def test_every_estimate_is_a_valid_interval_from_its_factors_sources():
    estimates = [(f, e) for f in risk_factors() for e in f.estimates]
    assert len(estimates) >= 8
    for factor, e in estimates:
        assert 0 < e.low <= e.estimate <= e.high, (factor.id, e)
        assert e.source in factor.sources, (factor.id, e.source)
        assert e.measure in rf.MEASURES
        assert e.outcome and e.comparison


def test_the_factors_the_chapter_teaches_are_there():
    ids = {f.id for f in risk_factors()}
    assert {"age", "smoking", "excess_weight", "whole_body_vibration", "sitting"} <= ids
    assert risk_factor("Smoking").estimates[0].text == "OR 1.46 (95% CI 1.30 to 1.64)"
    with pytest.raises(ValueError, match="valid: age"):
        risk_factor("coffee")


def _raw():
    return copy.deepcopy(load_yaml(rf.FILE))


def test_an_uncited_or_unknown_source_is_named():
    keys = set(bibliography())
    data = _raw()
    data["factors"][1]["sources"] = ["nobody2099"]
    with pytest.raises(DataError, match="smoking.*nobody2099"):
        rf.parse(data, keys)
    data = _raw()
    data["factors"][1]["estimates"][0]["source"] = "hartvigsen2018lancet"
    with pytest.raises(DataError, match="not one of the factor's sources"):
        rf.parse(data, keys)


def test_an_estimate_outside_its_interval_is_rejected():
    data = _raw()
    data["factors"][1]["estimates"][0]["estimate"] = 2.5
    with pytest.raises(DataError, match="smoking estimate 1"):
        rf.parse(data, set(bibliography()))

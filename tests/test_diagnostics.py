"""Examination-test accuracy: verified figures, hand-calculated post-test probabilities,
bad inputs, and the properties Bayes' theorem guarantees."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings, strategies as st

from legpain.knowledge.loading import bibliography
from legpain.reasoning.diagnostics import (
    ExamTest,
    apply_likelihood_ratio,
    exam_test,
    exam_tests,
    likelihood_ratios,
    post_test_probability,
    tests_table,
)


def by_hand(pretest: float, ratio: float) -> float:
    odds = pretest / (1 - pretest) * ratio
    return odds / (1 + odds)


# -------------------------------------------------------------- the figures that were verified


def test_slr_default_is_the_cochrane_pooled_estimate_in_surgical_populations():
    slr = exam_test("SLR")
    cochrane = slr.estimates[0]
    assert "vanderwindt2010physical" in cochrane.sources
    assert (cochrane.sensitivity.value, cochrane.sensitivity.low, cochrane.sensitivity.high) == (
        0.92, 0.87, 0.95)
    assert (cochrane.specificity.value, cochrane.specificity.low, cochrane.specificity.high) == (
        0.28, 0.18, 0.40)
    assert "surgical" in cochrane.population


def test_crossed_slr_is_specific_but_insensitive_in_both_meta_analyses():
    cochrane, deville = exam_test("crossed SLR").estimates
    assert (cochrane.sensitivity.value, cochrane.specificity.value) == (0.28, 0.90)
    assert (deville.sensitivity.value, deville.specificity.value) == (0.29, 0.88)
    for estimate in (cochrane, deville):
        assert estimate.specificity.value > 0.85 > 0.35 > estimate.sensitivity.value


def test_sources_that_disagree_are_both_stored():
    estimates = exam_test("straight leg raise").estimates
    assert {key for e in estimates for key in e.sources} >= {"vanderwindt2010physical",
                                                              "deville2000lasegue"}


def test_every_estimate_is_sourced_and_every_interval_contains_its_value():
    for test in exam_tests():
        assert isinstance(test, ExamTest)
        assert test.sources and all(key in bibliography() for key in test.sources)
        assert test.how and test.tests_for and test.positive_when and test.target_condition
        assert test.estimates or test.accuracy_note
        for estimate in test.estimates:
            assert estimate.population and estimate.reference_standard
            assert all(key in bibliography() for key in estimate.sources)
            for part in (estimate.sensitivity, estimate.specificity):
                if part is not None:
                    assert 0 < part.value < 1
                    if part.low is not None:
                        assert part.low <= part.value <= part.high
            assert estimate.lr_positive > 0


# -------------------------------------------------------------- hand calculations (odds form)


def test_slr_likelihood_ratios_by_hand():
    lr_pos, lr_neg = likelihood_ratios("SLR")
    assert lr_pos == pytest.approx(0.92 / (1 - 0.28))   # 1.278
    assert lr_neg == pytest.approx((1 - 0.92) / 0.28)   # 0.286


def test_negative_slr_at_even_odds_by_hand():
    # odds 1 x LR- 0.2857 = 0.2857 -> 0.2857 / 1.2857 = 0.2222
    assert post_test_probability(0.5, "SLR", positive=False) == pytest.approx(0.2222, abs=1e-4)


def test_positive_slr_barely_moves_the_probability():
    # odds 1 x 1.2778 -> 1.2778 / 2.2778 = 0.561
    assert post_test_probability(0.5, "SLR", positive=True) == pytest.approx(0.5610, abs=1e-4)


def test_positive_crossed_slr_at_30_percent_by_hand():
    # odds 0.3/0.7 = 0.4286 x LR+ 2.8 = 1.2 -> 1.2 / 2.2 = 0.5455
    assert post_test_probability(0.3, "Crossed SLR", positive=True) == pytest.approx(0.5455,
                                                                                     abs=1e-4)


def test_neurogenic_claudication_history_uses_the_reported_ratios():
    # LR+ 3.7: odds 0.4/0.6 x 3.7 = 2.467 -> 0.7115; LR- 0.23: odds 0.1533 -> 0.1329
    assert post_test_probability(0.4, "neurogenic claudication", True) == pytest.approx(
        0.7115, abs=1e-4)
    assert post_test_probability(0.4, "neurogenic claudication", False) == pytest.approx(
        0.1329, abs=1e-4)


def test_a_named_source_selects_its_estimate():
    lr_pos, _ = likelihood_ratios("lasègue", source="deville2000lasegue")
    assert lr_pos == pytest.approx(0.91 / (1 - 0.26))
    assert post_test_probability(0.2, "SLR", True, source="deville2000lasegue") == \
        pytest.approx(by_hand(0.2, 0.91 / 0.74))


# -------------------------------------------------------------- names and bad inputs


@pytest.mark.parametrize("name", ["SLR", "slr", "Straight Leg Raise", "Lasegue", "LASÈGUE",
                                  "straight-leg raise"])
def test_names_are_case_insensitive_and_aliases_work(name):
    assert exam_test(name).id == "straight leg raise"


def test_unknown_test_names_the_valid_tests():
    with pytest.raises(ValueError) as error:
        post_test_probability(0.5, "Patrick test", True)
    assert "Valid tests:" in str(error.value) and "straight leg raise" in str(error.value)
    with pytest.raises(ValueError, match="Valid tests"):
        likelihood_ratios(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("pretest", [0, 1, 0.0, 1.0, -0.1, 1.5, math.nan, math.inf, True, "0.5",
                                     None])
def test_pretest_must_lie_strictly_between_0_and_1(pretest):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        post_test_probability(pretest, "SLR", True)  # type: ignore[arg-type]


@pytest.mark.parametrize("positive", [1, "yes", None])
def test_result_must_be_true_or_false(positive):
    with pytest.raises(ValueError, match="True or False"):
        post_test_probability(0.5, "SLR", positive)  # type: ignore[arg-type]


def test_a_test_without_verified_figures_says_so_instead_of_inventing_them():
    assert exam_test("FST").estimates == ()
    with pytest.raises(ValueError, match="no verified accuracy figures"):
        post_test_probability(0.5, "femoral stretch test", True)
    with pytest.raises(ValueError, match="no verified accuracy figures"):
        likelihood_ratios("femoral nerve tension test")


def test_a_history_item_with_only_a_positive_ratio_cannot_interpret_a_negative_answer():
    assert likelihood_ratios("no pain when seated") == (7.4, None)
    assert post_test_probability(0.5, "no pain when seated", True) == pytest.approx(7.4 / 8.4)
    with pytest.raises(ValueError, match="only a positive likelihood ratio"):
        post_test_probability(0.5, "no pain when seated", False)


def test_an_unknown_source_lists_the_available_ones():
    with pytest.raises(ValueError, match="available: deville2000lasegue, vanderwindt2010"):
        likelihood_ratios("SLR", source="nobody2099")


@pytest.mark.parametrize("ratio", [0, -1, math.inf, math.nan, True])
def test_likelihood_ratio_must_be_positive_and_finite(ratio):
    with pytest.raises(ValueError, match="likelihood ratio"):
        apply_likelihood_ratio(0.5, ratio)


def test_table_is_json_ready_with_computed_ratios_and_aliases():
    table = tests_table()
    assert json.loads(json.dumps(table)) == table
    assert table["aliases"]["slr"] == "straight leg raise"
    slr = next(t for t in table["tests"] if t["id"] == "straight leg raise")
    assert slr["estimates"][0]["lr_positive"] == pytest.approx(0.92 / 0.72)


# -------------------------------------------------------------- properties of Bayes' theorem

USABLE = [t.id for t in exam_tests() if t.estimates]
PROB = st.floats(min_value=0, max_value=1, exclude_min=True, exclude_max=True,
                 allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(PROB, st.sampled_from(USABLE), st.booleans())
def test_output_is_a_probability_strictly_between_0_and_1(pretest, test, positive):
    if not positive and likelihood_ratios(test)[1] is None:
        return
    post = post_test_probability(pretest, test, positive)
    assert 0 < post < 1


@settings(max_examples=300, deadline=None)
@given(PROB, st.sampled_from(USABLE))
def test_a_positive_result_never_lowers_the_probability_when_lr_above_1(pretest, test):
    lr_pos, lr_neg = likelihood_ratios(test)
    assert lr_pos > 1
    assert post_test_probability(pretest, test, True) >= pretest
    if lr_neg is not None:
        assert lr_neg < 1
        assert post_test_probability(pretest, test, False) <= pretest


@settings(max_examples=300, deadline=None)
@given(PROB, PROB, st.sampled_from(USABLE))
def test_post_test_probability_is_monotone_in_the_pretest(p1, p2, test):
    low, high = sorted((p1, p2))
    assert post_test_probability(low, test, True) <= post_test_probability(high, test, True)


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=1e-6, max_value=1 - 1e-6), st.sampled_from(USABLE))
def test_matches_the_odds_form_by_hand(pretest, test):
    lr_pos, _ = likelihood_ratios(test)
    assert post_test_probability(pretest, test, True) == pytest.approx(by_hand(pretest, lr_pos),
                                                                       rel=1e-9)


# -------------------------------------------------------------- broken data files


@pytest.fixture()
def tests_data(monkeypatch):
    import copy

    import legpain.knowledge.loading as data
    import legpain.reasoning.diagnostics as module

    original = data.load_yaml
    edited = copy.deepcopy(original("exam_tests.yaml"))

    def fake(name):
        return edited if name == "exam_tests.yaml" else original(name)

    monkeypatch.setattr(data, "load_yaml", fake)
    module._table.cache_clear()
    yield edited
    module._table.cache_clear()


def test_sensitivity_without_specificity_is_rejected(tests_data):
    from legpain.knowledge.loading import DataError

    tests_data["tests"][0]["estimates"][0].pop("specificity")
    with pytest.raises(DataError, match="both sensitivity and specificity"):
        tests_table()


def test_a_confidence_interval_that_misses_its_value_is_rejected(tests_data):
    from legpain.knowledge.loading import DataError

    tests_data["tests"][0]["estimates"][0]["sensitivity"]["ci"] = [0.5, 0.6]
    with pytest.raises(DataError, match="ci must be"):
        tests_table()


def test_a_perfect_specificity_is_rejected_because_it_gives_an_infinite_ratio(tests_data):
    from legpain.knowledge.loading import DataError

    tests_data["tests"][0]["estimates"][0]["specificity"] = {"value": 1.0}
    with pytest.raises(DataError, match="strictly between"):
        tests_table()


def test_a_test_without_figures_must_say_why(tests_data):
    from legpain.knowledge.loading import DataError

    femoral = next(t for t in tests_data["tests"] if t["id"] == "femoral stretch test")
    femoral.pop("accuracy_note")
    with pytest.raises(DataError, match="needs an accuracy_note"):
        tests_table()


def test_an_alias_shared_by_two_tests_is_rejected(tests_data):
    from legpain.knowledge.loading import DataError

    tests_data["tests"][1]["aliases"].append("SLR")
    with pytest.raises(DataError, match="used by two tests"):
        tests_table()

"""The test-accuracy widget's Python side: its data, hand calculations and validation."""

from __future__ import annotations

import json

import pytest
import traitlets

from legpain import exam_test, post_test_probability
from legpain.widgets.test_accuracy import TestAccuracy, accuracy_table


def test_every_estimate_key_selects_exactly_that_estimate():
    for test in accuracy_table()["tests"]:
        for estimate in test["estimates"]:
            lr_pos, _ = (estimate["lr_positive"], estimate["lr_negative"])
            # post_test_probability with this key must use this estimate's LR+
            expected = lr_pos / (1 + lr_pos)  # pre-test 0.5: odds 1
            assert post_test_probability(0.5, test["id"], True, source=estimate["key"]) == \
                pytest.approx(expected)


def test_tests_without_figures_are_listed_in_words_not_computed():
    table = accuracy_table()
    assert "femoral stretch test" not in [t["id"] for t in table["tests"]]
    words = {w["name"]: w for w in table["words_only"]}
    assert any("Femoral stretch" in name for name in words)
    json.dumps(table)  # the front end receives it as JSON


def test_hand_calculation_slr_negative():
    # Cochrane pooled SLR: sensitivity 0.92, specificity 0.28 -> LR- = 0.08 / 0.28 = 0.2857.
    # Pre-test 50%: odds 1 -> post-test odds 0.2857 -> probability 0.2857 / 1.2857 = 0.2222.
    widget = TestAccuracy(pretest=0.5, test="SLR", result="negative")
    assert widget.posttest == pytest.approx(0.2222, abs=1e-4)


def test_hand_calculation_crossed_slr_positive():
    # Crossed SLR: sensitivity 0.28, specificity 0.90 -> LR+ = 0.28 / 0.10 = 2.8.
    # Pre-test 30%: odds 0.3 / 0.7 = 0.4286; x 2.8 = 1.2; probability 1.2 / 2.2 = 0.5455.
    widget = TestAccuracy(pretest=0.3, test="crossed SLR", result="positive")
    assert widget.posttest == pytest.approx(0.5455, abs=1e-4)


def test_hand_calculation_no_pain_seated():
    # No pain when seated: LR+ 7.4 (Suri 2010). Pre-test 20%: odds 0.25; x 7.4 = 1.85;
    # probability 1.85 / 2.85 = 0.6491.
    widget = TestAccuracy(pretest=0.2, test="no pain when seated")
    assert widget.posttest == pytest.approx(0.6491, abs=1e-4)
    assert exam_test("no pain when seated").estimates[0].lr_positive == 7.4


def test_changing_the_test_resets_a_source_it_does_not_have():
    widget = TestAccuracy(test="SLR", source="deville2000lasegue")
    assert widget.source == "deville2000lasegue"
    widget.test = "slump test"
    assert widget.source == "majlesi2008slump"
    widget.source = "nobody2020"  # junk from a front end falls back to the default
    assert widget.source == "majlesi2008slump"


def test_a_negative_result_needs_a_negative_likelihood_ratio():
    widget = TestAccuracy(test="SLR", result="negative")
    widget.test = "wide-based gait"  # its source reports only LR+
    assert widget.result == "positive"


@pytest.mark.parametrize("kwargs, error, message", [
    ({"test": "Lasegue's cousin"}, ValueError, "Valid tests"),
    ({"test": "femoral stretch test"}, ValueError, "no verified accuracy figures"),
    ({"pretest": 0.0}, traitlets.TraitError, "strictly between 0 and 1"),
    ({"pretest": 1.5}, traitlets.TraitError, "strictly between 0 and 1"),
    ({"result": "maybe"}, traitlets.TraitError, "positive"),
])
def test_bad_input_from_python_raises_a_clear_error(kwargs, error, message):
    with pytest.raises(error, match=message):
        TestAccuracy(**kwargs)


def test_aliases_are_accepted_and_become_ids():
    assert TestAccuracy(test="Lasègue").test == "straight leg raise"


def test_repr_has_no_memory_address():
    data, _ = TestAccuracy()._repr_mimebundle_()
    assert data["text/plain"] == "TestAccuracy(…)"

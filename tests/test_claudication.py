"""Vascular versus neurogenic claudication: textbook stories, bad inputs and JS-table parity."""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given, settings, strategies as st

from legpain.knowledge.loading import bibliography
from legpain.knowledge.vocabulary import names
from legpain.reasoning.claudication_rules import (
    ClaudicationResult,
    claudication,
    claudication_features,
    claudication_table,
)

NEUROGENIC_STORY = ["relieved by sitting or flexion", "shopping-cart sign", "tolerates cycling",
                    "normal foot pulses"]
VASCULAR_STORY = ["relieved by standing still", "pain on cycling", "fixed claudication distance",
                  "absent foot pulses", "ABI below 0.9"]


def test_classic_neurogenic_story_is_neurogenic_with_clear_confidence():
    result = claudication(NEUROGENIC_STORY)
    assert isinstance(result, ClaudicationResult)
    assert result.kind == "neurogenic"
    assert result.neurogenic_score > result.vascular_score
    assert result.confidence in ("moderate", "high")
    assert any("sitting" in reason.lower() for reason in result.reasons)
    # pulses were felt, so that check is done; the ABI would still settle PAD
    assert not any("Feel the foot pulses" in check for check in result.bedside_checks)
    assert any("ankle-brachial index" in check for check in result.bedside_checks)


def test_classic_vascular_story_is_vascular_and_established_by_the_abi():
    result = claudication(VASCULAR_STORY)
    assert result.kind == "vascular"
    assert result.vascular_score - result.neurogenic_score == result.margin
    assert result.confidence == "established"
    assert "0.90 or less establishes peripheral artery disease" in result.rule
    assert result.reasons[0].startswith("ABI below 0.9")  # heaviest evidence first
    # without the ABI the same story is still clearly vascular on its scores
    no_abi = claudication([f for f in VASCULAR_STORY if f != "ABI below 0.9"])
    assert no_abi.kind == "vascular" and no_abi.confidence == "high" and no_abi.rule == ""


# ------------------------------------------------------------- the ABI rule (issue 13, item 8)


def test_a_low_abi_with_neurogenic_features_is_pad_with_possible_coexisting_stenosis():
    """Old code answered 'neurogenic' here (4 vs 6 points); an ABI <= 0.90 establishes PAD
    (Gerhard-Herman 2016; Gornik 2024), and the two diseases can coexist."""
    story = ["ABI below 0.9", "relieved by sitting or flexion", "shopping-cart sign",
             "triggered by standing alone"]
    result = claudication(story)
    assert result.neurogenic_score > result.vascular_score  # the scores alone say spine
    assert result.kind == "both"
    assert result.confidence == "established"
    assert "establishes peripheral artery disease" in result.rule
    assert "may coexist" in result.rule
    assert "relieved by sitting or flexion, shopping-cart sign, triggered by standing alone" \
        in result.rule
    assert result.reasons[0].startswith("ABI below 0.9")
    assert {"gerhardherman2016pad", "gornik2024pad"} <= set(result.sources)


def test_a_low_abi_alone_or_with_only_arterial_findings_is_pad_not_both():
    assert claudication(["low ABI"]).kind == "vascular"
    assert claudication(["low ABI"]).confidence == "established"
    # felt foot pulses favour the spine weakly, but they are no sign of stenosis
    result = claudication(["ABI below 0.9", "normal foot pulses"])
    assert result.kind == "vascular" and "may coexist" not in result.rule


@pytest.mark.parametrize("feature", ["buttock or thigh pain", "tingling or numbness",
                                     "worse walking downhill", "tolerates cycling"])
def test_each_neurogenic_symptom_with_a_low_abi_raises_coexisting_stenosis(feature):
    result = claudication(["ABI below 0.9", feature])
    assert result.kind == "both" and feature in result.rule


# ---------------------------------------------------- symptom site and quality (issue 13, item 8)


def test_calf_pain_relieved_by_standing_still_is_the_vascular_combination():
    result = claudication(["calf pain", "relieved by standing still"])
    assert result.kind == "vascular" and result.confidence == "moderate"
    assert any("likelihood ratio 20" in reason for reason in result.reasons)
    assert any(reason.startswith("Calf pain (vascular +1)") for reason in result.reasons)


def test_pain_above_the_knee_completes_the_neurogenic_combination():
    story = ["pain above the knee", "shopping cart sign", "pain on standing", "relieved by sitting"]
    result = claudication(story)
    assert "buttock or thigh pain" in result.features
    assert result.kind == "neurogenic" and result.confidence == "high"
    assert any("likelihood ratio 13" in reason for reason in result.reasons)


def test_site_alone_is_weak_evidence():
    assert claudication(["calf pain"]).confidence == "low"
    assert claudication(["buttock pain"]).kind == "neurogenic"
    assert claudication(["thigh pain"]).confidence == "low"


@pytest.mark.parametrize(("words", "side"), [(["cramp"], "vascular"),
                                              (["pins and needles"], "neurogenic"),
                                              (["numbness"], "neurogenic")])
def test_symptom_quality_is_shown_as_classic_teaching_but_not_scored(words, side):
    result = claudication(words)
    assert result.kind == "uncertain" and result.margin == 0
    assert f"classically {side}, not scored" in result.reasons[0]


def test_site_and_quality_cite_what_their_sources_report():
    table = {f["id"]: f for f in claudication_table()["features"]}
    assert table["calf pain"]["sources"] == ["nadeau2013claudication"]
    assert table["buttock or thigh pain"]["sources"] == ["nadeau2013claudication"]
    assert "gornik2024pad" in table["cramping pain"]["sources"]
    assert "ammendolia2014imposters" in table["tingling or numbness"]["sources"]


def test_everyday_aliases_are_accepted():
    result = claudication(["relieved by sitting", "leaning on a trolley", "can cycle"])
    assert result.kind == "neurogenic"


def test_an_abi_below_0_9_alone_points_to_the_arteries():
    assert claudication(["low ABI"]).kind == "vascular"


def test_nothing_ticked_is_uncertain_and_lists_every_bedside_check():
    result = claudication([])
    assert result.kind == "uncertain"
    assert result.margin == 0 and result.confidence == "none"
    assert result.reasons == ()
    assert len(result.bedside_checks) == len(claudication_table()["bedside_checks"])


def test_balanced_evidence_is_uncertain_not_a_coin_toss():
    result = claudication(["relieved by sitting or flexion", "relieved by standing still"])
    assert result.kind == "uncertain"
    assert result.vascular_score == result.neurogenic_score == 2


def test_unscored_classic_features_are_shown_but_do_not_move_the_answer():
    result = claudication(["worse walking downhill"])
    assert result.kind == "uncertain"
    assert "not scored" in result.reasons[0]


def test_result_carries_the_teaching_weights_caveat_and_real_sources():
    result = claudication(NEUROGENIC_STORY)
    assert "not a validated score" in result.note
    assert result.sources and all(key in bibliography() for key in result.sources)


@pytest.mark.parametrize("pair", [["absent foot pulses", "normal foot pulses"],
                                  ["tolerates cycling", "pain on cycling"]])
def test_contradictory_findings_are_rejected(pair):
    with pytest.raises(ValueError, match="cannot both be present"):
        claudication(pair)


def test_unknown_feature_names_the_valid_choices():
    with pytest.raises(ValueError) as error:
        claudication(["relieved by sittin"])
    assert "did you mean 'relieved by sitting or flexion'" in str(error.value)
    assert "Valid claudication features" in str(error.value)


@pytest.mark.parametrize("bad", [None, 7])
def test_non_list_inputs_are_rejected(bad):
    with pytest.raises(ValueError, match="claudication"):
        claudication(bad)


def test_every_vocabulary_feature_has_a_weight_reason_and_source():
    table = claudication_table()
    ids = [f["id"] for f in table["features"]]
    assert sorted(ids) == sorted(names("claudication feature")) and len(set(ids)) == len(ids)
    assert claudication_features() == names("claudication feature")
    for feature in table["features"]:
        assert feature["favours"] in ("vascular", "neurogenic")
        assert isinstance(feature["weight"], int) and feature["weight"] >= 0
        assert feature["reason"] and all(k in bibliography() for k in feature["sources"])


def test_table_is_json_ready_and_a_copy():
    table = claudication_table()
    assert json.loads(json.dumps(table)) == table
    table["features"].clear()
    assert claudication(["ABI below 0.9"]).kind == "vascular"


def _js_like(table: dict, features: list[str]) -> tuple[str, int, str, list[str]]:
    """The algorithm documented in claudication.yaml, written independently for parity."""
    present = {table["aliases"][f.lower()] for f in features}
    score = {"vascular": 0, "neurogenic": 0}
    for feature in table["features"]:
        if feature["id"] in present:
            score[feature["favours"]] += feature["weight"]
    margin = abs(score["vascular"] - score["neurogenic"])
    kind = ("uncertain" if margin == 0 else
            max(score, key=score.get))  # type: ignore[arg-type]
    label = next(b["label"] for b in table["confidence"] if margin >= b["min_margin"])
    rule = table["abi_rule"]
    if rule["feature"] in present:
        kind = "both" if present & set(rule["coexisting"]) else "vascular"
        label = "established"
    checks = [c["text"] for c in table["bedside_checks"]
              if not any(name in present for name in c["settled_by"])]
    return kind, margin, label, checks


CONTRADICTIONS = [set(pair) for pair in claudication_table()["contradictions"]]


@settings(max_examples=200, deadline=None)
@given(st.sets(st.sampled_from(names("claudication feature")), max_size=7))
def test_python_result_equals_the_table_algorithm(features):
    assume(not any(pair <= features for pair in CONTRADICTIONS))
    table = json.loads(json.dumps(claudication_table()))
    kind, margin, label, checks = _js_like(table, sorted(features))
    result = claudication(sorted(features))
    assert (result.kind, result.margin, result.confidence) == (kind, margin, label)
    assert list(result.bedside_checks) == checks
    assert len(result.reasons) == len(features)


@settings(max_examples=200, deadline=None)
@given(st.sets(st.sampled_from(names("claudication feature")), max_size=7))
def test_a_low_abi_always_establishes_pad_whatever_else_is_ticked(features):
    assume(not any(pair <= features for pair in CONTRADICTIONS))
    result = claudication(sorted(features | {"ABI below 0.9"}))
    assert result.kind in ("vascular", "both") and result.confidence == "established"
    assert "establishes peripheral artery disease" in result.rule


@settings(max_examples=200, deadline=None)
@given(st.sets(st.sampled_from(names("claudication feature")), max_size=7))
def test_adding_an_absent_pulse_never_makes_vascular_less_likely(features):
    assume(not any(pair <= features for pair in CONTRADICTIONS))
    assume("normal foot pulses" not in features)
    before = claudication(sorted(features))
    after = claudication(sorted(features | {"absent foot pulses"}))
    assert (after.vascular_score - after.neurogenic_score
            >= before.vascular_score - before.neurogenic_score)


# ------------------------------------------------------------------------- broken data files


@pytest.fixture()
def claudication_data(monkeypatch):
    import copy

    import legpain.knowledge.loading as data
    import legpain.reasoning.claudication_rules as module

    original = data.load_yaml
    edited = copy.deepcopy(original("claudication.yaml"))

    def fake(name):
        return edited if name == "claudication.yaml" else original(name)

    monkeypatch.setattr(data, "load_yaml", fake)
    monkeypatch.setattr(module, "load_yaml", fake)
    module._table.cache_clear()
    yield edited
    module._table.cache_clear()


def test_a_feature_missing_from_the_data_is_reported(claudication_data):
    from legpain.knowledge.loading import DataError

    claudication_data["features"].pop()
    with pytest.raises(DataError, match="every vocabulary feature needs an entry"):
        claudication_table()


def test_a_fractional_weight_is_rejected(claudication_data):
    from legpain.knowledge.loading import DataError

    claudication_data["features"][0]["weight"] = 1.5
    with pytest.raises(DataError, match="whole numbers"):
        claudication_table()


def test_a_contradiction_that_is_not_a_pair_of_features_is_rejected(claudication_data):
    from legpain.knowledge.loading import DataError

    claudication_data["contradictions"].append(["absent foot pulses", "purple toes"])
    with pytest.raises(DataError, match="pair of feature names"):
        claudication_table()


def test_the_abi_rule_may_only_list_neurogenic_features_as_coexisting(claudication_data):
    from legpain.knowledge.loading import DataError

    claudication_data["abi_rule"]["coexisting"].append("calf pain")
    with pytest.raises(DataError, match="coexisting"):
        claudication_table()


def test_confidence_bands_must_end_at_zero(claudication_data):
    from legpain.knowledge.loading import DataError

    claudication_data["confidence"].pop()
    with pytest.raises(DataError, match="confidence bands"):
        claudication_table()

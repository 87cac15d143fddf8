"""ClaudicationComparer in Python: traits, validation, contradictions and the shipped data."""

from __future__ import annotations

import json

import pytest
import traitlets

from legpain import claudication, claudication_table
from legpain.knowledge.vocabulary import names
from legpain.widgets.claudication import (
    ClaudicationComparer,
    claudication_data,
    claudication_result,
)

NEUROGENIC_STORY = ["relieved by sitting or flexion", "shopping-cart sign", "normal foot pulses"]
VASCULAR_STORY = ["relieved by standing still", "absent foot pulses", "ABI below 0.9"]


def test_starts_undecided_with_every_bedside_check_listed():
    widget = ClaudicationComparer()
    assert widget.features == []
    assert widget.result["kind"] == "uncertain"
    assert len(widget.result["bedside_checks"]) == len(claudication_table()["bedside_checks"])


def test_classic_spinal_story_is_neurogenic_with_reasons():
    widget = ClaudicationComparer(features=["relieved by sitting", "shopping cart sign",
                                            "foot pulses present"])
    assert widget.features == NEUROGENIC_STORY
    assert widget.result["kind"] == "neurogenic"
    assert widget.result["reasons"][0].startswith("Relieved by sitting or flexion (neurogenic +2)")
    assert widget.result == claudication_result(NEUROGENIC_STORY)


def test_classic_arterial_story_is_vascular_established_by_the_abi_with_fewer_checks():
    widget = ClaudicationComparer(features=VASCULAR_STORY)
    expected = claudication(VASCULAR_STORY)
    assert widget.result["kind"] == "vascular" and widget.result["confidence"] == "established"
    assert widget.result["rule"] == expected.rule != ""
    assert widget.result["bedside_checks"] == list(expected.bedside_checks)
    assert not any("ankle-brachial" in check for check in widget.result["bedside_checks"])


def test_a_low_abi_with_a_spinal_story_reads_both_in_the_widget():
    widget = ClaudicationComparer(features=NEUROGENIC_STORY)
    assert widget.result["kind"] == "neurogenic"
    widget.features = [*NEUROGENIC_STORY, "low ABI"]
    assert widget.result["kind"] == "both"
    assert "may coexist" in widget.result["rule"]
    assert "coexisting spinal stenosis" in claudication_data()["texts"]["both"]


def test_site_and_quality_features_are_offered_with_descriptions():
    offered = {f["name"]: f for f in claudication_data()["features"]}
    for name, side in [("calf pain", "vascular"), ("buttock or thigh pain", "neurogenic"),
                       ("cramping pain", "vascular"), ("tingling or numbness", "neurogenic")]:
        assert offered[name]["favours"] == side and offered[name]["description"]
    widget = ClaudicationComparer(features=["pain above the knee", "pins and needles"])
    assert widget.features == ["buttock or thigh pain", "tingling or numbness"]


def test_contradictory_pair_raises_the_same_error_as_python_and_keeps_the_old_answer():
    widget = ClaudicationComparer(features=VASCULAR_STORY)
    pair = ["absent foot pulses", "normal foot pulses"]
    with pytest.raises(ValueError) as from_python:
        claudication(pair)
    with pytest.raises(ValueError) as from_widget:
        widget.features = pair
    assert str(from_widget.value) == str(from_python.value)
    assert "cannot both be present" in str(from_widget.value)
    assert widget.features == VASCULAR_STORY and widget.result["kind"] == "vascular"


def test_unknown_feature_names_the_valid_ones():
    with pytest.raises(ValueError, match="Valid claudication features"):
        ClaudicationComparer(features=["worse on a Tuesday"])


@pytest.mark.parametrize("bad", [None, 3, {"bruit": 1}])
def test_malformed_features_are_rejected(bad):
    with pytest.raises(ValueError):
        ClaudicationComparer(features=bad)


def test_result_and_data_are_read_only_and_unknown_settings_refused():
    widget = ClaudicationComparer()
    with pytest.raises(traitlets.TraitError):
        widget.result = {}
    with pytest.raises(traitlets.TraitError):
        widget.data = {}
    with pytest.raises(TypeError, match="valid: features"):
        ClaudicationComparer(kind="vascular")


def test_bad_state_from_the_browser_is_cleaned_or_ignored():
    widget = ClaudicationComparer(features=["femoral bruit"])
    widget.set_state({"features": ["pain on cycling", "nonsense", None]})
    assert widget.features == ["pain on cycling"]
    widget.set_state({"features": ["tolerates cycling", "pain on cycling"]})  # contradiction
    assert widget.features == ["pain on cycling"] and widget.result["kind"] == "vascular"
    widget.set_state({"features": "pain on cycling"})  # not a list
    assert widget.features == ["pain on cycling"]
    widget.clear()
    assert widget.result["kind"] == "uncertain"


def test_shipped_data_covers_every_feature_with_description_and_source_labels():
    data = claudication_data()
    json.dumps(data)
    assert sorted(f["name"] for f in data["features"]) == sorted(names("claudication feature"))
    assert all(f["description"] and f["favours"] in ("vascular", "neurogenic")
               for f in data["features"])
    assert data["table"] == claudication_table()
    every_key = {k for f in data["table"]["features"] for k in f["sources"]}
    assert every_key <= set(data["source_labels"])


def test_repr_has_no_memory_address():
    data, _ = ClaudicationComparer()._repr_mimebundle_()
    assert data["text/plain"] == "ClaudicationComparer(…)"

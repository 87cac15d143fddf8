"""RedFlagTriage in Python: traits, validation, the shipped data and the result it reports."""

from __future__ import annotations

import json

import pytest
import traitlets

from legpain import triage, triage_table
from legpain.knowledge.vocabulary import names
from legpain.widgets.triage import RedFlagTriage, triage_data, triage_result


def test_starts_with_no_sign_and_a_routine_answer_that_says_why():
    widget = RedFlagTriage()
    assert widget.signs == []
    assert widget.result["level"] == "routine"
    assert widget.result["is_emergency"] is False
    assert "routine" in widget.result["reasons"][0].lower()


def test_saddle_numbness_alias_is_an_emergency_with_cauda_equina_named():
    widget = RedFlagTriage(signs=["Saddle numbness"])
    assert widget.signs == ["saddle anaesthesia"]
    assert widget.result["level"] == "emergency"
    assert widget.result["label"] == "Emergency"
    assert widget.result["is_emergency"] is True
    assert "cauda equina syndrome" in widget.result["conditions"]
    assert "emergency" in widget.result["action"].lower()


def test_result_follows_the_signs_and_equals_python_triage():
    widget = RedFlagTriage()
    widget.signs = ["fever", "IV drug use"]
    expected = triage(["fever", "injection drug use"])
    assert widget.result["level"] == expected.level == "urgent"
    assert widget.result["reasons"] == list(expected.reasons)
    assert widget.result["sources"] == list(expected.sources)
    widget.clear()
    assert widget.signs == [] and widget.result["level"] == "routine"


def test_unknown_sign_raises_the_vocabulary_error_and_keeps_the_old_signs():
    widget = RedFlagTriage(signs=["fever"])
    with pytest.raises(ValueError, match="did you mean 'saddle anaesthesia'") as error:
        widget.signs = ["sadle anesthesia"]
    assert "Valid red flags" in str(error.value)
    assert widget.signs == ["fever"]
    assert widget.result["level"] == "urgent"


@pytest.mark.parametrize("bad", [None, 5, {"fever": True}])
def test_malformed_signs_are_rejected_with_a_clear_message(bad):
    with pytest.raises(ValueError, match="red.flag"):
        RedFlagTriage(signs=bad)


def test_result_and_data_are_read_only():
    widget = RedFlagTriage()
    with pytest.raises(traitlets.TraitError):
        widget.result = {"level": "routine"}
    with pytest.raises(traitlets.TraitError):
        widget.data = {}


def test_unknown_setting_is_refused():
    with pytest.raises(TypeError, match="valid: signs"):
        RedFlagTriage(level="emergency")


def test_bad_state_from_the_browser_is_cleaned_not_fatal():
    widget = RedFlagTriage(signs=["fever"])
    widget.set_state({"signs": ["night pain", "no such sign", 7]})
    assert widget.signs == ["night pain"]
    assert widget.result["level"] == "routine"
    widget.set_state({"signs": "saddle anaesthesia"})  # not a list: ignored
    assert widget.signs == ["night pain"]
    widget.set_state({"result": {"level": "emergency"}})  # read-only trait: ignored
    assert widget.result["level"] == "routine"


def test_shipped_data_is_json_and_describes_every_red_flag():
    data = triage_data()
    json.dumps(data)
    assert [s["name"] for s in data["signs"]] == list(names("red flag"))
    assert all(s["description"] for s in data["signs"])
    assert data["table"] == triage_table()
    used = {key for rule in data["table"]["rules"] for key in rule["sources"]}
    assert used <= set(data["source_labels"])
    # readable labels ("Finucane et al. 2020"), not raw citation keys
    assert all(label != key and " " in label for key, label in data["source_labels"].items())


def test_emergency_message_text_is_shipped_for_the_front_end():
    texts = triage_data()["texts"]
    assert texts["emergency_banner"].lower() == "seek emergency care now"
    assert "educational" in texts["educational"].lower()
    assert "not medical advice" in texts["educational"].lower()


def test_triage_result_is_plain_json():
    data = triage_result(["major trauma", "age over 50"])
    json.dumps(data)
    assert data["level"] == "emergency" and isinstance(data["reasons"], list)


def test_repr_has_no_memory_address():
    data, _ = RedFlagTriage()._repr_mimebundle_()
    assert data["text/plain"] == "RedFlagTriage(…)"


def test_every_sign_description_the_student_reads_is_complete():
    from legpain.knowledge.loading import load_yaml

    for section in ("red_flags", "claudication_features"):
        for item in load_yaml("vocabulary.yaml")[section]:
            extra = set(item) - {"name", "aliases", "description"}
            assert not extra, f"{item['name']}: description cut at a comma; lost {extra}"


def test_signs_are_shipped_in_groups_that_cover_every_red_flag_once():
    groups = triage_data()["table"]["groups"]
    listed = [sign for group in groups for sign in group["signs"]]
    assert sorted(listed) == sorted(names("red flag")) and len(listed) == len(set(listed))
    by_label = {group["id"]: group["signs"] for group in groups}
    # the new cauda equina signs sit with the others, the new nerve signs together
    assert {"loss of bladder sensation", "urinary incontinence", "loss of rectal sensation",
            "sexual dysfunction", "saddle anaesthesia"} <= set(by_label["cauda-equina"])
    assert {"new radicular pain", "new limb weakness", "new sensory loss",
            "difficulty walking"} <= set(by_label["nerves"])

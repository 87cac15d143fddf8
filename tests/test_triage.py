"""Red-flag triage: textbook cases reach the right level, and the JSON table reproduces triage()."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from legpain.knowledge.loading import bibliography
from legpain.knowledge.vocabulary import names
from legpain.reasoning.triage_rules import (
    LEVELS,
    Triage,
    level_summary,
    level_wording,
    red_flags,
    triage,
    triage_table,
)

CES_SIGNS = ["saddle anaesthesia", "new urinary retention or hesitancy", "faecal incontinence",
             "reduced anal tone", "loss of bladder sensation", "urinary incontinence",
             "loss of rectal sensation", "sexual dysfunction"]
RANK = {level: index for index, level in enumerate(LEVELS)}


@pytest.mark.parametrize("sign", CES_SIGNS)
def test_each_cauda_equina_sign_alone_is_an_emergency(sign):
    result = triage([sign])
    assert result.level == "emergency"
    assert "cauda equina syndrome" in result.conditions
    assert "emergency" in result.action.lower()
    assert any("cauda equina" in reason for reason in result.reasons)


@pytest.mark.parametrize("alias", ["Saddle numbness", "cannot pass urine", "BOWEL INCONTINENCE",
                                   "lax anal tone"])
def test_cauda_equina_signs_are_recognised_by_their_everyday_names(alias):
    assert triage([alias]).level == "emergency"


def test_ruptured_aneurysm_triad_is_an_emergency_for_the_vascular_surgeons():
    result = triage(["pulsatile abdominal mass", "hypotension or collapse"])
    assert result.level == "emergency"
    assert result.conditions[0] == "ruptured abdominal aortic aneurysm"
    assert "aneurysm" in result.reasons[0]


def test_collapse_with_back_pain_is_an_emergency_even_without_a_felt_mass():
    assert triage(["collapse"]).level == "emergency"


def test_pulsatile_mass_with_back_pain_is_a_possible_symptomatic_aneurysm_emergency():
    # Robinson 2013 and BMJ Best Practice: a symptomatic aneurysm needs emergency assessment
    result = triage(["pulsatile abdominal mass"])
    assert result.level == "emergency"
    assert "symptomatic abdominal aortic aneurysm" in result.conditions
    assert "emergency" in result.action.lower()


def test_fever_in_someone_who_injects_drugs_is_urgent_suspected_spinal_infection():
    result = triage(["fever", "IV drug use"])
    assert result.level == "urgent"
    assert result.conditions == ("spinal infection",)
    assert result.rules[0] == "infection-fever-and-risk"
    assert "today" in result.action
    assert "emergency department now" in result.action  # says when to escalate


def test_fever_with_immunosuppression_is_urgent():
    assert triage(["pyrexia", "immunocompromised"]).level == "urgent"


def test_drug_use_alone_is_routine_but_explained():
    result = triage(["injection drug use"])
    assert result.level == "routine"
    assert result.conditions == ()
    assert "infection" in result.reasons[0]


def test_cancer_history_with_weight_loss_is_urgent_suspected_malignancy():
    result = triage(["history of cancer", "unexplained weight loss"])
    assert result.level == "urgent"
    assert result.conditions == ("spinal malignancy",)
    assert "today" in result.action and "few days" not in result.action


def test_cancer_history_with_worsening_weakness_is_metastatic_cord_compression_emergency():
    result = triage(["previous cancer", "worsening weakness"])
    assert result.level == "emergency"
    assert result.conditions[0] == "metastatic spinal cord compression"


def test_major_trauma_is_an_emergency_for_possible_fracture():
    result = triage(["fall from height"])
    assert result.level == "emergency"
    assert "spinal fracture" in result.conditions


def test_steroids_in_an_older_person_is_urgent_possible_osteoporotic_fracture():
    result = triage(["long-term steroids", "age over 50"])
    assert result.level == "urgent"
    assert "osteoporotic vertebral fracture" in result.conditions


def test_bilateral_leg_symptoms_alone_are_treated_as_threatened_cauda_equina_syndrome():
    result = triage(["bilateral sciatica"])
    assert result.level == "emergency"
    assert result.conditions == ("cauda equina syndrome",)
    assert "threatened cauda equina" in result.reasons[0]
    assert "emergency department" in result.action


def test_bilateral_and_progressive_weakness_together_are_an_emergency():
    result = triage(["bilateral leg symptoms", "progressive weakness"])
    assert result.level == "emergency"
    assert "ces-bilateral-progressive" in result.rules


def test_progressive_weakness_alone_is_urgent_same_day():
    result = triage(["progressive weakness"])
    assert result.level == "urgent"
    assert "today" in result.action


def test_night_symptoms_together_are_urgent_but_each_alone_is_routine():
    assert triage(["night pain"]).level == "routine"
    assert triage(["night sweats"]).level == "routine"
    assert triage(["night pain", "night sweats"]).level == "urgent"


def test_age_over_50_alone_is_routine_but_noted():
    result = triage(["over 50"])
    assert result.level == "routine"
    assert result.rules == ("age-over-50-note",)
    assert "50" in result.reasons[0]
    assert result.sources


def test_empty_input_is_routine_and_says_routine_is_not_nothing():
    result = triage([])
    assert isinstance(result, Triage)
    assert result.level == "routine"
    assert result.conditions == () and result.signs == ()
    assert 'does not mean "nothing is wrong"' in result.reasons[0]
    assert "new" in result.reasons[0]
    assert result.sources and all(key in bibliography() for key in result.sources)


def test_emergency_reasons_come_before_notes_and_all_are_kept():
    result = triage(["age over 50", "saddle anaesthesia"])
    assert result.level == "emergency"
    assert result.rules == ("ces-single-sign", "age-over-50-note")
    assert len(result.reasons) == 2


def test_a_bare_string_is_refused_with_a_hint_to_pass_a_list():
    # the vocabulary refuses a bare string (it would otherwise be read letter by letter)
    with pytest.raises(ValueError, match=r"pass a list, e.g. \['saddle anaesthesia'\]"):
        triage("saddle anaesthesia")


def test_duplicates_and_aliases_collapse_to_one_sign():
    assert triage(["fever", "pyrexia", "FEVER"]).signs == ("fever",)


def test_unknown_sign_names_the_valid_choices_and_suggests_a_fix():
    with pytest.raises(ValueError) as error:
        triage(["sadle anesthesia"])
    message = str(error.value)
    assert "did you mean 'saddle anaesthesia'" in message
    assert "Valid red flags" in message and "pulsatile abdominal mass" in message


@pytest.mark.parametrize("bad", [None, 42, ["fever", 3]])
def test_non_list_inputs_are_rejected_with_a_clear_message(bad):
    with pytest.raises(ValueError, match="red flag"):
        triage(bad)


@pytest.mark.parametrize("sign", names("red flag"))
def test_every_red_flag_alone_gives_a_level_and_a_reason(sign):
    result = triage([sign])
    assert result.level in LEVELS
    assert result.reasons and result.rules
    assert result.sources and all(key in bibliography() for key in result.sources)


def test_red_flags_lists_the_vocabulary():
    assert red_flags() == names("red flag")


def test_every_level_is_reached_by_some_textbook_case():
    reached = {triage(case).level for case in
               (["saddle anaesthesia"], ["history of cancer"], ["age over 50"], [])}
    assert reached == set(LEVELS)


# ------------------------------------------------------------------------- the JSON table


def test_table_is_json_serialisable_and_round_trips():
    table = triage_table()
    assert json.loads(json.dumps(table)) == table
    assert [level["id"] for level in table["levels"]] == list(LEVELS)
    assert table["signs"] == list(names("red flag"))


def test_table_is_a_copy_so_a_caller_cannot_corrupt_triage():
    table = triage_table()
    table["rules"].clear()
    assert triage(["saddle anaesthesia"]).level == "emergency"


def test_every_rule_cites_defined_keys_and_uses_vocabulary_names():
    valid = set(names("red flag"))
    for rule in triage_table()["rules"]:
        assert rule["sources"] and all(key in bibliography() for key in rule["sources"])
        listed = rule["all_of"] + rule["any_of"] + (rule["at_least"] or {"of": []})["of"]
        assert listed and set(listed) <= valid
        assert (rule["action"] is None) == (rule["level"] == "routine")
        assert rule["description"] and rule["description"][0].isupper()  # the book's table


def _js_like_triage(table: dict, signs: list[str]) -> dict:
    """The algorithm documented in red_flags.yaml, written independently, as the widget's JS
    would run it on the JSON table (aliases resolved through table['aliases'])."""
    present = {table["aliases"][" ".join(s.lower().replace("_", " ").split())] for s in signs}
    if not present:
        return {"level": "routine", "reasons": [table["empty"]["reason"]]}
    order = {level["id"]: index for index, level in enumerate(table["levels"])}
    hits = []
    for rule in table["rules"]:
        ok = all(s in present for s in rule["all_of"])
        ok = ok and (not rule["any_of"] or any(s in present for s in rule["any_of"]))
        if rule["at_least"]:
            ok = ok and sum(s in present for s in rule["at_least"]["of"]) >= rule["at_least"]["n"]
        if ok:
            hits.append(rule)
    best = min((order[r["level"]] for r in hits), default=order["routine"])
    level = table["levels"][best]["id"]
    ordered = sorted(hits, key=lambda r: order[r["level"]])
    reasons = list(dict.fromkeys(r["reason"] for r in ordered))
    return {"level": level, "reasons": reasons}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(names("red flag")), max_size=6))
def test_python_triage_equals_the_table_algorithm(signs):
    expected = _js_like_triage(json.loads(json.dumps(triage_table())), signs)
    result = triage(signs)
    assert result.level == expected["level"]
    assert list(result.reasons) == expected["reasons"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(names("red flag")), max_size=5),
       st.sampled_from(names("red flag")))
def test_adding_a_sign_never_makes_triage_less_urgent(signs, extra):
    assert RANK[triage(signs + [extra]).level] <= RANK[triage(signs).level]


# ------------------------------------------------------------------------- broken data files


@pytest.fixture()
def red_flags_data(monkeypatch):
    """Swap in an edited copy of red_flags.yaml; returns the copy to edit, then a loader."""
    import copy

    import legpain.knowledge.loading as data
    import legpain.reasoning.triage_rules as module

    original = data.load_yaml
    edited = copy.deepcopy(original("red_flags.yaml"))

    def fake(name):
        return edited if name == "red_flags.yaml" else original(name)

    monkeypatch.setattr(data, "load_yaml", fake)
    monkeypatch.setattr(module, "load_yaml", fake)
    module._table.cache_clear()
    yield edited
    module._table.cache_clear()


def _load():
    import legpain.reasoning.triage_rules as module

    return module.triage_table()


def test_a_rule_with_its_own_action_is_rejected(red_flags_data):
    from legpain.knowledge.loading import DataError

    red_flags_data["rules"][0]["action"] = "See a doctor within a few days."
    with pytest.raises(DataError, match="its level's wording"):
        _load()


def test_a_routine_note_with_advice_is_rejected(red_flags_data):
    from legpain.knowledge.loading import DataError

    note = next(r for r in red_flags_data["rules"] if r["level"] == "routine")
    note["advice"] = "Wait and see."
    with pytest.raises(DataError, match="routine notes have no advice"):
        _load()


def test_a_misspelt_sign_in_the_data_names_file_rule_and_field(red_flags_data):
    from legpain.knowledge.loading import DataError

    red_flags_data["rules"][0]["any_of"] = ["saddle anesthesia"]
    with pytest.raises(DataError, match=r"red_flags.yaml, entry 'ces-single-sign', field 'any_of'"):
        _load()


def test_a_rule_without_any_clause_is_rejected(red_flags_data):
    from legpain.knowledge.loading import DataError

    rule = red_flags_data["rules"][0]
    rule.pop("any_of")
    with pytest.raises(DataError, match="needs at least one of all_of, any_of, at_least"):
        _load()


def test_an_undefined_citation_key_is_rejected(red_flags_data):
    from legpain.knowledge.loading import DataError

    red_flags_data["rules"][0]["sources"] = ["nobody2099"]
    with pytest.raises(DataError, match="citation key 'nobody2099'"):
        _load()


def test_levels_out_of_order_are_rejected(red_flags_data):
    from legpain.knowledge.loading import DataError

    red_flags_data["levels"].reverse()
    with pytest.raises(DataError, match="levels must be listed in the order"):
        _load()


def test_at_least_larger_than_its_list_is_rejected(red_flags_data):
    from legpain.knowledge.loading import DataError

    cluster = next(r for r in red_flags_data["rules"] if "at_least" in r)
    cluster["at_least"]["n"] = 9
    with pytest.raises(DataError, match="outside"):
        _load()


# ------------------------------------------------------------------------- one wording per level


def test_level_wording_is_now_today_usual_care_and_comes_from_the_data():
    wording = level_wording()
    assert list(wording) == list(LEVELS)
    assert wording["emergency"]["timing"] == "now" and "now" in wording["emergency"]["action"]
    assert wording["urgent"]["timing"] == "today" and "today" in wording["urgent"]["action"]
    assert wording["routine"]["timing"] == "usual care"
    assert {level["id"]: level["action"] for level in triage_table()["levels"]} == {
        key: value["action"] for key, value in wording.items()}
    assert level_summary("urgent").startswith("Urgent (today): See a doctor today")
    with pytest.raises(ValueError, match="valid: emergency, urgent, routine"):
        level_summary("soon")


def test_every_rule_action_starts_with_its_level_wording_and_no_rule_says_a_few_days():
    wording = level_wording()
    for rule in triage_table()["rules"]:
        text = " ".join(filter(None, [rule["reason"], rule["action"], rule["advice"]])).lower()
        assert "few days" not in text and "tomorrow" not in text, rule["id"]
        if rule["level"] != "routine":
            assert rule["action"].startswith(wording[rule["level"]]["action"]), rule["id"]


def test_groups_that_miss_a_red_flag_are_rejected(red_flags_data):
    from legpain.knowledge.loading import DataError

    red_flags_data["groups"][0]["signs"] = red_flags_data["groups"][0]["signs"][1:]
    with pytest.raises(DataError, match="every red flag exactly once"):
        _load()

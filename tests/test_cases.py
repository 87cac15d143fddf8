"""The case library's data: every case is well formed, and its answers agree with the reasoning API."""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest
import yaml

import legpain.knowledge.loading as data
from legpain.knowledge.loading import DataError
from legpain.reasoning import cases as cases_module
from legpain.reasoning.cases import CATEGORIES, CHAPTERS, api_answers, case, case_table, cases, disagreements

ALL = cases()


def test_the_library_has_at_least_24_cases_across_every_category():
    assert len(ALL) >= 24
    assert {c.category for c in ALL} == set(CATEGORIES)


def test_cases_cover_roots_l2_to_s1_disc_levels_claudication_and_every_urgency():
    lesions = {q.answer.value for c in ALL for q in c.questions if q.kind == "lesion"}
    assert {"L2", "L3", "L4", "L5", "S1"} <= lesions
    assert {"common fibular", "femoral", "lateral femoral cutaneous"} <= lesions
    assert len({c.findings.disc for c in ALL if c.findings.disc}) >= 4
    zones = {c.findings.zone for c in ALL if c.findings.zone}
    assert {"paracentral", "foraminal", "extraforaminal"} <= zones
    kinds = {q.answer.value for c in ALL for q in c.questions if q.kind == "claudication"}
    assert kinds == {"vascular", "neurogenic"}
    levels = {q.answer.value for c in ALL for q in c.questions if q.kind == "urgency"}
    assert levels == {"emergency", "urgent", "routine"}


@pytest.mark.parametrize("item", ALL, ids=[c.id for c in ALL])
def test_case_answers_agree_with_the_reasoning_api(item):
    assert disagreements(item) == []
    answers = api_answers(item)
    for question in item.questions:
        if question.kind == "lesion":
            assert question.answer.value == answers["lesion"]
        if question.kind == "urgency":
            assert question.answer.value == answers["urgency"]


@pytest.mark.parametrize("item", ALL, ids=[c.id for c in ALL])
def test_every_case_is_complete(item):
    kinds = [q.kind for q in item.questions]
    assert {"cause", "urgency", "next"} <= set(kinds)
    assert item.chapter in CHAPTERS
    assert item.sources
    assert len(item.story) > 80
    for question in item.questions:
        assert len(question.options) >= 2
        assert all(len(option.feedback) >= 20 for option in question.options), "feedback must say why"


def test_a_wrong_stated_answer_is_caught():
    item = case("l5-paracentral-l4-l5")
    lesion = next(q for q in item.questions if q.kind == "lesion")
    wrong = tuple(dataclasses.replace(o, correct=o.value == "S1") for o in lesion.options)
    broken = dataclasses.replace(item, questions=tuple(
        dataclasses.replace(q, options=wrong) if q is lesion else q for q in item.questions))
    problems = disagreements(broken)
    assert len(problems) == 1 and "'S1'" in problems[0] and "'L5'" in problems[0]
    urgency = next(q for q in item.questions if q.kind == "urgency")
    flagged = dataclasses.replace(item, findings=dataclasses.replace(
        item.findings, red_flags=("saddle anaesthesia",)))
    assert any(urgency.id in p and "emergency" in p for p in disagreements(flagged))


def test_a_tie_at_the_top_of_the_differential_counts_as_a_disagreement():
    item = case("osteoporotic-fracture")
    tied = dataclasses.replace(item, findings=dataclasses.replace(
        item.findings, features=item.findings.features + ("normal_neurology",)))
    assert any("differential ranks" in p for p in disagreements(tied))


def test_unknown_case_names_the_valid_ones():
    with pytest.raises(ValueError, match="cauda-equina-syndrome"):
        case("no-such-case")


def test_case_table_is_json_for_the_widget_and_hides_nothing_needed():
    table = case_table()
    json.dumps(table)
    assert [row["id"] for row in table["cases"]] == [c.id for c in ALL]
    row = table["cases"][0]
    assert row["chapter_title"] == CHAPTERS[row["chapter"]]
    assert any(label == "Red flags" for label, _ in row["findings"])
    assert "value" not in row["questions"][0]["options"][0]  # the API value is not needed in JS


# ---------------------------------------------------------------- bad data

GOOD = {
    "id": "test-case", "title": "A test case", "category": "nerve root",
    "chapter": "03_dermatomes_and_the_leg_pain_explorer",
    "story": "An invented story, long enough to read.",
    "findings": {"numbness": ["dorsum of foot"], "red_flags": [], "features": ["foot_drop"]},
    "questions": [
        {"id": "lesion", "kind": "lesion", "prompt": "Where?", "options": [
            {"text": "L5", "value": "L5", "correct": True, "feedback": "yes"},
            {"text": "S1", "value": "S1", "correct": False, "feedback": "no"}]},
        {"id": "cause", "kind": "cause", "prompt": "Which?", "options": [
            {"text": "Disc", "value": "disc_herniation", "correct": True, "feedback": "yes"},
            {"text": "Fibular", "value": "common_fibular_neuropathy", "correct": False,
             "feedback": "no"}]},
        {"id": "urgency", "kind": "urgency", "prompt": "How urgent?", "options": [
            {"text": "Routine", "value": "routine", "correct": True, "feedback": "yes"},
            {"text": "Urgent", "value": "urgent", "correct": False, "feedback": "no"}]},
        {"id": "next", "kind": "next", "prompt": "Next?", "options": [
            {"text": "Wait", "correct": True, "feedback": "yes"},
            {"text": "Operate", "correct": False, "feedback": "no"}]},
    ],
    "sources": ["nice2016ng59"],
}


@pytest.fixture()
def case_file(tmp_path, monkeypatch):
    """A data folder holding the real knowledge base and a cases.yaml of the test's own."""
    for path in data.DATA_DIR.iterdir():
        if path.name != "cases.yaml":
            (tmp_path / path.name).symlink_to(path)
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)

    def write(*entries):
        (tmp_path / "cases.yaml").write_text(yaml.safe_dump({"cases": list(entries)}))
        data.load_yaml.cache_clear()
        cases_module.cases.cache_clear()
        return cases_module.cases()

    yield write
    data.load_yaml.cache_clear()
    cases_module.cases.cache_clear()
    cases_module._case_table.cache_clear()


def _broken(change):
    entry = copy.deepcopy(GOOD)
    change(entry)
    return entry


def test_the_good_fixture_loads(case_file):
    (loaded,) = case_file(GOOD)
    assert loaded.findings.numbness == ("dorsum of foot",)


@pytest.mark.parametrize("change, field, message", [
    (lambda e: e["findings"].update(numbness=["top of foot"]), "numbness", "canonical name"),
    (lambda e: e["findings"].update(pain=["dorsal fot"]), "pain", "did you mean"),
    (lambda e: e["findings"].update(red_flags=["feeling unwell"]), "red_flags", "unknown red flag"),
    (lambda e: e["findings"].update(features=["no_such_feature"]), "features", "is not one of"),
    (lambda e: e["findings"].update(disc="L4-L5"), "disc", "give both disc and zone"),
    (lambda e: e["findings"].update(disc="L9-L10", zone="paracentral"), "disc", "unknown disc"),
    (lambda e: e["findings"].update(reflexes={"achilles": "wobbly"}), "reflexes", "reflex state"),
    (lambda e: e["questions"][0]["options"][1].update(correct=True), "options", "exactly one"),
    (lambda e: e["questions"][0]["options"][1].pop("value"), "value", "needs a value"),
    (lambda e: e["questions"][0]["options"][1].update(value="L9"), "value", "is not one of"),
    (lambda e: e["questions"][1]["options"][1].update(value="disc_herniation"), "options",
     "same value"),
    (lambda e: e["questions"][0].update(kind="guess"), "kind", "is not one of"),
    (lambda e: e["questions"].pop(3), "questions", "'next' question"),
    (lambda e: e.update(chapter="99_nowhere"), "chapter", "is not one of"),
    (lambda e: e.update(category="gossip"), "category", "is not one of"),
    (lambda e: e.update(sources=["kegan1948"]), "sources", "not in data/references"),
    (lambda e: e["questions"][0]["options"][0].update(feedback=""), "feedback", "must not be empty"),
])
def test_bad_case_data_names_file_entry_and_field(case_file, change, field, message):
    with pytest.raises(DataError, match=message) as error:
        case_file(_broken(change))
    assert "cases.yaml" in str(error.value)
    assert f"field '{field}'" in str(error.value)


def test_a_lesion_question_needs_findings_to_localise(case_file):
    entry = _broken(lambda e: e.update(findings={"red_flags": [], "features": ["foot_drop"]}))
    with pytest.raises(DataError, match="lesion question needs"):
        case_file(entry)


def test_duplicate_case_ids_are_refused(case_file):
    with pytest.raises(DataError, match="duplicate id"):
        case_file(GOOD, GOOD)

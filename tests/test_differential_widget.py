"""The differential explorer's Python side: traits, validation, data shipped to the front end, and
the two separations the course promises (stenosis vs disc herniation, piriformis vs S1 root)."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
import yaml

import legpain
from legpain.knowledge import vocabulary
from legpain.knowledge.loading import bibliography
from legpain.widgets.differential import DEFAULT_PAIR, DifferentialExplorer, differential_data
from legpain.widgets.quiz import load_quiz

ROOT = Path(__file__).resolve().parents[1]
WIDGET_DIR = ROOT / "src" / "legpain" / "widgets" / "differential"

STENOSIS = ["age_over_60", "onset_gradual", "pain_both_legs", "relieved_sitting_bending"]
HERNIATION = ["age_under_40", "onset_sudden", "pain_one_leg", "pain_below_knee_band",
              "worse_sitting", "worse_coughing", "positive_slr"]
PIRIFORMIS = ["buttock_pain_main", "worse_sitting", "tender_sciatic_notch", "normal_neurology",
              "pain_one_leg"]
S1_ROOT = ["pain_one_leg", "pain_below_knee_band", "reduced_ankle_jerk", "dermatomal_numbness",
           "positive_slr"]


@pytest.fixture()
def explorer() -> DifferentialExplorer:
    return DifferentialExplorer()


def _by_id(widget: DifferentialExplorer) -> dict[str, dict]:
    return {row["id"]: row for row in widget.ranking}


def _position(widget: DifferentialExplorer, cause_id: str) -> int:
    return [row["id"] for row in widget.ranking].index(cause_id)


# ---------------------------------------------------------------------------- starting state

def test_starts_with_nothing_ticked_in_teaching_order_and_the_chapter_pair(explorer):
    assert explorer.features == []
    assert all(row["score"] == 0 for row in explorer.ranking)
    assert [row["id"] for row in explorer.ranking] == [c["id"] for c in explorer.table["causes"]]
    assert (explorer.compare_a, explorer.compare_b) == DEFAULT_PAIR


def test_names_and_ids_are_accepted_and_kept_in_feature_order_once():
    widget = DifferentialExplorer(features=["relieved sitting bending", "Older than 60",
                                            "age_over_60"])
    assert widget.features == ["age_over_60", "relieved_sitting_bending"]
    widget.compare_a = "Piriformis syndrome (deep gluteal syndrome)"
    assert widget.compare_a == "piriformis_syndrome"


def test_ranking_is_the_package_differential_and_follows_every_change(explorer):
    for story in (STENOSIS, HERNIATION, PIRIFORMIS, S1_ROOT, [], [*HERNIATION, "saddle_numbness"]):
        explorer.features = story
        want = [{"id": r.id, "name": r.name, "score": r.score, "supporting": list(r.supporting),
                 "against": list(r.against), "urgency": r.urgency,
                 "must_not_miss": r.must_not_miss}
                for r in legpain.differential(story)]
        assert explorer.ranking == want
    explorer.features = STENOSIS
    explorer.clear()
    assert explorer.features == [] and explorer.ranking[0]["score"] == 0


def test_ranking_is_read_only(explorer):
    with pytest.raises(Exception, match="read-only"):
        explorer.ranking = []


# ---------------------------------------------------------------------------- the promised separations

def test_separates_stenosis_from_disc_herniation_with_reasons():
    stenosis = DifferentialExplorer(features=STENOSIS)
    assert stenosis.ranking[0]["id"] == "lumbar_spinal_stenosis"
    assert set(stenosis.ranking[0]["supporting"]) == set(STENOSIS)
    assert "relieved_sitting_bending" in _by_id(stenosis)["disc_herniation"]["against"]
    assert _position(stenosis, "disc_herniation") > 3

    herniation = DifferentialExplorer(features=HERNIATION)
    assert herniation.ranking[0]["id"] == "disc_herniation"
    against = _by_id(herniation)["lumbar_spinal_stenosis"]["against"]
    assert {"age_under_40", "worse_sitting"} <= set(against)
    assert _by_id(herniation)["lumbar_spinal_stenosis"]["score"] < 0


def test_separates_piriformis_syndrome_from_an_s1_radiculopathy_with_reasons():
    buttock = DifferentialExplorer(features=PIRIFORMIS)
    assert buttock.ranking[0]["id"] == "piriformis_syndrome"
    assert {"tender_sciatic_notch", "normal_neurology"} <= set(buttock.ranking[0]["supporting"])
    assert _position(buttock, "disc_herniation") > _position(buttock, "piriformis_syndrome")

    root = DifferentialExplorer(features=S1_ROOT)
    assert root.ranking[0]["id"] == "disc_herniation"
    piriformis = _by_id(root)["piriformis_syndrome"]
    assert {"reduced_ankle_jerk", "dermatomal_numbness"} <= set(piriformis["against"])


def test_the_comparison_shows_the_features_that_separate_each_pair():
    widget = DifferentialExplorer(compare_a="lumbar_spinal_stenosis", compare_b="disc_herniation")
    rows = {row["feature"]: row for row in widget.comparison()}
    assert rows["relieved_sitting_bending"]["a_weight"] > 0 > rows["relieved_sitting_bending"]["b_weight"]
    assert rows["worse_sitting"]["a_weight"] < 0 < rows["worse_sitting"]["b_weight"]
    widget.compare_a, widget.compare_b = "piriformis_syndrome", "disc_herniation"
    rows = {row["feature"]: row for row in widget.comparison()}
    assert rows["reduced_ankle_jerk"]["a_weight"] < 0 < rows["reduced_ankle_jerk"]["b_weight"]
    assert rows["tender_sciatic_notch"]["a_weight"] > rows["tender_sciatic_notch"]["b_weight"]
    # ...and the written reason from the knowledge base reaches the front end, names not ids.
    info = {c["id"]: c for c in widget.causes_info}
    notes = [d for d in info["piriformis_syndrome"]["distinguishing"]
             if "disc_herniation" in d["mentions"]]
    assert notes and "ankle jerk" in notes[0]["text"] and "disc_herniation" not in notes[0]["text"]


def test_comparison_is_the_package_compare_and_empty_for_the_same_cause(explorer):
    want = [vars(row) for row in legpain.compare(*DEFAULT_PAIR)]
    assert explorer.comparison() == want
    explorer.compare_b = explorer.compare_a
    assert explorer.comparison() == []


# ---------------------------------------------------------------------------- bad input from Python

@pytest.mark.parametrize(("trait", "value", "words"), [
    ("features", ["older than sixty"], ["unknown feature", "age_over_60"]),
    ("features", 5, ["expected a list of feature ids"]),
    ("features", {"age_over_60": True}, ["expected a list of feature ids"]),
    ("features", [None], ["unknown feature"]),
    ("compare_a", "stenosis of the spine", ["unknown cause", "lumbar_spinal_stenosis"]),
    ("compare_b", 3, ["unknown cause"]),
    ("compare_a", "sciatica", ["not ranked", "disc_herniation"]),
])
def test_bad_values_raise_a_value_error_naming_the_choices(explorer, trait, value, words):
    with pytest.raises(ValueError) as error:
        setattr(explorer, trait, value)
    for word in words:
        assert word in str(error.value)
    assert explorer.features == [] and (explorer.compare_a, explorer.compare_b) == DEFAULT_PAIR


def test_constructor_rejects_unknown_settings():
    with pytest.raises(TypeError, match="valid: features, compare_a, compare_b"):
        DifferentialExplorer(ranking=[])
    with pytest.raises(ValueError, match="unknown feature"):
        DifferentialExplorer(features=["fever", "no such thing"])


# ---------------------------------------------------------------------------- state from the browser

def test_good_state_from_the_browser_is_applied(explorer):
    explorer.set_state({"features": STENOSIS, "compare_b": "peripheral_arterial_disease"})
    assert explorer.features == STENOSIS
    assert explorer.ranking[0]["id"] == "lumbar_spinal_stenosis"
    assert explorer.compare_b == "peripheral_arterial_disease"


def test_bad_state_from_the_browser_is_cleaned_or_ignored_never_fatal(explorer, caplog):
    sent = []
    explorer.send_state = lambda key=None: sent.append(key)  # no comm in a test
    with caplog.at_level(logging.DEBUG, logger="legpain.widgets"):
        explorer.set_state({"features": ["fever", "nonsense", 7, None]})
        assert explorer.features == ["fever"]  # unknown ids dropped, and the browser told
        assert "features" in sent
        explorer.set_state({"features": "fever"})
        assert explorer.features == ["fever"], "not a list: ignored, the last good value kept"
        explorer.set_state({"compare_a": "not a cause", "ranking": [], "table": {}})
    assert explorer.compare_a == DEFAULT_PAIR[0]
    assert explorer.table == legpain.differential_table()
    assert {"features", "compare_a", "ranking", "table"} <= set(sent)
    assert "ignored" in caplog.text


# ---------------------------------------------------------------------------- what the front end gets

def test_state_is_json_and_carries_the_table_and_the_front_end(explorer):
    state = explorer.get_state()
    text = json.dumps(state)
    assert "rankCauses" in state["_esm"] and ".ldx" in state["_css"]
    assert state["table"] == legpain.differential_table()
    assert len(text) < 200_000


def test_cause_info_comes_from_the_knowledge_base():
    data = differential_data()
    ranked = [c["id"] for c in data["table"]["causes"]]
    assert [c["id"] for c in data["causes_info"]] == ranked
    red_flags = set(vocabulary.names("red flag"))
    for item in data["causes_info"]:
        cause = legpain.cause(item["id"])
        assert item["red_flags"] == list(cause.red_flags)
        assert set(item["red_flags"]) <= red_flags
        assert len(item["distinguishing"]) == len(cause.distinguishing_features)
        for note in item["distinguishing"]:
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", note["text"]), note["text"]
            assert set(note["mentions"]) <= {c.id for c in legpain.causes()}


def test_red_flags_link_points_at_the_red_flags_page():
    texts = differential_data()["texts"]
    notebooks = ROOT / "notebooks"
    assert (notebooks / texts["red_flags_lab"]).resolve() == ROOT / "book" / "red_flags.md"
    assert texts["red_flags_book"] == texts["red_flags_lab"].replace(".md", ".html")


def test_the_front_end_types_no_clinical_data():
    js = (WIDGET_DIR / "widget.js").read_text(encoding="utf-8")
    for item in legpain.features():
        assert item.id not in js and item.name not in js
    for cause in legpain.causes():
        assert cause.id not in js
    for flag in vocabulary.names("red flag"):
        assert f'"{flag}"' not in js
    assert "fetch(" not in js and not re.search(r"^\s*import[\s(]", js, re.M)


def test_a_new_bladder_change_puts_cauda_equina_first_in_the_widget(explorer):
    """Issue 13, item 7: old code ranked disc herniation first with a new bladder change."""
    explorer.features = [*HERNIATION, "bladder_bowel_change"]
    assert explorer.ranking[0]["id"] == "cauda_equina_syndrome"
    assert explorer.ranking[0]["must_not_miss"]
    assert explorer.ranking[1]["id"] == "disc_herniation"


def test_the_widget_types_no_emergency_wording_of_its_own():
    """The alert's wording comes from the triage table (red_flags.yaml), not the widget."""
    from legpain.reasoning.triage_rules import triage_table

    action = next(x for x in triage_table()["levels"] if x["id"] == "emergency")["action"]
    assert differential_data()["table"]["emergency"]["action"] == action
    assert not any("emergency department" in text or "now" in text.split()
                   for text in differential_data()["texts"].values())
    js = (WIDGET_DIR / "widget.js").read_text(encoding="utf-8")
    assert "emergency department" not in js and "999" not in js


def test_the_caveat_states_the_weights_of_the_data_file():
    weights = legpain.differential_table()["weights"]
    caveat = differential_data()["texts"]["caveat"]
    for level, weight in weights.items():
        assert f"{level} {weight:+d}".replace("-", "\u2212") in caveat
    assert "not probabilities" in caveat


# ---------------------------------------------------------------------------- the chapters' data

@pytest.mark.parametrize("quiz_id", ["disc-disease", "stenosis"])
def test_the_spinal_chapters_quizzes_cite_every_clinical_question(quiz_id):
    quiz = load_quiz(quiz_id)
    assert len(quiz["questions"]) >= 5
    for question in quiz["questions"]:
        assert question["sources"], question["id"]
        assert set(question["sources"]) <= set(bibliography())
        assert all(option["feedback"].strip() for option in question["options"])


def test_the_spinal_causes_glossary_defines_new_terms_once_with_sources():
    path = ROOT / "src" / "legpain" / "knowledge" / "data" / "glossary" / "spinal-causes.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in items:
        assert item["definition"].strip() and item["sources"], item["term"]
        assert set(item["sources"]) <= set(bibliography()), item["term"]
    terms = [i["term"] for i in items]
    assert {"osteochondrosis", "degenerative disc disease", "disc extrusion",
            "lumbar spinal stenosis", "spondylolisthesis"} <= set(terms)

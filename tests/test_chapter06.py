"""Chapter 6, "Injury, infection, entrapment and inheritance": the chapter's prose states what the
package computes, and its text, quiz and glossary only use names and sources that exist.

The notebook's prose makes claims a student will rely on ("the S1 story ranks disc herniation first",
"fever plus weakness in both legs is an emergency", "the article's swap is wrong"); these tests fail
if the knowledge base changes so that the prose would no longer be true.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

import legpain
from legpain.knowledge.loading import DATA_DIR, bibliography
from legpain.widgets.quiz import load_quiz
from legpain_authoring.markup import citation_links, glossary_terms, term_links

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "06_injury_infection_and_entrapment.ipynb"
GLOSSARY = DATA_DIR / "glossary" / "injury-infection.yaml"
QUIZ_ID = "injury-infection-entrapment"
RED_FLAGS_LINK = "](../book/red_flags.md)"


def _sources(kind: str) -> list[str]:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == kind]


def _markdown() -> str:
    return "\n\n".join(_sources("markdown"))


def _code() -> str:
    return "\n\n".join(_sources("code"))


# ------------------------------------------------------------------ the text uses only real names

def _terms_used() -> set[str]:
    """The glossary terms the chapter links (plain Markdown links, see legpain_authoring.markup)."""
    terms = glossary_terms()
    return {terms.get(link.anchor, link.anchor).lower() for link in term_links(_markdown())}


def test_every_cited_key_is_in_the_bibliography():
    keys = {link.key for link in citation_links(_markdown())}
    assert keys, "the chapter cites nothing"
    assert sorted(keys - set(bibliography())) == []


def test_every_term_used_is_defined_in_a_glossary():
    used = _terms_used()
    defined = {item["term"].lower() for path in (DATA_DIR / "glossary").glob("*.yaml")
               for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []}
    assert sorted(used - defined) == []


def test_every_term_of_this_chapter_is_used_in_the_chapter():
    used = _terms_used()
    mine = [item["term"] for item in yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))]
    assert [t for t in mine if t.lower() not in used] == []


def test_glossary_entries_have_definitions_and_real_sources():
    for item in yaml.safe_load(GLOSSARY.read_text(encoding="utf-8")):
        assert item["definition"].strip(), item["term"]
        assert item["sources"], f"{item['term']} is a clinical term and needs sources"
        assert set(item["sources"]) <= set(bibliography()), item["term"]


def test_markdown_has_no_directives_and_no_latex():
    text = _markdown()
    assert ":::" not in text and "```" not in text
    assert "$" not in text


def test_every_cause_and_claim_the_code_shows_exists():
    code = _code()
    cause_ids = re.findall(r'card\("(\w+)"', code) + re.findall(r'compare_[ab]="(\w+)"', code)
    claim_ids = [c for group in re.findall(r"verdicts\(([^)]*)\)", code)
                 for c in re.findall(r'"(\w+)"', group)]
    assert cause_ids and claim_ids
    for cause_id in cause_ids:
        assert legpain.cause(cause_id).id == cause_id
    for claim_id in claim_ids:
        assert legpain.claim(claim_id).id == claim_id


def test_red_flags_are_one_click_away_in_every_clinical_section():
    sections = re.split(r"^## ", _markdown(), flags=re.MULTILINE)
    clinical = [s for s in sections if s.startswith((
        "Spinal injury", "Inheritance", "Infections", "Lumbalization", "A pinched sciatic nerve"))]
    assert len(clinical) == 5
    for section in clinical:
        assert RED_FLAGS_LINK in section, section.splitlines()[0]


def test_quiz_has_at_least_three_sourced_questions():
    quiz = load_quiz(QUIZ_ID)
    assert len(quiz["questions"]) >= 3
    for question in quiz["questions"]:
        assert question["sources"], question["id"]
    assert f'Quiz("{QUIZ_ID}")' in _code()


# ------------------------------------------------------------------ what the prose says is true

def _top(features: list[str]) -> str:
    return legpain.differential(features)[0].id


def test_fall_in_fragile_bones_ranks_fracture_first():
    assert _top(["age_over_60", "onset_after_trauma", "onset_sudden", "spinal_tenderness"]) == \
        "spinal_fracture"


def test_fever_drugs_and_both_legs_rank_epidural_abscess_first_as_an_emergency():
    best = legpain.differential(["age_40_to_60", "fever", "drugs_or_immunosuppression",
                                 "spinal_tenderness", "pain_both_legs", "bladder_bowel_change"])[0]
    assert (best.id, best.urgency) == ("spinal_epidural_abscess", "emergency")


def test_slow_story_with_weight_loss_ranks_tuberculosis_first():
    assert _top(["age_under_40", "onset_gradual", "weight_loss_or_cancer", "night_or_rest_pain",
                 "spinal_tenderness"]) == "spinal_tuberculosis"


def test_piriformis_and_s1_stories_are_told_apart():
    piriformis = ["buttock_pain_main", "worse_sitting", "tender_sciatic_notch", "normal_neurology"]
    s1 = ["pain_below_knee_band", "reduced_ankle_jerk", "dermatomal_numbness", "worse_coughing",
          "positive_slr"]
    assert _top(piriformis) == "piriformis_syndrome"
    assert _top(s1) == "disc_herniation"
    ranked = [r.id for r in legpain.differential(s1)]
    assert ranked.index("piriformis_syndrome") > ranked.index("disc_herniation")


def test_weak_hip_extension_moves_s1_above_the_sciatic_nerve():
    base = dict(pain=["buttock", "posterior thigh", "calf"], numbness=["lateral foot", "sole"],
                reflexes={"achilles": "reduced"})
    before = legpain.localize(weakness=["ankle plantar flexion"], **base)
    after = legpain.localize(weakness=["ankle plantar flexion", "hip extension"], **base)
    # the commoner lesion leads (chapter prose), and weak hip extension widens the gap
    assert [c.id for c in before[:2]] == ["S1", "sciatic"]
    assert after[0].id == "S1"
    prob = {c.id: c.probability for c in after}
    assert prob["sciatic"] < {c.id: c.probability for c in before}["sciatic"]
    sciatic = next(c for c in after if c.id == "sciatic")
    assert any("hip extension" in reason for reason in sciatic.against)


@pytest.mark.parametrize(("signs", "level"), [
    (["age over 50"], "routine"),
    (["osteoporosis or long-term steroids", "age over 50"], "urgent"),
    (["major trauma"], "emergency"),
    (["fever", "injection drug use"], "urgent"),
    (["fever", "injection drug use", "progressive weakness", "bilateral leg symptoms"], "emergency"),
    # prose: any new deficit with an infection risk is an emergency, with or without fever
    (["fever", "progressive weakness"], "emergency"),
    (["injection drug use", "new limb weakness"], "emergency"),
    (["immunosuppression", "new sensory loss"], "emergency"),
    # prose: injecting drugs or a weak immune system with a tender spine is urgent (today)
    (["injection drug use", "spinal tenderness"], "urgent"),
])
def test_triage_levels_the_chapter_states(signs, level):
    assert legpain.triage(signs).level == level


@pytest.mark.parametrize(("claim_id", "verdict"), [
    ("cause_injury", "correct"),        # prose: "That is right"
    ("cause_inheritance", "partly"),
    ("cause_tb_syphilis", "partly"),
    ("lstv_swapped", "wrong"),          # prose: "It is the other way round"
    ("entrapment_causes", "partly"),    # prose: "gives the list as a whole one verdict"
])
def test_verdicts_the_prose_relies_on(claim_id, verdict):
    assert legpain.claim(claim_id).verdict == verdict


def test_sciatic_nerve_data_the_chapter_prints():
    sciatic = legpain.nerve("sciatic")
    assert "piriformis" in sciatic.course
    assert any("injection" in site for site in sciatic.entrapment_sites)
    assert any("hip" in site for site in sciatic.entrapment_sites)
    assert sciatic.piriformis_figures


def test_unknown_names_in_the_chapter_helpers_fail_clearly():
    with pytest.raises(ValueError, match="unknown cause"):
        legpain.cause("pots_disease")
    with pytest.raises(ValueError, match="unknown claim"):
        legpain.claim("lstv_swap")


def test_tabes_story_puts_neurosyphilis_only_narrowly_ahead_of_stenosis():
    ranked = legpain.differential(["age_over_60", "onset_gradual", "pain_both_legs",
                                   "reduced_ankle_jerk", "reduced_knee_jerk",
                                   "bladder_bowel_change"])
    # bladder trouble with both legs: cauda equina syndrome is put first (must not be missed)
    assert ranked[0].id == "cauda_equina_syndrome" and ranked[0].must_not_miss
    assert [r.id for r in ranked[1:3]] == ["syphilis", "lumbar_spinal_stenosis"]
    assert ranked[1].score - ranked[2].score <= 2

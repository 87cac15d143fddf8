"""Tests for legpain.knowledge.treatment_evidence: the treatment evidence, guideline positions and the source
article's claims, as a student or clinician using the course would meet them."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from legpain.knowledge import treatment_evidence as ev
from legpain.knowledge.loading import DATA_DIR, DataError, Entry, bibliography, load_yaml

SOURCE_ARTICLE = Path("/work/shared/seed/source-article.txt")

# The interventions the brief requires, by the names a student would type.
REQUIRED_INTERVENTIONS = {
    "bed rest": "stay_active", "staying active": "stay_active", "heat": "heat",
    "massage": "massage", "exercise": "exercise", "physiotherapy": "physiotherapy",
    "manual therapy": "physiotherapy", "NSAIDs": "nsaids", "paracetamol": "paracetamol",
    "muscle relaxants": "muscle_relaxants", "pregabalin": "gabapentinoids",
    "gabapentin": "gabapentinoids", "oral steroids": "oral_steroids",
    "epidural steroid injection": "epidural_steroid", "discectomy": "surgery",
    "early surgery": "surgery", "glucosamine": "glucosamine", "chondroitin": "glucosamine",
    "chondroprotectors": "glucosamine", "diet": "diet_weight_loss",
    "weight loss": "diet_weight_loss", "yoga": "yoga_pilates", "Pilates": "yoga_pilates",
    "swimming": "swimming_aerobic", "aerobic exercise": "swimming_aerobic",
    "opioids": "opioids", "reassurance": "education", "spinal manipulation": "spinal_manipulation",
    "acupuncture": "acupuncture", "TENS": "tens",
    # issue 16, item 5: the treatment gaps
    "antidepressants": "antidepressants", "duloxetine": "antidepressants",
    "amitriptyline": "antidepressants", "CBT": "psychological_programme",
    "cognitive behavioural therapy": "psychological_programme",
    "multidisciplinary rehabilitation": "psychological_programme",
    "radiofrequency denervation": "radiofrequency_denervation",
    "radiofrequency ablation": "radiofrequency_denervation", "traction": "supports_and_traction",
    "corset": "supports_and_traction", "foot orthotics": "supports_and_traction",
    "PENS": "tens", "interferential therapy": "tens",
}

REQUIRED_CLAIMS = {
    "lstv_swapped": "wrong", "passive_rest": "wrong", "chondroprotectors": "wrong",
    "diet_cell_hunger": "unsupported", "massage": None, "heat": None, "measured_load": None,
    "avoid_cold_and_lifting": None, "lumbago_cold_cause": "unsupported", "avoid_running": None,
    "yoga_swimming_pilates": None, "pain_spasm_cycle": "unsupported",
    "degeneration_most_cases": "wrong", "who_gets_it": None, "cause_inheritance": None,
    "cause_tb_syphilis": None, "pregnancy": None, "leg_veins": None,
    "health_in_your_hands": "wrong", "missing_red_flags": "wrong",
}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


# ---------------------------------------------------------------- data validation

def test_every_citation_key_exists_in_the_bibliography():
    known = bibliography()
    keys = [k for i in ev.interventions() for k in i.sources]
    keys += [k for i in ev.interventions() for f in i.findings for k in f.sources]
    keys += [k for i in ev.interventions() for g in i.guideline for k in g.sources]
    keys += [k for c in ev.claims() for k in c.sources]
    missing = sorted({k for k in keys if k not in known})
    assert not missing, f"undefined citation keys: {missing}"


def test_guideline_keys_named_in_the_brief_are_defined():
    known = bibliography()
    assert "nice2016ng59" in known and "qaseem2017acp" in known
    assert known["qaseem2017acp"]["file"] == "evidence.bib"


def test_evidence_bib_has_no_doi_without_a_plausible_form():
    for key, fields in bibliography().items():
        if fields["file"] == "evidence.bib" and "doi" in fields:
            assert fields["doi"].startswith("10."), key


@pytest.mark.parametrize("name, expected", sorted(REQUIRED_INTERVENTIONS.items()))
def test_required_interventions_are_findable_by_everyday_name(name, expected):
    assert ev.intervention(name).id == expected


def test_every_intervention_has_evidence_and_both_guideline_positions():
    for item in ev.interventions():
        assert item.findings, item.id
        bodies = {g.body for g in item.guideline}
        assert bodies == {"NICE", "ACP"}, (item.id, bodies)


def test_values_come_from_the_controlled_sets():
    for item in ev.interventions():
        assert item.source_article in ev.STANCES
        for f in item.findings:
            assert f.certainty in ev.CERTAINTIES and f.direction in ev.DIRECTIONS
            if f.certainty == "not_rated":
                assert f.certainty_note, (item.id, f.effect)
        for g in item.guideline:
            assert g.position in ev.POSITIONS
    for c in ev.claims():
        assert c.verdict in ev.VERDICTS and c.topic in ev.TOPICS


def test_effect_sizes_agree_with_their_stated_direction():
    """'benefit' needs a CI clear of no effect on the favourable side; 'no_benefit' must not."""
    checked = 0
    for item in ev.interventions():
        for f in item.findings:
            size = f.effect_size
            if size is None:
                continue
            checked += 1
            assert size.low <= size.estimate <= size.high
            favourable = size.high < size.no_effect if size.better == "lower" else \
                size.low > size.no_effect
            if f.direction == "benefit":
                assert favourable, (item.id, f.condition, size)
            if f.direction == "no_benefit":
                assert size.crosses_null, (item.id, f.condition, size)
    assert checked >= 15


def test_required_claims_are_present_with_expected_verdicts():
    for claim_id, verdict in REQUIRED_CLAIMS.items():
        found = ev.claim(claim_id)
        if verdict is not None:
            assert found.verdict == verdict, claim_id
    assert 30 <= len(ev.claims()) <= 60


def test_claim_and_intervention_cross_references_resolve():
    ev._check_cross_references()
    for item in ev.interventions():
        for claim_id in item.source_article_claims:
            assert ev.claim(claim_id)


@pytest.mark.skipif(not (DATA_DIR / "causes.yaml").exists(), reason="causes.yaml not written yet")
def test_related_ids_name_real_causes_or_interventions():
    raw = load_yaml("causes.yaml")
    causes = raw["causes"] if isinstance(raw, dict) else raw
    known = {c["id"] for c in causes} | {i.id for i in ev.interventions()}
    unknown = sorted({(c.id, r) for c in ev.claims() for r in c.related if r not in known})
    assert not unknown, unknown


def test_the_missing_red_flags_claim_names_cauda_equina():
    c = ev.claim("missing_red_flags")
    assert c.topic == "red_flags" and c.quote is None
    assert "cauda equina" in c.correction


def test_sacralization_correction_states_the_right_definitions():
    text = ev.claim("lstv_swapped").correction.lower()
    assert "sacralization is when the lowest lumbar vertebra" in text
    assert "lumbarization is when the top sacral segment" in text


@pytest.mark.skipif(not SOURCE_ARTICLE.exists(), reason="source article not available")
def test_quotes_are_short_and_verbatim_from_the_article():
    article = " ".join(SOURCE_ARTICLE.read_text(encoding="utf-8").lower().split())
    for c in ev.claims():
        if c.quote is None:
            continue
        assert len(c.quote.split()) <= 12, c.id
        assert " ".join(c.quote.lower().split()) in article, c.id


@pytest.mark.skipif(not SOURCE_ARTICLE.exists(), reason="source article not available")
def test_paraphrases_do_not_copy_the_article():
    words = _words(SOURCE_ARTICLE.read_text(encoding="utf-8"))
    runs = {" ".join(words[i:i + 8]) for i in range(len(words) - 7)}
    for c in ev.claims():
        for field in (c.claim, c.correction):
            w = _words(field)
            copied = [" ".join(w[i:i + 8]) for i in range(len(w) - 7)
                      if " ".join(w[i:i + 8]) in runs]
            assert not copied, (c.id, copied)


# ---------------------------------------------------------------- what a student would look up

def test_guidelines_reject_what_the_article_promotes_or_ignores():
    assert ev.intervention("paracetamol").guideline_for("acute_lbp", "NICE")[0].position \
        == "do not offer"
    assert ev.intervention("pregabalin").guideline_for("sciatica", "NICE")[0].position \
        == "do not offer"
    assert ev.intervention("heat").guideline_for("acute_lbp", "ACP")[0].position == "recommend"
    assert ev.intervention("acupuncture").guideline_for("chronic_lbp", "NICE")[0].position \
        == "do not offer"


def test_nice_positions_on_the_treatment_gaps_are_stored_as_nice_words_them():
    """Issue 16, item 5: antidepressants, psychology within a package, return to work,
    radiofrequency denervation, the "do not offer" list and epidurals in stenosis."""
    anti = ev.intervention("antidepressants")
    assert anti.guideline_for("chronic_lbp", "NICE")[0].position == "do not offer"
    assert anti.guideline_for("sciatica", "NICE")[0].position == "no recommendation"
    psych = ev.intervention("CBT").guideline_for("chronic_lbp", "NICE")
    assert psych and all(g.position == "consider" for g in psych)
    assert "only as part of a treatment package that includes exercise" in psych[0].statement
    work = [g.statement for g in ev.intervention("stay_active").guideline_for("sciatica", "NICE")]
    assert any("return to work" in s for s in work)
    rf = ev.intervention("radiofrequency denervation").guideline_for("chronic_lbp", "NICE")[0]
    assert rf.position == "consider" and "diagnostic medial branch block" in rf.statement
    epidural = ev.intervention("epidural").guideline_for("sciatica", "NICE")[0].statement
    assert "acute and severe sciatica" in epidural
    assert "neurogenic claudication in people who have central spinal canal stenosis" in epidural
    refused = " ".join(g.statement.lower() for i in ev.interventions() for g in i.guideline
                       if g.body == "NICE" and g.position == "do not offer")
    for item in ("belts", "corsets", "foot orthotics", "rocker-sole shoes", "traction",
                 "acupuncture", "tens", "pens", "ultrasound", "interferential therapy",
                 "paracetamol alone", "antidepressants", "anticonvulsants", "spinal injections"):
        assert item in refused, item


def test_sciatica_evidence_for_nsaids_epidurals_and_exercise_matches_the_reviews():
    nsaid = {f.effect_size.measure: f for f in ev.intervention("NSAIDs").findings_for("sciatica")
             if "rasmussenbarr2016nsaids" in f.sources}
    pain, improved = nsaid["MD"], nsaid["RR"]
    assert (pain.effect_size.estimate, pain.effect_size.low, pain.effect_size.high) == (
        -4.56, -11.11, 1.99)
    assert pain.effect_size.crosses_null and pain.certainty == "very_low"
    assert (improved.effect_size.low, improved.effect_size.high) == (1.03, 1.27)
    chou = next(f for f in ev.intervention("epidural").findings_for("sciatica")
                if "chou2015epidural" in f.sources)
    assert (chou.effect_size.estimate, chou.effect_size.low, chou.effect_size.high) == (
        -7.55, -11.4, -3.74)
    assert "no longer-term benefit" in chou.effect
    assert "fda2014epidural" in ev.intervention("epidural").sources
    assert "stroke" in ev.intervention("epidural").harms and "paralysis" in ev.intervention("epidural").harms
    exercise = [f for f in ev.intervention("exercise").findings_for("sciatica")
                if "fernandez2015sciatica" in f.sources]
    assert {f.direction for f in exercise} == {"benefit", "no_benefit"}
    assert ev.intervention("antidepressants").findings_for("sciatica")[0].direction == "uncertain"


def test_source_article_stance_is_exposed():
    assert ev.intervention("bed rest").source_article_recommends is False
    assert ev.intervention("chondroprotectors").source_article_recommends is True
    assert ev.intervention("opioids").source_article_recommends is None


def test_pregabalin_for_sciatica_matches_the_precise_trial():
    finding = next(f for f in ev.intervention("pregabalin").findings_for("sciatica")
                   if "mathieson2017pregabalin" in f.sources)
    size = finding.effect_size
    assert (size.estimate, size.low, size.high) == (0.5, -0.2, 1.2)
    assert size.crosses_null and finding.direction == "no_benefit"


def test_exercise_for_chronic_pain_favours_exercise():
    finding = ev.intervention("exercise").findings_for("chronic low back pain")[0]
    assert finding.certainty == "moderate"
    assert finding.effect_size.estimate < 0 and not finding.effect_size.crosses_null


def test_evidence_accepts_ids_and_readable_aliases():
    assert ev.evidence("Chronic low back pain") == ev.evidence("chronic_lbp")
    assert ev.evidence("lumbago") == ev.evidence("acute_lbp")
    assert ev.canonical_condition("Radicular pain") == "sciatica"
    assert ev.evidence("prevention")
    assert all(f.condition == "sciatica" for f in ev.evidence("sciatica"))


def test_chart_rows_are_json_ready_and_complete():
    rows = ev.evidence_chart_data("sciatica")
    assert rows and json.loads(json.dumps(rows)) == rows
    keys = {"label", "estimate", "low", "high", "units", "measure", "no_effect", "better",
            "direction", "certainty", "sources", "source_article_recommends"}
    for row in rows:
        assert keys <= set(row)
        assert row["low"] <= row["estimate"] <= row["high"]
        assert row["sources"]
    ratios = [r for r in ev.evidence_chart_data("prevention") if r["measure"] == "RR"]
    assert ratios and all(r["no_effect"] == 1.0 for r in ratios)


def test_chart_can_include_unquantified_findings():
    numeric = ev.evidence_chart_data("chronic_lbp")
    everything = ev.evidence_chart_data("chronic_lbp", numeric_only=False)
    assert len(everything) == len(ev.evidence("chronic_lbp")) > len(numeric)
    assert any(r["estimate"] is None for r in everything)


def test_claims_can_be_filtered():
    wrong = ev.claims_where(verdict="wrong")
    assert wrong and all(c.verdict == "wrong" for c in wrong)
    red = ev.claims_where(topic="red_flags")
    assert "missing_red_flags" in {c.id for c in red}


def test_records_are_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        ev.claim("passive_rest").verdict = "correct"  # type: ignore[misc]


# ---------------------------------------------------------------- bad inputs

@pytest.mark.parametrize("bad", ["knee pain", "", None, 3])
def test_unknown_condition_names_the_valid_ones(bad):
    with pytest.raises(ValueError, match="acute_lbp.*chronic_lbp.*sciatica"):
        ev.evidence(bad)
    with pytest.raises(ValueError, match="Valid conditions"):
        ev.evidence_chart_data(bad)


def test_condition_typo_gets_a_suggestion():
    with pytest.raises(ValueError, match="did you mean 'sciatica'"):
        ev.evidence("sciatca")


def test_unknown_intervention_and_claim_raise_helpful_errors():
    with pytest.raises(ValueError, match="did you mean 'massage'"):
        ev.intervention("masage")
    with pytest.raises(ValueError, match="Valid interventions"):
        ev.intervention(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="did you mean 'passive_rest'"):
        ev.claim("passive_res")
    with pytest.raises(ValueError, match="Valid claim ids"):
        ev.claim(42)  # type: ignore[arg-type]


def test_bad_filters_raise():
    with pytest.raises(ValueError, match="valid verdicts"):
        ev.claims_where(verdict="maybe")
    with pytest.raises(ValueError, match="valid topics"):
        ev.claims_where(topic="diet")
    with pytest.raises(ValueError, match="valid bodies: NICE, ACP"):
        ev.intervention("heat").guideline_for("acute_lbp", "WHO")


def _finding_entry(**changes) -> Entry:
    raw = {
        "condition": "sciatica", "effect": "x", "direction": "benefit", "certainty": "low",
        "sources": ["nice2016ng59"],
        "effect_size": {"measure": "RR", "estimate": 0.5, "low": 0.4, "high": 0.7, "units": "u",
                        "comparison": "a vs b", "follow_up": "1 year", "better": "lower",
                        "no_effect": 1},
    }
    for key, value in changes.items():
        if key.startswith("size_"):
            raw["effect_size"][key[5:]] = value
        else:
            raw[key] = value
    return Entry("interventions.yaml", raw, "test.findings[0]")


CONDITIONS = {"acute_lbp", "chronic_lbp", "sciatica", "prevention"}


def test_a_valid_finding_loads():
    finding = ev._finding("test", _finding_entry(), CONDITIONS)
    assert finding.effect_size.no_effect == 1.0


@pytest.mark.parametrize("changes, field", [
    ({"certainty": "not_rated"}, "certainty_note"),
    ({"certainty": "strong"}, "certainty"),
    ({"direction": "good"}, "direction"),
    ({"condition": "neck_pain"}, "condition"),
    ({"sources": ["made2024up"]}, "sources"),
    ({"size_estimate": 0.9}, "estimate"),
    ({"size_no_effect": 0}, "no_effect"),
    ({"size_measure": "NNT"}, "measure"),
    ({"size_better": "smaller"}, "better"),
])
def test_bad_findings_are_rejected_with_file_entry_and_field(changes, field):
    with pytest.raises(DataError) as info:
        ev._finding("test", _finding_entry(**changes), CONDITIONS)
    assert info.value.file == "interventions.yaml" and info.value.field == field

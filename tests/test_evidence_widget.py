"""The evidence explorer's data and traits: what a student sees, and what bad input does."""

from __future__ import annotations

import json

import pytest

from legpain.knowledge import treatment_evidence as te
from legpain.widgets.evidence import (
    EvidenceExplorer,
    _favours,
    axis_for,
    axis_position,
    explorer_data,
    filter_rows,
    plotted,
    reading,
    scale_group,
    treatment_side,
)


def _rows(condition):
    return next(c for c in explorer_data()["conditions"] if c["id"] == condition)["rows"]


# ---------------------------------------------------------------- the two questions of the brief

def test_pregabalin_for_sciatica_shows_no_benefit_and_nice_says_do_not_offer():
    explorer = EvidenceExplorer("sciatica")
    rows = explorer.rows_for("pregabalin")
    assert len(rows) >= 2
    assert {r["direction"] for r in rows} == {"no_benefit"}
    numeric = [r for r in rows if r["estimate"] is not None]
    assert numeric and all(r["ci_includes_no_effect"] for r in numeric)
    assert all("includes 0, the value for no effect" in r["reading"] for r in numeric)
    nice = explorer.condition_data()["interventions"]["gabapentinoids"]["guideline"]
    assert [g["position"] for g in nice if g["body"] == "NICE"] == ["do not offer"]


def test_staying_active_beats_bed_rest_in_acute_pain_but_not_clearly_in_sciatica():
    acute = EvidenceExplorer("acute low back pain").rows_for("bed rest")
    pooled = next(r for r in acute if r["estimate"] is not None)
    assert pooled["direction"] == "benefit" and not pooled["ci_includes_no_effect"]
    assert "favours advice to stay active" in pooled["reading"]
    assert pooled["badge"] == "The source article advises against this"
    sciatica = EvidenceExplorer("sciatica").rows_for("bed rest")
    assert [r["direction"] for r in sciatica] == ["no_benefit"]
    assert sciatica[0]["ci_includes_no_effect"]


# ---------------------------------------------------------------- data shipped to the front end

def test_every_finding_of_every_condition_is_shipped_once():
    for cond in te.conditions():
        rows = _rows(cond.id)
        assert len(rows) == len(te.evidence(cond.id))
        assert len({r["id"] for r in rows}) == len(rows)
        data = next(c for c in explorer_data()["conditions"] if c["id"] == cond.id)
        in_groups = [i for g in data["groups"] for i in g["rows"]] + data["text_rows"]
        assert sorted(in_groups) == sorted(r["id"] for r in rows)


def test_rows_on_one_axis_share_measure_scale_and_direction_of_better():
    for cond in explorer_data()["conditions"]:
        by_id = {r["id"]: r for r in cond["rows"]}
        for group in cond["groups"]:
            members = [by_id[i] for i in group["rows"]]
            assert len({scale_group(m) for m in members}) == 1
            assert len({m["better"] for m in members}) == 1
            assert len({m["measure"] in ("RR", "OR", "HR") for m in members}) == 1


def test_a_ratio_and_a_difference_never_share_an_axis():
    md = {"measure": "MD", "units": "points on a 0-100 pain scale", "better": "lower"}
    wmd = {"measure": "WMD", "units": "points on a 0-100 pain scale (VAS)", "better": "lower"}
    rr = {"measure": "RR", "units": "points on a 0-100 pain scale", "better": "lower"}
    smd = {"measure": "SMD", "units": "points on a 0-100 pain scale", "better": "lower"}
    ten = {"measure": "MD", "units": "points on a 0-10 pain scale", "better": "lower"}
    assert scale_group(md) == scale_group(wmd)  # the same scale: the remark in brackets is ignored
    assert len({scale_group(x) for x in (md, rr, smd, ten)}) == 4
    assert scale_group({"measure": None}) is None


def test_axes_include_no_effect_and_every_interval():
    for cond in explorer_data()["conditions"]:
        by_id = {r["id"]: r for r in cond["rows"]}
        for group in cond["groups"]:
            axis = group["axis"]
            assert axis["min"] <= axis["no_effect"] <= axis["max"]
            assert axis["ticks"] == sorted(axis["ticks"])
            for i in group["rows"]:  # the values as drawn (sign flipped where lower is better)
                drawn = by_id[i]["plot"]
                assert axis["min"] <= drawn["low"] <= drawn["estimate"] <= drawn["high"] <= axis["max"]
            assert axis["log"] == (group["measure"] in ("RR", "OR", "HR"))


def test_every_box_puts_the_treatment_side_on_the_right():
    """One orientation for the whole chart, whichever way the outcome runs."""
    seen = set()
    for cond in explorer_data()["conditions"]:
        by_id = {r["id"]: r for r in cond["rows"]}
        for group in cond["groups"]:
            assert (group["left_label"], group["right_label"]) == (
                "favours the comparison", "favours the treatment")
            for i in group["rows"]:
                row = by_id[i]
                assert treatment_side(row, group["axis"]) == "right", (cond["id"], i)
                seen.add((row["measure"] in ("RR", "OR", "HR"), row["better"]))
                # the estimate is drawn on the side its reading names
                side = _favours(row["estimate"], row)
                est = axis_position(group["axis"], row["plot"]["estimate"])
                null = axis_position(group["axis"], group["axis"]["no_effect"])
                assert {"treatment": est > null, "comparison": est < null,
                        "none": est == null}[side], (cond["id"], i, side)
            mirrored = by_id[group["rows"][0]]["better"] == "lower"
            assert group["mirrored"] == mirrored
            assert bool(group["axis_note"]) == mirrored  # a mirrored axis says so
            assert ("lower is better" in group["title"]) == mirrored
    # the data cover every kind of axis the rule has to handle
    assert seen == {(False, "lower"), (False, "higher"), (True, "lower"), (True, "higher")}


def test_mirroring_a_difference_flips_its_sign_and_a_ratio_reverses_its_axis():
    pain = {"measure": "MD", "estimate": -7.3, "low": -11.0, "high": -3.6, "no_effect": 0.0,
            "better": "lower"}
    assert plotted(pain) == {"estimate": 7.3, "low": 3.6, "high": 11.0}
    assert plotted({**pain, "better": "higher"}) == {"estimate": -7.3, "low": -11.0, "high": -3.6}
    assert plotted({**pain, "estimate": 0.0})["estimate"] == 0.0
    risk = {"measure": "RR", "estimate": 0.55, "low": 0.41, "high": 0.74, "no_effect": 1.0,
            "better": "lower"}
    assert plotted(risk) == {"estimate": 0.55, "low": 0.41, "high": 0.74}
    axis = axis_for([risk])
    assert axis["reversed"] and axis_position(axis, 0.5) > axis_position(axis, 1.0)
    assert not axis_for([{**risk, "better": "higher"}])["reversed"]
    for row in (pain, {**pain, "better": "higher"}, risk, {**risk, "better": "higher"}):
        assert treatment_side(row, axis_for([{**row, **plotted(row)}])) == "right"


def test_axis_of_a_single_risk_ratio_is_logarithmic_around_one():
    axis = axis_for([{"measure": "RR", "low": 0.41, "high": 0.74, "no_effect": 1.0}])
    assert axis["log"] and axis["min"] < 0.41 and axis["max"] >= 1 and 1 in axis["ticks"]


def test_reading_says_when_an_interval_excludes_or_includes_no_effect():
    base = {"measure": "MD", "units": "points on a 0-100 pain scale", "no_effect": 0.0,
            "better": "lower", "comparison": "drug vs placebo", "name": "drug"}
    clear = reading({**base, "estimate": -7.29, "low": -10.98, "high": -3.61})
    assert "entirely on the side that favours drug" in clear and "−10.98" in clear
    unclear = reading({**base, "estimate": 0.5, "low": -0.2, "high": 1.2})
    assert "includes 0" in unclear and "on the side of placebo" in unclear
    harmful = reading({**base, "estimate": 5, "low": 1, "high": 9})
    assert "favours placebo" in harmful
    ratio = reading({**base, "measure": "RR", "units": "risk ratio", "no_effect": 1.0,
                     "estimate": 0.55, "low": 0.41, "high": 0.74})
    assert "favours drug" in ratio
    assert reading({**base, "estimate": None}) == ""


def test_sources_are_readable_labels_from_the_bibliography():
    data = explorer_data()
    for cond in data["conditions"]:
        for row in cond["rows"]:
            for key in row["sources"]:
                label = data["sources"][key]["label"]
                assert key not in label and any(ch.isdigit() for ch in label)
    assert data["sources"]["dahm2010bedrest"]["label"] == "Dahm et al. 2010"


def test_source_article_badges_follow_the_knowledge_base():
    for cond in explorer_data()["conditions"]:
        for row in cond["rows"]:
            stance = te.intervention(row["intervention"]).source_article
            assert bool(row["badge"]) == (stance != "not_mentioned")
    glucosamine = EvidenceExplorer("chronic").rows_for("chondroprotectors")
    assert glucosamine[0]["badge"] == "The source article recommends this"
    claims = EvidenceExplorer("chronic").condition_data()["interventions"]["glucosamine"]["claims"]
    assert [c["verdict"] for c in claims] == ["wrong"]


def test_no_clinical_literal_in_the_front_end():
    js = EvidenceExplorer()._esm
    for word in ("pregabalin", "NICE", "bed rest", "0.22", "sciatica", "dahm"):
        assert word not in js


def test_data_is_json_and_small_enough_for_a_book_page():
    size = len(json.dumps(explorer_data()))
    assert size < 200_000


# ---------------------------------------------------------------- traits and bad input

def test_condition_accepts_readable_names_and_rejects_unknown_ones():
    explorer = EvidenceExplorer("Chronic low back pain")
    assert explorer.condition == "chronic_lbp"
    explorer.condition = "radicular pain"
    assert explorer.condition == "sciatica"
    with pytest.raises(ValueError, match="Valid conditions: acute_lbp, chronic_lbp, sciatica"):
        explorer.condition = "sciatic"
    with pytest.raises(ValueError, match="Valid conditions"):
        EvidenceExplorer(42)


def test_filters_reject_unknown_values_from_python():
    explorer = EvidenceExplorer()
    with pytest.raises(ValueError, match="valid certainties: high, moderate"):
        explorer.certainties = ["hihg"]
    with pytest.raises(ValueError, match="must be a list"):
        explorer.directions = "benefit"
    with pytest.raises(ValueError, match="unknown row"):
        explorer.selected = "sciatica:nothing:1"
    with pytest.raises(TypeError, match="no setting 'colour'"):
        EvidenceExplorer("sciatica", colour="red")


def test_filters_change_what_the_student_sees():
    explorer = EvidenceExplorer("sciatica", certainties=["high"])
    assert {r["certainty"] for r in explorer.visible_rows()} == {"high"}
    explorer.certainties = ["moderate", "high"]  # stored in data order
    assert explorer.certainties == ["high", "moderate"]
    explorer.directions = ["benefit"]
    assert all(r["direction"] == "benefit" for r in explorer.visible_rows())
    explorer.directions = []
    assert explorer.visible_rows() == []
    assert filter_rows(_rows("sciatica"), te.CERTAINTIES, te.DIRECTIONS) == _rows("sciatica")


def test_bad_state_from_the_browser_is_cleaned_or_ignored():
    explorer = EvidenceExplorer("sciatica")
    explorer.set_state({"condition": "nonsense"})
    assert explorer.condition == "sciatica"
    explorer.set_state({"certainties": ["high", 7, None, "bogus"]})
    assert explorer.certainties == ["high"]
    explorer.set_state({"directions": "benefit"})
    assert explorer.directions == list(te.DIRECTIONS)
    explorer.set_state({"selected": {"x": 1}, "data": {}})
    assert explorer.selected == "" and explorer.data["conditions"]
    row = explorer.rows_for("pregabalin")[0]["id"]
    explorer.set_state({"selected": row})
    assert explorer.selected == row


def test_repr_has_no_memory_address():
    data, _ = EvidenceExplorer()._repr_mimebundle_()
    assert data["text/plain"] == "EvidenceExplorer(…)"

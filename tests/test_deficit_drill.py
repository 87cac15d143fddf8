"""The "Draw the deficit" drill in Python: scoring against both dermatome maps, explanations from
the knowledge base, the choice of the next lesion, and the widget's traits."""

from __future__ import annotations

import json

import pytest

from legpain.knowledge import anatomy
from legpain.reasoning import deficit_drill as dd
from legpain.widgets import DeficitDrill


def test_the_drill_asks_about_the_roots_l2_to_s1_and_the_leg_nerves_with_a_skin_field():
    ids = dd.lesion_ids()
    assert ids[:5] == ("L2", "L3", "L4", "L5", "S1")
    for nerve in ("common fibular", "femoral", "obturator", "lateral femoral cutaneous", "sciatic",
                  "tibial"):
        assert nerve in ids
    assert "superior gluteal" not in ids  # no skin to draw


@pytest.mark.parametrize("lesion", dd.lesion_ids())
def test_every_perfect_answer_scores_100_percent_on_both_maps(lesion):
    result = dd.score_answer(lesion, **dd.perfect_answer(lesion))
    assert result.percent == 100
    assert all(m["percent"] == 100 for m in result.by_map.values())
    assert {i["status"] for i in result.items} <= {"hit", "extra"}


def test_a_perfect_l5_answer_scores_100_percent_on_lee_and_on_keegan():
    result = dd.score_answer("L5", **dd.perfect_answer("L5"))
    assert result.by_map["lee2008"]["percent"] == result.by_map["keegan1948"]["percent"] == 100


def test_a_common_fibular_answer_to_an_l5_prompt_scores_below_half():
    result = dd.score_answer("L5", **dd.perfect_answer("common fibular"))
    assert result.percent < 50
    missed = {i["name"] for i in result.items if i["status"] == "miss"}
    # exactly what tells the root from the nerve (roots.yaml and nerves.yaml say so)
    assert {"hip abduction", "ankle inversion", "medial hamstring"} <= missed


def test_skin_in_either_map_is_never_wrong_and_the_disagreement_is_counted_per_map():
    lee_only = [r for r in anatomy.root("L5").skin("lee2008")]
    result = dd.score_answer("L5", numbness=lee_only)
    assert result.by_map["lee2008"]["parts"]["skin"] == 1
    assert result.by_map["keegan1948"]["parts"]["skin"] < 1
    buttock = dd.score_answer("L5", numbness=["buttock"])  # Keegan only
    assert [i["status"] for i in buttock.items if i["name"] == "buttock"] == ["hit"]
    item = next(i for i in buttock.items if i["name"] == "buttock")
    assert "only on Keegan 1948" in item["text"]
    assert dd.score_answer("L5", numbness=["sole"]).items[-1]["status"] != "hit"


def test_every_miss_and_every_wrong_mark_is_explained_from_the_knowledge_base():
    result = dd.score_answer("S1", numbness=["dorsum of foot", "sole"], weakness=["hip abduction"],
                             reflexes=["patellar"])
    text = {i["name"]: i["text"] for i in result.items}
    assert text["dorsum of foot"] == ("Dorsum of foot: not S1 skin on either map; it is L5 skin on "
                                      "both maps.")
    assert "main roots are L5" in text["hip abduction"]
    assert "it mainly tests L4" in text["patellar"]
    assert "gastrocnemius and soleus" in text["ankle plantar flexion"]
    assert text["achilles"].startswith("Achilles reflex: it mainly tests S1")
    assert all(i["text"] for i in result.items)
    nerve = dd.score_answer("tibial", numbness=["dorsum of foot"], weakness=["hip abduction"])
    words = " ".join(i["text"] for i in nerve.items)
    assert "the common fibular nerve" in words and "the superior gluteal nerve" in words
    assert "nerve nerve" not in words


def test_minor_supplies_may_be_marked_but_need_not_be():
    # knee flexion is a minor L5 action: marking it changes nothing
    plain = dd.score_answer("L5", **dd.perfect_answer("L5"))
    answer = dd.perfect_answer("L5")
    answer["weakness"].append("knee flexion")
    extra = dd.score_answer("L5", **answer)
    assert extra.percent == plain.percent == 100
    assert [i["status"] for i in extra.items if i["name"] == "knee flexion"] == ["extra"]


def test_an_empty_or_a_scattered_answer_scores_low():
    assert dd.score_answer("L5").percent == 0
    everything = dd.score_answer("L5", numbness=[r["name"] for r in dd.drill_table()["regions"]],
                                 weakness=[a["name"] for a in dd.drill_table()["actions"]],
                                 reflexes=[f["name"] for f in dd.drill_table()["reflexes"]])
    assert everything.percent < 50


def test_bad_names_raise_errors_a_user_can_act_on():
    with pytest.raises(ValueError, match="unknown lesion 'L9'"):
        dd.score_answer("L9")
    with pytest.raises(ValueError, match="unknown skin name 'top of foot'"):
        dd.score_answer("L5", numbness=["top of foot"])


def test_a_wrong_answer_sends_the_lesion_back_to_box_1_and_makes_it_come_back_more_often():
    progress = {}
    for lesion in dd.lesion_ids():
        progress = dd.record(progress, lesion, 100)
    assert all(e["box"] == 2 for e in progress["lesions"].values())
    progress = dd.record(progress, "L5", 40)
    assert progress["lesions"]["L5"] == {"box": 1, "tries": 2, "total": 140, "last": 40}
    weights = dict(dd.weights(progress))
    assert weights["L5"] == 8 and weights["S1"] == 4
    # drawn over an even grid of u, L5 comes up twice as often as any other lesion
    draws = [dd.next_lesion(progress, "S1", (k + 0.5) / 1000) for k in range(1000)]
    assert draws.count("L5") > 1.8 * draws.count("L4")
    assert "S1" not in draws  # never the same lesion twice in a row
    for _ in range(5):
        progress = dd.record(progress, "L4", 90)
    assert progress["lesions"]["L4"]["box"] == len(dd.BOX_WEIGHTS)


def test_stored_progress_is_cleaned_of_junk():
    junk = {"lesions": {"L5": {"box": 9, "tries": 1, "total": 10, "last": 10},
                        "L4": {"box": 1, "tries": 1, "total": 500, "last": 10},
                        "nope": {"box": 1, "tries": 1, "total": 1, "last": 1},
                        "S1": {"box": 2, "tries": 3, "total": 210, "last": 90}}}
    assert dd.clean_progress(junk) == {"lesions": {"S1": {"box": 2, "tries": 3, "total": 210,
                                                          "last": 90}}}
    for raw in (None, [], "x", {"lesions": [1]}):
        assert dd.clean_progress(raw) == {"lesions": {}}


def test_the_table_is_plain_json_and_holds_no_unescaped_markup():
    text = json.dumps(dd.drill_table())
    assert "<" not in text


def test_the_widget_checks_its_traits_and_scores_its_marks():
    drill = DeficitDrill(lesion="l5", numbness=["top of foot"])
    assert drill.lesion == "L5" and drill.numbness == ["dorsum of foot"]
    assert drill.score().percent == dd.score_answer("L5", ["dorsum of foot"]).percent
    drill.numbness, drill.weakness, drill.reflexes = (drill.answer_key()[k] for k in
                                                      ("numbness", "weakness", "reflexes"))
    assert drill.score().percent == 100
    with pytest.raises(ValueError, match="the drill asks about"):
        drill.lesion = "T12"
    with pytest.raises(TypeError, match="no setting"):
        DeficitDrill(root="L5")
    drill.progress = {"lesions": {"L5": {"box": 2, "tries": 1, "total": 100, "last": 100},
                                  "x": 1}}
    assert list(drill.progress["lesions"]) == ["L5"]


def test_a_bad_change_from_the_browser_is_dropped_not_raised():
    drill = DeficitDrill()
    drill.set_state({"lesion": "nonsense", "numbness": ["calf", "not a region"], "table": {}})
    assert drill.lesion == "L5" and drill.numbness == [] and drill.table["lesions"]

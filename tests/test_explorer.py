"""The explorer widget's Python side: traits, validation, candidates and the data shipped to JS."""

from __future__ import annotations

import base64
import gzip
import json
import logging
from pathlib import Path

import pytest

from legpain.knowledge import anatomy, vocabulary
from legpain.reasoning.localization import MAP_SOURCES, evidence_table, localize
from legpain.widgets.explorer import LegPainExplorer, explorer_data, geometry


@pytest.fixture()
def explorer() -> LegPainExplorer:
    return LegPainExplorer()


def _ids(candidates: list[dict]) -> list[str]:
    return [c["id"] for c in candidates]


# ---- traits a notebook reads and sets ----

def test_starts_in_findings_mode_on_the_left_leg_with_no_findings(explorer):
    assert (explorer.mode, explorer.side, explorer.map_source) == ("findings", "left", "lee2008")
    assert explorer.pain == explorer.numbness == explorer.weakness == []
    assert explorer.normal_strength == explorer.normal_sensation == []
    assert explorer.reflexes == {}
    assert explorer.candidates == []


def test_aliases_become_canonical_names(explorer):
    explorer.side = "Right"
    explorer.numbness = ["Top of foot", "big toe"]
    explorer.weakness = ["EHL"]
    explorer.reflexes = {"ankle jerk": "Absent"}
    explorer.root = "s1"
    assert explorer.numbness == ["dorsum of foot", "great toe"]
    assert explorer.weakness == ["great toe extension"]
    assert explorer.reflexes == {"achilles": "absent"}
    assert (explorer.side, explorer.root) == ("right", "S1")


@pytest.mark.parametrize(("trait", "value", "words"), [
    ("numbness", ["dorsal foott"], "dorsum of foot"),
    ("pain", ["knee"], "unknown region"),
    ("weakness", ["toe wiggling"], "unknown action"),
    ("reflexes", {"biceps": "absent"}, "unknown reflex"),
    ("reflexes", {"achilles": "gone"}, "reflex state"),
    ("reflexes", ["achilles"], "mapping"),
    ("mode", "explore", "findings, root"),
    ("side", "both", "left, right"),
    ("root", "L6", "L1"),
    ("map_source", "dermatomes1950", "keegan1948"),
    ("nerve", "ulnar", "common fibular"),
    ("normal_strength", ["wrist extension"], "unknown action"),
    ("normal_strength", {"hip flexion": True}, "not a mapping"),
    ("normal_sensation", ["elbow"], "unknown region"),
    ("weakness", {"hip flexion": "weak"}, "not a mapping"),
])
def test_bad_names_raise_a_value_error_naming_the_choices(explorer, trait, value, words):
    before = getattr(explorer, trait)
    with pytest.raises(ValueError, match=words):
        setattr(explorer, trait, value)
    assert getattr(explorer, trait) == before


def test_constructor_accepts_findings_and_rejects_unknown_settings():
    explorer = LegPainExplorer(numbness=["sole"], reflexes={"achilles": "reduced"},
                               map_source="keegan1948")
    assert explorer.candidates[0]["id"] == localize(
        numbness=["sole"], reflexes={"achilles": "reduced"}, map_source="keegan1948")[0].id
    with pytest.raises(TypeError, match="numbness"):
        LegPainExplorer(numbnes=["sole"])
    with pytest.raises(ValueError, match="unknown region"):
        LegPainExplorer(pain=["elbow"])


# ---- candidates follow the findings ----

def _as_dicts(found) -> list[dict]:
    return [{"id": c.id, "kind": c.kind, "name": c.name, "score": c.score,
             "supporting": list(c.supporting), "against": list(c.against),
             "probability": c.probability} for c in found]


def test_candidates_are_localize_for_the_current_findings(explorer):
    explorer.numbness = ["dorsum of foot", "great toe"]
    explorer.weakness = ["great toe extension"]
    expected = localize(numbness=["dorsum of foot", "great toe"],
                                 weakness=["great toe extension"])
    assert explorer.candidates == _as_dicts(expected)
    assert explorer.candidates[0]["id"] == "L5"
    assert any("L5" in reason for reason in explorer.candidates[0]["supporting"])


def test_tested_normal_strength_moves_the_common_fibular_nerve_above_l5(explorer):
    explorer.numbness = ["dorsum of foot", "lateral leg"]
    explorer.weakness = ["ankle dorsiflexion", "ankle eversion"]
    explorer.reflexes = {"achilles": "normal"}
    assert _ids(explorer.candidates)[0] == "L5"          # nothing spares L5 yet
    explorer.normal_strength = ["ankle inversion", "hip abduction"]
    assert _ids(explorer.candidates)[0] == "common fibular"
    assert explorer.candidates == _as_dicts(localize(
        numbness=["dorsum of foot", "lateral leg"], weakness=["ankle dorsiflexion", "ankle eversion"],
        reflexes={"achilles": "normal"}, normal_strength=["ankle inversion", "hip abduction"]))
    explorer.weakness = explorer.weakness + ["ankle inversion"]   # now weak: no longer normal
    assert explorer.normal_strength == ["hip abduction"]
    assert _ids(explorer.candidates)[0] == "L5"
    assert abs(sum(c["probability"] for c in explorer.candidates) - 1) < 1e-9


def test_numb_and_normal_sensation_exclude_each_other(explorer):
    explorer.normal_sensation = ["sole", "dorsum of foot"]
    explorer.numbness = ["Top of foot"]
    assert explorer.normal_sensation == ["sole"] and explorer.numbness == ["dorsum of foot"]
    explorer.normal_sensation = ["sole", "dorsum of foot"]
    assert explorer.numbness == []
    assert explorer.findings()["normal_sensation"] == ["sole", "dorsum of foot"]
    explorer.clear()
    assert explorer.normal_sensation == explorer.normal_strength == [] == explorer.candidates


def test_changing_the_map_reranks_and_clear_empties(explorer):
    explorer.pain = ["posterolateral thigh"]
    explorer.numbness = ["buttock"]
    lee = explorer.candidates
    explorer.map_source = "keegan1948"
    assert explorer.candidates == _as_dicts(localize(
        pain=["posterolateral thigh"], numbness=["buttock"], map_source="keegan1948"))
    assert explorer.candidates != lee
    explorer.clear()
    assert explorer.candidates == [] and explorer.findings()["numbness"] == []


def test_mode_root_and_nerve_overlay_do_not_change_the_ranking(explorer):
    explorer.numbness = ["sole"]
    before = explorer.candidates
    explorer.mode, explorer.root, explorer.show_nerves = "root", "S1", True
    assert explorer.candidates == before


# ---- both legs ----

def test_changing_the_examined_leg_keeps_each_legs_findings_on_that_leg(explorer):
    explorer.numbness = ["dorsum of foot", "perineum"]   # the perineum is on the midline
    explorer.weakness = ["great toe extension"]
    explorer.reflexes = {"achilles": "normal"}
    left = explorer.candidates
    explorer.side = "right"
    assert explorer.numbness == ["perineum"] and explorer.weakness == [] and explorer.reflexes == {}
    assert explorer.other_leg == {"pain": [], "numbness": ["dorsum of foot"],
                                  "weakness": ["great toe extension"],
                                  "reflexes": {"achilles": "normal"}, "normal_strength": [],
                                  "normal_sensation": []}
    assert not explorer.both_legs
    explorer.side = "left"                               # back again: nothing lost
    assert explorer.numbness == ["perineum", "dorsum of foot"]
    assert explorer.weakness == ["great toe extension"]
    assert _ids(explorer.candidates) == _ids(left)  # same ranking (reasons in the new order)
    assert explorer.other_leg["numbness"] == [] and explorer.other_leg["weakness"] == []


def test_findings_in_both_legs_are_ranked_with_both_legs_and_say_emergency(explorer):
    explorer.numbness = ["dorsum of foot"]
    explorer.weakness = ["great toe extension"]
    assert explorer.candidates[0]["id"] == "L5" and not explorer.both_legs
    explorer.other_leg = {"pain": ["Calf"], "weakness": ["EHL"]}   # aliases accepted
    assert explorer.other_leg["pain"] == ["calf"]
    assert explorer.other_leg["weakness"] == ["great toe extension"]
    assert explorer.both_legs
    assert explorer.findings()["both_legs"] is True
    assert explorer.candidates == _as_dicts(localize(**explorer.findings()))
    assert explorer.candidates[0]["kind"] in ("several roots", "above the roots")
    # The wording is the course's one wording of the triage level for symptoms in both legs.
    from legpain import level_wording, triage

    answer = triage(["bilateral leg symptoms"])
    texts = explorer.texts["both_legs"]
    assert answer.level == "emergency" == texts["level"]
    assert (texts["label"], texts["timing"]) == (level_wording()["emergency"]["label"],
                                                 level_wording()["emergency"]["timing"])
    assert texts["action"] == answer.action and texts["action"].startswith(
        level_wording()["emergency"]["action"])
    assert "now" in texts["timing"]
    # Normal findings on the other leg are not symptoms: no longer two-sided.
    explorer.other_leg = {"normal_strength": ["great toe extension"], "reflexes": {"achilles": "normal"}}
    assert not explorer.both_legs and explorer.candidates[0]["id"] == "L5"
    explorer.clear()
    assert explorer.other_leg == {"pain": [], "numbness": [], "weakness": [], "reflexes": {},
                                  "normal_strength": [], "normal_sensation": []}


@pytest.mark.parametrize(("value", "words"), [
    (5, "other_leg must be a mapping"),
    (["calf"], "other_leg must be a mapping"),
    ({"numb": ["calf"]}, "unknown other_leg finding 'numb'; valid keys: pain, numbness"),
    ({"pain": ["elbow"]}, "unknown region"),
    ({"pain": "calf"}, "expected a list of region names"),
    ({"numbness": ["low back"]}, "midline"),
    ({"weakness": ["hip flexion"], "normal_strength": ["hip flexion"]}, "both abnormal and normal"),
    ({"reflexes": {"achilles": "gone"}}, "reflex state"),
])
def test_bad_other_leg_raises_a_value_error_naming_the_choices(explorer, value, words):
    with pytest.raises(ValueError, match=words):
        explorer.other_leg = value
    assert explorer.other_leg["pain"] == []


def test_the_constructor_puts_findings_on_the_leg_it_names():
    explorer = LegPainExplorer(side="right", numbness=["calf"], other_leg={"pain": ["calf"]})
    assert (explorer.side, explorer.numbness, explorer.other_leg["pain"]) == ("right", ["calf"], ["calf"])
    assert explorer.both_legs


def test_the_browsers_swapped_state_is_taken_as_it_is(explorer):
    """The browser swaps the legs itself and sends everything at once: nothing swaps twice."""
    explorer.numbness = ["sole"]
    explorer.set_state({"side": "right", "numbness": [], "weakness": ["hip flexion"],
                        "other_leg": {"numbness": ["sole"]}})
    assert explorer.side == "right" and explorer.numbness == [] and explorer.weakness == ["hip flexion"]
    assert explorer.other_leg["numbness"] == ["sole"] and explorer.both_legs
    assert explorer.candidates == _as_dicts(localize(**explorer.findings()))
    explorer.set_state({"normal_strength": ["hip flexion"]})   # inconsistent: weakness wins
    assert explorer.normal_strength == [] and explorer.weakness == ["hip flexion"]


def test_candidates_are_read_only_from_python(explorer):
    with pytest.raises(Exception, match="read-only"):
        explorer.candidates = []


# ---- state arriving from the browser ----

def test_good_state_from_the_browser_is_applied(explorer):
    explorer.set_state({"numbness": ["dorsum of foot"], "side": "right"})
    assert explorer.numbness == ["dorsum of foot"] and explorer.side == "right"
    assert explorer.candidates


def test_bad_state_from_the_browser_is_ignored_without_breaking(explorer, caplog):
    explorer.numbness = ["sole"]
    sent = []
    explorer.send_state = lambda key=None: sent.append(key)  # what would go back to the browser
    with caplog.at_level(logging.WARNING):
        explorer.set_state({"numbness": ["nowhere"], "mode": 3, "side": "right",
                            "candidates": [{"id": "forged"}], "tables_packed": {}})
    explorer.set_state({"normal_strength": ["toe wiggling"], "weakness": {"hip flexion": 1}})
    assert explorer.normal_strength == [] and explorer.weakness == []
    assert explorer.numbness == ["sole"]          # the bad value was dropped ...
    assert explorer.mode == "findings"
    assert explorer.side == "right"               # ... the good one in the same message kept
    assert "forged" not in _ids(explorer.candidates)
    assert explorer.tables                        # data traits cannot be overwritten
    assert {"numbness", "mode", "candidates", "tables_packed"} <= set(sent)
    assert "ignored" in caplog.text


# ---- the data shipped to the front end ----

def test_widget_state_is_json_and_carries_the_front_end():
    explorer = LegPainExplorer()
    state = explorer.get_state()
    json.dumps({k: v for k, v in state.items() if k not in ("_esm", "_css")})
    assert "export function rank" in str(state["_esm"])
    assert ".lpx-region" in str(state["_css"])


def test_tables_are_the_evidence_tables_of_localize_packed_small():
    explorer = LegPainExplorer()
    packed = explorer.tables_packed
    assert packed["encoding"] == "gzip+base64+json"
    unpacked = json.loads(gzip.decompress(base64.b64decode(packed["data"])))
    assert set(unpacked) == set(MAP_SOURCES)
    for map_source in MAP_SOURCES:
        assert unpacked[map_source] == evidence_table(map_source)
        assert explorer.tables[map_source] == evidence_table(map_source)
    assert len(packed["data"]) < len(json.dumps(unpacked)) / 4  # the page stays light
    assert LegPainExplorer().tables_packed == packed  # same bytes every run (stable notebooks)


def test_root_facts_come_from_the_knowledge_base():
    data = explorer_data()
    by_id = {r["id"]: r for r in data["roots_info"]}
    assert list(by_id) == [r.id for r in anatomy.roots()]
    for root in anatomy.roots():
        info = by_id[root.id]
        for m in anatomy.dermatome_maps():
            assert info["dermatome"][m.id] == list(root.dermatome_for(m.id).regions)
        assert info["key_sensory_point"]["region"] == root.key_sensory_point.region
        assert [m["action"] for m in info["muscles"]] == [m.action for m in root.key_muscles]
        assert [r["reflex"] for r in info["reflexes"]] == [r.reflex for r in root.reflexes]
        lee, keegan = (set(info["dermatome"][m]) for m in ("lee2008", "keegan1948"))
        assert set(info["disagree"]) == lee ^ keegan
        assert set(info["only_on"]["keegan1948"]) == keegan - lee
    l5 = by_id["L5"]
    assert "low back" in l5["only_on"]["keegan1948"]  # the maps really disagree for L5


def test_nerve_skin_fields_come_from_the_knowledge_base():
    data = explorer_data()
    fields = {n["id"]: n["skin_field"] for n in data["nerves_info"]}
    for nerve in anatomy.nerves():
        if nerve.skin_field:
            assert fields[nerve.id] == list(nerve.skin_field)
        else:
            assert nerve.id not in fields  # a motor-only nerve has nothing to overlay
    assert "common fibular" in fields and "femoral" in fields


def test_vocabulary_and_links_are_shipped():
    data = explorer_data()
    assert [r["name"] for r in data["vocab"]["regions"]] == list(vocabulary.names("region"))
    assert [a["name"] for a in data["vocab"]["actions"]] == list(vocabulary.names("action"))
    assert data["vocab"]["reflex_states"] == list(vocabulary.reflex_states())
    midline = {r["name"] for r in data["vocab"]["regions"] if r["midline"]}
    assert midline == set(geometry.MIDLINE)
    assert data["texts"]["red_flags_book"] == "08_red_flags.html"
    assert data["texts"]["red_flags_lab"] == "08_red_flags.ipynb"


# ---- the body map ----

def test_every_region_has_one_focusable_shape_per_side():
    shapes = geometry.body_map()["shapes"]
    primaries = [(s["region"], s["side"]) for s in shapes if s["primary"]]
    assert len(primaries) == len(set(primaries))
    expected = set()
    for name in vocabulary.names("region"):
        if name in geometry.MIDLINE:
            expected.add((name, None))
        else:
            expected |= {(name, "left"), (name, "right")}
    assert set(primaries) == expected
    assert {s["region"] for s in shapes} == set(vocabulary.names("region"))


def test_shapes_are_closed_paths_inside_the_drawing():
    m = geometry.body_map()
    views = {v["id"] for v in m["views"]}
    for shape in m["shapes"]:
        assert shape["view"] in views
        assert shape["d"].startswith("M") and shape["d"].endswith("Z")
        numbers = [float(x) for x in
                   shape["d"].replace("M", " ").replace("L", " ").replace("Z", " ")
                   .replace(",", " ").split()]
        xs, ys = numbers[0::2], numbers[1::2]
        assert 0 <= min(xs) and max(xs) <= m["width"], shape["region"]
        assert 0 <= min(ys) and max(ys) <= m["height"], shape["region"]


def test_each_view_has_a_half_per_leg_for_narrow_screens():
    """On a phone the front end draws only the examined leg's half of each view, enlarged: that
    half holds every shape of the leg and of the midline, and none of the other leg's."""
    m = geometry.body_map()

    def points(shape: dict) -> list[tuple[float, float]]:
        numbers = [float(x) for x in shape["d"].replace("M", " ").replace("L", " ")
                   .replace("Z", " ").replace(",", " ").split()]
        return list(zip(numbers[0::2], numbers[1::2], strict=True))

    for view in m["views"]:
        assert view["row"] in (1, 2)
        for side, other in (("left", "right"), ("right", "left")):
            box = view["halves"][side]

            def inside(x: float, y: float, b: dict = box) -> bool:
                return (b["x"] - 0.2 <= x <= b["x"] + b["width"] + 0.2
                        and b["y"] - 0.2 <= y <= b["y"] + b["height"] + 0.2)

            for shape in m["shapes"]:
                if shape["view"] != view["id"]:
                    continue
                pts = points(shape)
                centre = (sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts))
                if shape["side"] == side:
                    assert all(inside(x, y) for x, y in pts), (view["id"], side, shape["region"])
                elif shape["side"] == other:
                    assert not inside(*centre), (view["id"], side, shape["region"])
                else:
                    assert inside(*centre), (view["id"], side, shape["region"])
    assert all(shape["area"] > 0 for shape in m["shapes"])


def test_front_view_puts_the_patients_left_on_the_viewers_right():
    m = geometry.body_map()

    def centre_x(region: str, side: str, view: str) -> float:
        shape = next(s for s in m["shapes"] if (s["region"], s["side"], s["view"]) ==
                     (region, side, view))
        xs = [float(p.split(",")[0]) for p in shape["d"][1:-1].split("L")]
        return sum(xs) / len(xs)

    assert centre_x("anterior thigh", "left", "front") > centre_x("anterior thigh", "right",
                                                                   "front")
    assert centre_x("calf", "left", "back") < centre_x("calf", "right", "back")
    # The lateral thigh lies outside the medial thigh on the same leg.
    assert centre_x("lateral thigh", "left", "front") > centre_x("medial thigh", "left", "front")


def test_front_end_holds_no_clinical_data_and_fetches_nothing():
    js = (Path(geometry.__file__).parent / "widget.js").read_text(encoding="utf-8")
    for name in vocabulary.names("region") + vocabulary.names("action"):
        assert f'"{name}"' not in js, name  # names arrive in the synced state
    for root in anatomy.roots():
        assert f'"{root.id}"' not in js
    assert "fetch(" not in js and "XMLHttpRequest" not in js
    assert not [line for line in js.splitlines() if line.startswith("import ")]
    urls = {word for word in js.replace('"', " ").split() if word.startswith("http")}
    assert urls <= {"http://www.w3.org/2000/svg"}  # at most the SVG namespace, not a request

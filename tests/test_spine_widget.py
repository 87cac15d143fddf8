"""The lumbar spine widget (LumbarSpine): settings, validation, the root it reports, its shipped data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import traitlets

from legpain.knowledge import anatomy, vocabulary
from legpain.reasoning import spine
from legpain.widgets import spine as spine_widget
from legpain.widgets.spine import LumbarSpine, fallback_disc, name_if_five, spine_data

# ---------------------------------------------------------------- the chapter's two exercises

def test_paracentral_l4_l5_squeezes_the_traversing_l5_root():
    widget = LumbarSpine(disc="L4-L5", zone="paracentral")
    assert widget.compressed_roots == ("L5",)
    assert "traversing" in widget.describe()


def test_far_lateral_l4_l5_squeezes_the_exiting_l4_root():
    widget = LumbarSpine(disc="L4/5", zone="far lateral")
    assert (widget.disc, widget.zone) == ("L4-L5", "extraforaminal")
    assert widget.compressed_roots == ("L4",)
    assert widget.describe().startswith("An extraforaminal (far lateral) herniation of the L4-L5")
    assert "exiting" in widget.describe()


@pytest.mark.parametrize("disc, zone, roots", [
    ("L5-S1", "paracentral", ("S1",)), ("L5-S1", "foraminal", ("L5",)),
    ("L3-L4", "central", ("L4",)), ("L1-L2", "extraforaminal", ("L1",)),
])
def test_roots_follow_the_package_rule(disc, zone, roots):
    widget = LumbarSpine(disc=disc, zone=zone)
    assert widget.compressed_roots == roots == spine.affected_roots(disc, zone)


def test_central_herniation_is_described_on_both_sides():
    widget = LumbarSpine(disc="L4-L5", zone="central")
    assert "both sides" in widget.describe()


def test_changing_a_setting_updates_the_compressed_root():
    widget = LumbarSpine()
    assert widget.compressed_roots == ("L5",)
    widget.zone = "foraminal"
    assert widget.compressed_roots == ("L4",)
    widget.disc = "L5-S1"
    assert widget.compressed_roots == ("L5",)


# ---------------------------------------------------------------- 4 / 5 / 6 lumbar vertebrae

def test_six_lumbar_vertebrae_add_an_l6_root_and_an_l6_s1_disc():
    widget = LumbarSpine(lumbar_vertebrae=6, disc="L5-L6", zone="paracentral")
    assert widget.compressed_roots == ("L6",)
    widget.disc = "L6-S1"
    assert widget.compressed_roots == ("S1",)


def test_switching_to_four_moves_a_missing_disc_to_the_lowest_one():
    widget = LumbarSpine(disc="L5-S1", zone="paracentral")
    widget.lumbar_vertebrae = 4
    assert widget.disc == "L4-S1"
    assert widget.compressed_roots == ("S1",)
    widget.lumbar_vertebrae = 5
    assert widget.disc == "L5-S1"  # L4-S1 does not exist with five lumbar vertebrae


def test_switching_keeps_a_disc_that_still_exists():
    widget = LumbarSpine(disc="L3-L4")
    widget.lumbar_vertebrae = 6
    assert widget.disc == "L3-L4"


def test_fallback_disc():
    assert fallback_disc("L4-L5", 6) == "L4-L5"
    assert fallback_disc("L6-S1", 5) == "L5-S1"
    assert fallback_disc("L4-L5", 4) == "L4-S1"
    assert fallback_disc("nonsense", 5) == "L5-S1"


@pytest.mark.parametrize("count, disc, expected", [
    (5, "L4-L5", "L4-L5"), (6, "L6-S1", "L5-S1"), (6, "L5-L6", "L4-L5"), (6, "L1-L2", None),
    (4, "L4-S1", "L5-S1"), (4, "L3-L4", "L4-L5"),
])
def test_name_if_five_shows_how_a_wrong_count_renames_a_disc(count, disc, expected):
    assert name_if_five(disc, count) == expected


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("setting, value, names", [
    ("disc", "L7-S1", "L4-L5"), ("disc", 45, "L5-S1"), ("disc", None, "L1-L2"),
    ("zone", "lateral-ish", "extraforaminal"), ("zone", 2, "paracentral"),
    ("lumbar_vertebrae", 7, "4, 5, 6"), ("lumbar_vertebrae", True, "4, 5, 6"),
    ("lumbar_vertebrae", "5", "4, 5, 6"), ("dermatome_map", "netter", "keegan1948"),
])
def test_bad_values_raise_value_error_naming_the_valid_ones(setting, value, names):
    widget = LumbarSpine()
    with pytest.raises(ValueError, match=names):
        setattr(widget, setting, value)
    assert widget.compressed_roots == ("L5",)  # unchanged


def test_a_disc_of_another_count_is_refused_with_the_valid_discs():
    with pytest.raises(ValueError, match="L5-S1"):
        LumbarSpine(disc="L6-S1")


def test_bad_values_in_the_constructor_raise_too():
    with pytest.raises(ValueError, match="central"):
        LumbarSpine(zone="middle-ish")
    with pytest.raises(TypeError, match="lumbar_vertebrae"):
        LumbarSpine(vertebrae=5)


def test_compressed_roots_is_read_only():
    widget = LumbarSpine()
    with pytest.raises(traitlets.TraitError):
        widget.compressed_roots = ("S1",)


def test_bad_state_from_the_page_is_ignored_not_fatal():
    widget = LumbarSpine(disc="L3-L4", zone="foraminal")
    widget.set_state({"disc": "L9-L9", "zone": 5, "lumbar_vertebrae": "six",
                      "dermatome_map": None, "compressed_roots": ["S5"]})
    assert (widget.disc, widget.zone, widget.lumbar_vertebrae) == ("L3-L4", "foraminal", 5)
    assert widget.dermatome_map == "lee2008"
    assert widget.compressed_roots == ("L3",)


def test_good_state_from_the_page_is_applied():
    widget = LumbarSpine()
    widget.set_state({"lumbar_vertebrae": 6, "disc": "L6-S1", "zone": "extraforaminal",
                      "dermatome_map": "keegan1948"})
    assert widget.compressed_roots == ("L6",)
    assert widget.dermatome_map == "keegan1948"


# ---------------------------------------------------------------- data shipped to the page

def test_shipped_tables_are_the_package_tables():
    data = spine_data()
    for n in spine.LUMBAR_COUNTS:
        assert data["tables"][str(n)] == spine.disc_table(n)
    json.dumps(data)  # JSON-ready, as the saved widget state must be


def test_shipped_roots_match_the_anatomy_data_for_every_map():
    data = spine_data()
    assert set(data["roots"]) == set(anatomy.ROOT_IDS)
    for root_id, info in data["roots"].items():
        root = anatomy.root(root_id)
        for map_item in anatomy.dermatome_maps():
            assert info["dermatome"][map_item.id] == list(root.dermatome_for(map_item.id).regions)
        assert [m["action"] for m in info["muscles"]] == [m.action for m in root.key_muscles]


def test_l5_panel_data_lists_its_dermatome_and_great_toe_extension():
    info = spine_data()["roots"]["L5"]
    assert "dorsum of foot" in info["dermatome"]["lee2008"]
    assert "great toe extension" in [m["action"] for m in info["muscles"]]


def test_every_source_shown_has_a_readable_label():
    data = spine_data()
    keys = set(data["conus"]["sources"])
    for table in data["tables"].values():
        keys.update(table["sources"])
    for info in data["roots"].values():
        for group in info["dermatome_sources"].values():
            keys.update(group)
    assert keys <= set(data["labels"])
    assert all(label and label != key for key, label in data["labels"].items())


def test_counts_name_sacralization_and_lumbarization_the_right_way_round():
    counts = spine_data()["counts"]
    assert counts["4"]["label"] == "Sacralization"
    assert counts["6"]["label"] == "Lumbarization"
    assert counts["6"]["as_if_five"]["L6-S1"] == "L5-S1"


def test_the_front_end_types_no_clinical_names():
    """Regions, actions and roots' territories come from the data, never from widget.js."""
    source = (Path(spine_widget.__file__).parent / "widget.js").read_text(encoding="utf-8")
    for kind in ("region", "action", "reflex"):
        for name in vocabulary.names(kind):
            assert f'"{name}"' not in source and f"'{name}'" not in source, name
    assert "http" not in source.replace("http://www.w3.org/2000/svg", "")
    assert "console." not in source


def test_repr_has_no_memory_address():
    data, _ = LumbarSpine()._repr_mimebundle_()
    assert data["text/plain"] == "LumbarSpine(…)"

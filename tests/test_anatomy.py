"""The anatomy knowledge base: roots, nerves and spine facts load, use vocabulary names and cite."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from legpain.knowledge import anatomy, vocabulary
from legpain.knowledge.loading import DataError, Entry, bibliography, load_yaml

FILES = ("roots.yaml", "nerves.yaml", "spine.yaml")
REGION_FIELDS = ("regions", "skin_field", "pain_regions")


def _walk(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield f"{path}.{key}", value
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}[{index}]")


@pytest.mark.parametrize("file", ["roots.yaml", "nerves.yaml"])
def test_every_vocabulary_name_in_the_data_is_canonical(file: str) -> None:
    regions, actions, reflexes = (set(vocabulary.names(k)) for k in ("region", "action", "reflex"))
    checked = 0
    for path, value in _walk(load_yaml(file)):
        field = path.rsplit(".", 1)[-1]
        if field in REGION_FIELDS:
            assert set(value) <= regions, (file, path, set(value) - regions)
        elif field == "region":
            assert value in regions, (file, path, value)
        elif field in ("action", "actions"):
            values = {value} if isinstance(value, str) else set(value)
            assert values <= actions, (file, path, values - actions)
        elif field in ("reflex", "reflexes") and isinstance(value, str | list):
            values = {value} if isinstance(value, str) else {
                v if isinstance(v, str) else v["reflex"] for v in value}
            assert values <= reflexes, (file, path, values - reflexes)
        else:
            continue
        checked += 1
    assert checked > 10


@pytest.mark.parametrize("file", FILES)
def test_every_citation_key_exists_and_every_entry_cites(file: str) -> None:
    known = bibliography()
    raw = load_yaml(file)
    for path, value in _walk(raw):
        if path.endswith(".sources"):
            assert value, f"{file}{path} is empty"
            missing = [k for k in value if k not in known]
            assert not missing, f"{file}{path}: {missing} not in references/*.bib"
    for section, items in raw.items():
        if isinstance(items, list):
            for item in items:
                assert item.get("sources"), f"{file} {section} {item.get('id')}: no sources"


def test_anatomy_bib_entries_are_complete_and_dois_look_real() -> None:
    ours = {k: v for k, v in bibliography().items() if v["file"] == "anatomy.bib"}
    assert len(ours) >= 15
    for key, fields in ours.items():
        assert re.fullmatch(r"[a-z]+\d{4}[a-z]+", key), key
        assert fields.get("title") and fields.get("year"), key
        assert fields.get("author") or fields.get("editor"), key
        if "doi" in fields:
            assert re.fullmatch(r"10\.\d{4,5}/\S+", fields["doi"]), (key, fields["doi"])


def test_roots_load_in_order_with_both_maps() -> None:
    assert [r.id for r in anatomy.roots()] == list(anatomy.ROOT_IDS)
    assert [m.id for m in anatomy.dermatome_maps()] == ["lee2008", "keegan1948"]
    for item in anatomy.roots():
        for map_id in ("lee2008", "keegan1948"):
            assert item.dermatome_for(map_id).sources
        assert item.key_sensory_point.region in item.skin("lee2008")


def test_the_two_dermatome_maps_disagree_where_textbooks_do() -> None:
    l4, l5 = anatomy.root("L4"), anatomy.root("L5")
    # Keegan & Garrett run L4 down to the big toe; Lee 2008 keeps it on the inner leg.
    assert "great toe" in l4.dermatome_for("keegan1948").regions
    assert "great toe" not in l4.dermatome_for("lee2008").regions
    assert "medial leg" in l4.dermatome_for("lee2008").regions
    # Keegan's L5 band starts on the back and buttock; Lee's does not.
    assert "buttock" in l5.dermatome_for("keegan1948").regions
    assert "buttock" not in l5.dermatome_for("lee2008").regions
    # Lee 2008 does not draw S3 to S5; the course says so rather than inventing areas.
    for root_id in ("S3", "S4", "S5"):
        dermatome = anatomy.root(root_id).dermatome_for("lee2008")
        assert dermatome.regions == () and "not draw" in dermatome.note


@pytest.mark.parametrize(("root_id", "region", "words"), [
    ("L3", "medial knee", "medial femoral condyle"),
    ("L4", "medial malleolus", "medial malleolus"),
    ("L5", "dorsum of foot", "third metatarsophalangeal"),
    ("S1", "lateral heel", "lateral heel"),
    ("S2", "popliteal fossa", "popliteal fossa"),
    ("S4", "perianal area", "perianal"),
])
def test_isncsci_key_sensory_points(root_id: str, region: str, words: str) -> None:
    point = anatomy.root(root_id).key_sensory_point
    assert point.region == region
    assert words in point.text.lower()
    assert point.sources == ("kirshblum2011isncsci",)


def test_ankle_dorsiflexion_disagreement_is_stored_with_both_sources() -> None:
    def link(root_id: str) -> anatomy.MuscleAction:
        return next(m for m in anatomy.root(root_id).key_muscles
                    if m.action == "ankle dorsiflexion")
    assert link("L4").role == "main" and "kirshblum2011isncsci" in link("L4").sources
    assert link("L5").role == "main" and "engstrom2015harrison" in link("L5").sources


@pytest.mark.parametrize(("reflex", "main_root"), [
    ("patellar", "L4"), ("achilles", "S1"), ("medial hamstring", "L5")])
def test_each_reflex_has_one_main_root(reflex: str, main_root: str) -> None:
    mains = [r.id for r in anatomy.roots() for link in r.reflexes
             if link.reflex == reflex and link.role == "main"]
    assert mains == [main_root]


def test_isncsci_key_muscles_are_main_for_their_root() -> None:
    expected = {"L2": "hip flexion", "L3": "knee extension", "L4": "ankle dorsiflexion",
                "L5": "great toe extension", "S1": "ankle plantar flexion"}
    for root_id, action in expected.items():
        links = [m for m in anatomy.root(root_id).key_muscles if m.action == action]
        assert links and links[0].role == "main"
        assert "kirshblum2011isncsci" in links[0].sources


def test_nerves_have_the_facts_that_separate_them_from_roots() -> None:
    ids = {n.id for n in anatomy.nerves()}
    assert ids == {"femoral", "obturator", "lateral femoral cutaneous", "sciatic", "tibial",
                   "common fibular", "superficial fibular", "deep fibular", "sural", "saphenous",
                   "superior gluteal", "inferior gluteal"}
    fibular, tibial = anatomy.nerve("common fibular"), anatomy.nerve("Tibial")
    assert {"ankle dorsiflexion", "ankle eversion"} <= set(fibular.actions)
    assert "ankle inversion" not in fibular.actions and "ankle inversion" in tibial.actions
    assert "hip abduction" in anatomy.nerve("superior gluteal").actions
    assert "hip adduction" in anatomy.nerve("obturator").actions
    assert "hip adduction" not in anatomy.nerve("femoral").actions
    assert anatomy.nerve("femoral").reflexes == ("patellar",)
    for motor_only in ("superior gluteal", "inferior gluteal"):
        assert anatomy.nerve(motor_only).skin_field == ()
    for sensory_only in ("lateral femoral cutaneous", "sural", "saphenous"):
        assert anatomy.nerve(sensory_only).actions == ()
    for item in anatomy.nerves():
        assert set(item.roots) <= set(anatomy.ROOT_IDS) and item.entrapment_sites


def test_sciatic_piriformis_variants_carry_the_meta_analysis_figure() -> None:
    figures = anatomy.nerve("sciatic").piriformis_figures
    smoll = next(f for f in figures if f.sources == ("smoll2010piriformis",))
    assert smoll.value == 16.9 and smoll.ci95 == (16.0, 17.9)
    for figure in figures:
        assert figure.sources


def test_spine_facts_and_zones() -> None:
    facts = {f.id: f for f in anatomy.spine_facts()}
    assert "saifuddin1998conus" in facts["conus medullaris"].sources
    assert "below the pedicle" in facts["root exit rule"].text
    assert [z.id for z in anatomy.zones()] == ["central", "paracentral", "foraminal",
                                               "extraforaminal"]
    assert [c.id for c in anatomy.castellvi_types()] == ["I", "II", "III", "IV"]
    transitional = {f.id: f for f in anatomy.transitional_vertebrae()}
    assert transitional["sacralization"].lumbar_vertebrae == 4
    assert transitional["lumbarization"].lumbar_vertebrae == 6
    assert all(f.sources for fact in transitional.values() for f in fact.figures)


def test_lookups_reject_unknown_names_with_the_valid_choices() -> None:
    assert anatomy.root("l5").id == "L5"
    with pytest.raises(ValueError, match="Valid roots: L1, L2"):
        anatomy.root("L9")
    with pytest.raises(ValueError, match="Valid nerves: .*common fibular"):
        anatomy.nerve("radial")
    with pytest.raises(ValueError, match="lee2008, keegan1948"):
        anatomy.root("L4").dermatome_for("foerster1933")


def test_a_bad_region_or_missing_source_in_the_data_names_file_entry_and_field() -> None:
    bad_region = Entry("roots.yaml", {"regions": ["dorsal foot?"],
                                      "sources": ["lee2008dermatomes"]}, "L5.dermatome.lee2008")
    with pytest.raises(DataError, match=r"roots.yaml, entry 'L5.dermatome.lee2008', "
                                        r"field 'regions'"):
        anatomy._region_set(bad_region)
    no_source = Entry("roots.yaml", {"regions": ["calf"], "sources": ["kegan1948"]}, "S1.x")
    with pytest.raises(DataError, match="citation key 'kegan1948'"):
        anatomy._region_set(no_source)


def test_citation_labels_are_author_and_year() -> None:
    assert anatomy.citation_label("lee2008dermatomes") == "Lee 2008"
    assert anatomy.citation_label("standring2020grays") == "Standring 2020"

"""Disc level x herniation zone -> root, the inverse, transitional vertebrae and counting."""

from __future__ import annotations

import json

import pytest

from legpain.reasoning import spine


@pytest.mark.parametrize("name", ["L4-L5", "L4–L5", "l4/5", "L4/L5", "l4-5", " L4 / L5 "])
def test_disc_names_in_every_common_spelling(name: str) -> None:
    assert spine.canonical_disc(name) == "L4-L5"
    assert spine.affected_roots(name) == ("L5",)


@pytest.mark.parametrize(("disc", "zone", "roots"), [
    ("L4-L5", "paracentral", ("L5",)),   # traversing root
    ("L4-L5", "subarticular", ("L5",)),
    ("L4-L5", "central", ("L5",)),
    ("L4-L5", "foraminal", ("L4",)),     # exiting root
    ("L4-L5", "far lateral", ("L4",)),
    ("L4-L5", "Extraforaminal", ("L4",)),
    ("L5-S1", "paracentral", ("S1",)),
    ("l5/s1", "far-lateral", ("L5",)),
    ("L3-L4", "paracentral", ("L4",)),
    ("L1-L2", "paracentral", ("L2",)),
])
def test_affected_roots(disc: str, zone: str, roots: tuple[str, ...]) -> None:
    assert spine.affected_roots(disc, zone) == roots


def test_disc_levels_is_the_inverse_of_affected_roots() -> None:
    assert spine.disc_levels("L5") == ("L4-L5",)
    assert spine.disc_levels("L5", "far lateral") == ("L5-S1",)
    assert spine.disc_levels("s1") == ("L5-S1",)
    assert spine.disc_levels("S2") == ()          # no lumbar disc reaches S2 first
    assert spine.disc_levels("L1") == ()          # L1 traverses the T12-L1 disc, not a lumbar one
    for count in spine.LUMBAR_COUNTS:
        for zone in ("central", "paracentral", "foraminal", "extraforaminal"):
            for root in spine.root_names(count):
                for disc in spine.disc_levels(root, zone, lumbar_vertebrae=count):
                    assert spine.affected_roots(disc, zone, lumbar_vertebrae=count) == (root,)
            for disc in spine.discs(count):
                (root,) = spine.affected_roots(disc, zone, lumbar_vertebrae=count)
                assert disc in spine.disc_levels(root, zone, lumbar_vertebrae=count)


def test_transitional_vertebrae_change_the_count() -> None:
    assert spine.discs(5)[-1] == "L5-S1"
    # Sacralization: four mobile lumbar vertebrae, the lowest disc is L4-S1.
    assert spine.discs(4) == ("L1-L2", "L2-L3", "L3-L4", "L4-S1")
    assert spine.affected_roots("L4/S1", lumbar_vertebrae=4) == ("S1",)
    assert spine.affected_roots("l4/s1", "far lateral", lumbar_vertebrae=4) == ("L4",)
    with pytest.raises(ValueError, match="Valid discs: L1-L2, L2-L3, L3-L4, L4-S1"):
        spine.affected_roots("L4-L5", lumbar_vertebrae=4)
    with pytest.raises(ValueError, match="Valid roots"):
        spine.disc_levels("L5", lumbar_vertebrae=4)
    # Lumbarization: six mobile lumbar vertebrae, an L5-L6 and an L6-S1 disc, and an L6 root.
    assert spine.discs(6)[-2:] == ("L5-L6", "L6-S1")
    assert spine.affected_roots("l5/6", lumbar_vertebrae=6) == ("L6",)
    assert spine.affected_roots("L6-S1", lumbar_vertebrae=6) == ("S1",)
    assert spine.disc_levels("L6", "foraminal", lumbar_vertebrae=6) == ("L6-S1",)
    assert "L6" in spine.counting_convention(6) and "S1" in spine.counting_convention(4)


def test_disc_table_for_widgets() -> None:
    table = spine.disc_table()
    assert json.loads(json.dumps(table)) == table
    assert table["discs"] == list(spine.discs())
    row = next(r for r in table["rows"] if r["disc"] == "L4-L5")
    assert (row["exiting"], row["traversing"]) == ("L4", "L5")
    assert row["zones"]["paracentral"]["roots"] == ["L5"]
    assert row["zones"]["extraforaminal"]["roots"] == ["L4"]
    central = row["zones"]["central"]
    assert central["sides"] == "both" and central["if_large"][:2] == ["L5", "S1"]
    assert central["if_large"][-1] == "S5"
    assert "conus" in table["rows"][0]["note"]
    assert table["sources"] and all(z["sources"] for z in table["zones"])
    table["rows"].clear()  # a copy: changing it must not change the next answer
    assert spine.disc_table()["rows"]
    assert spine.disc_table(6)["discs"][-1] == "L6-S1"


def test_transitional_facts_are_sourced_and_json_ready() -> None:
    facts = spine.transitional_facts()
    assert json.loads(json.dumps(facts)) == facts
    by_id = {f["id"]: f for f in facts["facts"]}
    assert by_id["sacralization"]["lumbar_vertebrae"] == 4
    assert by_id["lumbarization"]["lumbar_vertebrae"] == 6
    assert "bertolotti syndrome" in by_id and "counting errors" in by_id
    assert [c["id"] for c in facts["castellvi"]] == ["I", "II", "III", "IV"]
    assert sum(facts["castellvi_distribution"]["percent"].values()) == pytest.approx(99.8)
    for fact in facts["facts"] + facts["castellvi"]:
        assert fact["sources"]
        for figure in fact.get("figures", []):
            assert figure["sources"]
    assert json.dumps(spine.lumbar_facts())


@pytest.mark.parametrize(("call", "message"), [
    (lambda: spine.affected_roots("L5-L6"), "Valid discs: L1-L2"),
    (lambda: spine.affected_roots("L3-L5"), "Valid discs"),
    (lambda: spine.affected_roots("disc"), "Valid discs"),
    (lambda: spine.affected_roots(45), "Valid discs"),
    (lambda: spine.affected_roots("L4-L5", "sideways"), "Valid zones .*extraforaminal"),
    (lambda: spine.affected_roots("L4-L5", None), "Valid zones"),
    (lambda: spine.affected_roots("L4-L5", lumbar_vertebrae=7), r"one of \(4, 5, 6\)"),
    (lambda: spine.affected_roots("L4-L5", lumbar_vertebrae=True), r"one of \(4, 5, 6\)"),
    (lambda: spine.disc_levels("L9"), "Valid roots: L1"),
    (lambda: spine.disc_levels(5), "Valid roots"),
    (lambda: spine.disc_levels("L5", "nowhere"), "Valid zones"),
    (lambda: spine.disc_table(3), r"one of \(4, 5, 6\)"),
])
def test_bad_input_names_the_valid_choices(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()

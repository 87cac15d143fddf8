"""The lumbosacral plexus data (plexus.yaml) and its loader, legpain.knowledge.plexus."""

from __future__ import annotations

import pytest
import yaml

from legpain.knowledge import anatomy, plexus
from legpain.knowledge.loading import DataError


def test_parts_top_to_bottom_with_sources():
    parts = plexus.plexuses()
    assert [p.id for p in parts] == ["lumbar plexus", "lumbosacral trunk", "sacral plexus"]
    assert all(p.sources for p in parts)


def test_femoral_comes_from_the_lumbar_and_sciatic_from_the_sacral_plexus():
    assert plexus.plexus_of("femoral").id == "lumbar plexus"
    assert plexus.plexus_of("Sciatic").id == "sacral plexus"
    assert plexus.plexus_of("obturator").id == "lumbar plexus"


def test_lumbosacral_trunk_links_the_two_parts():
    trunk = plexus.plexus("Lumbosacral trunk")
    assert trunk.rami == ("L4", "L5")
    assert set(trunk.rami) <= set(plexus.plexus("sacral plexus").rami)
    assert "L4" in plexus.plexus("lumbar plexus").rami  # L4 is shared by both parts


def test_every_branch_roots_lie_within_its_plexus_rami():
    """A nerve cannot carry fibres from a root that does not enter its part of the plexus."""
    for part in plexus.plexuses():
        for branch in part.branches:
            assert set(anatomy.nerve(branch).roots) <= set(part.rami), (part.id, branch)


def test_unknown_names_raise_value_error_naming_the_valid_ones():
    with pytest.raises(ValueError, match="sacral plexus"):
        plexus.plexus("cervical plexus")
    with pytest.raises(ValueError, match="sciatic"):
        plexus.plexus_of("radial")
    with pytest.raises(ValueError, match="not a direct branch"):
        plexus.plexus_of("sural")


def test_table_rows_show_nerves_with_their_roots():
    rows = {r["name"]: r for r in plexus.plexus_table()}
    assert "Sciatic nerve (L4, L5, S1, S2, S3)" in rows["Sacral plexus"]["nerves"]
    assert "Femoral nerve (L2, L3, L4)" in rows["Lumbar plexus"]["nerves"]


@pytest.fixture()
def data_folder(tmp_path, monkeypatch):
    """Point the loaders at a temporary copy of the data folder holding a broken plexus.yaml."""
    import shutil

    import legpain.knowledge.loading as data

    folder = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, folder)
    monkeypatch.setattr(data, "DATA_DIR", folder)
    data.load_yaml.cache_clear()
    plexus.plexuses.cache_clear()
    yield folder
    data.load_yaml.cache_clear()
    plexus.plexuses.cache_clear()


@pytest.mark.parametrize("change, message", [
    ({"branches": ["radial"]}, "not a nerve in nerves.yaml"),
    ({"rami": ["C5"]}, "is not one of"),
    ({"sources": ["nobody1999"]}, "nobody1999"),
    ({"sources": []}, "at least one citation key"),
])
def test_bad_data_names_file_entry_and_field(data_folder, change, message):
    path = data_folder / "plexus.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["plexuses"][0].update(change)
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(DataError, match=message) as error:
        plexus.plexuses()
    assert "plexus.yaml, entry 'lumbar plexus'" in str(error.value)

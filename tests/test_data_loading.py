"""Loading the knowledge base: every bad file is a DataError that says which file, entry and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from legpain.knowledge import loading as _data, vocabulary
from legpain.knowledge.loading import DataError

VOCABULARY = """\
regions:
  - {name: dorsum of foot, aliases: [top of foot], description: "the top of the foot"}
  - {name: sole, aliases: [plantar foot], description: "the underside of the foot"}
actions:
  - {name: hip flexion, aliases: [], description: "lifting the thigh"}
reflexes:
  - {name: achilles, aliases: [ankle jerk], description: "the ankle jerk"}
reflex_states: [normal, reduced, absent, brisk]
red_flags:
  - {name: fever, aliases: [pyrexia], description: "a raised temperature"}
claudication_features:
  - {name: calf pain, aliases: [], description: "pain in the calf"}
"""


def clear_caches() -> None:
    for cached in (_data.load_yaml, _data.bibliography, vocabulary.terms, vocabulary._lookup):
        cached.cache_clear()


@pytest.fixture()
def data_dir(tmp_path, monkeypatch) -> Path:
    """An empty data folder the loaders read instead of the bundled one (real data restored after)."""
    (tmp_path / "references").mkdir()
    monkeypatch.setattr(_data, "DATA_DIR", tmp_path)
    monkeypatch.setattr(_data, "REFERENCES_DIR", tmp_path / "references")
    clear_caches()
    yield tmp_path
    monkeypatch.undo()
    clear_caches()


def test_the_bundled_data_loads_with_no_shadowed_alias():
    for kind in vocabulary.KINDS:
        assert vocabulary.terms(kind)
    assert _data.bibliography()
    for file, section in [("exam_tests.yaml", "tests"), ("interventions.yaml", "conditions")]:
        assert _data.entries(file, section)


# --- empty and non-UTF-8 files ----------------------------------------------------------------------

@pytest.mark.parametrize("content", [b"", b"\n  \n", b"# only a comment\n"])
def test_an_empty_data_file_names_the_file(data_dir, content):
    (data_dir / "vocabulary.yaml").write_bytes(content)
    with pytest.raises(DataError) as error:
        vocabulary.terms("region")
    assert error.value.file == "vocabulary.yaml"
    assert str(error.value).startswith("vocabulary.yaml: ")
    assert "empty" in str(error.value) or "no data" in str(error.value)


@pytest.mark.parametrize("content", [
    "regions: []\n# caf\u00e9\n".encode("latin-1"),    # a Latin-1 e-acute
    "regions: []\n".encode("utf-16"),                    # a whole file in another encoding
    b"regions:\n  - {name: \xff\xfe}\n",
])
def test_a_file_that_is_not_utf8_names_the_file(data_dir, content):
    (data_dir / "glossary").mkdir()
    (data_dir / "glossary" / "terms.yaml").write_bytes(content)
    with pytest.raises(DataError) as error:
        _data.load_yaml("glossary/terms.yaml")
    assert error.value.file == "glossary/terms.yaml"
    assert "UTF-8" in str(error.value)


def test_a_utf8_file_with_a_byte_order_mark_is_fine(data_dir):
    (data_dir / "vocabulary.yaml").write_bytes(b"\xef\xbb\xbf" + VOCABULARY.encode())
    assert vocabulary.names("region") == ("dorsum of foot", "sole")


def test_a_missing_file_names_the_file(data_dir):
    with pytest.raises(DataError, match="^nothing.yaml: file not found"):
        _data.load_yaml("nothing.yaml")


@pytest.mark.parametrize("content", [
    b"", b"% a comment and no entry\n", "@book{k, title={Caf\u00e9}}".encode("latin-1")])
def test_a_bad_bibliography_file_names_the_file(data_dir, content):
    (data_dir / "references" / "broken.bib").write_bytes(content)
    with pytest.raises(DataError) as error:
        _data.bibliography()
    assert error.value.file == "references/broken.bib"


# --- names and aliases mean one thing ---------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "entry", "field"), [
    # an alias of 'sole' that is the name of 'dorsum of foot'
    ("aliases: [plantar foot]", "aliases: [plantar foot, Dorsum Of Foot]", "sole", "aliases"),
    # an alias of 'sole' that is an alias of 'dorsum of foot' (case and spacing aside)
    ("aliases: [plantar foot]", "aliases: [plantar foot, top  of_foot]", "sole", "aliases"),
    # a name that is another term's alias
    ("name: sole, aliases: [plantar foot]", "name: top of foot, aliases: [plantar foot]",
     "top of foot", "name"),
])
def test_an_alias_that_shadows_another_term_names_file_entry_and_field(data_dir, old, new, entry, field):
    assert old in VOCABULARY
    (data_dir / "vocabulary.yaml").write_text(VOCABULARY.replace(old, new), encoding="utf-8")
    with pytest.raises(DataError) as error:
        vocabulary.canonical("region", "sole")
    assert (error.value.file, error.value.entry, error.value.field) == ("vocabulary.yaml", entry, field)
    assert "dorsum of foot" in str(error.value)


def test_the_same_word_in_different_kinds_or_twice_in_one_term_is_fine(data_dir):
    text = VOCABULARY.replace("aliases: [pyrexia]", "aliases: [pyrexia, Fever, calf pain]")
    (data_dir / "vocabulary.yaml").write_text(text, encoding="utf-8")
    assert vocabulary.canonical("red flag", "calf pain") == "fever"
    assert vocabulary.canonical("claudication feature", "calf pain") == "calf pain"


def test_the_shared_check_names_the_entry_whose_alias_shadows_another():
    """`check_unique_words` is what the vocabulary uses; any loader of named entries can call it."""
    items = [_data.Entry("exam_tests.yaml", {"id": "straight leg raise", "aliases": ["SLR", "Lasegue"]}),
             _data.Entry("exam_tests.yaml", {"id": "slump test", "aliases": ["slump", "slr"]})]
    with pytest.raises(DataError) as error:
        _data.check_unique_words("exam_tests.yaml", items)
    assert (error.value.file, error.value.entry, error.value.field) == (
        "exam_tests.yaml", "slump test", "aliases")
    assert "straight leg raise" in str(error.value)
    _data.check_unique_words("exam_tests.yaml", items[:1])  # one entry's own words may repeat


@pytest.mark.parametrize("path", sorted(_data.DATA_DIR.rglob("*.yaml")), ids=lambda p: p.name)
def test_the_fast_loader_reads_every_data_file_as_the_reference_loader_does(path):
    """The package reads data with libyaml's loader when PyYAML has it; it must give exactly what
    PyYAML's own safe loader gives."""
    import yaml

    text = path.read_text(encoding="utf-8")
    assert _data.read_yaml(path, path.name) == yaml.safe_load(text)


def test_an_invalid_yaml_file_still_names_the_file(data_dir):
    (data_dir / "roots.yaml").write_text("roots: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError, match="roots.yaml: not valid YAML"):
        _data.read_yaml(data_dir / "roots.yaml", "roots.yaml")

"""How the book names a source: author and year, short names for organisations, "et al."."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from pybtex.database import Entry, Person

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
from legpain_citations import AuthorYearLabels, short_author  # noqa: E402

from legpain.knowledge.sources import source_label  # noqa: E402


def entry(*authors: str, year: str = "2020", **fields: str) -> Entry:
    e = Entry("article", fields={"year": year, "title": "T", **fields})
    e.persons["author"] = [Person(a) for a in authors]
    return e


@pytest.mark.parametrize("authors, expected", [
    (["Lee, M. W. J."], "Lee"),
    (["Lee, M.", "McPhee, R."], "Lee and McPhee"),
    (["Lee, M.", "McPhee, R.", "Stringer, M."], "Lee et al."),
    (["Rydevik, Bj{\\\"o}rn", "others"], "Rydevik et al."),  # a list the course did not see in full
    (["van der Windt, D.", "Simons, E.", "Koes, B."], "van der Windt et al."),
    (["Batti{\\'e}, M. C.", "Videman, T."], "Battié and Videman"),
])
def test_short_author_names_people_the_way_readers_expect(authors, expected):
    assert short_author(entry(*authors)) == expected


def test_an_organisation_is_cited_by_its_short_name():
    nice = entry("{National Institute for Health and Care Excellence}", shortauthor="NICE")
    assert short_author(nice) == "NICE"
    assert short_author(entry("{BMJ Best Practice}")) == "BMJ Best Practice"


def test_labels_are_author_year_and_unique():
    labels = list(AuthorYearLabels().format_labels(
        [entry("Smith, A."), entry("Smith, A."), entry("Jones, B.", year="1999")]))
    assert labels == ["Smith 2020a", "Smith 2020b", "Jones 1999"]


def test_notebook_outputs_use_the_same_short_names():
    assert source_label("nice2016ng59") == "NICE 2016"
    assert source_label("girft2023ces") == "GIRFT 2023"
    assert source_label("rydevik1984pathoanatomy") == "Rydevik et al. 1984"


@pytest.mark.book
def test_the_references_page_lists_author_year_labels(built_book):
    page = (built_book / "book" / "references.html").read_text(encoding="utf-8")
    labels = re.findall(r'<span class="label"><span class="fn-bracket">\[</span>(.*?)<span', page)
    assert len(labels) > 100
    alpha = [label for label in labels if re.fullmatch(r"[A-Z][A-Za-z]*\+?\d{2}[a-z]?", label)]
    assert not alpha, alpha[:5]
    assert "NICE 2016" in labels and "Finucane et al. 2020" in labels
    assert not [label for label in labels if "\\" in label or "{" in label], "LaTeX left in a label"


def test_code_outputs_and_the_book_name_every_source_alike():
    """A table's "Sources" column (legpain.source_label) and the book's citations (the label the
    notebooks' citation links carry) give every key the same words."""
    from legpain_authoring.markup import citation_label, known_keys

    differ = {key: (source_label(key), citation_label(key)) for key in sorted(known_keys())
              if source_label(key) != citation_label(key)}
    assert differ == {}


# ---- speed: backends found without scanning entry points; formatted entries kept between builds ----

def test_the_backends_looked_up_per_citation_are_runtime_plugins():
    import legpain_citations
    import pybtex.plugin

    legpain_citations._register()
    for name in ("plaintext", "docutils"):
        assert pybtex.plugin._RUNTIME_PLUGINS["pybtex.backends"][name] is \
            pybtex.plugin.find_plugin("pybtex.backends", name)


class _App:
    def __init__(self, folder: Path) -> None:
        self.doctreedir = str(folder)


def _entry(title: str = "Low back pain") -> Entry:
    return Entry("article", fields={"title": title, "journal": "Lancet", "year": "2018"},
                 persons={"author": [Person("Hartvigsen, Jan")]})


def _fresh_cache(lc, monkeypatch) -> None:
    monkeypatch.setattr(lc, "_FORMATTED", {})
    monkeypatch.setattr(lc, "_CACHE", lc._Cache())


def test_formatted_entries_are_reused_only_while_entry_label_and_code_are_the_same(tmp_path, monkeypatch):
    import legpain_citations as lc

    _fresh_cache(lc, monkeypatch)
    lc._load_formatted(_App(tmp_path))
    style = lc.LegpainBibliographyStyle()
    entry = _entry()
    entry.key = "hartvigsen2018lancet"
    first = style.format_entry("Hartvigsen 2018", entry)
    assert style.format_entry("Hartvigsen 2018", entry) is first  # the tooltip pass reuses it
    changed = _entry("Low back pain: a call for action")
    changed.key = entry.key
    assert style.format_entry("Hartvigsen 2018", changed).text.render_as("text") != \
        first.text.render_as("text")
    lc._save_formatted(_App(tmp_path), None)
    assert (tmp_path / lc._CACHE_FILE).exists()

    _fresh_cache(lc, monkeypatch)
    lc._load_formatted(_App(tmp_path))
    assert lc._FORMATTED == {}, "nothing is read until an entry is formatted"
    again = style.format_entry("Hartvigsen 2018", entry)
    assert len(lc._FORMATTED) == 2  # the next build starts with both ...
    assert again.text.render_as("text") == first.text.render_as("text")
    written = (tmp_path / lc._CACHE_FILE).stat().st_mtime_ns
    lc._save_formatted(_App(tmp_path), None)
    assert (tmp_path / lc._CACHE_FILE).stat().st_mtime_ns == written, "... and, gaining none, writes none"

    _fresh_cache(lc, monkeypatch)
    monkeypatch.setattr(lc, "_code_fingerprint", lambda: "other code")
    lc._load_formatted(_App(tmp_path))
    lc._CACHE.load()
    assert lc._FORMATTED == {}  # changed formatting code: nothing reused


@pytest.mark.parametrize("junk", [b"", b"not a pickle", b"\x80\x04K\x01."])
def test_a_damaged_bibliography_cache_is_ignored(tmp_path, monkeypatch, junk):
    import legpain_citations as lc

    _fresh_cache(lc, monkeypatch)
    (tmp_path / lc._CACHE_FILE).write_bytes(junk)
    lc._load_formatted(_App(tmp_path))
    lc._CACHE.load()
    assert lc._FORMATTED == {}


def test_a_source_cited_again_from_the_same_page_is_formatted_once(monkeypatch):
    """The facts appendix cites one source many times; each page formats each reference once, and
    the reused reference reads exactly like a freshly formatted one."""
    import legpain_citations as lc
    import pybtex_docutils
    from sphinxcontrib.bibtex.style.referencing import format_references
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
    from sphinxcontrib.bibtex.style.template import SphinxReferenceInfo

    monkeypatch.setattr(lc, "_REFERENCES", {})
    formatted: list[str] = []
    real_inner = AuthorYearReferenceStyle.inner
    monkeypatch.setattr(AuthorYearReferenceStyle, "inner",
                        lambda self, role: formatted.append(role) or real_inner(self, role))
    source = entry("Finucane, L.", "Downie, A.", "Mercer, C.")
    source.key = "finucane2020"

    class HtmlBuilder:
        name = "html"

        def get_relative_uri(self, from_page: str, to_page: str) -> str:
            return f"../{to_page}.html"

    builder = HtmlBuilder()

    def cite(page: str, role: str = "p", post: str = "") -> str:
        info = SphinxReferenceInfo(builder=builder, fromdocname=page, todocname="book/references",
                                   citation_id="id7", title="tooltip", pre_text="", post_text=post)
        text = format_references(lc.LegpainAuthorYearStyle(), role, [(source, None, info)])
        return "".join(node.astext() for node in text.render(pybtex_docutils.Backend()))

    assert cite("notebooks/08") == "[Finucane et al., 2020]"
    assert cite("notebooks/08") == "[Finucane et al., 2020]"
    assert formatted == ["p"], "the second citation from the same page reuses the first"
    assert cite("notebooks/09") == "[Finucane et al., 2020]"  # another page: its own links
    assert cite("notebooks/08", role="t") == "Finucane et al. [2020]"
    assert cite("notebooks/08", post="p. 3") == "[Finucane et al., 2020, p. 3]"
    assert len(formatted) == 4
    lc._load_formatted(_App(Path("/nonexistent")))
    assert lc._REFERENCES == {}, "a new build starts afresh"

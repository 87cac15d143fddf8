"""Citations that read as author and year everywhere: "[NICE, 2016]", "Finucane et al. [2020]".

Two pieces, both registered as pybtex plugins when Sphinx loads this extension:

- a referencing style for the text (``bibtex_reference_style: legpain_author_year``): the usual
  author-year style, except that an organisation named by its short form (a ``shortauthor`` field
  in the BibTeX entry, e.g. NICE) is cited by that form, and an author list that ends in
  "and others" (lists the course did not see in full) reads "Rydevik et al.", not "Rydevik and
  others";
- a bibliography style (``bibtex_default_style: legpain``) whose labels on the references page are
  the same "Finucane et al. 2020" instead of alpha labels such as "[FDM+20]".

Who a source names (:func:`short_author`) and its label (:func:`entry_label`) come from
``legpain_authoring.markup``, which writes the same label as the text of the notebooks' citation
links, so the notebooks and the book never name a source differently.

Speed (measured by ``course.py bench``): sphinxcontrib-bibtex looks the "plaintext" and "docutils"
output backends up by name for every citation in the book, and pybtex answers each look-up by
scanning the installed packages' entry points (about 12 ms; 1,300 citations made 16 s of a cold
build). Registered here as runtime plugins, they are found at once. And the whole bibliography is
formatted on every build, twice (entries and tooltips), even when nothing changed: the formatted
entries are kept in the build's doctree folder and reused while the entry, its label and this
code are the same. Within a build, a source cited again from the same page reuses its formatted
reference (``_RememberedReference``).
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import pybtex
import pybtex.backends.plaintext
import pybtex.plugin
import pybtex_docutils
import sphinxcontrib.bibtex.plugin
from pybtex.richtext import Tag, Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import node
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

# one naming rule for the book and the notebooks' citation links (src/legpain_authoring/markup.py)
from legpain_authoring.markup import ET_AL, entry_label, short_author


@node
def short_names(children, data, **kwargs):
    """Template node: the short author of the entry being cited, "et al." in italics."""
    assert not children
    who = short_author(data["entry"])
    if who.endswith(ET_AL):
        return Text(who[: -len(ET_AL)], " ", Tag("em", "et al."))
    return Text(who)


@dataclass
class ShortPersonStyle(PersonStyle):
    """Persons named the way :func:`short_author` names them, in every citation role."""

    def names(self, role: str, full: bool):
        return short_names()

    def author_or_editor_or_title(self, full: bool):
        return short_names()


#: formatted references of this build: (role, entry key, where it is cited and what it links to)
#: -> the formatted text; emptied when a build starts
_REFERENCES: dict[tuple, object] = {}


@dataclass
class LegpainAuthorYearStyle(AuthorYearReferenceStyle):
    person: PersonStyle = field(default_factory=ShortPersonStyle)

    def inner(self, role_name: str):
        return _RememberedReference(self, role_name)


@dataclass
class _RememberedReference:
    """The inner template of a reference, formatted once per role, source and citing page: a page
    often cites the same source many times (the facts appendix cites some 900 sources in 500
    places), and pybtex's templates took about 0.5 ms for each."""

    style: LegpainAuthorYearStyle
    role_name: str

    def format_data(self, data):
        key = (self.role_name, data["entry"].key, data["reference_info"])
        if key not in _REFERENCES:
            template = AuthorYearReferenceStyle.inner(self.style, self.role_name)
            _REFERENCES[key] = template.format_data(data)
        return _REFERENCES[key]


class AuthorYearLabels(BaseLabelStyle):
    """References-page labels "Finucane et al. 2020"; same author and year get a, b, c."""

    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        labels = [entry_label(e) for e in entries]
        repeated = {label for label in labels if labels.count(label) > 1}
        seen: dict[str, int] = {}
        for label in labels:
            if label in repeated:
                seen[label] = seen.get(label, 0) + 1
                yield f"{label}{chr(ord('a') + seen[label] - 1)}"
            else:
                yield label


#: formatted bibliography entries of this and earlier builds: cache key -> FormattedEntry
_FORMATTED: dict[tuple, object] = {}
_CACHE_FILE = "legpain-bibliography.pickle"


@dataclass
class _Cache:
    """Where the formatted entries are kept between builds; read on the first entry formatted
    (a rebuild in which no page changed formats none) and written only when it gained entries."""

    path: Path | None = None
    loaded: bool = False
    changed: bool = False

    def load(self) -> None:
        if self.loaded or self.path is None:
            return
        self.loaded = True
        try:
            fingerprint, formatted = pickle.loads(self.path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
                ImportError):
            return  # no cache yet, or one this code cannot read: format afresh
        if fingerprint == _code_fingerprint() and isinstance(formatted, dict):
            for key, entry in formatted.items():
                _FORMATTED.setdefault(key, entry)


_CACHE = _Cache()


def _cache_key(label: str, entry) -> tuple:
    persons = tuple((role, tuple(str(p) for p in people)) for role, people in entry.persons.items())
    return (label, entry.key, entry.type, tuple(entry.fields.items()), persons)


class LegpainBibliographyStyle(PlainStyle):
    default_label_style = "legpain_author_year"

    def format_entry(self, label, entry, bib_format=None):
        if bib_format is not None:
            return super().format_entry(label, entry, bib_format)
        key = _cache_key(label, entry)
        _CACHE.load()
        if key not in _FORMATTED:
            _FORMATTED[key] = super().format_entry(label, entry)
            _CACHE.changed = True
        return _FORMATTED[key]


def _code_fingerprint() -> str:
    """Changes whenever the code that formats entries may have changed."""
    import legpain_authoring.markup as markup

    digest = hashlib.sha256(pybtex.__version__.encode())
    for path in (Path(__file__), Path(markup.__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _load_formatted(app) -> None:
    """Point the cache at this build's doctree folder; it is read when first needed."""
    _REFERENCES.clear()
    path = Path(app.doctreedir) / _CACHE_FILE
    if _CACHE.path != path:
        _CACHE.path, _CACHE.loaded, _CACHE.changed = path, False, False


def _save_formatted(app, exception) -> None:
    if exception is not None or not _CACHE.changed or _CACHE.path is None:
        return
    try:
        _CACHE.path.write_bytes(pickle.dumps((_code_fingerprint(), dict(_FORMATTED))))
        _CACHE.changed = False
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        _CACHE.path.unlink(missing_ok=True)  # a cache is never worth a failed build


def _register() -> None:
    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", "legpain_author_year", LegpainAuthorYearStyle,
        force=True)
    for group, name, plugin in (
        ("pybtex.style.labels", "legpain_author_year", AuthorYearLabels),
        ("pybtex.style.formatting", "legpain", LegpainBibliographyStyle),
    ):
        # force: a second build in the same process registers the same classes again
        pybtex.plugin.register_plugin(group, name, plugin, force=True)
    # looked up by name for every citation: found at once instead of through entry points
    pybtex.plugin.register_plugin("pybtex.backends", "plaintext", pybtex.backends.plaintext.Backend,
                                  force=True)
    pybtex.plugin.register_plugin("pybtex.backends", "docutils", pybtex_docutils.Backend, force=True)


def setup(app):
    _register()
    app.connect("builder-inited", _load_formatted)
    app.connect("build-finished", _save_formatted)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

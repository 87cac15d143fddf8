"""Loading of the course's knowledge base (``legpain/knowledge/data``): YAML files and the bibliography.

Files are read lazily, once, on first use. Every problem is reported as a :class:`DataError` that
names the file, the entry and the field, so whoever edits the data can fix it at once.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

DATA_DIR = Path(str(resources.files("legpain.knowledge") / "data"))
REFERENCES_DIR = DATA_DIR / "references"


class DataError(ValueError):
    """A problem in the bundled data, located by file, entry and field."""

    def __init__(self, file: str, message: str, entry: str | None = None, field: str | None = None):
        where = file
        if entry is not None:
            where += f", entry '{entry}'"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")
        self.file, self.entry, self.field = file, entry, field


def text_value(file: str, value: Any, entry: str, field: str, required: bool = True) -> str:
    """``value`` as one line of text (runs of white space made single), or a DataError naming
    ``file``, ``entry`` and ``field``; a missing optional value is ``""``."""
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise DataError(file, f"must be non-empty text, got {value!r}", entry, field)
    return " ".join(value.split())


def number_value(file: str, value: Any, entry: str, field: str) -> float:
    """``value`` as a finite number (not a bool), or a DataError naming where it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise DataError(file, f"must be a number, got {value!r}", entry, field)
    return float(value)


@functools.cache
def load_yaml(name: str) -> Any:
    """Parse ``data/<name>`` once and return the plain Python structure."""
    return read_yaml(DATA_DIR / name, name)


def read_text(path: Path, name: str) -> str:
    """The text of a data file; a missing, unreadable, non-UTF-8 or empty file is a DataError
    that names it."""
    if not path.exists():
        raise DataError(name, "file not found in legpain/knowledge/data")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataError(name, f"not UTF-8 text: byte {error.object[error.start]:#04x} at offset "
                        f"{error.start} cannot be decoded; save the file as UTF-8") from None
    except OSError as error:
        raise DataError(name, f"cannot be read: {error.strerror or error}") from None
    if not text.strip():
        raise DataError(name, "the file is empty")
    return text.removeprefix("\ufeff")


def read_yaml(path: Path, name: str) -> Any:
    """Parse one YAML data file (``name`` is how errors refer to it)."""
    import yaml  # imported here: `import legpain` stays fast

    text = read_text(path, name)
    # libyaml's safe loader when PyYAML has it (its wheels do): the same data about ten times
    # faster, which every kernel that opens a chapter feels (tests/test_data_loading.py checks
    # that both loaders read every data file alike)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise DataError(name, f"not valid YAML: {error}") from error
    if data is None:  # only comments
        raise DataError(name, "the file holds no data (only comments or blank lines)")
    return data


class Entry:
    """Typed access to one mapping in a data file; every failure names file, entry and field."""

    def __init__(self, file: str, raw: Any, entry_id: str | None = None):
        if not isinstance(raw, Mapping):
            raise DataError(file, f"expected a mapping, got {type(raw).__name__}", entry_id)
        self.file, self.raw = file, raw
        self.id = entry_id if entry_id is not None else str(raw.get("id", "?"))

    def _fail(self, field: str, message: str) -> DataError:
        return DataError(self.file, message, self.id, field)

    def get(self, field: str, kind: type | tuple[type, ...], default: Any = ..., ) -> Any:
        """The field's value, checked against ``kind``; missing is an error unless a default is given."""
        if field not in self.raw or self.raw[field] is None:
            if default is ...:
                raise self._fail(field, "required field is missing")
            return default
        value = self.raw[field]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, float)):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise self._fail(field, f"expected {names}, got {type(value).__name__} {value!r}")
        return value

    def text(self, field: str, default: Any = ...) -> str:
        if default is not ... and self.raw.get(field) is None:
            return default
        value = self.get(field, str)
        if not value.strip():
            raise self._fail(field, "must not be empty")
        return value

    def number(self, field: str, low: float | None = None, high: float | None = None,
               default: Any = ...) -> float:
        value = self.get(field, float, default)
        if value is None or value is default:
            return value
        if (low is not None and value < low) or (high is not None and value > high):
            raise self._fail(field, f"{value} is outside [{low}, {high}]")
        return value

    def texts(self, field: str, default: Any = ..., allowed: Iterable[str] | None = None
              ) -> tuple[str, ...]:
        value = self.get(field, list, default)
        if value is default and not isinstance(value, list):
            return tuple(value) if value is not ... else ()
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise self._fail(field, f"expected a list of non-empty strings, found {item!r}")
        if allowed is not None:
            allowed = set(allowed)
            for item in value:
                if item not in allowed:
                    raise self._fail(field, f"{item!r} is not one of {sorted(allowed)}")
        return tuple(value)

    def choice(self, field: str, options: Iterable[str], default: Any = ...) -> str:
        value = self.text(field, default)
        options = list(options)
        if value not in options and value is not default:
            raise self._fail(field, f"{value!r} is not one of {options}")
        return value

    def sources(self, field: str = "sources") -> tuple[str, ...]:
        """Citation keys; each must exist in the bibliography (checked here, not later)."""
        keys = self.texts(field)
        if not keys:
            raise self._fail(field, "every entry needs at least one citation key")
        known = bibliography()
        for key in keys:
            if key not in known:
                raise self._fail(field, f"citation key '{key}' is not in data/references/*.bib")
        return keys

    def entry(self, field: str) -> Entry:
        return Entry(self.file, self.get(field, Mapping), f"{self.id}.{field}")


def entries(file: str, section: str | None = None) -> list[Entry]:
    """The list of entries in ``file`` (or in its top-level ``section``), each with a unique id."""
    raw = load_yaml(file)
    if section is not None:
        if not isinstance(raw, Mapping) or section not in raw:
            raise DataError(file, f"top-level section '{section}' is missing")
        raw = raw[section]
    if not isinstance(raw, list):
        raise DataError(file, f"expected a list of entries{f' under {section}' if section else ''}")
    seen: set[str] = set()
    result = []
    for index, item in enumerate(raw):
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
            raise DataError(file, "every entry needs a string 'id'", f"#{index + 1}", "id")
        if item["id"] in seen:
            raise DataError(file, "duplicate id", item["id"], "id")
        seen.add(item["id"])
        result.append(Entry(file, item))
    return result


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").split())


_FIELD_WORD = {"aliases": "alias", "names": "name", "ids": "id"}


def check_unique_words(file: str, items: Iterable[Entry],
                       fields: tuple[str, ...] = ("id", "name", "aliases")) -> None:
    """Every id, name and alias (case, spaces and underscores aside) belongs to one entry only.

    A user's word is looked up among all of them, so an alias that shadows another entry's name
    or alias would silently pick one of the two. Raises DataError naming file, entry and field.
    """
    owners: dict[str, tuple[str, str]] = {}
    for entry in items:
        for field in fields:
            value = entry.raw.get(field)
            words = value if isinstance(value, list) else [value]
            for word in words:
                if not isinstance(word, str):
                    continue
                owner = owners.setdefault(_fold(word), (entry.id, field))
                if owner[0] != entry.id:
                    raise DataError(file, f"{word!r} is already the {_FIELD_WORD.get(owner[1], owner[1])} of "
                                    f"entry '{owner[0]}'; each name and alias must mean one entry",
                                    entry.id, field)


_BIB_ENTRY = re.compile(r"@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
_BIB_FIELD = re.compile(r"(\w+)\s*=\s*(\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}|\"[^\"]*\"|\d+)",
                        re.DOTALL)


_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "c": "\u0327"}


def _latex_to_text(value: str) -> str:
    """BibTeX text to plain Unicode: braces dropped, accents such as {\\"u} or \\c{c} applied."""
    import unicodedata

    def accent(match: re.Match[str]) -> str:
        return unicodedata.normalize("NFC", match.group(2) + _ACCENTS[match.group(1)])

    value = re.sub(r"\\([\"'`^~c])\s*\{?([A-Za-z])\}?", accent, value)
    return re.sub(r"[{}]", "", value)


@functools.cache
def bibliography() -> dict[str, dict[str, str]]:
    """Every BibTeX entry under ``data/references/``: key -> fields (lower-case names, braces stripped)."""
    result: dict[str, dict[str, str]] = {}
    for path in sorted(REFERENCES_DIR.glob("*.bib")):
        text = read_text(path, f"references/{path.name}")
        starts = list(_BIB_ENTRY.finditer(text))
        if not starts:
            raise DataError(f"references/{path.name}", "no BibTeX entry (@article{key, ...}) found")
        for index, match in enumerate(starts):
            end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
            key = match.group(2)
            if key in result:
                raise DataError(f"references/{path.name}", "duplicate citation key", key)
            body = text[match.end():end]
            fields = {"type": match.group(1).lower(), "file": path.name}
            for name, value in _BIB_FIELD.findall(body):
                cleaned = _latex_to_text(value.strip('"')) if value[0] in "{\"" else value
                fields[name.lower()] = " ".join(cleaned.split())
            result[key] = fields
    return result

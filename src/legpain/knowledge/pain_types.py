"""The kinds of pain that carry back trouble into the leg (``data/pain_types.yaml``).

Four classes, after Bogduk (2009): nociceptive back pain, somatic referred pain, radicular pain and
radiculopathy; and short symptom descriptions, each with its class, feedback and sources, for the
pain sorter of chapter 02b. Loaded lazily, once, and checked: an item naming an unknown class is a
:class:`~legpain.knowledge.loading.DataError` that lists the valid classes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .loading import DataError, Entry, entries

FILE = "pain_types.yaml"


@dataclass(frozen=True)
class PainClass:
    """One kind of pain: what causes it and what it feels like."""

    id: str
    label: str
    mechanism: str
    features: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PainItem:
    """One symptom description to sort, with its class, the reason why and the sources."""

    id: str
    text: str
    pain_class: str
    feedback: str
    sources: tuple[str, ...]


@functools.cache
def pain_classes() -> tuple[PainClass, ...]:
    """The classes in teaching order (nociceptive first, radiculopathy last)."""
    return tuple(PainClass(e.id, e.text("label"), e.text("mechanism"), e.text("features"),
                           e.sources()) for e in entries(FILE, "classes"))


def class_ids() -> tuple[str, ...]:
    """The valid class ids."""
    return tuple(c.id for c in pain_classes())


def pain_class(class_id: str) -> PainClass:
    """One class by id; an unknown id is a ValueError naming the valid ones."""
    for item in pain_classes():
        if item.id == class_id:
            return item
    raise ValueError(f"unknown pain class {class_id!r}; valid classes: {', '.join(class_ids())}")


def _item(entry: Entry, valid: tuple[str, ...]) -> PainItem:
    value = entry.text("class")
    if value not in valid:
        raise DataError(FILE, f"unknown class {value!r}; valid classes: {', '.join(valid)}",
                        entry.id, "class")
    return PainItem(entry.id, entry.text("text"), value, entry.text("feedback"), entry.sources())


@functools.cache
def pain_items() -> tuple[PainItem, ...]:
    """Every symptom description, checked: a known class, feedback and at least one source each,
    and every class used at least once."""
    valid = class_ids()
    items = tuple(_item(e, valid) for e in entries(FILE, "items"))
    unused = [c for c in valid if not any(i.pain_class == c for i in items)]
    if unused:
        raise DataError(FILE, f"no item for the class(es) {', '.join(unused)}", None, "items")
    return items

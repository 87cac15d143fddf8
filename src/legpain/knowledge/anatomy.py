"""Typed, validated access to the anatomy knowledge base: roots, peripheral nerves, spine facts.

Reads ``roots.yaml``, ``nerves.yaml`` and ``spine.yaml`` once (through ``_data``) and turns them
into frozen dataclasses. Every region, action and reflex name is checked against the vocabulary
and every citation key against the bibliography, so a typo in the data fails loudly with the
file, entry and field.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from . import vocabulary
from .loading import DataError, Entry, bibliography, entries, load_yaml

ROOT_IDS = ("L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4", "S5")
ROLES = ("main", "minor")


@dataclass(frozen=True)
class DermatomeMap:
    """A published dermatome map the course can switch between."""

    id: str
    name: str
    description: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RegionSet:
    """A set of vocabulary regions with an optional note and its sources."""

    regions: tuple[str, ...]
    note: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class KeySensoryPoint:
    """The ISNCSCI key sensory point of a root and the course region it lies in."""

    text: str
    region: str
    note: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class MuscleAction:
    """A movement a root helps to power; ``role`` is 'main' or 'minor' according to ``sources``."""

    action: str
    muscle: str
    role: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ReflexLink:
    """A tendon reflex a root carries; ``role`` is 'main' or 'minor'."""

    reflex: str
    role: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Root:
    """One lumbar or sacral nerve root (L1..S5)."""

    id: str
    name: str
    dermatome: tuple[tuple[str, RegionSet], ...]
    key_sensory_point: KeySensoryPoint
    other_skin: RegionSet | None
    key_muscles: tuple[MuscleAction, ...]
    reflexes: tuple[ReflexLink, ...]
    radicular_pain: RegionSet | None
    note: str | None
    sources: tuple[str, ...]

    def dermatome_for(self, map_id: str) -> RegionSet:
        """The regions one map draws for this root."""
        for key, value in self.dermatome:
            if key == map_id:
                return value
        raise ValueError(f"unknown dermatome map {map_id!r}; valid maps: "
                         f"{', '.join(k for k, _ in self.dermatome)}")

    def skin(self, map_id: str) -> frozenset[str]:
        """Regions whose skin this root supplies on one map, with its key point and other skin."""
        regions = set(self.dermatome_for(map_id).regions) | {self.key_sensory_point.region}
        if self.other_skin is not None:
            regions |= set(self.other_skin.regions)
        return frozenset(regions)


@dataclass(frozen=True)
class Figure:
    """A sourced number (or range, or phrase such as 'lower third of L1')."""

    text: str
    value: float | str
    unit: str | None
    ci95: tuple[float, float] | None
    range: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Nerve:
    """One peripheral nerve of the leg."""

    id: str
    name: str
    roots: tuple[str, ...]
    course: str
    skin_field: tuple[str, ...]
    pain_regions: tuple[str, ...]
    muscles: tuple[str, ...]
    actions: tuple[str, ...]
    reflexes: tuple[str, ...]
    entrapment_sites: tuple[str, ...]
    note: str | None
    piriformis_figures: tuple[Figure, ...]
    sources: tuple[str, ...]
    #: regions of the skin field that the nerve supplies only in part (e.g. only the top of the big toe)
    skin_field_partial: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fact:
    """A sourced statement about the spine, optionally with figures."""

    id: str
    name: str
    text: str
    figures: tuple[Figure, ...]
    sources: tuple[str, ...]
    lumbar_vertebrae: int | None = None


@dataclass(frozen=True)
class Zone:
    """A herniation zone on an axial slice of the disc, and which root it tends to compress."""

    id: str
    name: str
    aliases: tuple[str, ...]
    definition: str
    affects: str  # "traversing" or "exiting"
    bilateral: bool
    cauda_equina_if_large: bool
    note: str | None
    sources: tuple[str, ...]


def _regions(entry: Entry, field: str, default: object = ...) -> tuple[str, ...]:
    return entry.texts(field, default=default, allowed=vocabulary.names("region"))


def _region_set(entry: Entry) -> RegionSet:
    return RegionSet(_regions(entry, "regions", default=[]), entry.text("note", default=None),
                     entry.sources())


def _note(entry: Entry) -> str | None:
    return entry.text("note", default=None)


def _items(entry: Entry, field: str) -> list[Entry]:
    raw = entry.get(field, list, default=[])
    return [Entry(entry.file, item, f"{entry.id}.{field}[{i}]") for i, item in enumerate(raw)]


@functools.cache
def dermatome_maps() -> tuple[DermatomeMap, ...]:
    """The dermatome maps stored in roots.yaml, in file order."""
    return tuple(DermatomeMap(e.id, e.text("name"), " ".join(e.text("description").split()),
                              e.sources()) for e in entries("roots.yaml", "maps"))


@functools.cache
def roots() -> tuple[Root, ...]:
    """All roots L1..S5 in order, validated against the vocabulary and the bibliography."""
    map_ids = [m.id for m in dermatome_maps()]
    result = []
    for e in entries("roots.yaml", "roots"):
        derm = e.entry("dermatome")
        missing = [m for m in map_ids if m not in derm.raw]
        if missing:
            raise DataError("roots.yaml", f"no entry for map(s) {missing}", e.id, "dermatome")
        dermatome = tuple((m, _region_set(derm.entry(m))) for m in map_ids)
        point = e.entry("key_sensory_point")
        key_point = KeySensoryPoint(point.text("text"),
                                    point.choice("region", vocabulary.names("region")),
                                    _note(point), point.sources())
        other = _region_set(e.entry("other_skin")) if "other_skin" in e.raw else None
        muscles = tuple(
            MuscleAction(m.choice("action", vocabulary.names("action")), m.text("muscle"),
                         m.choice("role", ROLES), m.sources())
            for m in _items(e, "key_muscles"))
        reflexes = tuple(
            ReflexLink(r.choice("reflex", vocabulary.names("reflex")), r.choice("role", ROLES),
                       r.sources())
            for r in _items(e, "reflexes"))
        pain = _region_set(e.entry("radicular_pain")) if "radicular_pain" in e.raw else None
        result.append(Root(e.id, e.text("name"), dermatome, key_point, other, muscles, reflexes,
                           pain, _note(e), e.sources()))
    ids = tuple(r.id for r in result)
    if ids != ROOT_IDS:
        raise DataError("roots.yaml", f"roots must be {list(ROOT_IDS)} in this order, "
                        f"got {list(ids)}", field="id")
    return tuple(result)


def root(root_id: str) -> Root:
    """One root by id, case-insensitive ('l5' -> L5)."""
    wanted = str(root_id).strip().upper()
    for item in roots():
        if item.id == wanted:
            return item
    raise ValueError(f"unknown root {root_id!r}. Valid roots: {', '.join(ROOT_IDS)}")


def _figures(entry: Entry, field: str = "figures") -> tuple[Figure, ...]:
    result = []
    for f in _items(entry, field):
        value = f.get("value", (int, float, str))
        ci = f.get("ci95", list, default=None)
        if ci is not None and (len(ci) != 2 or not all(isinstance(x, int | float) for x in ci)):
            raise DataError(entry.file, "ci95 must be two numbers", f.id, "ci95")
        result.append(Figure(f.text("text"), value, f.text("unit", default=None),
                             tuple(ci) if ci is not None else None,
                             f.text("range", default=None), f.sources()))
    return tuple(result)


@functools.cache
def nerves() -> tuple[Nerve, ...]:
    """All peripheral nerves in file order, validated against vocabulary and bibliography."""
    result = []
    for e in entries("nerves.yaml", "nerves"):
        figures: tuple[Figure, ...] = ()
        if "piriformis_relation" in e.raw:
            relation = e.entry("piriformis_relation")
            relation.sources()
            figures = _figures(relation)
        result.append(Nerve(
            e.id, e.text("name"), e.texts("roots", allowed=ROOT_IDS),
            " ".join(e.text("course").split()), _regions(e, "skin_field", default=[]),
            _regions(e, "pain_regions", default=[]), e.texts("muscles", default=[]),
            e.texts("actions", default=[], allowed=vocabulary.names("action")),
            e.texts("reflexes", default=[], allowed=vocabulary.names("reflex")),
            e.texts("entrapment_sites"), _note(e), figures, e.sources(),
            _partial_regions(e)))
    return tuple(result)


def _partial_regions(e: Entry) -> tuple[str, ...]:
    partial = _regions(e, "skin_field_partial", default=[])
    outside = [r for r in partial if r not in e.raw.get("skin_field", [])]
    if outside:
        raise DataError(e.file, f"{outside} are not in the nerve's skin_field", e.id, "skin_field_partial")
    return partial


def nerve(nerve_id: str) -> Nerve:
    """One nerve by id, case-insensitive ('Common Fibular' -> common fibular)."""
    wanted = " ".join(str(nerve_id).lower().replace("_", " ").split())
    for item in nerves():
        if item.id == wanted:
            return item
    raise ValueError(f"unknown nerve {nerve_id!r}. Valid nerves: "
                     f"{', '.join(n.id for n in nerves())}")


def _facts(section: str) -> tuple[Fact, ...]:
    return tuple(Fact(e.id, e.text("name", default=e.id), " ".join(e.text("text").split()),
                      _figures(e), e.sources(), e.get("lumbar_vertebrae", int, default=None))
                 for e in entries("spine.yaml", section))


@functools.cache
def spine_facts() -> tuple[Fact, ...]:
    """Basic facts: lumbar vertebrae, conus level, the root-exit rule, herniation and roots."""
    return _facts("facts")


@functools.cache
def transitional_vertebrae() -> tuple[Fact, ...]:
    """Transitional vertebrae: definition, sacralization, lumbarization, Bertolotti, counting."""
    return _facts("transitional")


@functools.cache
def castellvi_types() -> tuple[Fact, ...]:
    """Castellvi types I-IV of lumbosacral transitional vertebrae."""
    return _facts("castellvi")


@functools.cache
def castellvi_distribution() -> dict[str, object]:
    """Share of each Castellvi type in one cohort, with its source (JSON-serialisable)."""
    raw = load_yaml("spine.yaml").get("castellvi_distribution")
    entry = Entry("spine.yaml", raw, "castellvi_distribution")
    percent = entry.get("percent", dict)
    return {"text": entry.text("text"), "percent": dict(percent), "sources": list(entry.sources())}


@functools.cache
def zones() -> tuple[Zone, ...]:
    """Herniation zones, midline outward: central, paracentral, foraminal, extraforaminal."""
    return tuple(Zone(e.id, e.text("name"), e.texts("aliases", default=[]),
                      " ".join(e.text("definition").split()),
                      e.choice("affects", ("traversing", "exiting")), e.get("bilateral", bool),
                      e.get("cauda_equina_if_large", bool), _note(e), e.sources())
                 for e in entries("spine.yaml", "zones"))


def citation_label(key: str) -> str:
    """A short 'Author Year' label for a citation key, e.g. 'Lee 2008'."""
    fields = bibliography().get(key, {})
    author = fields.get("author") or fields.get("editor") or key
    surname = author.split(" and ")[0].split(",")[0].strip()
    return f"{surname} {fields.get('year', '')}".strip()

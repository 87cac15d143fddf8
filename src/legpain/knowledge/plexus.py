"""The lumbosacral plexus: how the lumbar and sacral roots regroup into the nerves of the leg.

Reads ``plexus.yaml`` once. Each part (lumbar plexus, lumbosacral trunk, sacral plexus) lists the
ventral rami that form it and its branches; branches that the course describes are nerve ids from
``nerves.yaml`` and are checked against it, so the two files cannot drift apart silently.

>>> [p.id for p in plexuses()]
['lumbar plexus', 'lumbosacral trunk', 'sacral plexus']
>>> plexus_of("sciatic").name
'Sacral plexus'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from . import anatomy
from .loading import DataError, entries

#: Ventral rami that may take part: T12 (often a small contribution) and the roots of roots.yaml.
RAMI = ("T12", *anatomy.ROOT_IDS)


@dataclass(frozen=True)
class PlexusPart:
    """One part of the lumbosacral plexus, with the rami forming it and the nerves it gives off."""

    id: str
    name: str
    rami: tuple[str, ...]
    rami_note: str
    where: str
    branches: tuple[str, ...]
    other_branches: tuple[str, ...]
    sources: tuple[str, ...]


def _clean(text: str) -> str:
    return " ".join(text.split())


@functools.cache
def plexuses() -> tuple[PlexusPart, ...]:
    """The parts of the lumbosacral plexus, top to bottom, validated against nerves.yaml."""
    known = {n.id for n in anatomy.nerves()}
    result = []
    for e in entries("plexus.yaml", "plexuses"):
        branches = e.texts("branches", default=[])
        for branch in branches:
            if branch not in known:
                raise DataError("plexus.yaml", f"branch {branch!r} is not a nerve in nerves.yaml "
                                f"(known: {', '.join(sorted(known))})", e.id, "branches")
        result.append(PlexusPart(e.id, e.text("name"), e.texts("rami", allowed=RAMI),
                                 _clean(e.text("rami_note")), _clean(e.text("where")), branches,
                                 e.texts("other_branches", default=[]), e.sources()))
    return tuple(result)


def plexus(part_id: str) -> PlexusPart:
    """One part by id, case-insensitive ('Sacral plexus' -> sacral plexus)."""
    wanted = " ".join(str(part_id).lower().split())
    for part in plexuses():
        if part.id == wanted:
            return part
    raise ValueError(f"unknown plexus part {part_id!r}. Valid parts: "
                     f"{', '.join(p.id for p in plexuses())}")


def plexus_of(nerve_id: str) -> PlexusPart:
    """The plexus part a nerve of nerves.yaml comes from ('femoral' -> the lumbar plexus)."""
    nerve = anatomy.nerve(nerve_id)  # ValueError naming the valid nerves
    for part in plexuses():
        if nerve.id in part.branches:
            return part
    raise ValueError(f"the {nerve.id} nerve is not a direct branch of the lumbosacral plexus in "
                     f"plexus.yaml; direct branches: "
                     f"{', '.join(b for p in plexuses() for b in p.branches)}")


def plexus_table() -> list[dict[str, object]]:
    """Rows for a notebook table: part, rami, where it lies, main nerves and their roots."""
    rows: list[dict[str, object]] = []
    for part in plexuses():
        nerves = [f"{anatomy.nerve(b).name} ({', '.join(anatomy.nerve(b).roots)})"
                  for b in part.branches]
        rows.append({"name": part.name, "rami": ", ".join(part.rami), "where": part.where,
                     "nerves": "; ".join(nerves) or "—",
                     "other": ", ".join(part.other_branches) or "—",
                     "sources": list(part.sources)})
    return rows

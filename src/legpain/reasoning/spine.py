"""Disc level and herniation zone -> the nerve root it compresses, and back again.

The rule (spine.yaml, ``root exit rule``): lumbar root N leaves the spine below the pedicle of
vertebra N, through the foramen between vertebrae N and N+1. At a disc, the root named after the
upper vertebra is the *exiting* root (already in its foramen) and the root named after the lower
vertebra is the *traversing* root (crossing the back of the disc inside the canal). Paracentral and
central herniations meet the traversing root; foraminal and far lateral ones meet the exiting root.

Transitional vertebrae change the count. This module counts from the top: vertebrae L1..Ln
(``lumbar_vertebrae`` = n, 4 with sacralization, 5 usually, 6 with lumbarization), then the sacrum.
Each root takes the number of the vertebra it exits below, and the first root below the last
mobile lumbar vertebra is called S1. So with six lumbar vertebrae there is an L6 root and an
L6-S1 disc; with four, the L4-S1 disc is the lowest and its traversing root is called S1. Other
people may count differently, which is exactly how wrong-level errors happen: always say how
you counted.
"""

from __future__ import annotations

import copy
import functools
import re
from typing import Any

from ..knowledge import anatomy

LUMBAR_COUNTS = (4, 5, 6)
SACRAL_ROOTS = ("S1", "S2", "S3", "S4", "S5")
_DISC = re.compile(r"^\s*([LS])\s*(\d)\s*(?:[-\u2010-\u2015/\s]\s*)?([LS])?\s*(\d)\s*$",
                   re.IGNORECASE)


def _count(lumbar_vertebrae: object) -> int:
    if isinstance(lumbar_vertebrae, bool) or lumbar_vertebrae not in LUMBAR_COUNTS:
        raise ValueError(f"lumbar_vertebrae must be one of {LUMBAR_COUNTS} (4 = sacralization, "
                         f"5 = usual, 6 = lumbarization); got {lumbar_vertebrae!r}")
    return int(lumbar_vertebrae)  # type: ignore[call-overload]


def vertebrae(lumbar_vertebrae: int = 5) -> tuple[str, ...]:
    """Mobile lumbar vertebrae and the top of the sacrum, e.g. ('L1', ..., 'L5', 'S1')."""
    n = _count(lumbar_vertebrae)
    return tuple(f"L{i}" for i in range(1, n + 1)) + ("S1",)


def discs(lumbar_vertebrae: int = 5) -> tuple[str, ...]:
    """Lumbar disc names from the top, e.g. ('L1-L2', ..., 'L4-L5', 'L5-S1')."""
    levels = vertebrae(lumbar_vertebrae)
    return tuple(f"{a}-{b}" for a, b in zip(levels, levels[1:], strict=False))


def root_names(lumbar_vertebrae: int = 5) -> tuple[str, ...]:
    """Root names under this count, e.g. L1..L5, S1..S5 (L1..L6, S1..S5 with six lumbar)."""
    n = _count(lumbar_vertebrae)
    return tuple(f"L{i}" for i in range(1, n + 1)) + SACRAL_ROOTS


def canonical_disc(disc: object, *, lumbar_vertebrae: int = 5) -> str:
    """'l4/5', 'L4–L5', 'L4/L5', 'l5s1' -> 'L4-L5' / 'L5-S1'; unknown -> ValueError with choices."""
    valid = discs(lumbar_vertebrae)
    n = _count(lumbar_vertebrae)
    match = _DISC.match(disc) if isinstance(disc, str) else None
    if match:
        letter1, num1, letter2, num2 = match.groups()
        letter1 = letter1.upper()
        if letter2 is None:
            letter2 = "S" if (letter1 == "L" and int(num1) == n and num2 == "1") else letter1
        name = f"{letter1}{num1}-{letter2.upper()}{num2}"
        if name in valid:
            return name
    raise ValueError(f"unknown disc {disc!r} for a spine with {n} lumbar vertebrae. "
                     f"Valid discs: {', '.join(valid)}")


@functools.cache
def _zone_lookup() -> dict[str, anatomy.Zone]:
    table: dict[str, anatomy.Zone] = {}
    for zone in anatomy.zones():
        for word in (zone.id, zone.name, *zone.aliases):
            table[_fold(word)] = zone
    return table


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def canonical_zone(name: object) -> anatomy.Zone:
    """A herniation zone by id, name or alias ('far lateral' -> extraforaminal)."""
    found = _zone_lookup().get(_fold(name)) if isinstance(name, str) else None
    if found is None:
        choices = ", ".join(f"{z.id} ({', '.join(z.aliases)})" for z in anatomy.zones())
        raise ValueError(f"unknown herniation zone {name!r}. Valid zones (aliases): {choices}")
    return found


def _exiting_and_traversing(disc_name: str) -> tuple[str, str]:
    """Roots are named like the vertebrae (module docstring): upper exits, lower traverses."""
    upper, lower = disc_name.split("-")
    return upper, lower


def affected_roots(disc: str, zone: str = "paracentral", *,
                   lumbar_vertebrae: int = 5) -> tuple[str, ...]:
    """The root(s) a herniation of ``disc`` in ``zone`` usually compresses.

    Paracentral and central herniations meet the traversing root (for a central one, on both
    sides; see :func:`disc_table` for the cauda equina when it is large); foraminal and far
    lateral herniations meet the exiting root.

    >>> affected_roots("L4/5"), affected_roots("L4-L5", "far lateral")
    (('L5',), ('L4',))
    """
    name = canonical_disc(disc, lumbar_vertebrae=lumbar_vertebrae)
    found = canonical_zone(zone)
    exiting, traversing = _exiting_and_traversing(name)
    return (traversing,) if found.affects == "traversing" else (exiting,)


def disc_levels(root: str, zone: str = "paracentral", *,
                lumbar_vertebrae: int = 5) -> tuple[str, ...]:
    """The lumbar disc(s) whose herniation in ``zone`` would compress ``root`` (may be empty).

    >>> disc_levels("L5"), disc_levels("L5", "foraminal")
    (('L4-L5',), ('L5-S1',))
    """
    valid = root_names(lumbar_vertebrae)
    wanted = root.strip().upper() if isinstance(root, str) else None
    if wanted not in valid:
        raise ValueError(f"unknown root {root!r} for a spine with {_count(lumbar_vertebrae)} "
                         f"lumbar vertebrae. Valid roots: {', '.join(valid)}")
    found = canonical_zone(zone)
    return tuple(name for name in discs(lumbar_vertebrae)
                 if affected_roots(name, found.id, lumbar_vertebrae=lumbar_vertebrae)
                 == (wanted,))


def _roots_below(root: str, lumbar_vertebrae: int) -> list[str]:
    order = root_names(lumbar_vertebrae)
    return list(order[order.index(root):])


@functools.cache
def _disc_table(lumbar_vertebrae: int) -> dict[str, Any]:
    conus = next(f for f in anatomy.spine_facts() if f.id == "conus medullaris")
    rows = []
    for name in discs(lumbar_vertebrae):
        exiting, traversing = _exiting_and_traversing(name)
        cells = {}
        for item in anatomy.zones():
            compressed = affected_roots(name, item.id, lumbar_vertebrae=lumbar_vertebrae)
            cell: dict[str, Any] = {"roots": list(compressed),
                                    "which": item.affects,
                                    "sides": "both" if item.bilateral else "same side"}
            if item.cauda_equina_if_large:
                cell["if_large"] = _roots_below(traversing, lumbar_vertebrae)
                cell["if_large_note"] = ("a large central herniation can compress the whole "
                                         "cauda equina below this level: an emergency")
            cells[item.id] = cell
        row = {"disc": name, "exiting": exiting, "traversing": traversing, "zones": cells}
        if name.startswith("L1-"):
            row["note"] = ("the conus medullaris (the end of the spinal cord) often lies at about "
                           "this level, so a herniation here can press on the cord's tip as well")
            row["note_sources"] = list(conus.sources)
        rows.append(row)
    rule = next(f for f in anatomy.spine_facts() if f.id == "root exit rule")
    return {
        "lumbar_vertebrae": lumbar_vertebrae,
        "discs": list(discs(lumbar_vertebrae)),
        "zones": [{"id": z.id, "name": z.name, "aliases": list(z.aliases),
                   "definition": z.definition, "affects": z.affects, "sides":
                   "both" if z.bilateral else "same side", "sources": list(z.sources)}
                  for z in anatomy.zones()],
        "rows": rows,
        "rule": rule.text,
        "counting": counting_convention(lumbar_vertebrae),
        "sources": sorted({*rule.sources, *(s for z in anatomy.zones() for s in z.sources)}),
    }


def disc_table(lumbar_vertebrae: int = 5) -> dict[str, Any]:
    """The disc x zone -> roots table for widgets (JSON-serialisable; a fresh copy each call)."""
    return copy.deepcopy(_disc_table(_count(lumbar_vertebrae)))


def counting_convention(lumbar_vertebrae: int = 5) -> str:
    """How this module numbers vertebrae and roots for a given lumbar count, in plain words."""
    n = _count(lumbar_vertebrae)
    usual = "the usual count" if n == 5 else (
        "sacralization: the lowest lumbar vertebra is assimilated into the sacrum" if n == 4 else
        "lumbarization: the first sacral segment behaves as a sixth lumbar vertebra")
    return (f"{n} mobile lumbar vertebrae ({usual}). Counting from the top, the vertebrae are "
            f"L1 to L{n}, then the sacrum; each root takes the number of the vertebra it exits "
            f"below, and the first root below L{n} is called S1. The lowest lumbar disc is "
            f"L{n}-S1.")


def _fact_dict(fact: anatomy.Fact) -> dict[str, Any]:
    result: dict[str, Any] = {"id": fact.id, "name": fact.name, "text": fact.text,
                              "sources": list(fact.sources)}
    if fact.lumbar_vertebrae is not None:
        result["lumbar_vertebrae"] = fact.lumbar_vertebrae
    if fact.figures:
        result["figures"] = [
            {k: v for k, v in {"text": f.text, "value": f.value, "unit": f.unit,
                               "ci95": list(f.ci95) if f.ci95 else None, "range": f.range,
                               "sources": list(f.sources)}.items() if v is not None}
            for f in fact.figures]
    return result


def transitional_facts() -> dict[str, Any]:
    """Transitional vertebrae, Castellvi types and counting errors (JSON-serialisable)."""
    return {
        "facts": [_fact_dict(f) for f in anatomy.transitional_vertebrae()],
        "castellvi": [_fact_dict(f) for f in anatomy.castellvi_types()],
        "castellvi_distribution": copy.deepcopy(anatomy.castellvi_distribution()),
        "counting": {str(n): counting_convention(n) for n in LUMBAR_COUNTS},
    }


def lumbar_facts() -> list[dict[str, Any]]:
    """Basic lumbar spine facts (vertebrae, conus level, exit rule, herniation), JSON-ready."""
    return [_fact_dict(f) for f in anatomy.spine_facts()]

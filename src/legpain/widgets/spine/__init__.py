"""The lumbar spine widget: pick a disc and a herniation zone, see which root is squeezed, and why.

A schematic side (sagittal) view shows the vertebrae, the discs, the foramina, the end of the cord
(conus medullaris), the cauda equina and each root leaving below its own pedicle. A schematic
axial view of the chosen disc shows the four zones (central, paracentral, foraminal,
extraforaminal) with the traversing and the exiting root. The compressed root is highlighted in
both views and described in text, with its dermatome and key muscle actions taken from
:func:`legpain.knowledge.anatomy.root` for the chosen map. A switch between four, five and six lumbar
vertebrae shows how the numbering shifts with a transitional vertebra.

Everything clinical is computed here from the package (``legpain.reasoning.spine.disc_table`` and
``legpain.knowledge.anatomy``) and shipped in the ``data`` trait, so the widget also works in the static book.

>>> spine = LumbarSpine(disc="L4/5", zone="far lateral")
>>> spine.disc, spine.zone, spine.compressed_roots
('L4-L5', 'extraforaminal', ('L4',))
"""

from __future__ import annotations

import functools
from typing import Any

import traitlets

from ...knowledge import anatomy
from ...knowledge.sources import source_label
from ...reasoning import spine
from .._base import CourseWidget, widget_files

__all__ = ["LumbarSpine", "spine_data", "fallback_disc", "name_if_five"]

_SETTINGS = ("disc", "zone", "lumbar_vertebrae", "dermatome_map")
_MAP_SHORT = {"lee2008": "Lee 2008", "keegan1948": "Keegan 1948"}

# Words of the interface (not clinical facts: those come from the knowledge base).
_TEXTS = {
    "title": "Lumbar spine: which root does a disc herniation squeeze?",
    "sagittal": ("Side view (schematic). Each root runs down inside the canal and leaves below "
                 "the pedicle of its own vertebra; the foramina, really at the sides of the "
                 "canal, are drawn beside it."),
    "axial": ("Looking down on the chosen disc (schematic; front of the body at the top, the "
              "herniation on one side). The dashed lines are the inner and outer edges of the "
              "pedicles, which bound the zones."),
    "no_map": ("The course's dermatome maps describe roots L1 to S5 of a spine counted the usual "
               "way; no map describes a root called L6."),
    "transitional_caution": ("The dermatome maps were drawn for spines counted the usual way. "
                             "With a transitional vertebra, a root may not serve the territory "
                             "the map gives for its name: treat the list below as a guide only."),
    "red_flags": "Red flags: when back or leg pain is an emergency",
    "red_flags_book": "../book/red_flags.html",
    "red_flags_lab": "../book/red_flags.md",
}


def fallback_disc(disc: str, lumbar_vertebrae: int) -> str:
    """``disc`` if it exists with this many lumbar vertebrae, else the lowest lumbar disc.

    Used when the student switches the count: 'L5-S1' does not exist with four lumbar vertebrae,
    so the selection moves to the lowest disc, 'L4-S1'.
    """
    valid = spine.discs(lumbar_vertebrae)
    try:
        return spine.canonical_disc(disc, lumbar_vertebrae=lumbar_vertebrae)
    except ValueError:
        return valid[-1]


def name_if_five(disc: str, lumbar_vertebrae: int) -> str | None:
    """What someone who counts UP from the sacrum and assumes five lumbar vertebrae calls ``disc``.

    The same physical disc (the same place counted from the sacrum) gets another name when the
    count is wrong; this is how a transitional vertebra leads to wrong-level errors. ``None`` if
    that counter would not name it (the top disc with six lumbar vertebrae).
    """
    own = spine.discs(lumbar_vertebrae)
    name = spine.canonical_disc(disc, lumbar_vertebrae=lumbar_vertebrae)
    from_bottom = len(own) - 1 - own.index(name)
    usual = spine.discs(5)
    return usual[len(usual) - 1 - from_bottom] if from_bottom < len(usual) else None


def _root_info(root: anatomy.Root) -> dict[str, Any]:
    return {
        "id": root.id,
        "name": root.name,
        "dermatome": {m: list(root.dermatome_for(m).regions) for m, _ in root.dermatome},
        "dermatome_sources": {m: list(r.sources) for m, r in root.dermatome},
        "key_point": root.key_sensory_point.text,
        "muscles": [{"action": m.action, "muscle": m.muscle, "role": m.role,
                     "sources": list(m.sources)} for m in root.key_muscles],
        "reflexes": [{"reflex": r.reflex, "role": r.role} for r in root.reflexes],
    }


@functools.cache
def _spine_data() -> dict[str, Any]:
    tables = {str(n): spine.disc_table(n) for n in spine.LUMBAR_COUNTS}
    conus = next(f for f in anatomy.spine_facts() if f.id == "conus medullaris")
    transitional = {f.id: f for f in anatomy.transitional_vertebrae()}
    keys: set[str] = set(conus.sources)
    for table in tables.values():
        keys.update(table["sources"])
    roots = {r.id: _root_info(r) for r in anatomy.roots()}
    for info in roots.values():
        for group in info["dermatome_sources"].values():
            keys.update(group)
        for muscle in info["muscles"]:
            keys.update(muscle["sources"])
    counts = {}
    for n in spine.LUMBAR_COUNTS:
        fact = next((f for f in transitional.values() if f.lumbar_vertebrae == n), None)
        counts[str(n)] = {
            "label": fact.name if fact else "Usual count",
            "text": fact.text if fact else next(
                f.text for f in anatomy.spine_facts() if f.id == "lumbar vertebrae"),
            "sources": list(fact.sources) if fact else [],
            "as_if_five": {d: name_if_five(d, n) for d in spine.discs(n)},
        }
        keys.update(counts[str(n)]["sources"])
    return {
        "tables": tables,
        "counts": counts,
        "roots": roots,
        "maps": [{"id": m.id, "name": m.name, "short": _MAP_SHORT.get(m.id, m.id)}
                 for m in anatomy.dermatome_maps()],
        "conus": {"text": conus.text,
                  "level": str(conus.figures[0].value) if conus.figures else None,
                  "sources": list(conus.sources)},
        "labels": {k: source_label(k) for k in sorted(keys)},
        "texts": _TEXTS,
    }


def spine_data() -> dict[str, Any]:
    """Everything the front end needs (JSON-ready): disc tables for 4/5/6 lumbar, roots, maps."""
    import copy

    return copy.deepcopy(_spine_data())


def _map_id(value: object) -> str:
    valid = [m.id for m in anatomy.dermatome_maps()]
    if isinstance(value, str):
        folded = value.strip().lower().replace(" ", "")
        for m in valid:
            if folded in (m, _MAP_SHORT.get(m, m).lower().replace(" ", "")):
                return m
    raise ValueError(f"unknown dermatome map {value!r}; valid maps: {', '.join(valid)}")


class LumbarSpine(CourseWidget):
    """Disc level + herniation zone -> compressed root, in a side view and an axial view.

    Settings (each checked; bad values raise ``ValueError`` naming the valid ones):
    ``disc`` ('L4-L5'; 'L4/5' is accepted), ``zone`` (central, paracentral, foraminal,
    extraforaminal, or an alias such as 'far lateral'), ``lumbar_vertebrae`` (4, 5 or 6) and
    ``dermatome_map`` ('lee2008' or 'keegan1948'). ``compressed_roots`` is read-only.
    """

    _esm, _css = widget_files(__file__)

    # `Any` so that a value of the wrong type raises our ValueError, not a bare TraitError.
    disc = traitlets.Any("L4-L5", help="the herniated disc, e.g. 'L4-L5'").tag(sync=True)
    zone = traitlets.Any("paracentral", help="the herniation zone").tag(sync=True)
    lumbar_vertebrae = traitlets.Any(5, help="4, 5 (usual) or 6").tag(sync=True)
    dermatome_map = traitlets.Any("lee2008", help="dermatome map for the root panel").tag(sync=True)
    compressed_roots = traitlets.Tuple(read_only=True, help="roots the herniation meets"
                                       ).tag(sync=True)
    data = traitlets.Dict(read_only=True).tag(sync=True)

    _SETTINGS = _SETTINGS

    def __init__(self, **kwargs: Any) -> None:
        self._good: dict[str, object] = {"disc": "L4-L5", "zone": "paracentral",
                                         "lumbar_vertebrae": 5, "dermatome_map": "lee2008"}
        super().__init__()
        self.set_trait("data", spine_data())
        self._check_settings(kwargs)
        # the count first: it decides which discs exist
        for name in sorted(kwargs, key=lambda n: n != "lumbar_vertebrae"):
            setattr(self, name, kwargs[name])
        self._update()

    def _from_front_end(self, name: str) -> bool:
        return name in (getattr(self, "_property_lock", None) or {})

    def _clean(self, name: str, value: object) -> object:
        if name == "lumbar_vertebrae":
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            spine.vertebrae(value)  # type: ignore[arg-type]  # ValueError naming 4, 5, 6
            return value
        if name == "disc":
            return spine.canonical_disc(value, lumbar_vertebrae=self.lumbar_vertebrae)
        if name == "zone":
            return spine.canonical_zone(value).id
        return _map_id(value)

    @traitlets.validate(*_SETTINGS)
    def _validate(self, proposal: traitlets.Bunch) -> object:
        name = proposal["trait"].name
        try:
            value = self._clean(name, proposal["value"])
        except ValueError:
            if self._from_front_end(name) and name in self._good:
                return self._good[name]  # bad state from the page: keep the last good value
            raise
        self._good[name] = value
        return value

    @traitlets.validate("compressed_roots")
    def _keep_computed(self, proposal: traitlets.Bunch) -> tuple[str, ...]:
        """Only Python computes this; a value sent by the page is replaced by the right one."""
        return spine.affected_roots(self.disc, self.zone, lumbar_vertebrae=self.lumbar_vertebrae)

    @traitlets.observe("disc", "zone", "lumbar_vertebrae")
    def _changed(self, change: traitlets.Bunch) -> None:
        if change["name"] == "lumbar_vertebrae":
            moved = fallback_disc(self.disc, change["new"])
            if moved != self.disc:
                self.set_trait("disc", moved)  # the lowest disc when the old one is gone
        self._update()

    def _update(self) -> None:
        self.set_trait("compressed_roots", spine.affected_roots(
            self.disc, self.zone, lumbar_vertebrae=self.lumbar_vertebrae))

    def describe(self) -> str:
        """The widget's answer in one sentence, as the page shows it."""
        table = self.data["tables"][str(self.lumbar_vertebrae)]
        row = next(r for r in table["rows"] if r["disc"] == self.disc)
        cell = row["zones"][self.zone]
        zone = next(z for z in table["zones"] if z["id"] == self.zone)
        roots = " and ".join(self.compressed_roots)
        sides = " on both sides" if cell["sides"] == "both" else ""
        article = "An" if zone["name"][0].lower() in "aeiou" else "A"
        return (f"{article} {zone['name'].lower()} herniation of the {self.disc} disc usually compresses "
                f"the {roots} root{sides}: the {cell['which']} root at this disc.")

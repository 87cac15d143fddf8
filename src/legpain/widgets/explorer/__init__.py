"""The dermatome and leg-pain explorer: a clickable body map for the two questions a clinician asks.

*Root mode*: pick a root (L1..S5) and see its dermatome on either published map, its key sensory
point, key muscles, reflex and where its radicular pain runs. *Findings mode*: mark pain,
numbness and normal sensation on the map, set each movement to weak or normal strength, set
reflexes, and read how likely each root, nerve, the cauda equina or a lesion above the roots is,
from :func:`legpain.localize` (a bar and a percentage each).

Both legs: the findings traits (``pain``, ``numbness``, ...) hold the **examined** leg,
``side``; ``other_leg`` holds the other leg's. Changing ``side`` examines the other leg: the two
legs' findings swap places (midline regions stay), so a finding always stays on its leg. Pain,
numbness or weakness in both legs is a red flag (emergency, like :func:`legpain.triage` says for
"bilateral leg symptoms"): the widget says so, and each leg is ranked with the finding
``both_legs=True`` added, which no single root or nerve explains.

Everything clinical is computed here, in Python, from the knowledge base and shipped to the front
end as synced traits; ``widget.js`` only draws and re-ranks from the same evidence table, so the
map also works in the static book without a kernel.

>>> explorer = LegPainExplorer()
>>> explorer.numbness = ["top of foot"]          # aliases are accepted; the map redraws
>>> explorer.numbness
['dorsum of foot']
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Mapping
from typing import Any

import traitlets

from ...knowledge import anatomy, vocabulary
from .._base import CourseWidget, pack, widget_files
from .geometry import MIDLINE, body_map

__all__ = ["LEG_FINDINGS", "LegPainExplorer", "MODES", "SIDES", "explorer_data"]

MODES = ("findings", "root")
SIDES = ("left", "right")
#: the findings recorded per leg (the keys of ``other_leg``)
LEG_FINDINGS = ("pain", "numbness", "weakness", "reflexes", "normal_strength", "normal_sensation")
_REGION_FINDINGS = ("pain", "numbness", "normal_sensation")
_log = logging.getLogger(__name__)

# Short labels for the map switch; the full names and sources come from anatomy.dermatome_maps().
_MAP_SHORT = {"lee2008": "Lee 2008", "keegan1948": "Keegan 1948"}

_TEXTS = {
    "title": "Dermatome and leg-pain explorer",
    "red_flags_text": "Red flags: when leg pain is an emergency",
    "red_flags_book": "08_red_flags.html",
    "red_flags_lab": "08_red_flags.ipynb",
    "caveat": ("A teaching aid, not a diagnosis: dermatomes overlap and vary between people. The "
               "percentages come from a simple model (how common each lesion is, times how well "
               "each finding you entered fits it, treating findings as independent), so read them "
               "as a ranking with a rough sense of distance, not as exact chances."),
    "both_legs_title": "findings in both legs",
    "both_legs_ranking": ("Both legs have pain, numbness or weakness, so each leg is ranked with "
                          "one more finding: symptoms in both legs, which one root or one nerve "
                          "(each supplies one leg) does not explain."),
    "side_hint": ("That is the {other} leg, greyed on the map. You are marking the {side} leg: to "
                  "mark the {other} one, choose \u201c{other}\u201d under Examined leg (the "
                  "{side} leg's findings are kept)."),
}


def _emergency_texts() -> dict[str, Any]:
    """What the widget says for findings in both legs and for saddle numbness: the course's one
    wording of the triage level (``level_wording``) and the triage answer for that red flag."""
    reasoning = _reasoning()
    wording = reasoning.level_wording()
    out: dict[str, Any] = {}
    for key, sign in (("both_legs", "bilateral leg symptoms"), ("saddle", "saddle anaesthesia")):
        answer = reasoning.triage([sign])
        level = wording[answer.level]
        out[key] = {"level": answer.level, "label": level["label"], "timing": level["timing"],
                    "action": answer.action, "condition": (answer.conditions or ("",))[0],
                    "reason": answer.reasons[0] if answer.reasons else ""}
    out["both_legs"]["why"] = (f"Pain, numbness or weakness in both legs is a red flag for "
                               f"{out['both_legs']['condition']}.")
    saddle = out["saddle"]
    out["saddle_warning"] = (f"Numbness in the saddle area is a red flag for {saddle['condition']}:"
                             f" {saddle['label'].lower()} ({saddle['timing']}). {saddle['action']}")
    return out


def _reasoning():
    """The package's public reasoning API (`localize`, `evidence_table`), imported on first use."""
    return importlib.import_module("legpain")


def _localization():
    """The localisation module itself (its input checks and saddle regions)."""
    return importlib.import_module("legpain.reasoning.localization")


def _root_info(root: anatomy.Root, map_ids: tuple[str, ...]) -> dict[str, Any]:
    dermatome = {m: list(root.dermatome_for(m).regions) for m in map_ids}
    union = set().union(*(set(v) for v in dermatome.values())) if dermatome else set()
    only_on = {m: [r for r in dermatome[m] if not all(r in dermatome[o] for o in map_ids)]
               for m in map_ids}
    ksp = root.key_sensory_point
    return {
        "id": root.id,
        "name": root.name,
        "dermatome": dermatome,
        "map_notes": {m: root.dermatome_for(m).note or "" for m in map_ids},
        "only_on": only_on,
        # Regions drawn by at least one map but not by all of them: where the maps disagree.
        "disagree": sorted(r for r in union if not all(r in dermatome[m] for m in map_ids)),
        "other_skin": list(root.other_skin.regions) if root.other_skin else [],
        "key_sensory_point": {"text": ksp.text, "region": ksp.region} if ksp else None,
        "muscles": [{"action": m.action, "muscle": m.muscle, "role": m.role}
                    for m in root.key_muscles],
        "actions": list(dict.fromkeys(m.action for m in root.key_muscles)),
        "reflexes": [{"reflex": r.reflex, "role": r.role} for r in root.reflexes],
        "radicular_pain": list(root.radicular_pain.regions) if root.radicular_pain else [],
        "note": " ".join(root.note.split()) if root.note else "",
        "sources": list(root.sources),
    }


@functools.cache
def explorer_data() -> dict[str, Any]:
    """Everything the front end needs, computed once from the knowledge base (JSON-serialisable).

    Keys: ``tables`` (one evidence table per dermatome map), ``roots_info``, ``nerves_info``,
    ``maps``, ``vocab``, ``geometry`` and ``texts``.
    """
    reasoning = _reasoning()
    maps = anatomy.dermatome_maps()
    map_ids = tuple(m.id for m in maps)
    return {
        "tables": {m: reasoning.evidence_table(m) for m in map_ids},
        "roots_info": [_root_info(r, map_ids) for r in anatomy.roots()],
        "nerves_info": [{"id": n.id, "name": n.name, "roots": list(n.roots),
                         "skin_field": list(n.skin_field), "actions": list(n.actions)}
                        for n in anatomy.nerves() if n.skin_field],
        "maps": [{"id": m.id, "label": m.name, "short": _MAP_SHORT.get(m.id, m.name),
                  "description": m.description, "sources": list(m.sources)} for m in maps],
        "vocab": {
            "regions": [{"name": t.name, "description": t.description, "midline": t.name in MIDLINE}
                        for t in vocabulary.terms("region")],
            "actions": [{"name": t.name, "description": t.description}
                        for t in vocabulary.terms("action")],
            "reflexes": [{"name": t.name, "description": t.description}
                         for t in vocabulary.terms("reflex")],
            "reflex_states": list(vocabulary.reflex_states()),
        },
        "geometry": body_map(),
        "texts": dict(_TEXTS, saddle_regions=list(_localization().SADDLE_REGIONS),
                      **_emergency_texts()),
    }


@functools.cache
def _packed_tables() -> dict[str, str]:
    return pack(explorer_data()["tables"])


def _choice(kind: str, value: object, valid: tuple[str, ...] | list[str]) -> str:
    """``value`` if it is one of ``valid`` (case-insensitive), else a ValueError naming them."""
    if isinstance(value, str):
        for option in valid:
            if value.strip().lower() == option.lower():
                return option
    raise ValueError(f"unknown {kind} {value!r}; valid {kind}s: {', '.join(valid)}")


def _empty_leg() -> dict[str, Any]:
    return {name: {} if name == "reflexes" else [] for name in LEG_FINDINGS}


def _leg_part(regions: list[str]) -> list[str]:
    return [r for r in regions if r not in MIDLINE]


def _has_symptoms(leg: Mapping[str, Any]) -> bool:
    """Pain, numbness or weakness on a leg (midline regions are on neither leg)."""
    return bool(_leg_part(leg["pain"]) or _leg_part(leg["numbness"]) or leg["weakness"])


class LegPainExplorer(CourseWidget):
    """The body map. Read or set its traits from Python; the map and the ranking follow.

    Findings are plain region names (vocabulary.yaml) on the examined leg, ``side``; the other
    leg's findings are ``other_leg`` (a dict with the same six keys). Setting ``side`` examines
    the other leg: both legs keep their findings, which swap between the two places.
    ``candidates`` is read-only: the output of ``localize`` for the examined leg's findings and
    map, with ``both_legs=True`` when both legs have pain, numbness or weakness.
    """

    _esm, _css = widget_files(__file__, reasoning=True)

    # Settable traits are `Any` so that every bad value, of any type, raises the vocabulary's
    # ValueError from the validators below (not a bare TraitError).
    mode = traitlets.Any("findings", help="'findings' or 'root'").tag(sync=True)
    root = traitlets.Any("L5", help="the root shown in root mode, L1..S5").tag(sync=True)
    map_source = traitlets.Any("lee2008", help="dermatome map").tag(sync=True)
    side = traitlets.Any("left", help="the examined leg").tag(sync=True)
    pain = traitlets.Any(help="regions with pain").tag(sync=True)
    numbness = traitlets.Any(help="regions with numbness").tag(sync=True)
    weakness = traitlets.Any(help="weak movements").tag(sync=True)
    normal_strength = traitlets.Any(help="movements tested and of normal strength").tag(sync=True)
    normal_sensation = traitlets.Any(help="regions tested and of normal sensation").tag(sync=True)
    reflexes = traitlets.Any(help="reflex -> normal/reduced/absent/brisk").tag(sync=True)
    show_nerves = traitlets.Any(False, help="overlay a nerve skin field").tag(sync=True)
    nerve = traitlets.Any("common fibular", help="the nerve overlaid").tag(sync=True)
    other_leg = traitlets.Any(help="findings on the other leg: {pain, numbness, weakness, "
                              "reflexes, normal_strength, normal_sensation}").tag(sync=True)
    candidates = traitlets.List(read_only=True, help="every candidate with its probability, most "
                                "likely first").tag(sync=True)

    # Data for the front end (computed in Python, never typed in JavaScript). The evidence tables
    # travel packed (see `pack`); Python code reads them unpacked from `tables`.
    tables_packed = traitlets.Dict(read_only=True).tag(sync=True)
    roots_info = traitlets.List(read_only=True).tag(sync=True)
    nerves_info = traitlets.List(read_only=True).tag(sync=True)
    maps = traitlets.List(read_only=True).tag(sync=True)
    vocab = traitlets.Dict(read_only=True).tag(sync=True)
    geometry = traitlets.Dict(read_only=True).tag(sync=True)
    texts = traitlets.Dict(read_only=True).tag(sync=True)

    _FINDINGS = ("pain", "numbness", "weakness", "reflexes", "normal_strength",
                 "normal_sensation", "map_source")
    _FROM_FRONT_END = ("mode", "root", "map_source", "side", "pain", "numbness", "weakness",
                       "reflexes", "normal_strength", "normal_sensation", "show_nerves", "nerve",
                       "other_leg")
    #: a movement is weak or of normal strength, a region numb or of normal sensation: setting one
    #: removes the name from its opposite
    _OPPOSITE = {"weakness": "normal_strength", "normal_strength": "weakness",
                 "numbness": "normal_sensation", "normal_sensation": "numbness"}

    def __init__(self, **kwargs: Any) -> None:
        data = explorer_data()
        self._quiet = True  # while False, a new `side` swaps the two legs' findings
        super().__init__()
        self.set_trait("tables_packed", _packed_tables())
        for name in ("roots_info", "nerves_info", "maps", "vocab", "geometry", "texts"):
            self.set_trait(name, data[name])
        try:
            with self.hold_trait_notifications():
                for name, value in kwargs.items():
                    if name not in self._FROM_FRONT_END:
                        raise TypeError(f"LegPainExplorer has no setting {name!r}; "
                                        f"valid: {', '.join(self._FROM_FRONT_END)}")
                    setattr(self, name, value)
        finally:
            self._quiet = False
        self._update_candidates()

    @traitlets.default("pain")
    def _no_pain(self) -> list[str]:
        return []

    @traitlets.default("numbness")
    def _no_numbness(self) -> list[str]:
        return []

    @traitlets.default("weakness")
    def _no_weakness(self) -> list[str]:
        return []

    @traitlets.default("normal_strength")
    def _no_normal_strength(self) -> list[str]:
        return []

    @traitlets.default("normal_sensation")
    def _no_normal_sensation(self) -> list[str]:
        return []

    @traitlets.default("reflexes")
    def _no_reflexes(self) -> dict[str, str]:
        return {}

    @traitlets.default("other_leg")
    def _no_other_leg(self) -> dict[str, Any]:
        return _empty_leg()

    # ---- validation: bad names raise the vocabulary's ValueError ----
    def _clean(self, name: str, value: object) -> object:
        """The canonical form of a setting, or ValueError naming the valid choices."""
        if name == "mode":
            return _choice("mode", value, MODES)
        if name == "root":
            return _choice("root", value, [r["id"] for r in self.roots_info])
        if name == "map_source":
            return _choice("map source", value, [m["id"] for m in self.maps])
        if name == "side":
            return _choice("side", value, SIDES)
        if name == "nerve":
            return _choice("nerve", value, [n["id"] for n in self.nerves_info])
        if name in ("pain", "numbness", "normal_sensation"):
            return list(_localization()._names("region", value, name))
        if name in ("weakness", "normal_strength"):
            return list(_localization()._names("action", value, name))
        if name == "reflexes":
            return vocabulary.canonical_reflexes(value)
        if name == "other_leg":
            return self._clean_leg(value)
        if name == "show_nerves":
            if not isinstance(value, bool):
                raise ValueError(f"show_nerves must be True or False, not {value!r}")
            return value
        raise ValueError(f"{name!r} cannot be set")

    def _clean_leg(self, value: object) -> dict[str, Any]:
        """The other leg's findings in canonical form, or ValueError saying what is wrong."""
        if not isinstance(value, Mapping):
            raise vocabulary.InputShapeError(
                f"other_leg must be a mapping of finding to names, e.g. {{'numbness': ['calf']}};"
                f" got {type(value).__name__} {value!r:.60}; valid keys: {', '.join(LEG_FINDINGS)}")
        unknown = [k for k in value if k not in LEG_FINDINGS]
        if unknown:
            raise ValueError(f"unknown other_leg finding {unknown[0]!r}; valid keys: "
                             f"{', '.join(LEG_FINDINGS)}")
        leg = _empty_leg()
        for name in LEG_FINDINGS:
            if name in value:
                leg[name] = self._clean(name, value[name])
        for name in _REGION_FINDINGS:
            middle = [r for r in leg[name] if r in MIDLINE]
            if middle:
                raise ValueError(f"the {middle[0]} is on the midline, not on one leg: set it in "
                                 f"`{name}` (it counts for both legs)")
        both = [a for a in leg["weakness"] if a in leg["normal_strength"]]
        both += [r for r in leg["numbness"] if r in leg["normal_sensation"]]
        if both:
            raise ValueError(f"other_leg: {both[0]} cannot be both abnormal and normal; record "
                             f"each finding once")
        return leg

    @traitlets.validate(*_FROM_FRONT_END)
    def _validate(self, proposal: dict) -> object:
        return self._clean(proposal["trait"].name, proposal["value"])

    @traitlets.observe(*_FINDINGS, "other_leg")
    def _findings_changed(self, change: dict) -> None:
        if self._quiet:
            return  # the constructor or a change from the browser: reconciled once at the end
        opposite = self._OPPOSITE.get(change["name"])
        if opposite is not None:
            kept = [x for x in getattr(self, opposite) if x not in change["new"]]
            if kept != getattr(self, opposite):
                setattr(self, opposite, kept)  # its own observer updates the candidates
        self._update_candidates()

    @traitlets.observe("side")
    def _side_changed(self, change: dict) -> None:
        """Examine the other leg: its findings come here, this leg's go to ``other_leg``."""
        if self._quiet or change["old"] == change["new"]:
            return
        here = {name: getattr(self, name) for name in LEG_FINDINGS}
        there = self.other_leg
        self._quiet = True
        try:
            with self.hold_trait_notifications():
                for name in LEG_FINDINGS:
                    if name in _REGION_FINDINGS:
                        middle = [r for r in here[name] if r in MIDLINE]
                        setattr(self, name, middle + [r for r in there[name] if r not in middle])
                    else:
                        setattr(self, name, there[name])
                self.other_leg = {name: _leg_part(here[name]) if name in _REGION_FINDINGS
                                  else here[name] for name in LEG_FINDINGS}
        finally:
            self._quiet = False
        self._update_candidates()

    @property
    def both_legs(self) -> bool:
        """True when both legs have pain, numbness or weakness: a red flag (emergency)."""
        here = {name: getattr(self, name) for name in LEG_FINDINGS}
        return _has_symptoms(here) and _has_symptoms(self.other_leg)

    def _update_candidates(self) -> None:
        found = _reasoning().localize(self.pain, self.numbness, self.weakness, self.reflexes,
                                      normal_strength=self.normal_strength,
                                      normal_sensation=self.normal_sensation,
                                      map_source=self.map_source, both_legs=self.both_legs)
        self.set_trait("candidates", [
            {"id": c.id, "kind": c.kind, "name": c.name, "score": c.score,
             "supporting": list(c.supporting), "against": list(c.against),
             "probability": c.probability} for c in found])

    def set_state(self, sync_data: dict) -> None:
        """Apply a change from the browser; a bad value is ignored and the browser is sent the
        current (valid) value back, so the widget keeps working.

        The browser sends a whole consistent state at once (when it changes the examined leg it
        has already swapped the findings), so nothing is swapped or cleaned here while the values
        arrive; afterwards a movement both weak and normal (or a region both numb and normal) is
        cleaned once, weakness and numbness winning, as the browser does.
        """
        good = {}
        for name, value in sync_data.items():
            if name not in self._FROM_FRONT_END:
                _log.warning("explorer: ignored a change to %r from the browser", name)
                if name in self.keys:
                    self.send_state(name)
                continue
            try:
                self._clean(name, value)  # check first: a bad value never reaches the trait
            except (ValueError, TypeError) as error:
                _log.warning("explorer: ignored a bad %s from the browser: %s", name, error)
                self.send_state(name)
                continue
            good[name] = value
        if not good:
            return
        self._quiet = True
        try:
            super().set_state(good)
        finally:
            self._quiet = False
        for abnormal, normal in (("weakness", "normal_strength"), ("numbness", "normal_sensation")):
            kept = [x for x in getattr(self, normal) if x not in getattr(self, abnormal)]
            if kept != getattr(self, normal):
                self.set_trait(normal, kept)
        self._update_candidates()

    @property
    def tables(self) -> dict[str, Any]:
        """The evidence tables the front end ranks from, one per map (unpacked)."""
        return explorer_data()["tables"]

    def findings(self) -> dict[str, Any]:
        """The examined leg's findings as keyword arguments for :func:`legpain.localize`
        (``localize(**explorer.findings())`` gives ``explorer.candidates``)."""
        return {"pain": list(self.pain), "numbness": list(self.numbness),
                "weakness": list(self.weakness), "reflexes": dict(self.reflexes),
                "normal_strength": list(self.normal_strength),
                "normal_sensation": list(self.normal_sensation),
                "map_source": self.map_source, "both_legs": self.both_legs}

    def clear(self) -> None:
        """Remove every finding on both legs (pain, numbness, weakness, reflexes, tested-normal
        findings)."""
        with self.hold_trait_notifications():
            self.pain, self.numbness, self.weakness, self.reflexes = [], [], [], {}
            self.normal_strength, self.normal_sensation = [], []
            self.other_leg = _empty_leg()

"""Where is the lesion? Rank nerve roots and peripheral nerves from a student's findings.

The ranking is a transparent, purely additive score. Every possible finding
(``"pain:<region>"``, ``"numbness:<region>"``, ``"weakness:<action>"``,
``"reflex:<reflex>:<state>"``) has, for each candidate, a ``[weight, reason]`` pair in
:func:`evidence_table`; a candidate's score is the sum of the weights of the findings the student
entered. The explorer widget reproduces the ranking in JavaScript from the same table, so Python
and the static book always agree.

The weights come from the knowledge base (dermatomes, key sensory points, radicular pain areas,
skin fields, key muscles, reflexes), through a few clinical rules stated once below:

- numbness localises more than pain, so it weighs more;
- low back and buttock pain localise weakly (they do not say which root);
- a finding outside a candidate's territory counts against it;
- a single root rarely paralyses a muscle (every leg muscle gets several roots), whereas a nerve
  is a muscle's only supply, so weakness weighs a little more for nerves than for roots;
- a brisk reflex is an upper motor neuron sign and argues against every root and nerve;
- a tie goes to the candidate listed first: roots L1..S5, then nerves from the smallest territory
  to the largest (nerves.yaml order), so the simpler explanation wins.

Weights are whole numbers or halves, so sums are exact in both Python and JavaScript.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from typing import Any

from . import anatomy, vocabulary

MAP_SOURCES = ("lee2008", "keegan1948")
DEFAULT_MAP = "lee2008"

# Weights (the only tuning constants; everything else comes from the data).
NUMBNESS_KEY_POINT = 2.5  # numbness covers the root's ISNCSCI key sensory point
NUMBNESS_INSIDE = 2
NUMBNESS_PARTIAL = 1  # the nerve supplies only part of the region (e.g. only the top of the big toe)
NUMBNESS_OUTSIDE = -1
PAIN_INSIDE = 1
PAIN_OUTSIDE = -0.5
WEAK_PAIN_INSIDE = 0.5  # buttock pain: fits, but says little about which root
BACK_PAIN_ROOT = 0.5
BACK_PAIN_NERVE = -1
WEAKNESS_ROOT = {"main": 1.5, "minor": 1}
WEAKNESS_NERVE = 2
WEAKNESS_OUTSIDE = -1.5
REFLEX = {  # state -> {role: weight}; "outside" = a reflex this candidate does not carry
    "reduced": {"main": 2, "minor": 1, "outside": -0.5},
    "absent": {"main": 2.5, "minor": 1.5, "outside": -0.5},
    "normal": {"main": -1, "minor": -0.5, "outside": 0},
}
BRISK = -2
BACK_REGIONS = ("low back",)
WEAK_PAIN_REGIONS = ("buttock",)
SADDLE_REGIONS = ("perineum", "perianal area")


@dataclass(frozen=True)
class Candidate:
    """One possible site of the lesion with its score and the reasons for and against it."""

    id: str
    kind: str
    name: str
    score: float
    supporting: tuple[str, ...]
    against: tuple[str, ...]


def _map_source(map_source: str) -> str:
    text = str(map_source).strip().lower() if isinstance(map_source, str) else map_source
    if text not in MAP_SOURCES:
        raise ValueError(f"unknown map_source {map_source!r}; valid map sources: "
                         f"{', '.join(MAP_SOURCES)}")
    return text


def candidates() -> list[dict[str, str]]:
    """Every candidate in the fixed order: roots L1..S5, then nerves in data-file order."""
    result = [{"id": r.id, "kind": "root", "name": r.name} for r in anatomy.roots()]
    result += [{"id": n.id, "kind": "nerve", "name": n.name} for n in anatomy.nerves()]
    return result


def _number(value: float) -> float | int:
    """Whole numbers as int, halves as float: exact and tidy in JSON."""
    if value * 2 != int(value * 2):
        raise ValueError(f"weight {value} is not a whole number or a half")
    return int(value) if value == int(value) else float(value)


def _labels(keys: tuple[str, ...]) -> str:
    return "; ".join(dict.fromkeys(anatomy.citation_label(k) for k in keys))


def _map_label(map_source: str) -> str:
    for item in anatomy.dermatome_maps():
        if item.id == map_source:
            return item.name
    return map_source


def _the(name: str) -> str:
    return f"the {name[0].lower()}{name[1:]}"


def _root_numbness(root: anatomy.Root, region: str, map_label: str,
                   map_id: str) -> tuple[float, str]:
    point = root.key_sensory_point
    dermatome = root.dermatome_for(map_id)
    if region == point.region:
        return (NUMBNESS_KEY_POINT,
                f"numbness on the {region} covers the ISNCSCI key sensory point for {root.id} "
                f"({point.text[0].lower()}{point.text[1:].rstrip('.')})")
    if region in dermatome.regions:
        return (NUMBNESS_INSIDE, f"numbness on the {region} fits the {root.id} dermatome "
                                 f"({map_label} map)")
    if root.other_skin is not None and region in root.other_skin.regions:
        return (NUMBNESS_INSIDE, f"numbness on the {region} fits skin supplied by {root.id} "
                                 f"({_labels(root.other_skin.sources)})")
    return (NUMBNESS_OUTSIDE, f"numbness on the {region} lies outside the {root.id} dermatome "
                              f"({map_label} map)")


def _root_pain(root: anatomy.Root, region: str, map_label: str, map_id: str) -> tuple[float, str]:
    if region in BACK_REGIONS:
        return (BACK_PAIN_ROOT, f"pain in the {region} often comes with a compressed root, "
                                f"but it does not tell which root")
    radicular = root.radicular_pain.regions if root.radicular_pain else ()
    inside = PAIN_INSIDE if region not in WEAK_PAIN_REGIONS else WEAK_PAIN_INSIDE
    if region in radicular:
        return (inside, f"pain in the {region} is where {root.id} radicular pain is typically "
                        f"felt ({_labels(root.radicular_pain.sources)})")
    if region in root.skin(map_id):
        return (inside, f"pain in the {region} lies in the {root.id} dermatome ({map_label} map)")
    if region in WEAK_PAIN_REGIONS:
        return (0, "")
    return (PAIN_OUTSIDE, f"pain in the {region} is not where {root.id} pain is usually felt")


def _root_weakness(root: anatomy.Root, action: str) -> tuple[float, str]:
    links = [m for m in root.key_muscles if m.action == action]
    if not links:
        return (WEAKNESS_OUTSIDE, f"{action} is weak, but {action} is not powered by {root.id}")
    best = max(links, key=lambda m: WEAKNESS_ROOT[m.role])
    if best.role == "main":
        text = (f"{action} is weak: {best.muscle} is supplied mainly by {root.id} "
                f"({_labels(best.sources)})")
    else:
        text = (f"{action} is weak: {best.muscle} gets part of its supply from {root.id} "
                f"({_labels(best.sources)})")
    return (WEAKNESS_ROOT[best.role], text)


def _brisk(reflex: str, who: str) -> tuple[float, str]:
    return (BRISK, f"a brisk {reflex} reflex is an upper motor neuron sign: it argues against any "
                   f"root or peripheral nerve lesion, {who} included (think of the spinal cord or "
                   f"brain)")


def _root_reflex(root: anatomy.Root, reflex: str, state: str,
                 link: anatomy.ReflexLink | None) -> tuple[float, str]:
    if state == "brisk":
        return _brisk(reflex, f"the {root.id} root")
    if link is None:
        weight = REFLEX[state]["outside"]
        if weight == 0:
            return (0, "")
        return (weight, f"a {state} {reflex} reflex is not explained by the {root.id} root, "
                        f"which does not carry it")
    weight = REFLEX[state][link.role]
    share = "is the main root of" if link.role == "main" else "contributes to"
    if state == "normal":
        return (weight, f"a normal {reflex} reflex argues against an {root.id} lesion: {root.id} "
                        f"{share} this reflex (a normal reflex does not rule the lesion out)")
    return (weight, f"a {state} {reflex} reflex fits {root.id}: {root.id} {share} this reflex "
                    f"({_labels(link.sources)})")


def _nerve_reflex(nerve: anatomy.Nerve, reflex: str, state: str) -> tuple[float, str]:
    the = _the(nerve.name)
    if state == "brisk":
        return _brisk(reflex, the)
    if reflex not in nerve.reflexes:
        weight = REFLEX[state]["outside"]
        if weight == 0:
            return (0, "")
        return (weight, f"a {state} {reflex} reflex is not explained by {the}, which does not "
                        f"carry it")
    weight = REFLEX[state]["main"]
    if state == "normal":
        return (weight, f"a normal {reflex} reflex argues against a lesion of {the}, which carries "
                        f"it (a normal reflex does not rule the lesion out)")
    return (weight, f"a {state} {reflex} reflex fits {the}, which carries this reflex")


def _root_column(root: anatomy.Root, map_id: str) -> dict[str, tuple[float, str]]:
    label = _map_label(map_id)
    column: dict[str, tuple[float, str]] = {}
    for region in vocabulary.names("region"):
        column[f"pain:{region}"] = _root_pain(root, region, label, map_id)
        column[f"numbness:{region}"] = _root_numbness(root, region, label, map_id)
    for action in vocabulary.names("action"):
        column[f"weakness:{action}"] = _root_weakness(root, action)
    links = {link.reflex: link for link in root.reflexes}
    for reflex in vocabulary.names("reflex"):
        for state in vocabulary.reflex_states():
            column[f"reflex:{reflex}:{state}"] = _root_reflex(root, reflex, state,
                                                              links.get(reflex))
    return column


def _nerve_column(nerve: anatomy.Nerve) -> dict[str, tuple[float, str]]:
    the = _the(nerve.name)
    column: dict[str, tuple[float, str]] = {}
    pain_area = set(nerve.skin_field) | set(nerve.pain_regions)
    for region in vocabulary.names("region"):
        if region in BACK_REGIONS:
            column[f"pain:{region}"] = (BACK_PAIN_NERVE, f"pain in the {region} is not explained "
                                        f"by a lesion of {the} (though back pain is common and "
                                        f"may be unrelated)")
        elif region in pain_area:
            weight = PAIN_INSIDE if region not in WEAK_PAIN_REGIONS else WEAK_PAIN_INSIDE
            where = "skin field" if region in nerve.skin_field else "course"
            column[f"pain:{region}"] = (weight, f"pain in the {region} fits the {where} of {the}")
        elif region in WEAK_PAIN_REGIONS:
            column[f"pain:{region}"] = (0, "")
        else:
            column[f"pain:{region}"] = (PAIN_OUTSIDE, f"pain in the {region} lies outside the "
                                        f"territory of {the}")
        if not nerve.skin_field:
            column[f"numbness:{region}"] = (NUMBNESS_OUTSIDE, f"{the} supplies no skin, so "
                                            f"numbness on the {region} is not explained by it")
        elif region in nerve.skin_field_partial:
            column[f"numbness:{region}"] = (NUMBNESS_PARTIAL, f"numbness on the {region} fits only "
                                            f"in part: {the} supplies only part of the {region}")
        elif region in nerve.skin_field:
            column[f"numbness:{region}"] = (NUMBNESS_INSIDE, f"numbness on the {region} lies in "
                                            f"the skin field of {the}")
        else:
            column[f"numbness:{region}"] = (NUMBNESS_OUTSIDE, f"numbness on the {region} lies "
                                            f"outside the skin field of {the}")
    for action in vocabulary.names("action"):
        if action in nerve.actions:
            column[f"weakness:{action}"] = (WEAKNESS_NERVE, f"{action} is weak: {the} supplies "
                                            f"the muscles for {action}")
        else:
            column[f"weakness:{action}"] = (WEAKNESS_OUTSIDE, f"{action} is weak, but {action} is "
                                            f"not supplied by {the}")
    for reflex in vocabulary.names("reflex"):
        for state in vocabulary.reflex_states():
            column[f"reflex:{reflex}:{state}"] = _nerve_reflex(nerve, reflex, state)
    return column


def _saddle(region: str, text: str, weight: float) -> str:
    if region in SADDLE_REGIONS and weight > 0:
        return (text + "; numbness here (saddle anaesthesia) is a red flag for cauda equina "
                "syndrome and needs emergency care")
    return text


@functools.cache
def _table(map_source: str) -> dict[str, Any]:
    """The evidence table for one map (cached; callers get a copy from evidence_table)."""
    findings: dict[str, dict[str, list]] = {}
    columns: list[tuple[str, dict[str, tuple[float, str]]]] = []
    for item in anatomy.roots():
        columns.append((item.id, _root_column(item, map_source)))
    for item in anatomy.nerves():
        columns.append((item.id, _nerve_column(item)))
    keys = list(columns[0][1])
    for key in keys:
        row: dict[str, list] = {}
        for cand_id, column in columns:
            weight, reason = column[key]
            if weight == 0:
                continue
            if key.startswith("numbness:"):
                reason = _saddle(key.split(":", 1)[1], reason, weight)
            row[cand_id] = [_number(weight), reason]
        findings[key] = row
    return {"map_source": map_source, "map_name": _map_label(map_source),
            "candidates": candidates(), "findings": findings}


def evidence_table(map_source: str = DEFAULT_MAP) -> dict[str, Any]:
    """The whole scoring table for one dermatome map, JSON-serialisable.

    ``{"map_source", "map_name", "candidates": candidates(), "findings": {key: {cand_id:
    [weight, reason]}}}``; the widget's JavaScript ranks candidates from exactly this table.
    """
    return copy.deepcopy(_table(_map_source(map_source)))


def finding_keys(pain: object = (), numbness: object = (), weakness: object = (),
                 reflexes: object = None) -> list[str]:
    """Validate the student's findings and turn them into table keys, in input order."""
    keys = [f"pain:{r}" for r in vocabulary.canonical_all("region", pain)]
    keys += [f"numbness:{r}" for r in vocabulary.canonical_all("region", numbness)]
    keys += [f"weakness:{a}" for a in vocabulary.canonical_all("action", weakness)]
    keys += [f"reflex:{r}:{s}" for r, s in vocabulary.canonical_reflexes(reflexes).items()]
    return keys


def rank(keys: list[str], table: dict[str, Any]) -> list[Candidate]:
    """Score every candidate from table rows (the algorithm the widget's JavaScript mirrors)."""
    findings = table["findings"]
    order = table["candidates"]
    scores = {c["id"]: 0.0 for c in order}
    support: dict[str, list[str]] = {c["id"]: [] for c in order}
    against: dict[str, list[str]] = {c["id"]: [] for c in order}
    for key in keys:
        for cand_id, (weight, reason) in findings[key].items():
            scores[cand_id] += weight
            (support if weight > 0 else against)[cand_id].append(reason)
    result = [Candidate(c["id"], c["kind"], c["name"], scores[c["id"]],
                        tuple(support[c["id"]]), tuple(against[c["id"]]))
              for c in order
              if scores[c["id"]] > 0 or support[c["id"]] or against[c["id"]]]
    position = {c["id"]: i for i, c in enumerate(order)}
    result.sort(key=lambda c: (-c.score, position[c.id]))
    return result


def _lower_first(name: str) -> str:
    """"Sciatic nerve" -> "sciatic nerve" inside a sentence; "L5 nerve root" stays."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def separating_findings(first: str, second: str, keys: list[str], table: dict[str, Any],
                        limit: int = 4) -> list[tuple[str, str]]:
    """Examination findings not yet recorded that would pull two tied candidates apart.

    Only weakness and reflex findings are offered (what an examiner can still test), those that
    fit one candidate and count against the other, strongest difference first, then table order.
    Returns ``(finding key, plain-language hint)`` pairs; the widget's JavaScript mirrors this.
    """
    names = {c["id"]: _lower_first(c["name"]) for c in table["candidates"]}
    found = []
    for index, (key, row) in enumerate(table["findings"].items()):
        if key in keys or not (key.startswith("weakness:") or key.endswith(":reduced")):
            continue
        a, b = row.get(first, (0, ""))[0], row.get(second, (0, ""))[0]
        if (a > 0) == (b > 0) or max(a, b) <= 0 or min(a, b) >= 0:
            continue
        fits, not_fits = (first, second) if a > b else (second, first)
        what = key.split(":")[1]
        finding = f"weak {what}" if key.startswith("weakness:") else f"a reduced {what} reflex"
        found.append((abs(a - b), index, key,
                      f"{finding} would fit the {names[fits]} but not the {names[not_fits]}"))
    found.sort(key=lambda item: (-item[0], item[1]))
    return [(key, hint) for _, _, key, hint in found[:limit]]


def localize(pain: object = (), numbness: object = (), weakness: object = (),
             reflexes: object = None, *, map_source: str = DEFAULT_MAP) -> list[Candidate]:
    """Rank roots and nerves that could explain the findings, best first, with reasons.

    Names are vocabulary names (case-insensitive, aliases accepted); ``reflexes`` maps a reflex
    to 'normal', 'reduced', 'absent' or 'brisk'. Returns every candidate with a positive score or
    any reason, sorted by score, ties in :func:`candidates` order.

    >>> [c.id for c in localize(numbness=["top of foot"], weakness=["big toe extension"])][:1]
    ['L5']
    """
    table = _table(_map_source(map_source))
    return rank(finding_keys(pain, numbness, weakness, reflexes), table)

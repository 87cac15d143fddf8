"""Where is the lesion? A small, transparent probabilistic model over roots, nerves and beyond.

Candidates: the nerve roots L1..S5, the peripheral nerves of ``nerves.yaml``, several roots at once
(``cauda equina``) and a lesion above the roots (``upper motor neuron``: spinal cord or brain).

Each candidate's posterior probability is

    prior  x  product over the student's findings of P(finding | candidate),

divided by the sum over all candidates so that the probabilities add up to 1 (Bayes' rule).

- The **prior** is how common the lesion is among people presenting with leg symptoms like these
  (``data/localization_priors.yaml``, with sources; coarse where only coarse figures exist).
- A **present** finding (pain, numbness, weakness, a reflex state) multiplies by
  P(finding | candidate); a **tested-normal** finding (``normal_strength``, ``normal_sensation``)
  multiplies by 1 - P(abnormal | candidate); anything not examined is left out.
- **Findings in both legs** (``both_legs=True``) add one more finding, ``both legs:symptoms``: one
  root or one peripheral nerve supplies one leg only, so for each of them it is a near-veto (like
  saddle numbness for a leg nerve), while several roots (the cauda equina) and a lesion above the
  roots often reach both legs. The explorer ranks each leg's findings with this finding added.
- The likelihoods come from the knowledge base (dermatomes of the chosen map, ISNCSCI key sensory
  points, radicular pain areas, nerve skin fields, key muscles, reflexes) through the named
  constants below. None is ever 0 (small floors), so one odd finding cannot rule a candidate out.

**Assumption (naive Bayes):** the findings are treated as independent of one another once the
lesion is known. They are not (numbness and weakness from one root travel together), so the
model is over-confident when many findings are entered: read its percentages as a ranking with a
rough sense of distance, not as exact chances.

The explorer widget's JavaScript ranks from exactly the table :func:`evidence_table` returns
(priors, likelihoods and their natural logarithms), so Python and the static book agree.
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..knowledge import anatomy, vocabulary
from ..knowledge.loading import DataError, load_yaml

MAP_SOURCES = ("lee2008", "keegan1948")
DEFAULT_MAP = "lee2008"

# ---- the model's constants: every likelihood comes from one of these ----------------------------
# Numbness (a sensory finding localises well; dermatomes overlap, nerve fields are sharper).
NUMB_KEY_POINT = 0.6     # on the root's ISNCSCI key sensory point: the most reliable skin for a root
NUMB_DERMATOME = 0.5     # inside the root's dermatome on the chosen map (or its other skin)
NUMB_NEIGHBOUR = 0.1     # in a neighbouring root's dermatome: dermatomes overlap (Lee 2008)
NUMB_OUTSIDE_ROOT = 0.03  # elsewhere: dermatomes vary between people, so not impossible
NUMB_NERVE = 0.6         # inside a nerve's skin field
NUMB_NERVE_PARTIAL = 0.3  # the nerve supplies only part of the region
NUMB_OUTSIDE_NERVE = 0.02  # a nerve's skin field has sharper edges than a dermatome
NUMB_SADDLE_ROOT = 0.002  # saddle numbness with a single root L1-S1, which supplies no saddle skin
#: Saddle numbness with one leg nerve: saddle skin belongs to S2-S5 and no leg nerve supplies it.
#: The one deliberate near-veto of the model (tiny, still not 0): saddle numbness must never leave
#: a single peripheral nerve ranked first, however well the rest fits (a safety rule).
NUMB_SADDLE_NERVE = 1e-6
NUMB_CAUDA_SADDLE = 0.7  # saddle numbness: the hallmark sensory sign of cauda equina syndrome
NUMB_CAUDA_LEG = 0.4     # leg skin of the roots the cauda equina carries (patchy, several roots)
NUMB_UMN = 0.15          # a cord or brain lesion numbs skin, but not in one root's pattern
# Pain (radicular pain need not follow the dermatome, so pain localises less than numbness).
PAIN_RADICULAR = 0.5     # where the root's radicular pain is typically felt (Engstrom & Deyo)
PAIN_DERMATOME = 0.3     # in the root's dermatome but outside its usual pain area
PAIN_NEIGHBOUR = 0.2     # in a neighbouring root's pain area or dermatome: they overlap
PAIN_NERVE = 0.5         # in a nerve's skin field or along its course
PAIN_BUTTOCK = 0.15      # buttock pain: common, says little about which root or nerve
PAIN_OUTSIDE = 0.05
PAIN_CAUDA_LEG = 0.4     # leg pain in the area of the roots the cauda equina carries
PAIN_UMN = 0.05          # a cord or brain lesion seldom causes leg pain of this kind
BACK_PAIN = {"root": 0.6, "several roots": 0.7, "nerve": 0.3, "above the roots": 0.1}
# Weakness (every leg muscle has several roots, so one root rarely paralyses it; a nerve is a
# muscle's only supply).
WEAK_ROOT_MAIN = 0.5
WEAK_ROOT_MINOR = 0.3
WEAK_ROOT_OUTSIDE = 0.03
WEAK_NERVE = 0.8
WEAK_NERVE_OUTSIDE = 0.02
WEAK_UMN = 0.4           # upper motor neuron weakness spreads over several movements
# Reflexes: P(state | candidate) for a reflex the candidate mainly carries, partly carries, does
# not carry, and for a lesion above the roots. A root or nerve lesion lowers a reflex; a brisk
# reflex is an upper motor neuron sign (its floor covers a brisk normal variant or a misjudged test).
REFLEX = {
    "main": {"reduced": 0.4, "absent": 0.25, "brisk": 0.002},
    "minor": {"reduced": 0.2, "absent": 0.1, "brisk": 0.002},
    "outside": {"reduced": 0.06, "absent": 0.04, "brisk": 0.002},
    "above the roots": {"reduced": 0.03, "absent": 0.02, "brisk": 0.8},
}
# Findings in both legs (pain, numbness or weakness on the left and on the right). One root or one
# leg nerve supplies one side only: symptoms in the other leg need another lesion, so the model
# treats them as a near-veto for every single root and nerve (tiny, still not 0), the second
# deliberate one of the model after saddle numbness with a leg nerve: findings in both legs must
# never leave a single root or nerve ranked first on their own. Several roots (cauda equina
# syndrome) and a cord lesion commonly affect both legs (sbns2018ces, girft2023ces).
BOTH_LEGS_ONE_SIDE = 1e-6
BOTH_LEGS_CAUDA = 0.5
BOTH_LEGS_UMN = 0.5
BOTH_LEGS_SOURCES = ("sbns2018ces", "girft2023ces")
#: the evidence-table key of "pain, numbness or weakness in both legs"
BOTH_LEGS_KEY = "both legs:symptoms"

# The reference a finding is compared with to call it "for" or "against" a candidate (and to
# compute `score`): how often the finding turns up when the lesion is somewhere unrelated.
REFERENCE = {"pain": 0.1, "numbness": 0.1, "weakness": 0.1, "both legs": 0.1,
             "reflex": {"normal": 0.9, "reduced": 0.06, "absent": 0.04, "brisk": 0.01}}
#: Pain regions with their own reference: back pain is common whatever the lesion (so it counts
#: for a root only a little and against a nerve a little), buttock pain says little either way.
REFERENCE_PAIN = {"low back": 0.4, "buttock": PAIN_BUTTOCK}
NEUTRAL = math.log(1.25)  # within a factor of 1.25 of the reference: no reason is shown

BACK_REGIONS = ("low back",)
BUTTOCK_REGIONS = ("buttock",)
SADDLE_REGIONS = ("perineum", "perianal area")
#: The roots a large central L4-L5 or L5-S1 disc, the commonest cause of cauda equina syndrome,
#: can compress together (the course's simplification of "several roots").
CAUDA_ROOTS = ("L5", "S1", "S2", "S3", "S4", "S5")

CAUDA_ID, UMN_ID = "cauda equina", "upper motor neuron"
_EXTRA = (
    {"id": CAUDA_ID, "kind": "several roots", "name": "Several roots: cauda equina"},
    {"id": UMN_ID, "kind": "above the roots", "name": "Above the roots: spinal cord or brain"},
)
#: How each extra candidate is named inside a sentence ("would favour the cauda equina ...").
_PHRASES = {CAUDA_ID: "the cauda equina (several roots)",
            UMN_ID: "a lesion above the roots (spinal cord or brain)"}


@dataclass(frozen=True)
class Candidate:
    """One possible site of the lesion, with its probability and the reasons for and against.

    ``probability``: posterior probability (all candidates of one answer add up to 1).
    ``score``: log10 of the likelihood ratio of the findings for this candidate against an
    unrelated site (the priors left out): above 0 the findings fit it, below 0 they argue against.
    """

    id: str
    kind: str
    name: str
    score: float
    supporting: tuple[str, ...]
    against: tuple[str, ...]
    probability: float = 0.0


def _map_source(map_source: str) -> str:
    text = str(map_source).strip().lower() if isinstance(map_source, str) else map_source
    if text not in MAP_SOURCES:
        raise ValueError(f"unknown map_source {map_source!r}; valid map sources: "
                         f"{', '.join(MAP_SOURCES)}")
    return text


def candidates() -> list[dict[str, str]]:
    """Every candidate in the fixed order: roots L1..S5, nerves in data-file order, then several
    roots (cauda equina) and above the roots (upper motor neuron)."""
    result = [{"id": r.id, "kind": "root", "name": r.name} for r in anatomy.roots()]
    result += [{"id": n.id, "kind": "nerve", "name": n.name} for n in anatomy.nerves()]
    return result + [dict(c) for c in _EXTRA]


@functools.cache
def priors() -> dict[str, dict[str, Any]]:
    """Each candidate's prior from ``localization_priors.yaml``: ``{id: {"value", "band",
    "derivation", "sources"}}`` (value = new cases per 100,000 people per year)."""
    raw = load_yaml("localization_priors.yaml")
    bands = {b["id"]: b["value"] for b in raw["bands"]}
    result: dict[str, dict[str, Any]] = {}
    for item in raw["priors"]:
        band = item.get("band")
        value = bands[band] if band is not None else item.get("value")
        if not isinstance(value, int | float) or value <= 0:
            raise DataError("localization_priors.yaml", "a prior needs a positive value or a band",
                            item.get("id"), "value")
        result[item["id"]] = {"value": float(value), "band": band,
                              "derivation": " ".join(str(item["derivation"]).split()),
                              "sources": list(item.get("sources", []))}
    wanted = [c["id"] for c in candidates()]
    if sorted(result) != sorted(wanted):
        raise DataError("localization_priors.yaml", f"priors must cover exactly {wanted}")
    return result


def _labels(keys: tuple[str, ...] | list[str]) -> str:
    return "; ".join(dict.fromkeys(anatomy.citation_label(k) for k in keys))


def _map_label(map_source: str) -> str:
    for item in anatomy.dermatome_maps():
        if item.id == map_source:
            return item.name
    return map_source


def _the(name: str) -> str:
    return f"the {name[0].lower()}{name[1:]}"


def _a(word: str) -> str:
    """'a' or 'an' before a word: "an absent achilles reflex", "a reduced patellar reflex"."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def _neighbours(root_id: str) -> list[anatomy.Root]:
    ids = list(anatomy.ROOT_IDS)
    i = ids.index(root_id)
    return [r for r in anatomy.roots() if r.id in ids[max(0, i - 1):i + 2] and r.id != root_id]


# ---- one column of likelihoods per candidate: {finding key: (probability, reason)} -------------

def _root_numbness(root: anatomy.Root, region: str, map_id: str, label: str) -> tuple[float, str]:
    point = root.key_sensory_point
    if region == point.region:
        return (NUMB_KEY_POINT, f"numbness on the {region} covers the ISNCSCI key sensory point "
                                f"for {root.id} ({point.text[0].lower()}{point.text[1:].rstrip('.')})")
    if region in root.dermatome_for(map_id).regions:
        return (NUMB_DERMATOME, f"numbness on the {region} fits the {root.id} dermatome "
                                f"({label} map)")
    if root.other_skin is not None and region in root.other_skin.regions:
        return (NUMB_DERMATOME, f"numbness on the {region} fits skin supplied by {root.id} "
                                f"({_labels(root.other_skin.sources)})")
    if region in SADDLE_REGIONS:
        return (NUMB_SADDLE_ROOT, f"{root.id} does not supply the {region}, so numbness there "
                                     f"needs another explanation (several sacral roots)")
    near = [n.id for n in _neighbours(root.id) if region in n.dermatome_for(map_id).regions]
    if near:
        return (NUMB_NEIGHBOUR, f"numbness on the {region} lies in the neighbouring {near[0]} "
                                f"dermatome ({label} map), which overlaps {root.id} a little")
    return (NUMB_OUTSIDE_ROOT, f"numbness on the {region} lies outside the {root.id} dermatome "
                               f"({label} map)")


def _root_pain(root: anatomy.Root, region: str, map_id: str, label: str) -> tuple[float, str]:
    if region in BACK_REGIONS:
        return (BACK_PAIN["root"], f"pain in the {region} often comes with a compressed root, "
                                   f"but it does not tell which root")
    radicular = root.radicular_pain.regions if root.radicular_pain else ()
    if region in radicular:
        return (PAIN_RADICULAR, f"pain in the {region} is where {root.id} radicular pain is "
                                f"typically felt ({_labels(root.radicular_pain.sources)})")
    if region in root.skin(map_id):
        return (PAIN_DERMATOME, f"pain in the {region} lies in the {root.id} dermatome "
                                f"({label} map)")
    if region in BUTTOCK_REGIONS:
        return (PAIN_BUTTOCK, "")
    near = [n.id for n in _neighbours(root.id)
            if n.radicular_pain and region in n.radicular_pain.regions]
    if near:
        return (PAIN_NEIGHBOUR, f"pain in the {region} is where {near[0]} pain is typically felt; "
                                f"it can spill over from {root.id}, as pain areas overlap")
    near = [n.id for n in _neighbours(root.id) if region in n.skin(map_id)]
    if near:
        return (PAIN_NEIGHBOUR, f"pain in the {region} lies in the neighbouring {near[0]} "
                                f"dermatome; it can spill over from {root.id}, as dermatomes overlap")
    return (PAIN_OUTSIDE, f"pain in the {region} is not where {root.id} pain is usually felt")


def _root_weakness(root: anatomy.Root, action: str) -> tuple[float, str]:
    links = [m for m in root.key_muscles if m.action == action]
    if not links:
        return (WEAK_ROOT_OUTSIDE, f"{action} is weak, but {action} is not powered by {root.id}")
    best = next((m for m in links if m.role == "main"), links[0])
    if best.role == "main":
        return (WEAK_ROOT_MAIN, f"{action} is weak: {best.muscle} is supplied mainly by {root.id} "
                                f"({_labels(best.sources)})")
    return (WEAK_ROOT_MINOR, f"{action} is weak: {best.muscle} gets part of its supply from "
                             f"{root.id} ({_labels(best.sources)})")


def _reflex(role: str, reflex: str, state: str, who: str, link_sources: str = "") -> tuple[float, str]:
    """P(state | candidate) for one reflex; role is main, minor, outside or 'above the roots'."""
    table = REFLEX[role]
    p = 1.0 - sum(table.values()) if state == "normal" else table[state]
    finding = f"{_a(state)} {state} {reflex} reflex"
    if role == "above the roots":
        if state == "brisk":
            return (p, f"{finding} is an upper motor neuron sign: it points above the roots, to "
                       f"the spinal cord or brain")
        if state == "normal":
            return (p, f"{finding} is usual in a root or nerve lesion; above the roots reflexes "
                       f"are usually brisk (early on they can be normal)")
        return (p, f"{finding} points to a root or nerve; above the roots reflexes are usually brisk")
    if state == "brisk":
        return (p, f"{finding} is an upper motor neuron sign: it argues against any root or "
                   f"nerve lesion, {who} included (think of the spinal cord or brain)")
    if role == "outside":
        if state == "normal":
            return (p, "")
        return (p, f"{finding} is not explained by {who}, which does not carry it")
    share = "mainly carries" if role == "main" else "contributes to"
    if state == "normal":
        return (p, f"{finding} argues against {who}, which {share} this reflex (a normal reflex "
                   f"does not rule the lesion out)")
    return (p, f"{finding} fits {who}, which {share} this reflex{link_sources}")


def _normal(column: dict[str, tuple[float, str]], who: str) -> None:
    """Tested-normal findings: P(normal | candidate) = 1 - P(abnormal | candidate).

    Their reasons are written only where the candidate usually makes the finding abnormal (a
    sparing sign); elsewhere a normal finding says little and gets no reason.
    """
    for action in vocabulary.names("action"):
        p, reason = column[f"weakness:{action}"]
        text = ""
        if p > REFERENCE["weakness"] and ": " in reason:
            text = f"{action} has normal strength, although {reason.split(': ', 1)[1]}"
        column[f"normal strength:{action}"] = (1.0 - p, text)
    for region in vocabulary.names("region"):
        p, reason = column[f"numbness:{region}"]
        text = ""
        if p > REFERENCE["numbness"]:
            text = f"sensation on the {region} is normal, although {who} supplies this skin"
        column[f"normal sensation:{region}"] = (1.0 - p, text)


def _root_column(root: anatomy.Root, map_id: str) -> dict[str, tuple[float, str]]:
    label = _map_label(map_id)
    column: dict[str, tuple[float, str]] = {}
    regions, actions = vocabulary.names("region"), vocabulary.names("action")
    for region in regions:
        column[f"pain:{region}"] = _root_pain(root, region, map_id, label)
        column[f"numbness:{region}"] = _root_numbness(root, region, map_id, label)
    for action in actions:
        column[f"weakness:{action}"] = _root_weakness(root, action)
    links = {link.reflex: link for link in root.reflexes}
    for reflex in vocabulary.names("reflex"):
        link = links.get(reflex)
        role = link.role if link else "outside"
        cite = f" ({_labels(link.sources)})" if link else ""
        for state in vocabulary.reflex_states():
            column[f"reflex:{reflex}:{state}"] = _reflex(role, reflex, state,
                                                         f"the {root.id} root", cite)
    _normal(column, f"the {root.id} root")
    column[BOTH_LEGS_KEY] = _one_side(f"the {root.id} root")
    return column


def _nerve_column(nerve: anatomy.Nerve) -> dict[str, tuple[float, str]]:
    the = _the(nerve.name)
    column: dict[str, tuple[float, str]] = {}
    pain_area = set(nerve.skin_field) | set(nerve.pain_regions)
    regions, actions = vocabulary.names("region"), vocabulary.names("action")
    for region in regions:
        if region in BACK_REGIONS:
            column[f"pain:{region}"] = (BACK_PAIN["nerve"], f"pain in the {region} is not "
                                        f"explained by a lesion of {the} (though back pain is "
                                        f"common and may be unrelated)")
        elif region in pain_area:
            where = "skin field" if region in nerve.skin_field else "course"
            column[f"pain:{region}"] = (PAIN_NERVE, f"pain in the {region} fits the {where} of "
                                                    f"{the}")
        elif region in BUTTOCK_REGIONS:
            column[f"pain:{region}"] = (PAIN_BUTTOCK, "")
        else:
            column[f"pain:{region}"] = (PAIN_OUTSIDE, f"pain in the {region} lies outside the "
                                                      f"territory of {the}")
        if region in nerve.skin_field_partial:
            column[f"numbness:{region}"] = (NUMB_NERVE_PARTIAL, f"numbness on the {region} fits "
                                            f"only in part: {the} supplies only part of the "
                                            f"{region}")
        elif region in nerve.skin_field:
            column[f"numbness:{region}"] = (NUMB_NERVE, f"numbness on the {region} lies in the "
                                                        f"skin field of {the}")
        elif region in SADDLE_REGIONS:
            column[f"numbness:{region}"] = (NUMB_SADDLE_NERVE, f"{the} does not supply the "
                                            f"{region}: saddle numbness is never explained by "
                                            f"one leg nerve")
        elif not nerve.skin_field:
            column[f"numbness:{region}"] = (NUMB_OUTSIDE_NERVE, f"{the} supplies no skin, so "
                                            f"numbness on the {region} is not explained by it")
        else:
            column[f"numbness:{region}"] = (NUMB_OUTSIDE_NERVE, f"numbness on the {region} lies "
                                            f"outside the skin field of {the}")
    for action in actions:
        if action in nerve.actions:
            column[f"weakness:{action}"] = (WEAK_NERVE, f"{action} is weak: {the} supplies the "
                                                        f"muscles for {action}")
        else:
            column[f"weakness:{action}"] = (WEAK_NERVE_OUTSIDE, f"{action} is weak, but {action} "
                                                                f"is not supplied by {the}")
    for reflex in vocabulary.names("reflex"):
        role = "main" if reflex in nerve.reflexes else "outside"
        for state in vocabulary.reflex_states():
            column[f"reflex:{reflex}:{state}"] = _reflex(role, reflex, state, the)
    _normal(column, the)
    column[BOTH_LEGS_KEY] = _one_side(the)
    return column


def _one_side(who: str) -> tuple[float, str]:
    """P(symptoms in both legs | one root or one nerve): a near-veto, with its reason."""
    return (BOTH_LEGS_ONE_SIDE, f"symptoms in both legs are not explained by {who}, which "
                                f"supplies one leg only: a second lesion, or several roots at "
                                f"once, would be needed")


def _cauda_column(map_id: str) -> dict[str, tuple[float, str]]:
    roots = [r for r in anatomy.roots() if r.id in CAUDA_ROOTS]
    span = f"{CAUDA_ROOTS[0]}-{CAUDA_ROOTS[-1]}"
    skin = set().union(*(r.skin(map_id) for r in roots))
    pain = skin | set().union(*(set(r.radicular_pain.regions) for r in roots if r.radicular_pain))
    main = {m.action for r in roots for m in r.key_muscles if m.role == "main"}
    minor = {m.action for r in roots for m in r.key_muscles} - main
    roles = {}
    for r in roots:
        for link in r.reflexes:
            if roles.get(link.reflex) != "main":
                roles[link.reflex] = link.role
    column: dict[str, tuple[float, str]] = {}
    regions, actions = vocabulary.names("region"), vocabulary.names("action")
    who = f"the cauda equina (roots {span})"
    for region in regions:
        if region in BACK_REGIONS:
            column[f"pain:{region}"] = (BACK_PAIN["several roots"], f"pain in the {region} is "
                                        f"usual when a large disc compresses the cauda equina")
        elif region in pain:
            column[f"pain:{region}"] = (PAIN_CAUDA_LEG, f"pain in the {region} fits {who}")
        elif region in BUTTOCK_REGIONS:
            column[f"pain:{region}"] = (PAIN_BUTTOCK, "")
        else:
            column[f"pain:{region}"] = (PAIN_OUTSIDE, f"pain in the {region} lies outside the "
                                                      f"area of {who}")
        if region in SADDLE_REGIONS:
            column[f"numbness:{region}"] = (NUMB_CAUDA_SADDLE, f"numbness on the {region} "
                                            f"(saddle anaesthesia) is the hallmark of cauda "
                                            f"equina syndrome: a red flag that needs emergency "
                                            f"care now")
        elif region in skin:
            column[f"numbness:{region}"] = (NUMB_CAUDA_LEG, f"numbness on the {region} fits "
                                                            f"{who}")
        else:
            column[f"numbness:{region}"] = (NUMB_OUTSIDE_ROOT, f"numbness on the {region} lies "
                                                               f"outside the skin of {who}")
    for action in actions:
        if action in main:
            column[f"weakness:{action}"] = (WEAK_ROOT_MAIN, f"{action} is weak: one of the roots "
                                                            f"in {who} mainly powers it")
        elif action in minor:
            column[f"weakness:{action}"] = (WEAK_ROOT_MINOR, f"{action} is weak: roots in {who} "
                                                             f"contribute to it")
        else:
            column[f"weakness:{action}"] = (WEAK_ROOT_OUTSIDE, f"{action} is weak, but it is not "
                                                               f"powered by {who}")
    for reflex in vocabulary.names("reflex"):
        role = roles.get(reflex, "outside")
        for state in vocabulary.reflex_states():
            column[f"reflex:{reflex}:{state}"] = _reflex(role, reflex, state, who)
    _normal(column, who)
    column[BOTH_LEGS_KEY] = (BOTH_LEGS_CAUDA, f"symptoms in both legs fit {who}: a large central "
                             f"disc can squeeze the roots of both sides, and symptoms in both legs "
                             f"are a red flag for cauda equina syndrome "
                             f"({_labels(BOTH_LEGS_SOURCES)})")
    return column


def _umn_column() -> dict[str, tuple[float, str]]:
    who = "a lesion above the roots (spinal cord or brain)"
    column: dict[str, tuple[float, str]] = {}
    regions, actions = vocabulary.names("region"), vocabulary.names("action")
    for region in regions:
        if region in BACK_REGIONS:
            column[f"pain:{region}"] = (BACK_PAIN["above the roots"], f"pain in the {region} "
                                        f"does not point above the roots (though back pain is "
                                        f"common and may be unrelated)")
        else:
            column[f"pain:{region}"] = (PAIN_UMN, f"pain in the {region} is not a usual feature "
                                                  f"of {who}")
        column[f"numbness:{region}"] = (NUMB_UMN, f"numbness on the {region} can come from {who},"
                                                  f" usually not in one root's pattern")
    for action in actions:
        column[f"weakness:{action}"] = (WEAK_UMN, f"{action} is weak: {who} weakens movements in "
                                                  f"a pattern rather than one root's muscles")
    for reflex in vocabulary.names("reflex"):
        for state in vocabulary.reflex_states():
            column[f"reflex:{reflex}:{state}"] = _reflex("above the roots", reflex, state, who)
    _normal(column, who)
    column[BOTH_LEGS_KEY] = (BOTH_LEGS_UMN, f"symptoms in both legs fit {who}: the spinal cord "
                                            f"carries the nerves of both legs together")
    return column


def _reference(key: str) -> float:
    kind, rest = key.split(":", 1)
    if kind == "reflex":
        return REFERENCE["reflex"][rest.rsplit(":", 1)[1]]
    if kind == "normal strength":
        return 1.0 - REFERENCE["weakness"]
    if kind == "normal sensation":
        return 1.0 - REFERENCE["numbness"]
    if kind == "pain":
        return REFERENCE_PAIN.get(rest, REFERENCE["pain"])
    return REFERENCE[kind]


@functools.cache
def _table(map_source: str) -> dict[str, Any]:
    """The evidence table for one map (cached; callers get a copy from evidence_table)."""
    columns: list[tuple[str, dict[str, tuple[float, str]]]] = []
    for item in anatomy.roots():
        columns.append((item.id, _root_column(item, map_source)))
    for item in anatomy.nerves():
        columns.append((item.id, _nerve_column(item)))
    columns.append((CAUDA_ID, _cauda_column(map_source)))
    columns.append((UMN_ID, _umn_column()))
    levels: dict[float, int] = {}

    def level(p: float) -> int:
        if not 0 < p < 1:
            raise ValueError(f"likelihood {p} must lie strictly between 0 and 1")
        return levels.setdefault(p, len(levels))

    findings: dict[str, dict[str, Any]] = {}
    for key in columns[0][1]:
        ref = _reference(key)
        rows: dict[str, list] = {}
        for cand_id, column in columns:
            p, reason = column[key]
            if abs(math.log(p / ref)) < NEUTRAL:
                reason = ""
            rows[cand_id] = [level(p), reason]
        findings[key] = {"ref": level(ref), "rows": rows}
    prior = priors()
    total = sum(prior[c["id"]]["value"] for c in candidates())
    cands = []
    for c in candidates():
        info = prior[c["id"]]
        share = info["value"] / total
        cands.append(dict(c, phrase=_PHRASES.get(c["id"], f"the {_lower_first(c['name'])}"),
                          prior=share, ln_prior=math.log(share), prior_rate=info["value"],
                          prior_band=info["band"], prior_note=info["derivation"],
                          prior_sources=[anatomy.citation_label(k) for k in info["sources"]]))
    return {"map_source": map_source, "map_name": _map_label(map_source),
            "candidates": cands,
            "levels": [[p, math.log(p)] for p in levels],
            "ln10": math.log(10.0),
            "ln2": math.log(2.0),
            "both_legs_key": BOTH_LEGS_KEY,
            "findings": findings}


def evidence_table(map_source: str = DEFAULT_MAP) -> dict[str, Any]:
    """The whole model for one dermatome map, JSON-serialisable; the widget ranks from it.

    ``candidates``: ``[{id, kind, name, phrase, prior, ln_prior, prior_rate, prior_band, prior_note,
    prior_sources}]`` in :func:`candidates` order (``prior`` is the normalised prior probability).
    ``levels``: ``[[p, ln p], ...]``, every likelihood value used. ``findings``: ``{key: {"ref":
    level, "rows": {cand_id: [level, reason]}}}`` where ``ref`` is the reference likelihood that
    decides whether a finding counts for (above) or against (below) a candidate.
    ``both_legs_key``: the key of the finding "symptoms in both legs" (``both_legs=True``).
    """
    return copy.deepcopy(_table(_map_source(map_source)))


def _names(kind: str, value: object, argument: str) -> tuple[str, ...]:
    """Canonical names from a list; a mapping or a bare string raises (a ValueError too)."""
    if isinstance(value, Mapping):
        raise vocabulary.InputShapeError(f"{argument} must be a list of {kind} names, not a "
                                         f"mapping (it would be read as its keys): {value!r}")
    return vocabulary.canonical_all(kind, value)  # type: ignore[arg-type]


def _both_legs(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"both_legs must be True or False (are there symptoms in both legs?), "
                         f"not {value!r}")
    return value


def finding_keys(pain: object = (), numbness: object = (), weakness: object = (),
                 reflexes: object = None, *, normal_strength: object = (),
                 normal_sensation: object = (), both_legs: object = False) -> list[str]:
    """Validate the student's findings and turn them into table keys, in input order.

    Raises ``ValueError`` naming the valid choices for an unknown name, for a mapping where a
    list is expected, for a movement recorded both weak and of normal strength (or a region
    both numb and of normal sensation), and for a ``both_legs`` that is not True or False.
    ``both_legs=True`` adds :data:`BOTH_LEGS_KEY` last.
    """
    two_sided = _both_legs(both_legs)
    pain_r = _names("region", pain, "pain")
    numb_r = _names("region", numbness, "numbness")
    weak_a = _names("action", weakness, "weakness")
    strong_a = _names("action", normal_strength, "normal_strength")
    felt_r = _names("region", normal_sensation, "normal_sensation")
    both = [a for a in weak_a if a in strong_a]
    if both:
        raise ValueError(f"{', '.join(both)} cannot be both weak and of normal strength; "
                         f"record each movement once")
    both = [r for r in numb_r if r in felt_r]
    if both:
        raise ValueError(f"the {', '.join(both)} cannot be both numb and of normal sensation; "
                         f"record each region once")
    keys = [f"pain:{r}" for r in pain_r]
    keys += [f"numbness:{r}" for r in numb_r]
    keys += [f"weakness:{a}" for a in weak_a]
    keys += [f"reflex:{r}:{s}" for r, s in vocabulary.canonical_reflexes(reflexes).items()]
    keys += [f"normal strength:{a}" for a in strong_a]
    keys += [f"normal sensation:{r}" for r in felt_r]
    if two_sided:
        keys.append(BOTH_LEGS_KEY)
    return keys


def rank(keys: list[str], table: dict[str, Any]) -> list[Candidate]:
    """Posterior probabilities from table rows (the algorithm the widget's JavaScript mirrors).

    Log posterior = ln prior + sum of ln likelihoods, in key order; candidates are sorted by it
    (ties in table order) and probabilities are exp(log posterior - max), normalised. Returns []
    when there are no findings.
    """
    if not keys:
        return []
    findings, levels, order = table["findings"], table["levels"], table["candidates"]
    logpost = {c["id"]: c["ln_prior"] for c in order}
    lr = {c["id"]: 0.0 for c in order}
    support: dict[str, list[str]] = {c["id"]: [] for c in order}
    against: dict[str, list[str]] = {c["id"]: [] for c in order}
    for key in keys:
        entry = findings[key]
        ref_p, ref_ln = levels[entry["ref"]]
        for cand_id, (index, reason) in entry["rows"].items():
            p, ln_p = levels[index]
            logpost[cand_id] += ln_p
            lr[cand_id] += ln_p - ref_ln
            if reason:
                (support if p > ref_p else against)[cand_id].append(reason)
    top = max(logpost.values())
    weights = {c["id"]: math.exp(logpost[c["id"]] - top) for c in order}
    total = 0.0
    for c in order:
        total += weights[c["id"]]
    position = {c["id"]: i for i, c in enumerate(order)}
    result = [Candidate(c["id"], c["kind"], c["name"], lr[c["id"]] / table["ln10"],
                        tuple(support[c["id"]]), tuple(against[c["id"]]),
                        weights[c["id"]] / total) for c in order]
    result.sort(key=lambda c: (-logpost[c.id], position[c.id]))
    return result


def _lower_first(name: str) -> str:
    """"Sciatic nerve" -> "sciatic nerve" inside a sentence; "L5 nerve root" stays."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def separating_findings(first: str, second: str, keys: list[str], table: dict[str, Any],
                        limit: int = 4) -> list[tuple[str, str]]:
    """Examination findings not yet recorded that would pull two candidates apart.

    For each movement not yet tested, and each reflex not yet recorded, the separation is
    |ln P(abnormal|A) - ln P(abnormal|B)| + |ln P(normal|A) - ln P(normal|B)|; those that change
    the odds by at least a factor of 2 are offered, largest first, then table order. Returns
    ``(finding key, plain-language hint)`` pairs; the widget's JavaScript mirrors this.
    """
    if first == second:
        return []
    names = {c["id"]: c["phrase"] for c in table["candidates"]}
    levels, findings = table["levels"], table["findings"]
    tested = {k.split(":")[1] for k in keys if not k.startswith(("pain:", "numbness:",
                                                                  "normal sensation:",
                                                                  "both legs:"))}
    found = []
    for index, key in enumerate(findings):
        kind, _, rest = key.partition(":")
        if kind == "weakness":
            name, normal_key = rest, f"normal strength:{rest}"
        elif kind == "reflex" and rest.endswith(":reduced"):
            name = rest.rsplit(":", 1)[0]
            normal_key = f"reflex:{name}:normal"
        else:
            continue
        if name in tested:
            continue
        a = levels[findings[key]["rows"][first][0]][1]
        b = levels[findings[key]["rows"][second][0]][1]
        na = levels[findings[normal_key]["rows"][first][0]][1]
        nb = levels[findings[normal_key]["rows"][second][0]][1]
        if abs(a - b) < table["ln2"]:
            continue
        fits, other = (first, second) if a > b else (second, first)
        if kind == "weakness":
            hint = (f"test {name}: weakness would favour {names[fits]}, normal strength "
                    f"{names[other]}")
        else:
            hint = (f"test the {name} reflex: a reduced reflex would favour {names[fits]}, "
                    f"a normal one {names[other]}")
        found.append((abs(a - b) + abs(na - nb), index, key, hint))
    found.sort(key=lambda item: (-item[0], item[1]))
    return [(key, hint) for _, _, key, hint in found[:limit]]


def localize(pain: object = (), numbness: object = (), weakness: object = (),
             reflexes: object = None, *, normal_strength: object = (),
             normal_sensation: object = (), map_source: str = DEFAULT_MAP,
             both_legs: bool = False) -> list[Candidate]:
    """Every candidate site of the lesion with its posterior probability, most likely first.

    Names are vocabulary names (case-insensitive, aliases accepted); ``reflexes`` maps a reflex
    to 'normal', 'reduced', 'absent' or 'brisk'; ``normal_strength`` lists movements tested and
    found normal, ``normal_sensation`` regions tested and found normal. The findings are those of
    one leg (and the midline); ``both_legs=True`` says the other leg has pain, numbness or
    weakness too, which points away from any single root or nerve (and is a red flag: see
    :func:`legpain.triage`). Returns [] without findings; otherwise all candidates,
    probabilities adding up to 1.

    >>> [c.id for c in localize(numbness=["top of foot"], weakness=["big toe extension"])][:1]
    ['L5']
    """
    table = _table(_map_source(map_source))
    return rank(finding_keys(pain, numbness, weakness, reflexes, normal_strength=normal_strength,
                             normal_sensation=normal_sensation, both_legs=both_legs), table)

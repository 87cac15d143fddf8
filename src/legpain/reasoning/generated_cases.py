"""Endless practice cases: an invented patient generated from the course's own model, by number.

:func:`generate_case` turns a case number (a seed, 1 to 4294967295) into one invented person with
leg symptoms. Everything is drawn from the knowledge base with the seeded generator mulberry32
(the one in ``widgets/_shared/helpers.js``), in a fixed order, from the plain table
:func:`generator_table` returns. The widget's JavaScript follows the same table and the same order,
so a case number gives the same case in Python, in JupyterLab and in the static book.

How a case is drawn (every probability below is data from the table, never typed twice):

1. **The lesion** with its prior, the localiser's cited priors (``localization_priors.yaml``,
   normalised over all candidates): L5 and S1 roots most often, cauda equina syndrome rarely.
2. **Who** (woman or man, an age band), which leg, and how it began: story only; the localiser
   does not use them. An age band over 50 adds the red flag "age over 50".
3. **Pain**: the patient is asked about every region; each hurts with probability
   P(pain there | lesion) from the localiser. At most :data:`MAX_PAIN` are kept (a seeded
   shuffle chooses which when more are drawn).
4. **Findings in both legs** with P(symptoms in both legs | lesion), when the localiser has that
   finding (several roots and a cord lesion reach both legs; a single root or nerve never does).
5. **Sensation** is tested where it hurts (except on the trunk: :data:`TRUNK`), in
   :data:`EXTRA_SENSATION` other regions of the leg picked at random, and in the saddle area with
   probability :data:`TEST_SADDLE`; each tested region is numb with P(numbness | lesion),
   otherwise recorded as tested normal.
6. **Strength**: each movement is tested with probability :data:`TEST_MOVEMENT`; a tested
   movement is weak with P(weakness | lesion), otherwise of normal strength.
7. **Reflexes**: each is tested with probability :data:`TEST_REFLEX`; its state (normal,
   reduced, absent, brisk) is drawn with the localiser's probabilities.
8. Steps 3 to 7 are drawn again (up to :data:`MAX_DRAWS` times) until the person has pain,
   numbness or weakness: the priors describe people who come with leg symptoms.
9. **Red flags**: "saddle anaesthesia" comes with numbness in the saddle area, "bilateral leg
   symptoms" with findings in both legs, "age over 50" with the age band. Besides, with
   probability :data:`RED_FLAG_SHARE`, one more red flag of ``red_flags.yaml`` is added, drawn
   from those that fit what the case already shows (a bladder or bowel sign only with saddle
   numbness or both legs, a nerve sign only with weakness, numbness or leg pain).

What is tested and how it is chosen never depends on the lesion, only on what is already known
(where it hurts), so the test choice gives nothing away. The **answer key** is the model itself:
:func:`legpain.localize` on exactly the case's findings and :func:`legpain.triage` on its red
flags. The drawn lesion is shown after the answer too: findings drawn by chance sometimes point
elsewhere, as real findings do. Every case is invented; none describes a real person. A teaching
model, not a diagnosis.
"""

from __future__ import annotations

import copy
import functools
import inspect
from dataclasses import dataclass
from typing import Any

from ..knowledge import vocabulary
from ..knowledge.loading import DataError
from . import localization, triage_rules
from .localization import Candidate
from .triage_rules import Triage

VERSION = 1
SEED_MAX = 0xFFFFFFFF
#: the generator's own choices (how an examination is sampled), not clinical facts
MAX_PAIN = 4
EXTRA_SENSATION = 2
TEST_SADDLE = 0.25
TEST_MOVEMENT = 0.4
TEST_REFLEX = 0.7
MAX_DRAWS = 100
#: the share of cases with one red flag beyond those that come with the findings and the age
RED_FLAG_SHARE = 0.2
#: how many candidates the answer key lists
TOP = 5

#: regions where pain is back or buttock pain, not leg pain (a "new radicular pain" needs leg pain)
NOT_LEG_PAIN = ("low back", "flank", "buttock", "perineum", "perianal area")
#: regions of the trunk, where the examiner does not test light touch for a leg problem
TRUNK = ("low back", "flank")
SADDLE_SIGN, BOTH_LEGS_SIGN, AGE_SIGN = "saddle anaesthesia", "bilateral leg symptoms", "age over 50"
#: red flags that come only with a finding (never drawn on their own) and what the extra red flag
#: needs the case to show already; the other red flags may be drawn in any case
DERIVED = (SADDLE_SIGN, BOTH_LEGS_SIGN, AGE_SIGN)
NEEDS = {"saddle or both legs": ("new urinary retention or hesitancy", "faecal incontinence",
                                 "reduced anal tone", "loss of bladder sensation",
                                 "urinary incontinence", "loss of rectal sensation",
                                 "sexual dysfunction"),
         "weakness": ("progressive weakness", "new limb weakness", "difficulty walking"),
         "numbness": ("new sensory loss",),
         "leg pain": ("new radicular pain",)}

# The people and the story: interface wording, not clinical claims. "{a}" etc. are filled in.
SEXES = ({"id": "woman", "a": "A woman", "they": "She", "their": "her"},
         {"id": "man", "a": "A man", "they": "He", "their": "his"})
#: age bands: their words and whether the person is over 50 (the red flag "age over 50")
AGES = ({"id": "20s", "words": "in {their} twenties", "over_50": False},
        {"id": "30s", "words": "in {their} thirties", "over_50": False},
        {"id": "40s", "words": "in {their} forties", "over_50": False},
        {"id": "late 50s", "words": "in {their} late fifties", "over_50": True},
        {"id": "60s", "words": "in {their} sixties", "over_50": True},
        {"id": "70s", "words": "in {their} seventies", "over_50": True})
SIDES = ("left", "right")
ONSETS = ("It came on suddenly two days ago.",
          "It started about a week ago and has slowly got worse.",
          "It began three weeks ago, after a long car journey.",
          "It has come and gone for about two months.",
          "It started this morning when {they_lower} got out of bed.")
TEXTS = {
    "who": "{a} {age} has symptoms in {their} {side} leg.",
    "who_both": "{a} {age} has symptoms in {their} {side} leg, and in the other leg too.",
    "pain": "It hurts in: {list}.",
    "no_pain": "{they} has no pain.",
    "exam": "On examination:",
    "numb": "Numb to light touch: {list}.",
    "felt": "Normal to light touch: {list}.",
    "weak": "Weak: {list}.",
    "strong": "Normal strength: {list}.",
    "reflexes": "Reflexes: {list}.",
    "reflex": "{reflex}: {state}",
    "nothing": "Nothing was tested.",
    "flag": "Also noted: {flag}.",
    "join": "; ",
}
#: plain words for the reflex states
STATE_WORDS = {"normal": "normal", "reduced": "reduced (weaker than usual)", "absent": "absent",
               "brisk": "brisk (livelier than usual)"}


class _Mulberry32:
    """The front end's mulberry32 (``_shared/helpers.js``): floats in [0, 1) from a 32-bit seed."""

    def __init__(self, seed: int) -> None:
        self.state = seed & SEED_MAX

    def __call__(self) -> float:
        self.state = (self.state + 0x6D2B79F5) & SEED_MAX
        s = self.state
        t = ((s ^ (s >> 15)) * (1 | s)) & SEED_MAX
        t = ((t + ((t ^ (t >> 7)) * (61 | t) & SEED_MAX)) & SEED_MAX) ^ t
        return ((t ^ (t >> 14)) & SEED_MAX) / 4294967296


def check_seed(seed: object) -> int:
    """The case number if it is a whole number from 1 to 4294967295, else a ValueError saying so."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 1 <= seed <= SEED_MAX:
        raise ValueError(f"a case number (seed) must be a whole number from 1 to {SEED_MAX}, "
                         f"not {seed!r}" + (" (a text: use int(...))" if isinstance(seed, str)
                                            else ""))
    return int(seed)


def _both_legs_supported() -> bool:
    """True when the localiser takes findings in both legs (``localize(..., both_legs=...)``)."""
    return "both_legs" in inspect.signature(localization.localize).parameters


@functools.cache
def _table() -> dict[str, Any]:
    evidence = localization.evidence_table()
    levels, findings = evidence["levels"], evidence["findings"]
    regions, actions = vocabulary.terms("region"), vocabulary.terms("action")
    reflexes, states = vocabulary.terms("reflex"), vocabulary.reflex_states()
    both_key = evidence.get("both_legs_key") if _both_legs_supported() else None

    def p(key: str, cand: str) -> float:
        return levels[findings[key]["rows"][cand][0]][0]

    candidates = []
    for c in evidence["candidates"]:
        cid = c["id"]
        candidates.append({
            "id": cid, "name": c["name"], "kind": c["kind"], "prior": c["prior"],
            "pain": [p(f"pain:{r.name}", cid) for r in regions],
            "numbness": [p(f"numbness:{r.name}", cid) for r in regions],
            "weakness": [p(f"weakness:{a.name}", cid) for a in actions],
            "reflex": [[p(f"reflex:{x.name}:{s}", cid) for s in states] for x in reflexes],
            "both_legs": p(both_key, cid) if both_key in findings else 0.0,
        })
    flags = []
    red_terms = {t.name: t for t in vocabulary.terms("red flag")}
    needs = {sign: need for need, signs in NEEDS.items() for sign in signs}
    for name, term in red_terms.items():
        if name in DERIVED:
            continue
        flags.append({"sign": name, "words": term.description, "needs": needs.get(name, "")})
    unknown = (set(DERIVED) | set(needs)) - set(red_terms)
    if unknown:
        raise DataError("vocabulary.yaml", f"the case generator names red flags the vocabulary "
                                           f"lacks: {sorted(unknown)}")
    saddle = [r for r in localization.SADDLE_REGIONS if r in {t.name for t in regions}]
    return {
        "version": VERSION,
        "seed_max": SEED_MAX,
        "map_source": evidence["map_source"],
        "candidates": candidates,
        "regions": [{"name": r.name, "words": r.description} for r in regions],
        "actions": [{"name": a.name, "words": a.description} for a in actions],
        "reflexes": [{"name": x.name, "words": x.description} for x in reflexes],
        "reflex_states": [{"name": s, "words": STATE_WORDS[s]} for s in states],
        "saddle_regions": saddle,
        "not_leg_pain": list(NOT_LEG_PAIN),
        "trunk": list(TRUNK),
        "both_legs": both_key is not None,
        "exam": {"max_pain": MAX_PAIN, "extra_sensation": EXTRA_SENSATION,
                 "test_saddle": TEST_SADDLE, "test_movement": TEST_MOVEMENT,
                 "test_reflex": TEST_REFLEX, "max_draws": MAX_DRAWS},
        "red_flags": {"share": RED_FLAG_SHARE, "pool": flags, "saddle": SADDLE_SIGN,
                      "both_legs": BOTH_LEGS_SIGN, "age": AGE_SIGN},
        "people": {"sexes": [dict(s) for s in SEXES], "ages": [dict(a) for a in AGES],
                   "onsets": list(ONSETS), "sides": list(SIDES)},
        "texts": dict(TEXTS),
    }


def generator_table() -> dict[str, Any]:
    """Everything the generator draws from, as plain JSON-ready data (the widget ships it).

    ``candidates``: ``[{id, name, kind, prior, pain, numbness, weakness, reflex, both_legs}]`` in
    the localiser's order, where ``pain``/``numbness`` list P(finding | lesion) per region (the
    order of ``regions``), ``weakness`` per movement, ``reflex`` per reflex the probabilities of
    each state (the order of ``reflex_states``). ``exam`` and ``red_flags`` hold the generator's
    own choices; ``people`` and ``texts`` the words of the story.
    """
    return copy.deepcopy(_table())


# ---- drawing a case -----------------------------------------------------------------------------

def _shuffled(rand: _Mulberry32, items: list[Any]) -> list[Any]:
    """A Fisher-Yates shuffle (the widget's `shuffled`, step for step)."""
    items = list(items)
    for i in range(len(items) - 1, 0, -1):
        j = int(rand() * (i + 1))
        items[i], items[j] = items[j], items[i]
    return items


def _pick(rand: _Mulberry32, weights: list[float]) -> int:
    """An index drawn with the given probabilities (they add up to 1; the last takes the rest)."""
    u = rand()
    total = 0.0
    for index, weight in enumerate(weights):
        total += weight
        if u < total:
            return index
    return len(weights) - 1


def _fill(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def _findings(rand: _Mulberry32, t: dict[str, Any], cand: dict[str, Any]) -> dict[str, Any]:
    regions = [r["name"] for r in t["regions"]]
    actions = [a["name"] for a in t["actions"]]
    exam = t["exam"]
    pain = [r for r, p in zip(regions, cand["pain"], strict=True) if rand() < p]
    if len(pain) > exam["max_pain"]:
        kept = set(_shuffled(rand, pain)[:exam["max_pain"]])
        pain = [r for r in pain if r in kept]
    both = t["both_legs"] and rand() < cand["both_legs"]
    leg = [r for r in regions if r not in t["trunk"]]
    others = [r for r in leg if r not in pain]
    tested = {r for r in pain if r in leg} | set(_shuffled(rand, others)[:exam["extra_sensation"]])
    if rand() < exam["test_saddle"]:
        tested |= set(t["saddle_regions"])
    numb, felt = [], []
    for region, p in zip(regions, cand["numbness"], strict=True):
        if region in tested:
            (numb if rand() < p else felt).append(region)
    weak, strong = [], []
    for action, p in zip(actions, cand["weakness"], strict=True):
        if rand() < exam["test_movement"]:
            (weak if rand() < p else strong).append(action)
    reflexes = []
    states = [s["name"] for s in t["reflex_states"]]
    for reflex, probabilities in zip(t["reflexes"], cand["reflex"], strict=True):
        if rand() < exam["test_reflex"]:
            reflexes.append((reflex["name"], states[_pick(rand, probabilities)]))
    return {"pain": pain, "numbness": numb, "weakness": weak, "reflexes": reflexes,
            "normal_strength": strong, "normal_sensation": felt, "both_legs": bool(both)}


def _red_flags(rand: _Mulberry32, t: dict[str, Any], f: dict[str, Any], over_50: bool) -> list[str]:
    flags = t["red_flags"]
    signs = []
    saddle = any(r in t["saddle_regions"] for r in f["numbness"])
    if saddle:
        signs.append(flags["saddle"])
    if f["both_legs"]:
        signs.append(flags["both_legs"])
    if over_50:
        signs.append(flags["age"])
    if rand() < flags["share"]:
        shown = {"": True, "saddle or both legs": saddle or f["both_legs"],
                 "weakness": bool(f["weakness"]), "numbness": bool(f["numbness"]),
                 "leg pain": any(r not in t["not_leg_pain"] for r in f["pain"])}
        pool = [flag["sign"] for flag in flags["pool"] if shown.get(flag["needs"], False)]
        if pool:
            signs.append(pool[int(rand() * len(pool))])
    return signs


def _story(t: dict[str, Any], person: dict[str, str], f: dict[str, Any],
           extra: list[str]) -> list[list[str]]:
    """The story's sentences in paragraphs: the history, the examination (its first sentence is
    the heading), then anything else noted (only when there is some)."""
    texts, join = t["texts"], t["texts"]["join"]
    words = {r["name"]: r["words"] for r in t["regions"]}
    words |= {a["name"]: a["words"] for a in t["actions"]}
    reflex_words = {r["name"]: r["words"] for r in t["reflexes"]}
    state_words = {s["name"]: s["words"] for s in t["reflex_states"]}
    flag_words = {flag["sign"]: flag["words"] for flag in t["red_flags"]["pool"]}
    history = [_fill(texts["who_both" if f["both_legs"] else "who"], person), person["onset"]]
    if f["pain"]:
        history.append(_fill(texts["pain"], {"list": join.join(words[r] for r in f["pain"])}))
    else:
        history.append(_fill(texts["no_pain"], person))
    exam = [texts["exam"]]
    for field, key in (("numbness", "numb"), ("normal_sensation", "felt"), ("weakness", "weak"),
                       ("normal_strength", "strong")):
        if f[field]:
            exam.append(_fill(texts[key], {"list": join.join(words[n] for n in f[field])}))
    if f["reflexes"]:
        items = [_fill(texts["reflex"], {"reflex": reflex_words[r], "state": state_words[s]})
                 for r, s in f["reflexes"]]
        exam.append(_fill(texts["reflexes"], {"list": join.join(items)}))
    if len(exam) == 1:
        exam.append(texts["nothing"])
    paragraphs = [history, exam]
    if extra:
        paragraphs.append([_fill(texts["flag"], {"flag": flag_words[s]}) for s in extra])
    return paragraphs


def draw(seed: int, table: dict[str, Any] | None = None) -> dict[str, Any]:
    """The drawn case as plain data (lesion, person, findings, red flags, story), no answer key.

    This is exactly what the widget's JavaScript ``drawCase(table, seed)`` returns.
    """
    t = _table() if table is None else table
    rand = _Mulberry32(check_seed(seed))
    cands = t["candidates"]
    lesion = cands[_pick(rand, [c["prior"] for c in cands])]
    people = t["people"]
    sex = people["sexes"][int(rand() * len(people["sexes"]))]
    age = people["ages"][int(rand() * len(people["ages"]))]
    side = people["sides"][int(rand() * len(people["sides"]))]
    onset = people["onsets"][int(rand() * len(people["onsets"]))]
    findings: dict[str, Any] = {}
    for _ in range(t["exam"]["max_draws"]):
        findings = _findings(rand, t, lesion)
        if findings["pain"] or findings["numbness"] or findings["weakness"]:
            break
    signs = _red_flags(rand, t, findings, age["over_50"])
    values = {"a": sex["a"], "they": sex["they"], "their": sex["their"],
              "they_lower": sex["they"].lower(), "side": side}
    person = dict(values, age=_fill(age["words"], values), onset=_fill(onset, values))
    extra = [s for s in signs if s not in DERIVED]
    paragraphs = _story(t, person, findings, extra)
    return {"seed": seed, "lesion": lesion["id"], "sex": sex["id"], "age": age["id"], "side": side,
            **findings, "red_flags": signs, "paragraphs": paragraphs,
            "story": "\n\n".join(" ".join(sentences) for sentences in paragraphs)}


@dataclass(frozen=True)
class AnswerKey:
    """What the model says about a generated case: the most likely site and the triage level."""

    lesion: str
    lesion_name: str
    probability: float
    top: tuple[tuple[str, str, float], ...]
    level: str
    level_label: str
    timing: str
    action: str
    reasons: tuple[str, ...]
    conditions: tuple[str, ...]


@dataclass(frozen=True)
class GeneratedCase:
    """One invented patient drawn from the model, with the model's own answer.

    ``lesion`` is the lesion the generator drew; ``key`` is the answer key (the localiser's top
    candidate and the triage level); ``ranking`` and ``triage`` are the full answers of
    :func:`legpain.localize` and :func:`legpain.triage` on the case's own findings.
    """

    seed: int
    lesion: str
    sex: str
    age: str
    side: str
    pain: tuple[str, ...]
    numbness: tuple[str, ...]
    weakness: tuple[str, ...]
    reflexes: tuple[tuple[str, str], ...]
    normal_strength: tuple[str, ...]
    normal_sensation: tuple[str, ...]
    both_legs: bool
    red_flags: tuple[str, ...]
    story: str
    ranking: tuple[Candidate, ...]
    triage: Triage
    key: AnswerKey

    @property
    def findings(self) -> dict[str, Any]:
        """The findings as :func:`legpain.localize` takes them: ``localize(**case.findings)``."""
        return _localize_arguments(self)


def generate_case(seed: int) -> GeneratedCase:
    """The invented case number ``seed`` (1 to 4294967295): the same case every time.

    >>> case = generate_case(4821)
    >>> case == generate_case(4821)
    True
    >>> case.key.level in ("emergency", "urgent", "routine")
    True

    The answer key is :func:`legpain.localize` on the case's findings and :func:`legpain.triage`
    on its red flags. A seed that is not a whole number from 1 to 4294967295 raises ValueError.
    """
    drawn = draw(check_seed(seed))
    found = _localize_arguments(drawn)
    ranking = tuple(localization.localize(**found))
    answer = triage_rules.triage(list(drawn["red_flags"]))
    wording = triage_rules.level_wording()[answer.level]
    first = ranking[0]
    key = AnswerKey(lesion=first.id, lesion_name=first.name, probability=first.probability,
                    top=tuple((c.id, c.name, c.probability) for c in ranking[:TOP]),
                    level=answer.level, level_label=wording["label"], timing=wording["timing"],
                    action=answer.action, reasons=answer.reasons, conditions=answer.conditions)
    return GeneratedCase(
        seed=drawn["seed"], lesion=drawn["lesion"], sex=drawn["sex"], age=drawn["age"],
        side=drawn["side"], pain=tuple(drawn["pain"]), numbness=tuple(drawn["numbness"]),
        weakness=tuple(drawn["weakness"]), reflexes=tuple((r, s) for r, s in drawn["reflexes"]),
        normal_strength=tuple(drawn["normal_strength"]),
        normal_sensation=tuple(drawn["normal_sensation"]), both_legs=drawn["both_legs"],
        red_flags=tuple(drawn["red_flags"]), story=drawn["story"], ranking=ranking,
        triage=answer, key=key)


def _localize_arguments(found: Any) -> dict[str, Any]:
    """A drawn case's findings as keyword arguments of :func:`legpain.localize`."""
    get = found.get if isinstance(found, dict) else lambda name: getattr(found, name)
    arguments: dict[str, Any] = {
        "pain": list(get("pain")), "numbness": list(get("numbness")),
        "weakness": list(get("weakness")), "reflexes": dict(get("reflexes")),
        "normal_strength": list(get("normal_strength")),
        "normal_sensation": list(get("normal_sensation"))}
    if _both_legs_supported():
        arguments["both_legs"] = bool(get("both_legs"))
    return arguments


def lesion_priors() -> list[dict[str, Any]]:
    """How often each lesion is drawn (the localiser's priors), with the derivation and the
    citation keys: ``[{id, name, share, rate, band, derivation, sources}]``, most common first."""
    priors = localization.priors()
    rows = [{"id": c["id"], "name": c["name"], "share": c["prior"],
             "rate": priors[c["id"]]["value"], "band": priors[c["id"]]["band"],
             "derivation": priors[c["id"]]["derivation"],
             "sources": list(priors[c["id"]]["sources"])}
            for c in _table()["candidates"]]
    return sorted(rows, key=lambda row: -row["share"])

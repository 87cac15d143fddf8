"""The "Draw the deficit" drill: the course names a lesion, the student draws its deficit.

A lesion is a nerve root (L2 to S1) or a peripheral nerve of the leg with a skin field. The
student marks the skin that would be numb, the movements that would be weak and the reflexes that
would change; :func:`score_answer` compares every mark with the knowledge base and explains every
miss. :func:`next_lesion` picks the next lesion to ask, more often one the student got wrong.

How an answer is scored (the same rule in ``widgets/deficit_drill/widget.js``; a browser test
requires both to agree):

- **Skin is judged against each dermatome map.** A marked region inside the lesion's skin on
  *either* map is never wrong. On each map, the regions that map draws for a root are the ones to
  find (its dermatome and its ISNCSCI key sensory point). A nerve's skin field is the same on both
  maps; regions it supplies only in part (``skin_field_partial``) may be marked but need not be.
- **Movements and reflexes**: those the root is a *main* supply of (``role: main`` in roots.yaml),
  or that the nerve supplies, are to be found; a movement or reflex the root only contributes to
  (``role: minor``) may be marked but need not be.
- Each part (skin, movements, reflexes) scores ``found / (found + missed + wrong marks)``. A part
  with nothing to find and nothing marked is left out. A map's score is the mean of the parts, and
  the answer's score is the mean of the two maps' scores, so the regions the maps disagree on
  count half.

How the next lesion is chosen (the course's own simple rule, in the spirit of flash-card boxes):
each lesion sits in a box from 1 to 4. A score of at least :data:`RIGHT_AT` percent moves it up
one box; a lower score sends it back to box 1. The next lesion is drawn with weight 8, 4, 2 or 1
for boxes 1 to 4 (4 for a lesion never tried), never the same lesion twice in a row, so a lesion
the student gets wrong comes back about eight times as often as one they know well.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..knowledge import anatomy, vocabulary

__all__ = ["LESIONS_ROOTS", "RIGHT_AT", "BOX_WEIGHTS", "NEW_WEIGHT", "drill_table", "lesion_ids",
           "perfect_answer", "score_answer", "record", "next_lesion", "clean_progress",
           "DrillScore"]

#: the roots the drill asks about (L1 has no key muscle or reflex; S2 and below are not on the leg)
LESIONS_ROOTS = ("L2", "L3", "L4", "L5", "S1")
#: a score of at least this percentage counts as right (the lesion moves up a box)
RIGHT_AT = 80
#: the weight of a lesion in box 1..4 when the next lesion is drawn, and of one never tried
BOX_WEIGHTS = (8, 4, 2, 1)
NEW_WEIGHT = 4
PARTS = ("skin", "movements", "reflexes")

#: Interface words and explanation templates (not clinical facts; those come from the data).
TEXTS = {
    "both_maps": "on both maps",
    "only_map": "only on {map} ({other} leaves it out)",
    "miss_skin_root": "{Region}: {short} skin {where}.",
    "miss_skin_nerve": "{Region}: in the skin field of {the_name}.",
    "wrong_skin": "{Region}: not {short} skin on either map; {owners}.",
    "wrong_skin_nerve": "{Region}: not in the skin field of {the_name}; {owners}.",
    "owners_same": "it is {list} skin on both maps",
    "owners_split": "it is {a} skin on {map_a} and {b} on {map_b}",
    "owners_none": "no root of the leg maps draws it",
    "owners_nerves": "it is in the skin field of {list}",
    "owners_no_nerve": "none of the course's leg nerves supplies it",
    "nobody": "no root",
    "extra_skin_root": "{Region}: {short} skin {where}; marking it is fine.",
    "extra_skin_nerve": "{Region}: {the_name} supplies only part of it; marking it is fine.",
    "miss_action_root": "{Action} ({muscle}): {short} is a main supply, so it would be weak.",
    "miss_action_nerve": "{Action}: {the_name} supplies its muscles, so it would be weak.",
    "wrong_action": "{Action}: {short} is not a main supply of it; {owners}.",
    "wrong_action_nerve": "{Action}: {the_name} does not supply it; {owners}.",
    "extra_action": "{Action} ({muscle}): {short} only contributes to it; marking it is fine.",
    "action_owners": "its main roots are {roots}",
    "action_nerves": "it is supplied by {list}",
    "action_no_nerve": "none of the course's leg nerves supplies it",
    "miss_reflex_root": "{Reflex} reflex: it mainly tests {short}, so it would be reduced or absent.",
    "miss_reflex_nerve": "{Reflex} reflex: it runs through {the_name}, so it would be reduced or absent.",
    "wrong_reflex": "{Reflex} reflex: it does not mainly test {short}; {owners}.",
    "wrong_reflex_nerve": "{Reflex} reflex: it does not run through {the_name}; {owners}.",
    "extra_reflex": "{Reflex} reflex: {short} only contributes to it; marking it is fine.",
    "reflex_owners": "it mainly tests {roots}",
    "reflex_nerves": "it runs through {list}",
    "reflex_no_nerve": "it runs through no nerve of the drill",
    "and": " and ",
}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + TEXTS["and"] + items[-1]


def _the(name: str) -> str:
    """'Common fibular (peroneal) nerve' -> 'the common fibular (peroneal) nerve'; 'L5 nerve
    root' -> 'the L5 nerve root'."""
    first = name.split(" ", 1)[0]
    return "the " + (name if first.isupper() else name[:1].lower() + name[1:])


@functools.cache
def drill_table() -> dict[str, Any]:
    """Everything the drill needs, from the knowledge base, JSON-ready (the front end gets it as is).

    ``lesions``: each with ``id``, ``kind`` ('root' or 'nerve'), ``name``, ``short``, ``the_name``,
    and per part what is to be found (``skin`` per map, ``actions``, ``reflexes``) and what may be
    marked (``skin_ok``, ``actions_ok``, ``reflexes_ok``); ``muscles`` (action -> muscle),
    ``note`` and ``sources``. ``owners``: for the explanations, which roots supply each region
    (per map), action and reflex, and which nerves. ``maps``, ``regions``, ``actions``,
    ``reflexes`` (vocabulary names with plain descriptions), ``texts``, and the choice rule.
    """
    maps = anatomy.dermatome_maps()
    map_ids = [m.id for m in maps]
    all_roots = anatomy.roots()
    all_nerves = anatomy.nerves()
    lesions: list[dict[str, Any]] = []
    for root in all_roots:
        if root.id not in LESIONS_ROOTS:
            continue
        skin = {m: sorted(root.skin(m)) for m in map_ids}
        skin_ok = sorted(set().union(*(set(v) for v in skin.values())))
        main = [k for k in root.key_muscles if k.role == "main"]
        lesions.append({
            "id": root.id, "kind": "root", "name": root.name, "short": root.id,
            "the_name": _the(root.name),
            "skin": skin, "skin_ok": skin_ok,
            "actions": list(dict.fromkeys(k.action for k in main)),
            "actions_ok": list(dict.fromkeys(k.action for k in root.key_muscles)),
            "reflexes": [r.reflex for r in root.reflexes if r.role == "main"],
            "reflexes_ok": [r.reflex for r in root.reflexes],
            "muscles": {a: " and ".join(dict.fromkeys(k.muscle for k in root.key_muscles
                                                     if k.action == a))
                        for a in dict.fromkeys(k.action for k in root.key_muscles)},
            "note": " ".join((root.note or "").split()),
            "sources": list(root.sources),
            "source_text": _source_text(root.sources),
        })
    for nerve in all_nerves:
        if not nerve.skin_field:
            continue
        required = [r for r in nerve.skin_field if r not in nerve.skin_field_partial]
        lesions.append({
            "id": nerve.id, "kind": "nerve", "name": nerve.name, "short": nerve.name,
            "the_name": _the(nerve.name),
            "skin": {m: sorted(required) for m in map_ids}, "skin_ok": sorted(nerve.skin_field),
            "actions": list(nerve.actions), "actions_ok": list(nerve.actions),
            "reflexes": list(nerve.reflexes), "reflexes_ok": list(nerve.reflexes),
            "muscles": {},
            "note": " ".join((nerve.note or "").split()),
            "sources": list(nerve.sources),
            "source_text": _source_text(nerve.sources),
        })
    regions = [{"name": t.name, "description": t.description} for t in vocabulary.terms("region")]
    actions = [{"name": t.name, "description": t.description} for t in vocabulary.terms("action")]
    reflexes = [{"name": t.name, "description": t.description} for t in vocabulary.terms("reflex")]
    owners = {
        "skin": {r["name"]: {m: [x.id for x in all_roots if r["name"] in x.skin(m)] for m in map_ids}
                 for r in regions},
        "actions": {a["name"]: [x.id for x in all_roots
                                if any(k.action == a["name"] and k.role == "main"
                                       for k in x.key_muscles)] for a in actions},
        "reflexes": {f["name"]: [x.id for x in all_roots
                                 if any(k.reflex == f["name"] and k.role == "main"
                                        for k in x.reflexes)] for f in reflexes},
        "skin_nerves": {r["name"]: [_plain(n.name) for n in all_nerves
                                    if r["name"] in n.skin_field] for r in regions},
        "action_nerves": {a["name"]: [_plain(n.name) for n in all_nerves
                                      if a["name"] in n.actions] for a in actions},
        "reflex_nerves": {f["name"]: [_plain(n.name) for n in all_nerves
                                      if f["name"] in n.reflexes] for f in reflexes},
    }
    return {
        "maps": [{"id": m.id, "name": m.name, "short": _short_map(m.name), "sources": list(m.sources)}
                 for m in maps],
        "lesions": lesions, "owners": owners,
        "regions": regions, "actions": actions, "reflexes": reflexes,
        "right_at": RIGHT_AT, "box_weights": list(BOX_WEIGHTS), "new_weight": NEW_WEIGHT,
        "texts": dict(TEXTS),
    }


def _plain(name: str) -> str:
    """'Common fibular (peroneal) nerve' -> 'common fibular nerve' (for lists in a sentence)."""
    return re.sub(r" \([^)]*\)", "", name).lower()


def _source_text(keys: Iterable[str]) -> str:
    """'Kirshblum 2011; Lee 2008; ...': the labels the book prints for these citation keys."""
    return "; ".join(dict.fromkeys(anatomy.citation_label(k) for k in keys))


def _short_map(name: str) -> str:
    """'Lee, McPhee & Stringer 2008' -> 'Lee 2008' (first author and year)."""
    words = name.replace(",", " ").split()
    return f"{words[0]} {words[-1]}" if len(words) > 1 else name


def lesion_ids() -> tuple[str, ...]:
    """The lesions the drill asks about, roots first: L2..S1, then the nerves with a skin field."""
    return tuple(x["id"] for x in drill_table()["lesions"])


def _lesion(lesion_id: str) -> dict[str, Any]:
    for x in drill_table()["lesions"]:
        if x["id"].lower() == str(lesion_id).strip().lower():
            return x
    raise ValueError(f"unknown lesion {lesion_id!r}; the drill asks about: "
                     f"{', '.join(lesion_ids())}")


def perfect_answer(lesion_id: str) -> dict[str, list[str]]:
    """The marks that score 100% on both maps: every region either map gives the lesion, and every
    movement and reflex it must change."""
    x = _lesion(lesion_id)
    return {"numbness": list(x["skin_ok"]), "weakness": list(x["actions"]),
            "reflexes": list(x["reflexes"])}


@dataclass(frozen=True)
class DrillScore:
    """One answer, scored. ``score`` is 0..1 (mean of the maps); ``percent`` the whole percentage
    the student sees; ``by_map`` map id -> {"score", "parts": {part: score or None}};
    ``items``: one per mark or missed finding, with its ``status`` ('hit', 'miss', 'wrong',
    'extra'), ``part``, ``name``, the maps it is missing on and the explanation."""

    lesion: str
    score: float
    percent: int
    by_map: dict[str, dict[str, Any]]
    items: tuple[dict[str, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        return {"lesion": self.lesion, "score": self.score, "percent": self.percent,
                "by_map": self.by_map, "items": list(self.items)}


def _fill(template: str, **values: str) -> str:
    text = template
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def _unique(values: Iterable[str] | None) -> list[str]:
    return list(dict.fromkeys(str(v) for v in (values or ())))


def to_percent(score: float) -> int:
    """A 0..1 score as the whole percentage shown (halves round up, as in JavaScript)."""
    return int(math.floor(score * 100 + 0.5))


def score_answer(lesion_id: str, numbness: Iterable[str] = (), weakness: Iterable[str] = (),
                 reflexes: Iterable[str] = ()) -> DrillScore:
    """Score the marks for a lesion against both dermatome maps and explain each one.

    >>> score_answer("L5", **perfect_answer("L5")).percent
    100
    >>> score_answer("L5", **perfect_answer("common fibular")).percent < 50
    True
    """
    t = drill_table()
    x = _lesion(lesion_id)
    marked = {"skin": _unique(numbness), "movements": _unique(weakness),
              "reflexes": _unique(reflexes)}
    known = {"skin": [r["name"] for r in t["regions"]], "movements": [a["name"] for a in t["actions"]],
             "reflexes": [f["name"] for f in t["reflexes"]]}
    for part, names in marked.items():
        bad = [n for n in names if n not in known[part]]
        if bad:
            raise ValueError(f"unknown {part} name {bad[0]!r}; valid: {', '.join(known[part])}")
    map_ids = [m["id"] for m in t["maps"]]
    want = {"skin": {m: x["skin"][m] for m in map_ids},
            "movements": {m: x["actions"] for m in map_ids},
            "reflexes": {m: x["reflexes"] for m in map_ids}}
    ok = {"skin": x["skin_ok"], "movements": x["actions_ok"], "reflexes": x["reflexes_ok"]}
    by_map: dict[str, dict[str, Any]] = {}
    for m in map_ids:
        parts: dict[str, float | None] = {}
        for part in PARTS:
            found = [n for n in marked[part] if n in want[part][m]]
            wrong = [n for n in marked[part] if n not in ok[part] and n not in want[part][m]]
            missed = [n for n in want[part][m] if n not in marked[part]]
            total = len(found) + len(missed) + len(wrong)
            parts[part] = None if total == 0 else len(found) / total
        counted = [parts[p] for p in PARTS if parts[p] is not None]
        score = sum(counted) / len(counted) if counted else 0.0
        by_map[m] = {"score": score, "percent": to_percent(score), "parts": parts}
    overall = sum(by_map[m]["score"] for m in map_ids) / len(map_ids)
    return DrillScore(lesion=x["id"], score=overall, percent=to_percent(overall), by_map=by_map,
                      items=tuple(_items(t, x, marked, want, ok, map_ids)))


def _where(t: dict, x: dict, region: str) -> tuple[str, list[str]]:
    """Which maps give this root the region: the words, and the maps that leave it out."""
    maps = t["maps"]
    on = [m for m in maps if region in x["skin"][m["id"]]]
    off = [m for m in maps if region not in x["skin"][m["id"]]]
    if not off:
        return t["texts"]["both_maps"], []
    if not on:
        return "", [m["id"] for m in off]
    return (_fill(t["texts"]["only_map"], map=on[0]["short"], other=off[0]["short"]),
            [m["id"] for m in off])


def _skin_owners(t: dict, x: dict, region: str) -> str:
    texts = t["texts"]
    if x["kind"] == "nerve":
        nerves = t["owners"]["skin_nerves"][region]
        return (_fill(texts["owners_nerves"], list=_join(f"the {n}" for n in nerves))
                if nerves else texts["owners_no_nerve"])
    maps = t["maps"]
    per_map = [t["owners"]["skin"][region][m["id"]] for m in maps]
    if all(not p for p in per_map):
        return texts["owners_none"]
    if all(p == per_map[0] for p in per_map):
        return _fill(texts["owners_same"], list=_join(per_map[0]))
    a, b = (_join(p) or texts["nobody"] for p in per_map[:2])
    return _fill(texts["owners_split"], a=a, b=b, map_a=maps[0]["short"], map_b=maps[1]["short"])


def _owners_text(t: dict, x: dict, part: str, name: str) -> str:
    texts = t["texts"]
    if x["kind"] == "nerve":
        key, none = (("action_nerves", "action_no_nerve") if part == "movements"
                     else ("reflex_nerves", "reflex_no_nerve"))
        nerves = t["owners"][key][name]
        return (_fill(texts[key], list=_join(f"the {n}" for n in nerves)) if nerves
                else texts[none])
    key = "action_owners" if part == "movements" else "reflex_owners"
    roots = t["owners"]["actions" if part == "movements" else "reflexes"][name]
    return _fill(texts[key], roots=_join(roots) or texts["nobody"])


def _items(t: dict, x: dict, marked: dict, want: dict, ok: dict, map_ids: list[str]
           ) -> list[dict[str, Any]]:
    """Every mark and every missed finding, in the order skin, movements, reflexes, each with its
    explanation from the knowledge base."""
    texts = t["texts"]
    nerve = x["kind"] == "nerve"
    out: list[dict[str, Any]] = []
    order = {"skin": [r["name"] for r in t["regions"]],
             "movements": [a["name"] for a in t["actions"]],
             "reflexes": [f["name"] for f in t["reflexes"]]}
    for part in PARTS:
        wanted_any = [n for n in order[part] if any(n in want[part][m] for m in map_ids)]
        for name in order[part]:
            is_marked = name in marked[part]
            wanted = name in wanted_any
            if not is_marked and not wanted:
                continue
            missing_on = [m for m in map_ids if name in want[part][m]] if not is_marked else []
            if is_marked and wanted:
                status = "hit"
            elif is_marked and name in ok[part]:
                status = "extra"
            elif is_marked:
                status = "wrong"
            else:
                status = "miss"
            values = {"short": x["short"], "the_name": x["the_name"]}
            if part == "skin":
                values["Region"] = _cap(name)
                where, _ = _where(t, x, name) if not nerve else ("", [])
                values["where"] = where
                if status in ("hit", "miss"):
                    text = _fill(texts["miss_skin_nerve" if nerve else "miss_skin_root"], **values)
                elif status == "extra":
                    text = _fill(texts["extra_skin_nerve" if nerve else "extra_skin_root"], **values)
                else:
                    values["owners"] = _skin_owners(t, x, name)
                    text = _fill(texts["wrong_skin_nerve" if nerve else "wrong_skin"], **values)
            else:  # movements and reflexes: the same texts, named "action" or "reflex"
                kind = "action" if part == "movements" else "reflex"
                values[kind.capitalize()] = _cap(name)
                if kind == "action":
                    values["muscle"] = x["muscles"].get(name, "")
                if status in ("hit", "miss"):
                    key = f"miss_{kind}_{'nerve' if nerve else 'root'}"
                elif status == "extra":
                    key = f"extra_{kind}"
                else:
                    values["owners"] = _owners_text(t, x, part, name)
                    key = f"wrong_{kind}_nerve" if nerve else f"wrong_{kind}"
                text = _fill(texts[key], **values)
            out.append({"part": part, "name": name, "status": status, "missing_on": missing_on,
                        "text": text})
    return out


# ---- progress and the choice of the next lesion ------------------------------------------------

def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10**6 \
        else None


def clean_progress(raw: object) -> dict[str, Any]:
    """The stored progress, checked: ``{"lesions": {id: {box, tries, total, last}}}``; anything
    malformed is dropped (the browser's storage can hold junk)."""
    out: dict[str, Any] = {"lesions": {}}
    lesions = raw.get("lesions") if isinstance(raw, Mapping) else None
    if not isinstance(lesions, Mapping):
        return out
    valid = set(lesion_ids())
    for key, entry in lesions.items():
        if key not in valid or not isinstance(entry, Mapping):
            continue
        box, tries, total, last = (_count(entry.get(k)) for k in ("box", "tries", "total", "last"))
        if box is None or not 1 <= box <= len(BOX_WEIGHTS) or not tries or total is None \
                or last is None or last > 100 or total > 100 * tries:
            continue
        out["lesions"][key] = {"box": box, "tries": tries, "total": total, "last": last}
    return out


def record(progress: object, lesion_id: str, percent: int) -> dict[str, Any]:
    """The progress after one checked answer: the lesion moves up a box (score >= RIGHT_AT) or back
    to box 1, and its tries, total and last score are updated."""
    x = _lesion(lesion_id)
    if not isinstance(percent, int) or isinstance(percent, bool) or not 0 <= percent <= 100:
        raise ValueError(f"a score is a whole percentage from 0 to 100, not {percent!r}")
    out = clean_progress(progress)
    before = out["lesions"].get(x["id"], {"box": 1, "tries": 0, "total": 0, "last": 0})
    box = min(len(BOX_WEIGHTS), before["box"] + 1) if percent >= RIGHT_AT else 1
    out["lesions"][x["id"]] = {"box": box, "tries": before["tries"] + 1,
                               "total": before["total"] + percent, "last": percent}
    return out


def weights(progress: object, last: str = "") -> list[tuple[str, int]]:
    """Each lesion the drill may ask next with its weight (the last one asked is left out)."""
    stored = clean_progress(progress)["lesions"]
    ids = [i for i in lesion_ids() if i != last] or list(lesion_ids())
    return [(i, BOX_WEIGHTS[stored[i]["box"] - 1] if i in stored else NEW_WEIGHT) for i in ids]


def next_lesion(progress: object, last: str = "", u: float = 0.0) -> str:
    """The next lesion to ask, drawn with :func:`weights` from a number ``u`` in [0, 1) (the
    browser passes a random one; tests pass fixed ones)."""
    if not (isinstance(u, int | float) and 0 <= u < 1):
        raise ValueError(f"u must be a number from 0 up to (not including) 1, not {u!r}")
    pairs = weights(progress, last)
    total = sum(w for _, w in pairs)
    target = u * total
    running = 0
    for lesion_id, weight in pairs:
        running += weight
        if target < running:
            return lesion_id
    return pairs[-1][0]

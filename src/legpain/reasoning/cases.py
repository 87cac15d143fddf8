"""The case library: invented patient stories with staged questions, checked against the reasoning API.

``data/cases.yaml`` holds each case's story, its structured findings (vocabulary names, red-flag
signs, claudication features, differential feature ids, an imaging report) and its staged
questions (where is the lesion? which cause? how urgent? what next?), with feedback on every
option. A case's stated answer must never disagree with the course's own reasoning functions:
:func:`api_answers` asks :func:`~legpain.localize`, :func:`~legpain.affected_roots`,
:func:`~legpain.differential`, :func:`~legpain.triage` and :func:`~legpain.claudication` about the
findings, and :func:`disagreements` lists every place where a case and the API differ (the tests
require none). Every story is invented; none describes a real patient.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from typing import Any

from ..knowledge import vocabulary
from ..knowledge.loading import DataError, Entry, entries

FILE = "cases.yaml"
CATEGORIES = ("nerve root", "disc level", "peripheral nerve", "claudication", "not the spine",
              "red flags")
#: kinds of staged question; all but "next" are checked against the reasoning API
QUESTION_KINDS = ("lesion", "disc", "cause", "urgency", "claudication", "next")
CHECKED_KINDS = ("lesion", "disc", "cause", "urgency", "claudication")
#: the chapters a case can send the student to: notebook stem -> title
CHAPTERS = {
    "01_lumbar_spine_anatomy": "Lumbar spine anatomy",
    "02_nerve_root_compression": "Nerve root compression",
    "03_dermatomes_and_the_leg_pain_explorer": "Dermatomes and the leg-pain explorer",
    "04_disc_disease_and_radicular_pain": "Disc disease and radicular pain",
    "05_stenosis_and_spondylolisthesis": "Stenosis and spondylolisthesis",
    "06_injury_infection_and_entrapment": "Injury, infection and entrapment",
    "07_when_it_is_not_the_spine": "When it is not the spine",
    "08_red_flags": "Red flags",
    "09_treatment_and_prevention": "Treatment and prevention",
    "10_clinical_reasoning_and_cases": "Clinical reasoning and cases",
}


@dataclass(frozen=True)
class Findings:
    """What the story and the examination found, in the course's controlled vocabulary."""

    pain: tuple[str, ...]
    numbness: tuple[str, ...]
    weakness: tuple[str, ...]
    reflexes: tuple[tuple[str, str], ...]
    red_flags: tuple[str, ...]
    claudication: tuple[str, ...]
    features: tuple[str, ...]
    disc: str | None
    zone: str | None
    #: movements and skin the examiner tested and found normal (they count as evidence)
    normal_strength: tuple[str, ...] = ()
    normal_sensation: tuple[str, ...] = ()

    @property
    def has_neurology(self) -> bool:
        """True when there is anything for :func:`~legpain.localize` to work on."""
        return bool(self.pain or self.numbness or self.weakness or self.reflexes)


@dataclass(frozen=True)
class Option:
    """One answer option; ``value`` is what the API is compared with (checked kinds only)."""

    text: str
    correct: bool
    feedback: str
    value: str | None


@dataclass(frozen=True)
class Question:
    """One staged question of a case."""

    id: str
    kind: str
    prompt: str
    options: tuple[Option, ...]
    explanation: str | None

    @property
    def answer(self) -> Option:
        return next(option for option in self.options if option.correct)


@dataclass(frozen=True)
class Case:
    """An invented patient story, its findings, staged questions and the chapter that teaches it."""

    id: str
    title: str
    category: str
    story: str
    findings: Findings
    questions: tuple[Question, ...]
    chapter: str
    sources: tuple[str, ...]

    @property
    def chapter_title(self) -> str:
        return CHAPTERS[self.chapter]


def _clean(text: str | None) -> str | None:
    return " ".join(text.split()) if isinstance(text, str) else text


def _canonical_list(entry: Entry, field: str, kind: str) -> tuple[str, ...]:
    values = entry.texts(field, default=[])
    for value in values:
        try:
            found = vocabulary.canonical(kind, value)
        except ValueError as error:
            raise DataError(FILE, str(error), entry.id, field) from None
        if found != value:
            raise DataError(FILE, f"write the canonical name {found!r}, not {value!r}",
                            entry.id, field)
    if len(set(values)) != len(values):
        raise DataError(FILE, "a name is listed twice", entry.id, field)
    return values


def _findings(entry: Entry) -> Findings:
    from ..knowledge.causes import features
    from .spine import canonical_disc, canonical_zone

    part = entry.entry("findings")
    reflexes_raw = part.get("reflexes", dict, {})
    try:
        reflexes = vocabulary.canonical_reflexes(reflexes_raw)
    except ValueError as error:
        raise DataError(FILE, str(error), part.id, "reflexes") from None
    if list(reflexes) != list(reflexes_raw):
        raise DataError(FILE, "use the canonical reflex names", part.id, "reflexes")
    valid_features = [f.id for f in features()]
    feature_ids = part.texts("features", default=[], allowed=valid_features)
    disc = part.text("disc", default=None)
    zone = part.text("zone", default=None)
    if (disc is None) != (zone is None):
        raise DataError(FILE, "give both disc and zone (the imaging report), or neither",
                        part.id, "disc")
    if disc is not None:
        try:
            if canonical_disc(disc) != disc or canonical_zone(zone).id != zone:
                raise DataError(FILE, "write the disc as 'L4-L5' and the zone by its id",
                                part.id, "disc")
        except ValueError as error:
            raise DataError(FILE, str(error), part.id, "disc") from None
    return Findings(
        pain=_canonical_list(part, "pain", "region"),
        numbness=_canonical_list(part, "numbness", "region"),
        weakness=_canonical_list(part, "weakness", "action"),
        reflexes=tuple(reflexes.items()),
        red_flags=_canonical_list(part, "red_flags", "red flag"),
        claudication=_canonical_list(part, "claudication", "claudication feature"),
        features=feature_ids, disc=disc, zone=zone,
        normal_strength=_canonical_list(part, "normal_strength", "action"),
        normal_sensation=_canonical_list(part, "normal_sensation", "region"))


def _valid_values(kind: str) -> list[str]:
    """The values an option of a checked kind may carry (what the API can answer)."""
    if kind == "lesion":
        from .localization import candidates

        return [c["id"] for c in candidates()]
    if kind == "disc":
        from .spine import root_names

        return list(root_names(5))
    if kind == "cause":
        from ..knowledge.causes import causes

        return [c.id for c in causes() if c.in_differential]
    if kind == "urgency":
        from .triage_rules import LEVELS

        return list(LEVELS)
    return ["vascular", "neurogenic"]


def _question(case_id: str, raw: Any, index: int) -> Question:
    entry = Entry(FILE, raw, f"{case_id}.questions[{index}]")
    kind = entry.choice("kind", QUESTION_KINDS)
    options = []
    for number, raw_option in enumerate(entry.get("options", list)):
        option = Entry(FILE, raw_option, f"{entry.id} option {number + 1}")
        value = option.text("value", default=None)
        if kind in CHECKED_KINDS:
            if value is None:
                raise DataError(FILE, f"every option of a {kind!r} question needs a value the "
                                      "reasoning API can be compared with", option.id, "value")
            valid = _valid_values(kind)
            if value not in valid:
                raise DataError(FILE, f"{value!r} is not one of {valid}", option.id, "value")
        options.append(Option(_clean(option.text("text")), option.get("correct", bool),
                              _clean(option.text("feedback")), value))
    if len(options) < 2:
        raise DataError(FILE, "a question needs at least two options", entry.id, "options")
    if sum(option.correct for option in options) != 1:
        raise DataError(FILE, "a question needs exactly one correct option", entry.id, "options")
    values = [option.value for option in options if option.value is not None]
    if len(set(values)) != len(values):
        raise DataError(FILE, "two options carry the same value", entry.id, "options")
    texts = [option.text for option in options]
    if len(set(texts)) != len(texts):
        raise DataError(FILE, "two options have the same text", entry.id, "options")
    return Question(entry.text("id"), kind, _clean(entry.text("prompt")), tuple(options),
                    _clean(entry.text("explanation", default=None)))


@functools.cache
def cases() -> tuple[Case, ...]:
    """Every case, validated, in the order of the data file."""
    result = []
    for entry in entries(FILE, "cases"):
        findings = _findings(entry)
        questions = tuple(_question(entry.id, raw, i)
                          for i, raw in enumerate(entry.get("questions", list)))
        ids = [q.id for q in questions]
        if len(set(ids)) != len(ids):
            raise DataError(FILE, "duplicate question id", entry.id, "questions")
        kinds = [q.kind for q in questions]
        for required in ("cause", "urgency", "next"):
            if required not in kinds:
                raise DataError(FILE, f"a case needs a {required!r} question", entry.id,
                                "questions")
        if "lesion" in kinds and not findings.has_neurology:
            raise DataError(FILE, "a lesion question needs pain, numbness, weakness or reflex "
                                  "findings", entry.id, "findings")
        if "disc" in kinds and findings.disc is None:
            raise DataError(FILE, "a disc question needs the imaging report (disc and zone)",
                            entry.id, "findings")
        if "claudication" in kinds and not findings.claudication:
            raise DataError(FILE, "a claudication question needs claudication features",
                            entry.id, "findings")
        chapter = entry.choice("chapter", list(CHAPTERS))
        result.append(Case(entry.id, entry.text("title"), entry.choice("category", CATEGORIES),
                           _clean(entry.text("story")), findings, questions, chapter,
                           entry.sources()))
    return tuple(result)


def case(case_id: str) -> Case:
    """One case by id; unknown ids raise ``ValueError`` naming the valid ones."""
    for item in cases():
        if item.id == case_id:
            return item
    raise ValueError(f"unknown case {case_id!r}; valid cases: "
                     f"{', '.join(c.id for c in cases())}")


def api_answers(item: Case) -> dict[str, Any]:
    """What the reasoning API says about a case's findings, for each checked question kind.

    ``lesion``: the top candidate of :func:`~legpain.localize`; ``disc``: the one root of
    :func:`~legpain.affected_roots` for the imaging report; ``cause``: the top cause of
    :func:`~legpain.differential` (all causes tied at the top score); ``urgency``: the level of
    :func:`~legpain.triage`; ``claudication``: the kind of :func:`~legpain.claudication`.
    """
    from .claudication_rules import claudication
    from .differential import differential
    from .localization import localize
    from .spine import affected_roots
    from .triage_rules import triage

    f = item.findings
    answers: dict[str, Any] = {"urgency": triage(list(f.red_flags)).level}
    if f.has_neurology:
        ranked = localize(f.pain, f.numbness, f.weakness, dict(f.reflexes),
                          normal_strength=f.normal_strength, normal_sensation=f.normal_sensation)
        answers["lesion"] = ranked[0].id if ranked and ranked[0].score > 0 else None
    if f.disc is not None:
        answers["disc"] = affected_roots(f.disc, f.zone)[0]
    if f.features:
        ranked_causes = differential(f.features)
        best = ranked_causes[0].score
        answers["cause"] = tuple(r.id for r in ranked_causes if r.score == best)
    if f.claudication:
        answers["claudication"] = claudication(list(f.claudication)).kind
    return answers


def disagreements(item: Case) -> list[str]:
    """Every place where the case's stated answer and the reasoning API differ (ideally none).

    A cause answer must be the single top cause of the differential (a tie at the top counts as
    a disagreement: the case would be ambiguous).
    """
    problems = []
    answers = api_answers(item)
    for question in item.questions:
        if question.kind not in CHECKED_KINDS:
            continue
        stated = question.answer.value
        if question.kind not in answers:
            problems.append(f"{item.id}.{question.id}: the findings give the API nothing to "
                            f"answer a {question.kind!r} question with")
            continue
        expected = answers[question.kind]
        if question.kind == "cause":
            if expected != (stated,):
                problems.append(f"{item.id}.{question.id}: the case says {stated!r}, the "
                                f"differential ranks {list(expected)} first")
        elif expected != stated:
            problems.append(f"{item.id}.{question.id}: the case says {stated!r}, the API says "
                            f"{expected!r}")
    return problems


def case_table() -> dict[str, Any]:
    """Every case as JSON-ready data for the case-library widget (a fresh copy each call)."""
    return copy.deepcopy(_case_table())


@functools.cache
def _case_table() -> dict[str, Any]:
    from ..knowledge.sources import source_label

    rows = []
    for item in cases():
        f = item.findings
        rows.append({
            "id": item.id, "title": item.title, "category": item.category, "story": item.story,
            "findings": _findings_text(f),
            "questions": [{"id": q.id, "kind": q.kind, "prompt": q.prompt,
                           "explanation": q.explanation or "",
                           "options": [{"text": o.text, "correct": o.correct,
                                        "feedback": o.feedback} for o in q.options]}
                          for q in item.questions],
            "chapter": item.chapter, "chapter_title": item.chapter_title,
            "sources": [source_label(key) for key in item.sources],
        })
    return {"categories": list(CATEGORIES), "cases": rows}


def _findings_text(f: Findings) -> list[list[str]]:
    """The findings as (label, plain text) rows, for a student to read."""
    rows = []
    if f.pain:
        rows.append(["Pain", ", ".join(f.pain)])
    if f.numbness:
        rows.append(["Numbness", ", ".join(f.numbness)])
    if f.weakness:
        rows.append(["Weak movements", ", ".join(f.weakness)])
    if f.normal_strength:
        rows.append(["Normal strength", ", ".join(f.normal_strength)])
    if f.normal_sensation:
        rows.append(["Normal feeling", ", ".join(f.normal_sensation)])
    if f.reflexes:
        rows.append(["Reflexes", ", ".join(f"{name} {state}" for name, state in f.reflexes)])
    if f.claudication:
        rows.append(["On walking", ", ".join(f.claudication)])
    if f.disc is not None:
        from ..knowledge.anatomy import zones

        zone = next(z for z in zones() if z.id == f.zone)
        rows.append(["MRI report", f"{zone.name.lower()} disc herniation at {f.disc}"])
    rows.append(["Red flags", ", ".join(f.red_flags) if f.red_flags else "none found"])
    return rows

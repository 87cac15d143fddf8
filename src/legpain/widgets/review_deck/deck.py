"""The review deck's cards, drawn from the knowledge base and the chapters' Check-yourself questions.

Every card has a question side (``front``), an answer side (``back``, paragraphs separated by a new
line), the chapter it reviews and its sources: the citation keys of the facts on its answer side and
their readable labels. Nothing clinical is typed here; only the questions' wording and which chapter
a fact belongs to are.

Kinds of card, in the order a chapter's cards come:

- ``root-skin``, ``root-muscle``, ``root-reflex``: a nerve root -> its skin (on both dermatome maps,
  with its key sensory point), its key muscles, its tendon reflex (chapter 3);
- ``red-flag``: one red flag on its own -> how urgent, in the course's one wording per level (ch. 8);
- ``test``: an examination test -> its likelihood ratios (chapters 5 and 10);
- ``claim``: a claim of the source article -> the course's verdict and the evidence (the chapter that
  discusses it);
- ``quiz``: each cited Check-yourself question -> its right answer(s) and explanation.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass
from typing import Any

from ...knowledge.anatomy import dermatome_maps, roots
from ...knowledge.sources import sources_text
from ...knowledge.treatment_evidence import claims
from ...reasoning.diagnostics import exam_tests
from ...reasoning.triage_rules import level_wording, red_flags, triage
from ..quiz import load_quiz, quiz_ids

__all__ = ["CHAPTERS", "KINDS", "Card", "chapters", "review_cards"]

#: the chapters whose cards the deck holds, in the book's order: id, notebook (file stem) and title
#: (the notebook's own; tests/test_review_deck.py checks both and that no chapter is left out)
CHAPTERS: tuple[tuple[str, str, str], ...] = (
    ("01", "01_lumbar_spine_anatomy", "The lumbar spine: anatomy, and which root a disc squeezes"),
    ("02", "02_nerve_root_compression", "What compression does to a nerve root"),
    ("02b", "02b_pain_beyond_the_pinched_nerve", "Where leg pain comes from: four kinds of pain"),
    ("03", "03_dermatomes_and_the_leg_pain_explorer", "Dermatomes and the leg-pain explorer"),
    ("04", "04_disc_disease_and_radicular_pain", "Disc disease, disc herniation and radicular pain"),
    ("05", "05_stenosis_and_spondylolisthesis", "Lumbar spinal stenosis and spondylolisthesis"),
    ("06", "06_injury_infection_and_entrapment", "Injury, infection, entrapment and inheritance"),
    ("07", "07_when_it_is_not_the_spine", "When it is not the spine"),
    ("08", "08_red_flags", "Red flags: when back and leg pain is an emergency"),
    ("09", "09_treatment_and_prevention",
     "Treatment, self-care and prevention: what helps, and how we know"),
    ("09b", "09b_the_person_in_pain_and_what_happens_next",
     "The person in pain and what happens next"),
    ("10", "10_clinical_reasoning_and_cases", "Clinical reasoning and cases"),
)

#: kind of card -> what the deck calls it
KINDS: dict[str, str] = {
    "root-skin": "Nerve root and its skin",
    "root-muscle": "Nerve root and its muscles",
    "root-reflex": "Nerve root and its reflex",
    "red-flag": "Red flag and how urgent",
    "test": "Examination test and its accuracy",
    "claim": "Source article's claim and the verdict",
    "quiz": "Check-yourself question",
}

#: each chapter's Check-yourself quiz (quizzes/<id>.yaml); the course-use and Python quizzes of
#: chapter 0 and the appendix teach no clinical fact and have no cards
QUIZ_CHAPTER: dict[str, str] = {
    "spine-anatomy": "01", "compression": "02", "pain-types": "02b", "dermatomes": "03",
    "disc-disease": "04",
    "stenosis": "05", "injury-infection-entrapment": "06", "not-the-spine": "07",
    "red-flags": "08", "treatment": "09", "person-and-prognosis": "09b", "clinical-reasoning": "10",
}

#: the chapter that discusses each claim of the source article (the first that shows it, or the
#: one it belongs to); a treatment or prevention claim not listed here belongs to chapter 9, which
#: shows them all. A claim no chapter discusses has no card.
CLAIM_CHAPTER: dict[str, str] = {
    **dict.fromkeys(("lstv_congenital", "lstv_swapped", "lstv_pain_by_20",
                     "sciatic_nerve_largest"), "01"),
    **dict.fromkeys(("inflamed_roots_numbness", "pain_spasm_cycle"), "02"),
    **dict.fromkeys(("sciatica_distribution", "sciatica_buttock", "numbness_to_hand",
                     "displacement_foot_numbness"), "03"),
    **dict.fromkeys(("stress_makes_it_radiate", "associated_symptoms",
                     "radicular_from_osteochondrosis", "degeneration_most_cases",
                     "leg_pain_means_lumbosacral", "cause_disc_herniation", "sciatica_is_symptoms",
                     "sciatica_limits_movement", "lumbago_cold_cause", "lumbago_minor_effort",
                     "rest_relieves_lumbago", "sharp_pain_section", "who_gets_it"), "04"),
    **dict.fromkeys(("displacement_discs", "displacement_after_injury",
                     "displacement_swelling"), "05"),
    **dict.fromkeys(("cause_injury", "cause_inheritance", "cause_tb_syphilis", "entrapment_causes",
                     "entrapment_injury", "entrapment_cold", "entrapment_activity",
                     "entrapment_disc", "drugs_and_physio_for_entrapment",
                     "health_in_your_hands"), "06"),
    **dict.fromkeys(("diagnosis_needed", "leg_veins", "other_causes", "pregnancy"), "07"),
    **dict.fromkeys(("see_a_professional", "missing_red_flags"), "08"),
    **dict.fromkeys(("specialist_finds_cause",), "10"),
}
#: claims of these topics that CLAIM_CHAPTER does not place belong to chapter 9
CHAPTER_9_TOPICS = ("treatment", "prevention")

#: the course's words for a verdict of claims.yaml
VERDICT_WORDS = {"correct": "correct", "partly": "partly correct", "wrong": "wrong",
                 "unsupported": "unsupported by evidence"}

#: roots whose key muscles and reflexes get a card: those with a main one in roots.yaml
ROOT_CHAPTER = "03"
RED_FLAG_CHAPTER = "08"
STENOSIS_TESTS_CHAPTER = "05"
OTHER_TESTS_CHAPTER = "10"


@dataclass(frozen=True)
class Card:
    """One review card: a question, its answer, the chapter it reviews and the answer's sources."""

    id: str
    chapter: str
    kind: str
    front: str
    back: str
    sources: tuple[str, ...]
    source_text: str


def _card(card_id: str, chapter: str, kind: str, front: str, back: list[str],
          sources: list[str] | tuple[str, ...]) -> Card:
    keys = tuple(dict.fromkeys(sources))
    return Card(card_id, chapter, kind, " ".join(front.split()),
                "\n".join(" ".join(line.split()) for line in back if line and line.strip()),
                keys, sources_text(keys))


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _root_cards() -> list[Card]:
    maps = {m.id: m for m in dermatome_maps()}
    skin, muscle, reflex = [], [], []
    for root in roots():
        lines, keys = [], []
        for map_id, regions in root.dermatome:
            if regions.regions:
                lines.append(f"{maps[map_id].name} map: {regions.note or _join(list(regions.regions))}")
                keys += regions.sources
        point = root.key_sensory_point
        lines.append(f"Key sensory point (ISNCSCI): {point.text}")
        keys += point.sources
        if root.other_skin is not None:
            lines.append(f"Also: {root.other_skin.note or _join(list(root.other_skin.regions))}")
            keys += root.other_skin.sources
        skin.append(_card(f"root:{root.id}:skin", ROOT_CHAPTER, "root-skin",
                          f"Which skin does the {root.id} nerve root supply (its dermatome)?",
                          lines, keys))
        main = [m for m in root.key_muscles if m.role == "main"]
        if main:
            muscle.append(_card(
                f"root:{root.id}:muscles", ROOT_CHAPTER, "root-muscle",
                f"Which movements does the {root.id} nerve root mainly power?",
                [_join([f"{m.action} ({m.muscle})" for m in main]).capitalize() + "."],
                [key for m in main for key in m.sources]))
        main_reflexes = [r for r in root.reflexes if r.role == "main"]
        if main_reflexes:
            reflex.append(_card(
                f"root:{root.id}:reflex", ROOT_CHAPTER, "root-reflex",
                f"Which tendon reflex does the {root.id} nerve root mainly carry?",
                [_join([f"the {r.reflex} reflex" for r in main_reflexes]).capitalize() + "."],
                [key for r in main_reflexes for key in r.sources]))
    return skin + muscle + reflex


def _red_flag_cards() -> list[Card]:
    wording = level_wording()
    cards = []
    for sign in red_flags():
        answer = triage([sign])
        level = wording[answer.level]
        lines = [f"{level['label']}: {level['timing']}.", answer.action]
        if answer.reasons:
            lines.append(f"Why: {answer.reasons[0]}")
        cards.append(_card(f"red-flag:{sign}", RED_FLAG_CHAPTER, "red-flag",
                           f"Back or leg pain with one red flag and no other: {sign}. How urgent "
                           "is it, and what should the person do?", lines, answer.sources))
    return cards


def _number(value: float) -> str:
    """A likelihood ratio as the course writes it: two significant figures."""
    text = f"{value:.2g}"
    return str(int(float(text))) if "e" in text else text


def _test_cards() -> list[Card]:
    cards = []
    for test in exam_tests():
        lines, keys = [], []
        for estimate in test.estimates:
            if estimate.lr_positive is None:
                continue
            parts = [f"positive likelihood ratio {_number(estimate.lr_positive)}"]
            if estimate.lr_positive_ci:
                low, high = estimate.lr_positive_ci
                parts[0] += f" (95% CI {_number(low)} to {_number(high)})"
            if estimate.lr_negative is not None:
                parts.append(f"negative likelihood ratio {_number(estimate.lr_negative)}")
            lines.append(f"{estimate.label}: {'; '.join(parts)}.")
            keys += estimate.sources
        if not lines:  # no usable ratio: the card says why, from the data
            if not test.accuracy_note:
                continue
            lines, keys = [test.accuracy_note], list(test.sources)
        chapter = (STENOSIS_TESTS_CHAPTER if "stenosis" in test.target_condition
                   else OTHER_TESTS_CHAPTER)
        cards.append(_card(f"test:{test.id}", chapter, "test",
                           f"What are the likelihood ratios of “{test.name}” for "
                           f"{test.target_condition}?", lines, keys))
    return cards


def _claim_cards() -> list[Card]:
    cards = []
    for claim in claims():
        chapter = CLAIM_CHAPTER.get(claim.id)
        if chapter is None and claim.topic in CHAPTER_9_TOPICS:
            chapter = "09"
        if chapter is None:
            continue
        cards.append(_card(f"claim:{claim.id}", chapter, "claim",
                           f"The source article says: {claim.claim} What is the course's verdict?",
                           [f"Verdict: {VERDICT_WORDS[claim.verdict]}.", claim.correction], claim.sources))
    return cards


def _quiz_cards() -> list[Card]:
    cards = []
    known = set(quiz_ids())
    for quiz_id, chapter in QUIZ_CHAPTER.items():
        if quiz_id not in known:  # a chapter's quiz not written yet (the tests require it)
            continue
        for question in load_quiz(quiz_id)["questions"]:
            if not question["sources"]:  # a question on method, not on a cited fact
                continue
            right = [o["text"] for o in question["options"] if o["correct"]]
            label = "Answer" if len(right) == 1 else "Answers"
            lines = [f"{label}: {'; '.join(right)}."]
            if question["explanation"]:
                lines.append(question["explanation"])
            cards.append(_card(f"quiz:{quiz_id}:{question['id']}", chapter, "quiz",
                               question["prompt"], lines, question["sources"]))
    return cards


@functools.cache
def _deck() -> tuple[Card, ...]:
    cards = _root_cards() + _red_flag_cards() + _test_cards() + _claim_cards() + _quiz_cards()
    order = {chapter_id: index for index, (chapter_id, _, _) in enumerate(CHAPTERS)}
    kinds = list(KINDS)
    deck = sorted(cards, key=lambda c: (order[c.chapter], kinds.index(c.kind)))  # stable
    ids = [card.id for card in deck]
    if len(ids) != len(set(ids)):
        raise ValueError("two review cards share an id")
    return tuple(deck)


def review_cards(chapter: str | None = None, kind: str | None = None) -> tuple[Card, ...]:
    """The deck's cards in course order, optionally those of one chapter ("03") or one kind."""
    if chapter is not None and chapter not in {c[0] for c in CHAPTERS}:
        raise ValueError(f"unknown chapter {chapter!r}; valid chapters: "
                         f"{', '.join(c[0] for c in CHAPTERS)}")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind of card {kind!r}; valid kinds: {', '.join(KINDS)}")
    return tuple(c for c in _deck() if (chapter is None or c.chapter == chapter)
                 and (kind is None or c.kind == kind))


def chapters() -> list[dict[str, Any]]:
    """The deck's chapters as plain data: id, number, title and notebook."""
    return [{"id": chapter_id, "number": chapter_id.lstrip("0"), "title": title, "notebook": notebook}
            for chapter_id, notebook, title in CHAPTERS]


def card_data(card: Card) -> dict[str, Any]:
    """One card as the front end receives it (plain JSON data)."""
    data = asdict(card)
    data["sources"] = list(card.sources)
    return data

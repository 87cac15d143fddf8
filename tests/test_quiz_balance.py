"""Self-tests that test: where the right option lands on screen, and whether it gives itself away.

Every Check-yourself question (src/legpain/knowledge/data/quizzes/*.yaml) and every case-library step
(src/legpain/knowledge/data/cases.yaml) is shown with its options shuffled by the widgets' seeded shuffle
(``legpain.widgets.quiz.display_order``; tests/test_quiz.py checks that the JS front ends compute
the same order). These tests look at the displayed order for a fixed seed, as a student would see it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from legpain.reasoning.cases import case_table
from legpain.widgets.quiz import display_order, load_quiz, quiz_ids

SEED = 1  # any fixed seed: the book draws a new one on every page load
MAX_SHARE_IN_ONE_POSITION = 0.40
MAX_SHARE_LONGEST = 0.35


def _questions() -> list[tuple[str, dict[str, Any]]]:
    """(scope, question) for every quiz question and case step; scope is what seeds its order."""
    found = [(f"{quiz_id}:{q['id']}", q) for quiz_id in quiz_ids()
             for q in load_quiz(quiz_id)["questions"]]
    found += [(f"{row['id']}:{q['id']}", q) for row in case_table()["cases"] for q in row["questions"]]
    return found


def _right_positions(scope: str, question: dict[str, Any], seed: int) -> set[int]:
    """Displayed positions (0 = top) of the right option(s) for one seed."""
    order = display_order(len(question["options"]), seed, scope)
    return {shown for shown, index in enumerate(order) if question["options"][index]["correct"]}


def _position_shares(questions, seed: int) -> dict[int, float]:
    counts: Counter[int] = Counter()
    for scope, question in questions:
        counts.update(_right_positions(scope, question, seed))
    return {position: count / len(questions) for position, count in sorted(counts.items())}


def _right_is_longest(question: dict[str, Any]) -> bool:
    """True when a right option is (one of) the longest: a test-wise student's favourite clue."""
    longest = max(len(o["text"]) for o in question["options"])
    return any(o["correct"] and len(o["text"]) == longest for o in question["options"])


def test_the_shuffle_is_a_permutation_and_depends_on_seed_and_question():
    for count in range(1, 8):
        assert sorted(display_order(count, SEED, "q:a")) == list(range(count))
    orders = {tuple(display_order(4, seed, "how-to-use:kernel")) for seed in range(1, 300)}
    assert len(orders) == 24  # every order of four options turns up
    assert display_order(5, SEED, "q:a") != display_order(5, SEED, "q:b")
    assert display_order(5, SEED, "q:a") == display_order(5, SEED, "q:a")


def test_data_alone_puts_the_right_option_first_too_often():
    """Why the shuffle is needed: without it the first option is the right one most of the time."""
    questions = _questions()
    first = sum(q["options"][0]["correct"] for _, q in questions) / len(questions)
    shuffled = _position_shares(questions, SEED).get(0, 0.0)
    assert shuffled <= MAX_SHARE_IN_ONE_POSITION
    assert shuffled < first or first <= MAX_SHARE_IN_ONE_POSITION


def test_no_displayed_position_holds_the_right_option_in_more_than_40_percent():
    questions = _questions()
    assert len(questions) >= 100  # every quiz and every case step
    shares = _position_shares(questions, SEED)
    worst = max(shares, key=shares.get)
    assert shares[worst] <= MAX_SHARE_IN_ONE_POSITION, (
        f"with seed {SEED} the right option is in position {worst + 1} for "
        f"{shares[worst]:.0%} of {len(questions)} questions: {shares}")


def test_the_balance_is_not_luck_of_one_seed():
    """Averaged over many page loads, no position is favoured either."""
    questions = _questions()
    seeds = range(1, 101)
    totals: Counter[int] = Counter()
    for seed in seeds:
        totals.update(_position_shares(questions, seed))
    means = {position: total / len(seeds) for position, total in totals.items()}
    assert max(means.values()) <= MAX_SHARE_IN_ONE_POSITION, means


def longest_right_ids() -> list[str]:
    """Ids (``<quiz or case id>:<question id>``) of questions whose right option is the longest."""
    return [scope for scope, question in _questions() if _right_is_longest(question)]


def test_the_right_option_is_the_longest_in_at_most_35_percent():
    questions = _questions()
    ids = longest_right_ids()
    share = len(ids) / len(questions)
    assert share <= MAX_SHARE_LONGEST, (
        f"the right option is the longest in {len(ids)} of {len(questions)} questions "
        f"({share:.0%}; target at most {MAX_SHARE_LONGEST:.0%}): {', '.join(ids)}")

"""Generated practice cases: the same case for a case number, drawn from the model's own priors and
likelihoods, never contradicting itself, told in plain words, and answered by the model itself."""

from __future__ import annotations

import json
import math
import re
from collections import Counter

import pytest

from legpain import localize, triage
from legpain.knowledge import vocabulary
from legpain.knowledge.sources import sources_text
from legpain.reasoning import generated_cases as gc
from legpain.reasoning.generated_cases import generate_case, generator_table, lesion_priors
from legpain.reasoning.localization import candidates

N = 2000  # seeds 1..N: enough to check frequencies against the priors


@pytest.fixture(scope="module")
def cases():
    return [generate_case(seed) for seed in range(1, N + 1)]


def test_a_case_number_always_gives_the_same_case():
    for seed in (1, 2, 4821, 123456, 2**32 - 1):
        assert generate_case(seed) == generate_case(seed)
        assert gc.draw(seed) == gc.draw(seed)


def test_different_case_numbers_give_different_cases(cases):
    stories = Counter(c.story for c in cases[:300])
    assert len(stories) == 300, stories.most_common(2)


@pytest.mark.parametrize("seed", [0, -1, 2**32, 1.5, 4821.0, "4821", True, None, [4821]])
def test_a_case_number_must_be_a_whole_number_from_1_to_4294967295(seed):
    with pytest.raises(ValueError, match=r"case number \(seed\) must be a whole number from 1 to "
                                         r"4294967295"):
        generate_case(seed)


def test_the_answer_key_is_the_model_on_the_cases_own_findings(cases):
    for case in cases:
        ranked = localize(**case.findings)
        assert [(c.id, c.probability) for c in ranked] == [
            (c.id, c.probability) for c in case.ranking], case.seed
        assert case.key.lesion == ranked[0].id and case.key.probability == ranked[0].probability
        assert case.key.top == tuple((c.id, c.name, c.probability) for c in ranked[:gc.TOP])
        answer = triage(list(case.red_flags))
        assert (case.key.level, case.key.reasons, case.key.action) == (
            answer.level, answer.reasons, answer.action), case.seed
        assert case.triage == answer


def test_lesions_are_drawn_with_the_localisers_priors(cases):
    counts = Counter(c.lesion for c in cases)
    shares = {row["id"]: row["share"] for row in lesion_priors()}
    assert set(shares) == {c["id"] for c in candidates()}
    assert math.isclose(sum(shares.values()), 1.0)
    for cand_id, p in shares.items():
        expected, spread = N * p, math.sqrt(N * p * (1 - p))
        assert abs(counts[cand_id] - expected) <= 4 * spread + 1, (cand_id, counts[cand_id], expected)
    # the common roots dominate, as in the priors (L5 and S1 together about 82%)
    assert 0.78 <= (counts["L5"] + counts["S1"]) / N <= 0.86


def test_findings_follow_the_likelihoods_of_the_drawn_lesion(cases):
    """Among L5 cases with big-toe lifting tested, it is weak about as often as the model says."""
    table = generator_table()
    actions = [a["name"] for a in table["actions"]]
    for lesion in ("L5", "S1"):
        cand = next(c for c in table["candidates"] if c["id"] == lesion)
        for action in ("great toe extension", "ankle plantar flexion"):
            p = cand["weakness"][actions.index(action)]
            tested = [c for c in cases if c.lesion == lesion
                      and (action in c.weakness or action in c.normal_strength)]
            weak = sum(action in c.weakness for c in tested)
            spread = math.sqrt(len(tested) * p * (1 - p))
            assert len(tested) > 100
            assert abs(weak - p * len(tested)) <= 4 * spread + 1, (lesion, action, weak, len(tested))


def test_red_flags_appear_in_a_small_stated_share(cases):
    beyond_age = [c for c in cases if set(c.red_flags) - {gc.AGE_SIGN}]
    share = len(beyond_age) / N
    # RED_FLAG_SHARE (0.2) draws one more red flag; saddle numbness and both legs add a few
    assert gc.RED_FLAG_SHARE - 0.04 <= share <= gc.RED_FLAG_SHARE + 0.06, share
    levels = Counter(c.key.level for c in cases)
    assert 0.75 <= levels["routine"] / N <= 0.93, levels
    assert levels["emergency"] > 20 and levels["urgent"] > 50, levels
    drawn = Counter(s for c in cases for s in c.red_flags)
    assert len(drawn) >= 18, drawn  # nearly every red flag of red_flags.yaml turns up
    assert max(n for s, n in drawn.items() if s != gc.AGE_SIGN) < 0.03 * N


def test_findings_never_contradict_themselves(cases):
    regions = set(vocabulary.names("region"))
    actions = set(vocabulary.names("action"))
    over_50 = {a["id"] for a in gc.AGES if a["over_50"]}
    needs = {sign: need for need, signs in gc.NEEDS.items() for sign in signs}
    for c in cases:
        assert not set(c.weakness) & set(c.normal_strength), c.seed
        assert not set(c.numbness) & set(c.normal_sensation), c.seed
        assert len({r for r, _ in c.reflexes}) == len(c.reflexes), c.seed
        for group in (c.pain, c.numbness, c.normal_sensation):
            assert set(group) <= regions and len(set(group)) == len(group)
        assert set(c.weakness) | set(c.normal_strength) <= actions
        assert c.pain or c.numbness or c.weakness, f"case {c.seed} has no leg symptom"
        assert len(c.pain) <= gc.MAX_PAIN
        # sensation is tested where it hurts (in the leg)
        leg_pain = {r for r in c.pain if r not in gc.TRUNK}
        assert leg_pain <= set(c.numbness) | set(c.normal_sensation), c.seed
        # red flags say the same as the findings
        saddle = bool(set(c.numbness) & set(gc.localization.SADDLE_REGIONS))
        assert (gc.SADDLE_SIGN in c.red_flags) == saddle, c.seed
        assert (gc.BOTH_LEGS_SIGN in c.red_flags) == c.both_legs, c.seed
        assert (gc.AGE_SIGN in c.red_flags) == (c.age in over_50), c.seed
        extra = [s for s in c.red_flags if s not in gc.DERIVED]
        assert len(extra) <= 1 and len(set(c.red_flags)) == len(c.red_flags)
        for sign in extra:
            need = needs.get(sign, "")
            assert need != "weakness" or c.weakness, (c.seed, sign)
            assert need != "numbness" or c.numbness, (c.seed, sign)
            assert need != "saddle or both legs" or saddle or c.both_legs, (c.seed, sign)
            assert need != "leg pain" or set(c.pain) - set(gc.NOT_LEG_PAIN), (c.seed, sign)


def test_a_single_root_or_nerve_never_gives_findings_in_both_legs(cases):
    both = [c for c in cases if c.both_legs]
    assert all(c.lesion in ("cauda equina", "upper motor neuron") for c in both)


def test_the_drawn_lesion_is_usually_the_models_answer(cases):
    """Findings drawn from a lesion point back to it most of the time, not always."""
    agree = sum(c.lesion == c.key.lesion for c in cases) / N
    assert 0.7 <= agree < 0.98, agree


def _raw_names() -> list[str]:
    names = [n for kind in ("region", "action", "reflex", "red flag") for n in vocabulary.names(kind)]
    return sorted(names, key=len, reverse=True)


def test_stories_use_plain_words_and_no_raw_ids(cases):
    descriptions = sorted({t.description for kind in ("region", "action", "reflex", "red flag")
                           for t in vocabulary.terms(kind)}, key=len, reverse=True)
    ids = [c["id"] for c in candidates()]
    names = _raw_names()
    for c in cases[:500]:
        story = c.story
        assert "{" not in story and "}" not in story and "_" not in story, story
        assert not re.search(r"\b(pain|numbness|weakness|reflex|normal strength):", story), story
        for cand_id in ids:
            assert not re.search(rf"\b{re.escape(cand_id)}\b", story), (c.seed, cand_id)
        rest = story
        for text in descriptions:
            rest = rest.replace(text, "")
        for name in names:
            assert not re.search(rf"\b{re.escape(name)}\b", rest, re.I), (c.seed, name, story)
        # every finding is told, in its plain words
        words = {t.name: t.description for kind in ("region", "action")
                 for t in vocabulary.terms(kind)}
        for name in (*c.pain, *c.numbness, *c.weakness, *c.normal_strength, *c.normal_sensation):
            assert words[name] in story, (c.seed, name)
        assert story.startswith("A woman " if c.sex == "woman" else "A man "), story


def test_the_story_has_a_history_an_examination_and_the_extra_red_flag():
    case = next(generate_case(s) for s in range(1, 500)
                if set(generate_case(s).red_flags) - set(gc.DERIVED))
    paragraphs = case.story.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[1].startswith(gc.TEXTS["exam"])
    extra = (set(case.red_flags) - set(gc.DERIVED)).pop()
    term = next(t for t in vocabulary.terms("red flag") if t.name == extra)
    assert paragraphs[2] == gc.TEXTS["flag"].replace("{flag}", term.description)


def test_the_generator_table_is_plain_data_and_a_copy():
    table = generator_table()
    json.dumps(table, allow_nan=False)
    table["candidates"].clear()
    assert generator_table()["candidates"]
    first = generator_table()["candidates"][0]
    assert len(first["pain"]) == len(vocabulary.names("region"))
    for probabilities in first["reflex"]:
        assert math.isclose(sum(probabilities), 1.0)


def test_the_priors_table_cites_its_sources():
    rows = lesion_priors()
    assert rows[0]["id"] in ("L5", "S1") and rows[0]["share"] > 0.4
    cited = [row for row in rows if row["sources"]]
    assert len(cited) >= 8
    for row in cited:
        assert sources_text(row["sources"])  # every key is in the bibliography
    for row in rows:
        assert row["derivation"] and (row["sources"] or row["band"])


def test_the_widget_checks_its_settings_and_scores_against_the_key():
    from legpain.widgets import GeneratedCases

    widget = GeneratedCases(seed=4821)
    assert widget.case == generate_case(4821) and widget.score() is None
    key = widget.case.key
    widget.lesion_answer, widget.level_answer, widget.checked = key.lesion, "emergency", True
    assert widget.score() == (True, key.level == "emergency")
    with pytest.raises(ValueError, match="1 to 4294967295"):
        GeneratedCases(seed=0)
    with pytest.raises(ValueError, match="unknown root or nerve 'L6'"):
        widget.lesion_answer = "L6"
    with pytest.raises(ValueError, match="unknown triage level 'soon'"):
        widget.level_answer = "soon"
    with pytest.raises(TypeError, match="no setting 'case'"):
        GeneratedCases(case=3)
    # junk from the browser is dropped, never fatal
    widget.set_state({"seed": "junk", "lesion_answer": 5, "level_answer": None})
    assert widget.seed == 4821 and widget.lesion_answer == key.lesion
    widget.set_state({"seed": 77})
    assert widget.case.seed == 77


def test_the_generator_is_the_front_ends_mulberry32():
    from legpain.widgets.quiz import _mulberry32

    for seed in (1, 4821, 2**31, 2**32 - 1):
        ours, theirs = gc._Mulberry32(seed), _mulberry32(seed)
        assert [ours() for _ in range(500)] == [next(theirs) for _ in range(500)]


def test_answers_given_at_creation_stay_and_a_new_case_clears_them():
    from legpain.widgets import GeneratedCases

    widget = GeneratedCases(seed=160, lesion_answer="L5", level_answer="urgent", checked=True)
    assert (widget.lesion_answer, widget.level_answer, widget.checked) == ("L5", "urgent", True)
    widget.seed = 161
    assert (widget.lesion_answer, widget.level_answer, widget.checked) == ("", "", False)
    widget.set_state({"seed": 162, "lesion_answer": "S1"})  # the browser: new case, then an answer
    assert (widget.seed, widget.lesion_answer) == (162, "S1")

"""The public functions refuse wrong shapes clearly: a dict is not a list of signs, a bare string is not
a list, two names of one reflex cannot disagree, and no error message echoes a huge input."""

from __future__ import annotations

import math
import os

import pytest

from legpain import affected_roots, claudication, localize, post_test_probability, triage, vocabulary

NAME_LISTS = [  # (function, keyword or None for the first argument, a valid name)
    (triage, None, "saddle anaesthesia"),
    (claudication, None, "relieved by sitting"),
    (localize, "pain", "great toe"),
    (localize, "numbness", "top of foot"),
    (localize, "weakness", "big toe extension"),
]


def call(function, keyword, value):
    return function(value) if keyword is None else function(**{keyword: value})


# --- a mapping is not a list of names -----------------------------------------------------------

def test_a_dict_of_signs_marked_absent_is_not_an_emergency():
    """The bug: {"saddle anaesthesia": False} was read as its keys and answered 'emergency'."""
    with pytest.raises(TypeError, match="pass a list"):
        triage({"saddle anaesthesia": False})


@pytest.mark.parametrize(("function", "keyword", "name"), NAME_LISTS)
def test_no_function_reads_a_mapping_as_its_keys(function, keyword, name):
    with pytest.raises(TypeError, match="mapping"):
        call(function, keyword, {name: False})
    with pytest.raises(TypeError):
        call(function, keyword, {name: True})  # even a true value: say which are present, in a list


# --- a bare string or bytes is not a list ---------------------------------------------------------

@pytest.mark.parametrize(("function", "keyword", "name"), NAME_LISTS)
def test_a_bare_string_asks_for_a_list_with_an_example(function, keyword, name):
    with pytest.raises(TypeError) as error:
        call(function, keyword, name)
    assert f"pass a list, e.g. [{name!r}]" in str(error.value)


def test_the_triage_message_for_a_string_is_the_documented_one():
    with pytest.raises(TypeError, match=r"pass a list, e\.g\. \['saddle anaesthesia'\]"):
        triage("saddle anaesthesia")


@pytest.mark.parametrize(("function", "keyword", "name"), NAME_LISTS)
def test_bytes_are_refused(function, keyword, name):
    for value in (name.encode(), bytearray(name.encode()), [name.encode()]):
        with pytest.raises(TypeError):
            call(function, keyword, value)


@pytest.mark.parametrize(("function", "keyword", "name"), NAME_LISTS)
def test_lists_tuples_sets_and_generators_are_all_fine(function, keyword, name):
    expected = call(function, keyword, [name])
    assert call(function, keyword, (name,)) == expected
    assert call(function, keyword, {name}) == expected
    assert call(function, keyword, frozenset([name])) == expected
    assert call(function, keyword, (n for n in [name])) == expected


def test_none_means_no_findings_where_documented():
    assert localize(pain=None, numbness=None, weakness=None, reflexes=None) == []
    assert triage([]).level == "routine"
    with pytest.raises(ValueError, match="use \\[\\] for none"):
        claudication(None)


@pytest.mark.parametrize("value", [5, 3.5, True, object()])
def test_a_non_iterable_is_a_type_error_that_names_the_list_expected(value):
    with pytest.raises(TypeError, match="expected a list of red flag names"):
        triage(value)


def test_shape_errors_stay_value_errors_for_existing_callers():
    """Widgets guard set_state with `except ValueError`: a shape error must still be caught there."""
    with pytest.raises(ValueError):
        triage({"fever": True})
    with pytest.raises(ValueError):
        localize(reflexes=["achilles"])


# --- reflexes ---------------------------------------------------------------------------------------

def test_conflicting_names_of_one_reflex_name_both():
    """The bug: {'achilles': 'absent', 'ankle jerk': 'normal'} silently kept the last state."""
    with pytest.raises(ValueError) as error:
        localize(reflexes={"achilles": "absent", "ankle jerk": "normal"})
    message = str(error.value)
    assert "'achilles'" in message and "'ankle jerk'" in message
    assert "absent" in message and "normal" in message


def test_the_same_reflex_twice_with_the_same_state_is_one_finding():
    both = vocabulary.canonical_reflexes({"achilles": "absent", "Ankle Jerk": "ABSENT"})
    assert both == {"achilles": "absent"}
    assert localize(reflexes={"achilles": "absent", "ankle jerk": "absent"}) == localize(
        reflexes={"achilles": "absent"})


@pytest.mark.parametrize("reflexes", [["achilles"], "achilles: absent", b"x", 3])
def test_reflexes_must_be_a_mapping(reflexes):
    with pytest.raises(TypeError, match="mapping of reflex to state"):
        localize(reflexes=reflexes)


@pytest.mark.parametrize("state", [None, True, 0, ["absent"], b"absent"])
def test_a_reflex_state_must_be_a_string(state):
    with pytest.raises(TypeError, match="normal, reduced, absent"):
        localize(reflexes={"achilles": state})


# --- error messages stay short ----------------------------------------------------------------------

HUGE = "x" * 1_000_000


@pytest.mark.parametrize("make_call", [
    lambda: triage([HUGE]),
    lambda: triage(HUGE),
    lambda: triage({HUGE: False}),
    lambda: triage([HUGE.encode()]),
    lambda: triage(HUGE.encode()),
    lambda: localize(numbness=[HUGE]),
    lambda: localize(reflexes={HUGE: "absent"}),
    lambda: localize(reflexes={"achilles": HUGE}),
    lambda: localize(reflexes=["x" * 100] * 100_000),
    lambda: localize(reflexes={"achilles": "absent", "ankle jerk": HUGE}),
    lambda: claudication([HUGE]),
    lambda: claudication(list(range(1_000_000))),
    lambda: vocabulary.canonical("region", HUGE),
], ids=["name", "string", "dict", "bytes-in-list", "bytes", "region", "reflex-name", "reflex-state",
        "reflex-list", "reflex-conflict", "feature", "many-ints", "canonical"])
def test_error_messages_never_echo_a_huge_input(make_call):
    with pytest.raises((TypeError, ValueError)) as error:
        make_call()
    assert len(str(error.value)) < 2_000


def test_other_public_functions_still_raise_clear_errors():
    with pytest.raises(ValueError):
        affected_roots("L9-L10")
    with pytest.raises(ValueError):
        post_test_probability(math.nan, "SLR", positive=True)


# --- property-based: any shape either works or is a TypeError/ValueError ---------------------------

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import (  # noqa: E402
    HealthCheck,
    given,
    settings,
    strategies as st,  # noqa: E402
)

WORDS = st.sampled_from([
    *vocabulary.names("region"), *vocabulary.names("action"), *vocabulary.names("reflex"),
    *vocabulary.names("red flag"), *vocabulary.names("claudication feature"),
    *vocabulary.reflex_states(), "Top of Foot", "ankle jerk", "SLR", "L4-L5", "L5/S1", "far lateral",
    "paracentral", "keegan1948", "lee2008", "",
])
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
           | st.text(max_size=20) | st.binary(max_size=10) | WORDS)
HASHABLE = st.recursive(SCALARS, lambda inner: st.tuples(inner, inner) | st.frozensets(inner, max_size=3),
                        max_leaves=6)
SHAPES = st.recursive(
    SCALARS,
    lambda inner: (st.lists(inner, max_size=4) | st.tuples(inner, inner)
                   | st.sets(HASHABLE, max_size=4) | st.dictionaries(HASHABLE, inner, max_size=4)),
    max_leaves=10,
)
ALLOWED = (TypeError, ValueError)
#: more examples for a hunt: LEGPAIN_HYPOTHESIS_EXAMPLES=5000 pytest tests/test_api_input.py
PROPERTY = settings(max_examples=int(os.environ.get("LEGPAIN_HYPOTHESIS_EXAMPLES", "150")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def returns_or_refuses(function, *args, **kwargs) -> None:
    try:
        function(*args, **kwargs)
    except ALLOWED:
        pass  # anything else (KeyError, AttributeError, RecursionError, ...) fails the test


@PROPERTY
@given(SHAPES, SHAPES, SHAPES, SHAPES, SHAPES)
def test_localize_returns_or_refuses_any_shape(pain, numbness, weakness, reflexes, map_source):
    returns_or_refuses(localize, pain, numbness, weakness, reflexes)
    returns_or_refuses(localize, pain, numbness, weakness, reflexes, map_source=map_source)


@PROPERTY
@given(SHAPES)
def test_triage_returns_or_refuses_any_shape(signs):
    returns_or_refuses(triage, signs)


@PROPERTY
@given(SHAPES)
def test_claudication_returns_or_refuses_any_shape(features):
    returns_or_refuses(claudication, features)


@PROPERTY
@given(SHAPES, SHAPES, SHAPES)
def test_affected_roots_returns_or_refuses_any_shape(disc, zone, lumbar_vertebrae):
    returns_or_refuses(affected_roots, disc)
    returns_or_refuses(affected_roots, disc, zone, lumbar_vertebrae=lumbar_vertebrae)


@PROPERTY
@given(SHAPES, SHAPES, SHAPES, SHAPES)
def test_post_test_probability_returns_or_refuses_any_shape(pretest, test, positive, source):
    returns_or_refuses(post_test_probability, pretest, test, positive)
    returns_or_refuses(post_test_probability, pretest, test, positive, source)


@PROPERTY
@given(st.lists(WORDS, max_size=5))
def test_lists_of_valid_looking_words_never_crash_triage_or_claudication(words):
    returns_or_refuses(triage, words)
    returns_or_refuses(claudication, words)

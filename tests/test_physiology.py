"""The compression and pain-cycle teaching models: data, thresholds, properties and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from legpain.knowledge import physiology as ph
from legpain.knowledge.loading import DataError

pressures = st.floats(min_value=0, max_value=ph.MAX_PRESSURE, allow_nan=False)
onsets = st.sampled_from(ph.ONSETS)
durations = st.floats(min_value=0.5, max_value=ph.MAX_MINUTES, allow_nan=False)
fractions = st.floats(min_value=0, max_value=1, allow_nan=False)
gains = st.floats(min_value=0, max_value=3, allow_nan=False)


# ---- the data ------------------------------------------------------------------------------------------
def test_thresholds_are_in_the_physiological_order_and_cited():
    order = [ph.threshold(t).pressure_mmhg for t in
             ("venules_first_affected", "venular_flow_stops", "capillary_flow_stops",
              "arteriolar_flow_stops")]
    assert order == sorted(order) and len(set(order)) == 4  # veins close before arteries
    assert ph.threshold("conduction_spared").pressure_mmhg < ph.threshold("conduction_impaired").pressure_mmhg
    assert ph.threshold("highest_pressure_tested").pressure_mmhg == ph.MAX_PRESSURE
    for item in ph.thresholds() + ph.findings() + ph.cycle_evidence():
        assert item.sources


def test_the_measured_occlusion_pressures_carry_their_spread():
    venules = ph.threshold("venular_flow_stops")
    assert (venules.pressure_mmhg, venules.sd_mmhg, venules.n) == (30, 10, 12)


def test_oedema_comes_sooner_after_a_rapid_onset_at_50_mmhg():
    rules = ph.oedema_rules()
    rapid = dict(rules["rapid"].steps)[50]
    slow = dict(rules["slow"].steps)[50]
    assert rapid < slow
    assert ph.oedema(50, "rapid", rapid) and not ph.oedema(50, "slow", rapid)
    assert ph.oedema(50, "slow", slow)


def test_the_pain_spasm_circle_evidence_cites_van_dieen():
    assert "vandieen2003trunk" in ph.finding("pain_spasm_pain_model").sources


@pytest.mark.parametrize("call, message", [
    (lambda: ph.threshold("venous"), "valid thresholds: venules_first_affected"),
    (lambda: ph.finding("spasm"), "valid findings"),
    (lambda: ph.conduction(100, "sudden"), "valid onsets: rapid, slow"),
    (lambda: ph.venous_flow(-1), "between 0 and 200"),
    (lambda: ph.nutrition(250), "between 0 and 200"),
    (lambda: ph.nutrition(float("nan")), "between 0 and 200"),
    (lambda: ph.conduction(100, "slow", 0), "duration"),
    (lambda: ph.conduction(100, "slow", True), "duration"),
    (lambda: ph.root_state(100, "slow", math.inf), "duration"),
    (lambda: ph.curves(step=0), "step"),
    (lambda: ph.loop_gain(-0.1), "gain must be between 0 and 3"),
    (lambda: ph.loop_gain(1, relief=1.5), "relief must be between 0 and 1"),
    (lambda: ph.cycle_steady_state(1, activity="a"), "activity"),
    (lambda: ph.simulate_cycle(1, dt=5), "dt"),
    (lambda: ph.simulate_cycle(1, start=(0, 0)), "three values"),
])
def test_bad_input_is_refused_with_a_message_that_says_what_is_valid(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_broken_data_file_names_file_entry_and_field(monkeypatch):
    import legpain.knowledge.loading as data

    broken = {"thresholds": [{"id": "x", "name": "n", "pressure_mmhg": "high", "effect": "e",
                              "sources": ["olmarker1989bloodflow"]}]}
    monkeypatch.setattr(data, "load_yaml", lambda name: broken)
    ph.thresholds.cache_clear()
    try:
        with pytest.raises(DataError, match=r"physiology.yaml, entry 'x', field 'pressure_mmhg'"):
            ph.thresholds()
    finally:
        ph.thresholds.cache_clear()


# ---- the compression model: properties ------------------------------------------------------------------
@given(pressures, onsets, durations)
def test_every_output_is_between_0_and_1(p, onset, minutes):
    state = ph.root_state(p, onset, minutes)
    for value in (state.venous_flow, state.nutrition, state.conduction):
        assert 0.0 <= value <= 1.0


@given(pressures, pressures, onsets, durations)
def test_more_pressure_never_helps(p1, p2, onset, minutes):
    low, high = sorted((p1, p2))
    a, b = ph.root_state(low, onset, minutes), ph.root_state(high, onset, minutes)
    assert b.venous_flow <= a.venous_flow + 1e-12
    assert b.nutrition <= a.nutrition + 1e-12
    assert b.conduction <= a.conduction + 1e-12
    assert b.oedema >= a.oedema
    assert b.level >= a.level
    assert set(a.symptoms) <= set(b.symptoms)


@given(pressures, onsets, durations, durations)
def test_longer_compression_never_helps(p, onset, m1, m2):
    short, long_ = sorted((m1, m2))
    assert ph.conduction(p, onset, long_) <= ph.conduction(p, onset, short) + 1e-12
    assert ph.oedema(p, onset, long_) >= ph.oedema(p, onset, short)


@given(pressures, durations)
def test_a_rapid_onset_is_never_kinder_than_a_slow_one(p, minutes):
    assert ph.conduction(p, "rapid", minutes) <= ph.conduction(p, "slow", minutes) + 1e-12
    assert ph.oedema(p, "rapid", minutes) >= ph.oedema(p, "slow", minutes)


@given(pressures, onsets, durations)
def test_symptoms_appear_in_the_teaching_order(p, onset, minutes):
    found = ph.root_state(p, onset, minutes).symptoms
    assert found == ph.SYMPTOMS[:len(found)]


def test_the_curves_follow_the_data_thresholds():
    assert ph.venous_flow(ph.threshold("venules_first_affected").pressure_mmhg) == 1.0
    assert ph.venous_flow(ph.threshold("venular_flow_stops").pressure_mmhg) == 0.0
    assert ph.nutrition(ph.threshold("capillary_flow_stops").pressure_mmhg) == ph.NUTRITION_FLOOR
    assert ph.nutrition(ph.MAX_PRESSURE) > 0  # never completely cut off
    spared = ph.threshold("conduction_spared").pressure_mmhg
    assert ph.conduction(spared, "slow", 240) == 1.0
    assert ph.conduction(ph.threshold("conduction_impaired").pressure_mmhg, "slow", 120) < 0.9


def test_clinically_recognisable_states():
    assert ph.root_state(0).state == "healthy" and ph.root_state(0).symptoms == ()
    low = ph.root_state(10, "slow", 30)
    assert low.state == "congested" and low.symptoms == ("pain",) and low.conduction == 1.0
    severe = ph.root_state(200, "rapid", 240)
    assert severe.state == "blocked" and severe.symptoms == ph.SYMPTOMS
    assert "oedema" in severe.explanation


def test_arrays_and_scalars_agree():
    grid = np.array([0.0, 25.0, 100.0])
    assert ph.venous_flow(grid).tolist() == [ph.venous_flow(p) for p in grid]
    assert isinstance(ph.nutrition(25), float)


def test_curves_cover_the_tested_range():
    data = ph.curves("rapid", 60)
    assert data["pressure"][0] == 0 and data["pressure"][-1] == ph.MAX_PRESSURE
    assert len({len(v) for v in data.values()}) == 1


# ---- the cycle ------------------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(gains, fractions, fractions, fractions)
def test_the_cycle_settles_where_the_steady_state_says(gain, relief, activity, drive):
    run = ph.simulate_cycle(gain, relief, activity, drive, minutes=600)
    steady = ph.cycle_steady_state(gain, relief, activity, drive)
    loop = ph.loop_gain(gain, relief, activity)
    if loop <= 0.7 or drive == 0:  # well inside the stable region the run converges within 10 hours
        final = (run["pain"][-1], run["spasm"][-1], run["compression"][-1])
        assert np.allclose(final, steady, atol=1e-3)
    for name in ("pain", "spasm", "compression"):
        assert all(0.0 <= v <= 1.0 for v in run[name])


@given(gains, fractions, fractions, fractions)
def test_steady_state_is_a_fixed_point_and_bounded(gain, relief, activity, drive):
    pain, spasm, comp = ph.cycle_steady_state(gain, relief, activity, drive)
    assert 0 <= pain <= 1 and 0 <= spasm <= 1 and 0 <= comp <= 1
    assert math.isclose(comp, min(1.0, drive + spasm), abs_tol=1e-9)
    assert math.isclose(pain, min(1.0, (1 - relief) * comp), abs_tol=1e-9)


@given(gains, fractions, fractions, fractions, fractions)
def test_more_relief_or_activity_never_raises_the_settled_pain(gain, r1, r2, activity, drive):
    low, high = sorted((r1, r2))
    assert ph.cycle_steady_state(gain, high, activity, drive)[0] <= \
        ph.cycle_steady_state(gain, low, activity, drive)[0] + 1e-9
    assert ph.cycle_steady_state(gain, activity, high, drive)[2] <= \
        ph.cycle_steady_state(gain, activity, low, drive)[2] + 1e-9


def test_no_spasm_gain_means_no_amplification():
    assert ph.cycle_steady_state(0.0, 0.0, 0.0, 0.3) == pytest.approx((0.3, 0.0, 0.3))


def test_a_loop_gain_of_one_or_more_runs_away_to_the_maximum():
    assert ph.loop_gain(1.5) >= 1
    assert ph.cycle_steady_state(1.5, 0, 0, 0.1) == (1.0, 1.0, 1.0)
    run = ph.simulate_cycle(1.5, 0, 0, 0.1, minutes=600)
    assert run["compression"][-1] == pytest.approx(1.0, abs=1e-3)


def test_without_a_cause_nothing_happens():
    assert ph.cycle_steady_state(2.0, 0, 0, 0.0) == (0.0, 0.0, 0.0)
    run = ph.simulate_cycle(2.0, 0, 0, 0.0, minutes=30)
    assert max(run["pain"]) == 0.0

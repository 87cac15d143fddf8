"""The pain-cycle widget: settings, validation and the steady state it reports."""

from __future__ import annotations

import pytest

from legpain.knowledge import physiology as ph
from legpain.widgets.pain_cycle import PainCycle, cycle_data


def test_steady_state_follows_the_settings():
    widget = PainCycle(gain=0.5, relief=0.0, activity=0.0, drive=0.3)
    assert widget.steady["loop_gain"] == pytest.approx(0.5)
    assert widget.steady["compression"] == pytest.approx(0.6)
    widget.relief = 0.5
    assert widget.steady["pain"] < 0.6
    widget.gain = 3.0
    widget.relief = 0.0
    assert widget.steady["loop_gain"] >= 1 and widget.steady["pain"] == 1.0


@pytest.mark.parametrize("name, value", [("gain", 3.5), ("gain", -1), ("relief", 2), ("activity", "lots"),
                                          ("drive", float("nan")), ("relief", True)])
def test_bad_settings_from_python_raise_a_helpful_error(name, value):
    widget = PainCycle()
    with pytest.raises(ValueError, match=f"{name} must be a number from 0"):
        setattr(widget, name, value)


def test_unknown_setting_is_refused():
    with pytest.raises(TypeError, match="valid: gain, relief, activity, drive"):
        PainCycle(spasm=1)


def test_bad_state_from_the_browser_is_ignored():
    widget = PainCycle(gain=1.0)
    widget.set_state({"gain": "x", "relief": 9, "steady": {}})
    assert widget.gain == 1.0 and widget.relief == 0.0


def test_shipped_constants_are_the_models():
    data = cycle_data()
    assert data["time_constants"] == list(ph.CYCLE_TIME_CONSTANTS)
    assert "do not support" in data["caveat"]

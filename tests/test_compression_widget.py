"""The compression widget: settings, validation, the state it reports and the data it ships."""

from __future__ import annotations

import json

import pytest

from legpain.knowledge import physiology as ph
from legpain.widgets.compression import DURATIONS, CompressionModel, model_data, state_dict


def test_state_follows_the_settings_and_matches_the_model():
    widget = CompressionModel(pressure=10, onset="slow", minutes=30)
    assert widget.state["state"] == "congested" and widget.state["symptoms"] == ["pain"]
    widget.pressure = 200
    widget.onset = "rapid"
    assert widget.state["state"] == "blocked"
    assert "reflex loss" not in widget.state["symptoms"]  # 30 minutes: not yet
    widget.minutes = 240
    assert widget.state["symptoms"] == list(ph.SYMPTOMS)
    assert widget.state == state_dict(200, "rapid", widget.minutes)


@pytest.mark.parametrize("name, value, message", [
    ("onset", "sudden", "valid onsets: rapid, slow"),
    ("onset", 3, "valid onsets"),
    ("minutes", 45, "valid durations \\(minutes\\): 2, 10, 30, 60, 120, 240"),
    ("minutes", True, "valid durations"),
    ("pressure", -5, "from 0 to 200 mm Hg"),
    ("pressure", 500, "from 0 to 200 mm Hg"),
    ("pressure", "high", "from 0 to 200 mm Hg"),
])
def test_bad_settings_from_python_raise_a_helpful_error(name, value, message):
    widget = CompressionModel()
    with pytest.raises(ValueError, match=message):
        setattr(widget, name, value)


def test_unknown_setting_is_refused():
    with pytest.raises(TypeError, match="valid: pressure, onset, minutes"):
        CompressionModel(speed="fast")


def test_bad_state_from_the_browser_is_ignored_not_fatal():
    widget = CompressionModel(pressure=60)
    widget.set_state({"pressure": "lots", "onset": None, "minutes": 7, "state": {"x": 1}})
    assert (widget.pressure, widget.onset, widget.minutes) == (60.0, "slow", 120)
    widget.set_state({"pressure": 100, "onset": "rapid"})
    assert widget.state["pressure_mmhg"] == 100 and widget.state["onset"] == "rapid"


def test_shipped_grid_agrees_with_the_python_model():
    data = model_data()
    assert data["durations"] == list(DURATIONS)
    assert len(data["pressures"]) == int(ph.MAX_PRESSURE) + 1
    for onset in ph.ONSETS:
        for d_index, minutes in enumerate(DURATIONS):
            row = data["grid"][onset][d_index]
            for p in (0, 7, 33, 50, 99, 150, 200):
                s = ph.root_state(p, onset, minutes)
                assert row["conduction"][p] == round(s.conduction, 4)
                assert row["oedema"][p] == int(s.oedema)
                assert row["level"][p] == s.level
                assert data["symptoms"][:row["symptoms"][p]] == list(s.symptoms)


def test_thresholds_on_the_chart_come_from_the_data_with_sources():
    marks = {m["id"]: m for m in model_data()["thresholds"]}
    assert marks["venular_flow_stops"]["label"] == "30 mm Hg (SD 10, n = 12)"
    assert "Olmarker" in marks["venular_flow_stops"]["sources"]
    assert all(m["sources"] for m in marks.values())


def test_the_shipped_data_is_small_enough_for_a_book_page():
    assert len(json.dumps(model_data())) < 80_000


def test_repr_has_no_memory_address():
    data, _ = CompressionModel()._repr_mimebundle_()
    assert data["text/plain"] == "CompressionModel(…)"

"""The compression widget: squeeze a nerve root and watch blood flow, nutrition and conduction fail.

Sliders set the pressure (mm Hg), the onset (rapid or slow) and the duration; the widget draws the
course's teaching curves (``legpain.knowledge.physiology``) with the measured thresholds marked, and says in
plain words what state the root is in and which symptoms it would cause. Every curve and state is
computed in Python on a grid and shipped in ``model_data``; the front end only looks values up, so
the widget works in the static book without a kernel.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import traitlets

from ...knowledge import physiology as ph
from ...knowledge.sources import sources_text
from .._base import CourseWidget, widget_files

#: the durations a student can choose (minutes) and how the slider labels them
DURATIONS = (2, 10, 30, 60, 120, 240)
DURATION_LABELS = ("2 min", "10 min", "30 min", "1 hour", "2 hours", "4 hours")
#: thresholds marked on the chart, in order of pressure
MARKED = ("venules_first_affected", "venular_flow_stops", "capillary_flow_stops", "conduction_spared",
          "conduction_impaired", "arteriolar_flow_stops")
PRESSURE_STEP = 1


def _onset(value: object) -> str:
    if not isinstance(value, str) or value.strip().lower() not in ph.ONSETS:
        raise ValueError(f"unknown onset {value!r}; valid onsets: {', '.join(ph.ONSETS)}")
    return value.strip().lower()


def _minutes(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value not in DURATIONS:
        raise ValueError(f"duration {value!r} minutes is not offered; valid durations (minutes): "
                         f"{', '.join(str(d) for d in DURATIONS)}")
    return int(value)


def _pressure(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= ph.MAX_PRESSURE:
        raise ValueError(f"pressure must be a number from 0 to {ph.MAX_PRESSURE:g} mm Hg; got {value!r}")
    return float(round(value))


def state_dict(pressure: float, onset: str, minutes: float) -> dict[str, Any]:
    """``physiology.root_state`` as plain data (what the widget shows and the tests compare)."""
    s = ph.root_state(pressure, onset, minutes)
    return {"pressure_mmhg": s.pressure_mmhg, "onset": s.onset, "minutes": s.minutes,
            "venous_flow": round(s.venous_flow, 4), "nutrition": round(s.nutrition, 4),
            "conduction": round(s.conduction, 4), "oedema": s.oedema, "symptoms": list(s.symptoms),
            "level": s.level, "state": s.state, "explanation": s.explanation}


@functools.cache
def model_data() -> dict[str, Any]:
    """Everything the front end needs: curves and states on the grid, thresholds, texts."""
    pressures = list(range(0, int(ph.MAX_PRESSURE) + 1, PRESSURE_STEP))
    base = ph.curves("slow", DURATIONS[0], PRESSURE_STEP)
    grid: dict[str, Any] = {}
    grid_p = np.array(pressures, dtype=float)
    venous = ph.venous_flow(grid_p)
    food = ph.nutrition(grid_p)
    for onset in ph.ONSETS:
        rows = []
        for minutes in DURATIONS:
            cond = ph.conduction(grid_p, onset, minutes)
            swollen = [ph.oedema(p, onset, minutes) for p in pressures]
            rows.append({
                "conduction": [round(float(c), 4) for c in cond],
                "oedema": [int(o) for o in swollen],
                "level": [ph.level_for(float(n), float(c), o, float(v))
                          for v, n, c, o in zip(venous, food, cond, swollen, strict=True)],
                "symptoms": [len(ph.symptoms_for(float(v), float(c), o))
                             for v, c, o in zip(venous, cond, swollen, strict=True)]})
        grid[onset] = rows
    marks = []
    for tid in MARKED:
        t = ph.threshold(tid)
        spread = f" (SD {t.sd_mmhg:g}, n = {t.n})" if t.sd_mmhg is not None else ""
        marks.append({"id": t.id, "pressure": t.pressure_mmhg, "name": t.name,
                      "label": f"{t.pressure_mmhg:g} mm Hg{spread}", "effect": t.effect,
                      "sources": sources_text(t.sources)})
    onset_names = {o: ph.oedema_rules()[o].name for o in ph.ONSETS}
    return {"pressures": pressures, "venous_flow": base["venous_flow"], "nutrition": base["nutrition"],
            "durations": list(DURATIONS), "duration_labels": list(DURATION_LABELS),
            "onsets": list(ph.ONSETS), "onset_names": onset_names, "grid": grid,
            "thresholds": marks, "symptoms": list(ph.SYMPTOMS),
            "states": [{"state": s, "explanation": e} for s, e in ph.STATES],
            "oedema_note": ph.OEDEMA_NOTE,
            "caveat": ("A teaching model. The marked pressures were measured in pig nerve roots "
                       "squeezed by a balloon; the shapes of the curves between them, and where each "
                       "symptom starts, are simplifications.")}


class CompressionModel(CourseWidget):
    """Pressure, onset and duration in; venous flow, nutrition, conduction and symptoms out.

    ``CompressionModel(pressure=60, onset="rapid", minutes=120)``; ``state`` (read-only) holds the
    root's state for the current settings.
    """

    _esm, _css = widget_files(__file__)

    pressure = traitlets.Any(20.0, help="mm Hg, 0-200").tag(sync=True)
    onset = traitlets.Any("slow", help="'rapid' or 'slow'").tag(sync=True)
    minutes = traitlets.Any(120, help="duration in minutes, one of DURATIONS").tag(sync=True)
    state = traitlets.Dict(read_only=True).tag(sync=True)
    model_data = traitlets.Dict(read_only=True).tag(sync=True)

    _SETTINGS = ("pressure", "onset", "minutes")
    _CLEAN = {"pressure": staticmethod(_pressure), "onset": staticmethod(_onset),
              "minutes": staticmethod(_minutes)}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        self.set_trait("model_data", model_data())
        self._check_settings(kwargs)
        with self.hold_trait_notifications():
            for name, value in kwargs.items():
                setattr(self, name, value)
        self._update_state()

    @traitlets.validate(*_SETTINGS)
    def _validate(self, proposal: dict) -> object:
        return self._CLEAN[proposal["trait"].name](proposal["value"])

    @traitlets.observe(*_SETTINGS)
    def _settings_changed(self, change: dict) -> None:
        self._update_state()

    def _update_state(self) -> None:
        self.set_trait("state", state_dict(self.pressure, self.onset, self.minutes))

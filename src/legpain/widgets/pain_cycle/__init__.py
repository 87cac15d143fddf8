"""The pain - spasm - compression circle as a small dynamical system the student can push.

Sliders set the spasm gain, pain relief, activity and the compression from the original cause
(``drive``); the widget runs ``legpain.knowledge.physiology.simulate_cycle`` (ported to JavaScript, checked
against Python by a parity test) and draws pain, spasm and compression over two hours, with the
loop gain and where the circle settles. The circle is the source article's idea: the chapter shows
that studies of muscle activity do not support it.
"""

from __future__ import annotations

import math
from typing import Any

import traitlets

from ...knowledge import physiology as ph
from .._base import CourseWidget, widget_files

LIMITS = {"gain": (0.0, 3.0, 0.1), "relief": (0.0, 1.0, 0.05), "activity": (0.0, 1.0, 0.05),
          "drive": (0.0, 1.0, 0.05)}
MINUTES = 120.0
DT = 0.5


def _setting(name: str, value: object) -> float:
    low, high, _ = LIMITS[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not low <= value <= high:
        raise ValueError(f"{name} must be a number from {low:g} to {high:g}; got {value!r}")
    return float(value)


def cycle_data() -> dict[str, Any]:
    """What the front end needs: slider ranges, time constants, run length and labels."""
    return {"limits": {k: list(v) for k, v in LIMITS.items()},
            "time_constants": list(ph.CYCLE_TIME_CONSTANTS), "minutes": MINUTES, "dt": DT,
            "labels": {"gain": "Spasm gain (how strongly pain causes spasm)",
                       "relief": "Pain relief (0 = none, 1 = complete)",
                       "activity": "Activity (damps spasm in this model)",
                       "drive": "Compression from the original cause"},
            "caveat": ("A model of the source article's idea, not of real patients: studies of trunk "
                       "muscle activity in back pain do not support this circle.")}


class PainCycle(CourseWidget):
    """``PainCycle(gain=1.2, relief=0.2, activity=0.1, drive=0.3)``; ``steady`` is read-only."""

    _esm, _css = widget_files(__file__)

    gain = traitlets.Any(0.5).tag(sync=True)
    relief = traitlets.Any(0.0).tag(sync=True)
    activity = traitlets.Any(0.0).tag(sync=True)
    drive = traitlets.Any(0.3).tag(sync=True)
    steady = traitlets.Dict(read_only=True).tag(sync=True)
    cycle_data = traitlets.Dict(read_only=True).tag(sync=True)

    _SETTINGS = tuple(LIMITS)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        self.set_trait("cycle_data", cycle_data())
        self._check_settings(kwargs)
        with self.hold_trait_notifications():
            for name, value in kwargs.items():
                setattr(self, name, value)
        self._update()

    @traitlets.validate(*_SETTINGS)
    def _validate(self, proposal: dict) -> float:
        return _setting(proposal["trait"].name, proposal["value"])

    @traitlets.observe(*_SETTINGS)
    def _changed(self, change: dict) -> None:
        self._update()

    def _update(self) -> None:
        pain, spasm, comp = ph.cycle_steady_state(self.gain, self.relief, self.activity, self.drive)
        self.set_trait("steady", {"loop_gain": ph.loop_gain(self.gain, self.relief, self.activity),
                                  "pain": pain, "spasm": spasm, "compression": comp})

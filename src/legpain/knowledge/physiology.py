"""Teaching models of a compressed nerve root and of the "pain - spasm - compression" circle.

This is a TEACHING model, not a physiological simulation. Its thresholds come from the course's
data (``data/physiology.yaml``: balloon-compression experiments on the pig cauda equina, each with
its sources); the SHAPES of the curves between those thresholds, the effect sizes of onset rate and
duration, and the cut-offs that turn conduction into symptoms are simplifications chosen to show
the order in which things fail. They are marked "teaching assumption" below and are not data.

Compression model: ``venous_flow(p)``, ``nutrition(p)``, ``conduction(p, onset, minutes)`` (each 0-1,
1 = normal) and ``root_state(p, onset, minutes)`` (the three values, oedema, symptoms, plain words).

Cycle model (the source article's circle): pain drives spasm with a gain, spasm adds compression,
compression drives pain; ``relief`` damps pain and ``activity`` damps spasm. ``simulate_cycle`` runs
it, ``cycle_steady_state`` gives where it settles and ``loop_gain`` whether it can run away.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from .loading import DataError, Entry, entries

FILE = "physiology.yaml"
ONSETS = ("rapid", "slow")
SYMPTOMS = ("pain", "tingling", "numbness", "weakness", "reflex loss")
MAX_PRESSURE = 200.0  # mm Hg: the model stops at the highest pressure tested (checked against the data)
MAX_MINUTES = 24 * 60.0

# ---- teaching assumptions (shapes, not data) --------------------------------------------------------
#: nutrition never falls below this fraction: the root also feeds from cerebrospinal fluid (the data
#: say "never completely cut off"; the value of the floor is an assumption)
NUTRITION_FLOOR = 0.25
#: a rapid onset acts like this much more pressure on conduction (the data say "worse", not how much)
RAPID_ONSET_FACTOR = 1.25
#: conduction loss grows with duration towards its full value with this time constant (minutes)
DURATION_TIME_CONSTANT = 60.0
#: fraction of the full conduction loss already present at the start of compression
IMMEDIATE_FRACTION = 0.5
#: conduction below these values gives each symptom after pain: the usual clinical order, a teaching
#: assumption (fibre size does not predict it: motor and reflex fibres are the largest)
SYMPTOM_CUTOFFS = {"tingling": 0.95, "numbness": 0.75, "weakness": 0.5, "reflex loss": 0.25}


@dataclass(frozen=True)
class Threshold:
    """A pressure with a measured effect on the nerve root."""

    id: str
    name: str
    pressure_mmhg: float
    effect: str
    sources: tuple[str, ...]
    sd_mmhg: float | None = None
    n: int | None = None
    upper_mmhg: float | None = None


@dataclass(frozen=True)
class OedemaRule:
    """Time-pressure thresholds for swelling inside the root, for one onset rate."""

    onset: str
    name: str
    steps: tuple[tuple[float, float], ...]  # (pressure mm Hg, minutes), by pressure
    effect: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """A qualitative result with its sources."""

    id: str
    name: str
    finding: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RootState:
    """What the model says about a root under one compression."""

    pressure_mmhg: float
    onset: str
    minutes: float
    venous_flow: float
    nutrition: float
    conduction: float
    oedema: bool
    symptoms: tuple[str, ...]
    level: int  # 0 healthy .. 4 largely blocked
    state: str
    explanation: str


@functools.cache
def thresholds() -> tuple[Threshold, ...]:
    """Every pressure threshold in the data, in file order."""
    result = []
    for e in entries(FILE, "thresholds"):
        result.append(Threshold(
            id=e.id, name=e.text("name"), pressure_mmhg=e.number("pressure_mmhg", 0, 300),
            effect=e.text("effect"), sources=e.sources(),
            sd_mmhg=e.number("sd_mmhg", 0, 100, default=None),
            n=e.get("n", int, default=None),
            upper_mmhg=e.number("upper_mmhg", 0, 300, default=None)))
    return tuple(result)


def threshold(threshold_id: str) -> Threshold:
    """One threshold by id; an unknown id names the valid ones."""
    for item in thresholds():
        if item.id == threshold_id:
            return item
    valid = ", ".join(t.id for t in thresholds())
    raise ValueError(f"unknown threshold {threshold_id!r}; valid thresholds: {valid}")


@functools.cache
def oedema_rules() -> dict[str, OedemaRule]:
    """Oedema thresholds by onset rate ('rapid', 'slow')."""
    rules = {}
    for e in entries(FILE, "oedema"):
        onset = e.id.removesuffix("_onset")
        if onset not in ONSETS:
            raise DataError(FILE, f"id must be one of {[o + '_onset' for o in ONSETS]}", e.id, "id")
        steps = []
        for index, raw in enumerate(e.get("rule", list)):
            step = Entry(FILE, raw, f"{e.id}.rule[{index}]")
            steps.append((step.number("pressure_mmhg", 0, 300), step.number("minutes", 0, MAX_MINUTES)))
        if not steps:
            raise DataError(FILE, "needs at least one pressure/minutes step", e.id, "rule")
        rules[onset] = OedemaRule(onset, e.text("name"), tuple(sorted(steps)), e.text("effect"),
                                  e.sources())
    if set(rules) != set(ONSETS):
        raise DataError(FILE, f"needs one entry per onset rate {list(ONSETS)}", None, "oedema")
    return rules


@functools.cache
def _findings(section: str) -> tuple[Finding, ...]:
    return tuple(Finding(e.id, e.text("name"), e.text("finding"), e.sources())
                 for e in entries(FILE, section))


def findings() -> tuple[Finding, ...]:
    """Qualitative results on compression, inflammation and fibre size."""
    return _findings("findings")


def finding(finding_id: str) -> Finding:
    """One finding (from ``findings`` or ``cycle_evidence``) by id."""
    for item in findings() + cycle_evidence():
        if item.id == finding_id:
            return item
    valid = ", ".join(f.id for f in findings() + cycle_evidence())
    raise ValueError(f"unknown finding {finding_id!r}; valid findings: {valid}")


def cycle_evidence() -> tuple[Finding, ...]:
    """What studies of muscle activity say about the pain-spasm-pain circle."""
    return _findings("pain_cycle")


# ---- input checks -------------------------------------------------------------------------------------
def _check_onset(onset: str) -> str:
    if not isinstance(onset, str) or onset.strip().lower() not in ONSETS:
        raise ValueError(f"unknown onset {onset!r}; valid onsets: {', '.join(ONSETS)}")
    return onset.strip().lower()


def _check_pressure(pressure: float | np.ndarray) -> np.ndarray:
    p = np.asarray(pressure, dtype=float)
    if not np.all(np.isfinite(p)) or np.any(p < 0) or np.any(p > MAX_PRESSURE):
        raise ValueError(f"pressure must be between 0 and {MAX_PRESSURE:g} mm Hg (the range the "
                         f"experiments tested); got {pressure!r}")
    return p


def _check_minutes(minutes: float) -> float:
    if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or not math.isfinite(minutes) \
            or not 0 < minutes <= MAX_MINUTES:
        raise ValueError(f"duration must be more than 0 and at most {MAX_MINUTES:g} minutes; got {minutes!r}")
    return float(minutes)


def _out(value: np.ndarray, like: float | np.ndarray) -> float | np.ndarray:
    return float(value) if np.ndim(like) == 0 else value


def _smoothstep(x: np.ndarray, low: float, high: float) -> np.ndarray:
    """0 below ``low``, 1 above ``high``, a smooth S between (teaching shape)."""
    t = np.clip((x - low) / (high - low), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


# ---- the compression model -----------------------------------------------------------------------------
def venous_flow(pressure: float | np.ndarray) -> float | np.ndarray:
    """Venous outflow (1 = normal): falls from the first-affected pressure to zero where venules stop."""
    p = _check_pressure(pressure)
    low = threshold("venules_first_affected").pressure_mmhg
    high = threshold("venular_flow_stops").pressure_mmhg
    return _out(1.0 - _smoothstep(p, low, high), pressure)


def nutrition(pressure: float | np.ndarray) -> float | np.ndarray:
    """Nutrient supply (1 = normal): falls with congestion until the capillaries close, never to zero."""
    p = _check_pressure(pressure)
    low = threshold("venules_first_affected").pressure_mmhg
    high = threshold("capillary_flow_stops").pressure_mmhg
    return _out(NUTRITION_FLOOR + (1.0 - NUTRITION_FLOOR) * (1.0 - _smoothstep(p, low, high)), pressure)


def conduction(pressure: float | np.ndarray, onset: str = "slow", minutes: float = 120.0
               ) -> float | np.ndarray:
    """Nerve conduction (1 = normal): spared up to the safe pressure, worse with rapid onset and time."""
    p = _check_pressure(pressure)
    onset = _check_onset(onset)
    minutes = _check_minutes(minutes)
    low = threshold("conduction_spared").pressure_mmhg
    high = threshold("highest_pressure_tested").pressure_mmhg
    effective = p * (RAPID_ONSET_FACTOR if onset == "rapid" else 1.0)
    time_weight = IMMEDIATE_FRACTION + (1.0 - IMMEDIATE_FRACTION) * (
        1.0 - math.exp(-minutes / DURATION_TIME_CONSTANT))
    return _out(1.0 - time_weight * _smoothstep(effective, low, high), pressure)


def oedema(pressure: float, onset: str = "slow", minutes: float = 120.0) -> bool:
    """Whether the experiments found swelling inside the root at this pressure, onset and duration.

    Below the lowest pressure the oedema experiments tested the answer is ``False`` (not shown),
    which is not the same as proven absent.
    """
    p = float(_check_pressure(pressure))
    rule = oedema_rules()[_check_onset(onset)]
    minutes = _check_minutes(minutes)
    return any(p >= step_p and minutes >= step_min for step_p, step_min in rule.steps)


#: (state, explanation) for levels 0 (healthy) to 4 (largely blocked)
STATES = (
    ("healthy", "Blood drains freely and nerve signals pass normally."),
    ("congested", "Blood can get in but drains poorly: the root is congested and its nutrition starts "
                  "to fall. Congestion and swelling can make a root painful while signals still pass."),
    ("starved", "The capillaries are closing, so nutrition is low (never zero: the root also feeds from "
                "the spinal fluid). Conduction begins to falter: tingling may begin."),
    ("impaired", "Conduction is clearly impaired: sensation is blunted and muscle power may follow."),
    ("blocked", "Conduction is largely blocked: expect weakness and a lost reflex in this root's territory."),
)

#: added to the explanation when the experiments found oedema at this pressure, onset and duration
OEDEMA_NOTE = "The experiments found swelling (oedema) inside the root at this pressure and duration."


def symptoms_for(venous: float, cond: float, swollen: bool) -> tuple[str, ...]:
    """Symptoms the model predicts from venous flow, conduction and oedema, in the usual order."""
    result = []
    if venous < 1.0 or swollen:
        result.append("pain")
    for name, cutoff in SYMPTOM_CUTOFFS.items():
        if cond < cutoff:
            result.append(name)
    return tuple(result)


def level_for(nutrition_value: float, conduction_value: float, swollen: bool, venous: float) -> int:
    """The state level, 0 (healthy) to 4 (largely blocked), from the model's outputs."""
    if conduction_value < SYMPTOM_CUTOFFS["weakness"]:
        return 4
    if conduction_value < SYMPTOM_CUTOFFS["numbness"]:
        return 3
    if conduction_value < SYMPTOM_CUTOFFS["tingling"] or nutrition_value <= NUTRITION_FLOOR + 1e-9:
        return 2
    if venous < 1.0 or swollen:
        return 1
    return 0


def root_state(pressure: float, onset: str = "slow", minutes: float = 120.0) -> RootState:
    """The state of a root under one compression, in numbers and in plain words."""
    p = float(_check_pressure(pressure))
    onset = _check_onset(onset)
    minutes = _check_minutes(minutes)
    v, n, c = venous_flow(p), nutrition(p), conduction(p, onset, minutes)
    swollen = oedema(p, onset, minutes)
    found = symptoms_for(v, c, swollen)
    level = level_for(n, c, swollen, v)
    state, explanation = STATES[level]
    if swollen:
        explanation += " " + OEDEMA_NOTE
    return RootState(p, onset, minutes, float(v), float(n), float(c), swollen, found, level, state,
                     explanation)


def curves(onset: str = "slow", minutes: float = 120.0, step: float = 1.0) -> dict[str, list[float]]:
    """The three curves against pressure (0 to the highest pressure tested), for plotting or a widget."""
    if not isinstance(step, (int, float)) or isinstance(step, bool) or not 0 < step <= MAX_PRESSURE:
        raise ValueError(f"step must be more than 0 and at most {MAX_PRESSURE:g} mm Hg; got {step!r}")
    pressures = np.arange(0.0, MAX_PRESSURE + step / 2, step)
    pressures = pressures[pressures <= MAX_PRESSURE]
    return {"pressure": pressures.round(6).tolist(),
            "venous_flow": np.round(venous_flow(pressures), 4).tolist(),
            "nutrition": np.round(nutrition(pressures), 4).tolist(),
            "conduction": np.round(conduction(pressures, onset, minutes), 4).tolist()}


# ---- the pain - spasm - compression cycle ---------------------------------------------------------------
#: time constants (minutes) of pain, spasm and compression following their drives (teaching assumption)
CYCLE_TIME_CONSTANTS = (2.0, 5.0, 10.0)


def _check_fraction(name: str, value: float, high: float = 1.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not 0.0 <= value <= high:
        raise ValueError(f"{name} must be between 0 and {high:g}; got {value!r}")
    return float(value)


def loop_gain(gain: float, relief: float = 0.0, activity: float = 0.0) -> float:
    """How much one trip round the circle amplifies itself: ``gain x (1 - relief) x (1 - activity)``.

    Below 1 the circle settles; at 1 or above it runs away until everything is at its maximum.
    """
    g = _check_fraction("gain", gain, 3.0)
    r = _check_fraction("relief", relief)
    a = _check_fraction("activity", activity)
    return g * (1.0 - r) * (1.0 - a)


def _cycle_step(state: np.ndarray, drive: float, g: float, r: float, a: float, dt: float) -> np.ndarray:
    pain, spasm, comp = state
    tp, ts, tc = CYCLE_TIME_CONSTANTS
    target = np.array([(1.0 - r) * comp, g * (1.0 - a) * pain, drive + spasm])
    new = state + dt * (target - state) / np.array([tp, ts, tc])
    return np.clip(new, 0.0, 1.0)


def cycle_steady_state(gain: float, relief: float = 0.0, activity: float = 0.0, drive: float = 0.3
                       ) -> tuple[float, float, float]:
    """Where (pain, spasm, compression) settle, each 0-1 (1 = the model's maximum).

    With loop gain L < 1 the circle settles at compression = drive / (1 - L) (capped at 1); with
    L >= 1 and any drive it climbs to the cap. ``drive`` is the compression from the original cause.
    """
    loop = loop_gain(gain, relief, activity)
    d = _check_fraction("drive", drive)
    g, r, a = float(gain), float(relief), float(activity)
    if d == 0.0:
        return 0.0, 0.0, 0.0
    comp = d / (1.0 - loop) if loop < 1.0 else math.inf
    if comp <= 1.0:
        pain = (1.0 - r) * comp
        return pain, min(1.0, g * (1.0 - a) * pain), comp
    # saturated: iterate the capped fixed-point map from the top (it decreases monotonically)
    pain = spasm = comp = 1.0
    for _ in range(10_000):
        new_pain = min(1.0, (1.0 - r) * comp)
        new_spasm = min(1.0, g * (1.0 - a) * new_pain)
        new_comp = min(1.0, d + new_spasm)
        if abs(new_comp - comp) + abs(new_pain - pain) + abs(new_spasm - spasm) < 1e-12:
            break
        pain, spasm, comp = new_pain, new_spasm, new_comp
    return pain, spasm, comp


def simulate_cycle(gain: float, relief: float = 0.0, activity: float = 0.0, drive: float = 0.3,
                   minutes: float = 120.0, dt: float = 0.5, start: tuple[float, float, float] = (0, 0, 0)
                   ) -> dict[str, list[float]]:
    """Run the circle from ``start`` for ``minutes`` (Euler steps of ``dt``); values 0-1 over time."""
    g = _check_fraction("gain", gain, 3.0)
    r = _check_fraction("relief", relief)
    a = _check_fraction("activity", activity)
    d = _check_fraction("drive", drive)
    minutes = _check_minutes(minutes)
    if isinstance(dt, bool) or not isinstance(dt, (int, float)) or not 0 < dt <= 1.0:
        raise ValueError(f"dt must be more than 0 and at most 1 minute; got {dt!r}")
    state = np.array([_check_fraction("start", float(v)) for v in start], dtype=float)
    if state.shape != (3,):
        raise ValueError("start must be three values: (pain, spasm, compression)")
    steps = int(round(minutes / dt))
    out = np.empty((steps + 1, 3))
    out[0] = state
    for i in range(steps):
        state = _cycle_step(state, d, g, r, a, dt)
        out[i + 1] = state
    return {"minutes": (np.arange(steps + 1) * dt).round(6).tolist(),
            "pain": out[:, 0].round(6).tolist(), "spasm": out[:, 1].round(6).tolist(),
            "compression": out[:, 2].round(6).tolist()}

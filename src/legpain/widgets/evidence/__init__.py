"""The evidence explorer: what trials and reviews found for each treatment, as a forest-style chart.

Choose a condition (acute or chronic low back pain, sciatica, prevention) and read every stored
finding: an effect estimate with its 95% confidence interval where the source printed numbers,
otherwise the finding in words. Rows carry the certainty of the evidence (as text and as a marker
shape), the direction of the result, readable source labels, the NICE NG59 and ACP 2017 positions,
and a badge where the course's source article recommends (or advises against) the treatment.

Effect measures differ (mean differences on 0-5, 0-10 and 0-100 scales, standardised mean
differences, risk and hazard ratios), so rows are grouped by scale and each group gets its own
axis; nothing on different scales shares an axis. Every axis has the same orientation: a result
that favours the treatment is drawn to the right of "no effect". Where lower is better (pain
scores, risk of a new episode) the chart mirrors the scale and says so under the axis: a
difference is drawn with its sign flipped, a ratio on an axis that runs from high to low.
Everything is computed here from the knowledge base and shipped as synced traits, so the chart
also works in the static book without a kernel.

>>> explorer = EvidenceExplorer("sciatica")
>>> [r["name"] for r in explorer.visible_rows() if r["intervention"] == "gabapentinoids"][:1]
['gabapentinoids (pregabalin, gabapentin)']
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from typing import Any

import traitlets

from ...knowledge import treatment_evidence as te
from ...knowledge.loading import bibliography
from ...knowledge.sources import source_label
from .._base import CourseWidget, widget_files

__all__ = ["EvidenceExplorer", "axis_position", "explorer_data", "filter_rows", "plotted", "reading",
           "scale_group", "treatment_side"]

CERTAINTY_INFO = {  # id -> (label, marker shape, plain meaning)
    "high": ("High", "square", "further research is very unlikely to change the estimate much"),
    "moderate": ("Moderate", "diamond", "further research may change the estimate"),
    "low": ("Low", "triangle", "further research is likely to change the estimate"),
    "very_low": ("Very low", "circle-open", "the estimate is very uncertain"),
    "not_rated": ("Not rated with GRADE", "cross",
                  "the source did not use the GRADE system (for example a single trial or an "
                  "older review); open the row to see what it used"),
}
DIRECTION_INFO = {  # id -> (label, Okabe-Ito colour from the widgets' shared palette, symbol)
    "benefit": ("Benefit", "var(--lp-green)", "▲"),
    "no_benefit": ("No benefit shown", "var(--lp-blue)", "●"),
    "harm": ("Harm", "var(--lp-vermilion)", "▼"),
    "uncertain": ("Uncertain", "var(--lp-purple)", "?"),
}
STANCE_TEXT = {
    "recommends": "The source article recommends this",
    "advises_against": "The source article advises against this",
    "not_mentioned": "",
}
POSITION_TEXT = {"recommend": "recommends", "consider": "says consider",
                 "do not offer": "says do not offer", "no recommendation": "makes no recommendation"}
MEASURE_NAMES = {"MD": "Mean difference", "WMD": "Mean difference",
                 "SMD": "Standardised mean difference", "RR": "Risk ratio", "OR": "Odds ratio",
                 "HR": "Hazard ratio"}
RATIOS = ("RR", "OR", "HR")

TEXTS = {
    "title": "Evidence explorer: what helps, and how sure are we?",
    "intro": ("Choose a condition. Each row is one finding from a trial or review: open a row "
              "(click, or Enter) for the numbers in words, the guidelines and the sources."),
    "scale_note": ("Each box has its own scale: the effect measures differ, so compare rows "
                   "within a box, never across boxes."),
    "orientation": ("In every box, a result that favours the treatment lies to the right of the "
                    "dashed no-effect line (favours the treatment ▶), and one that favours the "
                    "comparison lies to the left."),
    "left_label": "favours the comparison",
    "right_label": "favours the treatment",
    "text_group": "Findings reported in words (no effect size stored)",
    "text_group_note": ("These sources gave no estimate with a confidence interval that the course "
                        "stores; the row says what they found and how sure they were."),
    "no_guideline": "Neither NICE NG59 nor ACP 2017 has a position stored for this condition.",
    "no_rows": "No finding matches the ticked boxes. Tick more certainty or direction boxes.",
    "red_flags": "When self-care is not enough: red flags",
    "red_flags_book": "../book/red_flags.html",
    "caveat": ("For learning how evidence is weighed; not medical advice. A guideline's advice "
               "depends on the whole person, not on one row."),
}


# ---------------------------------------------------------------- pure helpers (tested)

def _num(value: float) -> str:
    """A number as printed by the source (no float noise), with a real minus sign."""
    text = f"{value:g}"
    return text.replace("-", "−")


def scale_group(row: dict[str, Any]) -> str | None:
    """The key of the axis a numeric row is drawn on, or None for a row without numbers.

    Rows share an axis only when they use the same kind of measure, the same scale (the units,
    without the source's remarks in brackets) and the same side for "better".
    """
    if row.get("measure") is None:
        return None
    family = "ratio:" + row["measure"] if row["measure"] in RATIOS else (
        "smd" if row["measure"] == "SMD" else "md")
    units = re.sub(r"\s*\([^)]*\)", "", str(row["units"])).strip()
    return f"{family}|{units}|{row['better']}"


def _scale_name(measure: str, units: str) -> str:
    """'mean difference, points on a 0-10 scale', without repeating the measure's name."""
    name = MEASURE_NAMES[measure].lower()
    return units if name in units.lower() else f"{name}, {units}"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _favours(value: float, row: dict[str, Any]) -> str:
    """'treatment', 'comparison' or 'none' for a value on the row's scale."""
    if value == row["no_effect"]:
        return "none"
    lower_is_better = row["better"] == "lower"
    return "treatment" if (value < row["no_effect"]) == lower_is_better else "comparison"


def _mirrored(row: dict[str, Any]) -> bool:
    """True when lower is better on the row's scale: the chart mirrors it, treatment side right."""
    return row.get("better") == "lower"


def _negate(value: float) -> float:
    return 0.0 - value  # never -0.0


def plotted(row: dict[str, Any]) -> dict[str, float]:
    """Where a numeric row is drawn: estimate, low and high on its group's axis.

    A difference where lower is better is drawn with its sign flipped (the interval's ends swap),
    so that "favours the treatment" is always right of zero; a ratio keeps its values and its
    axis is reversed instead (see :func:`axis_for`).
    """
    est, low, high = row["estimate"], row["low"], row["high"]
    if _mirrored(row) and row["measure"] not in RATIOS:
        return {"estimate": _negate(est), "low": _negate(high), "high": _negate(low)}
    return {"estimate": est, "low": low, "high": high}


def axis_position(axis: dict[str, Any], value: float) -> float:
    """Where a drawn value lies on an axis, from 0 (left end) to 1 (right end); as the JS draws it."""
    f = math.log if axis["log"] else (lambda v: v)
    lo, hi = f(axis["min"]), f(axis["max"])
    share = (f(min(max(value, axis["min"]), axis["max"])) - lo) / (hi - lo) if hi > lo else 0.5
    return 1 - share if axis.get("reversed") else share


def treatment_side(row: dict[str, Any], axis: dict[str, Any]) -> str:
    """'right' or 'left': the side of the no-effect line where a treatment-favouring value is drawn.

    Checked from the data (a value just beyond no effect on the side the row calls better), so a
    test of this function catches a wrongly mirrored axis. The chart promises 'right' everywhere.
    """
    null = row["no_effect"]
    step = null * 1.5 if row["measure"] in RATIOS else null + 1.0
    if row["better"] == "lower":
        step = null / 1.5 if row["measure"] in RATIOS else null - 1.0
    drawn = plotted({**row, "estimate": step, "low": step, "high": step})["estimate"]
    probe = {**axis, "min": min(axis["min"], drawn, null), "max": max(axis["max"], drawn, null)}
    null_drawn = plotted({**row, "estimate": null, "low": null, "high": null})["estimate"]
    return "right" if axis_position(probe, drawn) > axis_position(probe, null_drawn) else "left"


def _axis_note(first: dict[str, Any]) -> str:
    """The sentence under a mirrored axis that says how and why it is mirrored."""
    if not _mirrored(first):
        return ""
    if first["measure"] in RATIOS:
        return ("Lower is better for this ratio, so the axis runs from high to low: a ratio below 1 "
                "(fewer events with the treatment) is drawn on the right.")
    example = abs(first["estimate"]) or 1
    return (f"Lower is better on this scale, so the chart flips the sign of every difference: a "
            f"reported difference of −{_num(example)} (lower with the treatment) is drawn at "
            f"+{_num(example)}, on the right. The numbers in each row are as the source reported "
            f"them.")


def _arms(comparison: str | None, fallback: str) -> tuple[str, str]:
    """(treatment, comparison) from 'X vs Y'."""
    if comparison and " vs " in comparison:
        first, second = comparison.split(" vs ", 1)
        return first.strip(), second.strip()
    return fallback, "the comparison"


def reading(row: dict[str, Any]) -> str:
    """A plain-English reading of a row's estimate and 95% confidence interval.

    It says where the best estimate lies and whether the interval includes the value for
    'no effect' - the first two things to check when reading any effect size.
    """
    if row.get("estimate") is None:
        return ""
    treat, other = _arms(row.get("comparison"), str(row.get("name")))
    est, low, high, null = row["estimate"], row["low"], row["high"], row["no_effect"]
    units = re.sub(r"\s*\([^)]*\)", "", str(row["units"])).strip()
    side = _favours(est, row)
    best = (f"Best estimate: {_num(est)} ({_scale_name(row['measure'], units)}), "
            + ("exactly at no difference." if side == "none" else
               f"on the side of {treat if side == 'treatment' else other}."))
    interval = f"The 95% confidence interval runs from {_num(low)} to {_num(high)}"
    if low <= null <= high:
        return (f"{best} {interval} and includes {_num(null)}, the value for no effect: the data "
                f"are compatible with no difference, so they do not show a difference between "
                f"{treat} and {other}.")
    winner = treat if _favours(low, row) == "treatment" else other
    return (f"{best} {interval}, entirely on the side that favours {winner}: a real difference "
            f"is likely. Whether it is big enough to matter to a patient is a separate question.")


def _nice_step(span: float) -> float:
    raw = span / 4 if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def axis_for(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The axis of one scale group: range (including 'no effect'), ticks, and log for ratios.

    ``rows`` hold the drawn values (see :func:`plotted`). ``reversed`` is True for a ratio where
    lower is better: its axis runs from high (left) to low (right).
    """
    axis = _axis_range(rows)
    axis["reversed"] = rows[0]["measure"] in RATIOS and _mirrored(rows[0])
    return axis


def _axis_range(rows: list[dict[str, Any]]) -> dict[str, Any]:
    null = rows[0]["no_effect"]
    low = min([r["low"] for r in rows] + [null])
    high = max([r["high"] for r in rows] + [null])
    if rows[0]["measure"] in RATIOS:
        candidates = (0.1, 0.2, 0.25, 0.33, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 10)
        lo = max([c for c in candidates if c <= low * 0.95] or [candidates[0]])
        hi = min([c for c in candidates if c >= high * 1.05] or [candidates[-1]])
        ticks = [c for c in candidates if lo <= c <= hi]
        return {"min": lo, "max": hi, "log": True, "ticks": ticks, "no_effect": null}
    step = _nice_step(high - low)
    lo = math.floor(low / step - 1e-9) * step
    hi = math.ceil(high / step + 1e-9) * step
    if lo == low:
        lo -= step / 2
    if hi == high:
        hi += step / 2
    count = int(round((hi - lo) / step))
    ticks = [round(lo + i * step, 10) for i in range(count + 1)]
    return {"min": round(lo, 10), "max": round(hi, 10), "log": False, "ticks": ticks, "no_effect": null}


def filter_rows(rows: Iterable[dict[str, Any]], certainties: Iterable[str],
                directions: Iterable[str]) -> list[dict[str, Any]]:
    """The rows whose certainty and direction are both ticked (the same rule as the JS front end)."""
    certain, direct = set(certainties), set(directions)
    return [r for r in rows if r["certainty"] in certain and r["direction"] in direct]


# ---------------------------------------------------------------- data for the front end

def _source_info(key: str) -> dict[str, Any]:
    entry = bibliography()[key]
    where = entry.get("journal") or entry.get("publisher") or entry.get("booktitle") or ""
    return {"key": key, "label": source_label(key), "title": entry.get("title", ""),
            "where": where, "year": entry.get("year", ""), "doi": entry.get("doi"),
            "url": entry.get("url")}


def _guideline(item: te.Intervention, condition: str) -> list[dict[str, Any]]:
    return [{"body": g.body, "position": g.position,
             "position_text": f"{g.body} {POSITION_TEXT[g.position]}",
             "statement": g.statement, "sources": list(g.sources)}
            for g in item.guideline_for(condition)]


def _claims(item: te.Intervention) -> list[dict[str, Any]]:
    result = []
    for claim_id in item.source_article_claims:
        claim = te.claim(claim_id)
        result.append({"id": claim.id, "claim": claim.claim, "verdict": claim.verdict,
                       "correction": claim.correction, "sources": list(claim.sources)})
    return result


def _condition_data(condition: te.Condition) -> dict[str, Any]:
    rows = te.evidence_chart_data(condition.id, numeric_only=False)
    findings = te.evidence(condition.id)  # same order as the chart rows
    counts: dict[str, int] = {}
    out_rows, groups, order = [], {}, []
    for row, finding in zip(rows, findings, strict=True):
        item = te.intervention(row["intervention"])
        number = counts[item.id] = counts.get(item.id, 0) + 1
        treat, other = _arms(row["comparison"], item.name)
        clean = dict(row)
        clean.update({
            "id": f"{condition.id}:{item.id}:{number}",
            "plot": plotted(row) if row["measure"] is not None else None,
            "treatment": treat if row["comparison"] else None,
            "comparator": other if row["comparison"] else None,
            "certainty_note": finding.certainty_note,
            "certainty_label": CERTAINTY_INFO[row["certainty"]][0],
            "direction_label": DIRECTION_INFO[row["direction"]][0],
            "reading": reading(row),
            "group": scale_group(row),
            "badge": STANCE_TEXT[row["source_article"]],
        })
        out_rows.append(clean)
        if clean["group"] is not None:
            if clean["group"] not in groups:
                order.append(clean["group"])
                groups[clean["group"]] = []
            groups[clean["group"]].append(clean)
    group_list = []
    for key in order:
        members = groups[key]
        first = members[0]
        units = re.sub(r"\s*\([^)]*\)", "", str(first["units"])).strip()
        mirrored = _mirrored(first)
        title = _upper_first(_scale_name(first["measure"], units))
        if mirrored:
            title += (" (axis reversed: lower is better)" if first["measure"] in RATIOS
                      else " (sign flipped: lower is better)")
        group_list.append({
            "key": key,
            "title": title,
            "measure": first["measure"],
            "axis": axis_for([{**m, **m["plot"]} for m in members]),
            "mirrored": mirrored,
            "axis_note": _axis_note(first),
            # one orientation for every box: the treatment's side is always on the right
            "left_label": TEXTS["left_label"],
            "right_label": TEXTS["right_label"],
            "rows": [m["id"] for m in members],
        })
    interventions = {}
    for item in te.interventions():
        if any(r["intervention"] == item.id for r in out_rows):
            interventions[item.id] = {
                "name": item.name, "description": item.description, "harms": item.harms,
                "source_article": item.source_article, "badge": STANCE_TEXT[item.source_article],
                "guideline": _guideline(item, condition.id), "claims": _claims(item)}
    return {"id": condition.id, "name": condition.name, "description": condition.description,
            "rows": out_rows, "groups": group_list,
            "text_rows": [r["id"] for r in out_rows if r["group"] is None],
            "interventions": interventions}


@functools.cache
def explorer_data() -> dict[str, Any]:
    """Everything the front end draws, computed once from the knowledge base (JSON-ready)."""
    conditions = [_condition_data(c) for c in te.conditions()]
    keys = sorted({k for c in conditions for r in c["rows"] for k in r["sources"]}
                  | {k for c in conditions for i in c["interventions"].values()
                     for g in i["guideline"] for k in g["sources"]}
                  | {k for c in conditions for i in c["interventions"].values()
                     for cl in i["claims"] for k in cl["sources"]})
    return {
        "conditions": conditions,
        "certainties": [{"id": k, "label": v[0], "marker": v[1], "meaning": v[2]}
                        for k, v in CERTAINTY_INFO.items()],
        "directions": [{"id": k, "label": v[0], "colour": v[1], "symbol": v[2]}
                       for k, v in DIRECTION_INFO.items()],
        "sources": {k: _source_info(k) for k in keys},
        "texts": dict(TEXTS),
    }


# ---------------------------------------------------------------- the widget

def _list_of(kind: str, value: object, valid: tuple[str, ...]) -> list[str]:
    """Valid ids in data order, or ValueError naming the valid ones."""
    if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
        raise ValueError(f"{kind} must be a list such as {list(valid[:2])}, got {value!r}; "
                         f"valid {kind}: {', '.join(valid)}")
    wanted = set()
    for item in value:
        if item not in valid:
            raise ValueError(f"unknown {kind[:-1] if kind.endswith('s') else kind} {item!r}; "
                             f"valid {kind}: {', '.join(valid)}")
        wanted.add(item)
    return [v for v in valid if v in wanted]


class EvidenceExplorer(CourseWidget):
    """Evidence for treatments of one condition as a forest-style chart, filterable.

    ``condition`` takes an id or a readable name ("sciatica", "acute low back pain");
    ``certainties`` and ``directions`` are the ticked filter boxes; ``selected`` is the row whose
    details are open. ``visible_rows()`` returns what the student sees.
    """

    _esm, _css = widget_files(__file__)

    condition = traitlets.Any("acute_lbp", help="condition id").tag(sync=True)
    certainties = traitlets.Any(list(te.CERTAINTIES), help="ticked certainty levels").tag(sync=True)
    directions = traitlets.Any(list(te.DIRECTIONS), help="ticked directions").tag(sync=True)
    selected = traitlets.Any("", help="id of the row whose details are open").tag(sync=True)
    data = traitlets.Dict(read_only=True).tag(sync=True)

    _SETTINGS = ("condition", "certainties", "directions", "selected")

    def __init__(self, condition: str = "acute_lbp", **kwargs: Any) -> None:
        self._check_settings(kwargs)
        super().__init__()
        self.set_trait("data", explorer_data())
        with self.hold_trait_notifications():
            self.condition = condition
            for name, value in kwargs.items():
                setattr(self, name, value)

    def _clean(self, name: str, value: object) -> object:
        if name == "condition":
            return te.canonical_condition(value)  # ValueError names the valid conditions
        if name == "certainties":
            return _list_of("certainties", value, te.CERTAINTIES)
        if name == "directions":
            return _list_of("directions", value, te.DIRECTIONS)
        if name == "selected":
            if value in ("", None):
                return ""
            ids = [r["id"] for c in self.data["conditions"] for r in c["rows"]]
            if value not in ids:
                raise ValueError(f"unknown row {value!r}; rows look like {ids[0]!r}")
            return value
        raise ValueError(f"{name!r} cannot be set")

    @traitlets.validate(*_SETTINGS)
    def _validate(self, proposal: dict) -> object:
        return self._clean(proposal["trait"].name, proposal["value"])

    def _from_browser(self, name: str, value: object) -> object:
        """Filter boxes from the browser keep only the levels and directions the data knows."""
        if name in ("certainties", "directions") and isinstance(value, list):
            valid = te.CERTAINTIES if name == "certainties" else te.DIRECTIONS
            return [v for v in value if isinstance(v, str) and v in valid]
        return value

    def condition_data(self) -> dict[str, Any]:
        """The shipped data of the current condition."""
        return next(c for c in self.data["conditions"] if c["id"] == self.condition)

    def visible_rows(self) -> list[dict[str, Any]]:
        """The rows the student sees now: the condition's findings that pass both filters."""
        return filter_rows(self.condition_data()["rows"], self.certainties, self.directions)

    def rows_for(self, intervention: str) -> list[dict[str, Any]]:
        """The current condition's rows for one intervention (id, name or alias)."""
        wanted = te.intervention(intervention).id
        return [r for r in self.condition_data()["rows"] if r["intervention"] == wanted]

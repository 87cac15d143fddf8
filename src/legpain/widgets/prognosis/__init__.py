"""The prognosis chart: what usually happens next, from the cited cohorts and trials.

Pick a condition (acute low back pain, sciatica in primary care, sciatica in secondary care with
early surgery or prolonged conservative care, lumbar spinal stenosis without surgery) and read how
people fared over time. Every point comes from ``data/prognosis.yaml`` with its source, setting,
outcome definition and sample size; nothing is interpolated. Shares of people are drawn on one
chart, mean scores on another (they are different kinds of number), and each point is also given
as a sentence ("Of 10 people like this, about 6 had improved ... by week 52") and in a table.
Everything is computed here and shipped as synced traits, so the chart works in the static book.

>>> chart = PrognosisChart("sciatica in primary care")
>>> chart.sentences()[0]
'Of 10 people like this, about 6 had improved (disability down by at least 30%) by week 52.'
"""

from __future__ import annotations

import functools
from typing import Any

import traitlets

from ...knowledge import prognosis as pg
from ...knowledge.loading import bibliography
from ...knowledge.sources import source_label
from .._base import CourseWidget, widget_files

__all__ = ["PrognosisChart", "chart_data", "week_ticks"]

#: series style, in order: Okabe-Ito colour from the shared palette, and a marker shape so that
#: colour is never the only difference
STYLES = (("var(--lp-blue)", "circle"), ("var(--lp-vermilion)", "square"),
          ("var(--lp-green)", "diamond"), ("var(--lp-purple-deep)", "triangle"))

TEXTS = {
    "title": "What usually happens next?",
    "intro": ("Choose a condition to see how people in cohorts and trials fared over time. Each "
              "point is a figure printed by its source; the lines only join the points of one "
              "study and are not measurements in between."),
    "share_title": "Share of people with the outcome (%)",
    "mean_title": "Mean score",
    "x_label": "weeks of follow-up (see each source for when it starts)",
    "table_show": "Show the numbers as a table",
    "table_hide": "Hide the table",
    "sources": "Where each line comes from",
    "caveat": ("Averages of groups, not a forecast for one person: how one person fares depends "
               "on them, and new or worsening symptoms need a clinician. Not medical advice."),
    "red_flags": "Red flags: when to get help now",
}


def week_ticks(max_week: float) -> list[float]:
    """Ticks for the time axis, from 0 to at least the last point."""
    if max_week <= 12:
        return [0, 2, 4, 6, 8, 10, 12]
    if max_week <= 52:
        return [0, 6, 12, 26, 39, 52]
    step = 26 if max_week <= 104 else 52
    top = -(-max_week // step) * step
    return [float(w) for w in range(0, int(top) + 1, step)]


def _source(key: str) -> dict[str, Any]:
    entry = bibliography()[key]
    return {"key": key, "label": source_label(key), "title": entry.get("title", ""),
            "where": entry.get("journal") or entry.get("publisher") or "",
            "year": entry.get("year", ""), "doi": entry.get("doi")}


def _series(series: pg.Series, index: int) -> dict[str, Any]:
    colour, shape = STYLES[index % len(STYLES)]
    return {
        "id": series.id, "label": series.label, "kind": series.kind, "measure": series.measure,
        "setting": series.setting, "outcome": series.outcome, "sample_size": series.sample_size,
        "sample_note": series.sample_note, "colour": colour, "shape": shape,
        "source": _source(series.source),
        "points": [{"week": p.week, "value": p.value, "low": p.low, "high": p.high, "note": p.note,
                    "sentence": pg.sentence(series, p)} for p in series.points],
    }


def _mean_axis(series: list[dict[str, Any]]) -> dict[str, Any]:
    top = max(max(p["high"] if p["high"] is not None else p["value"] for p in s["points"])
              for s in series)
    top = max(10.0, -(-top // 10) * 10)
    step = 10 if top <= 60 else 20
    return {"min": 0.0, "max": float(top), "ticks": [float(v) for v in range(0, int(top) + 1, step)],
            "label": "; ".join(sorted({s["measure"] for s in series}))}


@functools.cache
def chart_data() -> dict[str, Any]:
    """Everything the front end draws, computed once from the knowledge base (JSON-ready)."""
    conditions = []
    for condition in pg.conditions():
        series = [_series(s, i) for i, s in enumerate(condition.series)]
        max_week = max(p["week"] for s in series for p in s["points"])
        shares = [s for s in series if s["kind"] == "share"]
        means = [s for s in series if s["kind"] == "mean"]
        conditions.append({
            "id": condition.id, "name": condition.name, "description": condition.description,
            "series": series, "weeks": week_ticks(max_week),
            "panels": ([{"kind": "share", "title": TEXTS["share_title"], "series": [s["id"] for s in shares],
                         "axis": {"min": 0.0, "max": 100.0, "ticks": [0.0, 25.0, 50.0, 75.0, 100.0],
                                  "label": "% of people"}}] if shares else [])
            + ([{"kind": "mean", "title": TEXTS["mean_title"], "series": [s["id"] for s in means],
                 "axis": _mean_axis(means)}] if means else []),
        })
    return {"conditions": conditions, "texts": dict(TEXTS)}


class PrognosisChart(CourseWidget):
    """Recovery over time for one condition, from cited cohorts and trials.

    ``condition`` takes an id or a name ("acute low back pain", "stenosis"); ``show_table`` opens
    the table of numbers. ``sentences()`` returns the plain-language readings the student sees.
    """

    _esm, _css = widget_files(__file__)

    condition = traitlets.Any("acute_lbp", help="condition id").tag(sync=True)
    show_table = traitlets.Any(False, help="the table of numbers is open").tag(sync=True)
    data = traitlets.Dict(read_only=True).tag(sync=True)

    def __init__(self, condition: str = "acute_lbp", show_table: bool = False) -> None:
        super().__init__()
        self.set_trait("data", chart_data())
        self.condition = condition
        self.show_table = show_table

    @traitlets.validate("condition")
    def _valid_condition(self, proposal: dict) -> str:
        return pg.condition(proposal["value"]).id  # ValueError names the valid conditions

    @traitlets.validate("show_table")
    def _valid_table(self, proposal: dict) -> bool:
        if not isinstance(proposal["value"], bool):
            raise ValueError(f"show_table must be True or False, got {proposal['value']!r}")
        return proposal["value"]

    def condition_data(self) -> dict[str, Any]:
        """The shipped data of the chosen condition."""
        return next(c for c in self.data["conditions"] if c["id"] == self.condition)

    def sentences(self) -> list[str]:
        """The plain-language reading of every point of the chosen condition, in series order."""
        return [p["sentence"] for s in self.condition_data()["series"] for p in s["points"]]

    def sources(self) -> list[str]:
        """The readable labels of the sources of the chosen condition, in series order, once each."""
        labels = [s["source"]["label"] for s in self.condition_data()["series"]]
        return list(dict.fromkeys(labels))

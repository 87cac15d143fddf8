"""The prognosis data (data/prognosis.yaml), its loader and the prognosis chart.

Done when a student can pick a condition and read, for every point, what happened, by when, in
whom and according to whom - and when a wrong or uncited figure cannot reach the chart.
"""

from __future__ import annotations

import copy

import pytest
from widget_harness import import_module, open_static

from legpain.knowledge import prognosis as pg
from legpain.knowledge.loading import DataError, bibliography, load_yaml
from legpain.widgets import PrognosisChart
from legpain.widgets.prognosis import chart_data, week_ticks

RAW = load_yaml("prognosis.yaml")
KEYS = set(bibliography())


def test_the_four_conditions_of_the_chapter_load():
    assert [c.id for c in pg.conditions()] == ["acute_lbp", "sciatica_primary",
                                                "sciatica_secondary", "stenosis"]


def test_every_point_is_cited_with_setting_outcome_and_sample_size():
    for condition in pg.conditions():
        for series in condition.series:
            assert series.source in KEYS, series.id
            assert series.setting and series.outcome and series.sample_size > 0, series.id
            assert series.points, series.id
            if series.kind == "mean":
                assert series.measure, series.id
            else:
                assert series.phrase and all(0 <= p.value <= 100 for p in series.points), series.id


def test_time_runs_forward_in_every_series():
    for condition in pg.conditions():
        for series in condition.series:
            weeks = [p.week for p in series.points]
            assert weeks == sorted(set(weeks)), (series.id, weeks)


def test_key_figures_are_the_ones_the_sources_print():
    acute = pg.condition("acute low back pain").series[0]
    assert [(p.week, p.value) for p in acute.points] == [(0, 52), (6, 23), (26, 12), (52, 6)]
    atlas = pg.condition("sciatica_primary").series[0]
    assert (atlas.sample_size, atlas.points[0].week, atlas.points[0].value) == (609, 52, 55)
    peul = {s.id: s for s in pg.condition("sciatica_secondary").series}
    assert peul["peul_surgery"].points[0].value == peul["peul_conservative"].points[0].value == 95


def _broken(edit) -> dict:
    data = copy.deepcopy(RAW)
    edit(data["conditions"][0]["series"][0])
    return data


@pytest.mark.parametrize(("edit", "field", "words"), [
    (lambda s: s.update(source="nosuch2000"), "source", "unknown citation key"),
    (lambda s: s.pop("setting"), "setting", "non-empty text"),
    (lambda s: s.update(sample_size=0), "sample_size", "whole number"),
    (lambda s: s.update(kind="median"), "kind", "share, mean"),
    (lambda s: s["points"].reverse(), "points", "weeks must increase"),
    (lambda s: s["points"][1].update(value=80), "value", "outside its interval"),
    (lambda s: s["points"][0].pop("week"), "week", "is missing"),
])
def test_a_bad_entry_is_refused_naming_file_entry_and_field(edit, field, words):
    with pytest.raises(DataError) as error:
        pg.parse(_broken(edit), KEYS)
    message = str(error.value)
    assert message.startswith("prognosis.yaml, entry 'acute_lbp/menezescosta_pain")
    assert f"field '{field}'" in message and words in message


def test_a_share_above_100_percent_is_refused():
    data = copy.deepcopy(RAW)
    data["conditions"][1]["series"][0]["points"][0]["value"] = 155
    with pytest.raises(DataError, match="percentage from 0 to 100"):
        pg.parse(data, KEYS)


@pytest.mark.parametrize(("share", "people"), [(55, 6), (95, 10), (32, 3), (36, 4), (50, 5),
                                               (72, 7), (30, 3), (4, 0), (5, 1)])
def test_out_of_ten_rounds_half_up(share, people):
    assert pg.out_of_ten(share) == people


def test_the_sentence_is_computed_from_the_data():
    atlas = pg.condition("sciatica_primary").series[0]
    assert pg.sentence(atlas, atlas.points[0]) == (
        "Of 10 people like this, about 6 had improved (disability down by at least 30%) by week 52.")
    median = next(s for s in pg.condition("acute_lbp").series if s.id == "henschke_pain_median")
    assert pg.sentence(median, median.points[0]) == (
        "Of 10 people like this, about 5 had recovered from their pain by about week 8.")
    mean = pg.condition("acute_lbp").series[0]
    assert pg.sentence(mean, mean.points[1]) == (
        "On average, pain on a 0 to 100 scale (higher is worse) was 23 at week 6.")


def test_the_chart_reads_each_condition_and_names_its_sources():
    chart = PrognosisChart("stenosis")
    assert chart.sources() == ["Wessberg and Frennered 2017", "Matsudaira et al. 2016"]
    assert chart.sentences()[0].startswith("Of 10 people like this, about 3 had less leg pain")
    chart.condition = "sciatica in primary care"
    assert chart.condition == "sciatica_primary" and chart.sources() == ["Konstantinou et al. 2018"]
    with pytest.raises(ValueError, match="valid: acute_lbp"):
        PrognosisChart("whiplash")


def test_shares_and_means_never_share_a_chart():
    for condition in chart_data()["conditions"]:
        kinds = {s["id"]: s["kind"] for s in condition["series"]}
        for panel in condition["panels"]:
            assert {kinds[i] for i in panel["series"]} == {panel["kind"]}
        assert condition["weeks"][-1] >= max(p["week"] for s in condition["series"] for p in s["points"])


def test_week_ticks_cover_the_last_point():
    assert week_ticks(52) == [0, 6, 12, 26, 39, 52]
    assert week_ticks(172)[-1] == 208 and week_ticks(104)[-1] == 104


def test_junk_from_the_browser_is_ignored():
    chart = PrognosisChart()
    chart.set_state({"condition": "nonsense", "show_table": "yes"})
    assert chart.condition == "acute_lbp" and chart.show_table is False


@pytest.mark.browser
def test_switching_condition_redraws_the_chart_and_shows_the_sources(watched_page):
    page = watched_page
    open_static(page, [PrognosisChart("acute_lbp")])
    box = page.locator(".lppg")
    assert "da C. Menezes Costa et al. 2012" in box.inner_text()
    assert box.locator("svg.lppg-plot").count() == 2  # a share chart and a mean-score chart
    page.get_by_label("Condition").select_option("sciatica_secondary")
    text = box.inner_text()
    assert "Peul et al. 2007" in text and "Peul et al. 2008" in text
    assert "da C. Menezes Costa" not in text
    assert "Of 10 people like this, about 10 felt they had recovered by week 52." in text
    assert "n = 141" in text and "n = 142" in text
    assert box.locator("svg.lppg-plot").count() == 1
    label = box.locator("svg.lppg-plot").get_attribute("aria-label")
    assert "Early surgery: 95% at week 52" in label
    assert page.watch.console_errors == [] and page.watch.external == []


@pytest.mark.browser
def test_the_table_toggle_opens_every_point_with_its_source(watched_page):
    page = watched_page
    open_static(page, [PrognosisChart("stenosis")])
    table = page.locator(".lppg-table")
    assert not table.is_visible()
    toggle = page.locator("button.lppg-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.focus()
    page.keyboard.press("Enter")
    assert table.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    rows = table.locator("tbody tr")
    assert rows.count() == 3
    assert "Matsudaira et al. 2016" in rows.nth(2).inner_text()


@pytest.mark.browser
def test_the_front_end_places_points_as_the_axis_says(watched_page):
    page = watched_page
    open_static(page, [PrognosisChart()])
    import_module(page, PrognosisChart._esm)
    xs = page.evaluate("() => [0, 26, 52].map((w) => window.widgetModule.weekX([0, 6, 12, 26, 39, 52], w))")
    assert xs[0] < xs[1] < xs[2] and abs((xs[1] - xs[0]) - (xs[2] - xs[1])) < 1e-6
    ys = page.evaluate("() => [0, 100].map((v) => window.widgetModule.valueY({min: 0, max: 100}, v))")
    assert ys[0] > ys[1]  # higher values are drawn higher up

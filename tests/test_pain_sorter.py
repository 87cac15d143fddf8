"""The kinds of leg pain (data/pain_types.yaml) and the pain sorter widget of chapter 02b."""

from __future__ import annotations

import pytest

from legpain.knowledge import pain_types
from legpain.knowledge.loading import DataError, Entry, bibliography
from legpain.widgets import PainSorter


def test_the_four_classes_load_in_teaching_order_with_sources():
    assert pain_types.class_ids() == ("nociceptive", "somatic_referred", "radicular_pain",
                                      "radiculopathy")
    for item in pain_types.pain_classes():
        assert item.label and item.mechanism and item.features and item.sources


def test_every_item_is_cited_has_feedback_and_every_class_is_used():
    items = pain_types.pain_items()
    assert 10 <= len(items) <= 14
    known = bibliography()
    for item in items:
        assert item.feedback.strip() and item.text.strip(), item.id
        assert item.sources and all(key in known for key in item.sources), item.id
    assert {i.pain_class for i in items} == set(pain_types.class_ids())
    assert len({i.id for i in items}) == len(items)


def test_an_unknown_class_is_rejected_naming_the_valid_ones():
    raw = {"id": "odd", "text": "x", "class": "muscle spasm", "feedback": "y",
           "sources": ["bogduk2009definitions"]}
    with pytest.raises(DataError) as error:
        pain_types._item(Entry("pain_types.yaml", raw), pain_types.class_ids())
    message = str(error.value)
    assert "'muscle spasm'" in message and "odd" in message
    assert all(c in message for c in pain_types.class_ids())
    with pytest.raises(ValueError, match="valid classes: nociceptive, somatic_referred"):
        pain_types.pain_class("visceral")


def test_the_widget_marks_answers_and_drops_bad_ones():
    sorter = PainSorter(seed=5)
    right = {i["id"]: i["answer"] for i in sorter.data["items"]}
    sorter.answers = right
    assert sorter.score() == (len(right), len(right))
    sorter.answers = {"electric-strip": "radiculopathy", "no-such-item": "nociceptive",
                      "lost-reflex": "not a class"}
    assert sorter.answers == {"electric-strip": "radiculopathy"}
    assert sorter.score() == (0, len(right))
    assert sorted(sorter.order()) == sorted(right)


# ----------------------------------------------------------------------------------- in Chromium

def _answer(page, sorter, answers):
    for item_id, class_id in answers.items():
        page.locator(f'.lpps-item[data-item="{item_id}"] select').select_option(class_id)
    page.get_by_role("button", name="Check").click()


@pytest.mark.browser
def test_a_right_sort_scores_full_marks_in_the_order_python_predicts(watched_page):
    from widget_harness import open_static

    page = watched_page
    sorter = PainSorter(seed=11)
    open_static(page, [sorter])
    shown = page.locator(".lpps-item").evaluate_all("(rows) => rows.map((r) => r.dataset.item)")
    assert shown == sorter.order()
    _answer(page, sorter, {i["id"]: i["answer"] for i in sorter.data["items"]})
    total = len(sorter.data["items"])
    assert page.locator(".lpps-result").inner_text().startswith(f"{total} of {total} sorted right")
    assert page.locator(".lpps-item.lpps-right").count() == total
    assert page.watch.console_errors == [] and page.watch.external == []


@pytest.mark.browser
def test_a_wrong_choice_shows_that_items_feedback_and_try_again_clears(watched_page):
    from widget_harness import open_static

    page = watched_page
    sorter = PainSorter(seed=11)
    open_static(page, [sorter])
    items = {i["id"]: i for i in sorter.data["items"]}
    answers = {i: v["answer"] for i, v in items.items()}
    answers["gnawing-thigh"] = "radicular_pain"  # referred pain taken for root pain
    _answer(page, sorter, answers)
    total = len(items)
    assert page.locator(".lpps-result").inner_text().startswith(f"{total - 1} of {total}")
    row = page.locator('.lpps-item[data-item="gnawing-thigh"]')
    assert "lpps-wrong" in row.get_attribute("class")
    text = row.locator(".lpps-feedback").inner_text()
    assert "you chose Radicular pain" in text and "this is Somatic referred pain" in text
    assert items["gnawing-thigh"]["feedback"] in text and "Bogduk 2009" in text
    page.get_by_role("button", name="Try again").click()
    assert page.locator(".lpps-feedback:visible").count() == 0
    assert page.locator(".lpps-result").inner_text() == ""
    assert page.watch.console_errors == []

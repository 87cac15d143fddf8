"""The chapters' shared tables: cause cards and claim verdicts, with the sources of every row."""

from __future__ import annotations

import subprocess
import sys

import pytest

import legpain
from legpain.widgets.display import (
    CARD_IN_VIEW,
    CARD_LABELS,
    Table,
    cause_card,
    claim_verdicts,
    readable_text,
    show_table,
    sources_text,
)


def column(table: Table, label: str) -> list[str]:
    index = list(table.columns.values()).index(label)
    return [row[index] for row in table.rows]


# ------------------------------------------------------------------ cause cards

def test_card_has_one_row_per_default_field_with_that_fields_sources():
    card = cause_card("disc_herniation")
    herniation = legpain.cause("disc_herniation")
    assert list(card.columns.values()) == ["Topic", herniation.name, "Sources"]
    order = [*CARD_IN_VIEW, *(f for f in CARD_LABELS if f not in CARD_IN_VIEW)]
    assert column(card, "Topic") == [CARD_LABELS[f] for f in order]
    assert column(card, "Sources") == [sources_text(herniation.sources_for(f)) for f in order]
    assert all(column(card, "Sources"))


def test_a_whole_card_keeps_what_sets_a_cause_apart_and_its_red_flags_in_view():
    html = cause_card("cauda_equina_syndrome")._repr_html_()
    shown, folded = html.split('<details class="legpain-card-more">', 1)
    for field in CARD_IN_VIEW:
        assert f"<dt>{CARD_LABELS[field]}</dt>" in shown
    assert "<dt>Red flags</dt>" not in folded and f"<dt>{CARD_LABELS['outlook']}</dt>" in folded
    assert folded.startswith("<summary>More about Cauda equina syndrome: who gets it")
    # a card of chosen fields shows them all, in the order asked
    assert "legpain-card-more" not in cause_card("cauda_equina_syndrome", ["outlook", "who"])._repr_html_()


def test_card_shows_the_chosen_fields_in_order_and_accepts_a_cause_name():
    card = cause_card("Lumbar disc herniation", ["outlook", "who"])
    assert column(card, "Topic") == [CARD_LABELS["outlook"], CARD_LABELS["who"]]
    assert column(card, "Lumbar disc herniation")[1] == legpain.cause("disc_herniation").who


def test_card_labels_rename_rows_and_a_mapping_can_give_rows_and_labels_at_once():
    topics = {"first_steps": "What to do", "red_flags": "Red flags"}
    card = cause_card("cauda_equina_syndrome", fields=topics, labels=topics)
    assert column(card, "Topic") == ["What to do", "Red flags"]
    renamed = cause_card("cauda_equina_syndrome", labels={"investigations": "Tests"})
    assert "Tests" in column(renamed, "Topic") and len(renamed.rows) == len(CARD_LABELS)


def test_card_lists_become_one_line_and_empty_lists_say_so():
    lumbago = legpain.cause("lumbago")
    card = cause_card("lumbago", ["first_steps", "red_flags"])
    assert column(card, lumbago.name) == [" • ".join(lumbago.first_steps), "none listed"]


def test_cause_ids_in_a_card_become_cause_names():
    card = cause_card("lumbago", ["distinguishing_features"])
    text = card.rows[0][1]
    assert "_" not in text
    assert text.startswith("vs Lumbar disc herniation: ")
    assert legpain.cause("spinal_malignancy").name in text


def test_readable_text_names_only_cause_ids_and_keeps_other_words():
    assert readable_text("see disc_herniation") == "see Lumbar disc herniation"
    assert readable_text(("a", "vs hip_osteoarthritis")) == "a • vs Hip osteoarthritis"
    assert readable_text("a made_up_id stays") == "a made_up_id stays"
    assert readable_text(()) == readable_text(None) == "none listed"


def test_card_html_is_a_readable_card_with_one_folded_sources_list():
    card = cause_card("abdominal_aortic_aneurysm", ["who", "typical_features", "first_steps"])
    html = card._repr_html_()
    name = legpain.cause("abdominal_aortic_aneurysm").name
    assert html.startswith(f'<article class="legpain-card" aria-label="{name}">')
    assert "<dt>Who gets it</dt>" in html and "<table" not in html
    assert html.count("<details") == 1 and "<summary>Sources</summary>" in html
    # list fields are bullet lists, not one long line
    features = legpain.cause("abdominal_aortic_aneurysm").typical_features
    assert html.count("<li>") >= len(features)
    # every source label appears once, inside the folded list, not on every row
    body, sources = html.split("<details", 1)
    assert sources_text(legpain.cause("abdominal_aortic_aneurysm").sources_for("who")) not in body


def test_card_html_escapes_text_from_the_data():
    from legpain.widgets.display import CauseCard
    html = CauseCard("A <b> & c", [("Who", ["x < y", "</SCRIPT>"], "Doe 2000")])._repr_html_()
    assert "<b>" not in html and "</SCRIPT>" not in html and "x &lt; y" in html


def test_unknown_cause_raises_the_catalogues_error_naming_valid_causes():
    with pytest.raises(ValueError) as error:
        cause_card("disk_herniation")
    assert "disc_herniation" in str(error.value)
    with pytest.raises(ValueError) as expected:
        legpain.cause("disk_herniation")
    assert str(error.value) == str(expected.value)


def test_unknown_field_raises_naming_valid_fields():
    with pytest.raises(ValueError, match="valid fields: mechanism, who"):
        cause_card("lumbago", ["mechanism", "colour"])


# ------------------------------------------------------------------ folded tables

def test_a_folded_table_shows_its_caption_and_row_count_and_keeps_every_row_inside():
    rows = [{"sign": "fever", "level": "urgent"}, {"sign": "saddle <numbness>", "level": "emergency"}]
    columns = {"sign": "Sign", "level": "Level"}
    plain = show_table(rows, columns, caption="Signs & levels")
    folded = show_table(rows, columns, caption="Signs & levels", folded=True)
    html = folded._repr_html_()
    assert html.startswith('<details class="legpain-table-fold"><summary>Signs &amp; levels (2 rows)'
                           "</summary><table")
    assert html.endswith("</table></details>") and html.count("<tr>") == 3
    assert "saddle &lt;numbness&gt;" in html
    # the table inside is the unfolded table, and the text form (what nbval compares) is unchanged
    assert plain._repr_html_() in html and "<details" not in plain._repr_html_()
    assert repr(folded) == repr(plain)
    assert "(1 row)" in show_table(rows[:1], columns, caption="One", folded=True)._repr_html_()


@pytest.mark.parametrize("caption", [None, "", "   "])
def test_a_folded_table_without_a_caption_is_refused(caption):
    with pytest.raises(ValueError, match="folded table needs a caption"):
        show_table([{"a": 1}], {"a": "A"}, caption=caption, folded=True)


# ------------------------------------------------------------------ claim verdicts

def test_verdicts_have_quote_verdict_correction_and_sources_in_the_order_asked():
    ids = ("lumbago_cold_cause", "cause_disc_herniation")
    table = claim_verdicts(*ids)
    claims = [legpain.claim(i) for i in ids]
    assert list(table.columns.values()) == ["The article says", "Verdict", "What the evidence says",
                                            "Sources"]
    assert column(table, "The article says") == [f"“{c.quote}”" for c in claims]
    assert column(table, "Verdict") == [c.verdict for c in claims]
    assert column(table, "What the evidence says") == [c.correction for c in claims]
    assert column(table, "Sources") == [sources_text(c.sources) for c in claims]


def test_a_claim_the_article_leaves_unsaid_is_marked():
    assert claim_verdicts("missing_red_flags").rows[0][0] == "(says nothing)"
    assert claim_verdicts().rows == []


def test_unknown_claim_raises_the_claims_error_naming_valid_claims():
    with pytest.raises(ValueError, match="Valid claim ids: .*lumbago_cold_cause") as error:
        claim_verdicts("lumbago_cold_cause", "lumbago_cold")
    assert "did you mean 'lumbago_cold_cause'" in str(error.value)


def test_importing_display_loads_no_knowledge_base_module():
    code = ("import sys, legpain.widgets.display; "
            "print(sorted(m for m in sys.modules if m.startswith('legpain')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == str(["legpain", "legpain.knowledge", "legpain.knowledge.loading",
                               "legpain.knowledge.sources", "legpain.widgets", "legpain.widgets.display"])


def test_patient_handout_uses_the_exact_level_wordings_and_the_cited_recovery_figures():
    from legpain.knowledge import prognosis as pg
    from legpain.widgets.display import patient_handout

    handout = patient_handout()
    page, text = handout._repr_html_(), repr(handout)
    assert 'class="legpain-handout"' in page and "<script" not in page
    for level, wording in legpain.level_wording().items():
        assert f"{wording['label']} ({wording['timing']})" in text, level
        assert wording["action"] in text, level
    atlas = pg.condition("sciatica_primary").series[0]
    said = pg.sentence(atlas, atlas.points[0])  # the number lives in prognosis.yaml only
    assert said[:1].lower() + said[1:] in text  # after "...: ", so in lower case
    assert "Konstantinou et al. 2018" in text and "Henschke et al. 2008" in text
    assert "NICE 2016" in text and "saddle" in text


def test_patient_handout_refuses_a_sign_under_a_softer_level_than_triage_gives_it():
    from legpain.widgets.display import patient_handout

    with pytest.raises(ValueError, match="'saddle anaesthesia' alone is 'emergency'"):
        patient_handout({"urgent": ("saddle anaesthesia",)})

"""The review deck: cards drawn from the knowledge base, each cited; SM-2 scheduling as Wozniak
published it; the browser's scheduler equal to the Python reference; progress that survives an
export, a cleared browser and an import; failures to save said in words."""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path

import pytest

from legpain import claims, exam_tests, level_wording, red_flags, roots, triage
from legpain.knowledge.loading import bibliography
from legpain.reasoning import spacing
from legpain.reasoning.spacing import Sm2State, ef_change100, sm2_next
from legpain.widgets import ReviewDeck, review_cards, review_schedule
from legpain.widgets.quiz import load_quiz
from legpain.widgets.review_deck import deck

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def _notebook(stem: str) -> dict:
    return json.loads((NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))


def _code(stem: str) -> str:
    return "\n".join("".join(c["source"]) for c in _notebook(stem)["cells"] if c["cell_type"] == "code")


# ---- the deck's content ------------------------------------------------------------------------

def test_every_card_has_an_answer_and_sources_that_exist_and_read_as_labels():
    cards = review_cards()
    assert len(cards) > 150
    known = bibliography()
    for card in cards:
        assert card.front.strip() and card.back.strip(), card.id
        assert card.sources, f"{card.id}: a card without a source"
        assert set(card.sources) <= set(known), card.id
        assert len(card.source_text.split("; ")) == len(card.sources), card.id
    assert len({c.id for c in cards}) == len(cards)


def test_the_chapters_are_the_notebooks_with_their_own_titles_and_none_is_left_out():
    for chapter_id, stem, title in deck.CHAPTERS:
        first = "".join(_notebook(stem)["cells"][0]["source"]).splitlines()[0]
        assert first == f"# {title}", stem
        assert stem.startswith(chapter_id + "_")
    assert {c.chapter for c in review_cards()} == {c[0] for c in deck.CHAPTERS}
    # every numbered chapter after the first is in the deck, with its Check-yourself quiz
    numbered = sorted(p.stem for p in NOTEBOOKS.glob("[0-9]*.ipynb") if not p.name.startswith("00_"))
    assert [stem for _, stem, _ in deck.CHAPTERS] == numbered, "add the chapter to deck.CHAPTERS"
    quizzes = {q: c for q, c in deck.QUIZ_CHAPTER.items()}
    for chapter_id, stem, _ in deck.CHAPTERS:
        shown = re.findall(r'Quiz\("([^"]+)"\)', _code(stem))
        assert shown and all(quizzes.get(q) == chapter_id for q in shown), (
            f"{stem}: add its quiz {shown} to deck.QUIZ_CHAPTER")


def test_root_cards_come_from_roots_yaml():
    skin = review_cards(kind="root-skin")
    assert [c.id for c in skin] == [f"root:{r.id}:skin" for r in roots()]
    l5 = next(c for c in skin if c.id == "root:L5:skin")
    assert "third metatarsophalangeal joint" in l5.back  # the ISNCSCI key point, from the data
    assert {"lee2008dermatomes", "keegan1948dermatomes", "kirshblum2011isncsci"} <= set(l5.sources)
    assert "Lee, McPhee & Stringer 2008 map" in l5.back and "Keegan & Garrett 1948 map" in l5.back
    muscles = {c.id: c for c in review_cards(kind="root-muscle")}
    for root in roots():
        main = [m for m in root.key_muscles if m.role == "main"]
        assert (f"root:{root.id}:muscles" in muscles) == bool(main)
        for m in main:
            assert m.muscle in muscles[f"root:{root.id}:muscles"].back
    reflexes = {c.id: c.back for c in review_cards(kind="root-reflex")}
    assert reflexes["root:S1:reflex"] == "The achilles reflex."
    assert all(c.chapter == "03" for c in review_cards(kind="root-skin"))


def test_each_red_flag_card_gives_the_triage_level_in_the_courses_one_wording():
    cards = {c.id: c for c in review_cards(kind="red-flag")}
    assert set(cards) == {f"red-flag:{sign}" for sign in red_flags()}
    wording = level_wording()
    for sign in red_flags():
        answer = triage([sign])
        level = wording[answer.level]
        back = cards[f"red-flag:{sign}"].back.split("\n")
        assert back[0] == f"{level['label']}: {level['timing']}."
        assert back[1] == answer.action and back[1].startswith(level["action"])
        assert set(cards[f"red-flag:{sign}"].sources) == set(answer.sources)
    assert cards["red-flag:saddle anaesthesia"].back.startswith("Emergency: now.")


def test_claim_cards_give_the_verdict_of_claims_yaml():
    cards = {c.id: c for c in review_cards(kind="claim")}
    for claim in claims():
        card = cards.get(f"claim:{claim.id}")
        if card is None:
            continue
        assert card.back.split("\n")[0] == f"Verdict: {deck.VERDICT_WORDS[claim.verdict]}."
        assert claim.correction in card.back and claim.claim in card.front
        assert card.sources == claim.sources


def test_every_claim_a_chapter_shows_has_a_card_in_that_chapter():
    """A claim shown in a chapter (its id in the code) is reviewed with that chapter, or in
    chapter 9, which shows every treatment and prevention claim."""
    shown: dict[str, set[str]] = {}
    for chapter_id, stem, _ in deck.CHAPTERS:
        code = _code(stem)
        for claim in claims():
            if re.search(rf"[\"']{claim.id}[\"']", code):
                shown.setdefault(claim.id, set()).add(chapter_id)
    assert 'claims_where(topic="treatment")' in _code("09_treatment_and_prevention")
    cards = {c.id.split(":", 1)[1]: c.chapter for c in review_cards(kind="claim")}
    for claim in claims():
        wanted = set(shown.get(claim.id, set()))
        if claim.topic in deck.CHAPTER_9_TOPICS:
            wanted.add("09")
        if wanted:
            assert cards.get(claim.id) in wanted, (claim.id, wanted)
        else:
            assert claim.id not in cards, f"{claim.id}: no chapter discusses it"


def test_test_cards_give_the_likelihood_ratios_of_exam_tests_yaml():
    cards = {c.id: c for c in review_cards(kind="test")}
    for test in exam_tests():
        card = cards[f"test:{test.id}"]
        for estimate in test.estimates:
            if estimate.lr_positive is not None:
                assert f"positive likelihood ratio {deck._number(estimate.lr_positive)}" in card.back
        assert card.chapter == ("05" if "stenosis" in test.target_condition else "10")
        code = "\n".join("".join(c["source"]) for c in _notebook(
            dict((c[0], c[1]) for c in deck.CHAPTERS)[card.chapter])["cells"])
        assert any(key in code for key in card.sources), f"{card.id}: its chapter cites none of it"
    slr = cards["test:straight leg raise"].back
    assert "positive likelihood ratio 1.3; negative likelihood ratio 0.29" in slr


def test_quiz_cards_are_the_chapters_cited_questions_with_their_right_answers():
    cards = {c.id: c for c in review_cards(kind="quiz")}
    expected = set()
    for quiz_id, chapter in deck.QUIZ_CHAPTER.items():
        stem = dict((c[0], c[1]) for c in deck.CHAPTERS)[chapter]
        assert f'Quiz("{quiz_id}")' in _code(stem)
        for question in load_quiz(quiz_id)["questions"]:
            if not question["sources"]:
                continue
            card = cards[f"quiz:{quiz_id}:{question['id']}"]
            expected.add(card.id)
            right = [o["text"] for o in question["options"] if o["correct"]]
            assert card.back.split("\n")[0].endswith("; ".join(right) + ".")
            assert list(card.sources) == list(dict.fromkeys(question["sources"]))
    assert set(cards) == expected


def test_asking_for_an_unknown_chapter_or_kind_names_the_valid_ones():
    with pytest.raises(ValueError, match="valid chapters: 01, 02"):
        review_cards(chapter="3")
    with pytest.raises(ValueError, match="valid kinds: root-skin"):
        review_cards(kind="roots")


# ---- SM-2, against the published algorithm -------------------------------------------------------

def test_the_e_factor_changes_as_wozniaks_formula_says():
    """EF' = EF + (0.1 - (5-q)(0.08 + (5-q)0.02)), its reduced form EF - 0.8 + 0.28q - 0.02q^2,
    and "for q=4 the E-Factor does not change" (Wozniak 1990)."""
    for q in range(6):
        assert ef_change100(q) / 100 == pytest.approx(0.1 - (5 - q) * (0.08 + (5 - q) * 0.02))
        assert ef_change100(q) / 100 == pytest.approx(-0.8 + 0.28 * q - 0.02 * q * q)
    assert [ef_change100(q) for q in range(6)] == [-80, -54, -32, -14, 0, 10]
    assert Sm2State().ef == 2.5  # "With all items associate an E-Factor equal to 2.5"


def test_the_first_intervals_are_one_and_six_days_then_grow_by_the_e_factor_rounded_up():
    state = Sm2State()
    intervals = []
    for _ in range(5):
        state = sm2_next(state, "good")
        intervals.append(state.interval)
    # I(1)=1, I(2)=6, I(n)=I(n-1)*EF: 6*2.5=15, 15*2.5=37.5 -> 38 ("round it up"), 38*2.5=95
    assert intervals == [1, 6, 15, 38, 95]
    assert [r["interval"] for r in review_schedule(["easy"] * 3)] == [1, 6, 17]  # 6 * 2.8 = 16.8
    assert [r["interval"] for r in review_schedule(["hard"] * 3)] == [1, 6, 13]  # 6 * 2.08 = 12.48


def test_the_e_factor_never_falls_below_1_3():
    efs = [row["ef"] for row in review_schedule(["hard"] * 12)]
    assert efs[:3] == [2.36, 2.22, 2.08]
    assert min(efs) == 1.3 and efs[-1] == 1.3


def test_a_grade_below_3_starts_again_from_one_day_with_the_e_factor_unchanged():
    state = Sm2State(repetitions=4, ef=2.36, interval=90)
    after = sm2_next(state, "again")
    assert (after.repetitions, after.ef, after.interval) == (0, 2.36, 1)
    for q in (0, 1, 2):  # every failing grade has the same effect
        assert sm2_next(state, q) == after
    again = [r["interval"] for r in review_schedule(["good", "good", "good", "again", "good", "good"])]
    assert again == [1, 6, 15, 1, 1, 6]


def test_cards_answered_below_good_come_back_the_same_day_until_good():
    entry = spacing.review_card(None, "hard", "2026-03-02")
    assert entry["drill"] == "2026-03-02" and entry["due"] == "2026-03-03"
    assert spacing.drill_card(entry, "hard")["drill"] == "2026-03-02"
    done = spacing.drill_card(entry, "good")
    assert done["drill"] == "" and done["due"] == entry["due"] and done["n"] == entry["n"]
    assert spacing.review_card(None, "good", "2026-03-02")["drill"] == ""


# ---- the Python widget ----------------------------------------------------------------------------

def test_the_widget_counts_due_and_new_cards_per_chapter_and_rejects_junk_progress():
    widget = ReviewDeck(today="2026-03-02")
    first = widget.session()[0]
    entry = spacing.review_card(None, "good", "2026-03-01")
    widget.progress = {"cards": {first: entry, "x": "junk"}, "settings": {"newPerDay": 3, "y": 1}}
    assert widget.progress == {"cards": {first: entry}, "settings": {"newPerDay": 3}}
    row = widget.due_counts()[0]
    assert (row["due"], row["started"], row["new"]) == (1, 1, row["cards"] - 1)
    assert widget.session() == [first] + [c["id"] for c in widget.cards[1:4]]
    assert widget.intervals(first) == {"again": 1, "hard": 6, "good": 6, "easy": 6}
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        widget.today = "2 March"
    with pytest.raises(ValueError, match="unknown card"):
        widget.intervals("root:L9:skin")


# ---- the browser's scheduler equals the Python reference -------------------------------------------

def _deck_page(page, **kwargs):
    from widget_harness import import_module, open_static

    widget = ReviewDeck(**kwargs)
    open_static(page, [widget])
    import_module(page, widget._esm)
    return widget


@pytest.mark.browser
def test_javascript_intervals_and_dates_equal_python_for_every_short_answer_sequence(watched_page):
    page = watched_page
    _deck_page(page, today="2026-03-02")
    sequences = [list(s) for n in range(1, 6) for s in itertools.product(spacing.GRADES, repeat=n)]
    sequences += [["good"] * 12, ["easy"] * 12, ["hard"] * 14, ["again", "easy"] * 6]
    starts = ["2026-03-02", "2028-02-27", "2026-12-30", "2026-10-24"]  # leap day, new year, DST
    js = page.evaluate("""([sequences, starts]) => {
        const m = window.widgetModule;
        return sequences.map((grades, i) => {
            let entry = null, day = starts[i % starts.length];
            const rows = [];
            for (const g of grades) {
                const state = entry ? { n: entry.n, ef: entry.ef, interval: entry.interval }
                    : { n: 0, ef: 2.5, interval: 0 };
                const step = m.sm2Next(state, g);
                entry = m.reviewCard(entry, g, day);
                rows.push([step.n, step.ef, step.interval, entry.due, entry.drill, entry.lapses]);
                day = entry.due;
            }
            return rows;
        });
    }""", [sequences, starts])
    assert page.evaluate("window.widgetModule.QUALITY") == spacing.QUALITY
    for index, grades in enumerate(sequences):
        entry, day, rows = None, starts[index % len(starts)], []
        for grade in grades:
            state = Sm2State() if entry is None else Sm2State(entry["n"], entry["ef"], entry["interval"])
            step = sm2_next(state, grade)
            entry = spacing.review_card(entry, grade, day)
            rows.append([step.repetitions, step.ef, step.interval, entry["due"], entry["drill"],
                         entry["lapses"]])
            day = entry["due"]
        assert js[index] == rows, grades
    assert len(sequences) > 1300
    assert page.watch.console_errors == []


@pytest.mark.browser
def test_javascript_session_queue_and_cleaning_equal_python(watched_page):
    page = watched_page
    widget = _deck_page(page, today="2026-03-02")
    rng = random.Random(20260302)
    ids = [c["id"] for c in widget.cards]
    chapters = sorted({c["chapter"] for c in widget.cards})
    cases = []
    for _ in range(150):
        today = f"2026-03-{rng.randint(1, 28):02d}"
        cards = {}
        for card_id in rng.sample(ids, rng.randint(0, 60)):
            entry = None
            day = f"2026-02-{rng.randint(1, 28):02d}"
            for grade in rng.choices(spacing.GRADES, k=rng.randint(1, 4)):
                entry = spacing.review_card(entry, grade, day)
                day = min(entry["due"], today)
            cards[card_id] = entry
        junk = [None, 7, "x", [1], {"n": -1}, {"n": 1.5, "ef": 2.5}, {"n": 1, "ef": float("inf")}]
        for value in rng.sample(junk, 2):
            cards[f"junk-{rng.random()}"] = value
        settings = {"excluded": rng.sample(chapters, rng.choice([0, 1, 3, len(chapters)])) + [5]}
        if rng.random() < 0.5:
            settings["newPerDay"] = rng.choice([1, 5, 20, 0, 101, "7"])
        cases.append([{"cards": cards, "settings": settings}, today, rng.choice([5, 10, 20])])
    # float('inf') is not JSON: send it as the JSON the browser would read (null), like storage does
    payload = json.loads(json.dumps(cases).replace("Infinity", "null"))
    js = page.evaluate("""([cards, cases]) => cases.map(([progress, today, perDay]) => [
        window.widgetModule.sessionQueue(cards, progress, today, perDay),
        window.widgetModule.cleanProgress(progress)])""", [widget.cards, payload])
    for (progress, today, per_day), (queue, clean) in zip(payload, js, strict=True):
        assert queue == spacing.session_queue(widget.cards, progress, today, per_day)
        assert clean == spacing.clean_progress(progress)
    assert any(len(q) > 10 for q, _ in js) and any(q == [] for q, _ in js)


# ---- the deck in the browser: a session, export, import, storage problems ---------------------------

def _stored(page) -> dict:
    return page.evaluate("JSON.parse(localStorage.getItem('legpain-review-deck:v1') || 'null')")


def _answer(page, grade: str) -> None:
    page.get_by_role("button", name="Show the answer").click()
    page.locator(".lprd-grade-" + grade).click()


@pytest.mark.browser
def test_a_days_session_ends_and_says_when_the_next_cards_are_due(watched_page):
    from widget_harness import open_static

    page = watched_page
    open_static(page, [ReviewDeck(today="2026-03-02", new_per_day=3)])
    assert "3 cards left today" in page.locator(".lprd-summary").inner_text()
    _answer(page, "good")
    _answer(page, "again")  # comes back once more today
    _answer(page, "easy")
    assert "1 card left today" in page.locator(".lprd-summary").inner_text()
    assert "once more today" in page.locator(".lprd-meta").inner_text()
    _answer(page, "good")  # the repeat, now good: done
    done = page.locator(".lprd-done")
    assert done.is_visible() and "Done for today." in done.inner_text()
    assert "Your next cards are due tomorrow (Tuesday 3 March)." in done.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('lprd-done')")
    stored = _stored(page)["cards"]
    assert len(stored) == 3 and all(e["due"] == "2026-03-03" for e in stored.values())
    assert page.watch.console_errors == [] and page.watch.external == []


@pytest.mark.browser
def test_export_then_a_cleared_browser_then_import_restores_the_same_progress(browser, tmp_path):
    from widget_harness import static_page

    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    try:
        url = static_page([ReviewDeck(today="2026-03-02")])
        page.goto(url)
        page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")
        for grade in ("good", "hard", "easy", "again", "good"):
            _answer(page, grade)
        page.get_by_label("New cards a day").select_option("5")
        before = _stored(page)
        assert len(before["cards"]) == 5 and before["settings"]["newPerDay"] == 5
        with page.expect_download() as download:
            page.get_by_role("button", name="Export my progress").click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        assert path.name == "legpain-review-deck-2026-03-02.json"
        exported = json.loads(path.read_text(encoding="utf-8"))
        assert exported["format"] == "legpain-review-deck" and exported["version"] == 1
        assert exported["cards"] == before["cards"]
        assert "Saved legpain-review-deck-2026-03-02.json" in page.locator(".lprd-status").inner_text()

        page.evaluate("localStorage.clear()")
        page.reload()
        page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")
        assert _stored(page) is None
        assert f"0 of {len(review_cards())} started" in page.locator(".lprd-summary").inner_text()

        page.get_by_label("Import progress from a file").set_input_files(str(path))
        page.wait_for_function("document.querySelector('.lprd-status').textContent.includes('Imported')")
        assert _stored(page) == before
        assert f"5 of {len(review_cards())} started" in page.locator(".lprd-summary").inner_text()

        bad = tmp_path / "notes.json"
        bad.write_text('{"cards": {}}', encoding="utf-8")
        page.get_by_label("Import progress from a file").set_input_files(str(bad))
        page.wait_for_function("document.querySelector('.lprd-status').textContent.includes('nothing')")
        assert _stored(page) == before
    finally:
        context.close()


@pytest.mark.browser
def test_a_save_that_fails_is_said_in_words(watched_page):
    from test_widget_contract_browser import JUNK_STORAGE
    from widget_harness import open_static

    page = watched_page
    page.add_init_script(JUNK_STORAGE)
    open_static(page, [ReviewDeck(today="2026-03-02")])
    _answer(page, "good")
    notice = page.locator(".legpain-storage-notice")
    assert notice.count() == 1 and notice.is_visible() and "full" in notice.inner_text()
    # the session goes on in memory
    assert f"1 of {len(review_cards())} started" in page.locator(".lprd-summary").inner_text()
    assert page.watch.console_errors == []


@pytest.mark.browser
def test_in_jupyterlab_python_sees_the_progress_the_browser_saved(browser, tmp_path_factory):
    from lab import Lab, error_outputs, open_notebook, run_all, run_code

    server = Lab(tmp_path_factory.mktemp("lab"))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        open_notebook(page, server, "practice_review_deck.ipynb")
        run_all(page)
        assert error_outputs(page) == []
        deck = page.locator(".lprd").first
        deck.wait_for(timeout=30000)
        deck.get_by_role("button", name="Show the answer").click()
        deck.locator(".lprd-grade-good").click()
        output = run_code(page, "print(len(deck.progress['cards']), deck.due_counts()[0]['started'])")
        assert "1 1" in output, output
    finally:
        context.close()
        server.stop()


@pytest.mark.browser
def test_the_answer_grades_and_chapter_list_are_readable_in_every_colour_mode(watched_page):
    from test_widget_palette_browser import CONTRAST, MODES, set_mode
    from widget_harness import open_static

    page = watched_page
    open_static(page, [ReviewDeck(today="2026-03-02")])
    page.get_by_role("button", name="Chapters to study").click()
    _answer(page, "again")
    page.get_by_role("button", name="Show the answer").click()
    assert page.locator(".lprd-grade").count() == 4
    for mode in MODES:
        set_mode(page, mode)
        result = page.evaluate(CONTRAST, ".legpain-static-widget")
        assert result["checked"] > 30 and result["failures"] == [], (mode, result["failures"])
    assert page.watch.console_errors == []

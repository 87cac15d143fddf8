"""The Check-yourself quiz: data validation, the answers trait, and its front end in Chromium."""

from __future__ import annotations

import pytest
import yaml

from legpain.knowledge.loading import DataError
from legpain.widgets import quiz as quiz_module
from legpain.widgets.quiz import Quiz, load_quiz, quiz_ids


def test_every_shipped_quiz_loads_and_follows_the_rules():
    assert "how-to-use" in quiz_ids()
    for quiz_id in quiz_ids():
        data = load_quiz(quiz_id)
        assert len(data["questions"]) >= 3
        for question in data["questions"]:
            assert all(option["feedback"] for option in question["options"])


def test_unknown_quiz_names_the_valid_ones():
    with pytest.raises(ValueError, match="how-to-use"):
        Quiz("no-such-quiz")


@pytest.fixture()
def quiz_folder(tmp_path, monkeypatch):
    """Point the quiz loader at a temporary data folder."""
    (tmp_path / "quizzes").mkdir()
    monkeypatch.setattr(quiz_module, "DATA_DIR", tmp_path)
    import legpain.knowledge.loading as data

    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    data.load_yaml.cache_clear()
    load_quiz.cache_clear()
    yield tmp_path / "quizzes"
    data.load_yaml.cache_clear()
    load_quiz.cache_clear()


def _question(qid, kind="single", correct=(True, False)):
    return {"id": qid, "type": kind, "prompt": "p",
            "options": [{"text": f"o{i}", "correct": c, "feedback": "f"} for i, c in enumerate(correct)]}


@pytest.mark.parametrize("broken, message", [
    ({"questions": [_question("a"), _question("b")]}, "at least three questions"),
    ({"questions": [_question("a"), _question("a"), _question("c")]}, "duplicate question id"),
    ({"questions": [_question("a", correct=(True, True)), _question("b"), _question("c")]},
     "exactly one correct option"),
    ({"questions": [_question("a", "multiple", (False, False)), _question("b"), _question("c")]},
     "at least one correct option"),
    ({"questions": [_question("a", "essay"), _question("b"), _question("c")]}, "is not one of"),
])
def test_bad_quiz_data_names_file_entry_and_field(quiz_folder, broken, message):
    (quiz_folder / "broken.yaml").write_text(yaml.safe_dump({"id": "broken", **broken}))
    with pytest.raises(DataError, match=message) as error:
        load_quiz("broken")
    assert "quizzes/broken.yaml" in str(error.value)


def test_answers_trait_keeps_good_answers_and_drops_bad_state():
    quiz = Quiz("how-to-use")
    quiz.answers = {"needs-kernel": [1], "keyboard": [0, 1, 7, "x", True], "nonsense": [0],
                    "typo": "not a list"}
    assert quiz.answers == {"needs-kernel": [1], "keyboard": [0, 1]}
    assert quiz.score() == (2, 4)


def test_repr_has_no_memory_address():
    data, _ = Quiz("how-to-use")._repr_mimebundle_()
    assert data["text/plain"] == "Quiz(…)"


@pytest.mark.browser
def test_quiz_from_saved_state_survives_bad_stored_answers(watched_page):
    from widget_harness import open_static

    page = watched_page
    page.goto("about:blank")
    open_static(page, [Quiz("how-to-use")])
    # corrupt what the browser remembers, then reload: the quiz must still work
    page.evaluate("localStorage.setItem('legpain-quiz:v1:how-to-use', '{\"needs-kernel\": "
                  "{\"selected\": [99, \"x\"], \"checked\": true}, \"keyboard\": 5}')")
    page.reload(wait_until="load")
    page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")
    question = page.locator('fieldset[data-question="needs-kernel"]')
    question.get_by_label("Read a widget's current selection from Python code").check()
    question.get_by_role("button", name="Check answer").click()
    assert question.locator(".lpq-result").inner_text() == "Correct."
    assert page.watch.console_errors == []
    assert page.watch.external == []


def _ready(page):
    page.wait_for_function("document.documentElement.dataset.legpainWidgets === 'ready'")


def _shown_texts(page, question_id):
    """Option texts of one question, top to bottom, as the student sees them."""
    return page.locator(f'fieldset[data-question="{question_id}"] .lpq-option label').all_inner_texts()


def test_options_are_shown_in_the_seeded_order_python_computes():
    from legpain.widgets.quiz import display_order

    data = load_quiz("treatment")
    question = data["questions"][0]
    order = display_order(len(question["options"]), 5, f"treatment:{question['id']}")
    assert sorted(order) == list(range(len(question["options"])))
    assert Quiz("treatment", seed=5).seed == 5
    assert Quiz("treatment").seed == 0  # a new order on every page load


@pytest.mark.browser
def test_js_shuffle_and_option_keys_match_python(watched_page):
    from widget_harness import import_module, open_static

    from legpain.widgets.quiz import display_order, option_key

    page = watched_page
    widget = Quiz("how-to-use")
    open_static(page, [widget])
    import_module(page, widget._esm)
    cases = [(n, seed, scope) for n in (2, 3, 4, 6) for seed in (1, 7, 123456, 4294967295)
             for scope in ("how-to-use:keyboard", "cauda-equina-syndrome:urgency", "é–ü:ü")]
    got = page.evaluate("(cases) => cases.map(([n, s, scope]) => widgetModule.displayOrder(n, s, scope))",
                        cases)
    assert got == [display_order(*c) for c in cases]
    texts = ["Tab and Shift+Tab", "L4–L5 “paracentral” disc", "", "ü" * 40]
    assert page.evaluate("(t) => t.map(widgetModule.optionKey)", texts) == [option_key(t) for t in texts]
    assert page.watch.console_errors == []


@pytest.mark.browser
def test_a_wrong_first_try_shows_only_its_own_feedback_and_a_hint(watched_page):
    from conftest import screenshot
    from widget_harness import open_static

    from legpain.widgets.quiz import display_order

    page = watched_page
    page.goto("about:blank")
    open_static(page, [Quiz("treatment", seed=3)])
    data = load_quiz("treatment")
    question = next(q for q in data["questions"] if q["explanation"])
    order = display_order(len(question["options"]), 3, f"treatment:{question['id']}")
    assert _shown_texts(page, question["id"]) == [question["options"][i]["text"] for i in order]
    wrong = next(o for o in question["options"] if not o["correct"])
    box = page.locator(f'fieldset[data-question="{question["id"]}"]')
    box.get_by_label(wrong["text"], exact=True).check()
    box.get_by_role("button", name="Check answer").click()
    assert box.locator(".lpq-result").inner_text().startswith("Not quite")
    visible = box.locator(".lpq-feedback:visible")
    assert visible.count() == 1
    assert visible.inner_text() == f"You chose this. ✗ Not right: {wrong['feedback']}"
    shown = box.inner_text()
    for other in question["options"]:
        if other is not wrong:
            assert other["feedback"] not in shown  # the right answer is not given away
    assert box.locator(".lpq-tip").inner_text() == f"Hint: {question['explanation']}"
    page.set_viewport_size({"width": 800, "height": 900})
    box.scroll_into_view_if_needed()
    box.screenshot(path="/tmp/quiz_wrong_try.png")
    screenshot(page, "quiz_wrong_try", full_page=False)
    # the student may ask for every answer, explicitly
    box.get_by_role("button", name="Show all answers").click()
    assert box.locator(".lpq-feedback:visible").count() == len(question["options"])
    assert box.locator(".lpq-tip").is_hidden()
    assert box.get_by_role("button", name="Show all answers").is_hidden()
    # a right answer shows every option's feedback too
    other = next(q for q in data["questions"] if q["id"] != question["id"] and q["type"] == "single")
    other_box = page.locator(f'fieldset[data-question="{other["id"]}"]')
    right = next(o for o in other["options"] if o["correct"])
    other_box.get_by_label(right["text"], exact=True).check()
    other_box.get_by_role("button", name="Check answer").click()
    assert other_box.locator(".lpq-result").inner_text() == "Correct."
    assert other_box.locator(".lpq-feedback:visible").count() == len(other["options"])
    assert page.watch.console_errors == []
    assert page.watch.external == []


@pytest.mark.browser
def test_keyboard_only_wrong_try_then_show_all(watched_page):
    from widget_harness import open_static

    page = watched_page
    open_static(page, [Quiz("how-to-use", seed=11)])
    question = load_quiz("how-to-use")["questions"][0]
    box = page.locator(f'fieldset[data-question="{question["id"]}"]')
    box.locator("input").first.focus()
    # arrow keys move between the radio buttons in display order until a wrong option is chosen
    for _ in range(len(question["options"])):
        page.keyboard.press("Space")
        picked = int(page.evaluate("document.activeElement.value"))
        if not question["options"][picked]["correct"]:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # Check answer
    page.keyboard.press("Enter")
    assert box.locator(".lpq-feedback:visible").count() == 1
    page.keyboard.press("Tab")  # Try again
    page.keyboard.press("Tab")  # Show all answers
    assert page.evaluate("document.activeElement.textContent") == "Show all answers"
    page.keyboard.press("Enter")
    assert box.locator(".lpq-feedback:visible").count() == len(question["options"])
    assert page.evaluate("document.activeElement.classList.contains('lpq-result')")
    assert page.watch.console_errors == []


@pytest.mark.browser
def test_a_stored_answer_survives_a_reload_with_the_shuffle(watched_page):
    import json

    from widget_harness import open_static

    page = watched_page
    page.goto("about:blank")
    open_static(page, [Quiz("treatment")])  # seed 0: a new order on every load
    data = load_quiz("treatment")
    question = next(q for q in data["questions"] if len(q["options"]) >= 3)
    wrong = next(o for o in question["options"] if not o["correct"])
    box = page.locator(f'fieldset[data-question="{question["id"]}"]')
    box.get_by_label(wrong["text"], exact=True).check()
    box.get_by_role("button", name="Check answer").click()
    order_before = _shown_texts(page, question["id"])
    stored = json.loads(page.evaluate("localStorage.getItem('legpain-quiz:v1:treatment')"))
    entry = stored[question["id"]]
    assert entry["checked"] is True and "selected" not in entry  # identity, not screen position
    orders = set()
    for _ in range(4):
        page.reload(wait_until="load")
        _ready(page)
        box = page.locator(f'fieldset[data-question="{question["id"]}"]')
        assert box.get_by_label(wrong["text"], exact=True).is_checked()
        assert _shown_texts(page, question["id"]) == order_before  # same order as when answered
        assert box.locator(".lpq-feedback:visible").count() == 1
        assert wrong["feedback"] in box.locator(".lpq-fb-picked").inner_text()
        orders.add(tuple(_shown_texts(page, q["id"])[0] for q in data["questions"]
                         if q["id"] != question["id"]))
    assert len(orders) > 1  # unanswered questions are shuffled afresh on each load
    # an answer stored in the old format (option indices in data order) still counts
    right = next(i for i, o in enumerate(question["options"]) if o["correct"])
    page.evaluate("(v) => localStorage.setItem('legpain-quiz:v1:treatment', v)",
                  json.dumps({question["id"]: {"selected": [right], "checked": True}}))
    page.reload(wait_until="load")
    _ready(page)
    box = page.locator(f'fieldset[data-question="{question["id"]}"]')
    assert box.get_by_label(question["options"][right]["text"], exact=True).is_checked()
    assert box.locator(".lpq-result").inner_text() == "Correct."
    assert page.locator(".lpq-score").inner_text().startswith("1 of")
    assert page.watch.console_errors == []


@pytest.mark.browser
def test_junk_in_storage_does_not_stop_other_quizzes_and_answers_are_saved(watched_page):
    import json

    from widget_harness import open_static

    page = watched_page
    page.goto("about:blank")
    open_static(page, [Quiz("how-to-use"), Quiz("treatment")])
    treatment = load_quiz("treatment")["questions"]
    page.evaluate("""([a, b]) => {
        localStorage.setItem('legpain-quiz:v1:how-to-use', a);
        localStorage.setItem('legpain-quiz:v1:treatment', b);
    }""", ["[1, 2, 3]", json.dumps({
        treatment[0]["id"]: {"picked": [5, None, "nope"], "checked": True},
        treatment[1]["id"]: "x",
        treatment[2]["id"]: {"selected": "all", "checked": "yes", "seed": -4},
        "no-such-question": [1],
    })])
    page.reload(wait_until="load")
    _ready(page)
    for quiz_id in ("how-to-use", "treatment"):
        expected = len(load_quiz(quiz_id)["questions"])
        section = page.locator(".lpq").filter(has=page.locator(
            f'fieldset[data-question="{load_quiz(quiz_id)["questions"][0]["id"]}"]'))
        assert section.locator("fieldset.lpq-question").count() == expected
        assert section.locator(".lpq-score").inner_text() == f"0 of {expected} answered correctly"
    assert page.locator(".lpq-feedback:visible").count() == 0
    for quiz_id in ("how-to-use", "treatment"):
        question = load_quiz(quiz_id)["questions"][0]
        right = [o for o in question["options"] if o["correct"]]
        box = page.locator(f'fieldset[data-question="{question["id"]}"]')
        for option in right:
            box.get_by_label(option["text"], exact=True).check()
        box.get_by_role("button", name="Check answer").click()
        assert box.locator(".lpq-result").inner_text() == "Correct."
        stored = json.loads(page.evaluate(f"localStorage.getItem('legpain-quiz:v1:{quiz_id}')"))
        assert isinstance(stored, dict) and stored[question["id"]]["checked"] is True
    page.reload(wait_until="load")
    _ready(page)
    for quiz_id in ("how-to-use", "treatment"):
        question = load_quiz(quiz_id)["questions"][0]
        box = page.locator(f'fieldset[data-question="{question["id"]}"]')
        assert box.locator(".lpq-result").inner_text() == "Correct."
    assert page.watch.console_errors == []
    assert page.watch.external == []

"""The Check-yourself quiz: data validation, the answers trait, and its front end in Chromium."""

from __future__ import annotations

import pytest
import yaml

from legpain._data import DataError
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
    import legpain._data as data

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

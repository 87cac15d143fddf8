"""`course.py`'s command line: every command the README and the instructor guide document does what
they say, stray arguments are refused, and the student edition really has no solutions."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import course  # noqa: E402

DOCUMENTS = [ROOT / "README.md", ROOT / "book" / "instructor_guide.md"]
#: every documented command line -> the action it must parse to (command and options)
EXPECTED = {
    "build": {"command": "build", "without_solutions": False},
    "build --without-solutions": {"command": "build", "without_solutions": True},
    "test": {"command": "test", "fast": False, "no_build": False, "pytest_args": []},
    "test --fast": {"command": "test", "fast": True, "no_build": False, "pytest_args": []},
    "test --fast -k triage": {"command": "test", "fast": True, "pytest_args": ["-k", "triage"]},
    "lab": {"command": "lab"},
    "execute": {"command": "execute", "names": []},
    "execute name": {"command": "execute", "names": ["name"]},
    "execute NN_short_title": {"command": "execute", "names": ["NN_short_title"]},
    "pages": {"command": "pages"},
    "bench": {"command": "bench", "hub": False},
    "bench --hub": {"command": "bench", "hub": True},
    "lock": {"command": "lock"},
    "linkcheck": {"command": "linkcheck"},
    "pdf": {"command": "pdf"},
    "screenshots": {"command": "screenshots", "names": [], "no_build": False},
    "screenshots 08_red_flags": {"command": "screenshots", "names": ["08_red_flags"]},
}


def documented_command_lines() -> set[str]:
    """`python3 course.py ...` as written in the docs, up to a closing backtick, comment or line end;
    an optional part in brackets (`execute [name]`) counts both without and with it."""
    found: set[str] = set()
    for document in DOCUMENTS:
        for match in re.finditer(r"python3 course\.py([^`#\n]*)", document.read_text(encoding="utf-8")):
            words = match.group(1).strip()
            if "[" in words:
                found.add(re.sub(r"\s*\[[^\]]*\]", "", words).strip())
                words = re.sub(r"\[([^\]]*)\]", r"\1", words)
            found.add(" ".join(words.split()))
    return found


def test_the_docs_document_the_commands_this_test_knows():
    documented = documented_command_lines()
    assert {"build", "test", "build --without-solutions", "test --fast"} <= documented
    unknown = documented - set(EXPECTED)
    assert not unknown, f"documented but not checked here (add them to EXPECTED): {sorted(unknown)}"


@pytest.mark.parametrize("line", sorted(documented_command_lines()))
def test_every_documented_command_line_parses_to_its_action(line):
    options = course.parse_command_line(shlex.split(line))
    for name, value in EXPECTED[line].items():
        assert getattr(options, name) == value, (line, name)


def test_build_without_solutions_is_the_student_edition_not_the_normal_book():
    """The bug: the flag used to fall into a catch-all and the normal book was built."""
    assert course.parse_command_line(["build", "--without-solutions"]).without_solutions is True
    assert course.parse_command_line(["build"]).without_solutions is False


def test_pytest_arguments_after_test_pass_through_in_order():
    options = course.parse_command_line(["test", "-x", "--no-build", "-k", "not slow", "tests/test_data.py"])
    assert options.no_build is True and options.fast is False
    assert options.pytest_args == ["-x", "-k", "not slow", "tests/test_data.py"]
    assert course.parse_command_line(["test", "--", "--fast"]).pytest_args == ["--fast"]


@pytest.mark.parametrize("argv", [
    ["build", "--without-solution"],       # a typo or an abbreviation is not silently accepted
    ["build", "extra"],
    ["build", "--fast"],
    ["--without-solutions", "build"],      # an option before its command
    ["pages", "now"],
    ["lab", "--port", "8888"],
    ["bench", "-k", "x"],
    ["bench", "--hubs"],
    ["setup", "--force"],
    ["execute", "--all"],
    ["biuld"],
    [],
    ["test", "--fast", "--no-build"],
])
def test_stray_arguments_are_refused_with_a_clear_message(argv, capsys):
    with pytest.raises(SystemExit) as stop:
        course.parse_command_line(argv)
    assert stop.value.code == 2
    message = capsys.readouterr().err
    assert "course.py: error:" in message
    stray = [a for a in argv if a not in ("build", "test", "pages", "lab", "bench", "setup", "execute")]
    assert all(a in message for a in stray[:1]) or "required" in message


def test_the_script_refuses_a_stray_argument_before_doing_anything():
    result = subprocess.run([sys.executable, str(ROOT / "course.py"), "build", "--without-solution"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "unrecognized argument(s): --without-solution" in result.stderr


def test_fast_subset_leaves_out_browser_book_and_notebook_runs():
    args = course.FAST_PYTEST_ARGS
    assert args[args.index("-m") + 1] == "not browser and not book"
    assert "no:nbval" in args and "addopts=-ra" in args  # no --nbval from pyproject's addopts


def test_fast_subset_hook_drops_tests_that_need_the_built_book_or_a_browser():
    class Item:
        def __init__(self, *fixtures):
            self.fixturenames = list(fixtures)

    class Hook:
        deselected: list = []

        def pytest_deselected(self, items):
            self.deselected.extend(items)

    class Config:
        hook = Hook()

    unit, book, page = Item("tmp_path"), Item("built_book"), Item("watched_page")
    hub = Item("class_hub")  # a JupyterHub whose students run chapters: a notebook run
    items = [unit, book, page, hub]
    course.pytest_collection_modifyitems(Config(), items)
    assert items == [unit] and Config.hook.deselected == [book, page, hub]


# --- the student edition ----------------------------------------------------------------------------

def test_student_config_is_the_book_config_with_solutions_hidden():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    student = course.student_config(config, ROOT)
    assert student["sphinx"]["config"]["hide_solutions"] is True
    # nothing else changes, except local extension paths made absolute (the file lives elsewhere)
    for name, path in student["sphinx"]["local_extensions"].items():
        assert Path(path).is_absolute() and Path(path) == (ROOT / config["sphinx"]["local_extensions"][name])
    strip = lambda c: {k: v for k, v in c.items() if k != "sphinx"}  # noqa: E731
    assert strip(student) == strip(config)
    assert "hide_solutions" not in config["sphinx"]["config"], "the book's own config is not changed"


def test_student_config_is_written_from_parsed_yaml(tmp_path):
    path = course.write_student_config(tmp_path, ROOT)
    written = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert written["sphinx"]["config"]["hide_solutions"] is True
    assert "legpain_book" in written["sphinx"]["config"]["extensions"]


@pytest.mark.book
def test_the_student_edition_contains_no_solution(tmp_path):
    """Build the student edition (notebook outputs as committed, so it takes about a minute) and
    look for the exercises' solutions in its HTML."""
    exercises = (ROOT / "book" / "generated" / "exercises.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\{solution\}[^\n]*\n(.*?)\n```", exercises, re.DOTALL)
    assert blocks, "the exercises page has solution blocks"
    # the explanation after each answer's bold part: "1. **(a) The L5 root.** Yes. Numbness on ..."
    # (only text that HTML writes unchanged: no quotes, dashes or markup, which Sphinx may rewrite)
    explanations = [m.group(1)[:40] for block in blocks
                    for m in re.finditer(r"^\d+\. \*\*.*?\*\* ([^*`{\[\"'&<>\n-]{40,})", block, re.MULTILINE)]
    assert len(explanations) >= len(blocks)

    config_path = course.write_student_config(tmp_path / "student", ROOT)
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["execute"]["execute_notebooks"] = "off"  # committed outputs: the test stays quick
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
    command = [str(part) for part in course.book_command(ROOT, config_path, tmp_path / "out")]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    html = tmp_path / "out" / "_build" / "html"
    page = (html / "book" / "generated" / "exercises.html").read_text(encoding="utf-8")
    assert "exercise-l5-paracentral-l4-l5" in page, "the exercises themselves are still there"
    for text in explanations:
        assert text not in page, f"solution text in the student edition: {text!r}"
    for path in html.rglob("*.html"):
        content = path.read_text(encoding="utf-8")
        assert 'class="solution' not in content and "Solution to" not in content, path

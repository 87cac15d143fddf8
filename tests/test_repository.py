"""The repository as a maintained project: licences, citation metadata, the contributor guide's
commands, the CI and publishing workflows, reproducible installs (pins, extras, lock file) and the
book's "Suggest a correction" link, which appears only for a real repository."""

from __future__ import annotations

import ast
import datetime
import importlib.metadata
import re
import shlex
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import legpain_repository  # noqa: E402

import course  # noqa: E402

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
WORKFLOWS = ROOT / ".github" / "workflows"


# --- licences -----------------------------------------------------------------------------------

def licence_ids() -> set[str]:
    """The SPDX ids of pyproject's licence expression (``A AND B``)."""
    return set(PROJECT["license"].split(" AND "))


def test_the_code_is_mit_and_the_content_cc_by_4():
    code = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert code.startswith("MIT License") and "Permission is hereby granted, free of charge" in code
    assert re.search(r"Copyright \(c\) \d{4} \S", code)
    content = (ROOT / "LICENSE-content.md").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International (CC BY 4.0)" in content
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in content
    assert "How to credit the course" in content and "Why back pain radiates to the leg" in content
    assert len(content) < 8000, "a summary and a link to the legal code, not the legal code itself"


def test_pyproject_names_both_licences_and_ships_both_files():
    assert licence_ids() == {"MIT", "CC-BY-4.0"}
    assert PROJECT["license-files"] == ["LICENSE", "LICENSE-content.md"]
    for name in PROJECT["license-files"]:
        assert (ROOT / name).is_file(), name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    licence_section = readme.split("## Licence", 1)[1]
    assert "(LICENSE)" in licence_section and "(LICENSE-content.md)" in licence_section


# --- CITATION.cff: the structure of the official CFF 1.2.0 schema ----------------------------------
# cffconvert (the PyPI package that bundles the schema) needs jsonschema<4, which the Jupyter stack
# (jupyter-events needs jsonschema>=4.18) rules out, so this checks the schema's rules itself. The
# key sets are the schema's own (https://citation-file-format.github.io/1.2.0/schema.json); the
# course's CITATION.cff was also validated once against that schema when it was written.

CFF_KEYS = {"abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
            "identifiers", "keywords", "license", "license-url", "message", "preferred-citation",
            "references", "repository", "repository-artifact", "repository-code", "title", "type",
            "url", "version"}
CFF_REQUIRED = {"authors", "cff-version", "message", "title"}
PERSON_KEYS = {"address", "affiliation", "alias", "city", "country", "email", "family-names", "fax",
               "given-names", "name-particle", "name-suffix", "orcid", "post-code", "region", "tel",
               "website"}
ENTITY_KEYS = {"address", "alias", "city", "country", "date-end", "date-start", "email", "fax",
               "location", "name", "orcid", "post-code", "region", "tel", "website"}
URL = re.compile(r"^(https|http|ftp|sftp)://.+")
DATE = re.compile(r"^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$")
SPDX_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+-]*$")


def _text(value: object) -> bool:
    return isinstance(value, str) and len(value) >= 1


def cff_problems(data: object) -> list[str]:
    """What is wrong with parsed CFF 1.2.0 metadata, as the schema would say it; [] when valid."""
    if not isinstance(data, dict):
        return ["the file is not a mapping"]
    problems = [f"missing required key {k!r}" for k in sorted(CFF_REQUIRED - set(data))]
    problems += [f"unknown key {k!r}" for k in sorted(set(data) - CFF_KEYS)]
    if data.get("cff-version") != "1.2.0":
        problems.append("cff-version must be the string '1.2.0'")
    for key in ("message", "title", "abstract", "commit"):
        if key in data and not _text(data[key]):
            problems.append(f"{key} must be a non-empty string")
    if "type" in data and data["type"] not in ("software", "dataset"):
        problems.append("type must be 'software' or 'dataset'")
    if "version" in data and not (_text(data["version"]) or isinstance(data["version"], int | float)):
        problems.append("version must be a non-empty string or a number")
    if "date-released" in data:  # YAML reads an unquoted date as a date: the schema casts it
        value = data["date-released"]
        if isinstance(value, datetime.date):
            value = value.isoformat()
        if not (isinstance(value, str) and DATE.match(value)):
            problems.append("date-released must be a date, YYYY-MM-DD")
    for key in ("url", "repository", "repository-code", "repository-artifact", "license-url"):
        if key in data and not (isinstance(data[key], str) and URL.match(data[key])):
            problems.append(f"{key} must be a URL")
    for key in ("authors", "contact"):
        people = data.get(key)
        if key not in data:
            continue
        if not isinstance(people, list) or not people:
            problems.append(f"{key} must be a non-empty list")
            continue
        for index, person in enumerate(people):
            if not isinstance(person, dict) or not person:
                problems.append(f"{key}[{index}] must be a person or an entity")
            elif "name" in person:  # an entity
                if not _text(person["name"]) or set(person) - ENTITY_KEYS:
                    problems.append(f"{key}[{index}]: an entity has a name and only "
                                    f"{sorted(ENTITY_KEYS)}")
            elif set(person) - PERSON_KEYS:
                problems.append(f"{key}[{index}]: unknown person keys {sorted(set(person) - PERSON_KEYS)}")
            elif not all(_text(v) for v in person.values()):
                problems.append(f"{key}[{index}]: every field is a non-empty string")
        if len({repr(sorted(p.items())) for p in people if isinstance(p, dict)}) != len(people):
            problems.append(f"{key} must not repeat an item")
    if "keywords" in data:
        words = data["keywords"]
        if not (isinstance(words, list) and words and all(_text(w) for w in words)
                and len(set(words)) == len(words)):
            problems.append("keywords must be a non-empty list of distinct, non-empty strings")
    if "license" in data:
        value = data["license"]
        ids = [value] if isinstance(value, str) else value
        if not (isinstance(ids, list) and ids and all(isinstance(i, str) and SPDX_ID.match(i)
                                                      for i in ids) and len(set(ids)) == len(ids)):
            problems.append("license must be an SPDX id or a list of distinct SPDX ids")
    return problems


def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_follows_the_cff_1_2_0_schema():
    assert cff_problems(citation()) == []


@pytest.mark.parametrize("change, problem", [
    (lambda d: d.pop("title"), "missing required key 'title'"),
    (lambda d: d.update(licence="MIT"), "unknown key 'licence'"),
    (lambda d: d.update({"cff-version": 1.2}), "cff-version"),
    (lambda d: d.update(authors=[]), "authors must be a non-empty list"),
    (lambda d: d.update(authors=[{"name": "X", "given-names": "Y"}]), "an entity"),
    (lambda d: d.update(authors=[{"family-name": "Smith"}]), "unknown person keys"),
    (lambda d: d.update(type="course"), "type must be"),
    (lambda d: d.update({"date-released": "2026-13-01"}), "date-released"),
    (lambda d: d.update({"repository-code": "github.com/x/y"}), "repository-code must be a URL"),
    (lambda d: d.update(keywords=["a", "a"]), "keywords"),
    (lambda d: d.update(license=["MIT", "MIT"]), "license"),
])
def test_the_citation_check_catches_what_the_schema_forbids(change, problem):
    data = citation()
    change(data)
    assert any(problem in p for p in cff_problems(data)), cff_problems(data)


def test_citation_title_version_licence_and_authors_match_the_project():
    data = citation()
    assert data["title"] == CONFIG["title"]
    assert PROJECT["description"].startswith(data["title"])
    assert str(data["version"]) == PROJECT["version"]
    import legpain

    assert legpain.__version__ == PROJECT["version"]
    licences = data["license"] if isinstance(data["license"], list) else [data["license"]]
    assert set(licences) == licence_ids()
    assert {a.get("name") for a in data["authors"]} == {CONFIG["author"]}


def test_citation_has_no_placeholder_address():
    """No link to the example repository: a real one is added when the course is published."""
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8").lower()
    example = _example_url().lower().removeprefix("https://")
    assert example not in text
    assert not any(marker in text for marker in ("<your", "your-org", "example.org", "example.com"))


# --- CONTRIBUTING.md: every `python3 course.py ...` it shows parses to what it says ----------------

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
#: every command line CONTRIBUTING.md shows -> the action it must parse to (None: prints help)
EXPECTED = {
    "--help": None,
    "setup": {"command": "setup"},
    "test": {"command": "test", "fast": False, "no_build": False, "pytest_args": []},
    "test --fast": {"command": "test", "fast": True, "no_build": False, "pytest_args": []},
    "test --fast -k triage": {"command": "test", "fast": True, "pytest_args": ["-k", "triage"]},
    "execute": {"command": "execute", "names": []},
    "execute NAME": {"command": "execute", "names": ["NAME"]},
    "execute 03_dermatomes_and_the_leg_pain_explorer":
        {"command": "execute", "names": ["03_dermatomes_and_the_leg_pain_explorer"]},
    "pages": {"command": "pages"},
    "build": {"command": "build", "without_solutions": False},
    "lab": {"command": "lab"},
    "lock": {"command": "lock"},
    "linkcheck": {"command": "linkcheck"},
}


def command_lines(document: Path) -> set[str]:
    """`python3 course.py ...` as written, up to a closing backtick, comment or line end; an optional
    part in brackets (`execute [NAME ...]`) counts both without and with it (an ellipsis dropped)."""
    found: set[str] = set()
    for match in re.finditer(r"python3 course\.py([^`#\n]*)", document.read_text(encoding="utf-8")):
        words = match.group(1).replace("...", " ").strip()
        if "[" in words:
            found.add(" ".join(re.sub(r"\s*\[[^\]]*\]", "", words).split()))
            words = re.sub(r"\[([^\]]*)\]", r"\1", words)
        found.add(" ".join(words.split()))
    return found


def test_contributing_shows_the_commands_a_contributor_needs():
    documented = command_lines(CONTRIBUTING)
    assert {"test --fast", "test", "execute", "pages", "lock"} <= documented
    unknown = documented - set(EXPECTED)
    assert not unknown, f"shown in CONTRIBUTING.md but not checked here (add to EXPECTED): {unknown}"


@pytest.mark.parametrize("line", sorted(command_lines(CONTRIBUTING)))
def test_every_contributing_command_line_parses_to_its_action(line, capsys):
    if EXPECTED[line] is None:
        with pytest.raises(SystemExit) as stop:
            course.parse_command_line(shlex.split(line))
        assert stop.value.code == 0 and "lock" in capsys.readouterr().out
        return
    options = course.parse_command_line(shlex.split(line))
    for name, value in EXPECTED[line].items():
        assert getattr(options, name) == value, (line, name)


def test_contributing_covers_facts_widgets_imports_and_the_two_content_rules():
    text = CONTRIBUTING.read_text(encoding="utf-8")
    for needed in ("src/legpain/knowledge/data/", "references/*.bib", "src/legpain/widgets/_base.py",
                   "CourseWidget", "widget_files", "src/legpain/widgets/_shared/",
                   "src/legpain/widgets/__init__.py", "tests/test_architecture.py",
                   "knowledge  <-  reasoning  <-  widgets  <-  notebooks",
                   "Every clinical number and claim is cited", "Nothing is copied from a source"):
        assert needed in text, needed
    for path in re.findall(r"`((?:src|tests|book|\.github)/[\w./-]+?)`", text):
        if "<" not in path and "*" not in path and not path.endswith("_browser.py"):
            assert (ROOT / path).exists(), f"CONTRIBUTING.md names a path that does not exist: {path}"


# --- workflows -----------------------------------------------------------------------------------

def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def uses(job: dict) -> list[str]:
    return [step["uses"] for step in job.get("steps", []) if "uses" in step]


def test_ci_runs_the_test_suite_on_pull_requests_and_pushes():
    ci = workflow("ci.yml")
    assert "pull_request" in ci["on"] and "push" in ci["on"]
    assert "main" in ci["on"]["push"]["branches"]
    test = ci["jobs"]["test"]
    assert test["runs-on"].startswith("ubuntu-")
    assert [s["run"] for s in test["steps"] if "run" in s] == [".ci/run"]
    assert "if" not in test, "the tests run on every trigger"


def test_publishing_waits_for_the_tests():
    ci = workflow("ci.yml")
    publish = ci["jobs"]["publish"]
    assert publish["needs"] in ("test", ["test"])
    assert publish["uses"] == "./.github/workflows/publish-book.yml"
    assert "refs/heads/main" in publish["if"] and "pull_request" not in publish["if"]
    assert publish["permissions"]["pages"] == "write" and publish["permissions"]["id-token"] == "write"
    pages = workflow("publish-book.yml")
    # only ever called by CI: no trigger of its own that could publish untested
    assert set(pages["on"]) == {"workflow_call"}
    assert pages["jobs"]["deploy"]["needs"] == "build"


def test_a_weekly_run_also_checks_the_external_links():
    ci = workflow("ci.yml")
    crons = [entry["cron"] for entry in ci["on"]["schedule"]]
    assert len(crons) == 1 and re.fullmatch(r"\d+ \d+ \* \* [0-6]", crons[0]), crons
    links = ci["jobs"]["links"]
    assert "schedule" in links["if"]
    assert any(s.get("run") == "python3 course.py linkcheck" for s in links["steps"])
    assert course.parse_command_line(["linkcheck"]).command == "linkcheck"


def test_actions_are_pinned_to_a_major_version():
    for path in WORKFLOWS.glob("*.yml"):
        for job in workflow(path.name)["jobs"].values():
            for action in uses(job):
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", action), f"{path.name}: {action}"


@pytest.mark.parametrize("returncode", [0, 1])
def test_the_linkcheck_command_runs_sphinx_linkcheck_and_keeps_its_report_out_of_the_site(
        tmp_path, monkeypatch, returncode):
    monkeypatch.setattr(course, "ROOT", tmp_path)
    monkeypatch.setattr(course, "BUILD_HTML", tmp_path / "_build" / "html")
    monkeypatch.setattr(course, "setup", lambda with_tests: None)
    monkeypatch.setattr(course, "pages", lambda: None)
    monkeypatch.setattr(course, "refresh_execution_cache", lambda: None)
    commands = []

    def fake_run(command, **kwargs):
        commands.append(command)
        course.BUILD_HTML.mkdir(parents=True)
        (course.BUILD_HTML / "output.txt").write_text("(page: line 1) broken https://x.invalid\n")
        (course.BUILD_HTML / "output.json").write_text("{}\n")
        return subprocess.CompletedProcess(command, returncode)

    monkeypatch.setattr(course.subprocess, "run", fake_run)
    if returncode:
        with pytest.raises(SystemExit) as stop:
            course.linkcheck()
        assert stop.value.code == returncode
    else:
        course.linkcheck()
    assert commands[0][0].endswith("jupyter-book")
    assert commands[0][1:] == ["build", str(tmp_path), "--builder", "linkcheck"]
    assert not list(course.BUILD_HTML.glob("output.*")), "no link report in the published site"
    assert (tmp_path / "_build" / "linkcheck" / "output.txt").read_text().startswith("(page")


# --- pins, extras and the lock ---------------------------------------------------------------------

def pins(path: Path) -> dict[str, str | None]:
    """name -> version of every requirement line of a requirements file (nested -r not followed);
    ``None`` for a line that is not an exact `name==version` pin."""
    found: dict[str, str | None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        requirement = Requirement(line)
        specifiers = list(requirement.specifier)
        exact = len(specifiers) == 1 and specifiers[0].operator == "=="
        found[canonicalize_name(requirement.name)] = specifiers[0].version if exact else None
    return found


LOCK = ROOT / "requirements-lock.txt"
RUNTIME_PINS = pins(ROOT / "requirements.txt")
TEST_PINS = pins(ROOT / "requirements-test.txt")


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-test.txt"])
def test_every_direct_requirement_is_pinned_exactly(name):
    loose = [package for package, version in pins(ROOT / name).items() if version is None]
    assert not loose, f"{name}: pin these with ==: {loose}"


def test_the_lock_pins_every_package_exactly_once_with_double_equals():
    names = []
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9.+!-]+", line), line
        names.append(canonicalize_name(line.partition("==")[0]))
    assert len(names) == len(set(names)), "a package pinned twice"
    assert "legpain" not in names, "the course's own package is installed from the repository"
    assert "pip" not in names
    assert len(names) > len(RUNTIME_PINS) + len(TEST_PINS), "transitive dependencies pinned too"


def test_every_direct_pin_is_in_the_lock_with_the_same_version():
    lock = pins(LOCK)
    for name, version in {**RUNTIME_PINS, **TEST_PINS}.items():
        assert lock.get(name) == version, f"{name}=={version} in requirements, {lock.get(name)} in the lock"


def test_the_lock_says_how_to_refresh_it():
    header = "".join(line for line in LOCK.read_text(encoding="utf-8").splitlines(keepends=True)
                     if line.startswith("#"))
    assert "python3 course.py lock" in header and "-c requirements-lock.txt" in header
    assert course.LOCK == LOCK
    assert course.parse_command_line(["lock"]).command == "lock"


def test_lock_text_pins_what_pip_froze_without_the_course_or_pip():
    frozen = textwrap.dedent("""\
        # Editable install with no version control (legpain==0.1.0)
        -e /somewhere/legpain
        numpy==2.4.6
        pip==25.3
        Babel==2.17.0
        setuptools==84.2.1
        anywidget==0.11.0
    """)
    text = course.lock_text(frozen, "3.11.7", "Linux x86_64")
    body = [line for line in text.splitlines() if not line.startswith("#")]
    assert body == ["anywidget==0.11.0", "Babel==2.17.0", "numpy==2.4.6", "setuptools==84.2.1"]
    assert "Python 3.11.7 (Linux x86_64)" in text and "python3 course.py lock" in text
    with pytest.raises(ValueError, match="not name==version"):
        course.lock_text("legpain @ file:///x\n", "3.11.7", "Linux x86_64")


def test_setup_installs_with_the_lock_and_reinstalls_when_it_changes(tmp_path, monkeypatch):
    venv = tmp_path / ".venv"
    monkeypatch.setattr(course, "VENV", venv)
    monkeypatch.setattr(course, "PYTHON", venv / "bin" / "python")
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").touch()  # an environment exists, without the current stamp
    calls = []
    monkeypatch.setattr(course, "run", lambda *args, **kwargs: calls.append([str(a) for a in args]))
    course.setup(with_tests=True)
    install = [c for c in calls if "-r" in c]
    assert install and install[0][install[0].index("-r") + 1].endswith("requirements-test.txt")
    assert install[0][install[0].index("-c") + 1] == str(LOCK)

    # the stamp keys on the lock too: a changed lock means installing again
    for name in ("requirements.txt", "requirements-test.txt", "pyproject.toml", LOCK.name):
        (tmp_path / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    before = course.requirements_digest(tmp_path)
    assert before == course.requirements_digest(ROOT)
    with (tmp_path / LOCK.name).open("a", encoding="utf-8") as lock:
        lock.write("zzz-new-package==1.0\n")
    assert course.requirements_digest(tmp_path) != before


def declared(requirements: list[str]) -> dict[str, Requirement]:
    result = {}
    for text in requirements:
        requirement = Requirement(text)
        result[canonicalize_name(requirement.name)] = requirement
    return result


RUNTIME = declared(PROJECT["dependencies"])
EXTRAS = {name: declared(items) for name, items in PROJECT["optional-dependencies"].items()}


def test_pyproject_extras_are_lab_book_hub_and_test():
    assert set(EXTRAS) == {"lab", "book", "hub", "test"}
    assert {"jupyterlab", "ipykernel"} <= set(EXTRAS["lab"])
    assert "jupyter-book" in EXTRAS["book"] and not EXTRAS["book"]["jupyter-book"].specifier.contains("2.0")
    # a class hub: JupyterHub, its proxy from PyPI (no Node.js) and nbgitpuller, with JupyterLab
    assert {"jupyterhub", "configurable-http-proxy", "nbgitpuller"} <= set(EXTRAS["hub"])
    assert EXTRAS["hub"]["legpain"].extras == {"lab"}
    assert EXTRAS["test"]["legpain"].extras == {"lab", "book", "hub"}


def test_requirements_txt_pins_exactly_the_runtime_lab_and_book_packages():
    """Students and Binder install requirements.txt: the same packages as `pip install .[lab,book]`,
    each pinned to a version that pyproject's range allows."""
    wanted = {**RUNTIME, **EXTRAS["lab"], **EXTRAS["book"]}
    assert set(RUNTIME_PINS) == set(wanted), set(RUNTIME_PINS) ^ set(wanted)
    for name, requirement in wanted.items():
        assert requirement.specifier.contains(RUNTIME_PINS[name], prereleases=True), (
            f"requirements.txt pins {name}=={RUNTIME_PINS[name]}, outside pyproject's {requirement}")


def test_requirements_test_txt_pins_exactly_the_test_extra():
    tools = {name: r for name, r in {**EXTRAS["test"], **EXTRAS["hub"]}.items() if name != "legpain"}
    assert set(TEST_PINS) == set(tools), set(TEST_PINS) ^ set(tools)
    for name, requirement in tools.items():
        assert requirement.specifier.contains(TEST_PINS[name], prereleases=True), (name, requirement)
    lines = (ROOT / "requirements-test.txt").read_text(encoding="utf-8").splitlines()
    assert "-r requirements.txt" in lines


def third_party_imports() -> set[str]:
    """Top-level modules that the runtime package (src/legpain) imports from outside itself."""
    found: set[str] = set()
    for path in (ROOT / "src" / "legpain").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in ("legpain", "__future__")}


def test_pip_install_dot_gives_what_the_package_imports_and_nothing_for_authors():
    distributions = importlib.metadata.packages_distributions()
    imported = third_party_imports()
    assert {"anywidget", "numpy", "yaml", "traitlets"} <= imported
    for module in sorted(imported):
        names = {canonicalize_name(d) for d in distributions.get(module, [])}
        assert names & set(RUNTIME), f"src/legpain imports {module} ({names}): declare it in dependencies"
    assert "ipywidgets" in RUNTIME, "the widgets' front-end manager in JupyterLab"
    tooling = {"jupyter-book", "myst-nb", "jupyterlab", "ipykernel", "pytest", "nbval", "playwright"}
    assert not tooling & set(RUNTIME)


# --- "Suggest a correction": only for a real repository --------------------------------------------

def _example_url() -> str:
    return CONFIG["sphinx"]["config"]["legpain_example_repository_url"]


REAL = "https://github.com/some-university/back-pain-course"


def test_the_book_as_shipped_links_to_no_issue_tracker():
    """The shipped repository.url is the example value: the published book has no link to it."""
    assert "legpain_repository" in CONFIG["sphinx"]["config"]["extensions"]
    assert CONFIG["repository"]["url"] == _example_url()
    assert legpain_repository.new_issue_url(CONFIG["repository"]["url"], _example_url()) is None


@pytest.mark.parametrize("url", [
    "", "https://github.com/<your-organisation>/<your-copy-of-the-course>",
    "https://github.com/your-org/your-copy", "https://github.com/{your-book-url}",
    "http://github.com/a/b", "https://github.com/just-an-org", "https://example.org/a/b",
    "https://github.com/a/b/tree/main", "https://bitbucket.org/a/b",
])
def test_no_link_for_an_empty_template_or_unsupported_address(url):
    assert legpain_repository.new_issue_url(url, _example_url()) is None


@pytest.mark.parametrize("url, issues", [
    (REAL, REAL + "/issues/new"),
    (REAL + "/", REAL + "/issues/new"),
    (REAL + ".git", REAL + "/issues/new"),
    ("https://gitlab.com/group/sub/course", "https://gitlab.com/group/sub/course/-/issues/new"),
])
def test_a_real_repository_gets_its_new_issue_address(url, issues):
    assert legpain_repository.new_issue_url(url, _example_url()) == issues
    # the example value is recognised whatever its spelling
    assert legpain_repository.new_issue_url(_example_url() + "/", _example_url()) is None


class _Config:
    def __init__(self, url: str) -> None:
        self.html_theme_options = {"repository_url": url}
        self.legpain_example_repository_url = _example_url()


class _App:
    def __init__(self, url: str) -> None:
        self.config = _Config(url)
        self.builder = type("Builder", (), {"link_suffix": ".html"})()


def _page(url: str, pagename: str = "book/red_flags", doctree: object = object()) -> str:
    context = {"body": "<h1>Red flags</h1><p>Text.</p>", "title": "Red <em>flags</em> &amp; triage"}
    legpain_repository._add_correction_link(_App(url), pagename, "page.html", context, doctree)
    return context["body"]


def test_a_page_gets_the_correction_link_only_with_a_real_repository():
    assert _page(_example_url()) == "<h1>Red flags</h1><p>Text.</p>"
    assert _page("") == "<h1>Red flags</h1><p>Text.</p>"
    body = _page(REAL)
    assert ">Suggest a correction</a>" in body and 'class="legpain-correction d-print-none"' in body
    href = re.search(r'href="([^"]+)"', body).group(1)
    assert href.startswith(REAL + "/issues/new?title=Correction%3A%20Red%20flags%20%26%20triage&amp;body=")
    assert "Page%3A%20book/red_flags.html" in href and "source" in href.lower()
    assert _page(REAL, pagename="search", doctree=None).endswith("<p>Text.</p>"), "not on search"


def test_a_real_repository_url_renders_the_link_in_a_sphinx_build(tmp_path):
    """A two-page Sphinx project with the book's theme and this extension, built with a real URL:
    every page links to a new issue, the search page does not. (With the example URL, the built
    book itself is checked below.)"""
    (tmp_path / "index.rst").write_text("Home\n====\n\nText.\n\n.. toctree::\n\n   other\n")
    (tmp_path / "other.rst").write_text("Other page\n==========\n\nMore text.\n")
    (tmp_path / "conf.py").write_text(textwrap.dedent(f"""\
        import sys
        sys.path.insert(0, {str(ROOT / "book" / "_ext")!r})
        extensions = ["legpain_repository"]
        html_theme = "sphinx_book_theme"
        html_theme_options = {{"repository_url": {REAL!r}}}
        legpain_example_repository_url = {_example_url()!r}
    """))
    out = tmp_path / "_build"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", str(tmp_path),
                             str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    for name, title in (("index", "Home"), ("other", "Other%20page")):
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        assert "Suggest a correction</a>" in page
        assert f'href="{REAL}/issues/new?title=Correction%3A%20{title}&amp;body=' in page
    assert "Suggest a correction" not in (out / "search.html").read_text(encoding="utf-8")


def _launch_links(tmp_path: Path, url: str) -> str:
    """Build a one-notebook Sphinx project with the book's theme, launch buttons and this extension
    for ``url``; return the notebook page's HTML."""
    import nbformat

    project = tmp_path / url.rstrip("/").rsplit("/", 1)[-1]
    project.mkdir()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A chapter\n\nText.")])
    nbformat.write(notebook, project / "chapter.ipynb")
    (project / "index.md").write_text("# Home\n\n```{toctree}\nchapter\n```\n")
    (project / "conf.py").write_text(textwrap.dedent(f"""\
        import sys
        sys.path.insert(0, {str(ROOT / "book" / "_ext")!r})
        extensions = ["myst_nb", "legpain_repository"]
        nb_execution_mode = "off"
        html_theme = "sphinx_book_theme"
        html_theme_options = {{"repository_url": {url!r}, "repository_branch": "main",
                               "launch_buttons": {{"binderhub_url": "https://mybinder.org",
                                                  "colab_url": "https://colab.research.google.com",
                                                  "notebook_interface": "jupyterlab"}}}}
        legpain_example_repository_url = {_example_url()!r}
    """))
    out = project / "_build"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(project), str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return (out / "chapter.html").read_text(encoding="utf-8")


def test_launch_buttons_appear_only_for_a_real_repository(tmp_path):
    real = _launch_links(tmp_path, REAL)
    assert "mybinder.org/v2/gh/some-university/back-pain-course/main" in real
    assert "colab.research.google.com/github/some-university/back-pain-course" in real
    example = _launch_links(tmp_path, _example_url())
    assert "mybinder.org/v2/" not in example and "colab.research.google.com/github/" not in example


def test_the_built_book_links_to_no_example_repository_issue(built_book):
    for path in built_book.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert "legpain-correction" not in page and "/issues/new" not in page, path

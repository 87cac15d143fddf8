"""A class on a real JupyterHub: the hub and its proxy (pyproject's `hub` extra, installed by
`python3 course.py setup` with the test requirements) start on 127.0.0.1, three simulated students log
in with the class password, open the course through the class's nbgitpuller link and run chapter 8
in their own kernels; every cell runs without error and shows its widgets. Also checks the Zero to
JupyterHub values and the example hub configuration that the instructor guide gives.

The machinery (the hub, a student with a browser's cookies) is benchmarks/jupyterhub_class.py's,
which runs the same class with 10 students (`python3 course.py bench --hub`). Not in the fast subset
(`course.py test --fast` leaves out every test that uses the `class_hub` fixture): it runs notebooks.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import scratch_folder

ROOT = Path(__file__).resolve().parents[1]
# the benchmark's module, loaded by its path (benchmarks/ is not put on sys.path)
_spec = importlib.util.spec_from_file_location("jupyterhub_class",
                                               ROOT / "benchmarks" / "jupyterhub_class.py")
hub_class = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = hub_class  # its dataclasses look their module up there
_spec.loader.exec_module(hub_class)

STUDENTS = ["ada", "ben", "chen"]
CHAPTER = "08_red_flags.ipynb"
GUIDE = ROOT / "book" / "instructor_guide.md"
VALUES = ROOT / "deploy" / "z2jh-values.yaml"
HUB_CONFIG = ROOT / "deploy" / "jupyterhub_config.py"


@pytest.fixture(scope="module")
def class_hub() -> Iterator[tuple[hub_class.ClassHub, str]]:
    """A running hub and the file:// URL of a bare clone of this checkout's HEAD (the class's
    repository); everything lives in the test run's scratch folder and stops when the module ends."""
    folder = scratch_folder("legpain-hub-")
    repo = hub_class.course_repository(folder)
    hub = hub_class.ClassHub(folder / "class")
    try:
        yield hub, repo
    finally:
        hub.stop()


def test_students_open_the_course_through_the_class_link_and_run_a_chapter(class_hub):
    hub, repo = class_hub
    link = hub_class.class_link(hub.url, repo, CHAPTER)
    assert "/hub/user-redirect/git-pull?repo=" in link and "branch=main" in link
    assert f"urlpath=lab%2Ftree%2F{hub_class.COURSE}%2Fnotebooks%2F{CHAPTER}" in link

    results: dict[str, object] = {}

    def attend(name: str) -> None:
        student = hub_class.Student(hub, name)
        try:
            student.log_in()
            course = Path(student.open_link(link))
            runs = student.run_notebook(f"{hub_class.COURSE}/notebooks/{CHAPTER}")
            results[name] = (course, runs, hub_class.check_runs(course / "notebooks" / CHAPTER, runs),
                             [p.pid for p in hub_class.user_processes(name)])
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            results[name] = error
        finally:
            student.close()

    threads = [threading.Thread(target=attend, args=(name,)) for name in STUDENTS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    failed = {name: result for name, result in results.items() if isinstance(result, Exception)}
    assert not failed, f"{failed}\n--- the hub's log ---\n{hub.log_tail()}"
    assert set(results) == set(STUDENTS)

    servers = set()
    for name in STUDENTS:
        course, runs, problems, pids = results[name]
        # nbgitpuller cloned the course into this student's own home
        assert course == hub.folder / "homes" / name / hub_class.COURSE
        assert (course / ".git").is_dir() and (course / "notebooks" / CHAPTER).is_file()
        # every code cell ran, none failed, and each widget the chapter shows was shown again
        assert not problems, (name, problems)
        cells = _saved_outputs(course / "notebooks" / CHAPTER)
        saved = sum(hub_class.widget_views(cells[run.index]) for run in runs)
        assert saved > 0, "chapter 8 shows widgets"
        assert hub_class.widget_views([o for run in runs for o in run.outputs]) >= saved
        assert pids, f"{name}'s server is running"
        servers.add(pids[0])
    assert len(servers) == len(STUDENTS), "one single-user server per student"


def _saved_outputs(notebook: Path) -> list[list[dict]]:
    """Each cell's outputs as saved in the notebook."""
    import json

    return [cell.get("outputs", []) for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]]


def test_a_wrong_class_password_is_refused(class_hub):
    hub, _ = class_hub
    student = hub_class.Student(hub, "mallory")
    try:
        with pytest.raises(RuntimeError, match="could not log in"):
            student.log_in(password="not-the-class-password")
    finally:
        student.close()
    assert hub.server("mallory") is None, "no server for someone who could not log in"


def test_stopping_the_hub_stops_the_proxy_every_server_and_kernel(class_hub):
    """Runs last in this module: stops the module's hub (the fixture's stop is then a no-op)."""
    import psutil

    hub, _ = class_hub
    started = hub.processes()
    assert len(started) >= 2, "the hub and its proxy at least"
    assert any("configurable-http-proxy" in " ".join(p.cmdline()) for p in started[1:])
    hub.stop()
    def alive(process) -> bool:
        try:
            return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    assert not [p for p in started if alive(p)]


# --- the recipe of the instructor guide ------------------------------------------------------------

def test_the_example_hub_configuration_names_only_real_settings():
    """deploy/jupyterhub_config.py (shown in the guide) parses, and every `c.Class.trait` it sets is
    a configurable trait of that JupyterHub class."""
    import jupyterhub.app
    import jupyterhub.auth
    import jupyterhub.authenticators.shared
    import jupyterhub.proxy
    import jupyterhub.spawner

    classes = {cls.__name__: cls for module in (jupyterhub.app, jupyterhub.auth, jupyterhub.spawner,
                                                  jupyterhub.authenticators.shared, jupyterhub.proxy)
               for cls in vars(module).values() if isinstance(cls, type)}
    tree = ast.parse(HUB_CONFIG.read_text(encoding="utf-8"))
    settings = [(node.value.attr, node.attr) for node in ast.walk(tree)
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute)
                and isinstance(node.value.value, ast.Name) and node.value.value.id == "c"]
    assert ("JupyterHub", "authenticator_class") in settings
    for class_name, trait in settings:
        assert class_name in classes, f"c.{class_name}: no such JupyterHub class"
        assert classes[class_name].class_traits(config=True).get(trait) is not None, (
            f"c.{class_name}.{trait} is not a setting")


def test_the_guide_gives_the_class_link_the_install_and_the_kubernetes_values():
    guide = GUIDE.read_text(encoding="utf-8")
    assert "## Running the course for a class on JupyterHub" in guide
    section = guide.split("## Running the course for a class on JupyterHub", 1)[1].split("\n## ", 1)[0]
    assert 'pip install ".[hub]"' in section
    assert "/hub/user-redirect/git-pull?repo=" in section and "urlpath=lab%2Ftree%2F" in section
    assert "deploy/jupyterhub_config.py" in section and "deploy/z2jh-values.yaml" in section
    assert "python3 course.py bench --hub" in section
    # the configuration the guide shows is the core of the file that comes with the course
    shown = section.split("```python\n", 1)[1].split("```", 1)[0]
    lines = set(HUB_CONFIG.read_text(encoding="utf-8").splitlines())
    assert [line for line in shown.splitlines() if line.strip() and line not in lines] == []


def test_zero_to_jupyterhub_values_use_the_binder_image_and_open_the_course():
    """The Helm values parse and set the keys the chart reads. (The chart and its values.schema.json
    cannot be installed offline, so the schema itself is not checked here.)"""
    values = yaml.safe_load(VALUES.read_text(encoding="utf-8"))
    image = values["singleuser"]["image"]
    assert isinstance(image["name"], str) and image["name"] and isinstance(image["tag"], str)
    default_url = values["singleuser"]["defaultUrl"]
    assert default_url.startswith("/lab/tree/")
    notebook = default_url.split("/notebooks/", 1)[1]
    assert (ROOT / "notebooks" / notebook).is_file(), default_url
    memory = values["singleuser"]["memory"]
    assert memory["guarantee"].endswith(("M", "G")) and memory["limit"].endswith(("M", "G"))
    hooks = values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert isinstance(hooks, list) and all(isinstance(part, str) for part in hooks)
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"]
    assert isinstance(values["cull"]["enabled"], bool) and values["cull"]["timeout"] > 0
    # the image is built from the repository's Binder context, as the guide says
    section = GUIDE.read_text(encoding="utf-8").split("### On Kubernetes: Zero to JupyterHub", 1)[1]
    assert "repo2docker" in section and ".binder/" in section
    assert f"/{image['name'].rsplit('/', 1)[1]}:" in section, "the guide builds the image the values name"
    # repo2docker puts the course outside the home volume; each start copies the notebooks from there
    assert "--target-repo-dir /srv/legpain-course" in section and "/srv/legpain-course/notebooks" in hooks[-1]
    assert (ROOT / ".binder" / "requirements.txt").is_file()


def test_the_hub_extra_is_installed_with_the_test_requirements():
    """A fresh machine's `python3 course.py setup` (and so the test command) installs the hub."""
    import importlib.metadata

    for name in ("jupyterhub", "configurable-http-proxy", "nbgitpuller"):
        assert importlib.metadata.version(name)
    assert (Path(sys.executable).parent / "configurable-http-proxy").exists() or os.name == "nt"

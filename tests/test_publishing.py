"""The ways an instructor publishes and runs the course: Pages workflow, Binder context, launch buttons."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_pages_workflow_builds_with_the_readme_command_and_publishes_the_site():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish-book.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    runs = [str(step.get("run", "")) for step in steps]
    assert "python3 course.py build" in runs
    pdf = [i for i, run in enumerate(runs) if "python3 course.py pdf --no-build" in run]
    assert pdf and pdf[0] > runs.index("python3 course.py build"), "the PDF is printed after the build"
    assert ".ci/install-chromium" in runs[pdf[0]]
    upload = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    assert upload and upload[0]["with"]["path"] == "_build/html"
    assert workflow["permissions"]["pages"] == "write"
    assert "python3 course.py build" in (ROOT / "README.md").read_text()


def test_binder_context_installs_the_pinned_course():
    binder = ROOT / ".binder"
    assert (binder / "runtime.txt").read_text().strip() == "python-3.11"
    lines = [line.strip() for line in (binder / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines == ["-r ../requirements.txt"]
    requirements = (ROOT / "requirements.txt").read_text().splitlines()
    assert "-e ." in requirements
    pinned = [r for r in requirements if r and not r.startswith(("#", "-"))]
    assert pinned and all("==" in r for r in pinned), "every direct dependency pinned exactly"
    assert any(r.startswith("jupyter-book==1.") for r in pinned)


PLACEHOLDER_HOSTS = ("example.edu", "example.com", "example.org", ".example/", ".example\"")


def test_launch_buttons_offer_binder_and_colab_and_no_placeholder_jupyterhub():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    buttons = config["launch_buttons"]
    for key in ("binderhub_url", "colab_url"):
        assert buttons[key].startswith("https://"), key
    # A class JupyterHub is the instructor's to set; until then no button points at a made-up host.
    hub = buttons.get("jupyterhub_url") or ""
    assert hub == "" or (hub.startswith("https://") and not any(h in hub for h in PLACEHOLDER_HOSTS))
    assert buttons["notebook_interface"] == "jupyterlab"
    assert config["repository"]["url"].startswith("https://github.com/")


def test_built_pages_offer_no_launch_button_to_the_example_repository(built_book):
    """The shipped repository.url is the example value, which is no repository: a Binder or Colab
    button would open a page that does not exist. (With a real URL the buttons appear: see
    tests/test_repository.py.)"""
    for path in (built_book / "notebooks").glob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert "mybinder.org/v2/" not in page and "colab.research.google.com/github/" not in page, path


def test_no_built_page_links_to_a_placeholder_host(built_book):
    for path in built_book.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        found = [h for h in PLACEHOLDER_HOSTS if h in text]
        assert not found, f"{path.relative_to(built_book)} links to a placeholder host: {found}"


def test_citations_read_author_and_year_not_bibliography_labels(built_book):
    page = (built_book / "notebooks" / "08_red_flags.html").read_text(encoding="utf-8")
    cited = re.findall(r'<span class="bibtex-citation"[^>]*>(.*?)</span>', page, re.S)
    assert cited, "chapter 08 cites its sources"
    text = [re.sub(r"<[^>]+>", "", c) for c in cited]
    assert not [t for t in text if re.search(r"[A-Z][A-Za-z]+\+?\d{2}\b", t)], text[:5]
    assert any(re.search(r"(19|20)\d\d", t) for t in text)


def test_course_script_rejects_an_unknown_command_and_names_the_valid_ones():
    result = subprocess.run([sys.executable, str(ROOT / "course.py"), "biuld"], capture_output=True,
                            text=True)
    assert result.returncode == 2
    assert "build" in result.stderr and "test" in result.stderr

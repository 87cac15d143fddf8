#!/usr/bin/env python3
"""One entry point for the course: set up, build the book, run the tests, open JupyterLab.

Needs only Python 3.11+ to start: the first command creates a virtual environment in `.venv/`
(git-ignored) and installs the pinned requirements into it.

    python3 course.py build      set up and build the book (prints where index.html is)
    python3 course.py test       set up (with test tools) and run every test
    python3 course.py lab        open the notebooks in JupyterLab
    python3 course.py execute    re-run every notebook and save its outputs (for authors)
    python3 course.py pages      regenerate the book pages made from the knowledge base
    python3 course.py bench      run the benchmarks and print their table
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
BUILD_HTML = ROOT / "_build" / "html"


def say(message: str) -> None:
    print(f"[course] {message}", flush=True)


def run(*args: object, **kwargs) -> None:
    """Run a command from the repository root; stop with its exit code if it fails."""
    command = [str(a) for a in args]
    result = subprocess.run(command, cwd=ROOT, **kwargs)
    if result.returncode != 0:
        say(f"failed ({result.returncode}): {' '.join(command)}")
        sys.exit(result.returncode)


def setup(with_tests: bool) -> None:
    """Create .venv and install the pinned requirements, unless they are already installed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be started by an older Python
        sys.exit("The course needs Python 3.11 or newer; this is " + sys.version.split()[0])
    requirements = ROOT / ("requirements-test.txt" if with_tests else "requirements.txt")
    stamp_text = "".join(
        (ROOT / name).read_text() for name in ("requirements.txt", "requirements-test.txt", "pyproject.toml")
    )
    digest = hashlib.sha256(stamp_text.encode()).hexdigest()[:16]
    stamp = VENV / f".installed-{requirements.stem}-{digest}"
    # the test requirements include the course's own, so either stamp will do for a plain build
    if stamp.exists() or (not with_tests and (VENV / f".installed-requirements-test-{digest}").exists()):
        return
    if not PYTHON.exists():
        say(f"creating a virtual environment in {VENV.relative_to(ROOT)}/")
        venv.create(VENV, with_pip=True)
    say(f"installing {requirements.name} (a few minutes the first time)")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-r", requirements)
    for old in VENV.glob(f".installed-{requirements.stem}-*"):
        old.unlink()
    stamp.touch()


def pages() -> None:
    """Regenerate book/generated/*.md from the knowledge base."""
    run(PYTHON, "-m", "legpain.pages", ROOT / "book" / "generated")


def package_digest() -> str:
    """A hash of the course package (code, widget JS/CSS and data): what notebook outputs depend on."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "legpain").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def refresh_execution_cache() -> None:
    """Jupyter Book's cache keys on code cells only; drop it when the package or its data changed."""
    cache, stamp = ROOT / "_build" / ".jupyter_cache", ROOT / "_build" / ".legpain-package-digest"
    digest = package_digest()
    if cache.exists() and (not stamp.exists() or stamp.read_text() != digest):
        say("the course package changed since the last build: notebooks will run again")
        shutil.rmtree(cache)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)


def build(without_solutions: bool = False) -> None:
    setup(with_tests=False)
    pages()
    refresh_execution_cache()
    say("building the book (notebooks run once; later builds reuse the cache)")
    command = [BIN / "jupyter-book", "build", ROOT, "--builder", "html", "-n", "-W", "--keep-going"]
    index = BUILD_HTML / "index.html"
    if without_solutions:
        # The student edition: the same book with every exercise's solution removed.
        out = ROOT / "_build" / "student"
        out.mkdir(parents=True, exist_ok=True)
        config = (ROOT / "_config.yml").read_text(encoding="utf-8")
        marker = "  config:\n"
        config = config.replace(marker, marker + "    hide_solutions: true\n", 1)
        (out / "_config.yml").write_text(config, encoding="utf-8")
        command += ["--config", out / "_config.yml", "--path-output", out]
        index = out / "_build" / "html" / "index.html"
    run(*command)
    say(f"the book is built: open {index}")
    say(f"  or serve it:  {PYTHON.relative_to(ROOT)} -m http.server -d {index.parent.relative_to(ROOT)} 8000"
        "  and visit http://127.0.0.1:8000")
    say("open the notebooks in JupyterLab:  python3 course.py lab")


def test(pytest_args: list[str]) -> None:
    setup(with_tests=True)
    reuse = "--no-build" in pytest_args and (BUILD_HTML / "index.html").exists()
    pytest_args = [a for a in pytest_args if a != "--no-build"]
    if not reuse:
        build()
    say("running every test: unit, data, notebooks (nbval), book and browser tests")
    run(PYTHON, "-m", "pytest", *pytest_args)


def lab() -> None:
    setup(with_tests=False)
    run(BIN / "jupyter", "lab", ROOT / "notebooks" / "00_how_to_use_this_course.ipynb")


def execute(names: list[str]) -> None:
    setup(with_tests=False)
    run(PYTHON, "-m", "legpain.notebooks", *names)


def bench() -> None:
    setup(with_tests=True)
    run(PYTHON, ROOT / "benchmarks" / "run.py")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["build", "test", "lab", "execute", "pages", "bench", "setup"])
    parser.add_argument("--without-solutions", action="store_true",
                        help="build: a student edition with the exercises' solutions removed")
    parser.add_argument("args", nargs=argparse.REMAINDER,
                        help="test: extra pytest arguments (--no-build reuses _build/html); "
                             "execute: notebook names (default: all)")
    options = parser.parse_args()
    if options.command == "build":
        build(without_solutions=options.without_solutions)
    elif options.command == "test":
        test(options.args)
    elif options.command == "lab":
        lab()
    elif options.command == "execute":
        execute(options.args)
    elif options.command == "pages":
        setup(with_tests=False)
        pages()
    elif options.command == "bench":
        bench()
    else:
        setup(with_tests=True)


if __name__ == "__main__":
    main()

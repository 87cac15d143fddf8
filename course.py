#!/usr/bin/env python3
"""One entry point for the course: set up, build the book, run the tests, open JupyterLab.

Needs only Python 3.11+ to start: the first command creates a virtual environment in `.venv/`
(git-ignored) and installs the pinned requirements into it.

    python3 course.py build                      set up and build the book (prints where index.html is)
    python3 course.py build --without-solutions  the student edition: every exercise's solution removed
    python3 course.py test                       set up (with test tools), build, run every test
    python3 course.py test --fast                the quick local subset: no book build, no browser,
                                                 no notebook (nbval) runs, no JupyterHub class
    python3 course.py test --no-build [ARGS]     reuse the built book; ARGS go to pytest
    python3 course.py lab                        open the notebooks in JupyterLab
    python3 course.py execute [NAME ...]         re-run notebooks and save their outputs (for authors)
    python3 course.py pages                      regenerate the book pages made from the knowledge base
    python3 course.py bench                      run the benchmarks and print their table
    python3 course.py bench --hub                a class on a local JupyterHub: 10 students at once
    python3 course.py pdf [--no-build]           print the book and each chapter to PDF (_build/pdf/)
    python3 course.py setup                      only create .venv and install the requirements
    python3 course.py lock                       refresh requirements-lock.txt (every package pinned)
    python3 course.py linkcheck                  check the book's external links (needs the internet)
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
STUDENT = ROOT / "_build" / "student"
PDF_DIR = ROOT / "_build" / "pdf"
#: every package of the course's environment pinned, transitive ones included: the constraints file
#: that `setup` installs with; `python3 course.py lock` writes it
LOCK = ROOT / "requirements-lock.txt"

#: pytest options of `test --fast`: the nbval options of pyproject's addopts dropped (so no notebook
#: runs as a test), the browser and book tests deselected, and `course.py` itself loaded as a plugin
#: that also deselects any other test that needs the built book or a browser (see the hook below).
FAST_PYTEST_ARGS = ["-o", "addopts=-ra", "-p", "no:nbval", "-p", "course",
                    "-m", "not browser and not book"]
#: fixtures that need the built book or Chromium, or start a JupyterHub whose students run chapters
#: (tests/test_jupyterhub_class.py): a test using one is not part of the fast subset
_SLOW_FIXTURES = {"built_book", "book_url", "browser", "watched_page", "class_hub"}


def say(message: str) -> None:
    print(f"[course] {message}", flush=True)


def run(*args: object, **kwargs) -> None:
    """Run a command from the repository root; stop with its exit code if it fails."""
    command = [str(a) for a in args]
    result = subprocess.run(command, cwd=ROOT, **kwargs)
    if result.returncode != 0:
        say(f"failed ({result.returncode}): {' '.join(command)}")
        sys.exit(result.returncode)


def requirements_digest(root: Path = ROOT) -> str:
    """A hash of everything that decides what `setup` installs: the requirements, the lock, pyproject."""
    names = ("requirements.txt", "requirements-test.txt", LOCK.name, "pyproject.toml")
    stamp_text = "".join((root / name).read_text() for name in names if (root / name).exists())
    return hashlib.sha256(stamp_text.encode()).hexdigest()[:16]


def setup(with_tests: bool) -> None:
    """Create .venv and install the pinned requirements, unless they are already installed.

    Every package, transitive ones included, is held to the version in requirements-lock.txt.
    """
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be started by an older Python
        sys.exit("The course needs Python 3.11 or newer; this is " + sys.version.split()[0])
    requirements = ROOT / ("requirements-test.txt" if with_tests else "requirements.txt")
    digest = requirements_digest()
    stamp = VENV / f".installed-{requirements.stem}-{digest}"
    # the test requirements include the course's own, so either stamp will do for a plain build
    if stamp.exists() or (not with_tests and (VENV / f".installed-requirements-test-{digest}").exists()):
        compile_package()
        return
    if not PYTHON.exists():
        say(f"creating a virtual environment in {VENV.relative_to(ROOT)}/")
        venv.create(VENV, with_pip=True)
    say(f"installing {requirements.name} (a few minutes the first time)")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    constraints = ["-c", LOCK] if LOCK.exists() else []
    run(PYTHON, "-m", "pip", "install", "--quiet", "-r", requirements, *constraints)
    for old in VENV.glob(f".installed-{requirements.stem}-*"):
        old.unlink()
    stamp.touch()
    compile_package()


def compile_package() -> None:
    """Byte-compile the course's own modules (src/) when they changed. Every notebook's kernel imports
    them; where Python is told not to write bytecode (PYTHONDONTWRITEBYTECODE, common in CI and
    container images) each kernel otherwise compiled them afresh, about 35 ms a notebook."""
    run(PYTHON, "-m", "compileall", "-q", ROOT / "src")


def lock_text(frozen: str, python: str, platform: str) -> str:
    """requirements-lock.txt from the `pip freeze --all` of a scratch environment: the course's own
    package and pip (the installer, not a dependency) left out, one `name==version` a line, sorted."""
    pins = []
    for line in frozen.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "-e ", "--editable")):
            continue
        name, sep, version = line.partition("==")
        if not sep or " @ " in line:
            raise ValueError(f"pip freeze gave a line that is not name==version: {line!r}")
        if name.lower().replace("_", "-") in ("legpain", "pip"):
            continue
        pins.append(f"{name}=={version}")
    header = [
        "# Every package of the course's environment, transitive ones included, pinned to the version",
        "# the course is tested with. A constraints file: `python3 course.py setup` (and so build, test",
        "# and CI) installs with `pip install -r requirements-test.txt -c requirements-lock.txt`.",
        f"# Generated by `python3 course.py lock` on Python {python} ({platform}) from",
        "# requirements-test.txt, which includes requirements.txt. Do not edit it by hand. To refresh it",
        "# after changing a pin: `python3 course.py lock`, then `python3 course.py test`; commit all three.",
    ]
    return "\n".join([*header, *sorted(pins, key=lambda pin: pin.partition("==")[0].lower())]) + "\n"


def lock() -> None:
    """Refresh requirements-lock.txt: install requirements-test.txt into a scratch virtual
    environment, with no constraints so that every package resolves afresh, and pin what it holds."""
    import platform
    import tempfile

    with tempfile.TemporaryDirectory(prefix="legpain-lock-") as scratch:
        env = Path(scratch) / "venv"
        say(f"resolving requirements-test.txt in a scratch environment ({env})")
        venv.create(env, with_pip=True)
        python = env / BIN.name / PYTHON.name
        # a current setuptools: a dependency (sphinx-togglebutton) needs one, and ensurepip's is old
        run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip", "setuptools")
        run(python, "-m", "pip", "install", "--quiet", "-r", ROOT / "requirements-test.txt")
        frozen = subprocess.run([str(python), "-m", "pip", "freeze", "--all", "--exclude-editable"],
                                cwd=ROOT, capture_output=True, text=True, check=True).stdout
    version = ".".join(map(str, sys.version_info[:3]))
    LOCK.write_text(lock_text(frozen, version, f"{platform.system()} {platform.machine()}"))
    say(f"wrote {LOCK.name}; now run `python3 course.py test` and commit it")


def linkcheck() -> None:
    """Check every external link of the book (Sphinx's linkcheck builder): needs the internet."""
    setup(with_tests=False)
    pages()
    refresh_execution_cache()
    say("checking the book's external links (a few minutes)")
    command = [str(a) for a in (BIN / "jupyter-book", "build", ROOT, "--builder", "linkcheck")]
    result = subprocess.run(command, cwd=ROOT)
    # jupyter-book writes the report into _build/html: move it out, so it is never published
    report = ROOT / "_build" / "linkcheck"
    report.mkdir(parents=True, exist_ok=True)
    for name in ("output.txt", "output.json"):
        if (BUILD_HTML / name).exists():
            shutil.move(BUILD_HTML / name, report / name)
    if result.returncode != 0:
        say(f"broken links (or a failed build): see {report.relative_to(ROOT)}/output.txt")
        sys.exit(result.returncode)
    say(f"every external link answered; the report is in {report.relative_to(ROOT)}/")


def pages() -> None:
    """Regenerate book/generated/*.md from the knowledge base."""
    run(PYTHON, "-m", "legpain_authoring.pages", ROOT / "book" / "generated")


def package_digest() -> str:
    """A hash of the course package (code, widget JS/CSS and data): what notebook outputs depend on."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "legpain").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def refresh_execution_cache(build_dir: Path = ROOT / "_build") -> None:
    """Jupyter Book's cache keys on code cells only; drop it when the package or its data changed."""
    cache, stamp = build_dir / ".jupyter_cache", build_dir / ".legpain-package-digest"
    digest = package_digest()
    if cache.exists() and (not stamp.exists() or stamp.read_text() != digest):
        say("the course package changed since the last build: notebooks will run again")
        shutil.rmtree(cache)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)


# --- the student edition ----------------------------------------------------------------------------

def student_config(config: dict, root: Path = ROOT) -> dict:
    """The book's parsed ``_config.yml`` turned into the student edition's: solutions hidden.

    sphinx-exercise drops every ``solution`` block when the Sphinx setting ``hide_solutions`` is
    true. The new file lives outside the repository root, and jupyter-book resolves
    ``sphinx.local_extensions`` paths against the config file's folder, so those become absolute.
    """
    import copy

    result = copy.deepcopy(config)
    sphinx = result.setdefault("sphinx", {})
    if not isinstance(sphinx, dict):
        raise ValueError("_config.yml: 'sphinx' must be a mapping")
    sphinx.setdefault("config", {})["hide_solutions"] = True
    local = sphinx.get("local_extensions") or {}
    sphinx["local_extensions"] = {name: str((root / path).resolve()) for name, path in local.items()}
    return result


def write_student_config(out: Path, root: Path = ROOT) -> Path:
    """Write the student edition's ``_config.yml`` into ``out`` (made from the book's, parsed)."""
    import yaml  # PyYAML: in .venv, and usually in the system Python too

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    path = out / "_config.yml"
    path.write_text("# Generated by `python3 course.py build --without-solutions`: do not edit.\n"
                    + yaml.safe_dump(student_config(config, root), sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path


def book_command(root: Path = ROOT, config: Path | None = None,
                 path_output: Path | None = None) -> list[object]:
    """The jupyter-book command that builds the book (warnings are errors)."""
    command: list[object] = [BIN / "jupyter-book", "build", root, "--builder", "html", "-n", "-W",
                             "--keep-going"]
    if config is not None:
        command += ["--config", config]
    if path_output is not None:
        command += ["--path-output", path_output]
    return command


def build(without_solutions: bool = False) -> None:
    setup(with_tests=False)
    pages()
    say("building the book (notebooks run once; later builds reuse the cache)")
    if without_solutions:
        # The student edition: the same book with every exercise's solution removed.
        try:
            config = write_student_config(STUDENT)
        except ImportError:  # this Python has no PyYAML: let the course's own environment write it
            run(PYTHON, "-c", "import course; course.write_student_config(course.STUDENT)")
            config = STUDENT / "_config.yml"
        refresh_execution_cache(STUDENT / "_build")
        run(*book_command(config=config, path_output=STUDENT))
        index = STUDENT / "_build" / "html" / "index.html"
        say("this is the student edition: the exercises' solutions are left out")
    else:
        refresh_execution_cache()
        run(*book_command())
        index = BUILD_HTML / "index.html"
    say(f"the book is built: open {index}")
    say(f"  or serve it:  {PYTHON.relative_to(ROOT)} -m http.server -d {index.parent.relative_to(ROOT)} 8000"
        "  and visit http://127.0.0.1:8000")
    say("open the notebooks in JupyterLab:  python3 course.py lab")


def test(pytest_args: list[str], fast: bool = False, no_build: bool = False) -> None:
    setup(with_tests=True)
    if fast:
        say("running the fast subset: unit and data tests (no book build, browser or notebook runs)")
        run(PYTHON, "-m", "pytest", *FAST_PYTEST_ARGS, *pytest_args)
        return
    if not (no_build and (BUILD_HTML / "index.html").exists()):
        build()
    say("running every test: unit, data, notebooks (nbval), book and browser tests")
    run(PYTHON, "-m", "pytest", *pytest_args)


def pytest_collection_modifyitems(config, items) -> None:
    """pytest hook, active only under `test --fast` (`-p course`): leave out every test that needs
    the built book or a browser, marked or not."""
    keep, drop = [], []
    for item in items:
        (drop if _SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def lab() -> None:
    setup(with_tests=False)
    run(BIN / "jupyter", "lab", ROOT / "notebooks" / "00_how_to_use_this_course.ipynb")


def execute(names: list[str]) -> None:
    setup(with_tests=False)
    run(PYTHON, "-m", "legpain_authoring.notebooks", *names)


def pdf(no_build: bool = False) -> None:
    """The PDF edition: the built book printed offline by Chromium (src/legpain_authoring/pdf.py)."""
    setup(with_tests=True)  # Playwright comes with the test tools
    if not (no_build and (BUILD_HTML / "index.html").exists()):
        build()  # Sphinx rebuilds only what changed; unchanged notebooks come from the cache
    say("printing the whole book and each chapter to PDF (Chromium, offline)")
    run(PYTHON, "-m", "legpain_authoring.pdf", "--html", BUILD_HTML, "--out", PDF_DIR)
    say(f"the PDFs are in {PDF_DIR.relative_to(ROOT)}/ (and in {BUILD_HTML.relative_to(ROOT)}/_pdf/, "
        "offered by each page's download menu)")


def screenshots(names: list[str], no_build: bool = False) -> None:
    """Every page at 375 and 1280 px in both colour modes (src/legpain_authoring/screenshots.py)."""
    setup(with_tests=True)  # Playwright comes with the test tools
    if not (no_build and (BUILD_HTML / "index.html").exists()):
        build()
    run(PYTHON, "-m", "legpain_authoring.screenshots", "--html", BUILD_HTML, *names)


def bench(hub: bool = False) -> None:
    setup(with_tests=True)  # the test requirements include the hub's (pyproject's `hub` extra)
    if hub:
        say("a class on a local JupyterHub: 10 students at once on chapters 03 and 08")
        run(PYTHON, ROOT / "benchmarks" / "jupyterhub_class.py")
    else:
        run(PYTHON, ROOT / "benchmarks" / "run.py")


# --- the command line ---------------------------------------------------------------------------

def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="course.py", description=__doc__, allow_abbrev=False,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:  # noqa: A002
        return commands.add_parser(name, help=help, description=help, allow_abbrev=False)

    build_ = command("build", "set up and build the book into _build/html")
    build_.add_argument("--without-solutions", action="store_true",
                        help="build the student edition (every exercise's solution removed) into "
                             "_build/student/_build/html")
    test_ = commands.add_parser("test", allow_abbrev=False,
                                usage="course.py test [-h] [--fast] [--no-build] [PYTEST_ARG ...]",
                                help="set up, build the book and run every test; other arguments "
                                     "go to pytest",
                                description="set up, build the book and run every test; any other "
                                            "argument goes to pytest, e.g. -k triage -x")
    test_.add_argument("--fast", action="store_true",
                       help="the quick local subset: no book build, no browser tests, no nbval runs")
    test_.add_argument("--no-build", action="store_true",
                       help="reuse _build/html if it exists instead of building first")
    execute_ = command("execute", "re-run notebooks and save their outputs (default: all)")
    execute_.add_argument("names", nargs="*", metavar="NAME", help="notebook name, e.g. 03_dermatomes")
    command("pages", "regenerate the book pages made from the knowledge base")
    command("lab", "open the notebooks in JupyterLab")
    bench_ = command("bench", "run the benchmarks and print their table")
    bench_.add_argument("--hub", action="store_true",
                        help="instead, run a class on a local JupyterHub: 10 students at once on "
                             "chapters 03 and 08 (benchmarks/jupyterhub_class.py)")
    pdf_ = command("pdf", "print the whole book and each chapter to PDF in _build/pdf (builds first)")
    pdf_.add_argument("--no-build", action="store_true",
                      help="reuse _build/html if it exists instead of building first")
    shots_ = command("screenshots", "screenshots of every page (or the named ones) at 375 and 1280 px, "
                                    "light and dark, in _build/screenshots (builds first)")
    shots_.add_argument("--no-build", action="store_true",
                        help="reuse _build/html if it exists instead of building first")
    shots_.add_argument("names", nargs="*", metavar="PAGE", help="page name, e.g. 08_red_flags")
    command("setup", "create .venv and install the test requirements")
    command("lock", "refresh requirements-lock.txt: resolve requirements-test.txt in a scratch "
                    "environment and pin every package it installs")
    command("linkcheck", "check the book's external links with Sphinx's linkcheck builder")
    return parser


def parse_command_line(argv: list[str] | None = None) -> argparse.Namespace:
    """The parsed command line; exits with status 2 and a message on anything it does not know.

    Only `test` accepts arguments of its own choosing: whatever it does not know goes to pytest
    (after an optional `--`), in order.
    """
    parser = make_parser()
    options, extra = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if options.command == "test":
        options.pytest_args = extra[1:] if extra[:1] == ["--"] else extra
    elif extra:
        parser.error(f"{options.command}: unrecognized argument(s): {' '.join(extra)} (options go "
                     f"after the command; see `python3 course.py {options.command} --help`)")
    if options.command in ("execute", "screenshots"):
        flags = [name for name in options.names if name.startswith("-")]
        if flags:
            parser.error(f"{options.command}: unrecognized option(s): {' '.join(flags)}")
    if options.command == "test" and options.fast and options.no_build:
        parser.error("test: --fast never builds the book; --no-build adds nothing to it")
    return options


def main(argv: list[str] | None = None) -> None:
    options = parse_command_line(argv)
    if options.command == "build":
        build(without_solutions=options.without_solutions)
    elif options.command == "test":
        test(options.pytest_args, fast=options.fast, no_build=options.no_build)
    elif options.command == "lab":
        lab()
    elif options.command == "execute":
        execute(options.names)
    elif options.command == "pages":
        setup(with_tests=False)
        pages()
    elif options.command == "bench":
        bench(hub=options.hub)
    elif options.command == "pdf":
        pdf(no_build=options.no_build)
    elif options.command == "screenshots":
        screenshots(options.names, no_build=options.no_build)
    elif options.command == "lock":
        lock()
    elif options.command == "linkcheck":
        linkcheck()
    else:
        setup(with_tests=True)


if __name__ == "__main__":
    main()

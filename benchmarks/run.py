#!/usr/bin/env python3
"""The course's speed and footprint, measured on this machine (``python3 course.py bench``).

Prints one table: cold book build, rebuild with nothing changed, nbval over every notebook, each
against its floor (the same number of empty notebooks through the same tools, in the same run), the
ratios (for the builds, the median of five course-then-floor pairs), `import legpain`, `localize`,
and the peak memory (RSS) of a kernel after each notebook.
Targets: nbval <= 2.5 x floor; cold build <= 1.6 x and rebuild <= 1.2 x their floors; the heaviest
widget page at most 0.2 MB more than the lightest plain page; import <= 150 ms; localize <= 1 ms
median; every kernel <= 150 MB. Not part of the pass/fail tests: timings depend on the machine.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BIN = Path(PYTHON).parent
COPY_IGNORE = shutil.ignore_patterns("_build", ".venv", ".git", "__pycache__", ".pytest_cache",
                                     ".ruff_cache", ".hypothesis", "screenshots", "_work")


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed


def build(folder: Path) -> float:
    return timed([str(BIN / "jupyter-book"), "build", str(folder), "--builder", "html"], folder)


def paired_builds(course: Path, floor: Path, cold: bool, pairs: int = 5) -> list[tuple[float, float]]:
    """Build the course and then its floor ``pairs`` times, each pair under the same conditions;
    the file system is flushed before each build, so that one build's writes are not charged to
    the next. Returns each pair's (course, floor) times. One pair alone is not enough: the floor
    varied from 14.1 to 30.0 s between cold builds (a kernel now and then takes three seconds
    to shut down, in either book), so the median of the pairs' ratios is compared with the target."""
    times = []
    for _ in range(pairs):
        pair = []
        for folder in (course, floor):
            if cold:
                shutil.rmtree(folder / "_build", ignore_errors=True)
            os.sync()
            pair.append(build(folder))
        times.append((pair[0], pair[1]))
    return times


def pair_row(name: str, times: list[tuple[float, float]], target: float) -> tuple[str, str, str]:
    ratios = [c / f for c, f in times]
    each = ", ".join(f"{c:.1f}/{f:.1f}" for c, f in times)
    course, floor = statistics.median(c for c, _ in times), statistics.median(f for _, f in times)
    return (name, f"{course:.1f} s",
            f"floor {floor:.1f} s, ratio {statistics.median(ratios):.2f} (median of {len(times)} "
            f"pairs' ratios, {min(ratios):.2f} to {max(ratios):.2f}; course/floor s: {each}); "
            f"target ratio <= {target}")


def nbval(folder: Path) -> float:
    return timed([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                  "--nbval-current-env", f"--nbval-sanitize-with={ROOT / 'tests' / 'nbval_sanitize.cfg'}",
                  "-c", "/dev/null", "notebooks"], folder)


def floor_book(folder: Path, count: int) -> None:
    """A book with ``count`` empty notebooks, configured like the course's."""
    import nbformat
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    (folder / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", folder / "_config.yml")
    shutil.copytree(ROOT / "book" / "_static", folder / "book" / "_static")
    shutil.copytree(ROOT / "book" / "_ext", folder / "book" / "_ext", ignore=COPY_IGNORE)
    (folder / "src" / "legpain" / "knowledge" / "data" / "references").mkdir(parents=True)
    for bib in (ROOT / "src" / "legpain" / "knowledge" / "data" / "references").glob("*.bib"):
        shutil.copy(bib, folder / "src" / "legpain" / "knowledge" / "data" / "references" / bib.name)
    (folder / "book" / "intro.md").write_text("# Floor\n")
    chapters = []
    for index in range(count):
        nb = new_notebook(cells=[new_markdown_cell(f"# Empty {index}"), new_code_cell("1")])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        NotebookClient(nb, kernel_name="python3").execute()
        nbformat.write(nb, folder / "notebooks" / f"empty_{index:02d}.ipynb")
        chapters.append(f"  - file: notebooks/empty_{index:02d}")
    toc = "format: jb-book\nroot: book/intro\nchapters:\n" + "\n".join(chapters) + "\n"
    (folder / "_toc.yml").write_text(toc)


STATE_MARK = 'type="application/vnd.jupyter.widget-state+json"'


def page_weights(html: Path) -> tuple[tuple[str, int], tuple[str, int]]:
    """(name, bytes) of the heaviest page with widgets and of the lightest page without any."""
    widget, plain = [], []
    for page in html.rglob("*.html"):
        if page.name in ("genindex.html", "search.html") or "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        if "<main" not in text:  # a redirect, not a page a reader reads
            continue
        entry = (page.relative_to(html).as_posix(), len(text.encode()))
        (widget if STATE_MARK in text else plain).append(entry)
    return max(widget, key=lambda p: p[1]), min(plain, key=lambda p: p[1])


def import_time(repeats: int = 15) -> float:
    code = "import time; t = time.perf_counter(); import legpain; print(time.perf_counter() - t)"
    runs = [float(subprocess.check_output([PYTHON, "-c", code], text=True)) for _ in range(repeats)]
    return statistics.median(runs)


def localize_time(repeats: int = 2000) -> float:
    from legpain import localize

    findings = {"pain": ["buttock", "posterior thigh", "calf"], "numbness": ["lateral foot", "sole"],
                "weakness": ["ankle plantar flexion"], "reflexes": {"achilles": "reduced"}}
    localize(**findings)  # build the cached table once
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        localize(**findings)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


CLICKS_JS = """async () => {
  const regions = [...document.querySelectorAll('.lpx-region[role=button]')].slice(0, 20);
  const sync = [], frame = [];
  for (let i = 0; i < 100; i++) {
    const region = regions[i % regions.length];
    const start = performance.now();
    region.dispatchEvent(new MouseEvent('click', {bubbles: true}));
    sync.push(performance.now() - start);
    await new Promise(requestAnimationFrame);
    frame.push(performance.now() - start);
  }
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return [median(sync), median(frame)];
}"""


def explorer_click_times() -> tuple[float, float]:
    """Median ms from a click on a body region to the redrawn DOM, and to the next frame."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright
    from widget_harness import static_page

    from legpain.widgets.explorer import LegPainExplorer

    url = static_page([LegPainExplorer()])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(url)
        page.wait_for_selector(".lpx[data-ready=yes]")
        sync_ms, frame_ms = page.evaluate(CLICKS_JS)
        browser.close()
    return sync_ms, frame_ms


KERNEL_RSS = """
import os, resource
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
current = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS')][0] / 1024
print(f'{peak:.1f} {current:.1f}')
"""


def kernel_memory(notebook: Path) -> tuple[float, float]:
    """(peak, current) RSS in MB of a fresh kernel after running ``notebook`` top to bottom."""
    import nbformat
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell

    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(new_code_cell(KERNEL_RSS))
    NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}
                   ).execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    peak, current = (float(x) for x in text.split())
    return peak, current


def main() -> None:
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="legpain-bench-") as tmp:
        course = Path(tmp) / "course"
        shutil.copytree(ROOT, course, ignore=COPY_IGNORE)
        floor = Path(tmp) / "floor"
        floor_book(floor, len(notebooks))

        cold = paired_builds(course, floor, cold=True)
        rebuild = paired_builds(course, floor, cold=False)
        check, check_floor = nbval(course), nbval(floor)
        (heavy, heavy_bytes), (light, light_bytes) = page_weights(course / "_build" / "html")
    rows += [
        pair_row("cold book build", cold, 1.6),
        pair_row("rebuild, nothing changed", rebuild, 1.2),
        ("heaviest widget page", f"{heavy_bytes / 1e6:.2f} MB",
         f"{heavy}; lightest plain page {light} {light_bytes / 1e6:.2f} MB; "
         f"+{(heavy_bytes - light_bytes) / 1e6:.2f} MB, target <= +0.2 MB"),
        ("nbval, every notebook", f"{check:.1f} s",
         f"floor {check_floor:.1f} s, ratio {check / check_floor:.2f}; target ratio <= 2.5"),
        ("import legpain", f"{import_time() * 1000:.0f} ms",
         "median of 15 fresh processes; target <= 150 ms"),
        ("localize()", f"{localize_time() * 1e6:.0f} us", "median of 2000 calls; target <= 1 ms"),
    ]
    sync_ms, frame_ms = explorer_click_times()
    rows.append(("explorer click -> redraw", f"{sync_ms:.1f} ms",
                 f"median of 100 clicks in Chromium; {frame_ms:.1f} ms to the next frame; target <= 16 ms"))
    worst = 0.0
    for notebook in notebooks:
        peak, current = kernel_memory(notebook)
        worst = max(worst, peak)
        rows.append((f"kernel RSS after {notebook.stem}", f"{peak:.0f} MB peak",
                     f"{current:.0f} MB at the end; target <= 150 MB"))
    rows.append(("class of 150 on one 24 GB node", f"{150 * worst / 1024:.1f} GB",
                 "150 x the largest kernel peak"))

    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>12}  {note}")
    (ROOT / "benchmarks" / "last_run.json").write_text(json.dumps(
        {"machine": platform.platform(), "cores": os.cpu_count(), "rows": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()

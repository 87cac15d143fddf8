#!/usr/bin/env python3
"""A class on a real JupyterHub, on this machine (``python3 course.py bench --hub``).

Starts JupyterHub on 127.0.0.1 with its proxy (the Python ``configurable-http-proxy`` from PyPI),
a shared class password and one single-user JupyterLab server per student, each in its own home
folder. Each simulated student logs in through the hub's login form, opens the course through the
class's nbgitpuller link (which clones a bare copy of this repository's HEAD into their home), opens
a chapter and runs every code cell through the server's REST and kernel websocket API, as JupyterLab
would. The benchmark runs 10 students at once on chapters 03 and 08 and prints how many finished,
the 95th-percentile cell execution time and the memory (RSS) of each student's server and kernels.

tests/test_jupyterhub_class.py uses the same machinery (``ClassHub``, ``Student``) with 2 students.
Not part of the pass/fail tests: timings depend on the machine and on what else it is doing.

    .venv/bin/python benchmarks/jupyterhub_class.py [--students 10] [--chapters 03 08]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: the folder name of the course in a student's home, as nbgitpuller names it from the repository URL
COURSE = "why-back-pain-radiates-to-the-leg"
#: the class's shared password (SharedPasswordAuthenticator wants at least 8 characters)
PASSWORD = "back-pain-class"
WIDGET = "application/vnd.jupyter.widget-view+json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def course_repository(folder: Path) -> str:
    """A bare clone of this repository whose ``main`` is the commit checked out here (whatever the
    branch of this checkout is called, or none); returns its file:// URL for the class link."""
    bare = folder / COURSE
    subprocess.run(["git", "clone", "--quiet", "--bare", str(ROOT), str(bare)],
                   check=True, capture_output=True)
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()
    git = ["git", "--git-dir", str(bare)]
    subprocess.run([*git, "update-ref", "refs/heads/main", head], check=True, capture_output=True)
    subprocess.run([*git, "symbolic-ref", "HEAD", "refs/heads/main"], check=True, capture_output=True)
    return bare.as_uri()


def class_link(hub_url: str, repo: str, notebook: str, branch: str = "main") -> str:
    """The link an instructor gives the class: log in, start (or reuse) the student's server, pull
    the course into their home with nbgitpuller and open ``notebook`` in JupyterLab."""
    query = urlencode({"repo": repo, "branch": branch,
                       "urlpath": f"lab/tree/{COURSE}/notebooks/{notebook}"}, quote_via=quote)
    return f"{hub_url}/hub/user-redirect/git-pull?{query}"


HUB_CONFIG = """\
# Written by benchmarks/jupyterhub_class.py for a class on this machine; everything on 127.0.0.1.
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{folder}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{folder}/jupyterhub.pid"
# the proxy: the Python implementation from PyPI (no Node.js)
c.ConfigurableHTTPProxy.command = ["{bin}/configurable-http-proxy"]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.pid_file = "{folder}/proxy.pid"
# one shared class password; anyone who knows it may log in under any name
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = "{password}"
c.Authenticator.allow_all = True
# every student's server runs as this Unix user, in a home folder of its own
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{homes}/{{username}}"
c.Spawner.cmd = ["{bin}/jupyterhub-singleuser"]
c.Spawner.args = {args}
c.Spawner.default_url = "/lab"
c.Spawner.environment = {{"TMPDIR": "{tmp}"}}
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
# an operator's token, to see who is running (the hub's REST API)
c.JupyterHub.services = [{{"name": "operator", "api_token": "{token}"}}]
c.JupyterHub.load_roles = [{{"name": "operator", "services": ["operator"],
                            "scopes": ["list:users", "read:users", "read:servers", "admin:servers"]}}]
"""


class ClassHub:
    """A JupyterHub with its proxy on free ports of 127.0.0.1, all its files under ``folder``.

    ``stop()`` (or leaving the ``with`` block) stops the hub, which stops every student's server and
    the proxy; anything still alive after that is killed."""

    def __init__(self, folder: Path):
        import requests

        self.folder = folder
        for name in ("hub", "homes", "tmp"):
            (folder / name).mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(16)
        root = hasattr(os, "geteuid") and os.geteuid() == 0
        config = HUB_CONFIG.format(
            port=self.port, hub_port=free_port(), api_port=free_port(), folder=folder / "hub",
            bin=BIN, password=PASSWORD, homes=folder / "homes", tmp=folder / "tmp", token=self.token,
            args=repr(["--allow-root"] if root else []))
        (folder / "hub" / "jupyterhub_config.py").write_text(config)
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"token {self.token}"
        self.log = open(folder / "hub" / "jupyterhub.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(folder / "hub" / "jupyterhub_config.py")],
            cwd=folder / "hub", env={**os.environ, "TMPDIR": str(folder / "tmp")},
            stdout=self.log, stderr=subprocess.STDOUT)
        try:
            self._wait()
        except BaseException:
            self.stop()
            raise

    def _wait(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub exited ({self.process.returncode}):\n{self.log_tail()}")
            try:
                if self.api.get(f"{self.url}/hub/api/", timeout=5).status_code == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise TimeoutError(f"JupyterHub did not answer in {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, characters: int = 4000) -> str:
        self.log.flush()
        return (self.folder / "hub" / "jupyterhub.log").read_text(errors="replace")[-characters:]

    def server(self, name: str) -> dict | None:
        """The hub's record of ``name``'s default server (None if it has none)."""
        response = self.api.get(f"{self.url}/hub/api/users/{name}", timeout=10)
        if response.status_code == 404:
            return None
        response.raise_for_status()
        return response.json().get("servers", {}).get("")

    def wait_until_ready(self, name: str, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.server(name)
            if server and server.get("ready"):
                return
            time.sleep(0.5)
        raise TimeoutError(f"{name}'s server was not ready in {timeout:.0f} s:\n{self.log_tail()}")

    def processes(self) -> list:
        """The hub and every process it started (proxy, servers, kernels), while they run."""
        import psutil

        try:
            hub = psutil.Process(self.process.pid)
            return [hub, *hub.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def stop(self) -> None:
        """Stop the hub and everything it started; a second call does nothing."""
        import psutil

        if self.log.closed:
            return
        left = self.processes()
        if self.process.poll() is None:
            self.process.terminate()  # the hub stops every server and the proxy on its way out
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for process in left:
            try:
                process.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(left, timeout=10)
        self.api.close()
        self.log.close()

    def __enter__(self) -> ClassHub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def user_processes(name: str) -> list:
    """``name``'s single-user server and its kernels, found by the server's JUPYTERHUB_USER."""
    import psutil

    for process in psutil.process_iter(["cmdline"]):
        try:
            if any("jupyterhub-singleuser" in part for part in process.info["cmdline"] or ()) and \
                    process.environ().get("JUPYTERHUB_USER") == name:
                return [process, *process.children(recursive=True)]
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return []


def rss_mb(processes: list) -> float:
    import psutil

    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


@dataclass
class CellRun:
    """One code cell run in a student's kernel."""

    index: int
    seconds: float
    status: str
    outputs: list[dict] = field(default_factory=list)
    error: str = ""


class Student:
    """A student with a browser's cookies: logs in, follows the class link, runs a notebook."""

    def __init__(self, hub: ClassHub, name: str):
        import requests

        self.hub, self.name = hub, name
        self.http = requests.Session()
        self.server_url = f"{hub.url}/user/{name}"

    def cookie(self, name: str, path: str) -> str | None:
        for cookie in self.http.cookies:
            if cookie.name == name and path.startswith(cookie.path.rstrip("/")):
                return cookie.value
        return None

    def log_in(self, password: str = PASSWORD) -> None:
        """The hub's login form, as a browser fills it in (the form's _xsrf token included)."""
        page = self.http.get(f"{self.hub.url}/hub/login", timeout=30)
        page.raise_for_status()
        xsrf = self.cookie("_xsrf", "/hub/") or re.search(r'name="_xsrf" value="([^"]+)"', page.text)[1]
        # logging in starts the student's server (the hub's spawn page, followed like a browser)
        response = self.http.post(f"{self.hub.url}/hub/login?next=", timeout=60,
                                  data={"username": self.name, "password": password, "_xsrf": xsrf})
        if response.status_code == 403 or not any(c.name == "jupyterhub-hub-login"
                                                  for c in self.http.cookies):
            raise RuntimeError(f"{self.name} could not log in ({response.status_code}): {response.url}")
        response.raise_for_status()

    def open_link(self, link: str) -> str:
        """Follow the class link to the student's server: wait for the server, let nbgitpuller's
        page pull the course (as its script does, through the event stream) and open the chapter.
        Returns the path of the pulled course in the student's home."""
        from urllib.parse import parse_qs, urlparse

        self.hub.wait_until_ready(self.name)
        page = self.http.get(link, timeout=60)
        page.raise_for_status()
        if not urlparse(page.url).path.startswith(f"/user/{self.name}/git-pull"):
            raise RuntimeError(f"the class link led {self.name} to {page.url}, not nbgitpuller")
        query = {key: values[0] for key, values in parse_qs(urlparse(page.url).query).items()}
        events = self.http.get(f"{self.server_url}/git-pull/api", stream=True, timeout=120, params={
            "repo": query["repo"], "branch": query.get("branch", "main"), "targetpath": COURSE})
        events.raise_for_status()
        phase, log = "", []
        for line in events.iter_lines(decode_unicode=True):
            if line and line.startswith("data: "):
                event = json.loads(line[len("data: "):])
                phase = event.get("phase", phase)
                log.append(event.get("output") or event.get("message") or "")
                if phase in ("finished", "error"):
                    break
        events.close()
        if phase != "finished":
            raise RuntimeError(f"nbgitpuller did not finish for {self.name}: {phase}\n" + "\n".join(log))
        lab = self.http.get(f"{self.server_url}/{query['urlpath']}", timeout=60)
        lab.raise_for_status()
        return str(Path(self.hub.folder / "homes" / self.name / COURSE))

    def _xsrf_headers(self) -> dict[str, str]:
        token = self.cookie("_xsrf", f"/user/{self.name}/")
        return {"X-XSRFToken": token} if token else {}

    def run_notebook(self, path: str, timeout: float = 120, keep_kernel: bool = False) -> list[CellRun]:
        """Open ``path`` (relative to the server's root) in a new kernel session, as JupyterLab does,
        and run its code cells in order over the kernel's websocket; then shut the kernel down,
        unless ``keep_kernel`` (a student who leaves the notebook open)."""
        import requests
        import websocket

        contents = self.http.get(f"{self.server_url}/api/contents/{quote(path)}", timeout=60)
        contents.raise_for_status()
        cells = contents.json()["content"]["cells"]
        session = self.http.post(f"{self.server_url}/api/sessions", headers=self._xsrf_headers(),
                                 json={"path": path, "name": Path(path).name, "type": "notebook",
                                       "kernel": {"name": "python3"}}, timeout=120)
        session.raise_for_status()
        kernel_id, session_id = session.json()["kernel"]["id"], session.json()["id"]
        ws_url = (self.server_url.replace("http://", "ws://", 1)
                  + f"/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}")
        # the cookies a browser would send with the websocket's opening request
        cookies = self.http.prepare_request(requests.Request("GET", f"{self.server_url}/api/kernels")
                                            ).headers.get("Cookie", "")
        ws = websocket.create_connection(ws_url, cookie=cookies, header=self._xsrf_headers(),
                                         timeout=timeout)
        runs: list[CellRun] = []
        try:
            for index, cell in enumerate(cells):
                if cell["cell_type"] == "code" and cell["source"].strip():
                    runs.append(self._execute(ws, index, cell["source"], timeout))
        finally:
            ws.close()
            if not keep_kernel:
                self.http.delete(f"{self.server_url}/api/sessions/{session_id}",
                                 headers=self._xsrf_headers(), timeout=60)
        return runs

    def _execute(self, ws, index: int, code: str, timeout: float) -> CellRun:
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "channel": "shell", "buffers": [], "metadata": {}, "parent_header": {},
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": self.name,
                       "session": uuid.uuid4().hex, "version": "5.3", "date": ""},
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        start = time.perf_counter()
        run = CellRun(index, 0.0, "")
        idle = False
        deadline = time.monotonic() + timeout
        while not (run.status and idle):
            if time.monotonic() > deadline:
                raise TimeoutError(f"cell {index} of {self.name}'s notebook ran longer than {timeout} s")
            message = decode(ws.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["header"]["msg_type"], message["content"]
            if kind == "execute_reply":
                run.status = content["status"]
                if content["status"] == "error":
                    run.error = f"{content.get('ename')}: {content.get('evalue')}"
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
            elif kind in ("display_data", "execute_result", "stream", "error"):
                run.outputs.append({"output_type": kind, **content})
                if kind == "error":
                    run.error = run.error or f"{content.get('ename')}: {content.get('evalue')}"
        run.seconds = time.perf_counter() - start
        return run

    def close(self) -> None:
        self.http.close()


def decode(frame: str | bytes) -> dict:
    """A kernel message from the server's websocket: JSON text, or the binary frame that carries
    buffers (a count, offsets, then the JSON message and the buffers)."""
    if isinstance(frame, str):
        return json.loads(frame)
    count = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 * (i + 1):4 * (i + 2)], "big") for i in range(count)]
    end = offsets[1] if count > 1 else len(frame)
    return json.loads(frame[offsets[0]:end].decode("utf-8"))


def widget_views(outputs: list[dict]) -> int:
    return sum(1 for output in outputs if WIDGET in output.get("data", {}))


def check_runs(notebook: Path, runs: list[CellRun]) -> list[str]:
    """What went wrong in a run of ``notebook`` (the pulled copy): a cell that failed, or a cell that
    showed fewer widgets than its saved outputs do. Empty when all is well."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    problems = [f"cell {run.index}: {run.status} {run.error}" for run in runs
                if run.status != "ok" or run.error]
    for run in runs:
        saved = widget_views(cells[run.index].get("outputs", []))
        if widget_views(run.outputs) < saved:
            problems.append(f"cell {run.index}: {widget_views(run.outputs)} widget(s) shown, {saved} saved")
    if not runs:
        problems.append("no code cell ran")
    return problems


def chapter(course: Path, prefix: str) -> Path:
    found = sorted((course / "notebooks").glob(f"{prefix}*.ipynb"))
    if not found:
        raise FileNotFoundError(f"no chapter {prefix}* in {course / 'notebooks'}")
    return found[0]


@dataclass
class StudentResult:
    name: str
    finished: bool = False
    cell_seconds: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rss_mb: float = 0.0


def attend(hub: ClassHub, repo: str, name: str, prefixes: list[str], barrier: threading.Barrier | None,
           start_link_at: dict[str, float] | None = None) -> StudentResult:
    """One student's session: log in, follow the link to the first chapter, run each chapter in
    turn (keeping every kernel open, as a student who opens both would), measure the memory."""
    result = StudentResult(name)
    student = Student(hub, name)
    try:
        student.log_in()
        first = sorted((ROOT / "notebooks").glob(f"{prefixes[0]}*.ipynb"))[0].name
        course = Path(student.open_link(class_link(hub.url, repo, first)))
        for prefix in prefixes:
            notebook = chapter(course, prefix)
            runs = student.run_notebook(f"{COURSE}/notebooks/{notebook.name}", keep_kernel=True)
            result.cell_seconds += [run.seconds for run in runs]
            result.problems += [f"{notebook.stem} {p}" for p in check_runs(notebook, runs)]
        result.finished = not result.problems
    except Exception as error:  # noqa: BLE001 - a student who could not finish is counted, not raised
        result.problems.append(f"{type(error).__name__}: {error}")
    finally:
        if barrier is not None:
            try:
                barrier.wait(timeout=600)  # every student done: measure while all servers run
            except threading.BrokenBarrierError:
                pass
        result.rss_mb = rss_mb(user_processes(name))
        student.close()
    return result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


def run_class(students: int, prefixes: list[str]) -> tuple[list[StudentResult], float, float]:
    """``students`` students at once; returns their results, the wall time and the hub's own RSS."""
    with tempfile.TemporaryDirectory(prefix="legpain-hub-bench-") as scratch:
        folder = Path(scratch)
        repo = course_repository(folder)
        with ClassHub(folder / "class") as hub:
            barrier = threading.Barrier(students)
            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=students) as pool:
                futures = [pool.submit(attend, hub, repo, f"student{i:02d}", prefixes, barrier)
                           for i in range(1, students + 1)]
                results = [future.result() for future in futures]
            wall = time.perf_counter() - start
            users = {p.pid for r in results for p in user_processes(r.name)}
            hub_rss = rss_mb([p for p in hub.processes() if p.pid not in users])
    return results, wall, hub_rss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--chapters", nargs="+", default=["03", "08"], metavar="NN")
    options = parser.parse_args(argv)
    if not shutil.which("git"):
        sys.exit("git is needed (nbgitpuller clones the course with it)")
    results, wall, hub_rss = run_class(options.students, options.chapters)
    cells = [seconds for result in results for seconds in result.cell_seconds]
    finished = [r for r in results if r.finished]
    memory = [r.rss_mb for r in results if r.rss_mb]
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    rows = [
        ("students who finished", f"{len(finished)} of {len(results)}",
         f"chapters {' and '.join(options.chapters)}, all at once, {wall:.0f} s from login to the last cell"),
        ("cell time, 95th percentile", f"{percentile(cells, 0.95):.2f} s",
         f"median {statistics.median(cells) if cells else float('nan'):.2f} s, slowest "
         f"{max(cells, default=float('nan')):.2f} s, {len(cells)} cells"),
        ("memory per student", f"{statistics.median(memory) if memory else float('nan'):.0f} MB",
         f"median RSS of a student's server and its {len(options.chapters)} kernels; "
         f"largest {max(memory, default=float('nan')):.0f} MB"),
        ("hub and proxy", f"{hub_rss:.0f} MB", "RSS, shared by the class"),
    ]
    width = max(len(row[0]) for row in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>12}  {note}")
    for result in results:
        for problem in result.problems[:5]:
            print(textwrap.shorten(f"{result.name}: {problem}", 300))
    return 0 if len(finished) == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())

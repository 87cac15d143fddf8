"""Drive a real JupyterLab, started by the tests on 127.0.0.1, from Chromium."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Lab:
    """A JupyterLab server on a copy of the notebooks (the repository's files stay untouched)."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        shutil.copytree(ROOT / "notebooks", workdir / "notebooks")
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(workdir / "config"),
                   JUPYTER_RUNTIME_DIR=str(workdir / "runtime"),
                   JUPYTERLAB_SETTINGS_DIR=str(workdir / "settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(workdir / "workspaces"))
        command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={self.port}",
                   "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={self.token}",
                   f"--ServerApp.root_dir={workdir / 'notebooks'}",
                   "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        settings = workdir / "settings"
        # Render every cell (no windowing), so the tests see every output; never ask about news.
        (settings / "@jupyterlab" / "notebook-extension").mkdir(parents=True)
        (settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
            '{"windowingMode": "none"}')
        (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True)
        (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
         ).write_text('{"fetchNews": "false"}')
        self.log = open(workdir / "lab.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, cwd=workdir, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("JupyterLab exited: " + (self.workdir / "lab.log").read_text())
            try:
                urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("JupyterLab did not start in time")

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?token={self.token}&reset"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def open_notebook(page, lab: Lab, name: str) -> None:
    page.goto(lab.notebook_url(name), wait_until="domcontentloaded")
    page.locator(".jp-Notebook").first.wait_for(timeout=60000)
    # the kernel has started when the status bar says so
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=60000)
    wait_idle(page)


def wait_idle(page, timeout: float = 120000) -> None:
    """Wait until the notebook's kernel is idle and no cell is queued or running."""
    page.wait_for_function(
        """() => {
            const status = document.querySelector('.jp-Notebook-ExecutionIndicator');
            const busy = status && status.getAttribute('data-status') === 'busy';
            const prompts = [...document.querySelectorAll('.jp-InputPrompt')].map(p => p.textContent);
            return !busy && !prompts.some(t => t.includes('*'));
        }""",
        timeout=timeout,
    )


def run_all(page) -> None:
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_timeout(500)
    wait_idle(page)


def error_outputs(page) -> list[str]:
    """The text of every error or stderr output in the open notebook."""
    selector = ('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
                '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')
    return [e.inner_text() for e in page.locator(selector).all()]


def run_code(page, code: str) -> str:
    """Append a code cell at the end, run it, and return its text output."""
    cells = page.locator(".jp-Notebook .jp-Cell")
    count = cells.count()
    cells.last.locator(".jp-InputArea-prompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    page.wait_for_function(f"document.querySelectorAll('.jp-Notebook .jp-Cell').length > {count}")
    cell = page.locator(".jp-Notebook .jp-Cell").nth(count)  # Shift+Enter adds another below
    cell.locator(".cm-content").click()
    page.keyboard.insert_text(code)
    page.keyboard.press("Shift+Enter")
    cell.locator(".jp-InputPrompt").filter(has_text=re.compile(r"\[\d+\]")).wait_for(timeout=60000)
    wait_idle(page)
    outputs = cell.locator(".jp-OutputArea-output")
    return "\n".join(outputs.all_inner_texts())

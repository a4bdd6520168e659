"""A real JupyterLab in a real browser: the server, the browser, and where screenshots go.

The browser is the system's chromium (``LECTURE_NN_CHROMIUM``, default ``/usr/bin/chromium``)
driven by the ``playwright`` Python package; playwright's own browser download is never used.
Without playwright or chromium these tests are skipped, unless ``LECTURE_NN_BROWSER_TESTS=require``
(set by ``.ci/run``), which turns the skip into a failure.

The server runs on 127.0.0.1 with a random token, on a temporary copy of ``notebooks/`` (JupyterLab
saves what it runs; the committed notebooks must not change), with temporary settings that render
every cell (no windowing: off-screen cells are in the page) and never autosave.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("LECTURE_NN_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("LECTURE_NN_BROWSER_TESTS", "") == "require"

#: JupyterLab settings for the test server: every cell in the page, no saving, no news popup
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                        "checkForUpdates": False},
}


def _missing_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install playwright)"
    if not Path(CHROMIUM).exists():
        return f"no chromium at {CHROMIUM} (apt-get install -y chromium, or set LECTURE_NN_CHROMIUM)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _missing_browser()
    if reason is None or REQUIRED:  # required: the fixture below fails each test instead
        return
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.skip(reason=f"browser tests need a browser: {reason}"))


@pytest.fixture(scope="session", autouse=True)
def _browser_available():
    reason = _missing_browser()
    if reason is not None and REQUIRED:
        pytest.fail(f"LECTURE_NN_BROWSER_TESTS=require but {reason}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    def __init__(self, root: Path, url: str, token: str, process: subprocess.Popen, log: Path):
        self.root, self.url, self.token, self.process, self.log = root, url, token, process, log

    def shut_down_kernels(self):
        """Stop every kernel the tests started (a finished notebook's kernel only costs memory)."""
        def call(method, path):
            request = urllib.request.Request(f"{self.url}{path}", method=method,
                                             headers={"Authorization": f"token {self.token}"})
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.loads(response.read() or b"null")

        for session in call("GET", "/api/sessions"):
            call("DELETE", f"/api/sessions/{session['id']}")

    def notebook_url(self, relative: str) -> str:
        # ?reset: start from an empty layout, not the previous test's open tabs
        return f"{self.url}/lab/tree/{relative}?reset&token={self.token}"


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    base = tmp_path_factory.mktemp("lab")
    root = base / "root"
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    settings = base / "settings"
    for name, values in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = _free_port(), secrets.token_hex(16)
    log = base / "jupyterlab.log"
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # figures must reach the notebook (NOTEBOOKS.md)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
               f"--port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
               f"--LabApp.workspaces_dir={base / 'workspaces'}", f"--LabApp.user_settings_dir={settings}"]
    with open(log, "wb") as log_file:
        process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT, env=env, cwd=root)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"JupyterLab did not start; its log:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
    yield LabServer(root, url, token, process, log)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshot_dir():
    folder = Path(os.environ.get("LECTURE_NN_SCREENSHOTS") or tempfile.mkdtemp(prefix="lecture_nn_screenshots_"))
    folder.mkdir(parents=True, exist_ok=True)
    _SCREENSHOTS.append(folder)
    return folder


_SCREENSHOTS: list[Path] = []


def pytest_terminal_summary(terminalreporter):
    for folder in _SCREENSHOTS:
        terminalreporter.write_line(f"browser screenshots: {folder}")

"""Real-browser fixtures: one Streamlit server and one headless Chromium for the whole session.

* ``app_url``  – starts the app as ``scripts/run_app.sh`` does (``python -m ui.serve run app.py``)
  on a free loopback port, waits for ``/_stcore/health`` and stops the server (by its own pid) when the session ends.
* ``browser``  – Debian's Chromium (``/usr/bin/chromium``) driven by Playwright; never a
  downloaded browser. Every test here is skipped, with the reason, when it is absent.
* ``app``      – an :class:`~tests.browser.helpers.App` (a page plus the runs it has seen) in a
  fresh context per test, 1280×900, nothing loaded yet.
* ``new_app``  – more of those, each in its own fresh context (cookies and storage apart), at
  any viewport.

Every test in this folder carries the ``browser`` marker, so ``pytest -m "not browser"``
leaves them out.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from assessment.model import Model
from rooms.store import Store
from tests.browser.helpers import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, DESKTOP, App
from tests.support.server import stop_process

REPO_ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SERVER_START_TIMEOUT = 60.0
# Generous for a loaded 2-core machine; a healthy step takes well under a second.
DEFAULT_TIMEOUT_MS = 30_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees every collected test of the session: touch only the ones in this folder.
    ours = [item for item in items if HERE in Path(str(item.path)).resolve().parents]
    for item in ours:
        item.add_marker(pytest.mark.browser)
        if not CHROMIUM.exists():
            item.add_marker(
                pytest.mark.skip(
                    reason=f"{CHROMIUM} is not installed (the README's test command installs Debian's chromium)"
                )
            )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # Remember each phase's outcome on the item, so the page fixture can screenshot a failure.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200 and response.read().decode().strip() == "ok")
    except (urllib.error.URLError, OSError, ValueError):
        return False


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory, session_rooms_url: str) -> Iterator[str]:
    """The base URL (``http://127.0.0.1:PORT/``) of a Streamlit server running app.py.

    Its team rooms live in the session's SQLite file (``session_rooms_url``), where the tests
    can set rooms up and read them back.
    """
    port = _free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    # The app as configured in the repo (no file watcher among it): no STREAMLIT_* overrides from the caller's shell.
    env = {key: value for key, value in os.environ.items() if not key.startswith("STREAMLIT_")}
    env["PYTHONUNBUFFERED"] = "1"
    env["ROOMS_DATABASE_URL"] = session_rooms_url
    command = [
        sys.executable, "-m", "ui.serve", "run", "app.py",
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not _healthy(base + "_stcore/health"):
            if process.poll() is not None or time.monotonic() > deadline:
                state = f"exited with {process.returncode}" if process.poll() is not None else "never answered"
                output = log_path.read_text(errors="replace")
                pytest.fail(
                    f"Streamlit server {state} on {base}_stcore/health within {SERVER_START_TIMEOUT:.0f} s.\n"
                    f"Command: {' '.join(command)}\nOutput:\n{output}",
                    pytrace=False,
                )
            time.sleep(0.2)
        yield base
    finally:
        stop_process(process)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        if log_path.exists():
            (ARTIFACTS / "streamlit-server.log").write_bytes(log_path.read_bytes())


@pytest.fixture
def rooms(model: Model, session_rooms_url: str) -> Iterator[Store]:
    """The store of the app's own rooms database, to set rooms up and read them back."""
    store = Store(model, session_rooms_url)
    yield store
    store.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_app(browser: Any, app_url: str, request: pytest.FixtureRequest) -> Iterator[Callable[..., App]]:
    """Open the app in a page of its own fresh browser context: ``new_app(width=390, height=844)``.

    Nothing is loaded yet; call ``.open(query)`` on the result. ``bypass_csp=True`` lets a
    test tool injected as an inline script (axe-core) run despite the app's
    Content-Security-Policy, which refuses inline scripts as it should.
    """
    contexts: list[Any] = []
    apps: list[App] = []

    def open_app(width: int = DESKTOP["width"], height: int = DESKTOP["height"], bypass_csp: bool = False) -> App:
        context = browser.new_context(
            viewport={"width": width, "height": height}, base_url=app_url, bypass_csp=bypass_csp
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        app = App(context.new_page())
        apps.append(app)
        return app

    yield open_app

    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        for number, app in enumerate(apps):
            with contextlib.suppress(Exception):  # a crashed page must not hide the test's own failure
                app.screenshot(f"FAILED-{request.node.name}-{number}")
    for context in contexts:
        context.close()


@pytest.fixture
def app(new_app: Callable[..., App]) -> App:
    """The app in a fresh context and page at 1280×900 (not loaded yet)."""
    return new_app()

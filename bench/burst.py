"""A burst of new visitors: N websocket sessions opened at once, the app beside a hello page.

Run: .venv/bin/python -m bench.burst [--sessions 50 200] [--settings before configured]

A join link on a workshop screen: everyone opens it within the same second. Each new
session connects to ``/_stcore/stream`` and asks for its first run with a shared results
link (the app) or nothing (the hello page, ``bench/hello_app.py``); its *first render* is
the time from the burst's start to that run's ``script_finished``, connecting included.
Every setting starts a fresh server per level, for the app and for the hello page, both
through the launcher (``python -m ui.serve run ...``, ``bench.common.Server``) with the same
options, so the hello page pays the same per-session server work and the ratios show what
the app adds on top.

Throughout each burst a thread asks ``/_stcore/health`` every 100 ms (10 s time-out) and
records the slowest answer: what a load balancer's health check would see (target: never
above 1 s). Server CPU per new session is the server process's user + system time from
the burst's start until the last first render, divided by the sessions.

Settings: ``configured`` is the app as ``.streamlit/config.toml`` serves it;
``before`` adds ``--server.fileWatcherType auto`` (Streamlit's default, the configuration
before this benchmark), which makes every new session set up a watcher on every module
of the app.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from assessment.link import LinkData, encode
from assessment.loader import load_model
from bench.common import HELLO, REPO, Server, cpu_seconds, median_ms, percentile
from tests.support.wsclient import Session

APP = REPO / "app.py"
HEALTH_EVERY_S = 0.1
HEALTH_TIMEOUT_S = 10.0
HEALTH_TARGET_MS = 1_000.0
SETTINGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "before": ("**before**: file watcher on (`fileWatcherType` auto)", ("--server.fileWatcherType", "auto")),
    "configured": ('configured (`fileWatcherType = "none"`)', ()),
}


class HealthProbe:
    """Asks ``/_stcore/health`` every 100 ms from a process of its own until stopped.

    A process, not a thread of the bench: the bench's own event loop, busy with hundreds of
    sessions, would hold the GIL and make the server's health answers look slow.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.latencies_ms: list[float] = []
        self.timeouts = 0
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> HealthProbe:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "bench.burst", "--probe", self.url],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        self._process.stdout.readline()  # "ready": its first check is under way
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._process is not None
        output, _ = self._process.communicate("stop\n", timeout=HEALTH_TIMEOUT_S + 5)
        found = json.loads(output.splitlines()[-1])
        self.latencies_ms, self.timeouts = found["latencies_ms"], found["timeouts"]


def probe(url: str) -> None:
    """The health probe's own process: check every 100 ms until a line arrives on stdin, then print JSON."""
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    latencies_ms: list[float] = []
    timeouts = 0
    print("ready", flush=True)
    while not stop.is_set():
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=HEALTH_TIMEOUT_S) as response:
                response.read()
        except OSError:
            timeouts += 1
        latencies_ms.append((time.perf_counter() - start) * 1e3)
        stop.wait(HEALTH_EVERY_S)
    print(json.dumps({"latencies_ms": latencies_ms, "timeouts": timeouts}), flush=True)


async def _burst(base: str, query: str, sessions: int) -> tuple[list[float], list[str]]:
    """Open ``sessions`` sessions at once; each one's first render (s) and the errors."""
    firsts: list[float] = []
    errors: list[str] = []
    opened: list[Session] = []
    go = asyncio.Event()

    async def visitor(number: int) -> None:
        session = Session(base, query)
        opened.append(session)
        await go.wait()
        start = time.perf_counter()
        try:
            await session.connect()
            await session.rerun()
            firsts.append(time.perf_counter() - start)
        except Exception as error:  # a refused or dropped connection, a time-out: counted, not fatal
            errors.append(f"session {number}: {type(error).__name__}: {error}")

    tasks = [asyncio.create_task(visitor(n)) for n in range(sessions)]
    await asyncio.sleep(0.2)  # every visitor waiting at the start line
    go.set()
    await asyncio.gather(*tasks)
    await asyncio.gather(*(session.close() for session in opened), return_exceptions=True)
    return firsts, errors


def burst(script: Path, sessions: int, extra_args: Sequence[str], query: str = "") -> dict[str, Any]:
    """A fresh server for ``script``; one warm-up visitor, then ``sessions`` new ones at once."""
    with Server(script, extra_args=extra_args) as server:
        _run_async(_burst(server.base, query, 1))  # imports, the model, the first chart: not a new visitor's cost
        cpu_before = cpu_seconds(server.pid)
        with HealthProbe(server.base + "_stcore/health") as health:
            start = time.perf_counter()
            firsts, errors = _run_async(_burst(server.base, query, sessions))
            wall = time.perf_counter() - start
            cpu = cpu_seconds(server.pid) - cpu_before
    return {
        "script": script.name,
        "sessions": sessions,
        "completed": len(firsts),
        "errors": len(errors),
        "error_examples": errors[:3],
        "median_s": median_ms(firsts) / 1e3,
        "p95_s": percentile(firsts, 95),
        "wall_s": wall,
        "health_max_ms": max(health.latencies_ms, default=float("nan")),
        "health_over_target": sum(1 for ms in health.latencies_ms if ms > HEALTH_TARGET_MS),
        "health_timeouts": health.timeouts,
        "health_checks": len(health.latencies_ms),
        "cpu_ms_per_session": cpu / sessions * 1e3,
    }


def _run_async(coroutine: Any) -> Any:
    # On a thread of its own: the caller may already run an event loop (as in bench.load).
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def shared_link() -> str:
    """The results link every visitor opens: one organisation's result, as a workshop would share it."""
    model = load_model()
    answers = {q.id: model.scale_of(q).options[i % 3].id for i, q in enumerate(model.questions)}
    return encode(model, LinkData(answers, "Riverside Bakery", None, date(2026, 1, 1)))


def measure(levels: Sequence[int] = (50, 200), settings: Sequence[str] = tuple(SETTINGS)) -> list[dict[str, Any]]:
    """Per setting and level: the app's burst and the hello page's, each on a fresh server, with ratios."""
    query = shared_link()
    rows = []
    for setting in settings:
        _, extra_args = SETTINGS[setting]
        for sessions in levels:
            hello = burst(HELLO, sessions, extra_args)
            app = burst(APP, sessions, extra_args, query)
            for row in (hello, app):
                row["setting"] = setting
            app["median_ratio"] = app["median_s"] / hello["median_s"]
            app["p95_ratio"] = app["p95_s"] / hello["p95_s"]
            app["cpu_ratio"] = app["cpu_ms_per_session"] / hello["cpu_ms_per_session"]
            rows += [hello, app]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--settings", nargs="+", choices=list(SETTINGS), default=list(SETTINGS))
    parser.add_argument("--probe", metavar="URL", help=argparse.SUPPRESS)  # the health probe's own process
    args = parser.parse_args()
    if args.probe:
        probe(args.probe)
        return
    for row in measure(args.sessions, args.settings):
        print({k: (round(v, 3) if isinstance(v, float) else v) for k, v in row.items()}, flush=True)


if __name__ == "__main__":
    main()

"""Hostile load: a PDF flood and a room flood, and what another visitor's page costs meanwhile.

Run: .venv/bin/python -m bench.flood [--seconds 20] [--requests 100] [--only pdf rooms]

One app server through the launcher (``python -m ui.serve run app.py``) on a SQLite file of
its own. The attacker runs in a process of its own (``--attack``), so its client work does
not slow the bench's visitor; everything goes over the app's websocket as a browser's would
(``tests/support/floods.py``).

* **Another visitor** opens a results page in a new session (connect, first run) one after
  the other; each opening's time is what they wait for. Measured idle first (the baseline),
  then during each flood. Also their own PDF (a click on "Download as PDF": request to URL).
* **PDF flood.** Attacker sessions open a results page whose name holds a character DejaVu
  Sans lacks (``鷹``: it made every PDF load a 4 MB CJK font before issue 23) and send
  ``--requests`` requests for their PDF's file id at once, again and again, for ``--seconds``:
  what issue 23 found cost 44 s of CPU per 100 messages. Then the same sessions rerun their
  page before each request, so that every request is for a new file id (one PDF per page run,
  the most a client can make the server build). Also a burst of requests claiming no session
  id: the log lines they make.
* **Room flood.** Two attacker connections open new sessions one after the other, each filling
  in the new-room form and pressing "Create the room", for ``--seconds``: rooms created, per
  minute, counted in the database.

Figures: the visitor's median opening during a flood over the idle median (target: at most
2×), the server's CPU seconds and RSS growth over the flood, log lines written.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from assessment.link import LinkData, encode
from assessment.loader import load_model
from bench.common import REPO, Server, cpu_seconds, median_ms, percentile, rss_kib
from tests.support.floods import create_room, download_ids, request_files
from tests.support.wsclient import Session

APP = REPO / "app.py"
PDF = "Download as PDF"
FALLBACK_NAME = (
    "Riverside 鷹 Bakery"  # 鷹: not in DejaVu Sans (it loaded a 4 MB CJK font for every PDF before issue 23)
)
TARGET_RATIO = 2.0


def _run_async(coroutine: Any) -> Any:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def results_query(name: str, seed: int = 0) -> str:
    model = load_model()
    answers = {q.id: model.scale_of(q).options[(i + seed) % 3].id for i, q in enumerate(model.questions)}
    return encode(model, LinkData(answers, name, None, date(2026, 1, 1)))


# --- the visitor (this process) ------------------------------------------------------------------


async def _visits(base: str, query: str, count: int) -> list[float]:
    """``count`` openings of the results page, each in a new session: seconds from connect to its first run."""
    seconds = []
    for _ in range(count):
        start = time.perf_counter()
        async with Session(base, query) as visitor:
            await visitor.rerun()
        seconds.append(time.perf_counter() - start)
    return seconds


async def _visits_for(base: str, query: str, duration: float) -> list[float]:
    seconds: list[float] = []
    deadline = time.monotonic() + duration
    while time.monotonic() < deadline:
        seconds += await _visits(base, query, 1)
    return seconds


async def _own_pdf(base: str, query: str) -> tuple[float, bool]:
    """A visitor's own click on "Download as PDF": seconds from the request to its answer, and whether it was a file."""
    async with Session(base, query) as visitor:
        run = await visitor.rerun()
        answers = await request_files(visitor, download_ids(run)[PDF], 1)
    return answers.seconds, bool(answers.urls)


# --- the attacker (a process of its own) ---------------------------------------------------------


async def _pdf_attack(base: str, sessions: int, requests: int, duration: float) -> dict[str, Any]:
    sent = answered = files = 0
    deadline = time.monotonic() + duration

    async def one(number: int) -> None:
        nonlocal sent, answered, files
        async with Session(base, results_query(FALLBACK_NAME, number)) as attacker:
            file_id = download_ids(await attacker.rerun())[PDF]
            while time.monotonic() < deadline:
                left = max(1.0, deadline - time.monotonic())
                answers = await request_files(attacker, file_id, requests, timeout=left)
                sent += requests
                answered += answers.count
                files += len(answers.urls)

    await asyncio.gather(*(one(n) for n in range(sessions)))
    return {"sent": sent, "answered": answered, "files": files}


async def _pdf_rerun_attack(base: str, sessions: int, duration: float) -> dict[str, Any]:
    sent = answered = files = 0
    deadline = time.monotonic() + duration

    async def one(number: int) -> None:
        nonlocal sent, answered, files
        async with Session(base, results_query(FALLBACK_NAME, number)) as attacker:
            while time.monotonic() < deadline:
                file_id = download_ids(await attacker.rerun())[PDF]
                answers = await request_files(attacker, file_id, 1, timeout=max(1.0, deadline - time.monotonic()))
                sent += 1
                answered += answers.count
                files += len(answers.urls)

    await asyncio.gather(*(one(n) for n in range(sessions)))
    return {"sent": sent, "answered": answered, "files": files}


async def _no_session_attack(base: str, requests: int) -> dict[str, Any]:
    async with Session(base, results_query("Riverside Bakery")) as attacker:
        file_id = download_ids(await attacker.rerun())[PDF]
        answers = await request_files(attacker, file_id, requests, session_id="", timeout=60)
    return {"sent": requests, "answered": answers.count}


async def _room_attack(base: str, connections: int, duration: float) -> dict[str, Any]:
    tries = 0
    refused: dict[str, int] = {}
    deadline = time.monotonic() + duration

    async def one(number: int) -> None:
        nonlocal tries
        while time.monotonic() < deadline:
            page = await create_room(base, f"Flood {number}-{tries}")
            tries += 1
            for error in page.of_type("alert"):
                if error.format == error.ERROR:
                    refused[error.body[:60]] = refused.get(error.body[:60], 0) + 1

    await asyncio.gather(*(one(n) for n in range(connections)))
    return {"tries": tries, "refused": refused}


def attack(kind: str, base: str, options: dict[str, Any]) -> None:
    """The attacker's own process: run one attack, print its counts as JSON."""
    if kind == "pdf":
        found = asyncio.run(_pdf_attack(base, options["sessions"], options["requests"], options["seconds"]))
    elif kind == "pdf-rerun":
        found = asyncio.run(_pdf_rerun_attack(base, options["sessions"], options["seconds"]))
    elif kind == "nosession":
        found = asyncio.run(_no_session_attack(base, options["requests"]))
    else:
        found = asyncio.run(_room_attack(base, options["connections"], options["seconds"]))
    print(json.dumps(found), flush=True)


class Attacker:
    """``python -m bench.flood --attack KIND`` in a process of its own, started now and read when done."""

    def __init__(self, kind: str, base: str, **options: Any) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.flood", "--attack", kind, base, json.dumps(options)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )

    def result(self, timeout: float) -> dict[str, Any]:
        output, _ = self.process.communicate(timeout=timeout)
        found: dict[str, Any] = json.loads(output.splitlines()[-1])
        return found


# --- the measurement ---------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    """The processes ``pid`` started (the PDF worker among them)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def _family_cpu(pid: int) -> float:
    """CPU seconds of ``pid`` and the processes it started (those that still run)."""
    total = cpu_seconds(pid)
    for child in _children(pid):
        try:
            total += cpu_seconds(child)
        except OSError:
            continue
    return total


def _log_lines(server: Server) -> int:
    assert server.log_path is not None
    with server.log_path.open("rb") as log:
        return sum(1 for _ in log)


def _rooms_in(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return int(db.execute("SELECT count(*) FROM rooms").fetchone()[0])


def measure(seconds: float, requests: int, only: Sequence[str] = ("pdf", "rooms"), visits: int = 15) -> dict[str, Any]:
    """Idle, PDF flood and room flood on one server, each with the visitor's figures; see the module's docstring."""
    query = results_query("Visitor Ltd", 7)
    found: dict[str, Any] = {"seconds": seconds, "requests": requests}
    with tempfile.TemporaryDirectory(prefix="bench-flood-") as folder:
        database = Path(folder) / "rooms.sqlite3"
        env = {"ROOMS_DATABASE_URL": f"sqlite:///{database}"}
        with Server(APP, env_overrides=env) as server:
            base = server.base
            _run_async(_visits(base, query, 3))  # imports, the model, the first chart: not a visitor's cost
            _run_async(_own_pdf(base, query))
            idle = _run_async(_visits(base, query, visits))
            idle_pdf = [_run_async(_own_pdf(base, query))[0] for _ in range(3)]
            found["idle"] = {"median_ms": median_ms(idle), "p95_ms": percentile(idle, 95) * 1e3,
                             "pdf_ms": median_ms(idle_pdf), "rss_mib": rss_kib(server.pid) / 1024}  # fmt: skip
            if "pdf" in only:
                found["pdf"] = _flood(server, "pdf", seconds, query, sessions=4, requests=requests)
                found["pdf-rerun"] = _flood(server, "pdf-rerun", seconds, query, sessions=4)
                lines = _log_lines(server)
                attacker = Attacker("nosession", base, requests=1_000)
                found["nosession"] = {**attacker.result(120), "log_lines": _log_lines(server) - lines}
            if "rooms" in only:
                before = _rooms_in(database) if database.exists() else 0
                found["rooms"] = _flood(server, "rooms", seconds, query, connections=2)
                created = _rooms_in(database) - before
                found["rooms"]["created"] = created
                found["rooms"]["per_minute"] = created / seconds * 60
    for kind in ("pdf", "pdf-rerun", "rooms"):
        if kind in found:
            found[kind]["ratio"] = found[kind]["median_ms"] / found["idle"]["median_ms"]
    return found


def _flood(server: Server, kind: str, seconds: float, query: str, **options: Any) -> dict[str, Any]:
    cpu, rss, lines = _family_cpu(server.pid), rss_kib(server.pid), _log_lines(server)
    attacker = Attacker(kind, server.base, seconds=seconds, **options)
    time.sleep(min(2.0, seconds / 5))  # the flood under way
    during = _run_async(_visits_for(server.base, query, seconds * 0.6))
    pdf, pdf_ok = _run_async(_own_pdf(server.base, query))
    counts = attacker.result(timeout=seconds + 180)
    return {
        **counts,
        "median_ms": median_ms(during),
        "p95_ms": percentile(during, 95) * 1e3,
        "visits": len(during),
        "own_pdf_ms": pdf * 1e3,
        "own_pdf_ok": pdf_ok,
        "cpu_s": _family_cpu(server.pid) - cpu,
        "rss_growth_mib": (rss_kib(server.pid) - rss) / 1024,
        "log_lines": _log_lines(server) - lines,
    }


def report(seconds: float, requests: int) -> list[str]:
    """The figures as a section of ``bench/RESULTS.md``."""
    m = measure(seconds, requests)
    idle = m["idle"]
    lines = [
        "## Hostile load: PDF flood and room flood (`bench/flood.py`)",
        "",
        f"Another visitor opens a results page in a new session, one opening after another: idle, then during "
        f"each {seconds:.0f}-second flood (the attacker in a process of its own). Target: the median opening "
        f"during a flood at most {TARGET_RATIO:g}× the idle one. Server CPU: the server's process and its PDF "
        "worker's; RSS growth: the server's process.",
        "",
        "| | visitor's opening, median (p95) | ratio to idle | visitor's own PDF | server CPU | RSS growth "
        "| log lines | attacker |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        f"| idle | {idle['median_ms']:.0f} ms ({idle['p95_ms']:.0f}) | 1.00× | {idle['pdf_ms']:.0f} ms | | | | |",
    ]
    if "pdf" in m:
        p = m["pdf"]
        lines.append(
            f"| PDF flood: 4 sessions × {requests} requests at a time | {p['median_ms']:.0f} ms ({p['p95_ms']:.0f}) "
            f"| {p['ratio']:.2f}× | {p['own_pdf_ms']:.0f} ms{'' if p['own_pdf_ok'] else ' (refused)'} "
            f"| {p['cpu_s']:.1f} s | {p['rss_growth_mib']:+.0f} MiB | {p['log_lines']:,} "
            f"| {p['sent']:,} requests sent, {p['answered']:,} answered, {p['files']:,} with a file |"
        )
        r = m["pdf-rerun"]
        own = "" if r["own_pdf_ok"] else " (refused)"
        lines.append(
            f"| PDF flood: the same 4 sessions, a page run before each request | {r['median_ms']:.0f} ms "
            f"({r['p95_ms']:.0f}) | {r['ratio']:.2f}× | {r['own_pdf_ms']:.0f} ms{own} "
            f"| {r['cpu_s']:.1f} s | {r['rss_growth_mib']:+.0f} MiB | {r['log_lines']:,} "
            f"| {r['sent']:,} PDFs asked for, {r['files']:,} made |"
        )
    if "rooms" in m:
        r = m["rooms"]
        refused = sum(r["refused"].values())
        lines.append(
            f"| room flood: 2 connections, a new session per room | {r['median_ms']:.0f} ms ({r['p95_ms']:.0f}) "
            f"| {r['ratio']:.2f}× | {r['own_pdf_ms']:.0f} ms | {r['cpu_s']:.1f} s | {r['rss_growth_mib']:+.0f} MiB "
            f"| {r['log_lines']:,} | {r['tries']:,} tries, {r['created']:,} rooms created "
            f"({r['per_minute']:,.0f} a minute), {refused:,} refused |"
        )
    if "nosession" in m:
        n = m["nosession"]
        lines += ["", f"{n['sent']:,} file requests claiming no session id: {n['log_lines']:,} log lines."]
    ok = all(m[k]["ratio"] <= TARGET_RATIO for k in ("pdf", "pdf-rerun", "rooms") if k in m)
    lines += ["", f"Target (≤ {TARGET_RATIO:g}× idle during each flood): {'met' if ok else '**MISSED**'}."]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--only", nargs="+", choices=("pdf", "rooms"), default=["pdf", "rooms"])
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument("--attack", nargs=3, metavar=("KIND", "BASE", "OPTIONS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.attack:
        kind, base, options = args.attack
        attack(kind, base, json.loads(options))
        return
    if args.json:
        print(json.dumps(measure(args.seconds, args.requests, args.only), indent=2))
    else:
        print("\n".join(report(args.seconds, args.requests)))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()

"""Concurrency and isolation: many sessions on one server, over the app's websocket.

Run: .venv/bin/python -m bench.load [--sessions 25 50 100] [--mode paced|burst]
     [--ramp 10] [--think 2 6] [--gc on|off|config]

Each session opens a distinct link at a questionnaire step, changes three answers, goes to
its results and reads them back (the level heading and the table's scores): five
interactions. Every session's results must be exactly what the core computes for its own
answers: any difference is a leak between sessions (or a lost answer) and fails the run.

Two load models:

* **paced** (the target is judged on this one): people. Sessions arrive evenly over a
  ramp (default 10 s: 100 people opening a link shared in a workshop or a newsletter
  within ten seconds) and each pauses a think time between interactions, drawn uniformly
  from 2 to 6 s (reading one question and its five answers, then clicking; the quick end of
  what people take, so the load errs high). 100 sessions then offer about 25 interactions a
  second.
* **burst**: capacity and stress. Every session starts in the same millisecond and fires
  its five interactions back to back, no think time: 500 script runs queued at once on one
  process. Its p95 is queueing (500 runs / throughput), not what a person waits; it is
  reported for throughput and for isolation under the worst interleaving.

Baseline: the same sessions, schedule and server set-up on the one-radio script
``bench/minimal_app.py`` (open, four clicks, each session checks it reads back its own last
pick), in the same run; timings are reported as ratios to it.

Latency is one interaction, send to ``script_finished``, think time excluded. Server CPU is
the server process's user + system time over the level, per interaction; client CPU is
this process's (the load client: one process of its own, separate from the server, on the
same cores). Loopback only; every loop is bounded by the number of sessions and a per-run
timeout.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assessment.loader import load_model
from assessment.model import Model
from bench.common import REPO as REPO
from bench.common import Server, cpu_seconds, median_ms, percentile, rss_kib
from tests.support.sessions import BURST, MINIMAL, PACED, Outcome, Pace, load


def warm_up(model: Model, base: str, minimal: bool = False) -> None:
    """One journey first, so that imports and caches are in before memory is measured."""
    outcome, _ = load(model, [base], 1, first_index=10_000, minimal=minimal)
    if outcome.errors or outcome.leaks:
        raise RuntimeError(f"warm-up journey failed: {outcome.errors + outcome.leaks}")


def summarise(outcome: Outcome, sessions: int, wall_s: float) -> dict[str, Any]:
    everything = [t for values in outcome.latencies.values() for t in values]
    row: dict[str, Any] = {
        "sessions": sessions,
        "completed": outcome.completed,
        "errors": len(outcome.errors),
        "leaks": len(outcome.leaks),
        "interactions": len(everything),
        "p50_ms": median_ms(everything),
        "p95_ms": percentile(everything, 95) * 1e3,
        "max_ms": max(everything) * 1e3 if everything else float("nan"),
        "wall_s": wall_s,
        "interactions_per_s": len(everything) / wall_s if wall_s else 0.0,
        "by_interaction": {k: (median_ms(v), percentile(v, 95) * 1e3) for k, v in outcome.latencies.items() if v},
        "error_examples": outcome.errors[:3],
        "leak_examples": outcome.leaks[:3],
    }
    return row


def gc_args(gc: str) -> list[str]:
    """Server options for ``runner.postScriptGC``: ``on``/``off``, or ``config`` for .streamlit/config.toml's."""
    return {"on": ["--runner.postScriptGC", "true"], "off": ["--runner.postScriptGC", "false"], "config": []}[gc]


def measure_level(
    model: Model, sessions: int, pace: Pace, extra_args: Sequence[str] = (), script: Path = REPO / "app.py"
) -> dict[str, Any]:
    """One fresh server: RSS and CPU after a warm-up journey, then after ``sessions`` sessions at ``pace``."""
    minimal = script == MINIMAL
    with Server(script, extra_args=extra_args) as server:
        warm_up(model, server.base, minimal)
        before, cpu_before, client_before = rss_kib(server.pid), cpu_seconds(server.pid), _own_cpu()
        outcome, wall = load(model, [server.base], sessions, pace=pace, minimal=minimal)
        after, cpu_after, client_after = rss_kib(server.pid), cpu_seconds(server.pid), _own_cpu()
    row = summarise(outcome, sessions, wall)
    count = max(row["interactions"], 1)
    row.update(
        pace=pace.name,
        script=script.name,
        rss_before_mib=before / 1024,
        rss_after_mib=after / 1024,
        mib_per_session=(after - before) / 1024 / sessions,
        server_cpu_ms=(cpu_after - cpu_before) / count * 1e3,
        client_cpu_ms=(client_after - client_before) / count * 1e3,
    )
    return row


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def measure(
    levels: Sequence[int] = (25, 50, 100), extra_args: Sequence[str] = (), pace: Pace = PACED
) -> list[dict[str, Any]]:
    """One fresh app server per level (see :func:`measure_level`)."""
    model = load_model()
    return [measure_level(model, sessions, pace, extra_args) for sessions in levels]


def baseline(sessions: int, pace: Pace, extra_args: Sequence[str] = ()) -> dict[str, Any]:
    """The same sessions and schedule on the one-radio script (``bench/minimal_app.py``)."""
    return measure_level(load_model(), sessions, pace, extra_args, MINIMAL)


def churn(waves: int = 3, sessions: int = 100, extra_args: Sequence[str] = ()) -> list[float]:
    """RSS (MiB) of one server after a warm-up, then after each wave of ``sessions`` burst sessions has closed."""
    model = load_model()
    with Server(REPO / "app.py", extra_args=extra_args) as server:
        warm_up(model, server.base)
        rss = [rss_kib(server.pid) / 1024]
        for wave in range(waves):
            outcome, _ = load(model, [server.base], sessions, first_index=50_000 + wave * sessions)
            if outcome.errors or outcome.leaks:
                raise RuntimeError(f"churn wave {wave}: {(outcome.errors + outcome.leaks)[:3]}")
            time.sleep(1.0)  # let the server finish closing the sessions
            rss.append(rss_kib(server.pid) / 1024)
    return rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="+", default=[25, 50, 100])
    parser.add_argument("--mode", choices=["paced", "burst"], default="paced")
    parser.add_argument("--ramp", type=float, default=PACED.ramp_s, help="paced: arrivals spread over this many s")
    parser.add_argument("--think", type=float, nargs=2, default=PACED.think_s, help="paced: think time range, s")
    parser.add_argument("--gc", choices=["on", "off", "config"], default="config", help="runner.postScriptGC")
    parser.add_argument("--baseline", action="store_true", help="also run the one-radio baseline at each level")
    args = parser.parse_args()
    pace = BURST if args.mode == "burst" else Pace("paced", args.ramp, (args.think[0], args.think[1]))
    model = load_model()
    for sessions in args.sessions:
        rows = [measure_level(model, sessions, pace, gc_args(args.gc))]
        if args.baseline:
            rows.append(measure_level(model, sessions, pace, gc_args(args.gc), MINIMAL))
        for row in rows:
            print({k: (round(v, 1) if isinstance(v, float) else v) for k, v in row.items()})


if __name__ == "__main__":
    main()

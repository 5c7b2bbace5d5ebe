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
import asyncio
import os
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from assessment.link import LinkData, encode
from assessment.loader import load_model
from assessment.model import Model
from assessment.present import whole_points
from assessment.scoring import score
from bench.common import REPO as REPO
from bench.common import Server, cpu_seconds, median_ms, percentile, rss_kib
from tests.support.wsclient import Run, RunError, Session

INTERACTIONS = ("open link", "answer 1", "answer 2", "answer 3", "results")
MINIMAL = REPO / "bench" / "minimal_app.py"


@dataclass(frozen=True)
class Pace:
    """How sessions arrive and click: arrivals spread evenly over ``ramp_s``, a uniform think time between clicks."""

    name: str
    ramp_s: float = 0.0
    think_s: tuple[float, float] = (0.0, 0.0)

    def describe(self) -> str:
        if self.name == "burst":
            return "burst: all sessions at once, no think time"
        return f"paced: arrivals over {self.ramp_s:g} s, think {self.think_s[0]:g}–{self.think_s[1]:g} s"


BURST = Pace("burst")
PACED = Pace("paced", ramp_s=10.0, think_s=(2.0, 6.0))


@dataclass
class Journey:
    """What one simulated user does, and what their results must show."""

    index: int
    start: LinkData
    step: int
    changes: list[tuple[str, str]]  # (question id, option id), in order

    def final_answers(self) -> dict[str, str]:
        answers = dict(self.start.answers)
        answers.update(self.changes)
        return answers


def plan(model: Model, index: int, seed: int = 11) -> Journey:
    """A distinct journey for session ``index``: its own link, step and three changed answers."""
    rng = random.Random(seed * 100_003 + index)
    answers = {q.id: rng.choice(model.scale_of(q).options).id for q in model.questions}
    name = f"Org {index} {rng.choice(['Café', 'Ünïcode', 'Ltd', '🚀'])}"
    step = rng.randint(1, len(model.dimensions))
    questions = model.questions_of(model.dimensions[step - 1].id)
    changes = []
    for question in rng.sample(list(questions), k=min(3, len(questions))):
        others = [o.id for o in model.scale_of(question).options if o.id != answers[question.id]]
        changes.append((question.id, rng.choice(others)))
    while len(changes) < 3:  # a step with fewer than three questions: change one twice
        question_id, _ = changes[-1]
        again = model.question(question_id)
        assert again is not None
        changes.append((question_id, rng.choice([o.id for o in model.scale_of(again).options])))
    return Journey(index, LinkData(answers, name, None, date(2026, 1, 1)), step, changes)


def check_results(model: Model, journey: Journey, run: Run) -> list[str]:
    """Differences between the results a session shows and its own answers' results (empty: all good)."""
    expected = score(model, journey.final_answers(), None)
    problems = []
    headings = run.headings()
    if not headings or headings[0] != expected.level.name:
        problems.append(f"level {headings[:1]} != {expected.level.name!r}")
    table = run.table("Dimension")
    if not table:
        return [*problems, "no results table"]
    shown = [(row["Dimension"], row["Score"]) for row in table]
    wanted = [(d.dimension.name, str(whole_points(d.score))) for d in expected.dimensions]
    if shown != wanted:
        problems.append(f"table {shown} != {wanted}")
    name_shown = [e.markdown.body for e in run.elements if e.WhichOneof("type") == "markdown"]
    if not any(journey.start.name.replace(" ", "") in body.replace("\\", "").replace(" ", "") for body in name_shown):
        problems.append(f"organisation name {journey.start.name!r} not shown")
    return problems


@dataclass
class Outcome:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in INTERACTIONS})
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    completed: int = 0


Step = Callable[[Session], Awaitable[Run]]


async def _drive(
    index: int,
    session: Session,
    steps: Sequence[tuple[str, Step]],
    check: Callable[[Run], list[str]],
    outcome: Outcome,
    go: asyncio.Event,
    delay: float,
    rng: random.Random,
    pace: Pace,
) -> None:
    """Connect, wait for the start and the session's arrival, then run ``steps`` with think times between."""
    try:
        await session.connect()
        await go.wait()
        if delay:
            await asyncio.sleep(delay)
        run = Run()
        for number, (interaction, step) in enumerate(steps):
            if number and pace.think_s[1] > 0:
                await asyncio.sleep(rng.uniform(*pace.think_s))
            run = await step(session)
            outcome.latencies[interaction].append(run.seconds)
        problems = check(run)
        if problems:
            outcome.leaks.append(f"session {index}: " + "; ".join(problems))
        outcome.completed += 1
    except (RunError, OSError, TimeoutError) as error:
        outcome.errors.append(f"session {index}: {type(error).__name__}: {error}")
    except Exception as error:  # websockets' own errors (closed connection, handshake)
        outcome.errors.append(f"session {index}: {type(error).__name__}: {error}")
    finally:
        await session.close()


def _open(session: Session) -> Awaitable[Run]:
    return session.rerun()


def _choosing(question_text: str, option_label: str) -> Step:
    return lambda session: session.choose(question_text, option_label)


def _clicking(label: str) -> Step:
    return lambda session: session.click(label)


def _app_session(
    model: Model, base: str, journey: Journey
) -> tuple[Session, list[tuple[str, Step]], Callable[[Run], list[str]]]:
    """A session on the app: open the journey's link, change three answers, go to the results and check them."""
    steps: list[tuple[str, Step]] = [("open link", _open)]
    for number, (question_id, option_id) in enumerate(journey.changes, start=1):
        question = model.question(question_id)
        assert question is not None
        option = model.scale_of(question).option(option_id)
        assert option is not None
        steps.append((f"answer {number}", _choosing(question.text, option.label)))
    last = journey.step == len(model.dimensions)
    steps.append(("results", _clicking("See my results" if last else "Skip to my results")))

    def check(run: Run) -> list[str]:
        return check_results(model, journey, run)

    return Session(base, encode(model, journey.start) + f"&step={journey.step}"), steps, check


def _minimal_session(
    base: str, rng: random.Random
) -> tuple[Session, list[tuple[str, Step]], Callable[[Run], list[str]]]:
    """The baseline: the one-radio script, opened and clicked four times; it must read back its own last pick."""
    picks = [rng.choice("abc") for _ in INTERACTIONS[1:]]
    steps: list[tuple[str, Step]] = [("open link", _open)]
    steps += [(name, _choosing("Pick one", pick)) for name, pick in zip(INTERACTIONS[1:], picks, strict=True)]

    def check(run: Run) -> list[str]:
        shown = [e.markdown.body for e in run.elements if e.WhichOneof("type") == "markdown"]
        return [] if f"You picked {picks[-1]}" in shown else [f"shows {shown}, last pick {picks[-1]!r}"]

    return Session(base), steps, check


async def _load(
    model: Model, bases: Sequence[str], sessions: int, first_index: int, pace: Pace, minimal: bool
) -> tuple[Outcome, float]:
    outcome = Outcome()
    go = asyncio.Event()
    tasks = []
    for i in range(sessions):
        index = first_index + i
        rng = random.Random(7_919 * index + 1)
        base = bases[i % len(bases)]
        if minimal:
            session, steps, check = _minimal_session(base, rng)
        else:
            session, steps, check = _app_session(model, base, plan(model, index))
        delay = pace.ramp_s * i / sessions
        tasks.append(asyncio.create_task(_drive(index, session, steps, check, outcome, go, delay, rng, pace)))
    await asyncio.sleep(0.5)  # let the connections open
    start = time.perf_counter()
    go.set()
    await asyncio.gather(*tasks)
    return outcome, time.perf_counter() - start


def load(
    model: Model,
    bases: Sequence[str],
    sessions: int,
    first_index: int = 0,
    pace: Pace = BURST,
    minimal: bool = False,
) -> tuple[Outcome, float]:
    """Run ``sessions`` journeys spread round-robin over ``bases`` at ``pace``; (outcome, wall seconds).

    ``minimal``: the baseline sessions on ``bench/minimal_app.py`` instead of the app's journey.
    """
    # On a thread of its own: the caller may already run an event loop (pytest after Playwright's
    # sync API does), and asyncio.run refuses to nest.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _load(model, bases, sessions, first_index, pace, minimal)).result()


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

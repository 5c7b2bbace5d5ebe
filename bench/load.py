"""Concurrency and isolation: many simultaneous sessions over the app's websocket.

Run: .venv/bin/python -m bench.load [--sessions 25 50 100]

Each session opens a distinct link at a questionnaire step, changes three answers, goes to
its results and reads them back (the level heading and the table's scores). Every session's
results must be exactly what the core computes for its own answers: any difference is a
leak between sessions (or a lost answer) and fails the run. Loopback only; every loop is
bounded by the number of sessions and a per-run timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from assessment.link import LinkData, encode
from assessment.loader import load_model
from assessment.model import Model
from assessment.scoring import display_score, score
from bench.common import REPO, Server, median_ms, percentile, rss_kib
from bench.wsclient import Run, RunError, Session

INTERACTIONS = ("open link", "answer 1", "answer 2", "answer 3", "results")


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
        question = model.question(question_id)
        assert question is not None
        changes.append((question_id, rng.choice([o.id for o in model.scale_of(question).options])))
    return Journey(index, LinkData(answers, name, None, date(2026, 1, 1)), step, changes)


def check_results(model: Model, journey: Journey, run: Run) -> list[str]:
    """Differences between the results a session shows and its own answers' results (empty: all good)."""
    expected = score(model, journey.final_answers(), None)
    problems = []
    headings = run.headings()
    if not headings or headings[0] != expected.level.name:
        problems.append(f"level {headings[:1]} != {expected.level.name!r}")
    tables = run.of_type("table")
    if not tables:
        return [*problems, "no results table"]
    frame = convert_arrow_bytes_to_pandas_df(tables[0].arrow_data.data)
    shown = [(str(d), int(s)) for d, s in zip(frame["Dimension"], frame["Score"], strict=True)]
    wanted = [(d.dimension.name, int(display_score(d.score))) for d in expected.dimensions]
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


async def journey_run(model: Model, base: str, journey: Journey, outcome: Outcome, go: asyncio.Event) -> None:
    query = encode(model, journey.start) + f"&step={journey.step}"
    labels = {}
    for question_id, option_id in journey.changes:
        question = model.question(question_id)
        assert question is not None
        option = model.scale_of(question).option(option_id)
        assert option is not None
        labels[question_id] = (question.text, option.label)
    session = Session(base, query)
    try:
        await session.connect()
        await go.wait()  # every session starts at once
        run = await session.rerun()
        outcome.latencies["open link"].append(run.seconds)
        for number, (question_id, _) in enumerate(journey.changes, start=1):
            text, label = labels[question_id]
            run = await session.choose(text, label)
            outcome.latencies[f"answer {number}"].append(run.seconds)
        last = journey.step == len(model.dimensions)
        run = await session.click("See my results" if last else "Skip to my results")
        outcome.latencies["results"].append(run.seconds)
        problems = check_results(model, journey, run)
        if problems:
            outcome.leaks.append(f"session {journey.index}: " + "; ".join(problems))
        outcome.completed += 1
    except (RunError, OSError, TimeoutError) as error:
        outcome.errors.append(f"session {journey.index}: {type(error).__name__}: {error}")
    except Exception as error:  # websockets' own errors (closed connection, handshake)
        outcome.errors.append(f"session {journey.index}: {type(error).__name__}: {error}")
    finally:
        await session.close()


async def _load(model: Model, bases: Sequence[str], sessions: int, first_index: int) -> tuple[Outcome, float]:
    outcome = Outcome()
    go = asyncio.Event()
    tasks = [
        asyncio.create_task(journey_run(model, bases[i % len(bases)], plan(model, first_index + i), outcome, go))
        for i in range(sessions)
    ]
    await asyncio.sleep(0.5)  # let the connections open
    start = time.perf_counter()
    go.set()
    await asyncio.gather(*tasks)
    return outcome, time.perf_counter() - start


def load(model: Model, bases: Sequence[str], sessions: int, first_index: int = 0) -> tuple[Outcome, float]:
    """Run ``sessions`` simultaneous journeys spread round-robin over ``bases``; (outcome, wall seconds)."""
    # On a thread of its own: the caller may already run an event loop (pytest after Playwright's
    # sync API does), and asyncio.run refuses to nest.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _load(model, bases, sessions, first_index)).result()


def warm_up(model: Model, base: str) -> None:
    """One journey first, so that imports and caches are in before memory is measured."""
    outcome, _ = load(model, [base], 1, first_index=10_000)
    if outcome.errors or outcome.leaks:
        raise RuntimeError(f"warm-up journey failed: {outcome.errors + outcome.leaks}")


def summarise(outcome: Outcome, sessions: int, wall_s: float) -> dict[str, Any]:
    everything = [t for values in outcome.latencies.values() for t in values]
    row: dict[str, Any] = {
        "sessions": sessions,
        "completed": outcome.completed,
        "errors": len(outcome.errors),
        "leaks": len(outcome.leaks),
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


def measure(levels: Sequence[int] = (25, 50, 100), extra_args: Sequence[str] = ()) -> list[dict[str, Any]]:
    """One fresh server per level: RSS after a warm-up journey, then after the level's sessions."""
    model = load_model()
    rows = []
    for sessions in levels:
        with Server(REPO / "app.py", extra_args=extra_args) as server:
            warm_up(model, server.base)
            before = rss_kib(server.pid)
            outcome, wall = load(model, [server.base], sessions)
            after = rss_kib(server.pid)
            row = summarise(outcome, sessions, wall)
            row.update(
                rss_before_mib=before / 1024,
                rss_after_mib=after / 1024,
                mib_per_session=(after - before) / 1024 / sessions,
            )
            rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, nargs="+", default=[25, 50, 100])
    parser.add_argument("--gc-off", action="store_true", help="pass --runner.postScriptGC false to the server")
    args = parser.parse_args()
    extra = ["--runner.postScriptGC", "false"] if args.gc_off else []
    for row in measure(args.sessions, extra):
        print({k: (round(v, 1) if isinstance(v, float) else v) for k, v in row.items()})


if __name__ == "__main__":
    main()

"""Driving sessions of the app over its websocket, each checking it sees its own results.

Shared by the isolation test (``tests/test_robustness.py``) and the load benchmark
(``bench/load.py``): a session opens a distinct link at a questionnaire step, changes three
answers, goes to its results and reads them back; any difference from what the core computes
for its own answers is a leak between sessions (or a lost answer). The one-radio baseline
sessions (``minimal``) run ``bench/minimal_app.py``.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

from assessment.link import LinkData, encode
from assessment.model import Model
from assessment.rounding import whole_points
from assessment.scoring import score
from tests.support.server import REPO
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
    inapplicable = {d.not_applicable_when for d in model.dimensions if d.not_applicable_when}
    answers = {  # every page keeps its questions: no fact answer that makes a dimension not apply
        q.id: rng.choice([o.id for o in model.scale_of(q).options if (q.id, o.id) not in inapplicable])
        for q in model.questions
    }
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

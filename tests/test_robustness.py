"""Small versions of the bench's fuzz and isolation checks (bench/fuzz.py, bench/load.py; both drive tests/support/).

No timings here: these only check that nothing crashes and nothing leaks between sessions.
The full-size runs, with figures, are ``.venv/bin/python -m bench.run_all``.
"""

from __future__ import annotations

from assessment.loader import load_model
from tests.support.fuzz import Fuzzer
from tests.support.server import REPO, Server
from tests.support.sessions import load
from ui.routes import COMPARE, route


def test_decoder_and_route_survive_generated_inputs() -> None:
    """Random bytes, mutated links, random parameters, 100 kB strings, names from every Unicode category."""
    report = Fuzzer(load_model(), seed=20260101).run(3_000)
    assert report.crashes == 0, report.examples
    assert report.inputs == 3_000
    assert report.decoded_ok > 0 and report.typed_errors > 0  # both outcomes were exercised
    assert report.roundtrips > 0
    assert len(report.categories) == 30, sorted(report.categories)  # every Unicode general category


def test_route_never_raises_on_a_lone_surrogate_in_the_compare_view() -> None:
    here = route(load_model(), {"view": "compare", "v": "1", "n": "\ud800"})
    assert here.view == COMPARE


def test_concurrent_sessions_each_see_their_own_results() -> None:
    """Sessions on one server at once, over the websocket: each one's results match its own answers."""
    model = load_model()
    with Server(REPO / "app.py") as server:
        outcome, _ = load(model, [server.base], 8, first_index=500)
    assert outcome.errors == []
    assert outcome.leaks == []
    assert outcome.completed == 8

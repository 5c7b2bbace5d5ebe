"""Rerun cost: server-side time of one answer click, our app vs a minimal one-radio script.

Run: .venv/bin/python -m bench.rerun [--clicks 60] [--rounds 3]

:func:`measure_ws` is the figure the target is judged on: the click as the browser sends it,
through real servers over the websocket, send to ``script_finished`` (what a user waits
for, the post-run collection included when it is on). In the app an answer click reruns
only the questionnaire's ``st.fragment`` (the progress bar and the step's questions): the
browser sends the rerun with the radio's fragment id, and so does ``tests.support.wsclient``. A
further row sends the same click without the fragment id, so the server reruns the whole
page, on the same server in the same run. Rows
with ``runner.postScriptGC`` on and off.

:func:`measure` runs each script in its own worker process (so the baseline does not pay
for our app's imports in its garbage collections), under ``streamlit.testing.v1.AppTest``,
with Streamlit's configuration as given. A click is ``at.radio(key=...).set_value(other
option).run()``, timed whole. AppTest has no fragment reruns: every ``run()`` runs the whole
script, so these rows are the whole-page rerun of an answer click (also the cost of a Back or
Next click), script time alone (AppTest never runs the post-script collection). The workers of
both scripts alternate over several rounds so both see the same machine load.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from typing import Any

from bench.common import REPO, median_ms, percentile

MINIMAL = (REPO / "bench" / "minimal_app.py").read_text(encoding="utf-8")


def worker(kind: str, clicks: int, gc: bool) -> dict[str, Any]:
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    config.set_option("runner.postScriptGC", gc)
    if kind == "minimal":
        at = AppTest.from_string(MINIMAL, default_timeout=60)
        key, values = "q", ["a", "b"]
    else:
        from assessment.link import LinkData, encode
        from assessment.loader import load_model
        from assessment.query import parse_query
        from tests.profiles import answers_at

        model = load_model()
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
        at.query_params.update({**parse_query(encode(model, LinkData(answers_at(model, 0.5)))), "step": "1"})
        question = model.questions_of(model.dimensions[0].id)[0]
        key = f"q_{question.id}"
        options = model.scale_of(question).valued_options
        values = [options[0].id, options[-1].id]
    at.run()
    for _ in range(3):  # warm up: first runs import and cache
        at.radio(key=key).set_value(values[0]).run()
        at.radio(key=key).set_value(values[1]).run()
    times = []
    for index in range(clicks):
        widget = at.radio(key=key).set_value(values[index % 2])
        start = time.perf_counter()
        widget.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key=key).value == values[(clicks - 1) % 2]
    return {"times": times}


def run_worker(kind: str, clicks: int, gc: bool) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.rerun", "--worker", kind, "--clicks", str(clicks), "--gc", str(int(gc))],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"rerun worker {kind} failed:\n{out.stderr[-3000:]}")
    return list(json.loads(out.stdout.strip().splitlines()[-1])["times"])


def measure(clicks: int = 60, rounds: int = 3, gc_modes: tuple[bool, ...] = (True, False)) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for gc in gc_modes:
        samples: dict[str, list[float]] = {"app": [], "minimal": []}
        for _ in range(rounds):
            for kind in ("minimal", "app"):
                samples[kind] += run_worker(kind, clicks, gc)
        app, minimal = median_ms(samples["app"]), median_ms(samples["minimal"])
        results["gc_on" if gc else "gc_off"] = {
            "app_ms": app,
            "app_p95_ms": percentile(samples["app"], 95) * 1e3,
            "minimal_ms": minimal,
            "minimal_p95_ms": percentile(samples["minimal"], 95) * 1e3,
            "ratio": app / minimal,
            "clicks": len(samples["app"]),
        }
    return results


async def _ws_clicks(base: str, query: str, clicks: int, whole_page: bool = False) -> tuple[list[float], set[str]]:
    """Click the page's first radio back and forth; the times of the clicks after a warm-up, and their run statuses."""
    from tests.support.wsclient import Session

    async with Session(base, query) as session:
        run = await session.rerun()
        radio = run.radios()[0]
        values = [radio.options[0], radio.options[-1]]
        times, statuses = [], set()
        for index in range(clicks + 4):
            run = await session.choose(radio.label, values[index % 2], whole_page=whole_page)
            if index >= 4:  # the first clicks warm up
                times.append(run.seconds)
                statuses.add(run.status)
        return times, statuses


def measure_ws(clicks: int = 60, gc_modes: tuple[bool, ...] = (True, False), rounds: int = 4) -> dict[str, Any]:
    """The same click through the real server (websocket), send to ``script_finished``.

    Four servers at once (app and one-radio script, ``runner.postScriptGC`` on and off, each
    stated on the command line so .streamlit/config.toml does not decide), clicked in turn,
    ``clicks / rounds`` clicks at a time, so all four see the same machine load. The app's
    servers are also clicked with the whole page rerun (the click sent without its fragment
    id).
    """
    import asyncio
    from contextlib import ExitStack

    from assessment.link import LinkData, encode
    from assessment.loader import load_model
    from bench.common import Server
    from tests.profiles import answers_at

    model = load_model()
    query = encode(model, LinkData(answers_at(model, 0.5))) + "&step=1"
    queries = {"app": query, "minimal": ""}
    scripts = {"app": REPO / "app.py", "minimal": REPO / "bench" / "minimal_app.py"}
    samples: dict[tuple[bool, str], list[float]] = {(gc, kind): [] for gc in gc_modes for kind in scripts}
    statuses: dict[tuple[bool, str], set[str]] = {key: set() for key in samples}
    whole: dict[bool, list[float]] = {gc: [] for gc in gc_modes}
    with ExitStack() as stack:
        servers = {
            (gc, kind): stack.enter_context(
                Server(scripts[kind], extra_args=["--runner.postScriptGC", "true" if gc else "false"])
            )
            for gc, kind in samples
        }
        for _ in range(rounds):
            for (gc, kind), server in servers.items():
                times, seen = asyncio.run(_ws_clicks(server.base, queries[kind], max(1, clicks // rounds)))
                samples[gc, kind] += times
                statuses[gc, kind] |= seen
                if kind == "app":
                    times, seen = asyncio.run(
                        _ws_clicks(server.base, queries[kind], max(1, clicks // rounds), whole_page=True)
                    )
                    assert seen == {"FINISHED_SUCCESSFULLY"}, seen
                    whole[gc] += times
    for gc in gc_modes:  # the app's clicks really were fragment runs, the baseline's whole-script runs
        assert statuses[gc, "app"] == {"FINISHED_FRAGMENT_RUN_SUCCESSFULLY"}, statuses[gc, "app"]
        assert statuses[gc, "minimal"] == {"FINISHED_SUCCESSFULLY"}, statuses[gc, "minimal"]
    results: dict[str, Any] = {}
    for gc in gc_modes:
        app, minimal = samples[gc, "app"], samples[gc, "minimal"]
        results["gc_on" if gc else "gc_off"] = {
            "app_ms": median_ms(app),
            "app_p95_ms": percentile(app, 95) * 1e3,
            "minimal_ms": median_ms(minimal),
            "minimal_p95_ms": percentile(minimal, 95) * 1e3,
            "ratio": median_ms(app) / median_ms(minimal),
            "clicks": len(app),
            "whole_page_ms": median_ms(whole[gc]),
            "whole_page_p95_ms": percentile(whole[gc], 95) * 1e3,
            "whole_page_ratio": median_ms(whole[gc]) / median_ms(minimal),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worker", choices=["app", "minimal"])
    parser.add_argument("--clicks", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--gc", type=int, default=1)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.clicks, bool(args.gc))))
        return
    print(json.dumps(measure(args.clicks, args.rounds), indent=2))
    print(json.dumps(measure_ws(args.clicks), indent=2))


if __name__ == "__main__":
    main()

"""The served app against a hostile client: one live server, driven over HTTP and its websocket.

The server is started as the quick start does (``python -m ui.serve run``, the repo's
``.streamlit/config.toml``) on a free loopback port; the page it serves is ``app.py`` plus
one probe caption (``tests/support/probe_app.py``): how often the process froze its heap, and
the identity of its model.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from assessment.link import LinkData, encode
from assessment.model import Model
from tests.profiles import answers_at
from tests.support.server import REPO, Server
from tests.support.wsclient import Run, Session

PROBE = re.compile(r"^probe: freezes=(\d+) model=(\d+)$")


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with Server(REPO / "tests" / "support" / "probe_app.py") as running:
        yield running


def run_async(coroutine: Any) -> Any:
    # On a thread of its own: after Playwright's sync API the main thread has a running loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def probe(run: Run) -> tuple[int, int]:
    """(heap freezes so far, model id) from the probe caption of a finished run."""
    for caption in run.of_type("markdown"):
        found = PROBE.match(caption.body)
        if found:
            return int(found.group(1)), int(found.group(2))
    raise AssertionError("no probe caption on the page")


def results_query(model: Model) -> str:
    return encode(model, LinkData(answers_at(model, 0.5), "Riverside Bakery"))


# --- the heap freeze and the model, whatever a client sends ------------------------------------


def test_a_clear_cache_message_neither_reloads_the_model_nor_freezes_again(server: Server, model: Model) -> None:
    query = results_query(model)

    async def visit() -> list[tuple[int, int]]:
        seen = []
        async with Session(server.base, query) as visitor:
            seen.append(probe(await visitor.rerun()))
            await visitor.clear_cache()  # what any visitor can send: Streamlit's "Clear cache"
            seen.append(probe(await visitor.rerun()))
        async with Session(server.base, query) as next_visitor:
            seen.append(probe(await next_visitor.rerun()))
        return seen

    first, after_clearing, next_visitor = run_async(visit())
    assert first[0] == 1  # the startup heap, frozen by the first run
    assert after_clearing == first, "the clear-cache message froze the heap again or reloaded the model"
    assert next_visitor == first

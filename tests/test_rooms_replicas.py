"""Two app replicas on one PostgreSQL server show the same room, and members sending at once through both land once.

Two real Streamlit servers (``python -m ui.serve run app.py``, as ``bench.common.Server``
starts them) share a database on the session's throwaway PostgreSQL server. Sessions talk to
them over the app's websocket exactly as the browser does (``bench.wsclient``): the room is
created on replica A, members add their results through A and B at the same moment (some
of them the same result twice, once through each), the room is read through both, and a
result removed through B is gone on A.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from assessment.link import LinkData, encode
from assessment.model import Model
from rooms.links import RoomLink, join_link_for, parse_room_link
from rooms.store import Store
from tests.profiles import answers_at
from tests.support.postgres import Cluster
from tests.support.server import Server
from tests.support.wsclient import Run, Session

APP = Path(__file__).resolve().parent.parent / "app.py"
MEMBERS = 20  # ten through each replica
TWICE = 5  # members who send the same result again through the other replica, at the same moment


@pytest.fixture(scope="module")
def replicas(postgres: Cluster) -> Iterator[tuple[str, str, str]]:
    """The database's URL and the two replicas' base URLs."""
    url = postgres.new_database()
    servers = [Server(APP, env_overrides={"ROOMS_DATABASE_URL": url}) for _ in range(2)]
    try:
        with ThreadPoolExecutor(2) as starting:  # both start at once
            one, two = starting.map(Server.start, servers)
        yield url, one.base, two.base
    finally:
        for server in servers:
            server.__exit__()


def widget_id(run: Run, kind: str, label: str) -> str:
    for widget in run.of_type(kind):
        if widget.label == label:
            return str(widget.id)
    raise AssertionError(f"no {kind} {label!r} on the page")


def texts(run: Run) -> str:
    return " ".join([e.body for e in run.of_type("markdown")] + [e.body for e in run.of_type("alert")] + run.headings())


def count_heading(run: Run) -> str:
    """The facilitator page's "N results" heading."""
    (found,) = [h for h in run.headings() if re.fullmatch(r"\d+ results?", h)]
    return found


def member_link(model: Model, number: int) -> str:
    return encode(model, LinkData(answers_at(model, (number % 5) / 4), f"Member {number}", None, date(2026, 11, 2)))


async def create_room(base: str) -> RoomLink:
    async with Session(base, "view=new-room") as session:
        run = await session.rerun()
        session.values[widget_id(run, "text_input", "Room name")] = "Replica workshop"
        await session.click("Create the room")
        return parse_room_link("?" + session.query)


async def add_result(base: str, join: RoomLink, link: str, name: str) -> str:
    async with Session(base, link.removeprefix("?") + "&" + join.query.removeprefix("?")) as session:
        run = await session.rerun()
        session.values[widget_id(run, "text_input", "Your name in the room (optional)")] = name
        run = await session.click("Add my result to the room")
        return texts(run)


async def facilitator_view(base: str, facilitator: RoomLink) -> tuple[Session, Run]:
    session = Session(base, facilitator.query)
    await session.connect()
    return session, await session.rerun()


def test_two_replicas_on_one_postgresql_share_the_room(replicas: tuple[str, str, str], model: Model) -> None:
    url, one, two = replicas

    async def journey() -> tuple[RoomLink, list[str], list[str], list[str], int]:
        facilitator = await create_room(one)
        join = join_link_for(facilitator)
        sends = [add_result((one, two)[n % 2], join, member_link(model, n), f"Member {n}") for n in range(MEMBERS)]
        sends += [add_result((two, one)[n % 2], join, member_link(model, n), f"Again {n}") for n in range(TWICE)]
        said = await asyncio.gather(*sends)
        headings = []
        for base in (one, two):
            session, run = await facilitator_view(base, facilitator)
            headings.append(count_heading(run))
            await session.close()
        # remove one result through replica two, then read the room through replica one
        session, run = await facilitator_view(two, facilitator)
        choice = widget_id(run, "selectbox", "Remove a result")
        (first,) = [
            o for o in next(s for s in run.of_type("selectbox") if s.id == choice).options if o.startswith("1. ")
        ]
        session.values[choice] = first
        await session.click("Remove this result")
        await session.close()
        session, run = await facilitator_view(one, facilitator)
        after = count_heading(run)
        await session.close()
        removed = int(re.match(r"1\. (?:Member|Again) (\d+) ", first).group(1))  # type: ignore[union-attr]
        return facilitator, said, headings, [after], removed

    with ThreadPoolExecutor(1) as thread:  # an event loop of its own, whatever ran in this thread before
        facilitator, said, headings, after, removed = thread.submit(asyncio.run, journey()).result(timeout=240)

    assert sum("Your result is in the room" in text for text in said) == MEMBERS
    assert sum("already holds this result; it is kept once" in text for text in said) == TWICE
    assert headings == [f"{MEMBERS} results", f"{MEMBERS} results"]  # the same room through both replicas
    assert after == [f"{MEMBERS - 1} results"]
    store = Store(model, url)
    try:
        room = store.room(facilitator)
    finally:
        store.dispose()
    assert room.name == "Replica workshop"
    kept = [n for n in range(MEMBERS) if n != removed]
    assert sorted(m.link for m in room.members) == sorted(member_link(model, n) for n in kept)
    for member in room.members:  # a result sent twice keeps the name it came with first
        number = next(n for n in kept if member_link(model, n) == member.link)
        assert member.name in ({f"Member {number}", f"Again {number}"} if number < TWICE else {f"Member {number}"})

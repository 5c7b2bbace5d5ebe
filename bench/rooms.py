"""Team rooms: the time to show a room beside the compare page, and members sending at once through two replicas.

Run: .venv/bin/python -m bench.rooms [--repeats 11] [--members 50] [--write]

Everything goes through real app servers (``python -m ui.serve run app.py``) over the app's
websocket, as the browser drives them (``bench.wsclient``): a timing is one page run, send to
``script_finished``, what a user waits for. Each back end gets its own database: SQLite in a
temporary file, PostgreSQL on a throwaway server (``tests.support.postgres``, Debian's
binaries).

1. **Show time.** After one warm-up page of each kind (the server's one-time work: imports,
   the radar's frame, the store's first use), the facilitator's page of a room against the
   compare page with the same links, opened in a fresh session each time, the pages taking
   turns. The compare page takes at most 10 links, so like is compared with like: a room of
   10 against the compare page with those 10; a room of 50 against the compare page opened
   five times with the same 50 links in tens (what it takes to see all 50 there); a room of
   500 (the limit) alone. Also the facilitator page's live part alone (its ``st.fragment``
   rerun, every 5 s while open). The first open of each page is its cold cost: nothing of it
   cached yet (the room's reading of its results, the radar specs); the median is of the
   openings after it, which reuse those caches while the room is unchanged (the compare page
   caches its radar spec the same way; its comparison of at most 10 links is recomputed).
2. **Concurrency and replicas.** Two replicas on one database. ``--members`` members open
   their results with the room's join link, half through each replica; when all pages are
   loaded, every member presses "Add my result to the room" at the same moment, and a second
   press of the same result goes through the other replica at that moment too. Counted in the
   database: results stored, duplicates; then the room is read through both replicas.

``--write`` puts the figures into ``bench/RESULTS.md`` under their own heading (replacing
that section only).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from assessment.compare_link import compare_link
from assessment.link import LinkData, encode
from assessment.loader import load_model
from assessment.model import Model
from bench.common import REPO, Server, machine, median_ms, percentile
from rooms.links import RoomLink, join_link_for
from rooms.store import Store
from tests.support.postgres import Cluster, find_bin_dir
from tests.support.wsclient import Run, Session

APP = REPO / "app.py"
RESULTS = REPO / "bench" / "RESULTS.md"
HEADING = "## Team rooms (`bench/rooms.py`)"
NO_POSTGRES = "no PostgreSQL binaries on this machine (bash scripts/run_bench.sh installs Debian's postgresql)"


def random_links(model: Model, count: int, seed: int) -> list[str]:
    """``count`` different results links with random answers (a valued option, "Not sure" or none)."""
    rng = random.Random(seed)
    links = []
    for number in range(count):
        answers = {}
        for question in model.questions:
            options = model.scale_of(question).options
            pick = rng.randrange(len(options) + 1)
            if pick < len(options):
                answers[question.id] = options[pick].id
        links.append(encode(model, LinkData(answers, f"Member {number}", None, date(2026, 11, 2))))
    return links


def room_of(store: Store, links: Sequence[str], name: str) -> RoomLink:
    created = store.create(name)
    for number, link in enumerate(links):
        store.submit(created.join, link, f"Person {number}")
    return created.facilitator


async def open_page(base: str, query: str) -> Run:
    async with Session(base, query.removeprefix("?")) as session:
        return await session.rerun()


async def live_part(base: str, facilitator: RoomLink, times: int) -> list[float]:
    """The facilitator page's live part rerun alone, as its timer asks for it."""
    async with Session(base, facilitator.query.removeprefix("?")) as session:
        run = await session.rerun()
        (heading,) = [
            path
            for path, (element, _) in session.page.items()
            if element.WhichOneof("type") == "heading" and re.fullmatch(r"\d+ results?", element.heading.body)
        ]
        fragment = session.page[heading][1]
        assert fragment, "the results part is not a fragment"
        seconds = []
        for _ in range(times):
            run = await session.rerun(fragment_id=fragment)
            assert run.status == "FINISHED_FRAGMENT_RUN_SUCCESSFULLY", run.status
            seconds.append(run.seconds)
        return seconds


@dataclass
class Timing:
    label: str
    first: float
    seconds: list[float]

    def row(self, baseline: Timing | None = None) -> str:
        ratio = f"{statistics.median(self.seconds) / statistics.median(baseline.seconds):.2f}×" if baseline else ""
        return (
            f"| {self.label} | {self.first * 1e3:.0f} ms | {median_ms(self.seconds):.0f} ms "
            f"({percentile(self.seconds, 95) * 1e3:.0f}) | {ratio} |"
        )


async def show_times(base: str, pages: dict[str, list[str]], repeats: int) -> dict[str, Timing]:
    """Open every page (one or more queries, timed together) ``repeats + 1`` times, the pages taking turns."""
    timings: dict[str, Timing] = {}
    for round_number in range(repeats + 1):
        for label, queries in pages.items():
            start = time.perf_counter()
            for query in queries:
                run = await open_page(base, query)
                if run.exceptions():
                    raise RuntimeError(f"{label}: {run.exceptions()}")
            spent = time.perf_counter() - start
            if round_number == 0:
                timings[label] = Timing(label, spent, [])
            else:
                timings[label].seconds.append(spent)
    return timings


async def send_at_once(
    bases: Sequence[str], join: RoomLink, links: Sequence[str]
) -> tuple[list[str], list[float], float]:
    """Every link sent twice, once through each replica, all pressed at the same moment."""
    go = asyncio.Event()
    ready = 0

    async def member(base: str, link: str, name: str) -> tuple[str, float]:
        nonlocal ready
        async with Session(base, link.removeprefix("?") + "&" + join.query.removeprefix("?")) as session:
            run = await session.rerun()
            (box,) = [w.id for w in run.of_type("text_input") if w.label == "Your name in the room (optional)"]
            ready += 1
            await go.wait()
            session.values[box] = name
            start = time.perf_counter()
            run = await session.click("Add my result to the room")
            said = " ".join(a.body for a in run.of_type("alert"))
            return said, time.perf_counter() - start

    sends = [member(bases[n % 2], link, f"Member {n}") for n, link in enumerate(links)]
    sends += [member(bases[(n + 1) % 2], link, f"Again {n}") for n, link in enumerate(links)]
    tasks = [asyncio.ensure_future(send) for send in sends]
    while ready < len(tasks):
        await asyncio.sleep(0.05)
        for task in tasks:
            if task.done() and task.exception():
                raise task.exception()  # type: ignore[misc]
    start = time.perf_counter()
    go.set()
    outcomes = await asyncio.gather(*tasks)
    return [said for said, _ in outcomes], [seconds for _, seconds in outcomes], time.perf_counter() - start


def count_heading(run: Run) -> str:
    (found,) = [h for h in run.headings() if re.fullmatch(r"\d+ results?", h)]
    return found


def members_table(run: Run) -> str:
    (table,) = [m.body for m in run.of_type("markdown") if m.body.startswith("| # | Name |")]
    return table


def backend(name: str, url: str, model: Model, repeats: int, members: int) -> list[str]:
    lines = [f"### {name}", ""]
    store = Store(model, url)
    links = random_links(model, 500, seed=14)
    ten = room_of(store, links[:10], "Ten")
    fifty = room_of(store, links[:50], "Fifty")
    full = room_of(store, links, "Five hundred")
    with ExitStack() as stack:
        one = stack.enter_context(Server(APP, env_overrides={"ROOMS_DATABASE_URL": url}))
        two = stack.enter_context(Server(APP, env_overrides={"ROOMS_DATABASE_URL": url}))
        warm_up = [random_links(model, 2, seed=1)[0], compare_link(random_links(model, 3, seed=2))]
        warm_up.append(room_of(store, random_links(model, 3, seed=3), "Warm-up").query)
        for query in warm_up:  # the server's one-time work (imports, the radar's frame, the store's first use)
            asyncio.run(open_page(one.base, query))
        pages = {
            "facilitator page, room of 10": [ten.query],
            "compare page, the same 10 links": [compare_link(links[:10])],
            "facilitator page, room of 50": [fifty.query],
            "compare page ×5, the same 50 links in tens": [compare_link(links[n : n + 10]) for n in range(0, 50, 10)],
            "facilitator page, room of 500": [full.query],
        }
        timings = asyncio.run(show_times(one.base, pages, repeats))
        live = {size: asyncio.run(live_part(one.base, room, repeats)) for size, room in ((50, fifty), (500, full))}

        lines += [
            "| page (one server, fresh session each time) | first open | median (p95) of the next "
            "| vs the compare page |",
            "| --- | --- | --- | --- |",
            timings["facilitator page, room of 10"].row(timings["compare page, the same 10 links"]),
            timings["compare page, the same 10 links"].row(),
            timings["facilitator page, room of 50"].row(timings["compare page ×5, the same 50 links in tens"]),
            timings["compare page ×5, the same 50 links in tens"].row(),
            timings["facilitator page, room of 500"].row(),
        ]
        for size, seconds in live.items():
            lines.append(
                f"| the live part alone (fragment rerun every 5 s), room of {size} | | "
                f"{median_ms(seconds):.0f} ms ({percentile(seconds, 95) * 1e3:.0f}) | |"
            )
        lines.append("")

        sent_room = store.create("At once")
        join = join_link_for(sent_room.facilitator)
        sent = links[100 : 100 + members]
        said, seconds, wall = asyncio.run(send_at_once((one.base, two.base), join, sent))
        room = store.room(sent_room.facilitator)
        stored = [m.link for m in room.members]
        views = []
        for base in (one.base, two.base):
            run = asyncio.run(open_page(base, sent_room.facilitator.query))
            views.append((count_heading(run), members_table(run)))
    store.dispose()
    new = sum("Your result is in the room" in s for s in said)
    again = sum("already holds this result" in s for s in said)
    lines += [
        "| sends at once through two replicas | stored | duplicates stored "
        "| answered “in the room” / “already holds it” | per send median (p95) | all sends |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| {len(said)} ({members} results, each sent through both replicas) | {len(stored)} of {members} | "
        f"{len(stored) - len(set(stored))} | {new} / {again} | {median_ms(seconds):.0f} ms "
        f"({percentile(seconds, 95) * 1e3:.0f}) | {wall:.2f} s |",
        "",
        f"Read through replica A: {views[0][0]}; through replica B: {views[1][0]}; "
        f"the two pages' tables of results {'are identical' if views[0] == views[1] else 'DIFFER'}.",
        "",
    ]
    assert sorted(stored) == sorted(sent), "a result was lost or doubled"
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--write", action="store_true", help="put the figures into bench/RESULTS.md")
    args = parser.parse_args()
    started = time.perf_counter()
    lines = report(args.repeats, args.members)
    text = "\n".join([*lines, f"_rooms: {time.perf_counter() - started:.0f} s_", ""])
    print(text)
    if args.write:
        write_section(text)


def report(repeats: int = 11, members: int = 50) -> list[str]:
    """This bench's section of bench/RESULTS.md, both back ends measured now (``bench.run_all`` calls it)."""
    model = load_model()
    info = machine()
    lines = [
        HEADING,
        "",
        f"`.venv/bin/python -m bench.rooms` on {datetime.now():%Y-%m-%d %H:%M}; cores: {info['cores']}; "
        f"load average at start: {info['load average at start (1, 5, 15 min)']}. Page times are one run on the "
        "server, websocket send → `script_finished`; the compare page takes at most 10 links, so a room of 50 "
        "is set beside opening it five times with the same links in tens.",
        "",
    ]
    with tempfile.TemporaryDirectory(prefix="bench-rooms-") as folder:
        lines += backend("SQLite (the default)", f"sqlite:///{Path(folder) / 'rooms.sqlite3'}", model, repeats,
                         members)  # fmt: skip
    bin_dir = find_bin_dir()
    if bin_dir is None:
        lines += ["### PostgreSQL", "", f"Not measured: {NO_POSTGRES}.", ""]
    else:
        cluster = Cluster(bin_dir).start()
        try:
            lines += backend("PostgreSQL (a throwaway local server)", cluster.new_database(), model, repeats,
                             members)  # fmt: skip
        finally:
            cluster.stop()
    return lines


def write_section(section: str) -> None:
    """Replace this bench's section of bench/RESULTS.md (up to the next ``## `` heading), or append it."""
    current = RESULTS.read_text(encoding="utf-8")
    if HEADING in current:
        start = current.index(HEADING)
        following = current.find("\n## ", start + len(HEADING))
        end = len(current) if following == -1 else following + 1
        current = current[:start] + section + "\n" + current[end:]
    else:
        current = current.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(current, encoding="utf-8")


if __name__ == "__main__":
    main()

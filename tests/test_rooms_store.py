"""The rooms' storage on SQLite and on a real PostgreSQL server: every test here runs on both back ends.

What a room stores, its capability links, limits, expiry, migrations, concurrency and an
unreachable database. Expected values come from the core and the rules, never from the store.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from assessment.errors import DAMAGED
from assessment.link import LinkData, decode, encode
from assessment.model import Model
from rooms import rules, schema
from rooms import store as store_module
from rooms.errors import NO_ROOM, BadInput, NoRoom, RoomClosed, RoomFull, StoreUnavailable, WrongKind
from rooms.links import (
    CODE_LENGTH,
    ID_LENGTH,
    KEY_LENGTH,
    TAKE_BACK_LENGTH,
    RoomLink,
    join_key_for,
    join_link_for,
    key_hash,
    new_key,
    new_take_back_key,
    parse_room_link,
    presenter_link_for,
    short_join_link_for,
)
from rooms.schema import STEPS, Migration, upgrade
from rooms.store import DEFAULT_PATH, Invitation, Presentation, Store, database_url, make_engine, transaction
from tests.profiles import answers_at

START = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def result_link(model: Model, number: int, name: str = "") -> str:
    """A distinct results link per number (its organisation name differs)."""
    fraction = (number % 5) / 4
    return encode(model, LinkData(answers_at(model, fraction), name or f"Member {number}", None, START.date()))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(model: Model, rooms_url: str, clock: Clock) -> Iterator[Store]:
    opened = Store(model, rooms_url, clock)
    yield opened
    opened.dispose()


def raw_rows(url: str, table: str) -> list[dict[str, Any]]:
    """Every row of ``table`` as the database holds it, read without the store."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(sa.text(f"SELECT * FROM {table}"))]
    finally:
        engine.dispose()


# --- creating, showing, what is stored -------------------------------------------------------


def test_a_new_room_shows_its_name_target_expiry_and_no_members(store: Store) -> None:
    created = store.create("  Acme   workshop ", "managed")
    room = store.room(created.facilitator)
    assert (room.name, room.target, room.closed, room.members) == ("Acme workshop", "managed", False, ())
    assert room.expires_at == START + timedelta(days=rules.DEFAULT_DAYS)
    assert store.room(store.create("Short", days=1).facilitator).expires_at == START + timedelta(days=1)
    invitation = store.invitation(created.join)
    assert (invitation.name, invitation.target, invitation.closed) == ("Acme workshop", "managed", False)


@pytest.mark.parametrize(
    ("name", "target", "days", "message"),
    [
        ("", None, 90, "Give the room a name"),
        ("x" * 61, None, 90, "61 characters long; at most 60"),
        ("Acme\x00", None, 90, "control characters"),
        ("Acme", "guru", 90, "There is no target level 'guru'"),
        ("Acme", None, 0, "from 1 to 365 days, not 0"),
        ("Acme", None, 366, "not 366"),
    ],
)
def test_a_room_needs_a_name_a_known_target_and_a_sensible_expiry(
    store: Store, name: str, target: str | None, days: int, message: str
) -> None:
    with pytest.raises(BadInput, match=message):
        store.create(name, target, days)


def test_ids_and_keys_are_long_random_and_stored_only_as_hashes(store: Store, rooms_url: str, model: Model) -> None:
    created = [store.create(f"Room {n}") for n in range(3)]
    tokens = [t for c in created for t in (c.room_id, c.facilitator.key, c.join.key, c.presenter.key, c.short_join.key)]
    assert len(set(tokens)) == len(tokens)
    assert all(len(c.room_id) == ID_LENGTH == 22 for c in created)  # 16 random bytes: 128 bits
    assert all(len(c.facilitator.key) == len(c.join.key) == len(c.presenter.key) == KEY_LENGTH == 43 for c in created)
    assert all(len(c.short_join.key) == CODE_LENGTH == 16 for c in created)  # 80 bits
    for c in created:  # the pages show them from their own links
        assert c.join == join_link_for(c.facilitator) and c.presenter == presenter_link_for(c.facilitator)
        assert c.short_join == short_join_link_for(c.facilitator) == short_join_link_for(c.presenter)
    sent = store.submit(created[0].short_join, result_link(model, 1), "Ann")
    assert len(sent.take_back) == TAKE_BACK_LENGTH == 22  # 128 bits
    stored = repr(raw_rows(rooms_url, "rooms")) + repr(raw_rows(rooms_url, "submissions"))
    for c in created:
        assert all(key not in stored for key in (c.facilitator.key, c.join.key, c.presenter.key, c.short_join.key))
    assert sent.take_back not in stored
    rows = {row["id"]: row for row in raw_rows(rooms_url, "rooms")}
    for c in created:
        assert rows[c.room_id]["facilitator_key_hash"] == key_hash(c.facilitator.key)
        assert rows[c.room_id]["join_key_hash"] == key_hash(c.join.key)
        assert rows[c.room_id]["presenter_key_hash"] == key_hash(c.presenter.key)
        assert rows[c.room_id]["join_code_hash"] == key_hash(c.short_join.key)
    (submission,) = raw_rows(rooms_url, "submissions")
    assert submission["take_back_hash"] == key_hash(sent.take_back)


def test_a_room_stores_exactly_what_the_readme_says(store: Store, rooms_url: str, model: Model) -> None:
    created = store.create("Acme", "planned")
    store.submit(created.join, result_link(model, 1), "Ann")
    engine = sa.create_engine(rooms_url)
    try:
        inspector = sa.inspect(engine)
        assert set(inspector.get_table_names()) == {"rooms", "submissions", "rooms_schema", "rooms_identity"}
        columns = {t: {c["name"] for c in inspector.get_columns(t)} for t in ("rooms", "submissions")}
    finally:
        engine.dispose()
    assert columns == {
        "rooms": {
            "id",
            "name",
            "target",
            "expires_at",
            "closed",
            "facilitator_key_hash",
            "join_key_hash",
            "presenter_key_hash",
            "join_code_hash",
        },
        "submissions": {"id", "room_id", "link", "name", "submitted_at", "take_back_hash"},
    }
    (row,) = raw_rows(rooms_url, "submissions")
    assert row["link"] == result_link(model, 1) and row["name"] == "Ann"


# --- the capability links -----------------------------------------------------------------------


def test_a_join_link_adds_results_and_nothing_else(store: Store, model: Model) -> None:
    created = store.create("Acme")
    manage = created.facilitator
    for join in (created.join, created.short_join):
        for action in (store.room, store.close, store.reopen, store.delete, lambda link: store.remove(link, "x")):
            with pytest.raises(WrongKind, match="needs its facilitator link"):
                action(join)
        with pytest.raises(WrongKind):
            store.presentation(join)
    with pytest.raises(WrongKind, match="added with the room's join link"):
        store.submit(manage, result_link(model, 1))
    with pytest.raises(WrongKind):
        store.invitation(manage)
    assert store.submit(created.join, result_link(model, 1)).new
    assert store.submit(created.short_join, result_link(model, 2)).new
    assert len(store.room(manage).members) == 2


def test_a_presenter_link_shows_the_name_the_join_link_and_the_count_and_nothing_else(
    store: Store, model: Model
) -> None:
    created = store.create("Acme workshop")
    other = store.create("Other")
    store.submit(other.join, result_link(model, 9))
    presenter = created.presenter
    shown = store.presentation(presenter)
    assert shown == Presentation("Acme workshop", False, 0, created.short_join)
    for number in range(3):
        store.submit(created.short_join, result_link(model, number))
    assert store.presentation(presenter).count == 3
    store.close(created.facilitator)
    assert store.presentation(presenter).closed
    for action in (store.room, store.close, store.reopen, store.delete, lambda link: store.remove(link, "x")):
        with pytest.raises(WrongKind, match="presenter link: it shows the invitation"):
            action(presenter)
    with pytest.raises(WrongKind, match=r"presenter link\. Results are added"):
        store.submit(presenter, result_link(model, 5))
    with pytest.raises(WrongKind):
        store.invitation(presenter)
    with pytest.raises(WrongKind):
        store.presentation(created.facilitator)
    with pytest.raises(NoRoom):  # another room's presenter key, or a facilitator key in its place
        store.presentation(RoomLink(created.room_id, other.presenter.key, "present"))
    with pytest.raises(NoRoom):
        store.presentation(RoomLink(created.room_id, created.facilitator.key, "present"))


def test_a_short_join_link_opens_its_room_and_no_other(store: Store, model: Model, clock: Clock) -> None:
    created = store.create("Acme", "planned", days=1)
    other = store.create("Other")
    assert store.invitation(created.short_join) == Invitation("Acme", "planned", False)
    upper = parse_room_link("?j=" + created.short_join.key.upper())  # typed from a screen in capitals
    assert upper == created.short_join
    store.submit(upper, result_link(model, 1))
    assert [m.link for m in store.room(created.facilitator).members] == [result_link(model, 1)]
    assert store.room(other.facilitator).members == ()
    wrong = RoomLink("", "a" * CODE_LENGTH, "join")
    for link in (
        wrong,
        RoomLink("", other.short_join.key[:-1] + ("a" if other.short_join.key[-1] != "a" else "b"), "join"),
    ):
        with pytest.raises(NoRoom):
            store.invitation(link)
    clock.advance(days=1)
    with pytest.raises(NoRoom):
        store.invitation(created.short_join)


def test_a_room_made_before_the_short_links_gets_them_when_its_facilitator_opens_it(
    store: Store, model: Model, rooms_url: str
) -> None:
    created = store.create("Old room")
    engine = sa.create_engine(rooms_url)
    try:
        with engine.begin() as connection:  # as migration 4 left a room made before it
            connection.execute(
                sa.text("UPDATE rooms SET presenter_key_hash = NULL, join_code_hash = NULL WHERE id = :id"),
                {"id": created.room_id},
            )
    finally:
        engine.dispose()
    for link in (created.short_join, created.presenter):
        with pytest.raises(NoRoom):
            store.presentation(link) if link.role == "present" else store.invitation(link)
    assert store.invitation(created.join).name == "Old room"  # the long join link works as before
    store.room(created.facilitator)
    assert store.presentation(created.presenter).join == created.short_join
    assert store.invitation(created.short_join).name == "Old room"


def test_a_closed_room_reopens(store: Store, model: Model) -> None:
    created = store.create("Acme")
    store.close(created.facilitator)
    with pytest.raises(RoomClosed):
        store.submit(created.short_join, result_link(model, 1))
    store.reopen(created.facilitator)
    assert not store.room(created.facilitator).closed
    assert store.submit(created.short_join, result_link(model, 1)).new
    store.reopen(created.facilitator)  # an open room stays open
    assert not store.invitation(created.join).closed


def test_a_member_takes_back_their_own_result_and_nothing_else(store: Store, model: Model, rooms_url: str) -> None:
    created = store.create("Acme")
    other = store.create("Other")
    mine = store.submit(created.short_join, result_link(model, 1), "Ann")
    theirs = store.submit(created.join, result_link(model, 2), "Bo")
    elsewhere = store.submit(other.join, result_link(model, 1), "Ann")
    assert mine.take_back and theirs.take_back and len({mine.take_back, theirs.take_back, elsewhere.take_back}) == 3
    again = store.submit(created.join, result_link(model, 1), "Someone")  # the same result: no key for it
    assert (again.submission, again.new, again.take_back) == (mine.submission, False, "")

    shown = store.invitation(created.short_join, mine.take_back)
    assert shown.mine is not None and (shown.mine.submission, shown.mine.name) == (mine.submission, "Ann")
    assert shown.mine.link == result_link(model, 1)
    assert store.invitation(created.join, mine.take_back).mine == shown.mine  # either form of the join link
    assert store.invitation(other.join, mine.take_back).mine is None  # another room's result is not its
    assert store.invitation(created.join, new_take_back_key()).mine is None
    with pytest.raises(BadInput, match="no longer holds your result"):
        store.take_back(other.join, mine.take_back)  # a key works in its own room only
    with pytest.raises(BadInput, match="no longer holds your result"):
        store.take_back(created.join, new_take_back_key())
    with pytest.raises(WrongKind):
        store.take_back(created.facilitator, mine.take_back)

    store.close(created.facilitator)  # a closed room still gives a member's result back
    store.take_back(created.short_join, mine.take_back)
    assert [m.name for m in store.room(created.facilitator).members] == ["Bo"]
    assert [m.name for m in store.room(other.facilitator).members] == ["Ann"]
    assert store.invitation(created.join, mine.take_back).mine is None
    with pytest.raises(BadInput, match="taken back or removed already"):
        store.take_back(created.join, mine.take_back)
    assert all(
        row["link"] != result_link(model, 1)
        for row in raw_rows(rooms_url, "submissions")
        if row["room_id"] == created.room_id
    )


def test_wrong_unknown_expired_and_deleted_links_all_say_the_same(store: Store, clock: Clock, model: Model) -> None:
    created = store.create("Acme", days=1)
    other = store.create("Other")
    wrong_key = RoomLink(created.room_id, other.facilitator.key, "manage")
    unknown_room = RoomLink("A" * ID_LENGTH, created.facilitator.key, "manage")
    swapped = RoomLink(created.room_id, created.facilitator.key, "join")  # the facilitator key as a join key
    for link in (wrong_key, unknown_room):
        with pytest.raises(NoRoom) as caught:
            store.room(link)
        assert str(caught.value) == NO_ROOM
    with pytest.raises(NoRoom):
        store.submit(swapped, result_link(model, 1))

    clock.advance(days=1)  # expired: from this moment on
    for call in (lambda: store.room(created.facilitator), lambda: store.invitation(created.join)):
        with pytest.raises(NoRoom) as caught:
            call()
        assert str(caught.value) == NO_ROOM
    store.delete(other.facilitator)
    with pytest.raises(NoRoom) as caught:
        store.invitation(other.join)
    assert str(caught.value) == NO_ROOM


# --- results: nothing lost, nothing doubled --------------------------------------------------------


def test_the_same_result_sent_twice_is_stored_once(store: Store, model: Model) -> None:
    created = store.create("Acme")
    link = result_link(model, 1, "Ann & Co")
    first = store.submit(created.join, link, "Ann")
    assert first.new
    params = link.removeprefix("?").split("&")
    same = [
        link,
        "https://example.org/app/" + link,
        "?" + "&".join(reversed(params)),
        link.replace("%26", "%26") + "&" + created.join.query.removeprefix("?"),  # with the room beside it
        link.replace("Ann%20%26%20Co", "Ann+%26+Co"),  # escaped the other way
    ]
    for again in same:
        second = store.submit(created.join, again, "Someone else")
        assert (second.submission, second.new) == (first.submission, False)
    (member,) = store.room(created.facilitator).members
    assert (member.submission, member.name, member.link) == (first.submission, "Ann", link)
    assert decode(model, member.link).data == decode(model, link).data


def test_results_links_and_names_are_checked(store: Store, model: Model) -> None:
    created = store.create("Acme")
    link = result_link(model, 1)
    for damaged in (link[:-3], link.replace("a=", "a=0", 1), "?v=1", "x" * 3000):
        with pytest.raises(BadInput, match=DAMAGED.split(":")[0]):
            store.submit(created.join, damaged)
    with pytest.raises(BadInput, match="61 characters long"):
        store.submit(created.join, link, "x" * 61)
    with pytest.raises(BadInput, match="control characters"):
        store.submit(created.join, link, "Ann\x1b[31m")
    assert store.room(created.facilitator).members == ()


@pytest.mark.parametrize(
    "name", ["<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "Zoë 👩🏽‍💻 عربى", "  =1+1  ", "x" * 60]
)
def test_odd_names_come_back_exactly_as_given(store: Store, model: Model, name: str) -> None:
    created = store.create(name)
    store.submit(created.join, result_link(model, 1), name)
    room = store.room(created.facilitator)
    assert room.name == name.strip() == room.members[0].name


def test_anonymous_results_have_no_name(store: Store, model: Model, rooms_url: str) -> None:
    created = store.create("Acme")
    store.submit(created.join, result_link(model, 1), "   ")
    assert store.room(created.facilitator).members[0].name == ""
    assert raw_rows(rooms_url, "submissions")[0]["name"] is None


def test_a_closed_room_takes_no_new_results_but_keeps_its_own(store: Store, model: Model) -> None:
    created = store.create("Acme")
    kept = store.submit(created.join, result_link(model, 1))
    store.close(created.facilitator)
    store.close(created.facilitator)  # closing twice is fine
    assert store.invitation(created.join).closed and store.room(created.facilitator).closed
    with pytest.raises(RoomClosed, match="closed"):
        store.submit(created.join, result_link(model, 2))
    assert store.submit(created.join, result_link(model, 1)) == type(kept)(kept.submission, new=False)
    assert [m.submission for m in store.room(created.facilitator).members] == [kept.submission]


def test_a_room_holds_at_most_500_results(store: Store, model: Model, rooms_url: str) -> None:
    created = store.create("Big workshop")
    engine = sa.create_engine(rooms_url)
    try:
        with engine.begin() as connection:  # 499 results put in directly: quicker than 499 submissions
            connection.execute(
                sa.insert(schema.submissions),
                [
                    {"id": f"s{n}", "room_id": created.room_id, "link": f"?n={n}", "submitted_at": START}
                    for n in range(rules.MAX_RESULTS - 1)
                ],
            )
    finally:
        engine.dispose()
    assert store.submit(created.join, result_link(model, 1)).new  # the 500th
    with pytest.raises(RoomFull, match="already holds 500 results"):
        store.submit(created.join, result_link(model, 2))
    assert not store.submit(created.join, result_link(model, 1)).new  # one it holds is still found
    assert len(store.room(created.facilitator).members) == 500


def test_remove_one_result_then_delete_the_room_and_its_rows(
    store: Store, model: Model, rooms_url: str, clock: Clock
) -> None:
    created = store.create("Acme")
    keep = store.create("Another room")
    store.submit(keep.join, result_link(model, 9))
    sent = []
    for number in range(3):
        clock.advance(seconds=1)
        sent.append(store.submit(created.join, result_link(model, number), f"Person {number}").submission)
    room = store.room(created.facilitator)
    assert [m.submission for m in room.members] == sent  # in the order they came
    assert [m.submitted_at for m in room.members] == [START + timedelta(seconds=n) for n in (1, 2, 3)]

    store.remove(created.facilitator, sent[1])
    assert [m.submission for m in store.room(created.facilitator).members] == [sent[0], sent[2]]
    with pytest.raises(BadInput, match="no result"):
        store.remove(created.facilitator, sent[1])
    with pytest.raises(BadInput, match="no result"):
        store.remove(keep.facilitator, sent[0])  # another room's result

    store.delete(created.facilitator)
    with pytest.raises(NoRoom):
        store.room(created.facilitator)
    assert [r["id"] for r in raw_rows(rooms_url, "rooms")] == [keep.room_id]
    assert {r["room_id"] for r in raw_rows(rooms_url, "submissions")} == {keep.room_id}


def test_expired_rooms_are_deleted_at_start_and_by_purge(model: Model, rooms_url: str, clock: Clock) -> None:
    first = Store(model, rooms_url, clock)
    short, long = first.create("Short", days=1), first.create("Long", days=3)
    first.submit(short.join, result_link(model, 1))
    first.dispose()

    clock.advance(days=1, seconds=1)
    Store(model, rooms_url, clock).check()  # a process starting
    assert [r["id"] for r in raw_rows(rooms_url, "rooms")] == [long.room_id]
    assert raw_rows(rooms_url, "submissions") == []

    clock.advance(days=2)
    second = Store(model, rooms_url, clock)
    try:
        assert second.purge() == 0  # purged already at start
        clock.advance(days=1)
        assert second.purge() == 0
        assert raw_rows(rooms_url, "rooms") == []
    finally:
        second.dispose()


def test_purge_deletes_what_expired_while_the_process_ran(model: Model, rooms_url: str, clock: Clock) -> None:
    running = Store(model, rooms_url, clock)
    try:
        created = running.create("Short", days=1)
        running.submit(created.join, result_link(model, 1))
        clock.advance(days=2)
        assert running.purge() == 1
        assert raw_rows(rooms_url, "rooms") == raw_rows(rooms_url, "submissions") == []
    finally:
        running.dispose()


def test_a_restart_loses_nothing(model: Model, rooms_url: str, clock: Clock) -> None:
    before = Store(model, rooms_url, clock)
    created = before.create("Acme", "managed")
    sent = []
    for number in range(3):
        clock.advance(seconds=1)
        sent.append(before.submit(created.join, result_link(model, number), f"P{number}").submission)
    before.close(created.facilitator)
    shown = before.room(created.facilitator)
    before.dispose()
    after = Store(model, rooms_url, clock)
    try:
        assert after.room(created.facilitator) == shown
        assert [m.submission for m in shown.members] == sent
    finally:
        after.dispose()


# --- at once --------------------------------------------------------------------------------------


def test_fifty_members_submitting_at_once_land_exactly_once(model: Model, rooms_url: str) -> None:
    """50 members, each sending their result twice at the same moment, each from its own store
    (its own engine and connections, as separate processes would)."""
    members = 50
    setup = Store(model, rooms_url)
    created = setup.create("Workshop")
    stores = [Store(model, rooms_url) for _ in range(members)]
    for each in stores:
        each.check()  # connected and migrated before the start
    start = threading.Barrier(members * 2)

    def send(job: int) -> tuple[int, str, bool]:
        member = job % members
        start.wait()
        sent = stores[member].submit(created.join, result_link(model, member), f"Member {member}")
        return member, sent.submission, sent.new

    try:
        with ThreadPoolExecutor(members * 2) as pool:
            outcomes = list(pool.map(send, range(members * 2)))
        room = setup.room(created.facilitator)
    finally:
        for each in [setup, *stores]:
            each.dispose()
    ids: dict[int, set[str]] = {}
    for member, submission, _ in outcomes:
        ids.setdefault(member, set()).add(submission)
    assert all(len(found) == 1 for found in ids.values())  # both sends of a member got the same id
    assert sum(new for *_, new in outcomes) == members  # one of each pair was new, the other found it
    assert len(room.members) == members
    assert sorted(m.submission for m in room.members) == sorted(s for found in ids.values() for s in found)
    assert sorted(m.link for m in room.members) == sorted(result_link(model, n) for n in range(members))


def test_two_stores_on_one_database_see_the_same_room(model: Model, rooms_url: str) -> None:
    one, two = Store(model, rooms_url), Store(model, rooms_url)
    try:
        created = one.create("Acme")
        two.submit(created.join, result_link(model, 1), "Ann")
        one.submit(created.join, result_link(model, 2), "Bo")
        assert one.room(created.facilitator) == two.room(created.facilitator)
        two.remove(created.facilitator, one.room(created.facilitator).members[0].submission)
        assert [m.name for m in one.room(created.facilitator).members] == ["Bo"]
    finally:
        one.dispose()
        two.dispose()


def test_two_processes_starting_at_once_on_a_new_database_both_work(model: Model, rooms_url: str) -> None:
    stores = [Store(model, rooms_url) for _ in range(4)]
    start = threading.Barrier(len(stores))

    def first_use(store: Store) -> str:
        start.wait()
        return store.create("Room").room_id

    try:
        with ThreadPoolExecutor(len(stores)) as pool:
            made = list(pool.map(first_use, stores))
    finally:
        for store in stores:
            store.dispose()
    assert len(set(made)) == len(stores)
    assert raw_rows(rooms_url, "rooms_schema") == [{"version": len(STEPS)}]


# --- migrations -----------------------------------------------------------------------------------


def test_the_migrated_schema_is_the_one_the_queries_use(model: Model, rooms_url: str) -> None:
    Store(model, rooms_url).check()
    engine = sa.create_engine(rooms_url)
    try:
        inspector = sa.inspect(engine)
        for table in (schema.rooms, schema.submissions, schema.schema_version):
            found = {c["name"]: c for c in inspector.get_columns(table.name)}
            assert set(found) == {c.name for c in table.columns}, table.name
            for column in table.columns:
                assert found[column.name]["nullable"] == column.nullable, (table.name, column.name)
        assert inspector.get_pk_constraint("submissions")["constrained_columns"] == ["id"]
        unique = [set(u["column_names"]) for u in inspector.get_unique_constraints("submissions")]
        assert {"room_id", "link"} in unique
        indexes = {i["name"]: (i["column_names"], bool(i["unique"])) for i in inspector.get_indexes("rooms")}
        assert indexes["rooms_join_code_hash"] == (["join_code_hash"], True)  # a join code finds one room, quickly
        assert indexes["rooms_expires_at"] == (["expires_at"], False)
        (foreign,) = inspector.get_foreign_keys("submissions")
        assert (foreign["referred_table"], foreign["constrained_columns"]) == ("rooms", ["room_id"])
    finally:
        engine.dispose()


def _migrate(url: str, steps: tuple[Migration, ...]) -> int:
    """Upgrade with these steps, in a transaction begun as the store begins its own."""
    engine = make_engine(url)
    try:
        with transaction(engine, writing=True) as connection:
            return upgrade(connection, steps)
    finally:
        engine.dispose()


def test_an_upgrade_runs_only_the_steps_a_database_lacks(rooms_url: str) -> None:
    assert _migrate(rooms_url, STEPS) == len(STEPS)
    assert _migrate(rooms_url, STEPS) == len(STEPS)  # again: nothing to do
    extra = Migration(len(STEPS) + 1, "a test step", ("CREATE TABLE extra_step (n INTEGER)",))
    assert _migrate(rooms_url, (*STEPS, extra)) == len(STEPS) + 1
    assert _migrate(rooms_url, (*STEPS, extra)) == len(STEPS) + 1  # it ran once: a second CREATE would fail
    assert raw_rows(rooms_url, "extra_step") == []
    assert raw_rows(rooms_url, "rooms_schema") == [{"version": len(STEPS) + 1}]


def test_rooms_made_at_schema_version_3_keep_working_after_the_upgrade(model: Model, rooms_url: str) -> None:
    """Migration 4 adds columns to rooms that exist: their long links work at once, the short ones
    once the facilitator opens the room; several rooms without a join code yet are allowed."""
    _migrate(rooms_url, STEPS[:3])
    made = []
    engine = make_engine(rooms_url)
    try:
        with transaction(engine, writing=True) as connection:
            for number in range(2):
                room_id, key = f"{number}" * ID_LENGTH, new_key()
                made.append(RoomLink(room_id, key, "manage"))
                connection.execute(
                    sa.text(
                        "INSERT INTO rooms (id, name, target, expires_at, closed, facilitator_key_hash, join_key_hash)"
                        " VALUES (:id, :name, NULL, :expires, FALSE, :manage, :join)"
                    ),
                    {
                        "id": room_id,
                        "name": f"Old {number}",
                        "expires": datetime(2099, 1, 1),
                        "manage": key_hash(key),
                        "join": key_hash(join_key_for(key)),
                    },
                )
    finally:
        engine.dispose()
    store = Store(model, rooms_url)
    try:
        for number, link in enumerate(made):
            sent = store.submit(join_link_for(link), result_link(model, number))
            assert sent.new and sent.take_back
            with pytest.raises(NoRoom):
                store.invitation(short_join_link_for(link))
        assert [m.link for m in store.room(made[0]).members] == [result_link(model, 0)]
        assert store.invitation(short_join_link_for(made[0])).name == "Old 0"
        assert store.presentation(presenter_link_for(made[0])).count == 1
        with pytest.raises(NoRoom):
            store.invitation(short_join_link_for(made[1]))  # its facilitator has not opened it yet
    finally:
        store.dispose()
    assert raw_rows(rooms_url, "rooms_schema") == [{"version": len(STEPS)}]


def test_a_failing_step_leaves_the_database_as_it_was(rooms_url: str) -> None:
    _migrate(rooms_url, STEPS)
    broken = Migration(
        len(STEPS) + 1, "broken", ("CREATE TABLE half_done (n INTEGER)", "CREATE TABLE rooms (n INTEGER)")
    )
    with pytest.raises(StoreUnavailable):
        _migrate(rooms_url, (*STEPS, broken))
    assert raw_rows(rooms_url, "rooms_schema") == [{"version": len(STEPS)}]
    engine = sa.create_engine(rooms_url)
    try:
        assert "half_done" not in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_a_database_newer_than_the_app_is_not_used(model: Model, rooms_url: str) -> None:
    extra = Migration(len(STEPS) + 1, "from a newer app", ("CREATE TABLE newer (n INTEGER)",))
    _migrate(rooms_url, (*STEPS, extra))
    store = Store(model, rooms_url)
    with pytest.raises(StoreUnavailable, match="newer than this app"):
        store.create("Acme")
    with pytest.raises(ValueError, match="numbered"):
        _migrate(rooms_url, (extra,))


# --- the database's address, and a database that cannot be reached -------------------------------


def test_the_database_url_comes_from_the_environment() -> None:
    assert database_url({}) == f"sqlite:///{DEFAULT_PATH}"
    assert DEFAULT_PATH.parts[-2:] == ("data", "rooms.sqlite3")
    assert database_url({"ROOMS_DATABASE_URL": " "}) == f"sqlite:///{DEFAULT_PATH}"
    assert database_url({"ROOMS_DATABASE_URL": "postgres://u:p@h/db"}) == "postgresql+psycopg://u:p@h/db"
    assert database_url({"ROOMS_DATABASE_URL": "postgresql://h/db"}) == "postgresql+psycopg://h/db"
    assert database_url({"ROOMS_DATABASE_URL": "postgresql+psycopg://h/db"}) == "postgresql+psycopg://h/db"
    assert database_url({"ROOMS_DATABASE_URL": "sqlite:////tmp/x.db"}) == "sqlite:////tmp/x.db"


def test_the_default_sqlite_file_is_made_on_first_use_in_wal_mode(
    model: Model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data" / "rooms.sqlite3"
    monkeypatch.setattr("rooms.store.DEFAULT_PATH", path)
    monkeypatch.delenv("ROOMS_DATABASE_URL")
    store = Store(model)
    assert store.url == f"sqlite:///{path}"
    assert not path.parent.exists()  # made, not used: nothing on disk yet
    try:
        store.create("Acme")
        assert path.exists()
        engine = sa.create_engine(store.url)
        try:
            with engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        finally:
            engine.dispose()
    finally:
        store.dispose()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://postgres:s3cret@127.0.0.1:9/rooms",  # nothing listens on the discard port
        "sqlite:////proc/rooms-cannot-be-here/rooms.sqlite3",
        "not a database url",
        "nosuchdialect://x/y",
    ],
)
def test_an_unreachable_database_is_one_clear_error(model: Model, url: str, caplog: pytest.LogCaptureFixture) -> None:
    store = Store(model, url)
    created_elsewhere = RoomLink("A" * ID_LENGTH, "B" * KEY_LENGTH, "join")
    for call in (
        lambda: store.create("Acme"),
        lambda: store.invitation(created_elsewhere),
        lambda: store.submit(created_elsewhere, result_link(model, 1)),
        store.purge,
    ):
        with pytest.raises(StoreUnavailable, match="cannot be"):
            call()
    assert "s3cret" not in caplog.text  # what is logged names the problem, never the password


def test_a_result_id_never_starts_with_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = iter(["-starts-with-a-dash", "_fine-after-all"])
    monkeypatch.setattr(store_module.secrets, "token_urlsafe", lambda _n: next(drawn))
    assert store_module.new_submission_id() == "_fine-after-all"  # the CLI would read "-…" as an option


def test_a_new_sqlite_file_locked_by_another_process_is_waited_for_not_an_error(model: Model, tmp_path: Path) -> None:
    """Switching a new file to WAL fails at once while another connection holds it; two replicas
    starting together hit that (1 in 20 starts before the fix). The store waits instead."""
    path = tmp_path / "new.sqlite3"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE held (x)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO held VALUES (1)")
    release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    release.start()
    store = Store(model, f"sqlite:///{path}")
    try:
        assert store.create("Room").room_id  # connected once the other let go
    finally:
        release.join()
        store.dispose()
        other.close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("wal",)

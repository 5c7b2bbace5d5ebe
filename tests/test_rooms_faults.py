"""Issue 23 on the rooms: floods of new rooms, a hung or vanished database, deleted data left on disk.

The store's tests run on SQLite and on a real throwaway PostgreSQL (``rooms_url``); the page's
through AppTest, each with a database of its own.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from assessment.link import LinkData, encode
from assessment.model import Model
from rooms import limits
from rooms.cli import main as rooms_cli
from rooms.errors import BadInput, StoreUnavailable, TooMany
from rooms.rules import room_days
from rooms.store import Store
from tests.profiles import answers_at
from tests.support.postgres import Cluster, find_bin_dir
from tests.test_app import run

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)


def member_link(model: Model) -> str:
    return encode(model, LinkData(answers_at(model, 0.5), "Acme", None, START.date()))


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


# --- 2. creating rooms: per address and overall in an hour, and at most so many kept ----------------


def test_an_address_creates_at_most_its_rooms_an_hour_then_waits() -> None:
    throttle = limits.Throttle(per_address=2, overall=100)
    assert throttle.take("198.51.100.7", START) is None
    assert throttle.take("198.51.100.7", START + timedelta(minutes=10)) is None
    wait = throttle.take("198.51.100.7", START + timedelta(minutes=20))
    assert wait is not None and wait.per_address and wait.until == START + timedelta(hours=1)
    assert "At most 2 rooms an hour" in wait.message and "10:30 UTC" in wait.message
    assert throttle.take("203.0.113.9", START + timedelta(minutes=20)) is None  # another address
    assert throttle.take("198.51.100.7", START + timedelta(hours=1)) is None  # the first one's hour is over


def test_all_addresses_together_create_at_most_the_overall_rooms_an_hour() -> None:
    throttle = limits.Throttle(per_address=5, overall=3)
    for number in range(3):
        assert throttle.take(f"10.0.0.{number}", START) is None
    wait = throttle.take("10.0.0.99", START + timedelta(minutes=1))
    assert wait is not None and not wait.per_address and "at most 3 rooms an hour" in wait.message


def test_a_refused_or_failed_creation_counts_nothing_and_memory_stays_bounded() -> None:
    throttle = limits.Throttle(per_address=1, overall=10)
    for number in range(10_000):  # many addresses, most refused by the overall limit
        throttle.take(f"addr-{number}", START)
    assert len(throttle._all) == 10 and len(throttle._by_address) == 10
    throttle.give_back("addr-0", START)  # its room could not be created after all
    assert throttle.take("addr-0", START) is None


@pytest.mark.parametrize(
    ("name", "value"),
    [("ROOMS_PER_ADDRESS_PER_HOUR", "0"), ("ROOMS_PER_HOUR", "ten"), ("ROOMS_MAX_ROOMS", "-5")],
)
def test_a_bad_limit_setting_is_named(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=name):
        limits.settings({name: value})
    assert limits.settings({}) == limits.Settings()


def test_the_forwarded_address_is_the_one_the_proxy_saw() -> None:
    assert limits.forwarded_address("203.0.113.9, 10.0.0.1,198.51.100.7") == "198.51.100.7"
    assert limits.forwarded_address("") == ""


def _create_in_a_new_session(name: str) -> AppTest:
    at = run({"view": "new-room"})
    at.text_input(key="new_room_name").input(name)
    return at.button(key="create_room").click().run()


def test_new_sessions_from_one_address_create_at_most_its_rooms_an_hour(
    app_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 23: the limit was per browser session, so new sessions created 2,662 rooms a minute."""
    monkeypatch.setenv("ROOMS_PER_ADDRESS_PER_HOUR", "2")
    pages = [_create_in_a_new_session(f"Flood {number}") for number in range(4)]
    assert [bool(page.error) for page in pages] == [False, False, True, True]
    assert "At most 2 rooms an hour can be created from one network address" in pages[2].error[0].value
    assert pages[2].text_input(key="new_room_name").value == "Flood 2"  # the form keeps what was typed
    with app_store._transaction() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM rooms")).scalar_one() == 2


def test_a_database_keeps_at_most_its_rooms(model: Model, rooms_url: str) -> None:
    clock = Clock()
    store = Store(model, rooms_url, clock, max_rooms=2)
    try:
        store.create("First", days=1)
        store.create("Second", days=30)
        with pytest.raises(TooMany, match="at most 2 team rooms"):
            store.create("Third")
        clock.now += timedelta(days=1)  # the first expires: it no longer counts
        store.create("Third")
    finally:
        store.dispose()


def test_the_command_line_says_in_one_line_that_no_more_rooms_are_kept(
    rooms_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ROOMS_DATABASE_URL", rooms_url)
    monkeypatch.setenv("ROOMS_MAX_ROOMS", "1")
    assert rooms_cli(["create", "--name", "One"]) == 0
    capsys.readouterr()
    assert rooms_cli(["create", "--name", "Two"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: The app keeps at most 1 team rooms") and err.count("\n") == 1


def test_expired_rooms_are_found_by_an_index(model: Model, rooms_url: str) -> None:
    """Creating a room deletes expired ones first; without an index that read every room (104.7 ms
    a room at 500,000 rooms, holding SQLite's write lock against submissions)."""
    store = Store(model, rooms_url)
    try:
        store.check()
        with store._transaction() as connection:
            indexes = sa.inspect(connection).get_indexes("rooms")
    finally:
        store.dispose()
    assert any(index["column_names"] == ["expires_at"] for index in indexes), indexes


# --- 3. a hung PostgreSQL: the rooms say they cannot be reached, in seconds ---------------------------


@pytest.fixture(scope="module")
def own_postgres() -> Iterator[Cluster]:
    """A PostgreSQL server of this module's own: the tests stop it (SIGSTOP), so not the session's shared one."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        if os.environ.get("ROOMS_TESTS_NEED_POSTGRES") == "1":
            pytest.fail("PostgreSQL is not installed", pytrace=False)
        pytest.skip("PostgreSQL is not installed")
    cluster = Cluster(bin_dir)
    try:
        yield cluster.start()
    finally:
        cluster.stop()


def _server_processes(cluster: Cluster) -> list[int]:
    """The postmaster and every process it started (the connections' backends among them)."""
    main = int((cluster.data / "postmaster.pid").read_text().split()[0])
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == main:
                children.append(int(entry.name))
    return [main, *children]


@contextmanager
def hung(cluster: Cluster) -> Iterator[None]:
    """The whole server stopped (SIGSTOP) for the block, as a frozen machine would be; resumed after."""
    stopped = _server_processes(cluster)
    _signal(stopped, signal.SIGSTOP)
    try:
        yield
    finally:
        _signal(stopped, signal.SIGCONT)


def _signal(pids: list[int], number: signal.Signals) -> None:
    for pid in pids:
        with suppress(ProcessLookupError):  # a backend that was already ending (its client had closed)
            os.kill(pid, number)


def _within(seconds: float, work: Callable[[], object]) -> object:
    """What ``work`` returned or raised, if it ended within ``seconds`` (a generous bound against a
    hang); else "still waiting", and its thread is left to end once the server answers again."""
    outcome: list[object] = []

    def attempt() -> None:
        try:
            outcome.append(work())
        except Exception as error:
            outcome.append(error)

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(seconds)
    return outcome[0] if outcome else "still waiting"


def test_a_hung_postgresql_raises_store_unavailable_with_the_pool_warm(model: Model, own_postgres: Cluster) -> None:
    store = Store(model, own_postgres.new_database())
    try:
        created = store.create("Warm")
        store.room(created.facilitator)  # the pool holds a connection now
        with hung(own_postgres):
            outcome = _within(30, lambda: store.room(created.facilitator))
        assert isinstance(outcome, StoreUnavailable), outcome
        assert store.room(created.facilitator).name == "Warm"  # once it answers again, so do the rooms
    finally:
        store.dispose()


def test_a_hung_postgresql_raises_store_unavailable_with_a_new_store_too(model: Model, own_postgres: Cluster) -> None:
    url = own_postgres.new_database()
    with hung(own_postgres):
        fresh = Store(model, url)
        outcome = _within(30, lambda: fresh.create("Cold"))
        fresh.dispose()
    assert isinstance(outcome, StoreUnavailable), outcome


def test_the_facilitator_page_says_a_hung_postgresql_cannot_be_reached(
    model: Model, own_postgres: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = own_postgres.new_database()
    monkeypatch.setenv("ROOMS_DATABASE_URL", url)
    created = Store(model, url).create("Workshop")
    assert run(created.facilitator.params).title[0].value == "Workshop"  # the app's store and pool are warm
    with hung(own_postgres):
        page = _within(60, lambda: run(created.facilitator.params))
    assert isinstance(page, AppTest), page
    assert page.title[0].value == "The team room cannot be opened right now"
    assert "cannot be reached right now" in page.warning[0].value


# --- 4. a vanished or replaced database: refused, nothing acknowledged is lost ------------------------


def _sqlite_files(path: Path) -> list[Path]:
    return [file for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if file.exists()]


def test_a_deleted_sqlite_file_is_refused_instead_of_losing_new_rooms(model: Model, tmp_path: Path) -> None:
    """Issue 23: after the file was deleted the app kept saying "Your room is ready", pages saw
    the new rooms or not, and a restart lost them."""
    path = tmp_path / "rooms.sqlite3"
    store = Store(model, f"sqlite:///{path}")
    try:
        before = store.create("Before")
        for file in _sqlite_files(path):
            file.unlink()
        with pytest.raises(StoreUnavailable, match="cannot be reached"):
            store.create("After")  # not acknowledged: nothing lost
        with pytest.raises(StoreUnavailable):
            store.room(before.facilitator)
    finally:
        store.dispose()
    restarted = Store(model, f"sqlite:///{path}")  # the app started again: a new, empty file
    try:
        restarted.create("After the restart")
    finally:
        restarted.dispose()


def test_a_sqlite_file_replaced_by_another_database_is_refused(model: Model, tmp_path: Path) -> None:
    path, other = tmp_path / "rooms.sqlite3", tmp_path / "other.sqlite3"
    store, elsewhere = Store(model, f"sqlite:///{path}"), Store(model, f"sqlite:///{other}")
    try:
        created = store.create("Ours")
        elsewhere.create("Theirs")
        elsewhere.dispose()
        for file in _sqlite_files(path):
            file.unlink()
        shutil.copyfile(other, path)  # e.g. an old copy put back while the app runs
        with pytest.raises(StoreUnavailable):
            store.room(created.facilitator)
    finally:
        store.dispose()


def test_a_database_holding_another_identity_is_refused(model: Model, rooms_url: str) -> None:
    """The file check's complement, on both back ends: the same file or URL, another database in it."""
    store = Store(model, rooms_url)
    try:
        created = store.create("Ours")
        engine = sa.create_engine(rooms_url)
        with engine.begin() as connection:
            connection.execute(sa.text("UPDATE rooms_identity SET id = 'someone-elses-database'"))
        engine.dispose()
        with pytest.raises(StoreUnavailable):
            store.close(created.facilitator)  # a write
        with pytest.raises(StoreUnavailable):
            store.room(created.facilitator)
    finally:
        store.dispose()


def test_the_page_says_so_when_the_sqlite_file_vanished(app_store: Store, model: Model, tmp_path: Path) -> None:
    app_store.create("Warm")  # the file exists and the app's store opened it on its first page below
    assert not _create_in_a_new_session("First").error
    for file in _sqlite_files(tmp_path / "rooms.sqlite3"):
        file.unlink()
    page = _create_in_a_new_session("Second")
    assert "cannot be reached right now" in page.error[0].value
    assert not page.success  # no "Your room is ready"


# --- 8. deleted data leaves the disk; the files are private ------------------------------------------

SECRET = "Zebediah Quillfeather"  # a member's name, to look for in the database's files


def _files_holding(path: Path, text: str) -> list[str]:
    return [file.name for file in _sqlite_files(path) if text.encode() in file.read_bytes()]


def test_a_deleted_room_leaves_no_name_in_any_sqlite_file(model: Model, tmp_path: Path) -> None:
    path = tmp_path / "rooms.sqlite3"
    store = Store(model, f"sqlite:///{path}")
    try:
        created = store.create(f"Room of {SECRET}")
        store.submit(created.join, member_link(model), SECRET)
        assert _files_holding(path, SECRET)  # where it was
        store.delete(created.facilitator)
        assert _files_holding(path, SECRET) == []  # issue 23: it stayed in rooms.sqlite3-wal
    finally:
        store.dispose()


def test_a_removed_result_and_an_expired_room_leave_no_name_either(model: Model, tmp_path: Path) -> None:
    path, clock = tmp_path / "rooms.sqlite3", Clock()
    store = Store(model, f"sqlite:///{path}", clock)
    try:
        kept = store.create("Kept")
        store.submit(kept.join, member_link(model), SECRET)
        store.remove(kept.facilitator, store.room(kept.facilitator).members[0].submission)
        assert _files_holding(path, SECRET) == []
        store.create(f"Expiring, by {SECRET}", days=1)
        clock.now += timedelta(days=2)
        assert store.purge() == 1
        assert _files_holding(path, SECRET) == []
        with store._transaction() as connection:
            assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    finally:
        store.dispose()


def test_a_new_sqlite_database_is_readable_by_its_owner_alone(model: Model, tmp_path: Path) -> None:
    path = tmp_path / "data" / "rooms.sqlite3"
    before = os.umask(0o022)  # the usual one, under which SQLite made the file 0644
    try:
        store = Store(model, f"sqlite:///{path}")
        store.create("Private")
        modes = {file.name: stat.S_IMODE(file.stat().st_mode) for file in _sqlite_files(path)}
        store.dispose()
    finally:
        os.umask(before)
    assert modes and set(modes.values()) == {0o600}, modes
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


# --- 10. the room form's days: whatever a client sends, a message or the default, never a traceback ---


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), 1e300])
def test_days_a_browser_cannot_send_make_no_traceback(app_store: Store, value: float) -> None:
    at = run({"view": "new-room"})
    at.text_input(key="new_room_name").input("Odd days")
    at.number_input(key="new_room_days").set_value(value)
    at.button(key="create_room").click().run()
    assert not at.exception  # issue 23: NaN or infinity raised in Streamlit's conversion to int
    (room,) = _rooms_in(app_store)
    assert room == ("Odd days", 90)  # a value the box cannot take is its default


def test_a_fraction_of_a_day_is_explained(app_store: Store) -> None:
    at = run({"view": "new-room"})
    at.text_input(key="new_room_name").input("Half days")
    at.number_input(key="new_room_days").set_value(2.5)
    at.button(key="create_room").click().run()
    assert "a whole number of days, from 1 to 365" in at.error[0].value and not _rooms_in(app_store)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 2.5, "90", None, True])
def test_room_days_takes_whole_numbers_only(value: object) -> None:
    with pytest.raises(BadInput, match="whole number of days"):
        room_days(value)
    assert room_days(30) == room_days(30.0) == 30


def _rooms_in(store: Store) -> list[tuple[str, int]]:
    """Each room's name and how many days it lasts (rounded), read from the database."""
    with store._transaction() as connection:
        rows = connection.execute(sa.text("SELECT name, expires_at FROM rooms")).all()
    now = datetime.now(UTC).replace(tzinfo=None)
    return [(str(name), round((_as_datetime(expires) - now).total_seconds() / 86400)) for name, expires in rows]


def _as_datetime(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


# --- 10. a read-only SQLite file: one line on stderr from every rooms command ------------------------


def _as_an_ordinary_user() -> list[str]:
    """A command prefix under which the file's permissions hold: root reads and writes through them."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")  # util-linux, in every Debian
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only file cannot be made to hold")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]


@pytest.mark.parametrize("command", [["create", "--name", "Another"], ["purge"], ["show", "LINK"], ["delete", "LINK"]])
def test_a_read_only_database_makes_every_rooms_command_say_one_line(
    model: Model, tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "rooms.sqlite3"
    store = Store(model, f"sqlite:///{path}")
    link = store.create("Read only").facilitator.query
    store.dispose()
    path.chmod(0o444)
    env = {**os.environ, "ROOMS_DATABASE_URL": f"sqlite:///{path}"}
    arguments = [link if part == "LINK" else part for part in command]
    done = subprocess.run(
        [*_as_an_ordinary_user(), sys.executable, "-m", "rooms", *arguments],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: "), done.stderr  # issue 23: seven lines
    assert "readonly" in done.stderr  # the cause, in the same line

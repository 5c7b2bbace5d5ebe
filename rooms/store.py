"""The rooms' storage: SQLAlchemy Core on SQLite by default, on PostgreSQL when ``ROOMS_DATABASE_URL`` says so.

No Streamlit here: the app (``ui/room.py``) and the command line (``python -m rooms``) share
this one :class:`Store`. Every operation is one transaction and checks its link first:

* The facilitator link opens the room (:meth:`Store.room`) and manages it (remove a result,
  close, reopen, delete); the presenter link shows the room's name, its join link and how many
  results it holds (:meth:`Store.presentation`); the join link shows the room's name to
  whoever holds it (:meth:`Store.invitation`) and adds results (:meth:`Store.submit`), nothing
  else; a result's take-back key, with the join link, removes that result
  (:meth:`Store.take_back`).
* A wrong key, an unknown or expired room all raise the same :class:`~rooms.errors.NoRoom`.
* A database that cannot be reached or used raises :class:`~rooms.errors.StoreUnavailable`,
  never a driver's error, so the pages can say what is wrong. On PostgreSQL every operation
  ends within :data:`OPERATION_SECONDS`, a hung server included (:mod:`rooms.deadline`).

Nothing lost, nothing doubled: a result is one row, unique per room and results link, added
in a transaction that first locks its room (PostgreSQL: ``SELECT ... FOR UPDATE`` on the
room's row; SQLite: every writing transaction begins ``IMMEDIATE``, taking the database's
write lock), so concurrent submissions to one room are counted and checked one after the
other. The first use of a store (per process) creates or upgrades the schema
(:func:`rooms.schema.upgrade`) and deletes expired rooms; creating a room deletes them too.
"""

from __future__ import annotations

import logging
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Row, create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, SQLAlchemyError

from assessment.model import Model

from . import deadline, limits
from .errors import BadInput, NoRoom, RoomClosed, RoomFull, StoreUnavailable, TooMany, WrongKind
from .links import (
    JOIN,
    MANAGE,
    PRESENT,
    Role,
    RoomLink,
    join_code_for,
    join_key_for,
    key_hash,
    key_matches,
    new_key,
    new_room_id,
    new_take_back_key,
    presenter_key_for,
    short_join_link_for,
)
from .rules import MAX_RESULTS, clean_name, expired, expiry, stored_link
from .schema import identity, rooms, submissions, upgrade

URL_VARIABLE = "ROOMS_DATABASE_URL"
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "rooms.sqlite3"
CREATE_LOCK = 0x4E4557524F4F4D  # "NEWROOM": PostgreSQL advisory lock that counts rooms one creation at a time
SUBMISSION_BYTES = 12  # 96 bits: a result's id says nothing about how many results there are
SQLITE_BUSY_SECONDS = 30.0  # how long a writer waits for SQLite's write lock
# PostgreSQL: how long one operation of the store may take, all in (waiting for a pooled
# connection, checking it, its statements, the commit) before a room page says the rooms cannot be
# reached; a new connection may take CONNECT_SECONDS (libpq's shortest) on top. The server stops a
# statement itself after STATEMENT_SECONDS, and a transaction left open by a cut connection.
OPERATION_SECONDS = 4.0
CONNECT_SECONDS = 2
STATEMENT_SECONDS = 4.0
IDLE_TRANSACTION_SECONDS = 10
WRITING = "rooms_writing"  # execution option of a writing transaction (SQLite: BEGIN IMMEDIATE)
_NO_HASH = key_hash("")  # compared against when there is no room, so both cases do the same work
UNAVAILABLE = (
    "The team rooms cannot be reached right now: their database does not answer or cannot be used. "
    "Try again in a minute."
)

log = logging.getLogger(__name__)

_KEY_COLUMNS: dict[Role, str] = {MANAGE: "facilitator_key_hash", PRESENT: "presenter_key_hash", JOIN: "join_key_hash"}
_SEES_OR_MANAGES = "Seeing or managing the room needs its facilitator link."
_WRONG_KIND: dict[tuple[Role, Role], str] = {  # (the link given, the link needed): what to say
    (JOIN, MANAGE): f"This is a room's join link: it adds results to the room and nothing else. {_SEES_OR_MANAGES}",
    (PRESENT, MANAGE): (
        "This is a room's presenter link: it shows the invitation and how many results came, nothing else. "
        + _SEES_OR_MANAGES
    ),
    (MANAGE, JOIN): "This is a room's facilitator link. Results are added with the room's join link.",
    (PRESENT, JOIN): "This is a room's presenter link. Results are added with the room's join link.",
    (MANAGE, PRESENT): "This is a room's facilitator link; its page opens the presenter view.",
    (JOIN, PRESENT): "This is a room's join link: it adds results to the room and nothing else.",
}


def database_url(environ: Mapping[str, str] = os.environ) -> str:
    """The rooms' database: ``ROOMS_DATABASE_URL`` when set, else SQLite in ``data/rooms.sqlite3``.

    The URL is SQLAlchemy's, as ``st.connection`` takes it. A plain ``postgres://`` or
    ``postgresql://`` URL (as hosting services hand them out) means psycopg 3, the driver in
    ``requirements.txt``.
    """
    url = environ.get(URL_VARIABLE, "").strip()
    if not url:
        return f"sqlite:///{DEFAULT_PATH}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def new_submission_id() -> str:
    """A new result's id: 96 random bits, base64url, never starting with "-" so that a command
    line (``python -m rooms remove LINK ID``) cannot mistake it for an option."""
    while (submission := secrets.token_urlsafe(SUBMISSION_BYTES)).startswith("-"):
        pass
    return submission


def utc_now() -> datetime:
    return datetime.now(UTC)


def _to_db(moment: datetime) -> datetime:
    """A moment as stored: UTC without a zone (SQLite has no zones)."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def _from_db(value: Any) -> datetime:
    if not isinstance(value, datetime):
        raise StoreUnavailable(UNAVAILABLE)
    return value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Created:
    """A new room: its id and its links (the join link in its long and its short form)."""

    room_id: str
    facilitator: RoomLink
    join: RoomLink
    presenter: RoomLink
    short_join: RoomLink


@dataclass(frozen=True)
class Member:
    """One result in a room."""

    submission: str
    name: str  # "" when sent anonymously
    link: str  # the results query, "?v=..."
    submitted_at: datetime


@dataclass(frozen=True)
class Invitation:
    """What a join link shows whoever holds it: the room's name and target, whether it is closed,
    and the result its holder's take-back key removes, if one was given and the room holds it."""

    name: str
    target: str | None
    closed: bool
    mine: Member | None = None


@dataclass(frozen=True)
class Presentation:
    """What the presenter link shows: the room's name, whether it is closed, how many results it
    holds, and its short join link."""

    name: str
    closed: bool
    count: int
    join: RoomLink


@dataclass(frozen=True)
class Room:
    """A room as its facilitator sees it."""

    room_id: str
    name: str
    target: str | None
    expires_at: datetime
    closed: bool
    members: tuple[Member, ...]


@dataclass(frozen=True)
class Submitted:
    """A result sent to a room: its id, whether it was new (False: the room already held it) and,
    when new, the key that takes it back (given once: only its hash is stored)."""

    submission: str
    new: bool
    take_back: str = ""


def _member(row: Row[Any]) -> Member:
    return Member(str(row.id), row.name or "", str(row.link), _from_db(row.submitted_at))


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite would begin transactions itself, late and deferred; the "begin" listener does it instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    _use_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")  # what is deleted is overwritten with zeros, not left in free pages
    cursor.close()


def _use_wal(cursor: Any) -> None:
    """WAL mode: readers never wait for the writer. Switching a new database file to it needs
    the file to itself for a moment, and SQLite reports "database is locked" at once rather
    than waiting, so two processes starting together on a new file (two replicas) retry here
    for as long as a writer would wait. Once set, WAL stays with the file and this is instant."""
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _sqlite_begin(connection: Connection) -> None:
    # A writing transaction takes the write lock at once, so what it reads before writing stays true.
    immediate = connection.get_execution_options().get(WRITING, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _postgres_connect(dbapi_connection: Any, _record: Any) -> None:
    # The server's own limits, for this session (autocommit: a SET in a transaction rolled back is undone).
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(STATEMENT_SECONDS * 1000)}")
            cursor.execute(f"SET lock_timeout = {int(STATEMENT_SECONDS * 1000)}")
            cursor.execute(f"SET idle_in_transaction_session_timeout = {IDLE_TRANSACTION_SECONDS * 1000}")
    finally:
        dbapi_connection.autocommit = autocommit


def _postgres_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """A pooled connection, checked before use under the operation's deadline (SQLAlchemy's
    ``pool_pre_ping`` has none): a restarted server's stale connection is replaced
    (:class:`DisconnectionError`), a server that does not answer in time raises :class:`TimeoutError`."""
    ends = deadline.watch(dbapi_connection)
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        deadline.unwatch()  # the pool closes this connection now
        if ends is not None and time.monotonic() >= ends:
            raise TimeoutError(f"no answer within {OPERATION_SECONDS} s") from error
        raise DisconnectionError(str(error)) from error
    finally:
        if not dbapi_connection.closed:
            dbapi_connection.autocommit = autocommit


def _create_private(path: Path) -> None:
    """The SQLite file at ``path``, made now (empty) readable and writable by its owner alone if it
    does not exist yet, in a folder made the same way: SQLite makes a new file, and its -wal and
    -shm files after it, world-readable (0644), and a room holds names. An existing file is left as it is."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def make_engine(url: str) -> Engine:
    """An engine for the rooms' database at ``url``; it connects on first use, not now.

    SQLite: the file and its folder are made now, private (:func:`_create_private`), transactions are begun
    by :func:`_sqlite_begin` (so DDL is transactional too, and writers queue on the write
    lock for up to :data:`SQLITE_BUSY_SECONDS`), WAL mode. PostgreSQL: connections are
    checked before use (:func:`_postgres_checkout`: a restarted server is no error), new ones
    give up after :data:`CONNECT_SECONDS`, a wait for a pooled one after
    :data:`OPERATION_SECONDS`, and the server stops a statement after
    :data:`STATEMENT_SECONDS`. A URL that cannot be used raises :class:`StoreUnavailable`.
    """
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                _create_private(Path(parsed.database))
            engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_SECONDS})
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
            return engine
        if parsed.get_backend_name() == "postgresql":
            engine = create_engine(
                parsed, pool_timeout=OPERATION_SECONDS, connect_args={"connect_timeout": CONNECT_SECONDS}
            )
            event.listen(engine, "connect", _postgres_connect)
            event.listen(engine, "checkout", _postgres_checkout)
            return engine
        return create_engine(parsed, pool_pre_ping=True)
    except OSError as error:
        log.warning("rooms: cannot make the SQLite database's folder: %s", error)
        raise StoreUnavailable(UNAVAILABLE) from None
    except (ArgumentError, ImportError, ValueError) as error:
        log.error("rooms: cannot use the database URL in %s: %s", URL_VARIABLE, type(error).__name__)
        raise StoreUnavailable(
            f"The team rooms' database address ({URL_VARIABLE}) cannot be used. Check its form, "
            "e.g. postgresql+psycopg://user:password@host/database."
        ) from None


def first_line(error: BaseException) -> str:
    """A database error in one line: its kind and the driver's first line (no SQL, no parameters)."""
    driver = getattr(error, "orig", None) or error
    lines = str(driver).strip().splitlines()
    return f"{type(driver).__name__}: {lines[0] if lines else ''}".rstrip(": ")


@contextmanager
def transaction(engine: Engine, writing: bool = False) -> Iterator[Connection]:
    """One transaction on ``engine``, committed when the block ends and rolled back when it raises.

    ``writing`` marks one that writes (on SQLite it takes the write lock as it begins). A
    database error, or a database that cannot be reached (on PostgreSQL: within
    :data:`OPERATION_SECONDS`), raises :class:`StoreUnavailable`.
    """
    try:
        with deadline.operation(OPERATION_SECONDS), engine.connect() as connection:
            connection.execution_options(**{WRITING: writing})
            with connection.begin():
                yield connection
    except (SQLAlchemyError, OSError) as error:
        cause = first_line(error)
        log.warning("rooms: database error: %s", cause)
        raise StoreUnavailable(UNAVAILABLE, cause) from error


def identity_now(connection: Connection) -> str | None:
    """The identity the database holds now (None if it holds none, or several). Plain SQL: it runs
    before every transaction's own statements, and SQLAlchemy's compiling would double its cost."""
    found = connection.exec_driver_sql("SELECT id FROM rooms_identity LIMIT 2").scalars().all()
    return str(found[0]) if len(found) == 1 else None


def _file_of(url: str) -> Path | None:
    """The SQLite database file ``url`` names (None for PostgreSQL, an in-memory database or no URL at all)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None  # make_engine says what is wrong with it
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _file_id(path: Path) -> tuple[int, int] | None:
    """The file at ``path`` as the system knows it (device, inode); None when there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


class Store:
    """The rooms in one database. Thread-safe; connects on first use, not when made.

    It keeps at most ``max_rooms`` rooms (default: ``ROOMS_MAX_ROOMS``, :mod:`rooms.limits`).

    It uses the database it opened and no other. Deleting a SQLite file under a running app
    lost data silently (issue 23: new rooms went to the deleted file, pages saw one or the
    other, and a restart lost them), so every transaction first checks that the file is still
    the one opened (same device and inode) and that the database still holds the identity it
    had (:func:`rooms.schema.identity`; also on PostgreSQL), and otherwise raises
    :class:`StoreUnavailable` without touching it, until the app is restarted.
    """

    def __init__(
        self,
        model: Model,
        url: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        max_rooms: int | None = None,
    ) -> None:
        self.model = model
        self.url = url or database_url()
        self.clock = clock
        self._max_rooms = max_rooms
        self._engine: Engine | None = None
        self._lock = threading.Lock()
        self._file = _file_of(self.url)
        self._opened: tuple[tuple[int, int] | None, str] = (None, "")  # the file and identity opened
        self._replaced = False  # said in the log once

    @property
    def max_rooms(self) -> int:
        """How many rooms the database keeps at most; a bad ``ROOMS_MAX_ROOMS`` raises :class:`StoreUnavailable`."""
        if self._max_rooms is None:
            try:
                return limits.settings().max_rooms
            except ValueError as error:
                raise StoreUnavailable(str(error)) from None
        return self._max_rooms

    # -- the connection ---------------------------------------------------------------------
    def _ready(self) -> Engine:
        """The engine, the schema upgraded and expired rooms deleted on first use (retried after a failure)."""
        with self._lock:
            if self._engine is None:
                engine = make_engine(self.url)
                try:
                    with transaction(engine, writing=True) as connection:
                        upgrade(connection)
                        given = identity(connection)
                        purged = self._purge(connection)
                except StoreUnavailable:
                    engine.dispose()
                    raise
                self._opened = (_file_id(self._file) if self._file else None, given)
                self._engine = engine
                if purged:
                    self._forget_deleted()
            return self._engine

    def _not_the_one_opened(self, what: str) -> StoreUnavailable:
        if not self._replaced:
            self._replaced = True
            log.error("rooms: %s since the app opened it; no room is read or written until it restarts", what)
        return StoreUnavailable(UNAVAILABLE)

    @contextmanager
    def _transaction(self, writing: bool = False) -> Iterator[Connection]:
        engine = self._ready()
        opened_file, opened_identity = self._opened
        if self._file is not None and _file_id(self._file) != opened_file:
            raise self._not_the_one_opened(f"the database file {self._file} was deleted or replaced")
        with transaction(engine, writing) as connection:
            if identity_now(connection) != opened_identity:
                raise self._not_the_one_opened("the database was replaced by another one")
            yield connection

    def _forget_deleted(self) -> None:
        """After a deletion on SQLite, copy the write-ahead log into the database and empty it: the
        log still held what was deleted (issue 23: a deleted room's names were in ``rooms.sqlite3-wal``
        minutes later), and ``secure_delete`` zeroes it in the database itself. Best effort: a reader
        holding an old snapshot keeps the log for now, and the next checkpoint empties it."""
        if self._file is None or self._engine is None:
            return
        try:
            with self._engine.connect() as connection:
                sqlite = connection.connection.driver_connection  # outside a transaction, as a checkpoint must be
                if sqlite is not None:
                    sqlite.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except (SQLAlchemyError, sqlite3.Error) as error:
            log.warning("rooms: checkpoint after a deletion failed: %s", type(error).__name__)

    def dispose(self) -> None:
        """Close the store's connections (it connects again when used)."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    def check(self) -> None:
        """Connect, upgrade and purge now; raises :class:`StoreUnavailable` when that fails."""
        self._ready()

    # -- the rule every operation starts with ---------------------------------------------
    def _room_row(self, connection: Connection, link: RoomLink, role: Role, lock: bool = False) -> Row[Any]:
        """The room ``link`` opens for ``role``, locked for the transaction when ``lock``.

        The link must be of ``role``'s kind (else :class:`WrongKind`, which needs no database),
        its key must match that role's stored hash (compared in constant time) and the room
        must not have expired; any of those failing is the one :class:`NoRoom`.
        """
        if link.role != role:
            raise WrongKind(_WRONG_KIND[link.role, role])
        if link.short:  # a join code finds its room by its hash (a unique index); the hash is the check
            query = select(rooms).where(rooms.c.join_code_hash == key_hash(link.key))
            row = connection.execute(query.with_for_update() if lock else query).first()
            matches = row is not None
        else:
            query = select(rooms).where(rooms.c.id == link.room_id)
            row = connection.execute(query.with_for_update() if lock else query).first()
            stored = row._mapping[_KEY_COLUMNS[role]] if row is not None else None
            matches = key_matches(link.key, stored or _NO_HASH) and stored is not None
        if row is None or not matches or expired(_from_db(row.expires_at), self.clock()):
            raise NoRoom()
        return row

    # -- operations -------------------------------------------------------------------------
    def create(self, name: str, target: str | None = None, days: int = 90) -> Created:
        """A new room named ``name`` with an optional target level, expiring after ``days`` days.

        Expired rooms are deleted first; a database keeping :attr:`max_rooms` rooms raises :class:`TooMany`.
        """
        name = clean_name(name, "The room's name")
        if not name:
            raise BadInput("Give the room a name, so its members know where their results go.")
        if target is not None and self.model.level(target) is None:
            known = ", ".join(level.id for level in self.model.levels)
            raise BadInput(f"There is no target level '{target}'. Choose one of: {known}.")
        expires_at = expiry(self.clock(), days)
        room_id, facilitator_key = new_room_id(), new_key()
        join_key, presenter_key = join_key_for(facilitator_key), presenter_key_for(facilitator_key)
        most = self.max_rooms
        with self._transaction(writing=True) as connection:
            purged = self._purge(connection)
            if connection.dialect.name == "postgresql":  # SQLite: the write lock already lets one count at a time
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CREATE_LOCK})
            kept = select(rooms.c.id).limit(most).subquery()  # counting stops at the limit
            full = connection.execute(select(func.count()).select_from(kept)).scalar_one() >= most
            if not full:
                connection.execute(
                    insert(rooms).values(
                        id=room_id,
                        name=name,
                        target=target,
                        expires_at=_to_db(expires_at),
                        closed=False,
                        facilitator_key_hash=key_hash(facilitator_key),
                        join_key_hash=key_hash(join_key),
                        presenter_key_hash=key_hash(presenter_key),
                        join_code_hash=key_hash(join_code_for(presenter_key)),
                    )
                )
        if purged:
            self._forget_deleted()
        if full:
            raise TooMany(
                f"The app keeps at most {most:,} team rooms and holds that many now, so no new one can be "
                "created. Rooms are deleted as they expire: try again later."
            )
        facilitator = RoomLink(room_id, facilitator_key, MANAGE)
        return Created(
            room_id,
            facilitator,
            RoomLink(room_id, join_key, JOIN),
            RoomLink(room_id, presenter_key, PRESENT),
            short_join_link_for(facilitator),
        )

    def invitation(self, link: RoomLink, take_back: str | None = None) -> Invitation:
        """What the join ``link`` shows its holder: its room's name and target, whether it is closed,
        and with a ``take_back`` key the result that key removes (None if the room does not hold it)."""
        with self._transaction() as connection:
            row = self._room_row(connection, link, JOIN)
            mine = None
            if take_back:
                found = connection.execute(
                    select(submissions).where(
                        submissions.c.room_id == row.id, submissions.c.take_back_hash == key_hash(take_back)
                    )
                ).first()
                mine = _member(found) if found is not None else None
        return Invitation(str(row.name), row.target, bool(row.closed), mine)

    def presentation(self, link: RoomLink) -> Presentation:
        """What the presenter ``link`` shows: the room's name, whether it is closed, how many results
        it holds (counted, not read) and its short join link."""
        with self._transaction() as connection:
            row = self._room_row(connection, link, PRESENT)
            count = connection.execute(
                select(func.count()).select_from(submissions).where(submissions.c.room_id == row.id)
            ).scalar_one()
        return Presentation(str(row.name), bool(row.closed), int(count), short_join_link_for(link))

    def submit(self, link: RoomLink, results_link: str, name: str = "") -> Submitted:
        """Add a result to the room of the join ``link``, with an optional display name.

        The same result sent again is not stored again: its first submission is returned
        (``new`` False, and no take-back key: whoever sent it first holds that), whatever name
        came with it. A closed room raises :class:`RoomClosed`, a room holding
        :data:`~rooms.rules.MAX_RESULTS` results :class:`RoomFull`. A new result comes with its
        take-back key (:meth:`take_back`).
        """
        stored = stored_link(self.model, results_link)
        name = clean_name(name, "Your display name")
        with self._transaction(writing=True) as connection:
            room = self._room_row(connection, link, JOIN, lock=True)
            mine = submissions.c.room_id == room.id
            existing = connection.execute(select(submissions.c.id).where(mine, submissions.c.link == stored)).scalar()
            if existing is not None:
                return Submitted(str(existing), new=False)
            if room.closed:
                raise RoomClosed("This room is closed: its facilitator takes no more results.")
            held = connection.execute(select(func.count()).select_from(submissions).where(mine)).scalar_one()
            if held >= MAX_RESULTS:
                raise RoomFull(f"This room already holds {MAX_RESULTS} results, as many as a room takes.")
            submission, take_back = new_submission_id(), new_take_back_key()
            connection.execute(
                insert(submissions).values(
                    id=submission,
                    room_id=room.id,
                    link=stored,
                    name=name or None,
                    submitted_at=_to_db(self.clock()),
                    take_back_hash=key_hash(take_back),
                )
            )
        return Submitted(submission, new=True, take_back=take_back)

    def take_back(self, link: RoomLink, take_back: str) -> None:
        """Remove the result the ``take_back`` key was given for from the room of the join ``link``,
        closed or not; the key removes that one result and nothing else. Raises :class:`BadInput`
        when the room no longer holds it."""
        with self._transaction(writing=True) as connection:
            row = self._room_row(connection, link, JOIN, lock=True)
            gone = connection.execute(
                delete(submissions).where(
                    submissions.c.room_id == row.id, submissions.c.take_back_hash == key_hash(take_back)
                )
            ).rowcount
        self._forget_deleted()
        if not gone:
            raise BadInput("The room no longer holds your result: it was taken back or removed already.")

    def room(self, link: RoomLink) -> Room:
        """The room the facilitator ``link`` opens, with its results in the order they came.

        A room made before the presenter and short join links (schema version 4) gets them now:
        their hashes come from the facilitator key, which only this link carries.
        """
        with self._transaction() as connection:
            row = self._room_row(connection, link, MANAGE)
            members = connection.execute(
                select(submissions)
                .where(submissions.c.room_id == row.id)
                .order_by(submissions.c.submitted_at, submissions.c.id)
            ).all()
        if row.presenter_key_hash is None or row.join_code_hash is None:
            self._add_short_links(link)
        return Room(
            room_id=str(row.id),
            name=str(row.name),
            target=row.target,
            expires_at=_from_db(row.expires_at),
            closed=bool(row.closed),
            members=tuple(_member(m) for m in members),
        )

    def _add_short_links(self, link: RoomLink) -> None:
        """Store the presenter key's and join code's hashes of the room the facilitator ``link`` opens."""
        presenter = presenter_key_for(link.key)
        with self._transaction(writing=True) as connection:
            row = self._room_row(connection, link, MANAGE, lock=True)
            connection.execute(
                update(rooms)
                .where(rooms.c.id == row.id)
                .values(presenter_key_hash=key_hash(presenter), join_code_hash=key_hash(join_code_for(presenter)))
            )

    def remove(self, link: RoomLink, submission: str) -> None:
        """Remove one result from the room of the facilitator ``link``."""
        with self._transaction(writing=True) as connection:
            row = self._room_row(connection, link, MANAGE, lock=True)
            gone = connection.execute(
                delete(submissions).where(submissions.c.room_id == row.id, submissions.c.id == submission)
            ).rowcount
        self._forget_deleted()
        if not gone:
            raise BadInput(f"This room holds no result '{submission}'; it may have been removed already.")

    def close(self, link: RoomLink) -> None:
        """Close the room of the facilitator ``link`` to new results (its results stay until it is deleted)."""
        self._set_closed(link, True)

    def reopen(self, link: RoomLink) -> None:
        """Open the room of the facilitator ``link`` to new results again (an open room stays open)."""
        self._set_closed(link, False)

    def _set_closed(self, link: RoomLink, closed: bool) -> None:
        with self._transaction(writing=True) as connection:
            row = self._room_row(connection, link, MANAGE, lock=True)
            connection.execute(update(rooms).where(rooms.c.id == row.id).values(closed=closed))

    def delete(self, link: RoomLink) -> None:
        """Delete the room of the facilitator ``link`` and every result in it, now."""
        with self._transaction(writing=True) as connection:
            row = self._room_row(connection, link, MANAGE, lock=True)
            connection.execute(delete(submissions).where(submissions.c.room_id == row.id))
            connection.execute(delete(rooms).where(rooms.c.id == row.id))
        self._forget_deleted()

    def purge(self) -> int:
        """Delete every expired room and its results now; return how many rooms went."""
        with self._transaction(writing=True) as connection:
            gone = self._purge(connection)
        if gone:
            self._forget_deleted()
        return gone

    def _purge(self, connection: Connection) -> int:
        # rules.expired, in SQL: a room is gone from the moment it expires
        gone = rooms.c.expires_at <= _to_db(self.clock())
        connection.execute(delete(submissions).where(submissions.c.room_id.in_(select(rooms.c.id).where(gone))))
        return int(connection.execute(delete(rooms).where(gone)).rowcount)

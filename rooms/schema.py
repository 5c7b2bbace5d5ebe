"""The rooms' tables, and the numbered migrations that create and upgrade them.

The schema is never made by hand. :func:`upgrade` runs the steps a database has not had yet,
in order, and records the new version in ``rooms_schema`` in the same transaction, so an
upgrade happens whole or not at all. Each step's SQL is written out as it ran on the day it
was added and never edited afterwards; a later change is a new step. The :class:`Table`
objects below describe the schema after the last step, for the queries
(``tests/test_rooms_store.py`` checks that a migrated database has exactly their columns).

What is stored, and nothing else (see docs/rooms.md): per room its name, target level, expiry,
whether it is closed, and the SHA-256 hashes of its keys (facilitator, long join key,
presenter, join code); per result the results link (which holds the answers), the optional
display name, when it was sent and the SHA-256 hash of its take-back key.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    delete,
    func,
    insert,
    select,
    text,
)

from .errors import StoreUnavailable

metadata = MetaData()

rooms = Table(
    "rooms",
    metadata,
    Column("id", String(22), primary_key=True),
    Column("name", String(60), nullable=False),
    Column("target", String(40)),
    Column("expires_at", DateTime, nullable=False),  # UTC, without a zone (SQLite has none)
    Column("closed", Boolean, nullable=False),
    Column("facilitator_key_hash", String(64), nullable=False),
    Column("join_key_hash", String(64), nullable=False),
    # NULL for a room made before migration 4 until its facilitator next opens it (rooms/store.py)
    Column("presenter_key_hash", String(64)),
    Column("join_code_hash", String(64)),
    Index("rooms_expires_at", "expires_at"),
    Index("rooms_join_code_hash", "join_code_hash", unique=True),
)

submissions = Table(
    "submissions",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("room_id", String(22), ForeignKey("rooms.id"), nullable=False),
    Column("link", String(2048), nullable=False),
    Column("name", String(60)),  # NULL: sent anonymously
    Column("submitted_at", DateTime, nullable=False),  # UTC, without a zone
    Column("take_back_hash", String(64)),  # NULL: sent before migration 4, or by the command line without one
    UniqueConstraint("room_id", "link"),
)

schema_version = Table("rooms_schema", metadata, Column("version", Integer, nullable=False))

# One row: a random id given to the database when it is first used (identity), so that a store
# can tell the database it opened from another one put in its place.
database_identity = Table("rooms_identity", metadata, Column("id", String(32), nullable=False))


@dataclass(frozen=True)
class Migration:
    """One migration: the version it brings a database to, what it does, its SQL (SQLite and PostgreSQL alike)."""

    version: int
    what: str
    statements: tuple[str, ...]


STEPS: tuple[Migration, ...] = (
    Migration(
        1,
        "rooms and the results sent to them",
        (
            """CREATE TABLE rooms (
                id VARCHAR(22) NOT NULL PRIMARY KEY,
                name VARCHAR(60) NOT NULL,
                target VARCHAR(40),
                expires_at TIMESTAMP NOT NULL,
                closed BOOLEAN NOT NULL DEFAULT FALSE,
                facilitator_key_hash VARCHAR(64) NOT NULL,
                join_key_hash VARCHAR(64) NOT NULL
            )""",
            """CREATE TABLE submissions (
                id VARCHAR(16) NOT NULL PRIMARY KEY,
                room_id VARCHAR(22) NOT NULL REFERENCES rooms (id),
                link VARCHAR(2048) NOT NULL,
                name VARCHAR(60),
                submitted_at TIMESTAMP NOT NULL,
                UNIQUE (room_id, link)
            )""",
        ),
    ),
    Migration(
        2,
        "rooms by expiry: deleting expired rooms, done before each new room, no longer reads every room",
        ("CREATE INDEX rooms_expires_at ON rooms (expires_at)",),
    ),
    Migration(
        3,
        "the database's identity: a store refuses a database that is not the one it opened",
        ("CREATE TABLE rooms_identity (id VARCHAR(32) NOT NULL)",),
    ),
    Migration(
        4,
        "the presenter link, the short join link (a join code looked up by its hash) and a member's take-back key",
        (
            "ALTER TABLE rooms ADD COLUMN presenter_key_hash VARCHAR(64)",
            "ALTER TABLE rooms ADD COLUMN join_code_hash VARCHAR(64)",
            "CREATE UNIQUE INDEX rooms_join_code_hash ON rooms (join_code_hash)",
            "ALTER TABLE submissions ADD COLUMN take_back_hash VARCHAR(64)",
        ),
    ),
)

# Any fixed number: the PostgreSQL advisory lock that lets one upgrade run at a time.
UPGRADE_LOCK = 0x524F4F4D53  # "ROOMS"


def identity(connection: Connection) -> str:
    """The database's identity, given now (a random id) if it has none yet; call after :func:`upgrade`."""
    found = connection.execute(select(database_identity.c.id)).scalars().all()
    if len(found) == 1:
        return str(found[0])
    if found:
        raise StoreUnavailable("The rooms database holds more than one identity: it has been tampered with.")
    given = secrets.token_hex(16)
    connection.execute(insert(database_identity).values(id=given))
    return given


def current_version(connection: Connection) -> int:
    """The schema version a database records (0: none yet)."""
    connection.execute(text("CREATE TABLE IF NOT EXISTS rooms_schema (version INTEGER NOT NULL)"))
    return int(connection.execute(select(func.max(schema_version.c.version))).scalar() or 0)


def upgrade(connection: Connection, steps: Sequence[Migration] = STEPS) -> int:
    """Bring the schema to the last of ``steps`` inside the caller's transaction; return its version.

    A database at version N gets steps N+1 onwards, each once and in order. Two processes
    starting at once (two replicas) upgrade one after the other: on PostgreSQL an advisory
    lock held to the end of the transaction, on SQLite its write lock (the store begins
    every writing transaction IMMEDIATE) serialise them, and the second finds nothing left
    to do. A database at a version this code does not know raises
    :class:`~rooms.errors.StoreUnavailable` rather than being used.
    """
    if [step.version for step in steps] != list(range(1, len(steps) + 1)):
        raise ValueError("migration steps must be numbered 1, 2, ... in order")
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
    version = current_version(connection)
    latest = len(steps)
    if version > latest:
        raise StoreUnavailable(
            f"The rooms database has schema version {version}, newer than this app's {latest}: "
            "the rooms need a newer version of the app."
        )
    for step in steps[version:]:
        for statement in step.statements:
            connection.execute(text(statement))
    if version < latest:
        connection.execute(delete(schema_version))
        connection.execute(insert(schema_version).values(version=latest))
    return latest

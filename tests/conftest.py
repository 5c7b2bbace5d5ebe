"""Shared fixtures: the real model, an editable copy of content/ and seeds/, and the rooms' databases.

* ``rooms_url`` – an empty rooms database, once on SQLite and once on PostgreSQL (tests that
  take it run on both back ends).
* ``postgres`` – a throwaway PostgreSQL server for the session (:mod:`tests.support.postgres`),
  started when a test first asks for it and stopped at the end. Without PostgreSQL those tests
  are skipped, unless ``ROOMS_TESTS_NEED_POSTGRES=1`` (the README's test command sets it and
  installs the server): then they fail.
* Every test runs with ``ROOMS_DATABASE_URL`` naming a SQLite file of the session's own, so
  nothing writes to ``data/`` or to a database named in the caller's shell.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from assessment.loader import DEFAULT_CONTENT_DIR, DEFAULT_SEEDS_DIR, load_model
from assessment.model import Model
from rooms.store import URL_VARIABLE
from tests import toml_writer
from tests.support.postgres import Cluster, find_bin_dir

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def model() -> Model:
    return load_model()


class ContentCopy:
    """A writable copy of content/ and seeds/ that tests break on purpose."""

    def __init__(self, root: Path) -> None:
        self.content = root / "content"
        self.seeds = root / "seeds"
        shutil.copytree(DEFAULT_CONTENT_DIR, self.content)
        shutil.copytree(DEFAULT_SEEDS_DIR, self.seeds)

    def read(self, name: str) -> dict[str, Any]:
        with (self.content / name).open("rb") as handle:
            return tomllib.load(handle)

    def edit(self, name: str, change: Callable[[dict[str, Any]], object]) -> None:
        document = self.read(name)
        change(document)
        (self.content / name).write_text(toml_writer.dumps(document), encoding="utf-8")

    def load(self) -> Model:
        return load_model(self.content, self.seeds)


@pytest.fixture
def content_copy(tmp_path: Path) -> ContentCopy:
    return ContentCopy(tmp_path)


@pytest.fixture(scope="session", autouse=True)
def session_rooms_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The rooms database of every test that names none itself (and of the browser tests' server)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('rooms') / 'rooms.sqlite3'}"
    before = os.environ.get(URL_VARIABLE)
    os.environ[URL_VARIABLE] = url
    yield url
    if before is None:
        os.environ.pop(URL_VARIABLE, None)
    else:
        os.environ[URL_VARIABLE] = before


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        message = "PostgreSQL is not installed (the README's test command installs Debian's postgresql)"
        if os.environ.get("ROOMS_TESTS_NEED_POSTGRES") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    cluster = Cluster(bin_dir)
    try:
        yield cluster.start()
    finally:
        cluster.stop()


@pytest.fixture(params=BACKENDS)
def rooms_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty rooms database: a SQLite file, or a new database on the session's PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    cluster: Cluster = request.getfixturevalue("postgres")
    return cluster.new_database()

"""Shared fixtures: the real model, an editable copy of content/ and seeds/, and the rooms' databases.

* ``rooms_url`` – an empty rooms database, once on SQLite and once on PostgreSQL (tests that
  take it run on both back ends).
* ``postgres`` – a throwaway PostgreSQL server for the session (:mod:`tests.support.postgres`),
  started when a test first asks for it and stopped at the end. Without PostgreSQL those tests
  are skipped, unless ``ROOMS_TESTS_NEED_POSTGRES=1`` (the README's test command sets it and
  installs the server): then they fail.
* Every test runs with ``ROOMS_DATABASE_URL`` naming a SQLite file of the session's own, so
  nothing writes to ``data/`` or to a database named in the caller's shell.
* Hypothesis runs under one of two profiles registered here: ``ci`` when the environment
  variable ``CI`` is set (``scripts/run_tests.sh`` sets it), else ``dev``. Neither has a time
  limit (a loaded 2-core machine is no reason to fail); ``ci`` is derandomized (the same examples on
  every machine and every run), reads and writes no example database, and prints the blob that
  replays a failure. ``pytest --hypothesis-profile=dev`` explores new examples anywhere.
* A run that writes into the checkout fails: a tracked file written or deleted, or a new file git
  would see, is listed at the end and the exit status is 1 (:mod:`tests.support.tree`). Tests write
  into ``tmp_path`` or the git-ignored ``test-artifacts/``.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from assessment.loader import DEFAULT_CONTENT_DIR, DEFAULT_SEEDS_DIR, load_model
from assessment.model import Model
from rooms.store import URL_VARIABLE, Store
from tests import toml_writer
from tests.support import tree
from tests.support.postgres import Cluster, find_bin_dir

BACKENDS = ("sqlite", "postgresql")

# No wall-clock limits (no deadline, no "too slow" health check): other work on the machine must not fail a test.
# Both are built on Hypothesis's "default" profile, not on whichever it loaded itself (its "ci" if CI is set).
dev_profile = settings(settings.get_profile("default"), deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", dev_profile)
settings.register_profile("ci", dev_profile, derandomize=True, database=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

TREE_BEFORE = pytest.StashKey[tree.Snapshot | None]()
TREE_CHANGES = pytest.StashKey[list[str]]()


def pytest_sessionstart(session: pytest.Session) -> None:
    session.stash[TREE_BEFORE] = tree.snapshot()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.stash.get(TREE_BEFORE, None)
    after = tree.snapshot() if before is not None else None
    if before is None or after is None:
        return
    found = tree.changes(before, after)
    session.config.stash[TREE_CHANGES] = found
    if found and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    found = terminalreporter.config.stash.get(TREE_CHANGES, [])
    if found:
        terminalreporter.write_sep("=", "the tests changed the checkout (write into tmp_path instead)", red=True)
        for line in found:
            terminalreporter.write_line(line)


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


@pytest.fixture
def app_store(model: Model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A rooms database of this test's own, the one the app under test opens (``URL_VARIABLE``),
    opened beside it to set rooms up and read them back."""
    url = f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    monkeypatch.setenv(URL_VARIABLE, url)
    opened = Store(model, url)
    yield opened
    opened.dispose()


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

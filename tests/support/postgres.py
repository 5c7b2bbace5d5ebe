"""A throwaway PostgreSQL server for the tests: Debian's binaries, a cluster in a temporary folder, a free port.

PostgreSQL refuses to run as root, and CI runs as root, so then the cluster's folder belongs to
the ``postgres`` user (which Debian's ``postgresql`` package creates) and every server command
runs as that user. The server listens on 127.0.0.1 only, trusts local connections and skips
fsync: it holds test data for one session and is deleted with its folder when stopped.
``scripts/run_tests.sh`` installs the package when no ``initdb`` can be found.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

SERVER_USER = "postgres"
START_TIMEOUT_S = 60


def find_bin_dir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` holding ``initdb`` (or the one on PATH)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """One PostgreSQL server in a temporary folder; :meth:`new_database` hands out empty databases."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="rooms-postgres-"))
        self.data = self.root / "data"
        self.port = 0
        self.as_root = os.geteuid() == 0
        self._numbers = itertools.count(1)
        self.log = self.root / "server.log"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", SERVER_USER, "--"] if self.as_root else []
        out = subprocess.run(
            [*prefix, *command], capture_output=True, text=True, timeout=START_TIMEOUT_S, cwd=self.root
        )
        if out.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed ({out.returncode}):\n{out.stdout}{out.stderr}{log}")

    def start(self) -> Cluster:
        if self.as_root:
            shutil.chown(self.root, user=SERVER_USER, group=None)
        self._run(
            str(self.bin_dir / "initdb"),
            "--pgdata", str(self.data),
            "--username", SERVER_USER,
            "--auth", "trust",
            "--encoding", "UTF8",
            "--no-sync",
        )  # fmt: skip
        self.port = _free_port()
        options = (
            f"-c port={self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(str(self.bin_dir / "pg_ctl"), "--pgdata", str(self.data), "--log", str(self.log),
                  "--options", options, "--wait", "--timeout", str(START_TIMEOUT_S), "start")  # fmt: skip
        return self

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(self.bin_dir / "pg_ctl"), "--pgdata", str(self.data), "--mode", "fast", "--wait", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL (psycopg 3) for ``database`` on this server."""
        return f"postgresql+psycopg://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        name = f"test_{next(self._numbers)}"
        server = f"host=127.0.0.1 port={self.port} user={SERVER_USER} dbname=postgres"
        with psycopg.connect(server, autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')  # the name is ours: test_<n>
        return self.url(name)

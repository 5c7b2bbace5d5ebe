"""Streamlit servers started through the launcher on loopback, and stopped by their own pid.

Shared by the live-server tests and the benchmarks (``bench.common`` re-exports these).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SERVER_START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@dataclass
class Server:
    """A Streamlit server on 127.0.0.1, started by the bench and stopped by its pid."""

    script: Path
    extra_args: Sequence[str] = ()
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    env_overrides: dict[str, str] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> Server:
        self.port = self.port or free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}  # as configured in the repo
        env["PYTHONUNBUFFERED"] = "1"
        env.update(self.env_overrides)
        command = [
            sys.executable, "-m", "ui.serve", "run", str(self.script),
            "--server.headless", "true",
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
            *self.extra_args,
        ]  # fmt: skip
        handle, name = tempfile.mkstemp(prefix="bench-streamlit-", suffix=".log")
        os.close(handle)
        self.log_path = Path(name)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not healthy(self.base + "_stcore/health"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                output = self.log_path.read_text(errors="replace")
                self.stop()
                raise RuntimeError(f"Streamlit server on {self.base} did not start:\n{output[-3000:]}")
            time.sleep(0.2)
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
        if self.log_path is not None:
            self.log_path.unlink(missing_ok=True)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Stop a server a test or a benchmark started, by its own process: terminate, then kill if it lingers."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)

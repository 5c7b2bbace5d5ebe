"""A deadline on every operation of the rooms' PostgreSQL store, kept by the client.

PostgreSQL's own ``statement_timeout`` is kept by the server, so it needs a server that runs.
A stopped one (``SIGSTOP``, a frozen virtual machine) leaves a pooled connection waiting for an
answer for ever: the kernel still acknowledges what it is sent, so no TCP time-out fires, and
libpq's ``connect_timeout`` only covers new connections. Issue 23: with the pool warm, every
room page spun for the whole 43 s outage, with no message.

So each store operation runs in an :func:`operation` with a deadline, and the connection it
uses is :func:`watch`-ed: when the deadline passes, one :class:`Watchdog` thread shuts the
connection's socket down. libpq fails at once ("server closed the connection unexpectedly"),
the pool drops the connection and the page says the rooms cannot be reached.
"""

from __future__ import annotations

import itertools
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol


class Connection(Protocol):
    """What the watchdog needs of a database connection: its socket's file descriptor, now."""

    def fileno(self) -> int: ...


def _shut_down(connection: Connection) -> None:
    try:
        fd = connection.fileno()  # its socket now: a closed connection raises, and is left alone
        with socket.socket(fileno=os.dup(fd)) as sock:
            sock.shutdown(socket.SHUT_RDWR)  # on the one socket both descriptors name
    except Exception:  # closed meanwhile, or not a socket: nothing to cut
        pass


class Watchdog:
    """Shuts down the socket of each watched connection whose deadline has passed. Thread-safe."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._watched: dict[int, tuple[float, Connection]] = {}
        self._tokens = itertools.count(1)
        self._thread: threading.Thread | None = None
        self.cut = 0  # connections cut so far

    def arm(self, connection: Connection, deadline: float) -> int:
        """Watch ``connection`` until :meth:`disarm` with the token returned, or ``deadline`` (monotonic)."""
        with self._changed:
            token = next(self._tokens)
            self._watched[token] = (deadline, connection)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="rooms-deadline", daemon=True)
                self._thread.start()
            self._changed.notify()
            return token

    def disarm(self, token: int) -> None:
        with self._changed:
            self._watched.pop(token, None)

    def _run(self) -> None:
        with self._changed:
            while True:
                now = time.monotonic()
                for token, (deadline, connection) in list(self._watched.items()):
                    if deadline <= now:
                        del self._watched[token]
                        _shut_down(connection)
                        self.cut += 1
                soonest = min((deadline for deadline, _ in self._watched.values()), default=now + 60.0)
                self._changed.wait(timeout=max(soonest - now, 0.005))


watchdog = Watchdog()
_current = threading.local()  # this thread's operation: its deadline and the token of the connection watched


@contextmanager
def operation(seconds: float) -> Iterator[None]:
    """Everything this thread does on a watched connection in the block ends within ``seconds``."""
    _current.deadline = time.monotonic() + seconds
    _current.token = None
    try:
        yield
    finally:
        unwatch()
        _current.deadline = None


def deadline() -> float | None:
    """The monotonic time this thread's operation must end by (None outside one)."""
    return getattr(_current, "deadline", None)


def watch(connection: Any) -> float | None:
    """Watch ``connection`` (the one this thread's operation now uses) until the operation's
    deadline, which it returns; None, and nothing watched, outside an operation."""
    unwatch()
    ends = deadline()
    if ends is not None:
        _current.token = watchdog.arm(connection, ends)
    return ends


def unwatch() -> None:
    """Stop watching this thread's connection (it is closed, or done with)."""
    token = getattr(_current, "token", None)
    if token is not None:
        watchdog.disarm(token)
        _current.token = None

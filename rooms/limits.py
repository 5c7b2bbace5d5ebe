"""Settings that bound what clients can make the app do; for rooms, how many may be made and kept.

Pure: no Streamlit, no database. The settings come from the environment, like
``ROOMS_DATABASE_URL``; each number is a whole number of at least 1 (:func:`whole_number`):

* ``ROOMS_PER_ADDRESS_PER_HOUR`` (default :data:`DEFAULT_PER_ADDRESS`): rooms the app creates
  in an hour for one network address, whatever sessions it opens (the per-session limit,
  :data:`rooms.rules.ROOMS_PER_HOUR`, only slows a browser tab down);
* ``ROOMS_PER_HOUR`` (default :data:`DEFAULT_OVERALL`): rooms the app creates in an hour
  altogether, per process, so that many addresses together cannot fill the database either;
* ``ROOMS_MAX_ROOMS`` (default :data:`DEFAULT_MAX_ROOMS`): rooms a database keeps at most,
  whoever creates them (the app or ``python -m rooms create``); expired rooms do not count;
* ``ROOMS_ADDRESS_HEADER`` (default none): behind a reverse proxy every visitor comes from the
  proxy's address, so name the header in which the proxy passes the visitor's, e.g.
  ``X-Forwarded-For`` (its last address is taken: the one the proxy saw). Without it the
  address is the connection's own (every visitor on this machine's loopback counts as one).

The two hourly limits are counted in the app's memory, per process and database, not stored: a
room keeps nothing of who made it (no address), and a restart starts counting again.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

PER_ADDRESS_VARIABLE = "ROOMS_PER_ADDRESS_PER_HOUR"
OVERALL_VARIABLE = "ROOMS_PER_HOUR"
MAX_ROOMS_VARIABLE = "ROOMS_MAX_ROOMS"
ADDRESS_HEADER_VARIABLE = "ROOMS_ADDRESS_HEADER"
DEFAULT_PER_ADDRESS = 10
DEFAULT_OVERALL = 100
DEFAULT_MAX_ROOMS = 10_000
WINDOW = timedelta(hours=1)


def whole_number(environ: Mapping[str, str], name: str, default: int) -> int:
    """The setting ``name`` in ``environ``: a whole number of at least 1, ``default`` when unset or empty.

    Raises :class:`ValueError` naming the setting when it is anything else.
    """
    text = environ.get(name, "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise ValueError(f"The setting {name} must be a whole number of at least 1, not {text!r}.")
    return int(text)


@dataclass(frozen=True)
class Settings:
    """The limits on rooms (see the module's docstring)."""

    per_address: int = DEFAULT_PER_ADDRESS
    overall: int = DEFAULT_OVERALL
    max_rooms: int = DEFAULT_MAX_ROOMS
    address_header: str = ""  # "": the connection's own address


def settings(environ: Mapping[str, str] = os.environ) -> Settings:
    """The limits the environment sets; raises :class:`ValueError` naming a setting that is not a whole number ≥ 1."""
    return Settings(
        whole_number(environ, PER_ADDRESS_VARIABLE, DEFAULT_PER_ADDRESS),
        whole_number(environ, OVERALL_VARIABLE, DEFAULT_OVERALL),
        whole_number(environ, MAX_ROOMS_VARIABLE, DEFAULT_MAX_ROOMS),
        environ.get(ADDRESS_HEADER_VARIABLE, "").strip(),
    )


def forwarded_address(value: str) -> str:
    """The visitor's address in a proxy's header: the last of a comma-separated list ("" if none)."""
    return value.rsplit(",", 1)[-1].strip()


@dataclass(frozen=True)
class Wait:
    """A room that may not be created now: from when it may, and which limit says so."""

    until: datetime
    per_address: bool  # False: the overall limit
    limit: int

    @property
    def message(self) -> str:
        when = f"The next one can be created from {self.until:%H:%M} UTC."
        if self.per_address:
            return (
                f"At most {self.limit} rooms an hour can be created from one network address, and yours has "
                f"created that many. {when}"
            )
        return f"This app creates at most {self.limit} rooms an hour, and that many were created. {when}"


class Throttle:
    """Room creations in the last hour, per address and overall. Thread-safe.

    Only creations are remembered, at most ``overall`` of them, so its memory is bounded
    whatever number of addresses ask.
    """

    def __init__(self, per_address: int, overall: int, window: timedelta = WINDOW) -> None:
        self.per_address = per_address
        self.overall = overall
        self.window = window
        self._lock = threading.Lock()
        self._all: deque[datetime] = deque()
        self._by_address: dict[str, deque[datetime]] = {}

    def _forget_before(self, start: datetime) -> None:
        while self._all and self._all[0] <= start:
            self._all.popleft()
        for address in list(self._by_address):
            times = self._by_address[address]
            while times and times[0] <= start:
                times.popleft()
            if not times:
                del self._by_address[address]

    def take(self, address: str, now: datetime) -> Wait | None:
        """Count a creation for ``address`` at ``now`` and return None; or, if a limit is reached,
        count nothing and return the :class:`Wait`."""
        with self._lock:
            self._forget_before(now - self.window)
            mine = self._by_address.get(address, deque())
            if len(mine) >= self.per_address:
                return Wait(mine[0] + self.window, True, self.per_address)
            if len(self._all) >= self.overall:
                return Wait(self._all[0] + self.window, False, self.overall)
            self._all.append(now)
            self._by_address.setdefault(address, mine).append(now)
            return None

    def give_back(self, address: str, at: datetime) -> None:
        """Forget the creation counted for ``address`` at ``at`` (the room could not be created after all)."""
        with self._lock:
            for times in (self._all, self._by_address.get(address)):
                if times is not None and at in times:
                    times.remove(at)
            if address in self._by_address and not self._by_address[address]:
                del self._by_address[address]

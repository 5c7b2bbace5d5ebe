"""What a download may cost the server: every download button's file is made through :func:`on_click`.

Streamlit's deferred download (``st.download_button(data=callable)``, used so that a page run
builds no file) runs the callable whenever the browser asks for the button's file id
(``BackMsg.backend_operation_request``), and nothing stops a client asking again and again:
issue 23 measured 100 such messages costing 44 s of CPU, while another visitor's own PDF took
38.6 s. :class:`Download` wraps each button's callable so that its file is made

* **once per click**: the first request for a button's file id makes it and every later
  request for the same id (the same button on the same page run) gets the same bytes, for
  good or, for a file that changes while the page stays (a room's export), for ``fresh_for``
  seconds; a new file needs a new page run, as a real click's page has, or that long;
* **one at a time per session**: a request while that session's file is being made waits for
  it (a double click gets the one file);
* **at most** :data:`BUILDS_VARIABLE` (default :data:`DEFAULT_BUILDS`) **at a time in the
  process**, the others waiting their turn for at most :data:`WAIT_SECONDS`, and no more than
  :data:`WAITING_PER_BUILD` per build waiting at once (each waits in a thread Streamlit shares
  with its other work; one more is refused at once);
* **only for a session still connected** when its turn comes;
* and the costly ones (the PDF, ``apart=True``) **in a worker process** (:class:`Workers`) at a
  lower priority. A PDF is ~150 ms of pure Python: made in the server's own process it holds
  the interpreter lock against every page run, and a client that reran its page and asked for
  its PDF again and again (one PDF per page run, as above) made another visitor's page eight
  times slower; in the worker it takes the other core, and the pages keep theirs.

A request that cannot be served raises :class:`NotMade`; Streamlit then answers the browser
"Failed to generate file for download" (and logs it, rate-limited by :mod:`ui.serve`).
"""

from __future__ import annotations

import multiprocessing.context
import os
import sys
import threading
import time
import types
import weakref
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from rooms.limits import whole_number

BUILDS_VARIABLE = "APP_DOWNLOAD_BUILDS"
DEFAULT_BUILDS = 1
WAIT_SECONDS = 60.0
# Downloads that may wait their turn at once, per build allowed: each waits in a thread of asyncio's
# default executor (Streamlit runs a deferred download there, shared with its other work), so a
# client asking again and again must not hold them all; one more is refused at once.
WAITING_PER_BUILD = 4
WORKER_NICENESS = 10  # how much lower the worker's priority is than the server's

FileData = str | bytes


class NotMade(Exception):
    """A download that was not made: its session is gone, or its turn did not come in time."""


def _streamlit_session_live(session_id: str) -> bool:
    from streamlit import runtime

    return not runtime.exists() or runtime.get_instance().is_active_session(session_id)


def _lower_priority() -> None:
    os.nice(WORKER_NICENESS)


def _nothing() -> None:
    """A task that only starts the worker."""


_main_lock = threading.Lock()


class _Worker(multiprocessing.context.SpawnProcess):
    """A spawned process that does not run the parent's ``__main__`` again.

    A spawned child imports the parent's main module first, and under Streamlit that is the app
    script (Streamlit runs it as ``__main__``): the worker would run the whole app, Streamlit,
    pandas and all (200 MiB). While it starts, the parent's ``__main__`` is an empty module.
    """

    def start(self) -> None:
        with _main_lock:
            main = sys.modules["__main__"]
            sys.modules["__main__"] = types.ModuleType("__main__")
            try:
                super().start()
            finally:
                sys.modules["__main__"] = main


class _WorkerContext(multiprocessing.context.SpawnContext):
    Process = _Worker


class Workers:
    """Worker processes that make the costly downloads, started on first use (spawned: the server
    runs threads, which a forked child must not inherit; :class:`_Worker`). ``make`` must pickle:
    a function of a module and plain arguments, as ``functools.partial(reports.as_pdf.render, report)`` is."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def _started(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(self.count, mp_context=_WorkerContext(), initializer=_lower_priority)
            return self._pool

    def warm_once(self) -> None:
        """Start the workers now, in the background, unless started: the first download then does not wait."""
        if self._pool is None:
            self._started().submit(_nothing)

    def make(self, make: Callable[[], FileData]) -> FileData:
        pool = self._started()
        future: Future[FileData] = pool.submit(make)
        try:
            return future.result(timeout=WAIT_SECONDS)
        except BrokenProcessPool:
            with self._lock:  # a worker died (killed, out of memory): the next download starts new ones
                if self._pool is pool:
                    self._pool = None
            raise NotMade("the worker process stopped") from None
        except TimeoutError:
            raise NotMade("the worker process did not make the file in time") from None


class Gate:
    """The process's limits on making downloads: one at a time per session, ``builds`` at a time in all.

    ``made`` counts the files made so far and ``most_at_once`` the most made at the same time.
    """

    def __init__(self, builds: int, is_live: Callable[[str], bool] = _streamlit_session_live) -> None:
        self.builds = builds
        self.is_live = is_live
        self.workers = Workers(builds)
        self.made = 0
        self.most_at_once = 0
        self._running = 0
        self._waiting = 0
        self._count_lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(builds)
        self._sessions_lock = threading.Lock()
        # One lock per session, alive while any of that session's downloads is: no clean-up needed.
        self._sessions: weakref.WeakValueDictionary[str, _SessionLock] = weakref.WeakValueDictionary()

    def session_lock(self, session_id: str) -> _SessionLock:
        with self._sessions_lock:
            lock = self._sessions.get(session_id)
            if lock is None:
                lock = self._sessions[session_id] = _SessionLock()
            return lock

    def download(
        self, session_id: str, make: Callable[[], FileData], fresh_for: float | None = None, apart: bool = False
    ) -> Download:
        """``make`` as a download button's ``data``, for the session ``session_id``; what it made is
        served again for ``fresh_for`` seconds (None: for good); ``apart``: made in a worker process."""
        return Download(self, session_id, make, fresh_for, apart)

    def take(self, lock: threading.Lock | threading.BoundedSemaphore) -> bool:
        """Take ``lock`` at once if it is free; else wait for it at most :data:`WAIT_SECONDS`, as one
        of at most ``builds`` × :data:`WAITING_PER_BUILD` downloads waiting in the process (False:
        too many wait already, or the turn did not come in time)."""
        if lock.acquire(blocking=False):
            return True
        with self._count_lock:
            if self._waiting >= self.builds * WAITING_PER_BUILD:
                return False
            self._waiting += 1
        try:
            return lock.acquire(timeout=WAIT_SECONDS)
        finally:
            with self._count_lock:
                self._waiting -= 1

    def _count(self, change: int) -> None:
        with self._count_lock:
            self._running += change
            if change > 0:
                self.made += 1
                self.most_at_once = max(self.most_at_once, self._running)


class _SessionLock:
    def __init__(self) -> None:
        self.lock = threading.Lock()


class Download:
    """A download button's callable: makes its file under the :class:`Gate`'s limits, once."""

    def __init__(
        self,
        gate: Gate,
        session_id: str,
        make: Callable[[], FileData],
        fresh_for: float | None = None,
        apart: bool = False,
    ) -> None:
        self._gate = gate
        self._session_id = session_id
        self._session = gate.session_lock(session_id)
        self._make = make
        self._fresh_for = fresh_for
        self._apart = apart
        self._made: tuple[float, FileData] | None = None  # when, and what

    def _fresh(self) -> FileData | None:
        made = self._made
        if made is None or (self._fresh_for is not None and time.monotonic() - made[0] >= self._fresh_for):
            return None
        return made[1]

    def __call__(self) -> FileData:
        if (data := self._fresh()) is not None:
            return data
        if not self._gate.take(self._session.lock):
            raise NotMade("this session's previous download is still being made")
        try:
            if (data := self._fresh()) is None:  # another request may have made it while this one waited
                data = self._make_in_turn()
                self._made = (time.monotonic(), data)
            return data
        finally:
            self._session.lock.release()

    def _make_in_turn(self) -> FileData:
        gate = self._gate
        if not gate.is_live(self._session_id):
            raise NotMade("the session is gone")
        if not gate.take(gate._slots):
            raise NotMade("no turn to make the file came in time, or too many wait for one")
        try:
            if not gate.is_live(self._session_id):  # it may have gone while waiting
                raise NotMade("the session is gone")
            gate._count(+1)
            try:
                return gate.workers.make(self._make) if self._apart else self._make()
            finally:
                gate._count(-1)
        finally:
            gate._slots.release()


def builds_allowed(environ: Mapping[str, str] = os.environ) -> int:
    """How many downloads the process makes at a time: ``APP_DOWNLOAD_BUILDS``, default :data:`DEFAULT_BUILDS`."""
    return whole_number(environ, BUILDS_VARIABLE, DEFAULT_BUILDS)


_gate_lock = threading.Lock()
_gates: list[Gate] = []


def gate() -> Gate:
    """The process's one :class:`Gate`, made on first use."""
    with _gate_lock:
        if not _gates:
            _gates.append(Gate(builds_allowed()))
        return _gates[0]


def in_worker(make: Callable[[], FileData]) -> FileData:
    """``make``'s file, made in the gate's worker process (``make`` must pickle), for a download whose
    own ``make`` (given to :func:`on_click`) first reads in the server what the file needs (a room,
    from its database: the worker has no store) and leaves the costly part to the worker. Call it
    only from inside such a ``make``: it runs in that download's turn (one per session, the
    process's ``builds`` at a time), which it therefore keeps while the worker works."""
    return gate().workers.make(make)


def warm_workers() -> None:
    """Start the worker process now if it is not running, as a page shows a button whose file
    :func:`in_worker` makes (``on_click(apart=True)`` does this itself)."""
    gate().workers.warm_once()


def on_click(
    make: Callable[[], FileData], fresh_for: float | None = None, apart: bool = False
) -> Callable[[], FileData]:
    """``make`` as the ``data`` of a download button in this script run's session (see the module's
    docstring); ``fresh_for``: seconds what it made is served again (None: for good); ``apart``: a
    costly one, made in a worker process (``make`` must pickle), which this starts now if need be."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    gate_ = gate()
    if apart:
        gate_.workers.warm_once()
    return gate_.download(context.session_id if context is not None else "", make, fresh_for, apart)

"""Start the app with Streamlit's own command line: Nagle's algorithm off, its HTTP and websockets hardened.

Run: ``python -m ui.serve run app.py [streamlit options]`` (what ``scripts/run_app.sh`` does).

**Nagle.** Streamlit 1.67 binds its listening socket as ``socket.socket(family)``, whose protocol
number is 0, and asyncio only switches ``TCP_NODELAY`` on for accepted sockets whose
protocol is ``IPPROTO_TCP``. Every answer click makes the server write a short burst of
small websocket messages; without ``TCP_NODELAY`` the second one waits for the browser's
delayed acknowledgement, about 40 ms on Linux (more on other systems), on every click
(measured in ``bench/RESULTS.md``). Tornado, which Streamlit used before, set it.

The fix re-wraps the bound socket with its protocol stated, so asyncio sets ``TCP_NODELAY``
on every connection as it accepts it, and also sets it on the listening socket. Nothing else
about the server changes.

**HTTP.** Streamlit 1.67 sets no security headers, answers ``/_stcore/metrics`` to anyone and
takes uploads for any live session (up to ``server.maxUploadSize`` each, no count limit),
and its HTTP server refuses a request head over 16 KiB with a bare "400 Invalid HTTP
request" but waits for an unfinished one for ever. The launcher wraps Streamlit's ASGI app in
:class:`Guard` (headers, refusals, the damaged-link message for addresses that do not fit)
and serves HTTP through :class:`BoundedHeads`: a request head may take
:data:`MAX_REQUEST_HEAD` bytes (an address too long for the app still gets the damaged-link
message) and :data:`HEAD_SECONDS` seconds. (It used to take heads as long as the 512 Ki
characters Streamlit takes over the websocket, and for ever: 100 unfinished heads held
+623 KiB each for as long as their clients liked, issue 23.) A page is answered only for the
host names Streamlit takes websockets for (``server.allowedHosts``).

**Websockets.** uvicorn reads a browser's message whole, up to ``server.maxMessageSize``
(200 MB), before Streamlit checks its own limit: the launcher gives uvicorn that limit
(``server.maxWidgetStateSize``, 1 MB in ``.streamlit/config.toml``), and paces each
connection's messages (:data:`MESSAGES_PER_SECOND` after a burst of :data:`MESSAGE_BURST`),
so a client flooding its websocket gets no more of the server than that.

**Logs.** Streamlit logs a line, often a traceback, for each of many messages any client can
send (a backend request without the session's id, for a file id that does not exist, a
malformed message), and uvicorn one for each malformed request: one client wrote 62,151
lines (9.3 MB) in a minute (issue 23). The launcher passes those loggers'
records through :class:`RateLimitedLog`: at most :data:`LOG_BURST` records of one kind a
minute, then one line saying how many more there were.

**Link previews.** Streamlit's page is one static ``index.html`` titled "Streamlit"; the app's own
title arrives by script, which link previews (chat apps, social networks) never run, and
Streamlit lets an app add nothing to the page's head. :class:`Guard` replaces that title in the
app's page with the page's own title and description as Open Graph tags
(:func:`ui.titles.preview_head`: a result's organisation, level and date), so a shared results
link previews as what it is.

``streamlit run app.py`` still works, only without these fixes (``.streamlit/config.toml``
still applies: no file watcher, uploads capped at 1 MB, messages at 1 MB, websockets only for
known hosts).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import sys
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlencode

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from ui.routes import DAMAGED_PARAM, MAX_ADDRESS_LENGTH, TOO_LONG, address_fits

BindSocket = Callable[[str, int, int], socket.socket]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]

# Sent with every HTTP answer (nginx in front sets the same: bench/scaleout.py, docs/deployment.md).
# script-src: Streamlit's index.html has one inline script (window.prerenderReady = false),
# allowed by its hash (tests/test_serve.py recomputes it from the installed Streamlit), and
# its protobuf code compiles a tiny WebAssembly module for 64-bit arithmetic
# ('wasm-unsafe-eval': WebAssembly only, no JavaScript eval);
# style-src 'unsafe-inline': Streamlit's components style themselves at run time; the
# charts evaluate Vega expressions with Vega's interpreter, so no 'unsafe-eval'.
SECURITY_HEADERS = {
    "Content-Security-Policy": "; ".join(
        (
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-THxz9J9+wf7rhwR2YkXJoSZ13UCmYyC+3lNDv2+8ugA='",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
# Routes the app never uses: Streamlit's uploads (the app has no uploader) and its metrics.
REFUSED_PATHS = ("/_stcore/upload_file", "/_stcore/metrics")
# Answered whatever the Host: load balancers and probes ask by address (Kubernetes, for one, by the pod's IP).
ANY_HOST_PATHS = ("/_stcore/health",)


def host_allowed(host: str | None) -> bool:
    """Whether a request for ``host`` is answered: Streamlit's own rule for its websockets, on
    ``server.allowedHosts`` (every host while the list is empty, Streamlit's default; the
    repo's ``.streamlit/config.toml`` names local addresses and ``*.streamlit.app``)."""
    from streamlit.web.server.starlette.starlette_websocket import is_host_allowed

    return bool(is_host_allowed(host))


# A request head: the longest address the app makes (ui.routes.MAX_ADDRESS_LENGTH) many times
# over, plus 16 KiB (uvicorn's default) for the request line and headers; a longer one is a
# damaged link (a GET is sent to the damaged-link message, anything else refused).
MAX_REQUEST_HEAD = 6 * MAX_ADDRESS_LENGTH + 16 * 1024
HEAD_SECONDS = 10.0  # from a connection's first byte, or a kept-alive one's next, to its head's end
READ_CHUNK = 256 * 1024  # the most asyncio reads from a socket at once: h11 may hold this beyond the head limit


# The loggers that write a record for something any client can send (Streamlit's logger names
# are their modules'): backend requests with a wrong session or file id, malformed or oversized
# websocket messages, a reconnect with another session's id, malformed HTTP requests.
CLIENT_LOGGERS = (
    "streamlit.runtime.app_session",
    "streamlit.runtime.websocket_session_manager",
    "streamlit.runtime.backend_operation_handler",
    "streamlit.runtime.dataframe_chunk_handler",
    "streamlit.runtime.state.session_state",
    "streamlit.web.server.starlette.starlette_websocket",
    "streamlit.web.server.starlette.starlette_routes",
    "uvicorn.error",
)
LOG_BURST = 5  # records of one kind per LOG_WINDOW_SECONDS before the rest are only counted
LOG_WINDOW_SECONDS = 60.0


class RateLimitedLog(logging.Filter):
    """Lets at most ``burst`` records of one kind (logger and message template) through per
    ``window`` seconds; the first record after a window with records held back says how many.
    """

    def __init__(self, burst: int = LOG_BURST, window: float = LOG_WINDOW_SECONDS) -> None:
        super().__init__()
        self.burst = burst
        self.window = window
        self._lock = threading.Lock()
        self._kinds: dict[tuple[str, str], list[float]] = {}  # kind -> [window start, records let through, held]

    def filter(self, record: logging.LogRecord) -> bool:
        kind = (record.name, str(record.msg))
        now = time.monotonic()
        with self._lock:
            start, passed, held = self._kinds.get(kind, (now, 0, 0))
            if now - start >= self.window:
                start, passed = now, 0
            if passed >= self.burst:
                self._kinds[kind] = [start, passed, held + 1]
                return False
            self._kinds[kind] = [start, passed + 1, 0]
        if held:
            record.msg = f"{record.msg} [{int(held)} more like this were not logged]"
        return True


def limit_client_logs(filter_: logging.Filter | None = None) -> logging.Filter:
    """Put :data:`CLIENT_LOGGERS` through one :class:`RateLimitedLog` (made here unless given); returns it."""
    shared = filter_ or RateLimitedLog()
    for name in CLIENT_LOGGERS:
        logger = logging.getLogger(name)  # Streamlit's get_logger returns this same object later
        if not any(isinstance(f, RateLimitedLog) for f in logger.filters):
            logger.addFilter(shared)
    return shared


def with_tcp_protocol(sock: socket.socket) -> socket.socket:
    """The same listening socket, re-wrapped with ``proto=IPPROTO_TCP`` and ``TCP_NODELAY`` set."""
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.type != socket.SOCK_STREAM:
        return sock  # e.g. a Unix socket: no Nagle to switch off
    timeout = sock.gettimeout()
    inheritable = sock.get_inheritable()
    wrapped = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
    wrapped.settimeout(timeout)
    wrapped.set_inheritable(inheritable)
    wrapped.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return wrapped


def patch_streamlit_bind() -> bool:
    """Make Streamlit's server bind through :func:`with_tcp_protocol`; False if its internals moved."""
    try:
        from streamlit.web.server.starlette import starlette_server
    except ImportError:
        return False
    original: BindSocket | None = getattr(starlette_server, "_bind_socket", None)
    if original is None or getattr(original, "_with_tcp_protocol", False):
        return original is not None

    def bind_socket(address: str, port: int, backlog: int) -> socket.socket:
        return with_tcp_protocol(original(address, port, backlog))

    bind_socket._with_tcp_protocol = True  # type: ignore[attr-defined]
    starlette_server._bind_socket = bind_socket
    return True


# A browser sends a message or two per click (a rerun, a download's request); a client sending
# more than this, after a burst, has each further message wait its turn (its socket then fills
# and the client waits too), so a flood of messages on one connection costs the server no more
# than this many a second. Issue 23: 100 messages at once, again and again, made another
# visitor's page 2.4 times slower even for messages that do nothing (heartbeats).
MESSAGES_PER_SECOND = 20.0
MESSAGE_BURST = 100
# A connection more than this many messages behind its pace is a flood, not a person: it is closed
# (1008) instead of paced. Streamlit 1.67's websocket protocol (uvicorn's websockets-sansio)
# queues every message of a read before it stops reading, whatever ws_max_queue says, so pacing
# alone would keep tens of thousands of queued messages (8 MiB a read) for half an hour.
MESSAGE_BACKLOG = 100


class Pace:
    """A token bucket: how long one connection's next message waits so that, after ``burst``
    messages, they come in at most ``rate`` a second."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.tokens = float(burst)
        self.last = clock()

    def delay(self) -> float:
        """Seconds the next message waits (0: none); counts it."""
        now = self.clock()
        self.tokens = min(float(self.burst), self.tokens + (now - self.last) * self.rate) - 1
        self.last = now
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


class Guard:
    """Streamlit's ASGI app with its HTTP answers hardened and its websockets paced.

    * every answer carries :data:`SECURITY_HEADERS` (replacing any of the same name);
    * :data:`REFUSED_PATHS` answer 404 Not Found, whoever asks;
    * a page request whose query string does not fit (:func:`ui.routes.address_fits`) is
      redirected to ``?damaged=too-long``, which the app shows as a damaged link: Streamlit
      would drop a query with over 1,000 parameters and open the start page without a word;
    * a websocket's messages reach Streamlit at most :data:`MESSAGES_PER_SECOND` a second
      after a burst of :data:`MESSAGE_BURST` (:class:`Pace`); a connection more than
      :data:`MESSAGE_BACKLOG` messages behind that pace is closed (1008, policy violation);
    * the app's page (``GET`` of the base path, not a range) gets its own ``<title>`` and link-preview
      tags in place of Streamlit's "Streamlit" (:func:`preview_head`);
    * a request for a host not in ``server.allowedHosts`` (:func:`host_allowed`) answers
      ``421 Misdirected Request``, as Streamlit refuses such a websocket, so a page on another
      name made to point at this server (DNS rebinding) cannot read the app's pages either;
      ``/_stcore/health`` answers any host.
    """

    def __init__(self, app: ASGIApp, base_path: str = "") -> None:
        self.app = app
        self.base = "/" + base_path.strip("/") if base_path.strip("/") else ""
        self.headers = [(name.lower().encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]
        self.names = {name for name, _ in self.headers}
        self.too_long = "?" + urlencode({DAMAGED_PARAM: TOO_LONG})

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self._websocket(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = "/" + str(scope["path"]).removeprefix(self.base).strip("/")
        host = next(
            (bytes(v).decode("latin-1") for k, v in scope.get("headers", []) if bytes(k).lower() == b"host"), None
        )
        if path not in ANY_HOST_PATHS and not host_allowed(host):
            await self._answer(send, 421, b"This server does not serve that host name.")
            return
        if any(path == refused or path.startswith(refused + "/") for refused in REFUSED_PATHS):
            await self._answer(send, 404, b"Not Found")
            return
        query = bytes(scope.get("query_string", b"")).decode("latin-1")
        if scope["method"] in ("GET", "HEAD") and not address_fits(query):
            await self._answer(send, 303, b"", [(b"location", self.too_long.encode())])
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if bytes(k).lower() not in self.names]
                message = {**message, "headers": kept + self.headers}
            await send(message)

        ranged = any(bytes(k).lower() == b"range" for k, _ in scope.get("headers", []))
        if scope["method"] == "GET" and path == "/" and not ranged:
            await self.app(scope, receive, _with_preview(query, send_with_headers))
            return
        await self.app(scope, receive, send_with_headers)

    async def _websocket(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        closed = False  # the app closed the connection, or could not send on it: the client is gone

        async def watched_send(message: Message) -> None:
            nonlocal closed
            closed = closed or message["type"] == "websocket.close"
            try:
                await send(message)
            except Exception:
                closed = True
                raise

        try:
            await self.app(scope, self._paced(receive, watched_send), watched_send)
        except Exception:
            # Streamlit 1.67's receive loop raises when its sender already closed the socket (a client
            # gone while a paced message waited): nothing is lost, and its traceback only fills the log.
            if not closed:
                raise

    @staticmethod
    def _paced(receive: Receive, send: Send) -> Receive:
        pace = Pace(MESSAGES_PER_SECOND, MESSAGE_BURST)

        async def paced_receive() -> Message:
            message = await receive()
            if message["type"] != "websocket.receive" or (wait := pace.delay()) <= 0:
                return message
            if wait * MESSAGES_PER_SECOND > MESSAGE_BACKLOG:  # a flood: close rather than queue it
                await send({"type": "websocket.close", "code": 1008})
                return {"type": "websocket.disconnect", "code": 1008}
            await asyncio.sleep(wait)
            return message

        return paced_receive

    async def _answer(
        self, send: Send, status: int, body: bytes, extra: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers + (extra or []) + self.headers})
        await send({"type": "http.response.body", "body": body})


STREAMLIT_TITLE = b"<title>Streamlit</title>"  # in Streamlit's static/index.html
MAX_PAGE = 256 * 1024  # the most of the app's page held back to put the title in (Streamlit's is 8 kB)


def preview_head(query: str) -> bytes | None:
    """The ``<title>`` and link-preview tags of the page at ``?query`` (:func:`ui.titles.preview_head`),
    or None when they cannot be made (the page then keeps Streamlit's own). Costs a route and, for a
    results link, one scoring: what the page's first run does anyway."""
    try:
        from assessment.query import parse_query
        from ui import routes, state, titles

        model = state.get_model()
        here = routes.route(model, parse_query(query, max_length=routes.MAX_ADDRESS_LENGTH))
        return titles.preview_head(model, here).encode("utf-8")
    except Exception:  # a damaged query, content that does not load: Streamlit's page as it is
        return None


def _with_preview(query: str, send: Send) -> Send:
    """``send`` for the app's page, with :data:`STREAMLIT_TITLE` replaced by :func:`preview_head`'s tags.

    The page is held back until its last part (it is one small static file), then sent with its
    length corrected; its validators go, since the same file now differs by address. Anything
    that is not that page, whole and in HTML, goes out as it came."""
    held: list[Message] = []
    parts: list[bytes] = []

    async def send_with_preview(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = {bytes(k).lower(): bytes(v) for k, v in message.get("headers", [])}
            if message.get("status") == 200 and headers.get(b"content-type", b"").startswith(b"text/html"):
                held.append(message)
                return
        elif message["type"] == "http.response.body" and held:
            parts.append(bytes(message.get("body", b"")))
            size = sum(len(part) for part in parts)
            if message.get("more_body", False) and size <= MAX_PAGE:
                return
            body = b"".join(parts)
            start = held.pop()
            # in a thread: the first page loads the model, which must not hold up the server's loop
            head = None if message.get("more_body", False) else await asyncio.to_thread(preview_head, query)
            if head is not None and STREAMLIT_TITLE in body:
                body = body.replace(STREAMLIT_TITLE, head, 1)
                dropped = {b"content-length", b"etag", b"last-modified", b"accept-ranges"}
                kept = [(k, v) for k, v in start.get("headers", []) if bytes(k).lower() not in dropped]
                start = {**start, "headers": [*kept, (b"content-length", str(len(body)).encode())]}
            await send(start)
            await send({**message, "body": body})
            return
        await send(message)

    return send_with_preview


# Messages a websocket connection may have waiting for Streamlit (uvicorn's default is 32): each
# is up to server.maxWidgetStateSize. Only uvicorn's older websocket protocols honour it; with
# websockets-sansio, Streamlit 1.67's choice, a flooding connection is closed instead (Guard).
WS_MAX_QUEUE = 8


def _max_client_message() -> int:
    """The largest message a browser may send over its websocket: Streamlit's own limit
    (``server.maxWidgetStateSize``, 1 MB in ``.streamlit/config.toml``). Streamlit checks it only
    once uvicorn has read the whole message, which uvicorn would take up to
    ``server.maxMessageSize`` (200 MB); given to uvicorn too, a larger message closes the
    connection as it arrives."""
    from streamlit.runtime.runtime_util import get_max_widget_state_size_bytes

    return int(get_max_widget_state_size_bytes())


class BoundedHeads(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, each request head bounded: :data:`MAX_REQUEST_HEAD` bytes and
    :data:`HEAD_SECONDS` seconds.

    A head over the size is answered at once and the connection closed: a ``GET`` or ``HEAD``
    with a redirect to the damaged-link message (``?damaged=too-long``, as :class:`Guard` sends
    an address that does not fit), anything else ``431``. A head not complete in time is
    answered ``408`` and closed. A connection kept alive between requests is uvicorn's to time
    out (5 s) until the next head begins.
    """

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_bytes = 0
        self._head_start = b""
        self._watch_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        waiting = self._waiting_for_head()
        super().data_received(data)
        if waiting:
            self._head_bytes += len(data)
            self._head_start = (self._head_start + data)[:8]
        if self._waiting_for_head() and self._head_bytes > MAX_REQUEST_HEAD:
            self._refuse_head()
            return
        self._watch_head()

    def _waiting_for_head(self) -> bool:
        return self.conn.their_state is h11.IDLE and not self.transport.is_closing()

    def _watch_head(self) -> None:
        if self._waiting_for_head():
            if self._head_timer is None:
                self._head_timer = self.loop.call_later(HEAD_SECONDS, self._head_too_slow)
        else:
            self._stop_head_timer()
            self._head_bytes, self._head_start = 0, b""

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _answer_and_close(self, status: bytes, extra: bytes = b"") -> None:
        headers = b"".join(f"{name}: {value}\r\n".encode() for name, value in SECURITY_HEADERS.items())
        self.transport.write(
            b"HTTP/1.1 " + status + b"\r\ncontent-length: 0\r\nconnection: close\r\n" + extra + headers + b"\r\n"
        )
        self.transport.close()
        self._stop_head_timer()

    def _refuse_head(self) -> None:
        if self._head_start.startswith((b"GET ", b"HEAD ")):
            location = "?" + urlencode({DAMAGED_PARAM: TOO_LONG})
            self._answer_and_close(b"303 See Other", f"location: {location}\r\n".encode())
        else:
            self._answer_and_close(b"431 Request Header Fields Too Large")

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self._waiting_for_head():
            self._answer_and_close(b"408 Request Timeout")


def patch_streamlit_http() -> bool:
    """Serve Streamlit's app through :class:`Guard` and HTTP through :class:`BoundedHeads`, taking
    websocket messages up to :func:`_max_client_message`.

    False if Streamlit's internals moved (then it serves as Streamlit alone would).
    """
    try:
        from streamlit import config
        from streamlit.web.server.starlette import starlette_server
    except ImportError:
        return False
    create = getattr(starlette_server, "create_starlette_app", None)
    uvicorn_kwargs = getattr(starlette_server, "_get_uvicorn_config_kwargs", None)
    if create is None or uvicorn_kwargs is None:
        return False
    if getattr(create, "_guarded", False):
        return True

    def create_guarded(runtime: Any) -> Guard:
        return Guard(create(runtime), str(config.get_option("server.baseUrlPath") or ""))

    def kwargs_with_longer_heads() -> dict[str, Any]:
        return {
            **uvicorn_kwargs(),
            "http": BoundedHeads,
            "h11_max_incomplete_event_size": MAX_REQUEST_HEAD + READ_CHUNK,  # BoundedHeads answers first
            "ws_max_size": _max_client_message(),
            "ws_max_queue": WS_MAX_QUEUE,
        }

    create_guarded._guarded = True  # type: ignore[attr-defined]
    # Streamlit's module attributes are replaced at run time; their declared types do not matter here.
    setattr(starlette_server, "create_starlette_app", create_guarded)  # noqa: B010
    setattr(starlette_server, "_get_uvicorn_config_kwargs", kwargs_with_longer_heads)  # noqa: B010
    return True


def main() -> None:
    limit_client_logs()
    if not patch_streamlit_bind():
        print("ui.serve: Streamlit's socket binding has moved; serving without TCP_NODELAY.", file=sys.stderr)
    if not patch_streamlit_http():
        print("ui.serve: Streamlit's server has moved; serving without the launcher's HTTP guard.", file=sys.stderr)
    from streamlit.web.cli import main as streamlit_main

    sys.argv[0] = "streamlit"
    streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    main()

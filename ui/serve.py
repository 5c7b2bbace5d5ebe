"""Start the app with Streamlit's own command line, with Nagle's algorithm off on its connections.

Run: ``python -m ui.serve run app.py [streamlit options]`` (what ``scripts/run_app.sh`` does).

Why: Streamlit 1.67 binds its listening socket as ``socket.socket(family)``, whose protocol
number is 0, and asyncio only switches ``TCP_NODELAY`` on for accepted sockets whose
protocol is ``IPPROTO_TCP``. Every answer click makes the server write a short burst of
small websocket messages; without ``TCP_NODELAY`` the second one waits for the browser's
delayed acknowledgement, about 40 ms on Linux (more on other systems), on every click
(measured in ``bench/RESULTS.md``). Tornado, which Streamlit used before, set it.

The fix re-wraps the bound socket with its protocol stated, so asyncio sets ``TCP_NODELAY``
on every connection as it accepts it, and also sets it on the listening socket. Nothing else
about the server changes. ``streamlit run app.py`` still works, only without this fix.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable

BindSocket = Callable[[str, int, int], socket.socket]


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


def main() -> None:
    if not patch_streamlit_bind():
        print("ui.serve: Streamlit's socket binding has moved; serving without TCP_NODELAY.", file=sys.stderr)
    from streamlit.web.cli import main as streamlit_main

    sys.argv[0] = "streamlit"
    streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    main()

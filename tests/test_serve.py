"""The launcher (ui/serve.py): connections to the app get TCP_NODELAY, which Streamlit 1.67 leaves off."""

from __future__ import annotations

import asyncio
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
from streamlit.web.server.starlette import starlette_server

from ui import serve


async def _accepted_nodelay(listener: socket.socket) -> int:
    """TCP_NODELAY of the server side of one connection accepted by asyncio on ``listener``."""
    accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def on_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    server = await asyncio.start_server(on_connection, sock=listener)
    try:
        port = listener.getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        value = await asyncio.wait_for(accepted, timeout=10)
        writer.close()
        return value
    finally:
        server.close()
        await server.wait_closed()


def _nodelay_of_accepted(listener: socket.socket) -> int:
    # On a thread of its own: after Playwright's sync API in the same session, this thread
    # already has a running event loop and asyncio.run refuses to nest.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _accepted_nodelay(listener)).result()


def _streamlit_listener() -> socket.socket:
    return starlette_server._bind_socket("127.0.0.1", 0, 8)


def test_streamlit_alone_leaves_nagle_on() -> None:
    """The reason for the launcher: if this starts failing, Streamlit fixed it and ui/serve.py can go."""
    assert _nodelay_of_accepted(_streamlit_listener()) == 0


def test_the_launcher_switches_nagle_off_on_every_accepted_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(starlette_server, "_bind_socket", starlette_server._bind_socket)  # undone after the test
    assert serve.patch_streamlit_bind()
    assert serve.patch_streamlit_bind()  # a second call does not wrap twice
    listener = starlette_server._bind_socket("127.0.0.1", 0, 8)
    assert listener.proto == socket.IPPROTO_TCP
    assert listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    assert _nodelay_of_accepted(listener) != 0


def test_rewrapping_keeps_the_socket_listening_and_non_blocking() -> None:
    listener = serve.with_tcp_protocol(_streamlit_listener())
    try:
        assert listener.getblocking() is False
        with socket.create_connection(listener.getsockname(), timeout=5):
            pass  # the bound, listening socket still accepts connections after the re-wrap
    finally:
        listener.close()


def test_unix_sockets_are_left_alone() -> None:
    left, right = socket.socketpair(socket.AF_UNIX)
    try:
        assert serve.with_tcp_protocol(left) is left
    finally:
        left.close()
        right.close()

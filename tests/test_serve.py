"""The launcher (ui/serve.py): connections get TCP_NODELAY (Streamlit 1.67 leaves it off); HTTP answers are guarded."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
import socket
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import streamlit
from streamlit.web.server.starlette import starlette_server

from assessment.link import LinkData, encode
from assessment.loader import load_model
from assessment.query import parse_query
from tests.profiles import answers_at
from ui import routes, serve, titles


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


# --- the HTTP guard ----------------------------------------------------------------------------


def test_the_csp_allows_exactly_the_inline_scripts_of_the_installed_streamlit() -> None:
    """If Streamlit's index.html changes its inline script, its hash in SECURITY_HEADERS must follow."""
    index = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    inline = re.findall(r"<script>(.*?)</script>", index, flags=re.DOTALL)
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in inline}
    (script_src,) = [
        d for d in serve.SECURITY_HEADERS["Content-Security-Policy"].split("; ") if d.startswith("script-src")
    ]
    assert set(script_src.split()[1:]) == {"'self'", "'wasm-unsafe-eval'", *hashes}


def _through_guard(scope: dict[str, Any], answer: list[tuple[bytes, bytes]]) -> tuple[list[dict[str, Any]], bool]:
    """What the guard sends for one request to an app that answers 200 with ``answer``; whether the app was asked."""
    sent: list[dict[str, Any]] = []
    asked = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        asked.append(scope["type"])
        await send({"type": "http.response.start", "status": 200, "headers": answer})
        await send({"type": "http.response.body", "body": b"ok"})

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    guard = serve.Guard(app, base_path="/base/")
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, guard({"method": "GET", "query_string": b"", **scope}, receive, send)).result()
    return sent, bool(asked)


def _http(path: str, query: bytes = b"", method: str = "GET", host: bytes = b"localhost:8501") -> dict[str, Any]:
    return {"type": "http", "path": path, "query_string": query, "method": method, "headers": [(b"host", host)]}


def test_the_guard_sets_each_security_header_once() -> None:
    sent, asked = _through_guard(_http("/base/"), [(b"x-frame-options", b"SAMEORIGIN"), (b"etag", b"1")])
    assert asked
    headers = sent[0]["headers"]
    for name, value in serve.SECURITY_HEADERS.items():
        assert [v for k, v in headers if k == name.lower().encode()] == [value.encode()]
    assert (b"etag", b"1") in headers


@pytest.mark.parametrize("path", ["/base/_stcore/metrics", "/base/_stcore/metrics/", "/base/_stcore/upload_file/s/f"])
def test_the_guard_refuses_metrics_and_uploads_under_the_base_path(path: str) -> None:
    sent, asked = _through_guard(_http(path, method="PUT" if "upload" in path else "GET"), [])
    assert not asked and sent[0]["status"] == 404


def test_the_guard_sends_an_address_that_does_not_fit_to_the_damaged_link_message() -> None:
    sent, asked = _through_guard(_http("/base/", b"a=" + b"x" * 8_000), [])
    assert not asked and sent[0]["status"] == 303
    assert (b"location", b"?damaged=too-long") in sent[0]["headers"]
    _, asked = _through_guard(_http("/base/", b"a=" + b"x" * 7_000), [])
    assert asked


def test_the_guard_leaves_websockets_alone() -> None:
    _, asked = _through_guard({"type": "websocket", "path": "/base/_stcore/metrics"}, [])
    assert asked


def test_the_launcher_serves_http_with_bounded_heads_and_websockets_with_bounded_messages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("create_starlette_app", "_get_uvicorn_config_kwargs"):
        monkeypatch.setattr(starlette_server, name, getattr(starlette_server, name))  # undone after the test
    assert serve.patch_streamlit_http()
    assert serve.patch_streamlit_http()  # a second call does not wrap twice
    kwargs = starlette_server._get_uvicorn_config_kwargs()
    assert kwargs["http"] is serve.BoundedHeads
    assert kwargs["h11_max_incomplete_event_size"] <= 512 * 1024  # was 540 KiB, BoundedHeads answers at 63 KiB
    assert serve.MAX_REQUEST_HEAD >= 8_000 + 16 * 1024  # the longest address, and uvicorn's own room for headers


# --- the app's page: its own title and link-preview tags ---------------------------------------------

PAGE = b"<html><head><meta charset='UTF-8' /><title>Streamlit</title></head><body></body></html>"


def _page(query: bytes, extra: list[tuple[bytes, bytes]] | None = None, parts: int = 1) -> list[dict[str, Any]]:
    """What the guard sends for the app's page (Streamlit's page, in ``parts`` pieces) at ``?query``."""
    sent: list[dict[str, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        headers = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(PAGE)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": [*headers, (b"etag", b'"1"')]})
        size = -(-len(PAGE) // parts)
        for start in range(0, len(PAGE), size):
            more = start + size < len(PAGE)
            await send({"type": "http.response.body", "body": PAGE[start : start + size], "more_body": more})

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = _http("/base/", query)
    scope["headers"] = [*scope["headers"], *(extra or [])]
    guard = serve.Guard(app, base_path="/base/")
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, guard(scope, receive, send)).result()
    return sent


def _body(sent: list[dict[str, Any]]) -> bytes:
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


@pytest.mark.parametrize("parts", [1, 3])
def test_the_apps_page_is_titled_for_link_previews_by_its_address(parts: int) -> None:
    model = load_model()
    link = encode(model, LinkData(answers_at(model, 0.5), "Riverside <Bakery>", None, date(2026, 3, 4)))
    sent = _page(link.removeprefix("?").encode(), parts=parts)
    body = _body(sent)
    head = titles.preview_head(model, routes.route(model, parse_query(link))).encode()
    assert body == PAGE.replace(b"<title>Streamlit</title>", head)
    assert b"<title>Riverside &lt;Bakery&gt;: " in body and b'property="og:description"' in body
    headers = dict(sent[0]["headers"])
    assert headers[b"content-length"] == str(len(body)).encode() and b"etag" not in headers
    assert _body(_page(b"")).count(f"<title>{titles.APP_TITLE}</title>".encode()) == 1  # the start page


def test_a_range_request_and_a_damaged_query_keep_streamlits_page() -> None:
    assert _body(_page(b"", [(b"range", b"bytes=0-10")])) == PAGE
    assert _body(_page(b"v=1&v=2")) == PAGE  # a parameter twice: no title to be made from it

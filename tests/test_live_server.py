"""The served app against a hostile client: one live server, driven over HTTP and its websocket.

The server is started as the quick start does (``python -m ui.serve run``, the repo's
``.streamlit/config.toml``) on a free loopback port; the page it serves is ``app.py`` plus
one probe caption (``tests/support/probe_app.py``): how often the process froze its heap, and
the identity of its model.
"""

from __future__ import annotations

import asyncio
import http.client
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

import pytest

from assessment.link import LinkData, encode
from assessment.model import Model
from tests.profiles import answers_at
from tests.support.server import REPO, Server
from tests.support.wsclient import Run, Session
from ui.routes import DAMAGED_PARAM, TOO_LONG
from ui.serve import SECURITY_HEADERS

PROBE = re.compile(r"^probe: freezes=(\d+) model=(\d+)$")
XSRF_COOKIE = "_streamlit_xsrf"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with Server(REPO / "tests" / "support" / "probe_app.py") as running:
        yield running


def run_async(coroutine: Any) -> Any:
    # On a thread of its own: after Playwright's sync API the main thread has a running loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def probe(run: Run) -> tuple[int, int]:
    """(heap freezes so far, model id) from the probe caption of a finished run."""
    for caption in run.of_type("markdown"):
        found = PROBE.match(caption.body)
        if found:
            return int(found.group(1)), int(found.group(2))
    raise AssertionError("no probe caption on the page")


def results_query(model: Model) -> str:
    return encode(model, LinkData(answers_at(model, 0.5), "Riverside Bakery"))


# --- the heap freeze and the model, whatever a client sends ------------------------------------


def test_a_clear_cache_message_neither_reloads_the_model_nor_freezes_again(server: Server, model: Model) -> None:
    query = results_query(model)

    async def visit() -> list[tuple[int, int]]:
        seen = []
        async with Session(server.base, query) as visitor:
            seen.append(probe(await visitor.rerun()))
            await visitor.clear_cache()  # what any visitor can send: Streamlit's "Clear cache"
            seen.append(probe(await visitor.rerun()))
        async with Session(server.base, query) as next_visitor:
            seen.append(probe(await next_visitor.rerun()))
        return seen

    first, after_clearing, next_visitor = run_async(visit())
    assert first[0] == 1  # the startup heap, frozen by the first run
    assert after_clearing == first, "the clear-cache message froze the heap again or reloaded the model"
    assert next_visitor == first


# --- uploads: the app has no uploader ----------------------------------------------------------


def _xsrf_cookie(base: str) -> str:
    with urllib.request.urlopen(base + "_stcore/health") as response:  # Streamlit sets it there
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == XSRF_COOKIE:
                return rest.split(";", 1)[0]
    raise AssertionError("the server set no XSRF cookie")


CUT_OFF = 0  # the server answered and closed before taking the whole body (a refusal too)


def _upload(base: str, session_id: str, size: int) -> int:
    """PUT a file of ``size`` bytes to this session's upload route, as Streamlit's uploader does; the status."""
    token = _xsrf_cookie(base)
    boundary = "----probe-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + b"x" * size
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"{base}_stcore/upload_file/{session_id}/file-1",
        data=body,
        method="PUT",
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Xsrftoken": token,
            "Cookie": f"{XSRF_COOKIE}={token}",
        },
    )
    try:
        with urllib.request.urlopen(request) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, ConnectionError) as error:
        if isinstance(getattr(error, "reason", error), ConnectionError):
            return CUT_OFF
        raise


@pytest.mark.parametrize("size", [10, 2 * 1024 * 1024])
def test_uploads_are_refused(server: Server, model: Model, size: int) -> None:
    async def upload_from_a_live_session() -> int:
        async with Session(server.base, results_query(model)) as visitor:
            await visitor.rerun()
            assert visitor.session_id
            return await asyncio.to_thread(_upload, server.base, visitor.session_id, size)

    status = run_async(upload_from_a_live_session())
    assert status in (404, 413, CUT_OFF), f"an upload of {size:,} bytes was answered {status}"


# --- headers, exposure, hosts ------------------------------------------------------------------


def _get(base: str, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.mark.parametrize("path", ["/", "/?v=1", "/_stcore/health", "/favicon.png", "/no/such/page"])
def test_every_answer_carries_the_security_headers(server: Server, path: str) -> None:
    response = _get(server.base, path)
    assert response.status == 200
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get_all(name) == [value], name
    assert "frame-ancestors 'none'" in SECURITY_HEADERS["Content-Security-Policy"]


def test_a_results_link_previews_with_its_own_title(server: Server, model: Model) -> None:
    link = encode(model, LinkData(answers_at(model, 0.5), "Riverside Bakery"))
    parts = urlsplit(server.base)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    connection.request("GET", "/" + link)
    response = connection.getresponse()
    page = response.read().decode("utf-8")
    connection.close()
    assert response.status == 200 and int(response.headers["Content-Length"]) == len(page.encode("utf-8"))
    assert "<title>Streamlit</title>" not in page
    assert re.search(r'<meta property="og:title" content="Riverside Bakery: \w[\w ]* · Social media', page)


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/_stcore/metrics/", "/_stcore/upload_file/x/y"])
def test_metrics_and_uploads_are_not_there(server: Server, path: str) -> None:
    assert _get(server.base, path).status == 404


def _websocket_status(base: str, host: str) -> int:
    """The status of a websocket handshake on ``/_stcore/stream`` sent with this ``Host`` header."""
    headers = {
        "Host": host,
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Protocol": "streamlit",
    }
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    connection.request("GET", "/_stcore/stream", headers=headers)
    status = connection.getresponse().status
    connection.close()
    return status


def test_a_websocket_for_a_foreign_host_is_refused(server: Server) -> None:
    port = urlsplit(server.base).port
    assert _websocket_status(server.base, f"127.0.0.1:{port}") == 101
    assert _websocket_status(server.base, f"localhost:{port}") == 101
    assert _websocket_status(server.base, f"evil.example:{port}") == 403  # DNS rebinding


@pytest.mark.parametrize(
    "query",
    [
        "v=1&a=" + "0" * 140_000,  # a 140 kB address: uvicorn alone answered "400 Invalid HTTP request"
        "&".join(f"x{n}=1" for n in range(1_001)),  # Streamlit drops it whole and opens the start page
    ],
    ids=["140 kB", "1,001 parameters"],
)
def test_an_address_too_long_or_too_stuffed_is_sent_to_the_damaged_link_message(server: Server, query: str) -> None:
    response = _get(server.base, "/?" + query)
    assert response.status == 303
    assert response.headers["Location"] == f"?{DAMAGED_PARAM}={TOO_LONG}"

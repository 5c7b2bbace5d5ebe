"""Canaries for the Streamlit internals the app, its launcher and its tests lean on (docs/streamlit-hooks.md).

Each test fails when an upgrade of Streamlit moves or changes one of them, and its message
names what relies on it. Fast: no server and no browser; the frontend is read from the
installed package's bundle. Hooks whose canary is an existing test are listed in the doc.
"""

from __future__ import annotations

import ast
import inspect
import os
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import click
import pytest
import streamlit
import uvicorn
from streamlit import config as streamlit_config
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.secrets import Secrets
from streamlit.runtime.state import query_params
from streamlit.web import cli as streamlit_cli
from streamlit.web.server import component_file_utils
from streamlit.web.server.starlette import (
    starlette_routes,
    starlette_server,
    starlette_server_config,
    starlette_websocket,
)

from rooms.store import URL_VARIABLE, database_url
from ui import landing, routes, serve
from ui.results import PRINT_LINK_KEY, PRINT_STYLE, SCORES_KEY

ROOT = Path(__file__).resolve().parents[1]
HOOKS_DOC = ROOT / "docs" / "streamlit-hooks.md"
FRONTEND = Path(streamlit.__file__).parent / "static"
# The Streamlit release every hook in docs/streamlit-hooks.md was last checked against.
CHECKED_ON = "1.67.0"
# Test ids the code still names that this Streamlit no longer renders: each one a selector that
# matches nothing. None today; an upgrade that drops one lists it here until the code lets it go.
DEAD_TEST_IDS: set[str] = set()
# A quoted test id in Python or CSS ("stMain", 'stVegaLiteChart'), and one in the minified bundle (`stMain`).
QUOTED_TEST_ID = re.compile(r"[\"'](st[A-Z][A-Za-z]+)[\"']")
BUNDLE_TEST_ID = re.compile(r"[`\"'](st[A-Z][A-Za-z]+)[`\"']")
DOC_TEST_ID = re.compile(r"`(st[A-Z][A-Za-z]+)`")


@cache
def bundle() -> str:
    """Every JavaScript file of the installed Streamlit frontend, as one text."""
    files = sorted((FRONTEND / "static" / "js").glob("*.js"))
    assert files, f"no frontend bundle under {FRONTEND}"
    return "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in files)


def test_the_hooks_were_checked_against_the_installed_streamlit() -> None:
    """An upgrade fails here first: walk docs/streamlit-hooks.md against the new release, then move CHECKED_ON."""
    assert streamlit.__version__ == CHECKED_ON, (
        f"Streamlit {streamlit.__version__} is installed; the hooks were checked on {CHECKED_ON}. "
        "Check every row of docs/streamlit-hooks.md, then update CHECKED_ON (and the doc's version)."
    )


# --- the launcher (ui/serve.py) ------------------------------------------------------------------


def test_the_launchers_patch_points_keep_their_signatures() -> None:
    parameters = {
        name: list(inspect.signature(getattr(starlette_server, name)).parameters)
        for name in ("_bind_socket", "create_starlette_app", "_get_uvicorn_config_kwargs")
    }
    assert parameters == {
        "_bind_socket": ["address", "port", "backlog"],
        "create_starlette_app": ["runtime"],
        "_get_uvicorn_config_kwargs": [],
    }
    assert "h11_max_incomplete_event_size" in inspect.signature(uvicorn.Config).parameters


def test_streamlits_server_looks_the_patched_names_up_when_it_starts() -> None:
    """ui/serve.py replaces three module attributes; that works only while the server calls them by
    their bare names (a module global, looked up at call time), not through another module."""
    tree = ast.parse(inspect.getsource(starlette_server))
    called = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert {"_bind_socket", "create_starlette_app", "_get_uvicorn_config_kwargs"} <= called


def test_the_launcher_still_hands_over_to_streamlits_own_command_line() -> None:
    assert isinstance(streamlit_cli.main, click.Group)
    assert "run" in streamlit_cli.main.commands


def test_the_app_bounds_its_addresses_inside_streamlits_own_limits() -> None:
    """Streamlit drops a longer or fuller query without a word; the app's bound (ui/routes.py) must stay inside."""
    assert routes.MAX_ADDRESS_LENGTH < query_params.CLIENT_STATE_QUERY_STRING_MAX_LENGTH
    assert routes.MAX_ADDRESS_PARAMS < query_params.CLIENT_STATE_QUERY_STRING_MAX_FIELDS


def test_the_routes_the_guard_the_proxy_and_the_tests_name_are_streamlits() -> None:
    assert serve.REFUSED_PATHS == (
        "/" + starlette_routes.BASE_ROUTE_UPLOAD_FILE,
        "/" + starlette_routes.ROUTE_METRICS,
    )
    assert starlette_websocket._ROUTE_WEBSOCKET_STREAM == "_stcore/stream"  # tests/support/wsclient.py, nginx
    assert starlette_routes.ROUTE_HEALTH == "_stcore/health"  # tests/support/server.py waits on it
    assert starlette_routes.BASE_ROUTE_MEDIA == "media"  # downloads: why replicas stick by cookie
    assert starlette_server_config.XSRF_COOKIE_NAME == "_streamlit_xsrf"  # tests/test_live_server.py


def test_streamlits_agent_api_stays_off() -> None:
    """The launcher refuses no /_stcore/agent/ route: Streamlit's agent API is off unless configured on."""
    assert streamlit_config._config_options_template["server.enableAgentApi"].default_val is False
    with (ROOT / ".streamlit" / "config.toml").open("rb") as handle:
        assert "enableAgentApi" not in tomllib.load(handle).get("server", {})


def test_a_root_level_secret_becomes_the_variable_the_rooms_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Community Cloud ROOMS_DATABASE_URL is a root-level secret; rooms/store.py reads it from the
    environment, where Streamlit puts root-level secrets when it loads them (at server start)."""
    secrets_file = tmp_path / "secrets.toml"
    url = "postgresql+psycopg://user:password@db.example:5432/rooms"
    secrets_file.write_text(f'{URL_VARIABLE} = "{url}"\n', encoding="utf-8")
    get_option = streamlit_config.get_option

    def with_this_secrets_file(name: str) -> Any:
        return [str(secrets_file)] if name == "secrets.files" else get_option(name)

    monkeypatch.setattr(streamlit_config, "get_option", with_this_secrets_file)
    monkeypatch.delenv(URL_VARIABLE, raising=False)  # restored after the test, whatever the parse sets
    secrets = Secrets()
    secrets._file_watchers_installed = True  # no poll watcher on a temporary file
    secrets._parse()
    assert os.environ.get(URL_VARIABLE) == url
    assert database_url() == url


def test_the_csps_wasm_allowance_is_still_needed() -> None:
    """'wasm-unsafe-eval' (ui/serve.py) is there for the WebAssembly module Streamlit's protobuf code
    compiles; if this fails, that module is gone and the allowance can go too."""
    (protobuf,) = (FRONTEND / "static" / "js").glob("protobuf.*.js")
    assert "new WebAssembly.Module(" in protobuf.read_text(encoding="utf-8")


# --- the websocket protocol (tests/support/wsclient.py, tests/browser/helpers.py) ---------------------


def _field(message: Any, path: str) -> Any:
    """The field descriptor at a dotted path through nested message descriptors, failing with the path
    when one is missing (protobuf's descriptors are untyped here: no stubs installed)."""
    field = None
    for name in path.split("."):
        assert name in message.fields_by_name, f"{message.full_name} has no field {name!r} ({path})"
        field = message.fields_by_name[name]
        if field.message_type is not None:
            message = field.message_type
    assert field is not None
    return field


@pytest.mark.parametrize(
    "path",
    [
        "rerun_script.query_string",
        "rerun_script.widget_states.widgets",
        "rerun_script.fragment_id",
        "clear_cache",
    ],
)
def test_what_the_clients_send(path: str) -> None:
    _field(BackMsg.DESCRIPTOR, path)


@pytest.mark.parametrize(
    "path",
    [
        "delta.new_element",
        "delta.fragment_id",
        "metadata.delta_path",
        "new_session.initialize.session_id",
        "page_info_changed.query_string",
        "script_finished",
        "delta.new_element.radio.id",
        "delta.new_element.radio.label",
        "delta.new_element.radio.options",
        "delta.new_element.radio.raw_value",
        "delta.new_element.button.id",
        "delta.new_element.button.label",
        "delta.new_element.markdown.body",
        "delta.new_element.heading.body",
        "delta.new_element.progress.text",
        "delta.new_element.exception.type",
        "delta.new_element.exception.message",
    ],
)
def test_what_the_clients_read(path: str) -> None:
    _field(ForwardMsg.DESCRIPTOR, path)


def test_the_clients_widget_states_and_run_statuses() -> None:
    assert {"id", "string_value", "trigger_value"} <= set(WidgetState.DESCRIPTOR.fields_by_name)
    element = _field(ForwardMsg.DESCRIPTOR, "delta.new_element").message_type
    kinds = {field.name for field in element.oneofs_by_name["type"].fields}  # Element.WhichOneof("type")
    assert {"radio", "button", "markdown", "heading", "progress", "exception"} <= kinds
    statuses = set(ForwardMsg.ScriptFinishedStatus.keys())
    assert {"FINISHED_SUCCESSFULLY", "FINISHED_EARLY_FOR_RERUN", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"} <= statuses


# --- the frontend: test ids, attributes and labels the CSS and the browser tests select on --------------


def _sources() -> list[Path]:
    """The files that may select on the frontend: the app, its views and scripts, the tests and the benchmarks."""
    found = [ROOT / "app.py", *(ROOT / "ui").rglob("*.py"), *(ROOT / "static").glob("*.js")]
    found += (ROOT / "bench").rglob("*.py")
    found += [p for p in (ROOT / "tests").rglob("*.py") if "node_modules" not in p.parts]
    return [p for p in found if p.resolve() != Path(__file__).resolve()]


def used_test_ids() -> set[str]:
    return {found for path in _sources() for found in QUOTED_TEST_ID.findall(path.read_text(encoding="utf-8"))}


def test_the_hooks_page_lists_exactly_the_test_ids_in_use() -> None:
    used = used_test_ids()
    assert len(used) >= 20, used  # the scan itself still finds them
    documented = set(DOC_TEST_ID.findall(HOOKS_DOC.read_text(encoding="utf-8")))
    assert sorted(used - documented) == [], "used but not in docs/streamlit-hooks.md"
    assert sorted(documented - used) == [], "in docs/streamlit-hooks.md but no longer used"


def test_every_test_id_in_use_is_one_the_installed_frontend_renders() -> None:
    rendered = set(BUNDLE_TEST_ID.findall(bundle()))
    used = used_test_ids()
    assert sorted(used - rendered - DEAD_TEST_IDS) == [], "selectors that match nothing in this Streamlit"
    assert used >= DEAD_TEST_IDS, "a dead test id is no longer used: take it off DEAD_TEST_IDS"
    assert not DEAD_TEST_IDS & rendered, "a dead test id is rendered again: take it off DEAD_TEST_IDS"


@pytest.mark.parametrize(
    ("text", "relied_on_by"),
    [
        ('"data-test-script-state"', "tests/browser/helpers.py: SETTLED_JS"),
        ('"data-test-connection-state"', "tests/browser/helpers.py: SETTLED_JS"),
        ("`notRunning`", "tests/browser/helpers.py: SETTLED_JS"),
        ("`CONNECTED`", "tests/browser/helpers.py: SETTLED_JS"),
        ('"data-stale"', "tests/browser/helpers.py: SETTLED_JS"),
        ("`st-key-`", "ui/results.py: PRINT_STYLE (.st-key-scores, .st-key-print-link) and the layout tests"),
        ("Copy to clipboard", "tests/browser/test_journeys.py: the code block's copy button"),
        ("Download as PNG", "tests/browser/test_compare.py: the chart toolbar"),
        ("vg-tooltip-element", "tests/browser/test_results_layout.py, test_compare.py: Vega's tooltip"),
    ],
)
def test_the_frontend_still_has(text: str, relied_on_by: str) -> None:
    assert text in bundle(), f"{text} is gone from the frontend; relied on by {relied_on_by}"


def test_the_keys_the_css_selects_on_become_their_class_names_unchanged() -> None:
    """Streamlit names a keyed container's class ``st-key-<key>``, other characters than [a-zA-Z0-9_-]
    replaced; the app's keys need no replacing, so its CSS can name them as they are."""
    for key in (SCORES_KEY, PRINT_LINK_KEY):
        assert re.fullmatch(r"[a-zA-Z0-9_-]+", key) and f".st-key-{key}" in PRINT_STYLE, key


# --- issue 23's hardening: the launcher's log limit (ui/serve.py) ----------------------------------------
# This section's imports are local to its tests, so that it stays one appended block.


def _non_constant_log_messages(module: Any) -> list[str]:
    """The logging calls in ``module`` whose message is not a fixed template (a constant, or a name the
    function binds to constants only): each such record would be a kind of its own to RateLimitedLog."""
    tree = ast.parse(inspect.getsource(module))
    levels = {"debug", "info", "warning", "error", "exception", "critical", "log"}
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        constant_names = {
            target.id
            for node in ast.walk(function)
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        other_names = {
            target.id
            for node in ast.walk(function)
            if isinstance(node, ast.Assign) and not isinstance(node.value, ast.Constant)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for call in ast.walk(function):
            if not (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr in levels
                and "logger" in ast.unparse(call.func.value).lower()
            ):
                continue
            arguments = call.args[1:] if call.func.attr == "log" else call.args
            if not arguments:
                continue
            message = arguments[0]
            fixed = (isinstance(message, ast.Constant) and isinstance(message.value, str)) or (
                isinstance(message, ast.Name) and message.id in constant_names and message.id not in other_names
            )
            if not fixed:
                found.append(f"{module.__name__}:{call.lineno}: {ast.unparse(call)[:100]}")
    return sorted(set(found))


def test_the_loggers_the_launcher_limits_are_the_ones_streamlit_and_uvicorn_log_client_faults_to() -> None:
    """ui/serve.py's CLIENT_LOGGERS: Streamlit names each module's logger after the module (its
    get_logger is logging.getLogger, propagation off, so a filter must sit on that very logger);
    uvicorn's HTTP and websocket protocols log to "uvicorn.error"."""
    import importlib
    import logging

    from streamlit.logger import get_logger
    from uvicorn.protocols.http import h11_impl
    from uvicorn.protocols.websockets import websockets_sansio_impl

    for name in serve.CLIENT_LOGGERS:
        if name.startswith("streamlit."):
            module = importlib.import_module(name)
            assert module._LOGGER is logging.getLogger(name) is get_logger(name), name
    assert "uvicorn.error" in serve.CLIENT_LOGGERS
    for protocol in (h11_impl, websockets_sansio_impl):
        assert 'self.logger = logging.getLogger("uvicorn.error")' in inspect.getsource(protocol), protocol.__name__


def test_what_a_client_makes_streamlit_and_uvicorn_log_is_a_fixed_template() -> None:
    """RateLimitedLog counts records by logger and message template: a message with the session or file
    id formatted into it (an f-string) would be a new kind each time, and the limit would hold nothing."""
    import importlib

    from uvicorn.protocols.http import h11_impl
    from uvicorn.protocols.websockets import websockets_sansio_impl

    modules = [importlib.import_module(n) for n in serve.CLIENT_LOGGERS if n.startswith("streamlit.")]
    found = [
        line for module in [*modules, h11_impl, websockets_sansio_impl] for line in _non_constant_log_messages(module)
    ]
    assert found == [], "log calls whose message is not a fixed template"


def test_the_messages_the_log_flood_tests_count_are_streamlits() -> None:
    """tests/test_hardening_round2.py counts these lines in the served app's log."""
    from streamlit.runtime import app_session, backend_operation_handler

    assert "Rejecting backend operation request %s" in inspect.getsource(app_session)
    assert "Error executing deferred callable for file_id %s" in inspect.getsource(backend_operation_handler)


def test_the_log_limit_survives_streamlits_and_uvicorns_logging_set_up() -> None:
    """The launcher puts the filter on before Streamlit starts; Streamlit's logger set-up and uvicorn's
    logging configuration (logging.config.dictConfig, as uvicorn.Config runs it) must leave it there."""
    import logging

    from streamlit import logger as streamlit_logger
    from uvicorn.config import LOGGING_CONFIG

    names = [*serve.CLIENT_LOGGERS, "uvicorn", "uvicorn.access"]
    saved = {
        name: (list(lg.filters), list(lg.handlers), lg.level, lg.propagate, lg.disabled)
        for name in names
        for lg in [logging.getLogger(name)]
    }
    level = streamlit_logger._global_log_level
    limit = serve.RateLimitedLog()
    try:
        for name in serve.CLIENT_LOGGERS:
            logging.getLogger(name).filters = [f for f in logging.getLogger(name).filters if f is not limit]
        assert serve.limit_client_logs(limit) is limit
        streamlit_logger.init_uvicorn_logs()
        for name in serve.CLIENT_LOGGERS:
            streamlit_logger.get_logger(name)
        streamlit_logger.set_log_level("info")
        streamlit_logger.update_formatter()
        uvicorn.Config(lambda *_: None, log_config=LOGGING_CONFIG)  # configures logging as the server does
        kept = {name: limit in logging.getLogger(name).filters for name in serve.CLIENT_LOGGERS}
    finally:
        streamlit_logger.set_log_level(level)
        for name, (filters, handlers, lg_level, propagate, disabled) in saved.items():
            lg = logging.getLogger(name)
            lg.filters, lg.handlers, lg.propagate, lg.disabled = filters, handlers, propagate, disabled
            lg.setLevel(lg_level)
    assert kept == dict.fromkeys(serve.CLIENT_LOGGERS, True)


# --- issue 23's hardening: the host check, the websocket's messages (ui/serve.py) --------------------------


def _repo_server_option(name: str) -> Any:
    with (ROOT / ".streamlit" / "config.toml").open("rb") as handle:
        return tomllib.load(handle)["server"][name]


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("localhost:8501", True),
        ("127.0.0.1:8501", True),
        ("[::1]:8501", True),
        ("assess.streamlit.app", True),
        ("evil.example:8501", False),
        ("localhost.evil.example", False),
        ("localhost@evil.example", False),
        (None, False),
    ],
)
def test_the_guard_answers_pages_for_the_hosts_streamlit_takes_websockets_for(
    monkeypatch: pytest.MonkeyPatch, host: str | None, allowed: bool
) -> None:
    """ui.serve.host_allowed is Streamlit's is_host_allowed on server.allowedHosts, the very check
    Streamlit's websocket makes (a websocket without an Origin header is refused on the host alone)."""
    assert list(inspect.signature(starlette_websocket.is_host_allowed).parameters) == ["host"]
    get_option = streamlit_config.get_option
    hosts = _repo_server_option("allowedHosts")

    def with_hosts(listed: list[str]) -> None:
        monkeypatch.setattr(
            streamlit_config, "get_option", lambda name: listed if name == "server.allowedHosts" else get_option(name)
        )

    with_hosts(hosts)
    assert serve.host_allowed(host) is allowed
    assert starlette_websocket._is_origin_allowed(None, host) is allowed
    with_hosts([])  # Streamlit's default: every host
    assert serve.host_allowed(host) is True


def test_a_browser_message_is_bounded_by_streamlits_widget_state_option(monkeypatch: pytest.MonkeyPatch) -> None:
    """ui.serve._max_client_message is Streamlit's own limit on a client's message, which the repo
    sets to 1 MB (server.maxWidgetStateSize, a hidden option of whole megabytes, default 25); under
    `streamlit run` Streamlit applies it too, once it has the whole message, and closes with 1009."""
    from streamlit.runtime import runtime_util

    option = streamlit_config._config_options_template["server.maxWidgetStateSize"]
    assert (option.type, option.default_val) == (int, 25)
    assert _repo_server_option("maxWidgetStateSize") == 1
    get_option = streamlit_config.get_option
    monkeypatch.setattr(
        streamlit_config, "get_option", lambda name: 1 if name == "server.maxWidgetStateSize" else get_option(name)
    )
    monkeypatch.setattr(runtime_util, "_max_widget_state_size_bytes", None)  # its cache of the option
    assert list(inspect.signature(runtime_util.get_max_widget_state_size_bytes).parameters) == []
    assert serve._max_client_message() == runtime_util.get_max_widget_state_size_bytes() == 1_000_000
    handler = inspect.getsource(starlette_websocket.create_websocket_handler)
    assert "get_max_widget_state_size_bytes()" in handler and "code=1009" in handler


def test_uvicorn_takes_the_launchers_settings_and_streamlit_passes_them_through() -> None:
    """The launcher adds http, h11_max_incomplete_event_size, ws_max_size and ws_max_queue to the
    keywords Streamlit builds; Streamlit hands those to uvicorn.Config as **kwargs and names no such
    keyword itself (a second value would be a TypeError at start-up)."""
    parameters = inspect.signature(uvicorn.Config).parameters
    assert {"http", "h11_max_incomplete_event_size", "ws_max_size", "ws_max_queue"} <= set(parameters)
    assert parameters["timeout_keep_alive"].default == 5  # BoundedHeads leaves kept-alive connections to it
    tree = ast.parse(inspect.getsource(starlette_server))
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and ast.unparse(node.func) in ("uvicorn.Config", "Config")
    ]
    assert calls, "Streamlit no longer makes a uvicorn.Config"
    for call in calls:
        assert {k.arg for k in call.keywords} == {"host", "port", None}, ast.unparse(call)
        (spread,) = [k.value for k in call.keywords if k.arg is None]
        assert ast.unparse(spread) == "uvicorn_kwargs"
    assert "uvicorn_kwargs = _get_uvicorn_config_kwargs()" in inspect.getsource(starlette_server)
    config = uvicorn.Config(lambda *_: None, http=serve.BoundedHeads, log_config=None)
    config.load()
    assert config.http_protocol_class is serve.BoundedHeads


def _run_async(coroutine: Any) -> Any:
    """``asyncio.run`` in a thread of its own: a browser test's Playwright may have a loop running in this one."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class _Transport:
    """Just enough of an asyncio transport for uvicorn's protocols, recording what they do."""

    def __init__(self) -> None:
        self.written = b""
        self.closing = False
        self.reading = True

    def write(self, data: bytes) -> None:
        self.written += data

    def close(self) -> None:
        self.closing = True

    def is_closing(self) -> bool:
        return self.closing

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 50000), "sockname": ("127.0.0.1", 8501)}.get(name, default)

    def pause_reading(self) -> None:
        self.reading = False

    def resume_reading(self) -> None:
        self.reading = True

    def set_protocol(self, protocol: Any) -> None:
        pass


def _masked_frame(payload: bytes, opcode: int = 0x2) -> bytes:
    """One client-to-server websocket frame (clients must mask), payload under 126 bytes."""
    key = b"\x01\x02\x03\x04"
    assert len(payload) < 126
    masked = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
    return bytes([0x80 | opcode, 0x80 | len(payload)]) + key + masked


def _through_streamlits_websocket_protocol(data: bytes, ws_max_size: int) -> tuple[Any, _Transport]:
    """uvicorn's websocket protocol as Streamlit chooses it, after a handshake, fed ``data`` in one read."""
    import asyncio

    from uvicorn.server import ServerState

    kind = starlette_server._get_websocket_protocol()
    stop = asyncio.Event()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        await stop.wait()

    async def run() -> tuple[Any, _Transport]:
        config = uvicorn.Config(app, ws=kind, ws_max_size=ws_max_size, ws_max_queue=serve.WS_MAX_QUEUE, log_config=None)
        config.load()
        assert config.ws_protocol_class is not None
        protocol = config.ws_protocol_class(
            config=config, server_state=ServerState(), app_state={}, _loop=asyncio.get_running_loop()
        )
        transport = _Transport()
        protocol.connection_made(transport)
        protocol.data_received(
            b"GET /_stcore/stream HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        for _ in range(50):  # the app accepts
            await asyncio.sleep(0)
        assert transport.written.startswith(b"HTTP/1.1 101"), transport.written[:40]
        transport.written = b""
        protocol.data_received(data)
        stop.set()
        for _ in range(50):
            await asyncio.sleep(0)
        return protocol, transport

    return _run_async(run())


def test_streamlits_websocket_protocol_closes_a_message_over_ws_max_size_before_queueing_it() -> None:
    """The launcher's ws_max_size (1 MB) works in the websocket implementation Streamlit picks: a
    larger message closes the connection with 1009 as its header arrives."""
    header = bytes([0x82, 0x80 | 127]) + (2_000_000).to_bytes(8, "big") + b"\x01\x02\x03\x04"
    protocol, transport = _through_streamlits_websocket_protocol(header + b"x" * 1024, ws_max_size=1_000_000)
    queued = [protocol.queue.get_nowait() for _ in range(protocol.queue.qsize())]
    assert [(m["type"], m.get("code")) for m in queued] == [("websocket.disconnect", 1009)]  # nothing to receive
    assert transport.written[:1] == b"\x88" and transport.written[2:4] == (1009).to_bytes(2, "big")  # close, 1009


def test_streamlits_websocket_protocol_queues_a_reads_messages_whatever_ws_max_queue_says() -> None:
    """Streamlit 1.67 picks uvicorn's "websockets-sansio" protocol, which ignores ws_max_queue: it queues
    every message of a read (up to 256 KiB of frames), then stops reading until the app has taken
    them all. The launcher's WS_MAX_QUEUE therefore bounds nothing today (docs/streamlit-hooks.md);
    this fails when that changes."""
    assert starlette_server._get_websocket_protocol() == "websockets-sansio"
    count = 10 * serve.WS_MAX_QUEUE
    protocol, transport = _through_streamlits_websocket_protocol(_masked_frame(b"") * count, ws_max_size=1_000_000)
    assert protocol.queue.qsize() == count  # not WS_MAX_QUEUE
    assert not transport.reading  # and no more is read until the app takes them


def test_the_guards_pacing_sees_each_message_streamlit_reads() -> None:
    """Guard paces the ASGI receive: Streamlit's websocket loop reads each browser message with one
    receive_bytes() (one ASGI receive), in the same task that hands it to the runtime."""
    handler = inspect.getsource(starlette_websocket.create_websocket_handler)
    assert handler.count("await websocket.receive_bytes()") == 1
    assert "runtime.handle_backmsg(session_id, back_msg" in handler


# --- issue 23's hardening: request heads (ui/serve.py BoundedHeads on uvicorn's H11Protocol) ----------------


def test_bounded_heads_overrides_uvicorns_h11_protocol_where_it_still_is() -> None:
    """BoundedHeads overrides connection_made, connection_lost and data_received, and reads conn (an
    h11.Connection), transport and loop; uvicorn's h11 default head limit is the 16 KiB the launcher's
    MAX_REQUEST_HEAD adds room for."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    for name, parameters in {
        "connection_made": ["self", "transport"],
        "connection_lost": ["self", "exc"],
        "data_received": ["self", "data"],
    }.items():
        assert list(inspect.signature(getattr(H11Protocol, name)).parameters) == parameters, name
        assert name in vars(serve.BoundedHeads)
    assert list(inspect.signature(H11Protocol).parameters) == ["config", "server_state", "app_state", "_loop"]
    assert h11._connection.DEFAULT_MAX_INCOMPLETE_EVENT_SIZE == 16 * 1024
    connection = h11.Connection(h11.SERVER)
    connection.receive_data(b"GET / HTTP/1.1\r\nHo")
    assert connection.next_event() is h11.NEED_DATA and connection.their_state is h11.IDLE  # a head coming
    connection.receive_data(b"st: x\r\n\r\n")
    assert isinstance(connection.next_event(), h11.Request) and connection.their_state is not h11.IDLE


def test_bounded_heads_answers_an_oversized_head_before_uvicorn_refuses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fed as asyncio reads it (at most READ_CHUNK bytes at a time), a head over MAX_REQUEST_HEAD gets
    BoundedHeads' redirect to the damaged-link message, not uvicorn's bare 400; an unfinished head has
    its timer running on uvicorn's loop, and a lost connection stops it."""
    import asyncio.selector_events
    import importlib.util

    from uvicorn.server import ServerState

    assert asyncio.selector_events._SelectorSocketTransport.max_size <= serve.READ_CHUNK
    assert importlib.util.find_spec("uvloop") is None, "uvicorn would run on uvloop: check its read size"
    for name in ("create_starlette_app", "_get_uvicorn_config_kwargs"):
        monkeypatch.setattr(starlette_server, name, getattr(starlette_server, name))  # undone after the test
    assert serve.patch_streamlit_http()
    launched = starlette_server._get_uvicorn_config_kwargs()  # what the launcher gives uvicorn
    loop = asyncio.new_event_loop()
    try:
        config = uvicorn.Config(
            lambda *_: None,
            http=launched["http"],
            h11_max_incomplete_event_size=launched["h11_max_incomplete_event_size"],
            log_config=None,
        )
        config.load()
        assert config.http_protocol_class is serve.BoundedHeads

        def connected() -> tuple[serve.BoundedHeads, _Transport]:
            protocol = serve.BoundedHeads(config=config, server_state=ServerState(), app_state={}, _loop=loop)
            transport = _Transport()
            protocol.connection_made(transport)  # type: ignore[arg-type]
            return protocol, transport

        protocol, transport = connected()
        assert protocol.logger.name == "uvicorn.error"
        head = b"GET /?a=" + b"0" * (serve.MAX_REQUEST_HEAD + serve.READ_CHUNK)
        for start in range(0, len(head), serve.READ_CHUNK):
            if transport.closing:
                break
            protocol.data_received(head[start : start + serve.READ_CHUNK])
        assert transport.written.startswith(b"HTTP/1.1 303 See Other\r\n"), transport.written[:40]
        protocol, transport = connected()
        protocol.data_received(b"GET / HTTP/1.1\r\nHo")
        assert protocol._head_timer is not None and protocol._head_timer in loop._scheduled  # type: ignore[attr-defined]
        protocol.connection_lost(None)
        assert protocol._head_timer is None
    finally:
        loop.close()


# --- issue 23's hardening: downloads (ui/downloads.py) -------------------------------------------------


def test_a_deferred_downloads_callable_runs_off_the_event_loop_again_on_every_request() -> None:
    """ui/downloads.py: Streamlit runs a download button's callable in a thread of its own (asyncio.to_thread),
    outside any script run (so on_click takes the session id at the page run), again on every request for
    its file id (so Download makes it once); when it raises, the browser gets "Failed to generate file
    for download" and the log one record of a fixed template."""
    import logging
    import threading

    from streamlit.runtime.backend_operation_handler import DeferredFileHandler
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    from ui.downloads import NotMade

    calls: list[tuple[int, object]] = []

    def make() -> bytes:
        calls.append((threading.get_ident(), get_script_run_ctx(suppress_warning=True)))
        return b"the file"

    def cannot() -> bytes:
        raise NotMade("the session is gone")

    manager = MediaFileManager(MemoryMediaFileStorage("/media"))
    handler = DeferredFileHandler(lambda: manager)

    def request(file_id: str) -> Any:
        message = BackMsg()
        message.backend_operation_request.request_id = "probe"
        message.backend_operation_request.deferred_file.file_id = file_id
        return message.backend_operation_request

    records: list[logging.LogRecord] = []
    recorder = logging.Handler()
    recorder.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("streamlit.runtime.backend_operation_handler")
    logger.addHandler(recorder)

    async def three_requests() -> tuple[int, list[Any]]:
        made, failing = manager.add_deferred(make, "text/plain", "a"), manager.add_deferred(cannot, "text/plain", "b")
        return threading.get_ident(), [await handler.handle(request(i), "s") for i in (made, made, failing)]

    try:
        loop_thread, (first, second, failed) = _run_async(three_requests())
    finally:
        logger.removeHandler(recorder)
    assert first.deferred_file.url.startswith("/media/") and second.deferred_file.url
    assert len(calls) == 2, "Streamlit no longer runs the callable on every request"
    assert all(thread != loop_thread and context is None for thread, context in calls)
    assert failed.error_msg == "Failed to generate file for download"
    assert [r.msg for r in records] == ["Error executing deferred callable for file_id %s"]


def test_the_download_gate_asks_streamlits_runtime_whether_a_session_is_connected() -> None:
    """ui.downloads._streamlit_session_live: runtime.exists(), runtime.get_instance().is_active_session(id),
    called from the download's thread (Streamlit: "SAFE. May be called on any thread"); a session is
    active while its websocket is connected, and leaves the active ones when it disconnects."""
    import dataclasses

    from streamlit import runtime
    from streamlit.runtime.runtime import Runtime
    from streamlit.runtime.scriptrunner import ScriptRunContext
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    assert list(inspect.signature(runtime.exists).parameters) == []
    assert list(inspect.signature(runtime.get_instance).parameters) == []
    assert list(inspect.signature(Runtime.is_active_session).parameters) == ["self", "session_id"]
    assert "May be called on any thread" in (Runtime.is_active_session.__doc__ or "")
    assert "self._session_mgr.is_active_session(session_id)" in inspect.getsource(Runtime.is_active_session)
    assert "in self._active_session_info_by_id" in inspect.getsource(WebsocketSessionManager.is_active_session)
    assert "del self._active_session_info_by_id[session_id]" in inspect.getsource(
        WebsocketSessionManager.disconnect_session
    )
    assert "session_id" in {field.name for field in dataclasses.fields(ScriptRunContext)}  # ui.downloads.on_click


def test_streamlit_runs_the_app_script_as_main_so_a_spawned_worker_would_run_it_too() -> None:
    """ui.downloads._Worker empties __main__ while it starts the PDF worker: Streamlit runs the app
    script as a module named __main__ with the script as its __file__ and no __spec__, which
    multiprocessing's spawn start method runs again in the child (init_main_from_path)."""
    from streamlit.testing.v1 import AppTest

    script = """
import sys
from multiprocessing import spawn

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

main = sys.modules["__main__"]
prepared = spawn.get_preparation_data("worker")
st.text(" ".join(str(fact) for fact in (
    main.__dict__ is globals(),
    main.__spec__ is None,
    main.__file__ == __file__,
    prepared.get("init_main_from_path") == __file__,
    bool(get_script_run_ctx().session_id),
)))
"""
    at = AppTest.from_string(script).run()
    assert not at.exception
    assert at.text[0].value == "True True True True True"


# --- issue 23's hardening: rooms (ui/room.py) ------------------------------------------------------------


@pytest.mark.parametrize(("remote_ip", "shown"), [("127.0.0.1", None), ("::1", None), ("203.0.113.9", "203.0.113.9")])
def test_the_visitors_address_is_the_connections_and_none_on_loopback(
    monkeypatch: pytest.MonkeyPatch, remote_ip: str, shown: str | None
) -> None:
    """ui.room.client_address counts rooms per st.context.ip_address ("local" when None): Streamlit
    gives the websocket's peer as uvicorn's scope has it, None for 127.0.0.1 and ::1."""
    import types

    import streamlit as st
    from streamlit.runtime import context

    monkeypatch.setattr(context, "_get_client_context", lambda: types.SimpleNamespace(remote_ip=remote_ip))
    assert st.context.ip_address == shown
    assert "client.host if client else None" in inspect.getsource(starlette_websocket.StarletteClientContext)


def test_uvicorn_takes_a_loopback_proxys_forwarded_for_as_the_visitors_address() -> None:
    """uvicorn's proxy-header middleware is on (Streamlit sets neither option) and trusts 127.0.0.1 and
    ::1: a connection from a proxy on this machine gets the address its X-Forwarded-For names, which
    is then st.context.ip_address. A proxy that passes the client's own header on lets a client name
    any address (docs/streamlit-hooks.md)."""

    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    kwargs = starlette_server._get_uvicorn_config_kwargs()
    assert not {"proxy_headers", "forwarded_allow_ips"} & set(kwargs)
    assert inspect.signature(uvicorn.Config).parameters["proxy_headers"].default is True
    seen: dict[str, Any] = {}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.update(scope)

    config = uvicorn.Config(app, log_config=None)
    config.load()
    assert isinstance(config.loaded_app, ProxyHeadersMiddleware)
    for peer, client in [("127.0.0.1", "203.0.113.7"), ("::1", "203.0.113.7"), ("198.51.100.2", "198.51.100.2")]:
        scope = {
            "type": "websocket",
            "client": (peer, 5),
            "scheme": "ws",
            "headers": [(b"x-forwarded-for", b"203.0.113.7")],
        }
        _run_async(config.loaded_app(scope, None, None))  # type: ignore[arg-type]
        assert seen["client"][0] == client, peer


# --- issue 23's hardening: what the flood clients send and read (tests/support/floods.py) -------------------


@pytest.mark.parametrize(
    "path",
    [
        "backend_operation_request.request_id",
        "backend_operation_request.session_id",
        "backend_operation_request.deferred_file.file_id",
    ],
)
def test_what_the_flood_clients_send(path: str) -> None:
    _field(BackMsg.DESCRIPTOR, path)


@pytest.mark.parametrize(
    "path",
    [
        "backend_operation_response.request_id",
        "backend_operation_response.error_msg",
        "backend_operation_response.deferred_file.url",
        "delta.new_element.download_button.label",
        "delta.new_element.download_button.deferred_file_id",
        "delta.new_element.text_input.id",
        "delta.new_element.text_input.label",
    ],
)
def test_what_the_flood_clients_read(path: str) -> None:
    _field(ForwardMsg.DESCRIPTOR, path)


def test_the_flood_clients_message_kinds() -> None:
    from streamlit.proto.Markdown_pb2 import Markdown

    assert "backend_operation_request" in {f.name for f in BackMsg.DESCRIPTOR.oneofs_by_name["type"].fields}
    assert "backend_operation_response" in {f.name for f in ForwardMsg.DESCRIPTOR.oneofs_by_name["type"].fields}
    element = _field(ForwardMsg.DESCRIPTOR, "delta.new_element").message_type
    assert {"download_button", "text_input"} <= {f.name for f in element.oneofs_by_name["type"].fields}
    assert "CAPTION" in dict(Markdown.Type.items())  # st.caption arrives as markdown: the probe app's counts


# --- the pages' own scripts (ui/landing.py, static/) ----------------------------------------------


def test_st_html_runs_scripts_from_a_source_and_keeps_their_data_attributes() -> None:
    """ui/landing.py loads static/land.js through st.html(unsafe_allow_javascript=True): the frontend
    sanitizes the body keeping <script> with its src (and data-* attributes, DOMPurify's default),
    then re-creates each script element so the browser loads and runs it when the element mounts."""
    assert "unsafe_allow_javascript" in inspect.signature(streamlit.html).parameters
    (html,) = (FRONTEND / "static" / "js").glob("Html.*.js")
    code = html.read_text(encoding="utf-8")
    assert "ADD_TAGS:[`script`,`style`]" in code and "ADD_ATTR:[`src`" in code
    assert "document.createElement(`script`)" in code
    assert "ALLOW_DATA_ATTR:!1" not in code  # data-page reaches the script
    assert landing.SCRIPT.startswith("app/static/")


def test_static_serving_serves_the_pages_scripts_at_app_static_as_javascript() -> None:
    """server.enableStaticServing serves the app's static/ folder at app/static/ (ui/landing.py's
    SCRIPT), typed by its suffix: a .js file as JavaScript, which nosniff requires for a script."""
    assert starlette_routes.BASE_ROUTE_APP_STATIC == "app/static"
    assert component_file_utils.guess_content_type("land.js") in {"text/javascript", "application/javascript"}


def test_streamlits_page_has_the_one_title_the_launcher_replaces() -> None:
    """ui/serve.py puts the page's own title and link-preview tags in place of Streamlit's fixed one."""
    page = (FRONTEND / "index.html").read_bytes()
    assert page.count(serve.STREAMLIT_TITLE) == 1 and page.count(b"<title") == 1
    assert len(page) < serve.MAX_PAGE

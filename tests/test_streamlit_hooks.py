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

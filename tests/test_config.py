"""The served configuration, ``.streamlit/config.toml``: what every server of the app runs with.

Each option is one a finding of the hardening issue asked for; the live-server tests
(``tests/test_live_server.py``) check what the running server does with them.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from streamlit import config as streamlit_config

from ui.serve import SECURITY_HEADERS

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = {"localhost", "127.0.0.1", "::1"}


@pytest.fixture(scope="module")
def server() -> dict[str, Any]:
    with (ROOT / ".streamlit" / "config.toml").open("rb") as handle:
        return dict(tomllib.load(handle)["server"])


def test_every_option_is_one_streamlit_has(server: dict[str, Any]) -> None:
    with (ROOT / ".streamlit" / "config.toml").open("rb") as handle:
        sections = tomllib.load(handle)
    options = [f"{section}.{name}" for section, values in sections.items() for name in values]
    unknown = [option for option in options if option not in streamlit_config._config_options_template]
    assert unknown == []


def test_no_per_session_file_watcher(server: dict[str, Any]) -> None:
    # runOnSave = false alone still set up a watcher on every module for every new session.
    assert server["fileWatcherType"] == "none"
    assert server["runOnSave"] is False


def test_uploads_are_capped_at_streamlits_smallest_size(server: dict[str, Any]) -> None:
    assert server["maxUploadSize"] == 1  # MB: st.file_uploader takes nothing smaller


def test_websockets_only_for_known_hosts(server: dict[str, Any]) -> None:
    hosts = set(server["allowedHosts"])
    assert hosts >= LOOPBACK and hosts - LOOPBACK <= {"*.streamlit.app"}
    assert "*" not in hosts


def test_cross_origin_stays_off_and_static_serving_serves_only_the_pages_scripts(server: dict[str, Any]) -> None:
    assert server["enableCORS"] is True and server["enableXsrfProtection"] is True
    # On for static/: the scripts the pages load from the app's own origin (ui/landing.py), and nothing else.
    assert server["enableStaticServing"] is True
    assert sorted(p.name for p in (ROOT / "static").iterdir()) == ["land.js", "share.js"]


def _deployment_page() -> str:
    return (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")


def test_the_deployment_page_says_a_deployment_must_add_its_host_name() -> None:
    page = _deployment_page()
    assert "server.allowedHosts" in page and "--server.allowedHosts" in page


def test_the_deployment_proxy_sends_the_launchers_headers_once_and_refuses_its_routes() -> None:
    """The nginx configuration that bench/scaleout.py runs, checked against ui/serve.py's headers."""
    nginx = _deployment_page().split("```nginx\n", 1)[1].split("```", 1)[0]
    added = dict(re.findall(r'^ +add_header ([\w-]+) "([^"]*)" always;$', nginx, flags=re.MULTILINE))
    hidden = re.findall(r"^ +proxy_hide_header ([\w-]+);$", nginx, flags=re.MULTILINE)
    assert added == SECURITY_HEADERS
    assert sorted(hidden) == sorted(SECURITY_HEADERS)  # the app's own copies: each header is sent once
    assert "location = /_stcore/metrics { return 404; }" in nginx
    assert "location ^~ /_stcore/upload_file/ { return 404; }" in nginx
    assert "proxy_set_header Host $host;" in nginx  # allowedHosts sees the name the visitor typed
    # the visitor's address replaces any the visitor sent: the per-address room limit counts it
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in nginx

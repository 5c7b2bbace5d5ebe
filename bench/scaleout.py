"""Scale-out: two app processes behind nginx (round-robin, websocket upgrade), on loopback.

Run: .venv/bin/python -m bench.scaleout [--sessions 100]

1. The same link opened on each replica directly shows identical results.
2. A session answers on replica A; A is stopped mid-questionnaire; the "browser" reconnects
   through nginx with the URL and widget values it holds and lands on replica B, and its
   results hold every answer given on A.
3. The load of ``bench.load`` through nginx over two replicas vs over one replica
   (same nginx set-up, same run): interactions per second and the gain.

4. What nginx answers: every security header once, with the launcher's values
   (``ui.serve.SECURITY_HEADERS``); ``/_stcore/metrics`` and the upload route refused; a
   140 kB link sent on to the damaged-link message.

nginx runs the configuration the documentation gives for replicas as it stands there (the
``nginx`` block holding ``upstream streamlit`` in README.md or docs/; only the upstream ports
and the listen address are replaced), so the documentation cannot drift from what is measured.
Round-robin, not ``ip_hash``: every loopback client has the same address, so sticky-by-IP
would send all of them to one replica. A websocket stays on the replica it was opened on,
which is all the stickiness this app needs (its state is in the URL).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assessment.link import encode
from assessment.loader import load_model
from assessment.model import Model
from bench.common import REPO, Server, cpu_seconds, free_port, healthy, stop_process
from bench.load import summarise, warm_up
from tests.support.sessions import check_results, load, plan
from tests.support.wsclient import Run, Session
from ui.routes import DAMAGED_PARAM, TOO_LONG
from ui.serve import SECURITY_HEADERS

NGINX_DIRS = "/usr/sbin:/usr/local/sbin"  # where Debian puts it; not on every user's PATH
NO_NGINX = "nginx is not installed (bash scripts/run_bench.sh installs Debian's nginx)"
NO_SITE = "no nginx configuration with `upstream streamlit` in README.md or docs/"

CONFIG = """
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
{site}
}}
"""
_UPSTREAM = re.compile(r"^( *)server 127\.0\.0\.1:\d+( [^;\n]*)?;\n", re.MULTILINE)


def find_nginx() -> str | None:
    """The nginx binary (``apt-get install nginx``), or None."""
    return shutil.which("nginx") or shutil.which("nginx", path=NGINX_DIRS)


def documented_site() -> str | None:
    """The documentation's nginx configuration for replicas: the first ``nginx`` block with ``upstream streamlit``."""
    for path in [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]:
        for block in path.read_text(encoding="utf-8").split("```nginx\n")[1:]:
            site = block.split("```", 1)[0]
            if "upstream streamlit {" in site:
                return site
    return None


def unavailable() -> str | None:
    """Why this bench cannot run here (one line), or None."""
    if find_nginx() is None:
        return NO_NGINX
    if documented_site() is None:
        return NO_SITE
    return None


def site_config(ports: Sequence[int], listen: int) -> str:
    """The documentation's nginx configuration with ``ports`` as its upstreams and ``listen`` on loopback."""
    site = documented_site()
    if site is None:
        raise RuntimeError(NO_SITE)
    found = _UPSTREAM.findall(site)
    if not found or site.count("    listen 80;\n") != 1:
        raise RuntimeError("the documented nginx configuration no longer has its upstream and listen lines")
    indent, options = found[0]
    servers = "".join(f"{indent}server 127.0.0.1:{port}{options};\n" for port in ports)
    site = _UPSTREAM.sub("", site)
    site = site.replace("upstream streamlit {\n", "upstream streamlit {\n" + servers, 1)
    return site.replace("    listen 80;\n", f"    listen 127.0.0.1:{listen};\n")


@contextmanager
def nginx(ports: Sequence[int]) -> Iterator[str]:
    """nginx on a free loopback port in front of ``ports``; yields its base URL; stopped by pid."""
    binary = find_nginx()
    if binary is None:
        raise RuntimeError(NO_NGINX)
    tmp = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    port = free_port()
    (tmp / "nginx.conf").write_text(CONFIG.format(tmp=tmp, site=site_config(ports, port)))
    process = subprocess.Popen(
        [binary, "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-e", str(tmp / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while not healthy(base + "_stcore/health"):
            if process.poll() is not None or time.monotonic() > deadline:
                log = (tmp / "error.log").read_text(errors="replace") if (tmp / "error.log").exists() else ""
                raise RuntimeError(f"nginx did not start on {base}: {log[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        stop_process(process)
        shutil.rmtree(tmp, ignore_errors=True)


def _results_view(run: Run) -> tuple[Any, ...]:
    table = run.table("Dimension")
    if not table:
        raise RuntimeError("no results table on the page")
    texts = tuple(e.markdown.body for e in run.elements if e.WhichOneof("type") == "markdown")
    return tuple(run.headings()), tuple(tuple(row.values()) for row in table), texts


async def _same_on_both(model: Model, bases: Sequence[str]) -> bool:
    query = encode(model, plan(model, 777).start)
    views = []
    for base in bases:
        async with Session(base, query) as session:
            views.append(_results_view(await session.rerun()))
    return all(view == views[0] for view in views)


async def _failover(model: Model, replica_a: Server, nginx_base: str) -> dict[str, Any]:
    journey = plan(model, 4242)
    labels = []
    for question_id, option_id in journey.changes:
        question = model.question(question_id)
        assert question is not None
        option = model.scale_of(question).option(option_id)
        assert option is not None
        labels.append((question.text, option.label))
    session = Session(replica_a.base, encode(model, journey.start) + f"&step={journey.step}")
    await session.connect()
    await session.rerun()
    for text, label in labels[:2]:  # two answers on A ...
        await session.choose(text, label)
    held_query, held_values = session.query, dict(session.values)
    replica_a.stop()  # ... A goes away mid-questionnaire
    await session.close()
    # the browser reconnects (here: through nginx, which can only reach B) with its URL and widget values
    again = Session(nginx_base, held_query)
    await again.connect()
    again.values = {}  # new server process: widget ids are the same (keyed), the URL carries the answers
    await again.rerun()
    answered_on_a = held_values  # kept for the report
    await again.choose(*labels[2])  # the third answer on B
    last = journey.step == len(model.dimensions)
    results = await again.click("See my results" if last else "Skip to my results")
    await again.close()
    problems = check_results(model, journey, results)
    return {"ok": not problems, "problems": problems, "widgets_held": len(answered_on_a)}


def _answer(base: str, method: str, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", int(base.rsplit(":", 1)[1].strip("/")), timeout=30)
    connection.request(method, path, body=b"x" if method == "PUT" else None)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def exposure(base: str) -> dict[str, Any]:
    """What nginx in front answers: the security headers (each once), refused routes, an over-long link."""
    page = _answer(base, "GET", "/")
    headers = {name: page.headers.get_all(name) for name in SECURITY_HEADERS}
    long_link = _answer(base, "GET", "/?v=1&a=" + "0" * 140_000)
    return {
        "headers_once": all(headers[name] == [value] for name, value in SECURITY_HEADERS.items()),
        "metrics": _answer(base, "GET", "/_stcore/metrics").status,
        "upload": _answer(base, "PUT", "/_stcore/upload_file/s/f").status,
        "long_link": (long_link.status, long_link.headers.get("Location")),
        "long_link_ok": long_link.status == 303 and long_link.headers.get("Location") == f"?{DAMAGED_PARAM}={TOO_LONG}",
    }


def _measured(model: Model, base: str, sessions: int, first_index: int, replicas: Sequence[Server]) -> dict[str, Any]:
    """Burst load through ``base``; the summary plus ``cores``: the replicas' CPU seconds per wall second."""
    before = sum(cpu_seconds(server.pid) for server in replicas)
    outcome, wall = load(model, [base], sessions, first_index=first_index)
    used = sum(cpu_seconds(server.pid) for server in replicas) - before
    return {**summarise(outcome, sessions, wall), "cores": used / wall if wall else float("nan")}


def measure(sessions: int = 100, extra_args: Sequence[str] = ()) -> dict[str, Any]:
    model = load_model()
    out: dict[str, Any] = {"sessions": sessions}
    with Server(REPO / "app.py", extra_args=extra_args) as a, Server(REPO / "app.py", extra_args=extra_args) as b:
        out["same_link_same_results"] = asyncio.run(_same_on_both(model, [a.base, b.base]))
        for server in (a, b):
            warm_up(model, server.base)
        with nginx([a.port]) as one:
            out["one_replica"] = _measured(model, one, sessions, 20_000, [a, b])
        with nginx([a.port, b.port]) as two:
            out["exposure"] = exposure(two)
            out["two_replicas"] = _measured(model, two, sessions, 30_000, [a, b])
            out["failover"] = asyncio.run(_failover(model, a, two))
    out["load_average"] = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    one_rate = out["one_replica"]["interactions_per_s"]
    out["throughput_gain"] = out["two_replicas"]["interactions_per_s"] / one_rate if one_rate else float("nan")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=100)
    args = parser.parse_args()
    reason = unavailable()
    if reason:
        raise SystemExit(f"skipped: {reason}")
    result = measure(args.sessions)
    for key, value in result.items():
        print(key, value)


if __name__ == "__main__":
    main()

"""First paint of a shared link in headless Chromium, vs a hello-world page served the same way.

Run: .venv/bin/python -m bench.paint [--reps 7]

Each repetition opens a fresh browser context (no cache, no cookies) and times from
navigation start to: the level heading (h1) and the radar (``stVegaLiteChart`` canvas/svg)
visible. The baseline, ``bench/hello_app.py``, is a title and a two-point Vega-Lite chart,
timed to its heading and chart visible. Every repetition opens a *distinct* link (a radar
cache miss, as for a link someone just shared); both pages alternate, on their own servers.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from assessment.link import LinkData, encode
from assessment.loader import load_model
from assessment.scoring import score
from bench.common import HELLO, REPO, Server, median_ms

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
TIMEOUT_MS = 60_000


def unavailable() -> str | None:
    """Why this bench cannot run here (one line), or None."""
    if not Path(CHROMIUM).exists():
        return f"Chromium is not installed at {CHROMIUM} (bash scripts/run_bench.sh installs Debian's chromium)"
    return None


def _paint(browser: Any, url: str, heading: str) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        page.locator("h1", has_text=heading).first.wait_for(state="visible", timeout=TIMEOUT_MS)
        page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg").first.wait_for(
            state="visible", timeout=TIMEOUT_MS
        )
        return time.perf_counter() - start
    finally:
        context.close()


def measure(reps: int = 7, extra_args: Sequence[str] = ()) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    model = load_model()
    rng = random.Random(5)
    app_times: list[float] = []
    hello_times: list[float] = []
    with (
        Server(REPO / "app.py", extra_args=extra_args) as app,
        Server(HELLO, extra_args=extra_args) as hello,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for index in range(reps + 1):  # the first of each is a warm-up (imports, first compile)
                answers = {q.id: rng.choice(model.scale_of(q).options).id for q in model.questions}
                data = LinkData(answers, "Acme", None, date(2026, 1, 1))
                level = score(model, answers).level.name
                hello_s = _paint(browser, hello.base, "Hello")
                app_s = _paint(browser, app.base + encode(model, data), level)
                if index:
                    hello_times.append(hello_s)
                    app_times.append(app_s)
        finally:
            browser.close()
    return {
        "reps": reps,
        "app_ms": median_ms(app_times),
        "hello_ms": median_ms(hello_times),
        "ratio": median_ms(app_times) / median_ms(hello_times),
        "app_all_ms": [round(t * 1e3) for t in app_times],
        "hello_all_ms": [round(t * 1e3) for t in hello_times],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--gc-on", action="store_true", help="runner.postScriptGC true (default: as configured)")
    args = parser.parse_args()
    reason = unavailable()
    if reason:
        raise SystemExit(f"skipped: {reason}")
    print(measure(args.reps, ["--runner.postScriptGC", "true"] if args.gc_on else []))


if __name__ == "__main__":
    main()

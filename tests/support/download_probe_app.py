"""``app.py`` with its downloads counted, for the hardening tests: how many files were made, and how many at once.

The process's download gate (:func:`ui.downloads.gate`) counts every file it makes and the
most it made at once. The four downloads made in the server's process (``ui.results``: text,
JSON, CSV and HTML of ``reports.FORMATS``; the PDF is made in a worker process) are also wrapped, once per process,
so that each takes at least :data:`MAKING_SECONDS` (calls at once overlap visibly) and records
how many ran at the same time for one result (one session's page). A caption at the end of
the page reads ``downloads: made=<files> at_once=<most at once> one_result_at_once=<most at
once for one result>``. Served like the app (``python -m ui.serve run tests/support/download_probe_app.py``).
"""

import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from reports import FORMATS, Report
from ui import downloads, results

MAKING_SECONDS = 0.3


class Counts:
    """The process's counts (this script runs again on every rerun: they are kept on ``ui.results``)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.one_result_at_once = 0
        self.per_result: Counter[int] = Counter()


if not hasattr(results, "download_counts"):
    results.download_counts = Counts()  # type: ignore[attr-defined]
counts: Counts = results.download_counts  # type: ignore[attr-defined]


def counted(make: Callable[..., Any]) -> Callable[..., Any]:
    def making(*args: Any) -> Any:
        key = next((id(a.result) for a in args if isinstance(a, Report)), 0)
        with counts.lock:
            counts.per_result[key] += 1
            counts.one_result_at_once = max(counts.one_result_at_once, counts.per_result[key])
        try:
            time.sleep(MAKING_SECONDS)
            return make(*args)
        finally:
            with counts.lock:
                counts.per_result[key] -= 1

    making.counted = True  # type: ignore[attr-defined]
    return making


for name in ("text", "json", "csv", "html"):
    if not getattr(FORMATS[name].render, "counted", False):  # once per process
        FORMATS[name] = FORMATS[name]._replace(render=counted(FORMATS[name].render))

APP = Path(__file__).resolve().parents[2] / "app.py"
exec(compile(APP.read_text(encoding="utf-8"), str(APP), "exec"))

gate = downloads.gate()
st.caption(f"downloads: made={gate.made} at_once={gate.most_at_once} one_result_at_once={counts.one_result_at_once}")

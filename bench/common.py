"""Shared helpers of the benchmarks: statistics, the machine; Streamlit servers (from ``tests.support.server``)."""

from __future__ import annotations

import math
import os
import platform
import statistics
from collections.abc import Sequence
from pathlib import Path

from tests.support.server import Server, free_port, healthy, stop_process

__all__ = ["Server", "free_port", "healthy", "stop_process"]

REPO = Path(__file__).resolve().parent.parent


def median_ms(values: Sequence[float]) -> float:
    return statistics.median(values) * 1e3 if values else math.nan


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (``pct`` in 0–100)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def machine() -> dict[str, str]:
    mem_kib = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    except OSError:
        pass
    try:
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": str(os.cpu_count()),
        "usable cores": str(len(os.sched_getaffinity(0))),
        "cpu": model or platform.machine(),
        "memory": f"{mem_kib / 1024 / 1024:.1f} GiB",
        "load average at start (1, 5, 15 min)": load,
        "python": platform.python_version(),
    }


def rss_kib(pid: int) -> int:
    """Resident memory of a process in KiB (VmRSS from /proc/<pid>/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far, in seconds (from /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


HELLO = REPO / "bench" / "hello_app.py"

"""Reading PDFs back with poppler's command-line tools (Debian's ``poppler-utils``).

``scripts/run_tests.sh`` installs them; a test that needs one it cannot find is skipped with
the reason, as the browser tests are without Chromium.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF

from reports import radar

Drawn = list[tuple[str, tuple[Any, ...]]]


def tool(name: str) -> str:
    """The path of a command-line tool, or a skipped test saying it is missing."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (the README's test command installs it)")
    return path


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, as ``pdftotext`` reads it (it ends every page with a form feed)."""
    return run(tool("pdftotext"), str(pdf), "-").split("\f")[:-1]


def first_page_png(pdf: Path, out: Path, resolution: int = 100) -> Path:
    """Page one of ``pdf`` rendered to ``out`` (a .png path) by ``pdftoppm``."""
    pages = ("-f", "1", "-l", "1", "-singlefile")
    run(tool("pdftoppm"), "-r", str(resolution), *pages, "-png", str(pdf), str(out.with_suffix("")))
    return out


def record_radar_drawing(monkeypatch: pytest.MonkeyPatch, names: tuple[str, ...]) -> tuple[list[radar.Radar], Drawn]:
    """While the test runs: every radar geometry ``reports.radar.radar`` returns, and every call of
    the named ``FPDF`` drawing methods with its arguments, in order (the drawing still happens)."""
    charts: list[radar.Radar] = []
    drawn: Drawn = []
    geometry = radar.radar

    def spy(*args: Any, **kwargs: Any) -> radar.Radar:
        charts.append(geometry(*args, **kwargs))
        return charts[-1]

    def recording(name: str) -> Callable[..., Any]:
        draw = getattr(FPDF, name)

        def record(self: FPDF, *args: Any, **kwargs: Any) -> Any:
            drawn.append((name, (*args, *kwargs.values())))
            return draw(self, *args, **kwargs)

        return record

    monkeypatch.setattr(radar, "radar", spy)
    for name in names:
        monkeypatch.setattr(FPDF, name, recording(name))
    return charts, drawn

"""Static checks run as part of the suite: mypy --strict on the core, the rooms and the app, ruff on everything."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_strict_on_the_core_the_rooms_and_the_app() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "assessment", "ui", "rooms", "app.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_ruff_is_clean() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_core_never_imports_streamlit_or_does_io_outside_the_loader() -> None:
    io_calls = {"open", "read_text", "write_text", "read_bytes", "write_bytes", "glob", "urlopen"}
    io_calls |= {"exists", "is_file"}
    for path in (ROOT / "assessment").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        }
        imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not imported & {"streamlit", "altair", "pandas", "requests"}, path.name
        if path.name in {"loader.py", "cli.py", "fonts.py"}:  # fonts.py: which font files the PDF uses
            continue
        called = {
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
        }
        assert not called & io_calls, f"{path.name} does I/O: {called & io_calls}"


def _project_sources() -> list[Path]:
    skipped = {".venv", "node_modules", ".git"}
    return [p for p in ROOT.rglob("*.py") if not skipped & set(p.relative_to(ROOT).parts)]


def test_no_module_imports_another_modules_private_name() -> None:
    """``from x import _name`` across the project's modules couples one to another's internals."""
    found = []
    for path in _project_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                private = [alias.name for alias in node.names if alias.name.startswith("_")]
                ours = (node.module or "").split(".")[0] in {"assessment", "ui", "tests", "bench", "rooms"}
                if private and (ours or node.level > 0):
                    found.append(
                        f"{path.relative_to(ROOT)}:{node.lineno}: from {node.module} import {', '.join(private)}"
                    )
    assert not found, "\n".join(found)


def test_rooms_never_import_streamlit_or_the_app() -> None:
    """``rooms/`` is used by the app and by a command line: no Streamlit, no ``ui``."""
    for path in (ROOT / "rooms").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        }
        imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not imported & {"streamlit", "ui", "altair", "pandas"}, path.name


def test_tests_import_nothing_from_the_benchmarks() -> None:
    """bench/ is the harness: what tests and benchmarks share lives in tests/support/."""
    found = []
    for path in (ROOT / "tests").rglob("*.py"):
        if "node_modules" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            found += [f"{path.relative_to(ROOT)}: {name}" for name in names if name.split(".")[0] == "bench"]
    assert not found, found


def test_hypothesis_runs_derandomized_without_a_database_exactly_when_ci_is_set() -> None:
    """The profiles in tests/conftest.py; the README's test command sets CI, so it always runs derandomized."""
    show = "import tests.conftest; from hypothesis import settings as s; d = s.default; "
    show += "print(d.derandomize, d.database is None, d.print_blob, d.deadline)"
    for ci, expected in (("1", "True True True None"), ("", "False False False None")):
        out = subprocess.run(
            [sys.executable, "-c", show], cwd=ROOT, env={**os.environ, "CI": ci}, capture_output=True, text=True
        )
        assert out.stdout.split() == expected.split(), (ci, out.stdout, out.stderr)
    script = (ROOT / "scripts" / "run_tests.sh").read_text(encoding="utf-8")
    assert re.search(r'^export CI="\$\{CI:-1\}"$', script, re.M)

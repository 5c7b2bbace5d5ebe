"""Static checks run as part of the suite: mypy --strict on the core, ruff on everything."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_strict_on_the_core() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "assessment"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_ruff_is_clean() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_core_never_imports_streamlit_or_does_io_outside_the_loader() -> None:
    io_calls = {"open", "read_text", "write_text", "read_bytes", "glob", "urlopen"}
    for path in (ROOT / "assessment").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        }
        imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not imported & {"streamlit", "altair", "pandas", "requests"}, path.name
        if path.name in {"loader.py", "cli.py"}:
            continue
        called = {
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
        }
        assert not called & io_calls, f"{path.name} does I/O: {called & io_calls}"

"""Static checks run as part of the suite: mypy --strict and ruff on everything they cover, and the
layering: the rules (``assessment/``) below the outputs (``reports/``) below the app, the rooms and
the command lines."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {"assessment", "reports", "cli", "ui", "rooms", "app", "tests", "bench"}


def test_mypy_strict_on_every_package_pyproject_names() -> None:
    out = subprocess.run(  # the files and --strict: [tool.mypy] in pyproject.toml
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_ruff_is_clean() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stdout + out.stderr


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports (TYPE_CHECKING imports too), relative imports made absolute:
    ``from .rounding import x`` in ``assessment/scoring.py`` is ``assessment.rounding``."""
    package = path.relative_to(ROOT).parent.parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            if node.module is None:  # from . import name: a module of the package, or a name in it
                found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def _tops(modules: set[str]) -> set[str]:
    return {module.split(".")[0] for module in modules}


LAYERS = [
    # (the modules, what none of them may import)
    ("assessment", {"reports", "ui", "rooms", "cli", "streamlit", "altair", "pandas", "fpdf", "segno", "requests"}),
    ("reports", {"ui", "rooms", "cli", "streamlit", "altair", "pandas"}),
    ("rooms", {"ui", "cli", "streamlit", "altair", "pandas"}),
]


@pytest.mark.parametrize(("package", "forbidden"), LAYERS, ids=[package for package, _ in LAYERS])
def test_each_layer_imports_only_what_is_below_it(package: str, forbidden: set[str]) -> None:
    """The rules import no output, no app and no command line; the outputs no app; the rooms no app.
    (``assessment/__main__.py`` is the command line's entry point, a shim to ``cli.assessment``.)"""
    found = []
    for path in sorted((ROOT / package).glob("*.py")):
        if path.relative_to(ROOT).as_posix() == "assessment/__main__.py":
            continue
        found += [f"{path.relative_to(ROOT)}: {top}" for top in sorted(_tops(imported_modules(path)) & forbidden)]
    assert not found, "\n".join(found)


def test_rounding_is_a_leaf_that_imports_nothing_of_ours() -> None:
    """Both the rules and the outputs use ``assessment/rounding.py``: it must need neither."""
    assert not _tops(imported_modules(ROOT / "assessment" / "rounding.py")) & OURS


def test_the_layering_check_sees_relative_imports() -> None:
    """The checks above would pass on anything if relative imports were missed."""
    scoring = imported_modules(ROOT / "assessment" / "scoring.py")
    assert {"assessment.rounding", "assessment.model"} <= scoring
    assert {"reports", "reports.document"} <= imported_modules(ROOT / "reports" / "as_json.py")
    assert "assessment.loader" in imported_modules(ROOT / "cli" / "assessment.py")


def test_core_does_no_io_outside_the_loader() -> None:
    io_calls = {"open", "read_text", "write_text", "read_bytes", "write_bytes", "glob", "urlopen"}
    io_calls |= {"exists", "is_file"}
    for path in (ROOT / "assessment").glob("*.py"):
        if path.name == "loader.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
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
                ours = (node.module or "").split(".")[0] in OURS
                if private and (ours or node.level > 0):
                    found.append(
                        f"{path.relative_to(ROOT)}:{node.lineno}: from {node.module} import {', '.join(private)}"
                    )
    assert not found, "\n".join(found)


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

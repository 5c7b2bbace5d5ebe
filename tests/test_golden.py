"""Golden files: the exact CLI output and exports of six fixed profiles (``tests/golden/``).

A change that alters what a user sees fails here with the file and its first differing line.
When the change is meant, regenerate with ``.venv/bin/python -m tests.golden.generate`` and
review the diff in the commit.
"""

from __future__ import annotations

import difflib

import pytest

from tests.golden.generate import GOLDEN_DIR, render

RENDERED = render()


def test_every_golden_file_is_rendered() -> None:
    on_disk = {path.name for path in GOLDEN_DIR.iterdir() if path.suffix not in {".py", ""} and path.is_file()}
    assert on_disk == set(RENDERED)


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_golden_file_unchanged(name: str) -> None:
    expected = (GOLDEN_DIR / name).read_bytes().decode("utf-8")
    actual = RENDERED[name]
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), f"golden/{name}", "rendered now", lineterm="", n=1
        )
        pytest.fail("\n".join(list(diff)[:40]))

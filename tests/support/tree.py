"""What a test run changed in the checkout: tracked files written, moved or deleted, and new files git would see.

``tests/conftest.py`` takes a :func:`snapshot` when the session starts and compares it with another
when it ends; a test writes into a temporary folder (``tmp_path``) or into the git-ignored
``test-artifacts/``, never into the tree. Tracked files are compared by size and modification
time, so a file rewritten with the same bytes counts as written too.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Snapshot:
    tracked: dict[str, tuple[int, int] | None]  # path -> (size, mtime in ns), None when missing
    untracked: frozenset[str]  # files git does not ignore and does not track


def _git(*args: str) -> list[str] | None:
    try:
        out = subprocess.run(["git", *args], cwd=REPO, capture_output=True, check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return [name for name in out.decode("utf-8", "surrogateescape").split("\0") if name]


def _stat(path: str) -> tuple[int, int] | None:
    try:
        info = (REPO / path).stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def snapshot() -> Snapshot | None:
    """The checkout's files now, or None outside a git checkout (an unpacked archive, say)."""
    tracked = _git("ls-files", "-z")
    untracked = _git("ls-files", "-z", "--others", "--exclude-standard")
    if tracked is None or untracked is None:
        return None
    return Snapshot({path: _stat(path) for path in tracked}, frozenset(untracked))


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    """Each change from ``before`` to ``after``, as ``"written: path"``, ``"deleted: path"`` or ``"new: path"``."""
    found = []
    for path, was in before.tracked.items():
        now = after.tracked.get(path, _stat(path))
        if now != was:
            found.append(f"{'deleted' if now is None else 'written'}: {path}")
    found += [f"new: {path}" for path in sorted(after.untracked - before.untracked)]
    return found

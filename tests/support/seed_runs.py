"""The seed posts' 8-word runs, hashed, so every clone can check that no content copies a sentence.

The five posts are third-party texts kept outside the repository (``../shared/seeds/``); the
repository keeps only each run's hash (``tests/fixtures/seed-runs.txt``) and each post's SHA-256.
Words are compared lower-cased without surrounding punctuation, so a run copied with other
capitals or quotes still matches.

Regenerate the record (only needed if a post changes)::

    .venv/bin/python -m tests.support.seed_runs [path/to/shared/seeds]
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

RUN_WORDS = 8
DIGITS = 12  # hex digits kept of each run's SHA-256: 48 bits, no accidental match among a few thousand
RECORD = Path(__file__).resolve().parents[1] / "fixtures" / "seed-runs.txt"
SHARED_SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"  # beside the checkout, where present


def words_of(text: str) -> list[str]:
    return [w.strip(".,:;!?\"'()–-—“”‘’").lower() for w in text.split()]


def runs_of(text: str) -> Iterator[str]:
    """The hash of every run of ``RUN_WORDS`` consecutive words of ``text``."""
    words = words_of(text)
    for start in range(len(words) - RUN_WORDS + 1):
        yield hashlib.sha256(" ".join(words[start : start + RUN_WORDS]).encode("utf-8")).hexdigest()[:DIGITS]


@dataclass(frozen=True)
class Record:
    seeds: dict[str, str]  # file name -> SHA-256 of the post
    runs: frozenset[str]


def record_of(seeds_dir: Path) -> Record:
    """What the repository keeps of the posts in ``seeds_dir``."""
    seeds, runs = {}, set()
    for path in sorted(seeds_dir.glob("*.txt")):
        seeds[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        runs |= set(runs_of(path.read_text(encoding="utf-8")))
    return Record(seeds, frozenset(runs))


def read(path: Path = RECORD) -> Record:
    seeds, runs = {}, set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("seed "):
            _, name, digest = line.split()
            seeds[name] = digest
        elif line and not line.startswith("#"):
            runs.add(line)
    return Record(seeds, frozenset(runs))


def write(record: Record, path: Path = RECORD) -> None:
    lines = [
        f"# Each {RUN_WORDS}-word run of the seed posts as the first {DIGITS} hex digits of its SHA-256, not the text.",
        "# Written by: .venv/bin/python -m tests.support.seed_runs [path/to/shared/seeds]",
        *(f"seed {name} {digest}" for name, digest in sorted(record.seeds.items())),
        *sorted(record.runs),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    seeds_dir = Path(argv[0]) if argv else SHARED_SEEDS
    if not seeds_dir.is_dir():
        print(f"error: no seed posts in {seeds_dir}", file=sys.stderr)
        return 2
    record = record_of(seeds_dir)
    write(record)
    print(f"wrote {RECORD}: {len(record.seeds)} posts, {len(record.runs)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Benchmark the core: decode + score random complete results links, and content loading.

Run: .venv/bin/python -m bench.core [--links 10000] [--repeats 5]

Timings on shared machines are noisy, so each figure is printed beside a baseline measured
in the same run (the standard library's own parse of the same query strings) as a ratio.
The measures take turns within each repeat (ours, the baseline, ...), so that a burst of
other load hits them alike, and each keeps its fastest repeat.

"decode + score" yields a usable :class:`~assessment.scoring.Result` (level, overall score,
every dimension's score, level and gap, the target) and the decoded link (name, date,
target). Some parts of both are computed on first read: the link's answers dict, and the
result's roadmap, explanation, held-back and weakest dimensions, question lists and
answers tuple. A separate row times decode + score with every one of them read as well,
so that laziness cannot hide their cost.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

from assessment.link import DecodedLink, LinkData, decode, encode, score_data
from assessment.loader import load_model
from assessment.model import Model
from assessment.scoring import Result, score

RESULTS = Path(__file__).resolve().parent / "core.md"
# core.md is the latest table followed by hand-written notes; a run rewrites only the table.
NOTES_MARKER = "<!-- Notes below are kept when bench/core.py rewrites the table above. -->"


def random_links(model: Model, count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    levels = [None, *[lv.id for lv in model.levels]]
    links = []
    for _ in range(count):
        answers = {q.id: rng.choice(model.scale_of(q).options).id for q in model.questions}
        name = rng.choice(["", "Acme", "Café Ünïcode 🚀", "x" * 60])
        links.append(encode(model, LinkData(answers, name, rng.choice(levels), date(2026, 1, 1))))
    return links


def best_of(repeats: int, run: Callable[[], object]) -> float:
    """Seconds of the fastest of ``repeats`` runs (the least disturbed by other load)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def best_of_each(repeats: int, runs: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Seconds of the fastest of ``repeats`` runs of each, the runs taking turns."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def materialise(result: Result, link: DecodedLink | None = None) -> object:
    """Read every part of a result (and of its link) that may be computed on first read."""
    return (
        link.data.answers if link is not None else None,
        result.answers,
        result.held_back_by,
        result.weakest,
        result.next_steps,
        result.unknown_questions,
        result.missing_questions,
        result.explanation,
    )


def measure(link_count: int = 10_000, repeats: int = 5) -> dict[str, float]:
    """Decode + score of ``link_count`` random links and content loading, beside parse_qs of the same links."""
    load_times = [best_of(1, load_model) for _ in range(repeats * 2)]
    model = load_model()
    links = random_links(model, link_count)

    def ours() -> None:
        for link in links:
            score_data(model, decode(model, link).data)

    def ours_mapping() -> None:
        for link in links:
            decoded = decode(model, link)
            score(model, decoded.data.answers, decoded.data.target)

    def ours_materialised() -> None:
        for link in links:
            decoded = decode(model, link)
            materialise(score_data(model, decoded.data), decoded)

    def decode_only() -> None:
        for link in links:
            decode(model, link)

    def baseline() -> None:
        for link in links:
            parse_qs(link[1:])

    load_before = os.getloadavg()[0]
    best = best_of_each(
        repeats,
        {
            "ours": ours,
            "baseline": baseline,
            "mapping": ours_mapping,
            "materialised": ours_materialised,
            "decode": decode_only,
        },
    )
    per_link = {name: seconds / len(links) * 1e6 for name, seconds in best.items()}
    return {
        "links": len(links),
        "repeats": repeats,
        "per_link_us": per_link["ours"],
        "mapping_us": per_link["mapping"],
        "materialised_us": per_link["materialised"],
        "decode_only_us": per_link["decode"],
        "baseline_us": per_link["baseline"],
        "load_min_ms": min(load_times) * 1e3,
        "load_median_ms": statistics.median(load_times) * 1e3,
        "load_average": max(load_before, os.getloadavg()[0]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--links", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    m = measure(args.links, args.repeats)
    per_link, per_base = m["per_link_us"], m["baseline_us"]

    def row(label: str, value: float) -> str:
        return f"| {label} | {value:.1f} µs | | {value / per_base:.1f}× |"

    lines = [
        f"# Core benchmark ({date.today().isoformat()})",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs (load average {m['load_average']:.1f}), "
        f"Python {platform.python_version()}, {int(m['links']):,} random complete links, "
        f"best of {args.repeats} runs each, taking turns.",
        "",
        "| measure | value | baseline (same run) | ratio |",
        "| --- | --- | --- | --- |",
        f"| decode + score one link (`score_data(model, decode(model, link).data)`) | {per_link:.1f} µs "
        f"| {per_base:.1f} µs (urllib parse_qs of the same link) | {per_link / per_base:.1f}× |",
        row("decode + `score(model, data.answers, data.target)` (builds the answers dict)", m["mapping_us"]),
        row("decode + score + answers, roadmap, explanation and lists read", m["materialised_us"]),
        row("decode only", m["decode_only_us"]),
        f"| load + validate content | {m['load_min_ms']:.1f} ms (median {m['load_median_ms']:.1f} ms) | | |",
        "",
        f"Target: under 20 µs per link: {'met' if per_link < 20 else 'MISSED'}.",
    ]
    report = "\n".join(lines)
    print(report)
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    notes = previous[previous.index(NOTES_MARKER) :] if NOTES_MARKER in previous else NOTES_MARKER + "\n"
    RESULTS.write_text(report + "\n\n" + notes, encoding="utf-8")


if __name__ == "__main__":
    main()

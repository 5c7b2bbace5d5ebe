"""Benchmark the core: decode + score random complete results links, and content loading.

Run: .venv/bin/python -m bench.core [--links 10000]

Timings on shared machines are noisy, so each figure is printed beside a baseline measured
in the same run (the standard library's own parse of the same query strings) as a ratio.

"decode + score" yields a usable :class:`~assessment.scoring.Result` (level, overall score,
every dimension's score, level and gap, the target). The roadmap, the explanation, the
held-back and weakest dimensions, the question lists and the answers tuple may be computed
on first access, so a second row times decode + score with every one of them read as
well: laziness cannot hide their cost.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

from assessment.link import LinkData, decode, encode
from assessment.loader import load_model
from assessment.model import Model
from assessment.scoring import Result, score

RESULTS = Path(__file__).resolve().parent / "core.md"


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


def materialise(result: Result) -> object:
    """Read every part of a result that may be computed lazily (what the results page shows)."""
    return (
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
            decoded = decode(model, link)
            score(model, decoded.data.answers, decoded.data.target)

    def ours_materialised() -> None:
        for link in links:
            decoded = decode(model, link)
            materialise(score(model, decoded.data.answers, decoded.data.target))

    def decode_only() -> None:
        for link in links:
            decode(model, link)

    def baseline() -> None:
        for link in links:
            parse_qs(link[1:])

    ours_s = best_of(repeats, ours)
    materialised_s = best_of(repeats, ours_materialised)
    decode_s = best_of(repeats, decode_only)
    base_s = best_of(repeats, baseline)
    return {
        "links": len(links),
        "repeats": repeats,
        "per_link_us": ours_s / len(links) * 1e6,
        "materialised_us": materialised_s / len(links) * 1e6,
        "decode_only_us": decode_s / len(links) * 1e6,
        "baseline_us": base_s / len(links) * 1e6,
        "load_min_ms": min(load_times) * 1e3,
        "load_median_ms": statistics.median(load_times) * 1e3,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--links", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    m = measure(args.links, args.repeats)
    per_link, per_base = m["per_link_us"], m["baseline_us"]
    lines = [
        f"# Core benchmark ({date.today().isoformat()})",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{int(m['links']):,} random complete links, "
        f"best of {args.repeats} runs.",
        "",
        "| measure | value | baseline (same run) | ratio |",
        "| --- | --- | --- | --- |",
        f"| decode + score one link | {per_link:.1f} µs | {per_base:.1f} µs (urllib parse_qs of the same link) "
        f"| {per_link / per_base:.1f}× |",
        f"| decode + score + roadmap, explanation and lists read | {m['materialised_us']:.1f} µs | "
        f"| {m['materialised_us'] / per_base:.1f}× |",
        f"| decode only | {m['decode_only_us']:.1f} µs | | {m['decode_only_us'] / per_base:.1f}× |",
        f"| load + validate content | {m['load_min_ms']:.1f} ms (median {m['load_median_ms']:.1f} ms) | | |",
        "",
        f"Target: under 20 µs per link: {'met' if per_link < 20 else 'MISSED'}.",
    ]
    report = "\n".join(lines)
    print(report)
    RESULTS.write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""Benchmark the core: what the results page computes for one results link, and content loading.

Run: .venv/bin/python -m bench.core [--links 2000] [--repeats 5]

Timings on shared machines are noisy, so each figure is printed beside a baseline measured
in the same run (the standard library's own parse of the same query strings) as a ratio.
The measures take turns within each repeat (ours, the baseline, ...), so that a burst of
other load hits them alike, and each keeps its fastest repeat.

Budget: decode + score + every field the results page reads, at most 1 ms per link.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import date
from urllib.parse import parse_qs

from assessment.link import LinkData, decode, encode
from assessment.loader import load_model
from assessment.model import Model
from assessment.rounding import shown_gap_text, shown_score, whole_points
from assessment.scoring import Result, score
from reports.wording import roadmap_groups, step_detail

BUDGET_US = 1000.0


def random_links(model: Model, count: int, seed: int = 7) -> list[str]:
    """Complete results links with random answers, names and targets."""
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


def page_fields(result: Result) -> object:
    """What the results page shows of a result: level, explanation, the table's whole points,
    the roadmap in its groups and the question lists."""
    rows = [(shown_score(d.score), shown_gap_text(d.score, d.target_score)) for d in result.dimensions]
    return (
        result.level.name,
        result.explanation,
        whole_points(result.overall),
        rows,
        roadmap_groups(result.next_steps),
        [step_detail(step) for step in result.next_steps],
        result.unknown_questions,
        result.missing_questions,
    )


def measure(link_count: int = 2_000, repeats: int = 5) -> dict[str, float]:
    """Per-link timings over ``link_count`` random links and content loading, beside parse_qs."""
    load_times = [best_of(1, load_model) for _ in range(repeats * 2)]
    model = load_model()
    links = random_links(model, link_count)

    def page() -> None:
        for link in links:
            data = decode(model, link).data
            page_fields(score(model, data.answers, data.target))

    def decode_only() -> None:
        for link in links:
            decode(model, link)

    def baseline() -> None:
        for link in links:
            parse_qs(link[1:])

    load_before = os.getloadavg()[0]
    best = best_of_each(repeats, {"page": page, "baseline": baseline, "decode": decode_only})
    per_link = {name: seconds / len(links) * 1e6 for name, seconds in best.items()}
    return {
        "links": len(links),
        "repeats": repeats,
        "page_us": per_link["page"],
        "decode_us": per_link["decode"],
        "baseline_us": per_link["baseline"],
        "load_min_ms": min(load_times) * 1e3,
        "load_median_ms": statistics.median(load_times) * 1e3,
        "load_average": max(load_before, os.getloadavg()[0]),
    }


def rows(m: dict[str, float]) -> list[str]:
    """The measures as markdown table rows (``bench.run_all`` and this script print them)."""
    base = m["baseline_us"]
    return [
        "| measure | per link | baseline (same run) | ratio |",
        "| --- | --- | --- | --- |",
        f"| decode + score + every field the results page reads ({int(m['links']):,} random links, "
        f"best of {int(m['repeats'])}) | {m['page_us']:.0f} µs | {base:.1f} µs (`urllib.parse.parse_qs` of the "
        f"same link) | {m['page_us'] / base:.0f}× |",
        f"| decode only | {m['decode_us']:.0f} µs | | {m['decode_us'] / base:.0f}× |",
        f"| load + validate content | {m['load_min_ms']:.0f} ms (median {m['load_median_ms']:.0f} ms) | | |",
        "",
        f"Budget: at most {BUDGET_US:.0f} µs per link for decode + score + page fields: "
        f"{'met' if m['page_us'] <= BUDGET_US else 'MISSED'}.",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--links", type=int, default=2_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print("\n".join(rows(measure(args.links, args.repeats))))


if __name__ == "__main__":
    main()

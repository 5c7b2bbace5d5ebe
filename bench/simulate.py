"""Simulated respondents: choose the quick check's questions by measurement, and check them.

Run: .venv/bin/python -m bench.simulate [--respondents 10000] [--choose] [--seed 1]

**The generator.** Each simulated respondent is a business with

* a latent maturity ``m`` (0 to 1), drawn from one of two populations so the choice is not tuned
  to one: ``uniform`` (every maturity equally likely) and ``skewed`` (Beta(2, 3): most businesses
  in the lower half, as real ones are);
* a per-dimension offset ``o_d ~ N(0, 0.15)``: businesses are better at some things than others;
* per-answer noise ``e ~ N(0, sd)`` with ``sd`` 0.1, 0.2 or 0.3 of the scale: people answer
  noisily, and the three levels are reported apart;
* each answer is the valued option nearest to ``m + o_d + e`` on the scale (five options at
  0, 0.25, 0.5, 0.75 and 1 of the way up), except that 5 % of answers are "Not sure";
* "does not apply": 20 % of businesses use a single network and answer it to every question
  about networks that offers it; each other question that offers it is answered so by 15 %.

**The choice** (``--choose``): greedy forward selection of questions, then swaps, maximising how
often the quick level equals the full level, averaged over both populations and all three noise
levels, for each candidate quick-scoring rule; a fast NumPy scorer mirrors the core's rules for
the search (checked against the core on a sample). **The check** (default) scores every
respondent with the core itself (``assessment.scoring.score``) in both variants and reports the
agreement: the figures in ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assessment.loader import load_model
from assessment.model import NOT_APPLICABLE, Model
from assessment.scoring import score

NOISE_LEVELS = (0.1, 0.2, 0.3)
POPULATIONS = ("uniform", "skewed")
DIMENSION_SD = 0.15
UNSURE_SHARE = 0.05
SINGLE_NETWORK_SHARE = 0.2
OTHER_NOT_APPLICABLE_SHARE = 0.15
NETWORK_DIMENSION = "tailoring"
PERSONAS = Path(__file__).resolve().parent.parent / "tests" / "personas"


@dataclass(frozen=True)
class Respondents:
    """Simulated answers: option indices (-1 "Not sure", -2 "does not apply"), one row per respondent."""

    population: str
    noise: float
    choices: np.ndarray  # (n, questions) int


def simulate(model: Model, count: int, population: str, noise: float, rng: np.random.Generator) -> Respondents:
    """``count`` respondents of one population and noise level (see the module's generator)."""
    questions = model.questions
    dimension_of = np.array([[d.id for d in model.dimensions].index(q.dimension) for q in questions])
    latent = rng.uniform(0, 1, count) if population == "uniform" else rng.beta(2, 3, count)
    offsets = rng.normal(0, DIMENSION_SD, (count, len(model.dimensions)))
    position = latent[:, None] + offsets[:, dimension_of] + rng.normal(0, noise, (count, len(questions)))
    choices = np.rint(np.clip(position, 0, 1) * 4).astype(int)
    choices[rng.random((count, len(questions))) < UNSURE_SHARE] = -1
    single = rng.random(count) < SINGLE_NETWORK_SHARE
    for j, question in enumerate(questions):
        if not question.not_applicable:
            continue
        if question.dimension == NETWORK_DIMENSION:
            choices[single, j] = -2
        else:
            choices[rng.random(count) < OTHER_NOT_APPLICABLE_SHARE, j] = -2
    return Respondents(population, noise, choices)


def answers_of(model: Model, row: np.ndarray, subset: Sequence[int] | None = None) -> dict[str, str]:
    """One respondent's answers as the core takes them (only the ``subset`` of questions, if given)."""
    answers = {}
    for j in subset if subset is not None else range(len(model.questions)):
        question = model.questions[j]
        choice = int(row[j])
        if choice == -2:
            answers[question.id] = NOT_APPLICABLE
        elif choice == -1:
            answers[question.id] = model.scale_of(question).options[-1].id
        else:
            answers[question.id] = model.scale_of(question).valued_options[choice].id
    return answers


# --- A fast scorer for the search (mirrors assessment.scoring; checked against it) ------------


class FastScorer:
    """The core's level rules over NumPy arrays, for many respondents and subsets at once."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.values = np.array([[o.value or 0.0 for o in model.scale_of(q).valued_options] for q in model.questions])
        self.weights = np.array([q.weight for q in model.questions])
        self.dimension_of = np.array([[d.id for d in model.dimensions].index(q.dimension) for q in model.questions])
        self.dimension_weights = np.array([d.weight for d in model.dimensions])
        self.bounds = np.array([level.max_score for level in model.levels[:-1]])

    def dimension_scores(self, choices: np.ndarray, subset: Sequence[int]) -> np.ndarray:
        """(n, dimensions) scores over the ``subset`` of questions; NaN where no question applies."""
        n = choices.shape[0]
        earned = np.zeros((n, len(self.dimension_weights)))
        total = np.zeros((n, len(self.dimension_weights)))
        for j in subset:
            c = choices[:, j]
            applicable = c != -2
            value = np.where(c >= 0, self.values[j][np.clip(c, 0, 4)], 0.0)
            d = self.dimension_of[j]
            earned[:, d] += np.where(applicable, self.weights[j] * value, 0.0)
            total[:, d] += np.where(applicable, self.weights[j], 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, 100.0 * earned / total, np.nan)

    def levels(self, scores: np.ndarray, cap_above_lowest: int | None) -> np.ndarray:
        """Levels from dimension scores: the band of the weighted overall score, capped at
        ``cap_above_lowest`` levels above the lowest dimension's (None: no cap)."""
        scored = ~np.isnan(scores)
        weights = np.where(scored, self.dimension_weights, 0.0)
        overall = np.where(scored, scores, 0.0) @ self.dimension_weights / np.maximum(weights.sum(axis=1), 1e-12)
        band = np.searchsorted(self.bounds, overall, side="right")
        if cap_above_lowest is None:
            return band
        dimension_bands = np.searchsorted(self.bounds, np.where(scored, scores, 1000.0), side="right")
        lowest = dimension_bands.min(axis=1)
        return np.minimum(band, lowest + cap_above_lowest)


RULES: dict[str, int | None] = {"gating as in full": 1, "gating two levels": 2, "no gating": None}


def agreement(
    scorer: FastScorer, groups: Sequence[Respondents], full: Sequence[np.ndarray], subset: Sequence[int], rule: str
) -> float:
    """Mean share of respondents whose quick level equals their full level, over the groups."""
    shares = []
    for group, full_levels in zip(groups, full, strict=True):
        quick = scorer.levels(scorer.dimension_scores(group.choices, subset), RULES[rule])
        shares.append(float(np.mean(quick == full_levels)))
    return float(np.mean(shares))


def choose(
    model: Model, groups: Sequence[Respondents], sizes: Sequence[int]
) -> list[tuple[float, str, tuple[int, ...]]]:
    """For each rule and size: the subset found by greedy forward selection and then swaps."""
    scorer = FastScorer(model)
    all_questions = range(len(model.questions))
    full = [scorer.levels(scorer.dimension_scores(g.choices, list(all_questions)), 1) for g in groups]
    found = []
    for rule in RULES:
        subset: list[int] = []
        for size in range(1, max(sizes) + 1):
            best = max(
                (j for j in all_questions if j not in subset),
                key=lambda j: agreement(scorer, groups, full, [*subset, j], rule),
            )
            subset.append(best)
            if size in sizes:
                improved = True
                while improved:  # swap one in, one out, while it helps
                    improved = False
                    current = agreement(scorer, groups, full, subset, rule)
                    for out, into in itertools.product(list(subset), [j for j in all_questions if j not in subset]):
                        trial = [into if j == out else j for j in subset]
                        if agreement(scorer, groups, full, trial, rule) > current + 1e-9:
                            subset, improved = trial, True
                            break
                found.append((agreement(scorer, groups, full, subset, rule), rule, tuple(sorted(subset))))
    return sorted(found, reverse=True)


# --- The check, with the core ---------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    population: str
    noise: float
    respondents: int
    equal: float
    within_one: float


def check(model: Model, groups: Sequence[Respondents], variant_score: Callable[[np.ndarray], int]) -> list[Check]:
    """Agreement of the quick level with the full level, both scored by the core."""
    rows = []
    for group in groups:
        differences = []
        for row in group.choices:
            full_level = score(model, answers_of(model, row)).level.rank
            differences.append(abs(variant_score(row) - full_level))
        diff = np.array(differences)
        rows.append(
            Check(group.population, group.noise, len(diff), float(np.mean(diff == 0)), float(np.mean(diff <= 1)))
        )
    return rows


def groups_of(model: Model, per_group: int, seed: int) -> list[Respondents]:
    """Respondents of every population and noise level, ``per_group`` each."""
    rng = np.random.default_rng(seed)
    return [simulate(model, per_group, p, s, rng) for p in POPULATIONS for s in NOISE_LEVELS]


def retest(model: Model, per_group: int, seed: int) -> dict[tuple[str, float], float]:
    """The full assessment against itself: the same businesses answering twice with fresh noise.
    How often the two full levels agree is the ceiling for any shorter questionnaire."""
    scorer = FastScorer(model)
    every = list(range(len(model.questions)))
    shares = {}
    for population in POPULATIONS:
        for noise in NOISE_LEVELS:
            rng = np.random.default_rng(seed)
            twice = [simulate_same(model, per_group, population, noise, rng, seed) for _ in range(2)]
            levels = [scorer.levels(scorer.dimension_scores(r.choices, every), 1) for r in twice]
            shares[population, noise] = float(np.mean(levels[0] == levels[1]))
    return shares


def simulate_same(
    model: Model, count: int, population: str, noise: float, rng: np.random.Generator, seed: int
) -> Respondents:
    """Like :func:`simulate`, with the businesses (maturity and offsets) fixed by ``seed`` and
    only the answers' noise, "Not sure" and "does not apply" drawn from ``rng``."""
    fixed = np.random.default_rng(seed + 1)
    latent = fixed.uniform(0, 1, count) if population == "uniform" else fixed.beta(2, 3, count)
    offsets = fixed.normal(0, DIMENSION_SD, (count, len(model.dimensions)))
    single = fixed.random(count) < SINGLE_NETWORK_SHARE
    dimension_of = np.array([[d.id for d in model.dimensions].index(q.dimension) for q in model.questions])
    position = latent[:, None] + offsets[:, dimension_of] + rng.normal(0, noise, (count, len(model.questions)))
    choices = np.rint(np.clip(position, 0, 1) * 4).astype(int)
    choices[rng.random(choices.shape) < UNSURE_SHARE] = -1
    for j, question in enumerate(model.questions):
        if question.not_applicable:
            mask = (
                single if question.dimension == NETWORK_DIMENSION else fixed.random(count) < OTHER_NOT_APPLICABLE_SHARE
            )
            choices[mask, j] = -2
    return Respondents(population, noise, choices)


def check_quick(model: Model, per_group: int, seed: int) -> list[Check]:
    """The shipped quick check against the full assessment, both scored by the core."""
    subset = [j for j, q in enumerate(model.questions) if q.id in model.quick_questions]
    return check(
        model,
        groups_of(model, per_group, seed),
        lambda row: score(model, answers_of(model, row, subset), variant="quick").level.rank,
    )


def persona_agreement(model: Model, folder: Path) -> list[tuple[str, str, str]]:
    """(persona, full level, quick level) for every persona file of the tests."""
    rows = []
    for path in sorted(folder.glob("*.json")):
        answers = json.loads(path.read_text(encoding="utf-8"))["answers"]
        full, quick = score(model, answers), score(model, answers, variant="quick")
        rows.append((path.stem, full.level.name, quick.level.name))
    return rows


def rows(
    checks: Sequence[Check], ceiling: dict[tuple[str, float], float], personas: Sequence[tuple[str, str, str]]
) -> list[str]:
    """The agreement table for bench/RESULTS.md."""
    total = sum(c.respondents for c in checks)
    equal = sum(c.equal * c.respondents for c in checks) / total
    within = sum(c.within_one * c.respondents for c in checks) / total
    lines = [
        "| population | answer noise (sd of the scale) | respondents | quick level = full level | within one level "
        "| the full assessment against itself (same businesses, fresh noise) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for c in checks:
        lines.append(
            f"| {c.population} | {c.noise:g} | {c.respondents:,} | {c.equal:.1%} | {c.within_one:.1%} | "
            f"{ceiling[c.population, c.noise]:.1%} |"
        )
    lines.append(
        f"| **all** | | **{total:,}** | **{equal:.1%}** | **{within:.1%}** | {np.mean(list(ceiling.values())):.1%} |"
    )
    same = sum(1 for _, full, quick in personas if full == quick)
    lines += [
        "",
        f"Targets: equal ≥ 80 %: {'met' if equal >= 0.8 else 'MISSED'} ({equal:.1%}); "
        f"within one level ≥ 97 %: {'met' if within >= 0.97 else 'MISSED'} ({within:.1%}).",
        "",
        f"Personas of `tests/personas/` (full → quick): {same} of {len(personas)} the same level; "
        + "; ".join(f"{name}: {full} → {quick}" for name, full, quick in personas if full != quick),
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=12_000, help="in all (--choose: per group)")
    parser.add_argument("--choose", action="store_true", help="search for the best subset and rule")
    parser.add_argument("--sizes", type=int, nargs="+", default=[8, 9, 10, 11, 12])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    model = load_model()
    start = time.perf_counter()
    if args.choose:
        groups = groups_of(model, args.respondents, args.seed)
        for share, rule, subset in choose(model, groups, args.sizes)[:15]:
            ids = [model.questions[j].id for j in subset]
            print(f"{share:.4f}  {rule:<18}  {len(subset):>2}  {', '.join(ids)}")
    else:
        per_group = max(1, args.respondents // (len(POPULATIONS) * len(NOISE_LEVELS)))
        checks = check_quick(model, per_group, args.seed)
        print("\n".join(rows(checks, retest(model, per_group, args.seed), persona_agreement(model, PERSONAS))))
    print(f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()

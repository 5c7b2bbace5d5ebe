"""Simulated respondents: choose the quick check's questions and gating margin by measurement, and check them.

Run: .venv/bin/python -m bench.simulate [--respondents 12000] [--choose] [--seed 1]

**The generator** (:class:`Generator`; the defaults are the shipped figures). Each simulated
respondent is a business with

* a latent maturity ``m`` (0 to 1), drawn from one of two populations so the choice is not tuned
  to one: ``uniform`` (every maturity equally likely) and ``skewed`` (Beta(2, 3): most businesses
  in the lower half, as real ones are);
* a per-dimension offset ``o_d ~ N(0, 0.15)``: businesses are better at some things than others;
* per-answer noise ``e ~ N(0, sd)`` with ``sd`` 0.1, 0.2 or 0.3 of the scale: people answer
  noisily, and the three levels are reported apart;
* each answer is the valued option nearest to ``m + o_d + e`` on the scale (five options at
  0, 0.25, 0.5, 0.75 and 1 of the way up; four at thirds), except that 5 % of answers are "Not sure";
* facts: 20 % of businesses use a single network (so "Strategy per network" does not apply to
  them), the others two or three.

The check also reruns the agreement under other generators (offsets of sd 0.10, 0.20 and 0.25;
no "Not sure" and 10 % of it) so the choice is seen not to hang on one set of parameters.

**The quick rule** mirrored here (the core's :func:`assessment.scoring.estimated_dimension_score`,
:func:`assessment.scoring.weak_key_capped`, :func:`assessment.scoring.gating_level` and
:func:`assessment.scoring.capped_level`): every question the quick check does not ask counts at the
quick overall score, a weak key answer caps its dimension's estimate at ``weak_key_cap``, the full
rules apply to those estimates, the gating rule takes the margin of ``content/quick.toml`` off each
estimate, and the conditions whose question the quick check asks cap the level as in the full one.

**The choice** (``--choose``): greedy forward selection of questions, then swaps, each candidate
subset with the gating margin (0 to 25 points) and weak-key cap that make the quick level equal
the full level most often, averaged over both populations and all three noise levels. Every subset found, and
the one in ``content/quick.toml``, is then compared on ten fresh samples of the same size: one
swap at a time can stop short of a better list two swaps away, so the fresh comparison decides. A fast NumPy scorer
mirrors the core's rules for the search; :func:`check_fast_scorer` compares it with the core on
a sample first. **The check** (default) scores every respondent with the core itself
(``assessment.scoring.score``) in both variants and reports the agreement: the figures in
``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from assessment.loader import load_model
from assessment.model import NOT_APPLICABLE, Model, Question
from assessment.scoring import score

NOISE_LEVELS = (0.1, 0.2, 0.3)
POPULATIONS = ("uniform", "skewed")
MARGINS = tuple(range(0, 26))
CAPS = (100, 60, 50, 45, 40, 35, 30, 25)
PERSONAS = Path(__file__).resolve().parent.parent / "tests" / "personas"


@dataclass(frozen=True)
class Generator:
    """The simulated respondents' parameters (see the module's docstring)."""

    dimension_sd: float = 0.15
    unsure_share: float = 0.05
    single_network_share: float = 0.2

    def label(self) -> str:
        return (
            f'offsets sd {self.dimension_sd:g}, {self.unsure_share:.0%} "Not sure", '
            f"{self.single_network_share:.0%} on one network"
        )


SHIPPED = Generator()
OTHER_GENERATORS = (
    replace(SHIPPED, dimension_sd=0.10),
    replace(SHIPPED, dimension_sd=0.20),
    replace(SHIPPED, dimension_sd=0.25),
    replace(SHIPPED, unsure_share=0.0),
    replace(SHIPPED, unsure_share=0.10),
)


@dataclass(frozen=True)
class Respondents:
    """Simulated answers: option indices (-1 "Not sure"; a fact question's fact option), one row per respondent."""

    population: str
    noise: float
    choices: np.ndarray  # (n, questions) int


def simulate(
    model: Model,
    count: int,
    population: str,
    noise: float,
    rng: np.random.Generator,
    generator: Generator = SHIPPED,
    businesses: np.random.Generator | None = None,
) -> Respondents:
    """``count`` respondents of one population and noise level (see the module's generator).
    The businesses (maturity, offsets, one network or several) are drawn from ``businesses``
    when given, so two calls with equal ``businesses`` seeds describe the same businesses."""
    fixed = businesses if businesses is not None else rng
    questions = model.questions
    dimension_of = np.array([[d.id for d in model.dimensions].index(q.dimension) for q in questions])
    latent = fixed.uniform(0, 1, count) if population == "uniform" else fixed.beta(2, 3, count)
    offsets = fixed.normal(0, generator.dimension_sd, (count, len(model.dimensions)))
    single = fixed.random(count) < generator.single_network_share
    position = latent[:, None] + offsets[:, dimension_of] + rng.normal(0, noise, (count, len(questions)))
    steps = np.array([max(1, len(model.scale_of(q).valued_options) - 1) for q in questions])
    choices = np.rint(np.clip(position, 0, 1) * steps).astype(int)
    choices[rng.random((count, len(questions))) < generator.unsure_share] = -1
    for j, question in enumerate(questions):
        if question.fact:
            one, several = _fact_options(model, question)
            choices[:, j] = np.where(single, one, several)
    return Respondents(population, noise, choices)


def _fact_options(model: Model, question: Question) -> tuple[int, int]:
    """A fact question's option that makes a dimension not apply (one network), and another one."""
    options = [o.id for o in model.scale_of(question).options]
    one = next(
        (
            options.index(d.not_applicable_when[1])
            for d in model.dimensions
            if d.not_applicable_when and d.not_applicable_when[0] == question.id
        ),
        0,
    )
    return one, (one + 1) % len(options)


def quick_indices(model: Model) -> list[int]:
    """The positions of the quick check's questions among ``model.questions``."""
    return [j for j, q in enumerate(model.questions) if q.id in model.quick_questions]


def answers_of(model: Model, row: np.ndarray, subset: Sequence[int] | None = None) -> dict[str, str]:
    """One respondent's answers as the core takes them (only the ``subset`` of questions, if given)."""
    answers: dict[str, str] = {}
    for j in subset if subset is not None else range(len(model.questions)):
        question = model.questions[j]
        choice = int(row[j])
        if question.fact:
            answers[question.id] = model.scale_of(question).options[choice].id
        elif choice == -2:
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
        questions = model.questions
        width = max(len(model.scale_of(q).valued_options) for q in questions if not q.fact)
        self.values = np.array(
            [([o.value or 0.0 for o in model.scale_of(q).valued_options] + [0.0] * width)[:width] for q in questions]
        )
        self.weights = np.array([0.0 if q.fact else q.weight for q in questions])
        self.scored = np.array([not q.fact for q in questions])
        ids = [d.id for d in model.dimensions]
        self.dimension_of = np.array([ids.index(q.dimension) for q in questions])
        self.dimension_weights = np.array([d.weight for d in model.dimensions])
        self.bounds = np.array([level.max_score for level in model.levels[:-1]])
        self.top = len(model.levels) - 1
        # (dimension index, fact column, option index) for each dimension a fact can make not apply
        self.not_applicable = []
        for d, dimension in enumerate(model.dimensions):
            if dimension.not_applicable_when is not None:
                question_id, option_id = dimension.not_applicable_when
                j = next(i for i, q in enumerate(questions) if q.id == question_id)
                option = [o.id for o in model.scale_of(questions[j]).options].index(option_id)
                self.not_applicable.append((d, j, option))
        # (column, failing option indices, highest level rank) for each condition
        self.conditions = []
        for condition in model.conditions:
            j = next(i for i, q in enumerate(questions) if q.id == condition.question)
            valued = [o.id for o in model.scale_of(questions[j]).valued_options]
            highest = model.level(condition.highest)
            assert highest is not None
            self.conditions.append((j, [valued.index(f) for f in condition.fails], highest.rank))

    def _applies(self, choices: np.ndarray) -> np.ndarray:
        """(n, dimensions) whether each dimension applies (no fact says it does not)."""
        applies = np.ones((choices.shape[0], len(self.dimension_weights)), dtype=bool)
        for d, j, option in self.not_applicable:
            applies[:, d] &= choices[:, j] != option
        return applies

    def _sums(self, choices: np.ndarray, subset: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """(n, dimensions) earned and applicable weight over the ``subset`` of scored questions."""
        n = choices.shape[0]
        earned = np.zeros((n, len(self.dimension_weights)))
        total = np.zeros((n, len(self.dimension_weights)))
        applies = self._applies(choices)
        for j in subset:
            if not self.scored[j]:
                continue
            c = choices[:, j]
            d = self.dimension_of[j]
            applicable = (c != -2) & applies[:, d]
            value = np.where(c >= 0, self.values[j][np.clip(c, 0, self.values.shape[1] - 1)], 0.0)
            earned[:, d] += np.where(applicable, self.weights[j] * value, 0.0)
            total[:, d] += np.where(applicable, self.weights[j], 0.0)
        return earned, total

    def dimension_scores(self, choices: np.ndarray, subset: Sequence[int]) -> np.ndarray:
        """(n, dimensions) scores over the ``subset`` of questions; NaN where no question applies."""
        earned, total = self._sums(choices, subset)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, 100.0 * earned / total, np.nan)

    def overall(self, scores: np.ndarray) -> np.ndarray:
        """The weighted mean of the dimensions with a score (0 when none has one)."""
        scored = ~np.isnan(scores)
        weights = np.where(scored, self.dimension_weights, 0.0)
        weighted = np.where(scored, scores, 0.0) @ self.dimension_weights
        return np.where(weights.sum(axis=1) > 0, weighted / np.maximum(weights.sum(axis=1), 1e-12), 0.0)

    def estimates(self, choices: np.ndarray, subset: Sequence[int], cap: float = 100.0) -> np.ndarray:
        """The quick check's dimension estimates: the ``subset``'s answers, every other question
        of a dimension that applies counted at the quick overall score, and a weak key answer
        (the heaviest asked question of a dimension at one of its two bottom steps, or "Not sure")
        capping its dimension at ``cap``."""
        asked = self.dimension_scores(choices, subset)
        _, total = self._sums(choices, subset)
        fill = self.overall(asked)
        unasked = np.zeros(len(self.dimension_weights))
        for j in set(range(len(self.weights))) - set(subset):
            unasked[self.dimension_of[j]] += self.weights[j]
        with np.errstate(invalid="ignore", divide="ignore"):  # as the core adds them up
            estimate = (total * asked + unasked[None, :] * fill[:, None]) / (total + unasked[None, :])
        estimate = np.where(self._applies(choices), estimate, np.nan)
        key_weight = np.zeros(len(self.dimension_weights))
        for j in subset:
            key_weight[self.dimension_of[j]] = max(key_weight[self.dimension_of[j]], self.weights[j])
        weak = np.zeros(estimate.shape, dtype=bool)
        for j in subset:
            d = self.dimension_of[j]
            if self.scored[j] and self.weights[j] == key_weight[d]:
                weak[:, d] |= (choices[:, j] == 0) | (choices[:, j] == 1) | (choices[:, j] == -1)
        return np.where(weak & ~np.isnan(estimate), np.minimum(estimate, cap), estimate)

    def levels(
        self, scores: np.ndarray, choices: np.ndarray, subset: Sequence[int] | None = None, margin: float = 0.0
    ) -> np.ndarray:
        """Levels from dimension scores: the band of the weighted overall score, capped at one
        level above the band of the lowest dimension's score less ``margin``, then at the highest
        level of every condition (whose question ``subset`` asks) that fails or is not known."""
        scored = ~np.isnan(scores)
        band = np.searchsorted(self.bounds, self.overall(scores), side="right")
        dimension_bands = np.searchsorted(self.bounds, np.where(scored, scores - margin, 1000.0), side="right")
        level = np.minimum(band, dimension_bands.min(axis=1) + 1)
        asked = set(range(len(self.weights))) if subset is None else set(subset)
        applies = self._applies(choices)
        for j, fails, highest in self.conditions:
            if j not in asked:
                continue
            c = choices[:, j]
            caps = (np.isin(c, fails) | (c == -1)) & applies[:, self.dimension_of[j]]
            level = np.where(caps, np.minimum(level, highest), level)
        return level

    def full_levels(self, choices: np.ndarray) -> np.ndarray:
        return self.levels(self.dimension_scores(choices, range(len(self.weights))), choices)

    def quick_levels(self, choices: np.ndarray, subset: Sequence[int], margin: float, cap: float = 100.0) -> np.ndarray:
        return self.levels(self.estimates(choices, subset, cap), choices, subset, margin)


def check_fast_scorer(model: Model, groups: Sequence[Respondents], per_group: int = 200) -> None:
    """Raise AssertionError unless the fast scorer gives the core's full and quick levels on a sample."""
    scorer = FastScorer(model)
    subset = quick_indices(model)
    for group in groups:
        rows = group.choices[:per_group]
        fast_full = scorer.full_levels(rows)
        fast_quick = scorer.quick_levels(rows, subset, model.quick_gating_margin, model.quick_weak_key_cap)
        for row, full, quick in zip(rows, fast_full, fast_quick, strict=True):
            assert score(model, answers_of(model, row)).level.rank == full
            assert score(model, answers_of(model, row, subset), variant="quick").level.rank == quick


def agreement(
    scorer: FastScorer, groups: Sequence[Respondents], full: Sequence[np.ndarray], subset: Sequence[int]
) -> tuple[float, int, float]:
    """The best mean share of respondents whose quick level equals their full level over the
    groups, and the gating margin and weak-key cap that reach it."""
    best = (-1.0, 0, 100.0)
    for cap in CAPS:
        estimates = [scorer.estimates(g.choices, subset, cap) for g in groups]
        for margin in MARGINS:
            share = float(
                np.mean(
                    [
                        np.mean(scorer.levels(e, g.choices, subset, margin) == f)
                        for e, g, f in zip(estimates, groups, full, strict=True)
                    ]
                )
            )
            best = max(best, (share, margin, float(cap)))
    return best


def _improve(
    scorer: FastScorer, groups: Sequence[Respondents], full: Sequence[np.ndarray], subset: list[int]
) -> tuple[tuple[float, int, float], list[int]]:
    """Swap one question in and one out while it raises the agreement."""
    every = [j for j in range(len(scorer.weights)) if scorer.scored[j]]
    current = agreement(scorer, groups, full, subset)
    improved = True
    while improved:
        improved = False
        for out, into in ((o, i) for o in list(subset) if scorer.scored[o] for i in every if i not in subset):
            trial = [into if j == out else j for j in subset]
            tried = agreement(scorer, groups, full, trial)
            if tried[0] > current[0] + 1e-9:
                subset, current, improved = trial, tried, True
                break
    return current, subset


def choose(
    model: Model, groups: Sequence[Respondents], sizes: Sequence[int]
) -> list[tuple[float, int, float, str, tuple[int, ...]]]:
    """For each size (scored questions; the fact questions are always asked): (agreement, margin,
    cap, start, subset) found from two starts, each grown by greedy forward selection and then
    improved by swaps: from nothing, and from the heaviest question of every dimension (for sizes
    with room for one per dimension)."""
    scorer = FastScorer(model)
    facts = [j for j, q in enumerate(model.questions) if q.fact]
    every = [j for j, q in enumerate(model.questions) if not q.fact]
    full = [scorer.full_levels(g.choices) for g in groups]
    heaviest = [model.questions.index(max(model.questions_of(d.id), key=lambda q: q.weight)) for d in model.dimensions]
    found = []
    for start, first in (("greedy", []), ("one per dimension", heaviest)):
        subset = [*facts, *first]
        for size in range(len(subset) - len(facts) + 1, max(sizes) + 1):
            subset.append(
                max((j for j in every if j not in subset), key=lambda j: agreement(scorer, groups, full, [*subset, j]))
            )
            if size in sizes:
                current, subset = _improve(scorer, groups, full, subset)
                print(
                    f"  {start}, {size:>2} questions: {current[0]:.4f} at margin {current[1]}, cap {current[2]:g}",
                    flush=True,
                )
                found.append((current[0], current[1], current[2], start, tuple(sorted(subset))))
        if len(first) in sizes:
            current, improved = _improve(scorer, groups, full, [*facts, *first])
            found.append((current[0], current[1], current[2], start, tuple(sorted(improved))))
    return sorted(found, reverse=True)


def resampled(
    model: Model,
    per_group: int,
    seeds: Sequence[int],
    subset: Sequence[int] = (),
    margin: float | None = None,
    cap: float | None = None,
) -> list[float]:
    """The share of equal levels for fresh samples of the shipped generator, one per seed (fast
    scorer), for ``subset`` and ``margin`` (default: the shipped ones): how far a figure moves
    from one sample to the next."""
    scorer = FastScorer(model)
    subset = subset or quick_indices(model)
    margin = model.quick_gating_margin if margin is None else margin
    cap = model.quick_weak_key_cap if cap is None else cap
    shares = []
    for seed in seeds:
        groups = groups_of(model, per_group, seed)
        equal = [
            np.mean(scorer.quick_levels(g.choices, subset, margin, cap) == scorer.full_levels(g.choices))
            for g in groups
        ]
        shares.append(float(np.mean(equal)))
    return shares


def robustness(model: Model, per_group: int, seed: int) -> list[tuple[Generator, float, float]]:
    """The shipped questions and margin under other generators (fast scorer): for each, the share
    of equal levels and of levels within one, over both populations and all noise levels."""
    scorer = FastScorer(model)
    subset = quick_indices(model)
    found = []
    for generator in (SHIPPED, *OTHER_GENERATORS):
        rng = np.random.default_rng(seed)
        equal, within = [], []
        for population in POPULATIONS:
            for noise in NOISE_LEVELS:
                group = simulate(model, per_group, population, noise, rng, generator)
                difference = np.abs(
                    scorer.quick_levels(group.choices, subset, model.quick_gating_margin, model.quick_weak_key_cap)
                    - scorer.full_levels(group.choices)
                )
                equal.append(np.mean(difference == 0))
                within.append(np.mean(difference <= 1))
        found.append((generator, float(np.mean(equal)), float(np.mean(within))))
    return found


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
    """The full assessment against itself, for reference: the same businesses answering all its
    questions twice with fresh noise, and how often the two full levels agree. (Not a bound on
    the quick check, whose answers are part of the full answers it is compared with.)"""
    scorer = FastScorer(model)
    shares = {}
    for population in POPULATIONS:
        for noise in NOISE_LEVELS:
            rng = np.random.default_rng(seed)
            twice = [
                simulate(model, per_group, population, noise, rng, businesses=np.random.default_rng(seed + 1))
                for _ in range(2)
            ]
            levels = [scorer.full_levels(r.choices) for r in twice]
            shares[population, noise] = float(np.mean(levels[0] == levels[1]))
    return shares


def check_quick(model: Model, per_group: int, seed: int) -> list[Check]:
    """The shipped quick check against the full assessment, both scored by the core."""
    subset = quick_indices(model)
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
    checks: Sequence[Check],
    retested: dict[tuple[str, float], float],
    personas: Sequence[tuple[str, str, str]],
    generators: Sequence[tuple[Generator, float, float]] = (),
    samples: Sequence[float] = (),
) -> list[str]:
    """The agreement tables for bench/RESULTS.md."""
    total = sum(c.respondents for c in checks)
    equal = sum(c.equal * c.respondents for c in checks) / total
    within = sum(c.within_one * c.respondents for c in checks) / total
    lines = [
        "| population | answer noise (sd of the scale) | respondents | quick level = full level | within one level "
        "| for reference: the full assessment against itself (same businesses, fresh noise) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for c in checks:
        lines.append(
            f"| {c.population} | {c.noise:g} | {c.respondents:,} | {c.equal:.1%} | {c.within_one:.1%} | "
            f"{retested[c.population, c.noise]:.1%} |"
        )
    lines.append(
        f"| **all** | | **{total:,}** | **{equal:.1%}** | **{within:.1%}** | {np.mean(list(retested.values())):.1%} |"
    )
    same = sum(1 for _, full, quick in personas if full == quick)
    lines += [
        "",
        f"Targets: equal ≥ 80 %: {'met' if equal >= 0.8 else 'MISSED'} ({equal:.1%}); "
        f"within one level ≥ 97 %: {'met' if within >= 0.97 else 'MISSED'} ({within:.1%}).",
    ]
    if samples:
        lines += [
            "",
            f"The same check on {len(samples)} fresh samples of {total:,} (other seeds, fast scorer): quick level = "
            f"full level for {np.mean(samples):.1%} on average, {min(samples):.1%} to {max(samples):.1%}.",
        ]
    lines += [
        "",
        f"Personas of `tests/personas/` (full → quick): {same} of {len(personas)} the same level"
        + "".join(f"; {name}: {full} → {quick}" for name, full, quick in personas if full != quick)
        + ".",
    ]
    if generators:
        lines += [
            "",
            "The same questions and margin under other generators (fast scorer, both populations, all three "
            "noise levels):",
            "",
            "| generator | quick level = full level | within one level |",
            "| --- | --- | --- |",
            *(
                f"| {g.label()}{' (the one above)' if g == SHIPPED else ''} | {e:.1%} | {w:.1%} |"
                for g, e, w in generators
            ),
        ]
    return lines


def report(model: Model, respondents: int, seed: int) -> list[str]:
    """Every table of the check: the core's agreement, the reference, the personas, the other generators."""
    per_group = max(1, respondents // (len(POPULATIONS) * len(NOISE_LEVELS)))
    check_fast_scorer(model, groups_of(model, 200, seed + 2))
    return rows(
        check_quick(model, per_group, seed),
        retest(model, per_group, seed),
        persona_agreement(model, PERSONAS),
        robustness(model, per_group, seed),
        resampled(model, per_group, range(seed + 10, seed + 20)),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=12_000, help="in all (--choose: per group)")
    parser.add_argument("--choose", action="store_true", help="search for the best questions and margin")
    parser.add_argument("--sizes", type=int, nargs="+", default=[8, 9, 10, 11, 12])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    model = load_model()
    start = time.perf_counter()
    if args.choose:
        groups = groups_of(model, args.respondents, args.seed)
        check_fast_scorer(model, groups)
        found = choose(model, groups, args.sizes)
        scorer, shipped = FastScorer(model), quick_indices(model)
        share, margin, cap = agreement(scorer, groups, [scorer.full_levels(g.choices) for g in groups], shipped)
        found.append((share, margin, cap, "content/quick.toml", tuple(shipped)))
        print("Found on the search's respondents, then compared on ten times as many fresh ones (other seeds):")
        print("search   fresh   margin  cap  n  (start)  questions")
        for share, margin, cap, origin, subset in found:
            fresh = np.mean(
                resampled(model, args.respondents, range(args.seed + 100, args.seed + 110), subset, margin, cap)
            )
            ids = [model.questions[j].id for j in subset]
            count = sum(1 for j in subset if not model.questions[j].fact)
            print(f"{share:.4f}  {fresh:.4f}  {margin:>2}  {cap:>3g}  {count:>2}  ({origin})  {', '.join(ids)}")
    else:
        print("\n".join(report(model, args.respondents, args.seed)))
    print(f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()

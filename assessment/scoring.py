"""Answers in, a fully explained result out. Pure: no I/O, no randomness, no clock.

Every rule lives in exactly one function below, whose docstring states it:

* :func:`option_value` – what one answer scores;
* :func:`dimension_score` – a dimension's score from its answers;
* :func:`overall_score` – the overall score from the dimensions';
* :func:`level_for_score` – the level band a score falls in;
* :func:`gated_level` – the gating cap on the overall level;
* :func:`default_target` – the target level when none is chosen;
* :func:`gap_to_target` – how far a dimension sits below the target;
* :func:`held_back_by` and :func:`weakest` – what the explanation names;
* :func:`roadmap` – which next steps, in which order;
* :func:`explain` – the sentence of why.

:func:`score` applies them in that order in one plain pass over the answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .errors import AnswerError
from .model import EFFORTS, Dimension, Level, Model, Option, Question, Recommendation
from .present import whole_points

Answers = Mapping[str, str]  # question id -> option id; ids from outside are plain strings


@dataclass(frozen=True)
class DimensionResult:
    """One dimension's score, level, answer counts and gap to the target level."""

    dimension: Dimension
    score: float  # 0–100
    level: Level
    answered: int  # questions with a valued answer
    unknown: int  # answered "Not sure"
    missing: int  # not answered
    target_score: float  # the target level's lower bound
    gap: float  # points below target_score; 0 at or above it

    @property
    def weighted_gap(self) -> float:
        return self.gap * self.dimension.weight


@dataclass(frozen=True)
class Step:
    """One recommendation as a step on a roadmap: it climbs ``dimension`` from one level to the next."""

    recommendation: Recommendation
    dimension: Dimension
    from_level: Level
    to_level: Level


@dataclass(frozen=True)
class Result:
    """Everything the app, the CLI and the exports show about one set of answers."""

    model_version: int
    answers: tuple[tuple[str, str], ...]  # (question id, option id), dimension by dimension
    dimensions: tuple[DimensionResult, ...]  # in model order
    overall: float  # 0–100
    score_level: Level  # the band of the overall score, before gating
    level: Level  # the level reached, after gating
    held_back_by: tuple[DimensionResult, ...]
    weakest: DimensionResult
    target: Level
    next_steps: tuple[Step, ...]
    unknown_questions: tuple[Question, ...]
    missing_questions: tuple[Question, ...]
    explanation: str

    @property
    def answered_count(self) -> int:
        return sum(d.answered for d in self.dimensions)

    def dimension(self, dimension_id: str) -> DimensionResult:
        for result in self.dimensions:
            if result.dimension.id == dimension_id:
                return result
        raise KeyError(dimension_id)


# --- The rules ----------------------------------------------------------------------------------


def option_value(option: Option) -> float:
    """What one answer scores: its option's value, 0 to 1. "Not sure" scores 0, like an
    unanswered question; both are counted apart (as unknown and missing) and listed."""
    return 0.0 if option.value is None else option.value


def dimension_score(answered: Sequence[tuple[Question, Option | None]]) -> float:
    """A dimension's score: the weighted mean of its questions' answer values × 100, each
    question counting its ``weight``; unanswered questions (None) count 0 at their weight."""
    total = sum(question.weight for question, _ in answered)
    earned = 0.0
    for question, option in answered:
        if option is not None:
            earned += question.weight * option_value(option)
    return 100.0 * earned / total


def overall_score(dimensions: Sequence[DimensionResult]) -> float:
    """The overall score: the mean of the dimension scores, each weighted by its dimension's ``weight``."""
    weighted = sum(d.dimension.weight * d.score for d in dimensions)
    return weighted / sum(d.dimension.weight for d in dimensions)


def level_for_score(model: Model, score: float) -> Level:
    """The level whose band ``[min_score, max_score)`` holds ``score``; 100 belongs to the top level."""
    for level in model.levels:
        if score < level.max_score:
            return level
    return model.top_level


def gated_level(model: Model, score_level: Level, dimensions: Sequence[DimensionResult]) -> Level:
    """The overall level: the band of the overall score, capped at one level above the lowest
    dimension's level. No business reaches a level while any dimension sits more than one level
    below it."""
    cap = min(d.level.rank for d in dimensions) + 1
    return model.levels[min(score_level.rank, cap)]


def default_target(model: Model, level: Level) -> Level:
    """The target when none is chosen: the level above the result (the top level stays the top)."""
    return model.next_level(level)


def gap_to_target(score: float, target: Level) -> float:
    """How far a score sits below the target level's lower bound; 0 at or above it."""
    return target.min_score - score if score < target.min_score else 0.0


def held_back_by(score_level: Level, dimensions: Sequence[DimensionResult]) -> tuple[DimensionResult, ...]:
    """The dimensions that keep the overall level below the band of the overall score (more than
    one level below it), lowest score first."""
    return tuple(sorted((d for d in dimensions if d.level.rank + 1 < score_level.rank), key=lambda d: d.score))


def weakest(dimensions: Sequence[DimensionResult]) -> DimensionResult:
    """The dimension with the lowest score; the first in model order among equals."""
    return min(dimensions, key=lambda d: d.score)


def climb(model: Model, dimension: Dimension, from_level: Level, target: Level) -> tuple[Step, ...]:
    """Every recommendation that climbs ``dimension`` from ``from_level`` up to ``target``:
    level by level, and within a level low effort first (then content order)."""
    steps = []
    for rank in range(from_level.rank, target.rank):
        lower, upper = model.levels[rank], model.levels[rank + 1]
        found = [r for r in model.recommendations if r.dimension == dimension.id and r.from_level == lower.id]
        found.sort(key=lambda r: EFFORTS.index(r.effort))
        steps += [Step(r, dimension, lower, upper) for r in found]
    return tuple(steps)


def roadmap(model: Model, dimensions: Sequence[DimensionResult], target: Level) -> tuple[Step, ...]:
    """The next steps towards ``target``: every dimension below it climbs (:func:`climb`) from its
    level up to the target. Dimensions come largest weighted gap (gap × dimension weight) first,
    ties broken by the effort of their first step (low first), then model order."""
    climbs = []
    for position, d in enumerate(dimensions):
        if d.gap > 0:
            steps = climb(model, d.dimension, d.level, target)
            if steps:
                climbs.append((-d.weighted_gap, EFFORTS.index(steps[0].recommendation.effort), position, steps))
    climbs.sort(key=lambda c: (c[0], c[1], c[2]))
    return tuple(step for *_, steps in climbs for step in steps)


def explain(
    model: Model,
    level: Level,
    score_level: Level,
    overall: float,
    held_back: Sequence[DimensionResult],
    weakest_dimension: DimensionResult,
) -> str:
    """The sentence of why: what holds the level back (the gating rule) when something does;
    otherwise the band the overall score sits in, what the next level needs, and the weakest
    dimension. Scores appear as shown on the page (:func:`assessment.present.whole_points`)."""

    def named(d: DimensionResult) -> str:
        return f"{d.dimension.name} at {whole_points(d.score)}"

    if held_back:
        names = ", ".join(named(d) for d in held_back)
        return (
            f"{level.name}, held back from {score_level.name} by {names}: "
            f"the overall score of {whole_points(overall)} would reach {score_level.name}, "
            f"but no level is reached while a dimension sits more than one level below it."
        )
    if level == model.top_level:
        return (
            f"{level.name}: an overall score of {whole_points(overall)} with no dimension "
            f"more than one level behind; the weakest is {named(weakest_dimension)}."
        )
    upper = model.next_level(level)
    return (
        f"{level.name}: the overall score of {whole_points(overall)} sits in the "
        f"{level.name} band ({level.min_score:g}–{level.max_score:g}); "
        f"{upper.name} needs {upper.min_score:g} overall with every dimension at "
        f"{level.name} or above, and the weakest is {named(weakest_dimension)}."
    )


# --- Applying them ------------------------------------------------------------------------------


def validate_answers(model: Model, answers: Answers) -> None:
    """Raise :class:`AnswerError` if any question or option id is unknown."""
    for question_id, option_id in answers.items():
        question = model.question(question_id)
        if question is None:
            raise AnswerError(f"Unknown question id '{question_id}'.")
        scale = model.scale_of(question)
        if scale.option(option_id) is None:
            known = ", ".join(o.id for o in scale.options)
            raise AnswerError(f"Question '{question_id}' has no option '{option_id}' (options: {known}).")


def target_level(model: Model, target: str | None, level: Level) -> Level:
    """The level named ``target``, or :func:`default_target` when None; AnswerError if unknown."""
    if target is None:
        return default_target(model, level)
    named = model.level(target)
    if named is None:
        known = ", ".join(lv.id for lv in model.levels)
        raise AnswerError(f"Unknown target level '{target}' (levels: {known}).")
    return named


def score(model: Model, answers: Answers, target: str | None = None) -> Result:
    """Score a (possibly partial) set of answers against ``model``.

    ``target`` is a level id; None means the level above the result.
    Raises :class:`AnswerError` for unknown question, option or level ids.
    """
    validate_answers(model, answers)
    given: list[tuple[str, str]] = []
    unknown: list[Question] = []
    missing: list[Question] = []
    untargeted: list[DimensionResult] = []  # the gaps follow once the target is known
    for dimension in model.dimensions:
        answered: list[tuple[Question, Option | None]] = []
        counts = {"answered": 0, "unknown": 0, "missing": 0}
        for question in model.questions_of(dimension.id):
            option_id = answers.get(question.id)
            option = None if option_id is None else model.scale_of(question).option(option_id)
            answered.append((question, option))
            if option is None:
                counts["missing"] += 1
                missing.append(question)
                continue
            given.append((question.id, option.id))
            if option.unsure:
                counts["unknown"] += 1
                unknown.append(question)
            else:
                counts["answered"] += 1
        points = dimension_score(answered)
        untargeted.append(
            DimensionResult(dimension, points, level_for_score(model, points), **counts, target_score=0.0, gap=0.0)
        )

    overall = overall_score(untargeted)
    score_level = level_for_score(model, overall)
    level = gated_level(model, score_level, untargeted)
    target_chosen = target_level(model, target, level)
    dimensions = tuple(
        replace(d, target_score=target_chosen.min_score, gap=gap_to_target(d.score, target_chosen)) for d in untargeted
    )
    held_back = held_back_by(score_level, dimensions)
    weakest_dimension = weakest(dimensions)
    return Result(
        model_version=model.version,
        answers=tuple(given),
        dimensions=dimensions,
        overall=overall,
        score_level=score_level,
        level=level,
        held_back_by=held_back,
        weakest=weakest_dimension,
        target=target_chosen,
        next_steps=roadmap(model, dimensions, target_chosen),
        unknown_questions=tuple(unknown),
        missing_questions=tuple(missing),
        explanation=explain(model, level, score_level, overall, held_back, weakest_dimension),
    )

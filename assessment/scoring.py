"""Answers in, a fully explained result out. Pure: no I/O, no randomness, no clock.

Scoring rules (documented in the README as well):

* A question scores its option's value (0–1). "Not sure" and unanswered score 0 and are
  counted apart, as *unknown* and *missing*.
* A dimension scores the weighted mean of its questions × 100.
* The overall score is the dimension-weighted mean of the dimension scores.
* Levels are bands of the 0–100 scale. A dimension's level is the band of its score.
* **Gating:** the overall level is the band of the overall score, capped at one level above
  the lowest dimension's level. No business reaches a level while any dimension sits more
  than one level below it.
* The target level defaults to the level above the result (the top level stays the top).
  Each dimension's gap is how far its score sits below the target level's lower bound.
* Next steps: every recommendation that climbs a dimension from its current level up to
  the target. Dimensions come largest weighted gap (gap × dimension weight) first, ties
  broken by the effort of their first step (low first), then content order; within a
  dimension, steps climb level by level, low effort first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import AnswerError
from .model import EFFORT_ORDER, Dimension, Level, Model, Question, Step

Answers = Mapping[str, str]
_INVALID = -1.0  # sentinel for an option id the question's scale does not have


@dataclass(frozen=True, init=False)
class DimensionResult:
    """One dimension's score, level, answer counts and gap to the target level."""

    dimension: Dimension
    score: float
    level: Level
    answered: int
    unknown: int
    missing: int
    target_score: float
    gap: float

    def __init__(
        self,
        dimension: Dimension,
        score: float,
        level: Level,
        answered: int,
        unknown: int,
        missing: int,
        target_score: float,
        gap: float,
    ) -> None:
        # A frozen dataclass's own __init__ sets every field through object.__setattr__: 2.3 µs
        # per instance here against 0.5 µs for this, and every result builds one per dimension
        # (bench/core.py). The instance stays frozen: later assignments still raise.
        self.__dict__.update(
            dimension=dimension,
            score=score,
            level=level,
            answered=answered,
            unknown=unknown,
            missing=missing,
            target_score=target_score,
            gap=gap,
        )

    @property
    def weighted_gap(self) -> float:
        return self.gap * self.dimension.weight


@dataclass(frozen=True)
class Result:
    """Everything the app, the CLI and the exports show about one set of answers."""

    model_version: int
    answers: tuple[tuple[str, str], ...]  # (question id, option id), in dimension order
    dimensions: tuple[DimensionResult, ...]
    overall: float
    score_level: Level
    level: Level
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


def display_score(score: float) -> str:
    """A score as shown to people: whole points, rounded down so it never leaves its band."""
    return str(math.floor(score + 1e-9))


def validate_answers(model: Model, answers: Answers) -> None:
    """Raise :class:`AnswerError` if any question or option id is unknown."""
    option_values = model.tables.option_values
    for question_id, option_id in answers.items():
        values = option_values.get(question_id)
        if values is None:
            raise AnswerError(f"Unknown question id '{question_id}'.")
        if option_id not in values:
            raise AnswerError(f"Question '{question_id}' has no option '{option_id}' (options: {', '.join(values)}).")


def _explain(
    model: Model,
    result_level: Level,
    score_level: Level,
    overall: float,
    held_back_by: tuple[DimensionResult, ...],
    weakest: DimensionResult,
) -> str:
    def named(d: DimensionResult) -> str:
        return f"{d.dimension.name} at {display_score(d.score)}"

    if held_back_by:
        names = ", ".join(named(d) for d in held_back_by)
        return (
            f"{result_level.name}, held back from {score_level.name} by {names}: "
            f"the overall score of {display_score(overall)} would reach {score_level.name}, "
            f"but no level is reached while a dimension sits more than one level below it."
        )
    if result_level.rank == len(model.levels) - 1:
        return (
            f"{result_level.name}: an overall score of {display_score(overall)} with no dimension "
            f"more than one level behind; the weakest is {named(weakest)}."
        )
    upper = model.next_level(result_level)
    return (
        f"{result_level.name}: the overall score of {display_score(overall)} sits in the "
        f"{result_level.name} band ({result_level.min_score:g}–{result_level.max_score:g}); "
        f"{upper.name} needs {upper.min_score:g} overall with every dimension at "
        f"{result_level.name} or above, and the weakest is {named(weakest)}."
    )


def score(model: Model, answers: Answers, target: str | None = None) -> Result:
    """Score a (possibly partial) set of answers against ``model``.

    ``target`` is a level id; None means the level above the result.
    Raises :class:`AnswerError` for unknown question, option or level ids.
    """
    tables = model.tables
    levels = model.levels
    unknown_questions: list[Question] = []
    missing_questions: list[Question] = []
    answered_pairs: list[tuple[str, str]] = []
    raw: list[tuple[Dimension, float, int, int, int]] = []
    for dimension, total, plan in tables.scoring_plan:
        earned = 0.0
        answered = unknown = missing = 0
        for question, values in plan:
            option_id = answers.get(question.id)
            if option_id is None:
                missing += 1
                missing_questions.append(question)
                continue
            answered_pairs.append((question.id, option_id))
            value = values.get(option_id, _INVALID)
            if value is None:
                unknown += 1
                unknown_questions.append(question)
            elif value is not _INVALID:
                answered += 1
                earned += question.weight * value
        raw.append((dimension, 100.0 * earned / total, answered, unknown, missing))

    if len(unknown_questions) + sum(r[2] for r in raw) != len(answers):
        validate_answers(model, answers)  # an unknown question or option among them: raise, naming it
    overall = sum(d.weight * s for d, s, *_ in raw) / tables.dimension_weight
    score_level = model.level_for_score(overall)
    dimension_levels = [model.level_for_score(s) for _, s, *_ in raw]
    level = levels[min(score_level.rank, min(lv.rank for lv in dimension_levels) + 1)]

    if target is None:
        target_level = model.next_level(level)
    else:
        found = tables.levels.get(target)
        if found is None:
            known = ", ".join(lv.id for lv in levels)
            raise AnswerError(f"Unknown target level '{target}' (levels: {known}).")
        target_level = found
    floor = target_level.min_score
    dimensions = tuple(
        DimensionResult(d, s, dl, answered, unknown, missing, floor, floor - s if s < floor else 0.0)
        for (d, s, answered, unknown, missing), dl in zip(raw, dimension_levels, strict=True)
    )
    held_back_by = tuple(sorted((d for d in dimensions if d.level.rank + 1 < score_level.rank), key=lambda d: d.score))
    weakest = min(dimensions, key=lambda d: d.score)  # min keeps the first of equals

    climbs = []
    for position, d in enumerate(dimensions):
        if d.gap > 0:
            steps = [
                st
                for rank in range(d.level.rank, target_level.rank)
                for st in model.steps_from(d.dimension.id, levels[rank].id)
            ]
            if steps:
                climbs.append((-d.weighted_gap, EFFORT_ORDER[steps[0].recommendation.effort], position, steps))
    climbs.sort(key=lambda climb: climb[:3])

    return Result(
        model_version=model.version,
        answers=tuple(answered_pairs),
        dimensions=dimensions,
        overall=overall,
        score_level=score_level,
        level=level,
        held_back_by=held_back_by,
        weakest=weakest,
        target=target_level,
        next_steps=tuple(step for *_, steps in climbs for step in steps),
        unknown_questions=tuple(unknown_questions),
        missing_questions=tuple(missing_questions),
        explanation=_explain(model, level, score_level, overall, held_back_by, weakest),
    )

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
  the target, largest weighted gap (gap × dimension weight) first, then lower levels first,
  then low effort first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import AnswerError
from .model import EFFORT_ORDER, Dimension, Level, Model, Question, Recommendation

Answers = Mapping[str, str]


@dataclass(frozen=True)
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

    @property
    def weighted_gap(self) -> float:
        return self.gap * self.dimension.weight


@dataclass(frozen=True)
class NextStep:
    """A recommendation placed on the roadmap, with the gap that put it there."""

    recommendation: Recommendation
    dimension: Dimension
    from_level: Level
    to_level: Level
    gap: float


@dataclass(frozen=True)
class Result:
    """Everything the app, the CLI and the exports show about one set of answers."""

    model_version: int
    answers: tuple[tuple[str, str], ...]
    dimensions: tuple[DimensionResult, ...]
    overall: float
    score_level: Level
    level: Level
    held_back_by: tuple[DimensionResult, ...]
    weakest: DimensionResult
    target: Level
    next_steps: tuple[NextStep, ...]
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
    for question_id, option_id in answers.items():
        question = model.question(question_id)
        if question is None:
            raise AnswerError(f"Unknown question id '{question_id}'.")
        if model.scale_of(question).option(option_id) is None:
            known = ", ".join(o.id for o in model.scale_of(question).options)
            raise AnswerError(f"Question '{question_id}' has no option '{option_id}' (options: {known}).")


def _dimension_score(model: Model, questions: tuple[Question, ...], answers: Answers) -> tuple[float, int, int, int]:
    total_weight = sum(q.weight for q in questions)
    earned = 0.0
    answered = unknown = missing = 0
    for question in questions:
        option_id = answers.get(question.id)
        if option_id is None:
            missing += 1
            continue
        option = model.scale_of(question).option(option_id)
        assert option is not None  # validate_answers ran first
        if option.value is None:
            unknown += 1
        else:
            answered += 1
            earned += question.weight * option.value
    return 100.0 * earned / total_weight, answered, unknown, missing


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
    top = model.levels[-1]
    if result_level == top:
        return (
            f"{result_level.name}: an overall score of {display_score(overall)} with no dimension "
            f"more than one level behind; the weakest is {named(weakest)}."
        )
    upper = model.next_level(result_level)
    floor_level = model.levels[upper.rank - 1]
    return (
        f"{result_level.name}: the overall score of {display_score(overall)} sits in the "
        f"{result_level.name} band ({result_level.min_score:g}–{result_level.max_score:g}); "
        f"{upper.name} needs {upper.min_score:g} overall with every dimension at "
        f"{floor_level.name} or above, and the weakest is {named(weakest)}."
    )


def score(model: Model, answers: Answers, target: str | None = None) -> Result:
    """Score a (possibly partial) set of answers against ``model``.

    ``target`` is a level id; None means the level above the result.
    Raises :class:`AnswerError` for unknown question, option or level ids.
    """
    validate_answers(model, answers)
    raw = []
    for dimension in model.dimensions:
        raw.append((dimension, *_dimension_score(model, model.questions_of(dimension.id), answers)))
    total_weight = sum(d.weight for d in model.dimensions)
    overall = sum(d.weight * s for d, s, *_ in raw) / total_weight
    score_level = model.level_for_score(overall)
    lowest_rank = min(model.level_for_score(s).rank for _, s, *_ in raw)
    level = model.levels[min(score_level.rank, lowest_rank + 1)]

    if target is None:
        target_level = model.next_level(level)
    else:
        found = model.level(target)
        if found is None:
            known = ", ".join(lv.id for lv in model.levels)
            raise AnswerError(f"Unknown target level '{target}' (levels: {known}).")
        target_level = found

    dimensions = tuple(
        DimensionResult(
            dimension=d,
            score=s,
            level=model.level_for_score(s),
            answered=answered,
            unknown=unknown,
            missing=missing,
            target_score=target_level.min_score,
            gap=max(0.0, target_level.min_score - s),
        )
        for d, s, answered, unknown, missing in raw
    )
    held_back_by = tuple(
        sorted(
            (d for d in dimensions if d.level.rank + 1 < score_level.rank),
            key=lambda d: d.score,
        )
    )
    weakest = min(dimensions, key=lambda d: d.score)  # min keeps the first of equals
    order = {d.id: i for i, d in enumerate(model.dimensions)}

    steps = []
    for d in dimensions:
        for rank in range(d.level.rank, target_level.rank):
            from_level = model.levels[rank]
            for rec in model.recommendations_for(d.dimension.id, from_level.id):
                steps.append(NextStep(rec, d.dimension, from_level, model.levels[rank + 1], d.gap))
    steps.sort(
        key=lambda s: (
            -s.gap * s.dimension.weight,
            s.from_level.rank,
            EFFORT_ORDER[s.recommendation.effort],
            order[s.dimension.id],
        )
    )

    return Result(
        model_version=model.version,
        answers=tuple((q.id, answers[q.id]) for q in model.questions if q.id in answers),
        dimensions=dimensions,
        overall=overall,
        score_level=score_level,
        level=level,
        held_back_by=held_back_by,
        weakest=weakest,
        target=target_level,
        next_steps=tuple(steps),
        unknown_questions=tuple(q for q in model.questions if _answered_unsure(model, q, answers)),
        missing_questions=tuple(q for q in model.questions if q.id not in answers),
        explanation=_explain(model, level, score_level, overall, held_back_by, weakest),
    )


def _answered_unsure(model: Model, question: Question, answers: Answers) -> bool:
    option_id = answers.get(question.id)
    option = model.scale_of(question).option(option_id) if option_id is not None else None
    return option is not None and option.unsure

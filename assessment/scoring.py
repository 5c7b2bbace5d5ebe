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

import itertools
import math
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import attrgetter, getitem
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from .errors import AnswerError
from .model import EFFORT_ORDER, Dimension, DimensionCell, Level, Model, Question, Step

Answers = Mapping[str, str]
T = TypeVar("T")
_WEIGHTED = attrgetter("weighted")
_RANK = attrgetter("rank")
_SCORE = attrgetter("score")
_PAIRS = attrgetter("pairs")
_UNKNOWN = attrgetter("unknown_questions")
_MISSING = attrgetter("missing_questions")
_new_object = object.__new__


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


@dataclass(frozen=True, init=False)
class Result:
    """Everything the app, the CLI and the exports show about one set of answers.

    :func:`score` computes the level, the overall score, the target and every dimension's
    score, level and gap when it builds a result. The presentation fields (``answers``,
    ``held_back_by``, ``weakest``, ``next_steps``, ``unknown_questions``,
    ``missing_questions``, ``explanation``) are computed on first read and then stored like
    the others (see :class:`_Lazy`). Nothing else changes: all thirteen are dataclass
    fields, read-only, and equality, hash, repr and ``dataclasses.replace`` cover them all.
    """

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
    if TYPE_CHECKING:  # what a result from score() keeps for its lazy fields; not dataclass fields
        _model: Model
        _cells: tuple[DimensionCell, ...]

    def __init__(
        self,
        model_version: int,
        answers: tuple[tuple[str, str], ...],
        dimensions: tuple[DimensionResult, ...],
        overall: float,
        score_level: Level,
        level: Level,
        held_back_by: tuple[DimensionResult, ...],
        weakest: DimensionResult,
        target: Level,
        next_steps: tuple[Step, ...],
        unknown_questions: tuple[Question, ...],
        missing_questions: tuple[Question, ...],
        explanation: str,
    ) -> None:
        # Every field given (dataclasses.replace() comes here too); score() uses _result().
        self.__dict__.update(
            model_version=model_version,
            answers=answers,
            dimensions=dimensions,
            overall=overall,
            score_level=score_level,
            level=level,
            held_back_by=held_back_by,
            weakest=weakest,
            target=target,
            next_steps=next_steps,
            unknown_questions=unknown_questions,
            missing_questions=missing_questions,
            explanation=explanation,
        )

    @property
    def answered_count(self) -> int:
        return sum(d.answered for d in self.dimensions)

    def dimension(self, dimension_id: str) -> DimensionResult:
        for result in self.dimensions:
            if result.dimension.id == dimension_id:
                return result
        raise KeyError(dimension_id)


def _result(
    model: Model,
    cells: tuple[DimensionCell, ...],
    dimensions: tuple[DimensionResult, ...],
    overall: float,
    score_level: Level,
    level: Level,
    target: Level,
) -> Result:
    """A result with its presentation fields still to compute (from ``model`` and ``cells``)."""
    result = _new_object(Result)
    # Like DimensionResult: no per-field object.__setattr__, and the instance stays frozen.
    result.__dict__.update(
        model_version=model.version,
        dimensions=dimensions,
        overall=overall,
        score_level=score_level,
        level=level,
        target=target,
        _model=model,
        _cells=cells,
    )
    return result


class _Lazy(Generic[T]):
    """A :class:`Result` field computed on first read, then stored in the instance like any field.

    A non-data descriptor set on the class after the dataclass is built (so the dataclass
    still sees a plain field): a value in the instance's ``__dict__`` wins, so it runs once.
    Writes still go through the frozen dataclass's ``__setattr__`` and raise. Unlike
    ``functools.cached_property`` on Python 3.11, it takes no lock shared by all instances.
    """

    __slots__ = ("compute", "name")

    def __init__(self, name: str, compute: Callable[[Result], T]) -> None:
        self.name = name
        self.compute = compute

    def __get__(self, instance: Result | None, owner: type | None = None) -> T | _Lazy[T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


def _answers(result: Result) -> tuple[tuple[str, str], ...]:
    return tuple(itertools.chain.from_iterable(map(_PAIRS, result._cells)))


def _held_back_by(result: Result) -> tuple[DimensionResult, ...]:
    cap = result.score_level.rank
    return tuple(sorted([d for d in result.dimensions if d.level.rank + 1 < cap], key=_SCORE))


def _weakest(result: Result) -> DimensionResult:
    return min(result.dimensions, key=_SCORE)  # min keeps the first of equals


def _next_steps(result: Result) -> tuple[Step, ...]:
    climbs_of, target = result._model.tables.climbs, result.target.rank
    climbs = []
    for position, d in enumerate(result.dimensions):
        if d.gap > 0:
            steps = climbs_of[position].get((d.level.rank, target), ())
            if steps:
                climbs.append((-d.weighted_gap, EFFORT_ORDER[steps[0].recommendation.effort], position, steps))
    climbs.sort(key=lambda climb: climb[:3])
    return tuple(itertools.chain.from_iterable(climb[3] for climb in climbs))


def _unknown_questions(result: Result) -> tuple[Question, ...]:
    return tuple(itertools.chain.from_iterable(map(_UNKNOWN, result._cells)))


def _missing_questions(result: Result) -> tuple[Question, ...]:
    return tuple(itertools.chain.from_iterable(map(_MISSING, result._cells)))


def _explanation(result: Result) -> str:
    return _explain(
        result._model, result.level, result.score_level, result.overall, result.held_back_by, result.weakest
    )


for _name, _compute in (
    ("answers", _answers),
    ("held_back_by", _held_back_by),
    ("weakest", _weakest),
    ("next_steps", _next_steps),
    ("unknown_questions", _unknown_questions),
    ("missing_questions", _missing_questions),
    ("explanation", _explanation),
):
    setattr(Result, _name, _Lazy(_name, _compute))


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


def _dimension_result(cell: DimensionCell, target: Level) -> DimensionResult:
    """The cell's result against this target, built on first use and kept in the cell."""
    floor = target.min_score
    result = DimensionResult(
        cell.dimension,
        cell.score,
        cell.level,
        cell.answered,
        cell.unknown,
        cell.missing,
        floor,
        floor - cell.score if cell.score < floor else 0.0,
    )
    cell.results[target.rank] = result
    return result


def score(model: Model, answers: Answers, target: str | None = None) -> Result:
    """Score a (possibly partial) set of answers against ``model``.

    ``target`` is a level id; None means the level above the result.
    Raises :class:`AnswerError` for unknown question, option or level ids.
    """
    tables = model.tables
    # Every question's option id (None: unanswered), then one table look-up per dimension.
    options = list(map(answers.get, tables.scoring_question_ids))
    found = tuple(map(getitem, tables.dimension_tables, map(tuple, map(options.__getitem__, tables.dimension_slices))))
    if None in found or len(options) - options.count(None) != len(answers):
        validate_answers(model, answers)  # an unknown question or option among them: raise, naming it
    cells = cast(tuple[DimensionCell, ...], found)
    overall = sum(map(_WEIGHTED, cells)) / tables.dimension_weight
    levels = model.levels
    score_level = levels[bisect_right(tables.level_ceilings, overall)]
    level = levels[min(score_level.rank, min(map(_RANK, cells)) + 1)]

    if target is None:
        target_level = levels[min(level.rank + 1, len(levels) - 1)]
    else:
        named = tables.levels.get(target)
        if named is None:
            known = ", ".join(lv.id for lv in levels)
            raise AnswerError(f"Unknown target level '{target}' (levels: {known}).")
        target_level = named
    rank = target_level.rank
    dimensions = tuple([cell.results[rank] or _dimension_result(cell, target_level) for cell in cells])
    return _result(model, cells, dimensions, overall, score_level, level, target_level)

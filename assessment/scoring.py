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
from operator import attrgetter, getitem, itemgetter
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from .errors import AnswerError
from .model import DimensionCell, Level, Model, Question, Step
from .model import DimensionResult as DimensionResult  # built with the score tables; still this module's API

Answers = Mapping[str, str]
Owner = TypeVar("Owner")
T = TypeVar("T")
_PAIRS = itemgetter(DimensionCell._fields.index("pairs"))
_UNKNOWN = itemgetter(DimensionCell._fields.index("unknown_questions"))
_MISSING = itemgetter(DimensionCell._fields.index("missing_questions"))
_SCORE = attrgetter("score")  # of a DimensionResult
_STEPS = itemgetter(3)  # of a climb in _next_steps
_new_object = object.__new__


@dataclass(frozen=True, init=False)
class Result:
    """Everything the app, the CLI and the exports show about one set of answers.

    :func:`score` computes the level, the overall score, the target and every dimension's
    score, level and gap when it builds a result. The presentation fields (``answers``,
    ``held_back_by``, ``weakest``, ``next_steps``, ``unknown_questions``,
    ``missing_questions``, ``explanation``) are computed on first read and then stored like
    the others (see :class:`LazyField`). Nothing else changes: all thirteen are dataclass
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
        # Every field given (dataclasses.replace() comes here too); score() builds its own.
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

    def __reduce__(self) -> tuple[type[Result], tuple[object, ...]]:
        # Copies and pickles carry the thirteen values, not the model the lazy ones come from.
        return Result, tuple(getattr(self, name) for name in self.__match_args__)

    @property
    def answered_count(self) -> int:
        return sum(d.answered for d in self.dimensions)

    def dimension(self, dimension_id: str) -> DimensionResult:
        for result in self.dimensions:
            if result.dimension.id == dimension_id:
                return result
        raise KeyError(dimension_id)


class LazyField(Generic[Owner, T]):
    """A frozen dataclass field computed on first read, then stored in the instance like any field.

    A non-data descriptor set on the class after the dataclass is built (so the dataclass
    still sees a plain field): a value in the instance's ``__dict__`` wins, so it runs once,
    and instances built with a value never run it. Writes still go through the frozen
    dataclass's ``__setattr__`` and raise. Unlike ``functools.cached_property`` on Python
    3.11 it takes no lock shared by all instances. Used by :class:`Result` and
    :class:`~assessment.link.LinkData`.
    """

    __slots__ = ("compute", "name")

    def __init__(self, name: str, compute: Callable[[Owner], T]) -> None:
        self.name = name
        self.compute = compute

    def __get__(self, instance: Owner | None, owner: type | None = None) -> T | LazyField[Owner, T]:
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
        gap = d.gap
        if gap > 0:
            climb = climbs_of[position].get((d.level.rank, target))
            if climb is not None:  # (weighted gap, effort of the first step, position, steps)
                climbs.append((-(gap * d.dimension.weight), climb[0], position, climb[1]))
    climbs.sort()  # positions differ: the steps are never compared
    return tuple(itertools.chain.from_iterable(map(_STEPS, climbs)))


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
    setattr(Result, _name, LazyField(_name, _compute))


def display_score(score: float) -> str:
    """A score as shown to people: whole points, rounded down so it never leaves its band."""
    return str(math.floor(score + 1e-9))


def display_gap(score: float, threshold: float) -> str:
    """A gap as shown beside a whole-point score: the target's threshold minus the shown score,
    never below 0, so that the shown score and the shown gap add up to the threshold."""
    if score >= threshold:
        return "0"
    return str(max(0, math.ceil(threshold - int(display_score(score)) - 1e-9)))


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
    # Every question's option id (None: unanswered), then one table look-up per dimension.
    options = list(map(answers.get, tables.scoring_question_ids))
    runs = zip(*[iter(options)] * tables.dimension_size)  # noqa: B905  (dimension_size ids per dimension)
    found = tuple(map(getitem, tables.dimension_tables, runs))
    if not all(found) or len(options) - options.count(None) != len(answers):
        validate_answers(model, answers)  # an unknown question or option among them: raise, naming it
    return _score_cells(model, cast(tuple[DimensionCell, ...], found), target)


def _score_cells(model: Model, cells: tuple[DimensionCell, ...], target: str | None = None) -> Result:
    """:func:`score` once the answers' cells are found: one per dimension, from ``model.tables``
    (``dimension_tables``, or ``link_tables`` when decoding a link)."""
    tables = model.tables
    # The cells' first three fields as columns, in one pass (zip reads the tuples in C).
    columns = zip(*cells)  # noqa: B905  (tuples of one length; a strict= keyword costs more than the rest)
    weighted, ranks, results = next(columns, ()), next(columns, ()), next(columns, ())
    overall = sum(weighted) / tables.dimension_weight
    levels = model.levels
    score_level = levels[bisect_right(tables.level_ceilings, overall)]
    level = levels[min(score_level.rank, min(ranks) + 1)]

    if target is None:
        target_level = levels[min(level.rank + 1, len(levels) - 1)]
    else:
        named = tables.levels.get(target)
        if named is None:
            known = ", ".join(lv.id for lv in levels)
            raise AnswerError(f"Unknown target level '{target}' (levels: {known}).")
        target_level = named
    dimensions: tuple[DimensionResult, ...] = tuple(map(getitem, results, itertools.repeat(target_level.rank)))

    # The presentation fields are left to compute from model and cells (LazyField); like
    # DimensionResult, no per-field object.__setattr__, and the instance stays frozen.
    result = _new_object(Result)
    result.__dict__.update(
        model_version=model.version,
        dimensions=dimensions,
        overall=overall,
        score_level=score_level,
        level=level,
        target=target_level,
        _model=model,
        _cells=cells,
    )
    return result

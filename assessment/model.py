"""The maturity model as frozen, typed data: what the loader builds from ``content/``."""

from __future__ import annotations

import itertools
import math
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .scoring import DimensionResult

Effort = Literal["low", "medium", "high"]
EFFORT_ORDER: dict[str, int] = {"low": 0, "medium": 1, "high": 2}
# How a results link writes "Not sure" (valued options are their index, "0".."4"); see link.py.
LINK_UNSURE_CHAR = "n"
# A dimension's score table holds one cell per combination of its questions' answers (every
# option or unanswered): 7**3 = 343 for three six-option questions. Beyond this many it
# starts empty and fills as answer combinations are met, up to the same bound.
MAX_CELLS_PER_DIMENSION = 4096


@dataclass(frozen=True)
class Level:
    """One rung of the maturity ladder, covering ``[min_score, max_score)`` of 0–100."""

    id: str
    name: str
    description: str
    min_score: float
    max_score: float
    rank: int


@dataclass(frozen=True)
class Option:
    """One answer on a scale; ``value`` is None for the "Not sure" option."""

    id: str
    label: str
    value: float | None

    @property
    def unsure(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Scale:
    """Ordered answer options shared between questions, lowest value first, "Not sure" last."""

    id: str
    name: str
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option | None:
        """The option with this id, or None."""
        for option in self.options:
            if option.id == option_id:
                return option
        return None

    @property
    def valued_options(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if not o.unsure)


@dataclass(frozen=True)
class Dimension:
    """One axis of the radar: a question every real strategy has to answer."""

    id: str
    name: str
    short: str
    question: str
    description: str
    weight: float
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    """A questionnaire item; ``key`` is its permanent position inside results links."""

    id: str
    key: int
    dimension: str
    text: str
    help: str
    scale: str
    weight: float
    sources: tuple[str, ...]
    added: int


@dataclass(frozen=True)
class Recommendation:
    """A concrete step that lifts a dimension out of ``from_level`` to the next level."""

    id: str
    dimension: str
    from_level: str
    step: str
    effort: Effort
    sources: tuple[str, ...]


@dataclass(frozen=True)
class SeedDigest:
    """The project's digest of one source blog post."""

    file: str
    title: str
    ideas: tuple[str, ...]
    content_ids: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    """One recommendation as a step on a roadmap: it climbs ``dimension`` from one level to the next."""

    recommendation: Recommendation
    dimension: Dimension
    from_level: Level
    to_level: Level


_INVALID = object()  # an option id the question's scale does not have

# One dimension's answers, as the option id (None: unanswered) of each of its questions in order.
AnswerKey = tuple[str | None, ...]


class DimensionCell:
    """Everything one combination of a dimension's answers scores, computed once per model.

    ``score`` is the weighted mean of the question values × 100, summed question by question
    in questionnaire order; ``weighted`` is ``score`` × the dimension's weight. ``pairs``
    holds the (question id, option id) of every given answer ("Not sure" included).
    ``results`` keeps the cell's :class:`~assessment.scoring.DimensionResult` per target level
    rank once scoring has built it (they are immutable, so results share them).
    """

    __slots__ = (
        "answered",
        "dimension",
        "level",
        "missing",
        "missing_questions",
        "pairs",
        "rank",
        "results",
        "score",
        "unknown",
        "unknown_questions",
        "weighted",
    )

    def __init__(
        self,
        dimension: Dimension,
        score: float,
        weighted: float,
        level: Level,
        answered: int,
        unknown: int,
        missing: int,
        pairs: tuple[tuple[str, str], ...],
        unknown_questions: tuple[Question, ...],
        missing_questions: tuple[Question, ...],
        level_count: int,
    ) -> None:
        self.dimension = dimension
        self.score = score
        self.weighted = weighted
        self.level = level
        self.rank = level.rank
        self.answered = answered
        self.unknown = unknown
        self.missing = missing
        self.pairs = pairs
        self.unknown_questions = unknown_questions
        self.missing_questions = missing_questions
        self.results: list[DimensionResult | None] = [None] * level_count


class DimensionTable(dict[AnswerKey, "DimensionCell | None"]):
    """A dimension's cells by :data:`AnswerKey`. Look up with ``table[key]``: a key met for the
    first time (only possible for a dimension over :data:`MAX_CELLS_PER_DIMENSION`) is scored
    then; a key with an option its question does not have gives None."""

    def __init__(
        self,
        dimension: Dimension,
        plan: tuple[tuple[Question, dict[str, float | None]], ...],
        total: float,
        levels: tuple[Level, ...],
        level_ceilings: list[float],
    ) -> None:
        super().__init__()
        self.dimension = dimension
        self.plan = plan
        self.total = total
        self.levels = levels
        self.level_ceilings = level_ceilings
        self.size = math.prod(len(values) + 1 for _, values in plan)
        if plan and total > 0 and self.size <= MAX_CELLS_PER_DIMENSION:
            for key in itertools.product(*([*values, None] for _, values in plan)):
                self[key] = self.cell(key)

    def __missing__(self, key: AnswerKey) -> DimensionCell | None:
        cell = self.cell(key)
        if cell is not None and len(self) < MAX_CELLS_PER_DIMENSION:
            self[key] = cell
        return cell

    def cell(self, key: AnswerKey) -> DimensionCell | None:
        """Score one combination of answers (None if an option id is not on its question's scale)."""
        earned = 0.0
        answered = unknown = missing = 0
        pairs: list[tuple[str, str]] = []
        unknown_questions: list[Question] = []
        missing_questions: list[Question] = []
        for (question, values), option_id in zip(self.plan, key, strict=True):
            if option_id is None:
                missing += 1
                missing_questions.append(question)
                continue
            value = values.get(option_id, _INVALID)
            if value is _INVALID:
                return None
            pairs.append((question.id, option_id))
            if value is None:
                unknown += 1
                unknown_questions.append(question)
            else:
                answered += 1
                earned += question.weight * value  # type: ignore[operator]
        score = 100.0 * earned / self.total
        return DimensionCell(
            self.dimension,
            score,
            self.dimension.weight * score,
            self.levels[bisect_right(self.level_ceilings, score)],
            answered,
            unknown,
            missing,
            tuple(pairs),
            tuple(unknown_questions),
            tuple(missing_questions),
            len(self.levels),
        )


class _Tables:
    """Lookup tables derived once from a model, so that scoring and links never scan lists."""

    def __init__(self, model: Model) -> None:
        self.levels = {level.id: level for level in model.levels}
        self.scales = {scale.id: scale for scale in model.scales}
        self.dimensions = {dimension.id: dimension for dimension in model.dimensions}
        self.questions = {question.id: question for question in model.questions}
        self.questions_of: dict[str, tuple[Question, ...]] = {
            d.id: tuple(q for q in model.questions if q.dimension == d.id) for d in model.dimensions
        }
        self.option_values: dict[str, dict[str, float | None]] = {
            q.id: {o.id: o.value for o in self.scales[q.scale].options} for q in model.questions
        }
        self.scoring_plan: tuple[tuple[Dimension, float, tuple[tuple[Question, dict[str, float | None]], ...]], ...] = (
            tuple(
                (
                    d,
                    sum(q.weight for q in self.questions_of[d.id]),
                    tuple((q, self.option_values[q.id]) for q in self.questions_of[d.id]),
                )
                for d in model.dimensions
            )
        )
        keys = [q.key for q in model.questions] + list(model.retired_question_keys)
        self.link_slots = max(keys) + 1 if keys else 0
        # Per link position: the question id and its options by link character.
        self.link_chars: list[tuple[str, dict[str, str]] | None] = [None] * self.link_slots
        for q in model.questions:
            options = self.scales[q.scale].options
            chars = {str(i): o.id for i, o in enumerate(options) if not o.unsure}
            chars[LINK_UNSURE_CHAR] = options[-1].id  # the loader guarantees "Not sure" comes last
            self.link_chars[q.key] = (q.id, chars)
        self.dimension_weight = sum(d.weight for d in model.dimensions)
        self.level_ceilings = [level.max_score for level in model.levels[:-1]]
        # Scoring from a mapping of answers: look every question id up in one pass (in scoring
        # plan order), then each dimension's slice of that list is the key to its table.
        self.scoring_question_ids = tuple(q.id for _, _, plan in self.scoring_plan for q, _ in plan)
        self.dimension_slices: list[slice] = []
        start = 0
        for _, _, plan in self.scoring_plan:
            self.dimension_slices.append(slice(start, start + len(plan)))
            start += len(plan)
        self.dimension_tables = tuple(
            DimensionTable(d, plan, total, model.levels, self.level_ceilings) for d, total, plan in self.scoring_plan
        )
        self.steps: dict[tuple[str, str], tuple[Step, ...]] = {}
        for dimension in model.dimensions:
            for lower, upper in zip(model.levels, model.levels[1:], strict=False):
                recommendations = sorted(
                    (r for r in model.recommendations if r.dimension == dimension.id and r.from_level == lower.id),
                    key=lambda r: EFFORT_ORDER[r.effort],
                )
                self.steps[dimension.id, lower.id] = tuple(Step(r, dimension, lower, upper) for r in recommendations)
        # Per dimension position, from level rank and target rank: every step of that climb.
        self.climbs: list[dict[tuple[int, int], tuple[Step, ...]]] = [
            {
                (low, high): tuple(
                    step for rank in range(low, high) for step in self.steps[dimension.id, model.levels[rank].id]
                )
                for low in range(len(model.levels))
                for high in range(low + 1, len(model.levels))
            }
            for dimension in model.dimensions
        ]


@dataclass(frozen=True)
class Model:
    """The whole validated model. Build it with :func:`assessment.loader.load_model`."""

    version: int
    levels: tuple[Level, ...]
    scales: tuple[Scale, ...]
    dimensions: tuple[Dimension, ...]
    questions: tuple[Question, ...]
    recommendations: tuple[Recommendation, ...]
    seeds: tuple[SeedDigest, ...]
    retired_question_keys: tuple[int, ...] = ()
    tables: _Tables = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tables", _Tables(self))

    def level(self, level_id: str) -> Level | None:
        return self.tables.levels.get(level_id)

    def scale(self, scale_id: str) -> Scale:
        return self.tables.scales[scale_id]

    def dimension(self, dimension_id: str) -> Dimension:
        return self.tables.dimensions[dimension_id]

    def question(self, question_id: str) -> Question | None:
        return self.tables.questions.get(question_id)

    def questions_of(self, dimension_id: str) -> tuple[Question, ...]:
        """The questions of one dimension, in questionnaire order."""
        return self.tables.questions_of.get(dimension_id, ())

    def scale_of(self, question: Question) -> Scale:
        return self.tables.scales[question.scale]

    def level_for_score(self, score: float) -> Level:
        """The level whose band holds ``score`` (0–100; 100 belongs to the top level)."""
        return self.levels[bisect_right(self.tables.level_ceilings, score)]

    def next_level(self, level: Level) -> Level:
        """The level above ``level``, or ``level`` itself at the top."""
        return self.levels[min(level.rank + 1, len(self.levels) - 1)]

    def steps_from(self, dimension_id: str, from_level: str) -> tuple[Step, ...]:
        """The roadmap steps that climb ``dimension_id`` out of ``from_level``, low effort first."""
        return self.tables.steps.get((dimension_id, from_level), ())

    @property
    def link_slots(self) -> int:
        """How many answer positions a results link of this version carries."""
        return self.tables.link_slots

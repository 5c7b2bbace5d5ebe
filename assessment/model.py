"""The maturity model's types: what the loader builds from ``content/``. Types only, no rules.

Ids are typed (``NewType`` over ``str``) where they cross module boundaries, so that a
question id is never passed where a level id belongs. Look-ups take plain strings,
because ids also arrive from outside (links, JSON files, the command line).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NewType

LevelId = NewType("LevelId", str)
ScaleId = NewType("ScaleId", str)
OptionId = NewType("OptionId", str)
DimensionId = NewType("DimensionId", str)
QuestionId = NewType("QuestionId", str)
RecommendationId = NewType("RecommendationId", str)

Effort = Literal["low", "medium", "high"]
EFFORTS: tuple[Effort, ...] = ("low", "medium", "high")  # lowest first


@dataclass(frozen=True)
class Level:
    """One rung of the maturity ladder, covering ``[min_score, max_score)`` of 0–100."""

    id: LevelId
    name: str
    description: str
    min_score: float
    max_score: float
    rank: int  # 0 for the lowest level


@dataclass(frozen=True)
class Option:
    """One answer on a scale; ``value`` is None for the "Not sure" option."""

    id: OptionId
    label: str
    value: float | None

    @property
    def unsure(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Scale:
    """Ordered answer options shared between questions, lowest value first, "Not sure" last."""

    id: ScaleId
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

    id: DimensionId
    name: str
    short: str
    question: str
    description: str
    weight: float
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    """A questionnaire item; ``key`` is its permanent position inside results links."""

    id: QuestionId
    key: int
    dimension: DimensionId
    text: str
    help: str
    scale: ScaleId
    weight: float
    sources: tuple[str, ...]
    added: int  # the content version that introduced it


@dataclass(frozen=True)
class Recommendation:
    """A concrete step that lifts a dimension out of ``from_level`` to the next level."""

    id: RecommendationId
    dimension: DimensionId
    from_level: LevelId
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
class Model:
    """The whole validated model. Build it with :func:`assessment.loader.load_model`."""

    version: int
    levels: tuple[Level, ...]  # lowest first
    scales: tuple[Scale, ...]
    dimensions: tuple[Dimension, ...]  # in questionnaire and radar order
    questions: tuple[Question, ...]  # in questionnaire order
    recommendations: tuple[Recommendation, ...]
    seeds: tuple[SeedDigest, ...]
    retired_question_keys: tuple[int, ...] = ()

    def level(self, level_id: str) -> Level | None:
        """The level with this id, or None."""
        return next((level for level in self.levels if level.id == level_id), None)

    def dimension(self, dimension_id: str) -> Dimension:
        """The dimension with this id (the loader guarantees every referenced one exists)."""
        return next(d for d in self.dimensions if d.id == dimension_id)

    def question(self, question_id: str) -> Question | None:
        """The question with this id, or None."""
        return next((q for q in self.questions if q.id == question_id), None)

    def questions_of(self, dimension_id: str) -> tuple[Question, ...]:
        """The questions of one dimension, in questionnaire order."""
        return tuple(q for q in self.questions if q.dimension == dimension_id)

    def scale_of(self, question: Question) -> Scale:
        """The answer scale a question uses."""
        return next(s for s in self.scales if s.id == question.scale)

    def seed(self, file: str) -> SeedDigest | None:
        """The digest of the seed post with this file name, or None."""
        return next((s for s in self.seeds if s.file == file), None)

    def next_level(self, level: Level) -> Level:
        """The level above ``level``, or ``level`` itself at the top."""
        return self.levels[min(level.rank + 1, len(self.levels) - 1)]

    @property
    def top_level(self) -> Level:
        return self.levels[-1]

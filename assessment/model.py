"""The maturity model as frozen, typed data: what the loader builds from ``content/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Effort = Literal["low", "medium", "high"]
EFFORT_ORDER: dict[str, int] = {"low": 0, "medium": 1, "high": 2}
UNSURE_OPTION_ID = "unsure"


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
    _index: dict[str, object] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, object] = {}
        object.__setattr__(self, "_index", index)
        for level in self.levels:
            index["level:" + level.id] = level
        for scale in self.scales:
            index["scale:" + scale.id] = scale
        for dimension in self.dimensions:
            index["dimension:" + dimension.id] = dimension
        for question in self.questions:
            index["question:" + question.id] = question
            index[f"key:{question.key}"] = question

    def level(self, level_id: str) -> Level | None:
        found = self._index.get("level:" + level_id)
        return found if isinstance(found, Level) else None

    def scale(self, scale_id: str) -> Scale:
        found = self._index["scale:" + scale_id]
        assert isinstance(found, Scale)
        return found

    def dimension(self, dimension_id: str) -> Dimension:
        found = self._index["dimension:" + dimension_id]
        assert isinstance(found, Dimension)
        return found

    def question(self, question_id: str) -> Question | None:
        found = self._index.get("question:" + question_id)
        return found if isinstance(found, Question) else None

    def questions_of(self, dimension_id: str) -> tuple[Question, ...]:
        """The questions of one dimension, in questionnaire order."""
        return tuple(q for q in self.questions if q.dimension == dimension_id)

    def scale_of(self, question: Question) -> Scale:
        return self.scale(question.scale)

    def level_for_score(self, score: float) -> Level:
        """The level whose band holds ``score`` (0–100; 100 belongs to the top level)."""
        for level in self.levels:
            if score < level.max_score:
                return level
        return self.levels[-1]

    def next_level(self, level: Level) -> Level:
        """The level above ``level``, or ``level`` itself at the top."""
        return self.levels[min(level.rank + 1, len(self.levels) - 1)]

    def recommendations_for(self, dimension_id: str, from_level: str) -> tuple[Recommendation, ...]:
        return tuple(r for r in self.recommendations if r.dimension == dimension_id and r.from_level == from_level)

    @property
    def link_slots(self) -> int:
        """How many answer positions a results link of this version carries."""
        keys = [q.key for q in self.questions] + list(self.retired_question_keys)
        return max(keys) + 1 if keys else 0

    def question_by_key(self, key: int) -> Question | None:
        found = self._index.get(f"key:{key}")
        return found if isinstance(found, Question) else None

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
ConditionId = NewType("ConditionId", str)

Effort = Literal["low", "medium", "high"]
EFFORTS: tuple[Effort, ...] = ("low", "medium", "high")  # lowest first
# Which questionnaire: the full assessment, or the quick check (its questions in content/quick.toml).
Variant = Literal["full", "quick"]
VARIANTS: tuple[Variant, ...] = ("full", "quick")
# What kind of answer an option is: a valued answer, "Not sure", "does not apply to us", or a plain
# fact about the business (an option of a fact scale: never scored).
OptionKind = Literal["scored", "unsure", "not_applicable", "fact"]
NOT_APPLICABLE = OptionId("not_applicable")  # the option id of every "does not apply" answer


@dataclass(frozen=True)
class Level:
    """One rung of the maturity ladder, covering ``[min_score, max_score)`` of 0–100."""

    id: LevelId
    name: str
    summary: str  # the level in one phrase, as explanations use it
    description: str
    min_score: float
    max_score: float
    rank: int  # 0 for the lowest level


@dataclass(frozen=True)
class Option:
    """One answer to a question; ``value`` (0–1) is None for "Not sure" and "does not apply"."""

    id: OptionId
    label: str
    value: float | None
    kind: OptionKind = "scored"

    @property
    def unsure(self) -> bool:
        return self.kind == "unsure"

    @property
    def not_applicable(self) -> bool:
        return self.kind == "not_applicable"


@dataclass(frozen=True)
class Scale:
    """Ordered answer options shared between questions, lowest value first, "Not sure" last.

    A fact scale (``fact``) holds plain facts about the business, such as how many networks it
    uses: its options have no value and no "Not sure", and questions on it are never scored.
    """

    id: ScaleId
    name: str
    options: tuple[Option, ...]
    fact: bool = False

    def option(self, option_id: str) -> Option | None:
        """The option with this id, or None."""
        for option in self.options:
            if option.id == option_id:
                return option
        return None

    @property
    def valued_options(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.kind == "scored")


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
    # The fact question and answer that make the whole dimension not apply, e.g. one network.
    not_applicable_when: tuple[QuestionId, OptionId] | None = None


@dataclass(frozen=True)
class Question:
    """A questionnaire item; ``key`` is its permanent position inside results links."""

    id: QuestionId
    key: int
    dimension: DimensionId
    topic: str  # what it is about in a few words: "because you said ... about <topic>"
    text: str
    help: str
    scale: ScaleId
    weight: float  # 0 for a fact question, which is never scored
    sources: tuple[str, ...]
    added: int  # the content version that introduced it
    not_applicable: str = ""  # the label of its "does not apply" answer; "" when it has none
    fact: bool = False  # asked on a fact scale: a plain fact about the business, never scored


@dataclass(frozen=True)
class Recommendation:
    """A concrete step, written once, called for by the weak answers listed in ``answers``."""

    id: RecommendationId
    answers: tuple[tuple[QuestionId, OptionId], ...]  # (question id, option id) pairs that call for it
    step: str
    effort: Effort
    sources: tuple[str, ...]

    def answers_to(self, question_id: str, option_id: str) -> bool:
        """Whether the answer ``option_id`` to ``question_id`` calls for this step."""
        return (question_id, option_id) in self.answers


@dataclass(frozen=True)
class Condition:
    """A condition of a level: an answer the posts call disqualifying caps the level at ``highest``
    whatever the other answers add up to (see :func:`assessment.scoring.condition_checks`)."""

    id: ConditionId
    question: QuestionId
    fails: tuple[OptionId, ...]  # the answers that fail it
    highest: LevelId  # the highest level a business that fails it can reach
    says: str  # what failing means: "new efforts are dropped within weeks"
    needs: str  # what it asks for: "new efforts run for months before they are judged"
    sources: tuple[str, ...]


@dataclass(frozen=True)
class SeedDigest:
    """The project's digest of one source blog post."""

    file: str
    title: str
    gist: str  # the post's point in one line, shown beside its title
    ideas: tuple[str, ...]  # the author's ideas
    comments: tuple[str, ...]  # ideas from readers' comments under the post, kept apart
    content_ids: tuple[str, ...]


@dataclass(frozen=True)
class LinkSlot:
    """One answer position of an earlier version's results links."""

    key: int
    question: QuestionId
    options: tuple[OptionId, ...]  # valued (or fact) options, by their link character "0", "1", ...
    unsure: OptionId | None  # the "Not sure" option ("n"); None for a fact question, which has none
    not_applicable: bool = False  # whether it offered "does not apply" ("x")


@dataclass(frozen=True)
class LinkLayout:
    """How results links of an earlier content version are read (``content/history.toml``)."""

    version: int
    slots: tuple[LinkSlot, ...]


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
    retired_ids: tuple[str, ...] = ()
    link_history: tuple[LinkLayout, ...] = ()  # earlier versions' link layouts, oldest first
    conditions: tuple[Condition, ...] = ()  # content/conditions.toml, in file order
    quick_questions: tuple[QuestionId, ...] = ()  # the quick check's questions (content/quick.toml)
    quick_gating_margin: float = 0.0  # points the quick check's gating takes off each estimate (quick.toml)
    quick_weak_key_cap: float = 100.0  # the most a quick estimate can be when its key answer is weak (quick.toml)

    def level(self, level_id: str) -> Level | None:
        """The level with this id, or None."""
        return next((level for level in self.levels if level.id == level_id), None)

    def dimension(self, dimension_id: str) -> Dimension:
        """The dimension with this id (the loader guarantees every referenced one exists)."""
        return next(d for d in self.dimensions if d.id == dimension_id)

    def question(self, question_id: str) -> Question | None:
        """The question with this id, or None."""
        return next((q for q in self.questions if q.id == question_id), None)

    def questions_of(self, dimension_id: str, variant: Variant = "full") -> tuple[Question, ...]:
        """The scored questions of one dimension that ``variant`` asks, in questionnaire order
        (fact questions are asked on a dimension's page but belong to no score)."""
        return tuple(q for q in self.questions_in(variant) if q.dimension == dimension_id and not q.fact)

    def questions_in(self, variant: Variant) -> tuple[Question, ...]:
        """The questions a variant asks, in questionnaire order: all of them, or the quick check's."""
        if variant == "full":
            return self.questions
        return tuple(q for q in self.questions if q.id in self.quick_questions)

    def questions_on_page(self, dimension_id: str, variant: Variant = "full") -> tuple[Question, ...]:
        """What a dimension's page of the questionnaire asks: its fact questions and its scored ones."""
        return tuple(q for q in self.questions_in(variant) if q.dimension == dimension_id)

    @property
    def scored_questions(self) -> tuple[Question, ...]:
        """Every question that is scored: all but the fact questions."""
        return tuple(q for q in self.questions if not q.fact)

    def gating_margin(self, variant: Variant) -> float:
        """Points the gating rule takes off each dimension's score: none in the full assessment,
        ``quick_gating_margin`` in the quick check (see :func:`assessment.scoring.gating_level`)."""
        return 0.0 if variant == "full" else self.quick_gating_margin

    def scale_of(self, question: Question) -> Scale:
        """The answer scale a question uses."""
        return next(s for s in self.scales if s.id == question.scale)

    def options_of(self, question: Question) -> tuple[Option, ...]:
        """Every answer a question offers: its scale's options, then its "does not apply" answer if it has one."""
        options = self.scale_of(question).options
        if question.not_applicable:
            options = (*options, Option(NOT_APPLICABLE, question.not_applicable, None, "not_applicable"))
        return options

    def option(self, question: Question, option_id: str) -> Option | None:
        """The answer with this id on ``question``, or None."""
        return next((o for o in self.options_of(question) if o.id == option_id), None)

    def layout(self, version: int) -> LinkLayout | None:
        """How links of an earlier content ``version`` are read, or None."""
        return next((layout for layout in self.link_history if layout.version == version), None)

    def condition_on(self, question_id: str) -> tuple[Condition, ...]:
        """The conditions decided by the answer to ``question_id``."""
        return tuple(c for c in self.conditions if c.question == question_id)

    def seed(self, file: str) -> SeedDigest | None:
        """The digest of the seed post with this file name, or None."""
        return next((s for s in self.seeds if s.file == file), None)

    def next_level(self, level: Level) -> Level:
        """The level above ``level``, or ``level`` itself at the top."""
        return self.levels[min(level.rank + 1, len(self.levels) - 1)]

    @property
    def top_level(self) -> Level:
        return self.levels[-1]

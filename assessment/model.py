"""The maturity model as frozen, typed data: what the loader builds from ``content/``."""

from __future__ import annotations

import functools
import itertools
import math
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, cast

Effort = Literal["low", "medium", "high"]
EFFORT_ORDER: dict[str, int] = {"low": 0, "medium": 1, "high": 2}
# How a results link writes "Not sure" (valued options are their index, "0".."4"); see link.py.
LINK_UNSURE_CHAR = "n"
LINK_MISSING_CHAR = "-"  # an unanswered question
NO_QUESTION_ID = "\x00"  # pads dimensions to one length in scoring look-ups (see _Tables)
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


@dataclass(frozen=True, init=False)
class DimensionResult:
    """One dimension's score, level, answer counts and gap to the target level.

    Part of a :class:`~assessment.scoring.Result` (and exported from ``scoring``); defined
    here because the score tables build every one a model can give, once.
    """

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
        # per instance here against 0.5 µs for this (the score tables build a few thousand).
        # The instance stays frozen: later assignments still raise.
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


_INVALID = object()  # an option id the question's scale does not have
_new_tuple = tuple.__new__

# One dimension's answers, as the option id (None: unanswered) of each of its questions in order.
AnswerKey = tuple[str | None, ...]
# While tabulating: a key so far, its earned points, answer counts, answers and question lists.
_Partial = tuple[
    AnswerKey, float, int, int, int, tuple[tuple[str, str], ...], tuple["Question", ...], tuple["Question", ...]
]


class DimensionCell(NamedTuple):
    """Everything one combination of a dimension's answers scores, computed once per model.

    ``score`` is the weighted mean of the question values × 100, summed question by question
    in questionnaire order; ``weighted`` is ``score`` × the dimension's weight. ``pairs``
    holds the (question id, option id) of every given answer ("Not sure" included).
    ``results`` holds the cell's :class:`DimensionResult` against each target level, by rank
    (immutable, so every result and every cell with the same score and counts shares them).
    A tuple, and these three fields first, so that scoring reads them for all dimensions
    with one ``zip``.
    """

    weighted: float
    rank: int
    results: tuple[DimensionResult, ...]
    dimension: Dimension
    score: float
    level: Level
    answered: int
    unknown: int
    missing: int
    pairs: tuple[tuple[str, str], ...]
    unknown_questions: tuple[Question, ...]
    missing_questions: tuple[Question, ...]


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
        key_length: int,
    ) -> None:
        super().__init__()
        self.dimension = dimension
        self.plan = plan
        self.total = total
        self.levels = levels
        self.level_ceilings = level_ceilings
        self.padding: AnswerKey = (None,) * (key_length - len(plan))
        self.size = math.prod(len(values) + 1 for _, values in plan)
        # What cells with the same score and counts share: their first nine fields, the results
        # by target rank and the weighted score among them (fewer objects for scoring to touch).
        self.shared: dict[tuple[float, int, int, int], tuple[object, ...]] = {}
        if plan and total > 0 and self.size <= MAX_CELLS_PER_DIMENSION:
            self._tabulate()

    def _tabulate(self) -> None:
        """Every cell, in ``itertools.product`` order of the questions' options (then None).

        Question by question, each partial combination is extended by every answer, so a
        cell costs one step rather than a loop over its questions; the arithmetic is the
        loop's own (:meth:`cell`), in the same order, so the floats are identical.
        """
        partial: list[_Partial] = [((), 0.0, 0, 0, 0, (), (), ())]
        for question, values in self.plan:
            extended: list[_Partial] = []
            for key, earned, answered, unknown, missing, pairs, unknown_qs, missing_qs in partial:
                for option_id, value in values.items():
                    unsure = value is None  # "Not sure": counted apart, earns nothing
                    extended.append(
                        (
                            (*key, option_id),
                            earned if value is None else earned + question.weight * value,
                            answered + (not unsure),
                            unknown + unsure,
                            missing,
                            (*pairs, (question.id, option_id)),
                            (*unknown_qs, question) if unsure else unknown_qs,
                            missing_qs,
                        )
                    )
                extended.append(
                    ((*key, None), earned, answered, unknown, missing + 1, pairs, unknown_qs, (*missing_qs, question))
                )
            partial = extended
        for key, earned, answered, unknown, missing, pairs, unknown_qs, missing_qs in partial:
            self[key + self.padding] = self._cell(earned, answered, unknown, missing, pairs, unknown_qs, missing_qs)

    def __missing__(self, key: AnswerKey) -> DimensionCell | None:
        cell = self.cell(key)
        if cell is not None and len(self) < MAX_CELLS_PER_DIMENSION:
            self[key] = cell
        return cell

    def cell(self, key: AnswerKey) -> DimensionCell | None:
        """Score one combination of answers (None if an option id is not on its question's scale,
        or if the padding after the dimension's own answers holds anything)."""
        if key[len(self.plan) :] != self.padding:
            return None
        earned = 0.0
        answered = unknown = missing = 0
        pairs: list[tuple[str, str]] = []
        unknown_questions: list[Question] = []
        missing_questions: list[Question] = []
        for (question, values), option_id in zip(self.plan, key, strict=False):
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
        return self._cell(
            earned, answered, unknown, missing, tuple(pairs), tuple(unknown_questions), tuple(missing_questions)
        )

    def _cell(
        self,
        earned: float,
        answered: int,
        unknown: int,
        missing: int,
        pairs: tuple[tuple[str, str], ...],
        unknown_questions: tuple[Question, ...],
        missing_questions: tuple[Question, ...],
    ) -> DimensionCell:
        score = 100.0 * earned / self.total
        shared = self.shared.get((score, answered, unknown, missing))
        if shared is None:
            level = self.levels[bisect_right(self.level_ceilings, score)]
            results = tuple(
                DimensionResult(
                    self.dimension,
                    score,
                    level,
                    answered,
                    unknown,
                    missing,
                    target.min_score,
                    target.min_score - score if score < target.min_score else 0.0,
                )
                for target in self.levels
            )
            weighted = self.dimension.weight * score
            shared = (weighted, level.rank, results, self.dimension, score, level, answered, unknown, missing)
            if len(self.shared) < MAX_CELLS_PER_DIMENSION:
                self.shared[score, answered, unknown, missing] = shared
        # The cell's first nine fields are the shared ones; tuple.__new__ skips NamedTuple's own.
        return _new_tuple(DimensionCell, (*shared, pairs, unknown_questions, missing_questions))


def _pick(layout: tuple[int, ...], text: str) -> tuple[str, ...]:
    return tuple(map(text.__getitem__, layout))


class _AnyCharacter(dict[str, "tuple[str, str] | None"]):
    """The decoder of a retired link position: whatever it holds is ignored."""

    def __missing__(self, key: str) -> None:
        return None


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
        # The same per position, for decoding in one pass: link character -> (question id,
        # option id); the unanswered character and any character of a retired position -> None.
        self.link_decoders: tuple[dict[str, tuple[str, str] | None], ...] = tuple(
            _AnyCharacter()
            if slot is None
            else {**{c: (slot[0], o) for c, o in slot[1].items()}, LINK_MISSING_CHAR: None}
            for slot in self.link_chars
        )
        self.dimension_weight = sum(d.weight for d in model.dimensions)
        self.level_ceilings = [level.max_score for level in model.levels[:-1]]
        # Scoring from a mapping of answers: look every question id up in one pass, each
        # dimension's questions in a run of the same length (the longest dimension's, padded
        # with an id no question has), so that zip() cuts the list into the tables' keys.
        self.dimension_size = max((len(plan) for _, _, plan in self.scoring_plan), default=0)
        self.scoring_question_ids = tuple(
            question_id
            for _, _, plan in self.scoring_plan
            for question_id in [*(q.id for q, _ in plan), *[NO_QUESTION_ID] * (self.dimension_size - len(plan))]
        )
        self.dimension_tables = tuple(
            DimensionTable(d, plan, total, model.levels, self.level_ceilings, self.dimension_size)
            for d, total, plan in self.scoring_plan
        )
        self._link_tables(model)
        self.steps: dict[tuple[str, str], tuple[Step, ...]] = {}
        for dimension in model.dimensions:
            for lower, upper in zip(model.levels, model.levels[1:], strict=False):
                recommendations = sorted(
                    (r for r in model.recommendations if r.dimension == dimension.id and r.from_level == lower.id),
                    key=lambda r: EFFORT_ORDER[r.effort],
                )
                self.steps[dimension.id, lower.id] = tuple(Step(r, dimension, lower, upper) for r in recommendations)
        # Per dimension position, by (from level rank, target rank): every step of that climb and
        # the effort of its first (the roadmap's tie-break); climbs without steps left out.
        self.climbs: list[dict[tuple[int, int], tuple[int, tuple[Step, ...]]]] = []
        for dimension in model.dimensions:
            climbs: dict[tuple[int, int], tuple[int, tuple[Step, ...]]] = {}
            for low in range(len(model.levels)):
                for high in range(low + 1, len(model.levels)):
                    steps = tuple(
                        step for rank in range(low, high) for step in self.steps[dimension.id, model.levels[rank].id]
                    )
                    if steps:
                        climbs[low, high] = (EFFORT_ORDER[steps[0].recommendation.effort], steps)
            self.climbs.append(climbs)

    def _link_tables(self, model: Model) -> None:
        """Decoding a link straight into dimension cells (``link_layout``, ``link_tables``).

        The link's answer characters are cut into runs of ``dimension_size``, one run per
        dimension (its questions' characters, padded with the unanswered character), and each
        run is looked up in a table of every readable combination, which gives the very cell
        scoring would find. When the questions sit in the link dimension by dimension, as they
        do until a question is added to a dimension later, the runs are the link's own
        characters; otherwise ``link_layout`` picks them out. Only when every dimension is
        tabled in full; otherwise ``link_tables`` is None and links are decoded character by
        character (``link_decoders``), as the answers dict always is.
        """
        self.link_layout: Callable[[str], tuple[str, ...]] | None = None
        self.link_tables: tuple[dict[tuple[str, ...], DimensionCell], ...] | None = None
        positions = [tuple(q.key for q, _ in plan) for _, _, plan in self.scoring_plan]
        if any(len(table) != table.size for table in self.dimension_tables):
            return
        # Where each run's characters come from; link_slots is the padding character appended.
        layout = tuple(
            key for keys in positions for key in [*keys, *[self.link_slots] * (self.dimension_size - len(keys))]
        )
        if layout != tuple(range(self.link_slots)):
            self.link_layout = functools.partial(_pick, layout)
        tables: list[dict[tuple[str, ...], DimensionCell]] = []
        for keys, cells in zip(positions, self.dimension_tables, strict=True):
            # The tables hold their cells in itertools.product order of each question's options
            # then unanswered (DimensionTable._tabulate): the same product of link characters
            # names them.
            characters = []
            for key in keys:
                question_id, chars = cast(tuple[str, dict[str, str]], self.link_chars[key])
                char_of = {option_id: char for char, option_id in chars.items()}
                options = self.option_values[question_id]  # in the order the table was built
                characters.append([*(char_of[option_id] for option_id in options), LINK_MISSING_CHAR])
            padding = [(LINK_MISSING_CHAR,)] * (self.dimension_size - len(keys))
            runs = itertools.product(*characters, *padding)
            tables.append(dict(zip(runs, cast(Iterable[DimensionCell], cells.values()), strict=True)))
        self.link_tables = tuple(tables)


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

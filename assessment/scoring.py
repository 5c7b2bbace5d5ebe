"""Answers in, a fully explained result out. Pure: no I/O, no randomness, no clock.

Every rule lives in exactly one function below, whose docstring states it:

* :func:`option_value` – what one answer scores;
* :func:`dimension_score` – a dimension's score from its answers (or none at all);
* :func:`estimated_dimension_score` – the quick check's estimate of a dimension's full score;
* :func:`overall_score` – the overall score from the dimensions';
* :func:`level_for_score` – the level band a score falls in;
* :func:`gating_level` and :func:`gated_level` – the gating cap on the overall level;
* :func:`default_target` – the target level when none is chosen;
* :func:`gap_to_target` – how far a dimension sits below the target;
* :func:`held_back_by` and :func:`weakest` – what the explanation names;
* :func:`best_case` and :func:`is_provisional` – whether unknown answers could change the level;
* :func:`confidence` – how much of the result rests on known answers;
* :func:`climb` and :func:`roadmap` – which next steps, in which order, each once;
* :func:`explain` – the sentence of why.

:func:`score` applies them in that order in one plain pass over the answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .errors import AnswerError
from .model import EFFORTS, Dimension, Level, Model, Option, Question, Recommendation, Variant
from .rounding import whole_points

Answers = Mapping[str, str]  # question id -> option id; ids from outside are plain strings


@dataclass(frozen=True)
class DimensionResult:
    """One dimension's score, level, answer counts and gap to the target level.

    ``score``, ``level`` and ``gap`` are None for a dimension none of whose questions applies
    to the business: it has no score at all (not 0, not 100) and takes no part in the overall
    score, the gating rule or the roadmap. The same holds for a dimension the quick check does
    not ask about (``measured`` False). In the quick check, ``score`` is the estimate of the
    full assessment's score (:func:`estimated_dimension_score`); the answer counts are of the
    questions asked.
    """

    dimension: Dimension
    score: float | None  # 0–100
    level: Level | None
    answered: int  # questions with a valued answer
    unknown: int  # answered "Not sure"
    missing: int  # not answered
    not_applicable: int  # answered "does not apply"
    target_score: float  # the target level's lower bound
    gap: float | None  # points below target_score; 0 at or above it
    measured: bool = True  # False: the quick check asks nothing about this dimension

    @property
    def scored(self) -> bool:
        return self.score is not None

    @property
    def weighted_gap(self) -> float:
        return (self.gap or 0.0) * self.dimension.weight


@dataclass(frozen=True)
class RoadmapStep:
    """One recommendation as a step on a roadmap: it climbs ``dimension`` from one level to the next.

    ``also`` names the other dimensions of the result the same step helps climb; a step is
    shown once, under the first dimension that needs it.
    """

    recommendation: Recommendation
    dimension: Dimension
    from_level: Level
    to_level: Level
    also: tuple[Dimension, ...] = ()


@dataclass(frozen=True)
class Result:
    """Everything the app, the CLI and the exports show about one set of answers."""

    model_version: int
    answers: tuple[tuple[str, str], ...]  # (question id, option id), dimension by dimension
    dimensions: tuple[DimensionResult, ...]  # in model order
    overall: float  # 0–100, over the dimensions with a score
    score_level: Level  # the band of the overall score, before gating
    level: Level  # the level reached, after gating
    held_back_by: tuple[DimensionResult, ...]
    weakest: DimensionResult
    target: Level
    next_steps: tuple[RoadmapStep, ...]
    unknown_questions: tuple[Question, ...]  # answered "Not sure"
    missing_questions: tuple[Question, ...]  # not answered
    not_applicable_questions: tuple[Question, ...]  # answered "does not apply"
    best_case: Level  # the level with every unknown answer at its best
    provisional: bool  # answering the unknown questions could change the level
    confidence: float  # share of applicable questions with a known answer, 0–1
    explanation: str
    variant: Variant = "full"  # "quick": an estimate from the quick check's questions only
    asked: int = 0  # how many questions the variant asks

    @property
    def measured_dimensions(self) -> tuple[DimensionResult, ...]:
        """The dimensions the variant asks about (all of them in the full assessment)."""
        return tuple(d for d in self.dimensions if d.measured)

    @property
    def answered_count(self) -> int:
        return sum(d.answered for d in self.dimensions)

    @property
    def scored_dimensions(self) -> tuple[DimensionResult, ...]:
        return tuple(d for d in self.dimensions if d.scored)

    def dimension(self, dimension_id: str) -> DimensionResult:
        for result in self.dimensions:
            if result.dimension.id == dimension_id:
                return result
        raise KeyError(dimension_id)


# --- The rules ----------------------------------------------------------------------------------


def option_value(option: Option) -> float:
    """What one answer scores: its option's value, 0 to 1. "Not sure" scores 0, like an
    unanswered question; both are counted apart (as unknown and missing) and listed.
    ("Does not apply" scores nothing: :func:`dimension_score` leaves it out.)"""
    return 0.0 if option.value is None else option.value


def dimension_score(answered: Sequence[tuple[Question, Option | None]]) -> float | None:
    """A dimension's score: the weighted mean of its applicable questions' answer values × 100,
    each question counting its ``weight``. A question answered "does not apply" is left out of
    the mean; unanswered questions (None) count 0 at their weight. A dimension needs at least
    one applicable question to have a score: with none, its score is None."""
    applicable = [(question, option) for question, option in answered if option is None or not option.not_applicable]
    if not applicable:
        return None
    total = sum(question.weight for question, _ in applicable)
    earned = 0.0
    for question, option in applicable:
        if option is not None:
            earned += question.weight * option_value(option)
    return 100.0 * earned / total


def estimated_dimension_score(
    answered: Sequence[tuple[Question, Option | None]], unasked: Sequence[Question], fill: float
) -> float | None:
    """The quick check's estimate of a dimension's full score: the weighted mean of
    :func:`dimension_score`, with every question of the dimension the quick check does not ask
    (``unasked``) counted at ``fill`` at its weight. ``fill`` is the quick check's overall score
    over its own answers alone (:func:`overall_score`): a business is taken to answer the
    questions it was not asked as it answered on average. A dimension none of whose asked
    questions applies has no estimate (None)."""
    asked_score = dimension_score(answered)
    if asked_score is None:
        return None
    asked_weight = sum(q.weight for q, o in answered if o is None or not o.not_applicable)
    unasked_weight = sum(q.weight for q in unasked)
    return (asked_weight * asked_score + unasked_weight * fill) / (asked_weight + unasked_weight)


def overall_score(dimensions: Sequence[DimensionResult]) -> float:
    """The overall score: the mean of the dimension scores, each weighted by its dimension's
    ``weight``; dimensions without a score are left out (0 when none has one)."""
    scored = [d for d in dimensions if d.score is not None]
    weighted = sum(d.dimension.weight * (d.score or 0.0) for d in scored)
    return weighted / sum(d.dimension.weight for d in scored) if scored else 0.0


def level_for_score(model: Model, score: float) -> Level:
    """The level whose band ``[min_score, max_score)`` holds ``score``; 100 belongs to the top level."""
    for level in model.levels:
        if score < level.max_score:
            return level
    return model.top_level


def gating_level(model: Model, dimension: DimensionResult, margin: float = 0.0) -> Level | None:
    """The level a dimension counts at in the gating rule: the band of its score less ``margin``
    points (None without a score). The margin is :meth:`Model.gating_margin`: none in the full
    assessment, where this is simply the dimension's level; in the quick check the margin of
    ``content/quick.toml``, because one answer per dimension smooths over the weak spots that
    the full assessment's three or four answers find."""
    if dimension.score is None:
        return None
    return level_for_score(model, dimension.score - margin)


def gated_level(model: Model, score_level: Level, dimensions: Sequence[DimensionResult], margin: float = 0.0) -> Level:
    """The overall level: the band of the overall score, capped at one level above the lowest
    dimension's :func:`gating_level`. No business reaches a level while any dimension sits more
    than one level below it. Dimensions without a score take no part."""
    ranks = [level.rank for d in dimensions if (level := gating_level(model, d, margin)) is not None]
    cap = min(ranks) + 1 if ranks else model.top_level.rank
    return model.levels[min(score_level.rank, cap)]


def default_target(model: Model, level: Level) -> Level:
    """The target when none is chosen: the level above the result (the top level stays the top)."""
    return model.next_level(level)


def gap_to_target(score: float | None, target: Level) -> float | None:
    """How far a score sits below the target level's lower bound; 0 at or above it; None without a score."""
    if score is None:
        return None
    return target.min_score - score if score < target.min_score else 0.0


def held_back_by(
    model: Model, score_level: Level, dimensions: Sequence[DimensionResult], margin: float = 0.0
) -> tuple[DimensionResult, ...]:
    """The dimensions that keep the overall level below the band of the overall score: their
    :func:`gating_level` is more than one level below it. Lowest score first."""
    below = [
        d
        for d in dimensions
        if (level := gating_level(model, d, margin)) is not None and level.rank + 1 < score_level.rank
    ]
    return tuple(sorted(below, key=lambda d: d.score or 0.0))


def weakest(dimensions: Sequence[DimensionResult]) -> DimensionResult:
    """The dimension with the lowest score; the first in model order among equals. Dimensions
    without a score count only when none has one."""
    scored = [d for d in dimensions if d.score is not None] or list(dimensions)
    return min(scored, key=lambda d: d.score or 0.0)


def best_case(model: Model, answers: Answers, variant: Variant = "full") -> dict[str, str]:
    """The answers with every unknown one (answered "Not sure" or not answered) among the questions
    ``variant`` asks at its question's best option; "does not apply" and valued answers stay."""
    best = dict(answers)
    for question in model.questions_in(variant):
        option = model.option(question, answers.get(question.id, ""))
        if option is None or option.unsure:
            best[question.id] = model.scale_of(question).valued_options[-1].id
    return best


def is_provisional(level: Level, best: Level) -> bool:
    """A result is provisional when answering its unknown questions could change its level: the
    level of its :func:`best_case` answers is above the level reached."""
    return best.rank > level.rank


def confidence(dimensions: Sequence[DimensionResult]) -> float:
    """How much of the result rests on known answers: the share of applicable questions (those
    not answered "does not apply") that have a valued answer, 0 to 1."""
    applicable = sum(d.answered + d.unknown + d.missing for d in dimensions)
    return sum(d.answered for d in dimensions) / applicable if applicable else 0.0


def climb(model: Model, dimension: Dimension, from_level: Level, target: Level) -> tuple[RoadmapStep, ...]:
    """Every recommendation that climbs ``dimension`` from ``from_level`` up to ``target``:
    level by level, and within a level low effort first (then content order)."""
    steps = []
    for rank in range(from_level.rank, target.rank):
        lower, upper = model.levels[rank], model.levels[rank + 1]
        found = [r for r in model.recommendations if r.climbs_out_of(dimension.id, lower.id)]
        found.sort(key=lambda r: EFFORTS.index(r.effort))
        steps += [RoadmapStep(r, dimension, lower, upper) for r in found]
    return tuple(steps)


def roadmap(model: Model, dimensions: Sequence[DimensionResult], target: Level) -> tuple[RoadmapStep, ...]:
    """The next steps towards ``target``: every dimension below it climbs (:func:`climb`) from its
    level up to the target. Dimensions come largest weighted gap (gap × dimension weight) first,
    ties broken by the effort of their first step (low first), then model order. A step that
    several of the climbs need is shown once, where it first comes, naming the other dimensions
    it helps (``RoadmapStep.also``)."""
    climbs = []
    for position, d in enumerate(dimensions):
        if d.gap and d.level is not None:
            steps = climb(model, d.dimension, d.level, target)
            if steps:
                climbs.append((-d.weighted_gap, EFFORTS.index(steps[0].recommendation.effort), position, steps))
    climbs.sort(key=lambda c: (c[0], c[1], c[2]))
    ordered = [step for *_, steps in climbs for step in steps]
    shown: list[RoadmapStep] = []
    for step in ordered:
        if any(s.recommendation.id == step.recommendation.id for s in shown):
            continue
        also = tuple(
            dict.fromkeys(
                s.dimension
                for s in ordered
                if s.recommendation.id == step.recommendation.id and s.dimension.id != step.dimension.id
            )
        )
        shown.append(replace(step, also=also))
    return tuple(shown)


def explain(
    model: Model,
    level: Level,
    score_level: Level,
    overall: float,
    held_back: Sequence[DimensionResult],
    weakest_dimension: DimensionResult,
    unknown: Sequence[Question] = (),
    best: Level | None = None,
    variant: Variant = "full",
) -> str:
    """The sentence of why: what holds the level back (the gating rule) when something does;
    otherwise the band the overall score sits in, what the next level needs, and the weakest
    dimension. When the result is provisional (:func:`is_provisional`), a second sentence says
    how many answers are unknown, where, and how high answering them could lift the level. A
    quick check's result starts by saying it is an estimate from its questions, and where its
    gating margin (:func:`gating_level`) decides, says so.
    Scores appear as shown on the page (:func:`assessment.rounding.whole_points`)."""

    def named(d: DimensionResult) -> str:
        return f"{d.dimension.name} at {whole_points(d.score or 0.0)}"

    margin = model.gating_margin(variant)
    if held_back:
        names = ", ".join(named(d) for d in held_back)
        why = (
            f"{level.name}, held back from {score_level.name} by {names}: "
            f"the overall score of {whole_points(overall)} would reach {score_level.name}, "
            f"but no level is reached while a dimension sits more than one level below it"
        )
        if margin:
            why += (
                f" (the quick check counts each estimate {margin:g} points lower here, because one answer "
                f"can miss the weak spots that the full assessment finds)"
            )
        why += "."
    elif level == model.top_level:
        why = (
            f"{level.name}: an overall score of {whole_points(overall)} with no dimension "
            f"more than one level behind; the weakest is {named(weakest_dimension)}."
        )
    else:
        upper = model.next_level(level)
        every = (
            f"every dimension estimated at {level.min_score + margin:g} or above"
            if margin
            else f"every dimension at {level.name} or above"
        )
        why = (
            f"{level.name}: the overall score of {whole_points(overall)} sits in the "
            f"{level.name} band ({level.min_score:g}–{level.max_score:g}); "
            f"{upper.name} needs {upper.min_score:g} overall with {every}, "
            f"and the weakest is {named(weakest_dimension)}."
        )
    if variant == "quick":
        asked = len(model.questions_in("quick"))
        why = (
            f"An estimate from the quick check's {asked} of {len(model.questions)} questions, which the full "
            f"assessment can move by a level. {why}"
        )
    if best is None or not is_provisional(level, best):
        return why
    counts = [(d.name, sum(1 for q in unknown if q.dimension == d.id)) for d in model.dimensions]
    where = ", ".join(f"{count} in {name}" for name, count in counts if count)
    total = len(unknown)
    return (
        f"{why} This level is provisional: {total} answer{'s are' if total != 1 else ' is'} not known yet "
        f"({where}); with them answered, the level could be as high as {best.name}."
    )


# --- Applying them ------------------------------------------------------------------------------


def validate_answers(model: Model, answers: Answers) -> None:
    """Raise :class:`AnswerError` if any question or option id is unknown."""
    for question_id, option_id in answers.items():
        question = model.question(question_id)
        if question is None:
            raise AnswerError(f"Unknown question id '{question_id}'.")
        if model.option(question, option_id) is None:
            known = ", ".join(o.id for o in model.options_of(question))
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


@dataclass(frozen=True)
class _Tally:
    """One pass over the answers: each dimension's result before a target is known, and the
    questions answered each way."""

    dimensions: tuple[DimensionResult, ...]
    given: tuple[tuple[str, str], ...]
    unknown: tuple[Question, ...]
    missing: tuple[Question, ...]
    not_applicable: tuple[Question, ...]


def _tally(model: Model, answers: Answers, variant: Variant = "full") -> _Tally:
    given: list[tuple[str, str]] = []
    unknown: list[Question] = []
    missing: list[Question] = []
    not_applicable: list[Question] = []
    dimensions = []
    asked_answers: dict[str, list[tuple[Question, Option | None]]] = {}
    for dimension in model.dimensions:
        answered: list[tuple[Question, Option | None]] = []
        counts = {"answered": 0, "unknown": 0, "missing": 0, "not_applicable": 0}
        asked = model.questions_of(dimension.id, variant)
        if not asked:
            dimensions.append(DimensionResult(dimension, None, None, 0, 0, 0, 0, 0.0, None, measured=False))
            continue
        for question in asked:
            option_id = answers.get(question.id)
            option = None if option_id is None else model.option(question, option_id)
            answered.append((question, option))
            if option is None:
                counts["missing"] += 1
                missing.append(question)
                continue
            given.append((question.id, option.id))
            if option.unsure:
                counts["unknown"] += 1
                unknown.append(question)
            elif option.not_applicable:
                counts["not_applicable"] += 1
                not_applicable.append(question)
            else:
                counts["answered"] += 1
        asked_answers[dimension.id] = answered
        points = dimension_score(answered)
        level = None if points is None else level_for_score(model, points)
        dimensions.append(
            DimensionResult(
                dimension,
                points,
                level,
                answered=counts["answered"],
                unknown=counts["unknown"],
                missing=counts["missing"],
                not_applicable=counts["not_applicable"],
                target_score=0.0,
                gap=None,
            )
        )
    if variant == "quick":
        dimensions = _estimated(model, dimensions, asked_answers)
    return _Tally(tuple(dimensions), tuple(given), tuple(unknown), tuple(missing), tuple(not_applicable))


def _estimated(
    model: Model,
    dimensions: Sequence[DimensionResult],
    asked_answers: Mapping[str, Sequence[tuple[Question, Option | None]]],
) -> list[DimensionResult]:
    """The quick check's dimensions with their scores replaced by :func:`estimated_dimension_score`."""
    fill = overall_score(dimensions)
    estimated = []
    for d in dimensions:
        if d.score is None:
            estimated.append(d)
            continue
        asked = model.questions_of(d.dimension.id, "quick")
        unasked = [q for q in model.questions_of(d.dimension.id) if q not in asked]
        points = estimated_dimension_score(asked_answers[d.dimension.id], unasked, fill)
        level = None if points is None else level_for_score(model, points)
        estimated.append(replace(d, score=points, level=level))
    return estimated


def _level_of(model: Model, dimensions: Sequence[DimensionResult], variant: Variant) -> tuple[float, Level, Level]:
    """The overall score, its band, and the level reached after gating."""
    overall = overall_score(dimensions)
    score_level = level_for_score(model, overall)
    return overall, score_level, gated_level(model, score_level, dimensions, model.gating_margin(variant))


def score(model: Model, answers: Answers, target: str | None = None, variant: Variant = "full") -> Result:
    """Score a (possibly partial) set of answers against ``model``.

    ``target`` is a level id; None means the level above the result. ``variant`` "quick" applies
    the same rules to the quick check's questions only (answers to others are not counted):
    dimensions it does not ask about are not measured.
    Raises :class:`AnswerError` for unknown question, option or level ids.
    """
    validate_answers(model, answers)
    tally = _tally(model, answers, variant)
    overall, score_level, level = _level_of(model, tally.dimensions, variant)
    best = _level_of(model, _tally(model, best_case(model, answers, variant), variant).dimensions, variant)[2]
    target_chosen = target_level(model, target, level)
    dimensions = tuple(
        replace(d, target_score=target_chosen.min_score, gap=gap_to_target(d.score, target_chosen))
        for d in tally.dimensions
    )
    held_back = held_back_by(model, score_level, dimensions, model.gating_margin(variant))
    weakest_dimension = weakest(dimensions)
    unknown = tally.unknown + tally.missing
    return Result(
        model_version=model.version,
        answers=tally.given,
        dimensions=dimensions,
        overall=overall,
        score_level=score_level,
        level=level,
        held_back_by=held_back,
        weakest=weakest_dimension,
        target=target_chosen,
        next_steps=roadmap(model, dimensions, target_chosen),
        unknown_questions=tally.unknown,
        missing_questions=tally.missing,
        not_applicable_questions=tally.not_applicable,
        best_case=best,
        provisional=is_provisional(level, best),
        confidence=confidence(dimensions),
        explanation=explain(model, level, score_level, overall, held_back, weakest_dimension, unknown, best, variant),
        variant=variant,
        asked=len(model.questions_in(variant)),
    )

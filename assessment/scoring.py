"""Answers in, a fully explained result out. Pure: no I/O, no randomness, no clock.

Every rule lives in exactly one function below, whose docstring states it:

* :func:`option_value` – what one answer scores;
* :func:`dimension_applies` – whether a dimension applies to the business at all (a fact decides);
* :func:`dimension_score` – a dimension's score from its answers (or none at all);
* :func:`estimated_dimension_score` and :func:`weak_key_capped` – the quick check's estimate of a
  dimension's full score;
* :func:`overall_score` – the overall score from the dimensions';
* :func:`level_for_score` – the level band a score falls in;
* :func:`gating_level` and :func:`gated_level` – the gating cap on the overall level;
* :func:`condition_checks` and :func:`capped_level` – the conditions of a level, and their cap;
* :func:`default_target` – the target level when none is chosen;
* :func:`gap_to_target` – how far a dimension sits below the target;
* :func:`held_back_by`, :func:`deciding_conditions` and :func:`weakest` – what the explanation names;
* :func:`best_case` and :func:`is_provisional` – whether unknown answers could change the level;
* :func:`confidence` and :func:`find_out_first` – how much of the result rests on known answers;
* :func:`weak_answers` and :func:`roadmap` – which next steps, in which order, each once, and why;
* :func:`explain` – the sentence of why.

:func:`score` applies them in that order in one plain pass over the answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from .errors import AnswerError
from .model import Condition, Dimension, Level, Model, Option, Question, Recommendation, Variant
from .rounding import whole_points

Answers = Mapping[str, str]  # question id -> option id; ids from outside are plain strings
ConditionStatus = Literal["holds", "fails", "unknown"]


@dataclass(frozen=True)
class DimensionResult:
    """One dimension's score, level, answer counts and gap to the target level.

    ``score``, ``level`` and ``gap`` are None for a dimension that does not apply to the business
    (a fact says so, or none of its questions applies): it has no score at all (not 0, not 100)
    and takes no part in the overall score, the gating rule or the roadmap. The same holds for a
    dimension the quick check does not ask about (``measured`` False). In the quick check,
    ``score`` is the estimate of the full assessment's score (:func:`estimated_dimension_score`);
    the answer counts are of the questions asked.
    """

    dimension: Dimension
    score: float | None  # 0–100
    level: Level | None
    answered: int  # questions with a valued answer
    unknown: int  # answered "Not sure"
    missing: int  # not answered
    not_applicable: int  # answered "does not apply", or not applying by a fact
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
class ConditionCheck:
    """How one condition of a level stands for a set of answers (:func:`condition_checks`)."""

    condition: Condition
    question: Question
    answer: Option | None  # None: not answered
    status: ConditionStatus
    highest: Level  # the highest level reached while it does not hold

    @property
    def caps(self) -> bool:
        """Whether it keeps the level at most :attr:`highest`: it fails, or is not known to hold."""
        return self.status != "holds"


@dataclass(frozen=True)
class RoadmapStep:
    """One recommendation as a step on a roadmap, called for by answers the business gave.

    ``because`` holds those answers (question and option), the one that placed the step first;
    ``dimension`` is that answer's dimension. ``also`` names the other dimensions the answers
    belong to, and ``conditions`` the conditions of a level they fail: a step is shown once, where
    it first comes.
    """

    recommendation: Recommendation
    dimension: Dimension
    because: tuple[tuple[Question, Option], ...]
    conditions: tuple[Condition, ...] = ()
    also: tuple[Dimension, ...] = ()


@dataclass(frozen=True)
class Result:
    """Everything the app, the CLI and the exports show about one set of answers."""

    model_version: int
    answers: tuple[tuple[str, str], ...]  # (question id, option id), dimension by dimension
    dimensions: tuple[DimensionResult, ...]  # in model order
    overall: float  # 0–100, over the dimensions with a score
    score_level: Level  # the band of the overall score, before gating and conditions
    gated_level: Level  # the level after gating, before the conditions
    level: Level  # the level reached, after gating and conditions
    held_back_by: tuple[DimensionResult, ...]
    conditions: tuple[ConditionCheck, ...]  # every condition the variant checks, in content order
    capped_by: tuple[ConditionCheck, ...]  # the conditions that set the level (:func:`deciding_conditions`)
    weakest: DimensionResult
    target: Level
    next_steps: tuple[RoadmapStep, ...]
    unknown_questions: tuple[Question, ...]  # answered "Not sure"
    missing_questions: tuple[Question, ...]  # not answered
    not_applicable_questions: tuple[Question, ...]  # answered "does not apply", or not applying by a fact
    best_case: Level  # the level with every unknown answer at its best
    provisional: bool  # answering the unknown questions could change the level
    confidence: float  # share of applicable questions with a known answer, 0–1
    find_out_first: bool  # too little is known for a level and a roadmap to mean much
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


def dimension_applies(dimension: Dimension, answers: Answers) -> bool:
    """Whether a dimension applies to the business: always, unless the fact named by its
    ``not_applicable_when`` (a question and an answer, such as "one network") was answered so.
    A fact is asked once; nobody claims "does not apply" question by question to climb."""
    if dimension.not_applicable_when is None:
        return True
    question_id, option_id = dimension.not_applicable_when
    return answers.get(question_id) != option_id


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
) -> float:
    """The quick check's estimate of a dimension's full score: the weighted mean of
    :func:`dimension_score`, with every question of the dimension the quick check does not ask
    (``unasked``) counted at ``fill`` at its weight. ``fill`` is the quick check's overall score
    over its own answers alone (:func:`overall_score`): a business is taken to answer the
    questions it was not asked as it answered on average. A dimension none of whose asked
    questions applies is estimated at ``fill``: it still takes part in gating."""
    asked_score = dimension_score(answered)
    if asked_score is None:
        return fill
    asked_weight = sum(q.weight for q, o in answered if o is None or not o.not_applicable)
    unasked_weight = sum(q.weight for q in unasked)
    return (asked_weight * asked_score + unasked_weight * fill) / (asked_weight + unasked_weight)


def weak_key_capped(model: Model, estimate: float, answered: Sequence[tuple[Question, Option | None]]) -> float:
    """The quick check's estimate after its key answer: when the dimension's most telling question
    among those asked (the heaviest) is answered at one of its scale's two bottom steps, or is
    not known (unanswered or "Not sure", which score 0 like the bottom step), the estimate is at
    most ``weak_key_cap`` points (``content/quick.toml``). One decisive weak answer must not be
    averaged away by the questions the quick check did not ask."""
    if not answered:
        return estimate
    key_weight = max(q.weight for q, _ in answered)
    for question, option in answered:
        weak = option is None or option.unsure or option in model.scale_of(question).valued_options[:2]
        if question.weight == key_weight and weak:
            return min(estimate, model.quick_weak_key_cap)
    return estimate


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


def condition_checks(model: Model, answers: Answers, variant: Variant = "full") -> tuple[ConditionCheck, ...]:
    """How each condition of a level stands, in content order; a condition is checked when the
    variant asks its question. It **fails** when the answer is one of its ``fails``; it is
    **unknown** when the question is unanswered or answered "Not sure" (what cannot be shown is
    not yet had); it **holds** otherwise: another valued answer, "does not apply", or a question of
    a dimension that does not apply (:func:`dimension_applies`)."""
    asked = {q.id for q in model.questions_in(variant)}
    checks = []
    for condition in model.conditions:
        question = model.question(condition.question)
        if question is None or question.id not in asked:
            continue
        option = model.option(question, answers.get(question.id, ""))
        status: ConditionStatus
        if not dimension_applies(model.dimension(question.dimension), answers):
            status = "holds"
        elif option is None or option.unsure:
            status = "unknown"
        elif option.id in condition.fails:
            status = "fails"
        else:
            status = "holds"
        highest = model.level(condition.highest) or model.top_level
        checks.append(ConditionCheck(condition, question, option, status, highest))
    return tuple(checks)


def capped_level(level: Level, checks: Sequence[ConditionCheck]) -> Level:
    """The level after the conditions of a level: the lowest ``highest`` among the conditions that
    do not hold (:attr:`ConditionCheck.caps`), when it is below ``level``; otherwise ``level``.
    What the posts call disqualifying caps the level; it is not one more term in an average."""
    caps = [check.highest for check in checks if check.caps]
    lowest = min(caps, key=lambda lv: lv.rank, default=level)
    return lowest if lowest.rank < level.rank else level


def deciding_conditions(
    score_level: Level, level: Level, checks: Sequence[ConditionCheck]
) -> tuple[ConditionCheck, ...]:
    """The conditions that keep the level where it is, as the explanation names them: when the level
    is below the band of the overall score, every condition that does not hold and caps at exactly
    the level reached (:func:`capped_level`), whether or not the gating rule caps it there too;
    otherwise none."""
    if level.rank >= score_level.rank:
        return ()
    return tuple(check for check in checks if check.caps and check.highest.rank == level.rank)


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
    """The dimensions that set the gating cap (:func:`gated_level`): those whose :func:`gating_level`
    is the lowest of all and more than one level below the band of the overall score. Model order."""
    levels = [(d, level) for d in dimensions if (level := gating_level(model, d, margin)) is not None]
    lowest = min((level.rank for _, level in levels), default=score_level.rank)
    if lowest + 1 >= score_level.rank:
        return ()
    return tuple(d for d, level in levels if level.rank == lowest)


def weakest(dimensions: Sequence[DimensionResult]) -> DimensionResult:
    """The dimension with the lowest score; the first in model order among equals. Dimensions
    without a score count only when none has one."""
    scored = [d for d in dimensions if d.score is not None] or list(dimensions)
    return min(scored, key=lambda d: d.score or 0.0)


def best_case(model: Model, answers: Answers, variant: Variant = "full") -> dict[str, str]:
    """The answers with every unknown one (answered "Not sure" or not answered) among the scored
    questions ``variant`` asks at its question's best option; "does not apply", valued answers and
    facts stay as they are."""
    best = dict(answers)
    for question in model.questions_in(variant):
        if question.fact:
            continue
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


def find_out_first(confidence_share: float) -> bool:
    """Whether too little is known for a level and a roadmap to mean much: fewer than half of the
    applicable questions have a known answer (:func:`confidence` below 0.5). Such a result says to
    find the answers out first and gives no roadmap."""
    return confidence_share < 0.5


STEPS_PER_DIMENSION = 2  # weak answers a dimension below the target brings to the roadmap


def weak_answers(
    model: Model, answers: Answers, dimension: DimensionResult, target: Level, variant: Variant = "full"
) -> list[tuple[Question, Option]]:
    """A dimension's weak answers towards ``target``: its valued answers worth less than the
    target's lower bound (value × 100 < ``min_score``), weakest first, then the heavier question,
    then questionnaire order. None for a dimension without a score."""
    if dimension.score is None:
        return []
    found = []
    for position, question in enumerate(model.questions_of(dimension.dimension.id, variant)):
        option = model.option(question, answers.get(question.id, ""))
        if option is not None and option.value is not None and option.value * 100 < target.min_score:
            found.append((option.value, -question.weight, position, question, option))
    found.sort(key=lambda f: f[:3])
    return [(question, option) for *_, question, option in found]


def roadmap(
    model: Model,
    answers: Answers,
    dimensions: Sequence[DimensionResult],
    checks: Sequence[ConditionCheck],
    target: Level,
    variant: Variant = "full",
) -> tuple[RoadmapStep, ...]:
    """The next steps towards ``target``, each called for by answers the business gave:

    1. first the answers that fail a condition of a level (lowest cap first, then content order),
       whatever the target: they keep the level down however the rest improves;
    2. then, for each dimension below the target (largest weighted gap first, gap × dimension
       weight, then model order), its :func:`weak_answers`, at most :data:`STEPS_PER_DIMENSION`.

    Each answer calls for the recommendations that list it. A step called for by several of these
    answers is shown once, where it first comes, with every one of them (``because``), the other
    dimensions they belong to (``also``) and the conditions they fail (``conditions``). Answers a
    business gave at a question's best option call for nothing: no step advises what it does."""
    failing = sorted((c for c in checks if c.status == "fails"), key=lambda c: c.highest.rank)
    ordered = [(c.question, c.answer) for c in failing if c.answer is not None]
    below = [(position, d) for position, d in enumerate(dimensions) if d.gap]
    below.sort(key=lambda item: (-item[1].weighted_gap, item[0]))
    for _, d in below:
        ordered += weak_answers(model, answers, d, target, variant)[:STEPS_PER_DIMENSION]
    failed = {(c.question.id, c.answer.id): c.condition for c in failing if c.answer is not None}
    steps: dict[str, RoadmapStep] = {}
    for question, option in ordered:
        for recommendation in model.recommendations:
            if not recommendation.answers_to(question.id, option.id):
                continue
            step = steps.get(recommendation.id)
            if step is None:
                step = RoadmapStep(recommendation, model.dimension(question.dimension), ())
            if (question, option) in step.because:
                continue
            dimension = model.dimension(question.dimension)
            also = step.also if dimension in (step.dimension, *step.also) else (*step.also, dimension)
            condition = failed.get((question.id, option.id))
            conditions = step.conditions + ((condition,) if condition and condition not in step.conditions else ())
            steps[recommendation.id] = replace(
                step, because=(*step.because, (question, option)), also=also, conditions=conditions
            )
    return tuple(steps.values())


def explain(
    model: Model,
    level: Level,
    score_level: Level,
    gated: Level,
    overall: float,
    held_back: Sequence[DimensionResult],
    capped_by: Sequence[ConditionCheck],
    dimensions: Sequence[DimensionResult],
    unknown: Sequence[Question] = (),
    best: Level | None = None,
    variant: Variant = "full",
    too_little_known: bool = False,
) -> str:
    """The sentence of why, in the business's terms: what sets the level.

    * Too little known (:func:`find_out_first`): how many answers are missing, and to find them out.
    * A condition decides (:func:`deciding_conditions`): "<Level> at most:" and what fails (or is
      not known), and the level the rest of the answers would reach.
    * Gating decides (:func:`held_back_by`): the dimensions far behind, and the level the rest
      would reach; in the quick check, when its margin decides, why it looks harder.
    * Otherwise, when some dimensions are already at a higher level than the result: the two
      strongest of them, and the two weakest dimensions, which hold the level back most (the
      level's summary could contradict those strong parts).
    * Otherwise: the level's summary and the weakest dimension (:func:`weakest`).

    A quick check's result starts by saying it is an estimate. A provisional result
    (:func:`is_provisional`) ends with how many answers are unknown, where, and how high
    answering them could lift the level. Scores appear as shown on the page
    (:func:`assessment.rounding.whole_points`)."""

    def named(d: DimensionResult) -> str:
        return f"{d.dimension.name} ({whole_points(d.score or 0.0)})"

    if too_little_known:
        applicable = sum(1 for q in model.questions_in(variant) if not q.fact)
        why = (
            f"Too little is known yet for a level to mean much: {len(unknown)} of {applicable} questions "
            f"are answered “Not sure” or not at all. Find those answers out first, then look again."
        )
    elif capped_by and not (held_back and gated.rank == level.rank):
        parts = [
            c.condition.says if c.status == "fails" else f"it is not known whether {c.condition.needs}"
            for c in capped_by
        ]
        why = f"{level.name} at most: {_joined(parts)}."
        if gated.rank > level.rank:
            why += f" The rest of your answers would reach {gated.name}."
    elif held_back:
        names = _joined([named(d) for d in held_back])
        behind = "is" if len(held_back) == 1 else "are"
        why = (
            f"{level.name}: {names} {behind} far behind the rest of your strategy, which would reach "
            f"{score_level.name}. A strategy is only as strong as its weakest part."
        )
        margin = model.gating_margin(variant)
        if margin and any(d.level is not None and d.level.rank + 1 >= score_level.rank for d in held_back):
            why += (
                " The quick check looks harder at weak spots than the full assessment, because one answer "
                "per part can miss what three or four answers find."
            )
        if capped_by:  # a condition caps it there as well
            parts = [
                f"while {c.condition.says}" if c.status == "fails" else f"until it is known whether {c.condition.needs}"
                for c in capped_by
            ]
            why += f" It also stays {level.name} at most {_joined(parts)}."
    else:
        scored = [d for d in dimensions if d.score is not None and d.level is not None]
        ahead = sorted((d for d in scored if d.level and d.level.rank > level.rank), key=lambda d: -(d.score or 0.0))
        lagging = sorted((d for d in scored if d.level and d.level.rank <= level.rank), key=lambda d: d.score or 0.0)
        if ahead and lagging:
            strong = [named(d) for d in ahead[:2]] + (
                [f"{len(ahead) - 2} other part{'s' if len(ahead) > 3 else ''}"] if len(ahead) > 2 else []
            )
            why = (
                f"{level.name}: {_joined(strong)} "
                f"{'is' if len(ahead) == 1 else 'are'} already further along, but "
                f"{_joined([named(d) for d in lagging[:2]])} hold{'s' if len(lagging[:2]) == 1 else ''} it back most."
            )
        else:
            why = f"{level.name}: {level.summary}. The weakest part is {named(weakest(dimensions))}."
    if variant == "quick":
        asked = len(model.questions_in("quick"))  # as the start page and the progress count it, the fact included
        why = f"An estimate from the quick check's {asked} questions; the full assessment can move it by a level. {why}"
    if too_little_known or best is None or not is_provisional(level, best):
        return why
    counts = [(d.name, sum(1 for q in unknown if q.dimension == d.id)) for d in model.dimensions]
    where = ", ".join(f"{count} in {name}" for name, count in counts if count)
    total = len(unknown)
    return (
        f"{why} This level is provisional: {total} answer{'s are' if total != 1 else ' is'} not known yet "
        f"({where}); with them answered, the level could be as high as {best.name}."
    )


def _joined(parts: Sequence[str]) -> str:
    """Phrases joined as a sentence lists them: "a", "a and b", "a, b and c"."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


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
        for fact in model.questions_on_page(dimension.id, variant):
            if fact.fact and fact.id in answers:
                given.append((fact.id, answers[fact.id]))
        asked = model.questions_of(dimension.id, variant)
        if not asked:
            dimensions.append(DimensionResult(dimension, None, None, 0, 0, 0, 0, 0.0, None, measured=False))
            continue
        applies = dimension_applies(dimension, answers)
        answered: list[tuple[Question, Option | None]] = []
        counts = {"answered": 0, "unknown": 0, "missing": 0, "not_applicable": 0}
        for question in asked:
            option_id = answers.get(question.id)
            option = None if option_id is None else model.option(question, option_id)
            if option is not None:
                given.append((question.id, option.id))
            if not applies:
                counts["not_applicable"] += 1
                not_applicable.append(question)
                continue
            answered.append((question, option))
            if option is None:
                counts["missing"] += 1
                missing.append(question)
            elif option.unsure:
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
    """The quick check's dimensions with their scores replaced by :func:`estimated_dimension_score`
    after :func:`weak_key_capped`; a dimension that does not apply by a fact keeps no score."""
    fill = overall_score(dimensions)
    estimated = []
    for d in dimensions:
        if not asked_answers.get(d.dimension.id):  # not asked, or not applying by a fact
            estimated.append(d)
            continue
        answered = asked_answers[d.dimension.id]
        asked = model.questions_of(d.dimension.id, "quick")
        unasked = [q for q in model.questions_of(d.dimension.id) if q not in asked]
        points = weak_key_capped(model, estimated_dimension_score(answered, unasked, fill), answered)
        estimated.append(replace(d, score=points, level=level_for_score(model, points)))
    return estimated


def _level_of(
    model: Model, answers: Answers, dimensions: Sequence[DimensionResult], variant: Variant
) -> tuple[float, Level, Level, tuple[ConditionCheck, ...], Level]:
    """The overall score, its band, the level after gating, the condition checks and the level
    reached after them."""
    overall = overall_score(dimensions)
    score_level = level_for_score(model, overall)
    gated = gated_level(model, score_level, dimensions, model.gating_margin(variant))
    checks = condition_checks(model, answers, variant)
    return overall, score_level, gated, checks, capped_level(gated, checks)


def score(model: Model, answers: Answers, target: str | None = None, variant: Variant = "full") -> Result:
    """Score a (possibly partial) set of answers against ``model``.

    ``target`` is a level id; None means the level above the result. ``variant`` "quick" applies
    the same rules to the quick check's questions only (answers to others are not counted):
    dimensions it does not ask about are not measured, and conditions whose question it does not
    ask are not checked. Raises :class:`AnswerError` for unknown question, option or level ids.
    """
    validate_answers(model, answers)
    tally = _tally(model, answers, variant)
    overall, score_level, gated, checks, level = _level_of(model, answers, tally.dimensions, variant)
    best_answers = best_case(model, answers, variant)
    best = _level_of(model, best_answers, _tally(model, best_answers, variant).dimensions, variant)[4]
    target_chosen = target_level(model, target, level)
    dimensions = tuple(
        replace(d, target_score=target_chosen.min_score, gap=gap_to_target(d.score, target_chosen))
        for d in tally.dimensions
    )
    held_back = held_back_by(model, score_level, dimensions, model.gating_margin(variant))
    capped_by = deciding_conditions(score_level, level, checks)
    weakest_dimension = weakest(dimensions)
    unknown = tally.unknown + tally.missing
    share = confidence(dimensions)
    too_little_known = find_out_first(share)
    return Result(
        model_version=model.version,
        answers=tally.given,
        dimensions=dimensions,
        overall=overall,
        score_level=score_level,
        gated_level=gated,
        level=level,
        held_back_by=held_back,
        conditions=checks,
        capped_by=capped_by,
        weakest=weakest_dimension,
        target=target_chosen,
        next_steps=() if too_little_known else roadmap(model, answers, dimensions, checks, target_chosen, variant),
        unknown_questions=tally.unknown,
        missing_questions=tally.missing,
        not_applicable_questions=tally.not_applicable,
        best_case=best,
        provisional=is_provisional(level, best),
        confidence=share,
        find_out_first=too_little_known,
        explanation=explain(
            model,
            level,
            score_level,
            gated,
            overall,
            held_back,
            capped_by,
            dimensions,
            unknown,
            best,
            variant,
            too_little_known,
        ),
        variant=variant,
        asked=len(model.questions_in(variant)),
    )

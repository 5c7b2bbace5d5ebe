"""Scoring: golden profiles, the gating rule, gaps, next steps, their properties, and each rule on its own."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.errors import AnswerError
from assessment.loader import load_model
from assessment.model import Model, Option, OptionId
from assessment.rounding import whole_points
from assessment.scoring import (
    STEPS_PER_DIMENSION,
    default_target,
    dimension_score,
    estimated_dimension_score,
    gap_to_target,
    gated_level,
    gating_level,
    held_back_by,
    level_for_score,
    option_value,
    overall_score,
    score,
    weak_answers,
    weak_key_capped,
    weakest,
)
from tests import strategies
from tests.profiles import all_unsure, answers_at, raise_one

MODEL = load_model()


# --- golden profiles ----------------------------------------------------------------------------


def test_all_lowest_is_buzzword(model: Model) -> None:
    result = score(model, answers_at(model, 0.0))
    assert result.level.id == "buzzword"
    assert result.overall == 0
    assert all(d.score == 0 for d in result.dimensions)
    assert result.target.id == "experimenting"
    assert not result.unknown_questions and not result.missing_questions


def test_all_highest_is_real_asset(model: Model) -> None:
    result = score(model, answers_at(model, 1.0))
    assert result.level.id == "asset"
    assert result.level.name == "Real asset"
    assert result.overall == pytest.approx(100)
    assert result.target.id == "asset"
    assert result.next_steps == ()
    assert result.explanation.startswith("Real asset")


def test_all_not_sure_is_buzzword_with_every_question_unknown(model: Model) -> None:
    result = score(model, all_unsure(model))
    assert result.level.id == "buzzword"
    assert [q.id for q in result.unknown_questions] == [q.id for q in model.scored_questions]
    assert sum(d.unknown for d in result.dimensions) == len(model.scored_questions)
    assert result.answered_count == 0
    # too little is known for a roadmap: find out first
    assert result.find_out_first and result.next_steps == ()
    assert (
        result.explanation.startswith("Too little is known yet")
        and "Find those answers out first" in result.explanation
    )


def test_accounts_but_no_strategy_is_buzzword(model: Model) -> None:
    """Has accounts and posts when someone has time; no goals, no budget, no metrics."""
    answers = answers_at(model, 0.25, goals=0, budget=0, **{"return": 0}, patience=0.25, improve=0)
    result = score(model, answers)
    assert result.level.id == "buzzword"
    assert result.weakest.dimension.id in {"goals", "budget", "return", "improve"}


def test_goals_and_budget_without_measurement_is_held_back_by_return(model: Model) -> None:
    """Clear goals and budget, a consistent voice, but nothing measured."""
    answers = answers_at(model, 0.75, goals=1, budget=1, brand=1, patience=1, **{"return": 0}, improve=0.25)
    result = score(model, answers)
    assert result.score_level.rank > result.level.rank
    assert [d.dimension.id for d in result.held_back_by] == ["return", "improve"]  # both set the cap
    assert result.explanation.startswith(
        f"{result.level.name}: Required return (0) and Raising returns (15) are far behind the rest"
    )
    assert f"which would reach {result.score_level.name}" in result.explanation
    # lifting the measurement alone unlocks the level the overall score had earned
    lifted = score(
        model,
        {
            **answers,
            **answers_at(model, 0.75, **{"return": 0.5}),
            **{k: v for k, v in answers.items() if not k.startswith("return")},
        },
    )
    assert lifted.level.rank >= result.level.rank


# --- levels, gating, gaps -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "level"),
    [(0, "buzzword"), (19.99, "buzzword"), (20, "experimenting"), (59.9, "planned"), (80, "asset"), (100, "asset")],
)
def test_level_bands(model: Model, value: float, level: str) -> None:
    assert level_for_score(model, value).id == level


def test_gating_caps_at_one_level_above_the_weakest_dimension(model: Model) -> None:
    answers = answers_at(model, 1.0, budget=0)
    result = score(model, answers)
    assert result.dimension("budget").level.id == "buzzword"
    assert result.score_level.id == "asset"
    assert result.level.id == "experimenting"  # no Real asset without a budget
    assert [d.dimension.id for d in result.held_back_by] == ["budget"]
    assert "Budget" in result.explanation


def test_explanation_when_nothing_holds_it_back_says_what_the_level_means_and_the_weakest(model: Model) -> None:
    result = score(model, answers_at(model, 0.5, networks=0.25))
    assert not result.held_back_by and not result.capped_by
    assert result.explanation == (
        f"{result.level.name}: {result.level.summary}. The weakest part is "
        f"{result.weakest.dimension.name} ({whole_points(result.weakest.score or 0)})."
    )
    assert "overall with every dimension" not in result.explanation  # the business, not the arithmetic


def test_explanation_names_the_parts_already_further_along_and_those_holding_it_back(model: Model) -> None:
    # Goals at its best in a middling profile: the level's summary ("without aims in use") would
    # contradict it, so the sentence names what is ahead and what holds the level back instead.
    result = score(model, answers_at(model, 0.5, goals=1.0, networks=0.25))
    assert not result.held_back_by and not result.capped_by
    goals = result.dimension("goals")
    assert goals.level is not None and goals.level.rank > result.level.rank
    assert result.level.summary not in result.explanation
    weakest_two = sorted((d for d in result.dimensions if d.score is not None), key=lambda d: d.score or 0.0)[:2]
    assert result.explanation == (
        f"{result.level.name}: Goals ({whole_points(goals.score or 0)}) is already further along, but "
        f"{weakest_two[0].dimension.name} ({whole_points(weakest_two[0].score or 0)}) and "
        f"{weakest_two[1].dimension.name} ({whole_points(weakest_two[1].score or 0)}) hold it back most."
    )


def test_gap_is_distance_to_target_floor(model: Model) -> None:
    result = score(model, answers_at(model, 0.5), target="asset")
    target_floor = model.level("asset").min_score  # type: ignore[union-attr]
    for d in result.dimensions:
        assert d.gap == pytest.approx(max(0.0, target_floor - d.score))
        assert d.target_score == target_floor


def test_default_target_is_next_level_up(model: Model) -> None:
    result = score(model, answers_at(model, 0.5))
    assert result.target == model.next_level(result.level)


def test_next_steps_lift_caps_first_then_largest_weighted_gap_each_from_weak_answers(model: Model) -> None:
    answers = answers_at(model, 0.5, trust=0, networks=0.25)
    answers["patience.judged"] = "weeks"  # fails a condition of a level
    result = score(model, answers, target="managed")
    first = result.next_steps[0]
    assert [q.id for q, _ in first.because] == ["patience.judged"] and first.conditions
    rest = result.next_steps[1:]
    dimensions = list(dict.fromkeys(s.dimension.id for s in rest))
    order = {d.id: i for i, d in enumerate(model.dimensions)}
    keys = [(-result.dimension(d).weighted_gap, order[d]) for d in dimensions]
    assert keys == sorted(keys) and dimensions[0] == "trust"
    for d in result.dimensions:
        mine = [s for s in rest if s.dimension.id == d.dimension.id]
        if not d.gap:
            assert not mine, d.dimension.id
            continue
        # the steps of a dimension are those its weakest answers below the target call for, two at most
        chosen = weak_answers(model, answers, d, result.target)[:STEPS_PER_DIMENSION]
        called = {r.id for q, o in chosen for r in model.recommendations if r.answers_to(q.id, o.id)}
        shown = {s.recommendation.id for s in result.next_steps if d.dimension in (s.dimension, *s.also)}
        assert called <= shown, d.dimension.id


def test_weak_answers_are_those_below_the_target_weakest_first(model: Model) -> None:
    answers = answers_at(model, 1.0)
    answers.update({"goals.aims": "agreed", "goals.mission": "none", "goals.purpose": "most"})
    goals = score(model, answers).dimension("goals")
    managed, planned = model.level("managed"), model.level("planned")
    assert managed is not None and planned is not None
    assert [(q.id, o.id) for q, o in weak_answers(model, answers, goals, managed)] == [
        ("goals.mission", "none"),  # 0 first
        ("goals.aims", "agreed"),  # 35 < 60
    ]  # "most" (70) is not below 60
    assert [(q.id, o.id) for q, o in weak_answers(model, answers, goals, planned)] == [
        ("goals.mission", "none"),
        ("goals.aims", "agreed"),
    ]
    asset = model.top_level
    assert ("goals.purpose", "most") in [(q.id, o.id) for q, o in weak_answers(model, answers, goals, asset)]


def test_partial_answers_are_counted_as_missing(model: Model) -> None:
    first = model.questions[0]
    result = score(model, {first.id: model.scale_of(first).valued_options[-1].id})
    assert len(result.missing_questions) == len(model.scored_questions) - 1
    assert result.dimension(first.dimension).answered == 1


@pytest.mark.parametrize("answers", [{"no.such": "x"}, {MODEL.questions[0].id: "bogus"}])
def test_unknown_ids_raise_answer_error(model: Model, answers: dict[str, str]) -> None:
    with pytest.raises(AnswerError):
        score(model, answers)


def test_unknown_target_raises_answer_error(model: Model) -> None:
    with pytest.raises(AnswerError, match="target level"):
        score(model, {}, target="legendary")


def test_whole_points_never_round_into_the_next_band() -> None:
    assert whole_points(19.999) == 19
    assert whole_points(20.0) == 20
    assert whole_points(59.99999999999999) == 60  # float noise of a sum that is 60
    assert whole_points(100.0) == 100


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=300)
@given(strategies.answer_sets(MODEL), strategies.targets(MODEL))
def test_scores_stay_within_0_and_100(answers: dict[str, str], target: str | None) -> None:
    result = score(MODEL, answers, target)
    assert 0 <= result.overall <= 100
    for d in result.dimensions:
        assert (d.score is None) == (d.not_applicable == len(MODEL.questions_of(d.dimension.id)))
        assert d.score is None or 0 <= d.score <= 100
        assert d.gap is None or 0 <= d.gap <= 100
        assert d.answered + d.unknown + d.missing + d.not_applicable == len(MODEL.questions_of(d.dimension.id))
    assert 0 <= result.confidence <= 1
    assert result.provisional == (result.best_case.rank > result.level.rank)
    assert result.level.rank <= result.score_level.rank
    assert result.explanation


@settings(max_examples=400)
@given(strategies.profiles(MODEL), strategies.targets(MODEL))
def test_every_step_answers_a_weak_answer_once_and_never_what_the_business_does(
    answers: dict[str, str], target: str | None
) -> None:
    result = score(MODEL, answers, target)
    ids = [s.recommendation.id for s in result.next_steps]
    assert len(ids) == len(set(ids))
    failing = {(c.question.id, c.answer.id) for c in result.conditions if c.status == "fails" and c.answer}
    for step in result.next_steps:
        assert step.because
        for question, option in step.because:
            assert answers[question.id] == option.id  # an answer the business gave
            assert step.recommendation.answers_to(question.id, option.id)
            assert option != MODEL.scale_of(question).valued_options[-1]  # never for its best answer
            weak = (option.value or 0) * 100 < result.target.min_score and result.dimension(question.dimension).gap
            assert weak or (question.id, option.id) in failing


def test_shared_advice_is_shown_once_naming_the_other_dimension(model: Model) -> None:
    def dimension_of(question_id: str) -> str:
        question = model.question(question_id)
        assert question is not None
        return question.dimension

    shared = next(r for r in model.recommendations if len({dimension_of(q) for q, _ in r.answers}) > 1)
    answers = answers_at(model, 0.75)  # settled habits: the shared step's answers are the weakest of theirs
    answers.update(dict(shared.answers))  # every answer that calls for it
    result = score(model, answers, model.top_level.id)
    steps = [s for s in result.next_steps if s.recommendation.id == shared.id]
    assert len(steps) == 1
    named = {steps[0].dimension.id, *(d.id for d in steps[0].also)}
    assert named == {dimension_of(q) for q, _ in shared.answers}
    assert {q.id for q, _ in steps[0].because} == {q for q, _ in shared.answers}


@settings(max_examples=300)
@given(strategies.answer_sets(MODEL), st.sampled_from([q.id for q in MODEL.questions]))
def test_raising_one_answer_never_lowers_anything(answers: dict[str, str], question_id: str) -> None:
    raised = raise_one(MODEL, answers, question_id)
    if raised is None:
        return
    before, after = score(MODEL, answers), score(MODEL, raised)
    assert after.overall >= before.overall
    assert after.level.rank >= before.level.rank
    for b, a in zip(before.dimensions, after.dimensions, strict=True):
        assert (a.score is None) == (b.score is None)  # raising an answer never changes what applies
        assert a.score is None or b.score is None or a.score >= b.score


# --- each rule on its own ------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "scored"), [(0.0, 0.0), (0.25, 0.25), (1.0, 1.0), (None, 0.0)])
def test_option_value_is_the_options_value_and_not_sure_scores_zero(value: float | None, scored: float) -> None:
    assert option_value(Option(OptionId("x"), "x", value)) == scored


def test_dimension_score_is_the_weighted_mean_times_100(model: Model) -> None:
    questions = model.questions_of("goals")
    scale = model.scale_of(questions[0])
    top, half, unsure = scale.valued_options[-1], scale.valued_options[2], scale.options[-1]
    weights = [q.weight for q in questions]
    answered = [(questions[0], top), (questions[1], half), (questions[2], None)]
    expected = 100 * (weights[0] * 1.0 + weights[1] * (half.value or 0)) / sum(weights)
    assert dimension_score(answered) == pytest.approx(expected)
    assert dimension_score([(q, unsure) for q in questions]) == 0
    assert dimension_score([(q, None) for q in questions]) == 0


def test_overall_score_weights_dimensions(model: Model) -> None:
    result = score(model, answers_at(model, 0.0, goals=1.0))
    goals = model.dimension("goals")
    expected = 100 * goals.weight / sum(d.weight for d in model.dimensions)
    assert overall_score(result.dimensions) == pytest.approx(expected)
    assert result.overall == overall_score(result.dimensions)


def test_gated_level_is_capped_one_above_the_lowest_dimension(model: Model) -> None:
    result = score(model, answers_at(model, 1.0, budget=0.0))
    assert result.score_level.id == "asset"
    assert gated_level(model, result.score_level, result.dimensions).id == "experimenting"
    assert result.level.id == "experimenting"
    assert [d.dimension.id for d in held_back_by(model, result.score_level, result.dimensions)] == ["budget"]


@pytest.mark.parametrize(
    ("points", "target", "gap"), [(31.25, "asset", 48.75), (80.0, "asset", 0.0), (90.0, "planned", 0.0)]
)
def test_gap_to_target_is_the_distance_below_the_targets_lower_bound(
    model: Model, points: float, target: str, gap: float
) -> None:
    level = model.level(target)
    assert level is not None
    assert gap_to_target(points, level) == gap


def test_weakest_is_the_first_of_the_lowest(model: Model) -> None:
    result = score(model, answers_at(model, 0.5, brand=0.0, networks=0.0))
    assert weakest(result.dimensions).dimension.id == "brand"


def test_default_target_is_the_level_above_and_the_top_stays_the_top(model: Model) -> None:
    assert default_target(model, model.levels[0]) == model.levels[1]
    assert default_target(model, model.top_level) == model.top_level


def test_same_scores_from_different_answers_are_different_results(model: Model) -> None:
    first = score(model, {"goals.aims": "agreed", "goals.mission": "none", "goals.purpose": "none"})
    second = score(model, {"goals.aims": "none", "goals.mission": "half", "goals.purpose": "half"})
    assert first.dimensions == second.dimensions
    assert first != second
    assert first == score(model, dict(reversed(list(first.answers))))


def test_answers_from_any_mapping(model: Model) -> None:
    answers = answers_at(model, 0.5, trust=0)
    assert score(model, MappingProxyType(answers), "managed") == score(model, answers, "managed")


def test_result_is_read_only(model: Model) -> None:
    result = score(model, answers_at(model, 0.5))
    with pytest.raises(FrozenInstanceError):
        result.overall = 0.0  # type: ignore[misc]


# --- the quick check ------------------------------------------------------------------------------


def test_the_quick_check_applies_the_same_rules_to_its_own_questions(model: Model) -> None:
    quick = model.questions_in("quick")
    assert 8 <= sum(1 for q in quick if not q.fact) <= 12
    settled = answers_at(model, 0.75)  # the fourth step where a scale has it
    answers = {q.id: settled[q.id] for q in quick}
    others = {q.id: model.scale_of(q).valued_options[0].id for q in model.scored_questions if q not in quick}
    result = score(model, {**answers, **others}, variant="quick")  # answers to other questions do not count
    assert result == score(model, answers, variant="quick")
    assert result.variant == "quick" and result.asked == len(quick)
    measured = {q.dimension for q in quick}
    assert {d.dimension.id for d in result.measured_dimensions} == measured
    for d in result.dimensions:
        assert d.measured == (d.dimension.id in measured)
        assert (d.score is None) == (not d.measured)
    assert result.level.id == "managed" and 60 <= result.overall < 80
    # the count the start page and the progress bar give (the fact about networks included)
    assert result.explanation.startswith(f"An estimate from the quick check's {result.asked} questions;")
    assert not result.missing_questions and not result.provisional
    assert {s.dimension.id for s in result.next_steps} <= measured


def test_a_quick_check_left_unanswered_is_provisional_over_its_own_questions(model: Model) -> None:
    result = score(model, {}, variant="quick")
    assert len(result.missing_questions) == sum(1 for q in model.questions_in("quick") if not q.fact)
    assert result.provisional and result.best_case == model.top_level


def test_a_quick_estimate_counts_what_it_did_not_ask_at_the_quick_overall(model: Model) -> None:
    """Goals asked once, at the bottom, everything else asked at .7 (patience's four-step quiet
    spells at its top): the quick overall (the fill) is the weighted mean of the asked answers'
    dimensions, each dimension's estimate weighs its asked questions against the ones it did not
    ask, and the weak key answer of goals caps its estimate."""
    quick = [q for q in model.questions_in("quick") if not q.fact]
    answers = {q.id: ("none" if q.dimension == "goals" else _at_or_above(model, q.id, 0.7)) for q in quick}
    answers["networks.count"] = "two-three"
    result = score(model, answers, variant="quick")
    asked_score = {}
    for d in model.dimensions:
        asked = model.questions_of(d.id, "quick")
        values = [(q.weight, model.option(q, answers[q.id]).value or 0.0) for q in asked]  # type: ignore[union-attr]
        asked_score[d.id] = 100 * sum(w * v for w, v in values) / sum(w for w, _ in values)
    weights = {d.id: d.weight for d in model.dimensions}
    fill = sum(weights[d] * asked_score[d] for d in weights) / sum(weights.values())
    for d in result.dimensions:
        asked = sum(q.weight for q in model.questions_of(d.dimension.id, "quick"))
        every = sum(q.weight for q in model.questions_of(d.dimension.id))
        expected = (asked * asked_score[d.dimension.id] + (every - asked) * fill) / every
        if d.dimension.id == "goals":
            expected = min(expected, model.quick_weak_key_cap)
        assert d.score == pytest.approx(expected), d.dimension.id
    assert result.dimension("goals").score == model.quick_weak_key_cap


def _at_or_above(model: Model, question_id: str, value: float) -> str:
    """The question's lowest valued answer worth at least ``value``."""
    question = model.question(question_id)
    assert question is not None
    return next(o.id for o in model.scale_of(question).valued_options if (o.value or 0) >= value)


@pytest.mark.parametrize(
    ("answer", "cap", "expected"),
    [
        ("none", 30.0, 30.0),
        ("filed", 30.0, 30.0),
        ("unsure", 30.0, 30.0),
        ("agreed", 30.0, 55.0),
        ("none", 100.0, 55.0),
    ],
)
def test_a_weak_key_answer_caps_the_quick_estimate(model: Model, answer: str, cap: float, expected: float) -> None:
    goals = model.questions_of("goals")  # goals.aims is its key question (weight 2)
    option = model.option(goals[0], answer)
    assert option is not None
    capped = replace(model, quick_weak_key_cap=cap)
    assert weak_key_capped(capped, 55.0, [(goals[0], option), (goals[1], None)]) == expected


@pytest.mark.parametrize(
    ("values", "fill", "expected"),
    [
        ((0.7,), 70.0, 70.0),  # answered as on average: the estimate is the answer
        ((0.0,), 60.0, 30.0),  # one question of weight 2 beside unasked ones weighing 2
        ((1.0, 0.35), 0.0, 58.75),  # (2 × 100 + 1 × 35 + 1 × 0) / 4
        ((None,), 80.0, 80.0),  # the only asked question does not apply: estimated at the fill, not dropped
    ],
)
def test_estimated_dimension_score(
    model: Model, values: tuple[float | None, ...], fill: float, expected: float
) -> None:
    goals = model.questions_of("goals")  # weights 2, 1, 1
    asked = []
    for question, value in zip(goals, values, strict=False):
        valued = [o for o in model.options_of(question) if value is not None and o.value == value]
        asked.append(
            (question, valued[0] if valued else Option(OptionId("x"), "Does not apply", None, "not_applicable"))
        )
    unasked = goals[len(values) :]
    assert estimated_dimension_score(asked, unasked, fill) == pytest.approx(expected)


@pytest.mark.parametrize(("points", "margin", "expected"), [(30.0, 0.0, "experimenting"), (30.0, 11.0, "buzzword")])
def test_gating_level_takes_the_margin_off_the_score(model: Model, points: float, margin: float, expected: str) -> None:
    dimension = score(model, answers_at(model, 0.5)).dimensions[0]
    level = gating_level(model, replace(dimension, score=points), margin)
    assert level is not None and level.id == expected
    assert gating_level(model, replace(dimension, score=None, level=None), margin) is None


def test_the_quick_checks_gating_margin_decides_and_the_explanation_says_so(model: Model) -> None:
    """Everything asked at .7 but patience's two questions at .35: patience's estimate sits in
    Planned, where the full rule would not cap a Managed business; the margin moves it to
    Experimenting, so the quick check caps at Planned, and says why in words."""
    quick = [q for q in model.questions_in("quick") if not q.fact]
    answers = {q.id: _at_or_above(model, q.id, 0.35 if q.dimension == "patience" else 0.7) for q in quick}
    answers["networks.count"] = "two-three"
    result = score(model, answers, variant="quick")
    patience = result.dimension("patience")
    assert patience.score is not None and patience.level is not None and patience.level.id == "planned"
    margin = model.quick_gating_margin
    assert margin > 0
    gating = gating_level(model, patience, margin)
    assert gating is not None and gating.rank < patience.level.rank  # the margin moves it down a band
    assert result.level.rank == gating.rank + 1 < result.score_level.rank
    assert [d.dimension.id for d in result.held_back_by] == ["patience"]
    assert "The quick check looks harder at weak spots" in result.explanation


@settings(max_examples=300)
@given(strategies.answer_sets(MODEL, "quick"), st.sampled_from(["full", "quick"]))
def test_held_back_exactly_when_gating_lowers_the_level(answers: dict[str, str], variant: str) -> None:
    result = score(MODEL, answers, variant=variant)  # type: ignore[arg-type]
    assert bool(result.held_back_by) == (result.gated_level.rank < result.score_level.rank)
    assert all(c.caps and c.highest == result.level for c in result.capped_by)
    assert bool(result.capped_by) >= (result.level.rank < result.gated_level.rank)
    assert 0 <= result.overall <= 100
    for d in result.dimensions:
        assert d.score is None or 0 <= d.score <= 100
        asked = MODEL.questions_of(d.dimension.id, variant)  # type: ignore[arg-type]
        assert (d.score is None) == (not asked or d.not_applicable == len(asked))


@settings(max_examples=300)
@given(strategies.answer_sets(MODEL, "quick"), st.sampled_from([q.id for q in MODEL.questions_in("quick")]))
def test_raising_one_quick_answer_never_lowers_the_estimate(answers: dict[str, str], question_id: str) -> None:
    raised = raise_one(MODEL, answers, question_id)
    if raised is None:
        return
    before, after = score(MODEL, answers, variant="quick"), score(MODEL, raised, variant="quick")
    assert after.overall >= before.overall - 1e-9
    assert after.level.rank >= before.level.rank
    for b, a in zip(before.dimensions, after.dimensions, strict=True):
        assert (a.score is None) == (b.score is None)
        assert a.score is None or b.score is None or a.score >= b.score - 1e-9

"""Scoring: golden profiles, the gating rule, gaps, next steps, their properties, and the
table-driven scoring against the plain loop it replaced."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import FrozenInstanceError
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment import model as model_module
from assessment.errors import AnswerError
from assessment.loader import load_model
from assessment.model import EFFORT_ORDER, Dimension, Level, Model, Question
from assessment.scoring import DimensionResult, Result, display_score, score
from tests.conftest import ContentCopy
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
    assert [q.id for q in result.unknown_questions] == [q.id for q in model.questions]
    assert sum(d.unknown for d in result.dimensions) == len(model.questions)
    assert result.answered_count == 0


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
    assert result.held_back_by[0].dimension.id == "return"
    assert "Required return at 0" in result.explanation
    assert result.explanation.startswith(f"{result.level.name}, held back from {result.score_level.name}")
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
    assert model.level_for_score(value).id == level


def test_gating_caps_at_one_level_above_the_weakest_dimension(model: Model) -> None:
    answers = answers_at(model, 1.0, budget=0)
    result = score(model, answers)
    assert result.dimension("budget").level.id == "buzzword"
    assert result.score_level.id == "asset"
    assert result.level.id == "experimenting"  # no Real asset without a budget
    assert [d.dimension.id for d in result.held_back_by] == ["budget"]
    assert "Budget" in result.explanation


def test_explanation_when_not_held_back_names_next_level_and_weakest(model: Model) -> None:
    result = score(model, answers_at(model, 0.5, networks=0.25))
    assert not result.held_back_by
    assert result.explanation.startswith(result.level.name + ":")
    assert model.next_level(result.level).name in result.explanation
    assert result.weakest.dimension.name in result.explanation


def test_gap_is_distance_to_target_floor(model: Model) -> None:
    result = score(model, answers_at(model, 0.5), target="asset")
    target_floor = model.level("asset").min_score  # type: ignore[union-attr]
    for d in result.dimensions:
        assert d.gap == pytest.approx(max(0.0, target_floor - d.score))
        assert d.target_score == target_floor


def test_default_target_is_next_level_up(model: Model) -> None:
    result = score(model, answers_at(model, 0.5))
    assert result.target == model.next_level(result.level)


def test_next_steps_largest_weighted_gap_first_then_low_effort(model: Model) -> None:
    result = score(model, answers_at(model, 0.5, trust=0, networks=0.25), target="managed")
    order = {d.id: i for i, d in enumerate(model.dimensions)}
    dimensions = list(dict.fromkeys(s.dimension.id for s in result.next_steps))
    first_effort = {
        d: next(EFFORT_ORDER[s.recommendation.effort] for s in result.next_steps if s.dimension.id == d)
        for d in dimensions
    }
    keys = [(-result.dimension(d).weighted_gap, first_effort[d], order[d]) for d in dimensions]
    assert keys == sorted(keys)
    assert dimensions[0] == "trust"
    assert set(dimensions) == {d.dimension.id for d in result.dimensions if d.gap > 0}
    for dimension_id in dimensions:
        steps = [s for s in result.next_steps if s.dimension.id == dimension_id]
        # contiguous, climbing from the dimension's own level up to the target, low effort first per level
        assert result.next_steps[result.next_steps.index(steps[0]) :][: len(steps)] == tuple(steps)
        climb = [(s.from_level.rank, EFFORT_ORDER[s.recommendation.effort]) for s in steps]
        assert climb == sorted(climb)
        assert climb[0][0] == result.dimension(dimension_id).level.rank
        assert steps[-1].to_level == result.target


def test_partial_answers_are_counted_as_missing(model: Model) -> None:
    first = model.questions[0]
    result = score(model, {first.id: model.scale_of(first).valued_options[-1].id})
    assert len(result.missing_questions) == len(model.questions) - 1
    assert result.dimension(first.dimension).answered == 1


@pytest.mark.parametrize("answers", [{"no.such": "x"}, {MODEL.questions[0].id: "bogus"}])
def test_unknown_ids_raise_answer_error(model: Model, answers: dict[str, str]) -> None:
    with pytest.raises(AnswerError):
        score(model, answers)


def test_unknown_target_raises_answer_error(model: Model) -> None:
    with pytest.raises(AnswerError, match="target level"):
        score(model, {}, target="legendary")


def test_display_score_never_rounds_into_the_next_band() -> None:
    assert display_score(19.999) == "19"
    assert display_score(20.0) == "20"
    assert display_score(100.0) == "100"


# --- properties ---------------------------------------------------------------------------------


def _option_ids(question_id: str) -> list[str]:
    question = MODEL.question(question_id)
    assert question is not None
    return [o.id for o in MODEL.scale_of(question).options]


partial_answers = st.fixed_dictionaries(
    {}, optional={q.id: st.sampled_from(_option_ids(q.id)) for q in MODEL.questions}
)


@settings(max_examples=300, deadline=None)
@given(partial_answers, st.sampled_from([None, *[lv.id for lv in MODEL.levels]]))
def test_scores_stay_within_0_and_100(answers: dict[str, str], target: str | None) -> None:
    result = score(MODEL, answers, target)
    assert 0 <= result.overall <= 100
    for d in result.dimensions:
        assert 0 <= d.score <= 100
        assert 0 <= d.gap <= 100
        assert d.answered + d.unknown + d.missing == len(MODEL.questions_of(d.dimension.id))
    assert result.level.rank <= result.score_level.rank
    assert result.explanation


@settings(max_examples=300, deadline=None)
@given(partial_answers, st.sampled_from([q.id for q in MODEL.questions]))
def test_raising_one_answer_never_lowers_anything(answers: dict[str, str], question_id: str) -> None:
    raised = raise_one(MODEL, answers, question_id)
    if raised is None:
        return
    before, after = score(MODEL, answers), score(MODEL, raised)
    assert after.overall >= before.overall
    assert after.level.rank >= before.level.rank
    for b, a in zip(before.dimensions, after.dimensions, strict=True):
        assert a.score >= b.score


# --- the table-driven scoring against a straightforward reference ------------------------------
#
# ``score`` reads each dimension's answers from a precomputed table and builds the roadmap,
# the explanation and the question lists on first access. The reference below is the plain
# question-by-question loop it replaced, kept verbatim (with its own validation and
# explanation): every public attribute must come out identical, floats bit for bit.

REFERENCE_FIELDS = (
    "model_version",
    "answers",
    "dimensions",
    "overall",
    "score_level",
    "level",
    "held_back_by",
    "weakest",
    "target",
    "next_steps",
    "unknown_questions",
    "missing_questions",
    "explanation",
)
_REFERENCE_INVALID = -1.0


def _reference_validate(model: Model, answers: Mapping[str, str]) -> None:
    option_values = model.tables.option_values
    for question_id, option_id in answers.items():
        values = option_values.get(question_id)
        if values is None:
            raise AnswerError(f"Unknown question id '{question_id}'.")
        if option_id not in values:
            raise AnswerError(f"Question '{question_id}' has no option '{option_id}' (options: {', '.join(values)}).")


def _reference_explain(
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


def _score_reference(model: Model, answers: Mapping[str, str], target: str | None = None) -> dict[str, Any]:
    """The scoring loop as it was before the lookup tables: the 13 public values of a Result."""
    tables = model.tables
    levels = model.levels
    unknown_questions: list[Question] = []
    missing_questions: list[Question] = []
    answered_pairs: list[tuple[str, str]] = []
    raw: list[tuple[Dimension, float, int, int, int]] = []
    for dimension, total, plan in tables.scoring_plan:
        earned = 0.0
        answered = unknown = missing = 0
        for question, values in plan:
            option_id = answers.get(question.id)
            if option_id is None:
                missing += 1
                missing_questions.append(question)
                continue
            answered_pairs.append((question.id, option_id))
            value = values.get(option_id, _REFERENCE_INVALID)
            if value is None:
                unknown += 1
                unknown_questions.append(question)
            elif value is not _REFERENCE_INVALID:
                answered += 1
                earned += question.weight * value
        raw.append((dimension, 100.0 * earned / total, answered, unknown, missing))

    if len(unknown_questions) + sum(r[2] for r in raw) != len(answers):
        _reference_validate(model, answers)
    overall = sum(d.weight * s for d, s, *_ in raw) / tables.dimension_weight
    score_level = model.level_for_score(overall)
    dimension_levels = [model.level_for_score(s) for _, s, *_ in raw]
    level = levels[min(score_level.rank, min(lv.rank for lv in dimension_levels) + 1)]

    if target is None:
        target_level = model.next_level(level)
    else:
        found = tables.levels.get(target)
        if found is None:
            known = ", ".join(lv.id for lv in levels)
            raise AnswerError(f"Unknown target level '{target}' (levels: {known}).")
        target_level = found
    floor = target_level.min_score
    dimensions = tuple(
        DimensionResult(d, s, dl, answered, unknown, missing, floor, floor - s if s < floor else 0.0)
        for (d, s, answered, unknown, missing), dl in zip(raw, dimension_levels, strict=True)
    )
    held_back_by = tuple(sorted((d for d in dimensions if d.level.rank + 1 < score_level.rank), key=lambda d: d.score))
    weakest = min(dimensions, key=lambda d: d.score)

    climbs = []
    for position, d in enumerate(dimensions):
        if d.gap > 0:
            steps = [
                st
                for rank in range(d.level.rank, target_level.rank)
                for st in model.steps_from(d.dimension.id, levels[rank].id)
            ]
            if steps:
                climbs.append((-d.weighted_gap, EFFORT_ORDER[steps[0].recommendation.effort], position, steps))
    climbs.sort(key=lambda climb: climb[:3])

    return {
        "model_version": model.version,
        "answers": tuple(answered_pairs),
        "dimensions": dimensions,
        "overall": overall,
        "score_level": score_level,
        "level": level,
        "held_back_by": held_back_by,
        "weakest": weakest,
        "target": target_level,
        "next_steps": tuple(step for *_, steps in climbs for step in steps),
        "unknown_questions": tuple(unknown_questions),
        "missing_questions": tuple(missing_questions),
        "explanation": _reference_explain(model, level, score_level, overall, held_back_by, weakest),
    }


def _outcome(run: Callable[[], Any]) -> Any:
    try:
        return run()
    except AnswerError as error:
        return ("AnswerError", str(error))


def assert_matches_reference(model: Model, answers: Mapping[str, str], target: str | None) -> Result | None:
    """``score`` gives exactly the reference's values (or raises the same AnswerError)."""
    expected = _outcome(lambda: _score_reference(model, answers, target))
    result = _outcome(lambda: score(model, answers, target))
    if not isinstance(expected, dict):
        assert result == expected
        return None
    assert isinstance(result, Result)
    # field by field, then the dimension fields one by one: floats must be identical, not close
    actual = {name: getattr(result, name) for name in REFERENCE_FIELDS}
    assert actual == expected
    for got, want in zip(result.dimensions, expected["dimensions"], strict=True):
        for name in ("dimension", "score", "level", "answered", "unknown", "missing", "target_score", "gap"):
            assert getattr(got, name) == getattr(want, name), name
            assert type(getattr(got, name)) is type(getattr(want, name)), name
        assert got.weighted_gap == want.weighted_gap
    assert result.overall.hex() == expected["overall"].hex()
    assert result.answered_count == sum(d.answered for d in expected["dimensions"])
    assert repr(result) == "Result(" + ", ".join(f"{k}={v!r}" for k, v in expected.items()) + ")"
    assert hash(result) == hash(tuple(expected.values()))
    return result


def _option_ids_with_bad(question_id: str) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(_option_ids(question_id)), st.sampled_from(["bogus", "", "Unsure", "0"]))


targets = st.sampled_from([None, *[lv.id for lv in MODEL.levels]])
# Mostly valid answers; sometimes an unknown option, an unknown question or an unknown target.
messy_answers = st.fixed_dictionaries(
    {},
    optional={
        q.id: _option_ids_with_bad(q.id) if q.key % 7 == 0 else st.sampled_from(_option_ids(q.id))
        for q in MODEL.questions
    },
)


@settings(max_examples=500, deadline=None)
@given(partial_answers, targets)
def test_score_matches_reference_on_partial_answers(answers: dict[str, str], target: str | None) -> None:
    assert_matches_reference(MODEL, answers, target)


@settings(max_examples=300, deadline=None)
@given(
    messy_answers,
    st.dictionaries(st.sampled_from(["no.such", "goals", "", "goals.written "]), st.text(max_size=3), max_size=2),
    st.one_of(targets, st.sampled_from(["legendary", "", "Asset"])),
    st.booleans(),
)
def test_score_matches_reference_on_bad_input(
    answers: dict[str, str], extra: dict[str, str], target: str | None, with_extra: bool
) -> None:
    assert_matches_reference(MODEL, {**answers, **extra} if with_extra else answers, target)


@settings(max_examples=200, deadline=None)
@given(partial_answers, partial_answers, targets)
def test_result_equality_matches_reference(first: dict[str, str], second: dict[str, str], target: str | None) -> None:
    same = _score_reference(MODEL, first, target) == _score_reference(MODEL, second, target)
    assert (score(MODEL, first, target) == score(MODEL, second, target)) is same


@pytest.mark.parametrize(
    "answers",
    [
        {},
        answers_at(MODEL, 0.0),
        answers_at(MODEL, 1.0),
        all_unsure(MODEL),
        answers_at(MODEL, 1.0, budget=0),
        answers_at(MODEL, 0.75, goals=1, budget=1, brand=1, patience=1, **{"return": 0}, improve=0.25),
        # equal dimension scores from different answers: 2 × 0.5 against 1 × 0.5 + 1 × 0.5
        {"goals.written": "written", "goals.mission": "none", "goals.purpose": "none"},
        {"goals.written": "none", "goals.mission": "half", "goals.purpose": "half"},
    ],
)
@pytest.mark.parametrize("target", [None, *[lv.id for lv in MODEL.levels]])
def test_golden_profiles_match_reference_for_every_target(answers: dict[str, str], target: str | None) -> None:
    assert_matches_reference(MODEL, answers, target)


def test_same_scores_from_different_answers_are_different_results(model: Model) -> None:
    first = score(model, {"goals.written": "written", "goals.mission": "none", "goals.purpose": "none"})
    second = score(model, {"goals.written": "none", "goals.mission": "half", "goals.purpose": "half"})
    assert first.dimensions == second.dimensions
    assert first != second
    assert first == score(model, dict(reversed(list(first.answers))))


def test_answers_from_any_mapping(model: Model) -> None:
    answers = answers_at(model, 0.5, trust=0)
    assert score(model, MappingProxyType(answers), "managed") == score(model, answers, "managed")


@pytest.mark.parametrize("name", [*REFERENCE_FIELDS, "answered_count"])
def test_result_is_read_only_before_and_after_lazy_parts_are_read(model: Model, name: str) -> None:
    result = score(model, answers_at(model, 0.5))
    with pytest.raises(FrozenInstanceError):
        setattr(result, name, None)
    value = getattr(result, name)
    with pytest.raises(FrozenInstanceError):
        setattr(result, name, None)
    assert getattr(result, name) == value
    if name != "answered_count":
        assert getattr(result, name) is value  # computed once, then kept


def test_every_answer_combination_is_tabled(model: Model) -> None:
    for table, (_, _, plan) in zip(model.tables.dimension_tables, model.tables.scoring_plan, strict=True):
        assert len(table) == math.prod(len(values) + 1 for _, values in plan)


def test_dimensions_over_the_table_bound_fill_their_table_as_they_go(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a tiny bound, no table is precomputed: cells are scored when met, up to the bound."""
    monkeypatch.setattr(model_module, "MAX_CELLS_PER_DIMENSION", 5)
    small = load_model()
    assert all(len(table) == 0 for table in small.tables.dimension_tables)
    rng = random.Random(3)
    for _ in range(60):
        answers = {q.id: rng.choice(_option_ids(q.id)) for q in small.questions if rng.random() < 0.8}
        assert_matches_reference(small, answers, rng.choice([None, "managed"]))
    assert all(0 < len(table) <= 5 for table in small.tables.dimension_tables)
    assert_matches_reference(small, {small.questions[0].id: "bogus"}, None)


def test_awkward_weights_match_reference_bit_for_bit(content_copy: ContentCopy) -> None:
    """The real weights (1, 2; 1, 1.5) and quarter-step values add up exactly in binary, so
    any summation order gives the same floats. Weights like 0.1 and 0.7 do not: this model
    catches a table or an overall score that sums in a different order than the loop."""
    weights = [0.1, 0.7, 0.3, 1.1, 2.9, 0.45, 1.7]

    def question_weights(doc: dict[str, Any]) -> None:
        for number, question in enumerate(doc["questions"]):
            question["weight"] = weights[number % len(weights)]

    def dimension_weights(doc: dict[str, Any]) -> None:
        for number, dimension in enumerate(doc["dimensions"]):
            dimension["weight"] = weights[(number + 3) % len(weights)]

    content_copy.edit("questions.toml", question_weights)
    content_copy.edit("dimensions.toml", dimension_weights)
    awkward = content_copy.load()
    rng = random.Random(11)
    for _ in range(300):
        answers = {q.id: rng.choice(_option_ids(q.id)) for q in awkward.questions if rng.random() < 0.85}
        assert_matches_reference(awkward, answers, rng.choice([None, *[lv.id for lv in awkward.levels]]))

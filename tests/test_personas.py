"""Personas: realistic answer sets (``tests/personas/*.json``) and the level the posts' authors would give them.

Each file holds a persona's description, its answers, the expected level and a one-line reason
citing the post it rests on, and the level model v1 gave it (for the record). Some add
expectations: ``provisional``, and ``not_above`` (another persona it must not outrank).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.loader import load_model
from assessment.model import Condition
from assessment.scoring import Result, score
from tests import strategies
from tests.profiles import answers_at

MODEL = load_model()
FOLDER = Path(__file__).resolve().parent / "personas"
PERSONAS: dict[str, dict[str, Any]] = {
    path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(FOLDER.glob("*.json"))
}


def result_of(name: str) -> Result:
    persona = PERSONAS[name]
    return score(MODEL, persona["answers"])


def test_there_are_at_least_twenty_personas_with_reasons_citing_a_post() -> None:
    assert len(PERSONAS) >= 20
    for name, persona in PERSONAS.items():
        assert persona["persona"] and persona["reason"], name
        assert any(
            f"({number}" in persona["reason"] or f", {number}" in persona["reason"]
            for number in ("000", "001", "002", "003", "004")
        ), name
        assert MODEL.level(persona["expected_level"]) is not None, name


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_persona_gets_the_level_the_posts_support(name: str) -> None:
    persona = PERSONAS[name]
    result = result_of(name)
    assert result.level.id == persona["expected_level"], f"{name}: {result.explanation}"
    expect = persona.get("expect", {})
    assert result.provisional == expect.get("provisional", False), result.explanation
    assert result.find_out_first == expect.get("find_out_first", False), result.explanation
    if "quick_level" in expect:
        assert score(MODEL, persona["answers"], variant="quick").level.id == expect["quick_level"], name


def test_personas_that_must_not_outrank_another_do_not() -> None:
    pairs = [(name, p["expect"]["not_above"]) for name, p in PERSONAS.items() if "not_above" in p.get("expect", {})]
    assert pairs
    for name, other in pairs:
        mine, theirs = result_of(name), result_of(other)
        assert mine.level.rank <= theirs.level.rank, name
        assert mine.overall < theirs.overall, name


def test_the_middle_answer_everywhere_is_experimenting_at_most() -> None:
    middle = {q.id: MODEL.scale_of(q).valued_options[2].id for q in MODEL.scored_questions}
    assert score(MODEL, middle).level.rank <= MODEL.level("experimenting").rank  # type: ignore[union-attr]
    assert {q: o for q, o in PERSONAS["middle-everywhere"]["answers"].items() if q in middle} == middle


def test_unknown_answers_make_the_result_provisional_and_are_named() -> None:
    result = result_of("fully-planned-seven-unsure")
    assert result.provisional and result.best_case.id == "asset"
    assert len(result.unknown_questions) == 7
    assert "provisional" in result.explanation and "7 answers" in result.explanation
    for question in result.unknown_questions:
        assert MODEL.dimension(question.dimension).name in result.explanation
    assert result.confidence == pytest.approx(1 - 7 / len(MODEL.scored_questions))


def test_the_one_network_business_has_no_score_for_strategy_per_network() -> None:
    tailoring = result_of("one-network-business").dimension("tailoring")
    assert tailoring.score is None and tailoring.level is None and tailoring.not_applicable == 3


@pytest.mark.parametrize("name", [n for n, p in PERSONAS.items() if p["answers"].get("networks.count") == "one"])
def test_one_network_gives_the_level_of_a_questionnaire_without_strategy_per_network(name: str) -> None:
    answers = PERSONAS[name]["answers"]
    questions = tuple(q for q in MODEL.questions if q.dimension != "tailoring")
    dimensions = tuple(replace(d, not_applicable_when=None) for d in MODEL.dimensions if d.id != "tailoring")
    smaller = replace(MODEL, questions=questions, dimensions=dimensions)
    kept = {q: o for q, o in answers.items() if not q.startswith("tailoring.")}
    one, without = score(MODEL, answers), score(smaller, kept)
    assert one.level == without.level
    assert one.overall == pytest.approx(without.overall)


def _best() -> dict[str, str]:
    return answers_at(MODEL, 1.0)


@pytest.mark.parametrize("condition", MODEL.conditions, ids=lambda c: c.id)
def test_a_profile_at_its_best_but_for_one_condition_is_capped_at_that_conditions_level(condition: Condition) -> None:
    for failing in condition.fails:
        answers = {**_best(), condition.question: failing}
        result = score(MODEL, answers)
        assert result.level.id == condition.highest, (failing, result.explanation)
        assert [c.condition for c in result.capped_by] == [condition]
        assert result.explanation.startswith(f"{result.level.name} at most: {condition.says}")
        assert result.next_steps[0].conditions == (condition,)  # its step comes first
    unknown = score(MODEL, {k: v for k, v in _best().items() if k != condition.question})
    assert unknown.level.id == condition.highest and unknown.provisional  # not known: not yet had
    assert f"it is not known whether {condition.needs}" in unknown.explanation


@settings(max_examples=150)
@given(st.data())
def test_a_failing_condition_caps_whatever_the_other_answers(data: st.DataObject) -> None:
    answers = data.draw(strategies.profiles(MODEL))
    condition = data.draw(st.sampled_from(MODEL.conditions))
    answers[condition.question] = data.draw(st.sampled_from(condition.fails))
    highest = MODEL.level(condition.highest)
    assert highest is not None and score(MODEL, answers).level.rank <= highest.rank

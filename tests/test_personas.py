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

from assessment.loader import load_model
from assessment.model import NOT_APPLICABLE
from assessment.scoring import Result, score

MODEL = load_model()
FOLDER = Path(__file__).resolve().parent / "personas"
PERSONAS: dict[str, dict[str, Any]] = {
    path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(FOLDER.glob("*.json"))
}


def result_of(name: str) -> Result:
    persona = PERSONAS[name]
    return score(MODEL, persona["answers"])


def test_there_are_at_least_ten_personas_with_reasons_citing_a_post() -> None:
    assert len(PERSONAS) >= 10
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


def test_the_sales_first_advertiser_is_not_above_the_patient_relationship_builder() -> None:
    for name, persona in PERSONAS.items():
        other = persona.get("expect", {}).get("not_above")
        if other:
            mine, theirs = result_of(name), result_of(other)
            assert mine.level.rank <= theirs.level.rank
            assert mine.overall < theirs.overall
    assert "not_above" in PERSONAS["sales-first-advertiser"]["expect"]


def test_the_middle_answer_everywhere_is_experimenting_at_most() -> None:
    middle = {q.id: MODEL.scale_of(q).valued_options[2].id for q in MODEL.questions}
    assert score(MODEL, middle).level.rank <= MODEL.level("experimenting").rank  # type: ignore[union-attr]
    assert PERSONAS["middle-everywhere"]["answers"] == middle


def test_unknown_answers_make_the_result_provisional_and_are_named() -> None:
    result = result_of("fully-planned-seven-unsure")
    assert result.provisional and result.best_case.id == "asset"
    assert len(result.unknown_questions) == 7
    assert "provisional" in result.explanation and "7 answers" in result.explanation
    for question in result.unknown_questions:
        assert MODEL.dimension(question.dimension).name in result.explanation
    assert result.confidence == pytest.approx(1 - 7 / len(MODEL.questions))


@pytest.mark.parametrize("name", [n for n, p in PERSONAS.items() if NOT_APPLICABLE in p["answers"].values()])
def test_does_not_apply_gives_the_level_of_a_questionnaire_without_those_questions(name: str) -> None:
    answers = PERSONAS[name]["answers"]
    dropped = {q for q, option in answers.items() if option == NOT_APPLICABLE}
    questions = tuple(q for q in MODEL.questions if q.id not in dropped)
    dimensions = tuple(d for d in MODEL.dimensions if any(q.dimension == d.id for q in questions))
    smaller = replace(MODEL, questions=questions, dimensions=dimensions)
    kept = {q: option for q, option in answers.items() if q not in dropped}
    with_na, without = score(MODEL, answers), score(smaller, kept)
    assert with_na.level == without.level
    assert with_na.overall == pytest.approx(without.overall)
    assert {q.id for q in with_na.not_applicable_questions} == dropped


def test_the_one_network_business_has_no_score_for_strategy_per_network() -> None:
    tailoring = result_of("one-network-business").dimension("tailoring")
    assert tailoring.score is None and tailoring.level is None and tailoring.not_applicable == 3

"""The shipped content keeps the rules the posts set (see content/README.md and seeds/README.md)."""

from __future__ import annotations

import re

import pytest

from assessment.loader import load_model
from assessment.model import Model
from reports.wording import minutes_for

MODEL = load_model()
# A week-scale duration for judging or testing something: the patience rule wants months.
SHORT_TRIAL = re.compile(r"\b(fortnight|(one|two|three|four|five|six|\d+) weeks?)\b", re.IGNORECASE)
# Structures a small business may not have.
ASSUMED_STRUCTURE = re.compile(
    r"\b(leadership|department|board|staff|employees|marketing team|survey|order form)\b", re.IGNORECASE
)


def words(text: str) -> int:
    return len(re.findall(r"[\w'’-]+", text))


def test_questionnaire_stays_short() -> None:
    assert 30 <= len(MODEL.questions) <= 36
    assert minutes_for(len(MODEL.questions)) <= 8  # the start page's estimate
    assert minutes_for(len(MODEL.questions_in("quick"))) <= 3  # twelve questions: the 80 % agreement needs them
    reading = sum(
        words(q.text) + words(q.help) + sum(words(o.label) for o in MODEL.options_of(q)) for q in MODEL.questions
    )
    assert reading <= 2133  # no more to read than version 1 (565 + 769 + 799 words)


def test_every_scale_has_five_steps_on_one_ladder() -> None:
    for scale in MODEL.scales:
        assert [o.value for o in scale.valued_options] == [0.0, 0.15, 0.35, 0.7, 1.0], scale.id


@pytest.mark.parametrize("recommendation", MODEL.recommendations, ids=lambda r: r.id)
def test_steps_give_efforts_months_and_assume_no_staff(recommendation: object) -> None:
    step = recommendation.step  # type: ignore[attr-defined]
    assert not SHORT_TRIAL.search(step.replace("each week", "").replace("a week", "")), step
    assert not ASSUMED_STRUCTURE.search(step), step


def test_does_not_apply_is_offered_where_it_honestly_can_be_and_explained() -> None:
    offered = [q for q in MODEL.questions if q.not_applicable]
    assert len(offered) >= 4
    for question in offered:
        assert re.search(r"(If|if) .*(this does not apply|choose that answer)\.$", question.help), question.id


def test_one_most_telling_question_per_dimension(model: Model) -> None:
    for dimension in model.dimensions:
        assert [q.weight for q in model.questions_of(dimension.id)].count(2) == 1, dimension.id


def test_patience_and_relationships_weigh_as_much_as_goals_budget_and_return(model: Model) -> None:
    weight = {d.id: d.weight for d in model.dimensions}
    assert weight["patience"] + weight["trust"] >= weight["goals"] + weight["budget"] + weight["return"]


def test_required_return_is_not_a_short_term_sales_figure() -> None:
    texts = [q.text + " " + q.help for q in MODEL.questions_of("return")]
    texts += [r.step for r in MODEL.recommendations if any(c.dimension == "return" for c in r.climbs)]
    for text in texts:
        assert not re.search(r"\b\d+ (enquiries|bookings|sales)\b", text), text
    assert any("months" in t for t in texts) and any("relationship" in t for t in texts)


def test_readers_comments_are_kept_apart_from_the_author() -> None:
    seed = MODEL.seed("003_cbdaffbefdbc054b.txt")
    assert seed is not None and seed.comments
    assert not any("honest" in idea.casefold() for idea in seed.ideas)
    assert any("honest" in comment.casefold() for comment in seed.comments)

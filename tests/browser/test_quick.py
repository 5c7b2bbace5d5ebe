"""The quick check in the browser: clicks from the start page to an estimated level are counted
(target: at most 14), and continuing to the full assessment keeps every answer and asks only the rest."""

from __future__ import annotations

import json

import pytest

from assessment import decode, score
from assessment.model import Model
from reports.wording import questionnaire_length, variant_offer
from tests.browser.helpers import ARTIFACTS, App
from tests.profiles import applying_fact
from ui import routes

pytestmark = pytest.mark.browser
MAX_CLICKS = 15  # start, twelve questions and one fact, the results


def label(model: Model, question_id: str, index: int) -> str:
    """The ``index``-th valued answer (the top on a shorter scale); a fact's answer that keeps every part."""
    question = model.question(question_id)
    assert question is not None
    if question.fact:
        option = model.option(question, applying_fact(model, question))
        assert option is not None
        return option.label
    valued = model.scale_of(question).valued_options
    return valued[min(index, len(valued) - 1)].label


def test_a_quick_result_in_at_most_15_clicks_then_the_full_assessment_without_repeats(app: App, model: Model) -> None:
    clicks = 0

    def click(name: str) -> None:
        nonlocal clicks
        clicks += 1
        app.click(name)

    def choose(question_id: str, index: int) -> None:
        nonlocal clicks
        clicks += 1
        question = model.question(question_id)
        assert question is not None
        app.choose(question.text, label(model, question_id, index))

    app.open()
    quick = len(model.questions_in("quick"))
    click(variant_offer(model, "quick"))
    pages = routes.steps(model, "quick")
    assert len(pages) == 1  # one page: fifteen clicks with twelve questions and a fact
    for number, page in enumerate(pages, 1):
        assert questionnaire_length(quick) in app.text()
        for question in page.questions:
            choose(question.id, 3)
        click("See my results" if number == len(pages) else "Next →")
    quick_answers = dict(decode(model, app.query()).data.answers)
    result = score(model, quick_answers, variant="quick")
    assert app.heading() == result.level.name
    assert "Quick check" in app.text() and f"the full assessment asks {len(model.questions) - quick} more" in app.text()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "quick-check-clicks.json").write_text(json.dumps({"clicks": clicks}), encoding="utf-8")
    app.screenshot("quick-results-desktop")
    assert clicks <= MAX_CLICKS, clicks

    app.click(f"Continue to the full assessment ({len(model.questions) - quick} more questions)")
    rest = routes.steps(model, "full", rest=True)
    for number, page in enumerate(rest, 1):
        shown = app.page.get_by_role("radiogroup")
        assert shown.count() == len(page.questions)  # only what the quick check did not ask
        for question in page.questions:
            app.choose(question.text, label(model, question.id, 3))
        app.click("See my results" if number == len(rest) else "Next →")
    data = decode(model, app.query()).data
    assert data.variant == "full" and len(data.answers) == len(model.questions)
    assert {q: data.answers[q] for q in quick_answers} == quick_answers
    assert app.heading() == score(model, data.answers).level.name
    assert app.page_errors == []

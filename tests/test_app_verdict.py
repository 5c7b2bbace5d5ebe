"""Issue 21 headless (AppTest): the results page opens on the verdict, a check before results with few
answers, one answer changed fast, a shared link's recipient, and the page's title.

Expectations come from the core (``score``) and ``reports.wording``; positions on the page, the
scroll and the clipboard are the browser tests' (``tests/browser/test_landing.py``).
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from assessment.link import LinkData, encode, score_link
from assessment.model import Model
from assessment.query import parse_query
from assessment.scoring import score
from reports.wording import first_steps_heading, ladder_position, step_detail
from tests.profiles import answers_at
from tests.test_app import decoded, open_link, run, texts, unescape
from ui import routes, titles


def _answers(model: Model) -> dict[str, str]:
    ids = [d.id for d in model.dimensions]
    return answers_at(model, 0.5, **{ids[1]: 0.0, ids[-1]: 0.25})


def test_the_results_open_on_the_level_its_rung_why_and_the_first_three_steps(model: Model) -> None:
    data = LinkData(_answers(model), "Riverside Bakery", None, date(2026, 3, 4))
    result = score_link(model, data)
    assert len(result.next_steps) > 3
    at = open_link(model, data)
    assert at.title[0].value == result.level.name
    ladder = unescape(at.markdown[0].value)
    assert f"Level {ladder_position(model, result.level)} · " in ladder
    assert " › ".join(level.name for level in model.levels) in ladder.replace("*", "")
    assert unescape(at.info[0].value) == result.explanation  # the core's sentence, as it is
    headers = [h.value for h in at.header]
    assert headers[:2] == [first_steps_heading(3), "Where you stand"]
    (steps,) = [unescape(m.value).replace("**", "") for m in at.markdown if m.value.startswith("1. ")]
    for number, step in enumerate(result.next_steps[:3], 1):
        assert f"{number}. {step.recommendation.step}" in steps
        assert step_detail(step, with_effort=False) in steps and f"{step.recommendation.effort} effort" in steps
    assert "4. " not in steps
    # the whole roadmap follows, a collapsed card per dimension
    assert at.expander and all(not e.proto.expanded for e in at.expander)


def test_a_result_with_too_little_known_lists_what_to_find_out_instead_of_steps(model: Model) -> None:
    unsure = {q.id: model.scale_of(q).options[-1].id for q in model.questions if not q.fact}
    at = open_link(model, LinkData(unsure, "", None, date(2026, 3, 4)))
    result = score(model, unsure)
    assert result.find_out_first
    headers = [h.value for h in at.header]
    assert headers[0] == "Find out first" and "Your first three steps" not in headers
    items = [b for b in at.button if b.key.startswith("find_out_first_")]
    assert len(items) == len(result.unknown_questions)
    items[0].click().run()
    assert at.query_params["step"] == str(routes.step_of(model, result.unknown_questions[0]))


def test_an_empty_quick_check_asks_before_its_results(model: Model) -> None:
    at = open_link(model, LinkData(variant="quick"), step="1")
    at.button(key="next").click().run()  # "See my results" with nothing answered
    asked = len(model.questions_in("quick"))
    assert at.query_params["check"] == "results" and at.query_params["step"] == "1"
    assert at.title[0].value == f"0 of {asked} questions answered"
    at.button(key="check_back").click().run()
    assert "check" not in at.query_params and at.query_params["step"] == "1"
    assert at.radio  # the questions again

    at.button(key="next").click().run()
    at.button(key="check_anyway").click().run()
    assert "step" not in at.query_params and "check" not in at.query_params
    assert at.header[0].value == "Find out first"
    assert decoded(model, at).taken_on == date.today()


def test_half_the_questions_answered_go_straight_to_the_results(model: Model) -> None:
    quick = model.questions_in("quick")
    half = {q.id: answers_at(model, 0.5)[q.id] for q in quick[: (len(quick) + 1) // 2]}
    at = open_link(model, LinkData(half, variant="quick"), step="1")
    at.button(key="next").click().run()
    assert "step" not in at.query_params and "check" not in at.query_params


def test_one_answer_changed_and_the_results_back_in_three_clicks(model: Model) -> None:
    answers = _answers(model)
    data = LinkData(answers, "Riverside Bakery", None, date(2026, 3, 4))
    at = open_link(model, data)
    trust = model.dimensions[-1]
    question = model.questions_of(trust.id)[0]
    better = model.scale_of(question).valued_options[-1].id

    at.button(key=f"change_{trust.id}").click().run()  # 1: the dimension, under the table
    assert at.query_params["step"] == str(len(model.dimensions)) and at.query_params["from"] == "results"
    assert at.title[0].value == trust.name
    at.radio(key=f"q_{question.id}").set_value(better).run()  # 2: the answer
    at.button(key="results_top").click().run()  # 3: back to the results, from the top of the page
    assert "step" not in at.query_params and "from" not in at.query_params
    assert dict(decoded(model, at).answers) == {**answers, question.id: better}
    assert at.title[0].value == score(model, {**answers, question.id: better}).level.name


def test_a_roadmap_card_opens_its_dimension(model: Model) -> None:
    answers = _answers(model)
    at = open_link(model, LinkData(answers, "", None, date(2026, 3, 4)))
    first = score(model, answers).next_steps[0].dimension
    at.button(key=f"roadmap_change_{first.id}").click().run()
    assert at.query_params["step"] == str(model.dimensions.index(first) + 1)
    assert at.query_params["from"] == "results"
    assert at.button(key="results_top").label == "See my results"


def test_a_shared_link_says_whose_and_when_and_offers_to_take_it(model: Model) -> None:
    data = LinkData(_answers(model), "Harbour Café", None, date(2026, 3, 4))
    at = open_link(model, data)
    assert any(unescape(t).startswith("Harbour Café · taken on 2026-03-04 · overall score") for t in texts(at))
    assert "Someone shared these results with you." in unescape(" ".join(texts(at)))
    at.button(key="take_it").click().run()
    assert dict(at.query_params) == {} and at.title[0].value.startswith("Is your social media")

    anonymous = open_link(model, LinkData(_answers(model), "", None, date(2026, 3, 4)))
    assert any(unescape(t).startswith("Anonymous · taken on 2026-03-04") for t in texts(anonymous))

    own = run({**parse_query(encode(model, data)), "step": str(len(model.dimensions))})
    own.button(key="next").click().run()  # through the questionnaire in this session: one's own results
    assert "step" not in own.query_params
    assert not [b for b in own.button if b.key == "take_it"]


@pytest.mark.parametrize(
    ("address", "title"),
    [
        ("", titles.APP_TITLE),
        ("?view=compare", f"Compare results · {titles.APP_TITLE}"),
    ],
)
def test_page_titles_of_views_without_a_result(model: Model, address: str, title: str) -> None:
    assert titles.page_title(model, routes.route(model, parse_query(address))) == title


def test_a_results_page_is_titled_with_the_organisation_and_the_level(model: Model) -> None:
    data = LinkData(_answers(model), "Riverside Bakery", None, date(2026, 3, 4))
    level = score_link(model, data).level.name
    here = routes.route(model, parse_query(encode(model, data)))
    assert titles.page_title(model, here) == f"Riverside Bakery: {level} · {titles.APP_TITLE}"
    quick = routes.route(model, parse_query(encode(model, LinkData(_answers(model), variant="quick"))))
    assert re.fullmatch(rf"\w[\w ]* \(quick check\) · {re.escape(titles.APP_TITLE)}", titles.page_title(model, quick))
    step = routes.route(model, parse_query(encode(model, data) + "&step=2"))
    assert titles.page_title(model, step) == f"{model.dimensions[1].name} · {titles.APP_TITLE}"

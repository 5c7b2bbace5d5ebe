"""The quick check in the app (AppTest): start, its one page, an estimated result, and continuing
to the full assessment with every answer kept and only the rest asked."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from assessment.link import decode, decode_params
from assessment.loader import load_model
from assessment.model import Model
from assessment.query import parse_query
from assessment.scoring import score
from tests.profiles import applying_fact
from ui import routes
from ui.text import md_escape

APP = str(Path(__file__).resolve().parent.parent / "app.py")
MODEL = load_model()


def link_of(at: AppTest) -> dict[str, str]:
    return {k: v for k, v in at.query_params.items() if isinstance(v, str)}


def answer_page(model: Model, at: AppTest, index: int) -> None:
    """Answer every question on the page with its scale's option number ``index``."""
    for radio in at.radio:
        question = model.question(radio.key.removeprefix("q_"))
        assert question is not None
        valued = model.scale_of(question).valued_options
        option = applying_fact(model, question) if question.fact else valued[min(index, len(valued) - 1)].id
        radio.set_value(option).run()


def test_the_quick_check_asks_its_questions_on_one_page_and_gives_an_estimate() -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    labels = [b.label for b in at.button]
    quick = len(MODEL.questions_in("quick"))
    assert routes.QUICK_STEPS == 1  # fifteen clicks: start, thirteen answers, the results
    assert f"Quick check — {quick} questions, about 3 minutes" in labels
    assert f"Full assessment — {len(MODEL.questions)} questions, about 8 minutes" in labels

    at.button(key="start_quick").click().run()
    assert at.query_params["k"] == "quick" and at.query_params["step"] == "1"
    asked: list[str] = []
    for _page in range(routes.QUICK_STEPS):
        assert at.title[0].value == "Quick check"
        assert f"{quick} questions, about 3 minutes" in [c.value for c in at.caption]  # not "Step 1 of 1"
        labels = [str(m.value) for m in at.markdown]
        for question in MODEL.questions_in("quick"):  # each question says which dimension it is about
            name = MODEL.dimension(question.dimension).name
            assert any(f":blue[{name}]" in t and md_escape(question.text) in t for t in labels), question.id
        asked += [r.key.removeprefix("q_") for r in at.radio]
        answer_page(MODEL, at, 3)
        at.button(key="next").click().run()
    assert asked == [q.id for q in MODEL.questions_in("quick")]  # every quick question, once, in order
    assert "step" not in at.query_params  # the results

    data = decode_params(MODEL, link_of(at)).data
    assert data.variant == "quick" and set(data.answers) == set(asked)
    result = score(MODEL, data.answers, variant="quick")
    assert at.title[0].value == result.level.name
    body = " ".join(str(m.value) for m in at.markdown)
    assert ":blue-badge[Quick check]" in body
    assert f"the full assessment asks {len(MODEL.questions) - quick} more questions" in body
    assert any("An estimate from the quick check" in str(i.value) for i in at.info)


def test_continuing_to_the_full_assessment_keeps_every_answer_and_asks_only_the_rest() -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.button(key="start_quick").click().run()
    for _ in range(routes.QUICK_STEPS):
        answer_page(MODEL, at, 4)
        at.button(key="next").click().run()
    quick_answers = dict(decode_params(MODEL, link_of(at)).data.answers)

    at.button(key="continue_full").click().run()
    assert at.query_params["step"] == "1" and at.query_params["only"] == "rest" and "k" not in at.query_params
    seen: list[str] = []
    for _page in MODEL.dimensions:
        shown = [r.key.removeprefix("q_") for r in at.radio]
        assert not set(shown) & set(quick_answers)  # nothing asked twice
        seen += shown
        answer_page(MODEL, at, 4)
        at.button(key="next").click().run()
    assert set(seen) | set(quick_answers) == {q.id for q in MODEL.questions}
    data = decode_params(MODEL, link_of(at)).data
    assert data.variant == "full"
    assert {q: data.answers[q] for q in quick_answers} == quick_answers  # the quick answers kept
    assert score(MODEL, data.answers).level.id == "asset"
    assert not [m for m in at.markdown if ":blue-badge[Quick check]" in str(m.value)]


# A quick check's link made with content 2 (tests/fixtures/v2-links.json): it opens, names the
# questions new since, and keeps the answers the quick check no longer asks for the full assessment.
V2_QUICK = json.loads((Path(__file__).parent / "fixtures" / "v2-links.json").read_text(encoding="utf-8"))


def test_a_quick_link_of_content_2_opens_and_loses_nothing() -> None:
    link = V2_QUICK["links"]["quick"]
    decoded = decode(MODEL, link)
    answers = dict(decoded.data.answers)
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update(parse_query(link))
    at.run()
    assert not at.exception
    outside = set(answers) - set(MODEL.quick_questions)
    unanswered = {q.id for q in MODEL.questions_in("quick") if not q.fact} - set(answers)
    assert outside and unanswered
    captions = " ".join(str(c.value) for c in at.caption)
    assert f"This link also carries {len(outside)} answers to questions the quick check does not ask now" in captions
    body = " ".join(str(m.value) for m in at.markdown)
    assert f"{len(unanswered)} questions not answered yet" in body

    at.button(key="answer_missing").click().run()  # the quick page, with the kept answers shown
    assert at.query_params["step"] == "1" and at.query_params["k"] == "quick"
    shown = {r.key.removeprefix("q_"): r.value for r in at.radio}
    kept = set(answers) & set(MODEL.quick_questions)
    assert {q: shown[q] for q in kept} == {q: answers[q] for q in kept}
    assert all(shown[q] is None for q in unanswered)
    data = decode_params(MODEL, {k: v for k, v in link_of(at).items() if k != "step"}).data
    assert {q: data.answers[q] for q in outside} == {q: answers[q] for q in outside}  # kept for the full one

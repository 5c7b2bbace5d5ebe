"""The user journeys of issue 4, each driven by clicks in headless Chromium against the real server.

Expected values come from the pure core (``assessment``), never from the app's own code, so
a wrong wire between widget and core shows up here.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from urllib.parse import urlsplit

import pytest

from assessment import LinkData, decode, encode, score
from assessment.model import Model
from assessment.rounding import shown_gap, whole_points
from assessment.scoring import Result
from reports.wording import variant_offer
from tests.browser.helpers import App
from tests.profiles import answers_at
from tests.support.wsclient import Run, Session

pytestmark = pytest.mark.browser

DAMAGED = "This results link is damaged"
START_TITLE = "Is your social media a buzzword or a real asset?"
PHONE = {"width": 390, "height": 844}


# -- answer sets and expectations -------------------------------------------------------------
def varied_answers(model: Model) -> dict[str, str]:
    """A realistic mix: strong in some dimensions, weak in others, two "Not sure"."""
    ids = [d.id for d in model.dimensions]
    answers = answers_at(model, 0.5, **{ids[0]: 1.0, ids[1]: 0.25, ids[4]: 0.75, ids[7]: 0.0})
    for question in (model.questions[2], model.questions[-1]):
        answers[question.id] = model.scale_of(question).options[-1].id  # "Not sure"
    return answers


def label_of(model: Model, question_id: str, option_id: str) -> str:
    question = model.question(question_id)
    assert question is not None
    option = model.scale_of(question).option(option_id)
    assert option is not None
    return option.label


def expected_rows(result: Result) -> list[dict[str, str]]:
    """The results table as the core decides it: dimension, score, level, gap."""
    return [
        {
            "Dimension": d.dimension.name,
            "Score": str(whole_points(d.score)),
            "Level": d.level.name,
            "Gap": str(shown_gap(d.score, d.target_score)),
        }
        for d in result.dimensions
    ]


def answer_step(app: App, model: Model, step: int, answers: Mapping[str, str]) -> None:
    """Click this step's answers (questions without one in ``answers`` are left alone)."""
    for question in model.questions_on_page(model.dimensions[step - 1].id):
        if question.id in answers:
            app.choose(question.text, label_of(model, question.id, answers[question.id]))


def assert_step_shows(app: App, model: Model, step: int, answers: Mapping[str, str]) -> None:
    """Every radio of this step shows exactly what ``answers`` holds (None when unanswered)."""
    assert f"Step {step} of {len(model.dimensions)}" in app.text()
    for question in model.questions_on_page(model.dimensions[step - 1].id):
        wanted = label_of(model, question.id, answers[question.id]) if question.id in answers else None
        assert app.chosen(question.text) == wanted, f"step {step}, {question.id}"


def assert_results(app: App, model: Model, result: Result) -> None:
    assert app.heading() == result.level.name
    assert f"overall score {whole_points(result.overall)!s} of 100" in app.text()
    assert app.table() == expected_rows(result)


def full_button(model: Model) -> str:
    """The start page's button for the full assessment."""
    return variant_offer(model, "full")


def assert_no_traceback(app: App) -> None:
    body = str(app.page.locator("body").inner_text())
    assert "Traceback" not in body
    assert app.page.locator("[data-testid='stException']").count() == 0


# -- 1. a new user clicks through every question to the results -------------------------------
def test_new_user_answers_every_question_and_sees_level_and_radar(app: App, model: Model) -> None:
    answers = varied_answers(model)
    assert len(answers) == len(model.questions)
    total_steps = len(model.dimensions)

    app.open()
    assert app.heading() == START_TITLE
    app.screenshot("start-desktop")
    name_box = app.page.get_by_role("textbox", name="Organisation name (optional)")
    name_box.fill("Riverside Bakery")
    app.rerun(lambda: name_box.press("Enter"))
    app.click(full_button(model))

    answered = 0
    for step in range(1, total_steps + 1):
        assert_step_shows(app, model, step, {})  # a new user starts with nothing chosen
        answer_step(app, model, step, answers)
        answered += len(model.questions_on_page(model.dimensions[step - 1].id))
        assert f"{answered} of {len(model.questions)} answered" in app.text()
        if step == 1:
            app.screenshot("questionnaire-desktop")
        app.click("See my results" if step == total_steps else "Next →")

    result = score(model, answers)
    assert_results(app, model, result)
    assert "Riverside Bakery" in app.text()
    # The URL is the results link: it holds exactly the answers clicked.
    held = decode(model, app.query()).data
    assert dict(held.answers) == answers
    assert held.name == "Riverside Bakery"
    assert held.taken_on == date.today()

    chart = app.chart_marks()
    assert chart["inked"], chart
    assert chart["width"] > 200 and chart["height"] > 200, chart
    if chart["renderer"] == "svg":
        # two profile polygons + rings + spokes, and every axis labelled with its full name
        assert chart["paths"] >= 2 + 2 * len(model.dimensions), chart
        labels = " ".join(chart["texts"]).replace(" ", "")
        for dimension in model.dimensions:
            assert all(word in labels for word in dimension.name.split()), (dimension.name, chart["texts"])
    assert app.page_errors == []

    shot = app.screenshot("results-desktop")
    assert shot.exists()


# -- 2. the shared link shows the same results elsewhere --------------------------------------
def test_shared_link_opens_the_same_results_in_a_new_context(
    app: App, new_app: Callable[..., App], model: Model, app_url: str
) -> None:
    answers = varied_answers(model)
    last = model.questions_of(model.dimensions[-1].id)[0]
    almost = {k: v for k, v in answers.items() if k != last.id}
    app.open(encode(model, LinkData(answers=almost, name="Harbour Café")) + f"&step={len(model.dimensions)}")
    answer_step(app, model, len(model.dimensions), {last.id: answers[last.id]})
    app.click("See my results")
    assert decode(model, app.query()).data.answers == answers

    link = app.code_text()  # the share block's link, as text
    assert link.startswith(app_url.rstrip("/")), (link, app_url)  # absolute, as the browser sees the app
    # one tap on its button puts exactly that link on the clipboard
    app.page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url.rstrip("/"))
    app.main.get_by_role("button", name="Copy the results link").click()
    app.main.get_by_role("button", name="Copied").wait_for()
    assert app.page.evaluate("navigator.clipboard.readText()") == link
    assert urlsplit(link).netloc == urlsplit(app.page.url).netloc
    assert decode(model, link).data == decode(model, app.query()).data
    level, rows, overall = app.heading(), app.table(), app.text().split("overall score ")[1].split(" of")[0]

    other = new_app()  # a fresh context: no cookies, no session, nothing but the link
    other.open(link)
    assert other.heading() == level == score(model, answers).level.name
    assert other.table() == rows  # every column, Gap included
    assert f"overall score {overall} of 100" in other.text()
    assert "Harbour Café" in other.text()
    assert other.code_text() == link  # nothing was rewritten on the way
    assert other.chart_marks()["inked"]


# -- 3. a reload mid-questionnaire keeps every answer ------------------------------------------
def test_reload_mid_questionnaire_keeps_every_answer(app: App, new_app: Callable[..., App], model: Model) -> None:
    answers = varied_answers(model)
    app.open()
    app.click(full_button(model))
    answer_step(app, model, 1, answers)
    app.click("Next →")
    second = model.questions_of(model.dimensions[1].id)
    given = {q.id: answers[q.id] for q in model.questions_of(model.dimensions[0].id)}
    given[second[0].id] = answers[second[0].id]  # step 2 only partly answered
    answer_step(app, model, 2, given)
    progress = f"{len(given)} of {len(model.questions)} answered"
    assert progress in app.text()

    app.reload()
    assert_step_shows(app, model, 2, given)
    assert progress in app.text()
    app.click("← Back")
    assert_step_shows(app, model, 1, given)

    # a closed and reopened tab: the same address in a fresh context
    reopened = new_app()
    reopened.open(app.page.url)
    assert_step_shows(reopened, model, 1, given)
    reopened.click("Next →")
    assert_step_shows(reopened, model, 2, given)
    assert progress in reopened.text()


# -- 3b. an answer reruns only the questions; the bench's client sends it as the browser does ---
def test_an_answer_reruns_only_the_questions_as_the_bench_client_does(app: App, app_url: str, model: Model) -> None:
    step = 3
    questions = model.questions_of(model.dimensions[step - 1].id)
    start = {k: v for k, v in answers_at(model, 0.5).items() if k not in {q.id for q in questions}}
    link = encode(model, LinkData(start, name="Harbour Café")) + f"&step={step}"
    app.open(link)
    question = questions[0]
    first, second = model.scale_of(question).options[:2]

    sent = len(app.reruns_sent)
    app.choose(question.text, first.label)
    (click,) = app.reruns_sent[sent:]
    assert click.fragment_id, "the browser asks for the questions' fragment alone"
    assert app.run_statuses[-1] == "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"
    answered = {**start, question.id: first.id}
    after_first = app.query()
    assert decode(model, after_first).data.answers == answered  # in the URL at once
    assert f"{len(answered)} of {len(model.questions)} answered" in app.text()
    assert f"Harbour Café · Step {step} of {len(model.dimensions)}" in app.text()  # the header stays

    app.choose(question.text, second.label)
    assert decode(model, app.query()).data.answers == {**start, question.id: second.id}
    app.rerun(app.page.go_back)  # the browser's Back steps back one answer
    assert app.query() == after_first
    assert app.chosen(question.text) == first.label
    assert f"{len(answered)} of {len(model.questions)} answered" in app.text()
    app.click("Next →")  # a whole-page run: the next step, every answer kept
    assert_step_shows(app, model, step + 1, answered)
    assert decode(model, app.query()).data.answers == answered

    async def bench_click() -> tuple[Session, Run]:
        async with Session(app_url, link) as session:
            await session.rerun()
            return session, await session.choose(question.text, first.label)

    with ThreadPoolExecutor(1) as thread:  # Playwright's own event loop runs in this thread
        session, run = thread.submit(asyncio.run, bench_click()).result(timeout=60)
    assert run.fragment_id == click.fragment_id
    assert run.status == "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"
    browser_states = {w.id: w.string_value for w in click.widget_states.widgets if w.HasField("string_value")}
    assert session.values == browser_states
    assert "?" + session.query == after_first
    assert f"{len(answered)} of {len(model.questions)} answered" in [p.text for p in run.of_type("progress")]
    assert run.headings() == [model.dimensions[step - 1].name]  # the page around the fragment is kept


# -- 4. damaged links: a clear message, never a traceback --------------------------------------
def test_truncated_and_edited_links_show_the_damaged_message(app: App, model: Model) -> None:
    answers = varied_answers(model)
    good = encode(model, LinkData(answers=answers, name="Acme", taken_on=date(2025, 3, 14)))
    a_value = good.split("a=")[1].split("&")[0]
    flipped = ("1" if a_value[0] != "1" else "2") + a_value[1:]
    damaged = {
        "truncated mid-answers": good[: good.index("a=") + 12],
        "truncated checksum": good[:-3],
        "edited answer": good.replace(f"a={a_value}", f"a={flipped}"),
        "edited name": good.replace("n=Acme", "n=Acne"),
    }
    for what, query in damaged.items():
        app.open(query)
        text = app.text()
        assert DAMAGED in text, (what, text)
        alert = app.main.locator("[data-testid='stAlert']").first
        assert str(alert.inner_text()).strip().startswith(DAMAGED), what
        assert_no_traceback(app)
        assert app.page.get_by_role("button", name="Start fresh").is_visible(), what
    app.screenshot("damaged-desktop")

    app.click("Start fresh")
    assert app.heading() == START_TITLE
    assert app.query() == ""
    assert app.page_errors == []


# -- 5. a name carrying HTML/JS or markdown is shown as text -----------------------------------
def test_name_payloads_fire_no_dialog_and_show_as_literal_text(app: App, model: Model) -> None:
    html_payload = "<img src=x onerror=alert(1)>"
    app.open()
    name_box = app.page.get_by_role("textbox", name="Organisation name (optional)")
    name_box.fill(html_payload)
    app.rerun(lambda: name_box.press("Enter"))
    app.click(full_button(model))
    assert html_payload in app.text()  # the questionnaire's caption
    app.click("Skip to my results")
    app.click("See results anyway")  # nothing answered: asked first
    assert decode(model, app.query()).data.name == html_payload
    assert html_payload in app.text()
    assert app.page.locator("img[src='x'], [onerror]").count() == 0

    link_payload = "[x](javascript:alert(1)) ![y](x) **bold** <b>b</b>"
    app.open(encode(model, LinkData(answers=answers_at(model, 0.5), name=link_payload)))
    assert link_payload in app.text()
    assert app.page.locator("a[href^='javascript'], img[src='x']").count() == 0
    assert app.main.locator("strong, b").filter(has_text=re.compile(r"^(bold|b)$")).count() == 0

    assert app.dialogs == []
    assert app.page_errors == []
    assert_no_traceback(app)


# -- 6. a phone: no horizontal scroll, the chart fits ------------------------------------------
def test_results_fit_a_390_px_phone(new_app: Callable[..., App], model: Model) -> None:
    phone = new_app(**PHONE)
    answers = varied_answers(model)
    data = LinkData(answers=answers, name="Riverside Bakery", taken_on=date.today())
    phone.open(encode(model, replace(data, target=None)))
    assert phone.heading() == score(model, answers).level.name

    page = phone.page
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('*')].filter(e => {
              const style = getComputedStyle(e);
              const scrolls = ['auto', 'scroll'].includes(style.overflowX);
              const box = e.getBoundingClientRect();
              return (scrolls && e.scrollWidth > e.clientWidth + 1)
                  || (box.width > 0 && (box.right > window.innerWidth + 1 || box.left < -1));
           }).map(e => e.tagName + '.' + (e.getAttribute('data-testid') || e.className))"""
    )
    assert overflowing == [], overflowing

    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.scroll_into_view_if_needed()
    marks = phone.chart_marks()
    assert marks["inked"], marks
    assert marks["left"] >= 0 and marks["right"] <= PHONE["width"], marks
    assert marks["height"] <= PHONE["height"], marks
    assert marks["width"] >= 250, marks  # legible, not shrunk to a stamp
    phone.screenshot("results-390")

    # the start and the questionnaire fit as well
    phone.open()
    phone.screenshot("start-390")
    phone.click(full_button(model))
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
    assert page.evaluate("(() => { const m = document.querySelector(\"[data-testid='stMain']\"); "
                         "return m.scrollWidth <= m.clientWidth; })()")  # fmt: skip
    phone.screenshot("questionnaire-390")
    assert phone.page_errors == []

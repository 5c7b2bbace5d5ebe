"""Issue 21 in a real browser, at 390 and 1280 px: every page opens at its top with focus on its
heading, the results open on the verdict and the first step, one tap copies the link, a mostly
empty check asks first, one answer is changed in three clicks, and a member's hand-off sits under
the level. Positions are measured, not only presence; each page is photographed into
``test-artifacts/`` (``landing-<width>-<n>-<page>.png``) to be looked at.

Expected values come from the core (``assessment``) and ``reports.wording``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from assessment import LinkData, decode, encode, score
from assessment.model import Model
from reports.wording import variant_offer
from rooms.store import Store
from tests.browser.helpers import DESKTOP, PHONE, SHARE_BUTTON, App
from tests.profiles import answers_at, applying_fact
from ui import titles

pytestmark = pytest.mark.browser

SIZES = {"390": PHONE, "1280": DESKTOP}
# The heading's top after a transition: under the app's header (60 px) and the page's top padding,
# above a caption at most; the first screen starts there.
HEADING_TOP_MAX = 200
FIRST_STEP_SCREENS = 1.5  # on the results page the first step is within this many screens of the top


def _answers(model: Model) -> dict[str, str]:
    ids = [d.id for d in model.dimensions]
    return answers_at(model, 0.5, **{ids[1]: 0.0, ids[-1]: 0.25})


def label_of(model: Model, question_id: str, option_id: str) -> str:
    question = model.question(question_id)
    assert question is not None
    option = model.option(question, option_id)
    assert option is not None
    return option.label


def back_to_results(app: App) -> None:
    """The first button of a questionnaire page opened from the results: "See my results"."""
    app.rerun(app.page.locator(".st-key-results_top").get_by_role("button", name="See my results").click)


def scroll_to_bottom(app: App) -> None:
    """Scroll the main area down as a reader does before the buttons at the end of a page."""
    app.page.evaluate(
        "() => { const m = document.querySelector(\"[data-testid='stMain']\"); m.scrollTo(0, m.scrollHeight); }"
    )
    assert app.page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollTop") > 0


class Journey:
    """Transitions, each checked to open its page at the top with focus on its heading, and photographed."""

    def __init__(self, app: App, width: str) -> None:
        self.app = app
        self.width = width
        self.count = 0
        self.seen: list[dict[str, Any]] = []

    def arrived(self, heading: str) -> dict[str, Any]:
        landed = self.app.landed()
        assert landed["heading"] == heading, landed
        assert landed["scrollTop"] == 0 and landed["documentScroll"] == 0, landed
        assert 0 <= landed["top"] <= HEADING_TOP_MAX, landed
        assert landed["focused"], landed  # keyboard and screen-reader focus on the heading
        self.count += 1
        slug = "".join(c if c.isalnum() else "-" for c in heading.lower())[:40]
        self.app.screenshot(f"landing-{self.width}-{self.count:02d}-{slug}", full_page=False)
        self.seen.append(landed)
        return landed


@pytest.mark.parametrize("width", SIZES)
def test_every_transition_opens_at_the_top_with_focus_on_the_heading(
    new_app: Callable[..., App], model: Model, width: str
) -> None:
    app = new_app(**SIZES[width])
    go = Journey(app, width)
    app.open()
    go.arrived("Is your social media a buzzword or a real asset?")

    # the quick check, answered to its end, then "See my results" at the bottom of a long page
    app.click(variant_offer(model, "quick"))
    go.arrived("Quick check")
    answers = _answers(model)
    for question in model.questions_in("quick"):
        option = applying_fact(model, question) if question.fact else answers[question.id]
        app.choose(question.text, label_of(model, question.id, option))
    assert app.page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollTop") > 0
    app.click("See my results")
    quick = score(model, dict(decode(model, app.query()).data.answers), variant="quick")
    go.arrived(quick.level.name)
    assert app.page.title() == titles.results_title("", quick)

    # on to the full assessment: its pages one after another, each "Next →" at the bottom
    scroll_to_bottom(app)
    app.click(f"Continue to the full assessment ({len(model.questions) - quick.asked} more questions)")
    rest = go.arrived(model.dimensions[0].name)
    scroll_to_bottom(app)
    app.click("Next →")
    go.arrived(model.dimensions[1].name)
    scroll_to_bottom(app)
    app.click("← Back")
    go.arrived(model.dimensions[0].name)
    assert rest["heading"] == model.dimensions[0].name

    # the full results, opened by a link; then a dimension under the table, and back
    data = LinkData(answers, "Riverside Bakery", None, date(2026, 3, 4))
    result = score(model, answers)
    app.open(encode(model, data))
    go.arrived(result.level.name)
    assert app.page.title() == titles.results_title("Riverside Bakery", result)
    trust = model.dimensions[-1]
    pill = app.page.locator(f".st-key-change_{trust.id}").get_by_role("button")
    pill.scroll_into_view_if_needed()
    app.rerun(pill.click)
    go.arrived(trust.name)
    back_to_results(app)
    go.arrived(result.level.name)
    scroll_to_bottom(app)
    app.click("Change answers from the start")
    go.arrived(model.dimensions[0].name)
    back_to_results(app)  # the first button of a page opened from the results
    go.arrived(result.level.name)

    # another target is no transition either
    app.open(encode(model, data))
    go.arrived(result.level.name)
    higher = next(lv for lv in model.levels if lv.rank > result.target.rank)
    choice = app.main.get_by_role("radiogroup", name="Target level").get_by_role("radio", name=higher.name)
    choice.scroll_into_view_if_needed()
    before = app.page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollTop")
    app.rerun(choice.click)
    assert decode(model, app.query()).data.target == higher.id
    assert app.page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollTop") == before > 0

    # an answer is no transition: the page stays where the reader is
    app.open(encode(model, data) + "&step=3")
    go.arrived(model.dimensions[2].name)
    question = model.questions_on_page(model.dimensions[2].id)[-1]
    app.page.get_by_role("radiogroup", name=question.text, exact=True).scroll_into_view_if_needed()
    before = app.page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollTop")
    other = next(o for o in model.scale_of(question).valued_options if o.id != answers[question.id])
    app.choose(question.text, other.label)
    app.page.wait_for_timeout(300)
    assert app.page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollTop") == before > 0

    # compare, and a shared link's "Take it yourself"
    app.open(encode(model, data))
    go.arrived(result.level.name)
    scroll_to_bottom(app)
    app.click("Compare with another result")
    go.arrived("Compare results")
    app.open(encode(model, data))
    go.arrived(result.level.name)
    app.click("Take it yourself")
    go.arrived("Is your social media a buzzword or a real asset?")

    # team rooms: the start page's button, then the room made
    scroll_to_bottom(app)
    app.click("Create a team room")
    go.arrived("Gather your team's results in a room")
    name_box = app.page.get_by_role("textbox", name="Room name")
    name_box.fill("Landing team")
    app.rerun(lambda: name_box.press("Enter"))
    scroll_to_bottom(app)
    app.click("Create the room")
    go.arrived("Landing team")
    assert app.page_errors == []


@pytest.mark.parametrize("width", SIZES)
def test_the_results_open_on_the_level_and_the_first_step_within_one_and_a_half_screens(
    new_app: Callable[..., App], model: Model, width: str
) -> None:
    app = new_app(**SIZES[width])
    answers = _answers(model)
    result = score(model, answers)
    app.open(encode(model, LinkData(answers, "Riverside Bakery", None, date(2026, 3, 4))))
    landed = app.landed()
    first = result.next_steps[0].recommendation.step
    item = app.main.locator("ol li").filter(has_text=first).first
    step_top = item.bounding_box()["y"]
    chart_top = app.main.locator("[data-testid='stVegaLiteChart']").first.bounding_box()["y"]
    height = app.page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    screen = SIZES[width]["height"]
    print(f"\n{width} px: level at {landed['top']:.0f}, first step at {step_top:.0f}, page {height} px")
    assert landed["top"] <= HEADING_TOP_MAX
    assert step_top <= FIRST_STEP_SCREENS * screen, step_top
    assert landed["bottom"] < step_top < chart_top  # level, why, steps, then the chart
    app.screenshot(f"landing-results-first-screen-{width}", full_page=False)


@pytest.mark.parametrize("width", SIZES)
def test_one_tap_copies_the_results_link_and_says_copied(
    new_app: Callable[..., App], model: Model, app_url: str, width: str
) -> None:
    app = new_app(**SIZES[width])
    app.page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url.rstrip("/"))
    data = LinkData(_answers(model), "Harbour Café", None, date(2026, 3, 4))
    app.open(encode(model, data))
    link = app.code_text()  # the link, as text on the page
    assert link == app_url.rstrip("/") + "/" + encode(model, data)
    button = app.main.get_by_role("button", name=SHARE_BUTTON)
    button.click()  # one tap, no round trip to the server
    app.main.get_by_role("button", name="Copied").wait_for()
    assert app.page.evaluate("navigator.clipboard.readText()") == link
    assert app.main.locator("[data-share-status]").inner_text() == "The results link is copied."  # read out
    # selectable: one tap on the text selects the whole link
    app.main.locator("[data-share-text]").click()
    assert app.page.evaluate("() => window.getSelection().toString()").strip() == link
    app.screenshot(f"landing-copied-{width}", full_page=False)


def test_the_share_sheet_opens_where_the_browser_has_one(new_app: Callable[..., App], model: Model) -> None:
    app = new_app(**PHONE)
    app.page.add_init_script(
        "window.__shared = []; navigator.share = d => { window.__shared.push(d); return Promise.resolve(); };"
        "navigator.canShare = () => true;"
    )
    data = LinkData(_answers(model), "Harbour Café", None, date(2026, 3, 4))
    app.open(encode(model, data))
    app.main.get_by_role("button", name="Share…").click()
    shared = app.page.evaluate("() => window.__shared")
    result = score(model, data.answers)
    assert shared == [{"title": titles.results_title("Harbour Café", result), "url": app.code_text()}]


def test_without_a_share_sheet_there_is_no_share_button(app: App, model: Model) -> None:
    app.open(encode(model, LinkData(_answers(model))))
    app.code_text()
    assert app.page.evaluate("() => typeof navigator.share") == "undefined"  # Chromium on Linux has none
    assert app.main.get_by_role("button", name="Share…").count() == 0


@pytest.mark.parametrize("width", SIZES)
def test_a_mostly_empty_quick_check_asks_before_its_results(
    new_app: Callable[..., App], model: Model, width: str
) -> None:
    app = new_app(**SIZES[width])
    app.open(encode(model, LinkData(variant="quick")) + "&step=1")
    first, second = model.questions_in("quick")[:2]
    for question in (first, second):
        option = applying_fact(model, question) if question.fact else model.scale_of(question).valued_options[1].id
        app.choose(question.text, label_of(model, question.id, option))
    asked = len(model.questions_in("quick"))
    app.click("See my results")
    landed = app.landed()
    assert landed["heading"] == f"2 of {asked} questions answered" and landed["scrollTop"] == 0
    for name in ("Back to the questions", "See results anyway"):
        assert app.main.get_by_role("button", name=name).is_visible()
    app.screenshot(f"landing-check-{width}", full_page=False)
    app.click("Back to the questions")
    assert app.landed()["heading"] == "Quick check" and app.chosen(first.text) is not None
    app.click("See my results")
    app.click("See results anyway")
    result = score(model, dict(decode(model, app.query()).data.answers), variant="quick")
    assert app.landed()["heading"] == result.level.name and result.find_out_first
    assert app.main.get_by_role("heading", name="Find out first").is_visible()


@pytest.mark.parametrize("width", SIZES)
def test_one_answer_is_changed_in_three_clicks(new_app: Callable[..., App], model: Model, width: str) -> None:
    app = new_app(**SIZES[width])
    answers = _answers(model)
    app.open(encode(model, LinkData(answers, "Riverside Bakery", None, date(2026, 3, 4))))
    trust = model.dimensions[-1]
    question = model.questions_of(trust.id)[0]
    better = model.scale_of(question).valued_options[-1]
    clicks = 0

    pill = app.page.locator(f".st-key-change_{trust.id}").get_by_role("button")  # under the table
    pill.scroll_into_view_if_needed()
    app.rerun(pill.click)
    clicks += 1
    assert app.landed()["heading"] == trust.name
    app.choose(question.text, better.label)
    clicks += 1
    back_to_results(app)
    clicks += 1
    changed = {**answers, question.id: better.id}
    assert dict(decode(model, app.query()).data.answers) == changed
    assert app.landed()["heading"] == score(model, changed).level.name
    assert clicks == 3  # it took 12 (Change answers, nine Next, the answer, See my results)

    # a "Find out" item opens its question's page, and the results come back in one click
    unsure = dict(changed)
    unsure[question.id] = model.scale_of(question).options[-1].id
    app.open(encode(model, LinkData(unsure, "Riverside Bakery", None, date(2026, 3, 4))))
    item = app.main.get_by_role("button", name=question.text)
    item.scroll_into_view_if_needed()
    app.rerun(item.click)
    assert app.landed()["heading"] == trust.name
    assert app.page.get_by_role("radiogroup", name=question.text, exact=True).is_visible()
    back_to_results(app)
    assert app.landed()["heading"] == score(model, unsure).level.name


def test_answers_are_phone_sized_targets_and_the_count_stays_in_view(new_app: Callable[..., App], model: Model) -> None:
    app = new_app(**PHONE)
    app.open(encode(model, LinkData(variant="quick")) + "&step=1")
    boxes = app.page.evaluate(
        """() => [...document.querySelectorAll("[data-testid='stRadioOption']")].map(o => {
             const b = o.getBoundingClientRect();
             return {top: b.top, bottom: b.bottom, height: b.height, width: b.width};
           })"""
    )
    assert boxes and min(b["height"] for b in boxes) >= 44
    gaps = [after["top"] - before["bottom"] for before, after in itertools.pairwise(boxes)]
    assert min(g for g in gaps if g < 100) >= 4  # space between the answers of a question
    assert min(b["width"] for b in boxes) >= 300  # the whole row, not only the words
    # far down the page, after an answer there, the count is still on screen
    question = model.questions_in("quick")[-2]
    group = app.page.get_by_role("radiogroup", name=question.text, exact=True)
    group.scroll_into_view_if_needed()
    app.choose(question.text, model.scale_of(question).valued_options[0].label)
    progress = app.page.locator(".st-key-progress")
    box = progress.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 120, box
    assert progress.inner_text().startswith("1 of ")
    app.screenshot("landing-sticky-count-390", full_page=False)


def test_a_members_hand_off_sits_under_the_level_on_a_phone(
    new_app: Callable[..., App], model: Model, rooms: Store
) -> None:
    created = rooms.create("Harbour team", "planned")
    app = new_app(**PHONE)
    app.open(created.join.query)  # the invitation, then its questionnaire: opened at the top too
    assert app.landed()["heading"] == "Join the room “Harbour team”"
    app.click(variant_offer(model, "quick"))
    landed = app.landed()
    assert landed["heading"] == "Quick check" and landed["scrollTop"] == 0
    answers = _answers(model)
    app.open(encode(model, LinkData(answers, "", "planned", date(2026, 3, 4))) + "&" + created.join.query[1:])
    box = app.page.locator(".st-key-room-handoff")
    assert "Add my result to “Harbour team”" in box.inner_text()
    top = box.bounding_box()["y"]
    button = app.main.get_by_role("button", name="Add my result to the room").bounding_box()
    steps = app.main.get_by_role("heading", name="Your first three steps").bounding_box()["y"]
    print(f"\nhand-off at {top:.0f}, its button at {button['y']:.0f}, first steps at {steps:.0f}")
    assert app.landed()["bottom"] < top and button["y"] + button["height"] <= PHONE["height"]  # on the first screen
    assert top < steps
    app.screenshot("landing-handoff-390", full_page=False)
    app.click("Add my result to the room")
    confirmation = box.get_by_text("Your result is in the room")
    assert confirmation.is_visible() and confirmation.bounding_box()["y"] < PHONE["height"]
    assert len(rooms.room(created.facilitator).members) == 1

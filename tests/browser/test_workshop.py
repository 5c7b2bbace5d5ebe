"""Issue 22 in a real browser: a workshop run from the presenter view, the team summary and the
exports a consultant hands over, a member taking their result back, compare read as it should.

* The **presenter** at 1280×720 and 1920×1080 (as projected): the room's name, a QR code at least
  half the screen's height that scans (zbarimg) to the short join link, the link, a count that
  goes up without a reload, nothing else, and all of it on the first screen.
* The **facilitator** at 1280×720: the join link, its QR code and the presenter view on the first
  screen; the team summary's figures; the CSV and the team PDF read back; close and reopen.
* A **member** at 390 px: joins by the short link, adds a result, takes it back from the same
  browser (a reload keeps the key; another browser has none), adds it again; and two colleagues'
  links of one day on the compare page are side by side, not "over time".

Expected figures come from the core and the store, never from the page's code. Screenshots land
in ``test-artifacts/workshop-*.png``.
"""

from __future__ import annotations

import csv
import io
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from assessment import LinkData, encode
from assessment.compare import compare, levels_reached
from assessment.compare_link import compare_link
from assessment.model import Model, Variant
from assessment.rounding import shown_score
from reports.wording import answer_counts, level_rows, side_by_side_reason, team_score_line, variant_offer
from rooms.links import parse_room_link, presenter_link_for, short_join_link_for
from rooms.report import csv_header, read_room
from rooms.store import Created, Store
from tests.browser.helpers import App, content_height
from tests.browser.test_rooms import FACILITATOR_TIMEOUT_MS, fits_the_width, no_traceback, wait_for_heading
from tests.profiles import answers_at
from tests.support.pdf import page_texts, tool

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1280, "height": 720}
FULL_HD = {"width": 1920, "height": 1080}
QR_NAME = "QR code of the room's join link"


def member(model: Model, number: int, variant: Variant = "full") -> str:
    answers = answers_at(model, (number % 5) / 4, budget=(number % 3) / 2)
    if variant == "quick":
        asked = {q.id for q in model.questions_in("quick")}
        answers = {k: v for k, v in answers.items() if k in asked}
    return encode(model, LinkData(answers, f"Org {number}", None, date(2026, 11, 2), variant))


def a_workshop(rooms: Store, model: Model, names: list[str], name: str = "Harbour Café team") -> Created:
    created = rooms.create(name, "managed")
    for number, person in enumerate(names):
        rooms.submit(created.short_join, member(model, number, "quick" if number == 3 else "full"), person)
    return created


def scan(app: App, tmp_path: Path, name: str) -> str:
    """What a phone's camera reads from the QR code on the screen (zbarimg on a screenshot of it)."""
    shot = tmp_path / f"{name}.png"
    assert app.main.get_by_role("img", name=QR_NAME).screenshot(path=str(shot))
    found = subprocess.run([tool("zbarimg"), "--quiet", "--raw", str(shot)], capture_output=True, text=True)
    return found.stdout.strip()


def font_px(app: App, selector: str) -> float:
    return float(app.page.eval_on_selector(selector, "e => parseFloat(getComputedStyle(e).fontSize)"))


def on_screen(app: App, locator: object) -> bool:
    """Whether the element lies wholly inside the viewport, as first shown (nothing scrolled)."""
    box = locator.bounding_box()  # type: ignore[attr-defined]
    size = app.page.viewport_size
    return (
        bool(box)
        and box["y"] >= 0
        and box["y"] + box["height"] <= size["height"]
        and box["x"] >= 0
        and (box["x"] + box["width"] <= size["width"])
    )


# --- 1. the presenter view ---------------------------------------------------------------------


@pytest.mark.parametrize("screen", [PROJECTOR, FULL_HD], ids=["1280x720", "1920x1080"])
def test_the_presenter_view_fills_a_projector_with_the_code_the_link_and_a_live_count(
    new_app: Callable[..., App], model: Model, rooms: Store, tmp_path: Path, screen: dict[str, int]
) -> None:
    created = a_workshop(rooms, model, ["Ann", ""])
    presenter = new_app(**screen)
    presenter.open(created.presenter.query)
    presenter.main.get_by_role("img", name=QR_NAME).wait_for()
    presenter.settle()
    width, height = screen["width"], screen["height"]
    assert presenter.heading() == "Harbour Café team"
    join_url = presenter.page.url.split("?")[0] + created.short_join.query
    code = presenter.main.get_by_role("img", name=QR_NAME)
    box = code.bounding_box()
    assert box is not None and box["height"] >= height / 2 and box["width"] == box["height"]  # at least half
    assert scan(presenter, tmp_path, f"presenter-{width}") == join_url  # the QR code is the short join link
    shown_link = "".join(presenter.main.locator(".st-key-presenter_link code").all_inner_texts())
    assert shown_link == join_url and len(join_url) - len(presenter.page.url.split("?")[0]) == 19
    assert presenter.main.locator(".st-key-presenter_count").inner_text().split() == ["2", "results", "so", "far"]
    # Everything on the first screen, nothing to scroll to, and big enough to read from the back.
    assert content_height(presenter.page) <= height
    for part in ("h1", ".st-key-presenter_link", ".st-key-presenter_count"):
        assert on_screen(presenter, presenter.main.locator(part).first), part
    assert on_screen(presenter, code)
    assert font_px(presenter, "[data-testid='stMain'] h1") >= 0.06 * height
    assert font_px(presenter, ".st-key-presenter_link code") >= 0.04 * height
    assert font_px(presenter, ".st-key-presenter_count strong") >= 0.15 * height
    # Nothing else: no button, table, chart or member's name; the address holds no facilitator key.
    main = presenter.main
    buttons = main.get_by_role("button").evaluate_all("bs => bs.map(b => b.outerHTML.slice(0, 400))")
    assert buttons == [] and main.get_by_role("link").count() == 0
    assert main.locator("table, [data-testid='stVegaLiteChart'], input").count() == 0
    assert "Ann" not in presenter.text() and created.facilitator.key not in presenter.page.url
    presenter.screenshot(f"workshop-presenter-{width}", full_page=False)

    rooms.submit(created.short_join, member(model, 7), "Cy")  # someone joins: the count follows, no reload
    presenter.main.locator(".st-key-presenter_count").get_by_text("3", exact=True).wait_for(
        timeout=FACILITATOR_TIMEOUT_MS
    )
    no_traceback(presenter)


# --- 2. the facilitator: first screen, team summary, exports, close and reopen -----------------------


def test_the_facilitator_runs_the_workshop_at_1280x720(
    new_app: Callable[..., App], model: Model, rooms: Store, tmp_path: Path
) -> None:
    names = ["Ann", "", "Bo", "Zoë", "Chris", "", "Dee"]
    created = a_workshop(rooms, model, names)
    facilitator = new_app(**PROJECTOR)
    facilitator.open(created.facilitator.query)
    wait_for_heading(facilitator, "7 results")
    facilitator.screenshot("workshop-facilitator-first-screen-1280x720", full_page=False)
    manage = created.facilitator
    join_url = facilitator.code_text()
    assert parse_room_link(join_url) == short_join_link_for(manage)
    assert len(join_url) == len(facilitator.page.url.split("?")[0]) + 19  # was + 77 (issue 22: 95 in all)
    presenter_button = facilitator.main.get_by_role("link", name="Open the presenter view")
    for part in (facilitator.main.locator("[data-testid='stCode']").first, presenter_button):
        assert on_screen(facilitator, part)  # the invitation is on the first screen
    assert on_screen(facilitator, facilitator.main.get_by_role("img", name=QR_NAME))
    assert scan(facilitator, tmp_path, "facilitator") == join_url

    with facilitator.page.context.expect_page() as opened:
        presenter_button.click()
    presenter = opened.value
    presenter.wait_for_load_state()
    assert parse_room_link(presenter.url) == presenter_link_for(manage)
    assert manage.key not in presenter.url
    presenter.get_by_role("img", name=QR_NAME).wait_for(timeout=FACILITATOR_TIMEOUT_MS)
    presenter.close()

    # The team summary: the figures the core computes.
    team = read_room(model, rooms.room(manage)).team
    assert team is not None
    text = facilitator.text()
    assert "Team summary: 7 results of Harbour Café team" in text
    radar_texts = facilitator.chart_marks()["texts"]
    assert [line for line in (team_score_line(s) for s in team.dimensions) if line not in radar_texts] == []
    table = facilitator.main.locator("[data-testid='stTable']").filter(has_text="Highest")
    rows = [[str(c).strip() for c in r.locator("td, th").all_inner_texts()] for r in table.locator("tbody tr").all()]
    assert rows == [
        [s.dimension.name, str(s.measured), *(shown_score(x) for x in (s.mean, s.low, s.high))] for s in team.dimensions
    ]
    counts = levels_reached(model, team)
    target = model.level("managed")
    reaching = next(c.reaching for c in counts if c.level == target)
    assert f"Team target: Managed. {reaching} of 7 results reach it overall." in text
    levels = facilitator.main.locator("[data-testid='stTable']").filter(has_text="Reaching it")
    level_cells = [
        [str(c).strip() for c in r.locator("td, th").all_inner_texts()] for r in levels.locator("tbody tr").all()
    ]
    assert level_cells == [list(row) for row in level_rows(counts, 7, target)]
    widest = team.disagreements[:5]
    for spread in widest:  # the widest five, each with how many chose each answer
        assert spread.question.text in text and answer_counts(spread) in text
    hidden = team.disagreements[5]
    in_expander = facilitator.main.locator("[data-testid='stExpander'] li").filter(has_text=hidden.question.text)
    assert in_expander.count() == 1 and not in_expander.is_visible()  # behind "Show all"
    show_all = facilitator.main.get_by_text(f"Show all: {len(team.disagreements) - 5} more questions")
    show_all.click()
    in_expander.wait_for(state="visible")
    facilitator.screenshot("workshop-facilitator-1280x720")

    # The exports: the CSV and the team PDF, read back.
    with facilitator.page.expect_download() as download:
        facilitator.page.get_by_role("button", name="Export all as CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert rows[0] == csv_header(model) and len(rows[0]) == 7 + len(model.dimensions) + len(model.questions) + 2
    assert [row[1] for row in rows[1:]] == names and [row[4] for row in rows[1:]].count("quick check") == 1
    with facilitator.page.expect_download() as download:
        facilitator.page.get_by_role("button", name="Team report as PDF").click()
    pdf = tmp_path / "team.pdf"
    pdf.write_bytes(Path(download.value.path()).read_bytes())
    pages = page_texts(pdf)
    first = " ".join(pages[0].split())
    assert first.startswith("Social media strategy assessment · team room report Harbour Café team")
    assert f"Report of {date.today().isoformat()} · 7 results" in first and "team target Managed" in first
    whole = " ".join(" ".join(pages).split())
    assert all(" ".join(s.question.text.split()) in whole for s in team.disagreements)
    assert "Every result" in whole and "Zoë" in whole and "quick check" in whole

    # Close, and reopen.
    facilitator.page.get_by_role("button", name="Close the room", exact=True).click()
    facilitator.click("Close it to new results")
    assert rooms.room(manage).closed and "The room is closed" in facilitator.text()
    facilitator.click("Reopen the room")
    assert not rooms.room(manage).closed
    assert "open to new results again" in facilitator.text()
    assert facilitator.code_text() == join_url
    no_traceback(facilitator)


# --- 3. a member on a phone: join, add, take back, add again ----------------------------------------


def test_a_member_on_a_phone_takes_their_result_back_and_adds_it_again(
    new_app: Callable[..., App], model: Model, rooms: Store
) -> None:
    created = rooms.create("Harbour Café team", "managed")
    base = new_app(**PHONE)
    base.open()
    join_url = base.page.url.split("?")[0] + created.short_join.query
    phone = base
    phone.open(join_url)  # as the QR code opens it
    assert phone.heading() == "Join the room “Harbour Café team”"
    fits_the_width(phone)
    quick = model.questions_in("quick")
    phone.click(variant_offer(model, "quick"))
    phone.choose(quick[0].text, model.scale_of(quick[0]).valued_options[-1].label)
    assert parse_room_link(phone.page.url) == created.short_join  # the short link travels with the answers
    phone.click("See my results")
    phone.click("See results anyway")  # one of the quick check's questions answered: it asks first
    box = phone.page.get_by_role("textbox", name="Your name in the room (optional)")
    box.scroll_into_view_if_needed()
    box.fill("Ann")
    phone.rerun(lambda: box.press("Enter"))
    phone.click("Add my result to the room")
    phone.main.get_by_text("Your result is in the room").wait_for()
    assert "mine=" in phone.page.url
    (added,) = rooms.room(created.facilitator).members
    assert added.name == "Ann"
    take_back = phone.page.get_by_role("button", name="Take my result back")
    take_back.scroll_into_view_if_needed()
    phone.screenshot("workshop-member-added-390")
    fits_the_width(phone)

    # Another browser with the same results and join link, but not the key, cannot take it back.
    other = new_app(**PHONE)
    other.open(phone.page.url.replace("&mine=", "&other="))
    other.main.get_by_text("Add my result to “Harbour Café team”").wait_for()
    assert other.page.get_by_role("button", name="Take my result back").count() == 0

    phone.reload()  # the same browser later: the address keeps the key
    phone.rerun(lambda: phone.page.get_by_role("button", name="Take my result back").click())
    phone.main.get_by_text("Your result is taken out of the room").wait_for()
    assert rooms.room(created.facilitator).members == ()
    assert "mine=" not in phone.page.url
    phone.screenshot("workshop-member-taken-back-390")
    phone.click("Add my result to the room")  # changed their mind again
    phone.main.get_by_text("Your result is in the room").wait_for()
    assert len(rooms.room(created.facilitator).members) == 1
    no_traceback(phone)


# --- 4. compare: two colleagues of one day are side by side -----------------------------------------


def test_two_colleagues_links_of_one_day_are_side_by_side_on_a_phone(new_app: Callable[..., App], model: Model) -> None:
    day = date(2026, 11, 2)
    links = [
        encode(model, LinkData(answers_at(model, 0.75), "Acme", None, day)),
        encode(model, LinkData(answers_at(model, 0.25), "Acme", None, day)),
    ]
    phone = new_app(**PHONE)
    phone.open(compare_link(links))
    text = phone.text()
    assert "Side by side" in text and "Over time" not in text and "fell from" not in text
    assert side_by_side_reason(*compare(model, links).entries) in text
    fits_the_width(phone)
    phone.screenshot("workshop-compare-colleagues-390")

"""Team rooms in a real browser: a facilitator and three members in separate browser contexts.

The facilitator creates a room, three members join by its link (two through the
questionnaire, one with a results link they already had) and add their results; the
facilitator's page shows the three without a reload (its live part reruns every few
seconds), removes one and deletes the room, and the join link then says the room no longer
exists. Screenshots at 1280 and 390 px land in ``test-artifacts/``; axe-core checks every
room page. Expected figures come from the core and the store, never from the page's code.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from assessment import LinkData, decode, encode, score
from assessment.model import Model
from reports.wording import variant_offer
from rooms.errors import NO_ROOM, NoRoom
from rooms.links import parse_room_link, short_join_link_for
from rooms.store import Store
from tests.browser.helpers import ARTIFACTS, App, content_height
from tests.browser.test_accessibility import FAILING_IMPACTS, describe, run_axe
from tests.browser.test_hardening import CSP_LISTENER
from tests.profiles import answers_at
from tests.support.pdf import tool

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
FACILITATOR_TIMEOUT_MS = 30_000  # the live part refreshes every 5 s; a loaded machine may take longer
HTML_NAME = "<b>Bo</b> <img src=x onerror=alert(1)>"


def fits_the_width(app: App) -> None:
    page = app.page
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll("[data-testid='stMain'] *")].filter(e => {
              const box = e.getBoundingClientRect();
              return box.width > 0 && (box.right > window.innerWidth + 1 || box.left < -1);
           }).map(e => e.tagName + '.' + (e.getAttribute('data-testid') || e.className))"""
    )
    assert wide == [], wide


def no_traceback(app: App) -> None:
    assert "Traceback" not in str(app.page.locator("body").inner_text())
    assert app.page.locator("[data-testid='stException']").count() == 0
    assert app.page_errors == [] and app.dialogs == []


def wait_for_heading(app: App, text: str) -> None:
    app.main.get_by_role("heading", name=text, exact=True).wait_for(timeout=FACILITATOR_TIMEOUT_MS)
    app.settle()


def member_answers(app: App, model: Model, picks: dict[str, str]) -> None:
    """Answer some of step 1's questions by their option labels."""
    for question in model.questions_of(model.dimensions[0].id):
        if question.id in picks:
            option = model.scale_of(question).option(picks[question.id])
            assert option is not None
            app.choose(question.text, option.label)


def choose(app: App, label: str, option_name: re.Pattern[str]) -> None:
    """Open a select box from the keyboard and click one of its options.

    A key press that lands while the live part is being redrawn can be lost, so the list is
    opened again until the option shows (it stays open across the live part's reruns).
    """
    box = app.page.get_by_role("combobox", name=label)
    option = app.page.get_by_role("option", name=option_name)
    for _ in range(5):
        app.settle()
        box.press("ArrowDown")
        try:
            option.wait_for(timeout=3_000)
            break
        except PlaywrightTimeoutError:
            continue
    option.click()


def add_to_room(app: App, name: str, shot: str = "") -> None:
    box = app.page.get_by_role("textbox", name="Your name in the room (optional)")
    box.scroll_into_view_if_needed()
    if name:
        box.fill(name)
        app.rerun(lambda: box.press("Enter"))
    if shot:
        app.screenshot(shot)
    app.click("Add my result to the room")
    app.main.get_by_text("Your result is in the room").wait_for()


def test_a_facilitator_gathers_three_members_removes_one_and_deletes_the_room(
    new_app: Callable[..., App], model: Model, rooms: Store, tmp_path: Path
) -> None:
    facilitator = new_app()
    facilitator.page.add_init_script(CSP_LISTENER)
    facilitator.open()
    facilitator.click("Create a team room")
    assert facilitator.heading() == "Gather your team's results in a room"
    facilitator.screenshot("room-new-desktop")
    name_box = facilitator.page.get_by_role("textbox", name="Room name")
    name_box.fill("Harbour Café team")
    facilitator.rerun(lambda: name_box.press("Enter"))
    facilitator.click("Create the room")
    wait_for_heading(facilitator, "Harbour Café team")
    assert "Bookmark this page" in facilitator.text()
    manage = parse_room_link(facilitator.page.url)
    assert manage.role == "manage"
    join_url = facilitator.code_text()
    join = parse_room_link(join_url)
    assert join == short_join_link_for(manage)  # the short join link, ?j=<code>
    assert join_url.startswith(facilitator.page.url.split("?")[0])  # absolute, as the browser sees the app
    qr = facilitator.main.get_by_role("img", name="QR code of the room's join link")
    assert qr.is_visible() and qr.bounding_box()["width"] >= 200
    shot = tmp_path / "room-qr.png"
    assert qr.screenshot(path=str(shot))  # as a camera would see the screen
    scanned = subprocess.run([tool("zbarimg"), "--quiet", "--raw", str(shot)], capture_output=True, text=True)
    assert scanned.stdout.strip() == join_url  # the QR code is the join link itself
    wait_for_heading(facilitator, "0 results")

    # Member 1 (desktop) takes the assessment from the join link.
    ann = new_app()
    ann.open(join_url)
    assert ann.heading() == "Join the room “Harbour Café team”"
    ann.screenshot("room-join-desktop")
    ann.click(variant_offer(model, "full"))
    first_questions = model.questions_of(model.dimensions[0].id)
    picks = {first_questions[0].id: model.scale_of(first_questions[0]).valued_options[-1].id}
    picks[first_questions[1].id] = model.scale_of(first_questions[1]).valued_options[1].id
    member_answers(ann, model, picks)
    assert parse_room_link(ann.page.url) == join  # the room travels with every answer written
    ann.click("Skip to my results")
    ann.click("See results anyway")  # two answers of 35: asked first
    ann_link = encode(model, decode(model, ann.query()).data)
    assert decode(model, ann_link).data.answers == picks
    add_to_room(ann, "Ann", shot="room-results-offer-desktop")
    ann.screenshot("room-results-added-desktop")

    # Member 2 on a phone, anonymously.
    phone = new_app(**PHONE)
    phone.open(join_url)
    phone.screenshot("room-join-390")
    fits_the_width(phone)
    quick = model.questions_in("quick")
    phone.click(variant_offer(model, "quick"))
    phone.choose(quick[0].text, model.scale_of(quick[0]).valued_options[0].label)
    assert parse_room_link(phone.page.url) == join
    phone.click("See my results")  # the quick check is one page: a partial answer is a result too
    phone.click("See results anyway")  # one answer of 13: asked first
    assert decode(model, phone.query()).data.variant == "quick"
    add_to_room(phone, "", shot="room-results-offer-390")
    phone.screenshot("room-results-added-390")

    # Member 3 already has a results link.
    bo_link = encode(model, LinkData(answers_at(model, 0.75), "Harbour Café", None, date(2026, 11, 2)))
    bo = new_app()
    bo.open(join_url)
    pasted = bo.page.get_by_role("textbox", name="Your results link")
    pasted.fill("http://example.org/" + bo_link)
    bo.rerun(lambda: pasted.press("Enter"))
    bo.click("Open it to add it to the room")
    assert bo.heading() == score(model, decode(model, bo_link).data.answers).level.name
    add_to_room(bo, HTML_NAME)

    # The facilitator's page shows all three without a reload.
    wait_for_heading(facilitator, "3 results")
    stored = rooms.room(manage)
    assert [(m.name, m.link) for m in stored.members][0::2] == [("Ann", ann_link), (HTML_NAME, bo_link)]
    assert stored.members[1].name == ""
    text = facilitator.text()
    assert "Team summary: 3 results of Harbour Café team" in text
    assert HTML_NAME in text  # shown as the text it is
    assert facilitator.page.locator("img[src='x'], [onerror]").count() == 0
    table = facilitator.main.locator("table").filter(has_text="Added (UTC)")
    assert table.locator("tbody tr").count() == 3
    assert "(quick check: an estimate)" in str(table.locator("tbody tr").nth(1).inner_text())
    hrefs = table.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert [decode(model, h).data for h in hrefs] == [decode(model, m.link).data for m in stored.members]
    chart = facilitator.chart_marks()
    assert chart["inked"]
    assert {"Team mean", "Lowest", "Highest"} <= set(chart["texts"])  # the team radar comes first
    every = facilitator.main.get_by_text("Show every result on one radar")
    facilitator.rerun(every.click)
    overlay = facilitator.main.locator("[data-testid='stVegaLiteChart']").nth(1)
    overlay.locator("svg").first.wait_for()
    legends = " ".join(overlay.locator("svg text").evaluate_all("texts => texts.map(t => t.textContent)"))
    assert "Ann" in legends and "Result 2 · quick check" in legends and "(20" not in legends  # no dates repeated
    facilitator.screenshot("room-facilitator-desktop")
    on_phone = new_app(**PHONE)
    on_phone.open(facilitator.page.url)
    wait_for_heading(on_phone, "3 results")
    fits_the_width(on_phone)
    on_phone.screenshot("room-facilitator-390")

    # Export all: the file is made when the button is clicked, from the room as it is then.
    with facilitator.page.expect_download() as download:
        facilitator.page.get_by_role("button", name="Export all as CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert [row[1] for row in rows] == ["Name", "Ann", "", HTML_NAME]
    assert [row[-2].split("/")[-1] for row in rows[1:]] == [m.link for m in stored.members]  # absolute links
    with facilitator.page.expect_download() as download:
        facilitator.page.get_by_role("button", name="Export all as JSON").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [m["submission"] for m in exported["members"]] == [m.submission for m in stored.members]
    assert exported["team"]["members"] == ["Ann", "Result 2", HTML_NAME]
    assert facilitator.page.evaluate("() => window.__cspViolations") == []  # QR code, radar, downloads

    # Remove the anonymous result.
    choose(facilitator, "Remove a result", re.compile(r"^2\. anonymous"))
    facilitator.page.get_by_role("button", name="Remove this result", exact=True).click()
    wait_for_heading(facilitator, "2 results")
    assert [m.name for m in rooms.room(manage).members] == ["Ann", HTML_NAME]

    # Delete the room; the join link then opens nothing.
    facilitator.page.get_by_role("button", name="Delete the room", exact=True).click()
    confirm = facilitator.page.get_by_role("button", name="Delete the room and its results", exact=True)
    confirm.click()
    wait_for_heading(facilitator, "The room is deleted")
    facilitator.screenshot("room-deleted-desktop")
    with pytest.raises(NoRoom):
        rooms.room(manage)
    for member, shot in ((ann, "room-join-after-delete-desktop"), (phone, "room-join-after-delete-390")):
        member.open(join_url)
        assert member.heading() == "This room link cannot be opened"
        assert NO_ROOM in member.text() and "may no longer exist" in member.text()
        member.screenshot(shot)
        no_traceback(member)
    fits_the_width(phone)
    for app in (facilitator, on_phone, bo):
        no_traceback(app)


def test_a_closed_room_says_so_to_members_and_still_shows_their_results(
    new_app: Callable[..., App], model: Model, rooms: Store
) -> None:
    created = rooms.create("Closed workshop", "planned")
    link = encode(model, LinkData(answers_at(model, 0.5), "Acme", None, date(2026, 11, 2)))
    rooms.submit(created.join, link, "Ann")
    rooms.close(created.facilitator)
    for width, app in (("desktop", new_app()), ("390", new_app(**PHONE))):
        app.open(created.join.query)
        assert app.heading() == "Join the room “Closed workshop”"
        assert "This room is closed" in app.text()
        app.screenshot(f"room-closed-join-{width}")
        app.open(link + "&" + created.join.query.removeprefix("?"))
        assert app.heading() == score(model, decode(model, link).data.answers).level.name
        assert "is closed: its facilitator takes no more results" in app.text()
        assert app.page.get_by_role("button", name="Add my result to the room").count() == 0
        app.open(created.facilitator.query)
        wait_for_heading(app, "1 result")
        assert "Team room, closed to new results" in app.text()
        app.screenshot(f"room-closed-facilitator-{width}")
        if width == "390":
            fits_the_width(app)
        no_traceback(app)


@pytest.mark.parametrize("view", ["new-room", "room", "present", "join", "results-in-room", "no-room"])
def test_room_pages_have_no_serious_or_critical_axe_violations(
    new_app: Callable[..., App], model: Model, rooms: Store, view: str
) -> None:
    app = new_app(bypass_csp=True)  # axe is injected as an inline script, which the app's CSP refuses
    created = rooms.create("Axe workshop", "managed")
    links = [encode(model, LinkData(answers_at(model, n / 4), f"Org {n}", None, date(2026, 11, 2))) for n in range(4)]
    for number, link in enumerate(links):
        rooms.submit(created.join, link, ["Ann", "", HTML_NAME, "Zoë"][number])
    address = {
        "new-room": "?view=new-room",
        "room": created.facilitator.query,
        "present": created.presenter.query,
        "join": created.short_join.query,
        "results-in-room": links[0] + "&" + created.join.query.removeprefix("?"),
        "no-room": created.join.query[:-3],
    }[view]
    app.open(address)
    if view == "room":
        wait_for_heading(app, "4 results")
        app.main.locator("[data-testid='stVegaLiteChart'] svg").first.wait_for()
    report: dict[str, Any] = run_axe(app)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{view}.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    failing = [v for v in report["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe-core found serious/critical violations on the {view} view:\n{describe(failing)}"
    assert content_height(app.page) > 300

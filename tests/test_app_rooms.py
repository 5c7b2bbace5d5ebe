"""Team rooms in the app, driven headless with AppTest: creating, the facilitator's page, joining, problems.

Each test has a SQLite rooms database of its own (``ROOMS_DATABASE_URL``); expected figures
come from the core and the store, never from the page's code.
"""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path

import pytest
import segno
from streamlit.testing.v1 import AppTest

from assessment.compare import levels_reached, team_of
from assessment.link import LinkData, decode, encode
from assessment.model import Model
from assessment.query import parse_query
from assessment.rounding import whole_points
from assessment.scoring import score
from reports.wording import level_rows, team_score_line
from rooms.errors import NO_ROOM, NoRoom
from rooms.links import parse_room_link, presenter_link_for, short_join_link_for
from rooms.store import Created, Store
from tests.profiles import answers_at
from tests.test_app import chart_frames, chart_layer_rows, run, texts, unescape
from ui import room as room_ui
from ui.compare import disagreements_md
from ui.present import count_md, link_md
from ui.text import md_escape

HTML_NAME = "<img src=x onerror=alert(1)>"
MARKDOWN_NAME = "[x](javascript:alert(1)) **b** :red[r]"


def member_link(model: Model, number: int, org: str = "Acme") -> str:
    fraction = (number % 5) / 4
    return encode(model, LinkData(answers_at(model, fraction, budget=(number % 3) / 2), org, None, date(2026, 11, 2)))


def room_with(app_store: Store, model: Model, names: list[str], room_name: str = "Acme workshop") -> Created:
    created = app_store.create(room_name, "managed")
    for number, name in enumerate(names):
        app_store.submit(created.join, member_link(model, number, org=f"Org {number}"), name)
    return created


def series_on_chart(at: AppTest, index: int = 0) -> list[str]:
    frames = [f for f in chart_frames(at, index) if "series" in f and "dimension" in f]
    assert frames, "no polygons on the chart"
    return list(dict.fromkeys(frames[0]["series"]))


def query(at: AppTest) -> dict[str, str]:
    return {k: v for k, v in at.query_params.items() if isinstance(v, str)}


def rerun_with_its_address(at: AppTest) -> AppTest:
    """What the browser does after a callback rewrote the address: run the page at the new one."""
    return run(query(at))


# --- creating a room ---------------------------------------------------------------------------


def test_the_start_page_leads_to_the_room_form(app_store: Store) -> None:
    at = run()
    at.button(key="open_new_room").click().run()
    assert query(at) == {"view": "new-room"}
    assert at.title[0].value == "Gather your team's results in a room"
    assert [w.label for w in at.text_input] == ["Room name"]
    assert at.number_input(key="new_room_days").value == 90


def test_creating_a_room_opens_its_facilitator_page_with_both_links(app_store: Store, model: Model) -> None:
    at = run({"view": "new-room"})
    at.text_input(key="new_room_name").input("  Riverside   Bakery ")
    at.selectbox(key="new_room_target").set_value("managed")
    at.number_input(key="new_room_days").set_value(30)
    at.button(key="create_room").click().run()
    assert not at.exception
    params = query(at)
    assert set(params) == {"room", "manage"}
    facilitator = parse_room_link("?" + "&".join(f"{k}={v}" for k, v in params.items()))
    room = app_store.room(facilitator)
    assert (room.name, room.target, room.members) == ("Riverside Bakery", "managed", ())
    assert (room.expires_at.date() - date.today()).days in (29, 30)

    # the same run shows the room: the address changed inside the callback
    assert at.title[0].value == "Riverside Bakery"
    assert "Bookmark this page" in at.success[0].value
    join = short_join_link_for(facilitator)
    (code,) = [c.value for c in at.code]
    assert code == join.query  # relative here: AppTest has no page address
    (presenter,) = at.get("link_button")
    assert (presenter.proto.label, presenter.proto.url) == (
        "Open the presenter view",
        presenter_link_for(facilitator).query,
    )
    assert facilitator.key not in presenter.proto.url
    (qr,) = at.image
    svg = base64.b64decode(qr.value[0].split(",", 1)[1]).decode()
    expected = segno.make(join.query, error="m").svg_inline(scale=5, dark="#1b1f1e", light="#ffffff")
    assert " ".join(svg.replace('xmlns="http://www.w3.org/2000/svg"', "").split()) == " ".join(expected.split())
    assert "0 results" in [h.value for h in at.header]
    assert "Bookmark" not in " ".join(texts(rerun_with_its_address(at)))  # said once


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Give the room a name"), (" \t ", "Give the room a name"), ("a\x07b", "control characters")],
)
def test_a_bad_room_name_is_explained_and_kept(app_store: Store, name: str, message: str) -> None:
    at = run({"view": "new-room"})
    at.text_input(key="new_room_name").input(name)
    at.button(key="create_room").click().run()
    assert message in at.error[0].value
    assert query(at) == {"view": "new-room"}
    assert at.text_input(key="new_room_name").value == name  # nothing typed is lost


def test_a_browser_session_creates_at_most_five_rooms_an_hour(app_store: Store, model: Model) -> None:
    at = run({"view": "new-room"})
    made = []
    for number in range(6):
        at.query_params.clear()
        at.query_params["view"] = "new-room"
        at.run()
        at.text_input(key="new_room_name").input(f"Room {number}")
        at.button(key="create_room").click().run()
        made.append(query(at))
    assert all(set(params) == {"room", "manage"} for params in made[:5])
    assert made[5] == {"view": "new-room"}
    assert "created 5 rooms in the last hour" in at.error[0].value and "UTC" in at.error[0].value
    assert at.text_input(key="new_room_name").value == "Room 5"


# --- the facilitator's page -------------------------------------------------------------------------


def test_the_facilitator_page_shows_every_result_the_team_summary_and_plain_names(
    app_store: Store, model: Model
) -> None:
    names = ["Ann", "", HTML_NAME, MARKDOWN_NAME]
    created = room_with(app_store, model, names, room_name=MARKDOWN_NAME)
    at = run(created.facilitator.params)
    assert not at.exception
    assert unescape(at.title[0].value) == MARKDOWN_NAME
    headers = [h.value for h in at.header]
    assert "4 results" in headers and "Manage the room" in headers
    team = team_of(model, [member_link(model, n, f"Org {n}") for n in range(4)], names, MARKDOWN_NAME)
    assert team is not None
    assert f"Team summary: 4 results of {MARKDOWN_NAME}" in [unescape(h) for h in headers]
    assert series_on_chart(at) == ["Team mean", "Lowest", "Highest"]  # the team's radar ...
    score_lines = [row["text"] for row in chart_layer_rows(at) if "(" in str(row.get("text", ""))]
    assert score_lines == [team_score_line(span) for span in team.dimensions]  # ... with its numbers
    ranges = next(t for t in at.table if list(t.value.columns)[:2] == ["Dimension", "Results"]).value
    assert list(ranges["Mean"]) == [whole_points(r.mean) for r in team.dimensions if r.mean is not None]
    counts = levels_reached(model, team)
    target = model.level("managed")
    reached = next(c.reaching for c in counts if c.level == target)
    assert f"Team target: **Managed**. {reached} of 4 results reach it overall." in texts(at)
    levels = next(t for t in at.table if next(iter(t.value.columns)) == "Level").value
    assert list(levels["Level"]) == [row[0] for row in level_rows(counts, 4, target)]
    assert "Managed (team target)" in list(levels["Level"])
    assert list(levels["Reaching it"]) == [f"{c.reaching} of 4" for c in reversed(counts)]
    assert disagreements_md(model, team.disagreements[:5]) in texts(at)

    (table,) = [t for t in texts(at) if t.startswith("| # | Name | Result |")]
    rows = table.splitlines()[2:]
    assert len(rows) == 4
    for row, number in zip(rows, range(4), strict=True):
        result = score(model, decode(model, member_link(model, number, f"Org {number}")).data.answers)
        assert f"{result.level.name}, {int(result.overall)}" in row
        assert f"({member_link(model, number, f'Org {number}')})" in row  # the name links to the result
    assert "[:small[*anonymous*]]" not in table and "*anonymous*" in rows[1]
    # Names are plain text: shown escaped (title, team view, table), never as raw markdown or HTML.
    sources = [*texts(at), table]
    for payload in (HTML_NAME, MARKDOWN_NAME):
        assert not [source for source in sources if payload in source]
        assert [source for source in sources if md_escape(payload) in source]
    assert [b.label for b in at.get("download_button")] == [
        "Export all as JSON",
        "Export all as CSV",
        "Team report as PDF",
    ]

    at.toggle(key="room_every_result").set_value(True).run()  # every result on one radar, as before
    assert series_on_chart(at, 1) == [m.label for m in team.members]  # no date repeated in the legend
    assert series_on_chart(at, 1)[1] == "Result 2"


def test_a_room_of_more_than_ten_shows_the_team_radar_and_no_overlay(app_store: Store, model: Model) -> None:
    created = room_with(app_store, model, [f"P{n}" for n in range(12)])
    at = run(created.facilitator.params)
    assert series_on_chart(at) == ["Team mean", "Lowest", "Highest"]
    assert "12 results" in [h.value for h in at.header]
    assert not [t for t in at.toggle if t.key == "room_every_result"]  # 12 polygons could not be told apart


def test_one_result_shows_no_team_summary_yet(app_store: Store, model: Model) -> None:
    created = room_with(app_store, model, ["Ann"])
    at = run(created.facilitator.params)
    assert "1 result" in [h.value for h in at.header]
    assert any("The team summary appears once 2 results are in" in i.value for i in at.info)
    assert not at.get("vega_lite_chart")


def test_remove_close_and_delete_from_the_page(app_store: Store, model: Model) -> None:
    created = room_with(app_store, model, ["Ann", "Bo", "Cy"])
    members = app_store.room(created.facilitator).members
    at = run(created.facilitator.params)
    at.selectbox(key="room_remove").set_value(members[1].submission)
    at.button(key="room_remove_button").click().run()
    assert "3 results" not in [h.value for h in at.header] and "2 results" in [h.value for h in at.header]
    assert "Removed result 2. Bo" in unescape(at.success[0].value)
    assert [m.name for m in app_store.room(created.facilitator).members] == ["Ann", "Cy"]

    at.button(key="room_close").click().run()
    assert app_store.room(created.facilitator).closed
    assert at.caption[0].value.startswith("Team room, closed to new results")
    assert any("members can no longer add results" in i.value for i in at.info)
    assert not at.code  # no join link to hand out any more
    joining = run(created.join.params)
    assert "closed" in joining.info[0].value

    at.button(key="room_reopen").click().run()  # reopened: the join links work again
    assert not app_store.room(created.facilitator).closed
    assert "open to new results again" in at.success[0].value
    assert at.caption[0].value.startswith("Team room, open")
    assert [c.value for c in at.code] == [short_join_link_for(created.facilitator).query]
    assert run(created.short_join.params).button(key="room_begin")
    at.button(key="room_close").click().run()

    at.button(key="room_delete").click().run()
    assert at.title[0].value == "The room is deleted"
    assert "every result in it are deleted" in at.success[0].value
    with pytest.raises(NoRoom):
        app_store.room(created.facilitator)
    again = run(created.facilitator.params)  # later, or anyone else: the one message
    assert again.title[0].value == "This room link cannot be opened"
    assert again.error[0].value == NO_ROOM


# --- joining ------------------------------------------------------------------------------------------


def test_a_member_joins_answers_and_adds_the_result_once(app_store: Store, model: Model) -> None:
    created = app_store.create(MARKDOWN_NAME, "managed")
    at = run(created.join.params)
    assert unescape(at.title[0].value) == f"Join the room “{MARKDOWN_NAME}”"
    at.button(key="room_begin").click().run()
    params = query(at)
    assert (params["room"], params["join"], params["step"], params["t"]) == (
        created.join.room_id,
        created.join.key,
        "1",
        "managed",
    )
    first = model.questions_of(model.dimensions[0].id)[0]
    at.radio(key=f"q_{first.id}").set_value(model.scale_of(first).options[2].id).run()
    assert query(at)["join"] == created.join.key  # every answer's address write keeps the room
    at.button(key="skip").click().run()
    at.button(key="check_anyway").click().run()  # one answer of 35: asked first
    assert "step" not in query(at) and query(at)["join"] == created.join.key
    results_link = encode(model, decode(model, "?" + "&".join(f"{k}={v}" for k, v in query(at).items())).data)
    assert f"**Add my result to “{MARKDOWN_NAME}”**" in [unescape(m.value) for m in at.markdown]

    at.text_input(key="room_display_name").input(HTML_NAME)
    at.button(key="room_send").click().run()
    assert "Your result is in the room" in at.success[-1].value
    assert not [b for b in at.button if b.key == "room_send"]  # sent: no second button
    (member,) = app_store.room(created.facilitator).members
    assert (member.name, member.link) == (HTML_NAME, results_link)

    elsewhere = run({**parse_query(results_link), **created.join.params})  # the same result, another session
    elsewhere.button(key="room_send").click().run()
    assert "already holds this result; it is kept once" in elsewhere.success[-1].value
    assert len(app_store.room(created.facilitator).members) == 1


def test_a_member_may_take_the_quick_check_instead(app_store: Store, model: Model) -> None:
    created = app_store.create("Acme", "managed")
    at = run(created.join.params)
    at.button(key="room_begin_quick").click().run()
    params = query(at)
    assert (params["k"], params["step"], params["join"], params["t"]) == ("quick", "1", created.join.key, "managed")
    asked = {r.key for r in at.radio}
    assert asked and asked <= {f"q_{q.id}" for q in model.questions_in("quick")}


def test_a_member_with_a_results_link_already_adds_it(app_store: Store, model: Model) -> None:
    created = app_store.create("Acme")
    link = member_link(model, 3)
    at = run(created.join.params)
    at.text_input(key="room_pasted_link").input("https://example.org/app/" + link[:-2])
    at.button(key="room_open_pasted").click().run()
    assert "This results link is damaged" in at.error[0].value
    assert at.text_input(key="room_pasted_link").value.endswith(link[:-2])
    at.text_input(key="room_pasted_link").input("https://example.org/app/" + link)
    at.button(key="room_open_pasted").click().run()
    assert query(at) == {**parse_query(link), **created.join.params}
    at.button(key="room_send").click().run()
    assert [m.link for m in app_store.room(created.facilitator).members] == [link]
    assert app_store.room(created.facilitator).members[0].name == ""  # anonymous


def test_the_results_offer_explains_a_closed_or_gone_room_and_keeps_the_results(app_store: Store, model: Model) -> None:
    created = app_store.create("Acme")
    link = member_link(model, 1)
    app_store.close(created.facilitator)
    at = run({**parse_query(link), **created.join.params})
    assert at.title[0].value == score(model, decode(model, link).data.answers).level.name
    assert any("is closed" in i.value for i in at.info)  # in the box under the level
    app_store.delete(created.facilitator)
    at = run({**parse_query(link), **created.join.params})
    assert at.title[0].value == score(model, decode(model, link).data.answers).level.name
    assert at.error[-1].value == NO_ROOM
    assert not [b for b in at.button if b.key == "room_send"]


def test_a_name_the_room_cannot_store_is_explained_and_kept(app_store: Store, model: Model) -> None:
    created = app_store.create("Acme")
    at = run({**parse_query(member_link(model, 1)), **created.join.params})
    assert at.text_input(key="room_display_name").proto.max_chars == 60  # the browser takes no more
    at.text_input(key="room_display_name").input("Ann\x00")
    at.button(key="room_send").click().run()
    assert "control characters" in at.error[-1].value
    assert at.text_input(key="room_display_name").value == "Ann\x00"
    assert app_store.room(created.facilitator).members == ()


@pytest.mark.parametrize("case", ["malformed", "cut short", "wrong key", "unknown room", "deleted"])
def test_every_room_link_that_opens_nothing_says_the_same(app_store: Store, model: Model, case: str) -> None:
    created, other = app_store.create("Acme"), app_store.create("Other")
    if case == "deleted":
        app_store.delete(created.facilitator)
    params = {
        "malformed": {"room": "x", "join": "y"},
        "cut short": {"room": created.room_id, "manage": created.facilitator.key[:-5]},
        "wrong key": {"room": created.room_id, "manage": other.facilitator.key},
        "unknown room": {"room": "A" * 22, "join": created.join.key},
        "deleted": created.join.params,
    }[case]
    at = run(params)
    assert at.title[0].value == "This room link cannot be opened"
    assert at.error[0].value == NO_ROOM
    at.button(key="room_own").click().run()
    assert query(at) == {} and at.title[0].value == "Is your social media a buzzword or a real asset?"


# --- a database that cannot be reached -------------------------------------------------------------


def test_with_the_database_unreachable_results_work_and_room_pages_say_why(
    model: Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROOMS_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:9/rooms")
    room = {"room": "A" * 22, "join": "B" * 43}
    link = member_link(model, 2)
    result = score(model, decode(model, link).data.answers)

    at = run({**parse_query(link), **room})  # a member's results: all there, the room part explains
    assert at.title[0].value == result.level.name
    assert at.get("vega_lite_chart")
    assert "cannot be reached right now" in at.warning[-1].value and "safe" in at.warning[-1].value
    at = run(room)
    assert at.title[0].value == "The team room cannot be opened right now"
    assert "cannot be reached" in at.warning[0].value
    at = run({"room": "A" * 22, "manage": "B" * 43})
    assert at.title[0].value == "The team room cannot be opened right now"
    at = run({"view": "new-room"})
    at.text_input(key="new_room_name").input("Acme")
    at.button(key="create_room").click().run()
    assert "cannot be reached" in at.error[0].value and at.text_input(key="new_room_name").value == "Acme"
    assert run().title[0].value == "Is your social media a buzzword or a real asset?"


def test_pages_without_a_room_never_touch_the_database(
    model: Model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = tmp_path / "data" / "rooms.sqlite3"
    monkeypatch.setattr("rooms.store.DEFAULT_PATH", default)
    monkeypatch.delenv("ROOMS_DATABASE_URL")
    link = member_link(model, 2)
    run()
    run({**parse_query(link), "step": "2"})
    run(parse_query(link))
    run({"view": "compare"})
    run({"view": "new-room"})
    assert not default.parent.exists()
    created = Store(model).create("Acme")  # the first use makes it
    assert default.exists()
    assert run(created.facilitator.params).title[0].value == "Acme"
    room_ui.store().dispose()


# --- the presenter view ---------------------------------------------------------------------------


def test_the_presenter_view_shows_the_name_the_code_the_short_link_and_the_count_and_nothing_else(
    app_store: Store, model: Model
) -> None:
    created = room_with(app_store, model, ["Ann", ""], room_name=MARKDOWN_NAME)
    at = run(created.presenter.params)
    assert not at.exception
    assert unescape(at.title[0].value) == MARKDOWN_NAME  # plain text
    join = created.short_join.query
    (qr,) = at.image
    svg = base64.b64decode(qr.value[0].split(",", 1)[1]).decode()
    expected = segno.make(join, error="m").svg_inline(scale=5, dark="#1b1f1e", light="#ffffff")
    assert " ".join(svg.replace('xmlns="http://www.w3.org/2000/svg"', "").split()) == " ".join(expected.split())
    shown = [m.value for m in at.markdown]
    assert f"Scan the code, or open  \n`{join}`" in shown  # AppTest has no page address: the query alone
    assert link_md("https://a.example/" + join) == f"Scan the code, or open  \n`https://a.example/`  \n`{join}`"
    assert (
        count_md(app_store.presentation(created.presenter)) == "**2** results so far"
        and "**2** results so far" in shown
    )
    # nothing else: no result, no name of a member, no button, no table, no facilitator or long join key
    assert not at.button and not at.get("download_button") and not at.table and not at.get("vega_lite_chart")
    page = " ".join(texts(at))
    assert "Ann" not in page and created.facilitator.key not in page and created.join.key not in page
    app_store.submit(created.short_join, member_link(model, 7))
    assert "**3** results so far" in [m.value for m in run(created.presenter.params).markdown]

    app_store.close(created.facilitator)
    closed = run(created.presenter.params)
    assert "This room is closed to new results." in [m.value for m in closed.markdown]
    assert not closed.image and "**3** results, and the room is closed" in [m.value for m in closed.markdown]


def test_a_presenter_link_that_opens_nothing_says_the_same_as_any_room_link(app_store: Store, model: Model) -> None:
    created, other = app_store.create("Acme"), app_store.create("Other")
    for params in (
        {"room": created.room_id, "present": other.presenter.key},
        {"room": created.room_id, "present": created.presenter.key[:-1]},
    ):
        at = run(params)
        assert at.title[0].value == "This room link cannot be opened" and at.error[0].value == NO_ROOM


# --- a member takes their result back ----------------------------------------------------------------


def test_a_member_takes_their_result_back_from_the_same_browser_only(app_store: Store, model: Model) -> None:
    created = app_store.create("Acme workshop")
    link = member_link(model, 2)
    at = run({**parse_query(link), **created.short_join.params})  # the short join link, as the QR code gives it
    at.text_input(key="room_display_name").input("Ann")
    at.button(key="room_send").click().run()
    key = query(at)["mine"]  # the take-back key, in the page address beside the join link
    (member,) = app_store.room(created.facilitator).members
    assert app_store.invitation(created.short_join, key).mine == member
    assert "Your result is in the room “Acme workshop” as **Ann**" in at.success[-1].value
    assert at.button(key="room_take_back").label == "Take my result back"

    # The same browser later: the address (a reload, a bookmark) still holds the key.
    later = rerun_with_its_address(at)
    assert later.button(key="room_take_back")
    # Another browser with the results link and the join link, but not the key: nothing to take back.
    other = run({**parse_query(link), **created.join.params})
    assert not [b for b in other.button if b.key == "room_take_back"]
    assert "mine" not in query(other)

    later.button(key="room_take_back").click().run()
    assert app_store.room(created.facilitator).members == ()
    assert "mine" not in query(later)  # the key has done its work
    assert "Your result is taken out of the room “Acme workshop”" in later.success[0].value
    assert later.button(key="room_send")  # it can be added again
    again = rerun_with_its_address(later)
    assert not [b for b in again.button if b.key == "room_take_back"] and again.button(key="room_send")


def test_an_earlier_result_from_this_browser_can_be_taken_back_after_changing_answers(
    app_store: Store, model: Model
) -> None:
    created = app_store.create("Acme")
    first = member_link(model, 1)
    at = run({**parse_query(first), **created.join.params})
    at.button(key="room_send").click().run()
    key = query(at)["mine"]
    second = member_link(model, 3)
    changed = run({**parse_query(second), **created.join.params, "mine": key})  # changed answers, key carried
    assert any("Your earlier result from this browser" in i.value for i in changed.info)
    assert changed.button(key="room_take_back").label == "Take my earlier result back"
    assert changed.button(key="room_send")  # this result can be added as well
    damaged = run({**parse_query(first), **created.join.params, "mine": key[:-1]})
    assert not [b for b in damaged.button if b.key == "room_take_back"]  # a damaged key never reaches the store
    changed.button(key="room_take_back").click().run()
    assert app_store.room(created.facilitator).members == ()

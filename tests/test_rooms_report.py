"""A room's exports and team view (``rooms.report``): pure functions on a room as the store returns it."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from assessment.compare import team_of
from assessment.link import LinkData, decode, encode
from assessment.model import Model
from assessment.rounding import one_decimal
from assessment.scoring import score
from reports.document import team_to_dict
from rooms.report import Reading, csv_cell, read_room, room_to_csv, room_to_dict, room_to_json, timestamp
from rooms.store import Member, Room
from tests.profiles import answers_at

AT = datetime(2026, 11, 30, 14, 2, 5, 123456, tzinfo=UTC)


def a_room(model: Model, names: list[str]) -> Room:
    members = tuple(
        Member(
            f"id{n}",
            name,
            encode(model, LinkData(answers_at(model, n / 4), f"Org {n}", None, date(2026, 11, 30))),
            AT + timedelta(minutes=n),
        )
        for n, name in enumerate(names)
    )
    return Room("r" * 22, "Workshop", "managed", AT + timedelta(days=90), False, members)


def test_each_result_is_read_once_and_the_team_from_two_on(model: Model) -> None:
    assert read_room(model, a_room(model, [])) == Reading((), None)
    one = a_room(model, ["Ann"])
    assert read_room(model, one).team is None
    assert read_room(model, one).results == (score(model, decode(model, one.members[0].link).data.answers),)
    room = a_room(model, ["Ann", "", "Bo"])
    reading = read_room(model, room)
    assert reading.team == team_of(model, [m.link for m in room.members], ["Ann", "", "Bo"], "Workshop")
    assert [m.label for m in reading.team.members] == ["Ann", "Result 2", "Bo"]
    assert reading.results == tuple(score(model, decode(model, m.link).data.answers) for m in room.members)
    broken = replace(room, members=(room.members[0], Member("x", "", "?v=1&a=0", AT), room.members[2]))
    read = read_room(model, broken)
    assert read.results[1] is None and read.results[0] is not None and read.results[2] is not None
    assert read.team is not None and [m.label for m in read.team.members] == ["Ann", "Bo"]
    lonely = replace(room, members=(room.members[0], Member("x", "", "?v=1&a=0", AT)))
    assert read_room(model, lonely).team is None  # one readable result is no team


def test_the_json_is_the_show_command_s(model: Model) -> None:
    room = a_room(model, ["Ann", "", "Bo"])
    data = room_to_dict(model, room)
    assert data["expires"] == "2027-02-28T14:02:05Z"
    assert data["members"][1] == {
        "submission": "id1",
        "name": None,
        "link": room.members[1].link,
        "submitted_at": "2026-11-30T14:03:05Z",
    }
    team = read_room(model, room).team
    assert team is not None and data["team"] == team_to_dict(team)
    absolute = room_to_dict(model, room, base="https://example.org/app/")
    assert absolute["members"][0]["link"] == "https://example.org/app/" + room.members[0].link
    document = json.loads(room_to_json(model, room, "https://example.org/app"))
    assert document["format"] == 1 and document["content_version"] == model.version
    assert document["members"] == absolute["members"]


def test_the_csv_has_a_row_per_result_with_readable_headers_levels_answers_and_the_core_s_figures(
    model: Model,
) -> None:
    room = a_room(model, ["Ann", '=HYPERLINK("x")', "+1", 'Bo, "the" boss'])
    quick = {q.id for q in model.questions_in("quick")}
    data = LinkData(
        {k: v for k, v in answers_at(model, 0.25).items() if k in quick}, "", None, date(2026, 11, 2), "quick"
    )
    room = replace(room, members=(*room.members, Member("idq", "", encode(model, data), AT + timedelta(hours=1))))
    rows = list(csv.reader(io.StringIO(room_to_csv(model, room, "https://example.org/app"))))
    header = rows[0]
    assert header == [
        "Result",
        "Name",
        "Added (UTC)",
        "Taken on",
        "Quick or full",
        "Level",
        "Overall",
        *(d.name for d in model.dimensions),
        *(q.text for q in model.questions),
        "Results link",
        "Submission id",
    ]
    assert not any(d.id in header for d in model.dimensions)  # issue 22: internal ids such as "tailoring"
    assert len(rows) == 1 + len(room.members)
    for number, (row, member) in enumerate(zip(rows[1:], room.members, strict=True), 1):
        cells = dict(zip(header, row, strict=True))
        decoded = decode(model, member.link).data
        result = score(model, decoded.answers, variant=decoded.variant)
        assert cells["Result"] == str(number) and cells["Submission id"] == member.submission
        assert cells["Added (UTC)"] == timestamp(member.submitted_at)
        assert cells["Taken on"] == decoded.taken_on.isoformat() if decoded.taken_on else cells["Taken on"] == ""
        assert cells["Quick or full"] == ("quick check" if decoded.variant == "quick" else "full")
        assert cells["Level"] == result.level.name and cells["Overall"] == str(one_decimal(result.overall))
        for d in result.dimensions:
            assert cells[d.dimension.name] == ("" if d.score is None else str(one_decimal(d.score)))
        for question in model.questions:
            option = model.option(question, decoded.answers.get(question.id, ""))
            assert cells[question.text] == (option.label if option else "")
        assert cells["Results link"] == "https://example.org/app/" + member.link
    quick_row = dict(zip(header, rows[-1], strict=True))
    asked = [q for q in model.questions if q.id in quick]
    assert all(quick_row[q.text] for q in asked)
    assert not any(quick_row[q.text] for q in model.questions if q.id not in quick)  # not asked: empty
    assert [r[1] for r in rows[1:]] == ["Ann", '\'=HYPERLINK("x")', "'+1", 'Bo, "the" boss', ""]


def test_a_link_that_cannot_be_read_fills_only_its_own_cells(model: Model) -> None:
    room = a_room(model, ["Ann"])
    room = replace(room, members=(*room.members, Member("bad", "Bo", "?v=1&a=0", AT)))
    rows = list(csv.reader(io.StringIO(room_to_csv(model, room))))
    bad = dict(zip(rows[0], rows[2], strict=True))
    assert (bad["Result"], bad["Name"], bad["Level"], bad["Results link"], bad["Submission id"]) == (
        "2",
        "Bo",
        "",
        "?v=1&a=0",
        "bad",
    )
    assert len(rows[2]) == len(rows[0])


def test_a_cell_that_looks_like_a_formula_stays_text() -> None:
    assert [csv_cell(t) for t in ("=1+1", "-2", "@x", "\tx", "Ann", "")] == ["'=1+1", "'-2", "'@x", "'\tx", "Ann", ""]

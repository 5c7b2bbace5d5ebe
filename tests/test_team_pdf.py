"""A room's team PDF, read back with poppler: what it holds, the radar as the geometry gives it, and
names drawn as plain text. Expected figures come from the core (``team_of``, ``levels_reached``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from assessment.compare import levels_reached
from assessment.link import LinkData, encode
from assessment.model import Model, Variant
from assessment.rounding import shown_score, whole_points
from reports import radar
from reports.as_pdf import RADAR_RADIUS
from reports.wording import answer_counts, level_rows, team_score_line
from rooms.report import read_room, room_to_pdf
from rooms.store import Member, Room
from tests.profiles import answers_at
from tests.support.pdf import record_radar_drawing
from tests.test_pdf import TRICKY, Pdf

AT = datetime(2026, 11, 30, 14, 2, tzinfo=UTC)
MADE_ON = date(2026, 12, 5)


def _flat(text: str) -> str:
    return " ".join(text.split())


def a_room(model: Model, count: int = 7, name: str = "Harbour Café team") -> Room:
    """``count`` results: spread across the scale, one a quick check, two anonymous."""
    members = []
    quick = {q.id for q in model.questions_in("quick")}
    for n in range(count):
        answers = answers_at(model, (n % 5) / 4, budget=(n % 3) / 2)
        variant: Variant = "quick" if n == 3 else "full"
        if variant == "quick":
            answers = {k: v for k, v in answers.items() if k in quick}
        link = encode(model, LinkData(answers, f"Org {n}", None, date(2026, 11, 30), variant))
        person = ["Ann", "", "Bo", "Zoë", TRICKY, "", "Dee"][n % 7]
        members.append(Member(f"id{n}", person, link, AT + timedelta(minutes=n)))
    return Room("r" * 22, name, "managed", AT + timedelta(days=90), False, tuple(members))


@pytest.fixture
def read(tmp_path: Path) -> Callable[[bytes], Pdf]:
    count = iter(range(1000))
    return lambda content: Pdf(content, tmp_path / f"team{next(count)}.pdf")


def test_the_team_pdf_holds_room_date_count_table_levels_disagreements_and_every_result(
    model: Model, read: Callable[[bytes], Pdf]
) -> None:
    room = a_room(model)
    reading = read_room(model, room)
    team = reading.team
    assert team is not None
    pdf = read(room_to_pdf(model, room, MADE_ON))
    flat = _flat(pdf.text())
    assert flat.startswith("Social media strategy assessment · team room report Harbour Café team")
    assert "Report of 2026-12-05 · 7 results · content version 3 · team target Managed" in flat
    rows = [_flat(line) for line in pdf.run("pdftotext", "-layout", str(pdf.path), "-").splitlines()]
    for span in team.dimensions:  # the table: results, mean, lowest and highest per dimension
        figures = (str(span.measured), *(shown_score(s) for s in (span.mean, span.low, span.high)))
        assert f"{span.dimension.name} {' '.join(figures)}" in rows, span.dimension.name
        assert team_score_line(span) in flat  # under its name on the radar
    target = model.level("managed")
    counts = levels_reached(model, team)
    reaching = next(c.reaching for c in counts if c.level == target)
    assert f"Team target: Managed. {reaching} of 7 results reach it overall." in flat
    for level, at, reach in level_rows(counts, 7, target):
        assert f"{level} {at} {reach}" in rows
    assert team.disagreements, "the room's answers should disagree somewhere"
    assert f"{len(team.disagreements)} questions, the widest spread first, grouped by dimension" in flat
    for spread in team.disagreements:  # every one, with how many chose each answer
        assert _flat(f"{spread.question.text} {answer_counts(spread)}") in flat, spread.question.id
    widest = team.disagreements[:5]
    assert flat.index(widest[-1].question.text) < flat.index(f"The other {len(team.disagreements) - 5}")
    for number, (member, result) in enumerate(zip(room.members, reading.results, strict=True), 1):
        assert result is not None
        shown = member.name or "anonymous"
        kind = "quick check" if result.variant == "quick" else "full"
        added = f"{member.submitted_at:%Y-%m-%d %H:%M}"
        if shown != TRICKY:  # (it takes two lines in its cell)
            assert f"{number} {shown} {result.level.name} {whole_points(result.overall)} {kind} {added}" in rows
    assert TRICKY in flat  # markup and "{nb}" printed as typed
    assert pdf.page_sizes() == ["595.28 x 841.89 pts (A4)"] * pdf.pages


def test_the_team_radar_is_drawn_as_the_geometry_gives_it(model: Model, monkeypatch: pytest.MonkeyPatch) -> None:
    room = a_room(model)
    team = read_room(model, room).team
    assert team is not None
    charts, drawn = record_radar_drawing(monkeypatch, ("polygon", "circle"))
    room_to_pdf(model, room, MADE_ON)
    (chart,) = charts
    low, mean, high = (radar.outline(polygon) for polygon in chart.polygons)
    expected = [
        [radar.point(radar.axis_angle(i, len(team.dimensions)), radar.distance(s, chart.radius), chart.centre)]
        for i, s in enumerate(span.mean for span in team.dimensions)
        if s is not None
    ]
    assert [corner for (corner,) in expected] == mean
    assert [tuple(args[0]) for name, args in drawn if name == "polygon"] == [
        *(ring.points for ring in chart.rings),
        tuple(low),
        tuple(high),
        tuple(mean),  # filled ...
        tuple(mean),  # ... and outlined
    ]
    assert [args[:2] for name, args in drawn if name == "circle"] == mean
    assert [label.lines[-1].text for label in chart.labels] == [team_score_line(s) for s in team.dimensions]
    assert all(label.lines[-1].score for label in chart.labels)
    assert chart.radius <= RADAR_RADIUS


def test_a_room_of_one_result_lists_it_and_says_the_summary_needs_two(
    model: Model, read: Callable[[bytes], Pdf]
) -> None:
    room = a_room(model, count=1)
    flat = _flat(read(room_to_pdf(model, room, MADE_ON)).text())
    assert "1 result · content version" in flat
    assert "The team's summary needs two results that can be read" in flat
    assert "Where the team disagrees" not in flat and "1 Ann" in flat
    empty = replace(room, members=())
    assert "No results yet." in _flat(read(room_to_pdf(model, empty, MADE_ON)).text())
    broken = replace(room, members=(*room.members, Member("bad", "Bo", "?v=1&a=0", AT)))
    assert "2 Bo cannot be read" in _flat(read(room_to_pdf(model, broken, MADE_ON)).text())


def test_the_team_pdf_is_the_same_for_the_same_room_and_day(model: Model) -> None:
    room = a_room(model)
    assert room_to_pdf(model, room, MADE_ON) == room_to_pdf(model, room, MADE_ON)

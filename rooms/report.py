"""A room as its facilitator reads and exports it: the team view, JSON, CSV and the team PDF. Pure: text,
data and bytes out (the PDF reads its fonts, as :mod:`reports.as_pdf` does).

The team view is the compare page's (:func:`assessment.compare.team_of`), read from the
room's results whatever organisation names their links carry: a room is a team by
construction. Its JSON is the same as the ``team`` part of ``python -m assessment compare
--json``.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from assessment.compare import Team, team_of
from assessment.link import decode
from assessment.model import Model
from assessment.names import display_name, is_invisible
from assessment.rounding import one_decimal, one_decimal_or_none
from assessment.scoring import Result
from reports.as_pdf import TeamRow, TeamSheet, team_pdf
from reports.document import dumps, team_to_dict
from reports.fonts import find_fonts
from reports.wording import variant_name

from .rules import MIN_TEAM
from .store import Room

EXPORT_FORMAT = 1
# A spreadsheet reads a cell starting with one of these as a formula (after what it skips, below).
FORMULA_STARTS = ("=", "+", "-", "@")


def timestamp(moment: datetime) -> str:
    """A moment as exported: UTC, to the second, ISO 8601 (``2026-11-30T14:02:05Z``)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def absolute(query: str, base: str = "") -> str:
    """A results query (``?v=...``) under the app's address ``base``; as it is without one."""
    return f"{base.rstrip('/')}/{query}" if base else query


@dataclass(frozen=True)
class Reading:
    """A room as its facilitator reads it: every member's result, scored once, and the team view."""

    results: tuple[Result | None, ...]  # one per member, in the room's order; None: its link cannot be read
    team: Team | None  # None until MIN_TEAM results can be read


def read_room(model: Model, room: Room) -> Reading:
    """Each member's result and the room's team view, named after the room.

    The team view appears once :data:`~rooms.rules.MIN_TEAM` results can be read. Members are
    labelled by their display names ("Result N" for an anonymous one, N its place in the
    room), under the compare view's rule for names given twice.
    """
    everyone = team_of(model, [m.link for m in room.members], [m.name for m in room.members], room.name)
    read = everyone.members if everyone is not None else ()
    by_place = {entry.position: entry.result for entry in read}
    results = tuple(by_place.get(place) for place in range(1, len(room.members) + 1))
    return Reading(results, everyone if len(read) >= MIN_TEAM else None)


def room_to_dict(model: Model, room: Room, base: str = "") -> dict[str, Any]:
    """The room as JSON-ready data: ``python -m rooms show --json`` and the page's JSON export.

    Results links are the stored queries, or absolute under ``base`` when it is given.
    """
    team = read_room(model, room).team
    return {
        "name": display_name(room.name),
        "target": room.target,
        "expires": timestamp(room.expires_at),
        "closed": room.closed,
        "members": [
            {
                "submission": m.submission,
                "name": display_name(m.name) or None,
                "link": absolute(m.link, base),
                "submitted_at": timestamp(m.submitted_at),
            }
            for m in room.members
        ],
        "team": team_to_dict(team) if team is not None else None,
    }


def room_to_json(model: Model, room: Room, base: str = "") -> str:
    document = {"format": EXPORT_FORMAT, "content_version": model.version, **room_to_dict(model, room, base)}
    return dumps(document)


def csv_cell(text: str) -> str:
    """Text as a CSV cell a spreadsheet shows as text: one that starts like a formula gets a leading ``'``.

    Like a formula means its first visible character, in its compatibility form (NFKC: the
    full-width ``＝ ＋ － ＠`` are ``= + - @``), is one of :data:`FORMULA_STARTS`, whatever
    invisible characters come before it (spaces, tabs, line breaks, U+FEFF, U+200B and the
    other format characters, :func:`assessment.names.is_invisible`): spreadsheets skip or
    fold them (issue 23 found ``＝``, U+FEFF and U+200B before ``=`` let through).
    """
    visible = next((char for char in text if not is_invisible(char)), "")
    starts_like_a_formula = unicodedata.normalize("NFKC", visible).startswith(FORMULA_STARTS)
    return "'" + text if starts_like_a_formula or text.startswith(("\t", "\r")) else text


CSV_FIRST = ("Result", "Name", "Added (UTC)", "Taken on", "Quick or full", "Level", "Overall")
CSV_LAST = ("Results link", "Submission id")


def csv_header(model: Model) -> list[str]:
    """The room CSV's header: :data:`CSV_FIRST`, each dimension's name, each question's text (the
    fact too, in questionnaire order), then :data:`CSV_LAST`."""
    return [*CSV_FIRST, *(d.name for d in model.dimensions), *(q.text for q in model.questions), *CSV_LAST]


def room_to_csv(model: Model, room: Room, base: str = "") -> str:
    """One row per result, for a spreadsheet (:func:`csv_header`): its number in the room, the display
    name, when it came (UTC), the date it was taken, "quick check" or "full", the level's name, the
    overall score and each dimension's (one decimal; empty for a dimension without one), every
    question's answer as its label (empty when unanswered), the results link and the result's id
    (``python -m rooms remove`` takes it). A link that cannot be read fills only its own cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csv_header(model))
    for number, (member, result) in enumerate(zip(room.members, read_room(model, room).results, strict=True), 1):
        figures: list[object] = ["", "", "", "", *("" for _ in model.dimensions), *("" for _ in model.questions)]
        if result is not None:
            data = decode(model, member.link).data
            answers = []
            for question in model.questions:
                option = model.option(question, data.answers.get(question.id, ""))
                answers.append(csv_cell(option.label) if option is not None else "")
            figures = [
                data.taken_on.isoformat() if data.taken_on else "",
                variant_name(result),
                result.level.name,
                one_decimal(result.overall),
                *(one_decimal_or_none(d.score) for d in result.dimensions),
                *answers,
            ]
        writer.writerow(
            [
                number,
                csv_cell(display_name(member.name)),
                timestamp(member.submitted_at),
                *figures,
                absolute(member.link, base),
                member.submission,
            ]
        )
    return buffer.getvalue()


def room_to_pdf(model: Model, room: Room, made_on: date) -> bytes:
    """The team PDF of the room as it is (:func:`reports.as_pdf.team_pdf`), dated ``made_on``."""
    reading = read_room(model, room)
    target = model.level(room.target) if room.target else None
    members = tuple(
        TeamRow(number, display_name(member.name), f"{member.submitted_at.astimezone(UTC):%Y-%m-%d %H:%M}", result)
        for number, (member, result) in enumerate(zip(room.members, reading.results, strict=True), 1)
    )
    return team_pdf(model, TeamSheet(display_name(room.name), made_on, target, reading.team, members), find_fonts())

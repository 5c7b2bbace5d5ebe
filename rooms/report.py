"""A room as its facilitator reads and exports it: the team view, JSON and CSV. Pure: text and data out.

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
from datetime import UTC, datetime
from typing import Any

from assessment.compare import Team, team_of
from assessment.model import Model
from assessment.names import display_name, is_invisible
from assessment.rounding import one_decimal, one_decimal_or_none
from assessment.scoring import Result
from reports.document import dumps, team_to_dict

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


def room_to_csv(model: Model, room: Room, base: str = "") -> str:
    """One row per result: id, display name, time, results link, level, overall and each dimension's
    score (empty for a dimension without one)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["submission", "name", "submitted_at", "link", "level", "overall", *(d.id for d in model.dimensions)]
    )
    for member, result in zip(room.members, read_room(model, room).results, strict=True):
        figures: list[object] = ["", "", *("" for _ in model.dimensions)]
        if result is not None:
            figures = [
                result.level.id,
                one_decimal(result.overall),
                *(one_decimal_or_none(d.score) for d in result.dimensions),
            ]
        writer.writerow(
            [
                member.submission,
                csv_cell(display_name(member.name)),
                timestamp(member.submitted_at),
                absolute(member.link, base),
                *figures,
            ]
        )
    return buffer.getvalue()

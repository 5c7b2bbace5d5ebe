"""Command line: ``python -m rooms {create,submit,take-back,show,report,remove,close,reopen,delete,purge}``.

A contract other tools rely on. Every command uses the database ``ROOMS_DATABASE_URL`` names
(SQLite in ``data/rooms.sqlite3`` without it). Links are given as the app's addresses or
their query strings (``?room=...``). Bad input (a join link where the facilitator link is
needed, an unknown or damaged link, a closed room, a bad name or results link) exits with
code 2 and one line on stderr; a database that cannot be reached exits with code 1 and one
line on stderr. Never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assessment.errors import AssessmentError
from assessment.loader import load_model
from assessment.names import display_name
from assessment.rounding import shown_score
from reports.document import dumps
from reports.wording import spread_message

from .errors import BadInput, RoomError, StoreUnavailable
from .links import parse_room_link
from .report import read_room, room_to_csv, room_to_dict, room_to_pdf, timestamp
from .rules import DEFAULT_DAYS
from .store import Room, Store, utc_now


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse would print its usage and exit 2 itself
        raise BadInput(message)


def _parser() -> _Parser:
    parser = _Parser(prog="python -m rooms", description="Team rooms: a team's results gathered in one place.")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="create a room; prints its facilitator and join links")
    create.add_argument("--name", required=True)
    create.add_argument("--target", metavar="LEVEL_ID", help="the level the team aims for (default: none)")
    create.add_argument(
        "--days", type=int, default=DEFAULT_DAYS, help=f"days until it expires (default {DEFAULT_DAYS})"
    )
    create.add_argument("--json", action="store_true")
    submit = commands.add_parser("submit", help="add a results link to a room")
    submit.add_argument("join_link", metavar="JOIN_LINK")
    submit.add_argument("results_link", metavar="RESULTS_LINK")
    submit.add_argument("--name", default="", help="a display name (default: anonymous)")
    submit.add_argument("--json", action="store_true")
    take_back = commands.add_parser("take-back", help="take a result back from a room with its take-back key")
    take_back.add_argument("join_link", metavar="JOIN_LINK")
    take_back.add_argument("key", metavar="TAKE_BACK_KEY")
    show = commands.add_parser("show", help="show a room: its members and the team view")
    show.add_argument("link", metavar="FACILITATOR_LINK")
    formats = show.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true")
    formats.add_argument("--csv", action="store_true", help="one row per result, for a spreadsheet")
    report = commands.add_parser("report", help="write the room's team report")
    report.add_argument("link", metavar="FACILITATOR_LINK")
    report.add_argument("--pdf", required=True, metavar="OUT", help="where to write the PDF")
    remove = commands.add_parser("remove", help="remove one result from a room")
    remove.add_argument("link", metavar="FACILITATOR_LINK")
    remove.add_argument("submission", metavar="SUBMISSION_ID")
    close = commands.add_parser("close", help="close a room to new results")
    close.add_argument("link", metavar="FACILITATOR_LINK")
    reopen = commands.add_parser("reopen", help="open a closed room to new results again")
    reopen.add_argument("link", metavar="FACILITATOR_LINK")
    delete = commands.add_parser("delete", help="delete a room and its results now")
    delete.add_argument("link", metavar="FACILITATOR_LINK")
    commands.add_parser("purge", help="delete every expired room now")
    return parser


def _print_json(data: object) -> None:
    print(dumps(data), end="")


def run(argv: Sequence[str], store: Store | None = None) -> None:
    """Parse ``argv`` and run one command; raise :class:`RoomError` on bad input or an unreachable database."""
    args = _parser().parse_args(argv)
    if store is not None:
        _command(args, store)
        return
    try:
        model = load_model()
    except AssessmentError as error:
        raise StoreUnavailable(f"The assessment content cannot be loaded: {error}") from None
    own = Store(model)
    try:
        _command(args, own)
    finally:
        own.dispose()


def _command(args: argparse.Namespace, store: Store) -> None:
    model = store.model
    if args.command == "create":
        created = store.create(args.name, args.target, args.days)
        if args.json:
            _print_json(
                {
                    "room": created.room_id,
                    "facilitator_link": created.facilitator.query,
                    "join_link": created.join.query,
                    "short_join_link": created.short_join.query,
                    "presenter_link": created.presenter.query,
                }
            )
        else:
            print(f"room {created.room_id}")
            print(f"facilitator link (see and manage the room; keep it private): {created.facilitator.query}")
            print(f"join link (members add their results): {created.join.query}")
            print(f"short join link (the same, shorter): {created.short_join.query}")
            print(f"presenter link (for the workshop screen): {created.presenter.query}")
    elif args.command == "submit":
        submitted = store.submit(parse_room_link(args.join_link), args.results_link, args.name)
        if args.json:
            _print_json({"submission": submitted.submission, "take_back": submitted.take_back or None})
        elif submitted.new:
            print(f"added result {submitted.submission} (take-back key: {submitted.take_back})")
        else:
            print(f"the room already holds this result: {submitted.submission}")
    elif args.command == "take-back":
        store.take_back(parse_room_link(args.join_link), args.key)
        print("the result is taken back from the room")
    elif args.command == "show":
        room = store.room(parse_room_link(args.link))
        if args.json:
            _print_json(room_to_dict(model, room))
        elif args.csv:
            print(room_to_csv(model, room), end="")
        else:
            _print_room(store, room)
    elif args.command == "report":
        pdf = room_to_pdf(model, store.room(parse_room_link(args.link)), utc_now().date())
        try:
            Path(args.pdf).write_bytes(pdf)
        except OSError as error:
            raise BadInput(f"The report cannot be written to {args.pdf}: {error.strerror or error}.") from None
        print(f"wrote {args.pdf}")
    elif args.command == "remove":
        store.remove(parse_room_link(args.link), args.submission)
        print(f"removed result {args.submission}")
    elif args.command == "close":
        store.close(parse_room_link(args.link))
        print("the room is closed to new results")
    elif args.command == "reopen":
        store.reopen(parse_room_link(args.link))
        print("the room is open to new results")
    elif args.command == "delete":
        store.delete(parse_room_link(args.link))
        print("the room and its results are deleted")
    elif args.command == "purge":
        print(f"deleted {store.purge()} expired room(s)")


def _print_room(store: Store, room: Room) -> None:
    state = "closed to new results" if room.closed else "open"
    print(f"{display_name(room.name)} · {state} · expires {timestamp(room.expires_at)} · {len(room.members)} result(s)")
    if room.target:
        print(f"target: {room.target}")
    for member in room.members:
        shown = display_name(member.name) or "(anonymous)"
        print(f"{member.submission}  {timestamp(member.submitted_at)}  {shown}  {member.link}")
    team = read_room(store.model, room).team
    if team is not None:
        print("team: lowest / mean / highest score per dimension")
        for span in team.dimensions:
            low, mean, high = (shown_score(s) for s in (span.low, span.mean, span.high))
            print(f"  {span.dimension.name:<28} {low:>5} {mean:>5} {high:>5}")
        for question in team.disagreements:
            print(f"  - {spread_message(question)}")


@contextmanager
def _quiet_store_log() -> Iterator[None]:
    """The store's log records kept off stderr while a command runs: its error line says it all, and
    the contract is one line (a read-only database wrote seven: the warning, its SQL, its parameters...)."""
    logger = logging.getLogger("rooms")
    before = logger.propagate
    silent = logging.NullHandler()
    logger.addHandler(silent)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(silent)
        logger.propagate = before


def main(argv: Sequence[str] | None = None, store: Store | None = None) -> int:
    """Entry point: 0 on success, 2 on bad input, 1 when the database cannot be reached (one line on stderr)."""
    try:
        with _quiet_store_log():
            run(sys.argv[1:] if argv is None else argv, store)
    except StoreUnavailable as error:
        print(f"error: {error}" + (f" ({error.cause})" if error.cause else ""), file=sys.stderr)
        return 1
    except RoomError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0

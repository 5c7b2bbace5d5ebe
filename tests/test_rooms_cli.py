"""The rooms' command line contract, on SQLite and on PostgreSQL: JSON shapes, exit codes, one line on stderr.

Most commands run in this process through ``rooms.cli.main`` (with ``ROOMS_DATABASE_URL``
set, as a shell would); one test runs ``python -m rooms`` itself on each back end.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assessment.compare import compare
from assessment.link import LinkData, encode
from assessment.model import Model
from reports.document import comparison_to_dict
from rooms.cli import main
from rooms.errors import NO_ROOM
from rooms.links import parse_room_link, presenter_link_for, short_join_link_for
from rooms.report import room_to_csv
from rooms.store import Store
from tests.profiles import answers_at
from tests.support.pdf import page_texts

ROOT = Path(__file__).resolve().parent.parent


class Cli:
    """``python -m rooms`` in this process, against the database ``ROOMS_DATABASE_URL`` names."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> Any:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def cli(rooms_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    monkeypatch.setenv("ROOMS_DATABASE_URL", rooms_url)
    return Cli(capsys)


def team_links(model: Model, names: tuple[str, str, str]) -> list[str]:
    base = answers_at(model, 0.5)
    return [
        encode(model, LinkData({**base, "budget.hours": "none"}, names[0], None, date(2026, 11, 1))),
        encode(model, LinkData({**base, "budget.hours": "reviewed"}, names[1], None, date(2026, 11, 2))),
        encode(model, LinkData({**base, "budget.hours": "unsure"}, names[2], None, date(2026, 11, 3))),
    ]


def assert_one_line_error(result: tuple[int, str, str], code: int, text: str) -> None:
    got, out, err = result
    assert (got, out) == (code, ""), result
    assert err.startswith("error: ") and err.count("\n") == 1 and text in err, err
    assert "Traceback" not in err


def test_create_submit_show_contract(cli: Cli, model: Model) -> None:
    created = cli.json("create", "--name", "Acme workshop", "--target", "managed", "--days", "30")
    assert set(created) == {"room", "facilitator_link", "join_link", "short_join_link", "presenter_link"}
    assert created["facilitator_link"] == f"?room={created['room']}&manage=" + created["facilitator_link"][-43:]
    assert created["join_link"].startswith(f"?room={created['room']}&join=")
    manage = parse_room_link(created["facilitator_link"])
    assert created["presenter_link"] == presenter_link_for(manage).query
    assert created["short_join_link"] == short_join_link_for(manage).query and len(created["short_join_link"]) == 19

    links = team_links(model, ("Acme", "Other Ltd", ""))
    sent = [
        cli.json("submit", created["join_link"], link, "--name", name)
        for link, name in zip(links, ["Ann", "", "Bo"], strict=True)
    ]
    assert all(set(s) == {"submission", "take_back"} and len(s["take_back"]) == 22 for s in sent)
    again = cli.json("submit", created["short_join_link"], "https://example.org/" + links[0])  # stored once
    assert again == {"submission": sent[0]["submission"], "take_back": None}

    shown = cli.json("show", created["facilitator_link"])
    assert set(shown) == {"name", "target", "expires", "closed", "members", "team"}
    assert (shown["name"], shown["target"], shown["closed"]) == ("Acme workshop", "managed", False)
    assert shown["expires"].endswith("Z") and len(shown["expires"]) == 20
    assert [m["submission"] for m in shown["members"]] == [s["submission"] for s in sent]
    assert [m["name"] for m in shown["members"]] == ["Ann", None, "Bo"]
    assert [m["link"] for m in shown["members"]] == links
    assert all(set(m) == {"submission", "name", "link", "submitted_at"} for m in shown["members"])

    # The team part has the shape of `python -m assessment compare --json`'s, whatever names the links carry.
    same_name = comparison_to_dict(compare(model, team_links(model, ("Acme", "Acme", "Acme"))))["team"]
    team = shown["team"]
    assert set(team) == set(same_name)
    assert (team["name"], team["members"]) == ("Acme workshop", ["Ann", "Result 2", "Bo"])
    assert (team["dimensions"], team["questions"], team["disagreements"]) == (
        same_name["dimensions"],
        same_name["questions"],
        same_name["disagreements"],
    )


def test_show_csv_and_report_pdf(cli: Cli, model: Model, rooms_url: str, tmp_path: Path) -> None:
    created = cli.json("create", "--name", "Acme workshop", "--target", "managed")
    links = team_links(model, ("Acme", "Other Ltd", ""))
    for link, name in zip(links, ["Ann", "", "=Bo"], strict=True):
        cli.json("submit", created["join_link"], link, "--name", name)
    code, out, err = cli("show", created["facilitator_link"], "--csv")
    assert (code, err) == (0, "")
    store = Store(model, rooms_url)
    try:
        room = store.room(parse_room_link(created["facilitator_link"]))
    finally:
        store.dispose()
    assert out == room_to_csv(model, room)  # the page's CSV, with the links as stored
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:7] == ["Result", "Name", "Added (UTC)", "Taken on", "Quick or full", "Level", "Overall"]
    assert [row[1] for row in rows[1:]] == ["Ann", "", "'=Bo"]
    assert_one_line_error(cli("show", created["facilitator_link"], "--csv", "--json"), 2, "not allowed with")

    out_pdf = tmp_path / "team.pdf"
    code, out, err = cli("report", created["facilitator_link"], "--pdf", str(out_pdf))
    assert (code, out, err) == (0, f"wrote {out_pdf}\n", "")
    text = " ".join(page_texts(out_pdf)[0].split())
    assert "Acme workshop" in text and "3 results" in text and "team target Managed" in text
    assert_one_line_error(cli("report", created["join_link"], "--pdf", str(out_pdf)), 2, "facilitator link")
    assert_one_line_error(cli("report", created["facilitator_link"]), 2, "--pdf")
    assert_one_line_error(
        cli("report", created["facilitator_link"], "--pdf", str(tmp_path / "no" / "such" / "t.pdf")),
        2,
        "cannot be written",
    )


def test_take_back_and_reopen(cli: Cli, model: Model) -> None:
    created = cli.json("create", "--name", "Acme")
    link = encode(model, LinkData(answers_at(model, 0.5), "Acme"))
    sent = cli.json("submit", created["short_join_link"], link)
    assert cli("take-back", created["facilitator_link"], sent["take_back"])[0] == 2
    assert cli("take-back", created["join_link"], sent["take_back"]) == (
        0,
        "the result is taken back from the room\n",
        "",
    )
    assert cli.json("show", created["facilitator_link"])["members"] == []
    assert_one_line_error(cli("take-back", created["join_link"], sent["take_back"]), 2, "no longer holds")
    assert cli("close", created["facilitator_link"])[0] == 0
    assert_one_line_error(cli("submit", created["join_link"], link), 2, "closed")
    assert cli("reopen", created["facilitator_link"]) == (0, "the room is open to new results\n", "")
    assert cli.json("show", created["facilitator_link"])["closed"] is False
    assert cli.json("submit", created["join_link"], link)["take_back"]
    assert_one_line_error(cli("reopen", created["join_link"]), 2, "needs its facilitator link")


def test_remove_close_delete_and_purge(cli: Cli, model: Model) -> None:
    created = cli.json("create", "--name", "Acme")
    link = encode(model, LinkData(answers_at(model, 0.5), "Acme"))
    first = cli.json("submit", created["join_link"], link)["submission"]
    assert cli.json("show", created["facilitator_link"])["team"] is None  # one result: no team yet

    assert cli("remove", created["facilitator_link"], first) == (0, f"removed result {first}\n", "")
    assert cli.json("show", created["facilitator_link"])["members"] == []
    assert_one_line_error(cli("remove", created["facilitator_link"], first), 2, "holds no result")

    assert cli("close", created["facilitator_link"])[0] == 0
    assert cli.json("show", created["facilitator_link"])["closed"] is True
    assert_one_line_error(cli("submit", created["join_link"], link), 2, "closed")

    assert cli("delete", created["facilitator_link"])[0] == 0
    assert_one_line_error(cli("show", created["facilitator_link"]), 2, NO_ROOM)
    assert_one_line_error(cli("submit", created["join_link"], link), 2, NO_ROOM)
    assert cli("purge") == (0, "deleted 0 expired room(s)\n", "")


def test_text_output_names_the_room_and_its_members(cli: Cli, model: Model) -> None:
    code, out, _ = cli("create", "--name", "Acme")
    assert code == 0 and "facilitator link" in out and "join link" in out
    lines = dict(line.split(": ", 1) for line in out.splitlines()[1:])
    facilitator = next(v for k, v in lines.items() if k.startswith("facilitator link"))
    join = next(v for k, v in lines.items() if k.startswith("join link"))
    for number, link in enumerate(team_links(model, ("A", "B", "C"))):
        code, out, _ = cli("submit", join, link, "--name", f"Person {number}")
        assert code == 0 and out.startswith("added result ")
    code, out, _ = cli("show", facilitator)
    assert code == 0
    assert "Acme · open · expires " in out and "3 result(s)" in out
    assert "Person 0" in out and "Person 2" in out
    assert "Your team does not agree on" in out


BAD_INPUT = [
    (("show", "JOIN"), "needs its facilitator link"),
    (("remove", "JOIN", "x"), "needs its facilitator link"),
    (("close", "JOIN"), "needs its facilitator link"),
    (("reopen", "JOIN"), "needs its facilitator link"),
    (("show", "PRESENT"), "presenter link"),
    (("show", "SHORT", "--csv"), "needs its facilitator link"),
    (("delete", "JOIN"), "needs its facilitator link"),
    (("submit", "MANAGE", "LINK"), "join link"),
    (("show", "MANAGE_CUT"), NO_ROOM),
    (("show", "OTHER_KEY"), NO_ROOM),
    (("show", "?room=nothing"), NO_ROOM),
    (("submit", "JOIN", "LINK_CUT"), "This results link is damaged"),
    (("submit", "JOIN", "LINK", "--name", "x" * 61), "at most 60"),
    (("create", "--name", "x" * 61), "at most 60"),
    (("create", "--name", "Acme", "--target", "guru"), "no target level 'guru'"),
    (("create", "--name", "Acme", "--days", "0"), "1 to 365 days"),
    (("create", "--name", "Acme", "--days", "many"), "invalid int value"),
    (("create",), "--name"),
    (("explode",), "invalid choice"),
]


def test_bad_input_exits_2_with_one_line(cli: Cli, model: Model) -> None:
    created = cli.json("create", "--name", "Acme")
    other = cli.json("create", "--name", "Other")
    link = encode(model, LinkData(answers_at(model, 0.5)))
    words = {
        "JOIN": created["join_link"],
        "MANAGE": created["facilitator_link"],
        "PRESENT": created["presenter_link"],
        "SHORT": created["short_join_link"],
        "MANAGE_CUT": created["facilitator_link"][:-4],
        "OTHER_KEY": created["facilitator_link"][:-43] + other["facilitator_link"][-43:],
        "LINK": link,
        "LINK_CUT": link[:-3],
    }
    for args, text in BAD_INPUT:
        assert_one_line_error(cli(*(words.get(arg, arg) for arg in args)), 2, text)
    shown = cli.json("show", created["facilitator_link"])
    assert (shown["members"], shown["closed"]) == ([], False)  # none of it changed the room


def test_an_unreachable_database_exits_1_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ROOMS_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:9/rooms")
    assert_one_line_error(Cli(capsys)("create", "--name", "Acme"), 1, "cannot be reached")
    assert_one_line_error(Cli(capsys)("purge"), 1, "cannot be reached")


def test_python_m_rooms_honours_rooms_database_url(rooms_url: str, model: Model) -> None:
    env = {**os.environ, "ROOMS_DATABASE_URL": rooms_url}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "rooms", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )

    made = run("create", "--name", "From a shell", "--json")
    assert made.returncode == 0, made.stderr
    created = json.loads(made.stdout)
    link = encode(model, LinkData(answers_at(model, 0.5)))
    sent = run("submit", created["join_link"], link, "--json")
    assert sent.returncode == 0, sent.stderr
    shown = run("show", created["join_link"])
    assert (shown.returncode, shown.stdout) == (2, "")
    assert shown.stderr.count("\n") == 1 and "facilitator link" in shown.stderr
    # what the shell made is in the database the variable names
    store = Store(model, rooms_url)
    try:
        room = store.room(parse_room_link(created["facilitator_link"]))
    finally:
        store.dispose()
    assert room.name == "From a shell"
    assert [m.submission for m in room.members] == [json.loads(sent.stdout)["submission"]]

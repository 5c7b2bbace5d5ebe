"""Issue 23 on names: every place one is shown goes through :func:`assessment.names.display_name`;
no control character reaches a terminal, no link reaches a page notice, no bidirectional control
the PDF; names of invisible characters only are refused, and a CSV cell never starts a formula."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from assessment.link import LinkData, encode, score_link
from assessment.model import Model
from assessment.names import BIDI_CONTROLS, display_name, has_visible
from reports.as_pdf import to_pdf
from reports.fonts import find_fonts
from rooms.cli import main as rooms_cli
from rooms.errors import BadInput
from rooms.report import csv_cell, room_to_csv
from rooms.rules import clean_name
from rooms.store import Store
from tests.profiles import answers_at
from tests.support.pdf import run as run_tool
from tests.support.pdf import tool
from tests.test_app import run

ROOT = Path(__file__).resolve().parent.parent
TERMINAL = "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07\x00\x1b[2J\x9b31m\x07"  # OSC 8 link, NUL, CSI, C1 CSI
CONTROL_BYTES = [chr(code) for code in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))]


def results_link(model: Model, name: str) -> str:
    return encode(model, LinkData(answers_at(model, 0.5), name, None, date(2026, 11, 2)))


# --- the one rule ------------------------------------------------------------------------------


def test_display_name_drops_control_characters_and_shows_white_space_ones_as_spaces() -> None:
    assert display_name(f"Acme{TERMINAL} Co") == "Acme]8;;https://evil.exampleclick]8;;[2J31m Co"
    assert display_name("Acme\tCo\nLtd") == "Acme Co Ltd"
    assert display_name("Acme\ud800") == "Acme"  # a lone surrogate cannot even be printed
    assert display_name("Ünïcode 👩‍👩‍👧 عربي \u200b") == "Ünïcode 👩‍👩‍👧 عربي \u200b"  # everything visible stays


# --- 10. the command lines print no control character ------------------------------------------


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_decode_prints_no_control_character_from_a_links_name(model: Model, as_json: bool) -> None:
    link = results_link(model, f"Acme{TERMINAL}")
    command = [sys.executable, "-m", "assessment", "decode", link, *(["--json"] if as_json else [])]
    out = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60, check=True).stdout
    assert not [char for char in out if char in CONTROL_BYTES], repr(out[:200])
    assert "Acme" in out
    if as_json:
        assert json.loads(out)["name"] == display_name(f"Acme{TERMINAL}")


def test_rooms_show_prints_no_control_character_from_a_stored_name(
    model: Model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    store = Store(model, url)
    created = store.create("Room")
    store.submit(created.join, results_link(model, "Acme"), "Ann")
    store.dispose()
    engine = sa.create_engine(url)  # names written by something else than the store (an older app, a hand)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE rooms SET name = :n"), {"n": f"Room{TERMINAL}"})
        connection.execute(sa.text("UPDATE submissions SET name = :n"), {"n": f"Ann{TERMINAL}"})
    engine.dispose()
    monkeypatch.setenv("ROOMS_DATABASE_URL", url)
    for command in (["show", created.facilitator.query], ["show", created.facilitator.query, "--json"]):
        assert rooms_cli(command) == 0
        out = capsys.readouterr().out
        assert not [char for char in out if char in CONTROL_BYTES], repr(out[:200])
        assert "Room" in out and "Ann" in out


# --- 6. a page notice shows a name, not a link ---------------------------------------------------


def test_removing_a_result_shows_its_name_as_text_not_a_link(
    model: Model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    monkeypatch.setenv("ROOMS_DATABASE_URL", url)
    store = Store(model, url)
    created = store.create("Workshop")
    store.submit(created.join, results_link(model, "Acme"), "[Open the team report](https://evil.example/x)")
    (member,) = store.room(created.facilitator).members
    at = run(created.facilitator.params)
    at.selectbox(key="room_remove").set_value(member.submission)
    at.button(key="room_remove_button").click().run()
    store.dispose()
    (notice,) = at.success
    assert "Removed result 1." in notice.value.replace("\\", "")
    assert "\\[Open the team report\\]" in notice.value  # shown as text
    assert "[Open the team report](" not in notice.value  # issue 23: a live link


# --- 7. the PDF's text and metadata hold no bidirectional control -------------------------------


def test_the_pdf_text_and_title_hold_no_bidirectional_control(model: Model, tmp_path: Path) -> None:
    name = "Acme \u202eerocs\u202c \u2067x\u2069 \u200fy\u200e\u061c"  # Latin only: poppler marks RTL text itself
    data = LinkData(answers_at(model, 0.5), name, None, date(2026, 11, 2))
    path = tmp_path / "report.pdf"
    path.write_bytes(
        to_pdf(model, score_link(model, data), data, "https://x.example/" + encode(model, data), find_fonts())
    )
    text = run_tool(tool("pdftotext"), str(path), "-")
    info = run_tool(tool("pdfinfo"), str(path))
    title = next(line for line in info.splitlines() if line.startswith("Title:"))
    assert "Acme erocs" in text and "Acme erocs" in title
    assert not set(text) & set(BIDI_CONTROLS) and not set(title) & set(BIDI_CONTROLS)


# --- 9. names of invisible characters only; CSV cells that start a formula ----------------------


@pytest.mark.parametrize("name", ["\u200b", "\u200b\ufeff\u2060", "\u3164", "\u2800\u2800", "\u034f", "\u0301"])
def test_a_name_made_of_invisible_characters_only_is_refused(name: str) -> None:
    assert not has_visible(name)
    with pytest.raises(BadInput, match="invisible"):
        clean_name(name, "Your display name")
    assert clean_name(f"{name}Ann", "Your display name")  # beside a visible one, they may stay


def test_the_page_explains_a_room_name_of_invisible_characters(
    model: Model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROOMS_DATABASE_URL", f"sqlite:///{tmp_path / 'rooms.sqlite3'}")
    at = run({"view": "new-room"})
    at.text_input(key="new_room_name").input("\u200b\u200b\u200b")
    at.button(key="create_room").click().run()
    assert "invisible characters only" in at.error[0].value
    assert at.text_input(key="new_room_name").value == "\u200b\u200b\u200b"  # kept, to be fixed


@pytest.mark.parametrize(
    "cell",
    ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "＋1", "－1", "＠SUM(A1)", "\ufeff=1+1",
     "\u200b=1+1", "\u2060\u200b\ufeff=1", " =1+1", "\u3000=1", "\u00a0=1", "\n=1", "\u2028=1"],
)  # fmt: skip
def test_a_cell_that_starts_a_formula_after_any_invisible_prefix_is_kept_as_text(cell: str) -> None:
    assert csv_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Ann", "Ann=1", "1+1", "€5", "日本"])
def test_other_cells_are_left_as_they_are(cell: str) -> None:
    assert csv_cell(cell) == cell


def test_the_rooms_csv_escapes_a_full_width_formula_in_a_name(model: Model, tmp_path: Path) -> None:
    store = Store(model, f"sqlite:///{tmp_path / 'rooms.sqlite3'}")
    created = store.create("Room")
    store.submit(created.join, results_link(model, "Acme"), '＝HYPERLINK("https://evil.example")')
    csv_text = room_to_csv(model, store.room(created.facilitator))
    store.dispose()
    assert "'＝HYPERLINK" in csv_text

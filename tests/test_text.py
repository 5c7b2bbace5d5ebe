"""The page's text helpers: escaping and the markdown table the results page draws."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import strategies
from tests.support.markdown import read_markdown_table
from ui.text import markdown_table, md_escape


def test_table_layout() -> None:
    table = markdown_table(("Dimension", "Score"), [("Goals", 62), ("Budget & people", 7)], right={"Score"})
    assert table.splitlines() == [
        "| Dimension | Score |",
        "| --- | ---: |",
        "| Goals | 62 |",
        r"| Budget \& people | 7 |",
    ]


def test_small_table_wraps_every_cell_but_not_the_rule() -> None:
    table = markdown_table(("A", "B"), [("x", 1)], small=True)
    assert table.splitlines() == ["| :small[A] | :small[B] |", "| --- | --- |", "| :small[x] | :small[1] |"]


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("a | b", "a | b"),  # a pipe stays inside its cell
        ("ends with \\", "ends with \\"),  # a trailing backslash does not escape the next pipe
        ("two\nlines", "two lines"),  # a newline would end the row
        ("[link](http://x)", "[link](http://x)"),
        (":red[colour] $x$", ":red[colour] $x$"),
    ],
)
def test_cells_render_literally_and_keep_their_column(cell: str, shown: str) -> None:
    header, rule, row = read_markdown_table(markdown_table(("Name", "Score"), [(cell, 1)]))
    assert header == ["Name", "Score"] and rule == ["---", "---"]
    assert row == [shown, "1"]


@given(
    header=st.lists(st.text(min_size=1), min_size=1, max_size=4),
    rows=st.lists(st.lists(st.text() | strategies.names, min_size=4, max_size=4), max_size=4),
    small=st.booleans(),
)
def test_any_text_reads_back_cell_for_cell(header: list[str], rows: list[list[str]], small: bool) -> None:
    rows = [row[: len(header)] for row in rows]
    lines = read_markdown_table(markdown_table(header, rows, right=header[:1], small=small))
    assert len(lines) == 2 + len(rows)
    assert lines[0] == [" ".join(h.split()) for h in header]
    assert lines[1] == ["---:" if name == header[0] else "---" for name in header]
    assert lines[2:] == [[" ".join(c.split()) for c in row] for row in rows]


def test_md_escape_collapses_whitespace_and_escapes_punctuation() -> None:
    assert md_escape("  *Acme*\n\tLtd ") == r"\*Acme\* Ltd"


# remark-gfm's autolink literals, as Streamlit's markdown finds them: in each run of text *after*
# escapes are undone (so backslashes alone never stopped them).
GFM_AUTOLINKS = re.compile(r"(https?://|www(?=\.))([-.\w]+)|(?<![^\s\W])([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.I)


@pytest.mark.parametrize(
    "text",
    [
        "Acme https://evil.example/login",
        "www.evil.example",
        "write to me@evil.example",
        "HTTP://X.example and HtTpS://y.example",
        "mailto:a@b.example",
        "http://http://twice.example",
    ],
)
def test_md_escape_leaves_no_web_or_mail_address_whole_in_any_run_of_text(text: str) -> None:
    runs = [re.sub(r"\\(.)", r"\1", run) for run in md_escape(text).split(":small[]")]
    assert [run for run in runs if GFM_AUTOLINKS.search(run)] == []
    assert "".join(runs) == text  # the same characters, in the same order

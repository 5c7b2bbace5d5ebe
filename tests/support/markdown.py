"""Reading the app's markdown back, written apart from ``ui.text`` so that its tests can fail."""

from __future__ import annotations

import re

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_SMALL = re.compile(r"^:small\[(.*)\]$")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def read_markdown_table(source: str) -> list[list[str]]:
    """The cells of a markdown table, line by line (the alignment row too), as the reader sees them.

    Cells are split at unescaped pipes, the empty ``:small[]`` that keeps an address from
    becoming a link is dropped, a ``:small[...]`` wrapper is taken off, and backslash escapes
    are undone. Written apart from ``ui.text.markdown_table``, to check it.
    """
    lines = []
    for line in source.splitlines():
        cells = [cell.strip() for cell in _UNESCAPED_PIPE.split(line.strip())]
        if cells[0] or cells[-1]:
            raise ValueError(f"not a table row: {line!r}")
        lines.append([_ESCAPE.sub(r"\1", _SMALL.sub(r"\1", cell.replace(":small[]", ""))) for cell in cells[1:-1]])
    return lines

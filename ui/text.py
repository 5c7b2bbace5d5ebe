"""Turning untrusted or numeric values into text that is safe and readable on the page."""

from __future__ import annotations

import math
import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of
# them also defuses Streamlit's own markdown extensions (":red[...]", "$math$", ":emoji:").
_MARKDOWN_SPECIALS = re.compile(r"([!-/:-@\[-`{-~])")


def md_escape(text: str) -> str:
    """``text`` as markdown that renders literally: no links, images, HTML or formatting."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(text.split()))


def display_gap(gap: float) -> int:
    """A gap in whole points, rounded up so it matches the rounded-down score shown beside it."""
    return max(0, math.ceil(gap - 1e-9))

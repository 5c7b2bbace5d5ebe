"""How the radar looks, in the app and every report: its colours and dash patterns.

The app's theme colour in ``.streamlit/config.toml`` is :data:`CURRENT_COLOR` (a test keeps
them equal).
"""

from __future__ import annotations

from collections.abc import Sequence

CURRENT_COLOR = "#0f766e"  # your profile; also the app's theme colour
TARGET_COLOR = "#c2410c"  # the target level
GRID_COLOR = "#9aa9a6"  # level rings and spokes
LABEL_COLOR = "#1b1f1e"  # axis labels
TICK_COLOR = "#555"  # ring values
TARGET_DASH = (6, 4)  # the target's outline: dashed, so it differs from yours without colour
# The team radar: the mean in CURRENT_COLOR, filled; the lowest and highest outlined in these
# colours and dashes (two of the series colours below), so the three differ without colour too.
TEAM_LOW: tuple[str, tuple[int, ...]] = ("#CC6677", (6, 3))
TEAM_HIGH: tuple[str, tuple[int, ...]] = ("#332288", (2, 2))
# Colours for up to ten profiles on one radar: Paul Tol's colour-blind-safe "muted" scheme,
# with dark grey as the tenth. Each is paired with a dash pattern, so print in black and
# white still tells them apart.
SERIES_COLORS = (
    "#332288",
    "#CC6677",
    "#117733",
    "#DDCC77",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
    "#555555",
)
SERIES_DASHES: tuple[tuple[int, ...], ...] = ((), (6, 3), (2, 2), (8, 3, 2, 3), (4, 4))


def series_style(index: int) -> tuple[str, tuple[int, ...]]:
    """The colour and dash pattern (empty: solid) of profile ``index`` on a shared radar."""
    return SERIES_COLORS[index % len(SERIES_COLORS)], SERIES_DASHES[index % len(SERIES_DASHES)]


def svg_dash(pattern: Sequence[int]) -> str:
    """A dash pattern as an SVG ``stroke-dasharray`` value ("" for solid)."""
    return " ".join(str(n) for n in pattern)

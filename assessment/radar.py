"""Pure geometry of the radar chart, shared by the HTML report and the app.

Coordinates are screen coordinates, as SVG uses them: ``x`` grows to the right and ``y``
grows *downwards*, around a centre that defaults to ``(0, 0)``. The first axis points
straight up and the others follow clockwise. A chart whose ``y`` grows upwards (such as
Vega-Lite with a plain linear scale) negates ``y``.

A score of 0–100 becomes a distance from the centre: 0 at the centre, 100 at ``radius``;
scores outside 0–100 are clamped so a polygon never leaves the chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .model import Model

Point = tuple[float, float]
Align = Literal["left", "center", "right"]
Baseline = Literal["top", "middle", "bottom"]
MAX_SCORE = 100.0
CENTRE: Point = (0.0, 0.0)
# Within this much of the vertical (as the sine / cosine of the angle), a label is centred.
CENTRED_WITHIN = 0.2
MIDDLE_WITHIN = 0.5
# Colours for up to ten profiles on one radar: Paul Tol's colour-blind-safe "muted" scheme,
# with dark grey as the tenth. Pair each with :data:`SERIES_DASHES` so print in black and
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
SERIES_DASHES = ("", "6 3", "2 2", "8 3 2 3", "4 4")


@dataclass(frozen=True)
class LabelAnchor:
    """Where an axis label goes and how its text lines up against that point."""

    index: int
    x: float
    y: float
    align: Align
    baseline: Baseline

    @property
    def svg_anchor(self) -> str:
        """The SVG ``text-anchor`` value for :attr:`align`."""
        return {"left": "start", "center": "middle", "right": "end"}[self.align]

    @property
    def svg_baseline(self) -> str:
        """The SVG ``dominant-baseline`` value for :attr:`baseline`."""
        return {"top": "hanging", "middle": "central", "bottom": "alphabetic"}[self.baseline]


def axis_angle(index: int, count: int) -> float:
    """The angle of axis ``index`` of ``count``, in radians clockwise from straight up."""
    if count < 1:
        raise ValueError("a radar needs at least one axis")
    return 2 * math.pi * (index % count) / count


def point(angle: float, distance: float, centre: Point = CENTRE) -> Point:
    """The point ``distance`` from ``centre`` at ``angle`` (radians clockwise from up), y down."""
    return centre[0] + distance * math.sin(angle), centre[1] - distance * math.cos(angle)


def distance(score: float, radius: float) -> float:
    """How far from the centre a score of 0–100 sits (clamped to 0–100)."""
    return max(0.0, min(MAX_SCORE, score)) / MAX_SCORE * radius


def polygon(scores: Sequence[float], radius: float, centre: Point = CENTRE) -> list[Point]:
    """The profile polygon: one vertex per score, on its axis, in axis order (not closed)."""
    count = len(scores)
    return [point(axis_angle(i, count), distance(s, radius), centre) for i, s in enumerate(scores)]


def ring(score: float, count: int, radius: float, centre: Point = CENTRE) -> list[Point]:
    """A grid ring: the polygon with every one of ``count`` axes at ``score``."""
    return polygon([score] * count, radius, centre)


def rings(scores: Sequence[float], count: int, radius: float, centre: Point = CENTRE) -> list[list[Point]]:
    """One grid ring per score, in the order given."""
    return [ring(s, count, radius, centre) for s in scores]


def level_boundaries(model: Model) -> tuple[float, ...]:
    """Where the levels end (20, 40, 60, 80, 100 for the shipped content), lowest first."""
    return tuple(level.max_score for level in model.levels)


def spokes(count: int, radius: float, centre: Point = CENTRE) -> list[tuple[Point, Point]]:
    """One line per axis, from the centre out to ``radius``."""
    return [(centre, point(axis_angle(i, count), radius, centre)) for i in range(count)]


def placement(angle: float) -> tuple[Align, Baseline]:
    """How a label at ``angle`` lines up: centred near the vertical, else away from the chart."""
    across, up = math.sin(angle), math.cos(angle)
    align: Align = "center" if abs(across) < CENTRED_WITHIN else "left" if across > 0 else "right"
    baseline: Baseline = "bottom" if up > MIDDLE_WITHIN else "top" if up < -MIDDLE_WITHIN else "middle"
    return align, baseline


def label_anchors(count: int, radius: float, gap: float = 8.0, centre: Point = CENTRE) -> list[LabelAnchor]:
    """One label anchor per axis, ``gap`` beyond ``radius``, with its text alignment."""
    anchors = []
    for index in range(count):
        angle = axis_angle(index, count)
        x, y = point(angle, radius + gap, centre)
        align, baseline = placement(angle)
        anchors.append(LabelAnchor(index, x, y, align, baseline))
    return anchors


def wrap(label: str, width: int = 9) -> list[str]:
    """A label on one line, or on two split at the space nearest its middle when longer than ``width``."""
    if len(label) <= width or " " not in label:
        return [label]
    spaces = [i for i, char in enumerate(label) if char == " "]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return [label[:cut], label[cut + 1 :]]


def series_style(index: int) -> tuple[str, str]:
    """The colour and SVG dash pattern ("" for solid) of profile ``index`` on a shared radar."""
    return SERIES_COLORS[index % len(SERIES_COLORS)], SERIES_DASHES[index % len(SERIES_DASHES)]


def svg_points(points: Sequence[Point]) -> str:
    """Points as an SVG ``points`` attribute value, two decimals each."""
    return " ".join(f"{x:.2f},{y:.2f}" for x, y in points)

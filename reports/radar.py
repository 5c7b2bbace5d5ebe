"""The radar's geometry: where its axes, rings, polygons and labels go, for every renderer.

Pure: no I/O, no drawing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from assessment.rounding import shown_score

if TYPE_CHECKING:
    from assessment.model import Level

_NOISE = 1e-9

# --- Radar geometry ---------------------------------------------------------------------------
# Screen coordinates, as SVG uses them: x grows to the right and y grows downwards, around a
# centre that defaults to (0, 0). The first axis points straight up, the others follow
# clockwise. A chart whose y grows upwards (Vega-Lite with a plain linear scale) negates y.

Point = tuple[float, float]
Align = Literal["left", "center", "right"]
Baseline = Literal["top", "middle", "bottom"]
MAX_SCORE = 100.0
CENTRE: Point = (0.0, 0.0)
# Within this much of the vertical (as the sine of the angle) a label is centred across;
# within this much of the horizontal (as the cosine) it is centred up and down.
CENTRED_WITHIN = 0.2
MIDDLE_WITHIN = 0.5


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
    """How far from the centre a score of 0–100 sits: 0 at the centre, 100 at ``radius``;
    scores outside 0–100 are clamped so a polygon never leaves the chart."""
    return max(0.0, min(MAX_SCORE, score)) / MAX_SCORE * radius


def polygon(scores: Sequence[float | None], radius: float, centre: Point = CENTRE) -> list[Point]:
    """The profile polygon: the :func:`vertices` there are, in axis order (not closed). An axis
    without a score has no vertex: the polygon joins its neighbours, never dips to 0."""
    return [p for p in vertices(scores, radius, centre) if p is not None]


def ring(score: float, count: int, radius: float, centre: Point = CENTRE) -> list[Point]:
    """A grid ring: the polygon with every one of ``count`` axes at ``score``."""
    return polygon([score] * count, radius, centre)


def level_boundaries(levels: Sequence[Level]) -> tuple[float, ...]:
    """Where the levels end (20, 40, 60, 80, 100 for the shipped content), lowest first: the rings."""
    return tuple(level.max_score for level in levels)


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


def vertices(scores: Sequence[float | None], radius: float, centre: Point = CENTRE) -> list[Point | None]:
    """Each dimension's point on its axis, or None for a dimension
    without a score: a profile's outline joins the points there are, and every axis keeps its
    label (with :data:`NO_SCORE` for its score)."""
    count = len(scores)
    return [
        None if s is None else point(axis_angle(i, count), distance(s, radius), centre) for i, s in enumerate(scores)
    ]


# Axis labels are the dimensions' full names, wrapped, with the score on a line of its own
# under the name, so every score reads without hovering.
LABEL_WIDTH = 13  # characters per line of an axis label
WIDEST_SCORE = "100"  # the widest score line: layouts reserve room for it, whatever the scores


def wrap(label: str, width: int = LABEL_WIDTH) -> list[str]:
    """A label in lines of at most ``width`` characters, filled word by word and broken at spaces;
    a word longer than ``width`` keeps a line of its own (never cut, never abbreviated)."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def axis_label(name: str, score: float | None) -> list[str]:
    """An axis label's lines: the dimension's name (:func:`wrap`), then its score (:func:`shown_score`)."""
    return [*wrap(name), shown_score(score)]


def line_offsets(baseline: Baseline, count: int, line_height: float) -> list[float]:
    """Where each of a label's ``count`` lines sits: the vertical offset (y down) of the line's
    middle from the label's anchor. A label above the chart ("bottom") ends at its anchor, one
    below it ("top") starts there, one beside it is centred on it."""
    if baseline == "bottom":
        return [-(count - i - 0.5) * line_height for i in range(count)]
    if baseline == "top":
        return [(i + 0.5) * line_height for i in range(count)]
    return [(i - (count - 1) / 2) * line_height for i in range(count)]


@dataclass(frozen=True)
class LabelReach:
    """How far one axis's label reaches from its anchor, given the label's width and height."""

    sine: float  # the axis's direction: across (right is positive) ...
    cosine: float  # ... and up (up is positive)
    side: float  # across, away from the chart: the whole width, or half of it for a centred label
    above: float  # above the anchor
    below: float  # below the anchor


def label_reach(boxes: Sequence[tuple[float, float]]) -> list[LabelReach]:
    """For each axis, from its label's (width, height) in the chart's units: how far the label
    reaches past its anchor (see :func:`placement` for how it lines up)."""
    reaches = []
    for index, (width, height) in enumerate(boxes):
        angle = axis_angle(index, len(boxes))
        align, baseline = placement(angle)
        above = {"bottom": height, "middle": height / 2, "top": 0.0}[baseline]
        side = width / 2 if align == "center" else width
        reaches.append(LabelReach(math.sin(angle), math.cos(angle), side, above, height - above))
    return reaches


def fitting_radius(half_width: float, reaches: Sequence[LabelReach], gap: float) -> float:
    """The largest radius at which every axis label, ``gap`` beyond the outer ring, stays within
    ``half_width`` of the centre: for each axis that leans sideways, (half_width − side) / |sine|
    − gap; ``half_width`` itself when no axis does."""
    bounds = [(half_width - r.side) / abs(r.sine) - gap for r in reaches if abs(r.sine) > _NOISE]
    return min(bounds, default=half_width)


def reach_above(radius: float, reaches: Sequence[LabelReach], gap: float) -> float:
    """How far the radar reaches above its centre: the outer ring, or the top of the highest
    label, (radius + gap) · cosine + above."""
    return max([radius, *((radius + gap) * r.cosine + r.above for r in reaches)])


def reach_below(radius: float, reaches: Sequence[LabelReach], gap: float) -> float:
    """How far the radar reaches below its centre: the outer ring, or the bottom of the lowest
    label, (radius + gap) · −cosine + below."""
    return max([radius, *((radius + gap) * -r.cosine + r.below for r in reaches)])


def svg_points(points: Sequence[Point]) -> str:
    """Points as an SVG ``points`` attribute value, two decimals each."""
    return " ".join(f"{x:.2f},{y:.2f}" for x, y in points)

"""The radar's geometry, once for every renderer: where its spokes, rings, polygons and labels go.

:func:`radar` takes the axes' names, the series of scores (one polygon each), the rings and
the renderer's :class:`TextMetrics`, and returns a :class:`Radar`: the spokes, each ring with
the place of its value, each axis label's anchor, alignment, lines and reach, and each
series' polygon. Three renderers draw it and nothing else: the page's chart
(``ui/radar.py``, Vega-Lite), the HTML report's SVG (:mod:`reports.as_html`) and the PDF's
vector paths (:mod:`reports.as_pdf`).

Coordinates are the screen's, as SVG uses them: x grows to the right and y downwards, around
``centre``. The first axis points straight up, the others follow clockwise. A renderer that
knows its size sizes the radar first, from the labels' reaches (:func:`label_reaches`,
:func:`fitting_radius`, :func:`reach_above`, :func:`reach_below`), then asks for it at that
radius and centre. One that learns its size only when it draws (Vega, from the column's
width) takes the radar at radius 1 around (0, 0) and scales it there.

Axis labels are the dimensions' full names, wrapped (:func:`wrap`), with the score on a line
of its own under the name, so every score reads without hovering.

Pure: no I/O, no drawing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from assessment.model import Level

Point = tuple[float, float]
Align = Literal["left", "center", "right"]
Baseline = Literal["top", "middle", "bottom"]
MAX_SCORE = 100.0
CENTRE: Point = (0.0, 0.0)
# Within this much of the vertical (as the sine of the angle) a label is centred across;
# within this much of the horizontal (as the cosine) it is centred up and down.
CENTRED_WITHIN = 0.2
MIDDLE_WITHIN = 0.5
UPRIGHT = 1e-9  # an axis whose sine is smaller than this points straight up or down
LABEL_WIDTH = 13  # characters per line of an axis label
WIDEST_SCORE = "100"  # the widest score line: layouts reserve room for it, whatever the scores


# --- What a renderer gives, and what it gets ---------------------------------------------------


@dataclass(frozen=True)
class TextMetrics:
    """How a renderer sets the axis labels, in its own units (px, mm...)."""

    line_height: float
    gap: float  # between the outer ring and a label's anchor
    width: Callable[[str, bool], float]  # a line's width; True for the score line (the reports set it bold)


def character_widths(char_width: float) -> Callable[[str, bool], float]:
    """A line's width as its number of characters times a generous ``char_width`` (a renderer that
    cannot measure its text: the browser sets the page's, and a reader's viewer the HTML report's)."""
    return lambda line, _score: len(line) * char_width


@dataclass(frozen=True)
class LabelReach:
    """How far one axis's label reaches from its anchor, given the label's width and height."""

    sine: float  # the axis's direction: across (right is positive) ...
    cosine: float  # ... and up (up is positive)
    side: float  # across, away from the chart: the whole width, or half of it for a centred label
    above: float  # above the anchor
    below: float  # below the anchor


@dataclass(frozen=True)
class LabelLine:
    """One line of an axis label."""

    text: str
    dy: float  # the line's middle below the label's anchor (negative: above it)
    score: bool  # the score line under the name


@dataclass(frozen=True)
class AxisLabel:
    """An axis's label: where it is anchored and how its lines line up against the anchor."""

    direction: Point  # the axis's direction, at unit length (y down)
    anchor: Point  # on the axis, the metrics' gap beyond the outer ring
    align: Align  # the lines' side against the anchor: left, centred or right
    baseline: Baseline  # the label's side against the anchor: below it (top), centred, above it (bottom)
    lines: tuple[LabelLine, ...]
    reach: LabelReach


@dataclass(frozen=True)
class Ring:
    """A grid ring: the polygon with every axis at ``score``, and where its value is written."""

    score: float
    points: tuple[Point, ...]  # one per axis, in axis order
    value_at: Point  # between the last axis and the first


@dataclass(frozen=True)
class Radar:
    """Everything a renderer draws, in its units, around ``centre``."""

    radius: float
    centre: Point
    spokes: tuple[tuple[Point, Point], ...]  # one per axis: from the centre to the outer ring
    rings: tuple[Ring, ...]
    labels: tuple[AxisLabel, ...]  # one per axis
    polygons: tuple[tuple[Point | None, ...], ...]  # one per series: each axis's vertex, None without a score

    @property
    def reaches(self) -> list[LabelReach]:
        """Each axis label's reach, in axis order."""
        return [label.reach for label in self.labels]


def radar(
    names: Sequence[str],
    series: Sequence[Sequence[float | None]],
    rings: Sequence[float],
    metrics: TextMetrics,
    *,
    score_lines: Sequence[str] = (),
    radius: float = 1.0,
    centre: Point = CENTRE,
) -> Radar:
    """The radar with one axis per name, one polygon per series of scores (0–100, one per axis;
    None: no score, so no vertex) and one ring per score in ``rings``, at ``radius`` around
    ``centre``. Each axis is labelled with its name's lines (:func:`wrap`) and, when
    ``score_lines`` are given (one per axis), that line under them."""
    count = len(names)
    if count < 1:
        raise ValueError("a radar needs at least one axis")
    angles = [axis_angle(index, count) for index in range(count)]
    texts = label_texts(names, score_lines)
    reaches = label_reaches(names, metrics, score_lines)
    labels = []
    for angle, lines, reach in zip(angles, texts, reaches, strict=True):
        align, baseline = placement(angle)
        offsets = line_offsets(baseline, len(lines), metrics.line_height)
        labelled = tuple(
            LabelLine(text, dy, score=bool(score_lines) and number == len(lines) - 1)
            for number, (text, dy) in enumerate(zip(lines, offsets, strict=True))
        )
        anchor = point(angle, radius + metrics.gap, centre)
        labels.append(AxisLabel(point(angle, 1.0), anchor, align, baseline, labelled, reach))
    return Radar(
        radius=radius,
        centre=centre,
        spokes=tuple((centre, point(angle, radius, centre)) for angle in angles),
        rings=tuple(
            Ring(
                score,
                tuple(point(angle, distance(score, radius), centre) for angle in angles),
                point(-math.pi / count, distance(score, radius), centre),
            )
            for score in rings
        ),
        labels=tuple(labels),
        polygons=tuple(tuple(vertices(scores, radius, centre)) for scores in series),
    )


# --- Angles and distances ----------------------------------------------------------------------


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


def vertices(scores: Sequence[float | None], radius: float, centre: Point = CENTRE) -> list[Point | None]:
    """Each axis's point for its score, or None for an axis without a score: a polygon joins
    the points there are (:func:`outline`), and every axis keeps its label."""
    count = len(scores)
    return [
        None if s is None else point(axis_angle(i, count), distance(s, radius), centre) for i, s in enumerate(scores)
    ]


def outline(polygon: Sequence[Point | None]) -> list[Point]:
    """A polygon's corners, in axis order (not closed): its vertices without the axes that have
    no score, so the outline joins their neighbours and never dips to 0."""
    return [corner for corner in polygon if corner is not None]


def level_boundaries(levels: Sequence[Level]) -> tuple[float, ...]:
    """Where the levels end (20, 40, 60, 80, 100 for the shipped content), lowest first: the rings."""
    return tuple(level.max_score for level in levels)


# --- Labels ------------------------------------------------------------------------------------


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


def label_texts(names: Sequence[str], score_lines: Sequence[str] = ()) -> list[list[str]]:
    """Each axis label's lines: its name (:func:`wrap`), then its item of ``score_lines`` if given."""
    if score_lines and len(score_lines) != len(names):
        raise ValueError(f"{len(score_lines)} score lines for {len(names)} axes")
    return [wrap(name) + ([score_lines[i]] if score_lines else []) for i, name in enumerate(names)]


def placement(angle: float) -> tuple[Align, Baseline]:
    """How a label at ``angle`` lines up: centred near the vertical, else away from the chart."""
    across, up = math.sin(angle), math.cos(angle)
    align: Align = "center" if abs(across) < CENTRED_WITHIN else "left" if across > 0 else "right"
    baseline: Baseline = "bottom" if up > MIDDLE_WITHIN else "top" if up < -MIDDLE_WITHIN else "middle"
    return align, baseline


def line_offsets(baseline: Baseline, count: int, line_height: float) -> list[float]:
    """Where each of a label's ``count`` lines sits: the vertical offset (y down) of the line's
    middle from the label's anchor. A label above the chart ("bottom") ends at its anchor, one
    below it ("top") starts there, one beside it is centred on it."""
    if baseline == "bottom":
        return [-(count - i - 0.5) * line_height for i in range(count)]
    if baseline == "top":
        return [(i + 0.5) * line_height for i in range(count)]
    return [(i - (count - 1) / 2) * line_height for i in range(count)]


# --- Sizing ------------------------------------------------------------------------------------


def label_reaches(names: Sequence[str], metrics: TextMetrics, score_lines: Sequence[str] = ()) -> list[LabelReach]:
    """For each axis, how far its label (:func:`label_texts`, set with ``metrics``) reaches past its
    anchor (see :func:`placement` for how it lines up)."""
    reaches = []
    lines_per_axis = label_texts(names, score_lines)
    for index, lines in enumerate(lines_per_axis):
        width = max(
            metrics.width(line, bool(score_lines) and number == len(lines) - 1) for number, line in enumerate(lines)
        )
        height = len(lines) * metrics.line_height
        angle = axis_angle(index, len(lines_per_axis))
        align, baseline = placement(angle)
        above = {"bottom": height, "middle": height / 2, "top": 0.0}[baseline]
        side = width / 2 if align == "center" else width
        reaches.append(LabelReach(math.sin(angle), math.cos(angle), side, above, height - above))
    return reaches


def fitting_radius(half_width: float, reaches: Sequence[LabelReach], gap: float) -> float:
    """The largest radius at which every axis label, ``gap`` beyond the outer ring, stays within
    ``half_width`` of the centre: for each axis that leans sideways, (half_width − side) / |sine|
    − gap; ``half_width`` itself when no axis does."""
    bounds = [(half_width - r.side) / abs(r.sine) - gap for r in reaches if abs(r.sine) > UPRIGHT]
    return min(bounds, default=half_width)


def reach_above(radius: float, reaches: Sequence[LabelReach], gap: float) -> float:
    """How far the radar reaches above its centre: the outer ring, or the top of the highest
    label, (radius + gap) · cosine + above."""
    return max([radius, *((radius + gap) * r.cosine + r.above for r in reaches)])


def reach_below(radius: float, reaches: Sequence[LabelReach], gap: float) -> float:
    """How far the radar reaches below its centre: the outer ring, or the bottom of the lowest
    label, (radius + gap) · −cosine + below."""
    return max([radius, *((radius + gap) * -r.cosine + r.below for r in reaches)])

"""The radar charts, as Altair (Vega-Lite) specs: one result against its target, or several results.

Altair has no polar line mark, so every mark is placed in pixels (``scale: null``) from
:func:`reports.radar.radar`, the same geometry the HTML and PDF reports draw: the first axis
at twelve o'clock, clockwise, polygons closed with ``interpolate="linear-closed"``. The chart
takes that geometry at radius 1 (:func:`_unit`) and scales it by the radius Vega works out.

**The chart follows the width it is given.** Streamlit sets the spec's ``width`` to the
column's width (``width="stretch"``: 704 px in the centered layout, 358 px on a 390 px
phone). Vega signals turn that width into the radius at which every axis label fits
(:func:`reports.radar.fitting_radius`, written as a Vega expression by
:func:`_radius_expr`), then into the centre, as low as the labels above it need
(:func:`reports.radar.reach_above`). The view itself is one pixel
tall and ``autosize: pad`` grows the chart to hold its marks, so the height follows the
width and the radar stays round at any width, its labels at a readable size. Each row
carries its point as a fraction of the radius (``fx``, ``fy``, y down) and a calculate
transform places it.

**Labels** are the dimensions' full names, wrapped (:func:`reports.radar.wrap`), with
the score on the line under the name, so every score reads without hovering.

Building a spec with Altair costs a few hundred milliseconds, so a result's radar is a
template built once per axis names and target with only its polygons and score lines
filled in (:func:`spec_for`), and :func:`compare_spec` is cached on the plain values it
depends on. Every layer carries its rows inline, so Streamlit sends no Arrow tables for the
chart (:func:`_to_spec`). The compare view's radar shares the grid and labels
(:func:`_frame`) and draws each result in :data:`reports.style.SERIES_COLORS` with its
dash pattern.

Saving the chart: Streamlit 1.67 embeds Vega-Lite with vega-embed's own action menu off and
keeps only ``theme``, ``renderer`` and ``padding`` of a spec's ``usermeta.embedOptions``, so
that menu cannot be switched back on from the spec. Streamlit's chart toolbar (on hover or
tap) offers "Download as PNG" instead; the HTML and PDF reports carry the radar as vectors.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, Literal, NamedTuple

import altair as alt
import streamlit as st

from assessment.compare import Team
from assessment.model import Model
from assessment.rounding import shown_score
from assessment.scoring import Result
from reports import radar as geometry
from reports.radar import LabelReach
from reports.style import (
    CURRENT_COLOR,
    GRID_COLOR,
    LABEL_COLOR,
    TARGET_COLOR,
    TARGET_DASH,
    TEAM_HIGH,
    TEAM_LOW,
    TICK_COLOR,
    series_style,
)
from reports.wording import TEAM_SCORE_WIDEST, level_name, team_score_line

WIDTH = 640  # px: the spec's own width, which Streamlit replaces with the column's
FONT_PX = 13.0  # axis labels
CHAR_PX = 7.0  # generous width of one label character (Source Sans, 13 px, semi-bold)
LINE_PX = 16.0  # height of one label line
NARROW_PX = 480  # below this width (a phone) the labels are set smaller ...
NARROW_TEXT = 11 / 13  # ... at this fraction of their size (11 px), so the radar gets the room
LABEL_GAP = 8.0  # px between the outer ring and an axis label
EDGE_PX = 4.0  # px kept free at the left and right edges
MARGIN_PX = 6.0  # px kept free above and below the labels
MIN_RADIUS = 60.0  # px: the radius on the narrowest column
MAX_RADIUS = 220.0  # px: the radius once the labels have room (a 704 px column)
LABEL_TEXT = geometry.TextMetrics(LINE_PX, LABEL_GAP, geometry.character_widths(CHAR_PX))  # at full size
PROFILES = "profiles"  # the named dataset holding a result's polygon and its target's
SCORES = "scores"  # the named dataset holding the score line under each axis name
# Vega-Lite's calculate transforms place each row: its fraction of the radius (fx, fy, y down)
# around the centre, labels ``LABEL_GAP`` beyond the outer ring and ``dy`` down for their line.
_AT = {"px": "cx + datum.fx * radius", "py": "cy + datum.fy * radius"}
_LABEL_AT = {
    "px": f"cx + datum.fx * (radius + {LABEL_GAP:g})",
    "py": f"cy + datum.fy * (radius + {LABEL_GAP:g}) + datum.dy * textscale",
}
_X = alt.X("px:Q", scale=None, axis=None)
_Y = alt.Y("py:Q", scale=None, axis=None)


class Axis(NamedTuple):
    """One dimension on the radar, in plain values (a tuple, so the spec can be cached on it)."""

    name: str
    score: float | None  # None: the dimension has no score (its axis keeps its label)
    level: str


def axes_of(result: Result) -> tuple[Axis, ...]:
    """The result's axes: the dimensions it measured (a dimension without a score keeps its
    label, "–" under it, and has no vertex)."""
    return tuple(Axis(d.dimension.name, d.score, level_name(d.level)) for d in result.measured_dimensions)


def rings_of(model: Model) -> tuple[tuple[float, str], ...]:
    """One ring per level boundary (20, 40, ... 100), each with what it marks."""
    rings = []
    for level in model.levels:
        above = model.next_level(level)
        note = f"{above.name} starts at {level.max_score:g}" if above != level else f"{level.max_score:g}: the top"
        rings.append((level.max_score, note))
    return tuple(rings)


def chart_for(model: Model, result: Result) -> dict[str, Any]:
    """The radar spec for a result (see :func:`spec_for`)."""
    return spec_for(axes_of(result), result.target.name, result.target.min_score, rings_of(model))


# --- Layout ----------------------------------------------------------------------------------


class LabelLine(NamedTuple):
    """One line of an axis label: its axis's direction (fx, fy), its offset down and alignment."""

    fx: float
    fy: float
    dy: float
    align: str
    text: str


class Layout(NamedTuple):
    """Where the axis labels' lines go, and the Vega expressions that size the chart."""

    names: tuple[tuple[LabelLine, ...], ...]  # per axis, the lines of its name
    score_lines: tuple[LabelLine, ...]  # per axis, the line under its name (its text filled per result)
    radius: str  # Vega expression of ``width``
    centre_y: str  # Vega expression of ``radius``


def _radius_expr(reaches: Sequence[LabelReach]) -> str:
    """:func:`reports.radar.fitting_radius` for half the chart's width less :data:`EDGE_PX`,
    as a Vega expression, kept between :data:`MIN_RADIUS` and :data:`MAX_RADIUS`."""
    bounds = [
        f"(width / 2 - {EDGE_PX:g} - {r.side:.2f} * textscale) / {abs(r.sine):.6f} - {LABEL_GAP:g}"
        for r in reaches
        if abs(r.sine) > geometry.UPRIGHT
    ]
    fitting = f"min({', '.join(bounds)})" if bounds else f"width / 2 - {EDGE_PX:g}"
    return f"clamp({fitting}, {MIN_RADIUS:g}, {MAX_RADIUS:g})"


def _reach_expr(reaches: Sequence[LabelReach]) -> str:
    """:func:`reports.radar.reach_above` as a Vega expression of ``radius``."""
    terms = [f"(radius + {LABEL_GAP:g}) * {r.cosine:.6f} + {r.above:.2f} * textscale" for r in reaches]
    return f"max(radius, {', '.join(terms)})"


def _unit(
    names: Sequence[str],
    series: Sequence[Sequence[float | None]] = (),
    rings: Sequence[float] = (),
    score_lines: Sequence[str] = (),
) -> geometry.Radar:
    """The radar's geometry at radius 1 around (0, 0): the chart scales it by the ``radius`` signal."""
    return geometry.radar(names, series, rings, LABEL_TEXT, score_lines=score_lines)


@functools.lru_cache(maxsize=16)
def _layout(names: tuple[str, ...], with_scores: bool, widest: str = geometry.WIDEST_SCORE) -> Layout:
    """The label lines and sizing expressions for axes with these names (and a score line under each,
    with room for ``widest``)."""
    unit = _unit(names, score_lines=[widest] * len(names) if with_scores else [])
    name_lines: list[tuple[LabelLine, ...]] = []
    score_lines: list[LabelLine] = []
    for label in unit.labels:
        fx, fy = label.direction
        placed = [LabelLine(fx, fy, line.dy, label.align, line.text) for line in label.lines]
        if with_scores:
            score_lines.append(placed.pop())
        name_lines.append(tuple(placed))
    # The chart grows down to its lowest mark by itself (``autosize: pad``), so only the centre is placed.
    centre_y = f"{MARGIN_PX:g} + {_reach_expr(unit.reaches)}"
    return Layout(tuple(name_lines), tuple(score_lines), _radius_expr(unit.reaches), centre_y)


def _score_rows(layout: Layout, axes: Sequence[Axis]) -> list[dict[str, Any]]:
    """The :data:`SCORES` rows: each axis's score (:func:`assessment.rounding.shown_score`) under its name."""
    return [
        {**line._replace(text=shown_score(axis.score))._asdict(), "dimension": axis.name}
        for line, axis in zip(layout.score_lines, axes, strict=True)
    ]


def _polygon_rows(series: str, axes: Sequence[Axis], corners: Sequence[geometry.Point | None]) -> list[dict[str, Any]]:
    """One row per axis with a score: a polygon's corner (as a fraction of the radius) and its tooltip."""
    return [
        {
            "series": series,
            "order": i,
            "dimension": axis.name,
            "score": shown_score(axis.score),
            "level": axis.level,
            "fx": corner[0],
            "fy": corner[1],
        }
        for i, (axis, corner) in enumerate(zip(axes, corners, strict=True))
        if corner is not None
    ]


def _profiles(axes: tuple[Axis, ...], target_name: str, target_score: float) -> list[dict[str, Any]]:
    """The rows of the :data:`PROFILES` dataset: the result's polygon, then the target's."""
    current, target = _series(target_name)
    on_target = tuple(Axis(axis.name, target_score, target_name) for axis in axes)
    unit = _unit([axis.name for axis in axes], [[axis.score for axis in axes], [target_score] * len(axes)])
    yours, targets = unit.polygons
    return _polygon_rows(current, axes, yours) + _polygon_rows(target, on_target, targets)


# --- Chart -----------------------------------------------------------------------------------


class Frame(NamedTuple):
    """What every radar shares: its sizing, the grid and ring values, and the axis names."""

    layout: Layout
    grid: list[alt.Chart]  # rings, spokes, ring values: drawn under the profiles
    labels: list[alt.Chart]  # axis names: drawn over them


def _text(data: Any, **mark: Any) -> alt.Chart:
    """A text layer of label lines, each row carrying its own alignment (a mark property read per datum)."""
    chart: alt.Chart = (
        alt.Chart(data)
        .transform_calculate(**_LABEL_AT)
        .mark_text(
            align=alt.ExprRef("datum.align"),
            baseline="middle",
            fontSize=alt.ExprRef(f"{FONT_PX:g} * textscale"),
            tooltip=False,
            **mark,
        )
        .encode(x=_X, y=_Y, text="text:N")
    )
    return chart


@functools.lru_cache(maxsize=16)
def _frame(
    names: tuple[str, ...], rings: tuple[tuple[float, str], ...], with_scores: bool, widest: str = geometry.WIDEST_SCORE
) -> Frame:
    """The layout, grid and labels for axes with these ``names`` (``widest``: the widest score line).

    It depends on the names and rings only, not on the scores, so it is built once per model
    and shared by every chart: rebuilding it was half the cost of a results page's chart.
    """
    layout = _layout(names, with_scores, widest)
    unit = _unit(names, rings=[bound for bound, _ in rings])
    ring_rows = [
        {"ring": bound, "note": note, "order": i, "fx": fx, "fy": fy}
        for (bound, note), ring in zip(rings, unit.rings, strict=True)
        for i, (fx, fy) in enumerate(ring.points)
    ]
    spoke_rows = [{"fx": fx, "fy": fy, "fx2": fx2, "fy2": fy2} for (fx, fy), (fx2, fy2) in unit.spokes]
    tick_rows = [{"fx": ring.value_at[0], "fy": ring.value_at[1], "text": f"{ring.score:g}"} for ring in unit.rings]
    # Streamlit shows a tooltip on every mark unless told otherwise: the spokes, ring values and
    # labels carry nothing to explain, so they opt out (a spoke showed its raw coordinates).
    rings_layer = (
        alt.Chart(alt.InlineData(values=ring_rows))
        .transform_calculate(**_AT)
        .mark_line(interpolate="linear-closed", color=GRID_COLOR, strokeWidth=0.8)
        .encode(x=_X, y=_Y, detail="ring:N", order="order:Q", tooltip=alt.Tooltip("note:N", title="Level boundary"))
    )
    spokes_layer = (
        alt.Chart(alt.InlineData(values=spoke_rows))
        .transform_calculate(**_AT, px2="cx + datum.fx2 * radius", py2="cy + datum.fy2 * radius")
        .mark_rule(color=GRID_COLOR, strokeWidth=0.8, tooltip=False)
        .encode(x=_X, y=_Y, x2="px2:Q", y2="py2:Q")
    )
    ticks_layer = (
        alt.Chart(alt.InlineData(values=tick_rows))
        .transform_calculate(**_AT)
        .mark_text(align="center", baseline="middle", fontSize=10, color=TICK_COLOR, tooltip=False)
        .encode(x=_X, y=_Y, text="text:N")
    )
    name_rows = [line._asdict() for label in layout.names for line in label]
    names_layer = _text(alt.InlineData(values=name_rows), fontWeight=600, color=LABEL_COLOR)
    return Frame(layout, [rings_layer, spokes_layer, ticks_layer], [names_layer])


def _compose(frame: Frame, *layers: alt.Chart) -> alt.LayerChart:
    """The grid under the polygons and their points, the axis labels on top; sized from the width."""
    layout = frame.layout
    chart: alt.LayerChart = (
        alt.layer(*frame.grid, *layers, *frame.labels)
        .properties(width=WIDTH, height=1, autosize=alt.AutoSizeParams(type="pad"), padding=0)
        .add_params(
            alt.param(name="textscale", expr=f"width < {NARROW_PX} ? {NARROW_TEXT:.6f} : 1"),
            alt.param(name="radius", expr=layout.radius),
            alt.param(name="cx", expr="width / 2"),
            alt.param(name="cy", expr=layout.centre_y),
        )
        .configure_view(stroke=None)
    )
    return chart


def _to_spec(chart: alt.LayerChart) -> dict[str, Any]:
    """The chart's Vega-Lite spec, with every layer carrying its rows inline.

    Altair gathers every layer's rows into named top-level ``datasets``. Streamlit converts
    each named dataset to an Arrow table on every run
    and the browser decodes each one before the chart's first draw. The radar's rows are few,
    so they travel as plain JSON values in their layers instead. A layer drawing a dataset
    the spec does not hold (:data:`PROFILES` and :data:`SCORES`, filled in per result by
    :func:`spec_for`) keeps its name.
    """
    # validate=False: the spec comes from our own code and the tests check it; Altair's JSON
    # schema validation cost a quarter of a build.
    spec: dict[str, Any] = chart.to_dict(validate=False)
    datasets = spec.pop("datasets", {})
    for layer in spec["layer"]:
        name = layer.get("data", {}).get("name")
        if name in datasets:
            layer["data"] = {"values": datasets[name]}
    return spec


def fill_rows(template: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """A copy of ``template`` whose layers drawing a named dataset in ``rows`` carry its rows inline.

    Only the top level and the filled layers are new dicts: the template (cached, shared by
    every result) is never changed, and Streamlit copies a spec's top level before it edits it.
    """
    layers = []
    for layer in template["layer"]:
        name = layer.get("data", {}).get("name")
        layers.append({**layer, "data": {"values": rows[name]}} if name in rows else layer)
    return {**template, "layer": layers}


def _series(target_name: str) -> list[str]:
    return ["Your profile", f"Target: {target_name}"]


def _legend(width: float, direction: Literal["horizontal", "vertical"] = "horizontal") -> alt.Legend:
    """The legend above the radar: each series as a line in its colour and dash pattern."""
    return alt.Legend(
        title=None,
        orient="top",
        direction=direction,
        labelFontSize=13,
        labelColor=LABEL_COLOR,
        labelLimit=width,
        symbolType="stroke",
        symbolStrokeWidth=2.5,
        symbolSize=400,
    )


def build_chart(names: tuple[str, ...], target_name: str, rings: tuple[tuple[float, str], ...]) -> alt.LayerChart:
    """The radar for axes with these names, drawing its polygons from the named dataset
    :data:`PROFILES` and the scores under the names from :data:`SCORES` (both filled in by
    :func:`spec_for`). Your profile is solid with a dot on each axis, the target dashed: they
    differ without colour too."""
    frame = _frame(names, rings, True)
    series = _series(target_name)
    shapes, points = _outlines(
        alt.NamedData(name=PROFILES),
        series,
        colors=[CURRENT_COLOR, TARGET_COLOR],
        dashes=[[1, 0], list(TARGET_DASH)],
        point_tips=[
            alt.Tooltip("dimension:N", title="Dimension"),
            alt.Tooltip("score:N", title="Score"),
            alt.Tooltip("level:N", title="Level"),
        ],
    )
    scores = _text(alt.NamedData(name=SCORES), fontWeight=700, color=CURRENT_COLOR)
    return _compose(frame, shapes, points, scores)


def _outlines(
    data: Any, series: list[str], colors: list[str], dashes: list[list[float]], point_tips: list[alt.Tooltip]
) -> tuple[alt.Chart, alt.Chart]:
    """The polygons of ``series`` (the first filled and dotted on each axis, the others outlined,
    each in its colour and dash) and the first one's dots, from ``data``'s polygon rows."""
    fills = [colors[0]] + ["transparent"] * (len(series) - 1)  # the others: outlines, as in the reports
    legend = _legend(WIDTH / 2)
    shapes = (
        alt.Chart(data)
        .transform_calculate(**_AT)
        .mark_line(interpolate="linear-closed", fillOpacity=0.2, strokeWidth=2.5)
        .encode(
            x=_X,
            y=_Y,
            order="order:Q",
            color=alt.Color("series:N", scale=alt.Scale(domain=series, range=colors), legend=legend, sort=series),
            fill=alt.Fill("series:N", scale=alt.Scale(domain=series, range=fills), legend=None),
            strokeDash=alt.StrokeDash(
                "series:N", scale=alt.Scale(domain=series, range=dashes), legend=legend, sort=series
            ),
            tooltip=alt.Tooltip("series:N", title="Outline"),
        )
    )
    points = (
        alt.Chart(data)
        .transform_filter(alt.datum.series == series[0])
        .transform_calculate(**_AT)
        .mark_circle(size=48, opacity=1, color=colors[0])
        .encode(x=_X, y=_Y, tooltip=point_tips)
    )
    return shapes, points


@functools.lru_cache(maxsize=32)
def _template(names: tuple[str, ...], target_name: str, rings: tuple[tuple[float, str], ...]) -> dict[str, Any]:
    return _to_spec(build_chart(names, target_name, rings))


def spec_for(
    axes: tuple[Axis, ...], target_name: str, target_score: float, rings: tuple[tuple[float, str], ...]
) -> dict[str, Any]:
    """The chart's Vega-Lite spec for these scores and target.

    Everything but the two polygons and the score lines depends only on the axis names, the
    target's name and the rings, so that part is built once per model and target
    (:func:`_template`) and each result only fills in the :data:`PROFILES` and :data:`SCORES`
    rows: building the whole chart with Altair for every new result is slow enough for a
    shared link's first paint to wait for it. Every shared link is a new result, so the
    filled spec is not cached.
    """
    names = tuple(axis.name for axis in axes)
    template = _template(names, target_name, rings)
    layout = _layout(names, True)
    rows = {PROFILES: _profiles(axes, target_name, target_score), SCORES: _score_rows(layout, axes)}
    return fill_rows(template, rows)


# --- Several results on one radar (the compare view) -----------------------------------------


class Series(NamedTuple):
    """One compared result on the shared radar: its legend text and its axes."""

    legend: str
    axes: tuple[Axis, ...]


def series_of(legends: list[str], results: list[Result]) -> tuple[Series, ...]:
    """Plain, cacheable series; legends made unique (Vega keys colours by them)."""
    seen: set[str] = set()
    series = []
    for number, (legend, result) in enumerate(zip(legends, results, strict=True), 1):
        text = legend if legend not in seen else f"{legend} #{number}"
        seen.add(text)
        series.append(Series(text, axes_of(result)))
    return tuple(series)


def _dash(pattern: tuple[int, ...]) -> list[float]:
    """A dash pattern (empty for solid) as a Vega-Lite strokeDash array."""
    return [float(part) for part in pattern] or [1.0, 0.0]


def compare_rows(series: tuple[Series, ...]) -> list[dict[str, Any]]:
    """One row per result and axis: the polygons' points and what their tooltips say."""
    unit = _unit([axis.name for axis in series[0].axes], [[axis.score for axis in s.axes] for s in series])
    return [
        row
        for s, corners in zip(series, unit.polygons, strict=True)
        for row in _polygon_rows(s.legend, s.axes, corners)
    ]


def build_compare_chart(series: tuple[Series, ...], rings: tuple[tuple[float, str], ...]) -> alt.LayerChart:
    """Every result as its own polygon, in the colour-blind-safe series colours and dashes.

    Several scores share each axis here, so the axes carry their names only; a point's
    tooltip and the view's tables give the numbers."""
    frame = _frame(tuple(axis.name for axis in series[0].axes), rings, False)
    data = alt.InlineData(values=compare_rows(series))
    legends = [s.legend for s in series]
    styles = [series_style(i) for i in range(len(series))]
    colors = alt.Scale(domain=legends, range=[color for color, _ in styles])
    dashes = alt.Scale(domain=legends, range=[_dash(dash) for _, dash in styles])
    legend = _legend(WIDTH - 40, "vertical")
    fill_opacity = 0.18 if len(series) <= 2 else 0.1 if len(series) <= 4 else 0.05
    shapes = (
        alt.Chart(data)
        .transform_calculate(**_AT)
        .mark_line(interpolate="linear-closed", fillOpacity=fill_opacity, strokeWidth=2)
        .encode(
            x=_X,
            y=_Y,
            order="order:Q",
            color=alt.Color("series:N", scale=colors, legend=legend, sort=legends),
            fill=alt.Fill("series:N", scale=colors, legend=None, sort=legends),
            strokeDash=alt.StrokeDash("series:N", scale=dashes, legend=legend, sort=legends),
        )
    )
    points = (
        alt.Chart(data)
        .transform_calculate(**_AT)
        .mark_circle(size=36, opacity=1)
        .encode(
            x=_X,
            y=_Y,
            color=alt.Color("series:N", scale=colors, legend=None, sort=legends),
            tooltip=[
                alt.Tooltip("series:N", title="Result"),
                alt.Tooltip("dimension:N", title="Dimension"),
                alt.Tooltip("score:N", title="Score"),
                alt.Tooltip("level:N", title="Level"),
            ],
        )
    )
    return _compose(frame, shapes, points)


def compare_chart_for(model: Model, legends: list[str], results: list[Result]) -> dict[str, Any]:
    """The (cached) shared radar spec for several results."""
    return compare_spec(series_of(legends, results), rings_of(model))


@st.cache_data(show_spinner=False, max_entries=64)
def compare_spec(series: tuple[Series, ...], rings: tuple[tuple[float, str], ...]) -> dict[str, Any]:
    """The shared radar's Vega-Lite spec, cached on the series and rings it shows."""
    return _to_spec(build_compare_chart(series, rings))


# --- A team's lowest, mean and highest (the team summary) --------------------------------------

TEAM_SERIES = ("Team mean", "Lowest", "Highest")


class TeamAxis(NamedTuple):
    """One dimension on the team radar: its name, the team's lowest, mean and highest score, and the
    line under its name (:func:`reports.wording.team_score_line`)."""

    name: str
    low: float | None
    mean: float | None
    high: float | None
    line: str


def team_axes(team: Team) -> tuple[TeamAxis, ...]:
    """The team radar's axes, in plain values (so the spec can be cached on them)."""
    return tuple(TeamAxis(s.dimension.name, s.low, s.mean, s.high, team_score_line(s)) for s in team.dimensions)


def team_chart_for(model: Model, team: Team) -> dict[str, Any]:
    """The (cached) team radar spec: the mean filled with a dot on each axis, the lowest and highest
    outlined, "mean (lowest–highest)" under each name, so the numbers read without hovering."""
    return team_spec(team_axes(team), rings_of(model))


@st.cache_data(show_spinner=False, max_entries=64)
def team_spec(axes: tuple[TeamAxis, ...], rings: tuple[tuple[float, str], ...]) -> dict[str, Any]:
    """The team radar's Vega-Lite spec, cached on the axes and rings it shows."""
    return _to_spec(build_team_chart(axes, rings))


def build_team_chart(axes: tuple[TeamAxis, ...], rings: tuple[tuple[float, str], ...]) -> alt.LayerChart:
    """The team radar (see :func:`team_chart_for`), in :mod:`reports.style`'s team colours and dashes."""
    names = tuple(axis.name for axis in axes)
    frame = _frame(names, rings, True, TEAM_SCORE_WIDEST)
    unit = _unit(names, [[axis.low for axis in axes], [axis.mean for axis in axes], [axis.high for axis in axes]])
    low, mean, high = unit.polygons
    rows = []
    for name, corners, pick in ((TEAM_SERIES[0], mean, 1), (TEAM_SERIES[1], low, 0), (TEAM_SERIES[2], high, 2)):
        scored = [Axis(axis.name, (axis.low, axis.mean, axis.high)[pick], "") for axis in axes]
        rows += _polygon_rows(name, scored, corners)
    shapes, points = _outlines(
        alt.InlineData(values=rows),
        list(TEAM_SERIES),
        colors=[CURRENT_COLOR, TEAM_LOW[0], TEAM_HIGH[0]],
        dashes=[[1.0, 0.0], _dash(TEAM_LOW[1]), _dash(TEAM_HIGH[1])],
        point_tips=[alt.Tooltip("dimension:N", title="Dimension"), alt.Tooltip("score:N", title="Team mean")],
    )
    score_rows = [
        {**line._replace(text=axis.line)._asdict(), "dimension": axis.name}
        for line, axis in zip(frame.layout.score_lines, axes, strict=True)
    ]
    lines = _text(alt.InlineData(values=score_rows), fontWeight=700, color=CURRENT_COLOR)
    return _compose(frame, shapes, points, lines)

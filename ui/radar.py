"""The radar charts, as Altair (Vega-Lite) specs: one result against its target, or several results.

Altair has no polar line mark, so the points are placed in pandas (x, y on a square
canvas, the first axis at twelve o'clock, clockwise) and the polygons are closed with
``interpolate="linear-closed"``. Building a spec with Altair costs a few hundred
milliseconds, so a result's radar is a template built once per axis labels and target with
only its polygons filled in (:func:`spec_for`), and :func:`compare_spec` is cached on the
plain values it depends on. Every layer carries its rows inline, so Streamlit sends no
Arrow tables for the chart (:func:`_to_spec`). The compare view's radar shares the grid,
scales and labels (:func:`_frame`) and draws each result in
:data:`assessment.present.SERIES_COLORS` with its dash pattern.

Saving the chart: Streamlit 1.67 embeds Vega-Lite with vega-embed's own action menu off and
keeps only ``theme``, ``renderer`` and ``padding`` of a spec's ``usermeta.embedOptions``, so
that menu cannot be switched back on from the spec. Streamlit's chart toolbar (on hover or
tap) offers "Download as PNG" instead; the HTML report carries the radar as inline SVG.
"""

from __future__ import annotations

import functools
import math
from typing import Any, NamedTuple

import altair as alt
import pandas as pd
import streamlit as st

from assessment import present as geometry
from assessment.model import Model
from assessment.present import (
    CURRENT_COLOR,
    GRID_COLOR,
    LABEL_COLOR,
    TARGET_COLOR,
    TARGET_DASH,
    TICK_COLOR,
    level_name,
    series_style,
    whole_points,
)
from assessment.scoring import Result

SIZE = 340  # px, square: fits a 390 px wide phone (358 px of content) and half the centered page
REACH = 100.0  # the radius of a score of 100
LABEL_GAP = 7.0  # px between the outer ring and an axis label
CHAR_PX = 6.0  # generous width of one label character (Source Sans, 11.5 px, semi-bold)
LINE_PX = 14.0  # height of one label line
PROFILES = "profiles"  # the named dataset holding a result's polygon and its target's


class Axis(NamedTuple):
    """One dimension on the radar, in plain values (a tuple, so the spec can be cached on it)."""

    label: str
    name: str
    score: float | None  # None: the dimension has no score (nothing in it applies)
    level: str


def axes_of(result: Result) -> tuple[Axis, ...]:
    """The result's axes; a dimension without a score says so in its label and has no vertex."""
    return tuple(
        Axis(
            d.dimension.short if d.scored else f"{d.dimension.short} (no score)",
            d.dimension.name,
            d.score,
            level_name(d.level),
        )
        for d in result.measured_dimensions
    )


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


def _point(index: int, count: int, radius: float) -> tuple[float, float]:
    """Axis ``index``'s point at ``radius``, with y growing upwards as in the chart."""
    x, y = geometry.point(geometry.axis_angle(index, count), radius)
    return x, -y


def _polygon_rows(series: str, axes: tuple[Axis, ...]) -> list[dict[str, Any]]:
    """One row per axis with a score: a polygon's corner and what its tooltip says (an axis
    without a score has no corner: the polygon joins its neighbours)."""
    count = len(axes)
    rows: list[dict[str, Any]] = []
    for i, axis in enumerate(axes):
        if axis.score is None:
            continue
        x, y = _point(i, count, max(0.0, min(REACH, axis.score)))
        rows.append(
            {
                "series": series,
                "order": i,
                "dimension": axis.name,
                "score": str(whole_points(axis.score)),
                "level": axis.level,
                "x": x,
                "y": y,
            }
        )
    return rows


def _profiles(axes: tuple[Axis, ...], target_name: str, target_score: float) -> list[dict[str, Any]]:
    """The rows of the :data:`PROFILES` dataset: the result's polygon, then the target's."""
    current, target = _series(target_name)
    on_target = tuple(axis._replace(score=target_score, level=target_name) for axis in axes)
    return _polygon_rows(current, axes) + _polygon_rows(target, on_target)


def _wrap(label: str) -> str:
    """A label on one line, or on two lines split at the space nearest its middle."""
    return "\n".join(geometry.wrap(label))


def _label_box(label: str) -> tuple[float, float]:
    lines = label.split("\n")
    return max(len(line) for line in lines) * CHAR_PX, len(lines) * LINE_PX


def _placement(index: int, count: int) -> tuple[str, str]:
    return geometry.placement(geometry.axis_angle(index, count))


def _radius_px(labels: list[str]) -> float:
    """The largest radius (px) at which every axis label still fits on the square canvas."""
    half = SIZE / 2
    radius = half
    for i, label in enumerate(labels):
        cx, cy = _point(i, len(labels), 1.0)
        width, height = _label_box(label)
        align, baseline = _placement(i, len(labels))
        out_x = width if align != "center" else width / 2
        out_y = height if baseline != "middle" else height / 2
        if abs(cx) > 1e-9:
            radius = min(radius, (half - out_x) / abs(cx) - LABEL_GAP)
        if abs(cy) > 1e-9:
            radius = min(radius, (half - out_y) / abs(cy) - LABEL_GAP)
    return max(radius, half / 3)


def _half_height_px(labels: list[str], radius: float) -> float:
    """How far the radar and its labels reach above or below the centre, in px."""
    reach = radius
    for i, label in enumerate(labels):
        _, cy = _point(i, len(labels), 1.0)
        _, height = _label_box(label)
        _, baseline = _placement(i, len(labels))
        out_y = height if baseline != "middle" else height / 2
        reach = max(reach, (radius + LABEL_GAP) * abs(cy) + out_y)
    return min(SIZE / 2, reach + 6)


class Frame(NamedTuple):
    """What every radar shares: its scales, its height and the grid, tick and label layers."""

    x: alt.X
    y: alt.Y
    height: int
    grid: list[alt.Chart]  # rings, spokes, ring values: drawn under the profiles
    labels: list[alt.Chart]  # axis labels: drawn over them


@functools.lru_cache(maxsize=16)
def _frame(labels: tuple[str, ...], rings: tuple[tuple[float, str], ...]) -> Frame:
    """The square canvas, scales, grid and labels for axes with these ``labels``.

    It depends on the labels and rings only, not on the scores, so it is built once per model
    and shared by every chart: rebuilding it was half the cost of a results page's chart.
    """
    count = len(labels)
    wrapped = [_wrap(label) for label in labels]
    radius = _radius_px(wrapped)
    per_px = REACH / radius  # score units per pixel, the same across and down: the radar stays round
    height = 2 * _half_height_px(wrapped, radius)
    x_extent, y_extent = SIZE / 2 * per_px, height / 2 * per_px
    x = alt.X("x:Q", scale=alt.Scale(domain=[-x_extent, x_extent], nice=False, zero=False), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=[-y_extent, y_extent], nice=False, zero=False), axis=None)

    ring_data = pd.DataFrame(
        [
            {"ring": bound, "note": note, "order": i, "x": px, "y": py}
            for bound, note in rings
            for i in range(count)
            for px, py in [_point(i, count, bound)]
        ]
    )
    spoke_data = pd.DataFrame(
        [{"x": 0.0, "y": 0.0, "x2": px, "y2": py} for i in range(count) for px, py in [_point(i, count, REACH)]]
    )
    tick_angle = math.pi / 2 + math.pi / count  # between the last axis and the first
    tick_data = pd.DataFrame(
        [
            {"x": bound * math.cos(tick_angle), "y": bound * math.sin(tick_angle), "text": f"{bound:g}"}
            for bound, _ in rings
        ]
    )
    label_data = pd.DataFrame(
        [
            {"x": px, "y": py, "label": label, "align": align, "baseline": baseline}
            for i, label in enumerate(wrapped)
            for px, py in [_point(i, count, REACH + LABEL_GAP * per_px)]
            for align, baseline in [_placement(i, count)]
        ]
    )
    # Streamlit shows a tooltip on every mark unless told otherwise: the spokes, ring values and
    # labels carry nothing to explain, so they opt out (a spoke showed its raw x/y/x2/y2).
    rings_layer = (
        alt.Chart(ring_data)
        .mark_line(interpolate="linear-closed", color=GRID_COLOR, strokeWidth=0.8)
        .encode(x=x, y=y, detail="ring:N", order="order:Q", tooltip=alt.Tooltip("note:N", title="Level boundary"))
    )
    spokes_layer = (
        alt.Chart(spoke_data)
        .mark_rule(color=GRID_COLOR, strokeWidth=0.8, tooltip=False)
        .encode(x=x, y=y, x2="x2:Q", y2="y2:Q")
    )
    ticks_layer = (
        alt.Chart(tick_data)
        .mark_text(align="center", baseline="middle", fontSize=9, color=TICK_COLOR, tooltip=False)
        .encode(x=x, y=y, text="text:N")
    )
    # One text layer for every label: each row carries its own alignment and baseline (a mark
    # property read per datum), where a layer per (align, baseline) pair made up to nine.
    labels_layer = (
        alt.Chart(label_data)
        .mark_text(
            align=alt.ExprRef("datum.align"),
            baseline=alt.ExprRef("datum.baseline"),
            lineBreak="\n",
            fontSize=11.5,
            fontWeight=600,
            color=LABEL_COLOR,
            tooltip=False,
        )
        .encode(x=x, y=y, text="label:N")
    )
    return Frame(x, y, round(height), [rings_layer, spokes_layer, ticks_layer], [labels_layer])


def _compose(frame: Frame, shapes: alt.Chart, points: alt.Chart) -> alt.LayerChart:
    """The grid under the polygons and their points, the axis labels on top."""
    chart: alt.LayerChart = (
        alt.layer(*frame.grid, shapes, points, *frame.labels)
        .properties(width=SIZE, height=frame.height)
        .configure_view(stroke=None)
    )
    return chart


def _to_spec(chart: alt.LayerChart) -> dict[str, Any]:
    """The chart's Vega-Lite spec, with every layer carrying its rows inline.

    Altair gathers every layer's rows into named top-level ``datasets``. Streamlit converts
    each named dataset to an Arrow table on every run
    and the browser decodes each one before the chart's first draw. The radar's rows are few,
    so they travel as plain JSON values in their layers instead. A layer drawing a dataset
    the spec does not hold (:data:`PROFILES`, filled in per result by :func:`spec_for`)
    keeps its name.
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


def fill_rows(template: dict[str, Any], name: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A copy of ``template`` whose layers drawing the dataset ``name`` carry ``rows`` inline.

    Only the top level and the filled layers are new dicts: the template (cached, shared by
    every result) is never changed, and Streamlit copies a spec's top level before it edits it.
    """
    named = {"name": name}
    layers = [
        {**layer, "data": {"values": rows}} if layer.get("data") == named else layer for layer in template["layer"]
    ]
    return {**template, "layer": layers}


def _series(target_name: str) -> list[str]:
    return ["Your profile", f"Target: {target_name}"]


def build_chart(labels: tuple[str, ...], target_name: str, rings: tuple[tuple[float, str], ...]) -> alt.LayerChart:
    """The radar for axes with these labels, drawing its polygons from the named dataset
    :data:`PROFILES` (filled in by :func:`spec_for`)."""
    frame = _frame(labels, rings)
    x, y = frame.x, frame.y
    profiles = alt.NamedData(name=PROFILES)
    series = _series(target_name)
    palette = alt.Scale(domain=series, range=[CURRENT_COLOR, TARGET_COLOR])

    shapes = (
        alt.Chart(profiles)
        .mark_line(interpolate="linear-closed", fillOpacity=0.2, strokeWidth=2)
        .encode(
            x=x,
            y=y,
            order="order:Q",
            color=alt.Color(
                "series:N",
                scale=palette,
                legend=alt.Legend(title=None, orient="bottom", direction="horizontal", labelFontSize=12),
            ),
            fill=alt.Fill("series:N", scale=palette, legend=None),
            strokeDash=alt.StrokeDash(
                "series:N", scale=alt.Scale(domain=series, range=[[1, 0], list(TARGET_DASH)]), legend=None
            ),
        )
    )
    points = (
        alt.Chart(profiles)
        .mark_circle(size=44, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color("series:N", scale=palette, legend=None),
            tooltip=[
                alt.Tooltip("dimension:N", title="Dimension"),
                alt.Tooltip("score:N", title="Score"),
                alt.Tooltip("level:N", title="Level"),
            ],
        )
    )
    return _compose(frame, shapes, points)


@functools.lru_cache(maxsize=32)
def _template(labels: tuple[str, ...], target_name: str, rings: tuple[tuple[float, str], ...]) -> dict[str, Any]:
    return _to_spec(build_chart(labels, target_name, rings))


def spec_for(
    axes: tuple[Axis, ...], target_name: str, target_score: float, rings: tuple[tuple[float, str], ...]
) -> dict[str, Any]:
    """The chart's Vega-Lite spec for these scores and target.

    Everything but the two polygons depends only on the axis labels, the target's name and
    the rings, so that part is built once per model and target (:func:`_template`) and each
    result only fills in the :data:`PROFILES` rows: building the whole chart with Altair for
    every new result is slow enough for a shared link's first paint to wait for it.
    Every shared link is a new result, so the filled spec is not cached.
    """
    template = _template(tuple(axis.label for axis in axes), target_name, rings)
    return fill_rows(template, PROFILES, _profiles(axes, target_name, target_score))


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


def compare_frame(series: tuple[Series, ...]) -> pd.DataFrame:
    """One row per result and axis: the polygons' points and what their tooltips say."""
    return pd.DataFrame([row for s in series for row in _polygon_rows(s.legend, s.axes)])


def build_compare_chart(series: tuple[Series, ...], rings: tuple[tuple[float, str], ...]) -> alt.LayerChart:
    """Every result as its own polygon, in the colour-blind-safe series colours and dashes."""
    frame = _frame(tuple(axis.label for axis in series[0].axes), rings)
    x, y = frame.x, frame.y
    data = compare_frame(series)
    legends = [s.legend for s in series]
    styles = [series_style(i) for i in range(len(series))]
    colors = alt.Scale(domain=legends, range=[color for color, _ in styles])
    dashes = alt.Scale(domain=legends, range=[_dash(dash) for _, dash in styles])
    legend = alt.Legend(
        title=None,
        orient="bottom",
        direction="vertical",
        labelFontSize=12,
        labelColor=LABEL_COLOR,
        labelLimit=SIZE - 40,
        symbolType="stroke",
        symbolStrokeWidth=2.5,
        symbolSize=300,
    )
    fill_opacity = 0.18 if len(series) <= 2 else 0.1 if len(series) <= 4 else 0.05
    shapes = (
        alt.Chart(data)
        .mark_line(interpolate="linear-closed", fillOpacity=fill_opacity, strokeWidth=2)
        .encode(
            x=x,
            y=y,
            order="order:Q",
            color=alt.Color("series:N", scale=colors, legend=legend, sort=legends),
            fill=alt.Fill("series:N", scale=colors, legend=None, sort=legends),
            strokeDash=alt.StrokeDash("series:N", scale=dashes, legend=legend, sort=legends),
        )
    )
    points = (
        alt.Chart(data)
        .mark_circle(size=36, opacity=1)
        .encode(
            x=x,
            y=y,
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

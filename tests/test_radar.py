"""The radar spec (ui/radar.py): rows inline, one template shared by every result and never changed,
full names and scores on the axes, sized from the width Streamlit gives it."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from streamlit.elements.vega_charts import _marshall_chart_data
from streamlit.proto.VegaLiteChart_pb2 import VegaLiteChart

from assessment.loader import load_model
from assessment.rounding import NO_SCORE, shown_score, whole_points
from assessment.scoring import score
from reports import radar as geometry
from reports.style import CURRENT_COLOR, TARGET_DASH
from tests.profiles import answers_at
from ui import radar


def _spec(fraction: float, target: str | None = None) -> tuple[Any, dict[str, Any]]:
    model = load_model()
    result = score(model, answers_at(model, fraction), target)
    return result, radar.chart_for(model, result)


def _profile_layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [layer for layer in spec["layer"] if any("series" in row for row in layer["data"].get("values", []))]


def _label_rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every line of the axis labels: names (no ``dimension``) and scores (with one)."""
    return [row for layer in spec["layer"] for row in layer["data"].get("values", []) if "align" in row]


def _evaluate(expression: str, **signals: float) -> float:
    """A Vega expression of the few functions the radar's sizing uses, evaluated in Python."""
    functions = {"min": min, "max": max, "clamp": lambda value, low, high: max(low, min(high, value))}
    value = eval(expression, {"__builtins__": {}}, {**functions, **signals})  # our own expression
    return float(value)


def test_every_layer_carries_its_rows_so_streamlit_sends_no_arrow_table() -> None:
    _, spec = _spec(0.5)
    assert "datasets" not in spec
    assert all("values" in layer["data"] for layer in spec["layer"])
    proto = VegaLiteChart()
    _marshall_chart_data(proto, dict(spec))  # what st.vega_lite_chart does with the spec
    assert len(proto.datasets) == 0
    assert not proto.HasField("data")


def test_the_polygons_show_the_results_scores_and_the_target() -> None:
    result, spec = _spec(0.5, "asset")
    shapes, points = _profile_layers(spec)
    assert shapes["data"] == points["data"]  # the line and its points draw the same rows
    rows = points["data"]["values"]
    mine = [row for row in rows if row["series"] == "Your profile"]
    target = [row for row in rows if row["series"] == f"Target: {result.target.name}"]
    assert [(row["dimension"], row["score"]) for row in mine] == [
        (d.dimension.name, str(whole_points(d.score))) for d in result.dimensions
    ]
    assert {row["score"] for row in target} == {str(whole_points(result.target.min_score))}


def test_results_share_one_template_which_filling_in_never_changes() -> None:
    model = load_model()
    first = score(model, answers_at(model, 0.2))
    names = tuple(axis.name for axis in radar.axes_of(first))
    template = radar._template(names, first.target.name, radar.rings_of(model))
    before = copy.deepcopy(template)
    one = radar.chart_for(model, first)
    other = radar.chart_for(model, score(model, answers_at(model, 0.8), first.target.id))
    assert template == before
    assert json.dumps(one) != json.dumps(other)  # different scores, different polygons
    filled = {radar.PROFILES, radar.SCORES}
    assert [layer for layer in template["layer"] if layer["data"].get("name") not in filled] == [
        layer for layer in one["layer"] if layer in template["layer"]
    ]  # grid, rings and names: the template's own layers
    assert [layer["data"]["name"] for layer in template["layer"] if "name" in layer["data"]] == [
        radar.PROFILES,
        radar.PROFILES,
        radar.SCORES,
    ]


def test_axes_carry_full_names_and_each_score_under_its_name() -> None:
    result, spec = _spec(0.37)
    rows = _label_rows(spec)
    names = [row for row in rows if "dimension" not in row]
    scores = [row for row in rows if "dimension" in row]
    assert (
        " ".join(row["text"] for row in names).split() == " ".join(d.dimension.name for d in result.dimensions).split()
    )  # in axis order, never abbreviated
    assert [(row["dimension"], row["text"]) for row in scores] == [
        (d.dimension.name, str(whole_points(d.score))) for d in result.dimensions
    ]
    for score_row in scores:  # the score line sits on its axis, under the name's last line
        own = [row for row in names if (row["fx"], row["fy"]) == (score_row["fx"], score_row["fy"])]
        assert own and score_row["dy"] == max(row["dy"] for row in own) + radar.LINE_PX
        assert {row["align"] for row in own} == {score_row["align"]}


def test_current_and_target_differ_without_colour() -> None:
    result, spec = _spec(0.5)
    shapes, points = _profile_layers(spec)
    dash = shapes["encoding"]["strokeDash"]["scale"]
    assert dash["domain"] == ["Your profile", f"Target: {result.target.name}"]
    assert dash["range"] == [[1, 0], list(TARGET_DASH)]  # solid, then dashed
    assert shapes["encoding"]["strokeDash"]["legend"] is not None  # the legend shows the dash too
    assert shapes["encoding"]["fill"]["scale"]["range"] == [CURRENT_COLOR, "transparent"]  # the target: outline
    assert points["transform"][0] == {"filter": "(datum.series === 'Your profile')"}  # dots on yours only


@pytest.mark.parametrize("width", [358, 479, 480, 704, 1000])
def test_the_radius_is_the_fitting_radius_of_the_width_streamlit_gives(width: int) -> None:
    model = load_model()
    names = tuple(d.name for d in model.dimensions)
    layout = radar._layout(names, True)
    scale = radar.NARROW_TEXT if width < radar.NARROW_PX else 1.0
    text = geometry.TextMetrics(
        radar.LINE_PX * scale, radar.LABEL_GAP, geometry.character_widths(radar.CHAR_PX * scale)
    )
    reaches = geometry.label_reaches(names, text, ["100"] * len(names))
    fitting = geometry.fitting_radius(width / 2 - radar.EDGE_PX, reaches, radar.LABEL_GAP)
    radius = _evaluate(layout.radius, width=width, textscale=scale)
    assert radius == pytest.approx(max(radar.MIN_RADIUS, min(radar.MAX_RADIUS, fitting)))
    centre_y = _evaluate(layout.centre_y, radius=radius, textscale=scale)
    assert centre_y == pytest.approx(radar.MARGIN_PX + geometry.reach_above(radius, reaches, radar.LABEL_GAP))
    if width >= 704:  # the centered layout's column: the radar at its full size
        assert radius == radar.MAX_RADIUS


def test_the_spec_follows_its_width_and_grows_to_its_marks() -> None:
    _, spec = _spec(0.5)
    assert spec["autosize"] == {"type": "pad"} and spec["height"] == 1 and spec["padding"] == 0
    params = {param["name"]: param["expr"] for param in spec["params"]}
    assert set(params) == {"textscale", "radius", "cx", "cy"} and params["cx"] == "width / 2"
    for layer in spec["layer"]:  # every mark placed in pixels from those signals
        assert layer["encoding"]["x"] == {"field": "px", "scale": None, "type": "quantitative", "axis": None}


def test_a_dimension_without_a_score_keeps_its_axis_and_label() -> None:
    model = load_model()
    result = score(model, answers_at(model, 0.5))
    axes = radar.axes_of(result)
    without = (axes[0]._replace(score=None), *axes[1:])
    spec = radar.spec_for(without, result.target.name, result.target.min_score, radar.rings_of(model))
    mine = [row for row in _profile_layers(spec)[0]["data"]["values"] if row["series"] == "Your profile"]
    assert [row["order"] for row in mine] == list(range(1, len(axes)))  # no vertex on the first axis
    scores = [row["text"] for row in _label_rows(spec) if "dimension" in row]
    assert scores[0] == NO_SCORE and len(scores) == len(axes)


def test_the_compare_radar_sends_no_arrow_table_either() -> None:
    model = load_model()
    results = [score(model, answers_at(model, f)) for f in (0.2, 0.6)]
    spec = radar.compare_chart_for(model, ["A", "B"], results)
    assert "datasets" not in spec
    legends = {row["series"] for layer in spec["layer"] for row in layer["data"]["values"] if "series" in row}
    assert legends == {"A", "B"}


def test_the_chart_draws_the_geometry_at_radius_one_and_scales_it_by_the_radius_signal() -> None:
    model = load_model()
    result = score(model, answers_at(model, 0.4, goals=1.0), "asset")
    spec = radar.chart_for(model, result)
    names = [d.dimension.name for d in result.measured_dimensions]
    target = [result.target.min_score] * len(names)
    rings = [bound for bound, _ in radar.rings_of(model)]
    scores = [d.score for d in result.measured_dimensions]
    unit = geometry.radar(
        names, [scores, target], rings, radar.LABEL_TEXT, score_lines=[geometry.WIDEST_SCORE] * len(names)
    )
    rows = [row for layer in spec["layer"] for row in layer["data"]["values"]]
    assert [(row["fx"], row["fy"]) for row in rows if "ring" in row] == [p for r in unit.rings for p in r.points]
    assert [(row["fx2"], row["fy2"]) for row in rows if "fx2" in row] == [end for _, end in unit.spokes]
    assert [(row["fx"], row["fy"], row["text"]) for row in rows if "text" in row and "align" not in row] == [
        (*ring.value_at, f"{ring.score:g}") for ring in unit.rings
    ]
    yours, on_target = (geometry.outline(polygon) for polygon in unit.polygons)
    assert [(row["fx"], row["fy"]) for row in _profile_layers(spec)[1]["data"]["values"]] == yours + on_target
    drawn = [(row["fx"], row["fy"], row["dy"], row["align"], row["text"]) for row in _label_rows(spec)]
    lines = [
        (*label.direction, line.dy, label.align, line.text, line.score) for label in unit.labels for line in label.lines
    ]
    assert [row for row in drawn if row[-1] not in {shown_score(s) for s in scores}] == [
        line[:-1] for line in lines if not line[-1]
    ]  # every line of every name where the geometry puts it ...
    assert [row for row in drawn if row[-1] in {shown_score(s) for s in scores}] == [
        (*line[:-2], shown_score(score)) for line, score in zip([x for x in lines if x[-1]], scores, strict=True)
    ]  # ... and each score line under it, its text the result's
    placed = {t["calculate"] for layer in spec["layer"] for t in layer.get("transform", []) if "calculate" in t}
    assert "cx + datum.fx * radius" in placed  # the unit geometry, scaled by the radius signal

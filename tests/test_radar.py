"""The radar spec (ui/radar.py): rows inline, one template shared by every result and never changed."""

from __future__ import annotations

import copy
import json
from typing import Any

from streamlit.elements.vega_charts import _marshall_chart_data
from streamlit.proto.VegaLiteChart_pb2 import VegaLiteChart

from assessment.loader import load_model
from assessment.present import whole_points
from assessment.scoring import score
from tests.profiles import answers_at
from ui import radar


def _spec(fraction: float, target: str | None = None) -> tuple[Any, dict[str, Any]]:
    model = load_model()
    result = score(model, answers_at(model, fraction), target)
    return result, radar.chart_for(model, result)


def _profile_layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [layer for layer in spec["layer"] if any("series" in row for row in layer["data"].get("values", []))]


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
    labels = tuple(axis.label for axis in radar.axes_of(first))
    template = radar._template(labels, first.target.name, radar.rings_of(model))
    before = copy.deepcopy(template)
    one = radar.chart_for(model, first)
    other = radar.chart_for(model, score(model, answers_at(model, 0.8), first.target.id))
    assert template == before
    assert json.dumps(one) != json.dumps(other)  # different scores, different polygons
    assert [layer for layer in one["layer"] if layer not in _profile_layers(one)] == [
        layer for layer in other["layer"] if layer not in _profile_layers(other)
    ]  # grid, rings and labels: the same


def test_the_compare_radar_sends_no_arrow_table_either() -> None:
    model = load_model()
    results = [score(model, answers_at(model, f)) for f in (0.2, 0.6)]
    spec = radar.compare_chart_for(model, ["A", "B"], results)
    assert "datasets" not in spec
    legends = {row["series"] for layer in spec["layer"] for row in layer["data"]["values"] if "series" in row}
    assert legends == {"A", "B"}

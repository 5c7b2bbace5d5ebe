"""The radar's geometry (reports/radar.py), tested once: every renderer draws what radar() returns
(the page's chart: tests/test_radar.py; the HTML report: tests/test_export.py; the PDF: tests/test_pdf.py)."""

from __future__ import annotations

import math

import pytest

from assessment.model import Model
from assessment.rounding import NO_SCORE, shown_score
from reports import radar
from reports.radar import TextMetrics, character_widths

# Labels as a renderer without text metrics sets them: 10 units a character, 20 a line, 10 beyond the ring.
TEXT = TextMetrics(20.0, 10.0, character_widths(10.0))
FOUR = ["Up", "Right", "Down", "Left"]


def test_first_axis_points_up_and_axes_run_clockwise() -> None:
    assert radar.axis_angle(0, 10) == 0.0
    chart = radar.radar(FOUR, [[100, 100, 100, 100]], (), TEXT, radius=50.0)
    top, right, bottom, left = chart.polygons[0]
    assert top == pytest.approx((0.0, -50.0))
    assert right == pytest.approx((50.0, 0.0))
    assert bottom == pytest.approx((0.0, 50.0))
    assert left == pytest.approx((-50.0, 0.0))
    directions = [coordinate for label in chart.labels for coordinate in label.direction]
    assert directions == pytest.approx([0, -1, 1, 0, 0, 1, -1, 0])  # unit length, whatever the radius
    moved = radar.radar(["One"], [[100]], (), TEXT, radius=10.0, centre=(5.0, 5.0))
    assert moved.polygons[0][0] == pytest.approx((5.0, -5.0))


def test_polygons_sit_at_their_scores_and_stay_inside_the_chart(model: Model) -> None:
    names = [d.name for d in model.dimensions]
    count = len(names)
    chart = radar.radar(names, [[100.0] * count, [50.0] * count], (100.0,), TEXT, radius=120.0)
    outer, half = chart.polygons
    assert outer == chart.rings[0].points
    assert all(math.hypot(x, y) == pytest.approx(120.0) for x, y in radar.outline(outer))
    assert all(math.hypot(x, y) == pytest.approx(60.0) for x, y in radar.outline(half))
    clamped = radar.radar(["a", "b", "c"], [[-20.0, 250.0, 0.0]], (), TEXT, radius=10.0).polygons[0]
    assert clamped[0] == pytest.approx((0.0, 0.0)) and math.hypot(*radar.outline(clamped)[1]) == pytest.approx(10.0)


def test_rings_sit_at_the_level_boundaries_with_their_values_between_the_last_axis_and_the_first(
    model: Model,
) -> None:
    boundaries = radar.level_boundaries(model.levels)
    assert boundaries == (20.0, 40.0, 60.0, 80.0, 100.0)
    chart = radar.radar(["a"] * 6, (), boundaries, TEXT, radius=100.0)
    assert [ring.score for ring in chart.rings] == list(boundaries)
    assert [round(math.hypot(*ring.points[0]), 6) for ring in chart.rings] == [20.0, 40.0, 60.0, 80.0, 100.0]
    assert all(len(ring.points) == 6 for ring in chart.rings)
    for ring in chart.rings:  # 30° left of straight up, half way between axis 6 and axis 1
        assert ring.value_at == pytest.approx(
            (-ring.score * math.sin(math.pi / 6), -ring.score * math.cos(math.pi / 6))
        )
    assert len(chart.spokes) == 6
    assert all(start == radar.CENTRE and math.hypot(*end) == pytest.approx(100.0) for start, end in chart.spokes)


def test_a_dimension_without_a_score_has_no_vertex_but_keeps_its_place_and_label() -> None:
    chart = radar.radar(FOUR, [[100.0, None, 50.0, 0.0]], (), TEXT, score_lines=["100", NO_SCORE, "50", "0"])
    corners = chart.polygons[0]
    assert corners[1] is None and len(radar.outline(corners)) == 3
    full = radar.radar(FOUR, [[100.0, 100.0, 50.0, 0.0]], (), TEXT).polygons[0]
    assert [corners[i] for i in (0, 2, 3)] == [full[i] for i in (0, 2, 3)]
    assert [line.text for line in chart.labels[1].lines] == ["Right", NO_SCORE]


def test_label_anchors_align_away_from_the_chart() -> None:
    labels = radar.radar([f"axis {i}" for i in range(8)], (), (), TEXT, radius=100.0).labels
    assert labels[0].anchor == pytest.approx((0.0, -110.0))  # the gap beyond the outer ring
    assert (labels[0].align, labels[0].baseline) == ("center", "bottom")
    assert (labels[2].align, labels[2].baseline) == ("left", "middle")
    assert (labels[4].align, labels[4].baseline) == ("center", "top")
    assert (labels[6].align, labels[6].baseline) == ("right", "middle")
    assert labels[1].align == "left" and labels[7].align == "right"


@pytest.mark.parametrize(
    ("label", "lines"),
    [
        ("Goals", ["Goals"]),
        ("Budget and people", ["Budget and", "people"]),
        ("Feedback and conversation", ["Feedback and", "conversation"]),
        ("Brand representation", ["Brand", "representation"]),  # a word longer than a line keeps it whole
        ("  Strategy   per network ", ["Strategy per", "network"]),
        ("", [""]),
    ],
)
def test_axis_names_wrap_at_spaces_never_cut(label: str, lines: list[str]) -> None:
    assert radar.wrap(label) == lines


def test_every_dimension_name_wraps_into_whole_words_within_the_line_width(model: Model) -> None:
    for dimension in model.dimensions:
        lines = radar.wrap(dimension.name)
        assert " ".join(lines) == " ".join(dimension.name.split())
        assert all(len(line) <= radar.LABEL_WIDTH or " " not in line for line in lines), lines
    assert radar.wrap("one two three four", width=7) == ["one two", "three", "four"]


def test_an_axis_label_is_the_name_then_its_score_line() -> None:
    chart = radar.radar(["Budget and people", "Goals"], (), (), TEXT, score_lines=[shown_score(59.99), NO_SCORE])
    first, second = ([(line.text, line.score) for line in label.lines] for label in chart.labels)
    assert first == [("Budget and", False), ("people", False), ("59", True)]
    assert second == [("Goals", False), (NO_SCORE, True)]
    assert shown_score(100.0) == radar.WIDEST_SCORE
    assert [line.score for line in radar.radar(["Goals"], (), (), TEXT).labels[0].lines] == [False]  # no score line
    with pytest.raises(ValueError, match="score lines"):
        radar.radar(["Goals"], (), (), TEXT, score_lines=["1", "2"])


def test_label_lines_end_at_start_at_or_centre_on_their_anchor() -> None:
    assert radar.line_offsets("bottom", 3, 10.0) == [-25.0, -15.0, -5.0]
    assert radar.line_offsets("top", 2, 10.0) == [5.0, 15.0]
    assert radar.line_offsets("middle", 3, 10.0) == [-10.0, 0.0, 10.0]
    up, right, *_ = radar.radar(FOUR, (), (), TEXT, score_lines=["1"] * 4).labels
    assert [line.dy for line in up.lines] == [-30.0, -10.0]  # above the chart: ends at the anchor
    assert [line.dy for line in right.lines] == [-10.0, 10.0]  # beside it: centred on it


def test_fitting_radius_and_reach_on_four_axes() -> None:
    # four axes (up, right, down, left), each label 40 wide and 20 tall, 10 beyond the ring
    reaches = radar.label_reaches(["four"] * 4, TEXT)
    up, right, down, _ = reaches
    assert (up.side, up.above, up.below) == (20.0, 20.0, 0.0)  # centred across, above its anchor
    assert (right.side, right.above, right.below) == (40.0, 10.0, 10.0)  # beside it, centred up and down
    assert (down.above, down.below) == (0.0, 20.0)
    assert radar.fitting_radius(100.0, reaches, 10.0) == pytest.approx(50.0)  # (100 − 40) / 1 − 10
    assert radar.reach_above(50.0, reaches, 10.0) == pytest.approx(80.0)  # 50 + 10 + 20
    assert radar.reach_below(50.0, reaches, 10.0) == pytest.approx(80.0)
    none = TextMetrics(0.0, 0.0, character_widths(0.0))
    assert radar.reach_above(50.0, radar.label_reaches(["x"] * 4, none), 0.0) == pytest.approx(50.0)
    assert radar.radar(["four"] * 4, (), (), TEXT).reaches == reaches  # radar() reports the same reaches


def test_the_score_line_is_measured_as_the_renderer_sets_it() -> None:
    bold = TextMetrics(20.0, 10.0, lambda line, score: len(line) * (30.0 if score else 10.0))
    (reach,) = radar.label_reaches(["Goals"], bold, ["100"])
    assert reach.side == 90.0 / 2  # "100" set bold is wider than "Goals": a centred label, half of it each side


@pytest.mark.parametrize("half_width", [175.0, 250.0, 352.0])
def test_at_the_fitting_radius_every_label_stays_within_the_width(model: Model, half_width: float) -> None:
    text = TextMetrics(16.0, 8.0, character_widths(7.0))
    names = [d.name for d in model.dimensions]
    scores = [radar.WIDEST_SCORE] * len(names)
    reaches = radar.label_reaches(names, text, scores)
    radius = radar.fitting_radius(half_width, reaches, text.gap)
    above, below = radar.reach_above(radius, reaches, text.gap), radar.reach_below(radius, reaches, text.gap)
    for label in radar.radar(names, (), (), text, score_lines=scores, radius=radius).labels:
        x, y = label.anchor
        width = max(len(line.text) for line in label.lines) * 7.0
        height = len(label.lines) * text.line_height
        left = {"left": x, "center": x - width / 2, "right": x - width}[label.align]
        top = {"bottom": y - height, "middle": y - height / 2, "top": y}[label.baseline]
        assert -half_width - 1e-6 <= left and left + width <= half_width + 1e-6, label
        assert -above - 1e-6 <= top and top + height <= below + 1e-6, label
        assert top == pytest.approx(y + label.lines[0].dy - text.line_height / 2)  # the lines fill the box
    # and a label touches the edge: no smaller radius would do
    assert any(
        math.isclose((radius + text.gap) * abs(r.sine) + r.side, half_width) for r in reaches if abs(r.sine) > 1e-9
    )


def test_a_radar_needs_an_axis() -> None:
    with pytest.raises(ValueError, match="at least one axis"):
        radar.radar([], (), (50.0,), TEXT)

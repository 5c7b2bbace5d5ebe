"""Presentation: the rounding rules every output shares, change texts, the chart style and the radar's geometry."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pytest

from assessment.compare_link import MAX_LINKS
from assessment.model import Model
from assessment.rounding import NO_SCORE, one_decimal_gap, points_moved, shown_gap, shown_score, whole_points
from reports import radar, style, wording
from reports.wording import minutes_for, questionnaire_length, variant_offer

ROOT = Path(__file__).resolve().parent.parent

# --- Numbers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "threshold", "shown"),
    [
        (80.0, 80.0, "0"),
        (83.0, 80.0, "0"),
        (65.8, 80.0, "15"),
        (65.0, 80.0, "15"),
        (31.25, 80.0, "49"),
        (79.99, 80.0, "1"),
    ],
)
def test_shown_score_and_shown_gap_add_up_to_the_threshold(score: float, threshold: float, shown: str) -> None:
    assert str(shown_gap(score, threshold)) == shown
    if score < threshold:
        assert whole_points(score) + int(shown) == threshold


@pytest.mark.parametrize(("score", "threshold", "gap"), [(31.25, 80.0, 48.8), (80.0, 80.0, 0.0), (39.99, 40.0, 0.1)])
def test_machine_readable_score_and_gap_add_up_to_the_threshold(score: float, threshold: float, gap: float) -> None:
    assert one_decimal_gap(score, threshold) == gap


@pytest.mark.parametrize(
    ("before", "after", "moved", "amount"), [(10.0, 13.9, True, 3), (10.2, 10.6, True, 1), (5.0, 5.0, False, 0)]
)
def test_a_move_below_one_point_still_names_one_point(before: float, after: float, moved: bool, amount: int) -> None:
    assert points_moved(before, after, moved) == amount
    assert wording.points(1) == "1 point" and wording.points(3) == "3 points"


def test_signed_changes_use_a_true_minus_sign() -> None:
    assert [wording.signed(v) for v in (3, 0, -2)] == ["+3", "0", "−2"]


def test_level_change_text(model: Model) -> None:
    low, high = model.levels[0], model.levels[2]
    assert wording.level_change_text(low, high) == f"rose from {low.name} to {high.name}"
    assert wording.level_change_text(high, low) == f"fell from {high.name} to {low.name}"
    assert wording.level_change_text(low, low) == f"stayed at {low.name}"


def test_the_apps_theme_colour_is_the_profile_colour() -> None:
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    assert theme["primaryColor"].lower() == style.CURRENT_COLOR.lower()


# --- Radar geometry ------------------------------------------------------------------------


def test_first_axis_points_up_and_axes_run_clockwise() -> None:
    assert radar.axis_angle(0, 10) == 0.0
    top, right, bottom, left = radar.polygon([100, 100, 100, 100], 50.0)
    assert top == pytest.approx((0.0, -50.0))
    assert right == pytest.approx((50.0, 0.0))
    assert bottom == pytest.approx((0.0, 50.0))
    assert left == pytest.approx((-50.0, 0.0))
    assert radar.polygon([100], 10.0, centre=(5.0, 5.0))[0] == pytest.approx((5.0, -5.0))


def test_polygon_distances_follow_scores(model: Model) -> None:
    count = len(model.dimensions)
    outer = radar.ring(100, count, 120.0)
    assert radar.polygon([100.0] * count, 120.0) == outer
    assert all(math.hypot(x, y) == pytest.approx(120.0) for x, y in outer)
    half = radar.polygon([50.0] * count, 120.0)
    assert all(math.hypot(x, y) == pytest.approx(60.0) for x, y in half)
    clamped = radar.polygon([-20.0, 250.0, 0.0], 10.0)
    assert clamped[0] == pytest.approx((0.0, 0.0)) and math.hypot(*clamped[1]) == pytest.approx(10.0)


def test_rings_sit_at_the_level_boundaries(model: Model) -> None:
    boundaries = radar.level_boundaries(model.levels)
    assert boundaries == (20.0, 40.0, 60.0, 80.0, 100.0)
    rings = [radar.ring(b, 6, 100.0) for b in boundaries]
    assert [round(math.hypot(*r[0]), 6) for r in rings] == [20.0, 40.0, 60.0, 80.0, 100.0]
    assert all(len(r) == 6 for r in rings)
    assert len(radar.spokes(6, 100.0)) == 6


def test_label_anchors_align_away_from_the_chart() -> None:
    anchors = radar.label_anchors(8, 100.0, gap=10.0)
    assert (anchors[0].x, anchors[0].y) == pytest.approx((0.0, -110.0))
    assert (anchors[0].align, anchors[0].baseline) == ("center", "bottom")
    assert (anchors[2].align, anchors[2].baseline) == ("left", "middle")
    assert (anchors[4].align, anchors[4].baseline) == ("center", "top")
    assert (anchors[6].align, anchors[6].baseline) == ("right", "middle")
    assert anchors[1].align == "left" and anchors[7].align == "right"
    assert (anchors[2].svg_anchor, anchors[6].svg_anchor, anchors[0].svg_anchor) == ("start", "end", "middle")
    assert radar.svg_points([(1.0, 2.5)]) == "1.00,2.50"


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


def test_an_axis_label_is_the_name_then_the_shown_score() -> None:
    assert radar.axis_label("Budget and people", 59.99) == ["Budget and", "people", "59"]
    assert radar.axis_label("Goals", None) == ["Goals", NO_SCORE]
    assert shown_score(100.0) == radar.WIDEST_SCORE


def test_a_dimension_without_a_score_has_no_vertex_but_keeps_its_place() -> None:
    points = radar.vertices([100.0, None, 50.0, 0.0], 10.0)
    assert points[1] is None
    assert [p for p in points if p is not None] == [
        radar.polygon([100.0, 100.0, 50.0, 0.0], 10.0)[i] for i in (0, 2, 3)
    ]


def test_label_lines_end_at_start_at_or_centre_on_their_anchor() -> None:
    assert radar.line_offsets("bottom", 3, 10.0) == [-25.0, -15.0, -5.0]
    assert radar.line_offsets("top", 2, 10.0) == [5.0, 15.0]
    assert radar.line_offsets("middle", 3, 10.0) == [-10.0, 0.0, 10.0]


def test_fitting_radius_and_reach_on_four_axes() -> None:
    # four axes (up, right, down, left), each label 40 wide and 20 tall, 10 beyond the ring
    reaches = radar.label_reach([(40.0, 20.0)] * 4)
    up, right, down, _ = reaches
    assert (up.side, up.above, up.below) == (20.0, 20.0, 0.0)  # centred across, above its anchor
    assert (right.side, right.above, right.below) == (40.0, 10.0, 10.0)  # beside it, centred up and down
    assert (down.above, down.below) == (0.0, 20.0)
    assert radar.fitting_radius(100.0, reaches, 10.0) == pytest.approx(50.0)  # (100 − 40) / 1 − 10
    assert radar.reach_above(50.0, reaches, 10.0) == pytest.approx(80.0)  # 50 + 10 + 20
    assert radar.reach_below(50.0, reaches, 10.0) == pytest.approx(80.0)
    assert radar.reach_above(50.0, radar.label_reach([(0.0, 0.0)] * 4), 0.0) == pytest.approx(50.0)


@pytest.mark.parametrize("half_width", [175.0, 250.0, 352.0])
def test_at_the_fitting_radius_every_label_stays_within_the_width(model: Model, half_width: float) -> None:
    char, line, gap = 7.0, 16.0, 8.0
    labels = [radar.axis_label(d.name, 100.0) for d in model.dimensions]
    boxes = [(max(map(len, lines)) * char, len(lines) * line) for lines in labels]
    reaches = radar.label_reach(boxes)
    radius = radar.fitting_radius(half_width, reaches, gap)
    above, below = radar.reach_above(radius, reaches, gap), radar.reach_below(radius, reaches, gap)
    for anchor, (width, height) in zip(radar.label_anchors(len(boxes), radius, gap), boxes, strict=True):
        left = {"left": anchor.x, "center": anchor.x - width / 2, "right": anchor.x - width}[anchor.align]
        top = {"bottom": anchor.y - height, "middle": anchor.y - height / 2, "top": anchor.y}[anchor.baseline]
        assert -half_width - 1e-6 <= left and left + width <= half_width + 1e-6, anchor
        assert -above - 1e-6 <= top and top + height <= below + 1e-6, anchor
    # and a label touches the edge: no smaller radius would do
    assert any(math.isclose((radius + gap) * abs(r.sine) + r.side, half_width) for r in reaches if abs(r.sine) > 1e-9)


def test_ten_profiles_get_ten_distinct_styles() -> None:
    styles = [style.series_style(i) for i in range(MAX_LINKS)]
    assert len({color for color, _ in styles}) == MAX_LINKS
    assert len(set(styles)) == MAX_LINKS and styles[0][1] == ()
    assert style.svg_dash(styles[1][1]) == "6 3" and style.svg_dash(()) == ""


def test_a_questionnaire_is_offered_with_its_length(model: Model) -> None:
    assert questionnaire_length(12) == "12 questions, about 3 minutes"
    assert variant_offer(model, "full") == f"Full assessment — {len(model.questions)} questions, about 8 minutes"
    quick = len(model.questions_in("quick"))
    assert variant_offer(model, "quick") == f"Quick check — {quick} questions, about {minutes_for(quick)} minutes"

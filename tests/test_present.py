"""Presentation: the rounding every output shares (assessment/rounding.py), the words around the results
(reports/wording.py) and the chart style (reports/style.py). The radar's geometry: tests/test_radar_geometry.py."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from assessment.compare_link import MAX_LINKS
from assessment.model import Model
from assessment.rounding import one_decimal_gap, points_moved, shown_gap, whole_points
from reports import style, wording
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


# --- Chart style ----------------------------------------------------------------------------


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


# --- The results page's top and the downloads' names ------------------------------------------------


def test_a_level_says_where_it_sits_on_the_ladder(model: Model) -> None:
    assert [wording.ladder_position(model, level) for level in model.levels] == [
        f"{n} of {len(model.levels)}" for n in range(1, len(model.levels) + 1)
    ]


@pytest.mark.parametrize(
    ("count", "heading"),
    [(1, "Your first step"), (2, "Your first two steps"), (3, "Your first three steps"), (5, "Your first 5 steps")],
)
def test_the_first_steps_heading_counts_them(count: int, heading: str) -> None:
    assert wording.first_steps_heading(count) == heading


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Harbour Café & Co", "harbour-cafe-co-social-media-assessment-2026-03-04"),
        ("", "social-media-assessment-2026-03-04"),
        ("東京カフェ", "social-media-assessment-2026-03-04"),  # nothing left in ASCII: left out
        ("../../etc/passwd", "etc-passwd-social-media-assessment-2026-03-04"),
        ("Acme \u202e<b>x</b>", "acme-b-x-b-social-media-assessment-2026-03-04"),
        (
            "Riverside Bakery and the very long name of a company",
            "riverside-bakery-and-the-very-long-name-social-media-assessment-2026-03-04",
        ),  # cut at a hyphen, at most 40 characters
        ("A" * 60, "a" * 40 + "-social-media-assessment-2026-03-04"),
    ],
)
def test_a_download_is_named_after_the_organisation_and_the_date(name: str, stem: str) -> None:
    assert wording.file_stem(name, date(2026, 3, 4)) == stem
    assert len(stem.split("-social-media-assessment")[0]) <= wording.MAX_NAME_IN_FILE

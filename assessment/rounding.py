"""How scores, gaps and changes are rounded for people (whole points) and for machine-readable
output (one decimal): the one place both the rules and every output take them from.

A shown score plus its shown gap always equals the target's threshold, in both forms.

A leaf module: it imports nothing of this project, so the rules (:mod:`assessment.scoring`)
and the outputs (:mod:`reports`) can both use it.
"""

from __future__ import annotations

import math

# Scores are floats; these absorb the float noise of a sum that should be a whole number
# (e.g. 59.99999999999999 for 60) so it is never shown one point low.
_NOISE = 1e-9
NO_SCORE = "–"  # a dimension without a score, in place of its score and gap


def whole_points(score: float) -> int:
    """A score (or any 0–100 figure) as shown to people: whole points, rounded down, so a
    shown score never leaves the level band it is in (59.9 shows 59, in the band below 60)."""
    return math.floor(score + _NOISE)


def shown_gap(score: float, threshold: float) -> int:
    """A gap as shown beside a whole-point score: the target's threshold minus the shown
    score, never below 0, so the shown score and the shown gap add up to the threshold."""
    if score >= threshold:
        return 0
    return max(0, math.ceil(threshold - whole_points(score) - _NOISE))


def one_decimal(score: float) -> float:
    """A score for machine-readable output (JSON, CSV): one decimal, rounded down like
    :func:`whole_points`."""
    return math.floor(score * 10 + _NOISE) / 10


def one_decimal_gap(score: float, threshold: float) -> float:
    """A gap for machine-readable output: the threshold minus the one-decimal score, never below
    0, so the output's score and gap add up to the threshold (as :func:`shown_gap` does)."""
    return round(threshold - one_decimal(score), 1) if score < threshold else 0.0


def shown_score(score: float | None) -> str:
    """A dimension's score as text: :func:`whole_points`, or "–" for a dimension without a score
    (none of its questions applies), never 0 or 100."""
    return NO_SCORE if score is None else str(whole_points(score))


def shown_gap_text(score: float | None, threshold: float) -> str:
    """A dimension's gap as text: :func:`shown_gap`, or "–" for a dimension without a score."""
    return NO_SCORE if score is None else str(shown_gap(score, threshold))


def one_decimal_or_none(score: float | None) -> float | None:
    """:func:`one_decimal`, keeping "no score" as None (null in JSON)."""
    return None if score is None else one_decimal(score)


def one_decimal_gap_or_none(score: float | None, threshold: float) -> float | None:
    """:func:`one_decimal_gap`, keeping "no score" as None (null in JSON)."""
    return None if score is None else one_decimal_gap(score, threshold)


def one_decimal_delta(delta: float) -> float:
    """A signed change for machine-readable output: one decimal, rounded towards zero."""
    return one_decimal(delta) if delta >= 0 else -one_decimal(-delta)


def shown_delta(before: float, after: float) -> int:
    """A change as shown to people: the difference between the two shown scores, so that the
    numbers on the page add up."""
    return whole_points(after) - whole_points(before)


def points_moved(before: float, after: float, moved: bool) -> int:
    """How many whole points to name for a move: :func:`shown_delta` without its sign, and at
    least 1 when the score really ``moved`` (a move below one point still moved)."""
    return abs(shown_delta(before, after)) or (1 if moved else 0)

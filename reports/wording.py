"""What the app and the reports call things: the words around the rules' results, written once.

Levels and their changes, points, the questionnaire's length, the roadmap as it is grouped
and cited, and the sentences of the compare view (the over-time summary, a question the team
disagrees on). The numbers in them are rounded by :mod:`assessment.rounding`. Pure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date

from assessment.compare import (
    DimensionChange,
    DimensionRange,
    Entry,
    LevelCount,
    OverTime,
    QuestionSpread,
    same_organisation,
)
from assessment.model import Dimension, Level, Model, SeedDigest, Variant
from assessment.names import display_name
from assessment.rounding import points_moved, shown_score, whole_points
from assessment.scoring import Result, RoadmapStep

NO_SCORE_LEVEL = "Does not apply"  # a dimension without a score, in place of its level
SECONDS_PER_QUESTION = 14  # reading a question, its help and its answers, and choosing one

# --- Levels and points -------------------------------------------------------------------------


def level_name(level: Level | None) -> str:
    """A dimension's level as text: its name, or "Does not apply" for a dimension without a score."""
    return NO_SCORE_LEVEL if level is None else level.name


def level_label(result: Result) -> str:
    """What a result's level is called: "Level", or for the quick check "Estimated level (quick check)"."""
    return "Estimated level (quick check)" if result.variant == "quick" else "Level"


def ladder_position(model: Model, level: Level) -> str:
    """Where a level sits on the ladder, counted from the bottom: "3 of 5"."""
    return f"{level.rank + 1} of {len(model.levels)}"


def level_change_text(before: Level, after: Level) -> str:
    """A level before and after in words: "rose from A to B", "fell from B to A", "stayed at A"."""
    if before.rank == after.rank:
        return f"stayed at {after.name}"
    return f"{'rose' if after.rank > before.rank else 'fell'} from {before.name} to {after.name}"


def level_shift(before: Level, after: Level) -> str:
    """A level before and after in a table cell: "Planned" when it stayed, "Experimenting → Planned" when it moved."""
    return after.name if before.rank == after.rank else f"{before.name} → {after.name}"


def points(amount: int) -> str:
    """ "1 point", "3 points"."""
    return f"{amount} point{'s' if amount != 1 else ''}"


def signed(value: int) -> str:
    """A whole-point change with its sign: "+3", "−2" (a true minus sign), "0"."""
    if value > 0:
        return f"+{value}"
    return f"−{-value}" if value < 0 else "0"


# --- Files ------------------------------------------------------------------------------------

FILE_STEM = "social-media-assessment"
MAX_NAME_IN_FILE = 40  # characters of the organisation's name in a file name


def file_stem(name: str, taken_on: date | None) -> str:
    """A downloaded file's name without its suffix: the organisation's name, then what it is and the
    day it was taken: "harbour-cafe-co-social-media-assessment-2026-03-04".

    The name as it is shown (:func:`assessment.names.display_name`), reduced to what every file
    system and browser takes: accents dropped, lower-case ASCII letters and digits, every other run
    of characters one hyphen, at most :data:`MAX_NAME_IN_FILE` characters (cut at a hyphen). A name
    with nothing left (no name, or one in another script) leaves it out; no date leaves it out too.
    """
    ascii_name = unicodedata.normalize("NFKD", display_name(name)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if len(slug) > MAX_NAME_IN_FILE:
        cut = slug[: MAX_NAME_IN_FILE + 1]  # one more: a hyphen right after the limit ends a whole word
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_NAME_IN_FILE]
    parts = [slug, FILE_STEM, taken_on.isoformat() if taken_on else ""]
    return "-".join(part for part in parts if part)


# --- The questionnaire -------------------------------------------------------------------------


def minutes_for(questions: int) -> int:
    """How long a questionnaire takes, as the start page says it: 14 seconds a question, in whole
    minutes (rounded, at least one)."""
    return max(1, round(questions * SECONDS_PER_QUESTION / 60))


def questionnaire_length(questions: int) -> str:
    """How long a questionnaire is, as the pages say it: "12 questions, about 3 minutes"
    (:func:`minutes_for`)."""
    return f"{questions} questions, about {minutes_for(questions)} minutes"


def variant_offer(model: Model, variant: Variant) -> str:
    """What a button that begins a questionnaire says: its name and :func:`questionnaire_length`,
    e.g. "Quick check — 12 questions, about 3 minutes"."""
    name = "Quick check" if variant == "quick" else "Full assessment"
    return f"{name} — {questionnaire_length(len(model.questions_in(variant)))}"


def not_applicable_reason(model: Model, dimension: Dimension, answers: Mapping[str, str]) -> str:
    """Why a dimension does not apply, in the answer that says so: 'Strategy per network does not
    apply: you said “One” about how many networks you use.' ("" when it applies)."""
    if dimension.not_applicable_when is None:
        return ""
    question_id, option_id = dimension.not_applicable_when
    fact = model.question(question_id)
    if fact is None or answers.get(question_id) != option_id:
        return ""
    option = model.option(fact, option_id)
    label = option.label if option else option_id
    return f"{dimension.name} does not apply: you said “{label}” about {fact.topic}."


def does_not_apply(model: Model, result: Result) -> list[tuple[str, str]]:
    """What does not apply to the business, as every output lists it, each as (what, why): a
    dimension a fact makes not apply ("Strategy per network", 'you said “One” about how many networks
    you use'), then each other question answered "does not apply" (its text, its dimension)."""
    answers = dict(result.answers)
    reasons = {d.id: not_applicable_reason(model, d, answers) for d in model.dimensions}
    items = [(d.name, reasons[d.id].split(": ", 1)[1].rstrip(".")) for d in model.dimensions if reasons[d.id]]
    items += [
        (q.text, model.dimension(q.dimension).name) for q in result.not_applicable_questions if not reasons[q.dimension]
    ]
    return items


# --- The roadmap -------------------------------------------------------------------------------


def roadmap_groups(steps: Sequence[RoadmapStep]) -> list[tuple[Dimension, list[RoadmapStep]]]:
    """The roadmap as shown: steps grouped by dimension, groups in the order of their first step
    (the roadmap's order, largest gap first), steps in roadmap order within a group."""
    groups: dict[str, tuple[Dimension, list[RoadmapStep]]] = {}
    for step in steps:
        groups.setdefault(step.dimension.id, (step.dimension, []))[1].append(step)
    return list(groups.values())


FIRST_STEPS = 3  # the results page opens with this many of the roadmap's steps
COUNT_WORDS = ("no", "one", "two", "three")


def first_steps_heading(count: int) -> str:
    """The heading over the results page's first steps: "Your first three steps", "Your first step"."""
    if count == 1:
        return "Your first step"
    return f"Your first {COUNT_WORDS[count] if count < len(COUNT_WORDS) else count} steps"


ROADMAP_ORDER = (
    "Steps that lift a cap on your level come first, then the largest gaps; each answers something you said."
)


def because_text(step: RoadmapStep) -> str:
    """Why a step is on the roadmap, in the answers that called for it: 'Because you said “A few
    weeks at most” about how long new efforts run, and “Never” about ...'."""
    said = [f"“{option.label}” about {question.topic}" for question, option in step.because]
    listed = said[0] if len(said) == 1 else f"{', '.join(said[:-1])} and {said[-1]}"
    return f"Because you said {listed}"


def step_detail(step: RoadmapStep, with_effort: bool = True) -> str:
    """The line under a step, as every output shows it: why (:func:`because_text`), the cap it
    lifts when its answers fail a condition of a level, its effort (unless the page shows it as
    a badge), and the other dimensions it helps."""
    parts = [because_text(step)]
    parts += [f"lifts the cap on your level ({c.says})" for c in step.conditions]
    if with_effort:
        parts.append(f"{step.recommendation.effort} effort")
    if step.also:
        parts.append(f"also helps {', '.join(d.name for d in step.also)}")
    return " · ".join(parts)


def source_titles(model: Model, sources: Sequence[str]) -> str:
    """Where a piece of advice comes from, as a reader sees it: the posts' titles in quotes
    (file names stay in the machine-readable outputs); :func:`cited_seeds` gives each one's gist."""
    return ", ".join(f"“{seed.title}”" if (seed := model.seed(file)) else file for file in sources)


def cited_seeds(model: Model, steps: Sequence[RoadmapStep]) -> list[SeedDigest]:
    """The posts a roadmap cites, in the order they are first cited, each once: listed under the
    roadmap with their title and one-line gist."""
    files = dict.fromkeys(file for step in steps for file in step.recommendation.sources)
    return [seed for file in files if (seed := model.seed(file)) is not None]


# --- The compare view --------------------------------------------------------------------------


def points_text(change: DimensionChange) -> str:
    """A dimension's move in whole points, without its sign: "3 points", and "1 point" for a real
    move below one point (:func:`assessment.rounding.points_moved`); "" without a score on a side."""
    if change.before is None or change.after is None:
        return ""
    return points(points_moved(change.before, change.after, change.moved))


def over_time_summary(over_time: OverTime) -> str:
    """The over-time view in one sentence: the span, how the level and the overall score moved,
    and the biggest improvement and slide (or that there was none)."""
    before, after = over_time.before, over_time.after
    dates = [entry.taken_on.isoformat() if entry.taken_on else entry.label for entry in (before, after)]
    span = f"From {dates[0]} to {dates[1]}"
    level = level_change_text(over_time.level.before, over_time.level.after)
    scores = f"{whole_points(over_time.overall_before)} → {whole_points(over_time.overall_after)}"
    parts = [f"{span}, the level {level} (overall score {scores})"]
    up, down = over_time.biggest_improvement, over_time.biggest_slide
    if up is not None:
        parts.append(f"the biggest improvement was {up.dimension.name}, up {points_text(up)}")
    else:
        parts.append("no dimension improved")
    if down is not None:
        parts.append(f"the biggest slide was {down.dimension.name}, down {points_text(down)}")
    else:
        parts.append("no dimension slid back")
    return parts[0] + "; " + ", and ".join(parts[1:]) + "."


def side_by_side_reason(first: Entry, second: Entry) -> str:
    """Why two results are shown side by side and not as progress over time
    (:func:`assessment.compare.reads_over_time`): other organisations, no two dates, or one date."""
    if same_organisation(first.name) != same_organisation(second.name):
        return "They are not read as progress over time: they belong to two different organisations."
    if first.taken_on is None or second.taken_on is None:
        return "They are not read as progress over time: a result without a date cannot be placed in time."
    return (
        "They are not read as progress over time: both were taken on the same day, so they are two views, not a change."
    )


def spread_message(spread: QuestionSpread) -> str:
    """A question's finding in the team view, in plain words: the team disagrees on it, or how many
    were not sure ("" if neither)."""
    if spread.disagreement and spread.lowest is not None and spread.highest is not None:
        text = (
            f'Your team does not agree on "{spread.question.text}": answers run from '
            f'"{spread.lowest.label}" to "{spread.highest.label}".'
        )
    elif spread.unsure:
        text = f'On "{spread.question.text}":'
    else:
        return ""
    if spread.unsure:
        text += f' {spread.unsure} {"person" if spread.unsure == 1 else "people"} answered "Not sure".'
    return text


# --- The team summary --------------------------------------------------------------------------

WIDEST_SHOWN = 5  # disagreements shown at first; the rest behind "show all"
TEAM_SCORE_WIDEST = "100 (100–100)"  # the widest line :func:`team_score_line` writes: layouts reserve it


def team_score_line(span: DimensionRange) -> str:
    """A dimension's team scores in one line, under its name on the team radar: the mean, then the
    lowest and highest, "54 (31–78)"; "–" when it applies to nobody."""
    if span.mean is None or span.low is None or span.high is None:
        return shown_score(None)
    return f"{shown_score(span.mean)} ({shown_score(span.low)}–{shown_score(span.high)})"


def answer_counts(spread: QuestionSpread) -> str:
    """How many chose each answer, in the scale's order: '2 × “Never” · 1 × “Always” · 1 not answered'."""
    parts = [f"{count} × “{option.label}”" for option, count in spread.answers]
    if spread.unanswered:
        parts.append(f"{spread.unanswered} not answered")
    return " · ".join(parts)


def disagreement_groups(
    model: Model, spreads: Sequence[QuestionSpread]
) -> list[tuple[Dimension, list[QuestionSpread]]]:
    """Disagreements grouped by dimension: groups in the order of their widest question (``spreads``
    come widest first), questions in the order given within a group."""
    groups: dict[str, tuple[Dimension, list[QuestionSpread]]] = {}
    for spread in spreads:
        dimension = model.dimension(spread.question.dimension)
        groups.setdefault(dimension.id, (dimension, []))[1].append(spread)
    return list(groups.values())


def widest_and_rest(spreads: Sequence[QuestionSpread]) -> tuple[list[QuestionSpread], list[QuestionSpread]]:
    """The :data:`WIDEST_SHOWN` widest disagreements, shown first, and the rest, behind "show all"."""
    return list(spreads[:WIDEST_SHOWN]), list(spreads[WIDEST_SHOWN:])


def level_rows(counts: Sequence[LevelCount], total: int, target: Level | None) -> list[tuple[str, str, str]]:
    """The levels the team's results reach, highest first, as table rows: the level (and "team target"
    on the target's row), how many results are at it, and how many reach it ("2 of 5")."""
    rows = []
    for count in reversed(counts):
        name = (
            f"{count.level.name} (team target)"
            if target is not None and count.level.id == target.id
            else count.level.name
        )
        rows.append((name, str(count.at), f"{count.reaching} of {total}"))
    return rows


def variant_name(result: Result) -> str:
    """What a result was taken with, in a table: "quick check" or "full"."""
    return "quick check" if result.variant == "quick" else "full"

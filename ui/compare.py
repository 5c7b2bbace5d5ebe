"""The compare view: 2–10 results links side by side, over time, or as a team's views.

The figures all come from :func:`assessment.compare.compare`; this view only lays them
out. The URL is the store here too (see ``ui/state.py``): pressing Compare writes the
compare link into the page URL, and the view reads the comparison back from it, so a
reload, Back, or the shared link shows the same thing. Names come from links anyone can
write, so every label goes through :func:`ui.text.md_escape` (or plain-text elements).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from assessment.compare import (
    Comparison,
    DimensionChange,
    Entry,
    LevelCount,
    OverTime,
    QuestionSpread,
    Team,
    compare,
    levels_reached,
)
from assessment.compare_link import MAX_LINKS, compare_params, split_links
from assessment.errors import AssessmentError, CompareError
from assessment.link import decode
from assessment.model import Level, Model
from assessment.rounding import NO_SCORE, shown_delta, whole_points
from reports.wording import (
    NO_SCORE_LEVEL,
    answer_counts,
    disagreement_groups,
    level_rows,
    level_shift,
    over_time_summary,
    points_text,
    side_by_side_reason,
    signed,
    spread_message,
    widest_and_rest,
)
from ui import radar, routes, state
from ui.text import md_escape

LINKS_KEY = "compare_links"
SHOWN_KEY = "compare_links_shown"  # the URL's links last put into the text area
ERROR_KEY = "compare_error"
LINKS_LABEL = "Paste 2–10 results links, one per line"


def absolute(query: str) -> str:
    """A query (``?...``) as an absolute link of the running app (relative if the address is unknown)."""
    base = st.context.url
    return f"{base}/{query}" if base else query


def _points(change: DimensionChange) -> str:
    """A dimension's move in whole points, signed ("+3 points", "−1 point")."""
    return f"{'+' if (change.delta or 0.0) > 0 else '−'}{points_text(change)}"


def _cell(score: float | None) -> int | str:
    """A score in a table: whole points, or "–" for a dimension without a score."""
    return NO_SCORE if score is None else whole_points(score)


# --- Going to a comparison -------------------------------------------------------------------


def _problem(model: Model, lines: Sequence[str]) -> str | None:
    """Why these pasted lines cannot become a compare link, or None if they can.

    Every line must open as a results link: a line the comparison would skip never goes
    into the page address (it stays in the text area, named in the message, to be fixed).
    """
    if len(lines) > MAX_LINKS:
        return (
            f"You pasted {len(lines)} results links; the comparison takes at most {MAX_LINKS}. "
            "Remove some and press Compare again."
        )
    if len(lines) < 2:
        return "Paste at least two results links, one per line, to compare them."
    for number, line in enumerate(lines, 1):
        try:
            decode(model, line)
        except AssessmentError as error:
            return f"Link {number} cannot be compared. {error} Fix or remove it and press Compare again."
    return None


def _submit(model: Model) -> None:
    lines = split_links(str(st.session_state.get(LINKS_KEY) or ""))
    problem = _problem(model, lines)
    if problem is not None:
        st.session_state[ERROR_KEY] = problem  # the text area keeps what was pasted
        return
    if not state.set_address(compare_params(lines)):
        st.session_state[ERROR_KEY] = (
            f"Together these {len(lines)} links are too long for one web address (at most "
            f"{routes.MAX_ADDRESS_LENGTH:,} characters). Compare fewer of them at a time."
        )


def _sync_text_area(queries: tuple[str, ...]) -> None:
    """Show the URL's links in the text area when the URL brings new ones (the URL wins)."""
    if st.session_state.get(SHOWN_KEY) != queries or LINKS_KEY not in st.session_state:
        st.session_state[LINKS_KEY] = "\n".join(absolute(q) for q in queries)
        st.session_state[SHOWN_KEY] = queries


# --- The comparison --------------------------------------------------------------------------


def overview_table(comparison: Comparison) -> pd.DataFrame:
    """One row per compared result: its legend (escaped), overall score and level."""
    return pd.DataFrame(
        {
            "Result": [md_escape(e.legend) for e in comparison.entries],
            "Overall": [whole_points(e.result.overall) for e in comparison.entries],
            "Level": [e.result.level.name for e in comparison.entries],
        }
    )


def scores_table(comparison: Comparison) -> pd.DataFrame:
    """Dimension, then one column of scores per compared result (headers are escaped legends)."""
    first = comparison.entries[0].result
    table: dict[str, list[str] | list[int | str]] = {"Dimension": [d.dimension.name for d in first.dimensions]}
    for entry in comparison.entries:
        table[md_escape(entry.legend)] = [_cell(d.score) for d in entry.result.dimensions]
    return pd.DataFrame(table)


def deltas_table(over_time: OverTime) -> pd.DataFrame:
    rows = []
    for change in over_time.changes:
        level = change.level
        rows.append(
            {
                "Dimension": change.dimension.name,
                "Before": _cell(change.before),
                "After": _cell(change.after),
                "Change": NO_SCORE if change.shown_delta is None else signed(change.shown_delta),
                "Level": NO_SCORE_LEVEL if level is None else level_shift(level.before, level.after),
            }
        )
    return pd.DataFrame(rows)


def _spread(low: float | None, high: float | None) -> int | str:
    return NO_SCORE if low is None or high is None else shown_delta(low, high)


def team_table(team: Team) -> pd.DataFrame:
    """Per dimension: how many results measured it, and the team's mean, lowest and highest score."""
    return pd.DataFrame(
        {
            "Dimension": [r.dimension.name for r in team.dimensions],
            "Results": [r.measured for r in team.dimensions],
            "Mean": [_cell(r.mean) for r in team.dimensions],
            "Lowest": [_cell(r.low) for r in team.dimensions],
            "Highest": [_cell(r.high) for r in team.dimensions],
        }
    )


def levels_table(counts: Sequence[LevelCount], total: int, target: Level | None) -> pd.DataFrame:
    """Per level, highest first: how many results are at it and how many reach it (the target marked)."""
    rows = level_rows(counts, total, target)
    return pd.DataFrame(
        {
            "Level": [name for name, _, _ in rows],
            "At this level": [at for _, at, _ in rows],
            "Reaching it": [reaching for _, _, reaching in rows],
        }
    )


def disagreements_md(model: Model, spreads: Sequence[QuestionSpread]) -> str:
    """Disagreements as markdown, grouped by dimension (:func:`reports.wording.disagreement_groups`):
    each question's text, and under it how many chose each answer."""
    blocks = []
    for dimension, items in disagreement_groups(model, spreads):
        lines = [f"**{md_escape(dimension.name)}**", ""]
        lines += [
            f"- {md_escape(item.question.text)}  \n  :small[:gray[{md_escape(answer_counts(item))}]]" for item in items
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _side_by_side(model: Model, entries: Sequence[Entry], comparison: Comparison) -> None:
    st.header("Side by side")
    legends = [e.legend for e in entries]
    # As on the results page: the radar takes the column's whole width (its labels need it), the
    # overview follows it.
    st.vega_lite_chart(radar.compare_chart_for(model, legends, [e.result for e in entries]), width="stretch")
    st.caption(
        "One polygon per result, each in its own colour and line style; each ring is a level boundary. "
        "Tap or hover a point for its score; the chart's toolbar downloads it as PNG."
    )
    st.table(overview_table(comparison), hide_index=True)
    st.table(scores_table(comparison), hide_index=True)
    st.caption("Scores out of 100 per dimension, one column per result.")


def _over_time(over_time: OverTime) -> None:
    st.header("Over time")
    st.caption(f"{md_escape(over_time.before.legend)} → {md_escape(over_time.after.legend)}, by date.")
    level, up, down = over_time.level, over_time.biggest_improvement, over_time.biggest_slide
    overall_delta = shown_delta(over_time.overall_before, over_time.overall_after)
    first, second = st.columns(2)
    first.metric(
        "Level",
        level.after.name,
        delta=f"{level.steps:+d} level{'s' if abs(level.steps) != 1 else ''}" if level.steps else "unchanged",
        delta_color="normal" if level.steps else "off",
    )
    second.metric(
        "Overall score",
        str(whole_points(over_time.overall_after)),
        delta=signed(overall_delta) if overall_delta else "unchanged",
        delta_color="normal" if overall_delta else "off",
    )
    third, fourth = st.columns(2)
    with third:
        if up is not None:
            shown = f"**{md_escape(up.dimension.name)}** :green-badge[:material/arrow_upward: {_points(up)}]"
        else:
            shown = "**None**: no dimension improved."
        st.markdown(f":small[Biggest improvement]  \n{shown}")
    with fourth:
        if down is not None:
            shown = f"**{md_escape(down.dimension.name)}** :red-badge[:material/arrow_downward: {_points(down)}]"
        else:
            shown = "**None**: no dimension slid back."
        st.markdown(f":small[Biggest slide]  \n{shown}")
    st.info(md_escape(over_time_summary(over_time)))
    st.table(deltas_table(over_time), hide_index=True)
    st.caption("Change: after minus before, in whole points.")


def team_view(model: Model, team: Team, target: Level | None = None) -> None:
    """The team summary (also a room's): per dimension the team's mean, lowest and highest on a radar
    and in a table, how many results reach each level (and the target, if given), the questions the
    team disagrees on, grouped by dimension with how many chose each answer (the widest
    :data:`~reports.wording.WIDEST_SHOWN` first, the rest behind "show all"), and what to find out."""
    who = f" of {md_escape(team.name)}" if team.name else ""
    total = len(team.members)
    st.header(f"Team summary: {total} results{who}")
    st.caption(
        "Per dimension, the team's mean (filled) and its lowest and highest score; under each name, "
        "mean (lowest–highest). A wide range means people see it differently."
    )
    st.vega_lite_chart(radar.team_chart_for(model, team), width="stretch")
    st.table(team_table(team), hide_index=True)
    st.caption("Scores out of 100. Results: how many results measured the dimension.")
    counts = levels_reached(model, team)
    st.markdown("**Levels reached**")
    if target is not None:
        reaching = next(c.reaching for c in counts if c.level.id == target.id)
        st.markdown(f"Team target: **{md_escape(target.name)}**. {reaching} of {total} results reach it overall.")
    st.table(levels_table(counts, total, target), hide_index=True)
    st.markdown("**Where your team disagrees**")
    spreads = team.disagreements
    if spreads:
        count = f"{len(spreads)} question{'s' if len(spreads) != 1 else ''}"
        st.caption(
            f"{count}, the widest spread first, grouped by dimension, with how many chose each answer. "
            "Disagreement is a finding in itself: talk about these before you plan."
        )
        widest, rest = widest_and_rest(spreads)
        st.markdown(disagreements_md(model, widest))
        if rest:
            with st.expander(
                f"Show all: {len(rest)} more question{'s' if len(rest) != 1 else ''} the team disagrees on"
            ):
                st.markdown(disagreements_md(model, rest))
    else:
        st.success("Your team broadly agrees: no question's answers are far apart.")
    unsure_only = [q for q in team.not_sure if not q.disagreement]
    if unsure_only:
        st.markdown("**Find out together**")
        st.caption("Someone answered “Not sure” here.")
        st.markdown("\n".join(f"- {md_escape(spread_message(q))}" for q in unsure_only))


def _comparison(model: Model, queries: tuple[str, ...]) -> None:
    try:
        comparison = compare(model, queries)  # a compare link holds at most MAX_LINKS: no error expected
    except CompareError as error:
        st.error(md_escape(str(error)))
        return
    for skipped in comparison.skipped:
        st.warning(md_escape(skipped.text))
    entries = comparison.entries
    if len(entries) < 2:
        st.error(
            "There is nothing to compare: "
            + ("no link could be read." if not entries else "only one link could be read.")
            + " Paste at least two working results links."
        )
        return
    _side_by_side(model, entries, comparison)
    if comparison.over_time is not None:
        _over_time(comparison.over_time)
    elif len(entries) == 2:
        st.caption(md_escape(side_by_side_reason(*entries)))
    if comparison.team is not None:
        team_view(model, comparison.team)
    elif len(entries) >= 3:
        st.caption(
            "The team view needs three or more results of the same organisation (the same name, or none at all)."
        )

    st.header("Share this comparison")
    st.code(absolute(comparison.link), language=None, wrap_lines=True)
    left_out = " Damaged links are left out of it." if comparison.skipped else ""
    st.caption(f"This link reopens this comparison. Nothing is stored on a server.{left_out}")


def render(model: Model, queries: tuple[str, ...] = (), error: CompareError | None = None) -> None:
    st.title("Compare results")
    st.markdown(
        "Paste results links to see them side by side. **Two** links of one organisation taken on "
        "different dates show its progress over time; **three or more** with the same organisation name "
        "show where a team agrees and where it does not."
    )
    if error is not None:
        st.error(md_escape(str(error)))
    _sync_text_area(queries)
    st.text_area(
        LINKS_LABEL,
        key=LINKS_KEY,
        height=150,
        placeholder="https://…/?v=1&a=…\nhttps://…/?v=1&a=…",
        help="Each results link is the one under “Share these results” on a results page.",
    )
    st.button("Compare", key="compare_submit", type="primary", on_click=_submit, args=(model,))
    problem = st.session_state.pop(ERROR_KEY, None)
    if problem:
        st.error(problem)
    if len(queries) >= 2:
        _comparison(model, queries)
    elif queries and not problem:
        st.info("Add at least one more results link, one per line, and press Compare.")

    st.divider()
    st.button("Take the assessment", key="compare_start", on_click=state.clear)

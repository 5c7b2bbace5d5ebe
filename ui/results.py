"""The results view: level, radar and table, target selector, roadmap, find-out list, share link."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import NamedTuple

import pandas as pd
import streamlit as st

from assessment.export import to_csv, to_html, to_json
from assessment.link import LinkData, encode, parse_query
from assessment.model import Model, Step
from assessment.report import text_report
from assessment.scoring import Result, display_score, score
from ui import radar, state
from ui.questionnaire import older_link_note
from ui.text import display_gap, md_escape

TARGET_KEY = "target"

EFFORT_BADGE = {
    "low": ":green-badge[low effort]",
    "medium": ":orange-badge[medium effort]",
    "high": ":red-badge[high effort]",
}


class Download(NamedTuple):
    """One download button: its label, content, file name and type."""

    label: str
    data: str
    file_name: str
    mime: str


def _set_target(model: Model) -> None:
    target = st.session_state.get(TARGET_KEY)
    data = state.current_link(model)
    if isinstance(target, str) and model.level(target) is not None:
        state.write(model, replace(data, target=target))


def _to_step(model: Model, step: int) -> None:
    state.write(model, state.current_link(model), step=step)


def _to_compare(model: Model, data: LinkData) -> None:
    state.open_compare(parse_query(encode(model, data)))


def downloads(model: Model, result: Result, data: LinkData, link: str) -> list[Download]:
    """What the results page offers for download, in the order of its buttons."""
    stem = f"social-media-assessment-{(data.taken_on or date.today()).isoformat()}"
    return [
        Download("Download as text", text_report(result, data.name), f"{stem}.txt", "text/plain"),
        Download("Download as JSON", to_json(model, result, data, link), f"{stem}.json", "application/json"),
        Download("Download as CSV", to_csv(result), f"{stem}.csv", "text/csv"),
        Download("Printable report (HTML)", to_html(model, result, data, link), f"{stem}.html", "text/html"),
    ]


def _downloads(model: Model, result: Result, data: LinkData, link: str) -> None:
    st.markdown("**Download**")
    items = downloads(model, result, data, link)
    for row in (items[:2], items[2:]):
        for column, item in zip(st.columns(2), row, strict=True):
            with column:
                st.download_button(
                    item.label,
                    data=item.data,
                    file_name=item.file_name,
                    mime=item.mime,
                    on_click="ignore",
                    width="stretch",
                    icon=":material/download:",
                )
    st.caption(
        "JSON: answers and the full result · CSV: one row per dimension · HTML: a self-contained report "
        "that prints to PDF from your browser. The chart's toolbar (hover or tap it) downloads it as PNG."
    )


def share_link(model: Model, data: LinkData) -> str:
    """The absolute results link as the browser sees the app (relative if the address is unknown)."""
    query = encode(model, data)
    base = st.context.url
    return f"{base}/{query}" if base else query


def table_of(result: Result) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Dimension": [d.dimension.name for d in result.dimensions],
            "Score": [int(display_score(d.score)) for d in result.dimensions],
            "Level": [d.level.name for d in result.dimensions],
            "Target": [int(display_score(d.target_score)) for d in result.dimensions],
            "Gap": [display_gap(d.gap) for d in result.dimensions],
        }
    )


def _roadmap(result: Result) -> None:
    st.header(f"Your roadmap to {result.target.name}")
    if not result.next_steps:
        st.success(f"Every dimension already reaches {result.target.name}. Keep it there.")
        return
    st.caption("Next steps grouped by dimension, the largest gap first.")
    groups: dict[str, list[Step]] = {}
    for step in result.next_steps:
        groups.setdefault(step.dimension.id, []).append(step)
    for steps in groups.values():
        dimension = result.dimension(steps[0].dimension.id)
        with st.container(border=True):
            st.markdown(
                f"**{md_escape(dimension.dimension.name)}** · score {display_score(dimension.score)}, "
                f"{display_gap(dimension.gap)} points to go"
            )
            for step in steps:
                sources = ", ".join(f"`{source}`" for source in step.recommendation.sources)
                seeds = "seeds" if len(step.recommendation.sources) > 1 else "seed"
                st.markdown(
                    f"{md_escape(step.recommendation.step)}  \n"
                    f"{EFFORT_BADGE[step.recommendation.effort]} "
                    f":small[{md_escape(step.from_level.name)} → {md_escape(step.to_level.name)} · "
                    f"from {seeds} {sources}]"
                )


def _open_questions(model: Model, result: Result) -> None:
    if result.unknown_questions:
        st.header("Find out")
        st.caption("You answered “Not sure” here. Finding out is the first step.")
        st.markdown(
            "\n".join(
                f"- {md_escape(q.text)} :small[({md_escape(model.dimension(q.dimension).name)})]"
                for q in result.unknown_questions
            )
        )
    if result.missing_questions:
        count = len(result.missing_questions)
        st.header("Unanswered")
        st.markdown(
            f"{count} question{'s' if count != 1 else ''} not answered yet; they count as 0 until you answer them."
        )
        with st.expander("Show the unanswered questions"):
            st.markdown("\n".join(f"- {md_escape(q.text)}" for q in result.missing_questions))
        first = state.step_of(model, result.missing_questions[0])
        st.button("Answer the missing questions", key="answer_missing", on_click=_to_step, args=(model, first))


def render(model: Model, data: LinkData, new_question_ids: tuple[str, ...] = ()) -> None:
    if data.taken_on is None:  # a link made elsewhere (e.g. the CLI): stamp the day it is first shown
        data = state.with_date(data)
        state.write(model, data)
    result = score(model, data.answers, data.target)

    if data.name:
        st.caption(md_escape(data.name))
    older_link_note(model, new_question_ids, key="new_questions_r")
    st.caption(
        f"Your level{' · taken on ' + data.taken_on.isoformat() if data.taken_on else ''} · "
        f"overall score {display_score(result.overall)} of 100"
    )
    st.title(result.level.name)
    st.markdown(md_escape(result.level.description))
    st.info(md_escape(result.explanation))

    st.header("Where you stand")
    higher = [lv for lv in model.levels if lv.rank > result.level.rank] or [model.levels[-1]]
    if result.target not in higher:
        higher = sorted([*higher, result.target], key=lambda lv: lv.rank)
    if st.session_state.get(TARGET_KEY) != result.target.id:
        st.session_state[TARGET_KEY] = result.target.id  # the URL wins
    names = {lv.id: lv.name for lv in model.levels}
    st.selectbox(
        "Target level",
        options=[lv.id for lv in higher],
        format_func=names.__getitem__,
        key=TARGET_KEY,
        on_change=_set_target,
        args=(model,),
        help="The level you aim for next. The chart, the gaps and the roadmap follow it.",
    )
    chart_column, table_column = st.columns(2, gap="small")  # 344 px each: the 340 px chart, the table
    with chart_column:
        st.vega_lite_chart(radar.chart_for(model, result), width="content")
        boundaries = " · ".join(f"{lv.min_score:g} {lv.name}" for lv in model.levels[1:])
        st.caption(f"Each ring is a level boundary: {boundaries}. Tap or hover a point for its score.")
    with table_column:
        st.table(table_of(result), hide_index=True)
        st.caption(f"Scores out of 100. Target: the lower bound of {result.target.name}; gap: points to go.")

    _roadmap(result)
    _open_questions(model, result)

    st.divider()
    st.button("Change answers", key="change_answers", on_click=_to_step, args=(model, 1))

    st.header("Share these results")
    link = share_link(model, data)
    st.code(link, language=None, wrap_lines=True)
    st.caption("Anyone with this link sees these results. Nothing is stored on a server.")
    st.button(
        "Compare with another result",
        key="compare_with",
        on_click=_to_compare,
        args=(model, data),
        help="Progress over time, or your team's answers side by side: paste more results links.",
    )
    _downloads(model, result, data, link)

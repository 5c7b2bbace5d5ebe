"""The results view, in the order a reader needs it: the level and where it sits on the ladder, why,
the first three steps (or what to find out first); then the radar and the table, the target level,
the whole roadmap (a card per dimension, collapsed), what to find out, and a way to share and keep
the results. Every part that names a dimension or a question opens it in the questionnaire."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial
from typing import NamedTuple

import streamlit as st

from assessment.link import DecodedLink, LinkData, encode, score_link
from assessment.model import Model
from assessment.names import display_name
from assessment.query import parse_query
from assessment.rounding import shown_gap_text, shown_score, whole_points
from assessment.scoring import Result, RoadmapStep
from reports import FORMATS, Report
from reports.wording import (
    FIRST_STEPS,
    ROADMAP_ORDER,
    cited_seeds,
    does_not_apply,
    file_stem,
    first_steps_heading,
    ladder_position,
    level_name,
    roadmap_groups,
    source_titles,
    step_detail,
)
from ui import downloads as making
from ui import join, radar, share, state, titles
from ui.questionnaire import ANSWERED_HERE_KEY, older_link_note
from ui.routes import joining, step_of
from ui.text import markdown_table, md_escape

TARGET_KEY = "target"
CHANGE_KEY = "change-about"  # "Change your answers about": one tap on a dimension opens its page
SCORES_KEY = "scores"  # the chart and the table: its class st-key-scores keeps them together in print
PRINT_LINK_KEY = "print-link"  # the results link as text, shown in print only
# Printing the results page: no buttons, popovers, target selector or the app's own header and
# toolbars, every collapsed card printed open (::details-content, where the browser has it), and the
# chart and its table on one page. Streamlit sends a style-only
# st.html to the page's head-like event container, so it takes no room on screen.
PRINT_STYLE = """<style>
.st-key-print-link { display: none; }
@media print {
  [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stStatusWidget"], [data-testid="stElementToolbar"], [data-testid="stButton"],
  [data-testid="stDownloadButton"], [data-testid="stPopover"], [data-testid="stPopoverBody"],
  [data-testid="stButtonGroup"] { display: none !important; }
  [data-testid="stExpander"] details::details-content { content-visibility: visible; }
  [data-testid="stExpanderDetails"] { display: block !important; height: auto !important; }
  [data-testid="stExpander"] summary [data-testid="stIconMaterial"] { display: none; }
  [data-testid="stMainBlockContainer"] { padding-top: 0; }
  .st-key-print-link { display: block; }
  .st-key-scores { break-inside: avoid; page-break-inside: avoid; }
  .st-key-scores [data-testid="stVegaLiteChart"] svg { width: auto; height: auto; max-width: 100%; max-height: 95mm; }
  .st-key-scores th, .st-key-scores td { padding-top: 1px; padding-bottom: 1px; }
}
</style>"""

# The download buttons, in their order: a format of reports.FORMATS and its button's label.
DOWNLOADS = {
    "pdf": "Download as PDF",
    "text": "Download as text",
    "json": "Download as JSON",
    "csv": "Download as CSV",
    "html": "Printable report (HTML)",
}
EFFORT_BADGE = {
    "low": ":green-badge[low effort]",
    "medium": ":orange-badge[medium effort]",
    "high": ":red-badge[high effort]",
}


class Download(NamedTuple):
    """One download button: its label, what makes its content, file name and type.

    ``data`` is called only when the button is clicked (Streamlit's deferred download), so a
    results run neither builds the five files nor registers them with the media store, and
    the browser fetches nothing while the page paints; and it is made through
    :func:`ui.downloads.on_click`, so a click makes it once whatever a client sends.
    """

    label: str
    data: Callable[[], str | bytes]
    file_name: str
    mime: str


PDF_MIME = "application/pdf"  # the one download made in a worker process: ~150 ms of pure Python


def _set_target(model: Model) -> None:
    target = st.session_state.get(TARGET_KEY)
    data = state.current_link(model)
    if isinstance(target, str) and model.level(target) is not None:
        state.write(model, replace(data, target=target))


def _to_step(model: Model, step: int) -> None:
    """Open a questionnaire page to change answers there; its first button goes back to these results."""
    state.write(model, state.current_link(model), step=step, review=True)


def _take_it_yourself() -> None:
    state.clear()


def _continue_full(model: Model) -> None:
    """From a quick check's results to the full assessment: every answer kept, only the rest asked."""
    data = state.current_link(model)
    state.write(model, replace(data, variant="full"), step=1, rest=True)


def _to_compare(model: Model, data: LinkData) -> None:
    state.open_compare(parse_query(encode(model, data)))


def downloads(model: Model, result: Result, data: LinkData, link: str) -> list[Download]:
    """What the results page offers for download, in the order of its buttons (:data:`DOWNLOADS`)."""
    stem = file_stem(data.name, data.taken_on or date.today())
    report = Report(model, result, data, link)
    return [
        Download(label, partial(FORMATS[name].render, report), f"{stem}.{FORMATS[name].suffix}", FORMATS[name].mime)
        for name, label in DOWNLOADS.items()
    ]


def _downloads(model: Model, result: Result, data: LinkData, link: str) -> None:
    """The downloads, in a popover: its content mounts only when it opens."""
    with st.popover("Download the results", icon=":material/download:"):
        for item in downloads(model, result, data, link):
            st.download_button(
                item.label,
                data=making.on_click(item.data, apart=item.mime == PDF_MIME),
                file_name=item.file_name,
                mime=item.mime,
                on_click="ignore",
                width="stretch",
                icon=":material/download:",
            )
        st.caption(
            "PDF: an A4 report with the chart, the table, the roadmap and a QR code of the results link · "
            "JSON: answers and the full result · CSV: one row per dimension · HTML: a self-contained report "
            "that opens offline. The chart's toolbar (hover or tap it) downloads it as PNG."
        )


def share_link(model: Model, data: LinkData) -> str:
    """The absolute results link as the browser sees the app (relative if the address is unknown)."""
    query = encode(model, data)
    base = st.context.url
    return f"{base}/{query}" if base else query


TABLE_HEADER = ("Dimension", "Score", "Level", "Gap")


def table_rows(result: Result) -> list[tuple[str, str, str, str]]:
    """The results table under the chart: one row per dimension, in whole points ("–" and
    "Does not apply" for a dimension without a score).

    The target is the same for every dimension, so the caption names it, not a column.
    """
    return [
        (d.dimension.name, shown_score(d.score), level_name(d.level), shown_gap_text(d.score, d.target_score))
        for d in result.measured_dimensions
    ]


def _first_steps(model: Model, result: Result) -> None:
    """Right under the level and its why: the roadmap's first three steps, one item each with its
    effort and why; or, when too little is known for a roadmap, what to find out first."""
    if result.find_out_first:
        st.header("Find out first")
        _find_out_items(model, result, "first")
        _missing(model, result)
        return
    steps = result.next_steps[:FIRST_STEPS]
    if not steps:
        st.success(f"Every dimension already reaches {result.target.name}. Keep it there.")
        return
    st.header(first_steps_heading(len(steps)))
    st.markdown(
        "\n".join(
            f"{number}. **{md_escape(step.recommendation.step)}**  \n"
            f"{EFFORT_BADGE[step.recommendation.effort]} :small[{md_escape(step_detail(step, with_effort=False))}]"
            for number, step in enumerate(steps, 1)
        )
    )
    if len(result.next_steps) > len(steps):
        st.caption(f"The whole roadmap to {result.target.name}, dimension by dimension, follows the chart.")


def _roadmap(model: Model, result: Result) -> None:
    """The whole roadmap: a card per dimension, collapsed, each opening its questions; the sources."""
    st.header(f"Your roadmap to {result.target.name}")
    if result.find_out_first:
        st.markdown("None yet: too little is known. Find out the answers listed at the top first.")
        return
    if not result.next_steps:
        st.success(f"Every dimension already reaches {result.target.name}. Keep it there.")
        return
    st.caption(ROADMAP_ORDER)
    for dimension, steps in roadmap_groups(result.next_steps):
        shown = result.dimension(dimension.id)
        count = f"{len(steps)} step{'s' if len(steps) != 1 else ''}"
        label = (
            f"**{md_escape(dimension.name)}** · score {shown_score(shown.score)}, "
            f"{shown_gap_text(shown.score, shown.target_score)} points to go · {count}"
        )
        with st.expander(label):
            st.markdown(_card(model, steps))
            _change_button(model, result, dimension.id, f"roadmap_change_{dimension.id}")
    with st.expander("Sources: the blog posts this advice draws on"):
        st.markdown(
            "\n".join(
                f"- “{md_escape(seed.title)}”: {md_escape(seed.gist)}" for seed in cited_seeds(model, result.next_steps)
            )
        )


def _card(model: Model, steps: list[RoadmapStep]) -> str:
    """One roadmap card's steps as a single markdown block, one paragraph per step.

    One element per card, not one per step: every markdown element is parsed and laid out
    on its own in the browser, and the roadmap's were most of the page's elements.
    """
    return "\n\n".join(
        f"{md_escape(step.recommendation.step)}  \n"
        f"{EFFORT_BADGE[step.recommendation.effort]} "
        f":small[{md_escape(step_detail(step, with_effort=False))}]  \n"
        f":small[:gray[Source: {md_escape(source_titles(model, step.recommendation.sources))}]]"
        for step in steps
    )


def _change_button(model: Model, result: Result, dimension_id: str, key: str) -> None:
    """A button, "Change answers about <dimension>", that opens its questionnaire page (in the result's variant)."""
    questions = model.questions_of(dimension_id, result.variant)
    if not questions:
        return
    st.button(
        f"Change answers about {md_escape(model.dimension(dimension_id).name)}",
        key=key,
        type="tertiary",
        icon=":material/edit:",
        on_click=_to_step,
        args=(model, step_of(model, questions[0], result.variant)),
    )


def _find_out_items(model: Model, result: Result, where: str) -> None:
    """The questions answered "Not sure", each a button that opens its page."""
    if not result.unknown_questions:
        return
    st.caption("You answered “Not sure” here. Finding out is the first step; each opens its question.")
    for question in result.unknown_questions:
        st.button(
            f"{md_escape(question.text)} :small[:gray[({md_escape(model.dimension(question.dimension).name)})]]",
            key=f"find_out_{where}_{question.id}",
            type="tertiary",
            icon=":material/arrow_forward:",
            on_click=_to_step,
            args=(model, step_of(model, question, result.variant)),
        )


def _missing(model: Model, result: Result) -> None:
    if not result.missing_questions:
        return
    count = len(result.missing_questions)
    st.markdown(f"{count} question{'s' if count != 1 else ''} not answered yet; they count as 0 until you answer them.")
    with st.expander("Show the unanswered questions"):
        st.markdown("\n".join(f"- {md_escape(q.text)}" for q in result.missing_questions))
    first = step_of(model, result.missing_questions[0], result.variant)
    st.button("Answer the missing questions", key="answer_missing", on_click=_to_step, args=(model, first))


def _open_questions(model: Model, result: Result) -> None:
    """What to find out and what is unanswered (unless the top of the page lists them), what does not apply."""
    if result.unknown_questions and not result.find_out_first:
        st.header("Find out")
        _find_out_items(model, result, "list")
    if result.missing_questions and not result.find_out_first:
        st.header("Unanswered")
        _missing(model, result)
    if result.not_applicable_questions:
        st.header("Does not apply to you")
        st.caption("Left out of your scores.")
        st.markdown(
            "\n".join(f"- {md_escape(what)} :small[({md_escape(why)})]" for what, why in does_not_apply(model, result))
        )


def _change_about(model: Model, result: Result) -> None:
    """Under the table: one tap on a dimension opens its questions (the quick check: its one page).

    Buttons, not a choice among pills: a choice would move to another page as soon as a keyboard's
    arrow key moved it."""
    if result.variant == "quick":
        st.button("Change answers", key="change_quick", icon=":material/edit:", on_click=_to_step, args=(model, 1))
        return
    st.markdown(":small[Change your answers about]")
    with st.container(horizontal=True, gap="small", key=CHANGE_KEY):
        for dimension in result.measured_dimensions:
            questions = model.questions_of(dimension.dimension.id)
            st.button(
                md_escape(dimension.dimension.name),
                key=f"change_{dimension.dimension.id}",
                on_click=_to_step,
                args=(model, step_of(model, questions[0])),
            )


def _target_selector(model: Model, result: Result) -> None:
    higher = [lv for lv in model.levels if lv.rank > result.level.rank] or [model.levels[-1]]
    if result.target not in higher:
        higher = sorted([*higher, result.target], key=lambda lv: lv.rank)
    if st.session_state.get(TARGET_KEY) != result.target.id:
        st.session_state[TARGET_KEY] = result.target.id  # the URL wins
    names = {lv.id: lv.name for lv in model.levels}
    # A segmented control rather than a select box: one tap, every choice in view, and it
    # spares a shared link's first paint the select box's code.
    st.segmented_control(
        "Target level",
        options=[lv.id for lv in higher],
        format_func=names.__getitem__,
        required=True,
        key=TARGET_KEY,
        on_change=_set_target,
        args=(model,),
        help="The level you aim for next. The chart, the gaps and the roadmap follow it.",
    )


def _recipient() -> bool:
    """Whether this results page was opened by a link rather than reached through the questionnaire
    in this browser session (and not by a member of a room, who took it): someone it was shared with."""
    return not st.session_state.get(ANSWERED_HERE_KEY) and joining(state.current_params()) is None


def _level(model: Model, result: Result, data: LinkData) -> st.delta_generator.DeltaGenerator | None:
    """The level, where it sits on the ladder, whose result it is and when it was taken; for a shared
    link's recipient, the place of "Take it yourself" (:func:`_take_it`), filled in last."""
    # The level comes first, with no caption above it: the elements before the heading
    # delayed it in a shared link's first paint.
    st.title(result.level.name)
    ladder = " › ".join(
        f"**{md_escape(lv.name)}**" if lv == result.level else md_escape(lv.name) for lv in model.levels
    )
    level = "Estimated level" if result.variant == "quick" else "Level"
    st.markdown(f":small[{level} {ladder_position(model, result.level)} · {ladder}]")
    recipient = _recipient()
    name = display_name(data.name)
    about = [md_escape(name)] if name else (["Anonymous"] if recipient else [])
    about += [f"taken on {data.taken_on.isoformat()}"] if data.taken_on else []
    st.caption(" · ".join([*about, f"overall score {whole_points(result.overall)} of 100"]))
    badges = []
    if result.variant == "quick":
        badges.append(
            # how many questions it asked is the explanation's to say, in the core's count
            f":blue-badge[Quick check] :small[An estimate: the full assessment asks "
            f"{len(model.questions) - result.asked} more questions.]"
        )
    if result.provisional:
        unknown = len(result.unknown_questions) + len(result.missing_questions)
        badges.append(
            f":orange-badge[Provisional] :small[{unknown} answer{'s' if unknown != 1 else ''} not known yet could "
            f"change this level (up to {md_escape(result.best_case.name)}).]"
        )
    if badges:
        st.markdown("  \n".join(badges))
    return st.container() if recipient else None


def _take_it() -> None:
    """For a shared link's recipient (whose and when are in the caption above it): take it yourself."""
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.markdown(":small[Someone shared these results with you.]", width="content")
        st.button("Take it yourself", key="take_it", icon=":material/arrow_forward:", on_click=_take_it_yourself)


def render(model: Model, data: LinkData, link: DecodedLink | None = None) -> None:
    if data.taken_on is None:  # a link made elsewhere (e.g. the CLI): stamp the day it is first shown
        data = state.with_date(data)
        state.write(model, data)
    result = score_link(model, data)

    take_it_slot = _level(model, result, data)
    # Team rooms: a member who came by a room's join link adds this result to the room right here,
    # under the level, and sees the confirmation here. Nothing when the address carries no join link.
    join.offer_to_room(model, data)
    st.info(md_escape(result.explanation))
    _first_steps(model, result)
    if result.variant == "quick":
        outside = len(set(data.answers) - set(model.quick_questions))
        if outside:  # e.g. a quick check taken before its list of questions changed
            st.caption(
                f"This link also carries {outside} answer{'s' if outside != 1 else ''} to questions the quick check "
                "does not ask now (it may have been made with an earlier quick check). The estimate leaves "
                f"{'them' if outside != 1 else 'it'} out; the full assessment keeps and counts "
                f"{'them' if outside != 1 else 'it'}."
            )
        st.button(
            f"Continue to the full assessment ({len(model.questions) - result.asked} more questions)",
            key="continue_full",
            type="primary",
            on_click=_continue_full,
            args=(model,),
        )
    older_link_note(model, link, key="new_questions_r")

    # Streamlit's browser fetches each element type's code when it first shows one, top-down,
    # and a shared link's first paint waits for the chart's. So the page above the chart uses
    # only elements whose code is already loaded (markdown, even for the table) plus the chart,
    # and "Take it yourself" above it and the buttons under it are kept a place and filled in last.
    # The chart takes the column's whole width (its labels and scores need it; ui/radar.py) and
    # the table, its accessible equivalent, follows it: one container with its heading, kept on
    # one printed page.
    with st.container(key=SCORES_KEY):
        st.header("Where you stand")
        st.markdown(f":small[**{md_escape(result.level.name)}**: {md_escape(result.level.description)}]")
        st.vega_lite_chart(radar.chart_for(model, result), width="stretch")
        boundaries = " · ".join(f"{lv.min_score:g} {lv.name}" for lv in model.levels[1:])
        target = result.target
        st.caption(
            f"The number under each dimension is its score out of 100. Each ring is a level boundary: "
            f"{boundaries}. The dashed line is the target, {target.name}."
        )
        st.markdown(markdown_table(TABLE_HEADER, table_rows(result), right={"Score", "Gap"}, small=True))
        st.caption(f"Scores out of 100. Gap: points to go to the target, {target.name} ({target.min_score:g}).")
    controls_slot = st.container()

    _roadmap(model, result)
    _open_questions(model, result)

    st.divider()
    st.button("Change answers from the start", key="change_answers", on_click=_to_step, args=(model, 1))

    st.html(PRINT_STYLE)
    st.header("Share and keep these results")
    address = share_link(model, data)
    st.caption("Anyone with this link sees these results. Nothing is stored on a server.")
    with st.container(key=PRINT_LINK_KEY):  # on paper only: the link the buttons below would copy
        st.caption(f"Results link: {md_escape(address)}")
    share.share(address, titles.results_title(display_name(data.name), result))
    with st.container(horizontal=True):
        # The downloads sit in a popover: Streamlit mounts a popover's content only when it
        # opens, which keeps their five buttons out of the first paint.
        _downloads(model, result, data, address)
        st.button(
            "Compare with another result",
            key="compare_with",
            on_click=_to_compare,
            args=(model, data),
            icon=":material/compare_arrows:",
            help="Progress over time, or your team's answers side by side: paste more results links.",
        )

    # Last, in the places kept for them: the buttons above the chart and the button groups under it,
    # so that a shared link's first paint fetches no code for them before the chart's.
    if take_it_slot is not None:
        with take_it_slot:
            _take_it()
    with controls_slot:
        _change_about(model, result)
        _target_selector(model, result)

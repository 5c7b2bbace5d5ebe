"""The questionnaire, every answer written into the URL at once: one dimension per step in the
full assessment (only the questions a quick check left out, when continuing one), the quick
check's questions on one page (the pages: :func:`ui.routes.steps`).

An answer click reruns only :func:`_answers` (an ``st.fragment``: the progress bar and the
step's questions); the header and the navigation around it stay as the last full run drew
them. The fragment reads the answers from the URL on every run, so what it shows is what a
reload would show. Back, Next and Skip are outside it: their clicks rerun the whole page.

Every element costs the server time on each run (building, hashing and sending its delta),
so a question is two: one markdown (the question in bold, its help under it in small grey
text) and its radio, and the name and step share one caption.

On a phone each answer is a target at least 44 px high with space between them, and the count
of answers stays in view at the top while the questions scroll (:data:`QUESTION_STYLE`). A page
opened from the results to change an answer (``from=results``) offers "See my results" as its
first button; asking for results with fewer than half the questions answered shows how many are
answered first, with "See results anyway" and "Back to the questions" (``check=results``).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from assessment.link import DecodedLink, LinkData
from assessment.model import Model
from assessment.names import display_name
from assessment.scoring import dimension_applies
from reports.wording import not_applicable_reason, questionnaire_length
from ui import state
from ui.routes import step_of, steps, too_few_answered
from ui.text import md_escape

ANSWERED_HERE_KEY = "answered_here"  # this browser session has been through the questionnaire
PROGRESS_KEY = "progress"  # the answered count's container: sticky at the top while answering
# Answers as phone-sized targets (at least 44 px high, WCAG 2.5.5 and Apple's guidelines) with
# space between them, each option's whole row clickable; the answered count sticks under the
# app's header while the questions scroll. Style-only: Streamlit puts it in the page's event
# container, where it takes no room.
QUESTION_STYLE = """<style>
[data-testid="stRadioGroup"] { gap: 0.375rem; width: 100%; }
[data-testid="stRadioGroup"] > div { width: 100%; }
[data-testid="stRadioOption"] { min-height: 2.75rem; width: 100%; align-items: center; margin: 0;
  padding: 0.25rem 0.5rem; box-sizing: border-box; border-radius: 0.5rem; }
[data-testid="stRadioOption"]:hover { background: rgba(15, 118, 110, 0.06); }
[data-testid="stLayoutWrapper"]:has(> .st-key-progress) { position: sticky; top: 0; z-index: 99;
  background: #ffffff; padding: 0.5rem 2.75rem 0.25rem 0; margin-top: -0.5rem; }
</style>"""


def _answer(model: Model, step: int, rest: bool, review: bool) -> None:
    """A radio changed: write the step's answers into the URL (one history entry)."""
    data = state.current_link(model)
    answers = state.answers_with_widgets(model, data, step, rest)
    state.write(model, replace(data, answers=answers), step=step, rest=rest, review=review)


def progress(model: Model, data: LinkData) -> tuple[int, int]:
    """(answered, asked): the questions answered and asked in this variant, leaving out the
    dimensions a fact makes not apply. What the progress bar shows and the results check."""
    applies = {d.id for d in model.dimensions if dimension_applies(d, data.answers)}
    asked = [q for q in model.questions_in(data.variant) if q.dimension in applies]
    return sum(1 for q in asked if q.id in data.answers), len(asked)


def _go(model: Model, step: int, to: int | None, rest: bool, review: bool = False, anyway: bool = False) -> None:
    """Leave ``step`` for step ``to``, or for the results when ``to`` is None: with fewer than half
    of the questions answered, ask first (unless ``anyway``)."""
    data = state.current_link(model)
    data = replace(data, answers=state.answers_with_widgets(model, data, step, rest))
    if to is None and not anyway and too_few_answered(*progress(model, data)):
        state.write(model, state.with_date(data), step=step, rest=rest, review=review, check=True)
        return
    state.write(model, state.with_date(data), step=to, rest=rest, review=review)


def older_link_note(model: Model, link: DecodedLink | None, key: str) -> None:
    """Say what changed since an older link was made: its answers to the questions still asked are
    kept, the questions new (or asked differently) since are named with a button to answer them,
    and answers to questions no longer asked are counted as dropped."""
    if link is None or not link.older:
        return
    questions = list(link.new_questions)
    text = (
        f"This link was made with an earlier version of the assessment (version {link.link_version}). "
        "Your answers to the questions that are still asked are kept."
    )
    if link.dropped:
        text += (
            f" {link.dropped} answer{'s' if link.dropped != 1 else ''} to questions no longer asked "
            f"{'were' if link.dropped != 1 else 'was'} left out."
        )
    if questions:
        listing = "\n".join(f"- {md_escape(q.text)}" for q in questions)
        are = "s are" if len(questions) != 1 else " is"
        text += f"\n\n{len(questions)} question{are} new or asked differently now:\n\n{listing}"
    st.info(text)
    if not questions:
        return
    first = step_of(model, questions[0], link.data.variant)
    st.button(
        "Answer the new questions",
        key=key,
        on_click=lambda: state.write(model, state.current_link(model), step=first),
    )


@st.fragment
def _answers(model: Model, step: int, rest: bool, review: bool) -> None:
    """The progress bar and this step's questions: what an answer click changes, rerun alone."""
    data = state.current_link(model)  # the URL as the answer callback left it
    applies = {d.id for d in model.dimensions if dimension_applies(d, data.answers)}
    answered, asked = progress(model, data)
    with st.container(key=PROGRESS_KEY):
        st.progress(answered / asked, text=f"{answered} of {asked} answered")
    page = steps(model, data.variant, rest)[step - 1].questions
    for dimension in dict.fromkeys(model.dimension(q.dimension) for q in page if q.dimension not in applies):
        st.info(f"{md_escape(not_applicable_reason(model, dimension, data.answers))} Nothing to answer here.")
    for question in (q for q in page if q.dimension in applies):
        key = state.widget_key(question)
        wanted = data.answers.get(question.id)
        if st.session_state.get(key) != wanted:
            st.session_state[key] = wanted  # the URL wins: reload, back and forward show what it holds
        options = model.options_of(question)
        labels = {o.id: o.label for o in options}
        text = f"**{md_escape(question.text)}**"
        if data.variant == "quick":  # one page across every dimension: say which each question is about
            text = f":small[:blue[{md_escape(model.dimension(question.dimension).name)}]]  \n{text}"
        if question.help:  # a line break, not a paragraph: the help sits right under its question
            text += f"  \n:small[:gray[{md_escape(question.help)}]]"
        st.markdown(text)
        st.radio(
            question.text,  # read out by screen readers; shown above in bold
            options=[o.id for o in options],
            format_func=labels.__getitem__,
            index=None,
            key=key,
            label_visibility="collapsed",
            width="stretch",  # each option's row clickable across the column
            on_change=_answer,
            args=(model, step, rest, review),
        )


def _header(model: Model, data: LinkData, where: str) -> None:
    name = display_name(data.name)
    st.caption(f"{md_escape(name)} · {where}" if name else where)


def _check(model: Model, data: LinkData, step: int, rest: bool, review: bool) -> None:
    """Before results with fewer than half the questions answered: how many are, and the two ways on."""
    answered, asked = progress(model, data)
    _header(model, data, "Before your results")
    st.title(f"{answered} of {asked} questions answered")
    st.markdown(
        "With fewer than half of the questions answered, your results would say little more than to find "
        "the answers out first: every question without an answer counts as 0."
    )
    with st.container(horizontal=True):
        st.button(
            "Back to the questions",
            key="check_back",
            type="primary",
            on_click=state.write,
            args=(model, data),
            kwargs={"step": step, "rest": rest, "review": review},
        )
        st.button(
            "See results anyway",
            key="check_anyway",
            on_click=_go,
            args=(model, step, None, rest, review, True),
        )


def render(
    model: Model,
    data: LinkData,
    step: int,
    link: DecodedLink | None = None,
    rest: bool = False,
    review: bool = False,
    check: bool = False,
) -> None:
    st.session_state[ANSWERED_HERE_KEY] = True  # the results then are this session's own, not a shared link
    if check:
        _check(model, data, step, rest, review)
        return
    pages = steps(model, data.variant, rest)
    page = pages[step - 1]

    # The quick check is one page: say what it takes rather than "Step 1 of 1".
    where = questionnaire_length(len(page.questions)) if len(pages) == 1 else f"Step {step} of {len(pages)}"
    if rest:
        where += " · the questions the quick check left out"
    _header(model, data, where)
    st.title(md_escape(page.title))
    st.markdown(f"*{md_escape(page.intro)}*")
    st.html(QUESTION_STYLE)
    older_link_note(model, link, key="new_questions_q")
    if review:  # opened from the results to change an answer: back to them in one click, first
        st.button(
            "See my results",
            key="results_top",
            type="primary",
            icon=":material/arrow_back:",
            on_click=_go,
            args=(model, step, None, rest, review),
        )
    _answers(model, step, rest, review)

    last = step == len(pages)
    back, forward = st.columns(2)
    with back:
        if step > 1:
            st.button("← Back", key="back", on_click=_go, args=(model, step, step - 1, rest, review), width="stretch")
    with forward:
        if last:
            st.button(
                "See my results",
                key="next",
                type="primary",
                on_click=_go,
                args=(model, step, None, rest, review),
                width="stretch",
            )
        else:
            st.button(
                "Next →",
                key="next",
                type="secondary" if review else "primary",
                on_click=_go,
                args=(model, step, step + 1, rest, review),
                width="stretch",
            )
    if not last and not review:
        st.button("Skip to my results", key="skip", type="tertiary", on_click=_go, args=(model, step, None, rest))

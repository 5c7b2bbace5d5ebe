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
from ui.routes import step_of, steps
from ui.text import md_escape


def _answer(model: Model, step: int, rest: bool) -> None:
    """A radio changed: write the step's answers into the URL (one history entry)."""
    data = state.current_link(model)
    answers = state.answers_with_widgets(model, data, step, rest)
    state.write(model, replace(data, answers=answers), step=step, rest=rest)


def _go(model: Model, step: int, to: int | None, rest: bool) -> None:
    """Leave ``step`` for step ``to``, or for the results when ``to`` is None."""
    data = state.current_link(model)
    data = replace(data, answers=state.answers_with_widgets(model, data, step, rest))
    state.write(model, state.with_date(data), step=to, rest=rest)


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
def _answers(model: Model, step: int, rest: bool) -> None:
    """The progress bar and this step's questions: what an answer click changes, rerun alone."""
    data = state.current_link(model)  # the URL as the answer callback left it
    applies = {d.id for d in model.dimensions if dimension_applies(d, data.answers)}
    asked = [q for q in model.questions_in(data.variant) if q.dimension in applies]
    answered = sum(1 for q in asked if q.id in data.answers)
    st.progress(answered / len(asked), text=f"{answered} of {len(asked)} answered")
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
            on_change=_answer,
            args=(model, step, rest),
        )


def render(model: Model, data: LinkData, step: int, link: DecodedLink | None = None, rest: bool = False) -> None:
    pages = steps(model, data.variant, rest)
    page = pages[step - 1]

    # The quick check is one page: say what it takes rather than "Step 1 of 1".
    where = questionnaire_length(len(page.questions)) if len(pages) == 1 else f"Step {step} of {len(pages)}"
    if rest:
        where += " · the questions the quick check left out"
    name = display_name(data.name)
    st.caption(f"{md_escape(name)} · {where}" if name else where)
    st.title(md_escape(page.title))
    st.markdown(f"*{md_escape(page.intro)}*")
    older_link_note(model, link, key="new_questions_q")
    _answers(model, step, rest)

    last = step == len(pages)
    back, forward = st.columns(2)
    with back:
        if step > 1:
            st.button("← Back", key="back", on_click=_go, args=(model, step, step - 1, rest), width="stretch")
    with forward:
        if last:
            st.button(
                "See my results",
                key="next",
                type="primary",
                on_click=_go,
                args=(model, step, None, rest),
                width="stretch",
            )
        else:
            st.button(
                "Next →", key="next", type="primary", on_click=_go, args=(model, step, step + 1, rest), width="stretch"
            )
    if not last:
        st.button("Skip to my results", key="skip", type="tertiary", on_click=_go, args=(model, step, None, rest))

"""Where the app's state lives: the model (once per process) and the page address (everything else).

The address is the only store; :mod:`ui.routes` reads it (which view, what it carries) and this
module writes it. Codec parameters come from :func:`assessment.link.encode`; the app adds
``step`` while the questionnaire is open.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

import streamlit as st

from assessment import loader
from assessment.errors import AssessmentError
from assessment.link import LinkData, encode, parse_query
from assessment.model import Model, Question
from ui.routes import COMPARE_VIEW, STEP_PARAM, VIEW_PARAM, carried, route


@st.cache_resource(show_spinner=False)
def get_model() -> Model:
    """The validated model, loaded once per process (a failed load is retried next run)."""
    return loader.load_model()


@st.cache_resource(show_spinner=False)
def freeze_startup_heap() -> int:
    """Move everything alive after the first run's imports and model load out of the collector's sight.

    Streamlit runs a full ``gc.collect(2)`` after every script run (``runner.postScriptGC``,
    on by default, so memory is returned between runs). Its cost is proportional to the
    objects it has to scan, and about 120,000 of them are pandas, Altair, Streamlit and the
    model: imported once, alive for the whole process, never garbage. ``gc.freeze()`` moves
    them to the permanent generation, so each collection only scans what sessions and runs
    made since (``bench/RESULTS.md``, rerun and load). Once per process; returns how many
    objects it froze.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def load_model_or_stop() -> Model:
    """The model, or a readable error and a stopped page when the content does not validate."""
    try:
        model = get_model()
        freeze_startup_heap()
        return model
    except AssessmentError as error:
        st.error(f"The assessment content could not be loaded. {error}")
        st.stop()
        raise  # unreachable: st.stop() ends the run


def current_params() -> dict[str, str]:
    return st.query_params.to_dict()


def open_compare(params: Mapping[str, str] | None = None) -> None:
    """Go to the compare view, carrying a results link's parameters along if given."""
    st.query_params.from_dict({**(params or {}), VIEW_PARAM: COMPARE_VIEW})


def current_link(model: Model) -> LinkData:
    """The link data in the URL right now (empty if the URL holds none or a damaged one)."""
    return route(model, current_params()).data


def write(model: Model, data: LinkData, step: int | None = None) -> None:
    """Put ``data`` (and the questionnaire ``step``, if any) into the URL in one write.

    One write is one browser history entry; nothing is written when nothing changed. A room's
    join link in the URL stays in it (:func:`ui.routes.carried`).
    """
    current = current_params()
    params = {**parse_query(encode(model, data)), **carried(current)}
    if step is not None:
        params[STEP_PARAM] = str(step)
    if params != current:
        st.query_params.from_dict(params)


def clear() -> None:
    st.query_params.clear()


def with_date(data: LinkData) -> LinkData:
    """``data`` stamped with today's date if it has none yet."""
    return data if data.taken_on else replace(data, taken_on=date.today())


def step_of(model: Model, question: Question) -> int:
    """The questionnaire step (1-based) that asks ``question``."""
    ids = [d.id for d in model.dimensions]
    return ids.index(question.dimension) + 1


def widget_key(question: Question) -> str:
    return f"q_{question.id}"


def answers_with_widgets(model: Model, data: LinkData, step: int) -> dict[str, str]:
    """The URL's answers, overlaid with what this step's radios hold right now.

    The overlay keeps an answer given while the previous URL write was still on its way
    to the browser: the rerun then carries the older URL but both radio values.
    """
    answers = dict(data.answers)
    dimension = model.dimensions[step - 1]
    for question in model.questions_of(dimension.id):
        value = st.session_state.get(widget_key(question))
        if isinstance(value, str) and model.option(question, value) is not None:
            answers[question.id] = value
    return answers

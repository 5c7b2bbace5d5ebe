"""Where the app's state lives: the model (once per process) and the page address (everything else).

The address is the only store; :mod:`ui.routes` reads it (which view, what it carries) and this
module writes it. Codec parameters come from :func:`assessment.link.encode`; the app adds
``step`` while the questionnaire is open.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

import streamlit as st

from assessment import loader
from assessment.errors import AssessmentError
from assessment.link import LinkData, encode
from assessment.model import Model, Question
from assessment.query import parse_query
from ui.routes import (
    CHECK_PARAM,
    CHECK_RESULTS,
    COMPARE_VIEW,
    FROM_PARAM,
    FROM_RESULTS,
    REST,
    REST_PARAM,
    STEP_PARAM,
    VIEW_PARAM,
    address_fits,
    carried,
    encoded,
    route,
    steps,
)

_once = threading.Lock()
_models: list[Model] = []  # the process's model, once loaded
_frozen: list[int] = []  # how many objects the process's one freeze moved, once it has run


def get_model() -> Model:
    """The validated model, loaded once per process and kept for its life; a failed load is retried next run.

    Held here rather than in ``st.cache_resource``: any client can send Streamlit's
    clear-cache message, which empties every ``st.cache_resource`` for every session, and
    each visitor's next run would then load the model again.
    """
    with _once:
        if not _models:
            _models.append(loader.load_model())
        return _models[0]


def freeze_startup_heap() -> int:
    """Move everything alive after the first run's imports and model load out of the collector's sight.

    Streamlit runs a full ``gc.collect(2)`` after every script run (``runner.postScriptGC``,
    on by default, so memory is returned between runs). Its cost is proportional to the
    objects it has to scan, and most of them are pandas, Altair, Streamlit and the
    model: imported once, alive for the whole process, never garbage. ``gc.freeze()`` moves
    them to the permanent generation, so each collection only scans what sessions and runs
    made since (``bench/RESULTS.md``, rerun and load).

    Once per process, whatever a client sends (a flag here, not ``st.cache_resource``).
    Frozen objects stay out of the collector's reach for good, so a second freeze (it ran
    again after a client's clear-cache message, when it sat behind ``st.cache_resource``)
    would pin whatever a visitor's session held at that moment, such as uploaded files.
    Returns how many objects the freeze moved. (Not ``gc.get_freeze_count()`` on every run:
    it walks the whole frozen list on every run.)
    """
    with _once:
        if not _frozen:
            gc.collect()
            gc.freeze()
            _frozen.append(gc.get_freeze_count())
        return _frozen[0]


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


def set_address(params: Mapping[str, str]) -> bool:
    """Write ``params`` into the page address, unless they do not fit (:func:`ui.routes.address_fits`);
    whether it wrote."""
    if not address_fits(encoded(params)):
        return False
    st.query_params.from_dict(params)
    return True


def open_compare(params: Mapping[str, str] | None = None) -> None:
    """Go to the compare view, carrying a results link's parameters along if given."""
    set_address({**(params or {}), VIEW_PARAM: COMPARE_VIEW})


def current_link(model: Model) -> LinkData:
    """The link data in the URL right now (empty if the URL holds none or a damaged one)."""
    return route(model, current_params()).data


def write(
    model: Model,
    data: LinkData,
    step: int | None = None,
    rest: bool = False,
    review: bool = False,
    check: bool = False,
) -> None:
    """Put ``data`` (and the questionnaire ``step``, if any, and whether it asks only the
    questions a quick check left out, was opened from the results to change an answer, or asks
    before showing results with few answers: :mod:`ui.routes`) into the URL in one write.

    One write is one browser history entry; nothing is written when nothing changed. A room's
    join link in the URL stays in it (:func:`ui.routes.carried`).
    """
    current = current_params()
    params = {**parse_query(encode(model, data)), **carried(current)}
    if step is not None:
        params[STEP_PARAM] = str(step)
        if rest:
            params[REST_PARAM] = REST
        if review:
            params[FROM_PARAM] = FROM_RESULTS
        if check:
            params[CHECK_PARAM] = CHECK_RESULTS
    if params != current:
        set_address(params)  # a results link always fits: its name is at most 60 characters


def clear() -> None:
    st.query_params.clear()


def with_date(data: LinkData) -> LinkData:
    """``data`` stamped with today's date if it has none yet."""
    return data if data.taken_on else replace(data, taken_on=date.today())


def widget_key(question: Question) -> str:
    return f"q_{question.id}"


def answers_with_widgets(model: Model, data: LinkData, step: int, rest: bool = False) -> dict[str, str]:
    """The URL's answers, overlaid with what this step's radios hold right now.

    The overlay keeps an answer given while the previous URL write was still on its way
    to the browser: the rerun then carries the older URL but both radio values.
    """
    answers = dict(data.answers)
    for question in steps(model, data.variant, rest)[step - 1].questions:
        value = st.session_state.get(widget_key(question))
        if isinstance(value, str) and model.option(question, value) is not None:
            answers[question.id] = value
    return answers

"""The Streamlit app, driven headless with streamlit.testing.v1.AppTest.

Every expectation about scores and levels comes from the core (``score``), so these tests
check that the app shows what the core computes, wherever the content moves.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from assessment import loader
from assessment.link import LinkData, checksum, decode_params, encode, link_layout, link_slots
from assessment.loader import ContentError
from assessment.model import Model, Question, QuestionId
from assessment.query import parse_query
from assessment.rounding import NO_SCORE, shown_gap, whole_points
from assessment.scoring import score
from reports.wording import NO_SCORE_LEVEL, first_steps_heading
from tests.profiles import answers_at
from tests.support.markdown import read_markdown_table
from ui import routes, state

APP = str(Path(__file__).resolve().parent.parent / "app.py")
DAMAGED = "This results link is damaged"
# A markdown special character that is not backslash-escaped, i.e. one that could format,
# link, embed or inject something.
UNESCAPED = re.compile(r"(?<!\\)[<>\[\]()!*_`#:$]")


def run(params: Mapping[str, str] | None = None, url: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if params:
        at.query_params.update(params)
    if url:
        at.context["url"] = url
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_link(model: Model, data: LinkData, **extra: str) -> AppTest:
    return run({**parse_query(encode(model, data)), **extra})


def top_options(model: Model) -> dict[str, str]:
    """Every question answered with its scale's highest option (facts so that every part applies)."""
    return answers_at(model, 1.0)


def decoded(model: Model, at: AppTest) -> LinkData:
    params = {k: v for k, v in at.query_params.items() if isinstance(v, str)}
    return decode_params(model, {k: v for k, v in params.items() if k != "step"}).data


def texts(at: AppTest) -> list[str]:
    """The source text of every markdown-like element (markdown, captions, headings, alerts)."""
    kinds = ("markdown", "caption", "title", "subheader", "header", "info", "error", "warning", "success")
    return [str(element.value) for kind in kinds for element in at.get(kind)]


def score_table(at: AppTest) -> pd.DataFrame:
    """The results table beside the chart (one markdown table) read back into a frame."""
    (source,) = [str(m.value) for m in at.markdown if str(m.value).startswith("| :small[Dimension]")]
    header, rule, *rows = read_markdown_table(source)
    assert rule == ["---", "---:", "---", "---:"]  # the numbers right-aligned
    return pd.DataFrame(rows, columns=header).astype({"Score": int, "Gap": int})


def shared_link(at: AppTest) -> str:
    """The results link the share block copies (ui/share.py: an st.html element), as it holds it."""
    (body,) = [str(e.proto.body) for e in at.get("html") if "data-share-link=" in str(e.proto.body)]
    found = re.search(r'data-share-link="([^"]*)"', body)
    assert found is not None
    return html.unescape(found.group(1))


def progress_text(at: AppTest) -> str:
    return str(at.get("progress")[0].proto.text)


def chart_frames(at: AppTest, index: int | None = None) -> list[pd.DataFrame]:
    """The data behind the page's one chart (or its chart number ``index``, on a page with several):
    one frame per Arrow dataset and per layer's inline rows."""
    charts = at.get("vega_lite_chart")
    (chart,) = charts if index is None else [charts[index]]
    spec = json.loads(chart.proto.spec)
    inline = [pd.DataFrame(layer["data"]["values"]) for layer in spec["layer"] if "values" in layer.get("data", {})]
    return [convert_arrow_bytes_to_pandas_df(dataset.data.data) for dataset in chart.proto.datasets] + inline


def chart_layer_rows(at: AppTest) -> list[dict[str, object]]:
    """The rows the chart's layers carry inline in its spec (grid, ring values, axis labels, polygons)."""
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    return [row for layer in spec["layer"] for row in layer.get("data", {}).get("values", [])]


def chart_profile(at: AppTest, series: str) -> pd.DataFrame:
    """The points of one polygon (``"Your profile"`` or ``"Target: <level>"``) on the chart."""
    frames = [f[f["series"] == series] for f in chart_frames(at) if "series" in f and "dimension" in f]
    assert frames, f"no {series!r} polygon on the chart"
    return frames[0]


def unescape(markdown: str) -> str:
    """Markdown from ``md_escape`` as the page shows it: escapes undone, the empty ``:small[]`` runs dropped."""
    return re.sub(r"\\(.)", r"\1", markdown.replace(":small[]", ""))


def step_questions(model: Model, step: int) -> tuple[Question, ...]:
    return model.questions_on_page(model.dimensions[step - 1].id)


@pytest.fixture
def swap_model(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Let a test make the app load a different model (or fail to load one)."""

    def swap(loaded: object) -> None:
        def fake_load() -> Model:
            if isinstance(loaded, Exception):
                raise loaded
            assert isinstance(loaded, Model)
            return loaded

        monkeypatch.setattr(loader, "load_model", fake_load)
        monkeypatch.setattr(state, "_models", [])  # as in a fresh process: nothing loaded yet

    yield swap
    monkeypatch.undo()


# --- start ---------------------------------------------------------------------------


def test_start_view_explains_and_offers_start(model: Model) -> None:
    at = run()
    assert at.title[0].value == "Is your social media a buzzword or a real asset?"
    body = " ".join(texts(at))
    assert "Nothing is stored" in body
    assert model.levels[0].name in body and model.levels[-1].name in body
    assert at.text_input[0].label.startswith("Organisation name")
    assert at.button(key="start_full").label == f"Full assessment — {len(model.questions)} questions, about 8 minutes"
    assert at.button(key="start_quick").label.startswith("Quick check")
    assert not at.query_params
    assert run({"utm_source": "newsletter"}).button(key="start_full")  # not a results link


def test_start_opens_step_one_with_clean_name_and_date(model: Model) -> None:
    at = run()
    at.text_input[0].input("  Riverside   Bakery ")
    at.button(key="start_full").click().run()
    assert not at.exception
    assert at.query_params["step"] == "1"
    data = decoded(model, at)
    assert data.name == "Riverside Bakery"
    assert data.taken_on == date.today()
    assert data.answers == {}
    first = model.dimensions[0]
    assert f"Riverside Bakery · Step 1 of {len(model.dimensions)}" in texts(at)  # one caption: name and step
    assert at.title[0].value == first.name
    assert progress_text(at) == f"0 of {len(model.questions)} answered"
    assert [r.key for r in at.radio] == [f"q_{q.id}" for q in step_questions(model, 1)]


# --- questionnaire ---------------------------------------------------------------------


def test_every_step_shows_its_questions_with_help_and_navigation(model: Model) -> None:
    last = len(model.dimensions)
    for step in range(1, last + 1):
        at = open_link(model, LinkData(), step=str(step))
        questions = step_questions(model, step)
        shown = [unescape(str(m.value)) for m in at.markdown]
        for question in questions:
            # the question in bold and its help right under it, in one element
            block = f"**{question.text}**" + (f"  \n:small[:gray[{question.help}]]" if question.help else "")
            assert block in shown, (step, question.id)
        assert [r.label for r in at.radio] == [q.text for q in questions]  # what a screen reader announces
        for radio, question in zip(at.radio, questions, strict=True):
            assert radio.options == [o.label for o in model.options_of(question)]
            if not question.fact:  # "Not sure" right after the valued answers; a fact has none
                assert (
                    radio.options[len(model.scale_of(question).valued_options)]
                    == model.scale_of(question).options[-1].label
                )
        assert progress_text(at) == f"0 of {len(model.questions)} answered"
        buttons = [b.key for b in at.button]
        assert buttons == (["back"] if step > 1 else []) + (["next", "skip"] if step < last else ["next"])


def test_answers_go_into_the_url_and_come_back_on_reload(model: Model) -> None:
    at = open_link(model, LinkData(taken_on=date(2026, 1, 2)), step="1")
    chosen = {}
    for number, question in enumerate(step_questions(model, 1), 1):
        option = model.scale_of(question).options[number % len(model.scale_of(question).options)]
        at.radio(key=f"q_{question.id}").set_value(option.id).run()
        assert not at.exception
        chosen[question.id] = option.id
        assert progress_text(at) == f"{number} of {len(model.questions)} answered"
        assert decoded(model, at).answers == chosen
    assert at.query_params["step"] == "1"

    reloaded = run(dict(at.query_params))
    for question in step_questions(model, 1):
        assert reloaded.radio(key=f"q_{question.id}").value == chosen[question.id]
    assert progress_text(reloaded) == f"{len(chosen)} of {len(model.questions)} answered"


def test_next_and_back_keep_every_answer(model: Model) -> None:
    at = open_link(model, LinkData(), step="1")
    first = step_questions(model, 1)[0]
    at.radio(key=f"q_{first.id}").set_value(model.scale_of(first).options[1].id).run()
    at.button(key="next").click().run()
    assert at.query_params["step"] == "2"
    second = step_questions(model, 2)[0]
    at.radio(key=f"q_{second.id}").set_value(model.scale_of(second).options[2].id).run()
    at.button(key="back").click().run()
    assert at.query_params["step"] == "1"
    assert at.radio(key=f"q_{first.id}").value == model.scale_of(first).options[1].id
    assert decoded(model, at).answers == {
        first.id: model.scale_of(first).options[1].id,
        second.id: model.scale_of(second).options[2].id,
    }


def test_last_step_leads_to_results_and_odd_steps_are_clamped(model: Model) -> None:
    at = open_link(model, LinkData(answers=top_options(model)), step="99")
    last = len(model.dimensions)
    assert f"Step {last} of {last}" in unescape(" ".join(texts(at)))
    assert at.button(key="next").label == "See my results"
    at.button(key="next").click().run()
    assert "step" not in at.query_params
    assert at.title[0].value == model.levels[-1].name
    unreadable = open_link(model, LinkData(), step="abc")  # shown as step 1
    assert [r.key for r in unreadable.radio] == [f"q_{q.id}" for q in step_questions(model, 1)]


# --- results -------------------------------------------------------------------------


def gated_answers(model: Model) -> dict[str, str]:
    """Top answers everywhere except the last dimension, which stays at the bottom."""
    answers = top_options(model)
    for question in model.questions_of(model.dimensions[-1].id):
        answers[question.id] = model.scale_of(question).valued_options[0].id
    return answers


def test_known_link_opens_results_with_level_table_and_chart(model: Model) -> None:
    answers = gated_answers(model)
    data = LinkData(answers=answers, name="Riverside Bakery", taken_on=date(2026, 3, 4))
    at = open_link(model, data)
    expected = score(model, answers)
    assert expected.level == model.levels[1]  # gated: one level above the weakest dimension

    assert at.title[0].value == expected.level.name
    assert expected.level.description in unescape(" ".join(texts(at)))
    assert unescape(at.info[0].value) == expected.explanation
    assert model.dimensions[-1].name in expected.explanation

    table = score_table(at)
    assert list(table.columns) == ["Dimension", "Score", "Level", "Gap"]
    assert list(table["Dimension"]) == [d.name for d in model.dimensions]
    assert list(table["Score"]) == [100] * (len(model.dimensions) - 1) + [0]
    assert list(table["Level"]) == [d.level.name for d in expected.dimensions]
    assert list(table["Gap"])[-1] == int(expected.target.min_score)
    target = expected.target
    assert f"Scores out of 100. Gap: points to go to the target, {target.name} ({target.min_score:g})." in [
        c.value for c in at.caption
    ]
    assert not at.table  # one markdown table: st.table's per-cell elements and code slowed the first paint

    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    assert "linear-closed" in charts[0].proto.spec
    profile = chart_profile(at, "Your profile")
    assert list(profile["dimension"]) == [d.name for d in model.dimensions]
    assert list(profile["score"]) == [str(whole_points(d.score)) for d in expected.dimensions]
    # Axis labels: every dimension's full name, wrapped, with its score on the line under it.
    lines = [row for row in chart_layer_rows(at) if "align" in row]
    names = " ".join(str(row["text"]) for row in lines if "dimension" not in row)
    assert sorted(names.split()) == sorted(" ".join(d.name for d in model.dimensions).split())
    assert [(row["dimension"], row["text"]) for row in lines if "dimension" in row] == [
        (d.dimension.name, str(whole_points(d.score))) for d in expected.dimensions
    ]

    body = unescape(" ".join(texts(at)))
    assert "Riverside Bakery" in body
    assert "2026-03-04" in body
    assert f"overall score {whole_points(expected.overall)!s} of 100" in body


def test_share_link_is_absolute_and_reopens_the_same_results(model: Model) -> None:
    data = LinkData(answers=gated_answers(model), name="Ada & Co", taken_on=date(2026, 3, 4))
    at = open_link(model, data)
    relative = shared_link(at)
    assert relative == encode(model, data)
    at = run(parse_query(relative), url="https://example.org/app")
    link = shared_link(at)
    assert link == "https://example.org/app/" + encode(model, data)
    assert "Nothing is stored" in " ".join(texts(at))
    again = run({**parse_query(link), "utm_source": "newsletter"})  # parameters added on the way are ignored
    assert again.title[0].value == at.title[0].value
    assert score_table(again).equals(score_table(at))


def test_results_without_a_date_get_todays(model: Model) -> None:
    at = open_link(model, LinkData(answers=gated_answers(model)))
    assert decoded(model, at).taken_on == date.today()
    assert "step" not in at.query_params


def test_target_selector_redraws_gaps_and_roadmap(model: Model) -> None:
    answers = gated_answers(model)
    at = open_link(model, LinkData(answers=answers, taken_on=date(2026, 3, 4)))
    default = score(model, answers).target
    selector = at.segmented_control(key="target")
    assert selector.value == default.id
    assert selector.options == [lv.name for lv in model.levels if lv.rank > score(model, answers).level.rank]
    before = list(score_table(at)["Gap"])
    assert set(chart_profile(at, f"Target: {default.name}")["score"]) == {str(whole_points(default.min_score))}

    top = model.levels[-1]
    at.segmented_control(key="target").set_value(top.id).run()
    assert not at.exception
    assert at.query_params["t"] == top.id
    assert decoded(model, at).target == top.id
    after = list(score_table(at)["Gap"])
    expected = score(model, answers, top.id)
    assert after == [shown_gap(d.score, d.target_score) for d in expected.dimensions]
    assert after != before and after[-1] > before[-1]
    assert any(f"roadmap to {top.name}" in s for s in texts(at))
    target_points = chart_profile(at, f"Target: {top.name}")
    assert set(target_points["score"]) == {str(whole_points(top.min_score))}


def test_roadmap_find_out_and_unanswered(model: Model) -> None:
    answers = gated_answers(model)
    unsure_question = model.questions[0]
    answers[unsure_question.id] = model.scale_of(unsure_question).options[-1].id
    missing_question = model.questions[1]
    del answers[missing_question.id]
    at = open_link(model, LinkData(answers=answers, taken_on=date(2026, 3, 4)))
    result = score(model, answers)
    body = unescape(" ".join(texts(at)))
    assert result.next_steps and not result.find_out_first
    for step in result.next_steps:
        assert step.recommendation.step in body
        for source in step.recommendation.sources:  # by title, the gist in the list of sources under the roadmap
            seed = model.seed(source)
            assert seed is not None and f"“{seed.title}”" in body and seed.gist in body and source not in body
    # the first three steps under the level, in the roadmap's order
    (first,) = [s for s in texts(at) if s.startswith("1. ")]
    shown = [step.recommendation.step for step in result.next_steps[:3]]
    assert [unescape(first).index(text) for text in shown] == sorted(unescape(first).index(text) for text in shown)
    assert [h.value for h in at.header][:2] == [first_steps_heading(len(shown)), "Where you stand"]
    # the whole roadmap: one collapsed card per dimension, in the roadmap's order, then the sources
    cards = [unescape(e.label) for e in at.expander]
    groups = list(dict.fromkeys(step.dimension.name for step in result.next_steps))
    assert [card.split(" · ")[0].strip("*") for card in cards[: len(groups)]] == groups
    assert cards[len(groups)].startswith("Sources")
    # each "Find out" item opens its question's page
    assert "Find out" in [h.value for h in at.header]
    item = at.button(key=f"find_out_list_{unsure_question.id}")
    assert unsure_question.text in unescape(item.label)
    assert "1 question not answered yet" in body and missing_question.text in body

    item.click().run()
    assert at.query_params["step"] == str(routes.step_of(model, unsure_question))
    assert at.query_params["from"] == "results"
    at = open_link(model, LinkData(answers=answers, taken_on=date(2026, 3, 4)))
    at.button(key="answer_missing").click().run()
    assert at.query_params["step"] == str(routes.step_of(model, missing_question))


def test_change_answers_returns_to_step_one_with_every_answer(model: Model) -> None:
    answers = gated_answers(model)
    data = LinkData(answers=answers, name="Riverside Bakery", target=model.levels[-1].id, taken_on=date(2026, 3, 4))
    at = open_link(model, data)
    at.button(key="change_answers").click().run()
    assert at.query_params["step"] == "1" and at.query_params["from"] == "results"
    assert decoded(model, at) == data
    for question in step_questions(model, 1):
        assert at.radio(key=f"q_{question.id}").value == answers[question.id]


# --- names ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "**bold** :red[x] $y$"])
def test_names_are_plain_text(model: Model, name: str) -> None:
    at = run()
    at.text_input[0].input(name)
    at.button(key="start_full").click().run()
    assert decoded(model, at).name == name
    shown = [s for s in texts(at) if unescape(s).startswith(f"{name} · Step 1 of ")]
    assert shown, "the name is shown on the questionnaire"
    for source in shown:
        assert not UNESCAPED.search(source), source
    at.button(key="skip").click().run()
    assert at.query_params["check"] == "results"  # nothing answered: asked first
    at.button(key="check_anyway").click().run()
    shown = [s for s in texts(at) if unescape(s).startswith(f"{name} · taken on ")]
    assert shown, "the name is shown on the results, under the level"
    for source in shown:
        assert not UNESCAPED.search(source.lstrip("#").lstrip()), source


# --- bad links -----------------------------------------------------------------------


def damaged_links(model: Model) -> dict[str, dict[str, str]]:
    link = encode(model, LinkData(answers=gated_answers(model), name="Riverside", taken_on=date(2026, 3, 4)))
    params = parse_query(link)
    edited = dict(params)
    edited["a"] = ("1" if params["a"][0] != "1" else "2") + params["a"][1:]
    return {
        "truncated": parse_query(link[: len(link) // 2]),
        "one char edited": edited,
        "checksum cut": {**params, "c": params["c"][:-2]},
        "foreign": {"foo": "bar", "a": "1"},
        "bad step": {**edited, "step": "2"},
        # a good link in an address no link of the app comes near: what the launcher redirects, or what gets through
        "over-stuffed": {**params, **{f"x{n}": "" for n in range(routes.MAX_ADDRESS_PARAMS)}},
        "over-long": {**params, "x": "y" * routes.MAX_ADDRESS_LENGTH},
        "sent on by the launcher": {routes.DAMAGED_PARAM: routes.TOO_LONG},
    }


@pytest.mark.parametrize(
    "case",
    [
        "truncated",
        "one char edited",
        "checksum cut",
        "foreign",
        "bad step",
        "over-stuffed",
        "over-long",
        "sent on by the launcher",
    ],
)
def test_damaged_link_shows_message_and_start_fresh(model: Model, case: str) -> None:
    at = run(damaged_links(model)[case])
    assert at.error[0].value.startswith(DAMAGED)
    assert (
        not at.get("vega_lite_chart") and not at.table and not any(str(m.value).startswith("| ") for m in at.markdown)
    )
    at.button[0].click().run()
    assert at.button(key="start_full")
    assert not at.query_params


def test_link_from_a_newer_version_says_so(model: Model) -> None:
    version, answers = str(model.version + 1), "-" * link_slots(model)
    at = run({"v": version, "a": answers, "c": checksum(version, answers, "", "", "")})
    assert "newer version" in at.warning[0].value
    assert at.button[0].label == "Start fresh"


def test_older_link_names_the_new_questions(model: Model, swap_model) -> None:  # type: ignore[no-untyped-def]
    old_link = encode(model, LinkData(answers=gated_answers(model), taken_on=date(2026, 3, 4)))
    last = model.questions[-1]
    added = dataclasses.replace(last, id=QuestionId("trust.added"), key=link_slots(model), added=model.version + 1)
    newer = dataclasses.replace(
        model,
        version=model.version + 1,
        questions=(*model.questions, added),
        link_history=(*model.link_history, link_layout(model)),
    )
    swap_model(newer)
    at = run(parse_query(old_link))
    (note,) = [unescape(i.value) for i in at.info if "earlier version" in i.value]
    assert "earlier version" in note and added.text in note
    at.button(key="new_questions_r").click().run()
    assert at.query_params["step"] == str(routes.step_of(newer, added))
    assert at.query_params["v"] == str(newer.version)

    at = run({**parse_query(old_link), "step": "1"})  # the questionnaire names them too, above the questions
    assert added.text in unescape(at.info[0].value)
    at.button(key="new_questions_q").click().run()
    assert at.query_params["step"] == str(routes.step_of(newer, added))
    assert [r.label for r in at.radio] == [q.text for q in step_questions(newer, routes.step_of(newer, added))]


def test_broken_content_is_reported_not_raised(swap_model) -> None:  # type: ignore[no-untyped-def]
    swap_model(ContentError("content/questions.toml", "question 'goals.written'", "scale", "unknown scale 'x'"))
    at = run()
    message = at.error[0].value
    assert "content/questions.toml" in message and "goals.written" in message and "scale" in message
    assert not at.button


# --- does not apply, provisional -------------------------------------------------------------


def test_one_network_makes_strategy_per_network_not_apply_and_it_then_has_no_score(model: Model) -> None:
    tailoring = model.dimension("tailoring")
    assert tailoring.not_applicable_when is not None
    fact_id, one = tailoring.not_applicable_when
    fact = model.question(fact_id)
    assert fact is not None and not any(q.not_applicable for q in model.questions)  # no claim question by question
    networks_step = [d.id for d in model.dimensions].index(fact.dimension) + 1
    at = open_link(model, LinkData(answers=top_options(model), taken_on=date(2026, 3, 4)), step=str(networks_step))
    at.radio(key=state.widget_key(fact)).set_value(one).run()
    at.button(key="next").click().run()  # the next page is strategy per network: nothing to answer
    assert at.query_params["step"] == str(networks_step + 1)
    assert not at.radio
    reason = unescape(str(at.info[0].value))
    assert reason.startswith(f"{tailoring.name} does not apply: you said “One” about {fact.topic}.")
    assert progress_text(at) == f"{len(model.questions) - 3} of {len(model.questions) - 3} answered"

    at.button(key="skip" if networks_step + 1 < len(model.dimensions) else "next").click().run()
    (source,) = [str(m.value) for m in at.markdown if str(m.value).startswith("| :small[Dimension]")]
    rows = {row[0]: row for row in read_markdown_table(source)[2:]}
    assert rows[tailoring.name][1:] == [NO_SCORE, NO_SCORE_LEVEL, NO_SCORE]
    body = unescape(" ".join(texts(at)))
    assert "Does not apply to you" in body
    assert f"- {tailoring.name} :small[(you said “One” about {fact.topic})]" in body
    profile = chart_profile(at, "Your profile")
    assert tailoring.name not in list(profile["dimension"])  # no vertex, not a 0


def test_unknown_answers_that_could_change_the_level_mark_it_provisional(model: Model) -> None:
    answers = top_options(model)
    for question in model.questions[:7]:
        answers[question.id] = model.scale_of(question).options[-1].id
    at = open_link(model, LinkData(answers=answers, taken_on=date(2026, 3, 4)))
    result = score(model, answers)
    assert result.provisional
    badges = [str(m.value) for m in at.markdown if str(m.value).startswith(":orange-badge[Provisional]")]
    assert badges and "7 answers not known yet" in badges[0] and result.best_case.name in badges[0]
    assert any("This level is provisional" in unescape(str(i.value)) for i in at.info)

    settled = open_link(model, LinkData(answers=top_options(model), taken_on=date(2026, 3, 4)))
    assert not [m for m in settled.markdown if str(m.value).startswith(":orange-badge")]

"""The compare view and the results page's exports, driven headless with AppTest.

As in ``test_app.py``, every expected figure comes from the core (``compare``, the export
functions), so these tests check that the page shows what the core computes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from assessment.compare import compare, levels_reached
from assessment.compare_link import MAX_LINKS, compare_link
from assessment.link import LinkData, encode
from assessment.model import Model
from assessment.query import parse_query
from assessment.rounding import whole_points
from assessment.scoring import score
from reports.as_csv import to_csv
from reports.as_html import to_html
from reports.as_json import to_json
from reports.as_pdf import to_pdf
from reports.as_text import text_report
from reports.fonts import find_fonts
from reports.wording import answer_counts, disagreement_groups, over_time_summary, side_by_side_reason
from tests.profiles import answers_at
from tests.test_app import UNESCAPED, chart_frames, run, texts, unescape
from ui.compare import disagreements_md
from ui.text import md_escape

BASE = "https://example.org/app"


def link(model: Model, answers: dict[str, str], name: str = "", taken_on: date | None = None) -> str:
    return encode(model, LinkData(answers, name, None, taken_on))


def progress_links(model: Model) -> tuple[str, str]:
    """Acme in January (no budget, strong trust) and November (budget sorted, trust slipped)."""
    before = link(model, answers_at(model, 0.5, budget=0, trust=1.0), "Acme", date(2026, 1, 10))
    after = link(model, answers_at(model, 0.5, budget=1.0, trust=0.5, goals=0.75), "Acme", date(2026, 11, 1))
    return before, after


def team_links(model: Model) -> list[str]:
    """Three people of Acme: one question at opposite extremes, one "Not sure", the rest alike."""
    base = answers_at(model, 0.5)
    return [
        link(model, {**base, "budget.hours": "none"}, "Acme", date(2026, 11, 1)),
        link(model, {**base, "budget.hours": "reviewed"}, "Acme", date(2026, 11, 2)),
        link(model, {**base, "budget.hours": "unsure", "goals.aims": "unsure"}, "Acme", date(2026, 11, 3)),
    ]


def compare_params(links: list[str]) -> dict[str, str]:
    """The query parameters of the compare link for ``links``, as the browser hands them over."""
    return dict(parse_qsl(compare_link(links).removeprefix("?"), keep_blank_values=True))


def paste_and_compare(at: AppTest, lines: list[str]) -> AppTest:
    at.text_area(key="compare_links").input("\n".join(lines))
    at.button(key="compare_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def compare_view(url: str | None = None) -> AppTest:
    return run({"view": "compare"}, url=url)


def table(at: AppTest, first_column: str, header: str | None = None) -> pd.DataFrame:
    """The first st.table whose first column is ``first_column`` (and that has ``header``, if given)."""
    for element in at.table:
        frame = element.value
        if frame.columns[0] == first_column and (header is None or header in frame.columns):
            return frame
    raise AssertionError(f"no table with {first_column!r} / {header!r}: {[list(t.value.columns) for t in at.table]}")


def series_on_chart(at: AppTest, index: int = 0) -> list[str]:
    """The polygons on the page's first chart (or its chart number ``index``), by legend, in order."""
    frames = [f for f in chart_frames(at, index) if "series" in f and "dimension" in f]
    assert frames, "no polygons on the chart"
    return list(dict.fromkeys(frames[0]["series"]))


def metric(at: AppTest, label: str) -> Any:
    (found,) = [m for m in at.metric if m.label == label]
    return found


# --- over time -----------------------------------------------------------------------------


def test_two_links_show_deltas_level_change_and_the_biggest_moves(model: Model) -> None:
    before, after = progress_links(model)
    at = paste_and_compare(compare_view(), [BASE + "/" + after, before])  # later one first, one absolute
    assert at.query_params["l1"] == after.removeprefix("?")
    assert at.query_params["l2"] == before.removeprefix("?")
    over_time = compare(model, [after, before]).over_time
    assert over_time is not None and over_time.biggest_improvement and over_time.biggest_slide

    assert series_on_chart(at) == ["Acme (2026-11-01)", "Acme (2026-01-10)"]
    scores = table(at, "Dimension", r"Acme \(2026\-01\-10\)")
    budget = model.dimension("budget")
    assert budget is not None
    row = scores[scores["Dimension"] == budget.name].iloc[0]
    assert (row[r"Acme \(2026\-01\-10\)"], row[r"Acme \(2026\-11\-01\)"]) == (0, 100)

    deltas = table(at, "Dimension", "Change")
    assert list(deltas.columns) == ["Dimension", "Before", "After", "Change", "Level"]
    assert list(deltas["Dimension"]) == [d.name for d in model.dimensions]
    assert list(deltas["Before"]) == [whole_points(c.before) for c in over_time.changes]
    assert list(deltas["After"]) == [whole_points(c.after) for c in over_time.changes]
    changes = dict(zip(deltas["Dimension"], deltas["Change"], strict=True))
    trust, goals, required = (model.dimension(i) for i in ("trust", "goals", "return"))
    assert trust is not None and goals is not None and required is not None
    assert (changes[budget.name], changes[trust.name], changes[goals.name], changes[required.name]) == (
        "+100",
        "−65",
        "+35",
        "0",
    )
    levels = dict(zip(deltas["Dimension"], deltas["Level"], strict=True))
    assert levels[budget.name] == f"{model.levels[0].name} → {model.levels[-1].name}"

    body = unescape(" ".join(texts(at)))
    assert over_time.biggest_improvement.dimension == budget
    assert f"Biggest improvement]  \n**{budget.name}** :green-badge[:material/arrow_upward: +100 points]" in body
    assert f"Biggest slide]  \n**{trust.name}** :red-badge[:material/arrow_downward: −65 points]" in body
    assert metric(at, "Level").value == over_time.level.after.name
    assert metric(at, "Level").delta == "+1 level" == f"{over_time.level.steps:+d} level"
    shown = [whole_points(s) for s in (over_time.overall_before, over_time.overall_after)]
    assert metric(at, "Overall score").value == str(shown[1])
    assert metric(at, "Overall score").delta == f"{shown[1] - shown[0]:+d}"
    assert unescape(at.info[0].value) == over_time_summary(over_time)
    assert "biggest improvement was Budget and people, up 100 points" in over_time_summary(over_time)
    assert not at.warning  # nothing skipped
    assert not any(s.value.startswith("Team summary") for s in at.header)


def test_two_colleagues_on_one_day_are_side_by_side_not_over_time(model: Model) -> None:
    """Issue 22: two colleagues' links read as "the level fell from Managed to Experimenting"."""
    day = date(2026, 11, 2)
    first = link(model, answers_at(model, 0.75), "Acme", day)
    second = link(model, answers_at(model, 0.25), "Acme", day)
    at = paste_and_compare(compare_view(), [first, second])
    comparison = compare(model, [first, second])
    assert comparison.over_time is None
    headers = [h.value for h in at.header]
    assert "Side by side" in headers and "Over time" not in headers
    assert not at.metric and not at.info
    captions = [unescape(c.value) for c in at.caption]
    assert side_by_side_reason(*comparison.entries) in captions
    assert "both were taken on the same day" in side_by_side_reason(*comparison.entries)


# --- team ----------------------------------------------------------------------------------


def test_three_links_of_one_team_show_the_team_summary(model: Model) -> None:
    links = team_links(model)
    at = paste_and_compare(compare_view(), links)
    team = compare(model, links).team
    assert team is not None and [q.question.id for q in team.disagreements] == ["budget.hours"]

    assert len(series_on_chart(at)) == 3  # side by side
    assert series_on_chart(at, 1) == ["Team mean", "Lowest", "Highest"]  # the team's radar
    assert any(s.value == "Team summary: 3 results of Acme" for s in at.header)
    ranges = table(at, "Dimension", "Mean")
    assert list(ranges.columns) == ["Dimension", "Results", "Mean", "Lowest", "Highest"]
    assert list(ranges["Results"]) == [r.measured for r in team.dimensions] == [3] * len(model.dimensions)
    assert list(ranges["Lowest"]) == [whole_points(r.low) for r in team.dimensions]
    assert list(ranges["Mean"]) == [whole_points(r.mean) for r in team.dimensions]
    assert list(ranges["Highest"]) == [whole_points(r.high) for r in team.dimensions]
    levels = table(at, "Level")
    counts = levels_reached(model, team)
    assert list(levels["Level"]) == [c.level.name for c in reversed(counts)]  # no target on the compare page
    assert list(levels["At this level"]) == [str(c.at) for c in reversed(counts)]

    question = model.question("budget.hours")
    assert question is not None
    body = unescape(" ".join(texts(at)))
    (disagreement,) = [t for t in texts(at) if "Written down, used" in unescape(t)]
    spread = team.disagreements[0]
    assert unescape(disagreement) == (
        f"**{model.dimension('budget').name}**\n\n- {question.text}  \n  :small[:gray[{answer_counts(spread)}]]"
    )
    assert answer_counts(spread) == (
        "1 × “Nothing decided yet” · 1 × “Written down, used and revisited at set times” · 1 × “Not sure”"
    )
    assert not at.warning and not at.expander  # one disagreement: nothing behind "show all"
    not_sure = model.question("goals.aims")
    assert not_sure is not None
    assert f'On "{not_sure.text}": 1 person answered "Not sure".' in body
    assert at.metric.len == 0  # no over-time section for three results


def test_three_results_of_different_organisations_are_no_team(model: Model) -> None:
    base = answers_at(model, 0.5)
    at = paste_and_compare(compare_view(), [link(model, base, name) for name in ("Acme", "Bolt", "Cog")])
    assert series_on_chart(at) == ["Acme", "Bolt", "Cog"]
    assert not any(s.value.startswith("Team summary") for s in at.header)
    assert "same organisation" in " ".join(c.value for c in at.caption)


# --- damaged input, the compare link, limits -------------------------------------------------


def test_a_compare_link_with_a_damaged_link_names_it_and_compares_the_rest(model: Model) -> None:
    good = [link(model, answers_at(model, f)) for f in (0.25, 0.5, 0.75)]
    damaged = good[1].replace("&a=", "&a=4", 1)
    at = run(compare_params([good[0], damaged, good[1], good[2]]))
    expected = compare(model, [good[0], damaged, good[1], good[2]])
    assert [s.position for s in expected.skipped] == [2]

    skipped = [unescape(w.value) for w in at.warning if "skipped" in w.value]
    assert skipped == [expected.skipped[0].text]
    assert skipped[0].startswith("Link 2 was skipped: This results link is damaged")
    assert unescape(at.warning[0].value) == skipped[0]  # named first, above the comparison
    assert series_on_chart(at) == ["Result 1", "Result 3", "Result 4"]
    scores = table(at, "Dimension", "Result 3")
    assert [c for c in scores.columns if c != "Dimension"] == ["Result 1", "Result 3", "Result 4"]
    assert any(s.value == "Team summary: 3 results" for s in at.header)  # unnamed results make a team
    team = expected.team
    five_steps = [q for q in model.scored_questions if len(model.scale_of(q).valued_options) == 5]
    assert team is not None and len(team.disagreements) == len(five_steps)  # answers 0.25 / 0.5 / 0.75
    shown = [t for t in texts(at) if t.startswith("**") and "\n\n- " in t]
    widest, rest = team.disagreements[:5], team.disagreements[5:]
    assert shown == [disagreements_md(model, widest), disagreements_md(model, rest)]  # the five widest, the rest
    assert [shown[0].count("\n- "), shown[1].count("\n- ")] == [5, len(rest)]
    assert shown[0].count("\n\n**") == len(disagreement_groups(model, widest)) - 1  # by dimension
    assert [e.label for e in at.expander] == [f"Show all: {len(rest)} more questions the team disagrees on"]
    assert "Damaged links are left out" in " ".join(c.value for c in at.caption)


def test_the_compare_link_reopens_the_same_view(model: Model) -> None:
    links = list(progress_links(model))
    at = paste_and_compare(compare_view(url=BASE), links)
    shared = at.code[0].value
    assert shared == BASE + "/" + compare(model, links).link

    query = urlsplit(shared).query
    reopened = run(dict(parse_qsl(query, keep_blank_values=True)), url=BASE)
    assert reopened.title[0].value == "Compare results"
    assert reopened.code[0].value == shared
    assert series_on_chart(reopened) == series_on_chart(at)
    for header in ("Acme (2026-01-10)", "Change"):
        name = header.replace("(", r"\(").replace(")", r"\)").replace("-", r"\-")
        assert table(reopened, "Dimension", name).equals(table(at, "Dimension", name))
    assert reopened.info[0].value == at.info[0].value
    # The text area shows the links it compares, absolute, ready for one more.
    assert reopened.text_area(key="compare_links").value == "\n".join(BASE + "/" + q for q in links)


def test_more_than_ten_links_is_a_clear_error_and_nothing_is_lost(model: Model) -> None:
    lines = [link(model, answers_at(model, 0.5), f"Shop {n}") for n in range(MAX_LINKS + 1)]
    at = paste_and_compare(compare_view(), lines)
    (error,) = at.error
    assert f"You pasted {MAX_LINKS + 1} results links" in error.value and f"at most {MAX_LINKS}" in error.value
    assert at.text_area(key="compare_links").value == "\n".join(lines)
    assert dict(at.query_params) == {"view": "compare"}
    assert not at.get("vega_lite_chart")


def test_fewer_than_two_links_or_an_unreadable_line_asks_again(model: Model) -> None:
    one = link(model, answers_at(model, 0.5))
    at = paste_and_compare(compare_view(), [one])
    assert "at least two" in at.error[0].value
    at = paste_and_compare(at, [one, "http://[broken"])
    assert at.error[0].value.startswith("Link 2 cannot be compared. This results link is damaged")
    assert at.text_area(key="compare_links").value == f"{one}\nhttp://[broken"


@pytest.mark.parametrize("bad", ["damaged", "70 kB"])
def test_a_pasted_link_that_cannot_be_compared_never_reaches_the_address(model: Model, bad: str) -> None:
    good = [link(model, answers_at(model, f)) for f in (0.25, 0.5)]
    wrong = good[1].replace("&a=", "&a=4", 1) if bad == "damaged" else good[1] + "x" * 70_000
    lines = [good[0], wrong, good[1]]
    at = paste_and_compare(compare_view(), lines)
    (error,) = at.error
    assert error.value.startswith("Link 2 cannot be compared. This results link is damaged"), error.value
    assert dict(at.query_params) == {"view": "compare"}  # the address is as it was
    assert at.text_area(key="compare_links").value == "\n".join(lines)  # nothing pasted is lost
    assert not at.get("vega_lite_chart")


def test_links_too_long_together_for_one_address_are_not_written(model: Model) -> None:
    name = "名" * 60  # the longest name, three bytes a character: ~1,300 characters a link in a compare link
    lines = [link(model, answers_at(model, 0.5), name, date(2026, 1, day)) for day in range(1, MAX_LINKS + 1)]
    at = paste_and_compare(compare_view(), lines)
    (error,) = at.error
    assert "too long for one web address" in error.value
    assert dict(at.query_params) == {"view": "compare"}
    assert at.text_area(key="compare_links").value == "\n".join(lines)


def test_a_damaged_compare_link_says_so(model: Model) -> None:
    one = link(model, answers_at(model, 0.5)).removeprefix("?")
    at = run({"l1": one, "l3": one})
    assert "This compare link is damaged" in unescape(at.error[0].value)
    assert at.text_area(key="compare_links").value == ""


@pytest.mark.parametrize("name", ["<img src=x onerror=alert(1)>", "[x](javascript:alert(1))"])
def test_names_are_plain_text_on_the_compare_page(model: Model, name: str) -> None:
    links = [link(model, answers_at(model, f), name, date(2026, 1, d)) for f, d in ((0.25, 1), (0.5, 2), (0.75, 3))]
    at = run(compare_params(links))
    sources = [*texts(at), *(str(c) for t in at.table for c in t.value.columns), *at.table[0].value["Result"]]
    shown = [s for s in sources if name in unescape(s)]
    assert len(shown) >= 1 + 3 + 3  # the team heading, three column headers, three overview rows
    escaped = md_escape(name)
    assert not UNESCAPED.search(escaped)
    for source in shown:
        assert name not in source and escaped in source, source
    legends = series_on_chart(at)  # the chart draws text, never markup: the name is passed as is
    assert all(legend.startswith(name) for legend in legends)


# --- ways in -------------------------------------------------------------------------------


def test_start_page_opens_an_empty_compare_view() -> None:
    at = run()
    at.button(key="open_compare").click().run()
    assert dict(at.query_params) == {"view": "compare"}
    assert at.title[0].value == "Compare results"
    assert at.text_area(key="compare_links").label == "Paste 2–10 results links, one per line"
    assert at.text_area(key="compare_links").value == ""
    at.button(key="compare_start").click().run()
    assert not at.query_params and at.button(key="start_full")


def test_results_page_opens_the_compare_view_with_its_own_link(model: Model) -> None:
    before, after = progress_links(model)
    at = run(parse_query(after), url=BASE)
    at.button(key="compare_with").click().run()
    assert at.query_params["view"] == "compare"
    assert at.text_area(key="compare_links").value == BASE + "/" + after
    assert "Add at least one more" in at.info[0].value
    at = paste_and_compare(at, [BASE + "/" + after, before])
    assert series_on_chart(at) == ["Acme (2026-11-01)", "Acme (2026-01-10)"]
    assert any(s.value == "Over time" for s in at.header)


# --- exports on the results page --------------------------------------------------------------


class Downloads:
    """What the results page registers for download, and what a click hands to the media store."""

    def __init__(self) -> None:
        self.deferred: list[tuple[MediaFileManager, str]] = []  # (manager, placeholder file id)
        self.stored: dict[str, tuple[bytes, str]] = {}  # file name -> (bytes, mime type)

    def click_all(self) -> dict[str, tuple[bytes, str]]:
        """Generate every deferred file as a click does (``execute_deferred``); what got stored."""
        for manager, file_id in self.deferred:
            manager.execute_deferred(file_id)
        return self.stored


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Downloads]:
    record = Downloads()
    add_deferred = MediaFileManager.add_deferred
    load_and_get_id = MemoryMediaFileStorage.load_and_get_id

    def recording_add_deferred(self: MediaFileManager, *args: Any, **kwargs: Any) -> str:
        file_id = add_deferred(self, *args, **kwargs)
        record.deferred.append((self, file_id))
        return file_id

    def recording_load(
        self: MemoryMediaFileStorage, path_or_data: Any, mimetype: str, kind: Any, filename: Any = None
    ) -> str:
        if isinstance(path_or_data, bytes) and filename:
            record.stored[filename] = (path_or_data, mimetype)
        return load_and_get_id(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording_add_deferred)
    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording_load)
    yield record


def test_results_page_offers_pdf_text_json_csv_and_html(model: Model, downloads: Downloads) -> None:
    data = LinkData(answers_at(model, 0.5, budget=0.0), "Ada & Co", None, date(2026, 3, 4))
    at = run(parse_query(encode(model, data)), url=BASE)
    labels = [d.label for d in at.download_button]
    assert labels == [
        "Download as PDF",
        "Download as text",
        "Download as JSON",
        "Download as CSV",
        "Printable report (HTML)",
    ]
    # Deferred: the run registers a generator per button and stores no file; a click makes it.
    assert all(d.proto.deferred_file_id and not d.proto.url for d in at.download_button)
    assert len(downloads.deferred) == 5 and downloads.stored == {}

    result = score(model, data.answers, data.target)
    shared = BASE + "/" + encode(model, data)
    stem = "ada-co-social-media-assessment-2026-03-04"  # the organisation's name and the date
    expected = {
        f"{stem}.txt": (text_report(model, result, data.name), "text/plain"),
        f"{stem}.json": (to_json(model, result, data, shared), "application/json"),
        f"{stem}.csv": (to_csv(result), "text/csv"),
        f"{stem}.html": (to_html(model, result, data, shared), "text/html"),
    }
    files = downloads.click_all()
    pdf, pdf_mime = files.pop(f"{stem}.pdf")
    assert pdf_mime == "application/pdf"
    assert pdf == to_pdf(model, result, data, shared, find_fonts())  # the same link, name and date
    assert {name: (content.decode("utf-8"), mime) for name, (content, mime) in files.items()} == expected
    document = json.loads(files[f"{stem}.json"][0])
    assert document["link"] == shared and document["name"] == "Ada & Co"
    assert document["content_version"] == model.version
    assert files[f"{stem}.csv"][0].decode().splitlines()[0] == "dimension_id,dimension,score,level,target,gap"
    html = files[f"{stem}.html"][0].decode()
    assert result.level.name in html and "<table" in html and "Ada &amp; Co" in html

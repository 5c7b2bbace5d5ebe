"""Exports of one result: JSON schema, CSV rows, the self-contained HTML report, and the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings

from assessment.link import LinkData, encode
from assessment.loader import load_model
from assessment.model import Model
from assessment.names import display_name
from assessment.rounding import one_decimal, one_decimal_gap, whole_points
from assessment.scoring import Result, score
from cli.assessment import main
from reports import radar
from reports.as_csv import CSV_HEADER, to_csv
from reports.as_html import to_html
from reports.as_json import to_json
from reports.document import result_to_dict
from tests import strategies
from tests.profiles import answers_at

ROOT = Path(__file__).resolve().parent.parent
MODEL = load_model()
BASE = "https://assess.example.org/"


@pytest.fixture
def case(model: Model) -> tuple[Result, LinkData, str]:
    answers = answers_at(model, 0.5, budget=0.25, trust=0.75)
    answers["goals.aims"] = "unsure"
    del answers["networks.research"]
    data = LinkData(answers, "Acme & Söhne", "managed", date(2026, 11, 1))
    return score(model, answers, "managed"), data, BASE + encode(model, data)


# --- JSON ----------------------------------------------------------------------------------


def test_json_export_schema_and_values(model: Model, case: tuple[Result, LinkData, str]) -> None:
    result, data, link = case
    document = json.loads(to_json(model, result, data, link))
    assert set(document) == {"format", "content_version", "name", "taken_on", "target", "link", "answers", "result"}
    assert document["content_version"] == model.version
    assert document["name"] == "Acme & Söhne"
    assert document["taken_on"] == "2026-11-01"
    assert document["target"] == "managed"
    assert document["link"] == link
    assert document["answers"] == dict(data.answers)
    assert list(document["answers"]) == [q.id for q in model.questions if q.id in data.answers]
    assert document["result"] == result_to_dict(result)
    assert document["result"]["unknown"] == ["goals.aims"]
    assert document["result"]["missing"] == ["networks.research"]
    assert document["result"]["target"] == "managed"


def test_json_export_without_name_date_or_target(model: Model) -> None:
    result = score(model, {})
    document = json.loads(to_json(model, result, LinkData(), "?x"))
    assert (document["name"], document["taken_on"], document["target"], document["answers"]) == ("", None, None, {})


# --- CSV -----------------------------------------------------------------------------------


def test_csv_header_and_rows_match_the_result(case: tuple[Result, LinkData, str]) -> None:
    result = case[0]
    text = to_csv(result)
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_HEADER == ("dimension_id", "dimension", "score", "level", "target", "gap")
    assert len(rows) == 1 + len(result.dimensions)
    for row, d in zip(rows[1:], result.dimensions, strict=True):
        assert row[0] == d.dimension.id
        assert row[1] == d.dimension.name
        assert float(row[2]) == one_decimal(d.score)
        assert row[3] == d.level.name
        assert row[4] == result.target.name == "Managed"
        assert float(row[5]) == one_decimal_gap(d.score, d.target_score)
    budget = next(r for r in rows if r[0] == "budget")
    assert float(budget[5]) == pytest.approx(60 - result.dimension("budget").score, abs=0.1)


def test_csv_quotes_fields_with_commas() -> None:
    from dataclasses import replace

    result = score(MODEL, {})
    first = result.dimensions[0]
    renamed = replace(first, dimension=replace(first.dimension, name='Goals, "really"'))
    text = to_csv(replace(result, dimensions=(renamed, *result.dimensions[1:])))
    assert '"Goals, ""really"""' in text
    assert list(csv.reader(io.StringIO(text)))[1][1] == 'Goals, "really"'


# --- HTML ----------------------------------------------------------------------------------


class _Collector(HTMLParser):
    """Collects table cells, tags and attributes to check the report's structure."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.cells: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs
        if tag == "td":
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.cells.append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


def test_html_report_holds_level_table_roadmap_and_find_out(model: Model, case: tuple[Result, LinkData, str]) -> None:
    result, data, link = case
    page = to_html(model, result, data, link)
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Social media strategy assessment: Acme &amp; Söhne</title>" in page
    assert "2026-11-01" in page
    assert f"Level: {escape(result.level.name)}" in page
    assert escape(result.level.description) in page
    assert escape(result.explanation) in page
    parsed = _parse(page)
    for d in result.dimensions:
        assert d.dimension.name in parsed.cells
    assert parsed.cells.count(result.dimension("budget").level.name) >= 1
    assert result.next_steps
    for step in result.next_steps:
        assert escape(step.recommendation.step) in page
        assert f"{step.recommendation.effort} effort" in page
        for source in step.recommendation.sources:  # by title, with the gist in the list of sources
            seed = model.seed(source)
            assert seed is not None and f"“{escape(seed.title)}”" in page and escape(seed.gist) in page
            assert source not in page
    question = model.question("goals.aims")
    assert question is not None and escape(question.text) in page  # the find-out list
    assert "1 question not answered (they count as 0)." in page
    assert "content version" not in page  # no jargon in the header
    assert escape(link) in page and f'href="{escape(link)}"' in page
    assert "<svg" in page and page.count('class="current"') >= 2 and 'class="target"' in page
    assert "@media print" in page and "break-inside: avoid" in page


def test_html_report_radar_has_a_vertex_and_label_per_dimension(
    model: Model, case: tuple[Result, LinkData, str]
) -> None:
    result, data, link = case
    page = to_html(model, result, data, link)
    current = re.search(r'<polygon class="current" points="([^"]+)"', page)
    assert current is not None and len(current.group(1).split()) == len(model.dimensions)
    assert page.count('<polygon class="grid"') == len(model.levels)
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", page)
    assert (
        " ".join(lines).split()
        == " ".join(f"{d.dimension.name} {whole_points(d.score)}" for d in result.dimensions).split()
    )  # each axis: the full name, then its score
    scores = re.findall(r'<tspan class="score"[^>]*>([^<]*)</tspan>', page)
    assert scores == [str(whole_points(d.score)) for d in result.dimensions]
    assert re.search(r'<section class="scores">\s*<figure>.*</figure>.*</table>\s*</section>', page, re.S)


def _drawn_charts(monkeypatch: pytest.MonkeyPatch) -> list[radar.Radar]:
    """Every radar the geometry gives a renderer from now on (reports.radar.radar, spied on)."""
    charts: list[radar.Radar] = []
    geometry = radar.radar

    def spy(*args: Any, **kwargs: Any) -> radar.Radar:
        charts.append(geometry(*args, **kwargs))
        return charts[-1]

    monkeypatch.setattr(radar, "radar", spy)
    return charts


def test_html_report_draws_the_radar_the_geometry_gives(
    model: Model, case: tuple[Result, LinkData, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result, data, link = case
    charts = _drawn_charts(monkeypatch)
    page = to_html(model, result, data, link)
    (chart,) = charts
    svg = ElementTree.fromstring(page[page.index("<svg viewBox") : page.index("</svg>") + len("</svg>")])
    at = "{:.2f},{:.2f}".format

    def points(polygon: Sequence[radar.Point | None]) -> str:
        return " ".join(at(*corner) for corner in radar.outline(polygon))

    assert [e.get("points") for e in svg.iter("polygon") if e.get("class") == "grid"] == [
        points(ring.points) for ring in chart.rings
    ]
    assert [(e.get("x"), e.get("y"), e.text) for e in svg.iter("text") if e.get("font-size") == "9"] == [
        (*at(*ring.value_at).split(","), f"{ring.score:g}") for ring in chart.rings
    ]  # each ring's value, where the geometry puts it
    assert [",".join(e.get(k, "") for k in ("x1", "y1", "x2", "y2")) for e in svg.iter("line")] == [
        f"{at(*start)},{at(*end)}" for start, end in chart.spokes
    ]
    yours, target = chart.polygons
    assert [e.get("points") for e in svg.iter("polygon") if e.get("class") == "target"] == [points(target)]
    assert [e.get("points") for e in svg.iter("polygon") if e.get("class") == "current"] == [points(yours)]
    assert [at(float(e.get("cx", "")), float(e.get("cy", ""))) for e in svg.iter("circle")] == [
        at(*corner) for corner in radar.outline(yours)
    ]
    labels = [e for e in svg.iter("text") if e.get("font-size") != "9"]
    anchors = {"left": "start", "center": "middle", "right": "end"}
    assert [e.get("text-anchor") for e in labels] == [anchors[label.align] for label in chart.labels]
    assert [[(s.get("x"), s.get("y"), s.text, s.get("class") == "score") for s in e] for e in labels] == [
        [(*at(label.anchor[0], label.anchor[1] + line.dy).split(","), line.text, line.score) for line in label.lines]
        for label in chart.labels
    ]
    assert chart.radius <= 170.0 and [len(label.lines) for label in chart.labels] == [
        len(radar.wrap(d.dimension.name)) + 1 for d in result.measured_dimensions
    ]


def test_html_report_escapes_a_script_name(model: Model) -> None:
    data = LinkData(answers_at(model, 0.5), "<script>alert('x')</script>", None, None)
    link = BASE + encode(model, data)
    page = to_html(model, score(model, data.answers), data, link)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "script" not in _parse(page).tags
    assert "Date not recorded" in page


def test_html_report_is_self_contained(model: Model, case: tuple[Result, LinkData, str]) -> None:
    result, data, link = case
    page = to_html(model, result, data, link)
    without_link = page.replace(escape(link), "")
    assert "http://" not in without_link and "https://" not in without_link
    parsed = _parse(page)
    assert not {"script", "img", "link", "iframe", "object", "embed"} & set(parsed.tags)
    assert "@import" not in page and "url(" not in page
    sources = [value for name, value in parsed.attributes if name in {"src", "href", "xlink:href"}]
    assert sources == [link]


def test_html_report_with_a_query_link_and_no_steps(model: Model) -> None:
    data = LinkData(answers_at(model, 1.0))
    result = score(model, data.answers)
    query = encode(model, data)
    page = to_html(model, result, data, query)
    assert "http://" not in page and "https://" not in page
    assert "No steps needed" in page
    # empty lists are left out: nothing to find out, nothing unanswered, everything applies
    assert "Find out" not in page and "not answered" not in page and "Does not apply" not in page


def test_html_report_does_not_link_other_schemes(model: Model) -> None:
    result = score(model, {})
    page = to_html(model, result, LinkData(), "javascript:alert(1)")
    assert "href=" not in page and "javascript:alert(1)" in page


class _Heading(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = self._inside or tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        self._inside = self._inside and tag != "h1"

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.text.append(data)


@settings(max_examples=60)
@given(strategies.names)
def test_html_report_shows_any_name_as_text_without_bidi_controls(name: str) -> None:
    page = to_html(MODEL, score(MODEL, {}), LinkData({}, name), "?v=1")
    shown = display_name(name).strip()  # as every name is shown
    heading = _Heading()
    heading.feed(page)
    assert "".join(heading.text) == "Social media strategy assessment" + (f": {shown}" if shown else "")
    assert "<script" not in page.lower()
    assert not set(page) & set(strategies.BIDI_CONTROLS)


# --- CLI -----------------------------------------------------------------------------------


def test_cli_report_writes_the_html_report(model: Model, case: tuple[Result, LinkData, str], tmp_path: Path) -> None:
    result, data, link = case
    out = tmp_path / "report.html"
    run = subprocess.run(
        [sys.executable, "-m", "assessment", "report", link, "--html", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert out.read_text(encoding="utf-8") == to_html(model, result, data, link)


def test_cli_report_with_a_bare_query(model: Model, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = LinkData(answers_at(model, 0.5), "Acme")
    query = encode(model, data)
    out = tmp_path / "r.html"
    assert main(["report", query.removeprefix("?"), "--html", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8") == to_html(model, score(model, data.answers), data, query)


def test_cli_report_exits_2_on_a_damaged_link(model: Model, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    damaged = encode(model, LinkData(answers_at(model, 0.5)))[:-4]
    assert main(["report", damaged, "--html", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: This results link is damaged") and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_cli_report_exits_2_when_the_file_cannot_be_written(
    model: Model, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = encode(model, LinkData(answers_at(model, 0.5)))
    assert main(["report", query, "--html", str(tmp_path / "missing" / "r.html")]) == 2
    assert "cannot be written" in capsys.readouterr().err
    assert main(["report", query]) == 2  # --html is required
    assert "--html" in capsys.readouterr().err

"""Issue 15 in a real browser: a radar you can read at 1280 and 390 px, the PDF from the
downloads, and clean printing of the results page and of the HTML report.

Expected names and scores come from the core; PDFs (downloaded, or printed by Chromium) are
read back with poppler (``tests/support/pdf.py``). The pages here are the ones the README's
pictures show; ``python -m tests.browser.screenshots`` takes those into ``docs/`` (tests never do).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assessment import decode
from assessment.model import Model
from assessment.rounding import whole_points
from assessment.scoring import Result
from reports.as_html import to_html
from reports.style import CURRENT_COLOR, LABEL_COLOR
from tests.browser.helpers import PHONE, App
from tests.browser.screenshots import SCORES, download_pdf, results_link
from tests.support.pdf import page_texts

pytestmark = pytest.mark.browser

# The radar's SVG: its box, the content column's width, and every text it draws with its box and colour.
RADAR_JS = """chart => {
  const svg = chart.querySelector('svg.marks');
  const box = svg.getBoundingClientRect();
  const column = document.querySelector("[data-testid='stMainBlockContainer']");
  const style = getComputedStyle(column);
  const content = column.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const texts = [...svg.querySelectorAll('text')].map(t => {
    const b = t.getBoundingClientRect();
    return {text: t.textContent.trim(), fill: (t.getAttribute('fill') || '').toLowerCase(),
            legend: !!t.closest('.role-legend'),
            left: b.left, right: b.right, top: b.top, bottom: b.bottom, width: b.width};
  }).filter(t => t.text);
  return {left: box.left, right: box.right, top: box.top, bottom: box.bottom, width: box.width,
          height: box.height, content, viewport: window.innerWidth, texts};
}"""


def _radar(app: App) -> dict[str, Any]:
    chart = app.main.locator("[data-testid='stVegaLiteChart']").first
    chart.locator("svg.marks text").first.wait_for(state="visible")
    chart.scroll_into_view_if_needed()
    return dict(chart.evaluate(RADAR_JS))


def _assert_readable_radar(radar: dict[str, Any], result: Result) -> None:
    """Full names and every score drawn as text on the chart, all of it inside the chart and the window."""
    axes = [t for t in radar["texts"] if not t["legend"]]
    names = [t["text"] for t in axes if t["fill"] == LABEL_COLOR.lower()]
    scores = [t["text"] for t in axes if t["fill"] == CURRENT_COLOR.lower()]
    legend = [t["text"] for t in radar["texts"] if t["legend"]]
    assert legend == ["Your profile", f"Target: {result.target.name}"]
    assert " ".join(names).split() == " ".join(d.dimension.name for d in result.dimensions).split()
    assert scores == [str(whole_points(d.score)) for d in result.dimensions]  # no hover needed
    for text in radar["texts"]:
        assert radar["left"] - 0.5 <= text["left"] and text["right"] <= radar["right"] + 0.5, text
        assert text["left"] >= 0 and text["right"] <= radar["viewport"], text
        assert radar["top"] - 0.5 <= text["top"] and text["bottom"] <= radar["bottom"] + 0.5, text


def test_the_radar_spans_the_desktop_column_with_names_and_scores(app: App, model: Model) -> None:
    link, result = results_link(model)
    app.open(link)
    radar = _radar(app)
    assert radar["width"] >= 480, radar["width"]
    assert radar["width"] == pytest.approx(radar["content"], abs=1)  # the column's whole width: 704 px
    assert radar["height"] >= 480
    _assert_readable_radar(radar, result)
    table = app.main.locator(".st-key-scores table")
    assert table.count() == 1 and table.bounding_box()["y"] > radar["bottom"]  # the table follows the chart
    assert app.page.locator("#vg-tooltip-element.visible").count() == 0  # nothing hovered
    app.screenshot("results", clip_to=SCORES)


def test_the_radar_fills_a_390_px_phone(new_app: Callable[..., App], model: Model) -> None:
    phone = new_app(**PHONE)
    link, result = results_link(model)
    phone.open(link)
    radar = _radar(phone)
    assert radar["width"] == pytest.approx(radar["content"], abs=1)  # 358 px: the phone's content width
    assert radar["left"] >= 0 and radar["right"] <= PHONE["width"]
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _assert_readable_radar(radar, result)
    phone.screenshot("results-390", clip_to=SCORES)


def test_the_pdf_downloads_from_the_results_page(app: App, model: Model, app_url: str, tmp_path: Path) -> None:
    link, result = results_link(model, "Harbour Café & Co")
    app.open(link)
    pdf = download_pdf(app, tmp_path)
    assert pdf.name == "harbour-cafe-co-social-media-assessment-2026-03-04.pdf"  # the organisation and the date
    assert pdf.read_bytes().startswith(b"%PDF-")
    pages = page_texts(pdf)
    text = "\n".join(pages)
    assert f"Level: {result.level.name}" in pages[0] and "Harbour Café & Co" in pages[0]
    assert all(d.dimension.name in pages[0] for d in result.dimensions)
    assert app.page.url.startswith(app_url.rstrip("/"))
    assert "".join(app.page.url.split()) in "".join(text.split())  # the page's own link, absolute


# Shown on screen (the first five once the downloads popover is open), hidden in print.
PRINT_HIDDEN = ("stButton", "stPopover", "stButtonGroup", "stPopoverBody", "stDownloadButton", "stHeader")


def test_printing_the_results_page_hides_controls_and_keeps_chart_and_table_together(
    app: App, model: Model, tmp_path: Path
) -> None:
    link, result = results_link(model)
    app.open(link)
    page = app.page
    app.main.get_by_role("button", name="Download the results").click()  # an open popover prints neither
    page.get_by_role("button", name="Download as PDF").wait_for(state="visible")
    for test_id in PRINT_HIDDEN[:5]:  # on screen, they are there
        assert page.locator(f"[data-testid='{test_id}']").first.is_visible(), test_id
    printed_link = page.locator(".st-key-print-link")
    assert not printed_link.is_visible()

    page.emulate_media(media="print")
    for test_id in PRINT_HIDDEN:
        shown = [e for e in page.locator(f"[data-testid='{test_id}']").all() if e.is_visible()]
        assert shown == [], test_id
    assert printed_link.is_visible() and "Results link:" in printed_link.inner_text()
    assert page.locator(".st-key-scores").evaluate("e => getComputedStyle(e).breakInside") == "avoid"

    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(page.pdf(format="A4"))
    pages = page_texts(pdf)
    text = "\n".join(pages)
    assert "Download the results" not in text and "Copy the results link" not in text and "as PDF" not in text
    assert "Change answers" not in text and "Target level" not in text
    # the roadmap's cards, collapsed on screen, print open: every step is on paper
    assert all(" ".join(step.recommendation.step.split()[:6]) in " ".join(text.split()) for step in result.next_steps)
    assert app.main.locator("[data-testid='stExpander'] details[open]").count() == 0
    (scores,) = [p for p in pages if "Where you stand" in p]
    assert "Dimension" in scores and "Scores out of 100. Gap" in scores  # the table, on the chart's page
    last = result.dimensions[-1].dimension.name
    assert last in scores and str(whole_points(result.dimensions[-1].score)) in scores


def test_printing_the_html_report_keeps_chart_and_table_together(browser: Any, model: Model, tmp_path: Path) -> None:
    link, result = results_link(model)
    data = decode(model, link).data
    page = browser.new_page()
    try:
        page.set_content(to_html(model, result, data, "https://assess.example.org/" + link))
        page.emulate_media(media="print")
        pdf = tmp_path / "report.pdf"
        pdf.write_bytes(page.pdf(format="A4"))
    finally:
        page.close()
    pages = page_texts(pdf)
    (scores,) = [p for p in pages if "Scores by dimension" in p]
    first_label, *_ = result.dimensions[0].dimension.name.split()
    assert first_label in scores.split("Scores by dimension")[0]  # the radar's labels, above the table
    assert all(d.dimension.name in scores for d in result.dimensions)  # every row of the table
    assert "Rings mark where each level begins" in scores

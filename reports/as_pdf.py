"""The PDF report of one result: A4, to print or pass on.

Page one holds the name and date, the level and the sentence of why, the radar (vector
paths from :mod:`reports.radar`'s geometry in :mod:`reports.style`'s colours, as in the app)
and the table; then the roadmap with each step's sources by title, the "find out" and "does not
apply" lists (each left out when there is nothing in it), and the results link as text and as a
QR code. The header says the date the result was taken, nothing about content versions. Every
page's footer repeats the name and the date.

Pure apart from its fonts: :func:`to_pdf` returns bytes, and fpdf2 reads the font files
named by its ``fonts`` argument (:mod:`reports.fonts`). Names and the link come from
outside, so they are only ever drawn as plain text: fpdf2's markdown is never switched on,
its page-count alias is off (a name holding ``{nb}`` prints as typed), whitespace is
collapsed, and a character that DejaVu Sans lacks is drawn as U+FFFD (:func:`_plain`).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import partial
from typing import TYPE_CHECKING

import segno
from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from fpdf.fonts import FontFace
from fpdf.table import Table

from assessment.compare import Team, levels_reached
from assessment.link import LinkData
from assessment.model import Level, Model
from assessment.names import display_name
from assessment.rounding import shown_gap_text, shown_score, whole_points
from assessment.scoring import Result

from . import radar
from .fonts import PdfFonts, find_fonts
from .style import CURRENT_COLOR, GRID_COLOR, LABEL_COLOR, TARGET_COLOR, TARGET_DASH, TEAM_HIGH, TEAM_LOW, TICK_COLOR
from .wording import (
    ROADMAP_ORDER,
    answer_counts,
    cited_seeds,
    disagreement_groups,
    does_not_apply,
    level_label,
    level_name,
    level_rows,
    roadmap_groups,
    source_titles,
    step_detail,
    team_score_line,
    variant_name,
    widest_and_rest,
)

if TYPE_CHECKING:  # the interface's module imports this one
    from . import Report

FONT = "DejaVu"
REPLACEMENT = "\ufffd"  # drawn for a character that the report's font lacks
TITLE = "Social media strategy assessment"
MARGIN = 15.0  # mm, every side
FOOTER = 12.0  # mm from the bottom edge to the footer line
BODY_PT = 10.0
GREY = "#444444"
MM_PER_PT = 25.4 / 72
# The radar, in mm (the app's is in px, from the same geometry functions).
RADAR_RADIUS = 40.0  # at most: less if the labels need the room, or to keep the table on page one
MIN_RADIUS = 28.0  # below this the radar moves to the next page instead
LABEL_PT = 8.0
LABEL_LINE = 3.6  # mm per label line
LABEL_GAP = 2.0  # mm between the outer ring and a label
DASH_MM = 0.35  # one px of the app's dash patterns, in mm
TABLE_LINE = 5.5  # mm per table row
HEADER_FILL = "#f0f5f4"  # the app's secondary background
QR_SIZE = 40.0  # mm, quiet zone included: about 0.6 mm a module for a full link with a name
LINK_PREFIXES = ("http://", "https://")  # links the PDF makes clickable and puts in a QR code


class _Report(FPDF):
    """An A4 page set with the report's footer: the name, the date and the page number."""

    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = ""

    def footer(self) -> None:
        self.set_y(-FOOTER)
        self.set_font(FONT, size=8)
        self.set_text_color(GREY)
        width = self.epw - 20
        self.cell(width, 5, self.footer_text)
        self.cell(20, 5, f"page {self.page_no()}", align="R")


def _covered(pdf: FPDF, family: str, char: str) -> bool:
    """Whether every loaded style of font ``family`` has a glyph for ``char``."""
    fonts = [font for key, font in pdf.fonts.items() if key.startswith(family.lower())]
    return bool(fonts) and all(ord(char) in getattr(font, "cmap", {}) for font in fonts)


def _plain(pdf: FPDF, text: str) -> str:
    """Text from outside, ready to draw as plain text: whitespace collapsed to single spaces, and
    each character that DejaVu Sans lacks replaced by U+FFFD (no fallback font: :mod:`reports.fonts`)."""
    text = " ".join(text.split())
    return "".join(char if _covered(pdf, FONT, char) else REPLACEMENT for char in text)


def to_pdf(
    model: Model,
    result: Result,
    data: LinkData,
    link: str,
    fonts: PdfFonts,
) -> bytes:
    """The result as an A4 PDF document (see the module's docstring for what it holds)."""
    pdf = _Report()
    pdf.add_font(FONT, "", fonts.regular)
    pdf.add_font(FONT, "B", fonts.bold)
    pdf.alias_nb_pages("")  # off: fpdf2 would put the page count in place of any "{nb}" in a name
    name = _plain(pdf, display_name(data.name))
    shown_link = _plain(pdf, link)
    taken = f"Taken on {data.taken_on.isoformat()}" if data.taken_on else "Date not recorded"
    pdf.footer_text = " · ".join([name or TITLE, taken])
    pdf.set_title(f"{TITLE}: {name}" if name else TITLE)
    pdf.set_lang("en")
    pdf.set_creator("Buzzword or real asset? A social media strategy self-assessment")
    if data.taken_on:  # else fpdf2 records when the file was made
        pdf.set_creation_date(datetime.combine(data.taken_on, time(), UTC))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=FOOTER + 8)
    pdf.add_page()

    _summary(pdf, result, name, taken)
    _scores(pdf, model, result)
    _roadmap(pdf, model, result)
    _find_out(pdf, model, result)
    _does_not_apply(pdf, model, result)
    _reopen(pdf, link.strip(), shown_link)
    return bytes(pdf.output())


def render(report: Report) -> bytes:
    """The report as a PDF, in the fonts this machine has (:func:`to_pdf`, :func:`reports.fonts.find_fonts`)."""
    return to_pdf(report.model, report.result, report.data, report.link, find_fonts())


# --- Text ----------------------------------------------------------------------------------


def _font(pdf: FPDF, size: float = BODY_PT, bold: bool = False, color: str = LABEL_COLOR) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(color)


def _paragraph(pdf: FPDF, text: str, size: float = BODY_PT, bold: bool = False, color: str = LABEL_COLOR) -> None:
    _font(pdf, size, bold, color)
    pdf.multi_cell(0, size * MM_PER_PT * 1.45, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: FPDF, text: str, keep_with: float = 20.0) -> None:
    """A section heading, on a new page unless ``keep_with`` mm of what follows fit under it."""
    if pdf.will_page_break(12 + keep_with):
        pdf.add_page()
    pdf.ln(4)
    _paragraph(pdf, text, 13, bold=True)
    pdf.set_draw_color(GREY)
    pdf.set_line_width(0.2)
    pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.l_margin + pdf.epw, pdf.get_y() + 0.5)
    pdf.ln(2.5)


def _table(pdf: FPDF, widths: tuple[float, ...], align: tuple[str, ...]) -> AbstractContextManager[Table]:
    """A table in the report's style: 9 pt, a tinted bold heading, thin rules between the rows;
    ``widths`` in mm and ``align`` ("LEFT" or "RIGHT") per column."""
    _font(pdf, 9)
    pdf.set_draw_color(GRID_COLOR)
    pdf.set_fill_color("#ffffff")
    pdf.set_line_width(0.2)
    return pdf.table(
        col_widths=widths,
        text_align=align,
        line_height=TABLE_LINE - 1.5,
        padding=(0.75, 1.5),
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
    )


def _height(measured: object) -> float:
    """The height a dry-run ``multi_cell(..., output="HEIGHT")`` measured (fpdf types it loosely)."""
    assert isinstance(measured, float | int)
    return float(measured)


def _bullets(pdf: FPDF, items: Sequence[tuple[str, str]]) -> None:
    """A list: each item's text, then its detail in small grey type; an item is never split by a
    page break (it moves to the next page whole)."""
    for text, detail in items:
        _font(pdf)
        height = _height(pdf.multi_cell(pdf.epw - 5, BODY_PT * MM_PER_PT * 1.45, text, dry_run=True, output="HEIGHT"))
        if detail:
            _font(pdf, 8.5, color=GREY)
            height += _height(pdf.multi_cell(pdf.epw - 5, 4.2, detail, dry_run=True, output="HEIGHT"))
        if pdf.will_page_break(height + 1.2):
            pdf.add_page()
        y = pdf.get_y()
        _font(pdf)
        pdf.text(pdf.l_margin + 1, y + BODY_PT * MM_PER_PT * 1.1, "•")
        pdf.set_x(pdf.l_margin + 5)
        pdf.multi_cell(pdf.epw - 5, BODY_PT * MM_PER_PT * 1.45, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if detail:
            pdf.set_x(pdf.l_margin + 5)
            _font(pdf, 8.5, color=GREY)
            pdf.multi_cell(pdf.epw - 5, 4.2, detail, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.2)


def _summary(pdf: FPDF, result: Result, name: str, taken: str) -> None:
    _paragraph(pdf, TITLE, 9, color=GREY)
    if name:
        _paragraph(pdf, name, 18, bold=True)
    _paragraph(pdf, taken, 9, color=GREY)
    pdf.ln(3)
    provisional = " (provisional)" if result.provisional else ""
    _paragraph(pdf, f"{level_label(result)}: {result.level.name}{provisional}", 20, bold=True)
    _paragraph(pdf, f"Overall score {whole_points(result.overall)} of 100", 11, color=GREY)
    pdf.ln(1)
    _paragraph(pdf, result.level.description)
    pdf.ln(1.5)
    _paragraph(pdf, "Why this level", bold=True)
    _paragraph(pdf, result.explanation)


# --- The radar and the table ---------------------------------------------------------------


def _axes(result: Result) -> tuple[list[str], list[str]]:
    """The radar's axes: the dimensions the result measured, their names and their shown scores."""
    axes = result.measured_dimensions
    return [d.dimension.name for d in axes], [shown_score(d.score) for d in axes]


def _label_font(pdf: FPDF, score_line: bool) -> None:
    """Axis names in the label colour; the score line under each, bold in your profile's colour."""
    _font(pdf, LABEL_PT, bold=score_line, color=CURRENT_COLOR if score_line else LABEL_COLOR)


def _label_width(pdf: FPDF, line: str, score_line: bool) -> float:
    _label_font(pdf, score_line)
    return pdf.get_string_width(line)


def _label_text(pdf: FPDF) -> radar.TextMetrics:
    """How the PDF sets the axis labels: in mm, each line measured in its own font."""
    return radar.TextMetrics(LABEL_LINE, LABEL_GAP, partial(_label_width, pdf))


def _radar_size(pdf: FPDF, result: Result, room: float) -> tuple[float, float, float]:
    """The radar's radius, and how far it and its labels reach above and below its centre (mm)
    (:func:`_fitted`, for the result's axes)."""
    return _fitted(pdf, *_axes(result), room)


def _fitted(pdf: FPDF, names: Sequence[str], score_lines: Sequence[str], room: float) -> tuple[float, float, float]:
    """The radius of a radar with these axes, and how far it and its labels reach above and below
    its centre (mm): the largest radius up to :data:`RADAR_RADIUS` at which the labels fit across the
    page and the whole radar fits ``room`` mm (whole millimetres; :data:`MIN_RADIUS` if none does)."""
    reaches = radar.label_reaches(names, _label_text(pdf), score_lines)
    radius = min(RADAR_RADIUS, radar.fitting_radius(pdf.epw / 2, reaches, LABEL_GAP))

    def height(r: float) -> float:
        return radar.reach_above(r, reaches, LABEL_GAP) + radar.reach_below(r, reaches, LABEL_GAP)

    while radius > MIN_RADIUS and height(radius) > room:
        radius = max(MIN_RADIUS, radius - 1)
    return radius, radar.reach_above(radius, reaches, LABEL_GAP), radar.reach_below(radius, reaches, LABEL_GAP)


def _dashed(pdf: FPDF, pattern: Sequence[int]) -> None:
    dash, gap = (pattern[0], pattern[1]) if pattern else (0, 0)
    pdf.set_dash_pattern(dash * DASH_MM, gap * DASH_MM)


def _radar(pdf: FPDF, model: Model, result: Result, radius: float, centre: radar.Point) -> None:
    """The radar as vector paths, drawn from :func:`reports.radar.radar`: level rings and spokes,
    the target dashed, your profile solid and filled with a dot on each axis, each axis labelled
    with its name and score."""
    names, scores = _axes(result)
    chart = radar.radar(
        names,
        [[d.score for d in result.measured_dimensions], [result.target.min_score] * len(names)],
        radar.level_boundaries(model.levels),
        _label_text(pdf),
        score_lines=scores,
        radius=radius,
        centre=centre,
    )
    yours, target = (radar.outline(polygon) for polygon in chart.polygons)
    _grid(pdf, chart)

    pdf.set_draw_color(TARGET_COLOR)
    pdf.set_line_width(0.55)
    _dashed(pdf, TARGET_DASH)
    pdf.polygon(target, style="D")
    _dashed(pdf, ())

    _profile(pdf, yours)
    _labels(pdf, chart)


def _profile(pdf: FPDF, corners: list[tuple[float, float]]) -> None:
    """The profile a radar is about (a result's scores, a team's mean) in the app's colour: its
    area lightly filled, its outline and a dot at each corner. Dimensions without a score have no
    corner, so two corners are only a line and one only a dot."""
    pdf.set_draw_color(CURRENT_COLOR)
    pdf.set_fill_color(CURRENT_COLOR)
    pdf.set_line_width(0.7)
    if len(corners) > 2:
        with pdf.local_context(fill_opacity=0.2):
            pdf.polygon(corners, style="F")
    if len(corners) > 1:
        pdf.polygon(corners, style="D")
    for x, y in corners:
        pdf.circle(x, y, 0.8, style="F")


def _grid(pdf: FPDF, chart: radar.Radar) -> None:
    """A radar's level rings with their values, and its spokes."""
    pdf.set_line_width(0.2)
    pdf.set_draw_color(GRID_COLOR)
    _font(pdf, 6, color=TICK_COLOR)
    for ring in chart.rings:
        pdf.polygon(ring.points, style="D")
        x, y = ring.value_at
        pdf.text(x - pdf.get_string_width(f"{ring.score:g}") / 2, y + 0.8, f"{ring.score:g}")
    for (x1, y1), (x2, y2) in chart.spokes:
        pdf.line(x1, y1, x2, y2)


def _labels(pdf: FPDF, chart: radar.Radar) -> None:
    """A radar's axis labels: each name's lines, then its score line (:func:`_label_font`)."""
    for label in chart.labels:
        x, y = label.anchor
        for line in label.lines:
            _label_font(pdf, line.score)
            width = pdf.get_string_width(line.text)
            left = {"left": x, "center": x - width / 2, "right": x - width}[label.align]
            pdf.text(left, y + line.dy + 0.35 * LABEL_PT * MM_PER_PT, line.text)


def _legend(pdf: FPDF, result: Result) -> None:
    """Under the radar: each outline as a short line in its colour and dash, then its name."""
    _legend_items(
        pdf,
        [
            (CURRENT_COLOR, (), 0.7, "Your scores"),
            (TARGET_COLOR, TARGET_DASH, 0.55, f"Target: {result.target.name}"),
        ],
    )


def _legend_items(pdf: FPDF, items: Sequence[tuple[str, Sequence[int], float, str]]) -> None:
    """A legend line, centred: each item's colour and dash as a short line (of its width), then its text."""
    _font(pdf, 9)
    widths = [12 + pdf.get_string_width(text) for *_, text in items]
    x = pdf.l_margin + (pdf.epw - sum(widths) - 8) / 2
    y = pdf.get_y() + 2.5
    for (color, dash, line_width, text), width in zip(items, widths, strict=True):
        pdf.set_draw_color(color)
        pdf.set_line_width(line_width)
        _dashed(pdf, dash)
        pdf.line(x, y, x + 9, y)
        _dashed(pdf, ())
        pdf.text(x + 11, y + 1.1, text)
        x += width + 8
    pdf.set_y(y + 4)


def _scores(pdf: FPDF, model: Model, result: Result) -> None:
    """The radar, its legend and the table, together on one page: the radar shrinks a little to
    stay on the page it starts on, else all three move to the next page."""
    table = (len(result.measured_dimensions) + 2) * TABLE_LINE + 8
    others = 4 + 10 + table  # the gap above, the legend, the table and its caption
    radius, above, below = _radar_size(pdf, result, pdf.page_break_trigger - pdf.get_y() - others)
    if pdf.will_page_break(others + above + below):
        pdf.add_page()
        radius, above, below = _radar_size(pdf, result, pdf.page_break_trigger - pdf.get_y() - others)
    pdf.ln(4)
    top = pdf.get_y()
    _radar(pdf, model, result, radius, (pdf.l_margin + pdf.epw / 2, top + above))
    pdf.set_y(top + above + below)
    _legend(pdf, result)
    pdf.ln(3)
    target = result.target
    with _table(pdf, (64, 18, 36, 42, 20), ("LEFT", "RIGHT", "LEFT", "RIGHT", "RIGHT")) as rows:
        rows.row(("Dimension", "Score", "Level", f"Target ({target.name})", "Gap"))
        for d in result.measured_dimensions:
            rows.row(
                (
                    d.dimension.name,
                    shown_score(d.score),
                    level_name(d.level),
                    f"{d.target_score:g}",
                    shown_gap_text(d.score, d.target_score),
                )
            )
    _paragraph(pdf, f"Scores out of 100. Gap: points to go to the target, {target.name} ({target.min_score:g}).", 8.5,
               color=GREY)  # fmt: skip


# --- Roadmap and lists ---------------------------------------------------------------------


def _roadmap(pdf: FPDF, model: Model, result: Result) -> None:
    _heading(pdf, f"Roadmap to {result.target.name}")
    if not result.next_steps:
        _paragraph(pdf, f"No steps needed: every dimension has reached {result.target.name}.")
        return
    _paragraph(pdf, ROADMAP_ORDER, 9, color=GREY)
    for dimension, steps in roadmap_groups(result.next_steps):
        shown = result.dimension(dimension.id)
        if pdf.will_page_break(24):
            pdf.add_page()
        pdf.ln(2)
        _paragraph(
            pdf,
            f"{dimension.name} · score {shown_score(shown.score)}, "
            f"{shown_gap_text(shown.score, shown.target_score)} points to go",
            10.5,
            bold=True,
        )
        _bullets(
            pdf,
            [
                (
                    step.recommendation.step,
                    f"{step_detail(step)} · source: {source_titles(model, step.recommendation.sources)}",
                )
                for step in steps
            ],
        )
    pdf.ln(2)
    _paragraph(pdf, "Sources", 10.5, bold=True)
    _bullets(pdf, [(f"“{seed.title}”", seed.gist) for seed in cited_seeds(model, result.next_steps)])


def _find_out(pdf: FPDF, model: Model, result: Result) -> None:
    """What to find out (answered "Not sure") and how many are unanswered; left out when neither."""
    missing = len(result.missing_questions)
    if not result.unknown_questions and not missing:
        return
    _heading(pdf, "Find out")
    if result.unknown_questions:
        _paragraph(pdf, "You answered “Not sure” to these; finding out is a first step in itself.", 9, color=GREY)
        _bullets(pdf, [(q.text, model.dimension(q.dimension).name) for q in result.unknown_questions])
    if missing:
        _paragraph(pdf, f"{missing} question{'s' if missing != 1 else ''} not answered (they count as 0).")


def _does_not_apply(pdf: FPDF, model: Model, result: Result) -> None:
    """What does not apply to the business (:func:`reports.wording.does_not_apply`): it leaves the scores."""
    items = does_not_apply(model, result)
    if not items:
        return
    _heading(pdf, "Does not apply to us")
    _paragraph(pdf, "Left out of the scores.", 9, color=GREY)
    _bullets(pdf, items)


def _qr_code(pdf: FPDF, link: str, x: float, y: float) -> bool:
    """The link as a QR code, ``QR_SIZE`` mm square at (x, y), drawn as filled rectangles (one
    per run of dark modules in a row); False if the link is too long for one."""
    try:
        code = segno.make(link, error="m")
    except segno.DataOverflowError:
        return False
    rows = [list(row) for row in code.matrix_iter(scale=1, border=4)]
    module = QR_SIZE / len(rows)
    pdf.set_fill_color("#000000")
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            pdf.rect(x + start * module, y + r * module, (c - start) * module, module, style="F")
    return True


def _reopen(pdf: FPDF, link: str, shown: str) -> None:
    """The results link as text (clickable when it is a web address) and as a QR code."""
    _heading(pdf, "Open these results again", keep_with=QR_SIZE + 4)
    top = pdf.get_y()
    web = link.startswith(LINK_PREFIXES)
    has_code = web and _qr_code(pdf, link, pdf.l_margin, top)
    left = pdf.l_margin + (QR_SIZE + 5 if has_code else 0)
    pdf.set_xy(left, top + 2)
    if has_code:
        note = "Scan the code or open the link: it holds every answer. Nothing is stored on a server."
    elif web:
        note = "Open the link: it holds every answer (too long for a QR code). Nothing is stored on a server."
    else:
        note = "Add this to the app's address to open these results again: it holds every answer."
    _font(pdf, 9, color=GREY)
    pdf.multi_cell(pdf.epw - (left - pdf.l_margin), 4.5, note, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_xy(left, pdf.get_y() + 1.5)
    _font(pdf, 8.5, color=CURRENT_COLOR if web else LABEL_COLOR)
    pdf.multi_cell(
        pdf.epw - (left - pdf.l_margin),
        4.2,
        shown,
        align="L",
        wrapmode=WrapMode.CHAR,
        link=link if web else None,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_y(max(pdf.get_y(), top + (QR_SIZE if has_code else 0)))


# --- The team report -------------------------------------------------------------------------
# A room's team PDF (``python -m rooms report LINK --pdf`` and the facilitator's page): the room's
# name, the date and the count; the team radar (lowest, mean and highest per dimension, the
# numbers under each axis name) and its table; the levels the results reach; the disagreements
# grouped by dimension, widest first, with how many chose each answer; and the list of results.

TEAM_TITLE = "Team room report"


@dataclass(frozen=True)
class TeamRow:
    """One result in the team report's list: its number in the room, display name ("" anonymous),
    when it came (UTC, as exported) and its result (None when its link cannot be read)."""

    number: int
    name: str
    added: str
    result: Result | None


@dataclass(frozen=True)
class TeamSheet:
    """What the team report shows: the room's name, the report's date, the team's target, the team
    view (None below two readable results) and every result."""

    name: str
    made_on: date
    target: Level | None
    team: Team | None
    rows: tuple[TeamRow, ...]


def team_pdf(model: Model, sheet: TeamSheet, fonts: PdfFonts) -> bytes:
    """A room's team report as an A4 PDF (see the section's comment for what it holds)."""
    pdf = _Report()
    pdf.add_font(FONT, "", fonts.regular)
    pdf.add_font(FONT, "B", fonts.bold)
    pdf.alias_nb_pages("")
    name = _plain(pdf, sheet.name)
    made = f"Report of {sheet.made_on.isoformat()}"
    pdf.footer_text = " · ".join([name or TEAM_TITLE, made])
    pdf.set_title(f"{TEAM_TITLE}: {name}" if name else TEAM_TITLE)
    pdf.set_lang("en")
    pdf.set_creator("Buzzword or real asset? A social media strategy self-assessment")
    pdf.set_creation_date(datetime.combine(sheet.made_on, time(), UTC))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=FOOTER + 8)
    pdf.add_page()

    count = len(sheet.rows)
    _paragraph(pdf, f"{TITLE} · {TEAM_TITLE.lower()}", 9, color=GREY)
    _paragraph(pdf, name, 18, bold=True)
    about = [made, f"{count} result{'s' if count != 1 else ''}", f"content version {model.version}"]
    if sheet.target is not None:
        about.append(f"team target {sheet.target.name}")
    _paragraph(pdf, " · ".join(about), 9, color=GREY)
    if sheet.team is None:
        pdf.ln(3)
        _paragraph(pdf, "The team's summary needs two results that can be read; the list below has every result.")
    else:
        _team_scores(pdf, model, sheet.team)
        _team_levels(pdf, model, sheet.team, sheet.target)
        _team_disagreements(pdf, model, sheet.team)
    _team_rows(pdf, sheet.rows)
    return bytes(pdf.output())


def _team_series(team: Team) -> list[list[float | None]]:
    return [[getattr(span, part) for span in team.dimensions] for part in ("low", "mean", "high")]


def _team_scores(pdf: FPDF, model: Model, team: Team) -> None:
    """The team radar (lowest and highest outlined, the mean filled with a dot on each axis, "mean
    (lowest–highest)" under each name), its legend and the table, together on one page."""
    names = [span.dimension.name for span in team.dimensions]
    lines = [team_score_line(span) for span in team.dimensions]
    table = (len(names) + 2) * TABLE_LINE + 8
    others = 4 + 10 + table
    radius, above, below = _fitted(pdf, names, lines, pdf.page_break_trigger - pdf.get_y() - others)
    if pdf.will_page_break(others + above + below):
        pdf.add_page()
        radius, above, below = _fitted(pdf, names, lines, pdf.page_break_trigger - pdf.get_y() - others)
    pdf.ln(4)
    top = pdf.get_y()
    chart = radar.radar(
        names,
        _team_series(team),
        radar.level_boundaries(model.levels),
        _label_text(pdf),
        score_lines=lines,
        radius=radius,
        centre=(pdf.l_margin + pdf.epw / 2, top + above),
    )
    low, mean, high = (radar.outline(polygon) for polygon in chart.polygons)
    _grid(pdf, chart)
    for corners, (color, dash) in ((low, TEAM_LOW), (high, TEAM_HIGH)):
        pdf.set_draw_color(color)
        pdf.set_line_width(0.55)
        _dashed(pdf, dash)
        if len(corners) > 1:
            pdf.polygon(corners, style="D")
        _dashed(pdf, ())
    _profile(pdf, mean)
    _labels(pdf, chart)
    pdf.set_y(top + above + below)
    _legend_items(
        pdf,
        [
            (CURRENT_COLOR, (), 0.7, "Team mean"),
            (TEAM_LOW[0], TEAM_LOW[1], 0.55, "Lowest"),
            (TEAM_HIGH[0], TEAM_HIGH[1], 0.55, "Highest"),
        ],
    )
    pdf.ln(3)
    with _table(pdf, (70, 26, 28, 28, 28), ("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT")) as rows:
        rows.row(("Dimension", "Results", "Mean", "Lowest", "Highest"))
        for span in team.dimensions:
            rows.row(
                (
                    span.dimension.name,
                    str(span.measured),
                    shown_score(span.mean),
                    shown_score(span.low),
                    shown_score(span.high),
                )
            )
    _paragraph(pdf, "Scores out of 100; Results: how many results measured the dimension.", 8.5, color=GREY)


def _team_levels(pdf: FPDF, model: Model, team: Team, target: Level | None) -> None:
    counts = levels_reached(model, team)
    _heading(pdf, "Levels reached", keep_with=(len(counts) + 2) * TABLE_LINE)
    if target is not None:
        reaching = next(c.reaching for c in counts if c.level.id == target.id)
        _paragraph(pdf, f"Team target: {target.name}. {reaching} of {len(team.members)} results reach it overall.")
        pdf.ln(1)
    with _table(pdf, (90, 45, 45), ("LEFT", "RIGHT", "RIGHT")) as rows:
        rows.row(("Level", "Results at it", "Reaching it"))
        for row in level_rows(counts, len(team.members), target):
            rows.row(row)


def _team_disagreements(pdf: FPDF, model: Model, team: Team) -> None:
    _heading(pdf, "Where the team disagrees")
    spreads = team.disagreements
    if not spreads:
        _paragraph(pdf, "The team broadly agrees: no question's answers are far apart.")
        return
    widest, rest = widest_and_rest(spreads)
    _paragraph(
        pdf,
        f"{len(spreads)} question{'s' if len(spreads) != 1 else ''}, the widest spread first, grouped by "
        "dimension, with how many chose each answer. Talk about these before you plan.",
        9,
        color=GREY,
    )
    for part, title in ((widest, ""), (rest, f"The other {len(rest)}")):
        if not part:
            continue
        if title:
            pdf.ln(2)
            _paragraph(pdf, title, 11, bold=True)
        for dimension, items in disagreement_groups(model, part):
            if pdf.will_page_break(20):
                pdf.add_page()
            pdf.ln(1.5)
            _paragraph(pdf, dimension.name, 10.5, bold=True)
            _bullets(pdf, [(item.question.text, answer_counts(item)) for item in items])


def _team_rows(pdf: FPDF, rows: Sequence[TeamRow]) -> None:
    _heading(pdf, "Every result", keep_with=3 * TABLE_LINE)
    if not rows:
        _paragraph(pdf, "No results yet.")
        return
    with _table(pdf, (10, 56, 34, 18, 24, 38), ("RIGHT", "LEFT", "LEFT", "RIGHT", "LEFT", "LEFT")) as table:
        table.row(("#", "Name", "Level", "Overall", "Taken with", "Added (UTC)"))
        for row in rows:
            name = _plain(pdf, row.name) or "anonymous"
            if row.result is None:
                table.row((str(row.number), name, "cannot be read", "", "", row.added))
            else:
                result = row.result
                overall = str(whole_points(result.overall))
                table.row((str(row.number), name, result.level.name, overall, variant_name(result), row.added))

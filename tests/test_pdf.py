"""The PDF report (reports/as_pdf.py), read back the way a person would get it: poppler's
``pdftotext`` for its text, ``pdfinfo`` for its pages, ``pdftoppm`` for how they look, and
``zbarimg`` to scan its QR code. ``scripts/run_tests.sh`` installs those Debian tools; without
them these tests are skipped, with the reason."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from assessment.link import LinkData, encode
from assessment.model import Model
from assessment.rounding import NO_SCORE, shown_gap, shown_score, whole_points
from assessment.scoring import Result, score
from cli.assessment import main
from reports import radar
from reports.as_pdf import LABEL_PT, MM_PER_PT, RADAR_RADIUS, REPLACEMENT, to_pdf
from reports.fonts import SHIPPED, PdfFonts, find_fonts
from reports.style import CURRENT_COLOR, TARGET_COLOR
from reports.wording import NO_SCORE_LEVEL
from tests.profiles import answers_at
from tests.support.pdf import record_radar_drawing, run, tool

BASE = "https://assess.example.org/"
TRICKY = "<script>alert('x')</script> **bold** {nb} & Co"
A4_POINTS = "595.28 x 841.89 pts (A4)"
POPPLER = ("pdftotext", "pdfinfo", "pdftoppm", "pdfimages")


def _flat(text: str) -> str:
    return " ".join(text.split())


class Pdf:
    """A PDF written to disk, read back with poppler."""

    def __init__(self, content: bytes, path: Path) -> None:
        for name in POPPLER:
            tool(name)
        path.write_bytes(content)
        self.path = path

    def run(self, *command: str) -> str:
        return run(*command)

    def text(self, first: int | None = None, last: int | None = None) -> str:
        pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
        return self.run("pdftotext", *pages, str(self.path), "-")

    @property
    def pages(self) -> int:
        found = re.search(r"^Pages:\s+(\d+)", self.run("pdfinfo", str(self.path)), re.M)
        assert found is not None
        return int(found.group(1))

    def page_sizes(self) -> list[str]:
        info = self.run("pdfinfo", "-f", "1", "-l", str(self.pages), str(self.path))
        return re.findall(r"^Page\s+\d+ size:\s+(.+)$", info, re.M)

    def pngs(self, resolution: int = 60, first: int | None = None, last: int | None = None) -> list[Path]:
        prefix = self.path.with_suffix("")
        pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
        self.run("pdftoppm", "-r", str(resolution), *pages, "-png", str(self.path), str(prefix))
        return sorted(self.path.parent.glob(f"{prefix.name}-*.png"))


@pytest.fixture
def case(model: Model) -> tuple[Result, LinkData, str]:
    answers = answers_at(model, 0.5, budget=0.25, trust=0.75)
    answers["goals.aims"] = "unsure"
    del answers["networks.research"]
    data = LinkData(answers, TRICKY, "managed", date(2026, 11, 1))
    return score(model, answers, "managed"), data, BASE + encode(model, data)


@pytest.fixture
def read(tmp_path: Path) -> Callable[[bytes], Pdf]:
    count = iter(range(1000))
    return lambda content: Pdf(content, tmp_path / f"report{next(count)}.pdf")


def test_the_pdf_holds_level_why_table_roadmap_lists_link_name_and_date(
    model: Model, case: tuple[Result, LinkData, str], read: Callable[[bytes], Pdf]
) -> None:
    result, data, link = case
    pdf = read(to_pdf(model, result, data, link, find_fonts()))
    text = pdf.text()
    flat = _flat(text)
    assert f"Level: {result.level.name}" in text
    assert f"Overall score {whole_points(result.overall)} of 100" in text
    assert _flat(result.explanation) in flat and _flat(result.level.description) in flat
    for d in result.dimensions:  # the table: one row per dimension
        assert d.dimension.name in text.splitlines()
        assert f"{whole_points(d.score)} {d.level.name}" in text
    assert result.next_steps
    for step in result.next_steps:  # the roadmap, each step's sources by their posts' titles
        assert _flat(step.recommendation.step) in flat
        for source in step.recommendation.sources:
            seed = model.seed(source)
            assert seed is not None and _flat(seed.title) in flat and _flat(seed.gist) in flat  # with its gist
            assert source not in flat  # titles, not file names
    question = model.question("goals.aims")
    assert question is not None and _flat(question.text) in flat  # the "find out" list
    assert "1 question not answered (they count as 0)." in flat
    assert "content version" not in flat  # no jargon in the header
    assert "Does not apply to us" not in flat  # no such answers in this content yet
    assert "".join(link.split()) in "".join(text.split())  # the link as text (wrapped anywhere)
    assert TRICKY in text  # the name, literally: no markup, no page-count alias
    for page in range(1, pdf.pages + 1):  # every page's footer: name, date and number
        assert f"{TRICKY} · Taken on 2026-11-01" in pdf.text(page, page) and f"page {page}" in pdf.text(page, page)


def test_every_page_is_a4_and_renders(
    model: Model, case: tuple[Result, LinkData, str], read: Callable[[bytes], Pdf]
) -> None:
    result, data, link = case
    pdf = read(to_pdf(model, result, data, link, find_fonts()))
    assert pdf.pages >= 2
    assert pdf.page_sizes() == [A4_POINTS] * pdf.pages
    pngs = pdf.pngs(40)
    assert len(pngs) == pdf.pages
    for png in pngs:
        with Image.open(png) as image:
            assert image.size == (331, 468)  # A4 at 40 dpi
            assert image.convert("L").point(lambda v: 255 if v < 200 else 0).getbbox() is not None  # not blank


def test_page_one_has_the_vector_radar_with_names_and_scores_and_the_table(
    model: Model, case: tuple[Result, LinkData, str], read: Callable[[bytes], Pdf]
) -> None:
    result, data, link = case
    pdf = read(to_pdf(model, result, data, link, find_fonts()))
    first = pdf.text(1, 1)
    for d in result.dimensions:  # each axis label: the name's lines, then the score
        assert "\n".join([*radar.wrap(d.dimension.name), shown_score(d.score)]) in first, d.dimension.name
    assert "Your scores" in first and f"Target: {result.target.name}" in first
    assert "Dimension" in first and f"Target ({result.target.name})" in first
    assert [str(shown_gap(d.score, d.target_score)) for d in result.dimensions] == re.findall(
        r"^\d+$", first.split(f"Target ({result.target.name})")[1], re.M
    )[1::2]  # the table's target and gap columns, row by row
    assert pdf.run("pdfimages", "-list", str(pdf.path)).count("\n") == 2  # header lines only: no raster image
    (png,) = pdf.pngs(100, 1, 1)
    with Image.open(png) as image:
        colours = {colour for _, colour in image.convert("RGB").getcolors(1 << 20) or []}

    def drawn(hex_colour: str) -> bool:
        r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        return any(abs(r - c[0]) + abs(g - c[1]) + abs(b - c[2]) < 30 for c in colours)

    assert drawn(CURRENT_COLOR) and drawn(TARGET_COLOR)  # your profile and the target, in the app's colours


def test_the_radar_is_drawn_as_the_geometry_gives_it(
    model: Model, case: tuple[Result, LinkData, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result, data, link = case
    charts, drawn = record_radar_drawing(monkeypatch, ("polygon", "line", "text", "circle"))
    to_pdf(model, result, data, link, find_fonts())
    (chart,) = charts
    yours, target = (radar.outline(polygon) for polygon in chart.polygons)
    assert [tuple(args[0]) for name, args in drawn if name == "polygon"] == [
        *(ring.points for ring in chart.rings),
        tuple(target),
        tuple(yours),  # filled ...
        tuple(yours),  # ... and outlined
    ]
    lines = [args[:4] for name, args in drawn if name == "line"]
    spokes = [(*start, *end) for start, end in chart.spokes]
    assert any(lines[i : i + len(spokes)] == spokes for i in range(len(lines)))
    assert [args[:2] for name, args in drawn if name == "circle"] == yours
    texts = [args for name, args in drawn if name == "text"]
    for ring in chart.rings:  # its value, centred on where the geometry puts it
        assert any(text == f"{ring.score:g}" and y == ring.value_at[1] + 0.8 for _, y, text in texts)
    raise_text = 0.35 * LABEL_PT * MM_PER_PT  # fpdf2 places text by its baseline: the line's middle, lowered
    for label in chart.labels:
        x, y = label.anchor
        for line in label.lines:
            starts = [tx for tx, ty, text in texts if text == line.text and ty == y + line.dy + raise_text]
            if label.align == "left":  # starts at its anchor; centred or right-aligned, it starts before it
                assert x in starts, (label, line)
            else:
                assert any(left < x for left in starts), (label, line)
    assert chart.radius <= RADAR_RADIUS and chart.labels[0].lines[-1].score


def test_the_qr_code_scans_to_the_results_link(
    model: Model, case: tuple[Result, LinkData, str], read: Callable[[bytes], Pdf]
) -> None:
    zbarimg = tool("zbarimg")
    result, data, link = case
    pdf = read(to_pdf(model, result, data, link, find_fonts()))
    (png,) = pdf.pngs(200, pdf.pages, pdf.pages)
    scanned = subprocess.run([zbarimg, "--quiet", "--raw", str(png)], capture_output=True, text=True, timeout=60)
    assert scanned.stdout.strip() == link


def test_a_relative_link_is_text_only(model: Model, read: Callable[[bytes], Pdf]) -> None:
    data = LinkData(answers_at(model, 1.0), "", None, date(2026, 1, 2))
    query = encode(model, data)
    pdf = read(to_pdf(model, score(model, data.answers), data, query, SHIPPED))
    text = _flat(pdf.text())
    assert "Add this to the app's address" in text and "".join(query.split()) in "".join(text.split())
    assert "No steps needed" in text
    assert "Find out" not in text and "not answered" not in text  # empty lists are left out
    assert "Social media strategy assessment · Taken on 2026-01-02" in text  # no name: the title in the footer
    assert b"/URI" not in pdf.path.read_bytes()  # nothing clickable


def test_the_does_not_apply_list_and_a_dimension_without_a_score(model: Model, read: Callable[[bytes], Pdf]) -> None:
    fact, one = model.dimension("tailoring").not_applicable_when  # type: ignore[misc]
    answers = {**answers_at(model, 0.5), fact: one}
    data = LinkData(answers, "Acme", None, date(2026, 1, 2))
    result = score(model, data.answers)
    assert result.dimension("tailoring").score is None
    pdf = read(to_pdf(model, result, data, BASE, SHIPPED))
    threshold = f"{result.target.min_score:g}"
    rows = [_flat(line) for line in pdf.run("pdftotext", "-layout", str(pdf.path), "-").splitlines()]
    assert f"Strategy per network {NO_SCORE} {NO_SCORE_LEVEL} {threshold} {NO_SCORE}" in rows  # never 0 or 100
    text = _flat(pdf.text())
    section = text.split("Does not apply to us", 1)[1]
    assert "Strategy per network" in section and "how many networks you use" in section


def test_dejavu_sans_sets_every_text_of_the_content(model: Model) -> None:
    """The content's own texts are drawn as they are (only names and links pass through the
    replacement), so every character of them must be in the shipped fonts."""
    texts = ["→ · “ ” –"]  # what the report writes itself
    texts += [score(model, answers_at(model, f)).explanation for f in (0.0, 0.3, 0.6, 1.0)]
    texts += [f"{lv.name} {lv.description}" for lv in model.levels]
    texts += [f"{d.name} {d.question} {d.description}" for d in model.dimensions]
    texts += [f"{q.text} {q.help}" for q in model.questions]
    texts += [o.label for scale in model.scales for o in scale.options]
    texts += [r.step for r in model.recommendations] + [seed.title for seed in model.seeds]
    needed = {char for text in texts for char in text if not char.isspace()}
    for path in (SHIPPED.regular, SHIPPED.bold):
        with TTFont(path, lazy=True) as font:
            assert needed <= set(map(chr, font.getBestCmap())), (path.name, needed - set(map(chr, font.getBestCmap())))


def test_characters_dejavu_lacks_show_as_the_replacement_character(model: Model, read: Callable[[bytes], Pdf]) -> None:
    name = "Café Ωμέγα Привет 東京"
    data = LinkData({}, name, None, date(2026, 1, 2))
    text = read(to_pdf(model, score(model, {}), data, BASE, find_fonts())).text(1, 1)
    assert f"Café Ωμέγα Привет {REPLACEMENT * 2}" in text  # DejaVu Sans has no CJK, and no other font is used


def test_the_pdf_is_the_same_for_the_same_dated_result(model: Model, case: tuple[Result, LinkData, str]) -> None:
    result, data, link = case
    assert to_pdf(model, result, data, link, SHIPPED) == to_pdf(model, result, data, link, SHIPPED)
    other = to_pdf(model, result, replace(data, name="Other"), link, SHIPPED)
    assert other.startswith(b"%PDF-") and other != to_pdf(model, result, data, link, SHIPPED)


def test_missing_font_files_fail_loudly(model: Model, tmp_path: Path) -> None:
    fonts = PdfFonts(tmp_path / "none.ttf", SHIPPED.bold)
    with pytest.raises(FileNotFoundError):
        to_pdf(model, score(model, {}), LinkData(), BASE, fonts)


# --- CLI -----------------------------------------------------------------------------------


def test_cli_report_writes_the_pdf(model: Model, case: tuple[Result, LinkData, str], tmp_path: Path) -> None:
    result, data, link = case
    out = tmp_path / "report.pdf"
    assert main(["report", link, "--pdf", str(out)]) == 0
    assert out.read_bytes() == to_pdf(model, result, data, link, find_fonts())


def test_cli_report_writes_html_and_pdf_together(
    model: Model, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = encode(model, LinkData(answers_at(model, 0.5), "Acme", None, date(2026, 1, 2)))
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    assert main(["report", query, "--html", str(html), "--pdf", str(pdf)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"wrote {html}", f"wrote {pdf}"]
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and pdf.read_bytes().startswith(b"%PDF-")


def test_cli_report_needs_an_output_and_a_good_link(
    model: Model, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = encode(model, LinkData(answers_at(model, 0.5)))
    assert main(["report", query]) == 2
    err = capsys.readouterr().err
    assert "--pdf" in err and "--html" in err and len(err.strip().splitlines()) == 1
    out = tmp_path / "r.pdf"
    assert main(["report", query[:-4], "--pdf", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: This results link is damaged") and len(err.strip().splitlines()) == 1
    assert not out.exists()
    assert main(["report", query, "--pdf", str(tmp_path / "missing" / "r.pdf")]) == 2
    assert "cannot be written" in capsys.readouterr().err

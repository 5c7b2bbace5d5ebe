"""The README's pictures in ``docs/``, taken from the running app on request (tests never write them).

    .venv/bin/python -m tests.browser.screenshots

starts the app on a free loopback port (its rooms in a throwaway SQLite file), opens in
Debian's Chromium the results page ``tests/browser/test_results_layout.py`` checks, and writes

* ``docs/results.png``     – that page at 1280 px, from its heading to the end of the scores table;
* ``docs/results-390.png`` – the first screen of the same page on a 390 px phone (844 px high): the
  level, why and the first steps;
* ``docs/report.png``      – page one of the PDF its "Download as PDF" button gives (rendered by
  poppler's ``pdftoppm``), for a second name.

Run it after a change the pictures show, look at them, and commit them with the change.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from assessment.link import LinkData, encode
from assessment.loader import load_model
from assessment.model import Model
from assessment.scoring import Result, score
from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, REPO_ROOT, App
from tests.profiles import answers_at
from tests.support.pdf import first_page_png
from tests.support.server import Server

DOCS = REPO_ROOT / "docs"
SCORES = ".st-key-scores"  # the results page's chart and table


def results_link(model: Model, name: str = "Riverside Bakery") -> tuple[str, Result]:
    """The results the pictures show: every kind of dimension score, one "Not sure", a name and a date."""
    ids = [d.id for d in model.dimensions]
    answers = answers_at(model, 0.5, **{ids[0]: 1.0, ids[1]: 0.25, ids[4]: 0.75, ids[7]: 0.0})
    unsure = model.questions[2]
    answers[unsure.id] = model.scale_of(unsure).options[-1].id
    return encode(model, LinkData(answers, name, None, date(2026, 3, 4))), score(model, answers)


def download_pdf(app: App, into: Path) -> Path:
    """Download the open results page's PDF into the folder ``into``."""
    app.main.get_by_role("button", name="Download the results").click()
    button = app.page.get_by_role("button", name="Download as PDF")
    button.wait_for(state="visible")
    with app.page.expect_download() as download_info:
        button.click()
    download = download_info.value
    pdf = into / str(download.suggested_filename)
    download.save_as(pdf)
    return pdf


def take(browser: Any, base: str, folder: Path) -> list[Path]:
    """Each picture, written into ``folder``."""
    model = load_model()
    written = []

    def open_results(viewport: dict[str, int], name: str) -> tuple[Any, App]:
        context = browser.new_context(viewport=viewport, base_url=base)
        app = App(context.new_page())
        app.open(results_link(model, name)[0])
        chart = app.main.locator("[data-testid='stVegaLiteChart']").first
        chart.locator("svg.marks text").first.wait_for(state="visible")
        chart.scroll_into_view_if_needed()
        return context, app

    context, app = open_results(DESKTOP, "Riverside Bakery")
    try:
        written.append(app.screenshot("results", clip_to=SCORES, folder=folder))
    finally:
        context.close()
    context = browser.new_context(viewport=PHONE, base_url=base)
    try:
        app = App(context.new_page())
        app.open(results_link(model)[0])
        app.landed()  # at the top, as a shared link opens
        written.append(app.screenshot("results-390", full_page=False, folder=folder))
    finally:
        context.close()
    context, app = open_results(DESKTOP, "Harbour Café & Co")
    try:
        with tempfile.TemporaryDirectory() as scratch:
            written.append(first_page_png(download_pdf(app, Path(scratch)), folder / "report.png"))
    finally:
        context.close()
    return written


def main() -> int:
    missing = [
        what
        for what, there in (
            (f"{CHROMIUM} (chromium)", CHROMIUM.exists()),
            ("pdftoppm (poppler-utils)", shutil.which("pdftoppm")),
        )
        if not there
    ]
    if missing:
        print(
            f"error: missing {', '.join(missing)}; scripts/run_tests.sh installs the Debian packages", file=sys.stderr
        )
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as rooms:
        server = Server(REPO_ROOT / "app.py", env_overrides={"ROOMS_DATABASE_URL": f"sqlite:///{rooms}/rooms.sqlite3"})
        with server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                written = take(browser, server.base, DOCS)
            finally:
                browser.close()
    for path in written:
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The hardening issue's findings in a real browser: names that fight the page, careless pastes, hostile links.

Expected texts come from the core (``assessment``); the page must show exactly those
characters, and no name may become a link or turn the text around it.
"""

from __future__ import annotations

import urllib.request
from datetime import date
from urllib.parse import urljoin, urlsplit

import pytest

from assessment.compare import compare
from assessment.compare_link import compare_link
from assessment.errors import DAMAGED
from assessment.link import LinkData, encode
from assessment.model import Model
from assessment.names import BIDI_CONTROLS
from assessment.rounding import whole_points
from assessment.scoring import score
from tests.browser.helpers import REPO_ROOT, App
from tests.profiles import answers_at
from ui.landing import SCRIPT
from ui.routes import MAX_ADDRESS_LENGTH
from ui.serve import SECURITY_HEADERS

pytestmark = pytest.mark.browser

URL_NAME = "Acme https://evil.example/x www.evil.example a@evil.example"  # at most 60 characters
RLO_NAME = "Acme \u202e"  # a right-to-left override: "overall score 25" would read "52 erocs llarevo"
# Links a name must not become: every <a> but a heading's own "#anchor".
LINKS_JS = """() => [...document.querySelectorAll("[data-testid='stMain'] a")]
  .map(a => a.getAttribute('href') || '').filter(href => !href.startsWith('#'))"""
# Content-Security-Policy violations the page reported, recorded from the first script on.
CSP_LISTENER = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.effectiveDirective + ' ' + (e.blockedURI || 'inline')));"""


def link(model: Model, name: str, level: float = 0.5, day: int = 1) -> str:
    return encode(model, LinkData(answers_at(model, level), name, None, date(2026, 1, day)))


def caption_with(app: App, text: str) -> str:
    """The text of the first caption on the page that contains ``text``."""
    caption = app.main.locator("[data-testid='stCaptionContainer']").filter(has_text=text).first
    return str(caption.inner_text()).strip()


def assert_no_links_and_shown_as_is(app: App, name: str, where: str) -> None:
    assert app.page.evaluate(LINKS_JS) == [], where
    assert name in app.text(), where


# -- 3. web and e-mail addresses in a name stay text --------------------------------------------
def test_a_name_with_web_and_mail_addresses_is_text_wherever_it_appears(app: App, model: Model) -> None:
    app.open(link(model, URL_NAME) + "&step=1")
    assert_no_links_and_shown_as_is(app, URL_NAME, "questionnaire caption")
    assert caption_with(app, "Step 1").startswith(URL_NAME)

    app.open(link(model, URL_NAME))
    assert_no_links_and_shown_as_is(app, URL_NAME, "results caption")
    app.screenshot("hardening-url-name-results", clip_to="[data-testid='stMain'] [data-testid='stCaptionContainer']")

    team = [link(model, URL_NAME, level, day) for day, level in ((1, 0.25), (2, 0.5), (3, 0.75))]
    app.open(compare_link(team))
    assert_no_links_and_shown_as_is(app, f"Team summary: 3 results of {URL_NAME}", "team header")
    legends = [e.legend for e in compare(model, team).entries]
    tables = app.main.locator("[data-testid='stTable']")
    for legend in legends:  # the overview's rows and the scores' column headers
        assert tables.filter(has_text=legend).count() == 2, legend
    assert app.page.evaluate(LINKS_JS) == [], "compare tables"
    app.screenshot("hardening-url-name-team")

    app.open(compare_link(team[:2]))
    over_time = caption_with(app, "by date")
    assert over_time.startswith(f"{legends[0]} → {legends[1]}")
    assert app.page.evaluate(LINKS_JS) == [], "over-time caption"
    assert app.page_errors == []


# -- 4. bidirectional controls in a name reorder nothing ----------------------------------------
def test_a_right_to_left_override_in_a_name_turns_no_text_around(app: App, model: Model) -> None:
    answers = answers_at(model, 0.25)
    result = score(model, answers)
    app.open(encode(model, LinkData(answers, RLO_NAME, None, date(2026, 1, 1))))
    caption = caption_with(app, "overall score")
    assert caption == f"Acme · taken on 2026-01-01 · overall score {whole_points(result.overall)} of 100"
    app.screenshot("hardening-rlo-name-results", clip_to="[data-testid='stMain'] [data-testid='stCaptionContainer']")

    app.open(encode(model, LinkData(answers, RLO_NAME, None, date(2026, 1, 1))) + "&step=2")
    assert caption_with(app, "Step 2") == f"Acme · Step 2 of {len(model.dimensions)}"

    app.open(compare_link([link(model, RLO_NAME, 0.25, 1), link(model, RLO_NAME, 0.75, 2)]))
    marks = app.chart_marks()  # the radar's legend is drawn text, not markdown: it must be clean too
    assert "Acme (2026-01-01)" in marks["texts"], marks["texts"]
    shown = str(app.page.locator("body").inner_text()) + " ".join(marks["texts"])
    assert not set(shown) & set(BIDI_CONTROLS)
    assert app.page_errors == []


# -- 5. careless pastes and stuffed links -------------------------------------------------------
def test_two_pasted_70_kB_lines_are_refused_and_never_reach_the_address(app: App, model: Model) -> None:
    app.open("?view=compare")
    pasted = "\n".join(link(model, f"Shop {n}") + "x" * 70_000 for n in (1, 2))
    box = app.page.get_by_role("textbox", name="Paste 2–10 results links, one per line")
    box.fill(pasted)
    app.click("Compare")
    error = app.main.locator("[data-testid='stAlert']").first
    assert str(error.inner_text()).startswith("Link 1 cannot be compared. " + DAMAGED)
    assert app.query() == "?view=compare"
    assert box.input_value() == pasted  # nothing pasted is lost
    app.reload()  # the address still loads
    assert app.heading() == "Compare results"


@pytest.mark.parametrize(
    "query",
    [
        "?" + "&".join(f"x{n}=1" for n in range(1_001)),  # Streamlit alone dropped it and showed the start page
        "?v=1&a=" + "0" * 140_000,  # uvicorn alone answered "400 Invalid HTTP request"
    ],
    ids=["1,001 parameters", "140 kB"],
)
def test_an_over_stuffed_or_over_long_link_shows_the_damaged_link_message(app: App, query: str) -> None:
    app.open(query)
    assert app.heading() == "This link cannot be opened"
    alert = app.main.locator("[data-testid='stAlert']").first
    assert str(alert.inner_text()).strip().startswith(DAMAGED)
    assert len(app.query()) < MAX_ADDRESS_LENGTH
    app.click("Start fresh")
    assert app.query() == ""


# -- 6. the security headers block nothing the app uses -----------------------------------------
def test_the_content_security_policy_blocks_nothing_the_app_uses(app: App, model: Model) -> None:
    app.page.add_init_script(CSP_LISTENER)
    app.open(link(model, "Riverside Bakery"))
    assert app.chart_marks()["inked"]
    app.code_text()  # the share popover's code block and its highlighter
    app.page.get_by_role("button", name="Download the results").click()
    app.page.get_by_role("button", name="Download as JSON").wait_for(state="visible")
    app.open(compare_link([link(model, "Acme", 0.25, 1), link(model, "Acme", 0.75, 2)]))
    assert app.chart_marks()["inked"]
    app.open(link(model, "Acme") + "&step=1")
    assert app.page.evaluate("() => window.__cspViolations") == []
    assert app.page.evaluate("() => document.documentElement.dataset.landedOn")  # static/land.js ran
    host = urlsplit(str(app.page.url)).hostname
    assert host == "127.0.0.1"


def test_the_pages_scripts_are_served_from_the_apps_own_origin_as_javascript(app_url: str) -> None:
    """static/ at app/static/ (server.enableStaticServing): what the CSP's script-src 'self' lets the
    pages load (ui/landing.py), with a JavaScript type, since X-Content-Type-Options is nosniff."""
    scripts = sorted((REPO_ROOT / "static").glob("*.js"))
    assert urljoin(app_url, SCRIPT) in {urljoin(app_url, f"app/static/{s.name}") for s in scripts}
    for script in scripts:
        with urllib.request.urlopen(urljoin(app_url, f"app/static/{script.name}"), timeout=30) as response:
            assert response.status == 200
            assert response.headers.get_content_type() in {"text/javascript", "application/javascript"}
            assert response.headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]
            assert response.read() == script.read_bytes()

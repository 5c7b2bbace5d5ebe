"""What a page is called in the browser's tab, its history and bookmarks, and in a link's preview:
from its route alone.

Pure (no Streamlit): ``app.py`` gives :func:`page_title` to ``st.set_page_config`` once, after
routing and before any view draws, so a results page's tab names the organisation and the level.
Streamlit sets that title from its script, which link previews (chat apps, social networks) never
run: they read the page's HTML, whose title Streamlit fixes as "Streamlit" and where it lets an
app add nothing. The launcher (``ui/serve.py``) puts :func:`preview_head` in its place.
"""

from __future__ import annotations

from html import escape

from assessment.link import score_link
from assessment.model import Model
from assessment.names import display_name
from assessment.rounding import whole_points
from assessment.scoring import Result
from reports.wording import ladder_position
from ui.routes import (
    COMPARE,
    DAMAGED,
    JOIN_ROOM,
    NEW_ROOM,
    NO_ROOM,
    QUESTIONNAIRE,
    RESULTS,
    ROOM,
    Route,
    steps,
)

APP_TITLE = "Social media: buzzword or real asset?"
APP_DESCRIPTION = (
    "A short self-assessment of your social media strategy: its level on a five-step ladder, from Buzzword "
    "to Real asset, a radar of the gaps and the next steps. Nothing is stored: the answers live in the link."
)
VIEW_TITLES = {
    COMPARE: "Compare results",
    DAMAGED: "This link cannot be opened",
    NEW_ROOM: "Create a team room",
    ROOM: "Team room",
    JOIN_ROOM: "Join a team room",
    NO_ROOM: "This room link cannot be opened",
}


def results_title(name: str, result: Result) -> str:
    """A result's title: "Riverside Bakery: Planned · <app>", "Planned (quick check) · <app>" without a name."""
    level = result.level.name if result.variant == "full" else f"{result.level.name} (quick check)"
    return f"{name}: {level} · {APP_TITLE}" if name else f"{level} · {APP_TITLE}"


def page_title(model: Model, here: Route) -> str:
    """The title of the page ``here`` opens (a result's :func:`results_title`; a questionnaire page's
    own title; the app's name on the start page)."""
    if here.view == RESULTS:
        return results_title(display_name(here.data.name), score_link(model, here.data))
    if here.view == QUESTIONNAIRE:
        if here.check:
            return f"See results? · {APP_TITLE}"
        page = steps(model, here.data.variant, here.rest)[here.step - 1]
        return f"{page.title} · {APP_TITLE}"
    view = VIEW_TITLES.get(here.view)
    return f"{view} · {APP_TITLE}" if view else APP_TITLE


def page_description(model: Model, here: Route) -> str:
    """A page in a sentence or two, for a link's preview: a result's level, its rung, score and date."""
    if here.view != RESULTS:
        return APP_DESCRIPTION
    result = score_link(model, here.data)
    level = "Estimated level" if result.variant == "quick" else "Level"
    taken = f", taken on {here.data.taken_on.isoformat()}" if here.data.taken_on else ""
    return (
        f"{level}: {result.level.name}, {ladder_position(model, result.level)} on the ladder from "
        f"{model.levels[0].name} to {model.levels[-1].name} (overall score {whole_points(result.overall)} of 100"
        f"{taken}). Open the results, or take the self-assessment yourself."
    )


def preview_head(model: Model, here: Route) -> str:
    """The page's ``<title>`` and its link-preview tags (description, Open Graph), every value escaped."""
    title = escape(page_title(model, here), quote=True)
    description = escape(page_description(model, here), quote=True)
    return (
        f"<title>{title}</title>"
        f'<meta name="description" content="{description}" />'
        f'<meta property="og:type" content="website" />'
        f'<meta property="og:site_name" content="{escape(APP_TITLE, quote=True)}" />'
        f'<meta property="og:title" content="{title}" />'
        f'<meta property="og:description" content="{description}" />'
        '<meta name="twitter:card" content="summary" />'
    )

"""What a page is called in the browser's tab, its history and bookmarks: from its route alone.

Pure (no Streamlit): ``app.py`` gives :func:`page_title` to ``st.set_page_config`` once, after
routing and before any view draws, so a results page's tab names the organisation and the level.
"""

from __future__ import annotations

from assessment.link import score_link
from assessment.model import Model
from assessment.names import display_name
from assessment.scoring import Result
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

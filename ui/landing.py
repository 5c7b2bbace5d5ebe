"""Every new page opens at its top, with keyboard and screen-reader focus on its heading.

Streamlit keeps the scroll position from one script run to the next, whatever the run shows:
after "See my results" on a phone the results opened 3,600 px down, mid-roadmap, and each
questionnaire step 400–700 px down. :func:`land`, called once by ``app.py`` after the view is
drawn, puts a small script on the page: ``static/land.js``, served from the app's own origin
by Streamlit's static serving (``server.enableStaticServing``), so the Content-Security-Policy
(``ui/serve.py``) allows it without loosening. It scrolls the main area to its top and moves
focus to the page's ``h1`` (made focusable with ``tabindex="-1"``), once per page: Streamlit
runs it again when its element mounts or its ``data-page`` changes, and it acts only when the
page (:func:`ui.routes.page_key`) or the heading differs from where it last landed. So an
answer, a target or a room's live refresh leaves the reader where they are.

The element takes no room: its own style hides its container (and the focus ring a focused
title would otherwise get: it is focused to be read out, not operated). Streamlit behaviours relied on
are listed in docs/streamlit-hooks.md.
"""

from __future__ import annotations

from html import escape

import streamlit as st

SCRIPT = "app/static/land.js"  # relative: it follows the app under any server.baseUrlPath
MARKER = "data-landing"


def landing_html(page: str) -> str:
    """The element :func:`land` shows: the script, with the page's key, and the style that hides it."""
    return (
        f"<style>[data-testid='stElementContainer']:has(script[{MARKER}]) {{ display: none; }}"
        # the heading takes focus to be read out and to start keyboard navigation from, not to be
        # operated: no focus ring around the page's title
        "h1[tabindex='-1']:focus { outline: none; }</style>"
        f'<script src="{SCRIPT}" {MARKER}="" data-page="{escape(page, quote=True)}"></script>'
    )


def land(page: str) -> None:
    """Open the page ``page`` (:func:`ui.routes.page_key`) at its top with focus on its heading, if it
    is not the page the browser last landed on. Call once per run, after the view is drawn."""
    st.html(landing_html(page), unsafe_allow_javascript=True)

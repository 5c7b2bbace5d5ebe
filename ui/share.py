"""One tap to share a results link: a button that copies it and says "Copied", the device's share sheet.

Copying to the clipboard and opening a share sheet both have to happen in the browser, in the
click itself (a browser allows neither later, as a Streamlit button's round trip to the server
would be). So the block is HTML with plain buttons, drawn by ``st.html``, and ``static/share.js``
(served from the app's own origin, as ``static/land.js`` is: ``ui/landing.py``) wires them: "Copy
the results link" writes the link to the clipboard and says "Copied"; "Share…" shows only where the
browser has ``navigator.share`` (phones, mostly). The link itself stays on the page as text, one
tap selects it whole, so it can be copied by hand wherever the script cannot run.
"""

from __future__ import annotations

from html import escape

import streamlit as st

SCRIPT = "app/static/share.js"
COPY_LABEL = "Copy the results link"
SHARE_LABEL = "Share…"


def _style() -> str:
    """The block's style, in the theme's colours (``.streamlit/config.toml``)."""
    primary = st.get_option("theme.primaryColor") or "#0f766e"
    border = st.get_option("theme.borderColor") or "#d5e0de"
    panel = st.get_option("theme.secondaryBackgroundColor") or "#f0f5f4"
    text = st.get_option("theme.textColor") or "#061110"
    return f"""<style>
.share-link {{ font-family: "Source Code Pro", monospace; font-size: 0.8rem; line-height: 1.4; margin: 0 0 0.75rem;
  padding: 0.5rem 0.75rem; border-radius: 0.5rem; background: {panel}; color: {text};
  overflow-wrap: anywhere; user-select: all; -webkit-user-select: all; }}
.share-actions {{ display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }}
.share-actions button {{ min-height: 2.75rem; padding: 0.375rem 1rem; border-radius: 0.5rem; font: inherit;
  border: 1px solid {border}; background: #ffffff; color: {text}; cursor: pointer; }}
.share-actions button:hover {{ border-color: {primary}; color: {primary}; }}
.share-actions button.share-copy {{ background: {primary}; border-color: {primary}; color: #ffffff; min-width: 13rem; }}
.share-actions button:focus-visible {{ outline: 2px solid {primary}; outline-offset: 2px; }}
.share-status {{ font-size: 0.875rem; }}
@media print {{ .share {{ display: none; }} }}
</style>"""


def share_html(link: str, title: str) -> str:
    """The block :func:`share` draws for ``link`` (absolute), shared under ``title``; every value escaped."""
    shown, link_attribute, title_attribute = escape(link), escape(link, quote=True), escape(title, quote=True)
    return (
        _style()
        + f'<div class="share" data-share-link="{link_attribute}" data-share-title="{title_attribute}">'
        + f'<p class="share-link" data-share-text>{shown}</p>'
        + '<div class="share-actions">'
        + f'<button type="button" class="share-copy" data-share-copy>{COPY_LABEL}</button>'
        + f'<button type="button" data-share-sheet hidden>{SHARE_LABEL}</button>'
        + '<span class="share-status" role="status" data-share-status></span>'
        + "</div></div>"
        + f'<script src="{SCRIPT}"></script>'
    )


def share(link: str, title: str) -> None:
    """The link as text to select, a button that copies it ("Copied") and the device's share sheet."""
    st.html(share_html(link, title), unsafe_allow_javascript=True)

"""Team rooms: a team's results gathered in one place, the one thing this app stores.

Outside the pure core and without Streamlit: :mod:`rooms.links` (capability links, pure),
:mod:`rooms.rules` (names, expiry, limits, pure), :mod:`rooms.schema` (tables and migrations),
:mod:`rooms.store` (SQLAlchemy Core on SQLite or PostgreSQL), :mod:`rooms.report` (the team
view, JSON and CSV) and :mod:`rooms.cli` (``python -m rooms``).
"""

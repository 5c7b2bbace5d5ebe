"""Is your social media a buzzword or a real asset? — the Streamlit app.

Thin by design: the URL decides the view (``ui/routes.py``), the views in ``ui/`` wire
widgets to the pure core in ``assessment/``, which does all scoring and explaining.
"""

import streamlit as st

from ui import compare, join, landing, present, problems, questionnaire, results, room, routes, start, state, titles

model = state.load_model_or_stop()
here = routes.route(model, state.current_params())
# Once, before any view draws: the tab names the page (a result: the organisation and the level).
st.set_page_config(page_title=titles.page_title(model, here), page_icon="📈", layout="centered")

if here.view == routes.COMPARE:
    compare.render(model, here.queries, here.compare_error)
elif here.view == routes.QUESTIONNAIRE:
    questionnaire.render(model, here.data, here.step, here.link, here.rest, here.review, here.check)
elif here.view == routes.RESULTS:
    results.render(model, here.data, here.link)
elif here.view == routes.DAMAGED and here.error is not None:
    problems.damaged(here.error)
elif here.view == routes.NEW_ROOM:
    room.create_page(model)
elif here.view == routes.ROOM and here.room is not None:
    room.facilitator_page(model, here.room)
elif here.view == routes.PRESENT_ROOM and here.room is not None:
    present.render(model, here.room)
elif here.view == routes.JOIN_ROOM and here.room is not None:
    join.join_page(model, here.room)
elif here.view == routes.NO_ROOM:
    room.no_room()
else:
    start.render(model)

landing.land(routes.page_key(here))  # a new page opens at its top, focus on its heading

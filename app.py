"""Is your social media a buzzword or a real asset? — the Streamlit app.

Thin by design: the URL decides the view (``ui/routes.py``), the views in ``ui/`` wire
widgets to the pure core in ``assessment/``, which does all scoring and explaining.
"""

import streamlit as st

st.set_page_config(page_title="Social media: buzzword or real asset?", page_icon="📈", layout="centered")

from ui import compare, problems, questionnaire, results, routes, start, state  # noqa: E402  (after set_page_config)

model = state.load_model_or_stop()
here = routes.route(model, state.current_params())

if here.view == routes.COMPARE:
    compare.render(model, here.queries, here.compare_error)
elif here.view == routes.QUESTIONNAIRE:
    questionnaire.render(model, here.data, here.step, here.link, here.rest)
elif here.view == routes.RESULTS:
    results.render(model, here.data, here.link)
elif here.view == routes.DAMAGED and here.error is not None:
    problems.damaged(here.error)
else:
    start.render(model)

"""The baseline page of the first-paint benchmark: Streamlit's hello world, one heading and one small chart."""

import streamlit as st

st.title("Hello")
st.vega_lite_chart(
    {
        "data": {"values": [{"x": 1, "y": 2}, {"x": 2, "y": 3}]},
        "mark": "point",
        "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}},
    },
    width="content",
)

"""The baseline of the rerun benchmark: one radio and one line of text."""

import streamlit as st

choice = st.radio("Pick one", ["a", "b", "c"], index=None, key="q")
st.write(f"You picked {choice}")

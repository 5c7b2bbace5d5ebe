"""The Streamlit shell around :mod:`assessment`: small view modules, no scoring of their own."""

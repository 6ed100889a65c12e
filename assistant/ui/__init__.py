"""The Streamlit app's pages and helpers (app.py is only the entry point)."""

"""Streamlit pages. Each page checks the signed-in user's permission itself."""

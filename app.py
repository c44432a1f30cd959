"""The Streamlit entry point: sign-in, session time-out, and the menu for the user's role.

Run with `streamlit run app.py` (see .streamlit/config.toml: localhost only,
no usage statistics). Pages live in triage/ui/ and check permissions themselves.
"""

from __future__ import annotations

import streamlit as st

from triage.errors import TriageError
from triage.ui import common, nav

st.set_page_config(page_title="MASH triage", page_icon=":material/shield:", layout="wide")

try:
    user = common.current_user()
except TriageError as exc:  # the database cannot be opened: say so plainly, not with a traceback
    st.error(f"The tool cannot open its database: {exc.message}. Ask your administrator.")
    st.stop()

if user is None:
    # Nothing but the sign-in form until someone has signed in.
    st.navigation([st.Page(common.sign_in_form, title="Sign in", url_path="sign-in")], position="hidden").run()
else:
    common.sidebar(user)
    pages = nav.pages_for(user)
    if not pages:
        st.error("Your role has no pages in this tool. Ask your administrator.")
        st.stop()
    st.navigation(pages).run()

"""The trainer's page: notification quality, never the people in the notifications."""

from __future__ import annotations

import streamlit as st

from triage.guide import QUALITY_ITEMS
from triage.ui.common import guard


def page() -> None:
    guard("view_quality")
    st.title("Notification quality")
    st.write(
        "This page will show how complete the notifications are, so that you can help officers, teams and "
        "schools write notifications the MASH can act on quickly. It shows counts and percentages only: "
        "never the names of children, families or the details of what happened."
    )
    st.write("For each team, officer and school it will show how often each item of the checklist is missing, "
             "and whether that improves over time:")
    for i, item in enumerate(QUALITY_ITEMS, start=1):
        st.write(f"{i}. {item[:1].upper()}{item[1:]}")
    st.info("The quality checks are not switched on yet. When they are, the figures will appear here.")

"""The admin's view of the tamper-evident audit log."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from triage.ui.common import fmt_time, guard, store


def page() -> None:
    guard("view_audit")
    s = store()
    st.title("Audit log")
    st.write(
        "Every sign-in, view, decision and import is recorded here. Entries cannot be changed or deleted; "
        "each one carries a fingerprint of the one before, so tampering shows."
    )
    ok, broken = s.verify_audit()
    if ok:
        st.success("The log is intact: every entry's fingerprint checks out.")
    else:
        st.error(
            f"The log has been tampered with: entry {broken} does not match the entries before it. "
            "Tell your information governance lead."
        )
    limit = st.select_slider("Show the latest", [100, 500, 2000, 10000], value=500, key="audit_limit")
    entries = s.audit_entries(limit=limit)
    actions = sorted({e["action"] for e in entries})
    chosen = st.multiselect("Actions", actions, placeholder="All actions", key="audit_actions")
    shown = [e for e in entries if not chosen or e["action"] in chosen]
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "When": fmt_time(e["at"]),
                    "Who": e["user"] or "",
                    "Action": e["action"],
                    "Notification": e["notification_id"],
                    "Detail": e["detail"],
                }
                for e in shown
            ],
            columns=["When", "Who", "Action", "Notification", "Detail"],
        ),
        hide_index=True,
    )

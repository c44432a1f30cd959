"""The supervisor's list of overrides: where a researcher changed the tool's rating or shortlist."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from triage.review import is_downgrade_from_red
from triage.ui import nav
from triage.ui.common import chip, fmt_time, guard, open_notification, store

GO = "_overrides_go"


def page() -> None:
    guard("sign_off")
    s = store()
    if GO in st.session_state:
        open_notification(st.session_state.pop(GO))
        nav.switch_to("notification")
    st.title("Overrides")
    st.write(
        "Decisions where a researcher changed the tool's rating or shortlist, newest first, with their "
        "reason. The guide asks a supervisor to check every one, and especially any RED that was lowered."
    )
    rows = [r for r in s.queue() if r.get("overrides")]
    rows.sort(key=lambda r: r["decided_at"] or "", reverse=True)
    only_red = st.toggle("Only where a RED was lowered", key="overrides_red")
    if only_red:
        rows = [r for r in rows if is_downgrade_from_red(r.get("rag"), r.get("decided_rag"))]
    if not rows:
        st.info("There are no overrides to check.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Ref": r["ref"],
                    "Source": r["source"],
                    "Tool proposed": chip(r.get("rag")),
                    "Decided": chip(r.get("decided_rag")),
                    "Shortlisted": "yes" if r["decided_shortlisted"] else "no",
                    "Lowers a RED": "yes" if is_downgrade_from_red(r.get("rag"), r.get("decided_rag")) else "",
                    "By": r["decided_by"],
                    "When": fmt_time(r["decided_at"]),
                    "Reason": r["decision_reason"],
                }
                for r in rows
            ]
        ),
        hide_index=True,
    )
    by_id = {int(r["id"]): r for r in rows}
    st.selectbox(
        "Open notification",
        list(by_id),
        index=None,
        placeholder="Choose a notification",
        format_func=lambda i: f"{by_id[i]['ref']} · {chip(by_id[i].get('decided_rag'))} by {by_id[i]['decided_by']}",
        key="overrides_pick",
        on_change=lambda: st.session_state.__setitem__(GO, st.session_state["overrides_pick"]),
    )

"""The supervisor's overrides queue: where a researcher changed the tool's rating or shortlist.

Lowered REDs still awaiting sign-off are at the top (they are not final until
signed off), then the other lowered REDs, then everything else, newest first.
A supervisor signs a decision off, or returns it to the researcher with a comment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from triage.errors import TriageError
from triage.review import STATUS_AWAITING, STATUS_RETURNED, STATUS_SIGNED_OFF, overrides_queue, return_to_researcher
from triage.review import sign_off as sign_off_decision
from triage.ui import nav
from triage.ui.common import chip, flash, fmt_time, guard, open_notification, plural, sentence, show_flash, store

GO = "_overrides_go"
FILTERS = ("Needing a supervisor", "Lowered REDs only", "All overrides")


def table(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Status": r["status"],
                "Ref": r["ref"],
                "Source": r["source"],
                "Tool proposed": chip(r["proposed_rag"]),
                "Decided": chip(r["decided_rag"]),
                "Shortlisted": "yes" if r["decided_shortlisted"] else "no",
                "Lowers a RED": "yes" if r["lowers_red"] else "",
                "By": r["decided_by"],
                "When": fmt_time(r["decided_at"]),
                "Reason": r["reason"],
                "Supervisor": f"{r['signoff_by']}: {r['signoff_comment']}".rstrip(": ") if r["signoff_by"] else "",
            }
            for r in rows
        ],
        columns=[
            "Status",
            "Ref",
            "Source",
            "Tool proposed",
            "Decided",
            "Shortlisted",
            "Lowers a RED",
            "By",
            "When",
            "Reason",
            "Supervisor",
        ],
    )


def _act(user: dict[str, Any], row: Mapping[str, Any], outcome: str, comment: str) -> None:
    s = store()
    try:
        if outcome == "signed_off":
            sign_off_decision(s, user, int(row["decision_id"]), comment)
        else:
            return_to_researcher(s, user, int(row["decision_id"]), comment)
    except TriageError as exc:
        st.error(sentence(f"Not saved: {exc.message}"))
        return
    if outcome == "signed_off":
        flash("success", f"Signed off: {row['ref']} is {chip(row['decided_rag'])}, as {row['decided_by']} decided.")
    else:
        flash("info", f"Returned: {row['ref']} goes back to {row['decided_by']} with your comment.")
    st.rerun()


def page() -> None:
    user = guard("sign_off")
    s = store()
    if GO in st.session_state:
        open_notification(st.session_state.pop(GO))
        nav.switch_to("notification")
    st.title("Overrides")
    show_flash()
    st.write(
        "Decisions where a researcher changed the tool's rating or shortlist, with their reason. "
        "A RED lowered to AMBER or GREEN is not final until a supervisor signs it off: those come first. "
        "You can sign any decision off, or return it to the researcher with a comment."
    )
    rows = overrides_queue(s, user)
    awaiting = sum(1 for r in rows if r["status"] == STATUS_AWAITING)
    if awaiting:
        st.warning(f"{plural(awaiting, 'lowered RED')} awaiting your sign-off.")
    which = st.radio("Show", FILTERS, horizontal=True, key="overrides_filter")
    if which == FILTERS[0]:
        rows = [r for r in rows if r["status"] not in (STATUS_SIGNED_OFF, STATUS_RETURNED)]
    elif which == FILTERS[1]:
        rows = [r for r in rows if r["lowers_red"]]
    if not rows:
        st.info("There are no overrides to check." if which != FILTERS[1] else "No RED has been lowered.")
        return
    st.dataframe(table(rows), hide_index=True)

    by_id = {int(r["decision_id"]): r for r in rows}
    chosen = st.selectbox(
        "Decision to check",
        list(by_id),
        index=0,
        format_func=lambda i: (
            f"{by_id[i]['ref']} · {chip(by_id[i]['proposed_rag'])} → {chip(by_id[i]['decided_rag'])} "
            f"by {by_id[i]['decided_by']} · {by_id[i]['status']}"
        ),
        key="overrides_pick",
    )
    row = by_id[int(chosen)]
    with st.container(border=True):
        st.markdown(
            f"**{chip(row['proposed_rag'])} → {chip(row['decided_rag'])}**, "
            f"{'shortlisted' if row['decided_shortlisted'] else 'not shortlisted'} · status: **{row['status']}**"
        )
        # The reference, names and reason are typed by people or come from files: plain text only.
        st.text(
            f"{row['ref']} ({row['source']}), decided by {row['decided_by']} on {fmt_time(row['decided_at'])}\n"
            f"Reason: {row['reason'] or 'none given'}"
        )
        if row["signoff_by"]:
            st.text(
                f"{row['status'].capitalize()} by {row['signoff_by']} on {fmt_time(row['signoff_at'])}"
                + (f": {row['signoff_comment']}" if row["signoff_comment"] else "")
            )
        if st.button("Open the notification", key="overrides_open", icon=":material/description:"):
            st.session_state[GO] = int(row["notification_id"])
            st.rerun()
        if row["status"] in (STATUS_SIGNED_OFF, STATUS_RETURNED):
            return
        comment = st.text_area(
            "Comment for the researcher",
            key=f"overrides_comment_{row['decision_id']}",
            max_chars=2000,
            help="Needed when you return a decision; optional when you sign it off.",
        )
        a, b = st.columns(2)
        if a.button("Sign off", type="primary", key="overrides_sign_off", icon=":material/task_alt:"):
            _act(user, row, "signed_off", comment)
        if b.button("Return to the researcher", key="overrides_return", icon=":material/undo:"):
            _act(user, row, "returned", comment)

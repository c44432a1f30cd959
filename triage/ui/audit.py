"""The admin's view of the tamper-evident audit log, with a CSV export safe to open in a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from triage.csvsafe import to_csv
from triage.ui.common import fmt_time, guard, stamp, store

COLUMNS = ["When", "Who", "Action", "Notification", "Detail"]
EXPORT_COLUMNS = ["id", "at", "user", "action", "notification_id", "detail", "prev_hash", "hash"]


def safe_csv(entries: Iterable[Mapping[str, Any]]) -> bytes:
    """The full entries, fingerprints included (so the export can be checked against the database), with
    every cell a spreadsheet would run as a formula neutralised; UTF-8 with a byte-order mark for Excel."""
    return to_csv(entries, EXPORT_COLUMNS).encode("utf-8-sig")


def entries_frame(entries: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "When": fmt_time(e["at"]),
                "Who": e["user"] or "",
                "Action": e["action"],
                "Notification": "" if e["notification_id"] is None else str(e["notification_id"]),
                "Detail": e["detail"],
            }
            for e in entries
        ],
        columns=COLUMNS,
    )


def page() -> None:
    user = guard("view_audit")
    s = store()
    st.title("Audit log")
    st.write(
        "Every sign-in, view, decision, sign-off and import is recorded here. Entries cannot be changed or "
        "deleted; each one carries a fingerprint of the one before, so tampering shows."
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
    st.dataframe(entries_frame(shown), hide_index=True)

    def exported() -> None:
        s.audit(user["name"], "audit log exported", detail=f"{len(shown)} entries")

    st.download_button(
        f"Download these {len(shown)} entries (CSV)",
        data=safe_csv(shown),
        file_name=f"audit-log-{stamp()}.csv",
        mime="text/csv",
        key="audit_export",
        icon=":material/download:",
        on_click=exported,
        help="Cells that a spreadsheet would treat as a formula start with an apostrophe, so they open as text.",
    )

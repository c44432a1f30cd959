"""The researcher's queue: a batch's notifications, most urgent first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from triage.guide import deadline
from triage.review import STATUS_AWAITING, STATUS_RETURNED, STATUS_SIGNED_OFF, signoff_status, time_left
from triage.shortlist import rank
from triage.store import Store
from triage.ui import nav
from triage.ui.common import (
    NOT_SCORED,
    QUEUE_ORDER,
    chip,
    fmt_hours_left,
    fmt_time,
    guard,
    open_notification,
    plural,
    rating_options,
    remember,
    remembered,
    show_flash,
    store,
)

SORTS = {"Most urgent first": "priority", "Where the tool is least sure first": "least_certain"}
GO = "_queue_go"
GEN = "_queue_gen"


# What a researcher sees of each notification in the queue, in order.
SHOWN_COLUMNS = ["Rating", "Ref", "Source", "Received", "Deadline", "Time left", "Shortlisted", "Decided", "Preview"]


def rows_for(s: Store, batch_id: int | None) -> list[dict[str, Any]]:
    """Queue rows for a batch (probabilities already a dict, as rank's 'least sure' order needs)."""
    return s.queue(batch_id)


def needs_decision(row: Mapping[str, Any]) -> bool:
    """No decision yet, or a supervisor returned the latest one to be decided again."""
    return not row.get("decided_by") or row.get("signoff") == "returned"


def decided_words(row: Mapping[str, Any]) -> str:
    """Who decided, and where a lowered RED or a returned decision stands."""
    if not row.get("decided_by"):
        return "not yet"
    words = f"{chip(row['decided_rag'])} by {row['decided_by']}"
    status = signoff_status(row.get("rag"), row.get("decided_rag"), bool(row.get("overrides")), row.get("signoff"))
    if status == STATUS_RETURNED:
        return f"{words}, RETURNED by {row['signoff_by']}: decide again"
    if status == STATUS_AWAITING:
        return f"{words}, awaiting sign-off"
    if status == STATUS_SIGNED_OFF:
        return f"{words}, signed off"
    return words


def current_rag(row: Mapping[str, Any]) -> str | None:
    """The rating that sets the deadline: the person's decision if there is one, else the proposal."""
    return row.get("decided_rag") or row.get("rag")


def ordered(rows: Sequence[Mapping[str, Any]], mode: str = "priority") -> list[Mapping[str, Any]]:
    """triage.shortlist.rank, but notifications without a proposal come first, oldest first.

    rank() treats a missing rating as GREEN; an unscored notification may be a
    RED, so it must not sink to the bottom of the queue.
    """
    unscored = sorted((r for r in rows if not r.get("rag")), key=lambda r: r["received_at"])
    return unscored + list(rank([r for r in rows if r.get("rag")], mode))


def ranked_ids(rows: Sequence[Mapping[str, Any]], mode: str = "priority") -> list[int]:
    return [int(r["id"]) for r in ordered(rows, mode)]


def table(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """What a reviewer scans: rating as emoji plus word, deadline in words, who decided."""
    out = []
    for r in rows:
        rag = current_rag(r)
        received = datetime.fromisoformat(r["received_at"])
        if rag:
            due = fmt_time(deadline(received, rag))
            left = fmt_hours_left(time_left(received, rag))
            if not needs_decision(r):  # the deadline is for deciding: once decided, say whether it was met
                met = datetime.fromisoformat(r["decided_at"]) <= deadline(received, rag)
                left = "decided in time" if met else "decided after the deadline"
        else:  # unknown urgency: show the tightest deadline, said as such
            due = f"{fmt_time(deadline(received, 'RED'))} if RED"
            left = f"{fmt_hours_left(time_left(received, 'RED'))} if RED"
        decided = decided_words(r)
        shortlisted = r["decided_shortlisted"] if r.get("decided_by") else r.get("shortlisted")
        out.append(
            {
                "id": r["id"],
                "Rating": chip(r.get("rag")) if r.get("rag") else NOT_SCORED,
                "Ref": r["ref"],
                "Source": r["source"],
                "Received": fmt_time(received),
                "Deadline": due,
                "Time left": left,
                "Shortlisted": "yes" if shortlisted else ("no" if shortlisted is not None else ""),
                "Decided": decided,
                "Preview": " ".join((r.get("preview") or "").split()),
            }
        )
    return pd.DataFrame(
        out,
        columns=["id", *SHOWN_COLUMNS],
    )


def _go(notification_id: int | None) -> None:
    if notification_id is not None:
        st.session_state[GO] = int(notification_id)


def page() -> None:
    guard("decide")
    s = store()
    if GO in st.session_state:
        # A row or the "Open notification" box was chosen on the last run.
        open_notification(st.session_state.pop(GO))
        st.session_state[GEN] = st.session_state.get(GEN, 0) + 1  # a fresh table: no stale selection
        nav.switch_to("notification")

    st.title("Queue")
    show_flash()
    batches = list(reversed(s.batches()))
    if not batches:
        st.info("There are no notifications yet. Import a batch file on the Import page.")
        return
    labels = {
        b["id"]: f"{b['filename']} — imported {fmt_time(b['imported_at'])} ({b['notifications']} notifications)"
        for b in batches
    }
    batch_id = st.selectbox("Batch", list(labels), format_func=labels.__getitem__, key=remembered("queue_batch"))
    rows = rows_for(s, batch_id)
    total = len(rows)
    decided = sum(1 for r in rows if not needs_decision(r))
    st.progress(decided / total if total else 0.0, text=f"{decided} of {total} decided")
    overdue = [
        r
        for r in rows
        if needs_decision(r) and time_left(datetime.fromisoformat(r["received_at"]), current_rag(r) or "RED") < 0
    ]
    if overdue:
        st.error(
            f"{plural(len(overdue), 'notification')} without a decision {'is' if len(overdue) == 1 else 'are'} "
            "past the deadline for its rating. They are marked OVERDUE under 'Time left'."
        )
    returned = [r for r in rows if r.get("signoff") == "returned"]
    if returned:
        st.warning(
            f"A supervisor returned {plural(len(returned), 'decision')} in this batch to be decided again. "
            "Their comments are on each notification; the queue shows them as not decided."
        )
    awaiting = sum(
        1
        for r in rows
        if r.get("decided_by")
        and signoff_status(r.get("rag"), r.get("decided_rag"), True, r.get("signoff")) == STATUS_AWAITING
    )
    if awaiting:
        st.caption(f"{plural(awaiting, 'lowered RED')} in this batch awaiting a supervisor's sign-off.")
    unscored = sum(1 for r in rows if not r.get("rag"))
    if unscored:
        st.warning(
            f"{plural(unscored, 'notification')} in this batch without a proposed rating yet: they are "
            "listed first. Score them on the Import page."
        )

    c1, c2, c3, c4 = st.columns([2, 2, 1.3, 2.2])
    sources = sorted({r["source"] for r in rows})
    chosen_sources = c1.multiselect("Source", sources, placeholder="All sources", key=remembered("queue_sources"))
    chosen_ratings = c2.multiselect(
        "Proposed rating",
        rating_options(),
        format_func=chip,
        placeholder="All ratings",
        key=remembered("queue_ratings"),
    )
    undecided_only = c3.toggle("Undecided only", key=remembered("queue_undecided"))
    sort_label = c4.radio("Order", list(SORTS), key=remembered("queue_sort"))
    remember("queue_batch", "queue_sources", "queue_ratings", "queue_undecided", "queue_sort")

    shown = [
        r
        for r in rows
        if (not chosen_sources or r["source"] in chosen_sources)
        and (not chosen_ratings or r.get("rag") in chosen_ratings)
        and (not undecided_only or needs_decision(r))
    ]
    shown = ordered(shown, SORTS[sort_label])
    ids = [int(r["id"]) for r in shown]
    st.session_state[QUEUE_ORDER] = ids  # "Next" on the notification page follows this order
    if not shown:
        st.info("Nothing matches these filters.")
        return

    gen = st.session_state.get(GEN, 0)
    key = f"queue_table_{gen}"

    def picked_row() -> None:
        # a tick in the row's box, or a click on any of its cells
        selection = st.session_state[key].selection
        rows_picked = list(selection.rows) or [row for row, _ in selection.get("cells", [])]
        if rows_picked:
            _go(ids[rows_picked[0]])

    st.caption("Click a row to open it, or choose it below.")
    st.dataframe(
        table(shown),
        key=key,
        on_select=picked_row,
        selection_mode=["single-row", "single-cell"],
        hide_index=True,
        column_order=SHOWN_COLUMNS,
        column_config={"Preview": st.column_config.TextColumn(width="large")},
    )
    by_id = {int(r["id"]): r for r in shown}

    def option(i: int) -> str:
        r = by_id[i]
        return f"{chip(r.get('rag'))} · {r['ref']} · {r['source']} · received {fmt_time(r['received_at'])}"

    pick_key = f"open_pick_{gen}"
    st.selectbox(
        "Open notification",
        ids,
        index=None,
        format_func=option,
        placeholder="Choose a notification",
        key=pick_key,
        on_change=lambda: _go(st.session_state.get(pick_key)),
    )

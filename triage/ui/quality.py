"""The trainer's page: how complete notifications are, never who is in them.

Texts are read on the server to score them against the guide's checklist
(triage.quality), but only counts and percentages by source, team and batch
reach the screen: no names, no references, no evidence sentences.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import pandas as pd
import streamlit as st

from triage.guide import QUALITY_ITEMS
from triage.quality import assess
from triage.store import Store
from triage.ui.common import fmt_time, guard, store


def scores(s: Store, batch_ids: list[int]) -> list[dict[str, Any]]:
    """One row per notification read by the tool: its source, team, batch, score and item statuses."""
    out = []
    for batch_id in batch_ids:
        for n in s.notifications(batch_id):
            if n.id is None or s.latest_proposal(n.id) is None:
                continue  # not read yet: its people and risk factors are unknown
            q = assess(n, s.parsed(n.id))
            out.append(
                {
                    "source": n.source,
                    "team": n.team or "not given",
                    "batch": batch_id,
                    "score": q.score,
                    "status": {i.name: i.status for i in q.items},
                }
            )
    return out


def item_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    total = len(rows)
    out = []
    for number, item in enumerate(QUALITY_ITEMS, start=1):
        counts = Counter(r["status"].get(item, "missing") for r in rows)
        out.append(
            {
                "Item": f"{number}. {item[:1].upper()}{item[1:]}",
                "Missing": counts["missing"] / total,
                "Partly there": counts["partial"] / total,
                "Present": counts["present"] / total,
            }
        )
    return pd.DataFrame(out)


def team_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    by_team: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_team[(r["source"], r["team"])].append(r)
    out = []
    for (source, team), mine in sorted(by_team.items()):
        missing = Counter(item for r in mine for item, status in r["status"].items() if status == "missing")
        top = ", ".join(item for item, _ in missing.most_common(3))
        out.append(
            {
                "Source": source,
                "Team": team,
                "Notifications": len(mine),
                "Average score": sum(r["score"] for r in mine) / len(mine),
                "Most often missing": top,
            }
        )
    return pd.DataFrame(out).sort_values("Average score") if out else pd.DataFrame()


def page() -> None:
    guard("view_quality")
    s = store()
    st.title("Notification quality")
    st.write(
        "How complete the notifications are against the triage guide's ten-point checklist, so that you can "
        "help officers, teams and schools write notifications the MASH can act on quickly. This page shows "
        "counts and percentages only: never the names of children or families, or what happened."
    )
    batches = list(reversed(s.batches()))
    if not batches:
        st.info("There are no notifications yet.")
        return
    labels = {b["id"]: f"{b['filename']} — imported {fmt_time(b['imported_at'])}" for b in batches}
    chosen = st.multiselect(
        "Batches", list(labels), default=list(labels)[:5], format_func=labels.__getitem__, key="quality_batches"
    )
    rows = scores(s, chosen)
    if not rows:
        st.info("None of the chosen batches has been read by the tool yet.")
        return
    sources = sorted({r["source"] for r in rows})
    source = st.radio("Source", ["all", *sources], horizontal=True, key="quality_source")
    if source != "all":
        rows = [r for r in rows if r["source"] == source]
    st.metric("Average completeness", f"{sum(r['score'] for r in rows) / len(rows):.0%}", help=None)
    st.caption(
        f"Across {len(rows)} notifications. Items 1, 4 and 7 count double: without them a notification "
        "is hard to triage."
    )
    st.subheader("Which items are missing")
    pct = st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="percent")
    st.dataframe(
        item_table(rows),
        hide_index=True,
        column_config={"Missing": pct, "Partly there": pct, "Present": pct},
    )
    st.subheader("By team")
    st.dataframe(
        team_table(rows),
        hide_index=True,
        column_config={
            "Average score": st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="percent")
        },
    )
    st.subheader("Over time")
    by_batch = pd.DataFrame(
        [
            {
                "Batch": labels[b],
                "Average score": sum(r["score"] for r in rows if r["batch"] == b)
                / max(1, sum(1 for r in rows if r["batch"] == b)),
            }
            for b in sorted({r["batch"] for r in rows})
        ]
    )
    st.dataframe(
        by_batch,
        hide_index=True,
        column_config={
            "Average score": st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="percent")
        },
    )

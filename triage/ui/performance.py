"""The supervisor's performance page: figures a manager can trust, each computed from the decisions
as recorded (never typed in), with the count behind every percentage shown beside it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from triage.guide import LEVEL, deadline
from triage.monitoring import agreement
from triage.store import now
from triage.ui.common import RAG_COLOUR, guard, rating_options, store

DIRECTIONS = ("raised", "lowered", "shortlist only")
DIRECTION_COLOUR = {"raised": "#b3261e", "lowered": "#1d4e89", "shortlist only": "#8a8f98"}


def frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The store's rows with the derived columns every chart needs."""
    columns = [
        "notification_id",
        "source",
        "received_at",
        "proposed_rag",
        "proposed_shortlisted",
        "decided_rag",
        "decided_shortlisted",
        "decided_by",
        "decided_at",
        "overrides",
        "first_decided_at",
    ]
    df = pd.DataFrame(list(rows), columns=columns)
    df["received"] = pd.to_datetime(df["received_at"])
    df["day"] = df["received"].dt.strftime("%Y-%m-%d")
    df["decided"] = df["decided_rag"].notna()
    df["direction"] = [
        direction(p, d, o == 1) for p, d, o in zip(df["proposed_rag"], df["decided_rag"], df["overrides"], strict=True)
    ]
    met = []
    for received, rag, first in zip(df["received"], df["decided_rag"], df["first_decided_at"], strict=True):
        met.append(None if not isinstance(rag, str) else datetime.fromisoformat(first) <= deadline(received, rag))
    df["deadline_met"] = met
    return df


def direction(proposed: str | None, decided: str | None, overrides: bool) -> str | None:
    if not decided or not proposed or not overrides:
        return None
    if LEVEL[decided] > LEVEL[proposed]:
        return "raised"
    if LEVEL[decided] < LEVEL[proposed]:
        return "lowered"
    return "shortlist only"


def volumes(df: pd.DataFrame) -> pd.DataFrame:
    return df.groupby(["day", "source"]).size().rename("notifications").reset_index()


def rating_mix(df: pd.DataFrame) -> pd.DataFrame:
    proposed = df["proposed_rag"].dropna().value_counts()
    decided = df["decided_rag"].dropna().value_counts()
    out = []
    for rag in rating_options():
        out.append({"Rating": rag, "Whose": "the tool proposed", "notifications": int(proposed.get(rag, 0))})
        out.append({"Rating": rag, "Whose": "people decided", "notifications": int(decided.get(rag, 0))})
    return pd.DataFrame(out)


def deadlines(df: pd.DataFrame) -> pd.DataFrame:
    """Per final rating: decided in time, decided late, and not yet decided but already past the tightest
    deadline it could have (counted at RED if there is no proposal)."""
    out = []
    at = now()
    for rag in rating_options():
        mine = df[df["decided_rag"] == rag]
        pending = df[~df["decided"] & (df["proposed_rag"].fillna("RED") == rag)]
        overdue = sum(1 for r in pending["received"] if deadline(r, rag) < at)
        met = int(mine["deadline_met"].astype(bool).sum())
        out.append(
            {
                "Rating": rag,
                "Decided in time": met,
                "Decided late": len(mine) - met,
                "Not decided, overdue": overdue,
                "In time": f"{met / len(mine):.0%}" if len(mine) else "no decisions",
            }
        )
    return pd.DataFrame(out)


def override_rates(df: pd.DataFrame) -> pd.DataFrame:
    """Per researcher and direction: how many of their decisions changed the proposal, and the share."""
    decided = df[df["decided"]]
    totals = decided.groupby("decided_by").size()
    changed = decided.dropna(subset=["direction"]).groupby(["decided_by", "direction"]).size()
    out = []
    for who, total in totals.items():
        for d in DIRECTIONS:
            n = int(changed.get((who, d), 0))
            out.append({"Researcher": who, "Direction": d, "overrides": n, "decisions": int(total), "rate": n / total})
    return pd.DataFrame(out, columns=["Researcher", "Direction", "overrides", "decisions", "rate"])


def confusion(df: pd.DataFrame) -> pd.DataFrame:
    decided = df[df["decided"] & df["proposed_rag"].notna()]
    out = []
    for p in rating_options():
        for d in rating_options():
            n = int(((decided["proposed_rag"] == p) & (decided["decided_rag"] == d)).sum())
            out.append({"Tool proposed": p, "People decided": d, "notifications": n})
    return pd.DataFrame(out)


# ---------------------------------------------------------------- charts


def _rag_scale() -> alt.Scale:
    return alt.Scale(domain=rating_options(), range=[RAG_COLOUR[r] for r in rating_options()])


def volume_chart(v: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(v)
        .mark_bar()
        .encode(
            x=alt.X("day:O", title="Day received"),
            y=alt.Y("notifications:Q", title="Notifications", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("source:N", title="Source"),
            tooltip=["day", "source", "notifications"],
        )
        .properties(height=260)
    )


def mix_chart(m: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(m)
        .mark_bar()
        .encode(
            y=alt.Y("Whose:N", title=None),
            x=alt.X("notifications:Q", stack="normalize", axis=alt.Axis(format="%"), title="Share"),
            color=alt.Color("Rating:N", scale=_rag_scale(), sort=rating_options()),
            order=alt.Order("rank:Q"),
            tooltip=["Whose", "Rating", "notifications"],
        )
        .transform_calculate(rank="datum.Rating == 'RED' ? 0 : datum.Rating == 'AMBER' ? 1 : 2")
        .properties(height=120)
    )


def override_chart(o: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(o)
        .mark_bar()
        .encode(
            y=alt.Y("Researcher:N", title=None),
            x=alt.X("rate:Q", stack="zero", axis=alt.Axis(format="%"), title="Share of their decisions changed"),
            color=alt.Color(
                "Direction:N",
                scale=alt.Scale(domain=list(DIRECTIONS), range=[DIRECTION_COLOUR[d] for d in DIRECTIONS]),
            ),
            tooltip=["Researcher", "Direction", "overrides", "decisions", alt.Tooltip("rate:Q", format=".0%")],
        )
        .properties(height=max(80, 40 * o["Researcher"].nunique()))
    )


def confusion_chart(c: pd.DataFrame) -> alt.Chart:
    base = alt.Chart(c).encode(
        y=alt.Y("Tool proposed:N", sort=rating_options()),
        x=alt.X("People decided:N", sort=rating_options()),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("notifications:Q", scale=alt.Scale(scheme="blues"), legend=None),
        tooltip=["Tool proposed", "People decided", "notifications"],
    )
    labels = base.mark_text(fontSize=16).encode(
        text="notifications:Q",
        color=alt.condition(
            alt.datum.notifications > c["notifications"].max() / 2, alt.value("white"), alt.value("black")
        ),
    )
    return (cells + labels).properties(height=220, width=320)


def agreement_chart(a: pd.DataFrame, by: str) -> alt.Chart:
    x = alt.X("group:N", title={"week": "Week decided", "source": "Source", "age_band": "Youngest child's age"}[by])
    bars = (
        alt.Chart(a)
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("agreement:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"), title="Agreement"),
            tooltip=["group", "decisions", "agreed", alt.Tooltip("agreement:Q", format=".0%")],
        )
    )
    return bars.properties(height=240)


# ---------------------------------------------------------------- the page


def page() -> None:
    guard("view_performance")
    s = store()
    st.title("Performance")
    st.write(
        "Every figure here is counted from the decisions as recorded, with who and when. "
        "Hover over a chart for the numbers behind it."
    )
    df = frame(s.performance_rows())
    if df.empty:
        st.info("There are no notifications yet.")
        return
    decided = int(df["decided"].sum())
    a, b, c, d = st.columns(4)
    a.metric("Notifications", len(df))
    b.metric("Decided", decided)
    c.metric("Changed from the proposal", int(df["direction"].notna().sum()))
    d.metric("Decided in time", f"{df['deadline_met'].dropna().astype(bool).mean():.0%}" if decided else "—")

    st.subheader("Volumes by source and day")
    st.altair_chart(volume_chart(volumes(df)))

    left, right = st.columns(2)
    with left:
        st.subheader("Rating mix")
        st.altair_chart(mix_chart(rating_mix(df)))
    with right:
        st.subheader("Deadlines met")
        st.caption("From the notification's arrival to the first decision, against the final rating's deadline.")
        st.dataframe(deadlines(df), hide_index=True)

    st.subheader("Overrides by researcher and direction")
    rates = override_rates(df)
    if rates.empty:
        st.write("No decisions yet.")
    else:
        st.altair_chart(override_chart(rates))

    left, right = st.columns(2)
    with left:
        st.subheader("Proposals against final decisions")
        st.caption("Rows: what the tool proposed. Columns: what people decided. The diagonal is agreement.")
        st.altair_chart(confusion_chart(confusion(df)))
    with right:
        st.subheader("Agreement over time")
        by = st.radio(
            "Group by",
            ("week", "source", "age_band"),
            format_func={"week": "week", "source": "source", "age_band": "child's age"}.get,
            horizontal=True,
            key="performance_by",
        )
        table = agreement(s, by=by)
        if table.empty:
            st.write("No decisions yet.")
        else:
            st.altair_chart(agreement_chart(table, by))

"""Agreement between proposals and people's decisions, by week, source or child's age band.

A supervisor watches this for drift (agreement falling week by week) and for
a group the model serves worse (one source or age band lower than the rest).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from triage.features import AGE_BANDS, age_band, youngest_child_age
from triage.records import Mention, ParsedNotification
from triage.store import Store

GROUPINGS = ("week", "source", "age_band")
COLUMNS = ["group", "decisions", "agreed", "agreement"]


def _age_band(row: dict[str, Any]) -> str:
    mentions = tuple(
        Mention(text="", start=0, end=0, role=role or "unknown", age=age, dob=date.fromisoformat(dob) if dob else None)
        for role, age, dob in row["mentions"]
    )
    received = datetime.fromisoformat(row["received_at"]).date()
    return age_band(youngest_child_age(ParsedNotification(mentions=mentions), received))


def _week(row: dict[str, Any]) -> str:
    year, week, _ = datetime.fromisoformat(row["decided_at"]).isocalendar()
    return f"{year}-W{week:02d}"


def agreement(store: Store, by: str = "week") -> pd.DataFrame:
    """One row per group: decisions made, how many agreed with the proposal, and the share.

    Each notification counts once, with its latest decision against the
    proposal that decision was made on.
    """
    if by not in GROUPINGS:
        raise ValueError(f"agreement can be grouped by {', '.join(GROUPINGS)}, not {by!r}")
    key = {"week": _week, "source": lambda r: r["source"], "age_band": _age_band}[by]
    rows = [
        {"group": key(r), "agreed": int(r["decided_rag"] == r["proposed_rag"])}
        for r in store.decided_notifications()
        if r["proposed_rag"] is not None
    ]
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    df = pd.DataFrame(rows).groupby("group", sort=False)["agreed"].agg(decisions="count", agreed="sum").reset_index()
    df["agreement"] = (df["agreed"] / df["decisions"]).round(4)
    if by == "age_band":
        order = {label: i for i, (_, _, label) in enumerate(AGE_BANDS)}
        df = df.sort_values("group", key=lambda s: s.map(lambda g: order.get(g, len(order))))
    else:
        df = df.sort_values("group")
    return df[COLUMNS].reset_index(drop=True)

"""Ranking notifications by priority and deadline; the shortlist.

Priority is probability-weighted severity: a RED the model is sure of comes
before a RED it is unsure of, and every RED before every AMBER. Within a
rating, the nearer deadline comes first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from triage.guide import LEVEL, deadline

SEVERITY = {"GREEN": 0.0, "AMBER": 0.5, "RED": 1.0}


def priority(rag: str, probabilities: Mapping[str, float]) -> float:
    """A number in [0, 1]: the rating's band, then the model's expected severity within it."""
    expected = sum(SEVERITY[r] * p for r, p in probabilities.items())
    return round((LEVEL[rag] + expected) / 3, 4)


def uncertainty(probabilities: Mapping[str, float]) -> float:
    """1 minus the margin between the two likeliest ratings: high means unsure."""
    top = sorted(probabilities.values(), reverse=True)
    return round(1 - (top[0] - top[1]), 4) if len(top) > 1 else 0.0


def rank(items: Sequence[Mapping[str, Any]], mode: str = "priority") -> list[Mapping[str, Any]]:
    """Order queue rows (with rag, priority, received_at, probabilities).

    mode "priority": highest rating, then nearest deadline, then priority.
    mode "least_certain": where the model is least sure first.
    """

    def received(item: Mapping[str, Any]) -> datetime:
        value = item["received_at"]
        return value if isinstance(value, datetime) else datetime.fromisoformat(value)

    if mode == "least_certain":
        return sorted(items, key=lambda i: -uncertainty(i.get("probabilities") or {}))
    if mode != "priority":
        raise ValueError(f"unknown ranking {mode!r}: use 'priority' or 'least_certain'")
    return sorted(
        items,
        key=lambda i: (
            -LEVEL.get(i.get("rag") or "GREEN", 0),
            deadline(received(i), i.get("rag") or "GREEN"),
            -(i.get("priority") or 0.0),
        ),
    )


def shortlist(items: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Every RED and AMBER, ranked."""
    return [i for i in rank(items) if i.get("rag") in ("RED", "AMBER")]

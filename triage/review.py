"""People decide: confirming or overriding a proposal, with who, when and why.

An override (a rating or shortlist different from the proposal) needs a
reason. The tool never decides on its own (UK GDPR Art. 22).
"""

from __future__ import annotations

from datetime import datetime

from triage.auth import require
from triage.errors import DecisionError
from triage.guide import LEVEL, RATINGS, deadline
from triage.records import Decision
from triage.store import Store, now


def decide(
    store: Store,
    user: dict,
    notification_id: int,
    rag: str,
    shortlisted: bool,
    reason: str = "",
    *,
    expected_version: int | None = None,
    information_missing: bool = False,
) -> Decision:
    """Record a researcher's decision; an override without a reason is refused."""
    require(user, "decide")
    if rag not in RATINGS:
        raise DecisionError(f"rating must be one of {', '.join(RATINGS)}, not {rag!r}")
    latest = store.latest_proposal(notification_id)
    if latest is None:
        raise DecisionError(f"notification {notification_id} has no proposal yet: score its batch first")
    proposal = latest[1]
    overrides = rag != proposal.rag or shortlisted != proposal.shortlisted
    if overrides and not reason.strip():
        raise DecisionError("an override needs a reason: say why the rating or shortlist differs from the proposal")
    decision = Decision(
        notification_id=notification_id,
        rag=rag,
        shortlisted=shortlisted,
        by=user["name"],
        at=now(),
        reason=reason.strip(),
        overrides=overrides,
        information_missing=information_missing,
    )
    store.record_decision(decision, expected_version=expected_version)
    return decision


def is_downgrade_from_red(proposed: str | None, decided: str | None) -> bool:
    return proposed == "RED" and decided is not None and LEVEL[decided] < LEVEL["RED"]


def time_left(received_at: datetime, rag: str, at: datetime | None = None) -> float:
    """Hours until the rating's deadline (negative when overdue)."""
    return (deadline(received_at, rag) - (at or now())).total_seconds() / 3600

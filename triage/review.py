"""People decide: confirming or overriding a proposal, with who, when and why.

An override (a rating or shortlist different from the proposal) needs a
reason. The tool never decides on its own (UK GDPR Art. 22).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

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


# ---------------------------------------------------------------- supervisor sign-off

# What a decision's sign-off state is called on screen.
STATUS_FINAL = "final"
STATUS_AWAITING = "awaiting sign-off"
STATUS_TO_CHECK = "to check"
STATUS_SIGNED_OFF = "signed off"
STATUS_RETURNED = "returned to researcher"


def signoff_status(proposed: str | None, decided: str | None, overrides: bool, signoff: str | None) -> str:
    """Where a decision stands. A RED lowered to AMBER or GREEN is not final until a supervisor signs it off;
    other overrides are final but listed for a supervisor to check."""
    if signoff == "signed_off":
        return STATUS_SIGNED_OFF
    if signoff == "returned":
        return STATUS_RETURNED
    if is_downgrade_from_red(proposed, decided):
        return STATUS_AWAITING
    return STATUS_TO_CHECK if overrides else STATUS_FINAL


def overrides_queue(store: Store, user: dict) -> list[dict[str, Any]]:
    """Every current decision that differs from its proposal: lowered REDs still awaiting sign-off at the top,
    then the other lowered REDs, then the rest, each group newest first."""
    require(user, "sign_off")
    rows = store.overrides_for_review()  # newest first
    for r in rows:
        r["lowers_red"] = is_downgrade_from_red(r["proposed_rag"], r["decided_rag"])
        r["status"] = signoff_status(r["proposed_rag"], r["decided_rag"], True, r["signoff"])
    return sorted(rows, key=lambda r: (not (r["lowers_red"] and r["status"] == STATUS_AWAITING), not r["lowers_red"]))


def sign_off(store: Store, user: dict, decision_id: int, comment: str = "") -> None:
    """A supervisor agrees with a decision; a lowered RED becomes final."""
    require(user, "sign_off")
    store.record_signoff(decision_id, "signed_off", user["name"], comment)


def return_to_researcher(store: Store, user: dict, decision_id: int, comment: str) -> None:
    """A supervisor sends a decision back with a comment; the researcher decides again."""
    require(user, "sign_off")
    if not comment.strip():
        raise DecisionError("say what the researcher should look at again: a returned decision needs a comment")
    store.record_signoff(decision_id, "returned", user["name"], comment)

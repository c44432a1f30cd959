"""Named features from a parsed, matched notification.

Two products: `GuideFacts` for the triage guide's rules, and a feature row
(name -> value) for the classifier. Feature names are practitioner words so
that a contribution reads as a reason ("open child protection plan +1.2").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from triage.records import History, Involvement

YEAR = timedelta(days=365)


def history_from_involvements(
    child: Iterable[Involvement],
    household: Iterable[Involvement],
    as_of: date,
) -> History:
    """Summarise agency history as the guide's modifiers need it.

    `child` is the involvements of the people matched in the notification;
    `household` those of everyone sharing their household. Only history that
    started before `as_of` counts: the future must not leak into a rating.
    """
    child = [i for i in child if i.start_date <= as_of]
    household = [i for i in household if i.start_date <= as_of]
    recent = as_of - YEAR

    def is_open(i: Involvement) -> bool:
        return i.end_date is None or i.end_date >= as_of

    cp = [i for i in child if i.kind == "child_protection_plan"]
    open_cp = [i for i in cp if is_open(i)]
    cin = [i for i in child if i.kind == "child_in_need_plan" and is_open(i)]
    eh = [i for i in child if i.kind == "early_help_plan" and is_open(i)]
    notes = [i for i in child if i.kind in ("notification", "referral", "domestic_abuse_incident") and i.start_date >= recent]
    hh_notes = {
        (i.person_id, i.kind, i.start_date)
        for i in household
        if i.kind in ("notification", "referral", "domestic_abuse_incident") and i.start_date >= recent
    }
    missing = [i for i in child if i.kind == "missing_episode" and i.start_date >= recent]
    da = {(i.start_date) for i in [*child, *household] if i.kind == "domestic_abuse_incident" and i.start_date >= recent}

    evidence: list[str] = []
    for group, label in ((open_cp, "open child protection plan"), (cin, "open child in need plan"), (eh, "open early help plan")):
        for i in group[:1]:
            evidence.append(f"{label} since {i.start_date.isoformat()} ({i.person_id})")
    if cp and not open_cp:
        evidence.append(f"previous child protection plan ended {max(i.end_date for i in cp if i.end_date)}")
    if notes:
        evidence.append(f"{len(notes)} earlier notification(s) in 12 months")
    if len(hh_notes) > len(notes):
        evidence.append(f"{len(hh_notes)} earlier notification(s) for the household in 12 months")
    if missing:
        evidence.append(f"{len(missing)} missing episode(s) in 12 months")

    return History(
        open_cp_plan=bool(open_cp),
        previous_cp_plan=bool(cp) and not open_cp,
        cin_plan=bool(cin),
        early_help_plan=bool(eh),
        child_notifications_12m=len(notes),
        household_notifications_12m=len(hh_notes),
        missing_episodes_12m=len(missing),
        domestic_abuse_incidents_12m=len(da),
        evidence=tuple(evidence),
    )


def history_features(h: History) -> Mapping[str, float]:
    return {
        "open child protection plan": float(h.open_cp_plan),
        "previous child protection plan": float(h.previous_cp_plan),
        "child in need plan": float(h.cin_plan),
        "early help plan": float(h.early_help_plan),
        "3+ notifications in 12 months": float(max(h.child_notifications_12m, h.household_notifications_12m) >= 3),
        "earlier notifications in 12 months": float(min(max(h.child_notifications_12m, h.household_notifications_12m), 5)),
        "missing episodes in 12 months": float(min(h.missing_episodes_12m, 5)),
    }

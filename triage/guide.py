"""The triage guide's vocabulary: ratings, deadlines, and the factors it names.

shared/domain/triage-guide.md is the specification; this module is the one
place its words become codes, so parse, rules, features and the app agree.
"""

from __future__ import annotations

from datetime import datetime, timedelta

RATINGS: tuple[str, ...] = ("GREEN", "AMBER", "RED")  # ordered by urgency
LEVEL = {rag: i for i, rag in enumerate(RATINGS)}

DEADLINE_HOURS = {"RED": 4, "AMBER": 24, "GREEN": 72}

SOURCES: tuple[str, ...] = ("police", "school", "health", "other")

DASH_LEVELS: tuple[str, ...] = ("standard", "medium", "high")

# Risk factors: code -> the words a practitioner uses.
RISK_FACTORS: dict[str, str] = {
    "disclosure": "disclosure or allegation of abuse",
    "injury": "injury to a child",
    # the account of how it happened fits it ("the account is consistent with the injury"): not unexplained
    "explained_injury": "injury explained, the account consistent",
    "unexplained_injury": "unexplained injury",
    "domestic_abuse": "domestic abuse",
    "weapon": "weapon used or threatened",
    "strangulation": "strangulation or choking",
    "threats_to_kill": "threats to kill",
    "substance_misuse": "substance misuse",
    "intoxicated_carer": "carer intoxicated",
    # another adult there, sober and caring for the children: the guide's AMBER "parental substance misuse ...
    # where another adult is caring for the child", not its RED "a carer too intoxicated to care"
    "sober_carer": "another adult sober and caring for the child",
    "mental_health": "mental health concern",
    # a child's own anxiety, low mood or eating disorder: not the carer's mental health the guide's AMBER and
    # complex-needs lines mean ("a mental health crisis where another adult is caring for the child")
    "child_mental_health": "the child's own mental health",
    "self_harm": "self-harm or suicidal intent",
    "neglect": "neglect or poor home conditions",
    "homelessness": "homelessness",
    "missing": "missing episode",
    "exploitation": "exploitation (CSE/CCE) indicators",
    "sex_offender": "sex offender with access to a child",
    "pregnancy": "pregnancy",
    "pregnant_child": "a child who is pregnant",
    "no_antenatal_care": "no antenatal engagement",
    "child_present": "child present or witnessing",
    "child_alone": "child left alone or abandoned",
    "parental_conflict": "parental conflict",
    "school_attendance": "school attendance concern",
    "offending": "offending, anti-social behaviour or online harm",
    "non_engagement": "family not engaging with agencies",
    "prolonged_wait": "waited over 8 weeks for support",
    "information_sharing": "information sharing only",
    # history, when the notification says so ("CP plan in place per police systems"): the guide escalates on it
    "plan_stated": "child protection or child in need plan (as written)",
    # ... and a repeat incident ("3rd DA incident at this address in 12 months"): the guide's AMBER for a third
    "repeat_incident": "repeat domestic abuse incident (as written)",
}

# Protective factors: code -> words. These can mitigate one level.
PROTECTIVE_FACTORS: dict[str, str] = {
    "agency_engagement": "engaging with an agency",
    "family_support": "support from family and friends",
    "insight": "insight and willingness to engage",
}

FACTORS: dict[str, str] = {**RISK_FACTORS, **PROTECTIVE_FACTORS}

# Match bands for record linkage.
MATCH_BANDS: tuple[str, ...] = ("match", "possible", "none")

INVOLVEMENT_AGENCIES: tuple[str, ...] = (
    "social_care",
    "police",
    "health",
    "education",
    "early_help",
    "youth_justice",
    "probation",
    "other",
)

ROLES: tuple[str, ...] = ("researcher", "supervisor", "trainer", "admin")

OVERRIDE_REASONS: tuple[str, ...] = (
    "history changes the risk",
    "risk under-estimated by the tool",
    "risk over-estimated by the tool",
    "protective factors present",
    "information missing from the notification",
    "already known and being worked",
    "other (explain below)",
)

QUALITY_ITEMS: tuple[str, ...] = (
    "child identified",
    "adults identified",
    "what happened",
    "where the children were",
    "voice of the child",
    "risk factors observed",
    "risk assessment / DASH level",
    "action taken",
    "consent",
    "referrer's details",
)


def deadline(received_at: datetime, rag: str) -> datetime:
    """When MASH checks must be completed for a notification of this rating."""
    return received_at + timedelta(hours=DEADLINE_HOURS[rag])


def is_shortlisted(rag: str) -> bool:
    """The shortlist is every RED and AMBER (the guide's definition)."""
    return rag in ("RED", "AMBER")


def max_rag(*ratings: str) -> str:
    return max(ratings, key=LEVEL.__getitem__)


def step(rag: str, levels: int) -> str:
    """Move a rating up (positive) or down (negative), staying in range."""
    i = min(max(LEVEL[rag] + levels, 0), len(RATINGS) - 1)
    return RATINGS[i]

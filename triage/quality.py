"""The notification-quality checklist of the triage guide, item by item.

Each of the ten items is present, partial or missing, with the sentence
that evidences it. Items 1, 4 and 7 (the child, where the children were,
the risk assessment) weigh double: without them a notification is hard to
triage. Trainers use this to show officers and schools what to add.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from triage.guide import QUALITY_ITEMS
from triage.records import Notification, ParsedNotification

WEIGHTS = {1: 2.0, 4: 2.0, 7: 2.0}
CREDIT = {"present": 1.0, "partial": 0.5, "missing": 0.0}
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


@dataclass(frozen=True)
class QualityItem:
    number: int
    name: str
    status: str  # "present" | "partial" | "missing"
    evidence: str = ""


@dataclass(frozen=True)
class QualityScore:
    items: tuple[QualityItem, ...]
    score: float  # 0..1, weighted

    @property
    def missing(self) -> list[str]:
        return [i.name for i in self.items if i.status == "missing"]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def _find(text: str, pattern: re.Pattern[str]) -> str:
    for sentence in _sentences(text):
        if pattern.search(sentence):
            return sentence
    return ""


WHEN = re.compile(
    r"\b(\d{1,2}[:.]\d{2}|\d{3,4}\s*(hrs|hours)|today|yesterday|last night|this morning|"
    r"on \d{1,2}(st|nd|rd|th)?|\d{1,2}/\d{1,2}/\d{2,4}|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|evening|afternoon|morning)\b",
    re.I,
)
WHERE = re.compile(
    r"\b(at (the )?(home )?address|home address|at (the )?(family )?home|at school|street|road|lane|"
    r"avenue|close|drive|flat|park|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b",
    re.I,
)
HAPPENED = re.compile(
    r"\b(attended|called|reported|incident|disclosed|argument|assault|found|missing|"
    r"observed|noticed|presented|arrived|seen)\b",
    re.I,
)
CHILDREN_WHERE = re.compile(
    r"\b(asleep|upstairs|downstairs|in the (room|house|bedroom|kitchen|lounge|car)|"
    r"present|witness(ed)?|saw|heard|not present|at (their|his|her) (father|mother|"
    r"grandparents?)|at school|in bed)\b",
    re.I,
)
DEMEANOUR = re.compile(
    r"\b(demeanour|upset|crying|distressed|calm|quiet|settled|withdrawn|frightened|scared|"
    r"appeared|presented as|happy|tearful)\b",
    re.I,
)
VOICE = re.compile(
    r"([\"“'‘][^\"”’]{6,}[\"”’]|\b(said|says|told|stated|disclosed|in (his|her|their) "
    r"(own )?words|wishes and feelings)\b)",
    re.I,
)
RISK_ASSESSMENT = re.compile(
    r"\b(dash|risk assessment|assessed as|graded|(standard|medium|high) risk|"
    r"bruise|nfa)\b",
    re.I,
)
ACTION = re.compile(
    r"\b(arrested|referred|informed|notified|advice given|advised|safeguarding|social care|"
    r"operation encompass|bail|removed|police protection|strategy|marac|idva|nfa|gp|"
    r"health visitor|school nurse|shared with)\b",
    re.I,
)
CONSENT = re.compile(
    r"\b(consent(ed)?|aware of (this|the) (referral|notification)|parents? (are|is|were|was) "
    r"(aware|informed|told)|not (been )?(informed|told) because|without consent)\b",
    re.I,
)
CONTACT = re.compile(
    r"(\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b|\b07\d{3}\s?\d{6}\b|@[\w.-]+\.\w+|\bext(ension)?\.?\s*\d+|"
    r"\bcontact (me|details)\b|\bcollar (no|number)\b|\b(PC|DC|PS|DS)\s?\d{3,5}\b)",
    re.I,
)


def _child(parsed: ParsedNotification, text: str) -> tuple[str, str]:
    children = [m for m in parsed.mentions if m.role == "child"]
    if not children:
        return "missing", ""
    full = [m for m in children if (m.dob or m.age is not None) and m.school]
    aged = [m for m in children if m.dob or m.age is not None]
    best = (full or aged or children)[0]
    return ("present" if full else "partial"), best.text


def _adults(parsed: ParsedNotification, text: str) -> tuple[str, str]:
    adults = [m for m in parsed.mentions if m.role == "adult"]
    if not adults:
        return "missing", ""
    full = [m for m in adults if m.relationship and (m.dob or m.address or m.postcode)]
    related = [m for m in adults if m.relationship]
    best = (full or related or adults)[0]
    return ("present" if full else "partial"), best.text


def _pattern_items(*patterns: re.Pattern[str]) -> Callable[[ParsedNotification, str], tuple[str, str]]:
    """Present if every pattern is found, partial if some are."""

    def check(parsed: ParsedNotification, text: str) -> tuple[str, str]:
        found = [_find(text, p) for p in patterns]
        hits = [f for f in found if f]
        if not hits:
            return "missing", ""
        return ("present" if len(hits) == len(patterns) else "partial"), hits[0]

    return check


def _risk_factors(parsed: ParsedNotification, text: str) -> tuple[str, str]:
    if not parsed.risk_factors:
        return "missing", ""
    # A factor looked for and ruled out ("no weapons") is an observation too.
    return "present", parsed.risk_factors[0].sentence


def _assessment(parsed: ParsedNotification, text: str) -> tuple[str, str]:
    if parsed.dash_level:
        return "present", _find(text, re.compile(r"\b(dash|risk)\b", re.I)) or f"DASH {parsed.dash_level}"
    found = _find(text, RISK_ASSESSMENT)
    return ("partial", found) if found else ("missing", "")


CHECKS: dict[int, Callable[[ParsedNotification, str], tuple[str, str]]] = {
    1: _child,
    2: _adults,
    3: _pattern_items(HAPPENED, WHEN, WHERE),
    4: _pattern_items(CHILDREN_WHERE, DEMEANOUR),
    5: _pattern_items(VOICE),
    6: _risk_factors,
    7: _assessment,
    8: _pattern_items(ACTION),
    9: _pattern_items(CONSENT),
    10: _pattern_items(CONTACT),
}


def assess(notification: Notification, parsed: ParsedNotification) -> QualityScore:
    """Score the ten checklist items for one notification."""
    items = []
    for number, name in enumerate(QUALITY_ITEMS, start=1):
        status, evidence = CHECKS[number](parsed, notification.text)
        items.append(QualityItem(number, name, status, evidence[:300]))
    total = sum(WEIGHTS.get(i.number, 1.0) for i in items)
    got = sum(WEIGHTS.get(i.number, 1.0) * CREDIT[i.status] for i in items)
    return QualityScore(tuple(items), round(got / total, 3))

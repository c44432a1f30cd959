"""The frozen dataclasses passed between stages.

Stage modules (ingest, parse, match, features, rules, model, shortlist) take
and return these, never database rows or Streamlit objects, so each stage can
be tested alone and reused by the CLI, the app and the benchmarks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

RAG = str  # "RED" | "AMBER" | "GREEN"; see triage.guide.RATINGS


@dataclass(frozen=True)
class Notification:
    """One free-text notification as received from police, a school or health."""

    source: str
    ref: str
    received_at: datetime
    text: str
    author: str | None = None
    team: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)
    id: int | None = None
    batch_id: int | None = None


@dataclass(frozen=True)
class RejectedRow:
    """A row of a batch file that could not be imported, and why."""

    line: int
    reason: str
    field: str | None = None
    raw: str = ""


@dataclass(frozen=True)
class Mention:
    """A person mentioned in a notification (one entry per distinct person).

    `start`/`end` are character offsets of the first mention in the text.
    `role` is "child", "adult" or "unknown"; `relationship` is the relation to
    the child ("mother", "father", "step-parent", "partner", "sibling",
    "grandparent") or a part in the incident ("victim", "suspect", "witness").
    """

    text: str
    start: int
    end: int
    given_name: str | None = None
    family_name: str | None = None
    role: str = "unknown"
    relationship: str | None = None
    dob: date | None = None
    age: int | None = None
    address: str | None = None
    postcode: str | None = None
    school: str | None = None


@dataclass(frozen=True)
class RiskFactor:
    """A risk or protective factor found in the text, with its evidence.

    `factor` is a code from triage.guide.FACTORS. A negated ("no weapons were
    used") or hypothetical ("if he returns") mention is kept, flagged, so the
    reviewer can see it was read and discounted.
    """

    factor: str
    start: int
    end: int
    text: str
    sentence: str
    negated: bool = False
    hypothetical: bool = False

    @property
    def present(self) -> bool:
        return not (self.negated or self.hypothetical)


@dataclass(frozen=True)
class ParsedNotification:
    """What the parse stage read from one notification's text."""

    mentions: tuple[Mention, ...] = ()
    risk_factors: tuple[RiskFactor, ...] = ()
    dash_level: str | None = None  # "standard" | "medium" | "high"
    police_refs: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def present_factors(self) -> frozenset[str]:
        return frozenset(r.factor for r in self.risk_factors if r.present)


@dataclass(frozen=True)
class Person:
    """A record in the hub's existing index (formats.md `persons`)."""

    person_id: str
    given_name: str
    family_name: str
    dob: date | None = None
    sex: str | None = None
    address: str | None = None
    postcode: str | None = None
    school: str | None = None
    household_id: str | None = None


@dataclass(frozen=True)
class Involvement:
    """A piece of agency history for a person (formats.md `involvements`)."""

    person_id: str
    agency: str
    kind: str
    start_date: date
    end_date: date | None = None
    summary: str | None = None


@dataclass(frozen=True)
class FieldComparison:
    """How one field of a mention compared with a record, as a match weight.

    `weight` is a log2 Bayes factor (Fellegi–Sunter match weight): positive
    supports a match, negative counts against it.
    """

    field: str
    outcome: str
    weight: float
    detail: str = ""

    def describe(self) -> str:
        sign = "+" if self.weight >= 0 else "−"
        return f"{self.field} {self.outcome} {sign}{abs(self.weight):.1f}"


@dataclass(frozen=True)
class Candidate:
    """A record that may be the person mentioned, with the reasons field by field."""

    mention_index: int
    person_id: str
    probability: float
    band: str  # "match" | "possible" | "none"; see triage.guide.MATCH_BANDS
    comparisons: tuple[FieldComparison, ...] = ()

    @property
    def explanation(self) -> str:
        return ", ".join(c.describe() for c in self.comparisons)


@dataclass(frozen=True)
class History:
    """What the records say about the people matched in a notification."""

    open_cp_plan: bool = False
    previous_cp_plan: bool = False
    cin_plan: bool = False
    early_help_plan: bool = False
    child_notifications_12m: int = 0
    household_notifications_12m: int = 0
    missing_episodes_12m: int = 0
    domestic_abuse_incidents_12m: int = 0
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class GuideFacts:
    """The facts the triage guide's rules look at, however they were found.

    Built from parsed text and matched records by triage.features, or from the
    synthetic generator's ground truth when it labels training data, so both
    are judged by the same rules.
    """

    factors: frozenset[str] = frozenset()
    dash_level: str | None = None
    youngest_child_age: int | None = None
    history: History = field(default_factory=History)
    evidence: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleHit:
    """A named rule of the triage guide that fired, and what it did."""

    rule: str
    effect: str  # "floor" | "escalate" | "mitigate"
    rag: RAG
    description: str
    evidence: str = ""


@dataclass(frozen=True)
class Reason:
    """One reason for a proposal, tied to the words that evidence it."""

    feature: str
    weight: float
    evidence: str = ""
    kind: str = "model"  # "model" | "rule"
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Proposal:
    """The tool's proposed rating for one notification, with its reasons."""

    rag: RAG
    shortlisted: bool
    priority: float
    probabilities: Mapping[str, float]
    model_version: str
    model_rag: RAG
    rule_hits: tuple[RuleHit, ...] = ()
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Decision:
    """A person's confirmation or override of a proposal."""

    notification_id: int
    rag: RAG
    shortlisted: bool
    by: str
    at: datetime
    reason: str = ""
    overrides: bool = False
    information_missing: bool = False


@dataclass(frozen=True)
class FeatureRow:
    """What the classifier sees of one notification: named features plus text.

    `evidence` maps a feature name to the words that produced it and their
    character offsets, so a contribution can be shown as a reason.
    """

    features: Mapping[str, float]
    text: str
    evidence: Mapping[str, tuple[str, int | None, int | None]] = field(default_factory=dict)

"""A small database of scored and decided notifications, built without spaCy (fast).

Shared by the retrain, similar-decisions and monitoring tests: each
notification carries one risk factor whose words are in its text (with
offsets), as the parse stage would have read it.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from triage.features import feature_row, guide_facts
from triage.records import (
    Decision,
    FeatureRow,
    GuideFacts,
    History,
    Mention,
    Notification,
    ParsedNotification,
    Proposal,
    RiskFactor,
)
from triage.retrain import LabelledSet
from triage.rules import apply_rules
from triage.store import Store

# factor code -> words that evidence it, by the rating the guide gives it
PHRASES = {
    "RED": [("disclosure", "she said her stepdad hit her"), ("exploitation", "older boyfriend buys her gifts")],
    "AMBER": [("missing", "was reported missing overnight"), ("neglect", "the home was dirty with no food")],
    "GREEN": [("school_attendance", "attendance has dropped to 80%"), ("parental_conflict", "a verbal argument")],
}
START = datetime(2026, 9, 1, 9)
# A RED proposal by model "v1", for tests that need a scored notification but not what scored it.
RED_PROPOSAL = Proposal(
    rag="RED",
    shortlisted=True,
    priority=0.9,
    probabilities={"RED": 0.9, "AMBER": 0.1, "GREEN": 0.0},
    model_version="v1",
    model_rag="RED",
)


def make_case(rng: random.Random, i: int, rag: str, source: str | None = None):
    """One notification, its parse and the guide's facts for a rating."""
    factor, words = rng.choice(PHRASES[rag])
    filler = rng.choice(["Officers attended the address.", "School reports a concern.", "Health visitor notes."])
    text = f"{filler} Jade Smith (age {rng.randint(0, 17)}): {words}. Advice given."
    start = text.index(words)
    sentence = f"{words}."
    age = int(text.split("(age ")[1].split(")")[0])
    parsed = ParsedNotification(
        mentions=(Mention(text="Jade Smith", start=len(filler) + 1, end=len(filler) + 11, role="child", age=age),),
        risk_factors=(RiskFactor(factor, start, start + len(words), words, sentence),),
    )
    n = Notification(
        source=source or rng.choice(["police", "police", "school", "health"]),
        ref=f"T-{i:05d}",
        received_at=START + timedelta(hours=6 * i),
        text=text,
    )
    return n, parsed


def labelled_rows(n: int, seed: int = 0) -> tuple[list[FeatureRow], list[GuideFacts], list[str]]:
    """Rows for training: the label is the guide's rating of the facts."""
    rng = random.Random(seed)
    rows, facts, labels = [], [], []
    for i in range(n):
        rag = rng.choice(["RED", "AMBER", "GREEN", "GREEN"])
        note, parsed = make_case(rng, i, rag)
        f = guide_facts(parsed, History(), note.received_at.date())
        rows.append(feature_row(note, parsed, History()))
        facts.append(f)
        labels.append(apply_rules(f)[0])
    return rows, facts, labels


def labelled_set(n: int, seed: int) -> LabelledSet:
    """labelled_rows as the retrain stage takes them."""
    rows, facts, labels = labelled_rows(n, seed)
    return LabelledSet(tuple(rows), tuple(facts), tuple(labels))


def add_decided(
    store: Store,
    n: int,
    seed: int = 1,
    *,
    decide=lambda rag, rng, factor: rag,
    proposed=lambda rag, rng: rag,
    offset: int = 0,
    source: str | None = None,
) -> list[int]:
    """Add `n` scored notifications and a decision on each; return their ids.

    `decide(guide_rag, rng, factor)` gives the person's rating; `proposed(guide_rag, rng)` the proposal's.
    """
    rng = random.Random(seed)
    cases = []
    for i in range(n):
        rag = rng.choice(["RED", "AMBER", "GREEN", "GREEN"])
        cases.append((rag, *make_case(rng, offset + i, rag, source)))
    ids = store.add_batch(f"b{seed}.csv", [c[1] for c in cases], [])["notification_ids"]
    for nid, (rag, note, parsed) in zip(ids, cases, strict=True):
        p = proposed(rag, rng)
        store.save_analysis(
            nid,
            parsed,
            [],
            Proposal(rag=p, shortlisted=p != "GREEN", priority=0.5, probabilities={p: 1.0}, model_version="v0",
                     model_rag=p),
        )
        d = decide(rag, rng, parsed.risk_factors[0].factor)
        store.record_decision(
            Decision(nid, d, d != "GREEN", "researcher1", note.received_at + timedelta(hours=1), overrides=d != p,
                     reason="" if d == p else "local practice")
        )
    return ids

"""One explained proposal from the model and the guide's rules together.

The rules set a floor the model cannot go under (a disclosure is never
GREEN); the model can raise a rating above the rules. Reasons list the rules
that fired, then the model's largest contributions towards the proposed
rating, each with the words that evidence it.
"""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from triage.features import locate
from triage.guide import LEVEL, RATINGS, is_shortlisted, max_rag
from triage.model import RatingModel
from triage.records import FeatureRow, GuideFacts, Proposal, Reason
from triage.rules import apply_rules
from triage.shortlist import priority

MAX_MODEL_REASONS = 6


def _ngram_words(feature: str) -> str | None:
    """The words of a text n-gram feature ('words "threw a"' -> "threw a"); None for a named feature."""
    m = re.match(r'words "(.+)"', feature)
    return m.group(1) if m else None


def _evidence_for(feature: str, row: FeatureRow) -> tuple[str, int | None, int | None]:
    if feature in row.evidence:
        return row.evidence[feature]
    words = _ngram_words(feature)
    if words:
        pattern = r"\b" + r"\W+".join(map(re.escape, words.split())) + r"\b"
        found = re.search(pattern, row.text, flags=re.IGNORECASE)
        if found:
            return found.group(0), found.start(), found.end()
    return "", None, None


def _says_something(feature: str) -> bool:
    """False for an n-gram of function words only ("has", "of the"): it moves the model, but a reviewer can
    learn nothing from it, so it is not listed among the reasons (its weight stays in the model's sum)."""
    words = _ngram_words(feature)
    return words is None or any(w not in ENGLISH_STOP_WORDS for w in words.lower().split())


def propose(model: RatingModel, model_version: str, row: FeatureRow, facts: GuideFacts) -> Proposal:
    ratings, proba = model.predict_with_proba([row])
    model_rag = ratings[0]
    probabilities = {rag: round(float(p), 4) for rag, p in zip(RATINGS, proba[0], strict=True)}
    rules_rag, hits = apply_rules(facts)
    rag = max_rag(model_rag, rules_rag)

    reasons = []
    for h in hits:
        # offsets of the first evidencing sentence, found in the unmasked text when the row was built
        # (row.text has names blanked); the evidence keeps every sentence
        found = row.evidence.get(f"rule: {h.rule.replace('_', ' ')}")
        _, start, end = found if found else (locate(row.text, h.evidence) if h.evidence else ("", None, None))
        reasons.append(
            Reason(
                feature=h.rule.replace("_", " "),
                weight=float(LEVEL[h.rag]),
                evidence=h.evidence,
                kind="rule",
                start=start,
                end=end,
            )
        )
    # Explain the model's view of the proposed rating: "RED" is the RED model,
    # AMBER and GREEN the "at least AMBER" model (positive pushes towards the shortlist).
    level = 2 if rag == "RED" else 1
    sign = -1.0 if rag == "GREEN" else 1.0
    contributions = [
        c for c in model.explain(row, level)
        if c.feature != "baseline" and sign * c.weight > 0 and _says_something(c.feature)
    ]
    shown = contributions[:MAX_MODEL_REASONS]
    if not any(_evidence_for(c.feature, row)[1] is not None for c in shown):
        # always show the words in the text that moved the model most
        located = next(
            (c for c in contributions[MAX_MODEL_REASONS:] if _evidence_for(c.feature, row)[1] is not None), None
        )
        if located is not None:
            shown.append(located)
    for c in shown:
        text, start, end = _evidence_for(c.feature, row)
        reasons.append(
            Reason(feature=c.feature, weight=round(c.weight, 3), evidence=text, kind="model", start=start, end=end)
        )
    return Proposal(
        rag=rag,
        shortlisted=is_shortlisted(rag),
        priority=priority(rag, probabilities),
        probabilities=probabilities,
        model_version=model_version,
        model_rag=model_rag,
        rule_hits=hits,
        reasons=tuple(reasons),
    )

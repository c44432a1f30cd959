"""Training a model, evaluating it, and promoting it only if it is no worse.

A candidate is compared with the serving model on the same held-out data.
It is promoted only if RED recall does not drop and macro-F1 drops by no
more than 0.01; otherwise the serving model stays and the reason is kept.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from triage.config import Settings
from triage.guide import max_rag
from triage.model import RatingModel, evaluate, save
from triage.records import FeatureRow, GuideFacts
from triage.rules import apply_rules
from triage.store import Store

log = logging.getLogger(__name__)

MAX_MACRO_F1_DROP = 0.01


@dataclass(frozen=True)
class LabelledSet:
    """Feature rows with the guide facts and the ratings people (or the guide) gave."""

    rows: tuple[FeatureRow, ...]
    facts: tuple[GuideFacts, ...]
    labels: tuple[str, ...]
    weights: tuple[float, ...] = ()

    def __len__(self) -> int:
        return len(self.rows)


def final_ratings(model: RatingModel, rows: Sequence[FeatureRow], facts: Sequence[GuideFacts]) -> list[str]:
    """What the product proposes: the model's rating, floored by the guide's rules."""
    return [max_rag(m, apply_rules(f)[0]) for m, f in zip(model.predict(rows), facts, strict=True)]


def measure(model: RatingModel, data: LabelledSet) -> dict[str, Any]:
    """Metrics of the final proposal (model + rules), and of the model alone."""
    proba = model.predict_proba(list(data.rows))
    final = evaluate(data.labels, final_ratings(model, data.rows, data.facts), proba)
    final["model_alone"] = evaluate(data.labels, model.predict(list(data.rows)), proba)
    return final


def fit(train: LabelledSet, settings: Settings) -> RatingModel:
    weights = list(train.weights) if train.weights else None
    model = RatingModel(c=settings.regularisation_c)
    floors = [apply_rules(f)[0] for f in train.facts]
    return model.fit(list(train.rows), list(train.labels), sample_weight=weights, floors=floors)


def should_promote(candidate: dict[str, Any], current: dict[str, Any]) -> tuple[bool, str]:
    """The promotion rule, with the reason in words a supervisor can read."""
    if candidate["red_recall"] < current["red_recall"]:
        return False, (
            f"refused: RED recall would drop from {current['red_recall']:.3f} to {candidate['red_recall']:.3f}"
        )
    drop = current["macro_f1"] - candidate["macro_f1"]
    if drop > MAX_MACRO_F1_DROP:
        return False, (
            f"refused: macro-F1 would drop by {drop:.3f} (from {current['macro_f1']:.3f} "
            f"to {candidate['macro_f1']:.3f}); at most {MAX_MACRO_F1_DROP} is allowed"
        )
    return True, (
        f"promoted: RED recall {current['red_recall']:.3f} → {candidate['red_recall']:.3f}, "
        f"macro-F1 {current['macro_f1']:.3f} → {candidate['macro_f1']:.3f}"
    )


def train_and_register(
    store: Store,
    settings: Settings,
    train: LabelledSet,
    heldout: LabelledSet,
    description: str,
    activate: bool = True,
) -> tuple[str, dict[str, Any]]:
    """Fit, measure on the held-out set, save with a card, record the hash; return (version, card)."""
    model = fit(train, settings)
    metrics = measure(model, heldout)
    counts = {rag: int(np.sum(np.array(train.labels) == rag)) for rag in ("RED", "AMBER", "GREEN")}
    card = {
        "description": description,
        "training_counts": counts,
        "n_heldout": len(heldout),
        "heldout_metrics": metrics,
    }
    version, path, digest = save(model, settings.models_dir, card, settings.to_json())
    store.register_model(version, str(path), digest, card, activate=activate)
    log.info(
        "model %s: RED recall %.3f, macro-F1 %.3f on %d held out",
        version,
        metrics["red_recall"],
        metrics["macro_f1"],
        len(heldout),
    )
    return version, card

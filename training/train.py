"""Training the baseline model on the synthetic corpus.

The corpus is generated (seeded) against the sample records index, parsed and
matched by the product's own pipeline against a scratch copy of that index,
and split by `training.generate.is_held_out` so the held-out figures are
honest: the model never sees those notifications.

Usage: ``triage train`` (or ``python -m training.train``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from training.generate import generate_corpus, is_held_out, load_records
from triage import match
from triage.config import ROOT, Settings
from triage.pipeline import Analysis, Progress, Stages
from triage.records import Notification
from triage.retrain import LabelledSet, train_and_register
from triage.store import Store

log = logging.getLogger(__name__)

SAMPLES = ROOT / "data" / "samples"


def corpus_notifications(corpus: Sequence[dict[str, Any]]) -> list[Notification]:
    return [
        Notification(
            source=r["source"],
            ref=r["ref"],
            received_at=datetime.fromisoformat(r["received_at"]),
            text=r["text"],
            author=r.get("author") or None,
            team=r.get("team") or None,
        )
        for r in corpus
    ]


def labelled(analyses: Sequence[Analysis], labels: Sequence[str]) -> LabelledSet:
    return LabelledSet(
        rows=tuple(a.row for a in analyses), facts=tuple(a.facts for a in analyses), labels=tuple(labels)
    )


def analyse_corpus(
    corpus: Sequence[dict[str, Any]], samples: Path, settings: Settings, progress: Progress | None = None
) -> list[Analysis]:
    """Parse and match a generated corpus against a scratch copy of the sample index."""
    persons, involvements = load_records(samples)
    scratch = Store(":memory:")
    try:
        scratch.import_persons(persons, match.person_keys)
        scratch.import_involvements(involvements)
        scratch.save_match_params(match.estimate_params(persons).to_dict(), len(persons))
        return list(Stages(scratch, settings).analyse(corpus_notifications(corpus), progress))
    finally:
        scratch.close()


def train_baseline(
    store: Store,
    settings: Settings,
    n: int = 4000,
    seed: int = 7,
    samples: Path = SAMPLES,
    progress: Progress | None = None,
) -> tuple[str, dict[str, Any]]:
    """Generate, analyse, split, fit, measure on the held-out split, and register as the serving model."""
    persons, involvements = load_records(samples)
    corpus = generate_corpus(seed, n, persons, involvements)
    analyses = analyse_corpus(corpus, samples, settings, progress)
    held = [is_held_out(r["ref"]) for r in corpus]
    train = labelled(
        [a for a, h in zip(analyses, held, strict=True) if not h],
        [r["rag"] for r, h in zip(corpus, held, strict=True) if not h],
    )
    heldout = labelled(
        [a for a, h in zip(analyses, held, strict=True) if h],
        [r["rag"] for r, h in zip(corpus, held, strict=True) if h],
    )
    description = (
        f"baseline: {len(train)} synthetic notifications (seed {seed}) labelled by the triage guide; "
        f"measured on {len(heldout)} held-out synthetic notifications"
    )
    return train_and_register(store, settings, train, heldout, description)


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    settings = Settings.load()
    store = Store(settings.db_path)
    version, card = train_baseline(store, settings)
    log.info("trained %s: %s", version, card["heldout_metrics"])


if __name__ == "__main__":
    main()

"""Building the demo database from data/samples/ (synthetic people only)."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from triage.auth import add_user
from triage.config import Settings
from triage.model import sha256_of
from triage.pipeline import Progress, Stages, import_records, ingest_file
from triage.retrain import code_fingerprint
from triage.store import Store

log = logging.getLogger(__name__)

DEMO_USERS = (
    ("researcher1", "researcher"),
    ("researcher2", "researcher"),
    ("supervisor1", "supervisor"),
    ("trainer1", "trainer"),
    ("admin1", "admin"),
)
DEMO_PASSWORD = "demo-password"  # synthetic data only; see README


def adopt_saved_model(store: Store, models_dir: str | Path) -> str | None:
    """Register the newest saved baseline that this code would train again, to save retraining the demo.

    Skipped: a model retrained on another database's decisions (the demo starts with none), a model saved by
    other code (its card's `code` fingerprint differs: other features or other labels), and a file that does
    not match its card's SHA-256.
    """
    fingerprint = code_fingerprint()
    cards = sorted(Path(models_dir).glob("*.card.json"), reverse=True)
    for card_path in cards:
        card = json.loads(card_path.read_text(encoding="utf-8"))
        if sum(card.get("training_counts", {}).get("decisions", {}).values()):
            log.info("not reusing model %s: it was retrained on a hub's decisions", card_path.name)
            continue
        if card.get("code") != fingerprint:
            log.info("not reusing model %s: it was trained by another version of the code", card_path.name)
            continue
        path = Path(models_dir) / card["file"]
        if path.exists() and sha256_of(path) == card["sha256"]:
            store.register_model(card["version"], str(path), card["sha256"], card, activate=True)
            return card["version"]
        log.warning("skipping model %s: its file is missing or does not match its card", card_path.name)
    return None


def build_demo(
    store: Store, settings: Settings, samples: Path, train_n: int = 4000, progress: Progress | None = None
) -> list[str]:
    """Records index, the sample batches, a baseline model, proposals, demo accounts."""
    summary = []
    result = import_records(store, samples / "persons.csv", samples / "involvements.csv")
    summary.append(f"records: {result['persons']} persons, {result['involvements']} involvements")
    for path in sorted(samples.glob("batch-*")):
        r = ingest_file(store, path, imported_by="demo")
        summary.append(
            f"{path.name}: batch {r['batch_id']}, imported {r['imported']}, "
            f"duplicates {r['duplicates']}, rejected {len(r['rejected'])}"
        )
    if store.active_model() is None:
        version = adopt_saved_model(store, settings.models_dir)
        if version is None:
            from training.train import train_baseline

            version, _ = train_baseline(store, settings, n=train_n, progress=progress)
            summary.append(f"trained baseline model {version}")
        else:
            summary.append(f"using saved model {version}")
    n = Stages(store, settings).score(progress=progress)
    summary.append(f"scored {n} notifications")
    password = os.environ.get("TRIAGE_DEMO_PASSWORD", DEMO_PASSWORD)
    for name, role in DEMO_USERS:
        if store.user(name) is None:
            add_user(store, name, role, password)
    summary.append(f"demo accounts: {', '.join(n for n, _ in DEMO_USERS)} (password: see README)")
    return summary

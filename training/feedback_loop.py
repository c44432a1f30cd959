"""A simulated feedback loop: does retraining learn a hub's practice, and refuse bad data?

The hub in this simulation follows the triage guide except in one documented
way (PRACTICE below): it rates every domestic incident at least AMBER, even a
verbal argument with no children present or a DASH-standard incident, which
the guide rates GREEN. Starting from the baseline model:

1. 10 batches of notifications arrive; each is scored by the serving model,
   then "decided" by the hub's practice (the guide's rating of the
   generator's ground-truth facts, raised as PRACTICE says), then
   `triage.retrain.retrain` runs and promotes or refuses a candidate.
2. After each batch, the serving model's final proposals are compared with
   the practice on a fixed set of notifications it never trains on.
3. Finally a deliberately corrupted batch (random labels) is decided, then
   enough of the hub's usual decisions that the corrupted ones are in the
   training data rather than the newest share held out by time; the
   candidate trained on them must be refused.

Writes benchmarks/feedback_loop.png and benchmarks/out/feedback_loop.json.

    python -m training.feedback_loop [--batch-size 80] [--baseline-n 2000]
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import tempfile
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from spacy.language import Language

from training.generate import generate_corpus, load_records
from training.train import SAMPLES, analyse_corpus, corpus_notifications, train_baseline
from triage import parse
from triage.config import ROOT, Settings
from triage.guide import RATINGS, max_rag
from triage.pipeline import Stages, import_records, load_active_model
from triage.records import Decision
from triage.retrain import RECENT_SHARE, final_ratings, retrain
from triage.store import Store

log = logging.getLogger(__name__)

PRACTICE = (
    "This hub rates every domestic incident (domestic abuse or parental conflict) at least AMBER, "
    "even a verbal argument with no children present or a DASH-standard incident, which the guide rates GREEN."
)
DOMESTIC = frozenset({"domestic_abuse", "parental_conflict"})
FIRST_DAY = date(2026, 11, 1)


def _days_apart(n: int) -> int:
    """Days between batches of `n` so their refs never collide (generate_corpus numbers each source's refs from
    60 a day on, plus up to 40)."""
    return max(2, math.ceil((n + 40) / 60))


def practice_rating(record: dict[str, Any]) -> str:
    """The hub's rating of a generated notification: the guide's, raised as PRACTICE says."""
    if DOMESTIC & set(record["truth"]["factors"]):
        return max_rag(record["rag"], "AMBER")
    return record["rag"]


def _agreement(
    store: Store, rows: Sequence[Any], facts: Sequence[Any], labels: Sequence[str], divergent: Sequence[bool]
) -> dict[str, float]:
    """How often the serving model's final proposal equals the practice: overall and where practice ≠ guide."""
    _, model = load_active_model(store)
    final = final_ratings(model, rows, facts)
    agree = [f == y for f, y in zip(final, labels, strict=True)]
    div = [a for a, d in zip(agree, divergent, strict=True) if d]
    return {
        "agreement": round(sum(agree) / len(agree), 4),
        "agreement_where_practice_differs": round(sum(div) / max(len(div), 1), 4),
    }


def _decide_batch(
    store: Store,
    nlp: Language,
    settings: Settings,
    corpus: list[dict[str, Any]],
    labels: Sequence[str],
    name: str,
    by: str,
) -> int:
    """Ingest, score with the serving model, and record a decision on each notification."""
    result = store.add_batch(name, corpus_notifications(corpus), [])
    if result["duplicates"]:
        raise RuntimeError(f"batch {name} repeated refs already stored")
    Stages(store, settings, nlp=nlp).score(result["batch_id"])  # with whichever model is serving now
    for nid, record, rag in zip(result["notification_ids"], corpus, labels, strict=True):
        proposed = store.latest_proposal(nid)
        assert proposed is not None
        at = datetime.fromisoformat(record["received_at"]) + timedelta(hours=2)
        overrides = rag != proposed[1].rag
        store.record_decision(
            Decision(
                nid, rag, rag != "GREEN", by, at, reason="local practice" if overrides else "", overrides=overrides
            )
        )
    return len(corpus)


def run(
    out_png: Path,
    out_json: Path,
    batches: int = 10,
    batch_size: int = 80,
    baseline_n: int = 2000,
    eval_n: int = 400,
    seed: int = 31,
) -> dict[str, Any]:
    persons, involvements = load_records(SAMPLES)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(db_path=str(Path(tmp) / "loop.db"), models_dir=str(Path(tmp) / "models"))
        store = Store(settings.db_path)
        import_records(store, SAMPLES / "persons.csv", SAMPLES / "involvements.csv")
        log.info("training the baseline on %d synthetic notifications", baseline_n)
        baseline, _ = train_baseline(store, settings, n=baseline_n, seed=seed)
        nlp = parse.load_pipeline(settings)

        evaluation = generate_corpus(
            seed + 1, eval_n, persons, involvements, FIRST_DAY - timedelta(days=120), FIRST_DAY - timedelta(days=1)
        )
        analysed = analyse_corpus(evaluation, SAMPLES, settings)
        rows, facts = [a.row for a in analysed], [a.facts for a in analysed]
        labels = [practice_rating(r) for r in evaluation]
        divergent = [practice_rating(r) != r["rag"] for r in evaluation]

        points: list[dict[str, Any]] = [
            {
                "batch": 0,
                "version": baseline,
                "promoted": True,
                "decisions": 0,
                **_agreement(store, rows, facts, labels, divergent),
            }
        ]
        log.info("baseline: %s", points[0])
        decided = 0
        for b in range(1, batches + 1):
            start = FIRST_DAY + timedelta(days=_days_apart(batch_size) * b)
            corpus = generate_corpus(
                seed + 100 + b, batch_size, persons, involvements, start, start + timedelta(days=1)
            )
            decided += _decide_batch(
                store, nlp, settings, corpus, [practice_rating(r) for r in corpus], f"batch-{b}", "researcher1"
            )
            result = retrain(store, settings, by="supervisor1")
            point = {
                "batch": b,
                "version": result.candidate_version,
                "promoted": result.promoted,
                "decisions": decided,
                "reason": result.reason,
                **_agreement(store, rows, facts, labels, divergent),
            }
            log.info("batch %d: %s", b, {k: v for k, v in point.items() if k != "reason"})
            points.append(point)

        rng = random.Random(seed)
        start = FIRST_DAY + timedelta(days=_days_apart(batch_size) * (batches + 1))
        corrupt = generate_corpus(seed + 999, batch_size * 2, persons, involvements, start, start + timedelta(days=1))
        _decide_batch(store, nlp, settings, corrupt, [rng.choice(RATINGS) for _ in corrupt], "corrupted", "researcher2")
        # The corrupted decisions must be trained on, not only judged on: the hub's usual decisions follow them
        # until the newest share held out by time is those alone.
        # (An eighth of each is set aside as the hub's fixed validation set: the margin keeps every corrupted
        # decision out of the newest share despite the hash's unevenness.)
        total = decided + len(corrupt)
        n_after = math.ceil(RECENT_SHARE / (1 - RECENT_SHARE) * total * 1.15)
        start += timedelta(days=_days_apart(len(corrupt)))
        after = generate_corpus(seed + 998, n_after, persons, involvements, start, start + timedelta(days=1))
        _decide_batch(
            store, nlp, settings, after, [practice_rating(r) for r in after], "after-corrupted", "researcher1"
        )
        bad = retrain(store, settings, by="supervisor1")
        corrupted = {
            "batch": batches + 1,
            "version": bad.candidate_version,
            "promoted": bad.promoted,
            "reason": bad.reason,
            "decisions": total + n_after,
            "corrupted_decisions_trained_on": len(corrupt),
            **_agreement(store, rows, facts, labels, divergent),
        }
        log.info("corrupted batch: %s", corrupted)
        store.close()

    summary = {
        "practice": PRACTICE,
        "batch_size": batch_size,
        "baseline_n": baseline_n,
        "eval_n": eval_n,
        "eval_divergent": sum(divergent),
        "points": points,
        "corrupted": corrupted,
    }
    out_json.parent.mkdir(parents=True, exist_ok=True)
    out_json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    plot(summary, out_png)
    return summary


def plot(summary: dict[str, Any], out_png: Path) -> None:
    """Agreement with the hub's practice after each batch; refused candidates marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pts = summary["points"]
    xs = [p["batch"] for p in pts]
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=120)
    ax.plot(xs, [p["agreement"] for p in pts], "o-", label="all evaluation notifications")
    ax.plot(
        xs,
        [p["agreement_where_practice_differs"] for p in pts],
        "s-",
        label="where the practice differs from the guide",
    )
    for p in pts:
        if not p["promoted"]:
            ax.annotate(
                "refused",
                (p["batch"], p["agreement"]),
                textcoords="offset points",
                xytext=(0, 8),
                ha="center",
                fontsize=8,
            )
    c = summary["corrupted"]
    ax.plot(
        [c["batch"]],
        [c["agreement"]],
        "x",
        color="red",
        markersize=10,
        label=f"corrupted batch: {'PROMOTED' if c['promoted'] else 'refused'} (serving model kept)",
    )
    ax.set_xlabel(f"batches of {summary['batch_size']} decisions")
    ax.set_ylabel("serving model's agreement with the hub's practice")
    ax.set_ylim(0, 1.02)
    ax.set_xticks(range(0, c["batch"] + 1))
    ax.grid(alpha=0.3)
    ax.legend(loc="center left", fontsize=8)
    ax.set_title("Retraining on a hub's decisions: every domestic incident at least AMBER", fontsize=10)
    fig.tight_layout()
    out_png.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out_png)
    plt.close(fig)


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--batches", type=int, default=10)
    ap.add_argument("--batch-size", type=int, default=80)
    ap.add_argument("--baseline-n", type=int, default=2000)
    ap.add_argument("--eval-n", type=int, default=400)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "feedback_loop.png")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    run(
        args.out,
        ROOT / "benchmarks" / "out" / "feedback_loop.json",
        args.batches,
        args.batch_size,
        args.baseline_n,
        args.eval_n,
    )


if __name__ == "__main__":
    main()

"""Training the baseline model on the synthetic corpus.

The corpus is generated (seeded) against the sample records index, parsed and
matched by the product's own pipeline against a scratch copy of that index,
and split by `training.generate.is_held_out` so the held-out figures are
honest: the model never sees those notifications.

Usage: ``triage train`` (or ``python -m training.train``).

``python -m training.train --record`` trains the baseline in a scratch
database, measures it on the held-out split and on the hand-annotated set
(tests/data/parse_eval.jsonl, lines with a "rag"), and writes
tests/data/classifier_metrics.json and tests/data/classifier_snapshot.json.gz
(the analysed rows), which tests/test_model.py re-measures against. Run it
again after the parser changes.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from training.generate import generate_corpus, is_held_out, load_records
from triage import match
from triage.config import ROOT, Settings
from triage.model import TARGET_RED_RECALL, TARGET_SHORTLIST_RECALL, sha256_of
from triage.pipeline import Analysis, Progress, Stages
from triage.records import Notification
from triage.retrain import (
    BASELINE_DATA,
    LabelledSet,
    TrainingData,
    fit,
    load_training_data,
    measure,
    measure_cross_calibrated,
    save_training_data,
    train_and_register,
)
from triage.store import Store

log = logging.getLogger(__name__)

SAMPLES = ROOT / "data" / "samples"
TESTS_DATA = ROOT / "tests" / "data"
HAND_ANNOTATED = TESTS_DATA / "parse_eval.jsonl"
HELD_BACK = TESTS_DATA / "parse_eval_heldback.jsonl"
METRICS = TESTS_DATA / "classifier_metrics.json"
SNAPSHOT = TESTS_DATA / "classifier_snapshot.json.gz"
TARGETS = {
    "red_recall": TARGET_RED_RECALL,
    "shortlist_recall": TARGET_SHORTLIST_RECALL,
    "shortlist_precision": 0.8,
    "macro_f1": 0.85,
    "ece": 0.05,
}
HEADLINE = ("n", "red_recall", "shortlist_recall", "shortlist_precision", "macro_f1", "ece", "accuracy", "confusion")
# The hand-annotated set names a writing style, not a source: the service each style comes from, as a hub's
# import would give it (a school nurse and an ambulance crew are health; a youth offending team, housing and a
# caller are "other"). A style not listed here is refused, not fed to the model as "other".
SOURCE_STYLES = {
    "police": (
        "police_ppn police_da_dash police_da da_incident op_encompass missing_return missing_person"
        " cce_missing_return cse_cce cse_intel cse_intelligence cce_intelligence terse police_oneliner police_cfw"
        " police_slo long_narrative"
    ).split(),
    "school": "school_dsl nursery school_attendance school_pastoral".split(),
    "health": (
        "health_visitor gp ae a_and_e midwife school_nurse ambulance practice_nurse mental_health_liaison"
    ).split(),
    "other": (
        "yot youth_offending housing caller anonymous_caller anonymous neighbour family_member self_referral"
        " probation early_help"
    ).split(),
}
STYLE_SOURCE = {style: source for source, styles in SOURCE_STYLES.items() for style in styles}


def source_of_style(style: str, where: str) -> str:
    """The source a hand-annotated line's style stands for; `where` names the line in the error."""
    try:
        return STYLE_SOURCE[style]
    except KeyError:
        raise ValueError(f"{where}: style {style!r} names no source; add it to training.train.SOURCE_STYLES") from None


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
    corpus: Sequence[dict[str, Any]], samples: Path | None, settings: Settings, progress: Progress | None = None
) -> list[Analysis]:
    """Parse and match a generated corpus against a scratch copy of the sample index (none: no records at all)."""
    scratch = Store(":memory:")
    try:
        if samples is not None:
            persons, involvements = load_records(samples)
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
    readings: Path | None = HAND_ANNOTATED,
) -> tuple[str, dict[str, Any]]:
    """Generate, analyse, split, fit, measure on the held-out split, and register as the serving model.

    The probabilities are calibrated on `readings`: the hand-written notifications that people rated by the
    guide (`hand_annotated`). None, or a missing file, leaves them calibrated on the synthetic corpus.
    """
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
    rated = hand_annotated(settings, readings) if readings is not None else None
    description = (
        f"baseline: {len(train)} synthetic notifications (seed {seed}) labelled by the triage guide; "
        f"measured on {len(heldout)} held-out synthetic notifications"
        + (f"; probabilities calibrated on {len(rated)} real notifications rated by people" if rated else "")
    )
    return train_and_register(store, settings, train, heldout, description, readings=rated)


def hand_annotated(settings: Settings, path: Path = HAND_ANNOTATED) -> LabelledSet | None:
    """The parse engineer's hand-annotated notifications that carry a rating, analysed by the product.

    Analysed with no records index: they were rated on their text alone, and an invented family that happened
    to share a name and a date of birth with someone in the demo records (j09's OKAFORs and a child in need
    plan) would bring in a history the rating never saw."""
    if not path.exists():
        return None
    numbered = [
        (n, json.loads(line)) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.strip()
    ]
    numbered = [(n, r) for n, r in numbered if r.get("rag")]
    if not numbered:
        return None
    corpus = [
        {
            "ref": r["id"],
            "source": source_of_style(r.get("style", ""), f"{path.name} line {n} ({r['id']})"),
            "received_at": r.get("received_at", "2026-11-22T09:00:00"),
            "text": r["text"],
        }
        for n, r in numbered
    ]
    return labelled(analyse_corpus(corpus, None, settings), [r["rag"] for _, r in numbered])


def headline(metrics: dict[str, Any]) -> dict[str, Any]:
    return {k: metrics[k] for k in HEADLINE if k in metrics}


def baseline_figures(
    train: LabelledSet, heldout: LabelledSet, hand: LabelledSet | None, settings: Settings
) -> dict[str, Any]:
    """The figures recorded for a baseline fitted on `train` and calibrated on `hand`, as `triage train` builds it.

    The held-out split is measured with the probabilities calibrated on every reading; the readings themselves
    cross-fitted (`measure_cross_calibrated`), so their calibration error is not measured on its own fit.
    """
    model = fit(train, settings, readings=hand)
    figures = {"heldout": headline(measure(model, heldout))}
    if hand is not None:
        figures["hand_annotated"] = headline(measure_cross_calibrated(model, hand))
    return figures


def record(n: int = 4000, seed: int = 7) -> dict[str, Any]:
    """Train and measure the baseline from scratch; write the recorded figures and the analysed snapshot."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(db_path=str(Path(tmp) / "t.db"), models_dir=tmp)
        store = Store(settings.db_path)
        version, card = train_baseline(store, settings, n=n, seed=seed)
        store.close()
        data = load_training_data(Path(tmp) / BASELINE_DATA, card["baseline_data"]["sha256"])
    figures: dict[str, Any] = {
        "how": f"python -m training.train --record (baseline n={n}, seed {seed}; re-measured by tests/test_model.py)",
        "targets": TARGETS,
        **baseline_figures(data.train, data.validation, data.readings, Settings.load()),
    }
    save_training_data(SNAPSHOT, data.train, data.validation, data.readings)
    figures["snapshot"] = {
        "train": len(data.train),
        "heldout": len(data.validation),
        "hand_annotated": len(data.readings) if data.readings else 0,
    }
    METRICS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return figures


def recorded_snapshot() -> tuple[dict[str, Any], TrainingData]:
    """(recorded figures, the analysed sets they were measured on)."""
    figures = json.loads(METRICS.read_text(encoding="utf-8"))
    return figures, load_training_data(SNAPSHOT, sha256_of(SNAPSHOT))


def remeasure() -> dict[str, Any]:
    """Refit on the recorded snapshot (no parsing) and rewrite the figures: after a model change, not a parser one."""
    figures, data = recorded_snapshot()
    figures.update(baseline_figures(data.train, data.validation, data.readings, Settings.load()))
    METRICS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return figures


def held_back(path: Path = HELD_BACK) -> dict[str, Any]:
    """The recorded baseline's proposals on the held-back set, parsed by today's parser.

    The held-back notes are never trained or calibrated on, so these are the figures that say how far the tool
    generalises to wording it has not seen. Each wrong proposal is listed with the rule that fired, if any, so
    the round that follows can start from the errors without re-running anything.
    """
    from triage.model import evaluate
    from triage.retrain import final_ratings
    from triage.rules import apply_rules

    _, data = recorded_snapshot()
    settings = Settings.load()
    model = fit(data.train, settings, readings=data.readings)
    ids = [r["id"] for r in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if r.get("rag")]
    notes = hand_annotated(settings, path)
    if notes is None:
        raise SystemExit(f"{path}: no rated notifications")
    rows = list(notes.rows)
    proposed = final_ratings(model, rows, notes.facts)
    proba = model.predict_proba(rows)
    wrong = []
    for ref, rated, rag, p, facts in zip(ids, notes.labels, proposed, proba, notes.facts, strict=True):
        if rated != rag:
            hits = apply_rules(facts)[1]
            wrong.append({
                "id": ref, "rated": rated, "proposed": rag, "p_red": round(float(p[-1]), 3),
                "rules": [h.rule for h in hits],
            })
    return {"path": str(path), **headline(evaluate(notes.labels, proposed, proba)), "wrong": wrong}


def hub_calibrated(folds: int = 5, seed: int = 0) -> dict[str, Any]:
    """What training on a hub's own decisions, and calibrating on them, does to the figures on real-world wording.

    The recorded baseline learns from synthetic notes only and is calibrated on the hand-annotated ones. Here
    the hand-annotated notes play the hub's decisions, and are learned from too: each fold is proposed by a
    model trained, as `triage retrain` trains, on the snapshot's synthetic corpus plus the other folds
    (decision weight and calibration on the decisions alone as there), and the proposals of all folds are
    measured together. Printed, not recorded: a few minutes of fitting, too slow for the test suite.
    """
    import numpy as np

    from triage.model import evaluate
    from triage.retrain import DECISION_WEIGHT, final_ratings

    _, data = recorded_snapshot()
    synthetic, hand = data.train, data.readings
    if hand is None:
        raise SystemExit("the snapshot holds no hand-annotated notifications: run --record first")
    order = list(range(len(hand)))
    random.Random(seed).shuffle(order)
    proposed: list[str] = [""] * len(hand)
    proba = np.zeros((len(hand), 3))
    settings = Settings.load()
    for k in range(folds):
        in_fold = set(order[k::folds])
        held = sorted(in_fold)
        rest = hand.subset([i not in in_fold for i in range(len(hand))])
        decisions = replace(rest, weights=(DECISION_WEIGHT,) * len(rest))
        model = fit(synthetic + decisions, settings, [False] * len(synthetic) + [True] * len(decisions))
        rows, facts = [hand.rows[i] for i in held], [hand.facts[i] for i in held]
        for i, rag, p in zip(held, final_ratings(model, rows, facts), model.predict_proba(rows), strict=True):
            proposed[i], proba[i] = rag, p
    return {"folds": folds, **headline(evaluate(hand.labels, proposed, proba))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--record", action="store_true", help="measure from scratch and write tests/data/ figures")
    ap.add_argument("--remeasure", action="store_true", help="refit on the recorded snapshot and rewrite the figures")
    ap.add_argument("--hub-calibrated", action="store_true",
                    help="the hand-annotated figures once calibrated on a hub's decisions (k-fold; printed only)")
    ap.add_argument("--held-back", nargs="?", type=Path, const=HELD_BACK, metavar="FILE",
                    help="the recorded baseline on the held-back set (or FILE, a fresh set), parsed by today's "
                         "parser (printed only)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.remeasure:
        figures = remeasure()
        log.info("re-measured: %s", json.dumps({k: figures[k] for k in ("heldout", "hand_annotated") if k in figures}))
        return
    if args.held_back:
        log.info("held-back set: %s", json.dumps(held_back(args.held_back)))
        return
    if args.hub_calibrated:
        log.info("calibrated on the hub's decisions: %s", json.dumps(hub_calibrated()))
        return
    if args.record:
        figures = record(args.n, args.seed)
        log.info("recorded: %s", json.dumps({k: figures[k] for k in ("heldout", "hand_annotated") if k in figures}))
        return
    settings = Settings.load()
    store = Store(settings.db_path)
    version, card = train_baseline(store, settings, n=args.n, seed=args.seed)
    log.info("trained %s: %s", version, headline(card["heldout_metrics"]))


if __name__ == "__main__":
    main()

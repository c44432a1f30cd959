"""The classifier alone: training time at 10,000 and 100,000 notifications, and scoring throughput.

Parsing 100,000 texts would take most of an hour and measure the parser, not
the classifier, so the rows are *resampled* (with replacement) from the
analysed baseline corpus: real feature rows and texts, repeated. Repeated
rows make the optimisation somewhat easier than 100,000 distinct
notifications would; the figures are an estimate of the order, not a promise.

Each figure sits beside a baseline measured in the same run on the same
rows: one plain scikit-learn LogisticRegression fit (ours makes two
cumulative models, each cross-fitted over 4 folds plus a final fit), and the
bare vectorise + decision_function for scoring.

    python -m benchmarks.classifier [--sizes 10000 100000] [--db data/triage.db]
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sklearn.linear_model import LogisticRegression

from triage.config import ROOT, Settings
from triage.model import RatingModel
from triage.proposal import propose
from triage.retrain import LabelledSet, baseline_data
from triage.rules import apply_rules
from triage.store import Store

log = logging.getLogger(__name__)
OUT = ROOT / "benchmarks" / "out"


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def source_rows(db: Path, settings: Settings) -> LabelledSet:
    """The analysed baseline corpus kept beside the serving model (no parsing)."""
    store = Store(db)
    try:
        baseline, _ = baseline_data(store, settings)
    finally:
        store.close()
    return baseline.train + baseline.validation


def resample(data: LabelledSet, n: int, seed: int = 0) -> LabelledSet:
    rng = random.Random(seed)
    idx = [rng.randrange(len(data)) for _ in range(n)]
    return LabelledSet(
        tuple(data.rows[i] for i in idx), tuple(data.facts[i] for i in idx), tuple(data.labels[i] for i in idx)
    )


def bench_training(data: LabelledSet, sizes: Sequence[int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n in sizes:
        sample = resample(data, n)
        rows, labels = list(sample.rows), list(sample.labels)
        floors = [apply_rules(f)[0] for f in sample.facts]
        t_ours, model = timed(
            lambda rows=rows, labels=labels, floors=floors: RatingModel().fit(rows, labels, floors=floors)
        )
        x = model._matrix(rows)
        target = [lab == "RED" for lab in labels]
        t_plain, _ = timed(lambda x=x, target=target: LogisticRegression(max_iter=2000).fit(x, target))
        out[str(n)] = {
            "ours_s": round(t_ours, 1),
            "one_plain_logistic_regression_s": round(t_plain, 1),
            "ratio_ours_to_plain": round(t_ours / t_plain, 1),
        }
        log.info("training on %d rows: %s", n, out[str(n)])
    return out


def bench_scoring(data: LabelledSet, n: int = 20_000) -> dict[str, Any]:
    sample = resample(data, n, seed=1)
    rows = list(sample.rows)
    model = RatingModel().fit(list(data.rows), list(data.labels), floors=[apply_rules(f)[0] for f in data.facts])
    model.predict_proba(rows[:100])  # warm-up
    t_bare, _ = timed(lambda: model.binary_[1].decision_function(model._matrix(rows)))
    t_proba, _ = timed(lambda: (model.predict_proba(rows), model.predict(rows)))
    k = min(2000, n)
    t_explained, _ = timed(
        lambda: [propose(model, "bench", r, f) for r, f in zip(rows[:k], sample.facts[:k], strict=True)]
    )
    return {
        "rows": n,
        "bare_vectorise_and_score_rows_per_s": round(n / t_bare),
        "probabilities_and_ratings_rows_per_s": round(n / t_proba),
        "ratio_to_bare": round(t_bare / t_proba, 3),
        "explained_proposals_per_s": round(k / t_explained),
    }


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--db", type=Path, default=Path(Settings.load().db_path), help="database with a trained model")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings.load()
    data = source_rows(args.db, settings)
    results = {
        "source_rows": len(data),
        "note": "rows resampled with replacement from the analysed baseline corpus (no parsing)",
        "training": bench_training(data, args.sizes),
        "scoring": bench_scoring(data),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "classifier.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    log.info("classifier benchmark: %s", json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()

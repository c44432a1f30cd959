"""`make bench`: speed figures, each beside a baseline measured in the same run.

Wall-clock numbers on a shared two-core machine are noisy; the ratios are
what to compare between runs. Results are also written to
benchmarks/out/results.json.

    python -m benchmarks.run [--n 1000] [--processes 2]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import spacy

from training.generate import generate_corpus, load_records
from training.train import SAMPLES, train_baseline
from triage import parse
from triage.config import ROOT, Settings
from triage.pipeline import Stages, import_records, ingest_file
from triage.store import Store

OUT = ROOT / "benchmarks" / "out"


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def bench_parse(texts: list[str], settings: Settings, processes: int) -> dict[str, Any]:
    """Our parse stage against bare en_core_web_sm over the same texts.

    "bare" is the model exactly as spacy.load gives it (the issue's baseline). Our pipeline leaves out the
    parser, tagger and lemmatizer (its sentences and lexicons need none of them), so the ratio is also shown
    against the model with the same components left out: that one isolates the cost of our own components.
    Timings alternate between pipelines, twice, to even out a shared machine's noise.
    """
    bare = spacy.load(settings.spacy_model)
    bare_same = spacy.load(settings.spacy_model, exclude=list(parse.EXCLUDED_COMPONENTS))
    ours = parse.load_pipeline(settings)
    for nlp in (bare, bare_same):  # warm-up
        list(nlp.pipe(texts[:20]))
    list(parse.parse_many(ours, texts[:20]))
    size = settings.parse_batch_size
    t_bare = t_same = t_ours = 0.0
    for _ in range(2):
        t_bare += timed(lambda: list(bare.pipe(texts, batch_size=size)))[0]
        t_same += timed(lambda: list(bare_same.pipe(texts, batch_size=size)))[0]
        t_ours += timed(lambda: list(parse.parse_many(ours, texts, batch_size=size)))[0]
    runs = 2 * len(texts)
    result = {
        "n": len(texts),
        "bare_docs_per_s": round(runs / t_bare, 1),
        "bare_same_components_docs_per_s": round(runs / t_same, 1),
        "ours_docs_per_s": round(runs / t_ours, 1),
        "ratio": round(t_bare / t_ours, 3),
        "ratio_to_same_components": round(t_same / t_ours, 3),
    }
    if processes > 1:
        t_multi, _ = timed(
            lambda: list(parse.parse_many(ours, texts, batch_size=size, n_process=processes))
        )
        result[f"ours_{processes}_processes_docs_per_s"] = round(len(texts) / t_multi, 1)
        result[f"ratio_{processes}_processes"] = round(t_bare / 2 / t_multi, 3)
    return result


def bench_ingest_and_score(settings: Settings, model_db: Path) -> dict[str, Any]:
    """The demo batches through ingest + parse + match + propose, in a fresh database."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        import_records(store, SAMPLES / "persons.csv", SAMPLES / "involvements.csv")
        source = Store(model_db)
        active = source.active_model()
        source.close()
        if active is None:
            raise SystemExit(f"no trained model in {model_db}: run `make run` or `triage train` first")
        store.register_model(
            active["version"], active["path"], active["sha256"], json.loads(active["card"]), activate=True
        )
        stages = Stages(store, settings)
        stages.nlp, stages.model  # load once, outside the timing, as the app does  # noqa: B018
        batches = sorted(SAMPLES.glob("batch-*"))
        t_ingest, results = timed(lambda: [ingest_file(store, p) for p in batches])
        n = sum(r["imported"] for r in results)
        t_score, _ = timed(lambda: stages.score())
        texts = [x.text for x in store.notifications()]
        t_parse, _ = timed(lambda: list(parse.parse_many(stages.nlp, texts)))
        store.close()
    return {
        "notifications": n,
        "ingest_s": round(t_ingest, 3),
        "score_s": round(t_score, 3),
        "ingest_and_score_per_s": round(n / (t_ingest + t_score), 1),
        "parse_alone_per_s": round(n / t_parse, 1),
        "ratio_to_parse_alone": round(t_parse / (t_ingest + t_score), 3),
    }


def bench_generate(
    persons: list[Any], involvements: list[Any], parse_docs_per_s: float, n: int = 5000
) -> dict[str, Any]:
    """The synthetic corpus generator: training on 100,000 notifications must not wait on it, so it is compared
    with parsing the same number (bare spaCy's rate, measured in this run)."""
    t, rows = timed(lambda: generate_corpus(5, n, persons, involvements))
    per_s = len(rows) / t
    return {
        "n": len(rows), "seconds": round(t, 2), "per_s": round(per_s),
        "ratio_to_bare_parse": round(per_s / parse_docs_per_s, 1),
    }


def bench_big_import(rows: int = 100_000) -> dict[str, Any]:
    """A 100,000-row batch file, streamed into the store: time and peak Python memory."""
    import csv

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["ref", "source", "received_at", "author", "team", "text"])
            for i in range(rows):
                writer.writerow(
                    [
                        f"BIG-{i}",
                        "police",
                        "2026-11-22T09:00:00",
                        "PC 1",
                        "Team",
                        "Attended address re verbal argument between parents. " * 12,
                    ]
                )
        size_mb = path.stat().st_size / 2**20
        store = Store(Path(tmp) / "big.db")
        tracemalloc.start()
        t, result = timed(lambda: ingest_file(store, path))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        store.close()
    return {
        "rows": result["imported"],
        "file_mb": round(size_mb, 1),
        "seconds": round(t, 1),
        "rows_per_s": round(result["imported"] / t),
        "peak_python_mb": round(peak / 2**20, 1),
    }


def bench_classifier(settings: Settings, model_db: Path) -> dict[str, Any]:
    """The classifier stage alone (features already built)."""
    from training.train import analyse_corpus
    from triage.pipeline import load_active_model

    store = Store(model_db)
    version, model = load_active_model(store)
    store.close()
    persons, involvements = load_records(SAMPLES)
    corpus = generate_corpus(23, 300, persons, involvements)
    rows = [a.row for a in analyse_corpus(corpus, SAMPLES, settings)]
    many = rows * 10
    t, _ = timed(lambda: model.predict_proba(many))
    return {"rows": len(many), "rows_per_s": round(len(many) / t, 1), "model": version}


def bench_training(settings: Settings) -> dict[str, Any]:
    """Training time of the baseline on a small corpus, with peak Python memory."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "train.db")
        tracemalloc.start()
        t, _ = timed(lambda: train_baseline(store, Settings.load(models_dir=tmp), n=600))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        store.close()
    return {"n": 600, "seconds_including_parse": round(t, 1), "peak_python_mb": round(peak / 2**20, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1000, help="notifications for the parse benchmark")
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--db", type=Path, default=Path(Settings.load().db_path), help="database with a trained model")
    args = ap.parse_args()
    settings = Settings.load()
    persons, involvements = load_records(SAMPLES)
    texts = [r["text"] for r in generate_corpus(11, args.n, persons, involvements)]
    parsed = bench_parse(texts, settings, args.processes)
    results = {
        "parse": parsed,
        "generate": bench_generate(persons, involvements, parsed["bare_docs_per_s"]),
        "ingest_and_score": bench_ingest_and_score(settings, args.db),
        "classifier": bench_classifier(settings, args.db),
        "training": bench_training(settings),
        "big_import": bench_big_import(),
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    for section, figures in results.items():
        print(f"\n{section}")
        for k, v in figures.items():
            print(f"  {k:40} {v}")
    p = results["parse"]
    print(f"\nparse throughput ratio (ours / bare {settings.spacy_model}): {p['ratio']}  (target >= 0.7)")


if __name__ == "__main__":
    main()

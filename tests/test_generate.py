"""The synthetic data generator: deterministic, in the exact formats, labelled by the guide's own rules, varied."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from training.generate import (
    BATCH_DATES,
    INVOLVEMENT_COLUMNS,
    NOTIFICATION_COLUMNS,
    PERSON_COLUMNS,
    generate_corpus,
    generate_records,
    is_held_out,
    load_records,
    split,
    write_samples,
)
from training.phrases import NEGATED, PRESENT
from triage.features import history_from_involvements
from triage.guide import FACTORS, SOURCES
from triage.records import GuideFacts
from triage.rules import FLOORS, apply_rules

POSTCODE = re.compile(r"^(EX|PL|TQ)\d{1,2} \d[ABD-HJLNP-UW-Z]{2}$")


@pytest.fixture(scope="module")
def records():
    return generate_records(7)


@pytest.fixture(scope="module")
def corpus(records):
    persons, involvements = records
    return generate_corpus(3, 2000, persons, involvements, date(2026, 1, 1), date(2026, 11, 19))


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    write_samples(out, seed=7)
    return out


def _read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _batch_rows(path: Path) -> list[dict]:
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return _read_csv(path)[1]


# --- determinism ---------------------------------------------------------------------------

def test_same_seed_gives_byte_identical_files(samples, tmp_path):
    write_samples(tmp_path, seed=7)
    for f in sorted(samples.iterdir()):
        assert (tmp_path / f.name).read_bytes() == f.read_bytes(), f.name


def test_different_seed_gives_different_data(samples, tmp_path):
    write_samples(tmp_path, seed=8)
    assert (tmp_path / "batch-2026-11-20.csv").read_bytes() != (samples / "batch-2026-11-20.csv").read_bytes()


def test_cli_output_does_not_depend_on_the_hash_seed(samples, tmp_path):
    """Set iteration order varies with PYTHONHASHSEED; the files must not."""
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "cli"
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, "-m", "training.generate", "--out", str(out), "--seed", "7"],
                   cwd=root, env=env, check=True, capture_output=True)
    for f in sorted(samples.iterdir()):
        assert (out / f.name).read_bytes() == f.read_bytes(), f.name


def test_corpus_is_deterministic(records, corpus):
    again = generate_corpus(3, 2000, *records, date(2026, 1, 1), date(2026, 11, 19))
    assert again == corpus


# --- formats.md ------------------------------------------------------------------------------

def test_batches_have_exactly_the_formats_columns(samples):
    for day in BATCH_DATES:
        path = next(samples.glob(f"batch-{day}.*"))
        if path.suffix == ".csv":
            assert _read_csv(path)[0] == list(NOTIFICATION_COLUMNS)
        rows = _batch_rows(path)
        assert 50 <= len(rows) <= 70
        for row in rows:
            assert list(row) == list(NOTIFICATION_COLUMNS)
            assert row["source"] in SOURCES
            assert datetime.fromisoformat(row["received_at"]).date() == day
            assert row["text"].strip()
        keys = [(r["source"], r["ref"]) for r in rows]
        assert len(set(keys)) == len(keys)


def test_batches_are_mostly_police_with_recognisable_refs(samples):
    rows = [r for day in BATCH_DATES for r in _batch_rows(next(samples.glob(f"batch-{day}.*")))]
    sources = Counter(r["source"] for r in rows)
    assert 0.55 < sources["police"] / len(rows) < 0.85
    assert sources["school"] and sources["health"]
    prefix = {"police": "PPN-", "school": "SCH-", "health": "HLT-", "other": "OTH-"}
    assert all(r["ref"].startswith(prefix[r["source"]]) for r in rows)
    assert all(re.fullmatch(r"(PC|DC|PS|DS|PCSO) \d{4,5}", r["author"]) for r in rows if r["source"] == "police")
    assert len({r["received_at"][11:13] for r in rows}) >= 12  # spread over the day


def test_records_have_the_formats_columns_and_plausible_values(samples):
    header, persons = _read_csv(samples / "persons.csv")
    assert header == list(PERSON_COLUMNS)
    assert 2500 <= len(persons) <= 3600
    assert 900 <= len({p["household_id"] for p in persons}) <= 1100
    assert all(POSTCODE.match(p["postcode"]) for p in persons)
    assert any(p["school"] for p in persons)
    header, involvements = _read_csv(samples / "involvements.csv")
    assert header == list(INVOLVEMENT_COLUMNS)
    ids = {p["person_id"] for p in persons}
    assert all(i["person_id"] in ids for i in involvements)
    assert all(i["start_date"] < "2026-11-20" for i in involvements)
    kinds = Counter(i["kind"] for i in involvements)
    for kind in ("child_protection_plan", "child_in_need_plan", "early_help_plan", "notification",
                 "missing_episode", "domestic_abuse_incident", "referral", "arrest"):
        assert kinds[kind] > 0, kind
    assert any(i["kind"] == "child_protection_plan" and not i["end_date"] for i in involvements)
    size = (samples / "persons.csv").stat().st_size + (samples / "involvements.csv").stat().st_size
    assert size < 2_000_000


def test_load_records_round_trips(samples, records):
    persons, involvements = load_records(samples)
    assert persons == records[0]
    assert involvements == records[1]


def test_bad_batch_holds_each_kind_of_bad_row(samples):
    header, rows = _read_csv(samples / "bad-batch.csv")
    assert header == list(NOTIFICATION_COLUMNS)
    assert len(rows) == 8
    assert any(not r["text"] for r in rows)
    assert any(r["source"] == "fire" for r in rows)
    assert any(r["received_at"] == "yesterday" for r in rows)
    keys = Counter((r["source"], r["ref"]) for r in rows if r["ref"])
    assert keys.most_common(1)[0][1] == 2
    assert "bad-batch.csv" in (samples / "README.md").read_text()


def test_truth_files_match_their_batches(samples):
    for day in BATCH_DATES:
        batch = _batch_rows(next(samples.glob(f"batch-{day}.*")))
        truth = [json.loads(line) for line in (samples / f"truth-{day}.jsonl").read_text().splitlines()]
        assert [(t["source"], t["ref"]) for t in truth] == [(b["source"], b["ref"]) for b in batch]


# --- labels --------------------------------------------------------------------------------------

def test_labels_are_exactly_apply_rules_on_the_truth(records, corpus):
    persons, involvements = records
    household = {p.person_id: p.household_id for p in persons}
    members: dict[str, list[str]] = {}
    for p in persons:
        members.setdefault(p.household_id, []).append(p.person_id)
    by_person: dict[str, list] = {}
    for i in involvements:
        by_person.setdefault(i.person_id, []).append(i)
    for row in corpus:
        truth = row["truth"]
        named = [p["person_id"] for p in truth["people"] if p["person_id"]]
        hh = sorted({m for pid in named for m in members[household[pid]]})
        history = history_from_involvements(
            [i for pid in named for i in by_person.get(pid, [])],
            [i for pid in hh for i in by_person.get(pid, [])],
            as_of=datetime.fromisoformat(row["received_at"]).date(),
        )
        facts = GuideFacts(frozenset(truth["factors"]), truth["dash_level"], truth["youngest_child_age"], history)
        rag, hits = apply_rules(facts)
        assert row["rag"] == rag, row["ref"]
        assert truth["rules"] == [h.rule for h in hits]
        assert row["shortlisted"] == (rag in ("RED", "AMBER"))


def test_every_rag_is_common(corpus):
    share = Counter(r["rag"] for r in corpus)
    for rag in ("RED", "AMBER", "GREEN"):
        assert share[rag] / len(corpus) > 0.15, share


def test_every_red_indicator_and_modifier_occurs(corpus):
    fired = Counter(rule for r in corpus for rule in r["truth"]["rules"])
    expected = [r.name for r in FLOORS] + ["history_or_engagement_escalates", "support_mitigates"]
    missing = [name for name in expected if fired[name] == 0]
    assert not missing


def test_history_turns_a_green_incident_amber(corpus):
    """The guide's modifier case: nothing but an open plan or repeat notifications makes it AMBER."""
    escalated = [r for r in corpus if r["truth"]["rules"] == ["history_or_engagement_escalates"]
                 and r["truth"]["history"]]
    assert escalated and all(r["rag"] == "AMBER" for r in escalated)


def test_truth_uses_only_guide_codes_and_negations_are_not_factors(corpus):
    for r in corpus:
        factors, negated = set(r["truth"]["factors"]), set(r["truth"]["negated"])
        assert factors <= set(FACTORS)
        assert negated <= set(FACTORS)
        assert not factors & negated
        assert set(r["truth"]["quality_items"]) <= set(range(1, 11))


def test_negated_distractors_are_common_and_not_counted(corpus):
    with_negation = [r for r in corpus if r["truth"]["negated"]]
    assert len(with_negation) / len(corpus) > 0.3
    weapon_denied = [r for r in corpus if "no weapons were used" in r["text"].lower()
                     or "no knives or weapons involved" in r["text"].lower()]
    assert weapon_denied
    assert all("weapon" not in r["truth"]["factors"] for r in weapon_denied)
    assert all("weapon" in r["truth"]["negated"] for r in weapon_denied)


def test_every_denial_phrase_really_denies_or_supposes():
    """A phrase in the NEGATED bank that stated its factor would silently corrupt the truth."""
    cue = re.compile(r"\b(no|not|deny|denies|never|if|should|might|nothing|sober|stable|secure|clean|good|well"
                     r"|staying with|at school|for the weekend)\b", re.I)
    for code, templates in NEGATED.items():
        for template in templates:
            assert cue.search(template), (code, template)
            assert template not in PRESENT.get(code, ()), (code, template)


def test_every_quality_item_is_sometimes_present_and_sometimes_missing(corpus):
    counts = Counter(i for r in corpus for i in r["truth"]["quality_items"])
    for item in range(1, 11):
        assert 0 < counts[item] < len(corpus), item


# --- people --------------------------------------------------------------------------------------

def test_people_in_truth_exist_in_the_index_and_appear_in_the_text(records, corpus):
    ids = {p.person_id for p in records[0]}
    people = [(r, p) for r in corpus for p in r["truth"]["people"]]
    assert all(1 <= len(r["truth"]["people"]) <= 5 for r in corpus)
    assert all(p["age"] is None or 0 <= p["age"] < 100 for _, p in people)  # nobody unborn or ancient
    assert all(p["person_id"] in ids for _, p in people if p["person_id"])
    assert all(p["name_as_written"] in r["text"] for r, p in people)
    known = sum(p["person_id"] is not None for _, p in people) / len(people)
    assert 0.6 < known < 0.8


def test_names_vary_against_the_record_as_in_real_notifications(corpus):
    variations = Counter(v for r in corpus for p in r["truth"]["people"] if p["person_id"] for v in p["variation"])
    for kind in ("exact", "nickname", "misspelling", "other_surname", "swapped_dob", "age_only", "no_dob"):
        assert variations[kind] > 20, kind


# --- variety ---------------------------------------------------------------------------------------

def test_texts_are_varied_not_a_handful_of_templates(corpus):
    texts = [r["text"] for r in corpus]
    assert len(set(texts)) == len(texts)
    first = [re.split(r"(?<=[.:\n])\s", t.strip(), maxsplit=1)[0] for t in texts]
    assert len(set(first)) / len(first) > 0.5
    openings = Counter(t[:25] for t in texts)
    assert openings.most_common(1)[0][1] / len(texts) < 0.05
    grams = Counter()
    for t in texts:
        words = t.lower().split()
        grams.update(zip(words, words[1:], words[2:], words[3:], strict=False))
    assert len(grams) > 30_000
    lengths = sorted(len(t) for t in texts)
    assert lengths[len(lengths) // 10] < 300 and lengths[-len(lengths) // 10] > 700  # terse to thorough


def test_scenarios_and_registers_are_mixed(corpus):
    scenarios = Counter(r["truth"]["scenario"] for r in corpus)
    assert len(scenarios) >= 18
    assert scenarios.most_common(1)[0][1] / len(corpus) < 0.3
    police = [r["text"] for r in corpus if r["source"] == "police"]
    assert any(re.search(r"\b[A-Z]{3,}\b", t) and "DOB" in t for t in police)  # SURNAMES and DOB
    assert any(len(t) < 250 for t in police) and any(len(t) > 900 for t in police)


# --- split and speed ------------------------------------------------------------------------------------

def test_split_is_stable_by_ref_and_about_a_fifth(corpus):
    train, held_out = split(corpus)
    assert len(train) + len(held_out) == len(corpus)
    assert 0.15 < len(held_out) / len(corpus) < 0.25
    assert all(is_held_out(r["ref"]) for r in held_out)
    assert not {r["ref"] for r in train} & {r["ref"] for r in held_out}


def test_five_thousand_notifications_have_distinct_refs_and_every_rating(records):
    """(How fast the generator is, against parsing, is a benchmark: benchmarks/run.py, `generate`.)"""
    rows = generate_corpus(5, 5000, *records)
    assert len(rows) == 5000 == len({(r["source"], r["ref"]) for r in rows})
    assert Counter(r["rag"] for r in rows).keys() == {"RED", "AMBER", "GREEN"}

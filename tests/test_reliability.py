"""Nothing lost: concurrent reviewers, killed imports, backups, bad files."""

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from decided_store import RED_PROPOSAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage.errors import BatchFileError, ConflictError, DatabaseError
from triage.ingest import read_notifications
from triage.records import Notification, ParsedNotification
from triage.review import decide
from triage.store import Store

# `make soak` sets TRIAGE_SOAK=1 for a longer run.
ROUNDS = 2000 if os.environ.get("TRIAGE_SOAK") else 250


def notifications(n: int, prefix: str = "N") -> list[Notification]:
    return [
        Notification(source="police", ref=f"{prefix}-{i}", received_at=datetime(2026, 11, 22, 9), text=f"text {i}")
        for i in range(n)
    ]


def scored_store(path: Path, n: int) -> list[int]:
    store = Store(path)
    ids = store.add_batch("a.csv", notifications(n), [])["notification_ids"]
    for nid in ids:
        store.save_analysis(nid, ParsedNotification(), [], RED_PROPOSAL)
    store.close()
    return ids


def test_ten_reviewers_deciding_at_once_lose_nothing_and_duplicate_nothing(tmp_path):
    db = tmp_path / "t.db"
    ids = scored_store(db, 100)
    outcomes: dict[str, list[int]] = {"decided": [], "conflicts": []}
    lock = threading.Lock()

    def reviewer(k: int) -> None:
        store = Store(db)
        user = {"name": f"researcher{k}", "role": "researcher"}
        for round_ in range(ROUNDS):
            nid = ids[(k * 7 + round_ * 3) % len(ids)]  # reviewers overlap on purpose
            version = store.notification_version(nid)
            try:
                decide(store, user, nid, "RED", True, expected_version=version)
                with lock:
                    outcomes["decided"].append(nid)
            except ConflictError:
                with lock:
                    outcomes["conflicts"].append(nid)
        store.close()

    threads = [threading.Thread(target=reviewer, args=(k,)) for k in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    store = Store(db)
    assert len(outcomes["decided"]) + len(outcomes["conflicts"]) == 10 * ROUNDS
    assert store.count("decisions") == len(outcomes["decided"])  # none lost, none duplicated
    for nid in set(outcomes["decided"]):  # every stored decision moved the version exactly once
        assert store.notification_version(nid) == outcomes["decided"].count(nid)
    assert store.verify_audit() == (True, None)
    store.close()


def test_two_people_deciding_the_same_notification_together_get_one_conflict(tmp_path):
    db = tmp_path / "t.db"
    (nid,) = scored_store(db, 1)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def reviewer(name: str, rag: str) -> None:
        store = Store(db)
        version = store.notification_version(nid)
        barrier.wait()
        try:
            decide(store, {"name": name, "role": "researcher"}, nid, rag, True, "reason", expected_version=version)
            results.append("decided")
        except ConflictError:
            results.append("conflict")
        store.close()

    threads = [threading.Thread(target=reviewer, args=a) for a in (("a", "RED"), ("b", "AMBER"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "decided"]


KILLED_IMPORT = """
import sys, time
from dataclasses import replace
from datetime import datetime
from triage.records import Notification
from triage.store import Store

def slow():
    for i in range(10_000):
        if i == 50:
            print("half-way", flush=True)
            time.sleep(60)
        yield Notification(source="police", ref=f"K-{i}", received_at=datetime(2026, 11, 22), text="x")

Store(sys.argv[1]).add_batch("big.csv", slow(), [])
"""


def test_a_process_killed_mid_import_leaves_none_of_the_batch(tmp_path):
    db = tmp_path / "t.db"
    Store(db).close()
    proc = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, str(db)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "half-way"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = Store(db)
    assert store.count("notifications") == 0
    assert store.count("batches") == 0
    store.add_batch("again.csv", notifications(3), [])  # and the database still works
    assert store.count("notifications") == 3
    store.close()


def test_backup_and_restore_round_trip_and_a_damaged_backup_changes_nothing(tmp_path):
    db = tmp_path / "t.db"
    scored_store(db, 5)
    store = Store(db)
    store.backup(tmp_path / "backup.db")
    store.add_batch("later.csv", notifications(2, prefix="L"), [])
    assert store.count("notifications") == 7
    store.close()

    Store.restore(tmp_path / "backup.db", db)
    assert Store(db).count("notifications") == 5

    damaged = tmp_path / "damaged.db"
    damaged.write_bytes((tmp_path / "backup.db").read_bytes()[:3000])
    with pytest.raises(DatabaseError):
        Store.restore(damaged, db)
    assert Store(db).count("notifications") == 5


def test_a_read_only_database_gives_a_clear_error_not_a_traceback(tmp_path):
    store = Store(tmp_path / "t.db")
    store.db.execute("PRAGMA query_only = ON")
    with pytest.raises(DatabaseError, match="read-only: nothing was saved"):
        store.add_batch("a.csv", notifications(1), [])
    store.close()


def test_a_full_disk_gives_a_clear_error_and_keeps_what_was_stored(tmp_path):
    # SQLite's max_page_count makes the database file unable to grow, which SQLite reports exactly as it
    # reports a full disk (SQLITE_FULL, "database or disk is full").
    store = Store(tmp_path / "t.db")
    store.add_batch("first.csv", notifications(5), [])
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")
    big = [replace(n, ref=f"BIG-{i}", text="x" * 20_000) for i, n in enumerate(notifications(50))]
    with pytest.raises(DatabaseError, match="is full: nothing was saved"):
        store.add_batch("big.csv", big, [])
    assert store.count("notifications") == 5 and store.count("batches") == 1
    store.close()
    assert Store(tmp_path / "t.db").count("notifications") == 5


def test_an_import_while_reviewers_work_does_not_stop_them(tmp_path):
    db = tmp_path / "t.db"
    ids = scored_store(db, 20)
    done = threading.Event()

    def importer() -> None:
        s = Store(db)
        for k in range(20):
            s.add_batch(f"b{k}.csv", notifications(200, prefix=f"B{k}"), [])
        s.close()
        done.set()

    thread = threading.Thread(target=importer)
    thread.start()
    reviewer = Store(db)
    decided = 0
    for nid in ids:
        decide(reviewer, {"name": "r", "role": "researcher"}, nid, "RED", True)
        decided += 1
        time.sleep(0.01)
    thread.join()
    assert done.is_set() and decided == 20
    assert reviewer.count("notifications") == 20 + 20 * 200
    reviewer.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".csv", ".jsonl"]))
def test_random_bytes_never_crash_the_importer(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        result = read_notifications(path)
    except BatchFileError:
        return  # a file that cannot be read at all is refused with a reason
    for reject in result.rejects:
        assert reject.line >= 1 and reject.reason


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=3000))
def test_any_text_in_a_well_formed_row_is_kept_exactly_or_rejected_with_a_reason(tmp_path, text):
    import csv

    path = tmp_path / "fuzz.csv"
    with path.open("w", newline="", encoding="utf-8", errors="surrogatepass") as f:
        writer = csv.writer(f)
        writer.writerow(["ref", "source", "received_at", "text"])
        writer.writerow(["A", "police", "2026-11-22", text])
    try:
        result = read_notifications(path)
    except (BatchFileError, UnicodeEncodeError):
        return
    if result.rows:
        assert result.rows[0].text == text.replace("\r\n", "\n").replace("\r", "\n") or result.rows[0].text == text
    else:
        assert result.rejects[0].reason


def test_deeply_nested_json_and_formula_cells_are_handled(tmp_path):
    nested = "[" * 100_000 + "]" * 100_000
    path = tmp_path / "b.jsonl"
    path.write_text(
        nested
        + "\n"
        + '{"ref": "=HYPERLINK(1)", "source": "police", "received_at": "2026-11-22", "text": "@SUM(A1)"}\n',
        encoding="utf-8",
    )
    result = read_notifications(path)
    assert result.rejects[0].line == 1
    assert result.rows[0].ref == "=HYPERLINK(1)"  # kept as data; neutralised only when exported to a spreadsheet


def test_a_tampered_serving_model_is_refused_and_the_previous_good_version_serves(tmp_path):
    from test_model import make_rows

    from triage.model import RatingModel, save
    from triage.pipeline import load_active_model

    store = Store(tmp_path / "t.db")
    rows, labels = make_rows(200)
    versions = []
    for seed in (1, 2):
        model = RatingModel(min_df=1, random_state=seed).fit(rows, labels)
        version, path, digest = save(model, tmp_path / "models", {}, "{}")
        store.register_model(version, str(path), digest, {}, activate=True)
        versions.append((version, path))
        time.sleep(1.1)  # versions are stamped to the second
    (active, active_path), (previous, _) = versions[1], versions[0]
    assert load_active_model(store)[0] == active

    active_path.write_bytes(active_path.read_bytes()[:-10])  # truncated
    served, _ = load_active_model(store)
    assert served == previous
    assert "refused" in store.audit_entries()[0]["detail"]
    store.close()


@pytest.fixture(scope="module")
def nlp():
    from triage.parse import load_pipeline

    return load_pipeline()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.lists(
        st.one_of(st.text(max_size=40), st.sampled_from(["<script>", "</b>", "\x00", "\r\n", "DOB ", " aged 9"])),
        max_size=20,
    ).map("".join)
)
def test_the_parse_stage_survives_any_text_and_its_offsets_index_the_original(nlp, text):
    from triage.parse import parse

    parsed = parse(nlp, text)
    for m in parsed.mentions:
        assert 0 <= m.start <= m.end <= len(text)
    for r in parsed.risk_factors:
        assert text[r.start : r.end] == r.text

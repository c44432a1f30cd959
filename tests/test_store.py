"""The store: migrations, idempotent imports, append-only decisions and audit log."""

import sqlite3
from datetime import datetime

import pytest

from triage.errors import ConflictError, DatabaseError
from triage.records import Decision, Notification, ParsedNotification, Proposal, RejectedRow
from triage.store import MIGRATIONS, SCHEMA_VERSION, Store


def notification(ref: str, text: str = "Attended address.") -> Notification:
    return Notification(source="police", ref=ref, received_at=datetime(2026, 11, 22, 9, 0), text=text)


def proposal(rag: str = "RED") -> Proposal:
    return Proposal(
        rag=rag,
        shortlisted=rag != "GREEN",
        priority=0.9,
        probabilities={"RED": 0.8, "AMBER": 0.15, "GREEN": 0.05},
        model_version="v1",
        model_rag=rag,
    )


def test_a_new_database_gets_every_migration_once(tmp_path):
    path = tmp_path / "t.db"
    first = Store(path)
    assert first.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
    first.close()
    again = Store(path)
    assert again.migrate() == []
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    again.close()


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "t.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO migrations VALUES ('999_future', '2030-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="newer version"):
        Store(path)


def test_importing_the_same_source_and_ref_twice_adds_nothing(store):
    first = store.add_batch("a.csv", [notification("A"), notification("B")], [])
    second = store.add_batch("a.csv", [notification("A"), notification("C")], [RejectedRow(7, "text is missing")])
    assert (first["imported"], first["duplicates"]) == (2, 0)
    assert (second["imported"], second["duplicates"]) == (1, 1)
    assert store.count("notifications") == 3
    assert store.rejects(second["batch_id"])[0]["line"] == 7


def test_a_failed_import_leaves_nothing_behind(store):
    bad = Notification(source="police", ref="X", received_at=datetime(2026, 1, 1), text=None)  # type: ignore[arg-type]
    with pytest.raises(sqlite3.IntegrityError):
        store.add_batch("b.csv", [notification("A"), bad], [])
    assert store.count("notifications") == 0
    assert store.count("batches") == 0


def test_decisions_are_append_only_and_versioned(store):
    nid = store.add_batch("a.csv", [notification("A")], [])["notification_ids"][0]
    store.save_analysis(nid, ParsedNotification(), [], proposal())
    version = store.notification_version(nid)
    store.record_decision(
        Decision(nid, "AMBER", True, "r1", datetime(2026, 11, 22, 10), "history", True), expected_version=version
    )
    assert store.latest_decision(nid).rag == "AMBER"
    with pytest.raises(ConflictError):
        store.record_decision(
            Decision(nid, "GREEN", False, "r2", datetime(2026, 11, 22, 10), "x", True), expected_version=version
        )
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("UPDATE decisions SET rag = 'GREEN'")
    assert store.latest_decision(nid).by == "r1"


def test_the_audit_log_is_a_hash_chain_that_finds_tampering(tmp_path):
    path = tmp_path / "t.db"
    store = Store(path)
    for i in range(3):
        store.audit("r1", "viewed", i)
    assert store.verify_audit() == (True, None)
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_log_no_update")  # what an attacker with file access could do
    conn.execute("UPDATE audit_log SET user = 'someone else' WHERE id = 2")
    conn.commit()
    conn.close()
    assert Store(path, migrate=False).verify_audit() == (False, 2)

"""The SQLite store: schema, named migrations, and every SQL statement.

One `Store` object wraps one sqlite-utils `Database` (WAL mode, foreign keys
on). Nothing else in the product writes SQL. Methods take and return the
dataclasses of `triage.records`, or plain dicts for screens and exports.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from triage.errors import ConflictError, DatabaseError, DecisionError
from triage.records import (
    Candidate,
    Decision,
    FieldComparison,
    Involvement,
    Mention,
    Notification,
    ParsedNotification,
    Person,
    Proposal,
    Reason,
    RejectedRow,
    RiskFactor,
    RuleHit,
)

log = logging.getLogger(__name__)


def now() -> datetime:
    """Local wall-clock time without tzinfo, as the hub's files carry it."""
    return datetime.now(UTC).astimezone().replace(tzinfo=None, microsecond=0)


def _iso(d: date | datetime | None) -> str | None:
    return d.isoformat() if d is not None else None


def _date(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


# ---------------------------------------------------------------- migrations


def _m001_initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE batches (
            id INTEGER PRIMARY KEY,
            filename TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            imported_by TEXT,
            n_imported INTEGER NOT NULL DEFAULT 0,
            n_duplicates INTEGER NOT NULL DEFAULT 0,
            n_rejected INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE notifications (
            id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES batches(id),
            source TEXT NOT NULL,
            ref TEXT NOT NULL,
            received_at TEXT NOT NULL,
            author TEXT,
            team TEXT,
            text TEXT NOT NULL,
            extra TEXT NOT NULL DEFAULT '{}',
            dash_level TEXT,
            police_refs TEXT NOT NULL DEFAULT '[]',
            parse_warnings TEXT NOT NULL DEFAULT '[]',
            parsed_at TEXT,
            version INTEGER NOT NULL DEFAULT 0,
            UNIQUE (source, ref)
        );
        CREATE INDEX notifications_batch ON notifications(batch_id);
        CREATE TABLE rejects (
            id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES batches(id),
            line INTEGER NOT NULL,
            field TEXT,
            reason TEXT NOT NULL,
            raw TEXT
        );
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            notification_id INTEGER NOT NULL REFERENCES notifications(id),
            idx INTEGER NOT NULL,
            text TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            given_name TEXT, family_name TEXT, role TEXT, relationship TEXT,
            dob TEXT, age INTEGER, address TEXT, postcode TEXT, school TEXT,
            UNIQUE (notification_id, idx)
        );
        CREATE TABLE risk_factors (
            id INTEGER PRIMARY KEY,
            notification_id INTEGER NOT NULL REFERENCES notifications(id),
            factor TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            sentence TEXT NOT NULL,
            negated INTEGER NOT NULL DEFAULT 0,
            hypothetical INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX risk_factors_notification ON risk_factors(notification_id);
        CREATE TABLE persons (
            person_id TEXT PRIMARY KEY,
            given_name TEXT NOT NULL,
            family_name TEXT NOT NULL,
            dob TEXT, sex TEXT, address TEXT, postcode TEXT, school TEXT, household_id TEXT
        );
        CREATE INDEX persons_household ON persons(household_id);
        CREATE TABLE person_keys (
            key TEXT NOT NULL,
            person_id TEXT NOT NULL REFERENCES persons(person_id),
            PRIMARY KEY (key, person_id)
        ) WITHOUT ROWID;
        CREATE TABLE involvements (
            id INTEGER PRIMARY KEY,
            person_id TEXT NOT NULL REFERENCES persons(person_id),
            agency TEXT NOT NULL,
            kind TEXT NOT NULL,
            start_date TEXT NOT NULL,
            end_date TEXT,
            summary TEXT
        );
        CREATE INDEX involvements_person ON involvements(person_id);
        CREATE TABLE matches (
            id INTEGER PRIMARY KEY,
            notification_id INTEGER NOT NULL REFERENCES notifications(id),
            mention_idx INTEGER NOT NULL,
            person_id TEXT NOT NULL REFERENCES persons(person_id),
            probability REAL NOT NULL,
            band TEXT NOT NULL,
            comparisons TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'proposed',
            decided_by TEXT,
            decided_at TEXT
        );
        CREATE INDEX matches_notification ON matches(notification_id);
        CREATE TABLE models (
            version TEXT PRIMARY KEY,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL,
            card TEXT NOT NULL DEFAULT '{}',
            active INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE proposals (
            id INTEGER PRIMARY KEY,
            notification_id INTEGER NOT NULL REFERENCES notifications(id),
            model_version TEXT NOT NULL,
            rag TEXT NOT NULL,
            model_rag TEXT NOT NULL,
            shortlisted INTEGER NOT NULL,
            priority REAL NOT NULL,
            probabilities TEXT NOT NULL,
            reasons TEXT NOT NULL,
            rule_hits TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX proposals_notification ON proposals(notification_id, id);
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            notification_id INTEGER NOT NULL REFERENCES notifications(id),
            proposal_id INTEGER REFERENCES proposals(id),
            rag TEXT NOT NULL,
            shortlisted INTEGER NOT NULL,
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            overrides INTEGER NOT NULL DEFAULT 0,
            information_missing INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX decisions_notification ON decisions(notification_id, id);
        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            disabled INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT,
            action TEXT NOT NULL,
            notification_id INTEGER,
            detail TEXT NOT NULL DEFAULT '',
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        -- Append-only: the database itself refuses edits to decisions and the audit log.
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
            BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
        CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
            BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
        """
    )


def _m002_match_params(db: sqlite_utils.Database) -> None:
    # The record-linkage parameters estimated from the index, one row per estimate.
    db.execute(
        "CREATE TABLE match_params (id INTEGER PRIMARY KEY, estimated_at TEXT NOT NULL, "
        "n_persons INTEGER NOT NULL, params TEXT NOT NULL)"
    )


def _m003_signoffs(db: sqlite_utils.Database) -> None:
    # A supervisor's sign-off or return of one decision. Append-only, like decisions:
    # a RED lowered to AMBER or GREEN is not final until a 'signed_off' row exists for it.
    db.executescript(
        """
        CREATE TABLE signoffs (
            id INTEGER PRIMARY KEY,
            decision_id INTEGER NOT NULL REFERENCES decisions(id),
            notification_id INTEGER NOT NULL REFERENCES notifications(id),
            outcome TEXT NOT NULL CHECK (outcome IN ('signed_off', 'returned')),
            by TEXT NOT NULL,
            at TEXT NOT NULL,
            comment TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX signoffs_decision ON signoffs(decision_id, id);
        CREATE INDEX decisions_decided_at ON decisions(decided_at);
        CREATE INDEX notifications_received ON notifications(batch_id, received_at);
        CREATE TRIGGER signoffs_no_update BEFORE UPDATE ON signoffs
            BEGIN SELECT RAISE(ABORT, 'sign-offs are append-only'); END;
        CREATE TRIGGER signoffs_no_delete BEFORE DELETE ON signoffs
            BEGIN SELECT RAISE(ABORT, 'sign-offs are append-only'); END;
        """
    )


MIGRATIONS: tuple[tuple[str, Callable[[sqlite_utils.Database], None]], ...] = (
    ("001_initial", _m001_initial),
    ("002_match_params", _m002_match_params),
    ("003_signoffs", _m003_signoffs),
)
SCHEMA_VERSION = len(MIGRATIONS)


# ---------------------------------------------------------------- checks


def _explain_write_failure(path: str, exc: sqlite3.OperationalError) -> str:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return f"the database at {path} is read-only: nothing was saved. Ask an admin to check its permissions."
    if "disk" in text and "full" in text:
        return f"the disk holding {path} is full: nothing was saved. Free some space and try again."
    if "locked" in text or "busy" in text:
        return f"the database at {path} is busy with another change: nothing was saved. Try again in a moment."
    return f"the database at {path} could not be written: {exc}"


def check_integrity(path: str | Path) -> None:
    """Refuse a file that is not a sound triage database."""
    path = Path(path)
    if not path.exists():
        raise DatabaseError(f"{path} does not exist")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            has_migrations = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'migrations'"
            ).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} is not a readable SQLite database: {exc}") from exc
    if result != "ok":
        raise DatabaseError(f"{path} failed SQLite's integrity check: {result}")
    if not has_migrations:
        raise DatabaseError(f"{path} is an SQLite file but not a triage database")


# ---------------------------------------------------------------- the store


class Store:
    """The hub's database. Open it once per process (or per app session)."""

    def __init__(self, path: str | Path, *, migrate: bool = True):
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30, isolation_level=None)
            self.db = sqlite_utils.Database(conn)
            self.db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.db.enable_wal()
            self.db.execute("PRAGMA busy_timeout = 30000")
        except (sqlite3.Error, OSError) as exc:
            raise DatabaseError(f"cannot open the database at {self.path}: {exc}") from exc
        if migrate:
            self.migrate()

    def close(self) -> None:
        self.db.close()

    # -- schema

    def migrate(self) -> list[str]:
        """Apply the named migrations not yet applied; return their names."""
        try:
            self.db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            done = {r["name"] for r in self.db.query("SELECT name FROM migrations")}
            known = {name for name, _ in MIGRATIONS}
            if done - known:
                raise DatabaseError(
                    f"the database at {self.path} has migrations this version does not know "
                    f"({sorted(done - known)}): it was written by a newer version of triage"
                )
            applied = []
            for name, fn in MIGRATIONS:
                if name in done:
                    continue
                with self.db.atomic():
                    fn(self.db)
                    self.db.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", [name, _iso(now())])
                log.info("applied migration %s", name)
                applied.append(name)
            return applied
        except sqlite3.OperationalError as exc:
            raise DatabaseError(f"cannot update the database at {self.path}: {exc}") from exc

    @property
    def schema_version(self) -> int:
        return self.db.execute("SELECT count(*) FROM migrations").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: used for a whole batch import, a decision, a scoring.

        The outermost transaction is BEGIN IMMEDIATE: it takes the write lock
        before reading, so two reviewers deciding at once queue for a moment
        (busy_timeout) instead of one failing on a stale snapshot. Nested
        calls become savepoints.
        """
        conn = self.db.conn
        try:
            if conn.in_transaction:
                with self.db.atomic():
                    yield
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise DatabaseError(_explain_write_failure(self.path, exc)) from exc

    # -- backup and restore

    def backup(self, destination: str | Path) -> Path:
        """A consistent copy while others keep working (SQLite's online backup API), then checked."""
        destination = Path(destination)
        if destination.exists():
            raise DatabaseError(f"{destination} already exists: choose a new file name for the backup")
        target = sqlite3.connect(destination)
        try:
            self.db.conn.backup(target)
        finally:
            target.close()
        check_integrity(destination)
        self.audit(None, "backup", detail=str(destination))
        return destination

    @staticmethod
    def restore(backup: str | Path, destination: str | Path) -> None:
        """Replace the database at `destination` with a checked backup.

        The backup is checked first; if it is damaged nothing is touched.
        """
        check_integrity(backup)
        source = sqlite3.connect(f"file:{Path(backup)}?mode=ro", uri=True)
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        check_integrity(destination)

    # -- records index

    def import_persons(
        self, persons: Iterable[Person], keys_for: Callable[[Person], list[str]], *, chunk: int = 20_000
    ) -> int:
        """Add or replace records and their blocking keys in one transaction; return how many.

        Bulk statements per chunk (executemany) so a county-sized index of a
        million records imports in minutes, streamed in bounded memory. A
        replaced record's old keys are deleted by (key, person_id), the
        table's primary key, so no second index on person_id is needed.
        """
        n = 0
        upsert = (
            "INSERT INTO persons (person_id, given_name, family_name, dob, sex, address, postcode, school, "
            "household_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET "
            "given_name = excluded.given_name, family_name = excluded.family_name, dob = excluded.dob, "
            "sex = excluded.sex, address = excluded.address, postcode = excluded.postcode, "
            "school = excluded.school, household_id = excluded.household_id"
        )
        conn = self.db.conn
        with self.transaction():
            conn.execute("PRAGMA cache_size = -262144")  # 256 MB of page cache while the key B-tree grows
            batch: list[Person] = []

            def flush() -> None:
                ids = [p.person_id for p in batch]
                old: list[Person] = []
                for i in range(0, len(ids), 500):
                    old.extend(self.persons(ids[i : i + 500]))
                conn.executemany(
                    "DELETE FROM person_keys WHERE key = ? AND person_id = ?",
                    [(k, o.person_id) for o in old for k in keys_for(o)],
                )
                conn.executemany(
                    upsert,
                    [
                        (p.person_id, p.given_name, p.family_name, _iso(p.dob), p.sex, p.address, p.postcode,
                         p.school, p.household_id)
                        for p in batch
                    ],
                )
                conn.executemany(
                    "INSERT OR IGNORE INTO person_keys (key, person_id) VALUES (?, ?)",
                    [(k, p.person_id) for p in batch for k in keys_for(p)],
                )
                batch.clear()

            for p in persons:
                batch.append(p)
                n += 1
                if len(batch) >= chunk:
                    flush()
            if batch:
                flush()
        return n

    def import_involvements(self, involvements: Iterable[Involvement]) -> int:
        rows = [{**asdict(i), "start_date": _iso(i.start_date), "end_date": _iso(i.end_date)} for i in involvements]
        with self.transaction():
            self.db["involvements"].insert_all(rows)
        return len(rows)

    def save_match_params(self, params: dict[str, Any], n_persons: int) -> None:
        with self.transaction():
            self.db["match_params"].insert(
                {"estimated_at": _iso(now()), "n_persons": n_persons, "params": json.dumps(params)}
            )

    def match_params(self) -> dict[str, Any] | None:
        row = self.db.execute("SELECT params FROM match_params ORDER BY id DESC LIMIT 1").fetchone()
        return json.loads(row[0]) if row else None

    def person_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT person_id FROM persons")}

    def count(self, table: str) -> int:
        return self.db[table].count

    @staticmethod
    def _person(row: dict[str, Any]) -> Person:
        return Person(**{**row, "dob": _date(row["dob"])})

    def persons_by_keys(self, keys: Sequence[str]) -> list[Person]:
        """Candidate records sharing a blocking key: the index, not a full scan."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.db.query(
            f"SELECT DISTINCT p.* FROM person_keys k JOIN persons p ON p.person_id = k.person_id "
            f"WHERE k.key IN ({marks})",
            list(keys),
        )
        return [self._person(r) for r in rows]

    def persons(self, person_ids: Sequence[str]) -> list[Person]:
        if not person_ids:
            return []
        marks = ",".join("?" * len(person_ids))
        rows = self.db.query(f"SELECT * FROM persons WHERE person_id IN ({marks})", list(person_ids))
        return [self._person(r) for r in rows]

    def all_persons(self) -> Iterator[Person]:
        for r in self.db.query("SELECT * FROM persons ORDER BY person_id"):
            yield self._person(r)

    def involvements(self, person_ids: Sequence[str], *, household: bool = False) -> list[Involvement]:
        """History of these people, or (household=True) of everyone living with them."""
        if not person_ids:
            return []
        marks = ",".join("?" * len(person_ids))
        if household:
            sql = (
                f"SELECT i.* FROM involvements i JOIN persons p ON p.person_id = i.person_id "
                f"WHERE p.household_id IN (SELECT household_id FROM persons WHERE person_id IN ({marks}) "
                f"AND household_id IS NOT NULL)"
            )
        else:
            sql = f"SELECT * FROM involvements WHERE person_id IN ({marks})"
        return [
            Involvement(
                person_id=r["person_id"],
                agency=r["agency"],
                kind=r["kind"],
                start_date=date.fromisoformat(r["start_date"]),
                end_date=_date(r["end_date"]),
                summary=r["summary"],
            )
            for r in self.db.query(sql + " ORDER BY start_date DESC", list(person_ids))
        ]

    # -- batches and notifications

    def add_batch(
        self,
        filename: str,
        items: Iterable[Notification | RejectedRow],
        rejects: Iterable[RejectedRow] = (),
        imported_by: str | None = None,
    ) -> dict[str, Any]:
        """Import a batch in one transaction; a (source, ref) already stored is a duplicate.

        `items` may be a stream mixing notifications and rejected rows (as
        `ingest.iter_notifications` yields them), so a large file is never
        held in memory whole.
        """
        with self.transaction():
            batch_id = (
                self.db["batches"]
                .insert({"filename": filename, "imported_at": _iso(now()), "imported_by": imported_by})
                .last_pk
            )
            imported = duplicates = 0
            ids: list[int] = []
            reject_rows: list[dict[str, Any]] = []

            def reject(r: RejectedRow) -> None:
                row = {"batch_id": batch_id, "line": r.line, "field": r.field, "reason": r.reason, "raw": r.raw[:2000]}
                self.db["rejects"].insert(row)
                reject_rows.append({k: v for k, v in row.items() if k != "raw"})

            for n in items:
                if isinstance(n, RejectedRow):
                    reject(n)
                    continue
                cur = self.db.execute(
                    "INSERT INTO notifications (batch_id, source, ref, received_at, author, team, text, extra) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, ref) DO NOTHING",
                    [
                        batch_id,
                        n.source,
                        n.ref,
                        _iso(n.received_at),
                        n.author,
                        n.team,
                        n.text,
                        json.dumps(dict(n.extra), ensure_ascii=False),
                    ],
                )
                if cur.rowcount:
                    imported += 1
                    ids.append(cur.lastrowid)
                else:
                    duplicates += 1
            for r in rejects:
                reject(r)
            self.db.execute(
                "UPDATE batches SET n_imported = ?, n_duplicates = ?, n_rejected = ? WHERE id = ?",
                [imported, duplicates, len(reject_rows), batch_id],
            )
        return {
            "batch_id": batch_id,
            "imported": imported,
            "duplicates": duplicates,
            "rejected": reject_rows,
            "notification_ids": ids,
        }

    def batches(self) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT b.*, min(n.received_at) AS first_received, "
                "(SELECT count(*) FROM notifications WHERE batch_id = b.id) AS notifications "
                "FROM batches b LEFT JOIN notifications n ON n.batch_id = b.id GROUP BY b.id ORDER BY b.id"
            )
        )

    def rejects(self, batch_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query("SELECT line, field, reason, raw FROM rejects WHERE batch_id = ? ORDER BY line", [batch_id])
        )

    @staticmethod
    def _notification(r: dict[str, Any]) -> Notification:
        return Notification(
            id=r["id"],
            batch_id=r["batch_id"],
            source=r["source"],
            ref=r["ref"],
            received_at=datetime.fromisoformat(r["received_at"]),
            text=r["text"],
            author=r["author"],
            team=r["team"],
            extra=json.loads(r["extra"]),
        )

    def notifications(self, batch_id: int | None = None, *, unscored_only: bool = False) -> list[Notification]:
        where, params = [], []
        if batch_id is not None:
            where.append("batch_id = ?")
            params.append(batch_id)
        if unscored_only:
            where.append("id NOT IN (SELECT notification_id FROM proposals)")
        sql = "SELECT * FROM notifications" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
        return [self._notification(r) for r in self.db.query(sql, params)]

    def notification(self, notification_id: int) -> Notification:
        rows = list(self.db.query("SELECT * FROM notifications WHERE id = ?", [notification_id]))
        if not rows:
            raise DecisionError(f"there is no notification {notification_id}")
        return self._notification(rows[0])

    def notification_version(self, notification_id: int) -> int:
        return self.db.execute("SELECT version FROM notifications WHERE id = ?", [notification_id]).fetchone()[0]

    # -- analysis: parse, match, proposal

    def save_analysis(
        self,
        notification_id: int,
        parsed: ParsedNotification,
        candidates: Sequence[Candidate],
        proposal: Proposal,
    ) -> int:
        """Replace a notification's parse and matches, add a proposal; one transaction."""
        with self.transaction():
            self.db.execute("DELETE FROM mentions WHERE notification_id = ?", [notification_id])
            self.db.execute("DELETE FROM risk_factors WHERE notification_id = ?", [notification_id])
            self.db.execute("DELETE FROM matches WHERE notification_id = ? AND status = 'proposed'", [notification_id])
            self.db["mentions"].insert_all(
                {**asdict(m), "dob": _iso(m.dob), "notification_id": notification_id, "idx": i}
                for i, m in enumerate(parsed.mentions)
            )
            self.db["risk_factors"].insert_all(
                {**asdict(r), "notification_id": notification_id} for r in parsed.risk_factors
            )
            decided = {
                (r["mention_idx"], r["person_id"])
                for r in self.db.query(
                    "SELECT mention_idx, person_id FROM matches WHERE notification_id = ?", [notification_id]
                )
            }
            self.db["matches"].insert_all(
                {
                    "notification_id": notification_id,
                    "mention_idx": c.mention_index,
                    "person_id": c.person_id,
                    "probability": c.probability,
                    "band": c.band,
                    "comparisons": json.dumps([asdict(fc) for fc in c.comparisons]),
                }
                for c in candidates
                if (c.mention_index, c.person_id) not in decided
            )
            self.db.execute(
                "UPDATE notifications SET dash_level = ?, police_refs = ?, parse_warnings = ?, parsed_at = ? "
                "WHERE id = ?",
                [
                    parsed.dash_level,
                    json.dumps(list(parsed.police_refs)),
                    json.dumps(list(parsed.warnings)),
                    _iso(now()),
                    notification_id,
                ],
            )
            return (
                self.db["proposals"]
                .insert(
                    {
                        "notification_id": notification_id,
                        "model_version": proposal.model_version,
                        "rag": proposal.rag,
                        "model_rag": proposal.model_rag,
                        "shortlisted": proposal.shortlisted,
                        "priority": proposal.priority,
                        "probabilities": json.dumps(dict(proposal.probabilities)),
                        "reasons": json.dumps([asdict(r) for r in proposal.reasons]),
                        "rule_hits": json.dumps([asdict(h) for h in proposal.rule_hits]),
                        "created_at": _iso(now()),
                    }
                )
                .last_pk
            )

    def parsed(self, notification_id: int) -> ParsedNotification:
        n = list(
            self.db.query(
                "SELECT dash_level, police_refs, parse_warnings FROM notifications WHERE id = ?", [notification_id]
            )
        )[0]
        mentions = tuple(
            Mention(
                **{k: v for k, v in r.items() if k not in ("id", "notification_id", "idx")} | {"dob": _date(r["dob"])}
            )
            for r in self.db.query("SELECT * FROM mentions WHERE notification_id = ? ORDER BY idx", [notification_id])
        )
        factors = tuple(
            RiskFactor(
                factor=r["factor"],
                start=r["start"],
                end=r["end"],
                text=r["text"],
                sentence=r["sentence"],
                negated=bool(r["negated"]),
                hypothetical=bool(r["hypothetical"]),
            )
            for r in self.db.query(
                "SELECT * FROM risk_factors WHERE notification_id = ? ORDER BY start", [notification_id]
            )
        )
        return ParsedNotification(
            mentions=mentions,
            risk_factors=factors,
            dash_level=n["dash_level"],
            police_refs=tuple(json.loads(n["police_refs"])),
            warnings=tuple(json.loads(n["parse_warnings"])),
        )

    def candidates(self, notification_id: int) -> list[dict[str, Any]]:
        """Matches for a notification with the matched record, best first within each mention."""
        rows = self.db.query(
            "SELECT m.*, p.given_name, p.family_name, p.dob, p.address, p.postcode, p.school, p.household_id "
            "FROM matches m JOIN persons p ON p.person_id = m.person_id "
            "WHERE m.notification_id = ? ORDER BY m.mention_idx, m.probability DESC",
            [notification_id],
        )
        out = []
        for r in rows:
            r["comparisons"] = [FieldComparison(**c) for c in json.loads(r["comparisons"])]
            out.append(r)
        return out

    def confirmed_or_confident_person_ids(self, notification_id: int) -> list[str]:
        rows = self.db.query(
            "SELECT DISTINCT person_id FROM matches WHERE notification_id = ? "
            "AND (status = 'confirmed' OR (status = 'proposed' AND band = 'match'))",
            [notification_id],
        )
        return [r["person_id"] for r in rows]

    def set_match_status(self, match_id: int, status: str, by: str) -> None:
        """Confirm or reject a proposed match, audited in the same transaction.

        Only a match still 'proposed' can change: if someone else decided it
        first, a ConflictError says so instead of overwriting their decision.
        """
        if status not in ("confirmed", "rejected"):
            raise DecisionError(f"a match can be confirmed or rejected, not {status!r}")
        with self.transaction():
            row = self.db.execute(
                "SELECT notification_id, mention_idx, person_id, status, decided_by FROM matches WHERE id = ?",
                [match_id],
            ).fetchone()
            if row is None:
                raise DecisionError(f"there is no record match {match_id}")
            notification_id, mention_idx, person_id, current, decided_by = row
            if current != "proposed":
                raise ConflictError(f"this record match was already {current} by {decided_by}")
            self.db.execute(
                "UPDATE matches SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                [status, by, _iso(now()), match_id],
            )
            self._audit(by, f"match {status}", notification_id, f"mention {mention_idx} person {person_id}")

    @staticmethod
    def _proposal(r: dict[str, Any]) -> Proposal:
        return Proposal(
            rag=r["rag"],
            shortlisted=bool(r["shortlisted"]),
            priority=r["priority"],
            probabilities=json.loads(r["probabilities"]),
            model_version=r["model_version"],
            model_rag=r["model_rag"],
            rule_hits=tuple(RuleHit(**h) for h in json.loads(r["rule_hits"])),
            reasons=tuple(Reason(**x) for x in json.loads(r["reasons"])),
        )

    def latest_proposal(self, notification_id: int) -> tuple[int, Proposal] | None:
        rows = list(
            self.db.query(
                "SELECT * FROM proposals WHERE notification_id = ? ORDER BY id DESC LIMIT 1", [notification_id]
            )
        )
        return (rows[0]["id"], self._proposal(rows[0])) if rows else None

    # -- decisions

    def record_decision(self, decision: Decision, expected_version: int | None = None) -> int:
        """Append a decision. If `expected_version` is given and someone decided
        since it was read, refuse with a ConflictError instead of overwriting."""
        with self.transaction():
            row = self.db.execute(
                "SELECT version FROM notifications WHERE id = ?", [decision.notification_id]
            ).fetchone()
            if row is None:
                raise DecisionError(f"there is no notification {decision.notification_id}")
            if expected_version is not None and row[0] != expected_version:
                raise ConflictError(
                    f"notification {decision.notification_id} was decided by someone else while you were "
                    "reading it; reload to see their decision"
                )
            latest = self.latest_proposal(decision.notification_id)
            decision_id = (
                self.db["decisions"]
                .insert(
                    {
                        "notification_id": decision.notification_id,
                        "proposal_id": latest[0] if latest else None,
                        "rag": decision.rag,
                        "shortlisted": decision.shortlisted,
                        "decided_by": decision.by,
                        "decided_at": _iso(decision.at),
                        "reason": decision.reason,
                        "overrides": decision.overrides,
                        "information_missing": decision.information_missing,
                    }
                )
                .last_pk
            )
            self.db.execute("UPDATE notifications SET version = version + 1 WHERE id = ?", [decision.notification_id])
            self._audit(
                decision.by,
                "override" if decision.overrides else "confirm",
                decision.notification_id,
                f"{decision.rag} shortlisted={decision.shortlisted} {decision.reason}".strip(),
            )
        return decision_id

    def latest_decision(self, notification_id: int) -> Decision | None:
        rows = list(
            self.db.query(
                "SELECT * FROM decisions WHERE notification_id = ? ORDER BY id DESC LIMIT 1", [notification_id]
            )
        )
        if not rows:
            return None
        r = rows[0]
        return Decision(
            notification_id=notification_id,
            rag=r["rag"],
            shortlisted=bool(r["shortlisted"]),
            by=r["decided_by"],
            at=datetime.fromisoformat(r["decided_at"]),
            reason=r["reason"],
            overrides=bool(r["overrides"]),
            information_missing=bool(r["information_missing"]),
        )

    def queue(self, batch_id: int | None = None) -> list[dict[str, Any]]:
        """Each notification with its latest proposal and latest decision, for the review screen."""
        where = "WHERE n.batch_id = ?" if batch_id is not None else ""
        params = [batch_id] if batch_id is not None else []
        rows = list(
            self.db.query(
                f"""
            SELECT n.id, n.batch_id, n.source, n.ref, n.received_at, n.author, n.team, n.version,
                   substr(n.text, 1, 160) AS preview,
                   p.rag, p.shortlisted, p.priority, p.model_version, p.probabilities,
                   d.rag AS decided_rag, d.shortlisted AS decided_shortlisted, d.decided_by, d.decided_at,
                   d.reason AS decision_reason, d.overrides, d.id AS decision_id,
                   so.outcome AS signoff, so.by AS signoff_by, so.at AS signoff_at, so.comment AS signoff_comment
            FROM notifications n
            LEFT JOIN proposals p ON p.id = (SELECT max(id) FROM proposals WHERE notification_id = n.id)
            LEFT JOIN decisions d ON d.id = (SELECT max(id) FROM decisions WHERE notification_id = n.id)
            LEFT JOIN signoffs so ON so.id = (SELECT max(id) FROM signoffs WHERE decision_id = d.id)
            {where}
            ORDER BY n.id
            """,
                params,
            )
        )
        for r in rows:
            r["probabilities"] = json.loads(r["probabilities"]) if r["probabilities"] else {}
        return rows

    def decisions(self, notification_id: int) -> list[dict[str, Any]]:
        """Every decision on a notification, oldest first (decisions are never edited)."""
        return list(self.db.query("SELECT * FROM decisions WHERE notification_id = ? ORDER BY id", [notification_id]))

    def decisions_for_training(self) -> list[dict[str, Any]]:
        """The latest decision on each notification, with its text, oldest first."""
        return list(
            self.db.query(
                """
            SELECT n.id AS notification_id, n.source, n.ref, n.received_at, n.text, d.rag, d.decided_at
            FROM decisions d JOIN notifications n ON n.id = d.notification_id
            WHERE d.id = (SELECT max(id) FROM decisions WHERE notification_id = d.notification_id)
            ORDER BY d.decided_at
            """
            )
        )

    def quality_rows(
        self, since: datetime | None = None, until: datetime | None = None, team: str | None = None
    ) -> list[dict[str, Any]]:
        """Parsed notifications for the trainer's quality report, oldest first, with how researchers treated them.

        `decided` counts a notification once any decision is recorded; `information_missing` is 1 when any
        decision on it flagged that facts were missing and had to be chased.
        """
        where, params = ["n.parsed_at IS NOT NULL"], []
        if since is not None:
            where.append("n.received_at >= ?")
            params.append(_iso(since))
        if until is not None:
            where.append("n.received_at < ?")
            params.append(_iso(until))
        if team is not None:
            where.append("n.team = ?")
            params.append(team)
        return list(
            self.db.query(
                f"""
            SELECT n.id, n.source, n.ref, n.received_at, n.author, n.team, n.text,
                   EXISTS (SELECT 1 FROM decisions d WHERE d.notification_id = n.id) AS decided,
                   EXISTS (SELECT 1 FROM decisions d WHERE d.notification_id = n.id AND d.information_missing = 1)
                       AS information_missing
            FROM notifications n
            WHERE {" AND ".join(where)}
            ORDER BY n.received_at, n.id
            """,
                params,
            )
        )

    def quality_teams(self) -> list[str]:
        """Every team, station or school that has sent a notification, for the trainer's pickers."""
        sql = "SELECT DISTINCT team FROM notifications WHERE team IS NOT NULL ORDER BY 1"
        return [r[0] for r in self.db.execute(sql)]

    # -- supervisor sign-off

    def record_signoff(self, decision_id: int, outcome: str, by: str, comment: str = "") -> int:
        """A supervisor signs a decision off, or returns it to the researcher; audited, one transaction.

        Only the latest decision on a notification can be signed off, and only
        once: a ConflictError says so if someone got there first.
        """
        if outcome not in ("signed_off", "returned"):
            raise DecisionError(f"a decision can be signed off or returned, not {outcome!r}")
        with self.transaction():
            row = self.db.execute("SELECT notification_id FROM decisions WHERE id = ?", [decision_id]).fetchone()
            if row is None:
                raise DecisionError(f"there is no decision {decision_id}")
            notification_id = row[0]
            latest = self.db.execute(
                "SELECT max(id) FROM decisions WHERE notification_id = ?", [notification_id]
            ).fetchone()[0]
            if latest != decision_id:
                raise ConflictError("a newer decision has been made on this notification since: check that one instead")
            done = self.db.execute(
                "SELECT outcome, by FROM signoffs WHERE decision_id = ? ORDER BY id DESC LIMIT 1", [decision_id]
            ).fetchone()
            if done is not None:
                words = "signed off" if done[0] == "signed_off" else "returned to the researcher"
                raise ConflictError(f"this decision was already {words} by {done[1]}")
            signoff_id = (
                self.db["signoffs"]
                .insert(
                    {
                        "decision_id": decision_id,
                        "notification_id": notification_id,
                        "outcome": outcome,
                        "by": by,
                        "at": _iso(now()),
                        "comment": comment.strip(),
                    }
                )
                .last_pk
            )
            self._audit(
                by,
                "signed off" if outcome == "signed_off" else "returned to researcher",
                notification_id,
                f"decision {decision_id} {comment.strip()}".strip(),
            )
        return signoff_id

    def latest_signoff(self, notification_id: int) -> dict[str, Any] | None:
        """The sign-off or return of the latest decision on a notification, if any."""
        rows = list(
            self.db.query(
                "SELECT * FROM signoffs WHERE decision_id = "
                "(SELECT max(id) FROM decisions WHERE notification_id = ?) ORDER BY id DESC LIMIT 1",
                [notification_id],
            )
        )
        return rows[0] if rows else None

    def overrides_for_review(self) -> list[dict[str, Any]]:
        """The latest decision on each notification where it differs from the proposal it was made on,
        with that proposal's rating and the decision's sign-off (if any)."""
        return list(
            self.db.query(
                """
            SELECT n.id AS notification_id, n.ref, n.source, n.received_at, n.batch_id,
                   d.id AS decision_id, d.rag AS decided_rag, d.shortlisted AS decided_shortlisted,
                   d.decided_by, d.decided_at, d.reason, p.rag AS proposed_rag, p.shortlisted AS proposed_shortlisted,
                   so.outcome AS signoff, so.by AS signoff_by, so.at AS signoff_at, so.comment AS signoff_comment
            FROM decisions d JOIN notifications n ON n.id = d.notification_id
            LEFT JOIN proposals p ON p.id = d.proposal_id
            LEFT JOIN signoffs so ON so.id = (SELECT max(id) FROM signoffs WHERE decision_id = d.id)
            WHERE d.overrides = 1
              AND d.id = (SELECT max(id) FROM decisions WHERE notification_id = d.notification_id)
            ORDER BY d.decided_at DESC, d.id DESC
            """
            )
        )

    def performance_rows(self) -> list[dict[str, Any]]:
        """One lean row per notification for the supervisor's charts: source, when received, the proposal
        the latest decision was made on (else the latest proposal), that decision, and the first decision's time."""
        return list(
            self.db.query(
                """
            SELECT n.id AS notification_id, n.source, n.received_at,
                   p.rag AS proposed_rag, p.shortlisted AS proposed_shortlisted,
                   d.rag AS decided_rag, d.shortlisted AS decided_shortlisted, d.decided_by, d.decided_at,
                   d.overrides,
                   (SELECT min(decided_at) FROM decisions WHERE notification_id = n.id) AS first_decided_at
            FROM notifications n
            LEFT JOIN decisions d ON d.id = (SELECT max(id) FROM decisions WHERE notification_id = n.id)
            LEFT JOIN proposals p ON p.id = coalesce(
                d.proposal_id, (SELECT max(id) FROM proposals WHERE notification_id = n.id))
            ORDER BY n.id
            """
            )
        )

    # -- models

    def register_model(self, version: str, path: str, sha256: str, card: dict[str, Any], *, activate: bool) -> None:
        with self.transaction():
            if activate:
                self.db.execute("UPDATE models SET active = 0")
            self.db["models"].upsert(
                {
                    "version": version,
                    "path": path,
                    "sha256": sha256,
                    "created_at": _iso(now()),
                    "card": json.dumps(card),
                    "active": activate,
                },
                pk="version",
            )

    def active_model(self) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM models WHERE active = 1 LIMIT 1"))
        return rows[0] if rows else None

    def model(self, version: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM models WHERE version = ?", [version]))
        return rows[0] if rows else None

    def models(self) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM models ORDER BY created_at DESC"))

    def record_model(
        self, version: str, path: str, sha256: str, card: dict[str, Any], *, activate: bool, by: str, detail: str
    ) -> None:
        """Register a trained model and, if `activate`, make it the serving one; audited, one transaction.

        The file must already be written and verified: switching the active
        flag is the last step, so a failed retrain never touches the serving model.
        """
        with self.transaction():
            self.register_model(version, path, sha256, card, activate=activate)
            self._audit(by, "model promoted" if activate else "model refused", None, f"{version}: {detail}")

    def activate_model(self, version: str, by: str, detail: str = "") -> None:
        """Make an earlier model the serving one (a restore), audited in the same transaction."""
        with self.transaction():
            if self.model(version) is None:
                raise DatabaseError(f"there is no model {version!r}: see `triage models list` for the versions kept")
            self.db.execute("UPDATE models SET active = 0")
            self.db.execute("UPDATE models SET active = 1 WHERE version = ?", [version])
            self._audit(by, "model restored", None, f"{version} {detail}".strip())

    def decided_notifications(self) -> list[dict[str, Any]]:
        """Each decided notification: latest decision, the proposal it decided on, factors read, children's ages.

        `factors` is the space-separated present risk factors; `mentions` a JSON
        list of (role, age, dob) for working out the child's age band.
        """
        rows = list(
            self.db.query(
                """
            SELECT n.id AS notification_id, n.ref, n.source, n.received_at, n.text,
                   d.rag AS decided_rag, d.decided_at, d.decided_by, d.overrides,
                   p.rag AS proposed_rag, p.model_version,
                   (SELECT group_concat(r.factor, ' ') FROM risk_factors r
                     WHERE r.notification_id = n.id AND r.negated = 0 AND r.hypothetical = 0) AS factors,
                   (SELECT json_group_array(json_array(m.role, m.age, m.dob)) FROM mentions m
                     WHERE m.notification_id = n.id) AS mentions
            FROM decisions d JOIN notifications n ON n.id = d.notification_id
            LEFT JOIN proposals p ON p.id = d.proposal_id
            WHERE d.id = (SELECT max(id) FROM decisions WHERE notification_id = d.notification_id)
            ORDER BY d.decided_at, d.id
            """
            )
        )
        for r in rows:
            r["factors"] = sorted(set((r["factors"] or "").split()))
            r["mentions"] = json.loads(r["mentions"] or "[]")
        return rows

    # -- users

    def add_user(self, name: str, role: str, password_hash: str, by: str | None = None) -> None:
        with self.transaction():
            self.db["users"].upsert(
                {
                    "name": name,
                    "role": role,
                    "password_hash": password_hash,
                    "created_at": _iso(now()),
                    "failed_attempts": 0,
                    "locked_until": None,
                },
                pk="name",
            )
            self._audit(by, "user added", None, f"{name} as {role}")

    def users(self) -> list[dict[str, Any]]:
        """Every account without its password hash, for the admin's list."""
        return list(
            self.db.query(
                "SELECT name, role, created_at, failed_attempts, locked_until, disabled FROM users ORDER BY name"
            )
        )

    def set_user_disabled(self, name: str, disabled: bool, by: str) -> None:
        """Disable (or enable again) an account; audited in the same transaction. Accounts are never deleted,
        so the audit log's names keep meaning something."""
        with self.transaction():
            if self.user(name) is None:
                raise DecisionError(f"there is no account called {name!r}")
            self.db.execute("UPDATE users SET disabled = ? WHERE name = ?", [int(disabled), name])
            self._audit(by, "user disabled" if disabled else "user enabled", None, name)

    def user(self, name: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM users WHERE name = ?", [name]))
        return rows[0] if rows else None

    def update_user_sign_in(self, name: str, failed_attempts: int, locked_until: datetime | None) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE users SET failed_attempts = ?, locked_until = ? WHERE name = ?",
                [failed_attempts, _iso(locked_until), name],
            )

    def set_password_hash(self, name: str, password_hash: str) -> None:
        with self.transaction():
            self.db.execute("UPDATE users SET password_hash = ? WHERE name = ?", [password_hash, name])

    # -- audit log

    def _audit(self, user: str | None, action: str, notification_id: int | None, detail: str) -> None:
        prev = self.db.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        prev_hash = prev[0] if prev else "0" * 64
        at = _iso(now())
        digest = hashlib.sha256(json.dumps([prev_hash, at, user, action, notification_id, detail]).encode()).hexdigest()
        self.db.execute(
            "INSERT INTO audit_log (at, user, action, notification_id, detail, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [at, user, action, notification_id, detail, prev_hash, digest],
        )

    def audit(self, user: str | None, action: str, notification_id: int | None = None, detail: str = "") -> None:
        """Append to the tamper-evident audit log (each entry hashes the previous)."""
        with self.transaction():
            self._audit(user, action, notification_id, detail)

    def audit_entries(self, limit: int = 500) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", [limit]))

    def verify_audit(self) -> tuple[bool, int | None]:
        """Recompute the hash chain; return (ok, id of the first broken entry)."""
        prev_hash = "0" * 64
        for r in self.db.query("SELECT * FROM audit_log ORDER BY id"):
            digest = hashlib.sha256(
                json.dumps([prev_hash, r["at"], r["user"], r["action"], r["notification_id"], r["detail"]]).encode()
            ).hexdigest()
            if r["prev_hash"] != prev_hash or r["hash"] != digest:
                return False, r["id"]
            prev_hash = r["hash"]
        return True, None

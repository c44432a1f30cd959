"""Reading batch and records files (shared/domain/formats.md), row by row.

A row that cannot be used becomes a `RejectedRow` naming its line, field and
reason; the rest of the file is still read. Only a file that cannot be read at
all (missing, no header, a required column absent) raises `BatchFileError`.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Generic, TypeVar

from triage.errors import BatchFileError
from triage.guide import INVOLVEMENT_AGENCIES, SOURCES
from triage.records import Involvement, Notification, Person, RejectedRow

log = logging.getLogger(__name__)

T = TypeVar("T")

NOTIFICATION_COLUMNS = ("ref", "source", "received_at", "author", "team", "text")
NOTIFICATION_REQUIRED = ("ref", "source", "received_at", "text")
PERSON_COLUMNS = (
    "person_id",
    "given_name",
    "family_name",
    "dob",
    "sex",
    "address",
    "postcode",
    "school",
    "household_id",
)
PERSON_REQUIRED = ("person_id", "given_name", "family_name")
INVOLVEMENT_COLUMNS = ("person_id", "agency", "kind", "start_date", "end_date", "summary")
INVOLVEMENT_REQUIRED = ("person_id", "agency", "kind", "start_date")

EARLIEST_DATE = date(1900, 1, 1)

# A notification may be long (a 1 MB narrative is parsed, truncated, with a
# warning); the csv module's default 128 KB field limit would refuse the file.
csv.field_size_limit(min(sys.maxsize, 64 * 2**20))


@dataclass(frozen=True)
class ReadResult(Generic[T]):
    """The rows that could be used, and the ones that could not, with why."""

    rows: tuple[T, ...]
    rejects: tuple[RejectedRow, ...]


class RowError(ValueError):
    def __init__(self, field: str | None, reason: str):
        super().__init__(reason)
        self.field = field
        self.reason = reason


# ---------------------------------------------------------------- raw rows


def _is_jsonl(path: Path, head: str) -> bool:
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        return True
    if path.suffix.lower() == ".csv":
        return False
    return head.lstrip("\ufeff \t\r\n").startswith("{")


def _csv_rows(stream: io.TextIOBase, name: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str], str]]:
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        raise BatchFileError(f"{name} is empty: expected a header row with {', '.join(required)}") from None
    except csv.Error as exc:
        raise BatchFileError(f"{name}, line 1: cannot read the header: {exc}") from exc
    header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise BatchFileError(
            f"{name}, line 1: the header has no column {', '.join(missing)} (found: {', '.join(header)})"
        )
    line = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise BatchFileError(f"{name}, line {line}: the CSV cannot be read past here: {exc}") from exc
        start, line = line, reader.line_num + 1
        if not values or all(not v.strip() for v in values):
            continue
        raw = ",".join(values)
        if len(values) > len(header):
            yield start, {"__error__": f"{len(values)} values for {len(header)} columns"}, raw
            continue
        yield start, dict(zip(header, values + [""] * (len(header) - len(values)), strict=True)), raw


def _jsonl_rows(stream: io.TextIOBase, name: str) -> Iterator[tuple[int, dict[str, str], str]]:
    for number, line in enumerate(stream, start=1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield number, {"__error__": f"not valid JSON: {exc}"}, line
            continue
        if not isinstance(obj, dict):
            yield number, {"__error__": "each line must be a JSON object"}, line
            continue
        row = {}
        for k, v in obj.items():
            if isinstance(v, dict | list):
                row[str(k)] = json.dumps(v, ensure_ascii=False)
            else:
                row[str(k)] = "" if v is None else str(v)
        yield number, row, line


def read_rows(path: str | Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str], str]]:
    """(line number, row, raw text) for each record of a CSV or JSON Lines file.

    The file is streamed, never read whole, so a 100,000-row batch needs
    memory for one row at a time.
    """
    path = Path(path)
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise BatchFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with raw:
        head = raw.peek(64)[:64] if hasattr(raw, "peek") else b""
        # surrogateescape keeps undecodable bytes so the row holding them can be
        # rejected on its own, instead of refusing the whole file.
        stream = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
        if _is_jsonl(path, head.decode("utf-8", errors="ignore")):
            yield from _jsonl_rows(stream, path.name)
        else:
            yield from _csv_rows(stream, path.name, required)


# ---------------------------------------------------------------- fields


def _clean(row: dict[str, str], name: str) -> str:
    value = (row.get(name) or "").strip()
    if any("\udc80" <= ch <= "\udcff" for ch in value):
        raise RowError(name, f"invalid UTF-8 in {name}")
    return value


def _required(row: dict[str, str], name: str) -> str:
    value = _clean(row, name)
    if not value:
        raise RowError(name, f"{name} is missing")
    return value


def _optional(row: dict[str, str], name: str) -> str | None:
    return _clean(row, name) or None


def parse_datetime(value: str, name: str = "received_at") -> datetime:
    """ISO 8601 date or date-time; a timezone is converted to local naive time."""
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise RowError(name, f"{name} {value!r} is not an ISO 8601 date or date-time") from None
    if dt.tzinfo is not None:
        dt = dt.astimezone().replace(tzinfo=None)
    return dt


def parse_date(value: str | None, name: str, *, not_after: date | None = None) -> date | None:
    if not value:
        return None
    try:
        d = datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)
    except ValueError:
        raise RowError(name, f"{name} {value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None
    if d < EARLIEST_DATE or (not_after is not None and d > not_after):
        raise RowError(name, f"{name} {value} is impossible (before 1900 or in the future)")
    return d


def iter_items(
    path: str | Path,
    required: tuple[str, ...],
    make: Callable[[dict[str, str]], T],
    key: Callable[[T], object] | None = None,
) -> Iterator[T | RejectedRow]:
    """Each record as an item, or as a RejectedRow saying why not, in file order."""
    seen: dict[object, int] = {}
    for line, row, raw in read_rows(path, required):
        try:
            if "__error__" in row:
                raise RowError(None, row["__error__"])
            item = make(row)
            if key is not None:
                k = key(item)
                if k in seen:
                    raise RowError(None, f"duplicate of line {seen[k]} ({k})")
                seen[k] = line
        except RowError as exc:
            yield RejectedRow(line=line, reason=exc.reason, field=exc.field, raw=raw[:2000])
            continue
        yield item


def _read(
    path: str | Path,
    required: tuple[str, ...],
    make: Callable[[dict[str, str]], T],
    key: Callable[[T], object] | None = None,
) -> ReadResult[T]:
    rows: list[T] = []
    rejects: list[RejectedRow] = []
    for item in iter_items(path, required, make, key):
        (rejects if isinstance(item, RejectedRow) else rows).append(item)  # type: ignore[arg-type]
    if rejects:
        log.info("%s: %d rows read, %d rejected", Path(path).name, len(rows), len(rejects))
    return ReadResult(tuple(rows), tuple(rejects))


# ---------------------------------------------------------------- notifications


def _notification(row: dict[str, str]) -> Notification:
    source = _required(row, "source").lower()
    if source not in SOURCES:
        raise RowError("source", f"source {source!r} is not one of {', '.join(SOURCES)}")
    received_at = parse_datetime(_required(row, "received_at"))
    text = row.get("text") or ""
    if not text.strip():
        raise RowError("text", "text is missing")
    _clean({"text": text}, "text")
    extra = {k: v for k, v in row.items() if k not in NOTIFICATION_COLUMNS and k}
    return Notification(
        source=source,
        ref=_required(row, "ref"),
        received_at=received_at,
        text=text,
        author=_optional(row, "author"),
        team=_optional(row, "team"),
        extra=extra,
    )


def _notification_key(n: Notification) -> str:
    return f"{n.source} notification {n.ref}"


def iter_notifications(path: str | Path) -> Iterator[Notification | RejectedRow]:
    """A daily batch, streamed: each row a Notification or a RejectedRow.

    A repeated (source, ref) within the file is rejected as a duplicate.
    """
    return iter_items(path, NOTIFICATION_REQUIRED, _notification, key=_notification_key)


def read_notifications(path: str | Path) -> ReadResult[Notification]:
    """A whole daily batch in memory (for small files and tests)."""
    return _read(path, NOTIFICATION_REQUIRED, _notification, key=_notification_key)


# ---------------------------------------------------------------- records index


def _person(row: dict[str, str]) -> Person:
    return Person(
        person_id=_required(row, "person_id"),
        given_name=_required(row, "given_name"),
        family_name=_required(row, "family_name"),
        dob=parse_date(_optional(row, "dob"), "dob", not_after=date.today()),
        sex=_optional(row, "sex"),
        address=_optional(row, "address"),
        postcode=_optional(row, "postcode"),
        school=_optional(row, "school"),
        household_id=_optional(row, "household_id"),
    )


def read_persons(path: str | Path) -> ReadResult[Person]:
    return _read(path, PERSON_REQUIRED, _person, key=lambda p: p.person_id)


def read_involvements(path: str | Path, person_ids: set[str]) -> ReadResult[Involvement]:
    """History rows; each must refer to a person in `person_ids`."""

    def make(row: dict[str, str]) -> Involvement:
        person_id = _required(row, "person_id")
        if person_id not in person_ids:
            raise RowError("person_id", f"person_id {person_id} is not in the persons index")
        agency = _required(row, "agency").lower()
        if agency not in INVOLVEMENT_AGENCIES:
            raise RowError("agency", f"agency {agency!r} is not one of {', '.join(INVOLVEMENT_AGENCIES)}")
        start = parse_date(_required(row, "start_date"), "start_date")
        end = parse_date(_optional(row, "end_date"), "end_date")
        if start is not None and end is not None and end < start:
            raise RowError("end_date", f"end_date {end} is before start_date {start}")
        return Involvement(
            person_id=person_id,
            agency=agency,
            kind=_required(row, "kind").lower(),
            start_date=start,
            end_date=end,
            summary=_optional(row, "summary"),
        )  # type: ignore[arg-type]

    return _read(path, INVOLVEMENT_REQUIRED, make)

"""`triage link FILE.csv`: link a file of person rows against the records index.

Each row (the `persons` columns plus `row_id`; any column may be empty
except `row_id`) is read as if it were a person mentioned in a notification
and linked through the same blocking look-up (`Store.persons_by_keys`) and the
same Fellegi–Sunter scoring as notifications. The output is one line per row:
`row_id,person_id,probability`, the best candidate at or above the possible
threshold, or an empty person_id when there is none.

With `estimate=True` the m-probabilities are first re-estimated by EM over the
file's own candidate pairs (u stays as measured on the index), as Splink trains
on the two tables it links; the saved parameters are not changed.
"""

from __future__ import annotations

import csv
import logging
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from triage.config import Settings
from triage.errors import BatchFileError
from triage.match import (
    Matcher,
    MatchParams,
    TermFrequencies,
    mention_keys,
    person_as_mention,
    prepare_mention,
    prepare_person,
)
from triage.match_em import apply_em, count_patterns
from triage.records import Person
from triage.store import Store

log = logging.getLogger(__name__)

LINK_COLUMNS = ("row_id", "person_id", "probability")


@dataclass(frozen=True)
class LinkResult:
    row_id: str
    person_id: str | None
    probability: float


def _date_or_none(value: str | None, row_id: str) -> date | None:
    """ISO or YYYYMMDD; anything else (or an impossible date) is treated as missing, with a log line."""
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%Y%m%d", "%d/%m/%Y"):
        try:
            d = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if date(1900, 1, 1) <= d <= date.today():
            return d
        break
    log.warning("row %s: date of birth %r is not a usable date; linked without it", row_id, value)
    return None


def read_link_rows(path: str | Path) -> Iterator[Person]:
    """Rows of a link file as Person objects whose person_id is the row's row_id."""
    path = Path(path)
    try:
        f = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise BatchFileError(f"cannot read {path}: {exc}") from exc
    with f:
        reader = csv.DictReader(f)
        if not reader.fieldnames or "row_id" not in reader.fieldnames:
            raise BatchFileError(f"{path.name} has no row_id column: the first line must name the columns")
        for row in reader:
            row_id = (row.get("row_id") or "").strip()
            if not row_id:
                log.warning("%s line %d: no row_id; skipped", path.name, reader.line_num)
                continue

            def text(name: str, row: dict[str, str | None] = row) -> str | None:
                return (row.get(name) or "").strip() or None

            yield Person(
                person_id=row_id, given_name=text("given_name") or "", family_name=text("family_name") or "",
                dob=_date_or_none(row.get("dob"), row_id), sex=text("sex"), address=text("address"),
                postcode=text("postcode"), school=text("school"), household_id=text("household_id"),
            )


def matcher_for_store(store: Store, settings: Settings | None = None) -> Matcher:
    """The matcher as scoring uses it: the saved parameters and the index's name frequencies."""
    saved = store.match_params()
    params = MatchParams.from_dict(saved) if saved else MatchParams()
    return Matcher(settings or Settings(), params, TermFrequencies.from_persons(store.all_persons()))


def estimate_for_rows(
    matcher: Matcher, rows: Sequence[Person], store: Store, as_of: date, *, max_rows: int = 5_000, seed: int = 0
) -> Matcher:
    """A matcher whose m comes from EM over these rows' candidate pairs (u unchanged)."""
    sample = list(rows) if len(rows) <= max_rows else random.Random(seed).sample(list(rows), max_rows)
    pairs = []
    for row in sample:
        mention = person_as_mention(row)
        a = prepare_mention(mention)
        keys = mention_keys(mention, as_of)
        pairs.extend((a, prepare_person(p)) for p in (store.persons_by_keys(keys) if keys else ()))
    params = apply_em(matcher.params, count_patterns(pairs, as_of), source="candidate pairs of the link file",
                      rows=len(sample))
    return Matcher(matcher.settings, params, matcher.frequencies)


def link_persons(
    rows: Sequence[Person], store: Store, matcher: Matcher, as_of: date | None = None, *, estimate: bool = True
) -> list[LinkResult]:
    """The best record for each row, through the store's blocking index."""
    as_of = as_of or date.today()
    if estimate and rows:
        matcher = estimate_for_rows(matcher, rows, store, as_of)
    out = []
    for row in rows:
        cands = matcher.link([person_as_mention(row)], store.persons_by_keys, as_of)
        best = cands[0] if cands else None
        out.append(LinkResult(row.person_id, best.person_id if best else None, best.probability if best else 0.0))
    return out


def write_links(results: Sequence[LinkResult], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LINK_COLUMNS)
    for r in results:
        writer.writerow([r.row_id, r.person_id or "", f"{r.probability:.6f}"])


def link_file(
    store: Store, path: str | Path, out: TextIO, settings: Settings | None = None, *,
    as_of: date | None = None, estimate: bool = True,
) -> dict[str, int]:
    """Read FILE.csv, link every row, write `row_id,person_id,probability`; counts for the summary."""
    rows = list(read_link_rows(path))
    results = link_persons(rows, store, matcher_for_store(store, settings), as_of, estimate=estimate)
    write_links(results, out)
    linked = sum(1 for r in results if r.person_id)
    return {"rows": len(results), "linked": linked, "unlinked": len(results) - linked}

"""Seeded synthetic data for triage: a records index, daily batches and a labelled corpus.

Usage: ``python -m training.generate --out data/samples --seed 7``

Labels are never hand-written: each notification's ground-truth facts go
through `triage.rules.apply_rules`, the same code that checks live proposals,
with agency history from `triage.features.history_from_involvements`. So the
labels are exactly the triage guide's, and change when the rules change.

Conventions the rest of the project relies on:

* Same seed, same arguments -> byte-identical files and identical corpora.
  Every function takes its own `random.Random`; nothing touches global state.
* The held-out split is by ref: `is_held_out(ref)` is true for ~20% of refs,
  decided by a stable hash, so a notification stays on its side across runs.
* History for a notification = involvements (started on or before the day it
  was received) of every person named who is in the index ("child"), and of
  everyone in their households ("household").
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import hashlib
import io
import json
import logging
import random
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

from training import names as N
from training.cast import Population
from training.compose import Draft
from training.phrases import CONTEXT, CONTEXT_SLOTS
from training.population import generate_records
from training.render import finish, make_writer, render
from training.scenarios import SCENARIOS, pick_scenario
from triage.features import history_from_involvements
from triage.records import GuideFacts, History, Involvement, Person
from triage.rules import apply_rules

log = logging.getLogger(__name__)

__all__ = [
    "NOTIFICATION_COLUMNS", "PERSON_COLUMNS", "INVOLVEMENT_COLUMNS", "BATCH_DATES",
    "generate_records", "generate_corpus", "label", "split", "is_held_out",
    "write_records", "load_records", "write_notifications", "write_truth", "write_bad_batch", "write_samples", "main",
]

NOTIFICATION_COLUMNS = ("ref", "source", "received_at", "author", "team", "text")
PERSON_COLUMNS = ("person_id", "given_name", "family_name", "dob", "sex", "address", "postcode", "school",
                  "household_id")
INVOLVEMENT_COLUMNS = ("person_id", "agency", "kind", "start_date", "end_date", "summary")
BATCH_DATES = (date(2026, 11, 20), date(2026, 11, 21), date(2026, 11, 22))

SOURCE_MIX = {"police": 0.7, "school": 0.14, "health": 0.14, "other": 0.02}
REF_PREFIX = {"police": "PPN", "school": "SCH", "health": "HLT", "other": "OTH"}
# When notifications arrive (hour of day -> weight): police overnight PPNs land through the day,
# schools and health in working hours.
HOURS = {
    "police": [1, 1, 1, 1, 1, 2, 3, 5, 6, 6, 5, 5, 4, 4, 4, 4, 3, 3, 3, 3, 3, 2, 2, 1],
    "school": [0, 0, 0, 0, 0, 0, 0, 1, 3, 4, 4, 4, 4, 4, 4, 4, 3, 2, 1, 0, 0, 0, 0, 0],
    "health": [0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 4, 4, 3, 4, 4, 4, 3, 2, 1, 1, 0, 0, 0, 0],
    "other": [0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 4, 4, 3, 4, 4, 4, 3, 2, 1, 0, 0, 0, 0, 0],
}
HELD_OUT_SHARE = 0.2


# --- labelling ---------------------------------------------------------------------

def label(factors: Iterable[str], dash_level: str | None, youngest_child_age: int | None,
          history: History) -> tuple[str, list[str]]:
    """The guide's rating and the names of the rules that fired: the only source of labels."""
    facts = GuideFacts(factors=frozenset(factors), dash_level=dash_level,
                       youngest_child_age=youngest_child_age, history=history)
    rag, hits = apply_rules(facts)
    return rag, [h.rule for h in hits]


def history_for(pop: Population, person_ids: Sequence[str], on: date) -> History:
    """Agency history of the people named, and of their households, as of a day."""
    household_ids = sorted({p.person_id for pid in person_ids for p in pop.household_of(pid)})
    return history_from_involvements(pop.involvements_for(person_ids), pop.involvements_for(household_ids), as_of=on)


# --- the corpus ------------------------------------------------------------------------

def _received_at(rng: random.Random, source: str, start: date, end: date) -> datetime:
    day = start + timedelta(days=rng.randint(0, max((end - start).days, 0)))
    hour = rng.choices(range(24), weights=HOURS[source])[0]
    return datetime(day.year, day.month, day.day, hour, rng.randint(0, 59))


def _history_note(d: Draft, h: History) -> None:
    """Officers sometimes note what their own systems show; true to the index, never a factor."""
    if not d.optional(0.5):
        return
    if h.open_cp_plan:
        d.pick("history", ("the children are subject to a child protection plan", "family open to CSC (CP plan)",
                           "CP plan in place per police systems"))
    elif h.cin_plan:
        d.pick("history", ("family are open to children's services (CIN)", "CIN plan in place"))
    elif max(h.child_notifications_12m, h.household_notifications_12m) >= 3:
        d.pick("history", ("there have been several previous PPNs for this family this year",
                           "this is one of a number of recent incidents at the address",
                           "repeat calls to the address"))
    elif h.previous_cp_plan:
        d.pick("history", ("the children were previously on a CP plan", "previous CP involvement"))


def _context(d: Draft) -> None:
    """Neutral detail a thorough writer adds (relationship, interpreter, CAD numbers): length without factors."""
    rng = d.rng
    n = sum(rng.random() < d.writer.detail for _ in range(6)) - 2
    if n <= 0:
        return
    groups = ["child", d.writer.source if d.writer.source in CONTEXT else "health"]
    if "v" in d.bound and "s" in d.bound:
        groups.append("da")
    extra = {"n": str(rng.randint(2, 12)), "cad": str(rng.randint(100, 999)), "crime": f"{rng.randint(0, 999999):06d}",
             "sgt": f"PS {rng.randint(1000, 9999)}"}
    for template in rng.sample([t for g in groups for t in CONTEXT[g]], k=n):
        template = re.sub(r"\[(\w+)\]", lambda m: rng.choice(CONTEXT_SLOTS[m.group(1)]), template)
        for key, value in extra.items():
            template = template.replace("{" + key + "}", value)
        d.say(rng.choice(("history", "incident", "children")) if "{c}" in template else "history", template)


def _one(rng: random.Random, pop: Population, source: str, received_at: datetime) -> dict:
    scenario = pick_scenario(rng, source)
    town = rng.choices(list(N.TOWN_WEIGHTS), weights=list(N.TOWN_WEIGHTS.values()))[0]
    writer = make_writer(rng, source, town, scenario)
    d = Draft(rng, writer, received_at, scenario)
    SCENARIOS[scenario](d, pop)
    if d.town != writer.town:  # the officer works where the family lives
        d.writer = dataclasses.replace(writer, town=d.town, team=writer.team.replace(writer.town, d.town))
    matched = [a.person_id for a in d.actors if a.person_id]
    history = history_for(pop, matched, received_at.date())
    _history_note(d, history)
    _context(d)
    if not d.optional(1.5):
        d.sections.pop("action", None)
    finish(d)
    text = render(d)
    negated = sorted(d.negated - d.factors)
    rag, rules = label(d.factors, d.dash, d.youngest_child_age(), history)
    truth = {
        "factors": sorted(d.factors),
        "negated": negated,
        "dash_level": d.dash,
        "youngest_child_age": d.youngest_child_age(),
        "people": d.people_truth(),
        "rules": rules,
        "quality_items": sorted(d.items),
        "scenario": scenario,
        "history": list(history.evidence),
    }
    return {
        "ref": "", "source": source, "received_at": received_at.isoformat(timespec="seconds"),
        "author": d.writer.author, "team": d.writer.team, "text": text,
        "rag": rag, "shortlisted": rag in ("RED", "AMBER"), "truth": truth,
    }


def generate_corpus(seed: int, n: int, persons: Sequence[Person], involvements: Sequence[Involvement],
                    start_date: date = date(2026, 5, 1), end_date: date = date(2026, 11, 19)) -> list[dict]:
    """`n` labelled notifications received between the two dates, sorted by received_at.

    Each dict has the batch columns (ref, source, received_at, author, team, text)
    plus `rag`, `shortlisted` and `truth` (see the module docstring and README).
    """
    t0 = time.perf_counter()
    rng = random.Random(f"corpus-{seed}-{start_date}-{end_date}")
    pop = Population(persons, involvements, seed)
    sources = list(SOURCE_MIX)
    rows = []
    for _ in range(n):
        source = rng.choices(sources, weights=list(SOURCE_MIX.values()))[0]
        rows.append(_one(rng, pop, source, _received_at(rng, source, start_date, end_date)))
    rows.sort(key=lambda r: r["received_at"])
    # Sequential refs per source, starting from a number tied to the first day so batches don't collide.
    counters = {s: start_date.timetuple().tm_yday * 60 + rng.randint(1, 40) for s in sources}
    for r in rows:
        counters[r["source"]] += 1
        width = 6 if r["source"] == "police" else 5
        r["ref"] = f"{REF_PREFIX[r['source']]}-{r['received_at'][:4]}-{counters[r['source']]:0{width}d}"
    log.info("generated %d notifications in %.2fs: %s", n, time.perf_counter() - t0,
             dict(Counter(r["rag"] for r in rows)))
    return rows


def is_held_out(ref: str, share: float = HELD_OUT_SHARE) -> bool:
    """Whether a notification belongs to the evaluation split: a stable hash of its ref."""
    digest = hashlib.sha256(ref.encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < share


def split(corpus: Sequence[dict], share: float = HELD_OUT_SHARE) -> tuple[list[dict], list[dict]]:
    """(train, held_out), by `is_held_out` on each ref."""
    train = [r for r in corpus if not is_held_out(r["ref"], share)]
    test = [r for r in corpus if is_held_out(r["ref"], share)]
    return train, test


# --- files ---------------------------------------------------------------------------------

def _csv_text(columns: Sequence[str], rows: Iterable[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row[k]) for k in columns})
    return buf.getvalue()


def write_records(out: Path, persons: Sequence[Person], involvements: Sequence[Involvement]) -> None:
    """persons.csv and involvements.csv, columns exactly as formats.md."""
    def iso(d: date | None) -> str:
        return d.isoformat() if d else ""

    prow = [{**dataclasses.asdict(p), "dob": iso(p.dob)} for p in persons]
    irow = [{**dataclasses.asdict(i), "start_date": iso(i.start_date), "end_date": iso(i.end_date)}
            for i in involvements]
    (out / "persons.csv").write_text(_csv_text(PERSON_COLUMNS, prow), encoding="utf-8")
    (out / "involvements.csv").write_text(_csv_text(INVOLVEMENT_COLUMNS, irow), encoding="utf-8")


def load_records(folder: Path) -> tuple[list[Person], list[Involvement]]:
    """Read persons.csv and involvements.csv back into the contract dataclasses."""
    def d(s: str) -> date | None:
        return date.fromisoformat(s) if s else None

    with open(folder / "persons.csv", encoding="utf-8", newline="") as f:
        persons = [Person(r["person_id"], r["given_name"], r["family_name"], d(r["dob"]), r["sex"] or None,
                          r["address"] or None, r["postcode"] or None, r["school"] or None, r["household_id"] or None)
                   for r in csv.DictReader(f)]
    with open(folder / "involvements.csv", encoding="utf-8", newline="") as f:
        involvements = [Involvement(r["person_id"], r["agency"], r["kind"], d(r["start_date"]), d(r["end_date"]),
                                    r["summary"] or None) for r in csv.DictReader(f)]
    return persons, involvements


def write_notifications(path: Path, rows: Sequence[dict]) -> None:
    """A batch file: CSV or JSON Lines by suffix, batch columns only."""
    if path.suffix == ".jsonl":
        lines = [json.dumps({k: r.get(k) for k in NOTIFICATION_COLUMNS}, ensure_ascii=False) for r in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        path.write_text(_csv_text(NOTIFICATION_COLUMNS, rows), encoding="utf-8")


def write_truth(path: Path, rows: Sequence[dict]) -> None:
    """Ground truth for a batch: ref, source, rag, shortlisted, truth (one JSON object a line)."""
    lines = [json.dumps({"ref": r["ref"], "source": r["source"], "rag": r["rag"], "shortlisted": r["shortlisted"],
                         "truth": r["truth"]}, ensure_ascii=False, sort_keys=True) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


BAD_ROWS = """\
`bad-batch.csv` (8 data rows; row n is file line n+1 because no text holds a newline):

| row | ref | what ingest should do |
|---|---|---|
| 1 | PPN-2026-009001 | import (good) |
| 2 | PPN-2026-009002 | reject: `text` is empty (required) |
| 3 | FRS-2026-000017 | reject: `source` is "fire", not police/school/health/other |
| 4 | PPN-2026-009003 | reject: `received_at` is "yesterday", not an ISO 8601 date-time |
| 5 | SCH-2026-00990 | import (good; the text holds commas, "quotes" and an apostrophe) |
| 6 | PPN-2026-009001 | reject or skip: duplicate (source, ref) of row 1 within the file |
| 7 | HLT-2026-00990 | import (good) |
| 8 | (empty) | reject: `ref` is empty (required) |
"""
README_TEMPLATE = Path(__file__).with_name("samples_readme.md")


def write_bad_batch(path: Path, good: Sequence[dict]) -> None:
    """The batch ingest must partly reject; BAD_ROWS says what is wrong with each row."""
    g = [dict(r) for r in good[:3]]
    rows = [
        {**g[0], "ref": "PPN-2026-009001", "source": "police"},
        {**g[1], "ref": "PPN-2026-009002", "source": "police", "text": ""},
        {**g[1], "ref": "FRS-2026-000017", "source": "fire", "author": "WM 112", "team": "Exeter Fire Station",
         "text": "Fire crew attended a kitchen fire at the address; two children present, no injuries."},
        {**g[2], "ref": "PPN-2026-009003", "source": "police", "received_at": "yesterday"},
        {"ref": "SCH-2026-00990", "source": "school", "received_at": g[0]["received_at"],
         "author": "Mrs K O'Neill", "team": "Westfield Academy",
         "text": "Year 6 pupil said \"I'm hungry, there's no food at home\", and has worn the same clothes all week."},
        {**g[2], "ref": "PPN-2026-009001", "source": "police", "text": "Duplicate of row 1 with different text."},
        {"ref": "HLT-2026-00990", "source": "health", "received_at": g[1]["received_at"], "author": "Anna Nowak",
         "team": "Exeter Health Visiting Team",
         "text": "Health visitor: mum engaging well, baby gaining weight, no concerns, for information only."},
        {**g[0], "ref": "", "source": "police"},
    ]
    for r in rows:
        r["text"] = " ".join(r["text"].split())  # one physical line per row, so line numbers are simple
    path.write_text(_csv_text(NOTIFICATION_COLUMNS, rows), encoding="utf-8")


def write_samples(out: Path, seed: int) -> dict[str, object]:
    """Everything in data/samples: index, three daily batches with truth, the bad batch, README."""
    out.mkdir(parents=True, exist_ok=True)
    persons, involvements = generate_records(seed)
    write_records(out, persons, involvements)
    summary: dict[str, object] = {"persons": len(persons), "involvements": len(involvements)}
    batches: list[list[dict]] = []
    for i, day in enumerate(BATCH_DATES):
        rows = generate_corpus(seed * 1000 + i, 60, persons, involvements, day, day)
        suffix = ".jsonl" if i == 1 else ".csv"
        write_notifications(out / f"batch-{day}{suffix}", rows)
        write_truth(out / f"truth-{day}.jsonl", rows)
        batches.append(rows)
        summary[f"batch-{day}"] = dict(sorted(Counter(r["rag"] for r in rows).items()))
    write_bad_batch(out / "bad-batch.csv", batches[0])
    readme = README_TEMPLATE.read_text(encoding="utf-8").format(seed=seed, bad=BAD_ROWS)
    (out / "README.md").write_text(readme, encoding="utf-8")
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("data/samples"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    t0 = time.perf_counter()
    summary = write_samples(args.out, args.seed)
    print(f"wrote {args.out} in {time.perf_counter() - t0:.1f}s: {json.dumps(summary)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

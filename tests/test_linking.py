"""Linking files and notifications against the store's index; parameters learnt by EM.

Small, fast cases: a handful of records in a real SQLite store, driven through
the same functions (and the same `triage` command) the hub uses.
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from typer.testing import CliRunner

from triage.cli import app
from triage.config import ROOT, Settings
from triage.linking import link_file, matcher_for_store
from triage.match import (
    Matcher,
    MatchParams,
    blocking_keys,
    compare_address,
    compare_postcode,
    estimate_params,
    mention_keys,
    outcome_vector,
    person_keys,
    prepare_mention,
    prepare_person,
)
from triage.match_em import apply_em, run_em
from triage.pipeline import Stages, import_records
from triage.records import Mention, Notification, ParsedNotification, Person, Proposal
from triage.store import Store

AS_OF = date(2026, 11, 23)
runner = CliRunner()

INDEX = [
    Person("P1", "Kayleigh", "Smith", date(2015, 4, 3), "F", "12 Acacia Road", "EX4 3AB", None, "H1"),
    Person("P2", "Jordan", "Smith", date(2012, 9, 20), "M", "12 Acacia Road", "EX4 3AB", None, "H1"),
    Person("P3", "Donna", "Smith", date(1988, 1, 15), "F", "12 Acacia Road", "EX4 3AB", None, "H1"),
    Person("P4", "Michael", "O'Brien", date(1979, 11, 2), "M", "3 Mill Lane", "EX2 5DW", None, "H2"),
]


def mention(given: str | None, family: str | None, **kw) -> Mention:
    text = " ".join(x for x in (given, family) if x)
    return Mention(text=text, start=0, end=len(text), given_name=given, family_name=family, **kw)


@pytest.fixture
def store(store):
    store.import_persons(INDEX, person_keys)
    return store


def write_csv(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


# --- triage link FILE.csv ----------------------------------------------------


def test_link_file_writes_the_best_record_per_row_or_nothing(store, tmp_path):
    path = write_csv(tmp_path / "in.csv", ["row_id", "given_name", "family_name", "dob", "postcode"], [
        ["r1", "KAYLEIGH", "SMITH", "2015-04-03", "EX4 3AB"],
        ["r2", "Mike", "OBRIEN", "02/11/1979", ""],  # nickname, dd/mm/yyyy
        ["r3", "Zbigniew", "Kowalczyk", "2001-01-01", ""],  # not on the index
        ["r4", "", "", "not a date", ""],  # nothing to look up: still gets its line
    ])
    out = io.StringIO()
    counts = link_file(store, path, out, Settings(), as_of=AS_OF, estimate=False)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["row_id"], r["person_id"]) for r in rows] == [("r1", "P1"), ("r2", "P4"), ("r3", ""), ("r4", "")]
    assert float(rows[0]["probability"]) > 0.99 and rows[2]["probability"] == "0.000000"
    assert counts == {"rows": 4, "linked": 2, "unlinked": 2}


def test_the_link_command_reads_a_csv_and_writes_row_id_person_id_probability(tmp_path):
    db = tmp_path / "t.db"
    persons = write_csv(tmp_path / "persons.csv", ["person_id", "given_name", "family_name", "dob", "postcode"],
                        [[p.person_id, p.given_name, p.family_name, p.dob.isoformat(), p.postcode] for p in INDEX])
    result = runner.invoke(app, ["--db", str(db), "records", "import", "--persons", str(persons)])
    assert result.exit_code == 0, result.output
    rows = write_csv(tmp_path / "rows.csv", ["row_id", "given_name", "family_name", "dob"],
                     [["a", "Jordan", "Smith", "2012-09-20"], ["b", "Nobody", "Known", ""]])
    out = tmp_path / "links.csv"
    result = runner.invoke(app, ["--db", str(db), "link", str(rows), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert lines[0] == "row_id,person_id,probability"
    assert lines[1].startswith("a,P2,") and lines[2] == "b,,0.000000"


def test_a_link_file_without_row_id_is_refused_with_a_clear_message(store, tmp_path):
    path = write_csv(tmp_path / "in.csv", ["given_name"], [["Kayleigh"]])
    result = runner.invoke(app, ["--db", store.path, "link", str(path)])
    assert result.exit_code == 1
    assert "row_id" in result.output


# --- bad records files ------------------------------------------------------------


def test_records_import_reports_bad_rows_and_imports_the_rest(tmp_path):
    persons = write_csv(tmp_path / "persons.csv", ["person_id", "given_name", "family_name", "dob"], [
        ["P1", "Kayleigh", "Smith", "2015-04-03"],
        ["P1", "Kayleigh", "Smith", "2015-04-03"],  # duplicate person_id
        ["P2", "Jordan", "Smith", "2015-02-30"],  # impossible date
        ["P3", "Donna", "Smith", "2090-01-01"],  # in the future
        ["P4", "", "O'Brien", "1979-11-02"],  # no given name
        ["P5", "Liam", "", "2016-08-08"],  # no family name
        ["P6", "Aisha", "Jones", "2010-02-07"],
    ])
    db = tmp_path / "t.db"
    result = runner.invoke(app, ["--db", str(db), "records", "import", "--persons", str(persons)])
    assert result.exit_code == 0, result.output
    assert "persons imported: 2" in result.output
    assert "5 person rows rejected" in result.output
    for words in ("duplicate of line 2", "not an ISO 8601 date", "impossible", "given_name is missing",
                  "family_name is missing"):
        assert words in result.output
    store = Store(db)
    assert store.person_ids() == {"P1", "P6"}
    assert store.persons_by_keys(person_keys(INDEX[0]))[0].person_id == "P1"
    store.close()


# --- the store's blocking index ----------------------------------------------------


def test_re_importing_a_changed_record_replaces_its_keys(store):
    moved = Person("P4", "Michael", "O'Brien", date(1979, 11, 2), "M", "9 New Street", "PL1 1AA", None, "H9")
    store.import_persons([moved], person_keys)
    assert [p.postcode for p in store.persons_by_keys(person_keys(moved))] == ["PL1 1AA"]
    old_only = sorted(set(person_keys(INDEX[3])) - set(person_keys(moved)))
    assert old_only and store.persons_by_keys(old_only) == []


# --- rejected pairs are never proposed again ---------------------------------------


def proposal() -> Proposal:
    return Proposal(rag="AMBER", shortlisted=True, priority=0.5, probabilities={"AMBER": 1.0}, model_version="v1",
                    model_rag="AMBER")


def test_a_rejected_match_is_never_proposed_again_after_re_scoring(store):
    batch = store.add_batch("b.csv", [Notification("police", "PPN-1", datetime(2026, 11, 23, 9), "Kayleigh SMITH")])
    nid = batch["notification_ids"][0]
    mentions = (mention("Kayleigh", "Smith", dob=date(2015, 4, 3)),)
    matcher = Matcher()
    first = matcher.link(mentions, store.persons_by_keys, AS_OF)
    assert (first[0].person_id, first[0].band) == ("P1", "match")
    store.save_analysis(nid, ParsedNotification(mentions=mentions), first, proposal())
    match_id = next(r["id"] for r in store.candidates(nid) if r["person_id"] == "P1")
    store.set_match_status(match_id, "rejected", by="researcher1")

    # Re-scoring: the matcher is told what was rejected, and the store keeps the decision.
    rejected = {(r["mention_idx"], r["person_id"]) for r in store.candidates(nid) if r["status"] == "rejected"}
    again = matcher.link(mentions, store.persons_by_keys, AS_OF, rejected=rejected)
    assert all(c.person_id != "P1" for c in again)
    store.save_analysis(nid, ParsedNotification(mentions=mentions), first, proposal())  # even if offered again
    rows = [(r["person_id"], r["status"]) for r in store.candidates(nid) if r["person_id"] == "P1"]
    assert rows == [("P1", "rejected")]
    assert "P1" not in store.confirmed_or_confident_person_ids(nid)


# --- comparisons added for real-world mistakes ----------------------------------------


def test_names_written_the_other_way_round_are_found_and_explained():
    m = mention("SMITH", "Kayleigh", dob=date(2015, 4, 3))
    assert set(person_keys(INDEX[0])) & set(mention_keys(mention("SMITH", "Kayleigh"), AS_OF))
    outcomes = dict(outcome_vector(prepare_mention(m), prepare_person(INDEX[0]), AS_OF))
    assert outcomes["given_name"] == "names_swapped" and outcomes["family_name"] == "exact"
    comps = Matcher().compare(m, INDEX[0], AS_OF)
    assert comps[0].describe().startswith("given name given and family names swapped +")


def test_a_transposed_postcode_still_shares_a_key_and_reads_as_one_character_off():
    a = set(blocking_keys("Kayleigh", "Smith", None, "EX4 3AB"))
    b = set(blocking_keys("Kayleigh", "Smith", None, "EX4 3BA"))
    assert any(k.startswith("pc:") for k in a & b)
    assert compare_postcode("EX43AB", "EX43BA") == "one_typo"
    assert compare_postcode("EX43AB", "EX49ZZ") == "district"


def test_neighbours_addresses_are_only_partly_similar():
    assert compare_address("12 acacia road", "12 acacia road exeter", "exact") == "similar_same_postcode"
    assert compare_address("12 acacia road", "14 acacia road", "exact") == "partly_similar"
    assert compare_address("12 acacia road", "3 mill lane", "different") == "different"


def test_the_same_house_is_a_blocking_key_even_when_names_and_dob_are_mangled():
    a = set(blocking_keys("K", "Smyth", None, None, address="12 Acacia Road, Exeter"))
    assert "ad:12:AKX" in a & set(person_keys(INDEX[0]))  # house number and the sound of "Acacia"


# --- EM -------------------------------------------------------------------------------


def simulated_patterns(n_match: int, n_non: int, seed: int = 3) -> tuple[Counter, dict[str, dict[str, float]]]:
    """Comparison patterns drawn from a known m (matches) and u (non-matches)."""
    rng = random.Random(seed)
    true_m = {
        "given_name": {"exact": 0.7, "fuzzy": 0.2, "different": 0.1},
        "family_name": {"exact": 0.9, "different": 0.1},
        "dob": {"exact": 0.6, "one_digit": 0.3, "different": 0.1},
    }
    u = {
        "given_name": {"exact": 0.05, "fuzzy": 0.05, "different": 0.9},
        "family_name": {"exact": 0.3, "different": 0.7},
        "dob": {"exact": 0.01, "one_digit": 0.04, "different": 0.95},
    }

    def draw(dist):
        return tuple((f, rng.choices(list(o), weights=list(o.values()))[0]) for f, o in dist.items())

    return Counter([draw(true_m) for _ in range(n_match)] + [draw(u) for _ in range(n_non)]), true_m


def test_em_recovers_m_probabilities_from_unlabelled_pairs():
    patterns, true_m = simulated_patterns(3000, 7000)
    params = MatchParams()
    result = run_em(patterns, params)
    assert result.converged
    assert result.match_share == pytest.approx(0.3, abs=0.03)
    for f, outcomes in true_m.items():
        for o, p in outcomes.items():
            assert result.m[f][o] == pytest.approx(p, abs=0.04), (f, o)


def test_em_keeps_the_defaults_when_the_pairs_hold_no_plain_duplicates():
    patterns, _ = simulated_patterns(0, 5000)
    params = apply_em(MatchParams(), patterns, source="test pairs")
    assert params.m == MatchParams().m
    assert "too few for EM" in params.notes["m"]


def test_index_with_duplicates_gets_m_from_em_and_it_is_saved_with_the_params(tmp_path):
    rng = random.Random(1)
    given = ["Olivia", "Amelia", "Isla", "Jack", "Harry", "Noah", "Kayleigh", "Liam", "Mia", "Leo", "Ava", "Oscar"]
    family = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Patel", "Khan", "Davies",
              "Okafor", "Nowak", "Hughes", "Clarke", "Ahmed"]
    persons = []
    for i in range(1500):
        p = Person(f"S{i}", rng.choice(given), rng.choice(family),
                   date(1980, 1, 1) + timedelta(days=rng.randrange(13_000)), None, f"{i % 97 + 1} Long Road",
                   f"EX{i % 9 + 1} {i % 7 + 1}AB", None, f"H{i}")
        persons.append(p)
        if i % 5 == 0:  # a second record of one person from another agency, with a typo or two
            dob = p.dob if rng.random() < 0.7 else p.dob + timedelta(days=1)
            persons.append(Person(f"D{i}", p.given_name if rng.random() < 0.8 else p.given_name[:-1] + "e",
                                  p.family_name, dob, None, p.address, p.postcode, None, f"G{i}"))
    params = estimate_params(persons, as_of=AS_OF, n_pairs=20_000)
    assert params.notes["m"].startswith("EM over")
    assert params.m != MatchParams().m
    assert params.m["dob"]["exact"] > 0.6
    store = Store(tmp_path / "t.db")
    store.save_match_params(params.to_dict(), len(persons))
    assert MatchParams.from_dict(store.match_params()) == params
    assert matcher_for_store(store).params == params
    store.close()


def test_a_wholly_wrong_dob_is_found_by_the_wider_look_up(store):
    # Narrow keys (birth month, dob, day/month) all miss; the name keys of the wider look-up find her.
    m = mention("Kayleigh", "Smith", dob=date(2001, 12, 25))
    assert not set(mention_keys(m, AS_OF)) & set(person_keys(INDEX[0]))
    cands = Matcher(Settings(possible_threshold=1e-9)).link([m], store.persons_by_keys, AS_OF)
    assert cands and cands[0].person_id == "P1" and cands[0].band != "match"


def test_a_name_alone_still_shows_the_records_of_that_name_for_a_person_to_decide(tmp_path):
    """The demo index holds two Leanne PEARCEs. A notification naming her with no date of birth, age or address
    cannot say which (about 43% each), but hiding both would hide their history: both are shown as possible,
    neither proposed."""
    s = Store(tmp_path / "t.db")
    samples = ROOT / "data" / "samples"
    import_records(s, samples / "persons.csv", samples / "involvements.csv")
    matcher = Stages(s, Settings()).matcher
    cands = matcher.link([mention("Leanne", "PEARCE")], s.persons_by_keys, AS_OF)
    assert sorted(c.person_id for c in cands) == ["P000542", "P003018"]
    assert {c.band for c in cands} == {"possible"} and all(0.3 <= c.probability < 0.9 for c in cands)
    s.close()

"""End to end through the command line: records, a batch, a model, proposals, export."""

import json

import pytest
from typer.testing import CliRunner

from triage.cli import app
from triage.store import Store

SAMPLES = "data/samples"
BATCH = f"{SAMPLES}/batch-2026-11-22.csv"
runner = CliRunner()


def triage(db, *args):
    """Run `triage --db DB ARGS...` and return what it printed; it must succeed."""
    result = runner.invoke(app, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def scored_db(tmp_path_factory):
    """A database with the sample records, one batch, a small trained model and proposals."""
    tmp = tmp_path_factory.mktemp("pipeline")
    db = tmp / "t.db"
    config = tmp / "settings.toml"
    config.write_text(f'models_dir = "{tmp / "models"}"\n')
    triage(db, "records", "import", "--persons", f"{SAMPLES}/persons.csv", "--involvements",
           f"{SAMPLES}/involvements.csv")
    triage(db, "ingest", BATCH)
    triage(db, "--config", str(config), "train", "--n", "400")
    triage(db, "--config", str(config), "score")
    return db, config


def test_records_import_reports_counts(tmp_path):
    out = triage(tmp_path / "t.db", "records", "import", "--persons", f"{SAMPLES}/persons.csv")
    assert "persons imported: 3295" in out


def test_ingest_prints_the_batch_and_rejected_rows_with_reasons(tmp_path):
    out = triage(tmp_path / "t.db", "ingest", f"{SAMPLES}/bad-batch.csv")
    assert "imported 3, duplicates 0, rejected 5" in out
    assert "text is missing" in out


def test_re_importing_a_batch_adds_nothing(scored_db):
    db, _ = scored_db
    out = triage(db, "ingest", BATCH)
    assert "imported 0, duplicates 60" in out
    store = Store(db)
    assert store.count("notifications") == 60
    store.close()


def test_export_gives_one_explained_proposal_per_notification(scored_db):
    db, _ = scored_db
    lines = triage(db, "export", "--format", "jsonl").strip().splitlines()
    proposals = [json.loads(line) for line in lines]
    assert len(proposals) == 60
    store = Store(db)
    texts = {n.ref: n.text for n in store.notifications()}
    store.close()
    for p in proposals:
        assert set(p) >= {"source", "ref", "rag", "shortlisted", "priority", "model_version", "probabilities",
                          "reasons", "people", "quality"}
        assert p["rag"] in ("RED", "AMBER", "GREEN")
        assert p["shortlisted"] == (p["rag"] != "GREEN")
        assert sum(p["probabilities"].values()) == pytest.approx(1.0, abs=1e-3)
        # Reasons cite the notification's own words.
        cited = [r["evidence"] for r in p["reasons"] if r["evidence"]]
        if p["rag"] != "GREEN":
            assert cited, p["ref"]
            assert any(e[:25] in texts[p["ref"]] for e in cited), (p["ref"], cited)


def test_a_disclosure_is_never_proposed_green(scored_db):
    db, _ = scored_db
    proposals = [json.loads(x) for x in triage(db, "export", "--format", "jsonl").strip().splitlines()]
    truth = [json.loads(x) for x in open(f"{SAMPLES}/truth-2026-11-22.jsonl", encoding="utf-8")]
    disclosures = {t["ref"] for t in truth if "disclosure" in t["truth"]["factors"]}
    assert disclosures
    for p in proposals:
        if p["ref"] in disclosures:
            assert p["rag"] != "GREEN", p["ref"]


def test_the_proposals_agree_with_the_guide_on_most_of_the_sample_batch(scored_db):
    db, _ = scored_db
    proposals = {json.loads(x)["ref"]: json.loads(x) for x in triage(db, "export").strip().splitlines()}
    truth = [json.loads(x) for x in open(f"{SAMPLES}/truth-2026-11-22.jsonl", encoding="utf-8")]
    red = [t for t in truth if t["rag"] == "RED"]
    red_found = sum(proposals[t["ref"]]["rag"] == "RED" for t in red)
    shortlisted = [t for t in truth if t["shortlisted"]]
    shortlist_found = sum(proposals[t["ref"]]["shortlisted"] for t in shortlisted)
    assert red_found / len(red) >= 0.85
    assert shortlist_found / len(shortlisted) >= 0.9


def test_a_decision_appears_in_the_export(scored_db):
    from triage.review import decide

    db, _ = scored_db
    store = Store(db)
    nid = store.notifications()[0].id
    proposal = store.latest_proposal(nid)[1]
    decide(store, {"name": "researcher1", "role": "researcher"}, nid, proposal.rag, proposal.shortlisted)
    store.close()
    first = json.loads(triage(db, "export").splitlines()[0])
    assert first["decision"]["by"] == "researcher1"

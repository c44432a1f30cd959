"""The trainer's feedback: per author, team, school and source; weekly trends; most-missed items; chase rate.

The store here holds the hand-labelled notifications of tests/data/quality_eval.jsonl, parsed once, with some
researcher decisions flagged "information missing". Whatever a trainer can read (the report's sentences, CSV,
printable page, the Streamlit page) must hold none of the names, dates of birth, addresses, postcodes or phone
numbers marked by hand in that file.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from triage.auth import add_user
from triage.cli import app as cli
from triage.errors import PermissionDenied
from triage.parse import load_pipeline, parse
from triage.quality_report import (
    group_summary,
    item_rates,
    most_missed,
    report_csv,
    report_html,
    scored_rows,
    team_report,
    weekly,
)
from triage.records import Decision, Notification, Proposal
from triage.store import Store

EVAL = Path(__file__).parent / "data" / "quality_eval.jsonl"
APP = str(Path(__file__).resolve().parent.parent / "app.py")
PASSWORD = "correct-horse-battery"
TEAM = "Exeter Response"
SINCE = date(2026, 10, 1)


def _rows() -> list[dict]:
    return [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines() if line.strip()]


def _secrets() -> set[str]:
    """Every hand-marked identifying string, and each word of every name (first names and surnames alone too)."""
    out = set()
    for row in _rows():
        for span in row["spans"]:
            out.add(span["text"])
            if span["kind"] == "name":
                out |= {w.strip(".,") for w in span["text"].split() if len(w.strip(".,")) > 2}
    out -= {"Miss", "Bright"}  # "Bright" is also an everyday word ("bright"): checked with the capital only
    return out


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """The labelled notifications, parsed and proposed; some decided, a few flagged as needing a chase."""
    path = tmp_path_factory.mktemp("quality") / "quality.db"
    nlp = load_pipeline()
    store = Store(path)
    try:
        add_user(store, "trainer1", "trainer", PASSWORD)
        add_user(store, "researcher1", "researcher", PASSWORD)
        rows = _rows()
        batch = store.add_batch(
            "quality_eval.jsonl",
            [
                Notification(r["source"], r["id"], datetime.fromisoformat(r["received_at"]), r["text"],
                             author=r["author"], team=r["team"])
                for r in rows
            ],
            [],
        )
        proposal = Proposal("AMBER", True, 0.5, {"RED": 0.2, "AMBER": 0.5, "GREEN": 0.3}, "test-v1", "AMBER")
        for nid, row in zip(batch["notification_ids"], rows, strict=True):
            store.save_analysis(nid, parse(nlp, row["text"]), [], proposal)
            if row["team"] == TEAM:
                # Exeter Response: every notification decided; the one-liners had to be chased.
                chased = len(row["text"]) < 200
                store.record_decision(
                    Decision(nid, "AMBER", True, "researcher1", datetime(2026, 11, 22, 9, 0), "",
                             information_missing=chased)
                )
    finally:
        store.close()
    return path


@pytest.fixture(scope="module")
def scored(db):
    store = Store(db)
    try:
        return scored_rows(store, since=datetime(2026, 10, 1))
    finally:
        store.close()


@pytest.fixture(scope="module")
def report(scored):
    return team_report(scored, TEAM, SINCE)


# ------------------------------------------------------------------------------------------------ summaries


def test_every_parsed_notification_is_scored(scored):
    assert len(scored) == len(_rows())
    assert all(0.0 <= r.score <= 1.0 and len(r.statuses) == 10 for r in scored)


def test_the_period_and_team_filters_are_done_in_the_store(db):
    store = Store(db)
    try:
        assert {r["team"] for r in store.quality_rows(team=TEAM)} == {TEAM}
        assert all(r["received_at"] >= "2026-11-01" for r in store.quality_rows(since=datetime(2026, 11, 1)))
        assert TEAM in store.quality_teams()
    finally:
        store.close()


@pytest.mark.parametrize("by,label", [("author", "Author"), ("team", "Team"), ("school", "School"),
                                      ("source", "Source")])
def test_summaries_by_author_team_school_and_source(scored, by, label):
    summary = group_summary(scored, by)
    assert summary and all(label in row for row in summary)
    assert sum(row["Notifications"] for row in summary) == sum(1 for r in scored if r.group(by) is not None)
    if by == "school":
        assert {row["School"] for row in summary} == {r["team"] for r in _rows() if r["source"] == "school"}


def test_the_chase_rate_is_the_share_of_decisions_flagged_information_missing(scored):
    team = next(row for row in group_summary(scored, "team") if row["Team"] == TEAM)
    mine = [r for r in _rows() if r["team"] == TEAM]
    flagged = sum(len(r["text"]) < 200 for r in mine)
    assert team["Decided"] == len(mine)
    assert team["Chased for missing facts"] == pytest.approx(flagged / len(mine))
    undecided = next(row for row in group_summary(scored, "team") if row["Team"] == "Barnstaple CID")
    assert undecided["Chased for missing facts"] is None  # nobody decided those: no rate, not 0%


def test_weekly_trend_is_one_row_per_group_and_week_in_order(scored):
    trend = weekly(scored, "team")
    weeks = [row["Week"] for row in trend]
    assert weeks == sorted(weeks) and all(w.weekday() == 0 for w in weeks)
    assert len({(row["Group"], row["Week"]) for row in trend}) == len(trend)


def test_item_rates_add_up(scored):
    for row in item_rates(scored):
        assert row["Missing"] + row["Partly there"] + row["Present"] == pytest.approx(1.0)


def test_most_missed_counts_in_plain_numbers(scored):
    top = most_missed(scored)
    assert len(top) == 3 and all(m["of"] == len(scored) for m in top)
    weight = [m["missing"] + 0.5 * m["partial"] for m in top]  # a half-done item counts half
    assert weight == sorted(weight, reverse=True)


# ------------------------------------------------------------------------------------------------ team report


def test_the_team_report_reads_as_plain_advice(report):
    text = " ".join(report.advice())
    assert text.startswith(f"{TEAM} sent {report.notifications} notifications")
    assert "Your team most often leaves out" in text
    top = report.missed[0]
    assert f"missing in {top.missing} of {top.of} notifications" in text
    assert "Researchers had to go back to you for missing facts" in text
    assert "Week by week the average went from" in text


def test_each_most_missed_item_has_a_missing_and_a_good_example(report):
    assert len(report.missed) == 3
    for m in report.missed:
        assert m.missing_example and m.good_example


def test_nothing_identifying_reaches_the_report(scored):
    secrets = _secrets()
    for team in {r["team"] for r in _rows()}:
        rep = team_report(scored, team, SINCE)
        shown = "\n".join([*rep.advice(), report_csv(rep), report_html(rep)])
        leaked = {s for s in secrets if s in shown}
        assert not leaked, f"{team}: {leaked}"
    assert "Bright" not in "\n".join(r.redacted_text for r in scored)


def test_the_csv_has_trend_items_and_chase_rows(report):
    rows = list(csv.DictReader(io.StringIO(report_csv(report))))
    assert {r["section"] for r in rows} == {"trend", "most missed", "chased", "overall"}
    assert all(r["missing_example"] for r in rows if r["section"] == "most missed")


def test_the_printable_page_escapes_every_piece_of_text(scored):
    from dataclasses import replace

    hostile = [replace(r, team="<script>alert(1)</script>") if r.team == TEAM else r for r in scored]
    page = report_html(team_report(hostile, "<script>alert(1)</script>", SINCE))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.startswith("<!doctype html>") and "@media print" in page


def test_a_team_with_nothing_gets_a_plain_sentence(scored):
    rep = team_report(scored, "No Such Team", SINCE)
    assert rep.advice() == ["No Such Team sent no notifications that the tool has read since 1 Oct 2026."]


# ------------------------------------------------------------------------------------------------ CLI and page


def test_the_cli_writes_the_report(db, tmp_path):
    runner = CliRunner()
    out = tmp_path / "report.html"
    result = runner.invoke(cli, ["--db", str(db), "quality-report", "--team", TEAM, "--since", "2026-10-01",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Your team most often leaves out" in out.read_text()
    result = runner.invoke(cli, ["--db", str(db), "quality-report", "--team", TEAM, "--since", "2026-10-01",
                                 "--format", "csv"])
    assert result.exit_code == 0 and result.stdout.startswith("section,label")
    bad = runner.invoke(cli, ["--db", str(db), "quality-report", "--team", TEAM, "--since", "last week"])
    assert bad.exit_code == 2


def test_only_roles_allowed_to_view_quality_get_rows(db):
    from triage.ui.quality import load_rows

    store = Store(db)
    try:
        with pytest.raises(PermissionDenied):
            load_rows({"name": "researcher1", "role": "researcher"}, store, SINCE)
        assert load_rows({"name": "trainer1", "role": "trainer"}, store, SINCE)
    finally:
        store.close()


def test_the_trainer_page_shows_redacted_examples_and_no_identity(db, monkeypatch):
    monkeypatch.setenv("TRIAGE_DB", str(db))
    monkeypatch.delenv("TRIAGE_CONFIG", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input[0].input("trainer1")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert at.title[0].value == "Notification quality"
    at.date_input(key="quality_since").set_value(SINCE).run()
    at.selectbox(key="quality_group").select(TEAM).run()
    at.toggle(key="quality_examples").set_value(True).run()
    assert not at.exception
    shown = "\n".join(
        [e.value for e in at.markdown] + [e.value for e in at.html] + [e.value for e in at.text]
        + [e.value for e in at.caption] + [e.value.to_csv() for e in at.dataframe]
    )
    assert "Your team most often leaves out" in shown and "[NAME]" in shown
    leaked = {s for s in _secrets() if s in shown}
    assert not leaked

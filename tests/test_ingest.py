"""Reading batch and records files: good rows in, bad rows reported with line and reason."""

import json
from datetime import date, datetime

import pytest

from triage.errors import BatchFileError
from triage.ingest import read_involvements, read_notifications, read_persons

HEADER = "ref,source,received_at,author,team,text\n"


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_a_good_csv_row_becomes_a_notification(tmp_path):
    path = write(
        tmp_path, "b.csv", HEADER + 'PPN-1,police,2026-11-22T09:14:00,PC 4512,Exeter,"Attended, as ""requested""."\n'
    )
    result = read_notifications(path)
    assert result.rejects == ()
    (n,) = result.rows
    assert (n.ref, n.source, n.author, n.team) == ("PPN-1", "police", "PC 4512", "Exeter")
    assert n.received_at == datetime(2026, 11, 22, 9, 14)
    assert n.text == 'Attended, as "requested".'


def test_free_text_may_hold_newlines_and_line_numbers_stay_true(tmp_path):
    path = write(
        tmp_path,
        "b.csv",
        HEADER + 'A,police,2026-11-22,,,"line one\nline two\nline three"\n' + "B,fire,2026-11-22,,,text\n",
    )
    result = read_notifications(path)
    assert result.rows[0].text == "line one\nline two\nline three"
    assert result.rejects[0].line == 5  # header 1, row A spans 2-4


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ("X,police,2026-11-22,,,", "text", "text is missing"),
        ("X,fire,2026-11-22,,,something", "source", "not one of"),
        ("X,police,yesterday,,,something", "received_at", "not an ISO 8601"),
        (",police,2026-11-22,,,something", "ref", "ref is missing"),
    ],
)
def test_each_bad_row_is_rejected_with_its_line_field_and_reason(tmp_path, row, field, words):
    path = write(tmp_path, "b.csv", HEADER + "OK,police,2026-11-22,,,fine\n" + row + "\n")
    result = read_notifications(path)
    assert len(result.rows) == 1
    (reject,) = result.rejects
    assert reject.line == 3
    assert reject.field == field
    assert words in reject.reason


def test_invalid_utf8_rejects_only_its_row(tmp_path):
    path = write(tmp_path, "b.csv", HEADER.encode() + b"A,police,2026-11-22,,,caf\xe9\nB,school,2026-11-22,,,ok\n")
    result = read_notifications(path)
    assert [n.ref for n in result.rows] == ["B"]
    assert result.rejects[0].line == 2
    assert "invalid UTF-8" in result.rejects[0].reason


def test_a_repeated_source_and_ref_in_one_file_is_a_duplicate(tmp_path):
    path = write(
        tmp_path,
        "b.csv",
        HEADER
        + "A,police,2026-11-22,,,one\nA,police,2026-11-22,,,two\n"
        + "A,school,2026-11-22,,,other source and the same ref\n",
    )
    result = read_notifications(path)
    assert [(n.source, n.ref) for n in result.rows] == [("police", "A"), ("school", "A")]
    assert "duplicate of line 2" in result.rejects[0].reason


def test_unknown_columns_are_kept_not_rejected(tmp_path):
    path = write(tmp_path, "b.csv", "ref,source,received_at,text,force\nA,police,2026-11-22,x,Devon\n")
    assert read_notifications(path).rows[0].extra == {"force": "Devon"}


def test_a_missing_required_column_refuses_the_file_and_names_it(tmp_path):
    path = write(tmp_path, "b.csv", "ref,source,text\nA,police,x\n")
    with pytest.raises(BatchFileError, match="no column received_at"):
        read_notifications(path)


def test_json_lines_read_the_same_and_report_bad_json_by_line(tmp_path):
    lines = [
        json.dumps({"ref": "A", "source": "health", "received_at": "2026-11-22T10:00:00", "text": "x"}),
        "{not json",
        json.dumps(["a list"]),
    ]
    result = read_notifications(write(tmp_path, "b.jsonl", "\n".join(lines) + "\n"))
    assert [n.ref for n in result.rows] == ["A"]
    assert [r.line for r in result.rejects] == [2, 3]


def test_the_sample_bad_batch_reports_every_bad_row():
    result = read_notifications("data/samples/bad-batch.csv")
    reasons = " ".join(r.reason for r in result.rejects)
    assert result.rows, "the good rows still import"
    for words in ("text is missing", "not one of", "not an ISO 8601", "duplicate"):
        assert words in reasons


def test_persons_with_duplicate_ids_impossible_dates_or_no_name_are_rejected(tmp_path):
    path = write(
        tmp_path,
        "p.csv",
        "person_id,given_name,family_name,dob\n"
        "P1,Kayleigh,Smith,2015-04-03\nP1,Other,Smith,2015-04-03\n"
        "P2,Liam,Smith,2015-02-30\nP3,,Jones,\nP4,Mia,Jones,2099-01-01\n",
    )
    result = read_persons(path)
    assert [p.person_id for p in result.rows] == ["P1"]
    assert result.rows[0].dob == date(2015, 4, 3)
    assert [(r.line, r.field) for r in result.rejects] == [(3, None), (4, "dob"), (5, "given_name"), (6, "dob")]


def test_involvements_must_refer_to_a_known_person_and_have_sane_dates(tmp_path):
    path = write(
        tmp_path,
        "i.csv",
        "person_id,agency,kind,start_date,end_date\n"
        "P1,social_care,child_protection_plan,2025-01-01,\n"
        "P9,police,notification,2025-01-01,\n"
        "P1,police,notification,2025-05-01,2025-01-01\n"
        "P1,aliens,notification,2025-05-01,\n",
    )
    result = read_involvements(path, {"P1"})
    assert len(result.rows) == 1 and result.rows[0].end_date is None
    assert [r.field for r in result.rejects] == ["person_id", "end_date", "agency"]

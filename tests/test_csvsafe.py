"""Exports neutralise spreadsheet formula injection."""

import csv
import io

from triage.csvsafe import neutralise, to_csv


def test_formula_like_cells_get_an_apostrophe():
    for cell in ("=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx"):
        assert neutralise(cell) == "'" + cell


def test_ordinary_text_and_numbers_are_unchanged():
    assert neutralise("Attended address") == "Attended address"
    assert neutralise(-3) == -3


def test_to_csv_writes_every_cell_safely_and_quotes_free_text():
    text = to_csv([{"who": "=cmd|' /C calc'!A0", "what": 'said "no", then left\nlater'}], ["who", "what"])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0].startswith("'=")
    assert rows[1][1] == 'said "no", then left\nlater'

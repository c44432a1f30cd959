"""The simulated hub of the feedback-loop benchmark: its documented practice, and batches that never collide."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from training.feedback_loop import _days_apart, practice_rating
from training.generate import generate_corpus, load_records
from training.train import SAMPLES


def record(rag: str, *factors: str) -> dict:
    return {"rag": rag, "truth": {"factors": list(factors)}}


def test_the_hub_rates_every_domestic_incident_at_least_amber_and_otherwise_follows_the_guide():
    assert practice_rating(record("GREEN", "parental_conflict")) == "AMBER"
    assert practice_rating(record("GREEN", "domestic_abuse", "dash_standard")) == "AMBER"
    assert practice_rating(record("RED", "domestic_abuse", "weapon")) == "RED"
    assert practice_rating(record("GREEN", "school_attendance")) == "GREEN"


@pytest.mark.parametrize("n", [80, 160, 400])
def test_batches_that_far_apart_never_repeat_a_reference(n):
    persons, involvements = load_records(SAMPLES)
    first_day = date(2026, 11, 1)
    second_day = first_day + timedelta(days=_days_apart(n))
    first = generate_corpus(1, n, persons, involvements, first_day, first_day + timedelta(days=1))
    second = generate_corpus(2, n, persons, involvements, second_day, second_day + timedelta(days=1))
    assert not {r["ref"] for r in first} & {r["ref"] for r in second}

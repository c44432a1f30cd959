"""Agreement between proposals and decisions by week, source and the child's age band."""

import pytest
from decided_store import add_decided

from triage.monitoring import COLUMNS, agreement


def test_an_empty_database_gives_an_empty_table(store):
    df = agreement(store)
    assert list(df.columns) == COLUMNS and df.empty


def test_a_source_the_model_serves_worse_stands_out(store):
    add_decided(store, 40, seed=1, source="police")
    # school notifications: the proposal says GREEN whatever the case; people rate by the guide
    add_decided(store, 40, seed=2, source="school", proposed=lambda rag, rng: "GREEN", offset=40)
    df = agreement(store, by="source").set_index("group")
    assert df.loc["police", "agreement"] == 1.0 and df.loc["police", "decisions"] == 40
    assert df.loc["school", "agreement"] < 0.7
    assert df["agreed"].sum() == 40 + (df.loc["school", "agreement"] * 40).round()


def test_weeks_are_in_order_and_counts_add_up(store):
    add_decided(store, 60, seed=3)  # six hours apart: 15 days
    df = agreement(store, by="week")
    assert list(df["group"]) == sorted(df["group"]) and len(df) >= 2
    assert df["decisions"].sum() == 60
    assert set(df.columns) == set(COLUMNS)


def test_age_bands_follow_the_guide_order(store):
    add_decided(store, 60, seed=4)
    groups = list(agreement(store, by="age_band")["group"])
    order = ["baby (under 2)", "pre-school child (2-4)", "primary-age child (5-10)", "secondary-age child (11-15)",
             "young person (16-17)"]
    assert groups == [g for g in order if g in groups]


def test_an_unknown_grouping_is_refused(store):
    with pytest.raises(ValueError, match="week, source, age_band"):
        agreement(store, by="team")

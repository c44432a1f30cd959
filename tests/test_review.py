"""Decisions: a person confirms or overrides; an override needs a reason."""

from datetime import datetime

import pytest
from decided_store import RED_PROPOSAL

from triage.errors import ConflictError, DecisionError, PermissionDenied
from triage.records import Notification, ParsedNotification
from triage.review import decide, is_downgrade_from_red, time_left
from triage.store import Store

RESEARCHER = {"name": "researcher1", "role": "researcher"}


@pytest.fixture
def scored(tmp_path):
    store = Store(tmp_path / "t.db")
    n = Notification(source="police", ref="PPN-1", received_at=datetime(2026, 11, 22, 9), text="Attended.")
    nid = store.add_batch("a.csv", [n], [])["notification_ids"][0]
    store.save_analysis(nid, ParsedNotification(), [], RED_PROPOSAL)
    yield store, nid
    store.close()


def test_confirming_stores_who_and_is_not_an_override(scored):
    store, nid = scored
    decision = decide(store, RESEARCHER, nid, "RED", True)
    assert not decision.overrides
    assert store.latest_decision(nid).by == "researcher1"


def test_an_override_needs_a_reason(scored):
    store, nid = scored
    with pytest.raises(DecisionError, match="needs a reason"):
        decide(store, RESEARCHER, nid, "AMBER", True)
    assert store.latest_decision(nid) is None
    assert decide(store, RESEARCHER, nid, "AMBER", True, "already known and being worked").overrides


def test_a_trainer_cannot_decide(scored):
    store, nid = scored
    with pytest.raises(PermissionDenied):
        decide(store, {"name": "t", "role": "trainer"}, nid, "RED", True)


def test_two_people_deciding_at_once_get_a_conflict_not_an_overwrite(scored):
    store, nid = scored
    version = store.notification_version(nid)
    decide(store, RESEARCHER, nid, "RED", True, expected_version=version)
    with pytest.raises(ConflictError):
        decide(store, {"name": "researcher2", "role": "researcher"}, nid, "GREEN", False, "x", expected_version=version)
    assert store.latest_decision(nid).by == "researcher1"


def test_deadlines_and_downgrades():
    received = datetime(2026, 11, 22, 9, 0)
    assert time_left(received, "RED", at=datetime(2026, 11, 22, 12, 0)) == 1.0
    assert time_left(received, "GREEN", at=datetime(2026, 11, 25, 10, 0)) == -1.0
    assert is_downgrade_from_red("RED", "AMBER") and not is_downgrade_from_red("AMBER", "GREEN")

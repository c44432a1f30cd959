"""Similar past decisions: the nearest earlier notifications and how people rated them."""

from decided_store import add_decided

from triage.similar import similar_decisions, summary

KEYS = {"notification_id", "ref", "received_at", "similarity", "decided_rag", "proposed_rag"}


def test_the_most_similar_earlier_notifications_share_the_risk_and_the_rating(store):
    ids = add_decided(store, 80, seed=2)
    target = ids[-1]
    guide_rag = store.latest_decision(target).rag
    items = similar_decisions(store, target, k=5)
    assert len(items) == 5
    assert all(set(i) == KEYS for i in items)
    assert target not in {i["notification_id"] for i in items}
    assert [i["similarity"] for i in items] == sorted((i["similarity"] for i in items), reverse=True)
    assert sum(i["decided_rag"] == guide_rag for i in items) >= 4
    received = store.notification(target).received_at.isoformat()
    assert all(i["received_at"] <= received for i in items)


def test_only_earlier_notifications_count(store):
    ids = add_decided(store, 10, seed=3)
    assert similar_decisions(store, ids[0]) == []


def test_summary_reads_as_a_sentence():
    items = [{"decided_rag": r} for r in ("RED", "RED", "AMBER", "RED", "RED")]
    assert summary(items) == "4 of the 5 most similar were rated RED"
    assert summary([]) == "no similar earlier decisions yet"
    assert summary([{"decided_rag": "GREEN"}]) == "the most similar was rated GREEN"
    # a tie goes to the more urgent rating
    assert summary([{"decided_rag": "GREEN"}, {"decided_rag": "RED"}]) == "1 of the 2 most similar were rated RED"

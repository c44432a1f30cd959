"""Ranking: every RED before every AMBER, nearer deadlines first; the shortlist is RED and AMBER."""

from triage.shortlist import priority, rank, shortlist, uncertainty


def item(ref, rag, received_at, probabilities=None):
    probabilities = probabilities or {"RED": 0.1, "AMBER": 0.2, "GREEN": 0.7}
    return {
        "ref": ref,
        "rag": rag,
        "received_at": received_at,
        "probabilities": probabilities,
        "priority": priority(rag, probabilities),
    }


def test_red_comes_first_then_the_nearest_deadline():
    items = [
        item("g", "GREEN", "2026-11-22T08:00:00"),
        item("a-late", "AMBER", "2026-11-22T11:00:00"),
        item("r", "RED", "2026-11-22T12:00:00"),
        item("a-early", "AMBER", "2026-11-22T09:00:00"),
    ]
    assert [i["ref"] for i in rank(items)] == ["r", "a-early", "a-late", "g"]


def test_the_shortlist_is_every_red_and_amber():
    items = [
        item("g", "GREEN", "2026-11-22T08:00:00"),
        item("r", "RED", "2026-11-22T12:00:00"),
        item("a", "AMBER", "2026-11-22T09:00:00"),
    ]
    assert [i["ref"] for i in shortlist(items)] == ["r", "a"]


def test_priority_orders_bands_and_sureness_within_a_band():
    sure = priority("RED", {"RED": 0.95, "AMBER": 0.05, "GREEN": 0.0})
    unsure = priority("RED", {"RED": 0.4, "AMBER": 0.4, "GREEN": 0.2})
    amber = priority("AMBER", {"RED": 0.45, "AMBER": 0.55, "GREEN": 0.0})
    assert sure > unsure > amber


def test_least_certain_first_puts_close_calls_at_the_top():
    close = item("close", "AMBER", "2026-11-22T08:00:00", {"RED": 0.45, "AMBER": 0.5, "GREEN": 0.05})
    clear = item("clear", "GREEN", "2026-11-22T08:00:00", {"RED": 0.0, "AMBER": 0.05, "GREEN": 0.95})
    assert uncertainty(close["probabilities"]) > uncertainty(clear["probabilities"])
    assert [i["ref"] for i in rank([clear, close], mode="least_certain")] == ["close", "clear"]

"""Retraining from decisions: promote only if no worse, record why, restore any version, fail safe."""

import json
from pathlib import Path

import pytest
from decided_store import add_decided, labelled_rows, labelled_set

from triage import retrain as rt
from triage.config import Settings
from triage.errors import ModelFileError, NoModelError, TriageError
from triage.guide import RATINGS, max_rag
from triage.model import RatingModel, load
from triage.retrain import RetrainResult, compare, restore, retrain, should_promote, train_and_register
from triage.store import Store


@pytest.fixture
def store_with_baseline(tmp_path):
    settings = Settings.load(models_dir=str(tmp_path / "models"), db_path=str(tmp_path / "t.db"))
    store = Store(settings.db_path)
    version, card = train_and_register(store, settings, labelled_set(300, 0), labelled_set(120, 1), "test baseline")
    yield store, settings, version
    store.close()


def test_the_promotion_rule_refuses_a_red_recall_drop_and_a_large_macro_f1_drop():
    current = {"red_recall": 0.98, "macro_f1": 0.86}
    assert should_promote({"red_recall": 0.98, "macro_f1": 0.851}, current)[0]
    ok, why = should_promote({"red_recall": 0.97, "macro_f1": 0.95}, current)
    assert not ok and "RED recall would drop" in why
    ok, why = should_promote({"red_recall": 0.99, "macro_f1": 0.84}, current)
    assert not ok and "macro-F1 would drop by 0.020" in why


def test_the_baseline_card_has_counts_metrics_weights_thresholds_and_the_decision(store_with_baseline):
    store, _, version = store_with_baseline
    record = store.active_model()
    assert record["version"] == version
    card = json.loads(record["card"])
    assert sum(card["training_counts"]["synthetic"].values()) == 300
    for key in ("red_recall", "macro_f1", "shortlist_recall", "shortlist_precision", "ece"):
        assert key in card["heldout_metrics"]
    assert card["largest_weights"]["RED"] and len(card["thresholds"]) == 2
    assert card["promotion"]["promoted"] is True and card["promotion"]["reason"]


def test_retrain_with_agreeing_decisions_promotes_and_audits(store_with_baseline):
    store, settings, baseline = store_with_baseline
    add_decided(store, 120, seed=3)
    result = retrain(store, settings, by="supervisor1")
    assert isinstance(result, RetrainResult)
    assert result.current_version == baseline
    assert result.promoted, result.reason
    assert store.active_model()["version"] == result.candidate_version
    assert "recent_decisions" in result.candidate_metrics and "recent_decisions" in result.current_metrics
    card = json.loads(store.model(result.candidate_version)["card"])
    assert sum(card["training_counts"]["decisions"].values()) == 96  # 120 less the newest 24, held out by time
    assert card["training_counts"]["calibrated_on"] == "96 hub decisions"
    assert card["promotion"]["reason"] == result.reason
    entry = store.audit_entries(1)[0]
    assert entry["user"] == "supervisor1" and entry["action"] == "model promoted"


def test_decisions_with_random_ratings_are_refused_once_trained_on(store_with_baseline):
    """A batch rated at random, followed by the hub's usual decisions (so the random ones are trained on and
    not merely held out as the newest): the candidate learns the noise and the serving model stays."""
    store, settings, baseline = store_with_baseline
    add_decided(store, 120, seed=8, decide=lambda rag, rng, factor: rng.choice(RATINGS))
    add_decided(store, 40, seed=9, offset=120)
    result = retrain(store, settings, by="supervisor1")
    card = json.loads(store.model(result.candidate_version)["card"])
    assert card["training_counts"]["recent_decisions_held_out"] == 32  # the newest 32 are all the usual ones
    assert not result.promoted, result.reason
    assert store.active_model()["version"] == baseline
    assert "refused" in card["promotion"]["reason"]


def test_probabilities_are_calibrated_on_the_hub_s_decisions_only_once_there_are_enough():
    synthetic, decided = labelled_set(30, 0), labelled_set(rt.MIN_DECISIONS_TO_CALIBRATE, 1)
    assert rt.calibration_rows(synthetic, labelled_set(rt.MIN_DECISIONS_TO_CALIBRATE - 1, 1)) is None
    assert rt.calibration_rows(synthetic, decided) == [False] * 30 + [True] * rt.MIN_DECISIONS_TO_CALIBRATE


def test_a_baseline_calibrated_on_people_s_readings_keeps_them_for_retraining(tmp_path):
    settings = Settings.load(models_dir=str(tmp_path / "models"), db_path=str(tmp_path / "t.db"))
    store = Store(settings.db_path)
    readings = labelled_set(80, 2)
    version, card = train_and_register(store, settings, labelled_set(300, 0), labelled_set(120, 1), "test baseline",
                                       readings=readings)
    assert card["training_counts"]["calibrated_on"].startswith("80 real notifications rated by people")
    assert card["metrics"][rt.READINGS]["n"] == 80  # their figures, each fold calibrated on the others
    record = store.model(version)
    assert load(record["path"], record["sha256"]).n_calibration_ == 80
    baseline, _ = rt.baseline_data(store, settings)
    assert len(baseline.readings) == 80 and baseline.readings.labels == readings.labels
    add_decided(store, 40, seed=3)  # too few to calibrate on: the readings calibrate the candidate again
    result = retrain(store, settings, by="supervisor1")
    candidate = json.loads(store.model(result.candidate_version)["card"])
    assert candidate["training_counts"]["calibrated_on"].startswith("80 real notifications")
    store.close()


def test_a_refused_candidate_is_kept_but_not_served(store_with_baseline, monkeypatch):
    store, settings, baseline = store_with_baseline
    add_decided(store, 60, seed=4)
    monkeypatch.setattr(rt, "compare", lambda *a: (False, "refused — test", *compare(*a)[2:]))
    result = retrain(store, settings, by="supervisor1")
    assert not result.promoted
    assert store.active_model()["version"] == baseline
    assert store.model(result.candidate_version)["active"] == 0
    assert store.audit_entries(1)[0]["action"] == "model refused"


def test_a_failure_midway_leaves_the_serving_model_untouched(store_with_baseline, monkeypatch):
    store, settings, baseline = store_with_baseline
    add_decided(store, 30, seed=5)

    def broken_save(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(rt, "save", broken_save)
    with pytest.raises(TriageError, match="disk full.*serving model is unchanged"):
        retrain(store, settings, by="supervisor1")
    assert store.active_model()["version"] == baseline
    assert len(store.models()) == 1
    assert store.audit_entries(1)[0]["action"] == "retrain failed"


def test_any_earlier_version_can_be_restored_and_it_is_audited(store_with_baseline):
    store, settings, baseline = store_with_baseline
    add_decided(store, 120, seed=6)
    newer = retrain(store, settings, by="supervisor1").candidate_version
    store.activate_model(newer, "test")
    restore(store, baseline, by="supervisor1")
    assert store.active_model()["version"] == baseline
    entry = store.audit_entries(1)[0]
    assert entry["action"] == "model restored" and baseline in entry["detail"]
    with pytest.raises(NoModelError):
        restore(store, "no-such-version", by="supervisor1")


def test_restore_refuses_an_altered_model_file(store_with_baseline):
    store, settings, baseline = store_with_baseline
    add_decided(store, 120, seed=7)
    newer = retrain(store, settings, by="supervisor1").candidate_version
    store.activate_model(newer, "test")
    path = store.model(baseline)["path"]
    with open(path, "ab") as f:
        f.write(b"tampered")
    with pytest.raises(ModelFileError):
        restore(store, baseline, by="supervisor1")
    assert store.active_model()["version"] == newer


def test_the_baseline_data_is_checked_before_retraining(store_with_baseline):
    store, settings, _ = store_with_baseline
    data = next(Path(settings.models_dir).glob("baseline-*"))
    data.write_bytes(data.read_bytes()[:-10])
    with pytest.raises(ModelFileError, match="does not match"):
        retrain(store, settings, by="supervisor1")


def test_a_candidate_is_never_less_cautious_than_the_serving_model(store_with_baseline):
    """Its bars for RED and the shortlist are the lower of its own and the serving model's, compared on the scale
    both calibrated on all their training rows, so a refit that nudges its own bar up cannot drop a RED the
    serving model caught."""
    store, settings, baseline = store_with_baseline
    serving = rt.load(store.model(baseline)["path"], store.model(baseline)["sha256"])
    add_decided(store, 60, seed=6)
    result = retrain(store, settings, by="supervisor1")
    record = store.model(result.candidate_version)
    candidate = rt.load(record["path"], record["sha256"])
    assert all(
        c <= s + 1e-9 for c, s in zip(candidate.common_thresholds(), serving.common_thresholds(), strict=True)
    )
    # the rule itself: the lower bar of the two, per threshold
    candidate.set_common_thresholds((0.45, 0.05))
    serving.set_common_thresholds((0.40, 0.07))
    rt.never_less_cautious(candidate, serving)
    assert candidate.common_thresholds() == pytest.approx((0.40, 0.05))


def test_bars_are_compared_on_one_scale_when_a_model_is_calibrated_on_decisions():
    """A hub that rates far more notifications at least AMBER than the guide: calibrated on its decisions, a model
    shows a higher probability for the same score, so its shown bar is higher too. Taking the lower of two shown
    numbers would mix two scales and shortlist more than either model; on the common scale the rule changes
    nothing between two models that agree."""
    rows, facts, labels = labelled_rows(400, seed=2)
    decided_rows, _, decided_labels = labelled_rows(200, seed=3)
    raised = [max_rag(y, "AMBER") if i % 2 else y for i, y in enumerate(decided_labels)]
    train_rows, train_labels = rows + decided_rows, labels + raised
    serving = RatingModel(min_df=2).fit(train_rows, train_labels)
    candidate = RatingModel(min_df=2).fit(train_rows, train_labels, calibrate_on=[False] * 400 + [True] * 200)
    assert candidate.thresholds_[0] > serving.thresholds_[0]  # one score, two shown probabilities
    before = candidate.predict(rows)
    rt.never_less_cautious(candidate, serving)
    assert candidate.predict(rows) == before == serving.predict(rows)


def test_one_decision_in_eight_is_set_aside_for_good_by_its_reference():
    refs = [("police", f"P-{i:05d}") for i in range(800)]
    aside = [rt.is_set_aside(source, ref) for source, ref in refs]
    assert 70 <= sum(aside) <= 130
    assert aside == [rt.is_set_aside(source, ref) for source, ref in refs]  # the same every time
    few = labelled_set(40, 2)
    assert rt.split_set_aside(few, [i % 8 == 0 for i in range(40)]) == (few, None)  # 5 are too few to judge on
    many = labelled_set(200, 2)
    rest, fixed = rt.split_set_aside(many, [i % 8 == 0 for i in range(200)])
    assert (len(rest), len(fixed)) == (175, 25)


def test_a_hub_practice_that_differs_from_the_guide_is_learnt_and_promoted(store_with_baseline):
    """This hub rates every parental argument AMBER (the guide: GREEN). Judged on the guide's labels the
    candidate looks worse the better it learns that; judged on the hub's own set-aside decisions it is better,
    and it is promoted."""
    store, settings, baseline = store_with_baseline
    add_decided(store, 320, seed=11, decide=lambda rag, rng, factor: "AMBER" if factor == "parental_conflict" else rag)
    result = retrain(store, settings, by="supervisor1")
    assert result.promoted, result.reason
    assert "decisions set aside" in result.reason
    fixed_cand = result.candidate_metrics["set_aside_decisions"]
    fixed_cur = result.current_metrics["set_aside_decisions"]
    assert fixed_cand["macro_f1"] > fixed_cur["macro_f1"]
    assert result.candidate_metrics["macro_f1"] < result.current_metrics["macro_f1"] - rt.MAX_MACRO_F1_DROP
    card = json.loads(store.model(result.candidate_version)["card"])
    assert card["training_counts"]["decisions_set_aside"] == fixed_cand["n"] >= rt.MIN_RECENT

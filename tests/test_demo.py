"""The demo reuses a saved baseline only when this code would train the same model again."""

import json

from decided_store import add_decided, labelled_set

from triage.config import Settings
from triage.demo import adopt_saved_model
from triage.retrain import code_fingerprint, retrain, train_and_register
from triage.store import Store


def saved_baseline(tmp_path):
    settings = Settings.load(models_dir=str(tmp_path / "models"), db_path=str(tmp_path / "first.db"))
    store = Store(settings.db_path)
    version, card = train_and_register(store, settings, labelled_set(200, 0), labelled_set(80, 1), "test baseline")
    return store, settings, version, card


def test_a_fresh_demo_reuses_the_baseline_saved_by_this_code(tmp_path):
    first, settings, version, card = saved_baseline(tmp_path)
    first.close()
    assert card["code"] == code_fingerprint()
    fresh = Store(str(tmp_path / "fresh.db"))
    assert adopt_saved_model(fresh, settings.models_dir) == version
    assert fresh.active_model()["version"] == version
    fresh.close()


def test_a_baseline_saved_by_other_code_is_not_reused(tmp_path):
    first, settings, version, _ = saved_baseline(tmp_path)
    first.close()
    card_path = tmp_path / "models" / f"{version}.card.json"
    card = json.loads(card_path.read_text(encoding="utf-8"))
    card["code"] = "trained-before-a-rule-changed"
    card_path.write_text(json.dumps(card), encoding="utf-8")
    fresh = Store(str(tmp_path / "fresh.db"))
    assert adopt_saved_model(fresh, settings.models_dir) is None
    assert fresh.active_model() is None
    fresh.close()


def test_a_model_retrained_on_another_hub_s_decisions_is_not_reused(tmp_path):
    first, settings, baseline, _ = saved_baseline(tmp_path)
    add_decided(first, 120, seed=3)
    result = retrain(first, settings, by="supervisor1")
    first.close()
    assert (tmp_path / "models" / f"{result.candidate_version}.card.json").exists()
    fresh = Store(str(tmp_path / "fresh.db"))
    assert adopt_saved_model(fresh, settings.models_dir) == baseline
    fresh.close()

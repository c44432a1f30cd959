"""The classifier: ordered, calibrated, exactly explainable, and hash-checked on load."""

import random

import numpy as np
import pytest

from triage.errors import ModelFileError
from triage.model import RatingModel, evaluate, load, save
from triage.records import FeatureRow

FACTS = {
    "RED": ["disclosure or allegation of abuse", "strangulation or choking", "exploitation (CSE/CCE) indicators"],
    "AMBER": ["domestic abuse", "missing episode", "neglect or poor home conditions"],
    "GREEN": ["parental conflict", "school attendance concern", "information sharing only"],
}
WORDS = {"RED": "she said he hurt her", "AMBER": "children were in the house", "GREEN": "verbal argument only"}


def make_rows(n: int, seed: int = 0) -> tuple[list[FeatureRow], list[str]]:
    rng = random.Random(seed)
    rows, labels = [], []
    for _ in range(n):
        rag = rng.choice(["RED", "AMBER", "GREEN", "GREEN"])
        # 10% of rows carry another rating's evidence, so the model is not perfect.
        shown = rag if rng.random() > 0.1 else rng.choice(list(FACTS))
        feats = {rng.choice(FACTS[shown]): 1.0, f"source: {rng.choice(['police', 'school'])}": 1.0}
        rows.append(FeatureRow(features=feats, text=f"Officer attended. {WORDS[shown]}. Advice given."))
        labels.append(rag)
    return rows, labels


@pytest.fixture(scope="module")
def fitted():
    rows, labels = make_rows(600)
    return RatingModel(min_df=2).fit(rows, labels), rows, labels


def test_probabilities_are_ordered_and_sum_to_one(fitted):
    model, rows, _ = fitted
    p = model.predict_proba(rows[:50])
    assert np.allclose(p.sum(axis=1), 1.0)
    assert (p >= 0).all()


def test_contributions_add_up_exactly_to_the_calibrated_logit(fitted):
    model, rows, _ = fitted
    row = rows[0]
    for level in (1, 2):
        total = sum(c.weight for c in model.explain(row, level))
        logit = model._logits(model._matrix([row]))[0, level - 1]
        assert total == pytest.approx(logit, abs=1e-9)


def test_a_red_feature_pushes_towards_red(fitted):
    model, _, _ = fitted
    row = FeatureRow(features={"disclosure or allegation of abuse": 1.0}, text="she said he hurt her")
    top = model.explain(row, 2)[0]
    assert top.weight > 0
    assert model.predict([row]) == ["RED"]


def test_it_learns_the_ratings_well_enough_to_rank_red_first(fitted):
    model, _, _ = fitted
    rows, labels = make_rows(300, seed=1)
    metrics = evaluate(labels, model.predict(rows), model.predict_proba(rows))
    assert metrics["red_recall"] >= 0.85
    assert metrics["macro_f1"] >= 0.8


def test_a_saved_model_loads_only_with_its_recorded_hash(fitted, tmp_path):
    model, rows, _ = fitted
    version, path, digest = save(model, tmp_path, {"description": "test"}, "{}")
    assert (tmp_path / f"{version}.card.json").exists()
    assert load(path, digest).predict(rows[:5]) == model.predict(rows[:5])

    tampered = bytearray(path.read_bytes())
    tampered[len(tampered) // 2] ^= 0xFF
    path.write_bytes(bytes(tampered))
    with pytest.raises(ModelFileError, match="does not match the SHA-256"):
        load(path, digest)

    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(ModelFileError, match="changed or truncated"):
        load(path, digest)


def test_a_missing_model_file_is_a_clear_error(tmp_path):
    with pytest.raises(ModelFileError, match="missing"):
        load(tmp_path / "nope.joblib", "0" * 64)

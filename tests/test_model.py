"""The classifier: ordered, calibrated, exactly explainable, and hash-checked on load."""

import json
import random
from pathlib import Path

import numpy as np
import pytest
from decided_store import labelled_rows

from training.train import HELD_BACK, baseline_figures, held_back, recorded_snapshot
from triage.config import Settings
from triage.errors import ModelFileError
from triage.model import RatingModel, evaluate, load, save
from triage.proposal import _says_something, propose
from triage.records import FeatureRow
from triage.rules import apply_rules

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
        # 10% of rows carry another rating's evidence, so the model is not perfect (a RED always shows
        # its own evidence too: thresholds aim for 97.5% RED recall, unreachable if REDs look GREEN).
        shown = rag if rng.random() > 0.1 else rng.choice(list(FACTS))
        if rag == "RED" and shown != "RED":
            shown = "RED"
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
    top = next(c for c in model.explain(row, 2) if c.feature != "baseline")
    assert top.weight > 0
    assert model.predict([row]) == ["RED"]


def test_it_learns_the_ratings_well_enough_to_rank_red_first(fitted):
    model, _, _ = fitted
    rows, labels = make_rows(300, seed=1)
    metrics = evaluate(labels, model.predict(rows), model.predict_proba(rows))
    assert metrics["red_recall"] >= 0.85
    assert metrics["macro_f1"] >= 0.8


def test_the_words_alone_still_point_to_red_when_parsing_found_nothing(fitted):
    # The parse-blind copies teach the n-grams to carry a RED the parser missed: with no named feature at all,
    # a RED's words must still score far above a GREEN's.
    model, _, _ = fitted
    red = FeatureRow(features={"source: police": 1.0}, text=f"Officer attended. {WORDS['RED']}. Advice given.")
    green = FeatureRow(features={"source: police": 1.0}, text=f"Officer attended. {WORDS['GREEN']}. Advice given.")
    p_red, p_green = model.predict_proba([red, green])[:, 2]
    assert p_red > 0.5 > p_green


def test_parse_blind_copies_keep_records_age_and_source_but_no_parsed_factor():
    from triage.features import without_parsed_factors

    row = FeatureRow(
        features={"disclosure or allegation of abuse": 1.0, "weapon used or threatened (negated or hypothetical)": 1.0,
                  "rule: disclosure": 1.0, "the guide's rules say RED": 1.0, "DASH high": 1.0,
                  "open child protection plan": 1.0, "baby (under 2)": 1.0, "source: police": 1.0},
        text="she said he hurt her",
    )
    blind = without_parsed_factors(row)
    assert set(blind.features) == {"open child protection plan", "baby (under 2)", "source: police"}
    assert blind.text == row.text


def hub_decisions(n: int, seed: int, disagree: float = 0.3) -> tuple[list[FeatureRow], list[str]]:
    """Rows rated by a hub whose people differ from the evidence's usual rating now and then."""
    rows, labels = make_rows(n, seed=seed)
    rng = random.Random(seed)
    return rows, [rng.choice(["RED", "AMBER", "GREEN"]) if rng.random() < disagree else y for y in labels]


def test_calibrated_on_the_hub_s_decisions_its_probabilities_match_how_often_the_hub_agrees():
    synthetic, synthetic_labels = make_rows(600)
    decided, decided_labels = hub_decisions(300, seed=3)
    rows, labels = synthetic + decided, synthetic_labels + decided_labels
    on_all = RatingModel(min_df=2).fit(rows, labels)
    on_decisions = RatingModel(min_df=2).fit(rows, labels, calibrate_on=[False] * 600 + [True] * 300)
    assert on_decisions.n_calibration_ == 300
    later, later_labels = hub_decisions(400, seed=4)
    ece = {name: evaluate(later_labels, m.predict(later), m.predict_proba(later))["ece"]
           for name, m in (("all", on_all), ("decisions", on_decisions))}
    assert ece["decisions"] < ece["all"]
    assert on_decisions.predict_proba(later).max(axis=1).mean() < on_all.predict_proba(later).max(axis=1).mean()


def test_calibrated_on_people_s_readings_it_proposes_the_same_and_is_as_sure_as_they_agree():
    rows, labels = make_rows(600)
    model = RatingModel(min_df=2).fit(rows, labels)
    read, read_labels = hub_decisions(300, seed=5)  # never trained on
    later, later_labels = hub_decisions(400, seed=6)
    before_ratings, before_proba = model.predict_with_proba(later)
    ece_before = evaluate(later_labels, before_ratings, before_proba)["ece"]
    common = model.common_thresholds()
    model.calibrate(read, read_labels)
    after_ratings, after_proba = model.predict_with_proba(later)
    assert after_ratings == before_ratings  # the thresholds moved with the scale: the same proposals
    assert model.common_thresholds() == pytest.approx(common)
    assert evaluate(later_labels, after_ratings, after_proba)["ece"] < ece_before
    assert model.n_calibration_ == 300


def test_thresholds_on_the_common_scale_round_trip_and_older_models_read_as_calibrated_on_all_rows():
    synthetic, synthetic_labels = make_rows(600)
    decided, decided_labels = hub_decisions(300, seed=3)
    model = RatingModel(min_df=2).fit(synthetic + decided, synthetic_labels + decided_labels,
                                      calibrate_on=[False] * 600 + [True] * 300)
    shown = model.thresholds_
    model.set_common_thresholds(model.common_thresholds())
    assert model.thresholds_ == pytest.approx(shown)
    del model.common_platt_  # saved before a model kept its common scale: its one scale is the common one
    assert model.common_thresholds() == pytest.approx(shown)


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


# ---------------------------------------------------------------- the recorded figures

METRICS = Path(__file__).parent / "data" / "classifier_metrics.json"
SNAPSHOT = Path(__file__).parent / "data" / "classifier_snapshot.json.gz"
TOLERANCE = 0.005  # platform-level numerical differences, not a licence to get worse


@pytest.fixture(scope="module")
def recorded():
    """The figures recorded for the baseline, and the same figures re-measured on the recorded snapshot."""
    if not METRICS.exists() or not SNAPSHOT.exists():
        pytest.skip("run `python -m training.train --record` to record the classifier's figures")
    figures, data = recorded_snapshot()
    return figures, baseline_figures(data.train, data.validation, data.readings, Settings.load())


@pytest.mark.parametrize("which", ["heldout", "hand_annotated"])
def test_the_classifier_is_no_worse_than_the_figures_recorded(recorded, which):
    figures, now = recorded
    if which not in figures:
        pytest.skip(f"no {which} figures recorded")
    now = now[which]
    for key in ("red_recall", "shortlist_recall", "shortlist_precision", "macro_f1"):
        assert now[key] >= figures[which][key] - TOLERANCE, (which, key, now[key], figures[which][key])
    assert now["ece"] <= figures[which]["ece"] + TOLERANCE


def test_the_recorded_held_out_figures_meet_the_targets():
    if not METRICS.exists():
        pytest.skip("no figures recorded")
    figures = json.loads(METRICS.read_text(encoding="utf-8"))
    for key, target in figures["targets"].items():
        value = figures["heldout"][key]
        assert value <= target if key == "ece" else value >= target, (key, value, target)


def test_the_held_back_measurement_lists_every_wrong_proposal_and_only_those():
    """`training.train --held-back` is how a fresh set is measured blind: its list must match its confusion matrix."""
    if not METRICS.exists() or not SNAPSHOT.exists() or not HELD_BACK.exists():
        pytest.skip("no recorded snapshot or held-back set")
    figures = held_back()
    confusion = figures["confusion"]
    off_diagonal = sum(confusion[i][j] for i in range(3) for j in range(3) if i != j)
    assert figures["n"] == sum(map(sum, confusion))
    assert len(figures["wrong"]) == off_diagonal
    assert all(w["rated"] != w["proposed"] and 0.0 <= w["p_red"] <= 1.0 for w in figures["wrong"])


def test_the_proposal_names_the_rule_and_the_features_with_their_words():
    rows, facts, labels = labelled_rows(300, seed=0)
    model = RatingModel().fit(rows, labels, floors=[apply_rules(f)[0] for f in facts])
    i = labels.index("RED")
    proposal = propose(model, "v-test", rows[i], facts[i])
    assert proposal.rag == "RED" and proposal.model_version == "v-test"
    rule = next(r for r in proposal.reasons if r.kind == "rule")
    assert rule.start is not None and rows[i].text[rule.start : rule.end] in rule.evidence
    moved = [r for r in proposal.reasons if r.kind == "model"]
    assert moved and all(r.weight > 0 for r in moved)
    for r in moved:
        if r.start is not None:
            assert rows[i].text[r.start : r.end] == r.evidence
    assert any(r.start is not None for r in moved)


def test_reasons_never_list_words_that_say_nothing():
    """"has" or "of the" move the model a little, but a reviewer learns nothing from them: not listed."""
    assert not _says_something('words "has"') and not _says_something('words "of the"')
    assert _says_something('words "knife"') and _says_something('words "completed pc"')
    assert _says_something("rule: disclosure")
    rows, facts, labels = labelled_rows(300, seed=0)
    model = RatingModel().fit(rows, labels, floors=[apply_rules(f)[0] for f in facts])
    for row, f in zip(rows[:60], facts[:60], strict=True):
        for reason in propose(model, "v-test", row, f).reasons:
            assert _says_something(reason.feature), reason.feature

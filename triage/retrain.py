"""Training a model, evaluating it, and promoting it only if it is no worse.

A candidate is trained on the synthetic baseline corpus plus every decision
people have made (their decisions weigh more than synthetic labels). It is
compared with the serving model on the same sets: the most recent decisions,
held out by time, and a fixed validation set. It is promoted only if, on each
set, RED recall does not drop and macro-F1 drops by no more than 0.01;
otherwise the serving model stays and the reason is kept in the candidate's
card and the audit log.

The fixed validation set is the hub's own: one decision in eight, chosen by the
notification's reference, is set aside for good and never trained on. A hub's
practice may differ from the guide on purpose, and judged against the guide's
labels a candidate that learns that practice looks worse the better it learns
it. The guide's synthetic held-out split still judges every candidate on RED
recall, so no practice can make the model less safe than the guide; until 20
decisions are set aside, it stands in for the hub's set on macro-F1 too.

Every step before the switch writes only new files: the active flag changes
last, in one transaction, so a failure midway leaves the serving model as it was.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import json
import logging
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from triage.config import Settings
from triage.errors import ModelFileError, NoModelError, TriageError
from triage.features import feature_row, guide_facts, history_from_involvements
from triage.guide import RATINGS, max_rag
from triage.model import RatingModel, evaluate, load, save, sha256_of
from triage.records import FeatureRow, GuideFacts, History
from triage.rules import apply_rules
from triage.store import Store

log = logging.getLogger(__name__)

MAX_MACRO_F1_DROP = 0.01
# A person's decision counts as much as ten synthetic labels, so that a few hundred decisions outweigh the baseline's
# thousands (`python -m training.feedback_loop`, 10 batches of 80: with weight 3 the serving model had learnt the
# hub's practice in 13% of the notes where it differs from the guide; with 10, in 53%, and overall agreement rose
# from 0.81 to 0.89; the corrupted batch was refused at both). The promotion rule, not a small weight, is what keeps
# a bad batch of decisions out.
DECISION_WEIGHT = 10.0
RECENT_SHARE = 0.2  # the newest fifth of decisions is held out by time
MIN_RECENT = 20  # below this the recent set (or the set-aside one) is too small to judge a model on
SET_ASIDE_ONE_IN = 8  # one decision in eight joins the hub's fixed validation set
# The keys under which a model's figures on the hub's held-out decisions are kept (the guide split's at the top).
RECENT_DECISIONS, SET_ASIDE_DECISIONS = "recent_decisions", "set_aside_decisions"
HELD_OUT_SETS = (RECENT_DECISIONS, SET_ASIDE_DECISIONS)
# From this many decisions on, the model's probabilities are calibrated on the hub's decisions alone (Platt's two
# numbers per level need a few dozen); before that, on the readings the baseline was calibrated on.
MIN_DECISIONS_TO_CALIBRATE = 50
BASELINE_DATA = "baseline-data.json.gz"
READINGS = "readings"  # the card's key for the figures on the readings the baseline is calibrated on
READING_FOLDS = 5  # the readings' own figures are cross-fitted over this many folds


@dataclass(frozen=True)
class LabelledSet:
    """Feature rows with the guide facts and the ratings people (or the guide) gave."""

    rows: tuple[FeatureRow, ...]
    facts: tuple[GuideFacts, ...]
    labels: tuple[str, ...]
    weights: tuple[float, ...] = ()

    def __len__(self) -> int:
        return len(self.rows)

    def __add__(self, other: LabelledSet) -> LabelledSet:
        def w(s: LabelledSet) -> tuple[float, ...]:
            return s.weights or (1.0,) * len(s)

        return LabelledSet(
            self.rows + other.rows, self.facts + other.facts, self.labels + other.labels, w(self) + w(other)
        )

    def counts(self) -> dict[str, int]:
        c = Counter(self.labels)
        return {r: c.get(r, 0) for r in reversed(RATINGS)}

    def subset(self, keep: Sequence[bool]) -> LabelledSet:
        """The rows whose `keep` is true, in order."""

        def pick(values: tuple[Any, ...]) -> tuple[Any, ...]:
            return tuple(v for v, k in zip(values, keep, strict=True) if k)

        weights = self.weights or (1.0,) * len(self)
        return LabelledSet(pick(self.rows), pick(self.facts), pick(self.labels), pick(weights))


@dataclass(frozen=True)
class RetrainResult:
    """What a retrain did, for the supervisor's screen and the CLI.

    The metrics dicts hold the fixed validation set's figures at the top level
    (red_recall, macro_f1, shortlist_recall, shortlist_precision, ece, ...) and
    the hub's held-out decisions' figures under RECENT_DECISIONS and SET_ASIDE_DECISIONS (each absent if too few).
    """

    promoted: bool
    reason: str
    candidate_version: str
    current_version: str | None
    candidate_metrics: dict = field(default_factory=dict)
    current_metrics: dict = field(default_factory=dict)


# ---------------------------------------------------------------- measuring


def final_ratings(model: RatingModel, rows: Sequence[FeatureRow], facts: Sequence[GuideFacts]) -> list[str]:
    """What the product proposes: the model's rating, floored by the guide's rules."""
    return [max_rag(m, apply_rules(f)[0]) for m, f in zip(model.predict(rows), facts, strict=True)]


def measure(model: RatingModel, data: LabelledSet) -> dict[str, Any]:
    """Metrics of the final proposal (model + rules), and of the model alone."""
    proba = model.predict_proba(list(data.rows))
    final = evaluate(data.labels, final_ratings(model, data.rows, data.facts), proba)
    final["model_alone"] = evaluate(data.labels, model.predict(list(data.rows)), proba)
    return final


def fit(
    train: LabelledSet,
    settings: Settings,
    calibrate_on: Sequence[bool] | None = None,
    readings: LabelledSet | None = None,
) -> RatingModel:
    """Fit a model; calibrate it on the rows `calibrate_on` marks, or else on `readings` if given.

    `readings` are real notifications rated by people applying the guide, never trained on
    (`RatingModel.calibrate`): until a hub has enough decisions of its own, they say how sure to be.
    """
    weights = list(train.weights) if train.weights else None
    model = RatingModel(c=settings.regularisation_c, max_ngrams=settings.ngram_features)
    floors = [apply_rules(f)[0] for f in train.facts]
    model.fit(list(train.rows), list(train.labels), sample_weight=weights, floors=floors, calibrate_on=calibrate_on)
    if calibrate_on is None and readings is not None and len(readings):
        model.calibrate(list(readings.rows), list(readings.labels))
    return model


def measure_cross_calibrated(model: RatingModel, readings: LabelledSet, folds: int = READING_FOLDS) -> dict[str, Any]:
    """The figures on the readings a model is calibrated on, each reading's probability from the other folds.

    Measured on the calibration rows themselves the ECE would be flattered; here each fold is calibrated on the
    rest, as CalibratedClassifierCV cross-fits. A reading's fold is a hash of its text, so it never moves.
    """
    fold = [zlib.crc32(r.text.encode()) % folds for r in readings.rows]
    proposed: list[str] = [""] * len(readings)
    proba = np.zeros((len(readings), 3))
    for k in range(folds):
        rest = readings.subset([f != k for f in fold])
        held = [i for i, f in enumerate(fold) if f == k]
        if not held:
            continue
        calibrated = copy.copy(model).calibrate(list(rest.rows), list(rest.labels))
        rows = [readings.rows[i] for i in held]
        ratings = final_ratings(calibrated, rows, [readings.facts[i] for i in held])
        for i, rag, p in zip(held, ratings, calibrated.predict_proba(rows), strict=True):
            proposed[i], proba[i] = rag, p
    return evaluate(readings.labels, proposed, proba)


def calibration_rows(synthetic: LabelledSet, decisions: LabelledSet) -> list[bool] | None:
    """Which training rows calibrate the probabilities: the hub's decisions, once there are enough of them.

    Synthetic labels are the guide applied exactly, so on them alone the model learns to be as sure as the
    guide's rules; the people rating real notifications differ from the rules now and then, and a probability
    should say how often this hub agrees, not how often the generator did.
    """
    if len(decisions) < MIN_DECISIONS_TO_CALIBRATE:
        return None
    return [False] * len(synthetic) + [True] * len(decisions)


def should_promote(
    candidate: dict[str, Any], current: dict[str, Any], judge_macro_f1: bool = True
) -> tuple[bool, str]:
    """The promotion rule, with the reason in words a supervisor can read.

    With `judge_macro_f1` False only RED recall decides (the guide's labels, once the hub has its own set).
    """
    if candidate["red_recall"] < current["red_recall"]:
        return False, (
            f"refused: RED recall would drop from {current['red_recall']:.3f} to {candidate['red_recall']:.3f}"
        )
    drop = current["macro_f1"] - candidate["macro_f1"]
    if judge_macro_f1 and drop > MAX_MACRO_F1_DROP + 1e-9:
        return False, (
            f"refused: macro-F1 would drop by {drop:.3f} (from {current['macro_f1']:.3f} "
            f"to {candidate['macro_f1']:.3f}); at most {MAX_MACRO_F1_DROP} is allowed"
        )
    return True, (
        f"promoted: RED recall {current['red_recall']:.3f} → {candidate['red_recall']:.3f}, "
        f"macro-F1 {current['macro_f1']:.3f} → {candidate['macro_f1']:.3f}"
        + ("" if judge_macro_f1 else " (shown, not judged: the hub's practice may differ from the guide)")
    )


def compare(
    candidate: RatingModel,
    current: RatingModel | None,
    validation: LabelledSet,
    recent: LabelledSet | None,
    set_aside: LabelledSet | None = None,
) -> tuple[bool, str, dict[str, Any], dict[str, Any]]:
    """Both models side by side on every set; the promotion rule on each.

    `validation` is the guide's synthetic held-out split; `set_aside` the hub's fixed validation set of decisions
    (None while it has fewer than MIN_RECENT), in which case the guide's split is judged on macro-F1 as well.
    The returned metrics hold the guide split's figures at the top level and the others under their names.
    """
    sets = {RECENT_DECISIONS: recent, SET_ASIDE_DECISIONS: set_aside}
    cand = measure(candidate, validation)
    cur = measure(current, validation) if current is not None else {}
    for name, data in sets.items():
        if data is not None:
            cand[name] = measure(candidate, data)
            if current is not None:
                cur[name] = measure(current, data)
    if current is None:
        return True, "promoted: there was no serving model", cand, cur
    reasons, ok = [], True
    if set_aside is None:
        ok, why = should_promote(cand, cur)
        reasons.append(f"fixed validation set, the guide's labels ({len(validation)}): {why}")
        reasons.append(f"fewer than {MIN_RECENT} decisions set aside yet: the guide's labels stand in for them")
    else:
        ok, why = should_promote(cand, cur, judge_macro_f1=False)
        reasons.append(f"the guide's labels ({len(validation)}): {why}")
        ok_fixed, why_fixed = should_promote(cand[SET_ASIDE_DECISIONS], cur[SET_ASIDE_DECISIONS])
        reasons.append(f"fixed validation set, decisions set aside ({len(set_aside)}): {why_fixed}")
        ok = ok and ok_fixed
    if recent is not None:
        ok_recent, why_recent = should_promote(cand[RECENT_DECISIONS], cur[RECENT_DECISIONS])
        reasons.append(f"most recent decisions ({len(recent)}): {why_recent}")
        ok = ok and ok_recent
    else:
        reasons.append(f"fewer than {MIN_RECENT} recent decisions held out: not judged on them")
    return ok, ("promoted" if ok else "refused") + " — " + "; ".join(reasons), cand, cur


# ---------------------------------------------------------------- saved training data


def _row_json(row: FeatureRow, facts: GuideFacts) -> dict[str, Any]:
    return {
        "features": dict(row.features),
        "text": row.text,
        "evidence": {k: list(v) for k, v in row.evidence.items()},
        "facts": {
            "factors": sorted(facts.factors),
            "dash_level": facts.dash_level,
            "youngest_child_age": facts.youngest_child_age,
            "history": {**asdict(facts.history), "evidence": list(facts.history.evidence)},
            "evidence": dict(facts.evidence),
        },
    }


def _from_json(d: dict[str, Any]) -> tuple[FeatureRow, GuideFacts]:
    f = d["facts"]
    history = History(**{**f["history"], "evidence": tuple(f["history"]["evidence"])})
    facts = GuideFacts(
        factors=frozenset(f["factors"]),
        dash_level=f["dash_level"],
        youngest_child_age=f["youngest_child_age"],
        history=history,
        evidence=f["evidence"],
    )
    row = FeatureRow(features=d["features"], text=d["text"], evidence={k: tuple(v) for k, v in d["evidence"].items()})
    return row, facts


def save_training_data(
    path: Path, train: LabelledSet, validation: LabelledSet, readings: LabelledSet | None = None
) -> str:
    """Keep the analysed baseline corpus as JSON (never pickle): a retrain then needs no re-parsing.

    `readings`, if given, are the real notifications rated by people that the baseline was calibrated on;
    a retrain calibrates on them again until the hub has decisions enough of its own.
    """

    def dump(s: LabelledSet) -> list[dict[str, Any]]:
        return [{**_row_json(r, f), "label": y} for r, f, y in zip(s.rows, s.facts, s.labels, strict=True)]

    content: dict[str, Any] = {"train": dump(train), "validation": dump(validation)}
    if readings is not None:
        content["readings"] = dump(readings)
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8") as out:
        json.dump(content, out)
    tmp.replace(path)
    return sha256_of(path)


@dataclass(frozen=True)
class TrainingData:
    """The analysed sets a baseline was built from: what it learned, what judged it, what calibrated it."""

    train: LabelledSet
    validation: LabelledSet
    readings: LabelledSet | None = None


def load_training_data(path: Path, expected_sha256: str) -> TrainingData:
    if not path.exists():
        raise ModelFileError(f"the baseline training data {path} is missing: run `triage train` to rebuild it")
    if sha256_of(path) != expected_sha256:
        raise ModelFileError(f"the baseline training data {path} does not match its recorded SHA-256: not used")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)

    def load_set(items: list[dict[str, Any]]) -> LabelledSet:
        pairs = [_from_json(d) for d in items]
        return LabelledSet(
            rows=tuple(p[0] for p in pairs), facts=tuple(p[1] for p in pairs), labels=tuple(d["label"] for d in items)
        )

    readings = load_set(data["readings"]) if "readings" in data else None  # saved before baselines kept them
    return TrainingData(load_set(data["train"]), load_set(data["validation"]), readings)


# ---------------------------------------------------------------- decisions as training data


def is_set_aside(source: str, ref: str) -> bool:
    """Whether a notification's decision belongs to the hub's fixed validation set (never trained on).

    Chosen by a hash of the notification's source and reference, so it does not depend on when it was decided,
    on the database's ids or on the order of import, and a decision once set aside stays so.
    """
    digest = hashlib.sha256(f"{source}\x1f{ref}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % SET_ASIDE_ONE_IN == 0


def decisions_set(store: Store) -> tuple[LabelledSet, list[bool]]:
    """Every decided notification as a labelled row (oldest decision first), from its stored parse.

    Uses the parse and the confirmed or confident record matches kept when it
    was scored, so no text is parsed again. Returns the set and, for each row,
    whether it is set aside (`is_set_aside`). Notifications never scored are skipped.
    """
    rows, facts, labels, aside = [], [], [], []
    skipped = 0
    for d in store.decided_notifications():
        nid = d["notification_id"]
        if d["proposed_rag"] is None:
            skipped += 1
            continue
        n = store.notification(nid)
        parsed = store.parsed(nid)
        ids = sorted(store.confirmed_or_confident_person_ids(nid))
        as_of: date = n.received_at.date()
        history = history_from_involvements(store.involvements(ids), store.involvements(ids, household=True), as_of)
        rows.append(feature_row(n, parsed, history))
        facts.append(guide_facts(parsed, history, as_of))
        labels.append(d["decided_rag"])
        aside.append(is_set_aside(d["source"], d["ref"]))
    if skipped:
        log.info("%d decided notifications were never scored and are left out of training", skipped)
    data = LabelledSet(tuple(rows), tuple(facts), tuple(labels), (DECISION_WEIGHT,) * len(rows))
    return data, aside


def split_set_aside(data: LabelledSet, aside: Sequence[bool]) -> tuple[LabelledSet, LabelledSet | None]:
    """(the rest, the hub's fixed validation set): the set-aside decisions, if there are enough to judge on.

    While there are fewer than MIN_RECENT they are trained on like the rest: a set too small to judge a model
    on would only cost the model what they teach.
    """
    if sum(aside) < MIN_RECENT:
        return data, None
    return data.subset([not a for a in aside]), data.subset(aside)


def split_by_time(data: LabelledSet) -> tuple[LabelledSet, LabelledSet | None]:
    """(older, most recent): the newest RECENT_SHARE held out, if there are enough to judge on."""
    n_recent = int(len(data) * RECENT_SHARE)
    if n_recent < MIN_RECENT:
        return data, None
    cut = len(data) - n_recent

    def part(lo: int, hi: int) -> LabelledSet:
        return LabelledSet(data.rows[lo:hi], data.facts[lo:hi], data.labels[lo:hi], data.weights[lo:hi])

    return part(0, cut), part(cut, len(data))


# ---------------------------------------------------------------- registering


# Modules that only serve people (screens, commands, the database, reports) and cannot change what a trained model
# is. Every other module of the package, and the synthetic corpus in training/, is in a model's code fingerprint:
# a module not named here counts, so one added later cannot be forgotten (reusing a stale model is the harm; a
# needless retrain of the demo only costs minutes).
NOT_MODEL_SHAPING = frozenset(
    {"auth", "cli", "csvsafe", "demo", "errors", "export", "linking", "monitoring", "quality_report", "review",
     "shortlist", "similar", "store"}
)


def code_fingerprint() -> str:
    """A short hash of the code that shaped a model, kept in its card so a stale saved model is not reused."""
    package = Path(__file__).resolve().parent
    sources = [path for path in sorted(package.glob("*.py")) if path.stem not in NOT_MODEL_SHAPING]
    sources += sorted((package.parent / "training").glob("*.py"))
    h = hashlib.sha256()
    for path in sources:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def model_card(
    description: str,
    training: dict[str, Any],
    metrics: dict[str, Any],
    promotion: dict[str, Any],
    baseline_data: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The card kept with each version; `save` adds weights, thresholds, hash and version."""
    card: dict[str, Any] = {
        "description": description,
        "training_counts": training,
        "heldout_metrics": metrics["validation"],
        "metrics": metrics,
        "promotion": promotion,
        "code": code_fingerprint(),
    }
    if baseline_data:
        card["baseline_data"] = baseline_data
    return card


def _save_verified(
    model: RatingModel, settings: Settings, card: dict[str, Any], check: LabelledSet
) -> tuple[str, Path, str, dict[str, Any]]:
    """Write the file and card, then load it back by its hash and check it predicts as the model in memory."""
    version, path, digest = save(model, settings.models_dir, card, settings.to_json())
    reloaded = load(path, digest)
    sample = list(check.rows[:50])
    if sample and reloaded.predict(sample) != model.predict(sample):
        raise ModelFileError(f"model file {path} does not reproduce the model just trained: not promoted")
    full = json.loads((Path(settings.models_dir) / f"{version}.card.json").read_text(encoding="utf-8"))
    return version, path, digest, full


def train_and_register(
    store: Store,
    settings: Settings,
    train: LabelledSet,
    heldout: LabelledSet,
    description: str,
    activate: bool = True,
    by: str = "triage train",
    readings: LabelledSet | None = None,
) -> tuple[str, dict[str, Any]]:
    """Fit the baseline, measure on the held-out set, save it with its data and card; return (version, card).

    With `readings` (real notifications rated by people) the probabilities are calibrated on them, and the
    card keeps their cross-fitted figures beside the held-out ones.
    """
    model = fit(train, settings, readings=readings)
    metrics = {"validation": measure(model, heldout)}
    if readings is not None and len(readings):
        metrics[READINGS] = measure_cross_calibrated(model, readings)
    models_dir = Path(settings.models_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    data_path = models_dir / BASELINE_DATA
    data_sha = save_training_data(data_path, train, heldout, readings)
    training = {
        "synthetic": train.counts(),
        "decisions": {r: 0 for r in reversed(RATINGS)},
        "n_validation": len(heldout),
        "calibrated_on": _calibrated_on(None, readings),
    }
    promotion = {
        "promoted": activate,
        "reason": "baseline trained on the synthetic corpus" + (" and made the serving model" if activate else ""),
        "by": by,
    }
    card = model_card(description, training, metrics, promotion, {"file": data_path.name, "sha256": data_sha})
    version, path, digest, full = _save_verified(model, settings, card, heldout)
    store.record_model(version, str(path), digest, full, activate=activate, by=by, detail=promotion["reason"])
    m = metrics["validation"]
    log.info(
        "model %s: RED recall %.3f, macro-F1 %.3f on %d held out", version, m["red_recall"], m["macro_f1"], len(heldout)
    )
    return version, full


def _calibrated_on(decisions: LabelledSet | None, readings: LabelledSet | None) -> str:
    """Which rows a model's probabilities were calibrated on, in the card's words."""
    if decisions is not None:
        return f"{len(decisions)} hub decisions"
    if readings is not None and len(readings):
        return f"{len(readings)} real notifications rated by people applying the guide (never trained on)"
    return "the training rows (synthetic notifications and any decisions)"


def baseline_data(store: Store, settings: Settings) -> tuple[TrainingData, dict[str, str]]:
    """The analysed synthetic corpus (and readings) saved by the newest model whose card points at one."""
    for record in [store.active_model(), *store.models()]:
        if record is None:
            continue
        ref = json.loads(record["card"]).get("baseline_data")
        if ref:
            path = Path(record["path"]).parent / ref["file"]
            return load_training_data(path, ref["sha256"]), ref
    raise NoModelError("no baseline training data is recorded: run `triage train` first")


def retrain(store: Store, settings: Settings, by: str) -> RetrainResult:
    """Train a candidate on the baseline plus every decision; promote it only if it is no worse.

    Any failure is audited and re-raised; the serving model is untouched
    because the active flag is switched only after the new file is verified.
    """
    try:
        return _retrain(store, settings, by)
    except Exception as exc:
        store.audit(by, "retrain failed", detail=str(exc)[:500])
        if isinstance(exc, TriageError):
            raise
        raise TriageError(f"retraining failed ({exc}); the serving model is unchanged") from exc


def _retrain(store: Store, settings: Settings, by: str) -> RetrainResult:
    baseline, data_ref = baseline_data(store, settings)
    synthetic, validation = baseline.train, baseline.validation
    decided, aside = decisions_set(store)
    rest, set_aside = split_set_aside(decided, aside)
    older, recent = split_by_time(rest)
    train = synthetic + older
    current_record = store.active_model()
    current: RatingModel | None = None
    current_version = None
    if current_record is not None:
        current_version = current_record["version"]
        current = load(current_record["path"], current_record["sha256"])
    calibrate_on = calibration_rows(synthetic, older)
    candidate = fit(train, settings, calibrate_on, readings=baseline.readings)
    if current is not None:
        never_less_cautious(candidate, current)
    promoted, reason, cand_metrics, cur_metrics = compare(candidate, current, validation, recent, set_aside)
    training = {
        "synthetic": synthetic.counts(),
        "decisions": older.counts(),
        "decision_weight": DECISION_WEIGHT,
        "recent_decisions_held_out": len(recent) if recent is not None else 0,
        "decisions_set_aside": len(set_aside) if set_aside is not None else 0,
        "calibrated_on": _calibrated_on(older if calibrate_on is not None else None, baseline.readings),
        "n_validation": len(validation),
    }
    metrics = {"validation": {k: v for k, v in cand_metrics.items() if k not in HELD_OUT_SETS}}
    metrics.update({k: cand_metrics[k] for k in HELD_OUT_SETS if k in cand_metrics})
    promotion = {
        "promoted": promoted,
        "reason": reason,
        "by": by,
        "compared_with": current_version,
        "current_metrics": _headline(cur_metrics),
    }
    description = (
        f"retrained by {by}: {len(synthetic)} synthetic notifications + {len(older)} decisions "
        f"(weight {DECISION_WEIGHT:g}); judged on {len(validation)} validation notifications"
        + (f", the {len(set_aside)} decisions set aside" if set_aside is not None else "")
        + (f" and the {len(recent)} most recent decisions" if recent is not None else "")
        + (f"; probabilities calibrated on the {len(older)} decisions" if calibrate_on is not None else
           f" (fewer than {MIN_DECISIONS_TO_CALIBRATE} decisions: probabilities calibrated as the baseline's)")
    )
    card = model_card(description, training, metrics, promotion, data_ref)
    version, path, digest, full = _save_verified(candidate, settings, card, validation)
    store.record_model(version, str(path), digest, full, activate=promoted, by=by, detail=reason)
    log.info("retrain %s: %s", version, reason)
    return RetrainResult(promoted, reason, version, current_version, cand_metrics, cur_metrics)


def never_less_cautious(candidate: RatingModel, current: RatingModel) -> None:
    """A candidate's bars for RED and for the shortlist are never set higher than the serving model's.

    A candidate's own thresholds sit exactly where its training data reaches the recall targets; refitting on a
    few more decisions moves that edge a little either way, and a raised bar drops the borderline RED the
    serving model caught, so the promotion rule ("RED recall must not drop") refused every candidate. Keeping
    the lower bar makes a retrained model at least as cautious as the one it replaces; the gate still judges it.

    The bars are compared on the scale both models calibrated on all their training rows
    (`RatingModel.common_thresholds`): once a model's probabilities are calibrated on the hub's decisions, its
    shown 0.5 stands for a different score than another model's 0.5, and taking the lower of those two numbers
    had shortlisted far more than either model would.
    """
    candidate.set_common_thresholds(
        [min(new, old) for new, old in zip(candidate.common_thresholds(), current.common_thresholds(), strict=True)]
    )


def _headline(metrics: dict[str, Any]) -> dict[str, Any]:
    keys = ("red_recall", "macro_f1", "shortlist_recall", "shortlist_precision", "ece", "n")
    out = {k: metrics[k] for k in keys if k in metrics}
    for held_out in HELD_OUT_SETS:
        if held_out in metrics:
            out[held_out] = {k: metrics[held_out][k] for k in keys if k in metrics[held_out]}
    return out


def restore(store: Store, version: str, by: str) -> None:
    """Make an earlier version the serving model again, after checking its file against its hash."""
    record = store.model(version)
    if record is None:
        known = ", ".join(m["version"] for m in store.models()[:5])
        raise NoModelError(f"there is no model {version!r} (newest: {known or 'none'})")
    load(record["path"], record["sha256"])  # refuse a missing or altered file before switching
    store.activate_model(version, by, detail=f"restored by {by}")
    log.info("model %s restored by %s", version, by)

"""Score the parse stage against the hand-annotated evaluation set (tests/data/parse_eval*.jsonl).

    .venv/bin/python -m benchmarks.parse_eval                 # table for the main and held-back sets
    .venv/bin/python -m benchmarks.parse_eval --errors        # also list every error, worst kinds first
    .venv/bin/python -m benchmarks.parse_eval --write-baseline  # record today's figures (tests compare to them)
    .venv/bin/python -m benchmarks.parse_eval --set FILE      # a fresh set, measured blind before it is moved in

The set was written by hand, not by the generator, so these figures say how the parser reads text it was not
built from. How each figure is counted:

- people: a predicted person matches an annotated one when their first-mention spans overlap, or failing that
  when the given name agrees and the family names do not disagree; one-to-one, greedily in text order;
- attachment: over matched people where either side has a date of birth or an age, both must equal the
  annotation (a DOB or age attached to the wrong person counts against it as well as a missed one);
- role: over matched people, "child" / "adult" / "unknown" equal;
- risk factors: one unit per (notification, factor, status) with status "present" or "discounted" (negated or
  hypothetical), so a negated mention predicted present is both a false positive and a false negative;
- negation errors: annotated negated/hypothetical mentions that a predicted span of the same factor overlaps
  and calls present, as a share of all annotated negated/hypothetical mentions.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from spacy.language import Language

from triage.config import ROOT, Settings
from triage.parse import load_pipeline, parse_many
from triage.records import Mention, ParsedNotification

log = logging.getLogger(__name__)

DATA = ROOT / "tests" / "data"
MAIN_SET = DATA / "parse_eval.jsonl"
HELD_BACK_SET = DATA / "parse_eval_heldback.jsonl"
BASELINE = DATA / "parse_eval_baseline.json"

# Figures where lower is better (the regression check flips for these).
LOWER_IS_BETTER = frozenset({"negation_error_rate"})
TARGETS = {"person_recall": 0.95, "attachment_accuracy": 0.9, "risk_factor_f1": 0.85, "negation_error_rate": 0.05}


def load_set(path: Path) -> list[dict[str, Any]]:
    """The annotated notifications, one JSON object a line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Every figure plus the errors behind them, so a failing test can say what went wrong."""

    people: Counts = field(default_factory=Counts)
    attach_ok: int = 0
    attach_n: int = 0
    role_ok: int = 0
    role_n: int = 0
    rel_ok: int = 0
    rel_n: int = 0
    dash_ok: int = 0
    dash_n: int = 0
    factors: dict[str, Counts] = field(default_factory=dict)
    present: Counts = field(default_factory=Counts)
    negated_n: int = 0
    negated_as_present: int = 0
    negated_found: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, notification id, detail)

    def figures(self) -> dict[str, float]:
        overall = Counts(*(sum(getattr(c, k) for c in self.factors.values()) for k in ("tp", "fp", "fn")))
        out = {
            "person_precision": self.people.precision,
            "person_recall": self.people.recall,
            "attachment_accuracy": self.attach_ok / self.attach_n if self.attach_n else 1.0,
            "role_accuracy": self.role_ok / self.role_n if self.role_n else 1.0,
            "relationship_accuracy": self.rel_ok / self.rel_n if self.rel_n else 1.0,
            "dash_accuracy": self.dash_ok / self.dash_n if self.dash_n else 1.0,
            "risk_factor_precision": overall.precision,
            "risk_factor_recall": overall.recall,
            "risk_factor_f1": overall.f1,
            "present_factor_precision": self.present.precision,
            "present_factor_recall": self.present.recall,
            "present_factor_f1": self.present.f1,
            "negation_error_rate": self.negated_as_present / self.negated_n if self.negated_n else 0.0,
            "negation_recall": self.negated_found / self.negated_n if self.negated_n else 1.0,
        }
        for code, c in sorted(self.factors.items()):
            out[f"f1:{code}"] = c.f1
        return {k: round(v, 4) for k, v in out.items()}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _low(x: str | None) -> str | None:
    return x.lower() if x else None


def match_people(gold: Sequence[dict[str, Any]], pred: Sequence[Mention]) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs: span overlap first, then names that agree."""
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    for gi, g in enumerate(gold):
        for pi, m in enumerate(pred):
            if pi not in used_p and _overlaps((g["start"], g["end"]), (m.start, m.end)):
                pairs.append((gi, pi))
                used_g.add(gi)
                used_p.add(pi)
                break
    for gi, g in enumerate(gold):
        if gi in used_g:
            continue
        for pi, m in enumerate(pred):
            if pi in used_p or not m.given_name or _low(m.given_name) != _low(g["given_name"]):
                continue
            if m.family_name and g["family_name"] and _low(m.family_name) != _low(g["family_name"]):
                continue
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
            break
    return pairs


def _units(factors: Iterable[tuple[str, bool]]) -> set[tuple[str, str]]:
    return {(code, "present" if present else "discounted") for code, present in factors}


def score(rows: Sequence[dict[str, Any]], parsed: Sequence[ParsedNotification]) -> Report:
    """Compare predictions with the annotations, notification by notification."""
    rep = Report()
    for row, p in zip(rows, parsed, strict=True):
        rid, text = row["id"], row["text"]
        gold_people = row["people"]
        pairs = match_people(gold_people, p.mentions)
        rep.people.tp += len(pairs)
        rep.people.fn += len(gold_people) - len(pairs)
        rep.people.fp += len(p.mentions) - len(pairs)
        matched_g = {g for g, _ in pairs}
        matched_p = {m for _, m in pairs}
        for gi, g in enumerate(gold_people):
            if gi not in matched_g:
                rep.errors.append(("person missed", rid, g["name"]))
        for pi, m in enumerate(p.mentions):
            if pi not in matched_p:
                rep.errors.append(("person spurious", rid, m.text))
        for gi, pi in pairs:
            g, m = gold_people[gi], p.mentions[pi]
            gdob = date.fromisoformat(g["dob"]) if g["dob"] else None
            if gdob or g["age"] is not None or m.dob or m.age is not None:
                rep.attach_n += 1
                if gdob == m.dob and g["age"] == m.age:
                    rep.attach_ok += 1
                else:
                    rep.errors.append(("dob/age", rid, f"{g['name']}: gold dob={g['dob']} age={g['age']}; "
                                                       f"got dob={m.dob} age={m.age}"))
            rep.role_n += 1
            if g["role"] == m.role:
                rep.role_ok += 1
            else:
                rep.errors.append(("role", rid, f"{g['name']}: gold {g['role']}, got {m.role}"))
            if g["relationship"]:
                rep.rel_n += 1
                if g["relationship"] == m.relationship:
                    rep.rel_ok += 1
                else:
                    rep.errors.append(("relationship", rid, f"{g['name']}: gold {g['relationship']}, "
                                                            f"got {m.relationship}"))
        if row.get("dash_level") or p.dash_level:
            rep.dash_n += 1
            if row.get("dash_level") == p.dash_level:
                rep.dash_ok += 1
            else:
                rep.errors.append(("dash", rid, f"gold {row.get('dash_level')}, got {p.dash_level}"))
        gold_rf = row["risk_factors"]
        gold_units = _units((r["factor"], not (r["negated"] or r["hypothetical"])) for r in gold_rf)
        pred_units = _units((r.factor, r.present) for r in p.risk_factors)
        for code, status in gold_units | pred_units:
            c = rep.factors.setdefault(code, Counts())
            unit = (code, status)
            if unit in gold_units and unit in pred_units:
                c.tp += 1
            elif unit in pred_units:
                c.fp += 1
                ev = next((r.text for r in p.risk_factors if r.factor == code and
                           (r.present == (status == "present"))), "")
                rep.errors.append((f"factor FP ({status})", rid, f"{code}: {ev!r}"))
            else:
                c.fn += 1
                ev = next((text[r["start"]:r["end"]] for r in gold_rf if r["factor"] == code), "")
                rep.errors.append((f"factor FN ({status})", rid, f"{code}: {ev!r}"))
            if status == "present":
                rep.present.tp += unit in gold_units and unit in pred_units
                rep.present.fp += unit in pred_units and unit not in gold_units
                rep.present.fn += unit in gold_units and unit not in pred_units
        for r in gold_rf:
            if not (r["negated"] or r["hypothetical"]):
                continue
            rep.negated_n += 1
            over = [x for x in p.risk_factors if x.factor == r["factor"] and _overlaps((x.start, x.end),
                                                                                         (r["start"], r["end"]))]
            if any(x.present for x in over):
                rep.negated_as_present += 1
                rep.errors.append(("NEGATION read as present", rid, f"{r['factor']}: "
                                                                    f"{text[r['start']:r['end']]!r}"))
            elif over:
                rep.negated_found += 1
    return rep


def evaluate(nlp: Language, rows: Sequence[dict[str, Any]]) -> Report:
    return score(rows, list(parse_many(nlp, [r["text"] for r in rows])))


def table(rep: Report, title: str) -> str:
    """The per-type table the issue asks for, as Markdown."""
    f = rep.figures()
    lines = [f"### {title}", "", "| figure | value |", "|---|---|"]
    for k in ("person_precision", "person_recall", "attachment_accuracy", "role_accuracy", "relationship_accuracy",
              "dash_accuracy", "risk_factor_precision", "risk_factor_recall", "risk_factor_f1",
              "present_factor_precision", "present_factor_recall", "present_factor_f1", "negation_error_rate",
              "negation_recall"):
        target = TARGETS.get(k)
        lines.append(f"| {k} | {f[k]:.3f}{f' (target {target})' if target is not None else ''} |")
    lines += [f"\nnegated/hypothetical mentions annotated: {rep.negated_n}; read as present: "
              f"{rep.negated_as_present}", "", "| factor | support (units) | P | R | F1 |", "|---|---|---|---|---|"]
    for code, c in sorted(rep.factors.items()):
        lines.append(f"| {code} | {c.tp + c.fn} | {c.precision:.2f} | {c.recall:.2f} | {c.f1:.2f} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--errors", action="store_true", help="list every error")
    ap.add_argument("--write-baseline", action="store_true", help=f"record the figures in {BASELINE.name}")
    ap.add_argument("--set", type=Path, help="measure this file only (a fresh set, in the same format)")
    args = ap.parse_args(argv)
    if args.set and args.write_baseline:
        ap.error("--write-baseline records the main and held-back sets, not --set")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    nlp = load_pipeline(Settings())
    baseline: dict[str, dict[str, float]] = {}
    sets = (("fresh", args.set),) if args.set else (("main", MAIN_SET), ("held_back", HELD_BACK_SET))
    for name, path in sets:
        if not path.exists():
            continue
        rows = load_set(path)
        rep = evaluate(nlp, rows)
        baseline[name] = rep.figures()
        log.info("%s\n", table(rep, f"{name} set: {path.name}, {len(rows)} notifications"))
        if args.errors:
            kinds = Counter(k for k, _, _ in rep.errors)
            for kind, _ in kinds.most_common():
                for k, rid, detail in rep.errors:
                    if k == kind:
                        log.info("%-28s %-5s %s", k, rid, detail)
    if args.write_baseline:
        BASELINE.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        log.info("wrote %s", BASELINE)


if __name__ == "__main__":
    main()

"""Proposal objects exactly as shared/domain/formats.md describes them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from triage.quality import assess
from triage.store import Store


def proposal_objects(store: Store, batch_id: int | None = None) -> Iterator[dict[str, Any]]:
    """One object per scored notification, with `decision` once a person decided."""
    for n in store.notifications(batch_id):
        assert n.id is not None
        latest = store.latest_proposal(n.id)
        if latest is None:
            continue
        _, p = latest
        parsed = store.parsed(n.id)
        best: dict[int, dict[str, Any]] = {}
        for c in store.candidates(n.id):
            if c["status"] == "rejected":
                continue
            current = best.get(c["mention_idx"])
            if (
                current is None
                or c["status"] == "confirmed"
                or (current["status"] != "confirmed" and c["probability"] > current["probability"])
            ):
                best[c["mention_idx"]] = c
        people = []
        for i, m in enumerate(parsed.mentions):
            c = best.get(i)
            linked = c is not None and (c["status"] == "confirmed" or c["band"] == "match")
            people.append(
                {
                    "mention": m.text,
                    "role": m.role,
                    "dob": m.dob.isoformat() if m.dob else None,
                    "person_id": c["person_id"] if linked else None,
                    "match_score": round(c["probability"], 4) if c is not None else None,
                }
            )
        obj: dict[str, Any] = {
            "source": n.source,
            "ref": n.ref,
            "rag": p.rag,
            "shortlisted": p.shortlisted,
            "priority": p.priority,
            "model_version": p.model_version,
            "probabilities": dict(p.probabilities),
            "reasons": [{"feature": r.feature, "weight": r.weight, "evidence": r.evidence} for r in p.reasons],
            "people": people,
        }
        quality = assess(n, parsed)
        obj["quality"] = {"score": quality.score, "missing": quality.missing}
        d = store.latest_decision(n.id)
        if d is not None:
            obj["decision"] = {
                "rag": d.rag,
                "shortlisted": d.shortlisted,
                "by": d.by,
                "reason": d.reason,
                "at": d.at.isoformat(),
            }
        yield obj


def write_jsonl(objects: Iterator[dict[str, Any]], out: Any) -> int:
    n = 0
    for obj in objects:
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        n += 1
    return n

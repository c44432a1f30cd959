"""The model page: versions kept, their cards, retraining with the promotion decision explained, restore.

A retrained candidate only replaces the serving model if it is no worse (the
rule lives in triage.retrain); this page says which way it went and why.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pandas as pd
import streamlit as st

from triage import retrain as retraining
from triage.auth import can
from triage.errors import TriageError
from triage.ui.common import flash, fmt_time, guard, sentence, settings, show_flash, store

log = logging.getLogger(__name__)

HEADLINE = {
    "red_recall": "REDs found (recall)",
    "macro_f1": "Balanced accuracy (macro-F1)",
    "shortlist_recall": "Shortlist: cases found",
    "shortlist_precision": "Shortlist: precision",
    "ece": "Calibration error (lower is better)",
}
RESULT = "_retrain_result"


def card_of(row: dict[str, Any]) -> dict[str, Any]:
    try:
        card = json.loads(row.get("card") or "{}")
    except json.JSONDecodeError:
        return {}
    return card if isinstance(card, dict) else {}


def figures_of(metrics: dict[str, Any]) -> dict[str, Any]:
    """The HEADLINE figures of one set's metrics, by their labels."""
    return {label: metrics.get(k) for k, label in HEADLINE.items() if isinstance(metrics.get(k), int | float)}


def headline(card: dict[str, Any]) -> dict[str, Any]:
    metrics = card.get("heldout_metrics") or card.get("metrics", {}).get("validation") or card.get("metrics") or {}
    return figures_of(metrics)


def versions_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    out = []
    for r in rows:
        card = card_of(r)
        promo = card.get("promotion") or {}
        out.append(
            {
                "Version": r["version"],
                "Serving": "yes" if r["active"] else "",
                "Created": fmt_time(r["created_at"]),
                "Decision": promo.get("reason", "first model" if not promo else ""),
                **{k: round(v, 3) for k, v in headline(card).items()},
            }
        )
    return pd.DataFrame(out)


# The sets a candidate is judged on (triage.retrain.compare), as a supervisor would name them.
JUDGED_ON = {
    "": "The guide's ratings (synthetic)",
    retraining.SET_ASIDE_DECISIONS: "Hub decisions set aside",
    retraining.RECENT_DECISIONS: "Most recent hub decisions",
}


def _numbers(metrics: dict[str, Any]) -> dict[str, dict[str, float]]:
    """The headline figures of each set judged on, keyed by JUDGED_ON's keys."""
    out = {}
    for key in JUDGED_ON:
        figures = metrics.get(key, {}) if key else metrics
        if isinstance(figures, dict):
            out[key] = {k: v for k, v in figures.items() if k in HEADLINE and isinstance(v, int | float)}
    return out


def _metrics_frame(candidate: dict[str, Any], current: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Judged on": name,
                "Measure": label,
                "Serving model": current.get(key, {}).get(k),
                "New candidate": candidate.get(key, {}).get(k),
            }
            for key, name in JUDGED_ON.items()
            if candidate.get(key) or current.get(key)
            for k, label in HEADLINE.items()
            if k in candidate.get(key, {}) or k in current.get(key, {})
        ]
    )


def _retrain(user: dict[str, Any]) -> None:
    try:
        with st.spinner("Training a candidate and measuring it against the serving model (a few minutes)…"):
            result = retraining.retrain(store(), settings(), user["name"])
    except TriageError as exc:
        st.error(sentence(f"The retrain did not finish: {exc.message}. The serving model is unchanged"))
        return
    st.session_state[RESULT] = {
        "promoted": result.promoted,
        "reason": result.reason,
        "candidate": result.candidate_version,
        "current": result.current_version,
        "candidate_metrics": _numbers(result.candidate_metrics),
        "current_metrics": _numbers(result.current_metrics),
    }
    st.rerun()


def _restore(user: dict[str, Any], version: str) -> None:
    try:
        retraining.restore(store(), version, user["name"])
    except TriageError as exc:
        st.error(sentence(f"Not restored: {exc.message}"))
        return
    flash("success", f"Version {version} is the serving model again. New proposals use it from now on.")
    st.rerun()


def _figure_row(figures: dict[str, float]) -> None:
    if figures:
        for col, (label, value) in zip(st.columns(len(figures)), figures.items(), strict=True):
            col.metric(label, f"{value:.3f}")


def page() -> None:
    user = guard("view_performance")
    s = store()
    st.title("Model")
    show_flash()
    st.write(
        "The tool's rating model, every version kept. A retrained model replaces the serving one only if it "
        "finds at least as many REDs and is not noticeably worse overall; otherwise it is kept but not used."
    )
    result = st.session_state.get(RESULT)
    if result:
        (st.success if result["promoted"] else st.warning)(
            f"{'Promoted' if result['promoted'] else 'Not promoted'}: {result['candidate']}. "
            f"{sentence(result['reason'])}"
        )
        st.dataframe(_metrics_frame(result["candidate_metrics"], result["current_metrics"]), hide_index=True)
    rows = s.models()
    if not rows:
        st.info("No model is registered yet. Train the baseline with `triage train`.")
    else:
        st.dataframe(versions_table(rows), hide_index=True)
        chosen = st.selectbox(
            "Model card",
            [r["version"] for r in rows],
            format_func=lambda v: v + (" (serving)" if any(r["version"] == v and r["active"] for r in rows) else ""),
            # a new version makes a new picker, which opens on the newest card (the candidate just trained)
            key=f"model_card_pick-{len(rows)}",
        )
        row = next(r for r in rows if r["version"] == chosen)
        card = card_of(row)
        with st.container(border=True):
            if card.get("description"):
                st.text(card["description"])
            held_out = headline(card)
            if held_out:
                st.caption("On the guide's ratings of held-out synthetic notifications:")
            _figure_row(held_out)
            readings = (card.get("metrics") or {}).get(retraining.READINGS)
            if isinstance(readings, dict) and readings.get("n"):
                st.caption(
                    f"On {readings['n']} real notifications rated by people applying the guide, which the "
                    "probabilities are calibrated on (each measured with the calibration fitted to the others):"
                )
                _figure_row(figures_of(readings))
                st.caption(
                    "The tool's reading of the words was also tuned on these notifications, so these figures are "
                    "better than it does on wording it has never seen: on 240 fresh notifications read blind, 5 of "
                    "the 80 REDs were proposed below RED (4 of them still shortlisted) and the shortlist was less "
                    "precise. "
                    "The hub's own decisions, on the Performance page, are the measure that counts."
                )
            promo = card.get("promotion") or {}
            if promo.get("reason"):
                st.write(f"Promotion decision: {sentence(str(promo['reason']))}")
            with st.expander("The whole model card"):
                st.json(card, expanded=1)
        if can(user, "retrain") and not row["active"]:
            if st.button(f"Make {chosen} the serving model again", key="model_restore", icon=":material/restore:"):
                _restore(user, chosen)
    if can(user, "retrain"):
        st.subheader("Retrain")
        st.write(
            "Trains a candidate on the synthetic baseline plus the hub's decisions, then compares it with the "
            "serving model on the most recent decisions, on the decisions set aside for checking (one in eight, "
            "never trained on) and on the guide's own ratings of synthetic notifications."
        )
        if st.button("Retrain now", key="model_retrain", icon=":material/model_training:"):
            _retrain(user)

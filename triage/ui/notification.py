"""One notification: its text with people and risk factors marked, the records it
may match, the tool's proposal and why, and the reviewer's decision.

Notification text is untrusted: every piece of it goes through `esc` before it
is placed in HTML, and the HTML then goes to st.html (which sanitises again).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from triage.auth import can
from triage.errors import ConflictError, PermissionDenied, TriageError
from triage.features import DISCOUNTED_SUFFIX
from triage.guide import FACTORS, LEVEL, OVERRIDE_REASONS, deadline, is_shortlisted
from triage.match import Matcher
from triage.records import Mention, Notification, ParsedNotification, Proposal, RiskFactor
from triage.review import (
    STATUS_AWAITING,
    STATUS_RETURNED,
    STATUS_SIGNED_OFF,
    decide,
    is_downgrade_from_red,
    signoff_status,
    time_left,
)
from triage.similar import similar_decisions, summary
from triage.store import Store
from triage.ui import nav
from triage.ui.common import (
    OPEN_ID,
    OPEN_TOKEN,
    QUEUE_ORDER,
    RAG_COLOUR,
    chip,
    esc,
    flash,
    fmt_hours_left,
    fmt_time,
    guard,
    open_notification,
    rating_options,
    sentence,
    show_flash,
    store,
)
from triage.ui.queue import needs_decision, ranked_ids, rows_for

log = logging.getLogger(__name__)

LOADED = "_loaded"  # {"token", "id", "version"}: what was read when this notification was opened

STYLE = {
    "person": "background:#e3ecf7;border-bottom:2px solid #1d4e89;font-weight:600;",
    "risk": "background:#ffe2b8;border-bottom:2px dashed #8a4b00;",
    "discounted": "color:#5f6368;text-decoration:line-through;background:#eeeeee;",
}
BANDS = {"match": "likely the same person", "possible": "possibly the same person", "none": "probably not"}
STATUS = {"proposed": "not checked yet", "confirmed": "confirmed", "rejected": "not the same person"}
EFFECTS = {"floor": "sets the lowest rating", "escalate": "raises one level", "mitigate": "lowers one level"}
SHORTLIST_CHOICES = ("As the guide says (RED and AMBER go forward)", "Yes, shortlist it", "No, do not shortlist it")


# ---------------------------------------------------------------- the highlighted text


def _factor_label(f: RiskFactor) -> str:
    words = FACTORS.get(f.factor, f.factor.replace("_", " "))
    if f.negated:
        return f"{words}: mentioned but ruled out in the text, so not counted"
    if f.hypothetical:
        return f"{words}: only a possibility in the text ('if ...'), so not counted"
    return f"{words}: found in the text"


def _mention_label(m: Mention) -> str:
    bits = [m.role if m.role != "unknown" else "person"]
    if m.relationship:
        bits.append(m.relationship)
    if m.age is not None:
        bits.append(f"age {m.age}")
    return "Person: " + ", ".join(bits)


def highlight(text: str, parsed: ParsedNotification) -> str:
    """The text as HTML with spans marked; overlapping spans are split into pieces.

    Every piece of text and every tooltip is escaped; offsets outside the text
    are ignored rather than trusted.
    """
    n = len(text)
    spans: list[tuple[int, int, str, str]] = []
    for m in parsed.mentions:
        if 0 <= m.start < m.end <= n:
            spans.append((m.start, m.end, "person", _mention_label(m)))
    for f in parsed.risk_factors:
        if 0 <= f.start < f.end <= n:
            spans.append((f.start, f.end, "risk" if f.present else "discounted", _factor_label(f)))
    cuts = sorted({0, n} | {s for s, _, _, _ in spans} | {e for _, e, _, _ in spans})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = esc(text[a:b])
        covering = [sp for sp in spans if sp[0] <= a and b <= sp[1]]
        if not covering:
            out.append(piece)
            continue
        kinds = sorted({k for _, _, k, _ in covering}, key=list(STYLE).index)
        style = "".join(STYLE[k] for k in kinds)
        title = "; ".join(dict.fromkeys(label for _, _, _, label in covering))
        out.append(f'<span style="{esc(style)}" title="{esc(title)}">{piece}</span>')
    return (
        '<div style="white-space:pre-wrap;line-height:1.7;font-size:1.02rem;padding:0.8rem 1rem;'
        'border:1px solid #d0d5dd;border-radius:6px;background:#fcfcfd;">' + "".join(out) + "</div>"
    )


def legend() -> str:
    items = [
        ("person", "A person"),
        ("risk", "A risk or protective factor"),
        ("discounted", "Ruled out, or only 'if' (the guide's rules do not count it)"),
    ]
    parts = [f'<span style="{esc(STYLE[k])}padding:0 0.3rem;">{esc(words)}</span>' for k, words in items]
    return (
        '<div style="font-size:0.85rem;margin:0.3rem 0 0.8rem 0;">Key: '
        + " &nbsp; ".join(parts)
        + " &nbsp; Hover over marked words for details.</div>"
    )


def header(n: Notification, rag: str | None) -> str:
    """Who sent it and when it is due, as escaped HTML (these fields come from the file too)."""
    due, left = "", ""
    if rag:
        due = fmt_time(deadline(n.received_at, rag))
        left = fmt_hours_left(time_left(n.received_at, rag))
    cells = [
        ("Reference", n.ref),
        ("Source", n.source),
        ("Author", n.author or "not given"),
        ("Team", n.team or "not given"),
        ("Received", fmt_time(n.received_at)),
        (
            "Deadline",
            f"{due} ({left})"
            if due
            else f"no rating yet; if RED: {fmt_time(deadline(n.received_at, 'RED'))} "
            f"({fmt_hours_left(time_left(n.received_at, 'RED'))})",
        ),
    ]
    body = "".join(
        f'<div><div style="font-size:0.75rem;color:#5f6368;">{esc(k)}</div><div>{esc(v)}</div></div>' for k, v in cells
    )
    return (
        '<div style="display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:0.5rem 1.5rem;'
        f'margin-bottom:0.5rem;">{body}</div>'
    )


# ---------------------------------------------------------------- people and records


def people_table(parsed: ParsedNotification, candidates: Sequence[dict[str, Any]]) -> pd.DataFrame:
    counts: dict[int, int] = {}
    for c in candidates:
        counts[c["mention_idx"]] = counts.get(c["mention_idx"], 0) + 1
    rows = []
    for i, m in enumerate(parsed.mentions):
        born = m.dob.isoformat() if m.dob else ""
        age = f"age {m.age}" if m.age is not None else ""
        rows.append(
            {
                "Name as written": m.text,
                "Role": m.role,
                "Relationship": m.relationship or "",
                "Born / age": ", ".join(x for x in (born, age) if x),
                "School": m.school or "",
                "Possible records": counts.get(i, 0),
            }
        )
    return pd.DataFrame(rows)


def _set_match(s: Store, user: dict[str, Any], notification_id: int, match: dict[str, Any], status: str) -> None:
    try:
        if not can(user, "confirm_match"):
            raise PermissionDenied("your role cannot confirm or reject record matches")
        s.set_match_status(match["id"], status, user["name"])
    except TriageError as exc:
        st.error(sentence(f"That was not saved: {exc.message}"))
        return
    flash(
        "success",
        "Saved: the record is confirmed as the same person."
        if status == "confirmed"
        else "Saved: the record is marked as not the same person.",
    )
    st.rerun()


def percent(p: float) -> str:
    """A chance in words that never claims certainty the tool does not have."""
    if p >= 0.995:
        return "over 99%"
    if p < 0.005:
        return "under 1%"
    return f"{p:.0%}"


def records_section(
    s: Store,
    user: dict[str, Any],
    notification_id: int,
    parsed: ParsedNotification,
    candidates: Sequence[dict[str, Any]],
) -> None:
    st.subheader("People found")
    if not parsed.mentions:
        st.write("The tool did not find anyone named in this notification. Read the text above with care.")
        return
    st.dataframe(people_table(parsed, candidates), hide_index=True)
    if not candidates:
        st.write("None of these people matched an existing record.")
        return
    st.subheader("Possible existing records")
    st.caption(
        "How sure the tool is that a record is the same person, and which details agree (+) or "
        "disagree (−). Confirm only when you are satisfied it is the same person."
    )
    may_confirm = can(user, "confirm_match")
    for i, m in enumerate(parsed.mentions):
        mine = [c for c in candidates if c["mention_idx"] == i]
        if not mine:
            continue
        st.html(f'<div style="margin-top:0.6rem;font-weight:600;">Records for {esc(m.text)}</div>')
        for c in mine:
            with st.container(border=True):
                info, act = st.columns([4, 1.3])
                name = f"{c['given_name']} {c['family_name']}"
                born = f"born {c['dob']}" if c.get("dob") else "date of birth not recorded"
                status = STATUS.get(c["status"], c["status"])
                if c["status"] != "proposed" and c.get("decided_by"):
                    status += f" (by {c['decided_by']})"
                explanation = ", ".join(fc.describe() for fc in c["comparisons"])
                info.html(
                    f"<div><b>{esc(name)}</b> · {esc(c['person_id'])} · {esc(born)}"
                    f"{' · ' + esc(c['school']) if c.get('school') else ''}</div>"
                    f"<div>How sure: <b>{esc(percent(c['probability']))}</b> — {esc(BANDS.get(c['band'], c['band']))}"
                    f" · Status: {esc(status)}</div>"
                    f'<div style="font-size:0.85rem;color:#3c4043;">{esc(explanation)}</div>'
                )
                caution = Matcher.caution(c["comparisons"])
                if caution and c["status"] == "proposed":
                    info.warning(caution, icon=":material/warning:")
                if may_confirm and c["status"] == "proposed":
                    if act.button("Same person", key=f"match_yes_{c['id']}", icon=":material/check:"):
                        _set_match(s, user, notification_id, c, "confirmed")
                    if act.button("Not the same", key=f"match_no_{c['id']}", icon=":material/close:"):
                        _set_match(s, user, notification_id, c, "rejected")
                if c["status"] != "rejected":
                    history = s.involvements([c["person_id"]])
                    with st.expander(f"History in records ({len(history)} entries)"):
                        if history:
                            st.dataframe(
                                pd.DataFrame(
                                    [
                                        {
                                            "Agency": h.agency.replace("_", " "),
                                            "What": h.kind.replace("_", " "),
                                            "From": h.start_date.isoformat(),
                                            "To": h.end_date.isoformat() if h.end_date else "open",
                                            "Summary": h.summary or "",
                                        }
                                        for h in history
                                    ]
                                ),
                                hide_index=True,
                            )
                        else:
                            st.write("No history recorded for this person.")


# ---------------------------------------------------------------- the proposal


def probability_chart(probabilities: dict[str, float]) -> alt.Chart:
    order = rating_options()
    df = pd.DataFrame({"Rating": order, "Chance": [float(probabilities.get(r, 0.0)) for r in order]})
    df["Label"] = df["Chance"].map(lambda p: f"{p:.0%}")
    base = alt.Chart(df).encode(
        y=alt.Y("Rating:N", sort=order, title=None),
        x=alt.X("Chance:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"), title=None),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("Rating:N", scale=alt.Scale(domain=order, range=[RAG_COLOUR[r] for r in order]), legend=None),
        tooltip=["Rating", alt.Tooltip("Chance:Q", format=".0%")],
    )
    return (bars + base.mark_text(align="left", dx=4).encode(text="Label:N")).properties(height=110)


def proposal_section(p: Proposal, parsed: ParsedNotification) -> None:
    st.subheader("What the tool suggests")
    left, right = st.columns([1, 2])
    with left:
        st.markdown(f"### {chip(p.rag)}")
        st.write("Shortlist for MASH research: **yes**" if p.shortlisted else "Shortlist for MASH research: **no**")
        if p.model_rag != p.rag:
            st.write(f"The model alone said {chip(p.model_rag)}; the triage guide's rules changed it.")
        likeliest = max(p.probabilities, key=lambda r: p.probabilities[r]) if p.probabilities else p.rag
        if p.model_rag == p.rag and likeliest != p.rag and LEVEL.get(p.rag, 0) > LEVEL.get(likeliest, 0):
            st.write(
                f"{chip(likeliest)} is more likely, but the chance of {chip(p.rag)} is high enough that "
                "the tool proposes the more urgent rating rather than risk missing it."
            )
        if parsed.dash_level:
            st.write(
                f"DASH risk level in the text: **{parsed.dash_level.upper()}**"
                if parsed.dash_level in ("standard", "medium", "high")
                else "DASH risk level given."
            )
    with right:
        st.write("How sure the tool is")
        st.altair_chart(probability_chart(dict(p.probabilities)))
    st.markdown("**Why**")
    if p.rule_hits:
        st.write("Rules from the triage guide that apply:")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Rule": h.rule.replace("_", " "),
                        "Effect": f"{EFFECTS.get(h.effect, h.effect)}: {chip(h.rag)}",
                        "Words in the text": h.evidence,
                        "What the guide says": h.description,
                    }
                    for h in p.rule_hits
                ]
            ),
            hide_index=True,
            # the evidence is what a reviewer checks: give it the room (hover a cell for all of it)
            column_config={"Words in the text": st.column_config.TextColumn(width="large")},
        )
    else:
        st.write("No rule from the triage guide applies.")
    model_reasons = [r for r in p.reasons if r.kind == "model"]
    if model_reasons:
        st.write(f"What pushed the model towards {chip(p.rag)} most:")
        top = max(abs(r.weight) for r in model_reasons) or 1.0
        st.dataframe(
            pd.DataFrame(
                [
                    {"What the model noticed": r.feature, "Strength": abs(r.weight), "Words in the text": r.evidence}
                    for r in model_reasons
                ]
            ),
            hide_index=True,
            column_config={
                "Strength": st.column_config.ProgressColumn(min_value=0.0, max_value=float(top), format="%.2f")
            },
        )
        if any(r.feature.endswith(DISCOUNTED_SUFFIX) for r in model_reasons):
            st.caption(
                "A row marked “(negated or hypothetical)” is something the note rules out or only supposes. The "
                "guide's rules never count it; the model learned that notes which rule it out are often about the "
                "same kind of incident, so it can still move the model's estimate."
            )
    if parsed.warnings:
        with st.expander(f"Things the tool could not read ({len(parsed.warnings)})"):
            for w in parsed.warnings:
                st.text(w)


SIMILAR = "_similar"  # {"key": (notification id, decisions made), "items": [...]}: computed once per opening


def similar_section(s: Store, notification_id: int) -> None:
    """How people rated the most similar earlier notifications, so like cases are rated alike."""
    key = (notification_id, s.count("decisions"))
    cached = st.session_state.get(SIMILAR)
    if not cached or cached["key"] != key:
        try:
            items = similar_decisions(s, notification_id, k=5)
        except (TriageError, ValueError) as exc:
            log.warning("similar decisions unavailable: %s", exc)
            items = []
        cached = {"key": key, "items": items}
        st.session_state[SIMILAR] = cached
    items = cached["items"]
    st.markdown("**Similar past decisions**")
    if not items:
        st.write("There are no earlier decisions on similar notifications yet.")
        return
    st.write(sentence(summary(items)) + " (people's final ratings, not the tool's).")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Ref": i["ref"],
                    "Received": fmt_time(i["received_at"]),
                    "How similar": float(i["similarity"]),
                    "Tool proposed": chip(i["proposed_rag"]),
                    "People decided": chip(i["decided_rag"]),
                }
                for i in items
            ]
        ),
        hide_index=True,
        column_config={"How similar": st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="%.2f")},
    )


def factors_table(parsed: ParsedNotification) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Factor": FACTORS.get(f.factor, f.factor),
                "Words": f.text,
                "Counted?": "yes" if f.present else ("no: ruled out in the text" if f.negated else "no: only 'if'"),
            }
            for f in parsed.risk_factors
        ]
    )


# ---------------------------------------------------------------- deciding


def next_undecided(s: Store, n: Notification) -> int | None:
    """The next notification without a decision, in the order the queue showed (then the batch's ranking)."""
    rows = rows_for(s, n.batch_id)
    undecided = {int(r["id"]) for r in rows if needs_decision(r)}
    order = [i for i in st.session_state.get(QUEUE_ORDER, []) if i in {int(r["id"]) for r in rows}]
    order += [i for i in ranked_ids(rows) if i not in order]
    if n.id in order:
        k = order.index(n.id)
        order = order[k + 1 :] + order[:k]
    return next((i for i in order if i in undecided and i != n.id), None)


def go_next(s: Store, n: Notification, saved: str = "", kind: str = "success") -> None:
    """Open the next undecided notification (or go back to the queue), saying what just happened."""
    following = next_undecided(s, n)
    if following is None:
        flash(kind, f"{saved} Every notification in this batch now has a decision.".strip())
        nav.switch_to("queue")
        return
    if saved:
        flash(kind, f"{saved} Below is the next notification without a decision.")
    open_notification(following)
    st.rerun()


def _save(
    s: Store,
    user: dict[str, Any],
    n: Notification,
    p: Proposal,
    rag: str,
    shortlisted: bool,
    reason: str,
    information_missing: bool,
    version: int,
) -> None:
    assert n.id is not None
    try:
        decision = decide(
            s, user, n.id, rag, shortlisted, reason, expected_version=version, information_missing=information_missing
        )
    except ConflictError:
        # Their decision is already shown above (this run read it afresh); now that the reviewer
        # has seen it, a second attempt is a deliberate one.
        loaded = st.session_state.get(LOADED)
        if loaded and loaded["id"] == n.id:
            loaded["version"] = s.notification_version(n.id)
        st.error(
            "Not saved: someone else decided this notification while you were reading it. Their "
            "decision is shown above. If you still want to change it, decide again."
        )
        return
    except TriageError as exc:
        st.error(sentence(f"Not saved: {exc.message}"))
        return
    what = "confirmed" if not decision.overrides else "changed"
    message = (
        f"Saved: you {what} the rating as {chip(decision.rag)}, "
        f"{'shortlisted' if decision.shortlisted else 'not shortlisted'}."
    )
    if is_downgrade_from_red(p.rag, decision.rag):
        go_next(s, n, message + " You lowered a RED rating, so a supervisor needs to sign it off.", "warning")
    else:
        go_next(s, n, message)


def decision_section(s: Store, user: dict[str, Any], n: Notification, p: Proposal, version: int) -> None:
    assert n.id is not None
    st.subheader("Your decision")
    latest = s.latest_decision(n.id)
    if latest is not None:
        st.info(
            f"Already decided: {chip(latest.rag)}, {'shortlisted' if latest.shortlisted else 'not shortlisted'},"
            f" on {fmt_time(latest.at)}. A new decision below is added to the record; the old one is kept."
        )
        st.text(f"Decided by {latest.by}" + (f". Reason: {latest.reason}" if latest.reason else ""))
        signoff = s.latest_signoff(n.id)
        status = signoff_status(p.rag, latest.rag, latest.overrides, signoff["outcome"] if signoff else None)
        if status == STATUS_RETURNED and signoff:
            st.warning(
                f"{signoff['by']} returned this decision on {fmt_time(signoff['at'])} to be decided again. "
                "Their comment is below; your new decision replaces the returned one."
            )
            st.text(f"Comment from {signoff['by']}: {signoff['comment']}")
        elif status == STATUS_AWAITING:
            st.warning("This lowers a RED rating, so it is not final until a supervisor signs it off.")
        elif status == STATUS_SIGNED_OFF and signoff:
            st.success(
                f"Signed off by {signoff['by']} on {fmt_time(signoff['at'])}"
                + (" with a comment (below)." if signoff["comment"] else ".")
            )
            if signoff["comment"]:
                st.text(f"Comment from {signoff['by']}: {signoff['comment']}")
    if not can(user, "decide"):
        st.write("Your role can read notifications but not decide them.")
        return

    a, b = st.columns(2)
    if a.button(
        f"Confirm {chip(p.rag)}",
        type="primary",
        key="confirm",
        shortcut="Shift+Enter",
        help="Agree with the tool's rating and shortlist (Shift+Enter)",
    ):
        _save(s, user, n, p, p.rag, p.shortlisted, "", False, version)
    if b.button(
        "Next undecided",
        key="next",
        shortcut="Shift+N",
        icon=":material/arrow_forward:",
        help="Go to the next notification without a decision (Shift+N)",
    ):
        go_next(s, n)

    with st.form(f"override_{n.id}"):
        st.write("Or give a different rating or shortlist, and say why:")
        rag = st.radio(
            "Rating",
            rating_options(),
            index=rating_options().index(p.rag),
            format_func=chip,
            horizontal=True,
            key=f"ov_rag_{n.id}",
        )
        shortlist_choice = st.radio("Shortlist", SHORTLIST_CHOICES, key=f"ov_short_{n.id}")
        reason_choice = st.selectbox(
            "Reason", OVERRIDE_REASONS, index=None, placeholder="Choose a reason", key=f"ov_reason_{n.id}"
        )
        details = st.text_area(
            "In your own words",
            max_chars=2000,
            key=f"ov_details_{n.id}",
            help="Needed for 'other'. Helpful for the supervisor who checks overrides.",
        )
        missing = st.checkbox("Information is missing from the notification", key=f"ov_missing_{n.id}")
        submitted = st.form_submit_button(
            "Save my rating", shortcut="Ctrl+Enter", help="Save this rating and reason (Ctrl+Enter)"
        )
    if submitted:
        if shortlist_choice == SHORTLIST_CHOICES[0]:
            shortlisted = is_shortlisted(rag)
        else:
            shortlisted = shortlist_choice == SHORTLIST_CHOICES[1]
        if reason_choice == OVERRIDE_REASONS[-1] and not details.strip():
            st.error("Not saved: you chose 'other', so please explain the reason in your own words.")
            return
        reason = ": ".join(x for x in ((reason_choice or "").strip(), details.strip()) if x)
        _save(s, user, n, p, rag, shortlisted, reason, missing, version)


# ---------------------------------------------------------------- the page


def _opened(s: Store, user: dict[str, Any], notification_id: int) -> int:
    """Log the view and read the version once per opening, not on every rerun."""
    token = st.session_state.get(OPEN_TOKEN, 0)
    loaded = st.session_state.get(LOADED)
    if not loaded or loaded["token"] != token or loaded["id"] != notification_id:
        version = s.notification_version(notification_id)
        s.audit(user["name"], "viewed", notification_id)
        loaded = {"token": token, "id": notification_id, "version": version}
        st.session_state[LOADED] = loaded
    return int(loaded["version"])


def page() -> None:
    user = guard("view_names")
    s = store()
    st.page_link(nav.page("queue"), label="Back to the queue", icon=":material/arrow_back:")
    st.title("Notification")
    show_flash()
    notification_id = st.session_state.get(OPEN_ID)
    if notification_id is None:
        st.info("Choose a notification on the Queue page.")
        return
    try:
        n = s.notification(int(notification_id))
    except TriageError as exc:
        st.error(exc.message)
        return
    version = _opened(s, user, int(notification_id))
    latest = s.latest_proposal(int(notification_id))
    proposal = latest[1] if latest else None
    decided = s.latest_decision(int(notification_id))
    rag = decided.rag if decided else (proposal.rag if proposal else None)

    st.html(header(n, rag))
    parsed = s.parsed(int(notification_id))
    st.html(legend())
    st.html(highlight(n.text, parsed))
    if parsed.risk_factors:
        with st.expander(f"Risk and protective factors found ({len(parsed.risk_factors)})"):
            st.dataframe(factors_table(parsed), hide_index=True)
    if proposal is None:
        # Not read yet: an empty "people found" would wrongly suggest nobody is named.
        st.warning(
            "The tool has not read this notification yet, so it has not looked for people or records "
            "and there is no proposal to confirm. Score it on the Import page."
        )
        return
    records_section(s, user, int(notification_id), parsed, s.candidates(int(notification_id)))
    st.divider()
    proposal_section(proposal, parsed)
    similar_section(s, int(notification_id))
    st.divider()
    decision_section(s, user, n, proposal, version)

"""The trainer's page: how complete notifications are, and what to teach, never who is in them.

Texts are read on the server to score them against the guide's checklist (triage.quality). What reaches the
screen is counts, percentages and trends by author, team/station, school and source, plus, only when the trainer
asks for them, example sentences redacted by triage.redact (no names, dates of birth, addresses, postcodes,
phone numbers or references). Untrusted text (team names, redacted examples) is shown with st.text or escaped HTML.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from triage.auth import require
from triage.quality import ASKS
from triage.quality_report import (
    GROUPINGS,
    LEAVES_OUT,
    ScoredNotification,
    examples,
    group_summary,
    item_rates,
    report_csv,
    report_html,
    scored_rows,
    team_report,
    to_csv,
    weekly,
)
from triage.store import Store
from triage.ui.common import esc, guard, stamp, store

DEFAULT_WEEKS = 12
VIEWS = {"team": "Team or station", "author": "Author", "school": "School", "source": "Source"}


def load_rows(user: dict[str, Any], s: Store, since: date) -> list[ScoredNotification]:
    """Scored, redacted rows; the permission is checked here too, not only by hiding the page."""
    require(user, "view_quality")
    return scored_rows(s, since=datetime.combine(since, datetime.min.time()))


def page() -> None:
    user = guard("view_quality")
    s = store()
    st.title("Notification quality")
    st.write(
        "How complete the notifications are against the triage guide's ten-point checklist, so that you can "
        "help officers, teams and schools write notifications the MASH can act on quickly. Names, dates of "
        "birth, addresses, phone numbers and references are never shown: examples are redacted."
    )
    since = st.date_input(
        "From", value=date.today() - timedelta(weeks=DEFAULT_WEEKS), key="quality_since", format="DD/MM/YYYY"
    )
    rows = load_rows(user, s, since)
    if not rows:
        st.info("No notifications read by the tool since then.")
        return
    sources = sorted({r.source for r in rows})
    source = st.radio("Source", ["all", *sources], horizontal=True, key="quality_source")
    if source != "all":
        rows = [r for r in rows if r.source == source]
    by = st.radio("Compare by", list(VIEWS), format_func=VIEWS.__getitem__, horizontal=True, key="quality_by")

    st.metric("Average completeness", f"{sum(r.score for r in rows) / len(rows):.0%}")
    chased = [r for r in rows if r.decided]
    st.caption(
        f"Across {len(rows)} notifications. Items 1, 4 and 7 count double: without them a notification is hard "
        f"to triage. Researchers flagged missing information on {sum(r.chased for r in chased)} of the "
        f"{len(chased)} they decided."
    )

    st.subheader("Which items are missing")
    pct = st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="percent")
    st.dataframe(
        pd.DataFrame(item_rates(rows)),
        hide_index=True,
        column_config={"Missing": pct, "Partly there": pct, "Present": pct},
    )

    label = GROUPINGS[by]
    summary = group_summary(rows, by)
    st.subheader(f"By {VIEWS[by].lower()}")
    if not summary:
        st.info("None of these notifications came from a school." if by == "school" else "Nothing to compare.")
        return
    st.dataframe(
        pd.DataFrame(summary),
        hide_index=True,
        column_config={"Average score": pct, "Chased for missing facts": pct},
    )
    st.download_button(
        "Download this table (CSV)",
        to_csv(summary),
        file_name=f"quality-by-{by}-{stamp()}.csv",
        mime="text/csv",
        key="quality_table_csv",
    )

    st.subheader("Week by week")
    trend = pd.DataFrame(weekly(rows, by))
    busiest = [d[label] for d in sorted(summary, key=lambda d: -d["Notifications"])[:8]]
    trend = trend[trend["Group"].isin(busiest)]
    chart = (
        alt.Chart(trend)
        .mark_line(point=True)
        .encode(
            x=alt.X("Week:T", title="Week starting"),
            y=alt.Y("Average score:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
            color=alt.Color("Group:N", title=label),
            tooltip=["Group", alt.Tooltip("Week:T"), "Notifications", alt.Tooltip("Average score:Q", format=".0%")],
        )
    )
    st.altair_chart(chart, width="stretch")

    _group_feedback(rows, by, [d[label] for d in summary], since)


def _group_feedback(rows: list[ScoredNotification], by: str, groups: list[str], since: date) -> None:
    """One group's report in plain words, its redacted examples on request, and the downloads."""
    st.subheader("Feedback for one " + VIEWS[by].lower())
    chosen = st.selectbox(VIEWS[by], groups, key="quality_group")
    if chosen is None:
        return
    mine = [r for r in rows if r.group(by) == chosen]
    report = team_report(rows, chosen, since, by=by)
    st.html("".join(f"<p>{esc(line)}</p>" for line in report.advice()))
    show = st.toggle(
        "Show redacted examples", value=False, key="quality_examples",
        help="Sentences from real notifications with every name, date of birth, address and phone number removed.",
    )
    if show:
        for m in report.missed:
            st.markdown(f"**{m.number}. What to add:** {esc(ASKS[m.number])}")
            st.caption("Only partly there" if m.example_is_partial else "Without it")
            st.text(m.missing_example)
            if m.good_example:
                st.caption("Done well" + (" (elsewhere in the hub)" if m.good_from_elsewhere else ""))
                st.text(m.good_example)
        best, worst = examples(mine, n=2)
        left, right = st.columns(2)
        with left:
            st.caption("Most complete")
            for r in best:
                st.text(f"{r.score:.0%} — {r.redacted_text}")
        with right:
            st.caption("Least complete")
            for r in worst:
                st.text(f"{r.score:.0%} — {r.redacted_text}")
        st.caption("Most often left out: " + "; ".join(LEAVES_OUT[m.number] for m in report.missed))
    safe = "".join(c if c.isalnum() else "-" for c in chosen)[:40]
    left, right = st.columns(2)
    left.download_button(
        "Download report (CSV)", report_csv(report), file_name=f"quality-{safe}-{stamp()}.csv", mime="text/csv",
        key="quality_report_csv",
    )
    right.download_button(
        "Download printable page", report_html(report), file_name=f"quality-{safe}-{stamp()}.html",
        mime="text/html", key="quality_report_html",
    )

"""Notification-quality feedback for trainers: scores over time, most-missed items, and how often facts were chased.

Built from what the store already holds (each notification's text and stored parse, and the researchers'
"information missing" flags), so no spaCy model is needed. Everything a trainer can read here is redacted
(triage.redact): examples are sentences with names, dates of birth, addresses, postcodes, phone numbers and
references replaced; groups are authors (collar numbers or referrers), teams/stations, schools and sources.

    rows = scored_rows(store, since=datetime(2026, 10, 1))
    report = team_report(rows, "Exeter Response", since=date(2026, 10, 1))
    html_page = report_html(report); csv_text = report_csv(report)
"""

from __future__ import annotations

import csv
import html
import io
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from triage.guide import QUALITY_ITEMS
from triage.quality import ASKS, WEIGHTS, assess
from triage.records import Notification
from triage.redact import Redactor
from triage.store import Store

log = logging.getLogger(__name__)

# How a trainer says "leaves out item N" to an officer.
LEAVES_OUT: dict[int, str] = {
    1: "who the child is (name, date of birth or age, school or nursery)",
    2: "who the adults are (name, date of birth, relationship to the child, address)",
    3: "what happened, when and where",
    4: "where the children were and what they saw or heard",
    5: "what the child said in their own words",
    6: "the risks seen (violence, weapons, drink or drugs, mental health, the home)",
    7: "the risk assessment (DASH level)",
    8: "what was done and which agencies know",
    9: "whether the parents know and agree",
    10: "the referrer's name, role and contact details",
}
GROUPINGS: dict[str, str] = {"author": "Author", "team": "Team", "school": "School", "source": "Source"}
EXAMPLE_CHARS = 320


@dataclass(frozen=True)
class ScoredNotification:
    """One notification as a trainer may see it: who sent it, its checklist, redacted evidence, whether chased."""

    notification_id: int
    source: str
    author: str
    team: str
    received_at: datetime
    score: float
    statuses: dict[int, str]
    evidence: dict[int, str]  # redacted sentence per item ("" when missing)
    redacted_text: str
    decided: bool
    chased: bool

    @property
    def week(self) -> date:
        """The Monday of the week it was received."""
        d = self.received_at.date()
        return d - timedelta(days=d.weekday())

    @property
    def school(self) -> str | None:
        """The referring school, for school notifications (their team is the school)."""
        return self.team if self.source == "school" else None

    def group(self, by: str) -> str | None:
        return {"author": self.author, "team": self.team, "school": self.school, "source": self.source}[by]


def score_notification(row: dict[str, Any], parsed: Any) -> ScoredNotification:
    """Score one stored notification and redact everything about it a trainer will read."""
    n = Notification(
        source=row["source"],
        ref=row["ref"],
        received_at=datetime.fromisoformat(row["received_at"]),
        text=row["text"],
        author=row.get("author"),
        team=row.get("team"),
        id=row["id"],
    )
    q = assess(n, parsed)
    redactor = Redactor.for_notification(n.text, parsed)
    return ScoredNotification(
        notification_id=row["id"],
        source=n.source,
        author=n.author or "not given",
        team=n.team or "not given",
        received_at=n.received_at,
        score=q.score,
        statuses={i.number: i.status for i in q.items},
        evidence={i.number: redactor.apply(i.evidence) if i.evidence else "" for i in q.items},
        redacted_text=_clip(redactor.apply(n.text)),
        decided=bool(row.get("decided")),
        chased=bool(row.get("information_missing")),
    )


def scored_rows(
    store: Store, since: datetime | None = None, until: datetime | None = None, team: str | None = None
) -> list[ScoredNotification]:
    """Every parsed notification in the period (optionally one team's), scored and redacted, oldest first."""
    rows = store.quality_rows(since=since, until=until, team=team)
    out = [score_notification(r, store.parsed(r["id"])) for r in rows]
    log.info("scored %d notifications for the quality report", len(out))
    return out


# ------------------------------------------------------------------------------------------------ summaries


def item_rates(rows: Sequence[ScoredNotification]) -> list[dict[str, Any]]:
    """Per checklist item: the share missing, partly there and present."""
    total = max(len(rows), 1)
    out = []
    for number, name in enumerate(QUALITY_ITEMS, start=1):
        counts = Counter(r.statuses[number] for r in rows)
        out.append(
            {
                "Item": f"{number}. {name[:1].upper()}{name[1:]}",
                "Missing": counts["missing"] / total,
                "Partly there": counts["partial"] / total,
                "Present": counts["present"] / total,
                "Counts double": number in WEIGHTS,
            }
        )
    return out


def most_missed(rows: Sequence[ScoredNotification], top: int = 3) -> list[dict[str, Any]]:
    """The items most often missing (then most often only partly there), with counts in plain numbers."""
    ranked = []
    for number in range(1, len(QUALITY_ITEMS) + 1):
        missing = sum(1 for r in rows if r.statuses[number] == "missing")
        partial = sum(1 for r in rows if r.statuses[number] == "partial")
        if missing or partial:
            ranked.append({"item": number, "missing": missing, "partial": partial, "of": len(rows)})
    ranked.sort(key=lambda d: (-(d["missing"] + 0.5 * d["partial"]), -WEIGHTS.get(d["item"], 1.0), d["item"]))
    return ranked[:top]


def _chase(rows: Sequence[ScoredNotification]) -> tuple[int, int]:
    decided = [r for r in rows if r.decided]
    return sum(1 for r in decided if r.chased), len(decided)


def group_summary(rows: Sequence[ScoredNotification], by: str) -> list[dict[str, Any]]:
    """One row per author, team, school or source: volume, average score, chase rate, most-missed items."""
    groups: dict[str, list[ScoredNotification]] = defaultdict(list)
    for r in rows:
        key = r.group(by)
        if key is not None:
            groups[key].append(r)
    out = []
    for key, mine in groups.items():
        chased, decided = _chase(mine)
        out.append(
            {
                GROUPINGS[by]: key,
                "Notifications": len(mine),
                "Average score": sum(r.score for r in mine) / len(mine),
                "Chased for missing facts": chased / decided if decided else None,
                "Decided": decided,
                "Most often missing": "; ".join(QUALITY_ITEMS[m["item"] - 1] for m in most_missed(mine)),
            }
        )
    return sorted(out, key=lambda d: (d["Average score"], str(d[GROUPINGS[by]])))


def weekly(rows: Sequence[ScoredNotification], by: str | None = None) -> list[dict[str, Any]]:
    """Average score and chase rate per week (and per group when `by` is given), for trend charts."""
    buckets: dict[tuple[str, date], list[ScoredNotification]] = defaultdict(list)
    for r in rows:
        key = (r.group(by) if by else "all") or ""
        if by and not key:
            continue
        buckets[(key, r.week)].append(r)
    out = []
    for (key, week), mine in sorted(buckets.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        chased, decided = _chase(mine)
        out.append(
            {
                "Group": key,
                "Week": week,
                "Notifications": len(mine),
                "Average score": round(sum(r.score for r in mine) / len(mine), 3),
                "Chased for missing facts": round(chased / decided, 3) if decided else None,
            }
        )
    return out


def examples(rows: Sequence[ScoredNotification], n: int = 3) -> tuple[list[ScoredNotification], ...]:
    """The best and the worst notifications by score (redacted text only), for teaching."""
    ranked = sorted(rows, key=lambda r: (r.score, r.received_at))
    worst = ranked[:n]
    best = [r for r in reversed(ranked) if r not in worst][:n]
    return best, worst


# ------------------------------------------------------------------------------------------------ team report


@dataclass(frozen=True)
class MissedItem:
    """One of a team's most-missed items, with a redacted example of it missing and one of it done well."""

    number: int
    missing: int
    partial: int
    of: int
    missing_example: str
    good_example: str
    good_from_elsewhere: bool
    example_is_partial: bool = False

    def how_often(self) -> str:
        """'missing in 7 of 10 notifications and only partly there in 2 more', in plain numbers."""
        if not self.missing:
            return f"only partly there in {self.partial} of {_count(self.of, 'notification')}"
        more = f" and only partly there in {self.partial} more" if self.partial else ""
        return f"missing in {self.missing} of {_count(self.of, 'notification')}{more}"


@dataclass(frozen=True)
class TeamReport:
    """The feedback report for one team, station or school."""

    team: str
    since: date
    until: date
    notifications: int
    average: float
    weeks: list[dict[str, Any]] = field(default_factory=list)
    missed: list[MissedItem] = field(default_factory=list)
    chased: int = 0
    decided: int = 0
    hub_average: float | None = None

    def advice(self) -> list[str]:
        """The report in plain sentences, as a trainer would say it to the team."""
        if not self.notifications:
            return [f"{self.team} sent no notifications that the tool has read since {_day(self.since)}."]
        lines = [
            f"{self.team} sent {_count(self.notifications, 'notification')} between {_day(self.since)} and "
            f"{_day(self.until)}. On average they had {self.average:.0%} of what the MASH needs"
            + (f" (the whole hub: {self.hub_average:.0%})." if self.hub_average is not None else ".")
        ]
        trend = self.trend()
        if trend:
            lines.append(trend)
        if self.missed:
            top = self.missed[0]
            lines.append(f"Your team most often leaves out {LEAVES_OUT[top.number]}: {top.how_often()}.")
            for m in self.missed[1:]:
                lines.append(f"Next most often left out: {LEAVES_OUT[m.number]} ({m.how_often()}).")
            if any(m.number in WEIGHTS for m in self.missed):
                lines.append(
                    "Items 1, 4 and 7 (who the child is, where the children were, the risk assessment) matter most: "
                    "without them the MASH cannot tell how urgent a notification is."
                )
        if self.decided:
            lines.append(
                f"Researchers had to go back to you for missing facts on {self.chased} of the {self.decided} "
                f"notifications they have decided ({self.chased / self.decided:.0%})."
            )
        return lines

    def trend(self) -> str:
        if len(self.weeks) < 2:
            return ""
        first, last = self.weeks[0], self.weeks[-1]
        change = last["Average score"] - first["Average score"]
        direction = "up" if change > 0.02 else "down" if change < -0.02 else "about level"
        return (
            f"Week by week the average went from {first['Average score']:.0%} (week of {_day(first['Week'])}) to "
            f"{last['Average score']:.0%} (week of {_day(last['Week'])}): {direction}."
        )


def team_report(
    rows: Sequence[ScoredNotification],
    team: str,
    since: date,
    until: date | None = None,
    top: int = 3,
    by: str = "team",
) -> TeamReport:
    """A team's report (or an author's, school's or source's, with `by`).

    `rows` may hold the whole hub, so a good example can come from elsewhere when the team has none.
    """
    until = until or max([r.received_at.date() for r in rows] + [since])
    period = [r for r in rows if since <= r.received_at.date() <= until]
    mine = [r for r in period if r.group(by) == team]
    if not mine:
        return TeamReport(team, since, until, 0, 0.0)
    missed = []
    used: set[int] = set()  # a different notification for each item's "without it" example, where there is one
    for m in most_missed(mine, top):
        number = m["item"]
        lacking = [r for r in mine if r.statuses[number] == "missing"] or [
            r for r in mine if r.statuses[number] == "partial"
        ]
        bad = min(lacking, key=lambda r: (r.notification_id in used, r.score, r.received_at))
        used.add(bad.notification_id)
        good_pool = [r for r in mine if r.statuses[number] == "present" and r.evidence[number]]
        elsewhere = not good_pool
        if elsewhere:
            good_pool = [r for r in period if r.statuses[number] == "present" and r.evidence[number]]
        good = max(good_pool, key=lambda r: (r.score, len(r.evidence[number]), r.received_at), default=None)
        partial = bad.statuses[number] == "partial"
        missed.append(
            MissedItem(
                number=number,
                missing=m["missing"],
                partial=m["partial"],
                of=m["of"],
                missing_example=bad.evidence[number] if partial else bad.redacted_text,
                good_example=_clip(good.evidence[number]) if good else "",
                good_from_elsewhere=elsewhere and good is not None,
                example_is_partial=partial,
            )
        )
    chased, decided = _chase(mine)
    return TeamReport(
        team=team,
        since=since,
        until=until,
        notifications=len(mine),
        average=sum(r.score for r in mine) / len(mine),
        weeks=weekly(mine),
        missed=missed,
        chased=chased,
        decided=decided,
        hub_average=sum(r.score for r in period) / len(period),
    )


# ------------------------------------------------------------------------------------------------ output


def to_csv(records: Iterable[dict[str, Any]]) -> str:
    """Any list of summary rows as CSV text (for downloads)."""
    records = list(records)
    if not records:
        return ""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(records[0]))
    writer.writeheader()
    for r in records:
        writer.writerow({k: _cell(v) for k, v in r.items()})
    return buf.getvalue()


def report_csv(report: TeamReport) -> str:
    """The team report as one CSV: trend rows, most-missed item rows (with redacted examples), the chase rate."""
    records: list[dict[str, Any]] = []
    for w in report.weeks:
        records.append(
            {"section": "trend", "label": f"week of {w['Week'].isoformat()}", "notifications": w["Notifications"],
             "value": w["Average score"], "detail": "", "missing_example": "", "good_example": ""}
        )
    for m in report.missed:
        records.append(
            {"section": "most missed", "label": f"{m.number}. {QUALITY_ITEMS[m.number - 1]}", "notifications": m.of,
             "value": round(m.missing / m.of, 3) if m.of else 0,
             "detail": m.how_often(),
             "missing_example": m.missing_example, "good_example": m.good_example}
        )
    if report.decided:
        records.append(
            {"section": "chased", "label": "information missing", "notifications": report.decided,
             "value": round(report.chased / report.decided, 3),
             "detail": f"{report.chased} of {report.decided} decided notifications", "missing_example": "",
             "good_example": ""}
        )
    records.append(
        {"section": "overall", "label": report.team, "notifications": report.notifications,
         "value": round(report.average, 3), "detail": " ".join(report.advice()), "missing_example": "",
         "good_example": ""}
    )
    return to_csv(records)


def report_html(report: TeamReport) -> str:
    """A printable page (A4, no scripts, nothing fetched); every piece of text passes through html.escape."""
    e = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Notification quality: {e(report.team)}</title>",
        "<style>body{font-family:Arial,sans-serif;max-width:46em;margin:2em auto;line-height:1.45;color:#111}"
        "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:.3em .6em;text-align:left}"
        ".ex{border-left:4px solid #999;padding:.3em .8em;margin:.4em 0;white-space:pre-wrap}"
        ".bad{border-color:#b3261e}.good{border-color:#2e7d32}.note{color:#444;font-size:.9em}"
        "@media print{body{margin:0}}</style></head><body>",
        f"<h1>Notification quality: {e(report.team)}</h1>",
        f"<p class='note'>{e(_day(report.since))} to {e(_day(report.until))}. Names, dates of birth, addresses, "
        "postcodes, phone numbers and references are replaced by words in [BRACKETS].</p>",
    ]
    parts += [f"<p>{e(line)}</p>" for line in report.advice()]
    if report.weeks:
        parts.append("<h2>Week by week</h2><table><tr><th>Week of</th><th>Notifications</th>"
                     "<th>Average score</th></tr>")
        for w in report.weeks:
            parts.append(f"<tr><td>{e(_day(w['Week']))}</td><td>{e(str(w['Notifications']))}</td>"
                         f"<td>{e(format(w['Average score'], '.0%'))}</td></tr>")
        parts.append("</table>")
    for m in report.missed:
        parts.append(f"<h2>{e(str(m.number))}. What to add: {e(ASKS[m.number])}</h2>")
        how = m.how_often()
        parts.append(f"<p>{e(how[:1].upper() + how[1:])}.</p>")
        parts.append(f"<p><strong>{'Only partly there' if m.example_is_partial else 'Without it'}</strong> "
                     "(one of yours):</p>")
        parts.append(f"<div class='ex bad'>{e(m.missing_example)}</div>")
        if m.good_example:
            whose = "from elsewhere in the hub" if m.good_from_elsewhere else "one of yours"
            parts.append(f"<p><strong>Done well</strong> ({e(whose)}):</p>")
            parts.append(f"<div class='ex good'>{e(m.good_example)}</div>")
    parts.append("<p class='note'>The checklist is the MASH triage guide's: 1 the child, 2 the adults, "
                 "3 what happened, 4 where the children were, 5 the child's voice, 6 risks seen, 7 risk assessment, "
                 "8 action and agencies, 9 consent, 10 referrer's details. Items 1, 4 and 7 count double.</p>")
    parts.append("</body></html>")
    return "".join(parts)


def _clip(text: str, limit: int = EXAMPLE_CHARS) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _cell(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 3)
    return value


def _day(d: date | datetime) -> str:
    return f"{d.day} {d.strftime('%b %Y')}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def render_team_report(store: Store, team: str, since: date, fmt: str = "html") -> str:
    """The whole CLI job in one call: score the hub since `since`, build the team's report, render it."""
    if fmt not in ("csv", "html"):
        raise ValueError(f"format must be csv or html, not {fmt!r}")
    rows = scored_rows(store, since=datetime.combine(since, datetime.min.time()))
    report = team_report(rows, team, since)
    return report_csv(report) if fmt == "csv" else report_html(report)

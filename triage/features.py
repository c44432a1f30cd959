"""Named features from a parsed, matched notification.

Two products: `GuideFacts` for the triage guide's rules, and a feature row
(name -> value) for the classifier. Feature names are practitioner words so
that a contribution reads as a reason ("open child protection plan +1.2").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from triage.guide import FACTORS
from triage.lexicon import SERVICE_NAMES
from triage.records import (
    FeatureRow,
    GuideFacts,
    History,
    Involvement,
    Notification,
    ParsedNotification,
    RiskFactor,
)
from triage.redact import Redactor
from triage.rules import apply_rules

YEAR = timedelta(days=365)


def history_from_involvements(
    child: Iterable[Involvement],
    household: Iterable[Involvement],
    as_of: date,
) -> History:
    """Summarise agency history as the guide's modifiers need it.

    `child` is the involvements of the people matched in the notification;
    `household` those of everyone sharing their household. Only history that
    started before `as_of` counts: the future must not leak into a rating.
    """
    child = [i for i in child if i.start_date <= as_of]
    household = [i for i in household if i.start_date <= as_of]
    recent = as_of - YEAR

    def is_open(i: Involvement) -> bool:
        return i.end_date is None or i.end_date >= as_of

    cp = [i for i in child if i.kind == "child_protection_plan"]
    open_cp = [i for i in cp if is_open(i)]
    cin = [i for i in child if i.kind == "child_in_need_plan" and is_open(i)]
    eh = [i for i in child if i.kind == "early_help_plan" and is_open(i)]
    notes = [
        i for i in child if i.kind in ("notification", "referral", "domestic_abuse_incident") and i.start_date >= recent
    ]
    hh_notes = {
        (i.person_id, i.kind, i.start_date)
        for i in household
        if i.kind in ("notification", "referral", "domestic_abuse_incident") and i.start_date >= recent
    }
    missing = [i for i in child if i.kind == "missing_episode" and i.start_date >= recent]
    da = {
        (i.start_date) for i in [*child, *household] if i.kind == "domestic_abuse_incident" and i.start_date >= recent
    }

    evidence: list[str] = []
    for group, label in (
        (open_cp, "open child protection plan"),
        (cin, "open child in need plan"),
        (eh, "open early help plan"),
    ):
        for i in group[:1]:
            evidence.append(f"{label} since {i.start_date.isoformat()} ({i.person_id})")
    if cp and not open_cp:
        evidence.append(f"previous child protection plan ended {max(i.end_date for i in cp if i.end_date)}")
    if notes:
        evidence.append(f"{len(notes)} earlier notification(s) in 12 months")
    if len(hh_notes) > len(notes):
        evidence.append(f"{len(hh_notes)} earlier notification(s) for the household in 12 months")
    if missing:
        evidence.append(f"{len(missing)} missing episode(s) in 12 months")

    return History(
        open_cp_plan=bool(open_cp),
        previous_cp_plan=bool(cp) and not open_cp,
        cin_plan=bool(cin),
        early_help_plan=bool(eh),
        child_notifications_12m=len(notes),
        household_notifications_12m=len(hh_notes),
        missing_episodes_12m=len(missing),
        domestic_abuse_incidents_12m=len(da),
        evidence=tuple(evidence),
    )


def history_features(h: History) -> Mapping[str, float]:
    return {
        "open child protection plan": float(h.open_cp_plan),
        "previous child protection plan": float(h.previous_cp_plan),
        "child in need plan": float(h.cin_plan),
        "early help plan": float(h.early_help_plan),
        "3+ notifications in 12 months": float(max(h.child_notifications_12m, h.household_notifications_12m) >= 3),
        "earlier notifications in 12 months": float(
            min(max(h.child_notifications_12m, h.household_notifications_12m), 5)
        ),
        "missing episodes in 12 months": float(min(h.missing_episodes_12m, 5)),
    }


AGE_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 1, "baby (under 2)"),
    (2, 4, "pre-school child (2-4)"),
    (5, 10, "primary-age child (5-10)"),
    (11, 15, "secondary-age child (11-15)"),
    (16, 17, "young person (16-17)"),
)


def age_on(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def youngest_child_age(parsed: ParsedNotification, on: date) -> int | None:
    """The youngest age among the children mentioned, from age or date of birth."""
    ages = []
    for m in parsed.mentions:
        age = m.age if m.age is not None else (age_on(m.dob, on) if m.dob else None)
        if age is not None and 0 <= age < 18 and m.role != "adult":
            ages.append(age)
    return min(ages) if ages else None


def youngest_in_words(age: int | None) -> str:
    if age is None:
        return "no child's age or date of birth found"
    return "youngest child under 1" if age == 0 else f"youngest child {age}"


def age_band(age: int | None) -> str:
    if age is None:
        return "child's age not given"
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return "child's age not given"


def _is_heading(sentence: str) -> bool:
    """A title or a form's line ("DOMESTIC ABUSE NOTIFICATION - DASH RISK ASSESSMENT"), not a sentence."""
    s = sentence.strip()
    return bool(s) and s[-1] not in ".!?\"'’”)" and (s.isupper() or len(s.split()) <= 8)


def evidence_first(factors: Iterable[RiskFactor], present_only: bool = True) -> list[RiskFactor]:
    """The mentions in the order their words should be quoted as a factor's evidence: in the text's order, but a
    service's name or a heading ("Youth Justice Service - referral to MASH", "DOMESTIC ABUSE NOTIFICATION")
    after any sentence that says what happened ("a referral order for criminal damage"), so a reviewer is shown
    the reason, not the letterhead."""
    kept = [r for r in factors if r.present or not present_only]
    return sorted(kept, key=lambda r: (r.text.lower() in SERVICE_NAMES) + _is_heading(r.sentence))


def guide_facts(parsed: ParsedNotification, history: History, received: date) -> GuideFacts:
    """The facts the guide's rules need, from what parsing and matching found."""
    evidence: dict[str, str] = {}
    for r in evidence_first(parsed.risk_factors):
        evidence.setdefault(r.factor, r.sentence.strip() or r.text)
    return GuideFacts(
        factors=parsed.present_factors(),
        dash_level=parsed.dash_level,
        youngest_child_age=youngest_child_age(parsed, received),
        history=history,
        evidence=evidence,
    )


def locate(text: str, words: str) -> tuple[str, int | None, int | None]:
    """The first of `words` (a rule's evidence, "; "-joined sentences) found in `text`, with offsets."""
    for part in words.split("; "):
        part = part.strip()
        if part:
            start = text.find(part)
            if start >= 0:
                return part, start, start + len(part)
    return words, None, None


def rule_features(
    facts: GuideFacts, text: str = ""
) -> tuple[dict[str, float], dict[str, tuple[str, int | None, int | None]]]:
    """The guide's own verdict as named features, so the model learns how far to trust it.

    Parsing is imperfect, so the rules applied to parsed facts are right most of
    the time but not always; giving the model "the guide's rules say AMBER" and
    each fired rule lets it learn where the text says more than the rules saw.
    """
    rag, hits = apply_rules(facts)
    feats = {f"the guide's rules say {rag}": 1.0}
    evidence: dict[str, tuple[str, int | None, int | None]] = {}
    for h in hits:
        name = f"rule: {h.rule.replace('_', ' ')}"
        feats[name] = 1.0
        evidence[name] = locate(text, h.evidence) if h.evidence else (h.description, None, None)
    deciding = [h for h in hits if h.rag == rag]  # the last rule that set the rating the guide gives
    if deciding:
        evidence[f"the guide's rules say {rag}"] = evidence[f"rule: {deciding[-1].rule.replace('_', ' ')}"]
    elif not hits and "explained_injury" in facts.factors and "explained_injury" in facts.evidence:
        # no rule fired because the account fits the injury: those are the words a reviewer must check
        evidence[f"the guide's rules say {rag}"] = locate(text, facts.evidence["explained_injury"])
    elif not hits:  # say so, rather than show a reason with no words beside it
        evidence[f"the guide's rules say {rag}"] = ("no rule of the guide applies to what was read", None, None)
    return feats, evidence


# A factor the note rules out or only supposes is a feature of its own ("domestic abuse (negated or hypothetical)"):
# the rules never count it, but notes that rule something out are often about it.
DISCOUNTED_SUFFIX = " (negated or hypothetical)"
_PARSED_PREFIXES = ("rule: ", "the guide's rules say ", "DASH ")
_FACTOR_NAMES = frozenset(FACTORS.values())


def without_parsed_factors(row: FeatureRow) -> FeatureRow:
    """The row as if parsing had found no risk factor: the records, age, source and words alone.

    Training also on these copies teaches the n-grams to see a RED the parser missed. Real notifications word
    things the lexicon has never seen; a model that leant wholly on the parsed factors and the rules would have
    no safety net for them (on the first held-back notes, h01-h24, a better parser of the synthetic corpus took the
    model's RED recall from 10 of 11 to 6 of 11 until these copies were added).
    """
    keep = {
        k: v
        for k, v in row.features.items()
        if not k.startswith(_PARSED_PREFIXES) and k.removesuffix(DISCOUNTED_SUFFIX) not in _FACTOR_NAMES
    }
    return FeatureRow(features=keep, text=row.text, evidence={})


def mask_identifiers(text: str, parsed: ParsedNotification) -> str:
    """The text with everything that identifies someone blanked out, keeping every offset.

    A surname, a street or a school must never become a reason ("words 'akhtar' +1.1", "words 'abbey road'"):
    none is evidence of risk, a name can stand in for ethnicity and a street for deprivation, and the model's
    vocabulary is saved in its file and its card, which must not hold a child's name or address. The spans are
    the trainer's redaction (`triage.redact`), replaced by underscores of the same length, which the n-gram
    tokeniser ignores.
    """
    out = list(text)
    for r in Redactor.for_notification(text, parsed).spans(text):
        out[r.start : r.end] = "_" * (r.end - r.start)
    return "".join(out)


def people_named(parsed: ParsedNotification) -> str:
    """How many people the notification names, by role, for the reason a reviewer reads ("4 people named: 2
    children, 2 adults"); never their names, which the reason does not need."""
    roles = Counter(m.role for m in parsed.mentions)
    unclear = ("whose role is unclear",) * 2
    words = {"child": ("child", "children"), "adult": ("adult", "adults"), "unknown": unclear}
    parts = [f"{roles[r]} {words[r][roles[r] != 1]}" for r in ("child", "adult", "unknown") if roles[r]]
    n = len(parsed.mentions)
    return f"{n} {'person' if n == 1 else 'people'} named" + (": " + ", ".join(parts) if parts else "")


def feature_row(notification: Notification, parsed: ParsedNotification, history: History) -> FeatureRow:
    """Named features, in practitioners' words, with the words behind each."""
    feats: dict[str, float] = {}
    evidence: dict[str, tuple[str, int | None, int | None]] = {}
    for r in evidence_first(parsed.risk_factors, present_only=False):
        name = FACTORS.get(r.factor, r.factor)
        if not r.present:
            name = f"{name}{DISCOUNTED_SUFFIX}"
        feats[name] = 1.0
        # a discounted mention is quoted with its sentence: "violence" alone reads as the opposite of
        # "no violence towards mum or Jake reported"
        words = r.text if r.present else (r.sentence.strip() or r.text)
        evidence.setdefault(name, (words, r.start, r.end))
    if parsed.dash_level:
        name = f"DASH {parsed.dash_level}"
        feats[name] = 1.0
        evidence[name] = (f"DASH {parsed.dash_level}", None, None)
    for name, value in history_features(history).items():
        if value:
            feats[name] = value
            evidence[name] = ("; ".join(history.evidence) or "records", None, None)
    youngest = youngest_child_age(parsed, notification.received_at.date())
    band = age_band(youngest)
    feats[band] = 1.0
    evidence[band] = (youngest_in_words(youngest), None, None)
    feats[f"source: {notification.source}"] = 1.0
    evidence[f"source: {notification.source}"] = (f"sent by {notification.source}", None, None)
    feats["people mentioned"] = float(min(len(parsed.mentions), 6))
    evidence["people mentioned"] = (people_named(parsed), None, None)
    extra, extra_evidence = rule_features(
        guide_facts(parsed, history, notification.received_at.date()), notification.text
    )
    feats.update(extra)
    evidence.update(extra_evidence)
    return FeatureRow(features=feats, text=mask_identifiers(notification.text, parsed), evidence=evidence)

"""The triage guide's rules, each named, as floors and modifiers.

A rule never lowers what the model proposes except through the guide's one
mitigation rule, and never below a RED floor for abuse, injury, exploitation
or sex-offender contact. The same rules label the synthetic training data
(from the generator's ground truth) and check every live proposal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from triage.guide import RISK_FACTORS, max_rag, step
from triage.records import GuideFacts, RuleHit

COMPLEX_NEEDS = frozenset(
    {"mental_health", "domestic_abuse", "substance_misuse", "neglect", "homelessness"}
)
# RED floors that the mitigation rule may never lower (the guide, "Modifiers").
# Serious domestic abuse (a weapon, strangulation, threats to kill, DASH high)
# and a child's suicidal intent are added: support does not make those safe
# enough to wait a day, and the tool errs towards never missing a RED.
UNMITIGABLE = frozenset(
    {"disclosure", "baby_or_unexplained_injury", "exploitation", "sex_offender", "serious_domestic_abuse",
     "suicidal_intent"}
)


@dataclass(frozen=True)
class Rule:
    name: str
    rag: str
    description: str
    test: Callable[[GuideFacts], tuple[str, ...] | None]
    """Returns the factor codes that made it fire, or None."""


def _has(*codes: str) -> Callable[[GuideFacts], tuple[str, ...] | None]:
    def test(f: GuideFacts) -> tuple[str, ...] | None:
        found = tuple(c for c in codes if c in f.factors)
        return found or None

    return test


def _young(f: GuideFacts, under: int) -> bool:
    return f.youngest_child_age is not None and f.youngest_child_age < under


def _baby_or_unexplained_injury(f: GuideFacts) -> tuple[str, ...] | None:
    if "unexplained_injury" in f.factors:
        return ("unexplained_injury",)
    if "injury" in f.factors and _young(f, 2):
        return ("injury",)
    return None


def _factors(f: GuideFacts) -> frozenset[str]:
    """The factors found, plus domestic abuse when a DASH grading of medium or high says so.

    A DASH grading is made only for domestic abuse, and a medium or high one is more than an argument (the
    guide keeps "a verbal argument, DASH STANDARD" GREEN): "DV: ... DASH High" is domestic abuse even when
    parsing found no word for it.
    """
    return (f.factors | {"domestic_abuse"}) if f.dash_level in ("medium", "high") else f.factors


def _children_present(f: GuideFacts) -> tuple[str, ...]:
    """("child_present",) when the children were there, to name it among a rule's reasons; else ()."""
    return ("child_present",) if "child_present" in f.factors else ()


def _serious_domestic_abuse(f: GuideFacts) -> tuple[str, ...] | None:
    """The guide's "DA with children present where the DASH risk is HIGH, or a weapon, strangulation/choking,
    or threats to kill were involved": a weapon, strangulation or threats to kill make it RED whether or not
    the children saw it ("hit her with a hammer ... her son was at football training": he lives with the man
    who did it); DASH high alone needs the children there, as the guide says."""
    aggravating = tuple(c for c in ("weapon", "strangulation", "threats_to_kill") if c in f.factors)
    # a row between the parents in which one threatened to kill or strangled the other is abuse, however the
    # call was logged ("report of an argument ... he told her that if she ever took the kids he would kill her")
    if "domestic_abuse" not in _factors(f) and not ("parental_conflict" in _factors(f) and aggravating):
        return None
    present = _children_present(f)
    if aggravating or (present and f.dash_level == "high"):
        domestic = "domestic_abuse" if "domestic_abuse" in _factors(f) else "parental_conflict"
        return (domestic,) + present + aggravating
    return None


def _alone_or_intoxicated_carer(f: GuideFacts) -> tuple[str, ...] | None:
    if "child_alone" in f.factors:
        return ("child_alone",)
    if "intoxicated_carer" in f.factors and (_young(f, 8) or f.youngest_child_age is None):
        return ("intoxicated_carer",)
    return None


def _pregnancy_with_risk(f: GuideFacts) -> tuple[str, ...] | None:
    if "pregnancy" not in f.factors:
        return None
    risks = tuple(c for c in ("substance_misuse", "homelessness", "no_antenatal_care") if c in f.factors)
    return ("pregnancy",) + risks if risks else None


def _multiple_complex_needs(f: GuideFacts) -> tuple[str, ...] | None:
    found = tuple(sorted(COMPLEX_NEEDS & _factors(f)))
    return found if len(found) >= 2 else None


def _domestic_abuse_with_children(f: GuideFacts) -> tuple[str, ...] | None:
    """The guide's AMBER "domestic abuse with children in the house, DASH MEDIUM, or a repeat incident". An unborn
    child is one of the children: the guide speaks of "the unborn child" in its pregnancy indicator. A third
    incident written as such is AMBER even when this one was verbal ("Third attendance here for domestic since
    June. Verbal"): the guide's repeat line names no level of harm."""
    if "domestic_abuse" not in _factors(f):
        return ("repeat_incident",) if "repeat_incident" in f.factors else None
    if "child_present" in f.factors or f.dash_level in ("medium", "high"):
        return ("domestic_abuse",) + _children_present(f)
    if "pregnancy" in f.factors:
        return ("domestic_abuse", "pregnancy")
    if f.history.domestic_abuse_incidents_12m >= 2:  # this one is at least the third
        return ("domestic_abuse",)
    if "repeat_incident" in f.factors:  # the records were not matched, but the officer wrote "3rd DA incident"
        return ("domestic_abuse", "repeat_incident")
    return None


def _carer_needs(f: GuideFacts) -> tuple[str, ...] | None:
    found = tuple(c for c in ("substance_misuse", "mental_health", "intoxicated_carer") if c in f.factors)
    return found or None


def _conflict_witnessed(f: GuideFacts) -> tuple[str, ...] | None:
    # The guide keeps parental conflict GREEN only with no children present or witnessing.
    if {"parental_conflict", "child_present"} <= f.factors:
        return ("parental_conflict", "child_present")
    return None


def _offending_under_strain(f: GuideFacts) -> tuple[str, ...] | None:
    # The guide's AMBER is low-level offending "with family stress": parents who turn up and support the young
    # person leave a single low-level matter GREEN (record and signpost).
    if "offending" in f.factors and "family_support" not in f.factors:
        return ("offending",)
    return None


def _injury_not_explained(f: GuideFacts) -> tuple[str, ...] | None:
    """An injury to a child whose account does not fit it, or of which no account is given: AMBER, a safety net
    the guide does not list (it names only a baby's and an unexplained injury, both RED). An older child's injury
    with an account that fits it ("the account is consistent with the injury") is in none of the guide's lists,
    so it is left GREEN: a playground black eye that the child, a sibling and a parent all explain alike."""
    return ("injury",) if "injury" in f.factors and "explained_injury" not in f.factors else None


FLOORS: tuple[Rule, ...] = (
    Rule("disclosure", "RED", "A child discloses, or someone alleges, abuse", _has("disclosure")),
    Rule("baby_or_unexplained_injury", "RED", "Injury to a baby, or an unexplained injury",
         _baby_or_unexplained_injury),
    Rule("serious_domestic_abuse", "RED",
         "Domestic abuse with a weapon, strangulation or threats to kill, or DASH high with children present",
         _serious_domestic_abuse),
    Rule("child_alone_or_intoxicated_carer", "RED",
         "A child left alone, or a carer too intoxicated to care for a young child", _alone_or_intoxicated_carer),
    Rule("exploitation", "RED", "Child sexual or criminal exploitation indicators", _has("exploitation")),
    Rule("sex_offender", "RED", "A known or suspected sex offender with access to a child", _has("sex_offender")),
    Rule("suicidal_intent", "RED", "A child expressing suicidal intent or serious self-harm", _has("self_harm")),
    Rule("pregnancy_with_risk", "RED", "Pregnancy with substance misuse, homelessness or no antenatal care",
         _pregnancy_with_risk),
    Rule("multiple_complex_needs", "RED",
         "Two or more of mental health, domestic abuse, substance misuse, neglect, homelessness",
         _multiple_complex_needs),
    Rule("domestic_abuse_with_children", "AMBER",
         "Domestic abuse with children in the house (an unborn child too), DASH medium or high, or a repeat incident",
         _domestic_abuse_with_children),
    Rule("carer_substance_or_mental_health", "AMBER",
         "Parental substance misuse, intoxication or mental health concern", _carer_needs),
    Rule("conflict_witnessed_by_children", "AMBER", "Parental conflict with children present or witnessing",
         _conflict_witnessed),
    Rule("missing_episode", "AMBER", "A child missing from home or care", _has("missing")),
    Rule("neglect", "AMBER", "Poor home conditions or neglect concerns", _has("neglect")),
    Rule("injury", "AMBER", "An injury to a child, with no account given that fits it", _injury_not_explained),
    Rule("offending", "AMBER", "Offending, anti-social behaviour or online harm, without family support",
         _offending_under_strain),
    # The guide lists a pregnancy only with substance misuse, homelessness or no antenatal care (RED): an adult's
    # pregnancy alone is none of its indicators, and three readings of the guide rated such notes GREEN (t39, e57).
    # A child who is pregnant is a child with established needs whatever else is known (h07, a 16-year-old and a
    # man of 26, has no other factor the parser finds): AMBER, for checks on who the father is.
    Rule("pregnant_child", "AMBER", "A child who is pregnant", _has("pregnant_child")),
)


def _history_escalation(f: GuideFacts) -> str | None:
    h = f.history
    if h.open_cp_plan:
        return "open child protection plan"
    if h.previous_cp_plan:
        return "previous child protection plan"
    if h.cin_plan:
        return "child in need plan"
    n = max(h.child_notifications_12m, h.household_notifications_12m)
    if n >= 3:
        return f"{n} earlier notifications in 12 months"
    if "plan_stated" in f.factors:  # the records were not matched, but the officer wrote "CP plan in place"
        return f.evidence.get("plan_stated", "a child protection or child in need plan, as written")
    return None


def _evidence(facts: GuideFacts, code: str) -> str:
    """The sentence that evidences a factor; for domestic abuse known only from its DASH grading, that grading."""
    if code in facts.evidence:
        return facts.evidence[code]
    if code == "domestic_abuse" and facts.dash_level:
        return f"DASH risk level {facts.dash_level}"
    return RISK_FACTORS.get(code, code)


def _quote_once(sentences: Iterable[str]) -> str:
    """The evidence sentences joined, each said once (one sentence often evidences two of a rule's factors)."""
    return "; ".join(dict.fromkeys(sentences))


def apply_rules(facts: GuideFacts) -> tuple[str, tuple[RuleHit, ...]]:
    """The rating the guide alone gives these facts, and every rule that fired.

    Floors first (highest wins), then at most one escalation and one mitigation.
    """
    hits: list[RuleHit] = []
    rag = "GREEN"
    fired: set[str] = set()
    for rule in FLOORS:
        codes = rule.test(facts)
        if codes is None:
            continue
        fired.add(rule.name)
        evidence = _quote_once(_evidence(facts, c) for c in codes)
        hits.append(RuleHit(rule.name, "floor", rule.rag, rule.description, evidence))
        rag = max_rag(rag, rule.rag)

    escalate_why = _history_escalation(facts)
    if escalate_why is None and "non_engagement" in facts.factors:
        escalate_why = facts.evidence.get("non_engagement", "family not engaging")
    if escalate_why is None and "prolonged_wait" in facts.factors:
        escalate_why = facts.evidence.get("prolonged_wait", "waited over 8 weeks for support")
    # Escalation applies to notifications that have some concern, not to
    # pure information sharing with nothing else (a GREEN with no indicators).
    if escalate_why and (hits or facts.factors - {"information_sharing", "plan_stated"}) and rag != "RED":
        new = step(rag, +1)
        hits.append(RuleHit("history_or_engagement_escalates", "escalate", new,
                            "Significant history, non-engagement or a long wait: escalate one level", escalate_why))
        rag = new

    protected = {"agency_engagement", "family_support"} <= facts.factors
    if protected and rag != "GREEN" and not (fired & UNMITIGABLE):
        new = step(rag, -1)
        evidence = _quote_once(facts.evidence.get(c, c) for c in ("agency_engagement", "family_support"))
        hits.append(RuleHit("support_mitigates", "mitigate", new,
                            "Regular engagement with an agency and family support: mitigate one level", evidence))
        rag = new
    return rag, tuple(hits)

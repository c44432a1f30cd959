"""What happened: one function per kind of notification a MASH receives.

Each scenario draws a cast, then states facts (each a guide factor in one of
many phrasings), distractors (factors denied or hypothetical), protective
factors and context. Probabilities are chosen so that every RED indicator and
every modifier turns up regularly, while most notifications stay the mundane
AMBER/GREEN traffic a MASH actually sees.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from training.cast import Population, draw_family, grandparent_in, new_adult
from training.compose import Actor, Draft
from training.phrases import PRESENT

Scenario = Callable[[Draft, Population], None]


def _on(d: Draft) -> date:
    return d.received_at.date()


def _distract(d: Draft, codes: tuple[str, ...], k: int = 1, p: float = 0.6, section: str = "risk") -> None:
    """Deny a few factors the scenario did not state: the traps for a naive keyword matcher."""
    pool = [c for c in codes if c not in d.factors]
    d.rng.shuffle(pool)
    for code in pool[:k]:
        if d.maybe(p):
            d.deny(code, section)


def _protective(d: Draft, p: float, who: Actor | None = None) -> None:
    """Sometimes the family has support; both engagement and family support together can mitigate."""
    if not d.maybe(p):
        return
    roles = {"p": who or d.bound["m"]}
    r = d.rng.random()
    if r < 0.5:
        d.fact("agency_engagement", "protective", **roles)
        d.fact("family_support", "protective", **roles)
    elif r < 0.7:
        d.fact("agency_engagement", "protective", **roles)
    elif r < 0.85:
        d.fact("family_support", "protective", **roles)
    if d.maybe(0.4):
        d.fact("insight", "protective", **roles)


def _modifiers(d: Draft, engage: float = 0.08, wait: float = 0.05) -> None:
    """The guide's escalators that live in the text: non-engagement and waiting over 8 weeks."""
    if d.maybe(engage) and "agency_engagement" not in d.factors:
        d.fact("non_engagement", "history")
    if d.maybe(wait):
        d.fact("prolonged_wait", "history")


def _family(d: Draft, pop: Population, ages: tuple[int, int] = (0, 17), max_kids: int = 3,
            partner: float = 0.5) -> tuple[Actor, Actor | None, list[Actor], Actor]:
    if d.writer.source == "school":  # schools refer pupils, not babies
        ages = (max(ages[0], 4), max(ages[1], 5))
    mother, mate, kids, c = draw_family(d.rng, pop, _on(d), ages, max_kids, partner)
    d.add(mother, "parent")
    if mate:
        d.add(mate, "parent")
    d.add(c, "child")
    for k in kids:
        if k is not c:
            d.add(k, "child")
    d.bind(c=c, p=mother, m=mother)
    return mother, mate, kids, c


# --- police -------------------------------------------------------------------

def domestic_abuse(d: Draft, pop: Population) -> None:
    d.header_kind = d.rng.choice(("DA", "Domestic Abuse", "DA incident", "PPN - DA"))
    mother, mate, kids, c = _family(d, pop, (0, 16), partner=1.0)
    assert mate is not None
    v, s = (mother, mate) if d.maybe(0.88) else (mate, mother)
    v.part, s.part = "victim", "suspect"
    d.bind(v=v, s=s, p=s, o=v)
    d.opener("call")
    d.fact("domestic_abuse", "incident")
    if d.maybe(0.3):
        d.fact("domestic_abuse", "incident")  # a second detail of the same abuse
    severity = d.rng.choices(("low", "mid", "high"), weights=(0.55, 0.28, 0.17))[0]
    aggravating = []
    if severity == "high":
        aggravating = d.rng.sample(["weapon", "strangulation", "threats_to_kill"], k=d.rng.choice((1, 1, 2)))
        for code in aggravating:
            d.fact(code, "incident")
    if d.maybe(0.35):
        d.pick("incident", ("{v} had a cut lip and bruising to {v_his} arm", "{v} had a swollen eye",
                            "{v} declined medical attention for a sore jaw", "{v} had scratches to {v_his} face"))
    present = d.maybe(0.65)
    if present:
        d.fact("child_present", "children")
        if d.optional():
            d.pick("children", ("{c} appeared frightened and clingy", "{c} was quiet and withdrawn when spoken to",
                                "{kids} {were} settled by the time officers left", "{c} was upset and crying"))
            d.items.add(4)
        if d.optional(0.6):
            d.voice("da")
    else:
        d.deny("child_present", "children")
        d.items.add(4)
    level = {"low": ("standard", "standard", "medium"), "mid": ("medium", "medium", "standard", "high"),
             "high": ("high", "high", "medium")}[severity]
    d.set_dash(d.rng.choice(level) if d.maybe(0.35 + 0.6 * d.writer.detail) else None)
    _distract(d, ("weapon", "strangulation", "threats_to_kill", "injury"), k=2, p=0.5)
    if d.maybe(0.06):
        d.fact("substance_misuse", "risk", p=s)
    elif d.maybe(0.15):
        d.deny("substance_misuse", "risk", p=s)
    if d.maybe(0.05):
        d.fact("mental_health", "risk", p=v)
    _protective(d, 0.15, who=v)
    _modifiers(d, engage=0.1, wait=0.02)
    d.pick("action", ("{s} was arrested for assault and taken to custody",
                      "{s} left prior to police arrival and is wanted",
                      "{s} arrested, interviewed and released on bail with conditions not to contact {v}",
                      "{s} was removed from the address for the night", "IDVA referral made",
                      "safeguarding advice given to {v}", "{s} was arrested and remanded"))


def parental_conflict(d: Draft, pop: Population) -> None:
    d.header_kind = d.rng.choice(("DA - verbal", "Domestic", "Verbal domestic"))
    mother, mate, kids, c = _family(d, pop, (0, 17), partner=1.0)
    assert mate is not None
    v, s = (mother, mate) if d.maybe(0.7) else (mate, mother)
    v.part, s.part = "victim", "suspect"
    d.bind(v=v, s=s, p=v)
    d.opener("call")
    d.fact("parental_conflict", "incident")
    if d.maybe(0.6):
        d.deny("domestic_abuse", "incident")
    if d.maybe(0.85):
        d.deny("child_present", "children")
    else:  # the guide keeps conflict GREEN only when no child sees it
        d.fact("child_present", "children")
    d.items.add(4)
    d.set_dash("standard" if d.maybe(0.4 + 0.5 * d.writer.detail) else None)
    _distract(d, ("weapon", "injury", "substance_misuse"), k=1, p=0.5)
    if d.maybe(0.3):
        d.fact("insight", "protective")
    _protective(d, 0.15)
    _modifiers(d, engage=0.05, wait=0.03)
    d.pick("action", ("words of advice given to both parties", "{s} agreed to stay with a friend overnight", "NFA",
                      "both parties calm on police arrival, no offences disclosed", "advice given, NFA"))


def missing(d: Draft, pop: Population) -> None:
    d.header_kind = d.rng.choice(("Missing person", "MISPER", "Missing episode", "Missing - returned"))
    mother, mate, kids, c = _family(d, pop, (11, 17), max_kids=2, partner=0.3)
    d.bind(o=mother)
    d.opener("report")
    d.fact("missing", "incident")
    d.pick("incident", ("{c} returned home at 0300hrs", "{c} was found safe and well at a friend's address",
                        "{c} was located by officers in {town} town centre", "{c} walked back in the next morning",
                        "{c} remains missing at the time of writing", "{c} was returned home by officers"))
    if d.maybe(0.18):
        for _ in range(d.rng.choice((1, 2))):
            d.fact("exploitation", "risk")
    elif d.maybe(0.3):
        d.deny("exploitation", "risk")
    if d.maybe(0.1):
        d.fact("offending", "risk")
    if d.optional(0.5):
        d.voice("missing")
    if d.optional(0.6):
        d.pick("assessment", ("missing person risk graded medium", "risk graded low",
                              "graded high risk due to age and vulnerability"))
        d.items.add(7)
    _distract(d, ("self_harm", "injury", "substance_misuse"), k=1, p=0.4)
    _protective(d, 0.12)
    _modifiers(d, engage=0.1, wait=0.04)
    d.pick("action", ("return home interview to be offered", "safe and well check completed",
                      "prevention interview completed", "missing from home report filed, CAD refers"))


def exploitation(d: Draft, pop: Population) -> None:
    d.header_kind = d.rng.choice(("CCE concern", "CSE concern", "Exploitation", "Intelligence - child at risk"))
    mother, mate, kids, c = _family(d, pop, (12, 17), max_kids=2, partner=0.3)
    d.bind(o=mother)
    d.opener("found")
    for _ in range(d.rng.choice((1, 1, 2, 3))):
        d.fact("exploitation", "incident")
    if d.maybe(0.4):
        d.fact("missing", "incident")
    if d.maybe(0.25):
        d.fact("offending", "risk")
    if d.maybe(0.35):
        s = new_adult(d.rng, "M", "suspect", _on(d), (19, 34))
        d.add(s, "suspect")
        d.bind(s=s)
        d.pick("incident", ("{c} was with {s} at the time", "{c} is believed to be associating with {s}",
                            "{s} is suspected of being the line holder", "{c} was picked up by {s} in a black Audi"))
    if d.optional(0.5):
        d.voice("missing")
    _distract(d, ("self_harm", "injury"), k=1, p=0.4)
    _modifiers(d, engage=0.15, wait=0.03)
    d.pick("action", ("NRM referral to be considered", "intelligence submitted", "{c} taken home by officers",
                      "{c} was arrested and later released under investigation", "strategy discussion requested"))


def intoxicated_carer(d: Draft, pop: Population) -> None:
    d.header_kind = d.rng.choice(("Concern for welfare", "Child at risk", "Welfare check"))
    young = d.maybe(0.7)
    mother, mate, kids, c = _family(d, pop, (0, 7) if young else (8, 15), partner=0.4)
    p = mother
    d.bind(p=p)
    d.opener("welfare")
    other_adult = mate if mate is not None else grandparent_in(pop, mother, _on(d))
    if other_adult is not None and d.maybe(0.4):
        d.add(other_adult, "other")
        d.bind(o=other_adult)
        d.fact("substance_misuse", "incident")
        d.pick("incident", ("{o} was sober and caring for {kids}", "{o} arrived and took over care of {kids}",
                            "{kids} {were} being looked after by {o} who was sober"))
    else:
        d.fact("intoxicated_carer", "incident")
        if d.maybe(0.4):
            d.fact("substance_misuse", "risk")
    if d.maybe(0.2):
        d.fact("neglect", "risk")
    _distract(d, ("injury", "domestic_abuse"), k=1, p=0.5)
    if d.optional():
        d.pick("children", ("{c} was hungry and in a soiled nappy", "{c} appeared well and was playing",
                            "{c} was asleep and was woken by officers"))
        d.items.add(4)
    _protective(d, 0.12)
    _modifiers(d, engage=0.08, wait=0.02)
    d.pick("action", ("{kids} placed with a family member overnight", "ambulance called for {p}",
                      "police protection considered", "{kids} taken to {p}'s sister's address"))


def child_alone(d: Draft, pop: Population) -> None:
    d.header_kind = d.rng.choice(("Child left alone", "Concern for welfare", "Neglect"))
    mother, mate, kids, c = _family(d, pop, (1, 9), partner=0.2)
    d.opener("welfare")
    d.fact("child_alone", "incident")
    if d.maybe(0.3):
        d.fact("neglect", "risk")
    if d.maybe(0.2):
        d.fact("intoxicated_carer", "risk")
    _distract(d, ("injury", "substance_misuse"), k=1, p=0.5)
    d.pick("action", ("{p} returned 2 hours later and was arrested for child neglect",
                      "{kids} taken into police protection", "{p} returned and was spoken to",
                      "neighbour took {kids} in"))


def mental_health(d: Draft, pop: Population) -> None:
    d.header_kind = d.rng.choice(("Concern for welfare", "Mental health", "s136"))
    mother, mate, kids, c = _family(d, pop, (0, 17), partner=0.6)
    p = mother if d.maybe(0.75) or mate is None else mate
    d.bind(p=p)
    carer = (mate if p is mother else mother) or grandparent_in(pop, mother, _on(d))
    d.opener("welfare")
    d.fact("mental_health", "incident")
    if carer is not None and d.maybe(0.8):
        d.add(carer, "other")
        d.bind(o=carer)
        d.pick("children", ("{o} is caring for {kids}", "{kids} {were} with {o} at the time",
                            "{o} has taken {kids} to stay with {o_him}"))
        d.items.add(4)
    if d.maybe(0.1):
        d.fact("substance_misuse", "risk")
    elif d.maybe(0.06):
        d.fact("domestic_abuse", "risk", s=p, v=carer or mother)
    else:
        _distract(d, ("substance_misuse", "domestic_abuse"), k=1, p=0.4)
    _protective(d, 0.35)
    _modifiers(d, engage=0.08, wait=0.1)
    d.pick("action", ("{p} taken to a place of safety", "crisis team contacted", "{p} admitted to the Langdon",
                      "{p} assessed and allowed home with a crisis plan", "GP to follow up"))


def neglect(d: Draft, pop: Population) -> None:
    d.header_kind = d.rng.choice(("Concern for welfare", "Neglect", "Home conditions"))
    mother, mate, kids, c = _family(d, pop, (0, 14), partner=0.4)
    d.opener("welfare" if d.writer.source == "police" else "seen")
    for _ in range(d.rng.choice((1, 1, 2, 3))):
        d.fact("neglect", "incident")
    if d.maybe(0.12):
        d.fact("substance_misuse", "risk")
    elif d.maybe(0.3):
        d.deny("substance_misuse", "risk")
    if d.optional(0.5):
        d.voice("neglect")
    _distract(d, ("injury", "domestic_abuse"), k=1, p=0.4)
    _protective(d, 0.2)
    _modifiers(d, engage=0.2, wait=0.08)
    d.pick("action", ("photos taken of the conditions", "advice given to {p} about the home",
                      "HV informed", "food bank referral made", "Early Help offered"))


def sex_offender(d: Draft, pop: Population) -> None:
    d.header_kind = d.rng.choice(("RSO", "Public protection", "Intelligence - RSO"))
    mother, mate, kids, c = _family(d, pop, (0, 15), partner=0.0)
    s = new_adult(d.rng, "M", "partner", _on(d), (24, 58)) if d.maybe(0.8) or mate is None else mate
    d.add(s, "suspect")
    d.bind(s=s, p=mother)
    d.opener("intel")
    offender = d.fill(d.rng.choice(PRESENT["sex_offender"]), {})
    access = d.fill(d.rng.choice(PRESENT["sex_offender_access"]), {})
    d.sections["incident"].append(f"{offender} {access}")
    d.factors.add("sex_offender")
    if d.maybe(0.3):
        d.pick("incident", ("{p} says {p_he} was not aware of his convictions", "{p} has been told about the risk"))
    _modifiers(d, engage=0.1, wait=0.0)
    d.pick("action", ("disclosure under the Child Sex Offender Disclosure Scheme to be considered",
                      "offender manager informed", "strategy discussion requested", "ViSOR updated"))


def information_sharing(d: Draft, pop: Population) -> None:
    d.header_kind = d.rng.choice(("Information only", "Operation Encompass", "Info share"))
    mother, mate, kids, c = _family(d, pop, (4, 16), max_kids=2, partner=0.2)
    d.opener("report")
    d.fact("information_sharing", "incident")
    _distract(d, ("injury", "child_present", "disclosure"), k=2, p=0.5)
    if d.maybe(0.2):
        d.fact("insight", "protective")
    d.pick("action", ("no further action", "school informed", "NFA by police", "for the school's awareness only"))


def offending(d: Draft, pop: Population) -> None:
    d.header_kind = d.rng.choice(("ASB", "Youth offending", "Online harm"))
    mother, mate, kids, c = _family(d, pop, (11, 17), max_kids=2, partner=0.4)
    d.opener("report")
    d.fact("offending", "incident")
    if d.maybe(0.7):
        d.pick("risk", ("{p} is struggling to manage {c}'s behaviour", "there is a lot of stress at home",
                        "{p} says {c} is out of control", "home is described as chaotic"))
    _distract(d, ("exploitation", "self_harm"), k=1, p=0.4)
    if d.optional(0.5):
        d.voice("general")
    _protective(d, 0.25)
    _modifiers(d, engage=0.1, wait=0.08)
    d.pick("action", ("community resolution", "youth referral to the YOT prevention team", "words of advice",
                      "{c} was interviewed and released"))


def disclosure(d: Draft, pop: Population) -> None:
    d.header_kind = d.rng.choice(("Disclosure", "Child abuse allegation", "Safeguarding concern"))
    mother, mate, kids, c = _family(d, pop, (3, 15), partner=0.7)
    s = mate if mate is not None and d.maybe(0.8) else mother
    s.part = "suspect"
    d.bind(s=s)
    d.opener("school" if d.writer.source == "school" else "report")
    d.fact("disclosure", "incident")
    if d.maybe(0.35):
        d.fact("injury", "incident")
    else:
        d.deny("injury", "incident")
    if d.optional(1.3):
        d.voice("disclosure")
    if d.optional():
        d.pick("children", ("{c} was calm but tearful", "{c} was anxious about going home",
                            "{c} appeared frightened", "{c} went back to class afterwards"))
        d.items.add(4)
    _modifiers(d, engage=0.05, wait=0.02)
    d.pick("action", ("I did not ask leading questions and have recorded {c}'s words", "strategy discussion requested",
                      "{c} kept in school pending advice", "logged on CPOMS and discussed with the head"))


def attendance(d: Draft, pop: Population) -> None:
    d.header_kind = "Attendance"
    mother, mate, kids, c = _family(d, pop, (5, 15), max_kids=2, partner=0.4)
    d.fact("school_attendance", "incident")
    _distract(d, ("neglect", "injury", "disclosure"), k=1, p=0.4)
    if d.optional(0.4):
        d.voice("general")
    _protective(d, 0.2)
    _modifiers(d, engage=0.25, wait=0.1)
    d.pick("action", ("attendance letters sent", "EWO involved", "attendance meeting offered",
                      "we have put a reward chart in place"))


def self_harm(d: Draft, pop: Population) -> None:
    d.header_kind = "Self-harm"
    mother, mate, kids, c = _family(d, pop, (11, 17), max_kids=2, partner=0.4)
    d.opener("school" if d.writer.source == "school" else "seen")
    if d.maybe(0.75):
        d.fact("self_harm", "incident")
    else:  # low mood: the child's own mental health need, self-harm explicitly denied
        d.fact("child_mental_health", "incident")
        d.deny("self_harm", "incident")
    if d.optional(1.2):
        d.voice("self_harm")
    _protective(d, 0.25)
    _modifiers(d, engage=0.05, wait=0.2)
    d.pick("action", ("safety plan completed", "CAMHS referral made", "{c} taken to ED",
                      "{p} informed and collected {c}"))


def baby_injury(d: Draft, pop: Population) -> None:
    d.header_kind = "Injury to a child"
    mother, mate, kids, c = _family(d, pop, (0, 1), max_kids=2, partner=0.6)
    d.opener("seen")
    d.fact("injury", "incident")
    if d.maybe(0.6):
        d.fact("unexplained_injury", "incident")
    else:
        d.pick("incident", ("{p} says {c} rolled off the changing mat", "{p} explained {c} was hit by a toy",
                            "{p} says a sibling fell on {c}"))
    _distract(d, ("domestic_abuse", "substance_misuse"), k=1, p=0.3)
    _protective(d, 0.15)
    d.pick("action", ("skeletal survey and CP medical arranged", "paediatrician informed",
                      "discussed with the named nurse"))


def child_injury(d: Draft, pop: Population) -> None:
    d.header_kind = "Injury"
    mother, mate, kids, c = _family(d, pop, (3, 15), max_kids=2, partner=0.5)
    d.opener("seen")
    d.fact("injury", "incident")
    if d.maybe(0.35):
        d.fact("unexplained_injury", "incident")
    else:
        d.fact("explained_injury", "incident")
    d.deny("disclosure", "incident")
    if d.optional(0.6):
        d.voice("general")
    _protective(d, 0.2)
    _modifiers(d, engage=0.05, wait=0.03)
    d.pick("action", ("treated and discharged", "GP and HV informed", "school nurse informed"))


def pregnancy(d: Draft, pop: Population) -> None:
    d.header_kind = "Unborn"
    teenage = d.maybe(0.15)  # now and then the one who is pregnant is a girl of 14-17, not her mother
    mother, mate, kids, c = _family(d, pop, (14, 17) if teenage else (0, 12), max_kids=2, partner=0.5)
    girl = teenage and c.sex == "F"
    d.bind(p=c if girl else mother)
    d.opener("seen")
    d.fact("pregnancy", "incident")
    if girl:  # the same words, said of a child: the guide's AMBER for a child who is pregnant
        d.factors.add("pregnant_child")
    r = d.rng.random()
    if r < 0.3:
        d.fact("substance_misuse", "risk")
    elif r < 0.45:
        d.fact("homelessness", "risk")
    elif r < 0.7:
        d.fact("no_antenatal_care", "risk")
    else:
        d.deny("substance_misuse", "risk")
    if d.maybe(0.2):
        d.fact("mental_health", "risk")
    _protective(d, 0.25)
    _modifiers(d, engage=0.1, wait=0.02)
    d.pick("action", ("pre-birth referral", "discussed with the safeguarding midwife", "GP aware"))


def homelessness(d: Draft, pop: Population) -> None:
    d.header_kind = "Housing"
    mother, mate, kids, c = _family(d, pop, (0, 15), partner=0.3)
    d.opener("seen")
    d.fact("homelessness", "incident")
    if d.maybe(0.3):
        d.fact("mental_health", "risk")
    _distract(d, ("neglect", "substance_misuse"), k=1, p=0.4)
    _protective(d, 0.3)
    _modifiers(d, engage=0.05, wait=0.25)
    d.pick("action", ("housing options informed", "signposted to the council", "emergency accommodation requested"))


def substance(d: Draft, pop: Population) -> None:
    d.header_kind = d.rng.choice(("Drugs warrant", "Concern for welfare", "Substance misuse"))
    mother, mate, kids, c = _family(d, pop, (0, 17), partner=0.5)
    p = mate if mate is not None and d.maybe(0.5) else mother
    d.bind(p=p)
    d.opener("welfare")
    d.fact("substance_misuse", "incident")
    other = mother if p is not mother else mate
    if other is not None:
        d.bind(o=other)
        d.pick("children", ("{o} was caring for {kids}", "{kids} {were} with {o}"))
        d.items.add(4)
    if d.maybe(0.2):
        d.fact("neglect", "risk")
    _distract(d, ("intoxicated_carer", "injury"), k=1, p=0.5)
    _protective(d, 0.25)
    _modifiers(d, engage=0.1, wait=0.05)
    d.pick("action", ("drugs seized", "{p} referred to the drug and alcohol service", "{p} arrested for possession"))


SCENARIOS: dict[str, Scenario] = {
    "domestic_abuse": domestic_abuse, "parental_conflict": parental_conflict, "missing": missing,
    "exploitation": exploitation, "intoxicated_carer": intoxicated_carer, "child_alone": child_alone,
    "mental_health": mental_health, "neglect": neglect, "sex_offender": sex_offender,
    "information_sharing": information_sharing, "offending": offending, "disclosure": disclosure,
    "attendance": attendance, "self_harm": self_harm, "baby_injury": baby_injury, "child_injury": child_injury,
    "pregnancy": pregnancy, "homelessness": homelessness, "substance": substance,
}

# source -> scenario -> weight
MIX: dict[str, dict[str, float]] = {
    "police": {"domestic_abuse": 0.22, "parental_conflict": 0.26, "missing": 0.1, "exploitation": 0.03,
               "intoxicated_carer": 0.03, "child_alone": 0.02, "mental_health": 0.06, "neglect": 0.04,
               "sex_offender": 0.015, "information_sharing": 0.24, "offending": 0.06, "disclosure": 0.02,
               "substance": 0.04},
    "school": {"disclosure": 0.14, "self_harm": 0.08, "attendance": 0.28, "neglect": 0.14, "offending": 0.07,
               "exploitation": 0.03, "child_injury": 0.1, "information_sharing": 0.08, "homelessness": 0.04,
               "mental_health": 0.04},
    "health": {"baby_injury": 0.12, "pregnancy": 0.18, "self_harm": 0.12, "mental_health": 0.16, "neglect": 0.1,
               "child_injury": 0.14, "substance": 0.07, "homelessness": 0.08, "disclosure": 0.03},
    "other": {"sex_offender": 0.4, "homelessness": 0.4, "intoxicated_carer": 0.2},
}


def pick_scenario(rng: random.Random, source: str) -> str:
    mix = MIX[source]
    return rng.choices(list(mix), weights=list(mix.values()))[0]

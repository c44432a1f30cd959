"""A synthetic records index: households of people and their agency history.

The index is what matching searches. Households are built as families
(parents, step-parents, partners, grandparents, children) so notifications can
name real relatives, and a minority carry the history (open child protection
plans, repeated notifications) that the triage guide's modifiers look for.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from training import names as N
from triage.records import Involvement, Person

AS_OF = date(2026, 11, 20)  # records are extracted the morning the first sample batch arrives


def age_on(dob: date, on: date) -> int:
    """Whole years between a date of birth and a day."""
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def random_date(rng: random.Random, start: date, end: date) -> date:
    """A uniformly random day in [start, end]."""
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


def pick_origin(rng: random.Random) -> str:
    return _weighted(rng, N.ORIGIN_WEIGHTS)


def given_name(rng: random.Random, origin: str, sex: str) -> str:
    """A given name, usually from the household's origin, sometimes not (names mix)."""
    if rng.random() < 0.15:
        origin = "english"
    female, male, _ = N.NAME_GROUPS[origin]
    return rng.choice(female if sex == "F" else male)


def family_name(rng: random.Random, origin: str) -> str:
    return rng.choice(N.NAME_GROUPS[origin][2])


def postcode(rng: random.Random, town: str) -> str:
    district = rng.choice(N.TOWNS[town])
    return f"{district} {rng.randint(1, 9)}{rng.choice(N.INWARD_LETTERS)}{rng.choice(N.INWARD_LETTERS)}"


def address(rng: random.Random) -> tuple[str, str, str]:
    """(first line with town, postcode, town), e.g. ("14 Mill Lane, Exeter", "EX4 6PQ", "Exeter")."""
    town = _weighted(rng, N.TOWN_WEIGHTS)
    street = f"{rng.choice(N.STREET_STEMS)} {rng.choice(N.STREET_KINDS)}"
    if rng.random() < 0.15:
        street = f"{street.rsplit(' ', 1)[0]} {rng.choice(('Road', 'Street', 'Lane', 'Avenue'))}"
        line = f"Flat {rng.randint(1, 24)}, {rng.choice(N.BLOCKS)}, {street}"
    else:
        line = f"{rng.randint(1, 160)} {street}"
    return f"{line}, {town}", postcode(rng, town), town


@dataclass(frozen=True)
class Schools:
    """The schools and nurseries of each town, fixed per seed so siblings share them."""

    by_town: dict[str, dict[str, tuple[str, ...]]]

    @classmethod
    def build(cls, rng: random.Random) -> Schools:
        by_town: dict[str, dict[str, tuple[str, ...]]] = {}
        for town in N.TOWNS:
            primaries = {
                f"{rng.choice(N.SCHOOL_SAINTS)} CE Primary School",
                f"{rng.choice(N.SCHOOL_PLACES)} Primary School",
                f"{rng.choice(N.SCHOOL_PLACES)} Primary Academy",
                f"{town} {rng.choice(('Infant', 'Junior', 'Community Primary'))} School",
            }
            secondaries = {
                f"{rng.choice(N.SCHOOL_PLACES)} Academy",
                f"{town} {rng.choice(('Community College', 'High School', 'School'))}",
                f"{rng.choice(N.SCHOOL_SAINTS)} Catholic College",
            }
            nurseries = {f"{rng.choice(('Little Acorns', 'Busy Bees', 'Rainbow', 'Tiddlers', 'Sunflowers'))} Nursery"}
            by_town[town] = {"primary": tuple(sorted(primaries)), "secondary": tuple(sorted(secondaries)),
                             "nursery": tuple(sorted(nurseries))}
        return cls(by_town)

    def for_child(self, rng: random.Random, town: str, age: int) -> str | None:
        kinds = self.by_town[town]
        if age < 2:
            return None
        if age < 4:
            return rng.choice(kinds["nursery"]) if rng.random() < 0.6 else None
        if age < 11:
            return rng.choice(kinds["primary"])
        if age < 16:
            return rng.choice(kinds["secondary"])
        return f"{town} College" if rng.random() < 0.5 else None


def _household(rng: random.Random, hid: str, next_id: list[int], schools: Schools) -> list[Person]:
    """One family: a mother (nearly always), maybe a father or step-parent, children, maybe a grandparent."""
    origin = pick_origin(rng)
    surname = family_name(rng, origin)
    line, pc, town = address(rng)
    people: list[Person] = []

    def add(given: str, family: str, dob: date, sex: str, school: str | None = None) -> None:
        while any(p.given_name == given for p in people):  # no two Danielles in one household
            given = given_name(rng, origin, sex)
        people.append(Person(f"P{next_id[0]:06d}", given, family, dob, sex, line, pc, school, hid))
        next_id[0] += 1

    n_children = rng.choices((1, 2, 3, 4), weights=(0.45, 0.36, 0.14, 0.05))[0]
    eldest = random_date(rng, date(2008, 1, 1), date(2026, 10, 31))
    child_dobs = sorted({eldest + timedelta(days=rng.randint(300, 2600) * k) for k in range(n_children)})
    child_dobs = [d for d in child_dobs if d <= date(2026, 10, 31)] or [eldest]
    mother_dob = eldest - timedelta(days=rng.randint(18 * 365 + 5, 40 * 365))
    mother_family = surname if rng.random() < 0.8 else family_name(rng, origin)
    add(given_name(rng, origin, "F"), mother_family, mother_dob, "F")

    shape = rng.random()
    if shape < 0.4:  # children's father lives here
        add(given_name(rng, origin, "M"), surname, mother_dob - timedelta(days=rng.randint(-700, 3000)), "M")
    elif shape < 0.62:  # step-parent or partner with a different surname
        other = pick_origin(rng) if rng.random() < 0.3 else origin
        step_dob = mother_dob - timedelta(days=rng.randint(-2000, 4000))
        add(given_name(rng, other, "M"), family_name(rng, other), step_dob, "M")
    if rng.random() < 0.12:  # a grandparent in the household
        gsex = rng.choice("FM")
        gran_dob = mother_dob - timedelta(days=rng.randint(18 * 365, 30 * 365))
        add(given_name(rng, origin, gsex), mother_family, gran_dob, gsex)
    for dob in child_dobs:
        sex = rng.choice("FM")
        add(given_name(rng, origin, sex), surname, dob, sex, schools.for_child(rng, town, age_on(dob, AS_OF)))
    return people


# Household history profiles: (weight, name). Weighted so modifier cases exist but most families are unknown.
PROFILES = (("none", 0.54), ("light", 0.23), ("early_help", 0.11), ("cin", 0.06), ("cp", 0.06))

SUMMARIES = {
    "notification": ("PPN: verbal argument, DASH standard", "PPN: concern for welfare", "Encompass notification",
                     "PPN: child missing, returned", "PPN: DA, children present", "PPN: ASB involving young person"),
    "notification/education": ("school referral: attendance", "school concern: presentation", "DSL: low mood"),
    "notification/health": ("health referral: missed appointments", "HV concern: home conditions", "ED attendance"),
    "referral": ("referral to children's services: neglect concerns", "referral: DA", "referral from school: low mood",
                 "health visitor referral: home conditions"),
    "domestic_abuse_incident": ("DA incident, DASH standard", "DA incident, DASH medium",
                                "DA incident, DASH high, MARAC",
                                "DA incident, children present"),
    "missing_episode": ("missing overnight, found at friend's address", "missing 2 days, located by police",
                        "missing from placement"),
    "arrest": ("arrested: assault (DA)", "arrested: possession with intent to supply", "arrested: theft",
               "arrested: criminal damage", "arrested: breach of non-molestation order"),
    "child_protection_plan": ("CP plan: neglect", "CP plan: physical abuse", "CP plan: emotional abuse (DA)"),
    "child_in_need_plan": ("CIN plan: parental mental health", "CIN plan: DA support", "CIN plan: disability"),
    "early_help_plan": ("early help: parenting support", "early help: school attendance", "early help: family support"),
    "mappa": ("MAPPA level 2: sexual offences", "MAPPA level 1: RSO"),
}


def _involvements(rng: random.Random, household: list[Person]) -> list[Involvement]:
    """Agency history for a household, ending before AS_OF."""
    profile = rng.choices([p for p, _ in PROFILES], weights=[w for _, w in PROFILES])[0]
    children = [p for p in household if age_on(p.dob, AS_OF) < 18]
    adults = [p for p in household if p not in children]
    out: list[Involvement] = []
    last_year = AS_OF - timedelta(days=360)

    def inv(person: Person, agency: str, kind: str, start: date, end: date | None = None) -> None:
        start = max(start, person.dob)
        if end is not None and end <= start:
            end = start + timedelta(days=30)
        if end is not None and end >= AS_OF:
            end = None
        summaries = SUMMARIES.get(f"{kind}/{agency}", SUMMARIES[kind])
        out.append(Involvement(person.person_id, agency, kind, start, end, rng.choice(summaries)))

    def notifications(k: int, recent: bool) -> None:
        for _ in range(k):
            who = rng.choice(children or adults)
            start = random_date(rng, last_year if recent else date(2019, 1, 1), AS_OF - timedelta(days=2))
            kind = rng.choices(("notification", "referral", "domestic_abuse_incident"), weights=(0.6, 0.2, 0.2))[0]
            if kind == "domestic_abuse_incident" and adults:
                who = rng.choice(adults)
            agency = {"notification": rng.choice(("police", "police", "education", "health")),
                      "referral": rng.choice(("social_care", "health", "education")),
                      "domestic_abuse_incident": "police"}[kind]
            inv(who, agency, kind, start)

    if profile == "none":
        return out
    if profile == "light":
        notifications(rng.randint(1, 2), recent=rng.random() < 0.5)
    elif profile == "early_help":
        start = random_date(rng, date(2024, 1, 1), AS_OF - timedelta(days=20))
        end = start + timedelta(days=rng.randint(60, 400)) if rng.random() < 0.5 else None
        for c in children:
            inv(c, "early_help", "early_help_plan", start, end)
        notifications(rng.randint(1, 3), recent=True)
    elif profile == "cin":
        start = random_date(rng, date(2023, 6, 1), AS_OF - timedelta(days=20))
        end = start + timedelta(days=rng.randint(90, 500)) if rng.random() < 0.4 else None
        for c in children:
            inv(c, "social_care", "child_in_need_plan", start, end)
        notifications(rng.randint(2, 5), recent=True)
    else:  # cp: open (60%) or previous plan, plus a busy recent history
        start = random_date(rng, date(2022, 1, 1), AS_OF - timedelta(days=30))
        end = None if rng.random() < 0.6 else start + timedelta(days=rng.randint(120, 600))
        for c in children:
            inv(c, "social_care", "child_protection_plan", start, end)
        notifications(rng.randint(3, 6), recent=True)
    for c in children:
        if age_on(c.dob, AS_OF) >= 11 and rng.random() < 0.35:
            for _ in range(rng.randint(1, 3)):
                inv(c, "police", "missing_episode", random_date(rng, last_year, AS_OF - timedelta(days=2)))
        if age_on(c.dob, AS_OF) >= 12 and rng.random() < 0.15:
            inv(c, "youth_justice", "arrest", random_date(rng, last_year, AS_OF - timedelta(days=2)))
    for a in adults:
        if rng.random() < 0.2:
            inv(a, "police", "arrest", random_date(rng, date(2018, 1, 1), AS_OF - timedelta(days=2)))
        if a.sex == "M" and rng.random() < 0.03:
            inv(a, "probation", "mappa", random_date(rng, date(2015, 1, 1), date(2025, 1, 1)))
    return out


def generate_records(seed: int, n_households: int = 1000) -> tuple[list[Person], list[Involvement]]:
    """The records index: ~3 people per household and their agency history, deterministic per seed."""
    rng = random.Random(f"records-{seed}")
    schools = Schools.build(rng)
    persons: list[Person] = []
    involvements: list[Involvement] = []
    next_id = [1]
    for h in range(1, n_households + 1):
        household = _household(rng, f"H{h:05d}", next_id, schools)
        persons.extend(household)
        involvements.extend(_involvements(rng, household))
    involvements.sort(key=lambda i: (i.person_id, i.start_date, i.kind))
    return persons, involvements


def relationship_to_children(adult: Person, household: list[Person], on: date) -> str:
    """How an adult relates to the children of their household, inferred from the record.

    The index does not store relationships, so the generator reads them the way a
    researcher would: age gap, sex and shared surname.
    """
    kids = [p for p in household if p.dob and age_on(p.dob, on) < 18]
    if not kids or adult.dob is None:
        return "adult"
    eldest = min(k.dob for k in kids if k.dob)
    gap = age_on(adult.dob, eldest) if adult.dob < eldest else 0
    if gap >= 36 and age_on(adult.dob, on) >= 48:
        return "grandmother" if adult.sex == "F" else "grandfather"
    if adult.sex == "F":
        return "mother"
    if any(k.family_name == adult.family_name for k in kids):
        return "father"
    return "stepfather"

"""Choosing who a notification is about: a family from the index, or people new to it.

Real MASH notifications over-represent families already known, so households
with agency history are more likely to be drawn; about a third of the people
named are new to the index (person_id null), either whole new families or a
new partner or associate added to a known one.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from training.compose import Actor
from training.population import (
    Schools,
    address,
    age_on,
    family_name,
    given_name,
    pick_origin,
    relationship_to_children,
)
from triage.records import Involvement, Person

KNOWN_FAMILY_SHARE = 0.8


class Population:
    """The records index arranged for drawing families, plus a source of new people."""

    def __init__(self, persons: Iterable[Person], involvements: Iterable[Involvement], seed: int) -> None:
        self.persons = {p.person_id: p for p in persons}
        self.households: dict[str, list[Person]] = defaultdict(list)
        for p in self.persons.values():
            self.households[p.household_id or p.person_id].append(p)
        self.by_person: dict[str, list[Involvement]] = defaultdict(list)
        for i in involvements:
            self.by_person[i.person_id].append(i)
        self.household_ids = sorted(self.households)
        weights = []
        for hid in self.household_ids:
            known = any(self.by_person.get(p.person_id) for p in self.households[hid])
            weights.append(1.6 if known else 1.0)
        total, self.cum_weights = 0.0, []
        for w in weights:
            total += w
            self.cum_weights.append(total)
        self.schools = Schools.build(random.Random(f"schools-{seed}"))

    def involvements_for(self, person_ids: Iterable[str]) -> list[Involvement]:
        return [i for pid in person_ids for i in self.by_person.get(pid, ())]

    def household_of(self, person_id: str) -> list[Person]:
        p = self.persons[person_id]
        return self.households[p.household_id or p.person_id]


def actor_from_person(p: Person, household: list[Person], on: date) -> Actor:
    age = age_on(p.dob, on) if p.dob else 30
    role = "child" if age < 18 else "adult"
    kind = "child" if role == "child" else relationship_to_children(p, household, on)
    return Actor(role=role, kind=kind, given=p.given_name, family=p.family_name, sex=p.sex or "F", dob=p.dob,
                 age=age, person_id=p.person_id, school=p.school, address=p.address, postcode=p.postcode,
                 household_id=p.household_id)


def new_adult(rng: random.Random, sex: str, kind: str, on: date, ages: tuple[int, int] = (19, 45),
              origin: str | None = None, family: str | None = None) -> Actor:
    """Someone not in the index (a new partner, an associate)."""
    origin = origin or pick_origin(rng)
    age = rng.randint(*ages)
    dob = on - timedelta(days=age * 365 + rng.randint(0, 364))
    return Actor(role="adult", kind=kind, given=given_name(rng, origin, sex), family=family or family_name(rng, origin),
                 sex=sex, dob=dob, age=age_on(dob, on))


def new_family(rng: random.Random, pop: Population, on: date, ages: tuple[int, int], n_kids: int,
               partner: bool) -> tuple[Actor, Actor | None, list[Actor]]:
    """A family unknown to the index: a mother, maybe a partner, children in the age range."""
    origin = pick_origin(rng)
    surname = family_name(rng, origin)
    line, pc, town = address(rng)
    kids = []
    for _ in range(n_kids):
        age = rng.randint(*ages)
        dob = on - timedelta(days=age * 365 + rng.randint(0, 360))
        dob = min(dob, on - timedelta(days=20))
        sex = rng.choice("FM")
        kids.append(Actor(role="child", kind="child", given=given_name(rng, origin, sex), family=surname, sex=sex,
                          dob=dob, age=age_on(dob, on), school=pop.schools.for_child(rng, town, age_on(dob, on)),
                          address=f"{line}", postcode=pc))
    eldest = max((k.age for k in kids), default=5)
    mother = new_adult(rng, "F", "mother", on, (max(eldest + 17, 18), max(eldest + 40, 20)), origin,
                       surname if rng.random() < 0.8 else None)
    mother.address, mother.postcode = line, pc
    dad = None
    if partner:
        if rng.random() < 0.5:
            dad = new_adult(rng, "M", "father", on, (mother.age - 2, mother.age + 8), origin, surname)
        else:
            dad = new_adult(rng, "M", "partner", on, (max(mother.age - 6, 18), mother.age + 10))
        dad.address, dad.postcode = line, pc
    return mother, dad, sorted(kids, key=lambda k: -k.age)


def draw_family(rng: random.Random, pop: Population, on: date, ages: tuple[int, int] = (0, 17),
                max_kids: int = 3, partner: float = 0.5) -> tuple[Actor, Actor | None, list[Actor], Actor]:
    """(main carer, partner or None, children, focal child), from the index or new.

    The focal child is in `ages`; siblings may be any age under 18. A partner
    is included with probability `partner`, new to the index if the household has none.
    """
    if rng.random() < KNOWN_FAMILY_SHARE:
        for _ in range(30):
            hid = rng.choices(pop.household_ids, cum_weights=pop.cum_weights)[0]
            household = pop.households[hid]
            born = [p for p in household if p.dob is None or p.dob <= on]  # the index is as of later: skip the unborn
            actors = [actor_from_person(p, born, on) for p in born]
            kids = [a for a in actors if a.role == "child"]
            focal = [k for k in kids if ages[0] <= k.age <= ages[1]]
            carers = [a for a in actors if a.kind in ("mother", "father")]
            if not focal or not carers:
                continue
            c = rng.choice(focal)
            siblings = [k for k in kids if k is not c]
            rng.shuffle(siblings)
            chosen = [c] + siblings[: rng.randint(0, max_kids - 1)]
            mother = next((a for a in carers if a.kind == "mother"), carers[0])
            if rng.random() < 0.12 and len(carers) > 1:
                mother = next(a for a in carers if a is not mother)
            others = [a for a in actors if a is not mother and a.kind in ("mother", "father", "stepfather")]
            mate = None
            if rng.random() < partner:
                if others:
                    mate = others[0]
                else:
                    mate = new_adult(rng, "M" if mother.sex == "F" else "F", "partner", on,
                                     (max(mother.age - 8, 18), mother.age + 10))
                    mate.address, mate.postcode = mother.address, mother.postcode
            return mother, mate, chosen, c
    n = rng.choices((1, 2, 3), weights=(0.5, 0.35, 0.15))[0]
    n = min(n, max_kids)
    mother, mate, kids = new_family(rng, pop, on, ages, n, rng.random() < partner)
    focal = [k for k in kids if ages[0] <= k.age <= ages[1]] or kids
    return mother, mate, kids, rng.choice(focal)


def grandparent_in(pop: Population, mother: Actor, on: date) -> Actor | None:
    """A grandparent living with the family, if the index has one."""
    if mother.person_id is None:
        return None
    household = pop.household_of(mother.person_id)
    for p in household:
        if p.dob and p.dob > on:
            continue
        a = actor_from_person(p, household, on)
        if a.kind.startswith("grand"):
            return a
    return None

"""Compose one notification: a cast of people, facts from phrase banks, a writer's style.

A `Draft` collects sentence fragments into sections (incident, children, risk,
action ...) and records, for each fragment, which guide factor it states or
denies. Scenarios (training.scenarios) decide *what* happened; this module
decides *how it is written*: who is named and how (nicknames, misspellings,
swapped dates of birth), the register (police header, police narrative,
terse one-liners, a DSL's letter, a health visitor's referral), sentence
order and abbreviations. The ground truth falls out of the same decisions.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from training import names as N
from training.phrases import DASH, DASH_DECLINED, NEGATED, PRESENT, VOICE
from training.population import family_name, pick_origin

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
ROLE_SLOT = re.compile(r"\{([vsopm])(?:_\w+)?\}")
# Factors that are not risks: their presence alone does not mean "risk factors observed" (quality item 6).
NOT_RISK = frozenset({"agency_engagement", "family_support", "insight", "information_sharing"})

# How the text names a relationship, and the truth's relationship code.
REL_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "mother": (("mother", "mother"), ("mum", "mother"), ("birth mother", "mother")),
    "father": (("father", "father"), ("dad", "father"), ("birth father", "father")),
    "stepfather": (("stepfather", "step-parent"), ("step-dad", "step-parent"), ("mum's partner", "partner"),
                   ("mother's partner", "partner")),
    "partner": (("mum's partner", "partner"), ("mother's new partner", "partner"), ("mum's boyfriend", "partner"),
                ("partner", "partner")),
    "partner_f": (("dad's partner", "partner"), ("dad's girlfriend", "partner"), ("stepmother", "step-parent"),
                  ("partner", "partner")),
    "grandmother": (("maternal grandmother", "grandparent"), ("grandmother", "grandparent"), ("nan", "grandparent")),
    "grandfather": (("maternal grandfather", "grandparent"), ("grandfather", "grandparent"),
                    ("grandad", "grandparent")),
    "adult": (("family friend", "other"), ("neighbour", "other")),
    "suspect": (("associate", "suspect"), ("male known to the family", "suspect")),
}


@dataclass
class Actor:
    """A person in one notification: who they really are and how the text writes them."""

    role: str  # "child" | "adult"
    kind: str  # key of REL_WORDS for adults; "child" for children
    given: str
    family: str
    sex: str
    dob: date | None
    age: int
    person_id: str | None = None
    school: str | None = None
    address: str | None = None
    postcode: str | None = None
    household_id: str | None = None
    part: str | None = None  # "victim", "suspect", ... in this incident
    rel_word: str = ""
    relationship: str | None = None
    # decided when the names are written
    written_given: str = ""
    written_family: str = ""
    dob_written: date | None = None
    age_written: bool = False
    school_written: bool = False
    rel_stated: bool = False
    variation: list[str] = field(default_factory=list)
    mention: str = ""

    @property
    def he(self) -> str:
        return "he" if self.sex == "M" else "she"

    @property
    def his(self) -> str:
        return "his" if self.sex == "M" else "her"

    @property
    def him(self) -> str:
        return "him" if self.sex == "M" else "her"


@dataclass(frozen=True)
class Writer:
    """Who writes, and how carefully: the same writer keeps one register throughout."""

    source: str
    style: str  # police: header | narrative | terse; school: letter | form; health: clinical | form; other: letter
    detail: float  # chance of including each optional part (0.1 terse .. 0.9 thorough)
    caps_surnames: bool
    abbreviate: bool
    author: str
    team: str
    name: str
    role: str
    contact: str
    town: str


def _one_edit(rng: random.Random, word: str) -> str:
    """A plausible typo or mishearing: a vowel swapped, a letter dropped or doubled, two letters transposed."""
    vowels = "aeiouy"
    for _ in range(12):
        i = rng.randrange(1, len(word)) if len(word) > 2 else 1
        op = rng.choice(("vowel", "drop", "double", "swap"))
        ch = word[i:i + 1]
        if op == "vowel" and ch and ch.lower() in vowels:
            new = word[:i] + rng.choice(vowels.replace(ch.lower(), "")) + word[i + 1:]
        elif op == "drop" and len(word) > 3 and ch:
            new = word[:i] + word[i + 1:]
        elif op == "double" and ch and ch.isalpha() and ch.lower() not in vowels:
            new = word[:i] + ch + word[i:]
        elif op == "swap" and i + 1 < len(word) and word[i + 1].isalpha():
            new = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        else:
            continue
        if new.lower() != word.lower():
            return new
    return word + "e"


def format_dob(rng: random.Random, d: date, source: str) -> str:
    """A date of birth the way it gets typed: 03/04/2015, 3rd April 2015, 3.4.15 ..."""
    day = d.day
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    forms = [f"{d:%d/%m/%Y}", f"{d:%d/%m/%Y}", f"{d:%d/%m/%y}", f"{day}.{d.month}.{d:%y}", f"{d:%d-%m-%Y}",
             f"{day}{suffix} {MONTHS[d.month - 1]} {d.year}", f"{day} {MONTHS[d.month - 1][:3]} {d.year}"]
    if source != "police":
        forms += [f"{day}{suffix} {MONTHS[d.month - 1]} {d.year}", f"{d:%d/%m/%Y}"]
    return rng.choice(forms)


def format_age(rng: random.Random, age: int, allow_year_group: bool) -> str:
    if age == 0:
        weeks = rng.randint(2, 40)
        return rng.choice((f"{weeks} weeks old", f"aged {weeks} weeks", f"{weeks} weeks", "under 1", "aged under 1"))
    forms = [f"aged {age}", f"{age} y/o", f"{age}yrs", f"{age} years old", f"age {age}", f"{age}"]
    if allow_year_group and 5 <= age <= 15:
        forms += [f"Year {age - 4}", f"Yr {age - 4}"]
    return rng.choice(forms)


def school_year(age: int) -> str:
    return "Reception" if age == 4 else f"Year {age - 4}"


class Draft:
    """One notification in the making: cast, fragments by section, and the truth so far."""

    SECTIONS = ("opener", "incident", "children", "voice", "risk", "history", "protective", "assessment",
                "action", "consent", "contact")

    def __init__(self, rng: random.Random, writer: Writer, received_at: datetime, scenario: str) -> None:
        self.rng = rng
        self.writer = writer
        self.received_at = received_at
        self.scenario = scenario
        self.incident_at = received_at - timedelta(minutes=rng.randint(90, 36 * 60))
        self.sections: dict[str, list[str]] = defaultdict(list)
        self.factors: set[str] = set()
        self.negated: set[str] = set()
        self.items: set[int] = set()
        self.dash: str | None = None
        self.actors: list[Actor] = []
        self.bound: dict[str, Actor] = {}  # placeholder -> actor: c child, m mother, v victim, s suspect, p parent
        self.kids: list[Actor] = []
        self.address_written = False
        self.place: tuple[str, str, str] | None = None  # address, postcode, town of the incident
        self.header_kind = "Concern for welfare"
        self.town = writer.town

    # --- cast -------------------------------------------------------------
    def add(self, actor: Actor, part: str | None = None) -> Actor:
        """Name a person in this notification (at most once)."""
        if actor not in self.actors:
            self.actors.append(actor)
            self.write_name(actor)
        if part:
            actor.part = part
        if actor.role == "child" and actor not in self.kids:
            self.kids.append(actor)
        if actor.role == "adult" and not actor.rel_word:
            kind = "partner_f" if actor.kind in ("partner", "stepfather") and actor.sex == "F" else actor.kind
            actor.rel_word, actor.relationship = self.rng.choice(REL_WORDS[kind])
        if self.place is None and actor.address:
            self.place = (actor.address, actor.postcode or "", actor.address.rsplit(", ", 1)[-1])
            self.town = self.place[2]
        return actor

    def bind(self, **roles: Actor | None) -> None:
        """Say which actor a placeholder ({c}, {v}, {s}, {p}, {o}) refers to."""
        for key, actor in roles.items():
            if actor is not None:
                self.bound[key] = actor

    # --- facts --------------------------------------------------------------
    def usable(self, templates: tuple[str, ...], roles: dict[str, Actor]) -> list[str]:
        """Templates whose people ({v}, {s}, {o} ...) are all in this notification."""
        bound = {**self.bound, **roles}
        return [t for t in templates if all(r in bound for r in ROLE_SLOT.findall(t))]

    def fact(self, code: str, section: str, template: str | None = None, **roles: Actor) -> str:
        """State a factor in one of its phrasings; the code goes into the truth."""
        text = self.fill(template or self.rng.choice(self.usable(PRESENT[code], roles)), roles)
        self.sections[section].append(text)
        self.factors.add(code)
        return text

    def deny(self, code: str, section: str = "risk", **roles: Actor) -> None:
        """Mention a factor only to negate it (or as a hypothetical): a distractor, not a factor."""
        options = self.usable(NEGATED.get(code, ()), roles)
        if code in self.factors or not options:
            return
        self.sections[section].append(self.fill(self.rng.choice(options), roles))
        self.negated.add(code)

    def say(self, section: str, template: str, **roles: Actor) -> None:
        """A fragment that states no factor (context, action, demeanour)."""
        self.sections[section].append(self.fill(template, roles))

    def pick(self, section: str, templates: tuple[str, ...], **roles: Actor) -> None:
        """Say one of several neutral phrasings (only those whose people are present)."""
        self.say(section, self.rng.choice(self.usable(templates, roles)), **roles)

    def maybe(self, p: float) -> bool:
        return self.rng.random() < p

    def optional(self, scale: float = 1.0) -> bool:
        """Whether this writer bothers with an optional part."""
        return self.rng.random() < self.writer.detail * scale

    def set_dash(self, level: str | None) -> None:
        """State (or not) the officer's DASH grading."""
        if level is None:
            if self.maybe(0.4):
                self.say("assessment", self.rng.choice(DASH_DECLINED))
            return
        self.dash = level
        self.items.add(7)
        self.say("assessment", self.rng.choice(DASH[level]))

    def voice(self, bank: str, child: Actor | None = None) -> None:
        """The child's own words, which trainers most want to see."""
        c = child or self.bound.get("c")
        if c is None or c.age < 3:
            return
        quote = self.rng.choice(VOICE[bank])
        form = self.rng.choice((
            "{c} said " + quote, "{c} told officers " + quote, "when spoken to, {c} said " + quote,
            "in {c_his} words: " + quote, "{c} stated " + quote,
        ) if self.writer.source == "police" else (
            "{c} said " + quote, "{c} told me " + quote, "{c} said to staff " + quote,
            "in {c_his} own words " + quote,
        ))
        self.say("voice", form, c=c)
        self.items.add(5)

    def opener(self, kind: str) -> None:
        """When and where it happened (quality item 3); see OPENERS."""
        write_opener(self, kind)

    # --- placeholders -----------------------------------------------------
    def ref(self, a: Actor) -> str:
        """How a person is referred to after their introduction."""
        w, rng = self.writer, self.rng
        if a.role == "child":
            return a.written_given or a.given
        options = [a.written_given or a.given]
        shared = any(b is not a and b.role == "adult" and b.written_family == a.written_family for b in self.actors)
        if w.source == "police":
            fam = a.written_family or a.family
            if not shared:
                options += [fam.upper() if w.caps_surnames else fam] * 2
            if a.part == "victim":
                options.append("the IP")
            elif a.part == "suspect":
                options.append(rng.choice(("the suspect", "the s/o", "the male" if a.sex == "M" else "the female")))
        else:
            if a.kind == "mother":
                options += ["mum", "Mum", "mother"]
            elif a.kind == "father":
                options += ["dad", "Dad", "father"]
            elif a.rel_word:
                options.append(f"{'the ' if not a.rel_word.startswith(('mum', 'mother')) else ''}{a.rel_word}")
        return rng.choice(options)

    def fill(self, template: str, roles: dict[str, Actor]) -> str:
        bound = {**self.bound, **roles}
        kids = self.kids
        values: dict[str, str] = {}
        for key, a in bound.items():
            values[key] = self.ref(a)
            values[f"{key}_he"], values[f"{key}_his"], values[f"{key}_him"] = a.he, a.his, a.him
        c = bound.get("c") or (kids[0] if kids else None)
        if c is not None and "c" not in values:
            values["c"] = self.ref(c)
            values["c_he"], values["c_his"], values["c_him"] = c.he, c.his, c.him
        if len(kids) <= 1:
            values["kids"] = self.rng.choice(("the child", values.get("c", "the child")))
            values["were"], values["their"] = "was", (c.his if c else "their")
        else:
            values["kids"] = self.rng.choice((
                "the children", "both children" if len(kids) == 2 else f"all {len(kids)} children",
                " and ".join([", ".join(self.ref(k) for k in kids[:-1]), self.ref(kids[-1])]),
                "the kids" if self.writer.source == "police" else "the children"))
            values["were"], values["their"] = "were", "their"
        addr = self.place[0] if self.place else f"an address in {self.town}"
        values.update(
            town=self.town, addr=addr, time=f"{self.incident_at:%H%M}hrs",
            age=format_age(self.rng, c.age, False) if c else "young",
            adult_age=str(self.rng.randint(19, 32)), cash=str(self.rng.choice((240, 350, 600, 820, 1200))),
            far_town=self.rng.choice(("Bristol", "Birmingham", "London", "Liverpool", "Taunton", "Cardiff")),
            weeks=str(self.rng.randint(8, 34)), nth=self.rng.choice(("second", "third", "first", "fourth")),
            edd=(self.received_at + timedelta(days=self.rng.randint(40, 220))).strftime("%d/%m/%Y"),
            pct=str(self.rng.randint(48, 86)), sessions=str(self.rng.randint(14, 60)),
            months=str(self.rng.randint(3, 14)), wks=str(self.rng.randint(9, 30)),
            month=MONTHS[(self.received_at.month - self.rng.randint(3, 8)) % 12],
            listener=self.rng.choice(("the teacher", "staff", "the DSL", "officers", "a TA", "a friend's mum")),
            abuser_word=self.rng.choice(("daddy", "dad", "mummy's boyfriend", "my step-dad")),
            abuser_3p=self.rng.choice(("daddy", f"{c.his if c else 'their'} dad", "mummy's boyfriend",
                                       f"{c.his if c else 'their'} step-dad", "mummy")),
        )
        return template.format_map(values)

    # --- names --------------------------------------------------------------
    def write_name(self, a: Actor) -> None:
        """Decide how a person is written: the variation a matcher has to cope with."""
        rng, w = self.rng, self.writer
        a.written_given, a.written_family = a.given, a.family
        if a.person_id is not None:
            r = rng.random()
            if r < 0.2:
                if a.given in N.NICKNAMES:
                    a.written_given = rng.choice(N.NICKNAMES[a.given])
                    a.variation.append("nickname")
            elif r < 0.31:
                if rng.random() < 0.5:
                    a.written_family = _one_edit(rng, a.family)
                else:
                    a.written_given = _one_edit(rng, a.given)
                a.variation.append("misspelling")
            elif r < 0.39:
                others = [x.family for x in self.actors if x.family != a.family]
                a.written_family = rng.choice(others) if others and rng.random() < 0.7 else family_name(
                    rng, pick_origin(rng))
                if a.written_family != a.family:
                    a.variation.append("other_surname")
        # date of birth / age
        want = 0.25 + 0.7 * w.detail
        if a.role == "child" and (self.scenario in ("baby_injury", "child_alone") or rng.random() < 0.15):
            want = 1.0
        if a.dob is None or rng.random() > want:
            a.variation.append("no_dob")
            return
        r = rng.random()
        if r < 0.3 and not (a.role == "adult" and w.source == "police"):
            a.age_written = True
            a.variation.append("age_only")
        elif r < 0.38 and a.person_id is not None and a.dob.day <= 12 and a.dob.day != a.dob.month:
            a.dob_written = date(a.dob.year, a.dob.day, a.dob.month)
            a.variation.append("swapped_dob")
        else:
            a.dob_written = a.dob

    def intro(self, a: Actor, with_rel: bool) -> str:
        """A person's first mention: name, date of birth or age, school, maybe relationship."""
        rng, w = self.rng, self.writer
        fam = a.written_family.upper() if (w.caps_surnames and w.source == "police") else a.written_family
        name = f"{a.written_given} {fam}"
        if w.source == "police" and rng.random() < 0.12:
            name = f"{fam} {a.written_given}" if rng.random() < 0.5 else f"{fam}, {a.written_given}"
        a.mention = name
        bits = []
        if a.dob_written:
            d = format_dob(rng, a.dob_written, w.source)
            bits.append(rng.choice((f"DOB {d}", f"({d})", f"DOB: {d}", f"d.o.b. {d}", f"born {d}"))
                        if w.source == "police" else rng.choice((f"(DOB {d})", f"born {d}", f"DOB {d}", f"({d})")))
        elif a.age_written:
            bits.append(format_age(rng, a.age, w.source == "school" and a.role == "child"))
            if not bits[-1].startswith(("aged", "age ", "Year", "Yr")):
                bits[-1] = f"({bits[-1]})"
        elif w.source == "police" and rng.random() < 0.2:
            bits.append(rng.choice(("DOB u/k", "DOB n/k", "(DOB not known)")))
        if a.role == "child" and a.school and rng.random() < 0.3 + 0.6 * w.detail:
            bits.append(rng.choice((f"({a.school})", f"attends {a.school}", f"- {a.school}",
                                    f"{school_year(a.age)} at {a.school}" if 4 <= a.age <= 15 else f"at {a.school}")))
            a.school_written = True
        if with_rel and a.role == "adult":
            bits.append(rng.choice((f"({a.rel_word})", f"- {a.rel_word}", f", {a.rel_word}")))
        text = " ".join([name, *bits]).replace(" ,", ",")
        return text

    # --- truth ----------------------------------------------------------------
    def people_truth(self) -> list[dict]:
        out = []
        for a in self.actors:
            out.append({
                "name_as_written": a.mention,
                "given_name": a.written_given,
                "family_name": a.written_family,
                "role": a.role,
                "relationship": a.relationship if a.role == "adult" else None,
                "part": a.part,
                "dob": a.dob_written.isoformat() if a.dob_written else None,
                "age": a.age if (a.dob_written or a.age_written) else None,
                "person_id": a.person_id,
                "variation": sorted(set(a.variation)) or ["exact"],
            })
        return out

    def youngest_child_age(self) -> int | None:
        """The youngest child's age as the text lets a reader know it (dob or age written)."""
        ages = [a.age for a in self.kids if (a.dob_written or a.age_written) and a.age < 18]
        return min(ages) if ages else None


def sentence_case(s: str) -> str:
    s = s.strip()
    return s[:1].upper() + s[1:] if s else s


ABBREVIATIONS = (
    (r"\bchildren\b", ("kids", "chn", "children")), (r"\bhours\b", ("hrs",)), (r"\band\b", ("&", "and", "+")),
    (r"\bofficers\b", ("ofcrs", "officers", "police")), (r"\bwith\b", ("w/", "with")),
    (r"\bno further action\b", ("NFA",)), (r"\bdate of birth\b", ("DOB",)), (r"\bbecause\b", ("as", "cos")),
    (r"\bmother\b", ("mum", "mother")), (r"\binformation\b", ("info",)), (r"\bapproximately\b", ("approx",)),
)


def abbreviate(rng: random.Random, text: str) -> str:
    """The clipped register of a busy officer: 'kids', 'ofcrs', '&', 'w/'."""
    for pattern, options in ABBREVIATIONS:
        choice = rng.choice(options)
        text = re.sub(pattern, choice, text)
    return text


OPENERS: dict[str, tuple[str, ...]] = {
    "call": ("at {hhmm}hrs on {date} police were called to {addr} by {caller}",
             "I attended {addr} at {hhmm}hrs on {date} following a call from {caller}",
             "on {date} at {hh_mm} I was deployed to {addr} to reports of a domestic",
             "{hhmm}hrs {date}: 999 call from {caller} stating there was a disturbance at {addr}",
             "officers attended {addr} at {hhmm} on {date} following a 999 call from {caller}",
             "on {date} at approx {hhmm}hrs a call was received from {caller} reporting a disturbance at {addr}",
             "police attended {addr} on {day} {date} at {hh_mm} after {caller} called",
             "{date} {hhmm}hrs - call from {caller} re an incident at {addr}"),
    "report": ("on {date} at {hhmm}hrs police received a report concerning {c} of {addr}",
               "report received {date} {hhmm}hrs from {addr}",
               "at {hh_mm} on {day} {date} a report was made to police from {addr}"),
    "found": ("at {hhmm}hrs on {date} officers on patrol in {town} stopped {c}",
              "on {date} at approx {hhmm} officers attended an address in {town} following information received",
              "{date} {hhmm}hrs: officers in {town} located {c}"),
    "welfare": ("officers attended {addr} at {hhmm}hrs on {date} for a concern for welfare",
                "I attended {addr} at {hh_mm} on {date} for a welfare check",
                "on {date} at {hhmm}hrs a member of the public reported concerns about children at {addr}",
                "welfare check at {addr} on {date} at {hhmm} following a call from a neighbour",
                "on {day} {date} at {hh_mm} police attended {addr} after concerns were raised by {caller}"),
    "intel": ("information was received on {date} about the household at {addr}",
              "on {date} intelligence was received concerning {addr}"),
    "school": ("today ({date}) at {hh_mm}, in school,", "this morning ({date}) at registration",
               "during lunch on {day} ({date}) in the dining hall", "after PE on {date} at {hh_mm}",
               "at the end of the school day on {date}",
               "on {date} at {hh_mm} during a lesson in school",
               "at break time today ({day} {date}) in the playground"),
    "seen": ("seen at home ({addr}) on {date} at {hh_mm}", "attended the Emergency Department on {date} at {hhmm}hrs",
             "I carried out a home visit to {addr} on {date}", "at a planned contact on {date} at {hh_mm}",
             "following a telephone call on {date} at {hh_mm}",
             "at a home visit to {addr} on {date}", "seen in clinic on {date} at {hh_mm}",
             "{c} was brought to ED on {day} {date} at {hh_mm}"),
}


def write_opener(d: Draft, kind: str) -> None:
    """When and where it happened (quality item 3): skipped by the terser writers."""
    if not d.optional(1.3):
        return
    source = d.writer.source
    if source == "school":
        kind = "school"
    elif source == "other":
        kind = "intel" if d.scenario == "sex_offender" else "seen"
    elif source == "health":
        kind = "seen"
    elif source == "police" and kind in ("school", "seen"):
        kind = "report"
    at = d.incident_at if kind not in ("school", "seen") else d.received_at.replace(
        hour=min(d.received_at.hour, 15), minute=d.rng.randint(0, 59))
    template = d.rng.choice(OPENERS[kind])
    caller = d.rng.choice(("the IP", "a neighbour", "{v}", "a family member")) if "v" in d.bound else "a neighbour"
    text = template.replace("{caller}", caller)
    values = {"hhmm": f"{at:%H%M}", "hh_mm": f"{at:%H:%M}", "day": f"{at:%A}",
              "date": d.rng.choice((f"{at:%d/%m/%Y}", f"{at:%d/%m/%y}", f"{at.day} {MONTHS[at.month - 1]}",
                                    f"{at:%d/%m}"))}
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    if "{addr}" in text:
        d.address_written = True
    d.sections["opener"].append(d.fill(text, {}))
    d.items.add(3)


"""Writers and layouts: turning a Draft's fragments into the text a MASH receives.

Police write header-and-fields forms, narrative paragraphs or terse
one-liners; a school DSL writes a letter or fills a form; health writes a
clinical note. The same facts come out in different orders, with different
joins and abbreviations, and with more or fewer of the checklist items.
"""

from __future__ import annotations

import dataclasses
import random
import re

from training import names as N
from training.compose import NOT_RISK, Actor, Draft, Writer, abbreviate, sentence_case
from training.population import family_name, given_name, pick_origin


def _phone(rng: random.Random, town: str) -> str:
    if rng.random() < 0.35:
        return f"07700 900{rng.randint(0, 999):03d}"
    return f"{N.PHONE_PREFIX.get(town, '01392')} {rng.randint(200000, 899999)}"


def make_writer(rng: random.Random, source: str, town: str, scenario: str = "") -> Writer:
    """A writer with a consistent register and a level of care."""
    origin = pick_origin(rng)
    sex = rng.choice("FM")
    first, last = given_name(rng, origin, sex), family_name(rng, origin)
    detail = rng.choice((0.15, 0.35, 0.55, 0.75, 0.9))
    if source == "police":
        rank = rng.choices([r for r, _ in N.POLICE_RANKS], weights=[w for _, w in N.POLICE_RANKS])[0]
        collar = rng.randint(1000, 9999) if rank != "PCSO" else rng.randint(30000, 39999)
        team = rng.choice(N.POLICE_TEAMS).format(town=town, n=rng.randint(1, 5))
        style = rng.choices(("header", "narrative", "terse"), weights=(0.35, 0.45, 0.2))[0]
        if style == "terse":
            detail = 0.1
        email = f"{first.lower()}.{last.lower().replace(' ', '')}@devon.police.uk"
        contact = rng.choice((f"ext {rng.randint(20000, 29999)}", email, f"{_phone(rng, town)} / {email}"))
        return Writer(source, style, detail, rng.random() < 0.85, style == "terse" or rng.random() < 0.4,
                      f"{rank} {collar}", team, f"{first} {last}", f"{rank} {collar}", contact, town)
    if source == "school":
        role = rng.choice(("DSL", "Designated Safeguarding Lead", "Deputy DSL", "Head of Year", "Pastoral Lead",
                           "Headteacher"))
        title = rng.choice(("Mrs", "Ms", "Miss")) if sex == "F" else "Mr"
        author = f"{title} {first[0]} {last}" if rng.random() < 0.5 else f"{first} {last}"
        contact = f"{_phone(rng, town)}, {first[0].lower()}{last.lower()}@school.devon.sch.uk"
        return Writer(source, rng.choice(("letter", "letter", "form")), detail, False, False, author, "", author,
                      role, contact, town)
    if source == "health":
        team, role = N.HEALTH_TEAMS[rng.choice(N.HEALTH_TEAMS_FOR.get(scenario, tuple(range(len(N.HEALTH_TEAMS)))))]
    else:
        team, role = N.OTHER_TEAMS[N.OTHER_TEAMS_FOR.get(scenario, rng.randrange(len(N.OTHER_TEAMS)))]
    team = team.format(town=town)
    contact = _phone(rng, town)
    if source == "health":
        contact = f"{contact}, {first.lower()}.{last.lower()}@nhs.net"
    return Writer(source, rng.choice(("clinical", "clinical", "form")), detail, False, False, f"{first} {last}", team,
                  f"{first} {last}", role, contact, town)


CONSENT = {
    "police": ("{m} is aware of this notification", "consent to share given by {m}",
               "{m} not informed of the referral as it may increase risk", "consent not sought - child protection",
               "parents aware of PPN", "{m} was told a PPN would be submitted"),
    "school": ("mum is aware of and agrees to this referral",
               "parents have not been informed as this may place {c} at risk",
               "I have spoken to {m} who consents to the referral", "parents aware", "{m} knows we are referring"),
    "health": ("{m} consents to this referral", "{m} is aware of the referral", "consent not sought due to risk",
               "{m} agreed to information being shared with the MASH", "verbal consent from {m}"),
}


def finish(d: Draft) -> None:
    """The closing parts: consent (item 9), referrer's details (item 10), demeanour and risk notes."""
    w, rng = d.writer, d.rng
    source = "health" if w.source == "other" else w.source
    if d.kids and 4 not in d.items and d.optional(0.6):
        # demeanour only: nothing here may say where the child was (that would be child_present)
        d.pick("children", ("{c} was seen and appeared well", "{c} appeared happy and chatty",
                            "{c} seemed quiet but settled", "{c} was spoken to alone and appeared relaxed",
                            "{c} appeared clean and appropriately dressed", "{c} was tired but otherwise well"))
        d.items.add(4)
    if 7 not in d.items and not d.factors & {"domestic_abuse", "parental_conflict"} and d.optional(0.5):
        # the writer's own risk view: item 7, but not a DASH grading (dash_level stays null)
        level = rng.choice(("low", "medium", "high", "significant"))
        d.pick("assessment", (f"officer's assessment: {level} risk to the children", f"risk assessed as {level}",
                              f"I would assess the risk as {level}", f"in my professional opinion the risk is {level}"))
        d.items.add(7)
    if d.optional(0.8):
        d.pick("consent", CONSENT[source])
        d.items.add(9)
    if d.sections.get("action"):
        d.items.add(8)
    if w.detail >= 0.5 and rng.random() < 0.4 + w.detail / 2:
        d.items.add(10)
    if d.factors - NOT_RISK or d.negated:
        d.items.add(6)


def _join(rng: random.Random, fragments: list[str], shuffle: bool = False) -> str:
    """Fragments to sentences; some writers run two together with 'and' or a semicolon."""
    frags = list(fragments)
    if shuffle and len(frags) > 2 and rng.random() < 0.5:
        head, tail = frags[:1], frags[1:]
        rng.shuffle(tail)
        frags = head + tail
    out: list[str] = []
    i = 0
    while i < len(frags):
        if i + 1 < len(frags) and rng.random() < 0.2:
            out.append(sentence_case(f"{frags[i]}{rng.choice((' and ', '; ', ', '))}{frags[i + 1]}"))
            i += 2
        else:
            out.append(sentence_case(frags[i]))
            i += 1
    return " ".join(s if s.endswith((".", "?", "!", "'", ",")) else s + "." for s in out)


def _label(a: Actor) -> str:
    part = a.part
    if part == "victim":
        return "IP"
    if part == "suspect":
        return "SUSPECT" if a.person_id or a.relationship != "partner" else "S/O"
    if a.role == "child":
        return "CHILD"
    return "OTHER ADULT" if part == "other" else "ADULT"


def _people_sentence(d: Draft) -> str:
    """Everyone named in a sentence or a short list, in one of several shapes."""
    rng = d.rng
    adults = [a for a in d.actors if a.role == "adult"]
    kids = [a for a in d.actors if a.role == "child"]
    with_rel = d.optional(1.2)
    a_text = [d.intro(a, with_rel) for a in adults]
    k_text = [d.intro(k, False) for k in kids]
    for a in adults:
        a.rel_stated = with_rel
    everyone = a_text + k_text
    shape = rng.randrange(8)
    if shape == 0:
        return f"Persons involved: {'; '.join(everyone)}."
    if shape == 1 and a_text and k_text:
        adults_label = rng.choice(("Adults", "Parents/carers", "Adults in the household", "Parties"))
        return (f"{adults_label}: {', '.join(a_text)}. "
                f"{rng.choice(('Children', 'Child(ren)', 'CYP', 'Children in the household'))}: {', '.join(k_text)}.")
    if shape == 2 and k_text:
        lead = "The children are" if len(k_text) > 1 else "The child is"
        return f"{lead} {' and '.join(k_text)}." + (f" Adults: {', '.join(a_text)}." if a_text else "")
    if shape == 3 and a_text and k_text:
        others = f" and {', '.join(a_text[1:])}" if a_text[1:] else ""
        return f"{a_text[0]} lives at the address with {', '.join(k_text)}{others}."
    if shape == 4:
        return "Details of those involved:\n" + "\n".join(f"- {x}" for x in everyone)
    if shape == 5:
        return f"Subjects - {' / '.join(everyone)}."
    if shape == 6 and a_text:
        return f"{rng.choice(('Family', 'Household'))}: {', '.join(everyone)}."
    return f"Involved: {', '.join(everyone)}."


def _address_line(d: Draft) -> str:
    if not d.place:
        return ""
    d.address_written = True
    addr, pc, _ = d.place
    return f"{addr} {pc}".strip()


def render(d: Draft) -> str:
    """Lay the draft out in the writer's register and return the text."""
    w, rng = d.writer, d.rng
    s = d.sections
    body = {k: _join(rng, s.get(k, []), shuffle=k in ("risk", "incident")) for k in Draft.SECTIONS}
    if w.source == "police" and w.style == "header":
        text = _police_header(d, body)
    elif w.source == "police" and w.style == "terse":
        text = _police_terse(d, body)
    elif w.source == "police":
        text = _police_narrative(d, body)
    elif w.style == "form":
        text = _form(d, body)
    else:
        text = _letter(d, body)
    if w.abbreviate:
        text = abbreviate(rng, text)
    _score_people(d)
    return text


def _contact(d: Draft) -> str:
    w = d.writer
    if 10 not in d.items:
        return d.rng.choice((w.role, w.name, "")) if w.source != "police" else w.author
    if w.source == "police":
        return f"OIC {w.author} {w.name.split()[-1].upper()}, {w.team}, {w.contact}"
    return f"{w.name}, {w.role}, {w.team or 'school'}, {w.contact}"


def _police_header(d: Draft, body: dict[str, str]) -> str:
    rng = d.rng
    lines = [f"{rng.choice(('Type', 'Occurrence', 'PPN type', 'Category'))}: {d.header_kind}"]
    if rng.random() < 0.7:
        lines.append(f"Date/time: {d.incident_at:%d/%m/%Y %H%M}")
        addr = _address_line(d)
        if addr:
            lines.append(f"{rng.choice(('Location', 'Address', 'Loc'))}: {addr}")
            d.items.add(3)
    with_rel = d.optional(1.1)
    for a in d.actors:
        intro = d.intro(a, with_rel)
        if with_rel and a.role == "adult":
            a.rel_stated = True
        lines.append(f"{_label(a)}: {intro}")
    incident = " ".join(x for x in (body["opener"], body["incident"]) if x)
    if incident:
        lines.append(f"{rng.choice(('Circumstances', 'Details', 'Summary', 'Incident'))}: {incident}")
    assessment = ("DASH", "Risk assessment", "Grading") if d.dash else ("Risk assessment", "Grading")
    labels = (("children", ("Children", "Children present/demeanour", "CYP")),
              ("voice", ("Voice of the child", "Child's account")), ("risk", ("Risk", "Risk factors", "Concerns")),
              ("history", ("Background", "History")), ("protective", ("Protective factors", "Strengths")),
              ("assessment", assessment), ("action", ("Action", "Action taken", "Result")), ("consent", ("Consent",)))
    for key, names in labels:
        if body[key]:
            lines.append(f"{rng.choice(names)}: {body[key]}")
    contact = _contact(d)
    if not contact.startswith("OIC"):
        contact = f"{rng.choice(('OIC', 'Officer', 'Submitted by'))}: {contact}"
    lines.append(contact)
    return "\n".join(lines)


def _police_narrative(d: Draft, body: dict[str, str]) -> str:
    rng = d.rng
    people = _people_sentence(d)
    first = " ".join(x for x in (body["opener"], body["incident"]) if x)
    order = [people, first] if rng.random() < 0.5 else [first, people]
    rest = [body[k] for k in ("children", "voice", "risk", "history", "protective", "assessment")]
    if rng.random() < 0.3:
        rng.shuffle(rest)
    tail = [body["action"], body["consent"], _contact(d)]
    parts = [p for p in order + rest + tail if p]
    sep = "\n\n" if d.writer.detail > 0.6 and rng.random() < 0.6 else (" " if rng.random() < 0.6 else "\n")
    return sep.join(parts)


def _police_terse(d: Draft, body: dict[str, str]) -> str:
    rng = d.rng
    names = " / ".join(f"{_label(a)} {d.intro(a, False)}" if a.role == "adult" else d.intro(a, False) for a in d.actors)
    sections = ("opener", "incident", "children", "voice", "risk", "history", "protective", "assessment", "action")
    bits = [d.header_kind.upper(), names + rng.choice((".", " -", ":", ","))] + [body[k] for k in sections]
    text = " ".join(b for b in bits if b)
    if rng.random() < 0.5:
        text = re.sub(r"(?<=[a-z])\. (?=[A-Z])", ", ", text)
    return text + " " + d.writer.author


def _letter(d: Draft, body: dict[str, str]) -> str:
    rng, w = d.rng, d.writer
    kids = [a for a in d.actors if a.role == "child"]
    adults = [a for a in d.actors if a.role == "adult"]
    if w.source == "school":
        school = next((k.school for k in kids if k.school), None) or w.team or "the school"
        d.writer = dataclasses.replace(w, team=school)
        w = d.writer
        start = rng.choice((f"I am the {w.role} at {school} and I am making a referral about",
                            f"Referral from {school} regarding", f"I am writing from {school} with concerns about",
                            f"{school} - safeguarding referral for",
                            f"Dear MASH, I am contacting you from {school} about",
                            f"{w.role}, {school}. Concern for", "We would like to refer"))
    else:
        start = rng.choice((f"{w.team} referral regarding", f"I am a {w.role} with {w.team} and I am referring",
                            f"{w.role} referral ({w.team}):", "Referral regarding", "Safeguarding referral:",
                            f"{w.role} - concerns regarding", "Please see below my concerns about"))
    kid_text = " and ".join(d.intro(k, False) for k in kids)
    with_rel = d.optional(1.2)
    adult_bits = []
    for a in adults:
        adult_bits.append(d.intro(a, False))
        if with_rel:
            a.rel_stated = True
            adult_bits[-1] = f"{adult_bits[-1]} ({a.rel_word})"
    lead = f"{start} {kid_text}." if kid_text else f"{start} the family."
    if adult_bits:
        lead += " " + rng.choice(("The family are {x}.", "Parents/carers: {x}.", "Lives with {x}.",
                                  "Adults: {x}.")).format(x=", ".join(adult_bits))
    if d.place and d.optional(0.8):
        lead += f" Address: {_address_line(d)}."
    parts = [lead, " ".join(x for x in (body["opener"], body["incident"]) if x)]
    parts += [body[k] for k in ("children", "voice", "risk", "history", "protective", "assessment", "action",
                                "consent")]
    closing = _contact(d)
    if closing:
        parts.append(rng.choice(("Many thanks, {x}", "{x}", "Contact: {x}", "Regards, {x}")).format(x=closing))
    sep = "\n\n" if rng.random() < 0.5 else " "
    return sep.join(p for p in parts if p)


def _form(d: Draft, body: dict[str, str]) -> str:
    rng, w = d.rng, d.writer
    kids = [a for a in d.actors if a.role == "child"]
    adults = [a for a in d.actors if a.role == "adult"]
    if w.source == "school":
        school = next((k.school for k in kids if k.school), None) or "the school"
        d.writer = dataclasses.replace(w, team=school)
    lines = []
    for k in kids:
        label = rng.choice(("Child", "Name", "Pupil") if w.source == "school" else ("Child", "Name", "Patient"))
        lines.append(f"{label}: {d.intro(k, False)}")
    with_rel = d.optional(1.3)
    for a in adults:
        if with_rel:
            a.rel_stated = True
            lines.append(f"{a.rel_word.capitalize()}: {d.intro(a, False)}")
        else:
            lines.append(f"Adult: {d.intro(a, False)}")
    if d.place and d.optional(0.9):
        lines.append(f"Address: {_address_line(d)}")
    lines.append(f"{rng.choice(('Concern', 'Reason for referral', 'Details of concern'))}: "
                 + " ".join(x for x in (body["opener"], body["incident"], body["children"]) if x))
    for key, label in (("voice", "Child's views"), ("risk", "Risks"), ("history", "Background"),
                       ("protective", "Strengths"), ("assessment", "Assessment"), ("action", "Action taken"),
                       ("consent", "Consent")):
        if body[key]:
            lines.append(f"{label}: {body[key]}")
    lines.append(f"Referrer: {_contact(d) or d.writer.name}")
    return "\n".join(lines)


def _score_people(d: Draft) -> None:
    """Quality items 1 and 2, from how the people were actually written."""
    kids = [a for a in d.actors if a.role == "child"]
    adults = [a for a in d.actors if a.role == "adult"]
    if kids and all((k.dob_written or k.age_written) and (k.school_written or not k.school) for k in kids):
        d.items.add(1)
    if adults and d.address_written and all(
            a.dob_written and a.rel_stated for a in adults):
        d.items.add(2)

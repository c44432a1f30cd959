"""Redaction: what a trainer sees of a notification, with nobody in it identifiable.

Trainers need real sentences to show officers what a good notification looks like, but never a child's identity.
Everything shown to a trainer goes through `Redactor.apply`: names (the parser's people and every other place their
names recur, first-name-only and CAPITALS forms included, plus names the parser missed after titles, role labels and
in CAPITALS), dates of birth and other full dates, addresses and street names, schools and nurseries, postcodes,
phone numbers, e-mail addresses and police references are replaced by a bracketed word ("[NAME]", "[DOB]", ...).

Over-redaction is the safe failure: a word that is both a name and an ordinary word ("Bright", "Green") is
redacted everywhere in that notification.

    redactor = Redactor.for_notification(text, parsed)
    safe = redactor.apply(text)               # or any sentence taken from the same text
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from triage import lexicon
from triage.records import ParsedNotification

LABELS = {
    "name": "[NAME]",
    "dob": "[DOB]",
    "date": "[DATE]",
    "address": "[ADDRESS]",
    "school": "[SCHOOL]",
    "postcode": "[POSTCODE]",
    "phone": "[PHONE]",
    "email": "[EMAIL]",
    "ref": "[REF]",
}
# When two spans overlap, the longer wins; on a tie, the earlier kind in this order.
_PRIORITY = {
    k: i for i, k in enumerate(("email", "address", "school", "phone", "postcode", "dob", "date", "ref", "name"))
}

_WORD = r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*"
_TITLE_WORD = r"[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
_STREET = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Close|Lane|Drive|Way|Crescent|Court|Gardens|Place|Terrace|Grove|Hill|Park"
    r"|Square|Row|Walk|Mews|View|Rise|Green|Parade|Estate|Heights|Meadow|Meadows|Fields|Quay)"
)
_SCHOOLISH = r"School|College|Academy|Primary|Junior|Infant|Nursery|Pre-?[Ss]chool"
_POSTCODE_RE = r"\b[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b"

ADDRESS = re.compile(
    r"(?:\b(?:Flat|Apartment|Apt|Unit)[ \t]+\d+[A-Za-z]?,?[ \t]+)?(?:\b\d{1,4}[A-Za-z]?,?[ \t]+)?"
    rf"\b(?:{_TITLE_WORD}[ \t]+){{1,3}}{_STREET}\b"
    rf"(?:,[ \t]*{_TITLE_WORD}(?:[ \t]+{_TITLE_WORD})?(?![ \t]+(?:{_SCHOOLISH}))(?![ \t]+[A-Z][a-z]))?"
    rf"(?:,?[ \t]*{_POSTCODE_RE})?"
)
FLAT = re.compile(r"\b(?:Flat|Apartment|Apt|Unit)[ \t]+\d+[A-Za-z]?\b(?:,?[ \t]+\d{1,4}[A-Za-z]?\b)?")
POSTCODE = re.compile(_POSTCODE_RE)
SCHOOL = re.compile(lexicon.SCHOOL_NAME)
PHONE = re.compile(
    r"(?<![\w/+])(?:\+44[ \t]?(?:\(0\)[ \t]?)?|\(?0)\d{2,4}\)?[ \t-]?\d{3,4}[ \t-]?\d{3,4}(?![\w/])"
    r"(?:[ \t]*(?:ext\.?|extension|x)[ \t]*\d{1,5})?",
    re.I,
)
EMAIL = re.compile(r"[\w.'’+-]+@[\w-]+(?:\.[\w-]+)+")
_MONTHS = lexicon.MONTHS
DATE = re.compile(
    r"(?<![\d/.-])\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?![\d/.-]*\d)"
    r"|(?<![\d/.-])\d{4}-\d{1,2}-\d{1,2}(?![\d-])"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?[ \t]+{_MONTHS}\.?,?[ \t]+(?:\d{{4}}|\d{{2}})\b"
    rf"|\b{_MONTHS}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}\b",
    re.I,
)
DOB_CUE = re.compile(r"(?:\bd\.?o\.?b\.?|\bborn|\bb\.|\bbirth)[\s:)(-]*$", re.I)
# A date right after a name or an opening bracket is someone's date of birth, not when something happened.
DOB_AFTER = re.compile(r"(?:\(|[A-Z][a-z]+[ \t]+|[A-Z]{2,}[ \t]+|,[ \t]*)$")
POLICE_REF = re.compile(
    r"\b(?:PPN|CAD|URN|CRN|OEL|STORM|NICHE|INC|OCC|LOG|SER)[-/ ]?\d[\dA-Z/-]{1,}\b|\b[A-Z]{2,6}-\d{2,4}-\d{3,8}\b"
)
HONORIFIC_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?[ \t]+(?:[A-Z]\.?[ \t]+)*" + _WORD + r"(?:[ \t]+[A-Z][\w'’-]+)?"
)
INITIAL_NAME = re.compile(r"(?<![\w.])[A-Z]\.?[ \t]+[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?\b")
# Role labels and relationship words that police, schools and health put right before a name.
ROLE_CUE = re.compile(
    r"\b(?:IP|SUSPECT|VICTIM|CHILD(?:REN)?(?:[ \t]*\d)?|MOTHER|FATHER|MISPER|ADULT|Patient|Pupil|Student|Name|"
    r"Child|Victim|Suspect|Young person|Baby|mum|mother|dad|father|stepdad|nan|aunt|uncle|partner|boyfriend|"
    r"girlfriend|named|called|about|re|Mum|Dad|Misper|Involved|sister|brother|son|daughter)\b[ \t]*[:(]?[ \t]*"
    r"(" + _WORD + r")"
)
# A referrer signing off: "Jo Hext, Designated Safeguarding Lead", "Karen Moss, Health Visitor", "K Moss HV".
SIGNED_NAME = re.compile(
    r"(" + _TITLE_WORD + r"|[A-Z]\.?)[ \t]+(" + _WORD + r"),?[ \t]+\(?(?:DSL|Deputy|Designated|Health[ \t]+Visitor|HV|"
    r"GP|Community[ \t]+Midwife|Midwife|ED[ \t]+Registrar|Registrar|CAMHS|Practitioner|Head|Headteacher|Teacher|"
    r"Social[ \t]+Worker|School[ \t]+Nurse|Nurse|Consultant|Pastoral|SENCO|Safeguarding)\b"
)
CAPS_WORD = re.compile(r"(?<![\w'’])[^\W\d_a-z]{2,}(?:['’-][^\W\d_a-z]+)*(?![\w'’])")

# Words written in capitals that are headings or abbreviations in this register, not surnames.
CAPS_NOT_NAMES = frozenset(lexicon.ACRONYMS) | frozenset(
    """
    PHYSICAL CATEGORY CHILD CONCERN FOR WELFARE LEFT ALONE RISK RISKS CONSENT ACTION TAKEN HOME CONDITIONS EPISODE
    ENCOMPASS OIC ADDRESS MOTHER FATHER EDT CSC CPOMS DSL HV ED GP NPT CSE CCE YOT IDVA MARAC DASH STD MED NFA
    TO BE WITH WAS IS IT SHE HE HER HIS THEY NOT BY OR AS AN A I IF WE US OUR MY ME RTC ABH GBH UNKNOWN KNOWN
    SAFEGUARDING ALCOHOL DRUGS CANNABIS DV HIGH STANDARD MEDIUM LOW HRS AM PM OK TV PE IT ICT RE SATS GCSE GCSES
    NOTIFICATION HEALTH VISITOR GENERAL PRACTICE HOSPITAL CAMHS NSPCC EHCP ADHD ASD SEN SEND PPN CID TEAM RESPONSE
    """.split()
)
# Given names that are also ordinary words are names only next to another name-like word.
_AMBIGUOUS = frozenset(lexicon.AMBIGUOUS_GIVEN_NAMES)
_NOT_NAMES = frozenset(lexicon.NON_NAME_WORDS) | {"the", "a", "an", "she", "he", "they", "her", "his", "it", "i"}


@dataclass(frozen=True)
class Redaction:
    """One stretch of text to hide, and what kind of thing it is."""

    start: int
    end: int
    kind: str


def _name_tokens(parsed: ParsedNotification | None) -> set[str]:
    """Every word of every person's name the parser found, in lower case."""
    tokens: set[str] = set()
    if parsed is None:
        return tokens
    for m in parsed.mentions:
        for part in (m.text, m.given_name or "", m.family_name or ""):
            for word in re.findall(_WORD, part):
                if len(word) > 1 and word.lower() not in _NOT_NAMES:
                    tokens.add(word.lower())
    return tokens


def _found_names(text: str) -> set[str]:
    """Names the parser may have missed: after a title or role label, in CAPITALS, or a known given name."""
    tokens: set[str] = set()
    for m in HONORIFIC_NAME.finditer(text):
        for word in re.findall(_WORD, m.group())[1:]:
            if len(word) > 1 and word.lower() not in _NOT_NAMES:
                tokens.add(word.lower())
    for m in SIGNED_NAME.finditer(text):
        for word in m.groups():
            if len(word.strip(".")) > 1 and word.lower() not in _NOT_NAMES:
                tokens.add(word.lower())
    for m in ROLE_CUE.finditer(text):
        word = m.group(1)
        if word[:1].isupper() and word.lower() not in _NOT_NAMES and word.upper() not in CAPS_NOT_NAMES:
            tokens.add(word.lower())
    for m in CAPS_WORD.finditer(text):
        word = m.group()
        if word not in CAPS_NOT_NAMES and not POSTCODE.fullmatch(word):
            tokens.add(word.lower())
    for m in re.finditer(r"\((" + _TITLE_WORD + r")\)", text):
        if m.group(1).lower() not in _NOT_NAMES and not re.fullmatch(_SCHOOLISH + "|" + _STREET, m.group(1)):
            tokens.add(m.group(1).lower())
    for m in INITIAL_NAME.finditer(text):
        word = m.group().split()[-1]
        if word.lower() not in _NOT_NAMES:
            tokens.add(word.lower())
    for m in re.finditer(r"\b" + _TITLE_WORD + r"\b", text):
        word = m.group()
        lower = word.lower()
        if lower in lexicon.GIVEN_NAMES and lower not in _AMBIGUOUS:
            tokens.add(lower)
    return tokens


_PAIR = re.compile(r"(?=(?<![\w'’-])(" + _WORD + r")[ \t]+(" + _WORD + r")(?![\w'’-]))")


def _with_neighbours(text: str, names: set[str]) -> set[str]:
    """A capitalised word right next to a known name is part of it: "Sam PARKER", "Karen Moss"."""
    out = set(names)
    for m in _PAIR.finditer(text):
        first, second = m.group(1), m.group(2)
        for known, other in ((first, second), (second, first)):
            if (
                known.lower() in names
                and other[:1].isupper()
                and other.lower() not in _NOT_NAMES
                and other.upper() not in CAPS_NOT_NAMES
                and not re.fullmatch(_SCHOOLISH + "|" + _STREET, other)
            ):
                out.add(other.lower())
    return out


def _is_dob(text: str, start: int) -> bool:
    before = text[max(0, start - 24) : start]
    return bool(DOB_CUE.search(before) or DOB_AFTER.search(before))


class Redactor:
    """Redacts one notification's text, or any sentence taken from it, with the names found in the whole."""

    def __init__(self, names: Iterable[str] = (), refs: Iterable[str] = ()):
        self.names = {n.lower() for n in names if n and len(n) > 1}
        self.refs = [r for r in refs if r]
        words = sorted(self.names, key=len, reverse=True)
        self._name_re = (
            re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(w) for w in words) + r")(?:['’]s)?(?![\w-])", re.I)
            if words
            else None
        )

    @classmethod
    def for_notification(cls, text: str, parsed: ParsedNotification | None = None) -> Redactor:
        """The parser's people plus the names found by pattern, searched for everywhere in the text."""
        refs = list(parsed.police_refs) if parsed is not None else []
        return cls(_with_neighbours(text, _name_tokens(parsed) | _found_names(text)), refs)

    def spans(self, text: str) -> list[Redaction]:
        """Non-overlapping stretches to hide, sorted by start."""
        found: list[Redaction] = []
        for pattern, kind in ((EMAIL, "email"), (PHONE, "phone"), (ADDRESS, "address"), (FLAT, "address"),
                              (POSTCODE, "postcode"), (POLICE_REF, "ref"), (SCHOOL, "school")):
            found += [Redaction(m.start(), m.end(), kind) for m in pattern.finditer(text)]
        for m in DATE.finditer(text):
            found.append(Redaction(m.start(), m.end(), "dob" if _is_dob(text, m.start()) else "date"))
        for ref in self.refs:
            found += [Redaction(m.start(), m.end(), "ref") for m in re.finditer(re.escape(ref), text)]
        for pattern in (HONORIFIC_NAME, INITIAL_NAME):
            found += [Redaction(m.start(), m.end(), "name") for m in pattern.finditer(text)
                      if self._name_re is not None and self._name_re.search(m.group())]
        if self._name_re is not None:
            found += [Redaction(m.start(), m.end(), "name") for m in self._name_re.finditer(text)]
        return _merge(found)

    def apply(self, text: str) -> str:
        """The text with every identifying stretch replaced by its bracketed kind."""
        out, pos = [], 0
        for r in self.spans(text):
            out.append(text[pos : r.start])
            out.append(LABELS[r.kind])
            pos = r.end
        out.append(text[pos:])
        # "[NAME] [NAME]" reads better, and says no more, as one "[NAME]".
        return _REPEATED_NAME.sub(LABELS["name"], "".join(out))


_REPEATED_NAME = re.compile(r"\[NAME\](?:,?[ \t]+\[NAME\])+")


def _merge(spans: list[Redaction]) -> list[Redaction]:
    """Overlapping spans become one, labelled by the longest (then the most specific kind)."""
    spans = sorted(spans, key=lambda r: (r.start, -(r.end - r.start), _PRIORITY[r.kind]))
    merged: list[Redaction] = []
    for r in spans:
        if merged and r.start < merged[-1].end:
            last = merged[-1]
            keep = last if (last.end - last.start, -_PRIORITY[last.kind]) >= (r.end - r.start, -_PRIORITY[r.kind]) \
                else r
            merged[-1] = Redaction(last.start, max(last.end, r.end), keep.kind)
        else:
            merged.append(r)
    return merged


def redact(text: str, parsed: ParsedNotification | None = None) -> str:
    """Convenience: one notification's text, redacted."""
    return Redactor.for_notification(text, parsed).apply(text)

"""The notification-quality checklist of the triage guide, item by item.

Each of the ten items is present, partial or missing, with the sentence that evidences it. Items 1, 4 and 7 (the
child, where the children were, the risk assessment) weigh double: without them a notification is hard to triage.
Trainers use this to show officers and schools what to add, so each rule below is one a trainer can explain.

The rules were written against the hand-labelled notifications in tests/data/quality_eval.jsonl (whose README gives
the labelling rubric); tests/test_quality.py measures agreement with those labels item by item.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from triage.guide import QUALITY_ITEMS
from triage.lexicon import FAMILY_RELATIONSHIPS, HONORIFICS, PROFESSIONAL_CUES
from triage.records import Mention, Notification, ParsedNotification
from triage.redact import CAPS_NOT_NAMES, CAPS_WORD

WEIGHTS = {1: 2.0, 4: 2.0, 7: 2.0}
CREDIT = {"present": 1.0, "partial": 0.5, "missing": 0.0}
STATUSES: tuple[str, ...] = ("present", "partial", "missing")

# What each item asks for, in the words a trainer would use with an officer or a DSL.
ASKS: dict[int, str] = {
    1: "each child's name, date of birth or age, and school or nursery",
    2: "each adult's name, date of birth, relationship to the child and address",
    3: "what happened, when and where",
    4: "where the children were, what they saw or heard, and how they seemed",
    5: "what the child said, in their own words",
    6: "the risks you saw: violence, weapons, drink or drugs, mental health, the state of the home",
    7: "your risk assessment (for domestic abuse, the DASH level)",
    8: "what you did and which agencies already know or are involved",
    9: "whether the parents know about the referral and agree (or why they were not told)",
    10: "your name, role and a phone number or e-mail the MASH can reach you on",
}

# A full stop inside "8.50am" or "d.o.b." does not end a sentence; one followed by a space or a line end does.
# Nor does one after an initial or a title ("b. 02/02/1998", "Dr. Ahmed", "A. Webb").
_ABBREVIATION = (
    r"(?:(?<![\w'’][A-Za-z])(?<=[A-Za-z])|(?<=\bDr)|(?<=\bMr)|(?<=\bMrs)|(?<=\bMs)|(?<=\bSt)|(?<=\bapprox)"
    r"|(?<=\bincl))\.(?=\s)"
)
_SENTENCE = re.compile(
    r"(?:[^.!?\n]|[.!?](?=[^\s\"”’'.!?])|" + _ABBREVIATION + r")+(?:[.!?]+[\"”’']?|$)", re.M
)


@dataclass(frozen=True)
class QualityItem:
    number: int
    name: str
    status: str  # "present" | "partial" | "missing"
    evidence: str = ""


@dataclass(frozen=True)
class QualityScore:
    items: tuple[QualityItem, ...]
    score: float  # 0..1, weighted

    @property
    def missing(self) -> list[str]:
        return [i.name for i in self.items if i.status == "missing"]

    def status(self, number: int) -> str:
        return self.items[number - 1].status


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def _find(sentences: list[str], pattern: re.Pattern[str]) -> str:
    for sentence in sentences:
        if pattern.search(sentence):
            return sentence
    return ""


def _rx(pattern: str, flags: int = re.I) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# ------------------------------------------------------------------------------------------------ vocabulary

DATE = _rx(r"\b\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug"
           r"|sep|oct|nov|dec)[a-z]*\b")
AGE = _rx(r"\(\d{1,2}\)|\baged?\s*:?\s*\d{1,2}\b|\b\d{1,2}\s*(?:y/?o|yrs?|years?(?:\s+old)?|months?(?:\s+old)?|weeks?"
          r"(?:\s+old)?)\b|,\s*\d{1,2}\s*,|\b(?:year|yr|y)\s?\d{1,2}\b|\breception\b")
SCHOOL = _rx(r"\b(?:school|academy|college|nursery|pre-?school|primary)\b|\bnot (?:yet )?(?:at|in) (?:a )?"
             r"(?:nursery|school)|\bno nursery\b|\bunborn\b|\bpregnant\b")
CHILD_WORDS = _rx(r"\b(?:child|children|child\(ren\)|kids?|baby|babies|pupil|student|young person|son|daughter|"
                  r"toddler|infant|unborn|misper|y(?:ear)?\s?\d{1,2}|daughter|boy|girl|youths?)\b")
ADULT_WORDS = _rx(r"\b(?:mum|mummy|mother|dad|daddy|father|parents?|step-?dad|step-?father|partner|boyfriend|"
                  r"girlfriend|nan|grandmother|grandfather|aunt|uncle|female|male|males|lads|family|carer|cousin|husband|wife)\b")
RELATION_NEAR_DATE = _rx(r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\)?[^\n\d]{0,20}\b(?:mother|father|mum|dad|step-?father"
                         r"|partner|grandmother|grandfather)\b)|(?:\b(?:mother|father|mum|dad|step-?father|partner)"
                         r"\b[^\n\d]{0,25}\d{1,2}[./-]\d{1,2}[./-]\d{2,4})")

HAPPENED = _rx(r"\b(?:attended|called|reported|incident|disclosed|argu(?:ment|ing|ed)|assault(?:ed)?|found|missing|"
               r"observed|noticed|presented|arrived|seen|pushed|punched|slapped|grabbed|hit|kicked|threw|thrown|"
               r"shout(?:ing|ed)|smashed|damaged|told|said|fell|taking|took|brought|returned|left alone|forced|"
               r"breach|intoxicated|drunk|throwing|crying|disclosure|came|wearing|domestic|misper|concern|asb|anti-social|"
               r"causing|booked|missed)\b")
WHEN = _rx(r"\b(?:\d{1,2}[:.]\d{2}\s*(?:am|pm|hrs)?|\d{3,4}\s*(?:hrs|hours)|at \d{4}\b|today|yesterday|tonight|"
           r"last (?:night|week)|this (?:morning|afternoon|evening)|night before|on \d{1,2}(?:st|nd|rd|th)?|"
           r"\d{1,2}/\d{1,2}(?:/\d{2,4})?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|thurs|"
           r"at (?:break|lunch)|period \d|after school)\b")
WHERE = _rx(r"\b(?:address|home|house|flat|street|road|lane|avenue|close|drive|park|kitchen|lounge|bedroom|hallway|"
            r"classroom|playground|library|office|station|car|shop|clinic|appointment|visit|property|garden|"
            r"bathroom|outside)\b|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
CHILD_WHERE = _rx(
    r"\b(?:asleep|slept|upstairs|downstairs|present|not present|witness(?:ed)?|saw|heard|alone|there|unaware|"
    r"did not see|outside|with friends|in house|on [\w']+ lap|in (?:bed|a car)|at school|in the (?:street)|"
    r"in the (?:room|house|bedroom|kitchen|lounge|car|garden|hallway|same room|classroom|playground|library)|"
    r"in (?:his|her|their) (?:room|rooms|bedroom|cot|bed|car seat|high chair|pyjamas)|at .{0,20} station|"
    r"at (?:nan|gran|grandmother|his nan|her nan)[\w']*|with (?:their|his|her) (?:grandmother|nan|gran)|"
    r"at (?:my|his|her|their) (?:father|mother|nan|gran|dad|mum)'?s?|staying w(?:ith|/) (?:their|his|her) \w+|"
    r"at home|(?:child|children|kids) at|at (?:a|the) (?:house|flat|property|address|seafront|park|beach)|"
    r"(?:in|out of) (?:a|the) car)\b"
)
DEMEANOUR = _rx(
    r"\b(?:demeanour|upset|crying|distressed|calm|quiet|settled|unsettled|withdrawn|frightened|scared|appeared|"
    r"presented as|happy|tearful|shaking|clinging|subdued|flat (?:and|in mood)|nervous|evasive|fine|babbling|"
    r"hungry|tired|cold|angry|screaming|shy|well cared for|seemed|unaware|woke|wanted her mum|anxious|worried|"
    r"feeding well|looked (?:tired|well|happy|sad|scared|upset|frightened|worried|anxious|unwell|pale|thin))\b"
)
SPEECH = _rx(r"\b(?:said|says|say|told|tells|stated|disclosed|replied|asked|explained)\b")
QUOTE = re.compile(r"[\"“][^\"”]{3,}[\"”]")
PRONOUN_CHILD = _rx(r"\b(?:he|she|they)\b")

RISK_WORDS = _rx(r"\b(?:no (?:assault|weapons?|injur(?:y|ies)|violence|drink|drugs|alcohol|intoxication|marks?)|"
                 r"pushed|punched|slapped|grabbed|hit|kicked|threw|strangulation|throat|knife|weapons?|drunk|"
                 r"drinking|intoxicated|alcohol|cannabis|heroin|drugs?|smell|bruis\w*|marks?|fracture|injur\w*|"
                 r"cutting|self-harm|paracetamol|overdose|tablets|suicid\w*|depression|mental health|sertraline|"
                 r"not coping|cold|damp|dirty|no food|lice|same clothes|same uniform|cash|phones?|packages|"
                 r"threats? to kill|damaged|smashed|broke|kicked|gambling|sober|exploitation|drug supply|burn[st]?|"
                 r"cigarette|rubbish|dog mess|faeces|soiled|nappy rash|filthy|unkempt|hygiene|"
                 r"controls? (?:her|his) money|"
                 r"controlling|coercive)\b")
VAGUE_RISK = _rx(r"\b(?:older (?:lads|males?)|boyfriend|left alone|texts? only|seemed low|low mood|asleep on the "
                 r"floor|wouldn't wake|concerned|worried|poorly|unwell|struggling)\b")

DASH_WORD = _rx(r"\b(?:dash|marac)\b")
LEVEL = _rx(r"\b(?:standard|std|medium|med|high|low)\b")
ASSESSED = _rx(
    r"\b(?:(?:standard|std|medium|med|high|low)\s+risk|risk(?:\s+(?:assessed\s+as|assessment\s+(?:is\s+)?|remains|"
    r"level|of [\w ]{2,12} assessed as))?\s*:?\s*\(?(?:standard|std|medium|med|high|low)\b|"
    r"graded\s+(?:as\s+)?(?:standard|medium|high|low)|^(?:standard|std|medium|med)\.)",
    re.I | re.M,
)
RISK_MENTION = _rx(r"\b(?:risk assessment|risk of|at risk|risk to|dash (?:completed|form))\b")

ACTION = _rx(r"\b(?:arrest(?:ed)?|remanded|advi(?:ce|sed)|removed|left (?:the address|voluntarily)|taken (?:home|to)|"
             r"conveyed|referr(?:ed|al)|submitted|spoke(?:n)? to|called|logged|offered|admitted|requested|circulated|"
             r"enquiries|nfa|dealt with|follow(?:ing)? up|attending|attended|safety plan|police protection|"
             r"leaflets?|given|informed|notified|made aware|contacted|recorded|reported (?:this|it) to|monitor(?:ing)?|"
             r"arranged|discussed)\b")
AGENCY = _rx(r"\b(?:school|op(?:eration)? encompass|social care|csc|edt|mash|idva|marac|gp|health visitor|camhs|"
             r"police|midwife|drug and alcohol|yot|nurse|paediatric|safeguarding (?:team|nurse)|da services|"
             r"perinatal|nursery|cse team|intelligence|liaison|consultant|social worker|early help|breakfast club)\b")
TOLD = _rx(r"\b(?:informed|notified|aware|referr(?:ed|al)|submitted|spoken to|spoke to|called|contacted|discussed|"
           r"involved|via|made|given|requested|to be made aware|under)\b")
CONSENT = _rx(r"\b(?:consent(?:ed|s)?|agree[sd]?|aware of (?:the |this )?(?:referral|notification|ppn)|aware of and|"
              r"(?:informed|told) (?:of|about|that) (?:the |this |a )?(?:referral|notification|ppn|we)|"
              r"(?:informed|told) (?:of )?(?:this |the )?referral|not (?:been )?(?:told|informed)|"
              r"knows? (?:i am|we are) referring|understands why|discussed this referral|aware of (?:the |this )?"
              r"(?:referral|notification)|told (?:a|that a) (?:ppn|referral)|have not told|has been told)\b")
CONTACT = _rx(r"(?:(?<![\w/])(?:\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b|[\w.'-]+@[\w-]+\.[\w.]+)")
ROLE = _rx(r"\b(?:PC|DC|PS|DS|PCSO|OIC|DSL|deputy dsl|designated safeguarding lead|health visitor|hv|gp|registrar|"
           r"practitioner|nurse|teacher|headteacher|social worker|midwife|doctor|dr|sergeant)\b")
SIGN_OFF = re.compile(r"(?:^|\n|\.\s)[ \t]*(?:(?:Mrs?|Ms|Miss|Dr)\.?\s+)?[A-Z]\.?\s+[A-Z][a-z]+[^\n]{0,20}$|"
                      r"\b(?:PC|DC|PS|DS|PCSO)\s?\d{3,5}\b")


# ------------------------------------------------------------------------------------------------ the checks


def _words(words: set[str]) -> re.Pattern[str] | None:
    return _rx(r"\b(?:" + "|".join(map(re.escape, sorted(words))) + r")\b") if words else None


class _Text:
    """One notification's text, cut into sentences once, with its children's names for 'is this about a child?'."""

    def __init__(self, text: str, parsed: ParsedNotification, source: str = ""):
        self.text = text
        self.parsed = parsed
        self.sentences = _sentences(text)
        self.children = [
            m for m in parsed.mentions
            if any(c.islower() for c in m.text)
            and (m.role == "child" or (m.role == "unknown" and re.match(r"\W{0,2}\d{1,2}\b", text[m.end : m.end + 6])))
        ]
        self.adults = [m for m in parsed.mentions if m.role == "adult"]
        if not self.children and source == "school":
            # A school writes about its pupil: a first name the parser could not place is the child's.
            sign_off = len(text.rstrip()) - 40
            self.children = [m for m in parsed.mentions if m.role == "unknown" and m.start < sign_off]
        child_names = {w.lower() for m in self.children for w in (m.given_name,) if w}
        adult_names = {w.lower() for m in self.adults for w in (m.given_name,) if w} - child_names
        self.child_name = _words(child_names)
        self.adult_name = _words(adult_names)

    def about_child(self, sentence: str) -> bool:
        return bool(CHILD_WORDS.search(sentence) or (self.child_name and self.child_name.search(sentence)))

    def _refs(self, text: str) -> list[tuple[int, str]]:
        """Person references in order: ("child" | "adult" | "pronoun", position)."""
        refs = [(m.start(), "child") for m in CHILD_WORDS.finditer(text)]
        refs += [(m.start(), "child") for m in (self.child_name.finditer(text) if self.child_name else [])]
        refs += [(m.start(), "adult") for m in ADULT_WORDS.finditer(text)]
        refs += [(m.start(), "adult") for m in (self.adult_name.finditer(text) if self.adult_name else [])]
        refs += [(m.start(), "adult") for m in re.finditer(r"\b(?:I|we|officers?)\b", text)]
        refs += [(m.start(), "pronoun") for m in PRONOUN_CHILD.finditer(text)]
        return sorted(refs)

    def _subject_of_earlier_sentences(self, sentence: str) -> str:
        """Who 'he' or 'she' most likely is: the subject of the nearest earlier sentence that names one."""
        index = self.sentences.index(sentence) if sentence in self.sentences else 0
        for earlier in reversed(self.sentences[max(0, index - 3) : index]):
            start = [kind for pos, kind in self._refs(earlier) if pos <= 25 and kind != "pronoun"]
            if start:
                return start[0]
        return "unknown"

    def child_speaks(self, sentence: str) -> bool:
        """The speaker of some speech verb in the sentence is a child (he/she resolved to the nearest subject)."""
        for verb in SPEECH.finditer(sentence):
            refs = self._refs(sentence[: verb.start()])
            if not refs:
                continue
            kind = refs[-1][1]
            if kind == "pronoun":
                named = [k for _, k in refs[:-1] if k != "pronoun"]
                kind = named[-1] if named else self._subject_of_earlier_sentences(sentence)
            if kind == "child":
                return True
        return False


Check = Callable[[_Text], tuple[str, str]]


def _child(t: _Text) -> tuple[str, str]:
    named = list(t.children)
    aged = [m for m in named if m.dob or m.age is not None or _near(t.text, m, (DATE, AGE))]
    schooled = any(m.school for m in named) or bool(SCHOOL.search(t.text))
    if aged and schooled:
        return "present", _sentence_at(t, aged[0].start)
    if named:
        return "partial", _sentence_at(t, named[0].start)
    found = _find(t.sentences, CHILD_WORDS)
    if re.search(r"\bunborn\b", t.text, re.I) and DATE.search(t.text):
        return "present", _find(t.sentences, _rx(r"\bunborn\b"))
    return ("partial", found) if found else ("missing", "")


def _adults(t: _Text) -> tuple[str, str]:
    full = [m for m in t.adults if m.dob and (m.relationship in FAMILY_RELATIONSHIPS or m.relationship is None)]
    if any(m.relationship in FAMILY_RELATIONSHIPS for m in t.adults) and full:
        return "present", _sentence_at(t, full[0].start)
    near = RELATION_NEAR_DATE.search(t.text)
    if near:
        return "present", _sentence_at(t, near.start())
    if t.adults:
        return "partial", _sentence_at(t, t.adults[0].start)
    named = _named_others(t)
    if named:
        return "partial", _sentence_at(t, named)
    found = _find(t.sentences, ADULT_WORDS)
    return ("partial", found) if found else ("missing", "")


def _happened(t: _Text) -> tuple[str, str]:
    found = [_find(t.sentences, p) for p in (HAPPENED, WHEN, WHERE)]
    hits = [f for f in found if f]
    if not hits:
        return "missing", ""
    return ("present" if len(hits) == 3 else "partial"), hits[0]


def _two_parts(first: str, second: str, shown: str) -> tuple[str, str]:
    """An item with two parts: present with both (showing `shown`), partial with one, missing with neither."""
    if first and second:
        return "present", shown
    if first or second:
        return "partial", first or second
    return "missing", ""


def _children_where(t: _Text) -> tuple[str, str]:
    about = [s for s in t.sentences if t.about_child(s) or (t.children and PRONOUN_CHILD.search(s))]
    where = _find(about, CHILD_WHERE)
    return _two_parts(where, _find(about, DEMEANOUR), shown=where)


def _voice(t: _Text) -> tuple[str, str]:
    speaking = [s for s in t.sentences if t.child_speaks(s)]
    quoted = _find(speaking, QUOTE)
    if quoted:
        return "present", quoted
    return ("partial", speaking[0]) if speaking else ("missing", "")


def _risk_factors(t: _Text) -> tuple[str, str]:
    found = _find(t.sentences, RISK_WORDS)
    if found:
        return "present", found
    vague = _find(t.sentences, VAGUE_RISK)
    return ("partial", vague) if vague else ("missing", "")


def _assessment(t: _Text) -> tuple[str, str]:
    if t.parsed.dash_level:
        return "present", _find(t.sentences, _rx(r"\b(?:dash|risk|standard|std|medium|med|high)\b")) or \
            f"DASH {t.parsed.dash_level}"
    found = _find(t.sentences, ASSESSED)
    if found:
        return "present", found
    dash = [s for s in t.sentences if DASH_WORD.search(s) and LEVEL.search(s)]
    if dash:
        return "present", dash[0]
    mention = _find(t.sentences, RISK_MENTION)
    return ("partial", mention) if mention else ("missing", "")


def _action(t: _Text) -> tuple[str, str]:
    agency = next((s for s in t.sentences if AGENCY.search(s) and TOLD.search(s)), "")
    return _two_parts(_find(t.sentences, ACTION), agency, shown=agency)


def _consent(t: _Text) -> tuple[str, str]:
    found = _find(t.sentences, CONSENT)
    return ("present", found) if found else ("missing", "")


def _referrer(t: _Text) -> tuple[str, str]:
    contact = _find(t.sentences, CONTACT)
    tail = t.text.strip()[-200:]
    if contact and (ROLE.search(contact) or ROLE.search(tail)):
        return "present", contact
    sign = SIGN_OFF.search(tail)
    if contact or sign:
        return "partial", contact or sign.group().strip(" .\n")
    return "missing", ""


CHECKS: dict[int, Check] = {
    1: _child,
    2: _adults,
    3: _happened,
    4: _children_where,
    5: _voice,
    6: _risk_factors,
    7: _assessment,
    8: _action,
    9: _consent,
    10: _referrer,
}


def _named_others(t: _Text) -> int | None:
    """Where a person who is neither a child nor the referrer is named (a bare "KHAN" or "Kelly"), if anywhere."""
    sign_off = len(t.text.rstrip()) - 60
    child_given = {m.given_name for m in t.children}
    for m in t.parsed.mentions:
        before = t.text[max(0, m.start - 20) : m.start].lower()
        if (
            m.role == "unknown"
            and m.given_name not in child_given
            and m.start < sign_off
            and not any(re.search(rf"\b{re.escape(c)}\b", before) for c in PROFESSIONAL_CUES | HONORIFICS)
        ):
            return m.start
    for m in CAPS_WORD.finditer(t.text):
        if m.group() not in CAPS_NOT_NAMES and len(m.group()) > 2 and m.start() < sign_off:
            return m.start()
    return None


def _near(text: str, m: Mention, patterns: tuple[re.Pattern[str], ...]) -> bool:
    """A date or age written just after a child's name (the parser does not always attach it)."""
    after = text[m.end : m.end + 30]
    return any(p.search(after) for p in patterns)


def _sentence_at(t: _Text, offset: int) -> str:
    """The sentence holding a character offset (the evidence for an item found by the parser)."""
    for m in _SENTENCE.finditer(t.text):
        if m.start() <= offset < m.end():
            return m.group().strip()
    return t.text[offset : offset + 120].strip()


def assess(notification: Notification, parsed: ParsedNotification) -> QualityScore:
    """Score the ten checklist items for one notification."""
    t = _Text(notification.text, parsed, notification.source)
    items = []
    for number, name in enumerate(QUALITY_ITEMS, start=1):
        status, evidence = CHECKS[number](t)
        items.append(QualityItem(number, name, status, evidence[:300]))
    return QualityScore(tuple(items), weighted_score(items))


def weighted_score(items: list[QualityItem] | tuple[QualityItem, ...]) -> float:
    """0..1: present counts 1, partial a half; items 1, 4 and 7 count double."""
    total = sum(WEIGHTS.get(i.number, 1.0) for i in items)
    got = sum(WEIGHTS.get(i.number, 1.0) * CREDIT[i.status] for i in items)
    return round(got / total, 3) if total else 0.0

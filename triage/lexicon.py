"""The words the parser looks for: entity regexes, relationship words, the risk-factor lexicon, cue words.

Kept apart from the pipeline code so a hub (or a later issue) can extend the vocabulary without touching the
matching logic. Every risk-factor code here must be a key of `triage.guide.FACTORS` (checked in the tests).
The components also accept a JSONL file of extra entries in the same shapes (see `triage.parse_components`).
"""

from __future__ import annotations

import re
from typing import Any

# ---------------------------------------------------------------------------------------------------------------
# Entities found by regex over the text (compiled once per component; a dozen expressions per document is cheap).
# A named group "value" narrows the span to that group; "flags" may be "I" for case-insensitive.
# ---------------------------------------------------------------------------------------------------------------

MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)

# A school or nursery by name: one to six capitalised words before School/Academy/College/Nursery. The parser
# attaches it to a child; redaction hides it (with a child's age it identifies the child).
SCHOOL_NAME = (
    r"\b(?:[A-Z][\w'’.&-]*[ \t]+(?:of[ \t]+|the[ \t]+|and[ \t]+)?){1,6}"
    r"(?:School|Academy|College|Nursery|Pre-?[Ss]chool)\b"
)

ENTITY_REGEXES: list[dict[str, Any]] = [
    # Dates: 03/04/2015, 3.4.15, 3-4-2015, 2015-04-03, 3rd April 2015, 3 Apr 15, April 3rd, 2015.
    {"label": "DATE", "regex": r"(?<![\d/.-])\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?![\d/.-]*\d)"},
    {"label": "DATE", "regex": r"(?<![\d/.-])\d{4}-\d{1,2}-\d{1,2}(?![\d-])"},
    {
        "label": "DATE",
        "regex": r"\b\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?[ \t]+" + MONTHS + r"\.?,?[ \t]+(?:\d{4}|\d{2})\b",
        "flags": "I",
    },
    {"label": "DATE", "regex": r"\b" + MONTHS + r"[ \t]+\d{1,2}(?:st|nd|rd|th)?,?[ \t]+\d{4}\b", "flags": "I"},
    # Ages: aged 9, age: 9, 9 y/o, 9yo, 9yrs, 9 years old, 9-year-old, 9 years of age; babies in months/weeks.
    # "aged 34 weeks" is a baby, not a 34-year-old: the unit stays in the value.
    {"label": "AGE", "regex": r"\bage(?:d|\s*:)?[ \t]*(?P<value>\d{1,2}"
     r"(?:[ \t]*(?:months?|mths?|weeks?|wks?|days?)\b)?)\b(?![./]\d)", "flags": "I"},
    {
        "label": "AGE",
        "regex": r"(?<![\d./])\b\d{1,2}[ \t]*-?[ \t]*(?:y/o|y\.o\.?|yo\b|y\b|yrs?\b(?:[ \t]*-?[ \t]*old\b)?"
        r"|years?[ \t]*-?[ \t]*old\b|years?[ \t]+of[ \t]+age\b)",
        "flags": "I",
    },
    {
        "label": "AGE",
        "regex": r"(?<![\d./])\b\d{1,2}[ \t]*-?[ \t]*(?:months?|mths?|weeks?|wks?|days?)[ \t]*-?[ \t]*old\b",
        "flags": "I",
    },
    # School years: Year 4 -> age 8-9 (we keep the lower bound); Reception -> 4.
    {"label": "SCHOOL_YEAR", "regex": r"\b(?:Year|Yr)[ \t]?(?:1[0-3]|[1-9])\b(?![./:]\d)", "flags": "I"},
    {"label": "SCHOOL_YEAR", "regex": r"\bReception(?=[ \t]+(?:class|pupil|child|year))", "flags": "I"},
    {"label": "SCHOOL_YEAR", "regex": r"\bY(?:1[0-3]|[1-9])\b(?![./:]\d)"},  # "Tyler-James BANKS, Y5": capital Y only
    # UK postcodes, upper case as written by police and schools (EX1 2AB, SW1A 1AA, M1 1AE, EX12AB).
    {"label": "POSTCODE", "regex": r"\b[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b"},
    # Addresses: [Flat 2,] 14 High Street[, Exeter][ EX1 2AB].
    {
        "label": "ADDRESS",
        "regex": r"\b(?:(?:Flat|Apartment|Apt|Unit)[ \t]+\d+[A-Za-z]?,?[ \t]+)?\d{1,4}[A-Za-z]?,?[ \t]+"
        r"(?:[A-Z][a-z'’]+[ \t]+){1,3}"
        r"(?:Street|St|Road|Rd|Avenue|Ave|Close|Lane|Drive|Way|Crescent|Court|Gardens|Place|Terrace|Grove"
        r"|Hill|Park|Square|Row|Walk|Mews|View|Rise|Green|Parade|Estate)\b"
        r"(?:,?[ \t]*[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)?(?:,?[ \t]*[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b)?",
    },
    # Schools and nurseries: one to six capitalised words before School/Academy/College/Nursery.
    {"label": "SCHOOL", "regex": SCHOOL_NAME},
    # UK phone numbers: 07700 900123, 01392-123456, +44 7700 900123, (01392) 123456.
    {
        "label": "PHONE",
        "regex": r"(?<![\w/+])(?:\+44[ \t]?(?:\(0\)[ \t]?)?|\(?0)\d{2,4}\)?[ \t-]?\d{3,4}[ \t-]?\d{3,4}(?![\w/])",
    },
    # Police references: PPN-2026-001234, CAD 1234, crime ref 49/12345/26, Occurrence 5012345/26, URN 12AB3456789.
    {"label": "POLICE_REF", "regex": r"\b(?:PPN|CAD|URN|CRN|OEL|STORM|NICHE|INC|OCC|LOG|SER)[-/ ]?\d[\dA-Z/-]{2,}\b"},
    {"label": "POLICE_REF", "regex": r"\b[A-Z]{2,6}-\d{2,4}-\d{3,8}\b"},
    {
        "label": "POLICE_REF",
        "regex": r"\b(?:crime|incident|occurrence|log|police|athena|niche|storm|cad|urn)[ \t]*"
        r"(?:ref(?:erence)?|no\.?|number|#)?[ \t]*[:#]?[ \t]*(?P<value>[A-Z]{0,5}[-/]?\d[\dA-Z/-]{3,})",
        "flags": "I",
    },
    # DASH risk levels; "tier" ranks how sure we are that the level is the DASH grading.
    {
        "label": "DASH",
        "regex": r"\bDASH\b[^.\n]{0,40}?\b(?P<level>standard|std|medium|med|high)\b",
        "flags": "I",
        "tier": 3,
    },
    {
        "label": "DASH",
        "regex": r"\b(?:graded|assessed|rated|deemed|risk[- ]assessed)[ \t]+(?:as[ \t]+)?(?:an?[ \t]+)?"
        r"(?P<level>standard|medium|high)\b",
        "flags": "I",
        "tier": 2,
    },
    {
        "label": "DASH",
        "regex": r"\b(?:(?P<level>standard|medium|high)[ \t-]+risk\b(?![ \t]+of\b)"
        r"|risk(?:[ \t]+level|[ \t]+grading)?[ \t]*[:–-][ \t]*(?P<level2>standard|medium|high)\b)",
        "flags": "I",
        "tier": 1,
    },
]

DASH_LEVEL_WORDS = {"standard": "standard", "std": "standard", "medium": "medium", "med": "medium", "high": "high"}

# ---------------------------------------------------------------------------------------------------------------
# Relationship and role words (PhraseMatcher over LOWER). Value: (relationship code or None, role or None).
# ---------------------------------------------------------------------------------------------------------------

RELATIONSHIPS: dict[str, tuple[str | None, str | None]] = {}


def _rel(words: str, relationship: str | None, role: str | None) -> None:
    for w in words.split("|"):
        RELATIONSHIPS[w] = (relationship, role)


_rel("mother|mum|mummy|mom|mam|birth mother|biological mother|mother of|mum of", "mother", "adult")
_rel("father|dad|daddy|birth father|biological father|father of|dad of", "father", "adult")
_rel(
    "step-father|stepfather|step father|step-dad|stepdad|step dad|step-mother|stepmother|step mother|step-mum|"
    "stepmum|step mum|step-parent|stepparent|step parent|mum's partner|mother's partner|mum's boyfriend|"
    "mother's boyfriend|dad's partner|father's partner|dad's girlfriend|father's girlfriend",
    "step-parent",
    "adult",
)
_rel(
    "mother's new partner|mum's new partner|mum's new boyfriend|mother's new boyfriend|step-mum|mum's fiance",
    "step-parent",
    "adult",
)
_rel(
    "partner|boyfriend|girlfriend|husband|wife|ex-partner|ex partner|ex-boyfriend|ex-girlfriend|ex-husband|"
    "ex-wife|former partner|fiance|fiancé|fiancee|fiancée",
    "partner",
    "adult",
)
_rel(
    "sibling|siblings|brother|sister|half-brother|half brother|half-sister|half sister|step-brother|stepbrother|"
    "step-sister|stepsister|twin",
    "sibling",
    None,
)
_rel(
    "grandmother|grandfather|grandparent|grandparents|nan|nana|nanna|gran|granny|grandma|grandad|granddad|grandpa|"
    "maternal grandmother|paternal grandmother|maternal grandfather|paternal grandfather",
    "grandparent",
    "adult",
)
_rel(
    "son|daughter|child|children|baby|infant|toddler|newborn|pupil|student|young person|yp|stepson|stepdaughter|"
    "step-son|step-daughter|boy|girl|kids|sons|daughters|pupils|babies|twins|child(ren|children/young people|"
    "grandson|granddaughter|grandchild|grandchildren|grandsons|granddaughters",
    None,
    "child",
)
_rel("victim|aggrieved|complainant|aggrieved party", "victim", None)
_rel("ip|injured party", "victim", "adult")  # a domestic abuse IP is 16 or over; a stated age still wins
_rel("adult|adults|parent|parents|parents/carers|parents / carers|adults in the household|carers", None, "adult")
_rel("suspect|perpetrator|alleged perpetrator|offender|aggressor|alleged offender|named suspect|s/o", "suspect",
     "adult")
_rel("witness|independent witness", "witness", None)
_rel("carer|foster carer|guardian|special guardian|kinship carer", None, "adult")

# Plural child words: everybody listed after them ("Children Kayleigh SMITH (9) and Liam SMITH (4)") is a child.
PLURAL_CHILD_WORDS = frozenset({"children", "kids", "sons", "daughters", "pupils", "babies", "twins", "siblings"})
# Any plural or list label: everybody listed after it shares its role ("Adults: A, B. Child(ren): C").
LIST_WORDS = PLURAL_CHILD_WORDS | {"adults", "parents", "parents/carers", "parents / carers", "carers",
                                   "adults in the household", "child(ren"}
# Given names that are also everyday words: recognised next to a surname, never alone.
AMBIGUOUS_GIVEN_NAMES = frozenset(
    {"amber", "summer", "grace", "precious", "blessing", "will", "max", "mark", "dawn", "holly", "ivy", "rose",
     "pat", "frank", "dean", "lee", "kai", "jack", "sonny", "ruby", "daisy", "poppy", "willow", "violet", "luna",
     "hope", "faith", "joy", "bill", "rob", "jim", "dan", "ben", "sam", "tom", "kim", "jane", "ann", "anne",
     "john", "ali", "adam", "mary", "chris", "alex", "harley", "lacey", "eve", "may", "june", "april", "august"}
)

# Relationship codes that make a person an adult in the household (used for roles and address sharing).
FAMILY_RELATIONSHIPS = frozenset({"mother", "father", "step-parent", "partner", "sibling", "grandparent"})

# Words that look like names (capitalised) but never are one in this register.
NON_NAME_WORDS = frozenset(
    """
    mr mrs ms miss mx dr pc dc ds di dci sgt pcso sergeant inspector officer constable detective
    mother mum mummy father dad daddy stepdad stepfather partner boyfriend girlfriend husband wife sibling brother
    sister grandmother grandfather nan nana gran granny grandad grandma child children son daughter baby pupil
    student victim suspect witness ip dob d.o.b d.o.b. dash marac mash cad urn ppn crn rso sopo shpo mappa nfa nhs gp hv
    dsl sw yp ce rc cofe uk a&e ae camhs idva asb cse cce cin cp lado ofsted police school nursery academy college
    attended attending attends reports reported referral referrer address street road lane avenue close drive
    standard medium high risk nil none no yes n/a na not unknown the and of on at in re on tel mob email
    aged age year years monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday tonight operation encompass
    safeguarding concern concerns incident domestic abuse violence notification summary details name names
    misper adult adults parents carers patient family background circumstances category location loc type
    risks strengths reason occurrence persons involved household child(ren) s/o rp details
    house court flat close road street avenue drive place terrace gardens view rise crescent centre heights
    college hospital team service practice surgery unit department reception nursery if after when while
    regards thanks dear hi many kind yours sincerely best wishes juvenile occupant resident subject caller
    aggrieved offender youth male female informant client tenant complainant interpreter op subjects yr
    during following neighbour supervisor head headteacher attendance liaison nurse exploitation info share
    central station custody information intelligence partnership health visiting council housing ok okay hello
    """.split()
)

# Words just before a name that make it the subject of a referral, who is a child unless an age, date of birth,
# honorific or relationship says otherwise: "I am referring Fergus", "Patient: Jimmy HEXT", "Safeguarding
# referral: Susan JOHNSON"; or before "about/regarding/for" ("referral about Darren", "concerns regarding Paul").
REFERRAL_SUBJECT_CUES = frozenset({"referring", "referral", "patient"})
REFERRAL_ABOUT_WORDS = frozenset({"about", "regarding", "for", "re"})
REFERRAL_ABOUT_CUES = REFERRAL_SUBJECT_CUES | {"concern", "concerns", "concerned"}  # before "about/regarding/for"

# Words (lower case) before a name that mark a professional, not a family member: we do not list professionals.
PROFESSIONAL_CUES = frozenset(
    """
    pc dc ds di dci sgt sergeant inspector officer pcso constable detective dr doctor dsl teacher headteacher
    senco sw worker visitor hv midwife nurse gp referrer idva collar supervisor ps designated
    """.split()
)

# A capitalised word after a name that makes it a place: "Abbey Surgery", "Hillside Primary".
ORGANISATION_WORDS = frozenset(
    """
    surgery practice primary school academy college nursery centre center hospital medical clinic infant infants
    junior community house court road street lane avenue close drive way trust partnership team service services
    council police station
    """.split()
)

# How police registers write the parties before what they said: "V states S shoved her" (victim, suspect)
PARTY_ABBREVIATIONS = frozenset({"V", "IP", "S", "S/O", "SO", "AP", "V1", "V2"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "master"})
TITLE_SEX = {"mr": "male", "mrs": "female", "ms": "female", "miss": "female"}  # a parent's sex from a title

# Abbreviations written in capitals that are not surnames (the CAPS-name patterns skip them).
ACRONYMS = frozenset(
    """
    DOB DASH MARAC MASH CAD URN PPN CRN RSO SOPO SHPO MAPPA NFA NHS GP HV DSL SW YP CE RC UK AE CAMHS IDVA ASB
    CSE CCE CIN CP LADO IP PC DC DS DI DCI PCSO DV DA DVPN DVPO NRM EHCP SEN SEND SENCO TAF EH CME ABH GBH NAI
    MERLIN PPD OIC CID ACE STANDARD MEDIUM HIGH LOW NIL NO YES NA AND THE OF TO IN ON AT RE AM PM BST GMT PNC
    YOT YJS PRU OP AKA MISPER ADULT ADULTS CHILD CHILDREN SUSPECT VICTIM RP SO INCIDENT DOMESTIC ABUSE CONCERN
    WELFARE REFERRAL OCCURRENCE TYPE LOC DETAILS CIRCUMSTANCES PERSONS INVOLVED NAME SCHOOL ADDRESS POLICE
    ED PPN DA ASB CFW FAO NB PTO ETA PS INFO SHARE EXPLOITATION MISSING RETURNED PUBLIC PROTECTION VERBAL
    """.split()
)

# ---------------------------------------------------------------------------------------------------------------
# Negation and hypothetical cues (lower case tokens), scope terminators.
# ---------------------------------------------------------------------------------------------------------------

NEGATION_CUES = frozenset(
    {"no", "not", "n't", "n’t", "never", "nil", "none", "neither", "nor", "without", "denies", "denied", "deny",
     "nothing",
     "denying", "lacks", "lacking", "nobody", "noone", "no-one", "negative",
     # "didnt", "wasnt": the contraction typed without its apostrophe is one token
     "didnt", "doesnt", "dont", "wasnt", "werent", "hasnt", "havent", "hadnt", "isnt", "wouldnt", "couldnt",
     "shouldnt", "aint"}
)
# "No concerns about her being hurt or left alone": a phrase reaches as far as the window from its last word
NEGATION_PHRASES = ("ruled out", "free from", "free of", "lack of", "no evidence of", "no sign of", "no signs of",
                    "no concerns about", "no concerns regarding", "no concerns re", "no concerns around",
                    "no concern about", "no indication of", "no indication that", "no suggestion of",
                    "no suggestion that", "no evidence that", "no worries about")
# Cues after the match, e.g. "weapons were not used", "Injuries: nil", "Children present: No".
POST_NEGATION_CUES = frozenset({"not", "n't", "n’t", "nil", "none", "denied", "negative"})
PSEUDO_NEGATIONS = (("not", "only"), ("no", "doubt"), ("no", "longer"), ("not", "sure"), ("whether", "or", "not"))
HYPOTHETICAL_CUES = frozenset({"if", "unless", "would", "could", "might", "should", "may"})
HYPOTHETICAL_PHRASES = ("in case", "in the event", "were to", "was to")
SCOPE_TERMINATORS = frozenset(
    {"but", "however", "although", "though", "except", "apart", "whereas", "yet", ";", "which", "whilst", "while",
     "as", "because", "due", "despite"}
)

# ---------------------------------------------------------------------------------------------------------------
# Risk and protective factor lexicon. Each entry: {"factor": code, "phrases": [...]} (PhraseMatcher over LOWER) or
# {"factor": code, "pattern": [token pattern]} (Matcher). Optional keys:
#   "inherent_negation": the phrase itself is negative ("no antenatal care"); its cue words do not negate it
#                        (set automatically for phrases containing a negation cue);
#   "requires": a factor code that must also be found in the same or previous sentence ("requires_within": how
#               many sentences back, if not one);
#   "child_context": "child" - a child named or a strict child word (CHILD_WORDS) in the sentence or the one before;
#                    "disclosure" - a child speaks, or abuse of a child is spoken of (not "Mum disclosed ...");
#                    "sentence" - a child word (CHILD_CONTEXT_WORDS) or a child named in the notification must be
#                    in the sentence; "speaker" - in the match or just before it ("Millie said ...");
#   "not_followed_by": lower-case words that veto the match when they follow it;
#   "last_not_after": lower-case words that veto the match when they come just before its last word;
#   "not_after_words": lower-case words that veto the match when they come before it in its sentence ("he drew a
#                      picture of a man with a knife": a weapon drawn, not one used or threatened);
#   "subject": "not_adult" / "not_child" / "child" - whose the thing is (the nearest person reference, see
#              parse_components._subject_role) ("IP had a cut lip" is not a child's injury);
#   "subject_says_it": with "subject", when a verb of saying stands between the thing and its owner, the one who
#                      says it owns it ("Elizabeth disclosed that she is pregnant");
#   "requires_words": lower-case words of which one must be in the sentence;
#   "not_in_sentence_with": lower-case phrases that veto the match when its sentence holds one;
#   "not_own_accident": the match is vetoed when it tells of the speaker's own fall and what they hit in it, with
#                       no one else in between ("he said \"I fell off the trampoline at Nan's and hit the frame\"");
#                       "I fell over because he pushed me" is still a disclosure;
#   "min_weeks": for a "<number> weeks/months" pattern, the shortest wait that counts.
# ---------------------------------------------------------------------------------------------------------------

# for "not_in_sentence_with": people the family does not know, and a fight between them
STRANGER_PHRASES = (
    "unknown to him", "unknown to her", "unknown to them", "unknown to the family", "unknown to the child",
    "unknown to the children", "a stranger", "strangers", "members of the public", "member of the public",
    "unrelated incident",
)
FIGHT_PHRASES = ("fighting", "a fight", "fight broke out", "brawl", "brawling", "scuffle")

IGNORE = "_ignore"  # pseudo-factor code: matched, then dropped (see RISK_LEXICON)

_CONTRACTIONS = {"did not": "didn't", "does not": "doesn't", "do not": "don't", "has not": "hasn't",
                 "have not": "haven't", "had not": "hadn't", "is not": "isn't", "was not": "wasn't",
                 "were not": "weren't", "would not": "wouldn't", "could not": "couldn't", "will not": "won't",
                 "cannot": "can't", "should not": "shouldn't"}


def phrase_variants(phrase: str) -> list[str]:
    """A lexicon phrase as people type it: "did not answer the door" is also "didn't", "didnt" and "didn’t".

    Writing each spelling by hand left gaps wherever a phrase had been written only one way (a held-back note's
    "didn't answer the door" was missed beside the lexicon's "did not answer the door").
    """
    out = {phrase}
    for full, short in _CONTRACTIONS.items():
        for p in list(out):
            if re.search(rf"\b{full}\b", p):
                out.add(re.sub(rf"\b{full}\b", short, p))
            if short in p:
                out.add(p.replace(short, full))
    for p in list(out):  # an apostrophe inside a word only: "'boyfriend'" in quotes is not "boyfriend"
        if re.search(r"(?<=\w)'(?=\w)", p):
            out.add(re.sub(r"(?<=\w)'(?=\w)", "", p))
            out.add(re.sub(r"(?<=\w)'(?=\w)", "’", p))
    return sorted(out)


CHILD_CONTEXT_WORDS = frozenset(
    {"daddy", "mummy", "dad", "mum", "mam", "teacher", "stepdad", "nan", "child", "pupil", "son", "daughter",
     "school", "classroom", "nursery", "stepmum", "grandad", "granddad", "nanny", "children", "baby",
     "toddler", "infant", "girl", "boy", "kids", "yp", "cyp", "stepdaughter", "stepson", "sister", "brother"}
)

# Strict child words (not "mum"/"dad", which children use of adults): a child is the one spoken of.
CHILD_WORDS = frozenset(
    {"child", "children", "son", "daughter", "sons", "daughters", "baby", "babies", "toddler", "infant", "boy",
     "girl", "boys", "girls", "kids", "kid", "yp", "cyp", "pupil", "pupils", "stepson", "stepdaughter", "siblings",
     "twins", "newborn", "juvenile", "youngster"}
)
# Words for parents that children use and adults do not ("daddy hit me"): a child is speaking.
CHILD_SPEECH_WORDS = frozenset({"daddy", "mummy", "mommy", "mammy"})
# A child's parents, as a child speaks of them ("his step-dad hit him", "her mum's boyfriend", "daddy hit me").
PARENT_WORDS = CHILD_SPEECH_WORDS | {"dad", "mum", "mam", "mom", "stepdad", "stepmum", "step"}
# Words of physical harm, in a disclosure ("told her teacher that he hit her") and in a child's account below.
_ABUSE_PHYSICAL = ["pushed", "shoved", "grabbed", "dragged", "pinned", "whacked", "whacks", "whacking",
                   "walloped", "thumped", "belted", "battered", "leathered", "clipped",
                   "hit", "hits", "hitting", "hurt", "hurts", "hurting", "smacked", "smacks", "smacking", "slapped",
                   "slaps", "punched", "punches", "kicked", "kicks", "beat", "beats", "beaten", "burned", "burnt",
                   "whipped", "pinched", "strangled", "choked", "bitten", "thrown", "threw"]
# One parent hurting the other, in a child's words ("Daddy hits Mummy", "daddy was hurting mummy"): a token
# pattern for the risk lexicon, where it is both domestic abuse and the child being there. Between two parent words
# a verb can be read that elsewhere is too loose ("told me a bit about", "beating the other team"), and children's
# grammar ("hitted") counts.
_CHILD_ACCOUNT_ONLY = ["kicking", "punching", "pushes", "beating", "hitted", "bit", "bites"]
CHILD_ACCOUNT_OF_VIOLENCE = [
    {"LOWER": {"IN": sorted(CHILD_SPEECH_WORDS)}}, {"IS_ALPHA": True, "OP": "{0,2}"},
    {"LOWER": {"IN": sorted(set(_ABUSE_PHYSICAL + _CHILD_ACCOUNT_ONLY))}},
    {"IS_ALPHA": True, "OP": "{0,2}"}, {"LOWER": {"IN": sorted(CHILD_SPEECH_WORDS)}}]
# The object of a "hits ..." that makes it domestic abuse between adults, not abuse of the child.
ADULT_VICTIM_WORDS = frozenset({"mummy", "mum", "mommy", "mom", "mam", "mother", "ip", "nanny", "nan"})
# Words to whom a child discloses: "told her teacher that ..." needs no named child.
CHILD_AUDIENCE_WORDS = frozenset({"teacher", "tutor", "dsl", "teaching", "classroom", "nursery", "school", "ta",
                                  "keyworker", "key", "pastoral"})
# Verbs of seeing, saying or explaining: the person before one is an observer of what follows, not its owner.
OBSERVER_VERBS = frozenset(
    {"noticed", "noted", "found", "saw", "seen", "observed", "reported", "reports", "said", "says", "states",
     "stated", "told", "tells", "explain", "explained", "claims", "claimed", "alleges", "alleged", "disclosed",
     "describes", "described", "mentioned", "showed", "identified", "spotted", "concerned",
     "worried", "believes", "thinks", "that"}
)

_ABUSE_SEXUAL = ["sex", "touched", "touches", "touching", "raped", "rape", "sexual", "sexually", "abused", "abuse",
                 "abusing", "molested", "fondled", "interfered"]
_WEAK_DISCLOSURE = ["told", "tells", "telling", "said", "says", "stated", "states", "reported", "reports",
                    "alleges", "alleged", "alleging", "allegation", "allegations", "claims", "claimed",
                    "disclosed", "discloses"]
_ANY = {"IS_SENT_START": False, "OP": "{0,10}"}
# Adults a child names as the one who hurt them, besides their parents.
CARER_WORDS = frozenset({"boyfriend", "girlfriend", "partner", "uncle", "auntie", "aunty", "grandad", "grandma",
                          "nan", "nanny", "he", "she"})
# The parties to an incident, as the one attacked ("went for her with", "threw a plate at the IP").
_PARTY_WORDS = ["her", "him", "mum", "mother", "dad", "father", "ip", "partner", "wife", "husband", "girlfriend",
                "boyfriend", "victim"]
_BODY_PARTS = ["hand", "hands", "arm", "arms", "head", "face", "leg", "legs", "neck", "throat", "finger", "fingers",
               "wrist", "wrists", "ear", "ears", "back", "tummy", "chest"]
# Trigger words that are a service's name: they read a youth justice referral as the young person's offending,
# but are quoted as its evidence only when nothing in the text says what was done (triage.features).
SERVICE_NAMES = frozenset({"yot", "youth offending", "youth justice", "youth referral", "yot prevention"})

# A speaker's own accident ("I fell ... and hit the frame"), and the words that bring someone else into it.
OWN_ACCIDENT_WORDS = frozenset({"fell", "fallen", "tripped", "slipped", "fall", "crashed", "skidded"})
ACCIDENT_AGENT_WORDS = frozenset({"he", "she", "they", "someone", "somebody", "because", "cos", "coz", "cause",
                                  "when", "then", "but", "after", "him", "her", "them", "me"})
# Words of abuse done to a child, for telling a disclosure of abuse from "Mum disclosed she is pregnant".
ABUSE_WORDS = frozenset(_ABUSE_PHYSICAL + _ABUSE_SEXUAL + ["hurts", "touch", "touches", "abuse", "assaulted",
                                                           "smacked", "belt", "injury", "bruise", "bruises"])

# relatives whose help counts as the family's support (with "mum" or "mum's" added where an entry needs it)
_RELATIVE_WORDS = ["grandparents", "grandparent", "nan", "nana", "nanna", "gran", "grandma", "grandad", "granddad",
                   "grandmother", "grandfather", "aunt", "aunty", "auntie", "uncle", "sister", "brother", "parents",
                   "family", "mgm", "pgm", "mgf", "pgf"]
# "has been staying most nights": a man staying over is not a family's help
_STAYING_OVER = ["been", "staying", "stayed", "slept", "sleeping", "stopping"]

RISK_LEXICON: list[dict[str, Any]] = [
    # --- words that look like a factor but are not one here; they swallow the shorter match and vanish
    {"factor": IGNORE, "phrases": ["social, emotional and mental health", "social, emotional & mental health",
                                   "social, emotional + mental health", "social emotional and mental health",
                                   "social, emotional and mental health needs", "semh",
                                   "unrelated incident (an assault", "an assault in the street",
                                   "victim of a phone theft", "victim of a theft", "victim of theft", "play fighting",
                                   "play-fighting", "play fight", "offences disclosed", "no offences disclosed",
                                   "neighbour dispute", "dispute with a neighbour",
                                   "dispute with neighbours", "missing from school", "missing school",
                                   "shouting at neighbours",
                                   "shouting at the neighbours", "shouting at his neighbours",
                                   "shouting at her neighbours", "shouting at a neighbour", "assault in street",
                                   "late marks", "late mark", "current injury", "unsupervised contact",
                                   # a sex offender's conviction, not domestic abuse; a self-harm tool, not a weapon
                                   "sexual assault of a", "sexual assault of an", "sharpener blade",
                                   "argument with mum", "argument with her mum",
                                   "argument with his mum", "argument with dad", "argument with her dad",
                                   "argument with his dad", "argument with her mother", "argument with his mother",
                                   "argument with her father", "argument with his father",
                                   "argument with her parents", "argument with his parents",
                                   "argument with parents", "arguing with her mum", "arguing with his mum",
                                   "arguing with her parents", "arguing with his parents",
                                   # service names are not evidence of misuse (the evidence is elsewhere)
                                   "drug and alcohol service", "drug & alcohol service", "drug + alcohol service",
                                   "drugs and alcohol service", "alcohol service", "alcohol team",
                                   "drug and alcohol team", "community alcohol team", "substance misuse service",
                                   "substance misuse team", "drug service", "drugs service",
                                   # a police operation, not a carer's use: "found ... during a drugs warrant"
                                   "drugs warrant", "drug warrant", "drugs raid", "misuse of drugs act"]},
    # --- disclosure: a child discloses, or someone alleges, physical or sexual abuse of the child
    {"factor": "disclosure", "child_context": "disclosure",
     "phrases": ["disclosed", "disclosure", "disclosures", "has disclosed", "disclosing", "made a disclosure"]},
    {"factor": "disclosure", "phrases": ["allegation of sexual abuse", "allegation of physical abuse",
                                         "alleged sexual abuse", "alleged physical abuse"]},
    {"factor": "disclosure",
     # sexual words are specific enough to reach further: "told her class teacher during PSHE that her mum's
     # boyfriend \"touches me ...\""
     "pattern": [{"LOWER": {"IN": _WEAK_DISCLOSURE}}, {"IS_SENT_START": False, "OP": "{0,14}"},
                 {"LOWER": {"IN": _ABUSE_SEXUAL}}],
     # "named in three ASB reports (groups of youths, verbal abuse to shop staff)": abuse of another kind
     "last_not_after": ["verbal", "racial", "racist", "homophobic", "online", "substance", "drug", "alcohol"]},
    {"factor": "disclosure", "child_context": "speaker", "not_own_accident": True,
     "pattern": [{"LOWER": {"IN": _WEAK_DISCLOSURE}}, _ANY, {"LOWER": {"IN": _ABUSE_PHYSICAL}}]},
    # a child's account of what an adult did to their body, without a word of abuse: "mummy's boyfriend put my
    # hand on the cooker", "dad banged my head on the door"
    {"factor": "disclosure", "child_context": "child", "pattern": [
        {"LOWER": {"IN": sorted(PARENT_WORDS | CARER_WORDS)}}, {"IS_SENT_START": False, "OP": "{0,3}"},
        {"LOWER": {"IN": ["put", "pressed", "forced", "burned", "burnt", "banged", "twisted", "squeezed", "slammed",
                          "stamped", "grabbed", "dragged", "pulled", "hit", "smacked", "kicked", "punched", "bit",
                          "choked"]}},
        {"LOWER": "my"}, {"LOWER": {"IN": _BODY_PARTS}}]},
    # secrecy an adult asked of a child, in the child's account: "Dean does the belt thing ... he said not to say"
    # (anywhere in a note about a child: a DSL's referral names the child once, sentences before her words)
    {"factor": "disclosure", "child_context": "notification", "phrases": [
        "said not to say", "said not to tell", "told me not to tell", "told me not to say", "said i can't tell",
        "said i mustn't tell", "said not to tell anyone", "said not to tell miss", "said not to tell mummy",
        "said not to tell mum", "it's a secret so", "its a secret so", "it's our secret", "its our secret",
        "the belt thing", "belt thing", "gets the belt", "get the belt", "got the belt",
        "does the belt", "the slipper thing", "gets the slipper"]},
    # a belt used on the one speaking, in a note about a child: "He said 'dad done me with his belt'"
    {"factor": "disclosure", "child_context": "notification", "phrases": [
        "done me with his belt", "done me with the belt", "done me with a belt", "me with his belt",
        "me with the belt", "me with a belt", "me with her belt", "me with the slipper", "me with a slipper"]},
    {"factor": "disclosure", "child_context": "notification", "pattern": [  # "he holds my head down till I say sorry"
        {"LOWER": {"IN": ["holds", "held", "holding", "pushes", "pushed", "puts", "put", "keeps", "kept", "pins",
                          "pinned"]}},
        {"LOWER": "my"}, {"LOWER": {"IN": ["head", "face", "neck", "arms", "arm", "hands"]}},
        {"LOWER": {"IN": ["down", "under", "in", "against", "on"]}}]},
    # sexual abuse in a child's own words, in a note about a child: "he puts his hand in my knickers and says
    # it's our game" (no word of abuse, of telling or of a secret)
    {"factor": "disclosure", "child_context": "notification", "phrases": [
        "in my knickers", "down my knickers", "inside my knickers", "in my pants", "down my pants",
        "inside my pants", "my private parts", "my privates", "my private bits", "my front bottom", "my foof",
        "my minnie", "touch his willy", "touch his privates", "touch his private parts", "touch his thing",
        "it's our game", "its our game", "our special game", "our secret game", "a secret game"]},
    {"factor": "disclosure", "child_context": "notification", "pattern": [  # "he touches my bum", "rubs my chest"
        {"LOWER": {"IN": ["touches", "touched", "touching", "rubs", "rubbed", "rubbing", "strokes", "stroked",
                          "feels", "felt", "kisses", "kissed", "licks", "licked"]}},
        {"LOWER": "my"}, {"LOWER": {"IN": ["bum", "bottom", "willy", "chest", "boobs", "privates", "fanny",
                                         "minnie", "foof", "private", "knickers", "pants", "front"]}}]},
    {"factor": "disclosure", "child_context": "notification", "pattern": [  # "makes me touch his willy"
        {"LOWER": {"IN": ["makes", "made", "make", "making", "tells", "told"]}}, {"LOWER": "me"},
        {"LOWER": {"IN": ["touch", "rub", "hold", "kiss", "lick", "suck"]}}, {"LOWER": {"IN": ["his", "her"]}},
        {"LOWER": {"IN": ["willy", "privates", "private", "thing", "bum", "boobs", "fanny", "penis", "dick"]}}]},
    {"factor": "disclosure", "child_context": "child", "phrases": [
        "with his belt", "with her belt", "with a belt", "with the belt", "with a slipper", "with the slipper",
        "with a wooden spoon", "with the wooden spoon", "secret game", "our little secret", "special secret",
        "special cuddles"]},
    # --- injuries
    {"factor": "injury", "subject": "not_adult", "phrases": [
        "injury", "injuries", "injured", "bruise", "bruises", "bruising", "bruised", "marks", "red mark",
        "red marks", "bleeding", "bled", "graze", "grazes", "grazed", "swelling", "swollen", "black eye",
        "burn", "burns", "scald", "scalded", "scalds", "fracture", "fractured", "fractures", "broken arm",
        "broken leg", "broken wrist", "broken bone", "broken bones", "head injury", "bite mark", "bite marks",
        "scratches", "scratch marks", "laceration", "lacerations", "cut lip", "bloody nose", "nose bleed",
        "fingertip bruising", "bump on", "bump to", "cut to", "cuts to her", "cuts to his", "cut above", "small cut",
        "a cut on", "skull fracture", "spiral fracture", "fresh cut", "cut across", "raised lines", "red lines",
        "welt", "welts", "belt marks", "lash marks", "purple marks", "blue marks", "purple/blue marks", "raised mark",
        "raised marks", "blue-grey mark", "grey-blue mark", "bluish mark", "blue mark", "purple mark", "thumbprint",
        "thumb print", "finger marks", "fingertip marks", "mark on his", "mark on her", "marks on his", "marks on her",
        "mark to his", "mark to her", "slash scar", "fresh scar", "in a cast", "in plaster"],
     # "stayed with the injured man until the ambulance arrived": an adult's injury a child saw
     "not_followed_by": ["man", "woman", "male", "female", "adult", "pedestrian", "driver", "motorist", "cyclist",
                         "rider", "lady", "gentleman", "party", "officer", "neighbour", "person"]},
    # "found at the skate park, cold but unhurt": said of the child, read as no injury
    {"factor": "injury", "subject": "not_adult", "absent": True, "phrases": ["unhurt", "uninjured", "unharmed"]},
    {"factor": "injury", "pattern": [
        {"LOWER": {"IN": ["not", "n't", "nobody", "noone", "no-one", "none", "wasn't", "weren't"]}},
        {"LOWER": {"IN": ["was", "were", "been", "got"]}, "OP": "?"}, {"LOWER": {"IN": ["hurt", "harmed"]}}]},
    # a carer who cannot say how, beside an injury: "2 x fingertip sized marks R upper arm ..., mum unsure how"
    {"factor": "unexplained_injury", "requires": "injury", "requires_within": 0, "phrases": [
        "unsure how", "not sure how", "no idea how", "doesn't know how", "does not know how", "didn't know how",
        "did not know how", "can't say how", "cannot say how", "couldn't say how", "could not say how"],
     "not_followed_by": ["to"]},
    {"factor": "unexplained_injury", "phrases": [
        "unexplained", "non-accidental", "non accidental", "nai", "inconsistent with the explanation",
        "inconsistent explanation", "explanation inconsistent", "conflicting explanations", "differing accounts",
        "differing explanations", "conflicting accounts", "not consistent with the explanation",
        "explanations differ", "accounts differ", "explanations given differ", "accounts given differ"]},
    {"factor": "unexplained_injury", "requires": "injury", "inherent_negation": True, "phrases": [
        "no explanation", "no clear explanation", "no plausible explanation", "no reasonable explanation",
        "unable to explain", "couldn't explain", "can't explain", "wouldn't explain it", "won't explain it",
        "not able to explain", "no account", "no explanation given", "not explained",
        "not consistent with the injury", "not consistent with the injuries",
        "wouldn't explain", "won't explain", "neither explains", "does not explain", "doesn't explain",
        "not sure this explains", "not sure that explains", "said he didn't know", "said she didn't know",
        "said they didn't know",
        "cannot account for", "unable to account for", "couldn't account for", "wouldn't say how",
        "did not say how", "not say how", "unable to offer any explanation",
        "unable to offer an explanation", "could not offer any explanation", "couldn't offer any explanation",
        "unable to give any explanation", "unable to give an explanation", "no explanation offered"]},
    # a baby who cannot yet do what the account needs ("rolled off the sofa; Leo is not yet rolling")
    {"factor": "unexplained_injury", "requires": "injury", "requires_within": 2, "inherent_negation": True,
     "phrases": ["not yet rolling", "not rolling yet", "not yet crawling", "not crawling yet", "not yet walking",
                 "cannot yet roll", "can't roll", "can't yet roll", "cannot roll", "cannot roll over",
                 "can't roll over", "not yet rolling over", "unable to roll", "does not roll", "does not roll over",
                 "cannot turn himself over", "cannot turn herself over", "can't turn himself over",
                 "can't turn herself over", "not yet turning over", "not turning over yet", "not yet mobile",
                 "not yet sitting"]},
    # an account of how it happened that fits the injury, in the professional's words or given twice the same
    # ("the account is consistent with the injury", "mechanism fits the injury", "his brother said the same"):
    # the injury is explained, so the guide's "unexplained injury" does not apply. "Consistent with being
    # grabbed" is not among these: only the account, explanation or mechanism fitting the injury counts.
    {"factor": "explained_injury", "requires": "injury", "requires_within": 5, "phrases": [
        "account is consistent", "accounts are consistent", "account was consistent", "accounts were consistent",
        "explanation is consistent", "explanation was consistent", "history is consistent", "history was consistent",
        "consistent account", "consistent accounts", "consistent explanation", "consistent history",
        "consistent with the injury", "consistent with the injuries", "consistent with injury",
        "consistent with injuries", "mechanism consistent", "matches grandad's", "matches nan's", "matches gran's",
        "consistent with the explanation", "consistent with the mechanism", "all match",
        "consistent with the account", "consistent with his account", "consistent with her account",
        "consistent with their account", "consistent with the history", "mechanism fits", "fits the injury",
        "explanation seemed plausible",
        "explanation was plausible", "explanation is plausible", "plausible explanation", "plausible account",
        "fits with the injury", "fits the mechanism", "fits the account", "fits the explanation",
        "gave the same account", "give the same account", "gave the same explanation", "said the same",
        "same account", "accounts match", "accounts matched", "the account matches", "account matches",
        "account matched", "matches dad's", "matches mum's", "explanation fits",
        # a parent telling school of it first ("... at football on Saturday, and mum had mentioned it at drop-off")
        "mum had mentioned it", "mum mentioned it", "dad had mentioned it", "dad mentioned it",
        "mum had already mentioned it", "dad had already mentioned it", "parents mentioned it",
        "parents had mentioned it", "consistent with what mum said", "consistent with what dad said",
        "consistent with what she said", "consistent with what he said", "consistent with what they said",
        "consistent with what was described", "consistent with what we were told", "consistent with the fall",
        "consistent with a fall", "consistent with that kind of fall", "consistent with the accident",
        "fits with what", "matches what mum said",
        "matches what dad said", "matches the explanation", "matches the account",
        # a DSL's shorthand, and a carer's account given unprompted ("told me before I asked ... described the
        # same arm"; "looks like what I'd expect from that")
        "account consistent", "accounts consistent", "explanation consistent", "history consistent",
        "described the same", "told me before i asked", "what i'd expect from that", "what i would expect from that",
        "what you'd expect from that", "what you would expect from that"]},
    # the carer does not know, or the account keeps changing. Said of the injury, even a few sentences on:
    # "Ciara has a bruise to her cheek. [...] No disclosure was made. Mum says she does not know how it happened."
    {"factor": "unexplained_injury", "requires": "injury", "requires_within": 3, "inherent_negation": True,
     "phrases": [
        "doesn't know how it happened", "didn't know how it happened", "don't know how it happened",
        "not sure how it happened", "unsure how it happened",
        "no idea how it happened", "no idea how", "got no idea", "hasn't got a clue", "haven't got a clue",
        "not got a clue", "no clue how", "no explanation that fits", "history given changed", "history changed",
        "history has changed",
        "account changed", "account has changed", "explanation changed", "explanation has changed",
        "story changed", "changing explanations", "changing accounts", "changing history"]},
    # --- domestic abuse and its aggravating features
    # violence by itself is domestic in a note to the MASH, except between people the family does not know: "two
    # adult males unknown to him started fighting, one was punched" is the guide's GREEN, a child who "witnessed an
    # unrelated incident"
    # adults a child is seen with are an exploitation sign; adults the child saw fighting are not
    {"factor": "exploitation", "not_in_sentence_with": FIGHT_PHRASES, "phrases": ["adult males", "adult men"]},
    {"factor": "domestic_abuse", "not_in_sentence_with": STRANGER_PHRASES, "not_followed_by": ["off"], "phrases": [
        "violence", "violent", "assault", "assaulted", "common assault", "abh", "actual bodily harm", "gbh",
        "punched", "slapped", "kicked", "headbutted", "head-butted"]},
    {"factor": "domestic_abuse", "phrases": [
        "domestic abuse", "domestic violence", "domestic assault", "domestic related assault", "pushed her",
        "pushed him", "shoved", "grabbed her",
        "grabbed him", "pinned her", "dragged her", "coercive control", "coercive and controlling",
        "controlling behaviour", "controlling and coercive", "stalking", "harassment", "dvpn", "dvpo",
        "non-molestation order", "non molestation order", "controls all the money", "controls the money",
        "controls her money", "controlling about money", "controlling about who she sees", "controls who she sees",
        "controls who she can see", "controls where she goes", "controlling with money", "financial abuse",
        "economic abuse", "throwing her about", "throwing her around",
        "throws her about", "throws her around", "threw her about", "threw her around", "banging her head",
        "banged her head", "slammed her head", "restraining order", "marac", "physical altercation",
        "physical domestic", "pushed", "emotional abuse", "physical and emotional abuse",
        "physical & emotional abuse", "subjected to", "bit the ip", "bit her", "bit him", "threw a mug",
        "spat at", "pinned her against", "smashed her phone", "jealous and controlling", "dragged", "twisted",
        "grabbed", "grabbed the ip", "pushing", "da incident", "dv incident", "batter her", "batter him",
        "battered her", "battered him", "knock her about", "knocked her about", "knocks her about",
        "knocking her about", "knock him about", "threw her phone", "thrown her phone", "throwing her phone",
        "smashed up her phone", "me up against the wall", "her up against the wall", "pushed her against the wall",
        "put her against the wall", "shoved her against the wall",
        "domestic incident", "hits mummy", "hit mummy", "hurts mummy", "hurt mummy", "hits mum", "hit mum",
        "hits mommy", "hits my mum", "hit my mum", "hurts my mum", "shouting abuse", "screaming abuse",
        "hurling abuse", "shouted abuse", "screamed abuse"],
     # "when he kicked off", "she pushed off": a temper or leaving, not violence
     "not_followed_by": ["off"]},
    {"factor": "domestic_abuse", "pattern": [{"TEXT": {"IN": ["DV", "DVA"]}}]},  # police shorthand, capitals only
    {"factor": "domestic_abuse", "pattern": [  # "threw a plate at mum", "threw his phone at her"
        {"LOWER": {"IN": ["threw", "throws", "thrown", "throwing", "hurled", "lobbed"]}},
        {"IS_ALPHA": True, "OP": "{1,3}"}, {"LOWER": "at"}, {"LOWER": {"IN": ["the", "his", "their"]}, "OP": "?"},
        {"LOWER": {"IN": ["her", "him", "mum", "mummy", "mother", "dad", "daddy", "father", "ip", "partner", "wife",
                          "husband", "girlfriend", "boyfriend", "victim"]}}]},
    {"factor": "domestic_abuse", "pattern": [{"LOWER": {"IN": ["bit", "bites", "slaps", "punches", "kicks"]}},
                                             {"IS_TITLE": True}]},
    # an attack with something in hand ("went for Gemma with a carving knife", "went for his partner Dawn SMITH
    # with a knife", "came at her with a bat"); "went for a walk with" is not one, so the first word after
    # "for"/"at" is a person: a pronoun, a party's word or a name
    *({"factor": "domestic_abuse", "pattern": [
        {"LOWER": {"IN": ["went", "goes", "going", "came", "comes", "coming", "lunged", "ran", "run", "charged"]}},
        {"LOWER": {"IN": ["for", "at", "towards"]}}, {"LOWER": {"IN": ["the", "his", "her"]}, "OP": "?"},
        who, {"IS_ALPHA": True, "OP": "{0,2}"}, {"LOWER": "with"}]}
      for who in ({"LOWER": {"IN": [*_PARTY_WORDS, "them"]}},
                  {"IS_TITLE": True}, {"IS_UPPER": True})),
    {"factor": "weapon", "phrases": [
        "knife", "knives", "kitchen knife", "blade", "bladed article", "bat", "baseball bat", "hammer", "machete",
        "gun", "firearm", "weapon", "weapons", "screwdriver", "axe", "crowbar", "broken bottle", "iron bar",
        "stabbed", "stab", "stabbing", "imitation firearm", "meat cleaver", "cleaver", "glass bottle",
        "bottle", "scissors", "knifepoint", "knife point", "knife-point", "gunpoint", "gun point"],
     "not_after_words": ["drew", "draws", "drawn", "drawing", "drawings", "picture", "pictures", "painted",
                         "painting"],
     "not_followed_by": ["of"]},
    # an object thrown at someone is used as a weapon ("threw a plate at mum which cut her hand"); thrown at a wall
    # ("threw a mug which hit the wall") it is not
    {"factor": "weapon", "subject": "not_child", "pattern": [
        {"LOWER": {"IN": ["threw", "throws", "thrown", "throwing", "hurled", "lobbed"]}},
        {"LOWER": {"IN": ["a", "an", "the", "his", "her", "their", "some"]}, "OP": "?"},
        {"LOWER": {"IN": ["plate", "plates", "glass", "glasses", "mug", "mugs", "chair", "chairs", "ashtray", "iron",
                          "pan", "saucepan", "vase", "brick", "bricks", "stone", "stones", "rock", "rocks", "ornament",
                          "ornaments", "bowl", "kettle", "lamp", "cup", "cups"]}},
        {"LOWER": "at"}, {"LOWER": {"IN": ["the", "his", "their"]}, "OP": "?"},
        {"LOWER": {"IN": [*_PARTY_WORDS, "mummy", "daddy", "me"]}}]},
    {"factor": "strangulation", "phrases": [
        "strangled", "strangle", "strangling", "strangulation", "non-fatal strangulation", "choked", "choking",
        "chokehold", "choke hold", "by the throat", "by her throat", "by his throat", "round the throat",
        "round her throat", "round his throat", "around the throat", "around her throat", "around his throat",
        "suffocate", "suffocated",
        "suffocating", "smothered", "squeezed her neck", "squeezed his neck", "squeezing her neck",
        "squeezing his neck", "squeezes her neck", "squeezes his neck", "by the neck", "by her neck",
        "by his neck", "headlock", "head lock", "marks to the neck", "marks to her neck", "marks on her neck",
        "marks on the neck"]},
    {"factor": "strangulation", "pattern": [
        {"LOWER": {"IN": ["hand", "hands", "arm", "arms"]}},
        {"LOWER": {"IN": ["around", "round", "on", "across", "against"]}},
        {"LOWER": {"IN": ["her", "his", "my", "the", "their"]}, "OP": "?"},
        # "hands around Kyle's neck", "around CHUDLEIGH's neck", "around the IP's neck"
        {"TEXT": {"REGEX": "^[A-Z]"}, "OP": "?"}, {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"},
        {"LOWER": {"IN": ["neck", "throat"]}}]},
    {"factor": "threats_to_kill", "phrases": ["threats to kill", "threat to kill", "threatened to kill",
                                              "threatening to kill", "threatened to murder", "i'll finish you",
                                              "finish you off", "no one will ever find you",
                                              "nobody will ever find you", "no one will find you",
                                              "nobody will find you", "i'll bury you",
                                              "you're a dead woman", "you're a dead man", "ttk"],
     "not_followed_by": ["myself", "himself", "herself", "themselves"]},
    {"factor": "threats_to_kill", "not_followed_by": ["myself", "himself", "herself", "themselves"], "pattern": [
        {"LOWER": {"IN": ["going", "gonna", "will", "'ll", "'d", "’d", "would", "threatened", "threatening", "threat",
                          "threats", "wants", "want", "wanted"]}},
        {"LOWER": "to", "OP": "?"},
        {"LOWER": {"IN": ["kill", "murder"]}}]},
    {"factor": "domestic_abuse", "absent": True, "phrases": [  # a verbal row: "Nothing physical."
        "nothing physical", "not physical", "non-physical", "non physical", "no physical violence",
        "no physical contact"]},
    {"factor": "threats_to_kill", "pattern": [  # "he would 'end' her": quoted, so not "end her life"
        {"LOWER": {"IN": ["would", "will", "'ll", "gonna", "to"]}},
        {"ORTH": {"IN": ["'", "‘", "’", '"', "“", "”"]}},
        {"LOWER": "end"},
        {"ORTH": {"IN": ["'", "‘", "’", '"', "“", "”"]}, "OP": "?"},
        {"LOWER": {"IN": ["her", "him", "you", "them"]}}]},
    {"factor": "threats_to_kill", "phrases": ["burn the house down", "burn the house down with", "kill you",
                                              "kill her", "kill him", "kill the kids", "kill the children",
                                              "dead by the morning", "you're dead", "you are dead", "finish her off",
                                              "finish him off", "finish you off", "do her in", "do him in", "your dead",
                                              "ur dead", "kill the lot of them", "kill the lot", "kill them all",
                                              "kill us all", "kill you all"]},
    # --- parental need
    {"factor": "substance_misuse", "phrases": [
        "drugs", "drug use", "drug misuse", "drug user", "cannabis", "weed", "cocaine", "heroin", "crack",
        "crack cocaine", "spice", "ketamine", "mdma", "amphetamine", "substance misuse", "substance use",
        "substances", "alcohol", "alcohol misuse", "alcoholic", "alcohol dependent", "drinks heavily",
        "drinking heavily", "heavy drinking", "binge drinking", "drink problem", "drinking problem", "in drink",
        "on the gear", "back on the gear", "back on drugs", "back on the drink", "using again",
        "drug paraphernalia",
        "needles", "methadone", "class a", "smell of cannabis", "smelt of cannabis", "drug dealing",
        "self-medicating", "self medicating", "her drinking", "his drinking", "when he drinks", "when she drinks",
        "when he's drinking", "when she's drinking", "when he has been drinking", "when she has been drinking",
        "alcohol problem", "alcohol dependency", "drinks every day", "drinking every day",
        "vodka bottles", "vodka bottle", "empty bottles", "empty cans", "bottles of vodka", "cans of lager",
        "cans of cider",
        "in drink", "never sober", "needle cap", "needle caps", "burnt foil", "on the cider", "on the vodka",
        "on the drink", "on the booze", "strong lager", "empties", "bottle of vodka", "bottle of gin",
        "bottle of whisky", "bottles of wine", "litre of vodka", "drinking has crept up", "drinking has increased",
        "drinking has got worse", "drinking is getting worse", "drinking has escalated", "smelled of drink",
        "smelt of drink", "smelling of drink", "had a drink", "been drinking", "had a few drinks"]},
    {"factor": "substance_misuse", "pattern": [  # "Paul's drinking", "mum's drug use"
        {"LOWER": {"IN": ["'s", "’s"]}},
        {"LOWER": {"IN": ["drinking", "drug", "cannabis", "alcohol"]}},
        {"LOWER": {"IN": ["use", "misuse", "habit", "problem"]}, "OP": "?"}]},
    {"factor": "substance_misuse", "pattern": [
        {"LOWER": {"IN": ["drinking", "drinks", "drank", "drinking"]}}, {"IS_SENT_START": False, "OP": "{0,4}"},
        {"LOWER": {"IN": ["litres", "litre", "cans", "bottles", "bottle", "units", "pints"]}}]},
    {"factor": "intoxicated_carer", "subject": "not_child", "subject_says_it": True, "phrases": [
        "drunk", "intoxicated", "heavily intoxicated", "under the influence", "smelt of alcohol",
        "smelled of alcohol", "smelling of alcohol", "slurring", "slurred", "passed out", "too drunk",
        "incapable through drink", "unable to care for", "under the influence of drugs",
        "under the influence of alcohol", "incoherent", "unresponsive", "drink driving",
        "drink-driving", "drunk in charge", "drink drive", "over the limit", "worse for wear", "under the influence of",
        "too intoxicated", "heavily under the influence", "smelling of cannabis", "stoned", "high on drugs",
        "so drunk", "could not stand", "unable to stand", "couldn't stand up",
        "couldn't be woken", "couldn't be roused", "unable to be woken", "could not wake her",
        "could not wake him", "unable to wake her", "unable to wake him", "intox", "minutes to rouse",
        "difficult to rouse", "hard to rouse", "unrousable"]},
    # recovered, not current: "off all drugs since 2022", "sober for two years" (read as ruled out)
    {"factor": "substance_misuse", "absent": True, "phrases": [
        "off all drugs", "off drugs since", "off the drink since", "off the drugs since", "clean since", "clean for",
        "sober since", "sober for", "abstinent since", "abstinent for", "in recovery since"]},
    {"factor": "substance_misuse", "absent": True, "requires_words": [
        "cannabis", "drugs", "drug", "drink", "drinking", "alcohol", "heroin", "cocaine", "spice", "weed", "smoking",
        "smoked", "used"], "phrases": [
        "stopped completely", "stopped before", "stopped using", "gave up", "given up", "as a teenager",
        "in her teens", "in his teens", "passed all drug tests", "negative drug tests", "clean drug tests",
        "drug tests negative", "tests have been negative"]},
    {"factor": "substance_misuse", "absent": True, "pattern": [  # "Smoked cannabis as a teenager, stopped completely"
        {"LOWER": {"IN": ["cannabis", "weed", "drugs", "heroin", "cocaine", "spice", "alcohol", "drinking", "drink"]}},
        {"IS_SENT_START": False, "OP": "{0,4}"},
        {"LOWER": {"IN": ["stopped", "quit", "teenager", "teens", "ago", "previously"]}}]},
    {"factor": "substance_misuse", "absent": True, "pattern": [  # "used cannabis most weekends until 2023"
        {"LOWER": {"IN": ["cannabis", "weed", "drugs", "heroin", "cocaine", "spice", "alcohol", "drinking", "drink"]}},
        {"IS_SENT_START": False, "OP": "{0,4}"}, {"LOWER": {"IN": ["until", "till", "til", "up"]}},
        {"LOWER": "to", "OP": "?"}, {"SHAPE": "dddd"}]},
    {"factor": "domestic_abuse", "absent": True, "pattern": [  # "DA enquiry - denies", "DA screening: no"
        {"TEXT": {"IN": ["DA", "DV"]}}, {"LOWER": {"IN": ["enquiry", "screening", "questions", "asked", "routine"]}},
        {"LOWER": {"IN": ["enquiry"]}, "OP": "?"}, {"TEXT": {"IN": ["-", "–", ":"]}},
        {"LOWER": {"IN": ["denies", "denied", "no", "none", "nil", "n"]}}]},
    # past use, not current: "Past cannabis use at 16 – none for over two years" (read as ruled out)
    {"factor": "substance_misuse", "absent": True, "pattern": [
        {"LOWER": {"IN": ["past", "previous", "historic", "historical", "former"]}},
        {"LOWER": {"IN": ["cannabis", "drug", "drugs", "alcohol", "heroin", "cocaine", "substance", "crack"]}},
        {"LOWER": {"IN": ["use", "misuse", "problem", "problems", "issues", "dependency"]}, "OP": "?"}]},
    {"factor": "intoxicated_carer", "subject": "not_child", "subject_says_it": True, "phrases": [
        # "would" here is what she did, not a supposition: inside the phrase, so it is not read as "if"
        "sternal rub", "would only open her eyes to a sternal rub", "would only open his eyes to a sternal rub",
        "would only respond to a sternal rub", "couldn't sit up unaided", "could not sit up unaided",
        "unable to sit up"]},
    {"factor": "intoxicated_carer", "subject": "not_child", "pattern": [  # "found on the sofa, GCS 11"
        {"LOWER": "gcs"}, {"TEXT": {"REGEX": "^([3-9]|1[0-3])$"}}]},
    {"factor": "intoxicated_carer", "subject": "not_child", "subject_says_it": True, "pattern": [
        {"LOWER": {"IN": ["smelling", "smelt", "smelled", "smells", "reeking", "reeked", "stinking", "stank"]}},
        {"LOWER": {"IN": ["heavily", "strongly", "badly"]}}, {"LOWER": "of"},  # the plain smell is already listed
        {"LOWER": {"IN": ["alcohol", "drink", "booze", "vodka", "cider", "lager", "beer"]}}]},
    # an adult's drug overdose is drug misuse, not self-harm ("suspected heroin overdose - naloxone given")
    {"factor": "substance_misuse", "phrases": ["heroin overdose", "opiate overdose", "opioid overdose",
                                               "methadone overdose", "drug-related overdose"]},
    # a carer seen sober is one the guide's "intoxicated carer" rules out ("Both parents sober")
    {"factor": "intoxicated_carer", "subject": "not_child", "absent": True, "phrases": ["sober"]},
    # ... and one seen sober and caring for the children is the other adult of the guide's AMBER ("Wife, Sarah
    # PASCOE, sober and caring for them"): the drunk carer is then not the one caring (see triage_factor_resolution)
    {"factor": "sober_carer", "pattern": [
        {"LOWER": "sober"}, {"LOWER": {"IN": ["and", ",", "&"]}},
        # "sober, calm, caring for Isla and baby Theo"
        {"LOWER": {"IN": ["was", "is", "now", "able", "fully", "calm", "settled", "coherent", "appropriate", ",",
                          "and"]}, "OP": "{0,4}"},
        {"LOWER": {"IN": ["caring", "looking", "looked", "in", "to"]}},
        {"LOWER": {"IN": ["for", "after", "charge", "care", "look"]}}]},
    {"factor": "sober_carer", "phrases": ["sober and coping", "sober and managing", "sober, coping",
                                          "sober adult caring", "sober adult looking after", "sober adult present",
                                          "a sober adult in charge", "sober adult in charge"]},
    {"factor": "mental_health", "phrases": [
        "mental health", "mental ill health", "mental illness", "depression", "depressed", "anxiety",
        "psychosis", "psychotic", "bipolar", "schizophrenia", "schizophrenic", "personality disorder", "eupd",
        "sectioned", "section 136", "s136", "crisis team", "low mood", "ptsd", "mental health crisis", "paranoid",
        "people are watching her", "people are watching him", "being watched", "being followed", "watching her through",
        "watching him through", "really anxious", "so anxious", "really down", "very down", "feeling down", "so down",
        "more withdrawn",
        "mh history", "mh concerns", "mh issues", "history of mh", "anxious all the time", "extremely anxious",
        "hearing voices", "low in mood", "very anxious", "eating disorder", "making herself sick",
        "making himself sick", "bulimia", "anorexia", "signed off work with stress", "signed off with stress",
        "off work with stress", "signed off sick with stress", "psychiatric liaison", "psych liaison",
        "mental health liaison", "liaison psychiatry", "informal admission", "admitted informally",
        "wanted it all to stop", "want it all to stop", "wants it all to stop", "couldn't do it anymore",
        "can't do it anymore", "can't go on", "couldn't go on", "tearful most days", "tearful every day",
        "cries most days", "cries every day", "crying most days", "crying every day", "cries most afternoons",
        "cries most evenings"], "child_factor": "child_mental_health"},
    # "no substance use, mental health stable": ruled out as the writer puts it
    {"factor": "mental_health", "absent": True, "phrases": [
        "mental health stable", "mental health is stable", "mental health has been stable", "mental health good",
        "mental health is good", "mental health currently stable", "mental health is currently stable"]},
    # "Mum has her own depression which she says is well managed by her GP": treated and under control, not the
    # crisis of the guide's AMBER (the mention is kept, discounted, so the reviewer sees it was read)
    {"factor": "mental_health", "absent": True, "pattern": [
        {"LOWER": {"IN": ["depression", "anxiety", "bipolar", "condition", "illness"]}},
        {"LOWER": {"IN": ["which", "that", "she", "he", "is", "are", "has", "says", "said", "reports", "been",
                          "feels", "currently", "is", "'s"]}, "OP": "{0,5}"},
        {"LOWER": {"IN": ["well", "fully"]}}, {"LOWER": {"IN": ["managed", "controlled"]}}]},
    {"factor": "mental_health", "absent": True, "phrases": [
        "mental health well managed", "mental health is well managed", "well managed depression",
        "well-managed depression", "depression is well managed", "anxiety is well managed",
        "depression well controlled", "depression is well controlled"]},
    # an adult's treatment (a child's own is written with CAMHS): "Sertraline started"
    {"factor": "mental_health", "phrases": ["antidepressants", "anti-depressants", "started on sertraline",
                                            "started sertraline", "sertraline started", "on sertraline",
                                            "on citalopram", "on fluoxetine"]},
    # a mother's, never the baby's: "the perinatal mental health team are seeing her"
    {"factor": "mental_health", "phrases": ["perinatal mental health", "postnatal depression", "post-natal depression",
                                            "postnatal low mood", "post-natal low mood", "struggling to bond",
                                            "not bonding", "hasn't bonded", "not bonded", "rush of love",
                                            "a terrible mother", "a terrible mum", "a bad mother", "a useless mum",
                                            "a useless mother", "failing as a mum", "failing as a mother"]},
    # a child's low mood in a teacher's words: only when the child is its subject ("She has stopped eating lunch")
    {"factor": "child_mental_health", "subject": "child", "phrases": [
        "quiet and tearful", "stopped eating", "not sleeping", "very low", "really low"]},
    {"factor": "child_mental_health", "phrases": [
        "camhs crisis team", "camhs crisis", "referred to camhs", "referral to camhs", "referred her to camhs",
        "referred him to camhs"]},
    {"factor": "self_harm", "adult_factor": "mental_health", "phrases": [
        "suicidal thoughts", "disclosed suicidal thoughts", "thoughts of ending her own life",
        "thoughts of ending his own life", "thoughts of ending", "ending her own life", "ending his own life",
        "ending my own life", "ending his life", "ending her life", "ending my life", "worked out how i'd do it",
        "looked up how many", "looked up how to", "searched how to", "researched how to", "worked out how to do it",
        "how i'd do it", "haven't picked a day", "picked a day", "planning it for",
        "better off without her", "better off without him", "better off without me", "better off dead"]},
    {"factor": "self_harm", "adult_factor": "mental_health", "pattern": [  # "cuts her legs", "cut his wrists"
        {"LOWER": {"IN": ["cut", "cuts", "cutting", "scratches", "scratching", "burns", "burning"]}},
        {"LOWER": {"IN": ["her", "his", "their", "my"]}},
        {"LOWER": {"IN": ["arm", "arms", "leg", "legs", "wrist", "wrists", "thigh", "thighs", "stomach"]}}]},
    {"factor": "self_harm", "adult_factor": "mental_health", "phrases": [
        "harming herself", "harming himself", "harm herself", "harm himself",
        "disclosed self-harm", "disclosed self harm", "not want to be alive",
        "doesn't want to be alive", "cutting her arms", "cutting his arms", "cutting her legs", "cutting his legs",
        "self-harm", "self harm", "self-harming", "self harming", "self-harmed", "cutting herself",
        "cutting himself", "cut herself", "cut himself", "suicidal", "suicide", "suicidal ideation",
        "overdose", "overdosed", "ligature", "wants to die", "want to die", "wanted to die", "kill myself",
        "kill herself", "kill himself", "end my life", "end her life", "end his life", "take her own life",
        "take his own life", "take my own life",
        # said conditionally, the "would" inside the phrase so that it is not read as a hypothetical
        *(f"would be {better} {whom}if i {was} here" for better in ("easier", "better")
          for whom in ("", "for everyone ", "for everybody ", "for my family ", "for mum ")
          for was in ("wasn't", "weren't")),
        "not be here anymore", "not be here any more", "don't want to be here",
        "doesn't want to be here",
        "no point in living", "no point living", "no reason to live", "not want to wake up",
        "rather not wake up", "rather just not wake up", "and not wake up", "never wake up",
        "self-inflicted", "self inflicted"]},
    {"factor": "self_harm", "subject": "not_adult", "phrases": [
        "won't be around", "will not be around", "not going to be around", "given away his", "given away her",
        "giving away his", "giving away her", "gave away his", "gave away her"]},
    {"factor": "self_harm", "adult_factor": "mental_health", "pattern": [  # "taking around 30 paracetamol"
        {"LOWER": {"IN": ["taking", "took", "taken", "swallowed", "swallowing"]}},
        {"LOWER": {"IN": ["around", "about", "approx", "approximately", "over", "up", "to", "some", "roughly",
                          "c.", "~"]}, "OP": "{0,2}"},
        {"LIKE_NUM": True},
        {"LOWER": {"IN": ["paracetamol", "tablets", "pills", "co-codamol", "codeine", "ibuprofen", "painkillers",
                          "sertraline", "citalopram", "fluoxetine", "amitriptyline", "diazepam", "of"]}}]},
    {"factor": "self_harm", "adult_factor": "mental_health", "requires_words": [
        "tablets", "pills", "medication", "meds", "paracetamol", "sertraline", "co-codamol", "codeine",
        "ibuprofen", "painkillers", "citalopram", "fluoxetine", "amitriptyline", "diazepam"],
     "phrases": ["saving up", "stockpiling", "stockpiled", "stashing", "stashed", "has saved", "have saved",
                 "been saving", "hoarding", "hoarded"]},
    {"factor": "self_harm", "adult_factor": "mental_health", "pattern": [  # "superficial cuts to both thighs"
        {"LOWER": {"IN": ["cuts", "cut", "scratches", "lacerations", "scars", "slashes", "marks"]}},
        {"LOWER": {"IN": ["to", "on", "across"]}},
        {"LOWER": {"IN": ["both", "her", "his", "their", "my", "the", "left", "right"]}, "OP": "?"},
        {"LOWER": {"IN": ["left", "right", "inner", "upper"]}, "OP": "?"},
        {"LOWER": {"IN": ["thigh", "thighs", "forearm", "forearms", "wrist", "wrists"]}}]},
    {"factor": "neglect", "phrases": [
        "neglect", "neglected", "neglectful", "poor home conditions", "home conditions", "unkempt", "dirty",
        "filthy", "smelled of urine", "smelt of urine", "head lice", "no food", "lack of food", "hungry",
        "inappropriately dressed", "dog faeces", "faeces", "hoarding", "unsanitary", "squalid", "squalor",
        "stinks", "stank", "stench", "reeks", "reeked",
        "soiled", "no heating", "no electricity", "mould", "mouldy", "was not brought", "not brought to",
        "dental decay", "tooth decay", "poor hygiene", "poor supervision", "lack of supervision",
        "unhygienic", "no clean clothes", "no bed", "badly decayed", "decayed teeth",
        # the home's rubbish, not "feeling like a rubbish mum"
        "rubbish everywhere", "rubbish on the floor", "rubbish piled", "piles of rubbish", "bags of rubbish",
        "full of rubbish", "rubbish bags", "rubbish in the", "rubbish all over",
        "dental appointments have been missed", "no working heating", "cold and damp", "damp and cold",
        "nappy rash", "not dressed for the weather", "untreated", "nappy soaked", "soaked nappy", "cluttered",
        "washing piled up", "sink full", "place was a tip", "house was a tip", "flat was a tip", "bin bags piled",
        "dog mess", "smell of urine", "matted hair", "hair is matted", "hair was matted", "hair matted",
        "stained babygro", "curdled milk", "not being sterilised", "nappy heavy", "heavy nappy", "nappy was heavy",
        "sodden nappy", "nappy sodden", "nappy was sodden", "nappy was soaked", "smelling of urine",
        "smelling of stale urine", "smells of urine", "smelt of stale urine",
        "stale urine", "in the same clothes", "same clothes", "the same leggings", "the same top", "same uniform",
        "nappy very full", "hadn't been changed", "not been changed overnight", "food off other children's",
        "taking food from", "no gas", "no electric", "no gas or electric", "no credit on the meter",
        "no money on the meter", "nothing on the meter"]},
    {"factor": "neglect", "absent": True, "phrases": [
        "home tidy", "home clean", "home clean and tidy", "house clean and tidy", "home warm and clean",
        "house warm and clean", "home was warm and clean", "house was warm and clean", "home warm, clean",
        "house warm, clean", "home was clean", "house was clean", "home was tidy", "house was tidy", "warm and tidy",
        "flat clean", "flat was clean", "home conditions are good", "home conditions good", "home conditions were good",
        "home conditions are fine", "home conditions were fine", "home conditions satisfactory",
        "home conditions are satisfactory", "home conditions were satisfactory", "home conditions appropriate",
        "home conditions were appropriate", "home conditions are appropriate",
        "clean and warm", "clean and fed", "clean, fed", "well fed", "well kept",
        "well-kept"]},
    {"factor": "homelessness", "phrases": [
        "homeless", "homelessness", "no fixed abode", "sofa surfing", "sofa-surfing", "evicted", "eviction",
        "temporary accommodation", "hostel", "rough sleeping", "sleeping rough", "nowhere to live",
        "sleeping in a car", "sleeping in the car", "sleeping in her car", "sleeping in his car",
        "sleeping in their car", "living in his car", "living in her car", "living in the car", "nowhere else to go",
        "nowhere to go", "emergency accommodation", "kicked him out", "kicked her out", "kicked them out",
        "thrown out of the house", "thrown out of home", "put out of the house", "kipping at", "kipping on",
        "kipping in", "dossing at", "dossing on", "living out of her car", "living out of his car",
        "living out of the car", "living in a car", "sleeping in cars"]},
    # --- the child's own risks
    {"factor": "missing", "phrases": [
        "missing", "went missing", "reported missing", "missing from home", "missing from care",
        "missing episode", "missing episodes", "absconded", "not returned home", "failed to return",
        "ran away", "run away", "runaway", "missing person", "hasn't come home",
        "didn't come home",
        "not come home", "stayed out overnight", "out all night", "misper", "mispers", "mfc", "mfh"],
     "not_followed_by": ["bits", "lessons", "lesson", "classes", "class", "appointments", "appointment", "meals",
                         "breakfast", "lunch", "items", "parts", "work", "homework", "sessions", "teeth",
                         "learning", "school", "education", "days", "out", "time", "periods", "registration"]},
    # a missing-person report in police words, with no "missing": "RP is Sarah, who last saw Jodie at 1738hrs",
    # "Jodie walked back in the next morning" (the reporting person, RP, is a missing-person form's term)
    {"factor": "missing", "requires_words": ["rp", "reporting"], "phrases": ["last saw", "last seen"]},
    {"factor": "missing", "child_context": "child", "phrases": [
        "walked back in the next morning", "came back the next morning", "came home the next morning",
        "walked back in the following morning", "came home the following morning"]},
    # said of a child: "Father of baby is Dean RICKARD, whereabouts unknown" is no missing episode
    {"factor": "missing", "subject": "not_adult", "phrases": ["whereabouts unknown", "whereabouts not known"]},
    # the father of a pregnant child's baby is a grown man: "Ruby is 10 weeks pregnant. The father is believed to
    # be a 26-year-old man"
    {"factor": "exploitation", "requires": "pregnant_child", "requires_within": 2, "pattern": [
        {"TEXT": {"REGEX": "^(1[89]|[2-9][0-9])$"}}, {"TEXT": "-", "OP": "?"}, {"LOWER": {"IN": ["year", "yr"]}},
        {"TEXT": "-", "OP": "?"}, {"LOWER": "old"}, {"LOWER": {"IN": ["man", "male", "boyfriend", "partner"]}}]},
    {"factor": "exploitation", "phrases": [
        "older boyfriend", "older male", "older males", "older men", "older man", "much older", "gifts",
        "new phone", "new phones", "new trainers", "expensive clothes", "unexplained money", "unexplained gifts",
        "large amounts of cash", "large amount of cash", "trap house", "county lines", "drugs run", "drug run",
        "drug runs", "drugs runs", "running drugs", "cuckooing", "cuckooed", "cse", "cce",
        "child sexual exploitation", "child criminal exploitation", "exploited", "exploitation", "grooming",
        "groomed", "nrm", "national referral mechanism", "second phone", "two phones", "burner phone",
        "deal drugs", "dealing drugs", "plugging", "nude images", "sexual images", "sent images",
        "sugar daddy", "in a car with older", "picked up by older", "older boy", "older boys", "older lads",
        "older lad", "older girl", "older girls", "older friends", "wraps", "debt bondage", "owes money",
        "owed money", "into cars", "getting into cars", "drug running", "drug dealers",
        "known drug dealers", "line holder", "given vapes", "given alcohol", "vapes and alcohol",
        "given drugs", "older 'boyfriend'", "older \"boyfriend\"", "'boyfriend'",
        # found far from home with no account of the journey: a county-lines indicator
        "a long way from home", "no explanation of how he got there", "no explanation of how she got there",
        "no explanation of how they got there",
        # asked to carry or deliver, or handed a phone: the signs of a drugs line
        "carry packages", "carrying packages", "carried packages", "carry a package", "carrying a package",
        "deliver packages", "delivering packages", "drop off packages", "dropping off packages", "gave him a phone",
        "gave her a phone", "given a phone", "given him a phone", "given her a phone", "anyone older", "someone older",
        "directing him", "directing her"]},
    {"factor": "exploitation", "child_context": "child", "pattern": [  # "getting into a car driven by an adult male"
        {"LOWER": {"IN": ["car", "cars", "van", "vehicle", "taxi"]}}, {"LOWER": "driven"}, {"LOWER": "by"},
        {"LOWER": {"IN": ["a", "an", "two", "several", "unknown", "older"]}, "OP": "?"},
        {"LOWER": {"IN": ["adult", "adults", "older", "unknown", "man", "men", "male", "males"]}}]},
    {"factor": "sex_offender", "phrases": [
        "registered sex offender", "rso", "sex offender", "sex offenders register", "sex offender register",
        "sopo", "shpo", "sexual harm prevention order", "sexual offences prevention order",
        "sexual risk order", "convicted of sexual", "sexual offences against children", "indecent images",
        "indecent images of chn", "convictions for indecent images",
        "indecent images of children", "mappa", "schedule 1 offender"]},
    {"factor": "domestic_abuse", "pattern": [
        {"LOWER": {"IN": ["no", "nil", "nothing", "never", "not"]}},
        {"LOWER": {"IN": ["for", "known", "previous", "history", "of", "re", "any", "physical", "further", "recent",
                          "current"]}, "OP": "{0,2}"},
        {"TEXT": {"IN": ["DA", "DV"]}}]},
    {"factor": "pregnancy", "phrases": [
        "pregnant", "pregnancy", "unborn", "unborn baby", "unborn child", "expecting a baby", "weeks pregnant",
        "weeks gestation", "due date", "edd", "baby due", "antenatal", "midwife"]},
    # the pregnant one is a child ("16-year-old Ruby ... Ruby is 10 weeks pregnant"): the guide's AMBER established
    # need, whoever the father is; a pregnant adult alone is not an indicator
    {"factor": "pregnant_child", "subject": "child", "subject_says_it": True, "phrases": [
        "pregnant", "weeks pregnant", "weeks gestation", "expecting a baby", "is pregnant", "pregnancy test"]},
    {"factor": "pregnancy", "pattern": [  # "Elizabeth is expecting her first child"
        {"LOWER": "expecting"}, {"LOWER": {"IN": ["her", "their", "a", "his"]}},
        {"LOWER": {"IN": ["first", "second", "third", "fourth", "fifth", "sixth", "next", "new"]}, "OP": "?"},
        {"LOWER": {"IN": ["child", "baby", "twins"]}}]},
    {"factor": "no_antenatal_care", "inherent_negation": True, "phrases": [
        "no antenatal care", "not booked", "unbooked", "not booked with a midwife", "not attended antenatal",
        "missed antenatal appointments", "missed antenatal", "not engaging with antenatal",
        "not engaging with midwifery", "no midwife", "concealed pregnancy", "concealed her pregnancy",
        "late booking", "not registered with a midwife", "declined antenatal", "no antenatal",
        "has not booked", "not seen a midwife", "not engaged with antenatal", "not engaged with midwifery",
        "missed all antenatal", "missed her antenatal", "missed all her antenatal",
        "not attending antenatal", "not attended any antenatal", "no booking", "no scans", "not had any scans",
        "not had a scan", "never booked", "first contact with maternity", "booked late", "unbooked pregnancy"]},
    # --- where the children were
    {"factor": "child_present", "phrases": [
        "children present", "child present", "present at the time", "present during", "witnessed",
        "witnessing", "saw the incident", "heard the argument", "heard shouting", "heard the shouting",
        "asleep upstairs", "in the room", "in the next room", "at home at the time",
        "in the house at the time", "in the property at the time", "woken by", "in the same room",
        "saw mum", "saw dad", "saw daddy", "saw mummy", "in her arms", "holding the baby", "holding the child",
        "holding baby", "present throughout", "woken by the noise", "woken by shouting", "woken by the shouting",
        "woken by the argument", "came downstairs", "saw it happen", "saw everything", "heard everything",
        "saw what happened", "heard what happened", "saw it all", "heard it all"], "not_followed_by": ["/"]},
    # hiding from it, not hiding something ("has been hiding food in her bag": neglect's sign)
    {"factor": "child_present", "phrases": ["hiding"], "not_followed_by": [
        "/", "food", "money", "it", "things", "bottles", "drugs", "cans", "knives", "sweets", "her", "his", "their",
        "a", "an", "some"]},
    # (not "he falls asleep in the chair": the adult's)
    {"factor": "child_present", "subject": "not_adult", "phrases": ["asleep in"], "not_followed_by": ["/"]},
    # a child who rang for help was there: "Daniel called 999 himself"
    {"factor": "child_present", "subject": "not_adult", "phrases": [
        "called 999 himself", "called 999 herself", "rang 999 himself", "rang 999 herself", "dialled 999 himself",
        "dialled 999 herself", "called the police himself", "called the police herself"]},
    # A child's part in the incident: watching, hearing, running for help, or how they were afterwards.
    {"factor": "child_present", "child_context": "child", "phrases": [
        "fingers in my ears", "hid behind", "in the lounge",
        "in the kitchen", "in the flat", "from the landing", "in the car with",
        "watched", "was present", "were present", "present at", "were both present", "were all present",
        "ran to a neighbour", "ran to next door", "ran next door", "ran to a neighbour's", "to get help",
        "called the police", "called police", "rang police", "dialled 999", "phoned police", "in the back bedroom",
        "in their bedroom", "in her bedroom", "in his bedroom", "in the bedroom", "hid under", "hid in",
        "were at home", "was at home", "onto the landing", "on the landing", "on the stairs",
        "at the top of the stairs",
        "were in the house", "was in the house", "were in the property", "was in the property"]},
    {"factor": "child_present", "subject": "child", "requires_words": [
        "officers", "police", "arrival", "attended", "attendance", "spoken", "incident", "time", "during",
        "afterwards", "throughout", "after", "when"], "phrases": [
        "crying", "tearful", "upset", "distressed", "frightened", "scared", "withdrawn", "shaking", "visibly upset",
        "in bed", "woke", "awake"]},
    {"factor": "child_present", "child_context": "child", "pattern": [
        {"LOWER": {"IN": ["heard", "saw", "hear", "see", "watched", "witnessed"]}},
        {"LOWER": {"IN": ["them", "him", "her", "mum", "dad", "mummy", "daddy", "the", "their", "his", "parents",
                          "everything", "it", "one", "a", "two", "someone", "somebody"]}},
        {"IS_ALPHA": True, "OP": "{0,2}"},
        {"LOWER": {"IN": ["shouting", "arguing", "argument", "screaming", "fighting", "row", "incident",
                          "happen", "happening", "hit", "hitting", "push", "pushing", "assault", "punch", "punching",
                          "kick", "kicking", "attack", "attacking", "stab", "stabbing"]}}]},
    {"factor": "child_present", "child_context": "child", "pattern": [  # "Jacob was in the kitchen and saw it"
        {"LOWER": {"IN": ["saw", "heard", "witnessed", "seen"]}},
        {"LOWER": {"IN": ["it", "everything", "what"]}}, {"LOWER": "happened", "OP": "?"}]},
    {"factor": "child_present", "pattern": [
        {"LOWER": "in"}, {"IS_ALPHA": True, "OP": "{1,2}"}, {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"},
        {"LOWER": "arms"}]},
    {"factor": "child_present", "pattern": [
        {"IS_TITLE": True, "LOWER": {"NOT_IN": ["mum", "dad", "mother", "father", "he", "she", "they", "ip",
                                                "suspect", "police", "officers", "nobody", "no"]}},
        {"LOWER": {"IN": ["was", "were"]}}, {"LOWER": "not", "OP": "?"},
        {"LOWER": {"IN": ["present", "upstairs", "asleep"]}}]},
    {"factor": "child_present", "pattern": [
        {"LOWER": {"IN": ["children", "child", "kids", "baby", "babies", "son", "daughter", "siblings", "infant",
                          "toddler", "twins", "boys", "girls"]}},
        {"LOWER": {"IN": ["was", "were", "are", "is"]}},
        {"LOWER": {"IN": ["not", "n't", "all", "both"]}, "OP": "?"},
        {"LOWER": {"IN": ["present", "home", "upstairs", "downstairs", "awake", "asleep", "in", "there"]}}]},
    {"factor": "child_present", "pattern": [
        {"LOWER": "in"}, {"LOWER": "front"}, {"LOWER": "of"},
        {"LOWER": {"IN": ["the", "their", "her", "his", "both", "all", "the"]}, "OP": "?"},
        {"LOWER": {"IN": ["children", "child", "kids", "baby", "son", "daughter", "boys", "girls", "twins",
                          "siblings", "toddler", "infant"]}}]},
    {"factor": "child_present", "child_context": "child", "pattern": [  # "Lucas at his nan's, not present."
        {"LOWER": {"IN": ["not", "n't"]}}, {"LOWER": {"IN": ["present", "there", "witnessing"]}}]},
    {"factor": "child_present", "child_context": "child", "absent": True, "pattern": [  # "Lucas at his nan's"
        {"LOWER": "at"}, {"LOWER": {"IN": ["his", "her", "their"]}},
        {"LOWER": {"IN": ["nan", "nans", "nan's", "nana", "nanna", "gran", "grans", "gran's", "grandma", "grandmas",
                          "grandparents", "grandparents'", "grandad", "grandmother", "grandfather", "dad", "dad's",
                          "father", "father's", "mum", "mum's", "aunt", "auntie", "aunty", "friend", "friend's"]}},
        {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"},
        {"LOWER": {"IN": ["at", "overnight", "that", "for"]}, "OP": "?"},
        {"LOWER": {"IN": ["the", "night"]}, "OP": "?"}, {"LOWER": {"IN": ["time"]}, "OP": "?"}]},
    {"factor": "child_present", "child_context": "child", "phrases": [
        "in bed upstairs", "upstairs in bed", "home with her", "home with him", "at home with her", "at home with him",
        "in her care at the time", "in his care at the time"]},
    {"factor": "child_present", "child_context": "child", "absent": True, "pattern": [  # "away with Shane's parents"
        {"LOWER": "away"}, {"LOWER": "with"}, {"OP": "{0,3}"},
        {"LOWER": {"IN": ["parents", "grandparents", "nan", "gran", "grandma", "grandad", "dad", "mum", "father",
                          "mother", "aunt", "auntie", "aunty", "uncle", "family", "school", "friends"]}}]},
    {"factor": "child_present", "child_context": "child", "absent": True, "phrases": [
        "away for the weekend", "on holiday with", "away on holiday"]},
    {"factor": "child_present", "child_context": "child", "phrases": [
        "in the living room", "in the front room", "in the lounge when", "in the sitting room"]},
    # Elsewhere at the time, said of the children: read as "not present" ("Both children ... were at school at the
    # time", "were at their nan's in Paignton so did not see or hear it")
    {"factor": "child_present", "child_context": "child", "absent": True, "phrases": [
        "at school at the time", "at nursery at the time", "at college at the time", "at a friend's at the time",
        "were staying with their nan", "were staying with grandparents", "were away at the time",
        "were out at the time", "was out at the time", "were elsewhere", "was elsewhere", "were not home",
        "was not home", "were not at home", "was not at home",
        "did not see or hear", "didn't see or hear", "saw and heard nothing", "saw or heard nothing",
        "did not witness", "didn't witness", "did not hear anything", "didn't hear anything",
        "did not hear any of it", "didn't hear any of it", "did not see any of it", "didn't see any of it"]},
    # A child telling of violence between their parents in a child's words ("Daddy hits Mummy", "daddy was hurting
    # mummy") saw or heard it: the children were there, and it is domestic abuse (the next entry).
    {"factor": "child_present", "pattern": CHILD_ACCOUNT_OF_VIOLENCE},
    {"factor": "domestic_abuse", "pattern": CHILD_ACCOUNT_OF_VIOLENCE},
    {"factor": "child_alone", "phrases": [
        "left alone", "home alone", "left unsupervised", "unsupervised", "abandoned", "alone in the house",
        "alone at home", "alone in the flat", "left on their own", "left on her own", "left on his own",
        "no adult present", "no adults present", "without supervision", "not collected", "uncollected",
        "nobody collected", "no one collected", "left in the car", "alone in her cot", "alone in his cot",
        "alone in the cot", "alone in the car", "alone in the property", "no adult was home",
        "no adult was at home", "no adult at home", "no adults at home", "no adult in the house",
        "no adults were home", "no adult was present", "no adults were present",
        # a child left in charge of younger children ("often left to look after her two younger brothers")
        "left to look after", "left to care for", "left in charge of", "left looking after", "left caring for",
        "left to mind", "left to babysit",
        "no grown-up", "no grown up", "no grown-ups", "no grown ups", "no grownup", "no grownups",
        "nobody else in the flat", "nobody else in the house", "no one else in the flat", "no one else in the house",
        "no-one else in the flat", "no-one else in the house", "no parent present", "no parents present",
        "no carer present", "no adult anywhere", "left by themselves", "on their own in the", "by themselves in the",
        "found alone", "found on their own", "found on her own", "found on his own", "found by themselves"],
     "inherent_negation": True},
    {"factor": "child_alone", "pattern": [  # "have been on their own since last night", "alone overnight"
        {"LOWER": {"IN": ["own", "themselves", "herself", "himself", "alone"]}},
        {"LOWER": {"IN": ["since", "all", "for", "through"]}},
        {"LOWER": {"IN": ["last", "the", "several", "two", "three", "four", "many", "a", "an"]}, "OP": "?"},
        {"LOWER": {"IN": ["night", "yesterday", "hours", "weekend", "day", "evening", "morning", "afternoon"]}}]},
    {"factor": "child_alone", "pattern": [
        {"LOWER": {"IN": ["own", "themselves", "herself", "himself", "alone"]}}, {"LOWER": "overnight"}]},
    {"factor": "child_alone", "child_context": "child", "phrases": [  # "mummy's gone to the shop but ..."
        "been gone ages", "been gone for ages", "gone for ages", "been gone hours", "been gone for hours",
        "not seen his mum since", "not seen her mum since", "not seen their mum since", "not seen the mum since",
        "no sign of mum", "no sign of his mum", "no sign of her mum", "no sign of their mum",
        "mum hasn't come back", "mum has not come back", "mummy's not back", "mum's not back", "mum not back",
        "hasn't come back since", "has not come back since", "not come back since"]},
    {"factor": "child_alone", "child_context": "child", "inherent_negation": True, "pattern": [
        # a child's words through the letterbox: "Mummy went to get chips and she's not back yet"
        # (not across a clause word: "reported by mum ... after Ethan didn't come home" is the boy's missing episode)
        {"LOWER": {"IN": ["mummy", "mommy", "mammy", "mum", "mam"]}},
        {"IS_SENT_START": False, "LOWER": {"NOT_IN": ["after", "when", "because", "as", "since", "until", "before",
                                                      "that", "said", "says", "reported"]}, "OP": "{0,8}"},
        {"LOWER": {"IN": ["not", "n't", "never"]}}, {"LOWER": {"IN": ["back", "come", "came"]}},
        {"LOWER": {"IN": ["yet", "back", "home"]}, "OP": "?"}]},
    # "caller thinks Skye is on her own" (not "Mum is on her own with three children": a single parent)
    {"factor": "child_alone", "subject": "not_adult", "child_context": "notification", "not_followed_by": ["with"],
     "pattern": [{"LOWER": {"IN": ["is", "was", "been", "left", "are", "were"]}}, {"LOWER": "on"},
                 {"LOWER": {"IN": ["her", "his", "their"]}}, {"LOWER": "own"}]},
    {"factor": "child_alone", "pattern": [  # "left her two little ones by themselves"
        {"LOWER": "left"}, {"IS_ALPHA": True, "OP": "{0,4}"}, {"LOWER": "by"},
        {"LOWER": {"IN": ["themselves", "himself", "herself"]}}]},
    {"factor": "child_alone", "inherent_negation": True, "pattern": [  # "no adult in the flat", "nobody else home"
        {"LOWER": {"IN": ["no", "nobody", "noone", "no-one"]}},
        {"LOWER": {"IN": ["adult", "adults", "parent", "parents", "carer", "carers", "one", "else", "grown"]}},
        {"LOWER": {"IN": ["else", "-", "up", "ups"]}, "OP": "?"},
        {"LOWER": {"IN": ["was", "were"]}, "OP": "?"},
        {"LOWER": {"IN": ["in", "at", "present", "home", "there", "around", "anywhere", "with"]}},
        {"LOWER": {"IN": ["the", "them", "home"]}, "OP": "?"},
        {"LOWER": {"IN": ["flat", "house", "property", "home", "address", "them", "him", "her", "children", "kids"]},
         "OP": "?"}]},
    {"factor": "parental_conflict", "phrases": [
        "verbal argument", "verbal altercation", "verbal dispute", "verbal domestic", "verbal only", "argument",
        "arguments", "arguing", "argued", "shouting", "raised voices", "disagreement", "parental conflict",
        "dispute", "heated exchange", "verbal arg", "at each other's throats", "at each others throats", "rowing",
        "rows", "bickering", "screaming at each other", "shouting at each other", "verbal between",
        "verbal incident", "verbal row", "verbal exchange", "verbal disagreement", "slanging match", "had a row",
        "words exchanged", "exchanged words", "exchange of words", "cross words"]},
    {"factor": "school_attendance", "phrases": [
        "school attendance", "poor attendance", "low attendance", "attendance is", "attendance has",
        "reduced timetable", "part-time timetable", "part time timetable",
        "attendance this term", "attendance this year", "sessions missed", "no school place",
        "attendance of", "attendance currently", "attendance has dropped", "attendance rate",
        "persistent absence", "persistently absent", "absent from school", "absences", "unauthorised absence",
        "unauthorised absences", "missing from education", "child missing education", "cme",
        "not attending school", "not been in school", "not been to school", "not in school", "truancy",
        "truanting", "late to school", "lateness", "missed school", "missing school", "school refusal",
        "refusing to attend school", "attendance at school", "late most mornings", "not brought in",
        "attendance meeting", "'s attendance", "missed sessions", "missing from school",
        "not attending college", "not attending nursery", "not been in college", "not brought to nursery",
        "not currently attending school", "not currently in school", "not currently attending",
        "late most days", "late every day", "late nearly every day", "late most of the time",
        "instead of being in school", "instead of being at school", "instead of going to school",
        "instead of school", "when he should be in school", "when she should be in school",
        "when they should be in school"]},
    {"factor": "school_attendance", "pattern": [{"LIKE_NUM": True}, {"TEXT": "%"}, {"LOWER": "attendance"}]},
    {"factor": "school_attendance", "absent": True, "pattern": [  # "attendance 97%": good attendance is no worry
        {"LOWER": "attendance"}, {"LOWER": {"IN": ["is", "was", "at", "of", "now", ":"]}, "OP": "?"},
        {"TEXT": {"REGEX": "^(9[5-9]|100)$"}}, {"TEXT": "%"}]},
    {"factor": "school_attendance", "pattern": [  # "88% this term" (not "97% this year")
        {"TEXT": {"REGEX": "^([0-8]?[0-9]|9[0-4])$"}}, {"TEXT": "%"}, {"LOWER": {"IN": ["this", "last"]}},
        {"LOWER": {"IN": ["term", "half-term", "year"]}}]},
    {"factor": "school_attendance", "pattern": [  # "has come to 9 out of 30 sessions"
        {"LIKE_NUM": True}, {"LOWER": "out"}, {"LOWER": "of"}, {"LIKE_NUM": True},
        {"LOWER": {"IN": ["sessions", "days", "lessons", "school"]}}]},
    {"factor": "school_attendance", "pattern": [
        {"LOWER": {"IN": ["attendance", "attended", "attending"]}},
        {"LOWER": {"IN": ["is", "of", ":", "at", "was"]}, "OP": "?"},
        {"LIKE_NUM": True}, {"TEXT": "%"}]},
    {"factor": "school_attendance", "pattern": [
        {"LOWER": {"IN": ["missed", "missing", "absent"]}}, {"LIKE_NUM": True},
        {"LOWER": {"IN": ["sessions", "days", "lessons"]}}]},
    # a fall written as one: "attendance dropped to 52% since Sept", "Attendance down to 2-3 days a week"
    {"factor": "school_attendance", "pattern": [
        {"LOWER": "attendance"}, {"LOWER": {"IN": ["has", "had", "is", "now"]}, "OP": "?"},
        {"LOWER": {"IN": ["dropped", "down", "fallen", "fell", "falling", "dipped", "slipped", "reduced"]}},
        {"LOWER": "to"}]},
    # a child's or parent's own words: "we don't really go to school much now"
    {"factor": "school_attendance", "phrases": [
        "don't really go to school", "dont really go to school", "doesn't really go to school",
        "hardly goes to school", "hardly go to school", "hardly ever in school", "barely in school",
        "barely goes to school", "not been in much"]},
    {"factor": "offending", "subject": "not_adult", "phrases": [
        "anti-social behaviour", "antisocial behaviour", "anti social behaviour", "asb", "shoplifting",
        "without paying",
        "theft", "criminal damage", "burglary", "robbery", "youth offending", "yot", "youth justice",
        "possession of cannabis", "possession of a knife", "possession of an offensive weapon", "vandalism",
        "fighting", "online harm", "cyberbullying", "cyber bullying", "sexting", "sharing images",
        "harmful content", "inappropriate content", "community resolution", "charged with", "cautioned",
        "youth caution", "bullying", "throwing stones", "threatening messages", "abusive messages",
        "violent videos", "sharing violent", "criminal behaviour", "possession with intent",
        "threatening another pupil", "threatening other pupils", "threatening another child", "excluded for",
        "arrested for possession", "carrying a knife", "possession of drugs", "found with a knife",
        "found w/ a knife", "interviewed and released", "interviewed & released", "shared an indecent image",
        "sharing an indecent image", "shared indecent images", "shared an image", "youth referral",
        "yot prevention", "arrested for shoplifting", "arrested for criminal damage", "forwarding a nude",
        "forwarded a nude", "shared a nude", "sharing a nude", "sharing nudes", "shared nudes", "sent a nude"],
     "not_after_words": ["witness", "witnesses", "witnessed", "witnessing", "victim", "victims"]},
    {"factor": "non_engagement", "inherent_negation": True, "phrases": [
        "not engaging", "not engaged", "disengaged", "refused to engage", "refuses to engage",
        "refusing to engage", "declined support", "declined services", "declined help", "declined early help",
        "declined to engage", "declined the referral", "refused access", "refused entry", "no access",
        "would not allow", "uncooperative", "non-engagement", "non engagement", "did not attend appointments",
        "failed to attend", "no reply", "no response", "missed the last", "not known to services",
        "no agencies involved", "no agency involvement",
        "no professionals involved", "not open to any services", "closed due to non-engagement",
        "hostile to professionals", "would not engage", "will not engage", "reluctant to engage",
        "would not let", "declined all support", "declined all", "did not attend", "was not answered",
        "not answered", "refused to let", "declined the offer", "cancelled appointments",
        "not attended two meetings", "not attended meetings", "has not attended", "did not answer the door",
        "not answer the door", "not known to social care", "not known to any agencies", "not known to camhs",
        "no camhs involvement", "no involvement from", "did not turn up", "didn't turn up", "failed to turn up",
        "no-show", "dna", "dna'd", "unanswered", "calls ring out", "calls rang out", "not known to any service",
        "not under any service", "not under any services", "not open to any service", "no services involved",
        "left before seeing", "left before being seen", "did not wait to be seen", "self-discharged",
        "self discharged",
        "won't ring the police", "won't call the police",
        "refuses to call the police", "refused to call the police", "won't report it",
        "not currently open to", "not open to csc", "not open to social care", "not known to csc",
        "declined a referral", "refused a referral", "refused the referral", "declined referral", "refused support",
        "none answered", "not answered or returned", "nobody came to the door", "no one came to the door",
        "no-one came to the door", "no answer at the door", "hasn't answered", "has not answered", "not answering",
        "doesn't answer", "no other agencies", "no other agency", "no other services",
        "not returned calls", "not returned any calls", "not returned my calls", "not returned our calls",
        "not returned phone calls", "not returning calls", "not responded to", "no response to letters",
        "no response to calls", "not known to children's services",
        "not known to social services", "no previous involvement", "no previous social care involvement",
        "not known to any services", "cannot get mum to", "cannot get dad to", "cannot get the parents to",
        "cannot get parents to", "unable to get mum to",
        "unable to get dad to", "hasn't responded", "has not responded", "haven't responded", "have not responded",
        "hasn't replied", "has not replied", "not replied to"]},
    # "she declined the Early Help offer last month", "refused any help"
    {"factor": "non_engagement", "inherent_negation": True, "pattern": [
        {"LOWER": {"IN": ["declined", "declines", "refused", "refuses", "turned"]}},
        {"LOWER": "down", "OP": "?"},
        {"LOWER": {"IN": ["the", "an", "any", "all", "our", "further", "early", "help", "family", "a"]}, "OP": "{0,3}"},
        {"LOWER": {"IN": ["offer", "offers", "support", "help", "referral", "service", "services", "input"]}}]},
    {"factor": "non_engagement", "inherent_negation": True, "pattern": [  # "not come to either of the meetings"
        {"LOWER": {"IN": ["not", "n't", "never"]}},
        {"LOWER": {"IN": ["come", "came", "attended", "turned", "shown"]}}, {"LOWER": "up", "OP": "?"},
        {"LOWER": {"IN": ["to", "for", "at"]}, "OP": "?"}, {"IS_ALPHA": True, "OP": "{0,4}"},
        {"LOWER": {"IN": ["meeting", "meetings", "appointment", "appointments", "visit", "visits"]}}]},
    {"factor": "prolonged_wait", "phrases": ["still waiting", "been waiting", "long wait", "awaiting an appointment",
                                             "awaiting assessment"]},
    # a waiting list is a wait only when the sentence says it has gone on ("has been on the waiting list for five
    # months", "still on the waiting list", "since April"); "on waiting list for school counsellor" is not
    {"factor": "prolonged_wait", "requires_words": [
        "still", "since", "been", "weeks", "wks", "months", "month", "year", "years", "chased", "nobody", "never"],
     "phrases": ["waiting list", "waiting lists"]},
    {"factor": "prolonged_wait", "min_weeks": 8, "pattern": [
        {"LOWER": {"IN": ["waited", "waiting", "wait", "awaiting", "awaited"]}},
        {"IS_SENT_START": False, "OP": "{0,6}"},
        {"LIKE_NUM": True},
        {"LOWER": {"IN": ["weeks", "months", "years", "month", "year"]}}]},
    # --- history the notification itself states (matching to records may not find it)
    {"factor": "plan_stated", "phrases": [
        "cp plan", "child protection plan", "child protection plans", "cin plan", "child in need plan",
        "subject to child protection", "on a child protection plan", "subject to a cp plan"]},
    {"factor": "repeat_incident", "phrases": [
        "repeat incident", "repeat victim", "repeat domestic", "repeat domestic abuse", "repeat da incident",
        "third incident", "3rd incident", "third da incident", "3rd da incident", "third domestic", "3rd domestic",
        "fourth incident", "4th incident", "4th da incident", "fourth domestic", "4th domestic", "fifth incident",
        "5th incident"]},
    {"factor": "repeat_incident", "pattern": [  # "3rd DA call to this address", "the fourth time police attended"
        {"LOWER": {"IN": ["3rd", "third", "4th", "fourth", "5th", "fifth", "6th", "sixth", "7th", "seventh"]}},
        {"IS_ALPHA": True, "OP": "{0,2}"},
        {"LOWER": {"IN": ["call", "calls", "callout", "call-out", "incident", "incidents", "report",
                          "attendance"]}}]},
    {"factor": "repeat_incident", "pattern": [  # "Third time we have been out to this couple"
        {"LOWER": {"IN": ["3rd", "third", "4th", "fourth", "5th", "fifth", "6th", "sixth", "7th", "seventh"]}},
        {"LOWER": "time"}, {"IS_ALPHA": True, "OP": "{0,3}"},
        {"LOWER": {"IN": ["attended", "attending", "out", "called", "visited"]}}]},
    {"factor": "information_sharing", "pattern": [  # "Info for HV/school nurse only"
        {"LOWER": {"IN": ["info", "information"]}}, {"LOWER": "for"}, {"OP": "{0,4}"}, {"LOWER": "only"}]},
    {"factor": "information_sharing", "phrases": [
        "operation encompass", "op encompass", "for information", "for information only", "information sharing",
        "information only", "for your information", "fyi", "for awareness", "notification only",
        "sharing information", "for info", "witnessed an unrelated incident", "unrelated incident", "info share",
        "information share", "info only", "info-share", "logging for information", "logged for information",
        "logged only", "log only", "for logging only", "logged for info", "sharing for information",
        "info share only", "information share only", "information sharing only", "for your records", "for the record",
        "so the record is complete", "so you have it on record", "recorded as information",
        "recorded for information", "recording for information", "recorded for info", "routine notification",
        "info sharing", "info sharing only", "for information purposes", "just logging", "no action requested",
        "mash only", "per trust policy", "as per trust policy", "per our policy", "as per policy",
        "under our policy", "our policy asks", "policy asks us to", "our policy is to", "made only because",
        "only because our policy", "only because of our policy"]},
    # --- protective factors
    {"factor": "agency_engagement", "phrases": [
        "engaging with", "engaging well", "engages well", "engaged with", "engagement with", "working with",
        "accessing support", "receiving support", "attending appointments", "attends appointments",
        "attends regular appointments", "regular appointments", "regular contact with", "regular contact w/",
        "open to early help", "allocated social worker", "allocated family support worker", "supported by",
        "engaging well with", "attending counselling", "receiving counselling", "works well with",
        "in regular contact with", "is open to", "under the care of", "attending antenatal",
        "under the perinatal", "under the community mental health team",
        "already open to", "currently open to", "open to the community", "under camhs", "attends all appointments",
        "attended all appointments", "attends all her appointments", "attends all his appointments", "seen me weekly",
        "sees me weekly", "meets with me weekly", "meets me weekly", "baby clinic", "weekly visits",
        "home treatment team", "every weekly session", "is engaging", "are engaging", "attending all appointments",
        "attending all her appointments", "attending all his appointments", "attended every appointment",
        "attends every appointment", "attending every appointment", "never missed an appointment",
        "not missed an appointment",
        "weekly home visits", "daily home visits", "regular home visits", "fortnightly home visits",
        "compliant with licence", "compliant with his licence", "complying with his licence",
        "complying with her licence", "accepted an idva referral", "accepted the idva referral",
        "accepted idva support", "idva referral accepted", "referral accepted", "accepted a referral to the idva",
        "engaging with the idva", "working with the idva",
        # a carer treated by their GP ("takes tablets from the GP for it", "already seeing her GP, started
        # sertraline"); not a self-referral, which is how a form is headed or a child asks for help
        "tablets from the gp",
        "tablets from her gp", "tablets from his gp", "medication from the gp", "medication from her gp",
        "medication from his gp", "prescribed by the gp", "prescribed by her gp", "prescribed by his gp",
        "already seeing her gp", "already seeing his gp", "already seeing the gp", "already under the gp"]},
    {"factor": "agency_engagement", "pattern": [  # "the team are now visiting daily", "sees her CPN weekly"
        {"LOWER": {"IN": ["visiting", "visits", "visited", "seeing", "sees", "seen", "reviewing", "reviewed",
                          "supporting", "supported", "going", "goes", "attending", "attends", "booked"]}},
        {"LOWER": {"IN": ["her", "his", "their", "the", "a", "an", "my", "our", "cpn", "worker", "keyworker",
                          "key", "nurse", "team", "social", "gp", "counsellor", "hv", "midwife", "therapist",
                          "psychiatrist", "support", "to", "community", "alcohol", "drug", "service", "sessions",
                          "group", "mental", "health", "school", "me", "us", "him", "them", "in",
                          # "goes to the Wellbeing group weekly", "attends a parenting course weekly"
                          "wellbeing", "parenting", "peer", "postnatal", "perinatal", "recovery", "counselling",
                          "therapy", "course", "class", "classes", "programme", "clinic", "centre", "children's",
                          "baby", "toddler", "sure", "start"]}, "OP": "{0,4}"},
        {"LOWER": {"IN": ["daily", "weekly", "fortnightly", "monthly", "regularly", "twice-weekly"]}}]},
    {"factor": "agency_engagement", "pattern": [  # "kept every appointment", "attends every meeting with me"
        {"LOWER": {"IN": ["attended", "attends", "attending", "kept", "keeps", "keeping", "attend"]}},
        {"LOWER": {"IN": ["every", "all"]}}, {"IS_ALPHA": True, "OP": "{0,2}"},
        {"LOWER": {"IN": ["clinic", "clinics", "meeting", "meetings", "appointment", "appointments", "appts",
                          "session", "sessions", "visit", "visits", "scan", "scans", "contact", "contacts"]}}]},
    {"factor": "agency_engagement", "pattern": [  # "all scans & appts attended"
        {"LOWER": "all"}, {"OP": "{0,3}"},
        {"LOWER": {"IN": ["appointments", "appts", "scans", "sessions", "meetings", "contacts", "visits"]}},
        {"LOWER": {"IN": ["attended", "kept"]}}]},
    {"factor": "agency_engagement", "pattern": [  # "The school nurse is seeing Freya fortnightly"
        {"LOWER": {"IN": ["visiting", "visits", "seeing", "sees", "supporting", "supports", "meeting", "meets"]}},
        {"IS_TITLE": True, "OP": "{1,2}"},
        {"LOWER": {"IN": ["daily", "weekly", "fortnightly", "monthly", "regularly", "twice-weekly"]}}]},
    {"factor": "agency_engagement", "pattern": [  # "the perinatal team are seeing her every week"
        {"LOWER": {"IN": ["visiting", "visits", "seeing", "sees", "seen", "supporting", "meeting", "meets"]}},
        {"LOWER": {"IN": ["her", "him", "them", "me", "us", "mum", "dad", "the", "family"]}, "OP": "?"},
        {"LOWER": {"IN": ["every", "each", "twice", "once"]}},
        {"LOWER": {"IN": ["week", "fortnight", "day", "a"]}}]},
    # a service's name, or a request for one, is not the family's own support, nor by itself engagement
    # ("I am a family support worker", "Request: consideration of family support / early help")
    # a row between neighbours is not the parents' conflict; "shouting into a void" is a figure of speech; advice
    # given is a service, not the misuse ("discharged home with parents, alcohol advice given")
    {"factor": IGNORE, "phrases": [
        "dispute between two neighbours", "dispute between neighbours", "dispute between the neighbours",
        "neighbour dispute", "neighbour's dispute", "neighbours' dispute", "dispute with a neighbour",
        "dispute with neighbours", "dispute with the neighbours", "argument between two neighbours",
        "argument between neighbours", "argument with a neighbour", "argument with the neighbour",
        "shouting into a void", "shouting into the void", "punched holes in", "punched a hole in",
        "group of adult males", "group of adult men", "two men shouting", "the men shouting",
        # a baby's feed: "a propped bottle" is neglect's sign, not a weapon
        "propped bottle", "propped up bottle", "baby bottle", "baby's bottle", "feeding bottle", "bottle of milk",
        "milk bottle", "bottle feeding", "bottle fed", "bottle-fed", "bottle of formula", "formula bottle",
        "her bottle", "his bottle", "bottles of milk",
        "alcohol advice", "drug and alcohol advice", "alcohol and drug advice",
        "two women shouting", "the women shouting"]},
    {"factor": IGNORE, "phrases": [
        "family support worker", "family support team", "family support service", "family support practitioner",
        "family support hub", "consideration of family support", "request for family support",
        "referral for family support", "referral to family support", "family support / early help",
        "family support or early help", "family support and early help",
        *(f"{verb} {to} family support" for verb in ("referring", "refer", "referred", "signposting", "signposted",
                                                     "requesting", "requested", "applying")
          for to in ("for", "to"))]},
    # help taken up: "She has self-referred to the community drug service today", "has started counselling"
    {"factor": "agency_engagement", "phrases": [
        "self-referred to", "self referred to", "has started counselling", "started counselling",
        "accepted referral to", "agreed to work with", "sessions of the", "attended both", "attended all",
        "attended every"]},
    {"factor": "agency_engagement", "pattern": [  # "Connor has attended both YOS appts so far"
        {"LOWER": {"IN": ["attended", "attends", "kept"]}}, {"LOWER": {"IN": ["both", "all", "every", "each"]}},
        {"IS_ALPHA": True, "OP": "{0,2}"},
        {"LOWER": {"IN": ["appts", "appointments", "appointment", "sessions", "session", "meetings", "groups"]}}]},
    {"factor": "agency_engagement", "phrases": ["weekly sessions", "weekly session", "fortnightly sessions",
                                                "weekly listening visits", "listening visits", "weekly home visits",
                                                "sees her cpn", "sees his cpn", "seeing her cpn", "seeing his cpn",
                                                "sees a cpn"]},
    {"factor": "agency_engagement", "pattern": [  # "Has been to his first two diversion sessions"
        {"LOWER": "been"}, {"LOWER": "to"}, {"IS_ALPHA": True, "OP": "{0,4}"},
        {"LOWER": {"IN": ["sessions", "appointments", "meetings", "groups"]}}]},
    {"factor": "agency_engagement", "pattern": [  # "He turns up to his YOT sessions", "turned up to both sessions"
        {"LOWER": {"IN": ["turns", "turned", "turning"]}}, {"LOWER": "up"}, {"LOWER": {"IN": ["to", "for"]}},
        {"IS_ALPHA": True, "OP": "{0,3}"},
        {"LOWER": {"IN": ["sessions", "session", "appointments", "appointment", "meetings", "meeting", "groups"]}}]},
    {"factor": "agency_engagement", "pattern": [  # "still goes to her SMART recovery group every Thursday"
        {"LOWER": {"IN": ["goes", "going", "attends", "attending", "attended", "sees", "seeing", "see", "visit",
                          "visits", "attend", "meet", "meets"]}},
        # "going to Together Drug & Alcohol Service every Tues and Thurs"
        {"TEXT": {"REGEX": r"^[\w'&-]+$"}, "OP": "{0,6}"}, {"LOWER": "every"},
        {"LOWER": {"IN": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "week",
                          "fortnight", "mon", "tue", "tues", "wed", "weds", "thu", "thur", "thurs", "fri", "sat",
                          "sun"]}}]},
    # "the housing officer sees the family weekly": a worker's regular visits (a parent who "sees the children
    # weekly" is contact, not a service)
    {"factor": "agency_engagement", "requires_words": [
        "officer", "worker", "keyworker", "nurse", "visitor", "hv", "cpn", "team", "service", "practitioner",
        "midwife", "counsellor", "mentor", "sw", "therapist", "coordinator"], "pattern": [
        {"LOWER": {"IN": ["sees", "visits", "seeing", "visiting", "meets", "meeting", "supports", "supporting"]}},
        {"IS_ALPHA": True, "OP": "{0,3}"}, {"LOWER": {"IN": ["weekly", "fortnightly", "twice-weekly"]}}]},
    {"factor": "agency_engagement", "pattern": [  # "every week since August"
        {"LOWER": {"IN": ["service", "team", "worker", "keyworker", "counsellor", "cpn", "sessions", "group",
                          "appointments", "clinic"]}},
        {"LOWER": {"IN": ["every", "each", "once", "twice"]}}, {"LOWER": {"IN": ["week", "fortnight", "month", "a"]}}]},
    {"factor": "family_support", "phrases": [
        "supportive family", "family support", "support network", "supportive network", "family and friends",
        "friends and family", "support from family", "support from her family", "support from his family",
        "support from friends", "supportive grandparents", "extended family", "good support",
        "are supportive", "is supportive", "very supportive", "provide support", "provides support",
        "regular childcare", "provide childcare", "provides childcare", "close family", "family who help",
        "help daily", "is supporting her", "is supporting him", "are supporting her", "are supporting him",
        "supportive family network",
        "support from her mother", "support from his mother", "support from her parents", "staying with family",
        "staying with her mother", "staying with her parents", "family are supportive", "family is supportive",
        "supportive", "helps daily", "helping with", "is now helping", "helps with", "helps when",
        "staying with her aunt", "staying with his aunt", "staying with her sister", "staying with her nan",
        "staying with his nan", "staying with his grandparents", "staying with her grandparents",
        "stay with her parents", "stay with her mother", "stay with her mum", "stay with his parents",
        "stay with family", "go to her mum's", "support from her sister", "support from his sister",
        "support from her brother", "support from her mum", "support from his mum", "support from her nan",
        "support from her partner", "support from his partner", "support from her aunt", "family locally",
        "family in the area", "family nearby", "family support locally", "family close by", "taken to nan's",
        "taken to his nan's", "taken to her nan's", "mother looks after", "mum looks after", "nan looks after",
        "grandmother looks after", "grandparents look after", "pops in every day", "pops in daily", "very involved",
        "well supported by", "come to stay to help", "came to stay to help", "placed with mgm", "placed with mgf",
        "placed with maternal", "placed with paternal", "placed with grandparents", "placed with nan",
        "really good with him", "really good with her", "live next door", "doing the school run",
        "does the school run", "doing all of the care", "doing all the care", "looking after them full time",
        "looking after the children full time", "is looking after the children", "looking after him full time",
        "looking after her full time", "caring for him full time", "caring for her full time",
        "are looking after the children",
        "moved in to help", "moved in to support", "staying with them to help", "are staying with them",
        "is staying with them", "doing the school runs", "does the school runs", "stays most weekends",
        "stay most weekends", "round at bath time", "round at bathtime", "round at bedtime", "round to help",
        "usually round", "is usually round", "helps at bath time", "helps at bedtime"]},
    {"factor": "family_support", "requires_words": [*_RELATIVE_WORDS, "mum's"], "phrases": [
        # living nearby is not support by itself ("Stuart's grandad also lives locally"); helping is
        "are involved with", "is involved with", "very involved with", "help out", "helps out", "helping out",
        "help with", "doing drop-off", "does drop-off", "doing the drop-off", "does the drop-off",
        "drop-off and pick-up", "drop off and pick up", "doing pick-up", "does pick-up", "does the night feeds",
        "doing the night feeds", "to stay and help", "every day to help", "moved in for now", "has moved in",
        "have moved in", "comes over most days",
        "comes round most days", "is round most days", "are round most days", "comes over every day",
        "comes round every day", "pops round", "walks the kids to school", "walks them to school",
        "does their tea", "puts them to bed", "staying with their nan", "staying with their gran",
        "staying with their grandparents", "staying with nan", "staying with grandparents", "staying at her sister's",
        "staying at her mum's", "staying at his mum's", "staying at her parents'", "staying at her parents",
        "staying at his parents'", "staying at her nan's", "happy to keep him", "happy to keep her",
        "happy to keep them", "happy to have him", "happy to have her", "happy to have them", "as long as needed",
        "as long as is needed", "as long as they need", "walk to school", "walks to school", "coming in to help",
        "coming round to help", "coming over to help", "come in to help", "come round to help"]},
    {"factor": "family_support", "requires_words": [*_RELATIVE_WORDS, "mum", "mum's"], "phrases": [
        # "Rebecca's mum is coming from Lympstone to stay for the week", "her sister on her way over to stay"
        "coming to stay", "coming over to stay", "on her way over to stay", "on his way over to stay",
        "on their way over to stay", "on her way to stay", "on his way to stay", "to stay for the week",
        "to stay for a few days", "to stay for a while", "come to stay", "at hers for tea", "at his for tea",
        "at theirs for tea", "has her for tea", "has him for tea", "has them for tea"]},
    # "she has lots of help from her sister", "her mum is staying for a few days", "Her mum visits most days",
    # "She has Kieran at hers after school", "Dylan's nan is going to do the Monday school run"
    {"factor": "family_support", "requires_words": [*_RELATIVE_WORDS, "mum", "mum's"], "phrases": [
        "help from her sister", "help from her mum", "help from her mother", "help from his mum",
        "help from his mother",
        "help from her nan", "help from her parents", "help from his parents", "help from her family",
        "help from his family", "help from his sister", "help from her brother", "help from his brother",
        "is staying for a few days", "is staying for the week", "staying with ip", "staying with her and the kids",
        "staying with them tonight", "at hers after school", "at his after school", "at theirs after school",
        "school run", "school runs"]},
    {"factor": "family_support", "requires_words": [*_RELATIVE_WORDS, "mum"], "pattern": [
        {"LOWER": {"IN": ["visits", "visiting", "calls", "sees"]}}, {"LOWER": {"IN": ["most", "every", "each"]}},
        {"LOWER": {"IN": ["day", "days", "morning", "mornings", "evening", "evenings", "weekend", "weekends"]}}]},
    {"factor": "family_support", "requires_words": _RELATIVE_WORDS, "pattern": [
        # "Maternal nan Pauline MOSS collects Ruby from nursery every day"
        {"LOWER": {"IN": ["collects", "collecting", "picks", "picking", "takes", "taking", "drops", "dropping"]}},
        {"IS_ALPHA": True, "OP": "{0,3}"}, {"LOWER": {"IN": ["from", "to", "up", "off"]}},
        {"LOWER": {"IN": ["nursery", "school", "preschool", "pre-school"]}}]},
    {"factor": "family_support", "pattern": [  # "being looked after by mum's sister"
        {"LOWER": "looked"}, {"LOWER": "after"}, {"LOWER": "by"}, {"OP": "{0,3}"},
        {"LOWER": {"IN": ["grandmother", "grandfather", "grandparents", "grandma", "grandad", "nan", "nana", "gran",
                          "aunt", "aunty", "auntie", "uncle", "sister", "brother", "mum", "mother", "dad", "father",
                          "parents", "cousin"]}}]},
    {"factor": "family_support", "requires_words": [*_RELATIVE_WORDS, "mum"], "pattern": [
        # "Sophie's mum comes round every morning"
        {"LOWER": {"IN": ["comes", "come", "came", "pops", "popping", "calls", "goes", "is", "are"]}},
        {"LOWER": {"IN": ["round", "over", "in", "by", "across"]}},
        {"LOWER": {"IN": ["every", "most", "each"]}},
        {"LOWER": {"IN": ["day", "days", "morning", "mornings", "evening", "evenings", "afternoon", "afternoons",
                          "night", "nights", "weekend", "weekends"]}}]},
    {"factor": "family_support", "pattern": [  # "children taken to maternal grandmother", "went to stay with an aunt"
        {"LOWER": {"IN": ["taken", "went", "gone", "moved", "staying", "stay", "placed", "collected"]}},
        {"LOWER": {"IN": ["to", "with", "by"]}}, {"LOWER": {"IN": ["stay", "live"]}, "OP": "?"},
        {"LOWER": {"IN": ["with", "their", "his", "her", "the"]}, "OP": "?"},
        {"LOWER": {"IN": ["maternal", "paternal"]}, "OP": "?"},
        {"LOWER": {"IN": ["grandmother", "grandfather", "grandparents", "grandma", "grandad", "nan", "nana", "gran",
                          "aunt", "aunty", "auntie", "uncle"]}}]},
    {"factor": "family_support", "pattern": [  # "no family in the UK", "no family round here to help"
        {"LOWER": {"IN": ["no", "without"]}},
        {"LOWER": {"IN": ["family", "relatives", "friends", "support"]}},
        {"LOWER": {"IN": ["network", "nearby", "locally", "here", "in", "round", "around", "to"]}, "OP": "?"}]},
    {"factor": "family_support", "pattern": [  # "have Ezra two days a week", "has the children every weekend"
        {"LOWER": {"IN": ["have", "has", "having", "take", "takes", "taking"]}},
        {"IS_ALPHA": True, "LOWER": {"NOT_IN": [*_STAYING_OVER, "come", "came", "gone", "arrived", "attended",
                                                "missed", "worn", "had"]},
         "OP": "{1,2}"},
        {"LOWER": {"IN": ["one", "two", "three", "four", "1", "2", "3", "4", "every", "most"]}},
        {"LOWER": {"IN": ["days", "day", "nights", "night", "weekend", "weekends", "afternoons", "mornings",
                          "evenings"]}},
        {"LOWER": {"IN": ["a", "per", "each"]}, "OP": "?"}, {"LOWER": {"IN": ["week", "fortnight"]}, "OP": "?"}]},
    {"factor": "family_support", "pattern": [  # "Jodie's sister has Theo on the days she works"
        {"LOWER": {"IN": ["have", "has", "having", "take", "takes", "taking"]}},
        {"IS_ALPHA": True, "LOWER": {"NOT_IN": _STAYING_OVER},
         "OP": "{1,2}"},
        {"LOWER": "on"}, {"LOWER": "the"},
        {"LOWER": {"IN": ["days", "weekends", "nights", "mornings", "afternoons", "evenings"]}},
        {"LOWER": {"IN": ["she", "he", "they", "mum", "dad"]}}]},
    {"factor": "insight", "phrases": [
        "insight", "good insight", "shows insight", "willing to engage", "willingness to engage",
        "consented to", "agreed to a referral", "agreed to the referral", "accepts support", "accepted support",
        "receptive", "welcomes support", "wants support", "wants help", "want help", "keen to get help",
        "happy to talk", "agreed to me referring", "happy for info", "came in herself to tell",
        "came in himself to tell", "doing everything she can", "doing everything he can",
        "asked for help", "sought help", "acted protectively",
        "took responsibility", "happy for a referral", "happy to engage", "keen to engage", "open and honest",
        "agreed to engage", "keen to accept support", "accept support", "accepts the concerns",
        "accepted the concerns", "recognises the effect", "recognises the impact", "acknowledges the concerns",
        "acknowledged the concerns", "understands the concerns", "shows good insight", "has agreed to",
        "have agreed to", "happy to work with", "willing to work with", "keen to work with", "would like support",
        "would like a referral", "asking for help", "asking for advice", "asked for advice", "is open about",
        "very open", "open about all", "accepted a referral", "accepted the referral", "agreed to referral",
        "welcomes the referral", "welcomed the referral", "welcome some help", "owned up", "admitted it straight away",
        "both keen", "very keen", "were keen", "keen to sort", "would like some support", "would like some help",
        "wants the help", "asked what help", "said yes to", "accepts referral", "glad of the help",
        "glad of the support", "grateful for the help",
        "grateful for the support", "welcomed the help", "welcomed the support", "keen for support", "keen for help",
        "keen for some support", "keen for some help", "mortified", "would ease off", "will ease off",
        "happy for me to", "really open", "was open with", "accepts that", "accepted that", "admitted that",
        "would like this", "would like that"]},
    {"factor": "insight", "pattern": [  # "has already swapped two shifts", "had already rung his head of year"
        {"LOWER": {"IN": ["has", "have", "had"]}}, {"LOWER": "already"},
        {"LOWER": {"IN": ["swapped", "arranged", "booked", "changed", "sorted", "rung", "rang", "contacted"]}}]},
]

# A wait in these units counts as weeks.
WEEKS_PER_UNIT = {"week": 1, "weeks": 1, "month": 4.33, "months": 4.33, "year": 52, "years": 52}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a": 1}

# Common function words of other languages notifications arrive in; many of these and few English ones means
# the text is probably not English (a warning, not a refusal).
FOREIGN_FUNCTION_WORDS = frozenset(
    """
    der die das und ist nicht ein eine mit von auf für sich dem den le la les et est une des du pour dans pas
    el los las que del por para una con como nie jest się oraz na że și este cu pentru care ve bir bu ile için
    och att är det som och jag não uma com para isso
    """.split()
)

# Common given names in UK households (ONS top names across recent decades, plus names common in Scottish, Irish,
# Welsh, South Asian, African, Caribbean, Polish and Romanian families). Used only to recognise "Title Title"
# names the small model misses ("Ellie Ward", "WARD Ellie", "Jakub slapped her"); a name not listed is still
# found by the model or by the capitalised-surname patterns.
GIVEN_NAMES = frozenset(
    """
    olivia amelia isla ava mia ivy lily freya grace poppy evie sophie sophia emily chloe jessica kayleigh stacey
    gemma rebecca charlotte hannah lauren danielle samantha natalie leanne kirsty jade amber courtney megan
    abigail elizabeth katherine kathryn catherine victoria susan tracey tracy karen jacqueline margaret paige
    ellie ruby daisy millie scarlett harriet zoe jodie kelly emma sarah laura rachel nicola claire michelle lisa
    amy jennifer helen louise joanne donna julie angela dawn kerry shannon chelsea bethany holly georgia
    jasmine ella isabella isabelle florence willow rosie matilda elsie phoebe esme sienna maisie summer lucy
    molly eva erin layla alice harper aria luna violet ellie-mae lacey lexi tia keira nia cara kim jane
    pauline sharon debbie deborah wendy carol linda patricia pat janet diane sandra lynn anne ann mary kate
    katie beth jenny jen ruth eleanor hollie kayla demi leah caitlin caitlyn siobhan niamh aoife ciara orla
    eilidh morag bethan rhiannon carys sinead roisin aisha fatima zara maryam amira priya anjali sana nadia
    ayesha hafsa zainab khadija rukhsana aleena noor iqra simran harpreet manpreet jasleen asha deepa
    chiamaka adaeze ngozi amara precious blessing grace-ann shanice tanisha chantelle keisha aaliyah hodan
    amina ifeoma yetunde abena akua esi nia naomi kemi julia natalia magdalena aleksandra agnieszka katarzyna
    anna ewa joanna monika zuzanna maja elena ioana andreea maria alina gabriela daria oksana olena
    oliver george harry jack noah leo alfie charlie freddie thomas tom james william joshua daniel michael
    matthew christopher chris robert rob anthony jamie liam ryan callum kyle dean wayne lee craig darren jason
    nathan jordan bradley alexander alex benjamin ben samuel sam joseph joe edward richard stephen steven
    mason archie riley tyler reece kieran stuart gary paul mark david john peter andrew simon ian neil martin
    kevin scott shaun sean carl lewis luke adam aaron jake connor harvey toby max oscar arthur henry theo
    theodore finley finn jacob ethan logan dylan jayden jaden kai zac zachary louis lucas elliot harley
    frankie ronnie bobby billy tommy sonny jenson rory declan padraig ciaran euan rhys owen gareth niall
    fergus dale barry terry trevor keith brian colin graham derek clive nigel phil philip tony steve dave
    mohammed muhammad mohammad ahmed ali hassan hussein omar yusuf ibrahim adam imran zain ayaan arjun rohan
    sanjay raj amir bilal hamza usman kwame kofi emeka chinedu obinna tunde femi dawid jakub kacper
    bartosz mateusz pawel piotr tomasz lukasz marcin krzysztof michal szymon andrei ion mihai stefan
    alexandru florin vasile nikolai dmitri marcus jermaine tyrone leon dwayne andre abdi mohamed yasin
    charles frank albert stanley jim jimmy danny dan shane ricky reggie ronan aiden brandon cameron dominic
    elliott gabriel hugo isaac jude kian leighton mikey nathaniel ollie ruben sebastian teddy tobias zak dennis
    abbie alisha bella bonnie cerys darcey darcy eden esmee gracie imogen kacey lexie lottie macie marnie mollie
    orla pippa robyn sadie skye tilly tegan lola tia paige maisie kayden shona tanya sofia leah
    """.split()
)

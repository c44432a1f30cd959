"""Link the people mentioned in a notification to the hub's records index.

Three cleanly separated steps, so each can be tested, explained and later
vectorised or swapped for Splink on its own:

1. **Blocking** (`blocking_keys`, `person_keys`, `mention_keys`): short string
   keys computed the same way for a record and for a mention. The store indexes
   the keys of every record at import time and, given a mention's keys, returns
   the records sharing at least one. Keys are chosen so that near-exact variants
   (capitals, one typo, a nickname, day and month swapped, an age instead of a
   date of birth) still share a key, while no key is so broad ("born in 2015")
   that a look-up scans much of the index.
2. **Comparison** (`compare_*` functions): each field of a mention against a
   record gives one *outcome* ("exact", "nickname", "day/month swapped", ...).
   They are plain functions of normalised values, with no weights in them.
3. **Scoring** (`MatchParams`, `Matcher`): Fellegi–Sunter. Each outcome has an
   m-probability (how often a true match shows it) and a u-probability (how
   often two different people show it by chance). Its match weight is
   log2(m/u); the match probability is 1 / (1 + 2^-(prior weight + Σ weights)).
   The per-field weights are the explanation shown to a reviewer.

Fields are assumed independent given match status, as in Splink. Families
break that assumption (one surname, one address, sometimes one dob for twins),
so: the address outcome is conditioned on the postcode ("similar (same
postcode)" has its own, smaller, weight); a shared postcode is conditioned on
a shared surname; and a record with a plainly different given name is never
banded a confident "match". Exact name agreement can be weighted by how common
the name is in the index (`TermFrequencies`).

Parameters, all from the data: u-probabilities are measured on random pairs
of the hub's own index (`estimate_params`); m-probabilities by EM over blocked
candidate pairs (`triage.match_em`), with the documented defaults (DEFAULT_M)
as its prior; both saved with the model (`MatchParams.to_dict`, stored by
`Store.save_match_params` at records import). `triage link FILE.csv` can run
EM again over the file's own candidate pairs (`triage.linking`).
"""

from __future__ import annotations

import logging
import math
import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache

import jellyfish
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler

from triage.config import Settings
from triage.records import Candidate, FieldComparison, Mention, Person

log = logging.getLogger(__name__)

Lookup = Callable[[list[str]], Sequence[Person]]

FUZZY_NAME_THRESHOLD = 0.92  # Jaro-Winkler similarity for "similar spelling"
ADDRESS_THRESHOLD = 88.0  # best rapidfuzz score for "similar address"
PARTIAL_ADDRESS_THRESHOLD = 70.0  # ... and for "partly similar"
SCHOOL_THRESHOLD = 90.0  # rapidfuzz token_set_ratio for "same school"
MAX_NICKNAME_KEYS = 24  # cap on nickname roots emitted as keys for one name ("chris" has 18)
PHONETIC_KEY_LEN = 4  # metaphone codes truncated so a late typo keeps the key
WIDE_LOOKUP_BITS = 10.0  # a narrow look-up whose best record has this much field evidence needs no wider one
WIDE_LOOKUP_PROBABILITY = 0.5  # ... nor one whose best record is at least this likely
WIDE_LOOKUP_WEIGHT = math.log2(WIDE_LOOKUP_PROBABILITY / (1 - WIDE_LOOKUP_PROBABILITY))  # that chance, in bits

# --------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"[’‘`´']")
_SEPARATORS = re.compile(r"[-‐‑–—_.,/]+")
_NON_LETTERS = re.compile(r"[^a-z ]+")
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def name_parts(name: str | None) -> tuple[str, ...]:
    """Lower-case ASCII tokens of a name: 'O'BRIEN' -> ('obrien',), 'Smith-Jones' -> ('smith', 'jones').

    Police write surnames in capitals, referrers use accents, apostrophes and
    hyphens inconsistently: all of that must compare equal.
    """
    if not name:
        return ()
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _APOSTROPHES.sub("", text)
    text = _SEPARATORS.sub(" ", text)
    text = _NON_LETTERS.sub(" ", text)
    return tuple(text.split())


def normalise_postcode(postcode: str | None) -> str | None:
    """Upper case without spaces ('ex4 3ab' -> 'EX43AB'); None when empty."""
    if not postcode:
        return None
    text = re.sub(r"\s+", "", postcode).upper()
    return text or None


def postcode_district(postcode: str | None) -> str | None:
    """The outward code ('EX43AB' -> 'EX4'); a partial postcode is kept whole if it looks like one."""
    pc = normalise_postcode(postcode)
    if not pc:
        return None
    m = _POSTCODE.match(pc)
    if m:
        return m.group(1)
    if re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]?", pc):
        return pc
    return None


def normalise_text(text: str | None) -> str | None:
    """Lower-case words of an address or school name, punctuation dropped."""
    if not text:
        return None
    words = re.sub(r"[^a-z0-9 ]+", " ", text.lower()).split()
    return " ".join(words) or None


@lru_cache(maxsize=200_000)
def phonetic(token: str) -> str:
    """Metaphone code, truncated; '' for an empty token."""
    if not token:
        return ""
    return jellyfish.metaphone(token)[:PHONETIC_KEY_LEN].upper()


# --------------------------------------------------------------------------
# Nicknames
# --------------------------------------------------------------------------

# Common British diminutives missing from the (US-curated) nicknames dataset.
_UK_NICKNAMES: dict[str, tuple[str, ...]] = {
    "alfred": ("alfie", "alf"),
    "frederick": ("freddie", "freddy", "fred"),
    "sharon": ("shaz",),
    "barry": ("baz",),
    "gary": ("gaz",),
    "rebecca": ("bex", "becky", "becca"),
    "kerry": ("kez",),
    "derek": ("del",),
    "terence": ("tel", "terry"),
    "charlotte": ("lottie", "charlie"),
    "oliver": ("ollie", "olly"),
    "harrison": ("harry", "haz"),
    "henry": ("harry", "hal"),
    "william": ("will", "billy", "liam"),
    "alexander": ("alex", "xander", "sandy"),
    "jacob": ("jake",),
    "joseph": ("joe", "joey"),
    "thomas": ("tom", "tommy"),
    "daniel": ("dan", "danny"),
    "abigail": ("abi", "abbie", "abby"),
    "natalie": ("nat", "tally"),
    "natasha": ("nat", "tash", "tasha"),
    "nathan": ("nat", "nate"),
    "samuel": ("sam", "sammy"),
}


@lru_cache(maxsize=1)
def _nickname_tables() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """(name -> canonical names it is a nickname of, names that have nicknames).

    Built once from the `nicknames` package's shipped CSV (offline) plus the
    UK additions above.
    """
    try:
        from nicknames import NickNamer

        nick_lookup = NickNamer.default_lookup()
    except Exception as exc:  # pragma: no cover - dependency missing or broken
        log.warning("nicknames dataset unavailable (%s); using the small built-in list only", exc)
        nick_lookup = {}
    for canonical, nicks in _UK_NICKNAMES.items():
        nick_lookup.setdefault(canonical, set()).update(nicks)
    canonicals: dict[str, set[str]] = defaultdict(set)
    for canonical, nicks in nick_lookup.items():
        for nick in nicks:
            canonicals[nick.lower().replace(" ", "")].add(canonical.lower().replace(" ", ""))
    has_nicks = frozenset(k.lower().replace(" ", "") for k, v in nick_lookup.items() if v)
    return {k: frozenset(v) for k, v in canonicals.items()}, has_nicks


@lru_cache(maxsize=50_000)
def nickname_roots(token: str) -> frozenset[str]:
    """The canonical names a given name may stand for: 'mike' -> {michael, micheal, miguel}.

    A canonical name with nicknames is its own root ('michael' -> {michael}), so
    a nickname and its full form share a root, and so do two nicknames of one
    name ('mikey', 'mike'). A name with no known nicknames has no roots.
    """
    canonicals, has_nicks = _nickname_tables()
    roots = set(canonicals.get(token, ()))
    if token in has_nicks:
        roots.add(token)
    return frozenset(roots)


# --------------------------------------------------------------------------
# Blocking
# --------------------------------------------------------------------------


def _birth_months(dob: date | None, age: int | None, as_of: date | None, query: bool) -> list[str]:
    """Possible birth months ('2015-04'): the dob's (and, when querying, its day/month swap's),
    or every month of the two years an age at `as_of` allows."""
    if dob is not None:
        months = [f"{dob.year}-{dob.month:02d}"]
        swapped = _swapped(dob) if query else None
        if swapped is not None:
            months.append(f"{swapped.year}-{swapped.month:02d}")
        return months
    if age is not None and as_of is not None and 0 <= age < 130:
        return [f"{year}-{month:02d}" for year in (as_of.year - age - 1, as_of.year - age) for month in range(1, 13)]
    return []


def _swapped(dob: date) -> date | None:
    """The date with day and month exchanged, if that is a different valid date."""
    if dob.day == dob.month or dob.day > 12:
        return None
    try:
        return dob.replace(month=dob.day, day=dob.month)
    except ValueError:
        return None


def blocking_keys(
    given_name: str | None,
    family_name: str | None,
    dob: date | None,
    postcode: str | None,
    age: int | None = None,
    as_of: date | None = None,
    address: str | None = None,
    *,
    query: bool = False,
    wide: bool = False,
) -> list[str]:
    """Keys that a record and a mention of the same person very likely share.

    A record stores all its keys (`query=False`); a look-up (`query=True`)
    asks first for the narrow keys, which for a mention with a date of birth
    or age leaves out the broad name-only and address keys, so a look-up in a
    county index touches hundreds of records, not thousands; only when that
    finds nobody plausible does the matcher look again with `wide=True`
    (everything a record stores), for the badly garbled mention.

    - ``fn:<family phonetic>:<birth month>``: survives given-name nicknames and
      misspellings, one-letter surname typos, a mistyped day; queried with the
      swapped day/month too, and for an age (in the wider look-up), every month
      of both possible years.
    - ``gy:<given phonetic>:<birth month>``: survives a changed or misspelt surname.
    - ``gd:<given phonetic>:<day and month>``: survives a mistyped birth year.
    - ``dob:<iso>``: survives any name change; queried with the day/month swap too.
    - ``gf:<given phonetic>:<family phonetic>``, ``g3:<given phonetic>:<first three
      letters of the family name>`` and ``nk:<nickname root>:<family phonetic>``
      (Mike/Michael, Alfie/Alfred): for mentions with no dob.
    - ``pc:<postcode>:<given initial sound>``: a household's children by initial.
    - ``fp:<family phonetic>:<postcode>``: survives a missing or changed given name.
      Both postcode keys hold the postcode's characters sorted ("EX4 3AB" -> "34ABEX"), so
      two transposed characters ("EX4 3BA", "4171"/"4711") still share the key.
    - ``ad:<house number>:<street sound>``: survives names mangled at the same address
      (records, and mentions with no dob).

    Each part of a double-barrelled surname also gets its own family keys, so
    "Smith-Jones" is found from "SMITH" or "JONES".
    """
    keys: list[str] = []
    given = name_parts(given_name)
    family = name_parts(family_name)
    g0 = given[0] if given else ""
    g_code = phonetic(g0)
    f_codes: list[str] = []
    if family:
        f_codes.append(phonetic("".join(family)))
        if len(family) > 1:
            f_codes.extend(phonetic(p) for p in family if len(p) > 1)
    f_codes = list(dict.fromkeys(c for c in f_codes if c))
    # What a look-up asks for first: with a dob, the dob-based keys; with only an age (a whole
    # year or two of births: thousands of records), the name keys; the rest when looking wider.
    age_only = query and dob is None and age is not None
    months = _birth_months(dob, age, as_of, query) if not age_only or wide else []
    broad = not query or wide or dob is None

    for month in months:
        keys.extend(f"fn:{fc}:{month}" for fc in f_codes)
        if g_code:
            keys.append(f"gy:{g_code}:{month}")
    if dob is not None and g_code:
        keys.append(f"gd:{g_code}:{dob.month:02d}-{dob.day:02d}")
        swapped = _swapped(dob) if query else None
        if swapped is not None:
            keys.append(f"gd:{g_code}:{swapped.month:02d}-{swapped.day:02d}")
    if broad and g_code:
        keys.extend(f"gf:{g_code}:{fc}" for fc in f_codes)
        if family and len("".join(family)) >= 4:
            keys.append(f"g3:{g_code}:{''.join(family)[:3]}")
    if broad and g0 and f_codes:
        roots = sorted(nickname_roots(g0))[:MAX_NICKNAME_KEYS]
        keys.extend(f"nk:{root}:{f_codes[0]}" for root in roots)
    if dob is not None:
        keys.append(f"dob:{dob.isoformat()}")
        swapped = _swapped(dob) if query else None
        if swapped is not None:
            keys.append(f"dob:{swapped.isoformat()}")
    pc = normalise_postcode(postcode)
    if pc and (_POSTCODE.match(pc) or (pc.isdigit() and len(pc) >= 4)):  # a whole postcode, UK or numeric
        pc = "".join(sorted(pc))  # its characters in order, so two transposed ones still meet
        if g_code:
            keys.append(f"pc:{pc}:{g_code[0]}")
        keys.extend(f"fp:{fc}:{pc}" for fc in f_codes[:1])
    street = _street_key(address) if broad else None
    if street:
        keys.append(f"ad:{street}")
    return list(dict.fromkeys(keys))


_STREET = re.compile(r"\b(\d+[a-z]?)\s+([a-z]{3,})")


def _street_key(address: str | None) -> str | None:
    """'12 Acacia Road, Exeter' -> '12:AKS': the house number and the sound of the street's first word."""
    text = normalise_text(address)
    m = _STREET.search(text) if text else None
    return f"{m.group(1)}:{phonetic(m.group(2))}" if m else None


def person_keys(person: Person) -> list[str]:
    """Blocking keys of a record in the index (computed by the store at import)."""
    return blocking_keys(person.given_name, person.family_name, person.dob, person.postcode, address=person.address)


def mention_keys(mention: Mention, as_of: date, *, wide: bool = False) -> list[str]:
    """The keys to look a mention up by; an age without a dob uses `as_of` for birth months.

    Plus keys with the given and family names the other way round, for
    "SMITH Kayleigh" (records do not store them: they are look-up only).
    `wide=True` adds the broad keys (see `blocking_keys`).
    """
    keys = blocking_keys(
        mention.given_name, mention.family_name, mention.dob, mention.postcode, age=mention.age, as_of=as_of,
        address=mention.address, query=True, wide=wide,
    )
    given, family = name_parts(mention.given_name), name_parts(mention.family_name)
    if given and family:
        crossed = blocking_keys(family[0], " ".join(given), mention.dob, None, age=mention.age, as_of=as_of,
                                query=True, wide=wide)
        keys.extend(k for k in crossed if k.startswith(("fn:", "gf:")))
    return list(dict.fromkeys(keys))


# --------------------------------------------------------------------------
# Comparisons: normalised values in, outcome code out (no weights here)
# --------------------------------------------------------------------------

MISSING = "missing"


@dataclass(frozen=True)
class Prepared:
    """The normalised fields of a record or mention, computed once per object."""

    given: tuple[str, ...]
    family: tuple[str, ...]
    dob: date | None
    age: int | None
    postcode: str | None
    address: str | None
    school: str | None
    household_id: str | None = None


@lru_cache(maxsize=200_000)
def prepare_person(person: Person) -> Prepared:
    return Prepared(
        name_parts(person.given_name), name_parts(person.family_name), person.dob, None,
        normalise_postcode(person.postcode), normalise_text(person.address), normalise_text(person.school),
        person.household_id,
    )


@lru_cache(maxsize=10_000)
def prepare_mention(mention: Mention) -> Prepared:
    return Prepared(
        name_parts(mention.given_name), name_parts(mention.family_name), mention.dob, mention.age,
        normalise_postcode(mention.postcode), normalise_text(mention.address), normalise_text(mention.school),
    )


def similar_spelling(x: str, y: str) -> bool:
    """Jaro-Winkler >= 0.92, or one edit (a typo or two letters swapped) in a name of 4+ letters."""
    if JaroWinkler.similarity(x, y) >= FUZZY_NAME_THRESHOLD:
        return True
    return min(len(x), len(y)) >= 4 and OSA.distance(x, y, score_cutoff=1) <= 1


def compare_given(a: tuple[str, ...], b: tuple[str, ...]) -> str:
    """exact / nickname / fuzzy / phonetic / initial / different / missing, on the first given name.

    "initial" (same first letter, nothing closer) covers "K. SMITH" and
    badly mangled names: weak evidence, but less damning than "different".
    """
    if not a or not b:
        return MISSING
    x, y = a[0], b[0]
    if x == y:
        return "exact"
    if nickname_roots(x) & nickname_roots(y):
        return "nickname"
    if similar_spelling(x, y):
        return "fuzzy"
    if phonetic(x) == phonetic(y):
        return "phonetic"
    if x[0] == y[0]:
        return "initial"
    return "different"


def compare_family(a: tuple[str, ...], b: tuple[str, ...]) -> str:
    """exact / partial (one part of a double-barrelled name) / fuzzy / phonetic / different / missing."""
    if not a or not b:
        return MISSING
    x, y = "".join(a), "".join(b)
    if x == y:
        return "exact"
    if (len(a) > 1 or len(b) > 1) and set(a) & set(b):
        return "partial"
    if similar_spelling(x, y):
        return "fuzzy"
    if phonetic(x) == phonetic(y):
        return "phonetic"
    return "different"


def compare_dob(a: date | None, b: date | None) -> str:
    """exact / swapped (day and month) / one_digit (one digit of YYYYMMDD) / year / different / missing."""
    if a is None or b is None:
        return MISSING
    if a == b:
        return "exact"
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return "swapped"
    if sum(c != d for c, d in zip(a.strftime("%Y%m%d"), b.strftime("%Y%m%d"), strict=True)) == 1:
        return "one_digit"
    if a.year == b.year:
        return "year"
    return "different"


def age_on(dob: date, on: date) -> int:
    """Age in whole years on a date."""
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def compare_age(age: int | None, dob: date | None, as_of: date) -> str:
    """consistent / off_by_one / inconsistent / missing: a stated age against a record's dob."""
    if age is None or dob is None:
        return MISSING
    diff = abs(age_on(dob, as_of) - age)
    if diff == 0:
        return "consistent"
    if diff == 1:
        return "off_by_one"
    return "inconsistent"


def compare_postcode(a: str | None, b: str | None) -> str:
    """exact / one_typo (one character wrong or two swapped) / district (same outward code) / different / missing."""
    if not a or not b:
        return MISSING
    if a == b:
        return "exact"
    if len(a) == len(b) and len(a) >= 4 and OSA.distance(a, b, score_cutoff=1) <= 1:
        return "one_typo"
    da, db = postcode_district(a), postcode_district(b)
    if da and da == db:
        return "district"
    return "different"


def condition_postcode(postcode_outcome: str, family_outcome: str) -> str:
    """exact -> exact_same_family when the surnames also agree.

    Families share surnames and postcodes, so for two different people a
    shared postcode is far likelier when they share a surname (a sibling, a
    parent). Scoring that combination with its own u keeps a brother from
    looking like his sister on surname and postcode alone.
    """
    if postcode_outcome == "exact" and family_outcome in ("exact", "partial"):
        return "exact_same_family"
    return postcode_outcome


def _house_numbers(text: str) -> set[str]:
    return set(re.findall(r"\b\d+[a-z]?\b", text))


def compare_address(a: str | None, b: str | None, postcode_outcome: str) -> str:
    """similar_same_postcode / similar / partly_similar / different / missing.

    Conditioned on the postcode outcome because a similar address within the
    same postcode is much weaker extra evidence than one found independently.
    The similarity is the best of three rapidfuzz scores, so a missing locality
    (token set), a split word ("keilor east"/"keilorzeast": plain ratio) or a
    reordering (token sort) each still read as similar; different house
    numbers are at best "partly similar" (a neighbour, or a mistyped number).
    """
    if not a or not b:
        return MISSING
    na, nb = _house_numbers(a), _house_numbers(b)
    score = max(fuzz.token_sort_ratio(a, b), fuzz.ratio(a, b), fuzz.token_set_ratio(a, b))
    if na and nb and not (na & nb):  # another house in the same street at best
        return "partly_similar" if score >= PARTIAL_ADDRESS_THRESHOLD else "different"
    if score >= ADDRESS_THRESHOLD:
        return "similar_same_postcode" if postcode_outcome == "exact" else "similar"
    if score >= PARTIAL_ADDRESS_THRESHOLD:
        return "partly_similar"
    return "different"


def compare_school(a: str | None, b: str | None) -> str:
    """same / different / missing."""
    if not a or not b:
        return MISSING
    return "same" if fuzz.token_set_ratio(a, b) >= SCHOOL_THRESHOLD else "different"


def outcome_vector(a: Prepared, b: Prepared, as_of: date) -> tuple[tuple[str, str], ...]:
    """(field, outcome) for every field of a mention-or-record `a` against a record `b`.

    The single definition of a comparison: the matcher explains it, EM counts
    it (triage.match_em). An age without a dob on `a` is compared as "age".
    """
    given, family = compare_given(a.given, b.given), compare_family(a.family, b.family)
    if given in ("different", "initial") and family == "different" and a.given and a.family:
        # "SMITH Kayleigh": given and family names written the other way round
        crossed_given = compare_given(tuple(a.family), b.given)
        crossed_family = compare_family(tuple(a.given), b.family)
        if crossed_given in ("exact", "nickname", "fuzzy") and crossed_family in ("exact", "fuzzy", "partial"):
            given, family = "names_swapped", crossed_family
        elif crossed_given in ("exact", "fuzzy") or crossed_family in ("exact", "fuzzy"):
            given = "names_crossed"  # one name written in the other's place, the other name unlike
    if a.dob is None and a.age is not None:
        dob_or_age = ("age", compare_age(a.age, b.dob, as_of))
    else:
        dob_or_age = ("dob", compare_dob(a.dob, b.dob))
    pc = compare_postcode(a.postcode, b.postcode)
    return (
        ("given_name", given),
        ("family_name", family),
        dob_or_age,
        ("postcode", condition_postcode(pc, family)),
        ("address", compare_address(a.address, b.address, pc)),
        ("school", compare_school(a.school, b.school)),
    )


# --------------------------------------------------------------------------
# Parameters and weights
# --------------------------------------------------------------------------

# Hand-set m-probabilities (P(outcome | same person)), from the error rates one
# expects in free-text referrals: surnames change, dobs are mistyped, families
# move, children change school. Documented defaults, not estimated; see
# estimate_params.
DEFAULT_M: dict[str, dict[str, float]] = {
    "given_name": {
        "exact": 0.80, "nickname": 0.06, "fuzzy": 0.05, "phonetic": 0.04, "initial": 0.02, "different": 0.03,
        "names_swapped": 0.005, "names_crossed": 0.005,
    },
    "family_name": {"exact": 0.85, "partial": 0.03, "fuzzy": 0.05, "phonetic": 0.02, "different": 0.05},
    "dob": {"exact": 0.88, "swapped": 0.03, "one_digit": 0.04, "year": 0.02, "different": 0.03},
    "age": {"consistent": 0.85, "off_by_one": 0.12, "inconsistent": 0.03},
    "postcode": {"exact": 0.75, "exact_same_family": 0.75, "one_typo": 0.03, "district": 0.09, "different": 0.13},
    "address": {"similar_same_postcode": 0.8, "similar": 0.6, "partly_similar": 0.15, "different": 0.2},
    "school": {"same": 0.75, "different": 0.25},
    "household": {"shared": 0.6},
}

# u-probabilities (P(outcome | different people)) for a UK county index of tens
# of thousands of records; estimate_params replaces them from the hub's own index.
DEFAULT_U: dict[str, dict[str, float]] = {
    "given_name": {
        "exact": 0.008, "nickname": 0.003, "fuzzy": 0.004, "phonetic": 0.006, "initial": 0.07, "different": 0.909,
        "names_swapped": 0.0001, "names_crossed": 0.001,
    },
    "family_name": {"exact": 0.004, "partial": 0.0005, "fuzzy": 0.003, "phonetic": 0.003, "different": 0.9895},
    "dob": {"exact": 5e-5, "swapped": 3e-5, "one_digit": 0.0008, "year": 0.012, "different": 0.987},
    "age": {"consistent": 0.013, "off_by_one": 0.026, "inconsistent": 0.961},
    "postcode": {"exact": 0.0005, "exact_same_family": 0.004, "one_typo": 0.0005, "district": 0.02, "different": 0.979},
    "address": {"similar_same_postcode": 0.07, "similar": 0.0002, "partly_similar": 0.01, "different": 0.9898},
    "school": {"same": 0.02, "different": 0.98},
    "household": {"shared": 0.05},
}

# Outcomes whose u is conditional on another field, so not sampled from random pairs.
CONDITIONAL_OUTCOMES = frozenset({"similar_same_postcode", "exact_same_family", "names_swapped", "names_crossed"})

DEFAULT_PRIOR = 1e-5  # P(a mention and one given record are the same person)

# How a field and an outcome read in an explanation.
FIELD_LABELS = {
    "given_name": "given name", "family_name": "family name", "dob": "date of birth", "age": "age",
    "postcode": "postcode", "address": "address", "school": "school", "household": "household",
}
OUTCOME_LABELS = {
    "exact": "exact", "nickname": "nickname", "initial": "same initial only", "fuzzy": "similar spelling",
    "phonetic": "sounds alike",
    "partial": "shares part of name", "different": "different", "missing": "missing",
    "swapped": "day/month swapped", "names_swapped": "given and family names swapped",
    "names_crossed": "one name in the other's place",
    "one_digit": "one digit off", "year": "same year only",
    "consistent": "consistent with dob", "off_by_one": "within a year of dob", "inconsistent": "inconsistent with dob",
    "district": "same district", "one_typo": "one character off", "partly_similar": "partly similar",
    "exact_same_family": "exact (shared surname)",
    "similar_same_postcode": "similar (same postcode)", "similar": "similar",
    "same": "same", "shared": "shared with another person mentioned",
}


def _weight(m: float, u: float) -> float:
    return math.log2(max(m, 1e-12) / max(u, 1e-12))


@dataclass(frozen=True)
class MatchParams:
    """m- and u-probabilities per field outcome, and the prior λ; saved beside the model as JSON."""

    m: Mapping[str, Mapping[str, float]] = field(default_factory=lambda: {k: dict(v) for k, v in DEFAULT_M.items()})
    u: Mapping[str, Mapping[str, float]] = field(default_factory=lambda: {k: dict(v) for k, v in DEFAULT_U.items()})
    prior: float = DEFAULT_PRIOR
    notes: Mapping[str, str] = field(default_factory=dict)

    def weight(self, field_name: str, outcome: str) -> float:
        """log2(m/u) for one outcome; 0 for a missing value (no evidence either way)."""
        if outcome == MISSING:
            return 0.0
        return _weight(self.m[field_name][outcome], self.u[field_name][outcome])

    @property
    def prior_weight(self) -> float:
        """log2 of the prior odds λ/(1-λ)."""
        return math.log2(self.prior / (1.0 - self.prior))

    def to_dict(self) -> dict:
        return {
            "m": {f: dict(o) for f, o in self.m.items()},
            "u": {f: dict(o) for f, o in self.u.items()},
            "prior": self.prior,
            "notes": dict(self.notes),
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> MatchParams:
        """Inverse of to_dict; fields absent from an older file keep their defaults."""
        m = {k: dict(v) for k, v in DEFAULT_M.items()}
        u = {k: dict(v) for k, v in DEFAULT_U.items()}
        for f, outcomes in data.get("m", {}).items():
            m.setdefault(f, {}).update({o: float(p) for o, p in outcomes.items()})
        for f, outcomes in data.get("u", {}).items():
            u.setdefault(f, {}).update({o: float(p) for o, p in outcomes.items()})
        return cls(m=m, u=u, prior=float(data.get("prior", DEFAULT_PRIOR)), notes=dict(data.get("notes", {})))


def probability(total_weight: float) -> float:
    """1 / (1 + 2^-w), safe for large |w|."""
    if total_weight >= 0:
        return 1.0 / (1.0 + 2.0 ** (-total_weight))
    z = 2.0**total_weight
    return z / (1.0 + z)


def _sum_sq_freq(values: Iterable) -> tuple[float, int]:
    """Σ p² over the value distribution: the chance two random records agree exactly."""
    counts = Counter(v for v in values if v)
    n = sum(counts.values())
    if n < 2:
        return 0.0, n
    return sum(c * (c - 1) for c in counts.values()) / (n * (n - 1)), n


def _reservoir(items: Iterable[Person], k: int, rng: random.Random) -> tuple[list[Person], int]:
    """A uniform sample of at most k items from a stream, and the stream's length."""
    sample: list[Person] = []
    n = 0
    for n, item in enumerate(items, start=1):  # noqa: B007 - n is the count
        if len(sample) < k:
            sample.append(item)
        else:
            j = rng.randrange(n)
            if j < k:
                sample[j] = item
    return sample, n


def estimate_params(
    persons: Iterable[Person],
    *,
    as_of: date | None = None,
    n_pairs: int = 200_000,
    in_index_rate: float = 0.5,
    min_records: int = 200,
    seed: int = 0,
    base: MatchParams | None = None,
    em: bool = True,
    max_records: int = 200_000,
) -> MatchParams:
    """u-probabilities from random pairs of the index; m-probabilities by EM over its blocked pairs.

    u is the chance agreement among different people, so it is measured on
    random pairs of records (almost all pairs are of different people):
    exact-agreement rates exactly, as Σ p² over each field's values; the other
    outcomes from `n_pairs` sampled pairs, with add-half smoothing. The address
    outcome given the same postcode is sampled within postcodes. The prior is
    `in_index_rate` / number of records: a mentioned person is in the index
    with that probability, and then equally likely to be any one record.
    With fewer than `min_records` values for a field its default u is kept.
    m-probabilities: `em=True` runs `triage.match_em.estimate_m_from_index`
    (EM over blocked pairs within the index, households left out); with too
    few plain duplicates in the index the documented defaults (DEFAULT_M) are
    kept and `notes["m"]` says so.

    `persons` may be a stream (`Store.all_persons()`): a uniform sample of at
    most `max_records` is kept, so a million-record index is estimated in
    bounded memory; chance-agreement rates from 200,000 records are as good
    as from all of them. The prior uses the full count.
    """
    base = base or MatchParams()
    as_of = as_of or date.today()
    u = {f: dict(o) for f, o in base.u.items()}
    persons, n = _reservoir(persons, max_records, random.Random(f"sample-{seed}"))
    notes = {"u": f"estimated from {len(persons)} of {n} records, {n_pairs} random pairs (seed {seed})",
             "m": "hand-set defaults", "in_index_rate": str(in_index_rate)}
    if n < min_records:
        log.info("only %d records: keeping default u-probabilities", n)
        notes["u"] = f"defaults (index of {n} records is below {min_records})"
        prior = base.prior if n == 0 else min(0.5, in_index_rate / n)
        return MatchParams(m=base.m, u=u, prior=prior, notes=notes)

    prepped = [prepare_person(p) for p in persons]
    rng = random.Random(seed)
    outcome_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for _ in range(n_pairs):
        a, b = prepped[rng.randrange(len(prepped))], prepped[rng.randrange(len(prepped))]
        if a is b:
            continue
        outcome_counts["given_name"][compare_given(a.given, b.given)] += 1
        outcome_counts["family_name"][compare_family(a.family, b.family)] += 1
        outcome_counts["dob"][compare_dob(a.dob, b.dob)] += 1
        if a.dob is not None:
            outcome_counts["age"][compare_age(age_on(a.dob, as_of), b.dob, as_of)] += 1
        pc = compare_postcode(a.postcode, b.postcode)
        outcome_counts["postcode"][pc] += 1
        if pc != "exact":
            outcome_counts["address"][compare_address(a.address, b.address, pc)] += 1
        outcome_counts["school"][compare_school(a.school, b.school)] += 1

    # Addresses within one postcode: how often do two different records look alike?
    by_postcode: dict[str, list[Prepared]] = defaultdict(list)
    for p in prepped:
        if p.postcode and p.address:
            by_postcode[p.postcode].append(p)
    groups = [g for g in by_postcode.values() if len(g) > 1]
    same_pc: Counter[str] = Counter()
    for _ in range(min(n_pairs // 10, 20_000) if groups else 0):
        g = groups[rng.randrange(len(groups))]
        a, b = rng.sample(g, 2)
        if a.household_id and a.household_id == b.household_id:
            continue  # same household: same address by construction, not by chance
        same_pc[compare_address(a.address, b.address, "exact")] += 1

    for f, counts in outcome_counts.items():
        counts.pop(MISSING, None)
        total = sum(counts.values())
        if total < min_records:
            continue
        outcomes = [o for o in u[f] if o not in CONDITIONAL_OUTCOMES]
        for o in outcomes:
            u[f][o] = (counts[o] + 0.5) / (total + 0.5 * len(outcomes))
    exact_sources = {
        "given_name": (p.given[0] if p.given else None for p in prepped),
        "family_name": ("".join(p.family) for p in prepped),
        "dob": (p.dob for p in prepped),
        "postcode": (p.postcode for p in prepped),
    }
    for f, values in exact_sources.items():
        rate, count = _sum_sq_freq(values)
        if count >= min_records and rate > 0:
            u[f]["exact"] = rate
    # Postcodes within one surname: siblings and parents are the chance agreements that matter.
    by_family: dict[str, list[Prepared]] = defaultdict(list)
    for p in prepped:
        if p.family and p.postcode:
            by_family["".join(p.family)].append(p)
    fam_groups = [g for g in by_family.values() if len(g) > 1]
    weights = [len(g) * (len(g) - 1) for g in fam_groups]  # pairs, so common surnames count fully
    same_fam: Counter[bool] = Counter()
    if fam_groups:
        for g in rng.choices(fam_groups, weights=weights, k=min(n_pairs // 10, 20_000)):
            a, b = rng.sample(g, 2)
            same_fam[a.postcode == b.postcode] += 1
    if sum(same_fam.values()) >= min_records:
        u["postcode"]["exact_same_family"] = (same_fam[True] + 0.5) / (sum(same_fam.values()) + 1.0)
    total_same = sum(same_pc.values())
    if total_same >= min_records:
        u["address"]["similar_same_postcode"] = (same_pc["similar_same_postcode"] + 0.5) / (total_same + 1.0)
    params = MatchParams(m=base.m, u=u, prior=min(0.5, in_index_rate / n), notes=notes)
    if em:
        from triage.match_em import estimate_m_from_index  # here: match_em builds on this module

        params = estimate_m_from_index(params, persons, as_of, seed=seed)
    return params


@dataclass(frozen=True)
class TermFrequencies:
    """How many records carry each (normalised) given and family name.

    Agreeing on "Smith" is weaker evidence than agreeing on "Kowalczyk": with
    these counts an exact name agreement is weighted log2(m / (count/total))
    instead of the field's average u (Splink's term-frequency adjustment).
    Derived from the index when the matcher is set up, not saved with the
    params, so the parameters file holds no names.
    """

    given: Mapping[str, int]
    family: Mapping[str, int]
    total: int

    @classmethod
    def from_persons(cls, persons: Iterable[Person]) -> TermFrequencies:
        given: Counter[str] = Counter()
        family: Counter[str] = Counter()
        total = 0
        for p in persons:
            total += 1
            g, f = name_parts(p.given_name), name_parts(p.family_name)
            if g:
                given[g[0]] += 1
            if f:
                family["".join(f)] += 1
        return cls(dict(given), dict(family), total)

    def u(self, field_name: str, value: str) -> float | None:
        """count/total for a value, at least 1/total; None without counts."""
        table = self.given if field_name == "given_name" else self.family
        if self.total <= 0:
            return None
        return max(table.get(value, 0), 1) / self.total


# --------------------------------------------------------------------------
# The matcher
# --------------------------------------------------------------------------


def _given_name_differs(comparisons: Iterable[FieldComparison]) -> bool:
    return any(c.field == FIELD_LABELS["given_name"] and c.outcome == OUTCOME_LABELS["different"] for c in comparisons)


class Matcher:
    """Score mentions against records and explain each score field by field.

    Bands: candidates below `settings.possible_threshold` are not returned at
    all (no "none" band entries): a mention with no plausible record simply
    has no candidates, which the pipeline reads as "not known to the index".
    At most one candidate per mention is a "match" (the most probable); any
    other above the match threshold is shown as "possible", as is a record
    whose given name is plainly different (see `band`). Probabilities are
    never altered by these caps, only the bands.

    `frequencies` (optional) switches on term-frequency adjustment of exact
    name agreements; see TermFrequencies.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        params: MatchParams | None = None,
        frequencies: TermFrequencies | None = None,
    ):
        self.settings = settings or Settings()
        self.params = params or MatchParams()
        self.frequencies = frequencies

    def _fc(self, field_name: str, outcome: str, detail: str = "") -> FieldComparison:
        label = OUTCOME_LABELS.get(outcome, outcome)
        return FieldComparison(FIELD_LABELS[field_name], label, self.params.weight(field_name, outcome), detail)

    def _name_fc(self, field_name: str, outcome: str, value: str, detail: str) -> FieldComparison:
        """A name comparison, term-frequency adjusted when it agrees exactly and counts are known."""
        if outcome == "exact" and self.frequencies is not None and value:
            u = self.frequencies.u(field_name, value)
            if u is not None:
                count = max(round(u * self.frequencies.total), 1)
                weight = _weight(self.params.m[field_name]["exact"], u)
                detail = f"{detail} ({count:,} in {self.frequencies.total:,} records)"
                return FieldComparison(FIELD_LABELS[field_name], OUTCOME_LABELS["exact"], weight, detail)
        return self._fc(field_name, outcome, detail)

    def compare(self, mention: Mention, person: Person, as_of: date) -> tuple[FieldComparison, ...]:
        """One FieldComparison per field, weights in log2 Bayes factors.

        The outcomes come from `outcome_vector`, the same function EM
        estimation counts, so what is explained is exactly what was estimated.
        """
        a, b = prepare_mention(mention), prepare_person(person)
        details = {
            "given_name": _detail(mention.given_name, person.given_name),
            "family_name": _detail(mention.family_name, person.family_name),
            "dob": _detail(a.dob, b.dob),
            "age": (f"aged {a.age} vs {age_on(b.dob, as_of)} on {as_of.isoformat()} (dob {b.dob})"
                    if b.dob else f"aged {a.age}; no dob on the record"),
            "postcode": _detail(mention.postcode, person.postcode),
            "address": _detail(mention.address, person.address),
            "school": _detail(mention.school, person.school),
        }
        out = []
        for field_name, outcome in outcome_vector(a, b, as_of):
            if field_name == "given_name":
                out.append(self._name_fc(field_name, outcome, b.given[0] if b.given else "", details[field_name]))
            elif field_name == "family_name":
                out.append(self._name_fc(field_name, outcome, "".join(b.family), details[field_name]))
            else:
                out.append(self._fc(field_name, outcome, details[field_name]))
        return tuple(out)

    explain = compare

    def probability(self, comparisons: Iterable[FieldComparison]) -> float:
        """Prior weight plus the field weights, through the logistic in base 2."""
        return probability(self.params.prior_weight + sum(c.weight for c in comparisons))

    @staticmethod
    def caution(comparisons: Iterable[FieldComparison]) -> str | None:
        """What a reviewer must check before confirming, when the probability alone would mislead.

        The probability multiplies field evidence as if independent; a relative at the same address agrees on
        surname, address and household, so a record with another given name can score "over 99%" and still
        be somebody else (which is why `band` never calls it a match).
        """
        if _given_name_differs(comparisons):
            return "The given name is different: this may be a relative at the same address. Check before confirming."
        return None

    def band(self, p: float, comparisons: Iterable[FieldComparison] = ()) -> str:
        """match / possible / none by the thresholds, with one safety cap.

        A record whose given name is plainly different is never a confident
        "match", however well the rest agrees: twins and siblings share
        surname, postcode and sometimes dob, which the independence
        assumption over-counts. A person checks it instead ("possible").
        """
        if p >= self.settings.match_threshold and not _given_name_differs(comparisons):
            return "match"
        if p >= self.settings.possible_threshold:
            return "possible"
        return "none"

    def link(
        self, mentions: Sequence[Mention], lookup: Lookup, as_of: date, rejected: Collection[tuple[int, str]] = ()
    ) -> list[Candidate]:
        """Candidates for every mention of one notification, ranked within each mention.

        `rejected` holds (mention index, person_id) pairs a researcher has
        rejected for this notification: they are never proposed again, nor
        count as household evidence, so the next-best record can take the band.

        Household evidence: when another mention of the same notification has a
        plausible candidate (field weights favour a match) in the same household
        as this candidate, a "household" weight is added to both.
        """
        # Score every candidate with plain numbers; explanations are built only for the few returned.
        # Narrow keys first; the wide ones only when nobody plausible was found (see blocking_keys): nobody at
        # WIDE_LOOKUP_PROBABILITY or above, and nobody with WIDE_LOOKUP_BITS of field evidence. A fixed chance,
        # not the "possible" band, which is a display setting.
        scored: list[dict[str, tuple[Person, float]]] = []
        enough = min(WIDE_LOOKUP_BITS, WIDE_LOOKUP_WEIGHT - self.params.prior_weight)
        for mention in mentions:
            a = prepare_mention(mention)
            found: dict[str, tuple[Person, float]] = {}
            narrow = mention_keys(mention, as_of)
            for keys in (narrow, [k for k in mention_keys(mention, as_of, wide=True) if k not in set(narrow)]):
                if found and max(w for _, w in found.values()) >= enough:
                    break
                for person in lookup(keys) if keys else ():
                    if person.person_id not in found and (len(scored), person.person_id) not in rejected:
                        found[person.person_id] = (person, self._total_weight(a, prepare_person(person), as_of))
            scored.append(found)

        # Which households hold a plausible candidate for each mention?
        plausible: list[dict[str, set[str]]] = []  # mention -> household_id -> person_ids
        for found in scored:
            homes: dict[str, set[str]] = defaultdict(set)
            for pid, (person, weight) in found.items():
                if person.household_id and weight > 0:
                    homes[person.household_id].add(pid)
            plausible.append(homes)
        household_weight = self.params.weight("household", "shared")
        candidates: list[Candidate] = []
        for i, found in enumerate(scored):
            partners: dict[str, list[str]] = {}
            ranked = []
            for pid, (person, weight) in found.items():
                hid = person.household_id
                if hid:
                    names = [mentions[j].text for j, homes in enumerate(plausible)
                             if j != i and homes.get(hid, set()) - {pid}]
                    if names:
                        partners[pid] = names
                        weight += household_weight
                ranked.append((probability(self.params.prior_weight + weight), pid, person))
            ranked.sort(key=lambda t: (-t[0], t[1]))
            has_match = False
            for p, pid, person in ranked[: self.settings.max_candidates]:
                if p < self.settings.possible_threshold:
                    break
                comps = list(self.compare(mentions[i], person, as_of))
                if pid in partners:
                    detail = "lives with a candidate for " + ", ".join(partners[pid])
                    comps.append(self._fc("household", "shared", detail))
                p = self.probability(comps)
                band = self.band(p, comps)
                if band == "match":
                    if has_match:
                        band = "possible"  # at most one confident match per mention; a person picks
                    has_match = True
                if band != "none":
                    candidates.append(Candidate(i, pid, p, band, tuple(comps)))
        return candidates

    def _total_weight(self, a: Prepared, b: Prepared, as_of: date) -> float:
        """Σ field weights of `compare`, without building the explanation (the hot loop of a look-up)."""
        total = 0.0
        for field_name, outcome in outcome_vector(a, b, as_of):
            if outcome == MISSING:
                continue
            if outcome == "exact" and self.frequencies is not None and field_name in ("given_name", "family_name"):
                value = (b.given[0] if b.given else "") if field_name == "given_name" else "".join(b.family)
                if value:
                    u = self.frequencies.u(field_name, value)
                    if u is not None:
                        total += _weight(self.params.m[field_name]["exact"], u)
                        continue
            total += self._weights[(field_name, outcome)]
        return total

    @cached_property
    def _weights(self) -> dict[tuple[str, str], float]:
        return {(f, o): self.params.weight(f, o) for f, outcomes in self.params.m.items() for o in outcomes}


def _detail(a: object, b: object) -> str:
    """'mention vs record' for the explanation, or which side is missing."""
    if a in (None, "") and b in (None, ""):
        return "not given on either side"
    if a in (None, ""):
        return "not in the notification"
    if b in (None, ""):
        return "not on the record"
    return f"{a} vs {b}"


def person_as_mention(person: Person) -> Mention:
    """A record of another file read as if it were a mention, for file-to-index linkage."""
    text = f"{person.given_name} {person.family_name}".strip()
    return Mention(
        text=text, start=0, end=len(text), given_name=person.given_name, family_name=person.family_name,
        dob=person.dob, address=person.address, postcode=person.postcode, school=person.school,
    )


def link_rows(
    rows: Iterable[Person], lookup: Lookup, as_of: date, matcher: Matcher | None = None
) -> list[tuple[str, str | None, float]]:
    """(row person_id, best matching record's person_id or None, its probability) per input row.

    For `triage link FILE.csv`: each row is linked on its own (no household
    evidence between rows). None with 0.0 when no candidate reaches the
    possible threshold.
    """
    matcher = matcher or Matcher()
    out: list[tuple[str, str | None, float]] = []
    for row in rows:
        cands = matcher.link([person_as_mention(row)], lookup, as_of)
        if cands:
            best = cands[0]
            out.append((row.person_id, best.person_id, best.probability))
        else:
            out.append((row.person_id, None, 0.0))
    return out

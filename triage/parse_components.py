"""The spaCy components behind `triage.parse`: sentences, entity patterns, risk factors, negation, people.

Each is registered with `@Language.factory` so the pipeline is built from config (and survives `nlp.pipe` with
several processes). Results live in span groups and one Doc extension holding plain JSON-able values, because
docs are serialised between worker processes and anything else would be lost or fail to pickle.

Span groups written:
- `doc.spans["triage"]`: DATE, AGE, SCHOOL_YEAR, POSTCODE, ADDRESS, SCHOOL, PHONE, POLICE_REF, DASH, REL, NAME,
  NAME_INV (kb_id carries a value: "mother|adult" for REL, "high:3" for DASH);
- `doc.spans["triage_risk"]`: one span per risk/protective factor (label = the guide's code);
- `doc.spans["triage_risk_negated"]`, `doc.spans["triage_risk_hypothetical"]`: the flagged subset;
- `doc._.triage_people`: list of dicts, one per distinct person, with "mentions" (every [start, end] char span).

Order in `triage.parse.load_pipeline`: triage_sentences, (model) tok2vec + ner, triage_patterns, triage_people,
triage_risk_factors, triage_negation, triage_factor_resolution -- people come before risk factors because whose
a factor is decides whether it counts: a "disclosure" must be a child's or about a child, an "injury" a child's
("IP had a cut lip" is not), an "intoxicated carer" not a drunk 15-year-old. The last component drops a factor
that a stronger one present stands for (parental conflict that became domestic abuse), by configuration.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from triage import lexicon
from triage.guide import FACTORS

log = logging.getLogger(__name__)

SPANS_KEY = "triage"
RISK_KEY = "triage_risk"
NEGATED_KEY = "triage_risk_negated"
HYPOTHETICAL_KEY = "triage_risk_hypothetical"

if not Doc.has_extension("triage_people"):
    Doc.set_extension("triage_people", default=None)


def _load_jsonl(path: str | None) -> list[dict[str, Any]]:
    """Extra entries from a JSONL file, so a hub can extend the vocabulary by configuration."""
    if not path:
        return []
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not valid JSON ({exc})") from exc
    return rows


# ------------------------------------------------------------------------------------------------ value parsing

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def two_digit_year(yy: int, today: date | None = None) -> int:
    """15 -> 2015, 88 -> 1988: the latest century that does not put the year in the future."""
    this_year = (today or date.today()).year
    return 2000 + yy if 2000 + yy <= this_year else 1900 + yy


def parse_date(text: str) -> date | None:
    """A UK-written date (day first) as a date, or None when it is not a real date."""
    t = " ".join(text.split())
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})", t):
            y = int(m[3])
            return date(two_digit_year(y) if len(m[3]) == 2 else y, int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?(?: of)? ([A-Za-z]+)\.?,? (\d{2}|\d{4})", t, re.I):
            mon = _MONTHS.get(m[2][:3].lower())
            y = int(m[3])
            return date(two_digit_year(y) if len(m[3]) == 2 else y, mon, int(m[1])) if mon else None
        if m := re.fullmatch(r"([A-Za-z]+) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", t, re.I):
            mon = _MONTHS.get(m[1][:3].lower())
            return date(int(m[3]), mon, int(m[2])) if mon else None
    except ValueError:
        return None
    return None


def age_from_text(text: str, label: str) -> int | None:
    """Years of age from an AGE or SCHOOL_YEAR span ("9 y/o" -> 9, "6 months old" -> 0, "Year 4" -> 8)."""
    low = text.lower()
    if label == "SCHOOL_YEAR":
        if "reception" in low:
            return 4
        m = re.search(r"\d+", low)
        return int(m[0]) + 4 if m else None  # Year N pupils are N+4 at the start of the school year
    m = re.search(r"\d+", low)
    return _years(int(m[0]), low) if m else None


def _years(n: int, unit: str) -> int:
    """A number written in `unit` ("6 months old", "wks", or health staff's "12" of "4/12" and "52" of "6/52")
    as whole years."""
    unit = unit.lower()
    if unit == "12" or re.search(r"month|mth", unit):
        return n // 12
    if unit == "52" or re.search(r"week|wk|day", unit):
        return 0
    return n


# ------------------------------------------------------------------------------------------------ sentences


@Language.factory("triage_sentences", default_config={"newline_breaks": True})
def make_sentences(nlp: Language, name: str, newline_breaks: bool) -> SentenceBoundaries:
    return SentenceBoundaries(newline_breaks)


class SentenceBoundaries:
    """Rule-based sentences (full stops and line breaks): cheaper than the parser and steadier on police notes."""

    ENDERS = frozenset({".", "!", "?", "...", "…"})
    # A full stop after these does not end a sentence ("d.o.b. 03-12-1998", "approx. 10 mins", "Tel. 07700").
    ABBREVIATIONS = frozenset({"d.o.b", "dob", "approx", "tel", "no", "ref", "mr", "mrs", "ms", "dr", "st", "sgt",
                               "insp", "det", "con", "ext", "mob", "e.g", "i.e", "etc", "hrs", "re", "b", "d.o.d"})
    CLOSERS = frozenset({'"', "'", ")", "]", "”", "’"})

    def __init__(self, newline_breaks: bool = True):
        self.newline_breaks = newline_breaks

    def __call__(self, doc: Doc) -> Doc:
        pending = False
        for i, tok in enumerate(doc):
            if i == 0:
                tok.is_sent_start = True
            elif tok.is_space:
                tok.is_sent_start = False
            elif pending and tok.text in self.CLOSERS:
                tok.is_sent_start = False
                continue
            else:
                tok.is_sent_start = pending
            if tok.is_space:
                pending = pending or (self.newline_breaks and "\n" in tok.text)
            elif tok.text == "." and i > 0 and doc[i - 1].lower_ in self.ABBREVIATIONS:
                pending = False
            elif pending and tok.text[:1].islower():
                tok.is_sent_start = False  # "... re. concerns": a lower-case word continues the sentence
                pending = False
            else:
                pending = tok.text in self.ENDERS
        return doc


# ------------------------------------------------------------------------------------------------ entity patterns

_FLAG_MAP = {"I": re.I}
_SCHOOL_LEADING_STOP = lexicon.NON_NAME_WORDS - {"st", "saint"} | {
    "attends", "attend", "attended", "from", "contacted", "called", "informed", "her", "his", "their", "local",
    "current", "previous", "new", "primary", "secondary"}


@Language.factory(
    "triage_patterns",
    default_config={"spans_key": SPANS_KEY, "patterns_path": None, "include_default": True},
)
def make_patterns(
    nlp: Language, name: str, spans_key: str, patterns_path: str | None, include_default: bool
) -> EntityPatterns:
    return EntityPatterns(nlp, spans_key, patterns_path, include_default)


class EntityPatterns:
    """Dates, ages, school years, postcodes, addresses, schools, phones, police refs, DASH, relationships, names.

    Structured items are a dozen regexes compiled once (cheaper and more exact than token patterns for
    "2015-04-03" or "EX1 2AB", which the tokenizer splits); words are a PhraseMatcher over LOWER; police-style
    names ("Kayleigh SMITH", "SMITH, Kayleigh") a token Matcher, because the small model misses ALL-CAPS names.
    """

    def __init__(self, nlp: Language, spans_key: str, patterns_path: str | None, include_default: bool):
        self.spans_key = spans_key
        extra = _load_jsonl(patterns_path)
        regex_entries = (lexicon.ENTITY_REGEXES if include_default else []) + [e for e in extra if "regex" in e]
        self.regexes = []
        for e in regex_entries:
            flags = 0
            for f in e.get("flags", ""):
                flags |= _FLAG_MAP[f]
            self.regexes.append((e["label"], re.compile(e["regex"], flags), int(e.get("tier", 0))))
        rels = dict(lexicon.RELATIONSHIPS) if include_default else {}
        for e in extra:
            if e.get("label") == "REL":
                rels[e["phrase"].lower()] = (e.get("relationship"), e.get("role"))
        self.rel_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for phrase, (rel, role) in rels.items():
            self.rel_matcher.add(f"{rel or ''}|{role or ''}", [nlp.make_doc(phrase)])
        # Letters in any script ("WÓJCIK", "Zoë"), an apostrophe inside ("O'BRIEN", "D'Arcy").
        word = r"^[^\W\d_]+(?:['’][^\W\d_]+)?$"
        title = {"IS_TITLE": True, "TEXT": {"REGEX": word}, "LOWER": {"NOT_IN": sorted(lexicon.NON_NAME_WORDS)}}
        caps = {"IS_UPPER": True, "LENGTH": {">=": 2}, "TEXT": {"REGEX": word, "NOT_IN": sorted(lexicon.ACRONYMS)}}
        hyphen = {"TEXT": {"IN": ["-", "‐"]}}
        self.name_matcher = Matcher(nlp.vocab)
        self.name_matcher.add("NAME", [[title, caps], [title, title, caps], [title, caps, hyphen, caps],
                                       [title, title, caps, hyphen, caps],
                                       [title, hyphen, title, caps], [title, hyphen, title, caps, hyphen, caps]])
        # ALL-CAPS full names ("KAYLEIGH SMITH") only where the context says a person follows or precedes,
        # since two capitalised words are as often an acronym pair; the context token is trimmed off later.
        before = {"LOWER": {"IN": ["mother", "mum", "father", "dad", "son", "daughter", "child", "pupil", "suspect",
                                   "victim", "ip", "partner", "brother", "sister", "stepdad", "stepfather", "for",
                                   "name", "named", "baby", "sibling", "grandmother"]}}
        after = {"LOWER": {"IN": ["dob", "d.o.b", "d.o.b.", "(", "aged", "born", "age"]}}
        first_caps = caps
        self.name_matcher.add("NAME", [[before, first_caps, caps], [first_caps, caps, after]])
        given = {"LOWER": {"IN": sorted(lexicon.GIVEN_NAMES)}, "IS_TITLE": True}
        lone = {"LOWER": {"IN": sorted(lexicon.GIVEN_NAMES - lexicon.AMBIGUOUS_GIVEN_NAMES)}, "IS_TITLE": True}
        # "Palmer, Michael" (surname first) but not a list of given names "Leo, Jamie".
        surname_title = {**title, "LOWER": {"NOT_IN": sorted(lexicon.NON_NAME_WORDS | lexicon.GIVEN_NAMES)}}
        label = {"TEXT": {"IN": [":", "about", "regarding"]}}  # "Adult: Oliwia Kowalski", "concerns about ..."
        self.name_matcher.add("NAME", [[given, title], [given, title, hyphen, title], [lone], [label, title, title],
                                       [given, hyphen, title, title]])  # "Ava-Grace Bellamy", "Harper-Lee Yeo"
        self.name_matcher.add("NAME_INV", [
            [caps, {"TEXT": ","}, title], [caps, hyphen, caps, {"TEXT": ","}, title], [caps, given],
            [caps, hyphen, caps, given], [surname_title, {"TEXT": ","}, given]])

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        by_label: dict[str, list[Span]] = {}
        for label, rx, tier in self.regexes:
            for m in rx.finditer(text):
                group = "value" if "value" in rx.groupindex and m.group("value") else 0
                start, end = m.span(group)
                kb_id = ""
                if label == "DASH":
                    level = (m.groupdict().get("level") or m.groupdict().get("level2") or "").lower()
                    kb_id = f"{level}:{tier}"
                elif label == "POLICE_REF" and re.fullmatch(r"[\d/.-]+", m.group(group)) and \
                        parse_date(m.group(group)):
                    continue  # a date after "police" is not a reference
                span = doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                if label == "SCHOOL":
                    span = self._trim_school(span)
                    if span is None:
                        continue
                by_label.setdefault(label, []).append(span)
        for match_id, start, end in self.rel_matcher(doc):
            by_label.setdefault("REL", []).append(
                Span(doc, start, end, label="REL", kb_id=doc.vocab.strings[match_id]))
        for match_id, start, end in self.name_matcher(doc):
            label = doc.vocab.strings[match_id]
            by_label.setdefault(label, []).append(Span(doc, start, end, label=label))
        spans: list[Span] = []
        for label, group in by_label.items():
            spans.extend(group if label == "DASH" else filter_spans(group))
        doc.spans[self.spans_key] = sorted(spans, key=lambda s: (s.start, s.end))
        return doc

    @staticmethod
    def _trim_school(span: Span) -> Span | None:
        """Drop capitalised non-name words a school regex swallows ("Attends St Mary's Primary School")."""
        start = span.start
        while start < span.end - 1 and span.doc[start].lower_ in _SCHOOL_LEADING_STOP:
            start += 1
        if span.end - start < 2:
            return None
        return Span(span.doc, start, span.end, label="SCHOOL")


# ------------------------------------------------------------------------------------------------ risk factors


@Language.factory(
    "triage_risk_factors",
    default_config={"spans_key": RISK_KEY, "lexicon_path": None, "include_default": True},
)
def make_risk_factors(
    nlp: Language, name: str, spans_key: str, lexicon_path: str | None, include_default: bool
) -> RiskFactorMatcher:
    return RiskFactorMatcher(nlp, spans_key, lexicon_path, include_default)


class RiskFactorMatcher:
    """The guide's risk and protective factors from a lexicon: one PhraseMatcher (LOWER) and one Matcher.

    Span kb_id is "inherent" when the phrase is itself negative ("no antenatal care"), so the negation
    component does not read its own "no" as negating it; "absent" when the phrase says the factor is not
    there without a negation word ("the children were at school at the time"), so it is read as negated.
    """

    def __init__(self, nlp: Language, spans_key: str, lexicon_path: str | None, include_default: bool):
        self.spans_key = spans_key
        self.entries: list[dict[str, Any]] = (list(lexicon.RISK_LEXICON) if include_default else []) + [
            e for e in _load_jsonl(lexicon_path) if "factor" in e
        ]
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher = Matcher(nlp.vocab)
        for i, e in enumerate(self.entries):
            if e["factor"] not in FACTORS and e["factor"] != lexicon.IGNORE:
                raise ValueError(f"lexicon entry {i}: unknown factor {e['factor']!r}; use a code from triage.guide")
            plain, negative = [], []
            for phrase in (v for written in e.get("phrases", []) for v in lexicon.phrase_variants(written)):
                words = set(phrase.lower().replace("n't", " n't").replace("n’t", " n’t").split())
                inherent = e.get("inherent_negation") or bool(words & lexicon.NEGATION_CUES)
                (negative if inherent else plain).append(nlp.make_doc(phrase))
            if e.get("absent"):
                plain, negative = [], plain + negative
            if plain:
                self.phrase_matcher.add(f"{i}|", plain)
            if negative:
                self.phrase_matcher.add(f"{i}|{'absent' if e.get('absent') else 'inherent'}", negative)
            if "pattern" in e:
                flag = "absent" if e.get("absent") else "inherent" if e.get("inherent_negation") else "wild"
                self.matcher.add(f"{i}|{flag}", [e["pattern"]])

    def __call__(self, doc: Doc) -> Doc:
        sent_of = _sentence_index(doc)
        roles = _token_roles(doc)
        candidates: list[tuple[int, int, int, str]] = []
        matches = list(self.phrase_matcher(doc)) if len(self.phrase_matcher) else []
        if len(self.matcher):
            matches += self.matcher(doc)
        for match_id, start, end in matches:
            idx, flag = doc.vocab.strings[match_id].split("|")
            e = self.entries[int(idx)]
            if sent_of[start] != sent_of[end - 1] or not self._accept(doc, e, start, end, sent_of, roles):
                continue
            candidates.append((start, end, int(idx), flag))
        labels = {c: self.entries[c[2]]["factor"] for c in candidates}
        heading = _heading_role(doc, sent_of, roles)
        for c in candidates:  # "Mum expressed thoughts of ending her own life" is the adult's mental health
            adult = self.entries[c[2]].get("adult_factor")
            # (looking back only: "saving up her dad's tablets" is not the dad's). Only an adult in the same
            # sentence: a 15-year-old's "I just want to go to sleep and not wake up" after a sentence about her
            # mum is still hers, and calling a child's self-harm an adult's would lose its rating.
            if adult and (_subject_role(doc, c[0], c[1], sent_of, roles, forward=False, stop_at_verbs=False,
                                        previous_sentence=False) == "adult"
                          or _pronoun_for_adults_only(doc, c[0], sent_of, roles)
                          or _headed_subject(c[0], sent_of, roles, heading) == "adult"):
                labels[c] = adult
            # "Harriet (10) ... She is very anxious" is the child's own; looking back only, so that "the mental
            # health of Liam's mum" stays the mother's
            child = self.entries[c[2]].get("child_factor")
            if child and (_said_of_a_child(doc, c[0], c[1], sent_of, roles)
                          or _headed_subject(c[0], sent_of, roles, heading) == "child"):
                labels[c] = child
        # Longest match per factor; then a phrase match swallows a shorter other-factor match inside it
        # ("drugs run" is exploitation, not substance misuse). Wildcard patterns never swallow others.
        per_factor: dict[str, list[tuple[int, int, int, str]]] = {}
        for c in candidates:
            per_factor.setdefault(labels[c], []).append(c)
        kept: list[tuple[int, int, int, str]] = []
        for group in per_factor.values():
            group.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
            taken: set[int] = set()
            for c in group:
                if not taken.intersection(range(c[0], c[1])):
                    kept.append(c)
                    taken.update(range(c[0], c[1]))
        kept = [c for c in kept if not any(
            o is not c and o[3] != "wild" and o[0] <= c[0] and c[1] <= o[1] and (o[1] - o[0]) > (c[1] - c[0])
            and labels[o] != labels[c] for o in kept)]
        kept = [c for c in kept if labels[c] != lexicon.IGNORE]
        present: dict[str, set[int]] = {}
        for c in kept:
            present.setdefault(labels[c], set()).add(sent_of[c[0]])
        spans = []
        for c in sorted(kept):
            start, end, idx, flag = c
            need = self.entries[idx].get("requires")
            back = self.entries[idx].get("requires_within", 1)
            if need and not present.get(need, set()) & set(range(sent_of[start] - back, sent_of[start] + 1)):
                continue
            spans.append(Span(doc, start, end, label=labels[c], kb_id=flag if flag in ("inherent", "absent") else ""))
        doc.spans[self.spans_key] = spans
        return doc

    @staticmethod
    def _accept(doc: Doc, e: dict[str, Any], start: int, end: int, sent_of: list[int],
                roles: dict[int, str]) -> bool:
        """Entry-level conditions a bare match cannot express."""
        if e.get("not_followed_by") and end < len(doc) and doc[end].lower_ in e["not_followed_by"]:
            return False
        if e.get("last_not_after") and end - 2 > start and doc[end - 2].lower_ in e["last_not_after"]:
            return False
        lo, hi = _sentence_start(sent_of, start), _sentence_end(sent_of, end - 1)
        mode = e.get("child_context")
        if mode == "speaker":
            # "Millie said ...", "told her teacher that daddy ...": the speaker before the verb is a child, or
            # the words are told to a teacher; an adult speaker ("Mother said his brother hit him") is not.
            if start > 0 and doc[start - 1].text in lexicon.PARTY_ABBREVIATIONS:
                return False  # "V states S shoved her": the victim's account, an adult's
            before = _subject_role(doc, start, start, sent_of, roles, forward=False, stop_at_verbs=False)
            # "Adult: Xander TURNER / Concern: He told me daddy hit him": a pronoun's antecedent is only a guess
            # (the line before), and "daddy" is a child's word, so the child's voice outweighs the guess.
            # So is a parent hitting the speaker: "He told me his step-dad hit him" is a child's account.
            pronoun_child_voice = (start > 0 and doc[start - 1].lower_ in ("he", "she")
                                   and any(t.lower_ in lexicon.PARENT_WORDS for t in doc[start:end]))
            if before == "adult" and not pronoun_child_voice:
                return False
            # told to a teacher, or in a child's words ("He told me mummy hit him", "her step-dad hit her")
            voice = any(t.lower_ in lexicon.CHILD_AUDIENCE_WORDS or t.lower_ in lexicon.CHILD_CONTEXT_WORDS
                        for t in doc[start:end])
            if before != "child" and not voice:
                return False
            if any(t.lower_ in lexicon.ADULT_VICTIM_WORDS for t in doc[end:end + 2]):
                return False  # "told his teacher Daddy hits Mummy": domestic abuse witnessed, not abuse of him
        elif mode == "disclosure":
            # A disclosure of abuse: a child discloses, or someone discloses abuse of a child. "Mum disclosed
            # that she is pregnant" and "the IP disclosed he had hit her before" are not.
            speaker = _subject_role(doc, start, start, sent_of, roles, forward=False, stop_at_verbs=False)
            words = {t.lower_ for t in doc[lo:hi]}
            abuse = bool(words & lexicon.ABUSE_WORDS)
            child = any(roles.get(i) == "child" for i in range(lo, hi)) or bool(words & lexicon.CHILD_WORDS)
            told_teacher = bool(words & lexicon.CHILD_AUDIENCE_WORDS)
            if not (speaker == "child" or (speaker != "adult" and ((abuse and child) or told_teacher))):
                return False
        elif mode == "notification":  # a note about a child at all: a child named, or spoken of, anywhere in it
            if not ("child" in roles.values() or any(t.lower_ in lexicon.CHILD_WORDS for t in doc)):
                return False
        elif mode == "child":  # a child named or spoken of in this sentence or the one before, or speaking in it
            plo = _sentence_start(sent_of, start, back=1)
            if not (any(roles.get(i) == "child" for i in range(plo, hi))
                    or any(t.lower_ in lexicon.CHILD_WORDS for t in doc[plo:hi])
                    or any(t.lower_ in lexicon.CHILD_SPEECH_WORDS for t in doc[lo:hi])):
                return False
        elif mode:
            child_named = any(roles.get(i) == "child" for i in range(lo, hi))
            if not child_named and not any(t.lower_ in lexicon.CHILD_CONTEXT_WORDS for t in doc[lo:hi]):
                return False
        if e.get("requires_words") and not any(t.lower_ in e["requires_words"] for t in doc[lo:hi]):
            return False
        if e.get("not_after_words") and any(t.lower_ in e["not_after_words"] for t in doc[lo:start]):
            return False
        if e.get("not_in_sentence_with"):
            sentence = f" {' '.join(t.lower_ for t in doc[lo:hi])} "
            if any(f" {phrase} " in sentence for phrase in e["not_in_sentence_with"]):
                return False
        if e.get("not_own_accident") and _own_accident(doc, start, end):
            return False
        subject = e.get("subject")
        # "No injuries" needs no owner: keep negated mentions so the reviewer sees they were read.
        negated = any(t.lower_ in lexicon.NEGATION_CUES for t in doc[max(lo, start - 3):start])
        if subject and not negated:
            role = _subject_role(doc, start, end, sent_of, roles)
            if role is None and e.get("subject_says_it"):  # "Elizabeth disclosed that she is pregnant": hers
                role = _subject_role(doc, start, end, sent_of, roles, stop_at_verbs=False)
            if subject == "not_adult" and role == "adult":
                return False  # "IP had a cut lip": the guide's injury is a child's
            if subject == "not_child" and role == "child":
                return False  # a drunk 15-year-old is not an intoxicated carer
            if subject == "child" and role != "child":
                return False
        if e.get("min_weeks"):
            n_tok, unit = doc[end - 2], doc[end - 1].lower_
            try:
                n = float(n_tok.text)
            except ValueError:
                n = lexicon.NUMBER_WORDS.get(n_tok.lower_, 0)
            if n * lexicon.WEEKS_PER_UNIT.get(unit, 0) < e["min_weeks"]:
                return False
        return True


def _own_accident(doc: Doc, start: int, end: int) -> bool:
    """Whether a match ending in a word of harm tells of the speaker's own fall, and nobody else's act, before it:
    "said \"I fell off the trampoline at Nan's and hit the frame\"" (not "I fell over because he pushed me", nor
    "I fell when dad hit me")."""
    for k in range(start + 1, end - 1):
        if doc[k].lower_ in lexicon.OWN_ACCIDENT_WORDS and doc[k - 1].lower_ == "i":
            between = doc[k + 1 : end - 1]
            others = [t for t in between if t.lower_ in lexicon.ACCIDENT_AGENT_WORDS
                      or (t.lower_ in lexicon.PARENT_WORDS | lexicon.CARER_WORDS
                          and not (t.i + 1 < len(doc) and doc[t.i + 1].lower_ in ("'s", "’s")))]
            return not others
    return False


def _token_roles(doc: Doc) -> dict[int, str]:
    """Token index -> "child" / "adult" for every person reference: named people and role words ("IP", "son")."""
    roles: dict[int, str] = {}
    for sp in doc.spans.get(SPANS_KEY, []):
        if sp.label_ == "REL":
            role = sp.kb_id_.split("|")[1] if "|" in sp.kb_id_ else ""
            if sp.kb_id_.split("|")[0] in ("victim", "suspect") and not role:
                role = "adult"  # the victim and suspect of an incident are adults unless an age says otherwise
            if role in ("child", "adult"):
                for i in range(sp.start, sp.end):
                    roles[i] = role
    people = doc._.triage_people or []
    if people:
        starts = {t.idx: t.i for t in doc}
        for p in people:
            role = p["role"]
            if role == "unknown" and p["relationship"] in ("victim", "suspect"):
                role = "adult"  # "IP WISNIEWSKI", "S/O CAMPBELL": the parties to an incident, unless aged
            if role not in ("child", "adult"):
                continue
            for a, b in p["mentions"]:
                i = starts.get(a)
                while i is not None and i < len(doc) and doc[i].idx < b:
                    roles[i] = role
                    i += 1
        # "DAVIES disclosed daily cannabis use" with a mother and a daughter both DAVIES: the surname alone is
        # somebody, just not known who. Marked "unknown" so that nobody's words are taken for the child's by
        # looking back to the sentence before ("Gemma was spoken to alone").
        families = {(p["family_name"] or "").lower() for p in people} - {""}
        # "During a nappy change Poppy pushed my hand away": a first name the model did not tag is still the
        # person of that name, when the people known to be children or adults who have it are all one or all the
        # other.
        given: dict[str, set[str]] = {}
        for p in people:
            if p["given_name"] and p["role"] in ("child", "adult"):
                given.setdefault(p["given_name"].lower(), set()).add(p["role"])
        for t in doc:
            if t.i in roles or not (t.is_upper or t.is_title):
                continue
            if t.lower_ in families:
                roles[t.i] = "unknown"
            elif len(given.get(t.lower_, ())) == 1:
                roles[t.i] = next(iter(given[t.lower_]))
    return roles


def _subject_role(doc: Doc, start: int, end: int, sent_of: list[int], roles: dict[int, str],
                  forward: bool = True, stop_at_verbs: bool = True, previous_sentence: bool = True) -> str | None:
    """Whose is the thing matched at [start, end)? The nearest person reference, as "child"/"adult"/None.

    Looks a few words ahead first for a possessor ("bruising to Liam's arm", "a bruise to the baby's cheek"),
    then back through the sentence to its subject ("IP had a cut lip"), then at the previous sentence's
    subject. Stops (None) at a verb of seeing or saying, since "Mum noticed a bruise" is not mum's bruise.
    """
    s = sent_of[start] if start < len(doc) else sent_of[-1]
    if forward:
        for i in range(end, min(end + 5, len(doc) - 1)):
            if sent_of[i] != s:
                break
            if doc[i + 1].lower_ in ("'s", "’s") and (i in roles or doc[i].is_title):
                return roles.get(i, "unknown")  # "the bruise on Ava's arm" is Ava's, whoever Ava is
    i = start - 1
    while i >= 0 and sent_of[i] == s:
        if i in roles:
            first = _reference_start(doc, roles, i)
            if not _accompanying_adult(doc, roles, first):
                return roles[i]
            i = first
        elif stop_at_verbs and doc[i].lower_ in lexicon.OBSERVER_VERBS:
            return None
        i -= 1
    if not previous_sentence:
        return None
    # "Kayleigh told her teacher daddy hit her. She has a bruise": the previous sentence's subject (its first
    # person), not its last ("daddy")
    first = i
    while first > 0 and sent_of[first - 1] == s - 1:
        first -= 1
    for j in range(first, i + 1):
        if j >= 0 and sent_of[j] == s - 1 and j in roles \
                and not _accompanying_adult(doc, roles, _reference_start(doc, roles, j)):
            return roles[j]
    return None


def _pronoun_for_adults_only(doc: Doc, start: int, sent_of: list[int], roles: dict[int, str]) -> bool:
    """Whether the sentence of token `start` opens with "He"/"She" (nobody named before `start`) and the sentence
    before opens with an adult and names no child: "Mark attended surgery in a crisis. He described thoughts of
    ending his life" is the father's. With a child in the sentence before, the words stay the child's: losing a child's
    suicidal intent to a parent would lose its RED."""
    lo = _sentence_start(sent_of, start)
    if doc[lo].lower_ not in ("he", "she") or any(i in roles for i in range(lo, start)):
        return False
    plo = _sentence_start(sent_of, start, back=1)
    before = [roles[i] for i in range(plo, lo) if i in roles]
    # the sentence before must open with the adult ("Mark attended ..."): one opening "She does not want her
    # parents to know" has its own antecedent further back
    return plo < lo and (plo in roles or plo + 1 in roles) and all(r == "adult" for r in before)


# the lines that head a note with the one it is about: a GP's "Re:", a nurse's "Patient:", a school's "YP:"
SUBJECT_HEADINGS = frozenset({"re", "patient", "pt", "yp", "pupil", "student"})


def _headed_subject(start: int, sent_of: list[int], roles: dict[int, str], heading: str | None) -> str | None:
    """`heading`, the role of the one the note is headed with (`_heading_role`), when the sentence of token
    `start` names nobody before it; else None. A clinician's unattributed "tearful ++, expressed thoughts of
    ending her life" or "Low mood since parents separated" is their patient's, and so is a crew's "Pt had taken
    approx 24 x sertraline ... self inflicted" after "Pt: Leanne CARTWRIGHT, 33"."""
    if any(i in roles for i in range(_sentence_start(sent_of, start), start)):
        return None  # "Mum has low mood": said of whoever the sentence names first
    return heading


def _heading_role(doc: Doc, sent_of: list[int], roles: dict[int, str]) -> str | None:
    """The role of the one the note is headed with ("Re: Mrs Hannah OKAFOR (DOB 1988)", "YP: Maisie TREGENZA,
    14 yrs"), or None. Found once per note: it is the same for every phrase in it."""
    for t in doc:
        # a heading opens a line, or a sentence in a crew's run-on note ("Called by pt's partner. Pt: Leanne ...")
        at_line_start = t.i == 0 or "\n" in doc[t.i - 1].text_with_ws or doc[t.i - 1].text == "."
        heading = t.lower_ in SUBJECT_HEADINGS or (t.lower_ == "young" and t.i + 1 < len(doc)
                                                   and doc[t.i + 1].lower_ == "person")
        if at_line_start and heading:
            colon = t.i + (2 if t.lower_ == "young" else 1)
            if colon < len(doc) and doc[colon].text == ":":
                line = sent_of[t.i]
                first = next((i for i in range(colon + 1, len(doc)) if sent_of[i] == line and i in roles), None)
                return roles[first] if first is not None else None
    return None


def _reference_start(doc: Doc, roles: dict[int, str], i: int) -> int:
    """The first token of the person reference that token i is in ("mum (Laura Morris)" is one reference)."""
    role = roles[i]
    while i > 0:
        if roles.get(i - 1) == role:
            i -= 1
        elif i > 1 and doc[i - 1].text == "(" and roles.get(i - 2) == role:
            i -= 2
        else:
            return i
    return i


def _accompanying_adult(doc: Doc, roles: dict[int, str], first: int, depth: int = 0) -> bool:
    """An adult who brought or came with the one the note is about: "brought in by mum Jess Fenwick, 24, with a
    bruise", "Seen with mum (Laura Morris) ... X-ray: buckle fracture", and each adult listed with that one
    ("with mother Chloe BRENNAN (DOB ...), 11 Station Rd, and maternal grandmother Pauline WEBB"). Not the owner
    of what follows."""
    if roles[first] != "adult" or first == 0:
        return False
    k = first - 1
    while k > 0 and doc[k].lower_ in ("maternal", "paternal", "her", "his", "their", "the"):
        k -= 1
    if doc[k].lower_ in ("by", "with"):
        return True
    if depth > 2 or doc[k].lower_ not in ("and", "&", ","):
        return False
    for j in range(k - 1, max(k - 25, -1), -1):  # the adult listed before this one, in the same stretch
        if doc[j].is_sent_start and j < k - 1:
            return False
        if roles.get(j) == "adult":
            return _accompanying_adult(doc, roles, _reference_start(doc, roles, j), depth + 1)
        if roles.get(j) == "child":
            return False
    return False


def _said_of_a_child(doc: Doc, start: int, end: int, sent_of: list[int], roles: dict[int, str]) -> bool:
    """Whether the thing at [start, end) is a child's own, on evidence strong enough to take it off the carer.

    Calling a parent's mental health the child's would lose the guide's AMBER for it, so the owner must be a
    child named in the same sentence before it ("Harriet is very anxious"), or the sentence must start with a
    pronoun whose antecedent, the previous sentence's first person, is a child ("Harriet Quinn (10) ... She is
    very anxious"). A bare "Crisis team contacted." after a sentence about a child stays the carer's.
    """
    lo = _sentence_start(sent_of, start)
    # a later "Sean has stopped his medication" that was not tagged as Sean is still an adult's name
    people = doc._.triage_people or []
    def names(children: bool) -> set[str]:
        return {(p.get(k) or "").lower() for p in people if (p["role"] == "child") is children
                for k in ("given_name", "family_name")}

    adult_names = names(False) - names(True) - {""}
    if any(t.lower_ in lexicon.CHILD_WORDS for t in doc[end:end + 2]):
        return True  # "She does seem a very anxious little girl"
    for i in range(start - 1, lo - 1, -1):
        if i in roles:
            return roles[i] == "child"
        if doc[i].lower_ in adult_names and not doc[i].is_lower:
            return False
    if doc[lo].lower_ not in ("she", "he", "they"):
        return False
    return _subject_role(doc, start, end, sent_of, roles, forward=False, stop_at_verbs=False) == "child"


def _sentence_start(sent_of: list[int], i: int, back: int = 0) -> int:
    """The first token of the sentence `back` sentences before token i's (of the first, if there are fewer)."""
    target = sent_of[i] - back
    while i > 0 and sent_of[i - 1] >= target:
        i -= 1
    return i


def _sentence_end(sent_of: list[int], i: int) -> int:
    """The index just after the last token of token i's sentence."""
    s = sent_of[i]
    while i < len(sent_of) and sent_of[i] == s:
        i += 1
    return i


def _sentence_index(doc: Doc) -> list[int]:
    """Sentence number of every token (sentence starts must already be set)."""
    out, n = [], -1
    for i, tok in enumerate(doc):
        if i == 0 or tok.is_sent_start:
            n += 1
        out.append(n)
    return out


# ------------------------------------------------------------------------------------------------ negation


@Language.factory(
    "triage_negation",
    default_config={
        "spans_key": RISK_KEY,
        "window": 6,
        "post_window": 3,
        "hypothetical_window": 10,
        "hypothetical_exempt": ["threats_to_kill", "disclosure", "insight"],
        # "Info share only – no concerns re parenting": the "no" after information-only is of something else
        "post_negation_exempt": ["disclosure", "information_sharing"],
        "extra_negation_cues": [],
        "extra_hypothetical_cues": [],
    },
)
def make_negation(
    nlp: Language,
    name: str,
    spans_key: str,
    window: int,
    post_window: int,
    hypothetical_window: int,
    hypothetical_exempt: list[str],
    post_negation_exempt: list[str],
    extra_negation_cues: list[str],
    extra_hypothetical_cues: list[str],
) -> NegationDetector:
    return NegationDetector(spans_key, window, post_window, hypothetical_window, hypothetical_exempt,
                            post_negation_exempt, extra_negation_cues, extra_hypothetical_cues)


DASHES = frozenset({"-", "–", "—"})


class NegationDetector:
    """NegEx-style flags for each risk factor: negated ("no weapons were used") or hypothetical ("if he returns").

    A cue counts when it is in the same sentence, within a few tokens before the factor (or a few after for
    "weapons were not used", "Injuries: nil"), with no scope terminator ("but", "and", ",", ...) between. A cue
    inside another factor's inherently negative phrase ("no explanation for the bruise") is spent there.
    Disclosures are never made hypothetical: the inspection lesson is that they must not slip through.
    """

    CLAUSE_SUBJECTS = frozenset({"she", "he", "they", "i", "we", "who", "that", "it"})
    POST_PSEUDO = frozenset({"recovered", "found", "located", "seized", "known", "sure", "only", "clear"})
    # words between a form's question and its "?": "Weapon used? N", "Children present? N"
    FORM_WORDS = frozenset({"used", "involved", "present", "seen", "reported", "disclosed", "noted", "observed",
                            "mentioned", "suspected", "made", "concerns", "issues", "threatened", "to", "the", "child",
                            "children", "kids", "baby", "any", "enquiry", "screening", "questions", "check",
                            "tool", "form", "completed", "done"})  # "CSE screening tool completed - no indicators"
    # a form's answer that rules the question out: "Weapon used – N", "Injuries: none", "DA enquiry – denies"
    FORM_ANSWERS = frozenset({"n", "no", "none", "nil", "denies", "denied"})
    SCREENING_WORDS = frozenset({"screening", "screen", "tool", "assessment"})
    SCREENING_ANSWERS = frozenset({"low", "negative", "clear"})

    def __init__(self, spans_key: str, window: int, post_window: int, hypothetical_window: int,
                 hypothetical_exempt: Iterable[str], post_negation_exempt: Iterable[str],
                 extra_negation_cues: Iterable[str], extra_hypothetical_cues: Iterable[str]):
        self.spans_key = spans_key
        self.window = window
        self.post_window = post_window
        self.hyp_window = hypothetical_window
        self.hyp_exempt = frozenset(hypothetical_exempt)
        self.post_exempt = frozenset(post_negation_exempt)
        self.neg_cues = lexicon.NEGATION_CUES | {c.lower() for c in extra_negation_cues if " " not in c}
        self.neg_phrases = [tuple(p.split()) for p in (*lexicon.NEGATION_PHRASES,
                                                       *[c.lower() for c in extra_negation_cues if " " in c])]
        self.hyp_cues = lexicon.HYPOTHETICAL_CUES | {c.lower() for c in extra_hypothetical_cues if " " not in c}
        self.hyp_phrases = [tuple(p.split()) for p in (*lexicon.HYPOTHETICAL_PHRASES,
                                                       *[c.lower() for c in extra_hypothetical_cues if " " in c])]
        self.terminators = lexicon.SCOPE_TERMINATORS | {",", "and", "."}

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        sent_of = _sentence_index(doc)
        inherent = [s for s in spans if s.kb_id_ == "inherent"]
        negated, hypothetical = [], []
        for span in spans:
            spent = {i for s in inherent if s is not span and not _overlaps(s, span) for i in range(s.start, s.end)}
            if self._negated(doc, span, sent_of, spent):
                negated.append(span)
            if span.label_ not in self.hyp_exempt and self._hypothetical(doc, span, sent_of, spent):
                hypothetical.append(span)
        doc.spans[NEGATED_KEY] = negated
        doc.spans[HYPOTHETICAL_KEY] = hypothetical
        return doc

    def _is_pseudo(self, doc: Doc, i: int) -> bool:
        for seq in lexicon.PSEUDO_NEGATIONS:
            for offset in range(len(seq)):
                lo = i - offset
                if lo >= 0 and lo + len(seq) <= len(doc) and tuple(t.lower_ for t in doc[lo:lo + len(seq)]) == seq:
                    return True
        return False

    def _phrase_ends_at(self, doc: Doc, i: int, phrases: list[tuple[str, ...]]) -> bool:
        for p in phrases:
            lo = i - len(p) + 1
            if lo >= 0 and tuple(t.lower_ for t in doc[lo:i + 1]) == p:
                return True
        return False

    def _negated(self, doc: Doc, span: Span, sent_of: list[int], spent: set[int]) -> bool:
        if span.kb_id_ == "absent":
            return True
        s = sent_of[span.start]
        if span.kb_id_ != "inherent":
            for tok in span:
                if tok.lower_ in self.neg_cues and not self._is_pseudo(doc, tok.i):
                    return True
        if self._answered_yes(doc, span):
            return False  # "Weapons? N (... - not reported)  Threats to kill? Y": the form's own answer decides
        i = span.start - 1
        limit = span.start - self.window
        while i >= 0 and i >= limit and sent_of[i] == s:
            tok = doc[i]
            if tok.text == ")":
                break  # a closed aside ends what came before it: "(... in Oct - not reported)  Threats to kill"
            if tok.text == "," and self._in_a_list(doc, i, span):
                # "has not noticed any new phone, money or gifts": the window runs on from the list's first item
                limit = min(limit, i - self.window)
            elif tok.lower_ in ("or", "nor") and limit == span.start - self.window:
                # "he has never hit her with anything or put his hands round her neck": once, from the "or"
                limit = i - self.window
            elif tok.lower_ in self.terminators:
                break
            if tok.text in DASHES and i > 0 and doc[i - 1].whitespace_:
                break  # "No safeguarding concerns - routine notification": a dash starts a new statement
            if i not in spent and not self._is_pseudo(doc, i) and (
                tok.lower_ in self.neg_cues or self._phrase_ends_at(doc, i, self.neg_phrases)
            ):
                return True
            i -= 1
        if span.label_ in self.post_exempt:
            return False
        if self._asked_and_denied(doc, span, sent_of) or self._quoted_and_corrected(doc, span, sent_of):
            return True
        k = span.end
        while k < len(doc) and k < span.end + 6:
            if k + 1 < len(doc) and doc[k].text == "/" and doc[k + 1].is_alpha:
                k += 2  # "Strangulation/choking? N", "Weapon used/threatened – N"
            elif doc[k].lower_ in self.FORM_WORDS:
                k += 1  # "Weapon used? N", "Any injury to children - None seen", "DA enquiry - denies"
            else:
                break
        if k < len(doc) and doc[k].text in ("N", "N.") and self._closes_answer(doc, k, nouns=False):
            return True  # a form's answer straight after its question: "Weapon N", "Threats to kill N"
        if k + 1 < len(doc) and doc[k].text == "?" and doc[k + 1].lower_ in ("no", "n"):
            return True  # a form: "Was the child present? NO"
        if self._question_answered_no(doc, span):
            return True
        answer = doc[k + 1].text if k + 1 < len(doc) else ""
        reply = answer.rstrip(".").lower()
        screened = any(t.lower_ in self.SCREENING_WORDS for t in doc[span.end:k])
        if answer and (doc[k].text == ":" or doc[k].text in DASHES) and (
                reply in self.FORM_ANSWERS or (screened and reply in self.SCREENING_ANSWERS)) \
                and (answer.lower() != "n" or answer == "N") \
                and (self._closes_answer(doc, k + 1) or reply in ("denies", "denied")):
            # "Weapon used/threatened – N", "Weapons - N.", "Injury - None seen", not "Threats – Nathan"; a denial
            # says what it denies ("Exploitation screening: denies meeting anyone from online"), and a screening
            # tool's score is its answer ("CSE screening tool - low")
            return True
        j = span.end
        while j < len(doc) and j < span.end + self.post_window and sent_of[j] == s:
            tok = doc[j]
            if tok.lower_ in self.terminators or tok.lower_ in self.CLAUSE_SUBJECTS:
                break  # "so drunk she could not stand": the "not" is in a new clause
            nxt = doc[j + 1].lower_ if j + 1 < len(doc) else ""
            if j not in spent and tok.lower_ in lexicon.POST_NEGATION_CUES and nxt not in self.POST_PSEUDO:
                return True
            if tok.lower_ == "no" and j > 0 and (doc[j - 1].text in {":", "?"}
                                                 or doc[j - 1].text in DASHES and self._closes_answer(doc, j)):
                return True  # "Exploitation screening: no gifts", "Drugs - no concerns", not "pregnancy - no booking"
            j += 1
        return False

    @staticmethod
    def _question_answered_no(doc: Doc, span: Span, reach: int = 10) -> bool:
        """A checklist's question the factor is in, answered no at its end: "Ever used weapons or objects to hurt
        you? NO", "Pregnant or had a baby in last 18 months? NO" (the question on one line, a few words long)."""
        m = span.end
        while m < len(doc) and m < span.end + reach:
            tok = doc[m]
            if tok.text == "?":
                answer = doc[m + 1] if m + 1 < len(doc) else None
                return answer is not None and answer.text.rstrip(".") in ("NO", "No", "no", "N") and (
                    m + 2 >= len(doc) or not doc[m + 2].is_alpha or "\n" in answer.whitespace_)
            if tok.text in (".", "!", ";") or "\n" in tok.whitespace_ or "\n" in tok.text:
                return False
            m += 1
        return False

    def _answered_yes(self, doc: Doc, span: Span) -> bool:
        """A form's question answered yes straight after it: "Threats to kill? Y", "Strangulation: Yes"."""
        k = span.end
        while k < len(doc) and k < span.end + 4 and doc[k].lower_ in self.FORM_WORDS:
            k += 1
        if not (k + 1 < len(doc) and doc[k + 1].text in ("Y", "Y.", "Yes", "YES", "yes")):
            return False
        # "Threats to kill: Yes", but not "No threats to kill: yes, he said ..." (the "no" is the statement's)
        return doc[k].text == "?" or doc[k].text == ":" and not any(
            t.lower_ in self.neg_cues for t in doc[max(0, span.start - 2):span.start])

    QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})
    CORRECTIONS = frozenset({"incorrect", "wrong", "untrue", "inaccurate", "error", "mistaken"})

    def _quoted_and_corrected(self, doc: Doc, span: Span, sent_of: list[int]) -> bool:
        """Words quoted from an earlier record and then corrected: 'Original log stated "children present at time of
        incident" - THIS IS INCORRECT'. Only a quotation closed and corrected within a few words: a child's quoted
        words followed by "wrong" elsewhere in the sentence are not."""
        s = sent_of[span.start]
        lo = _sentence_start(sent_of, span.start)
        if not any(t.text in self.QUOTES for t in doc[lo:span.start]):
            return False
        close = next((t.i for t in doc[span.end:span.end + 12] if t.text in self.QUOTES and sent_of[t.i] == s), None)
        if close is None:
            return False
        after = [t.lower_ for t in doc[close + 1:close + 6]]
        return any(w in self.CORRECTIONS for w in after) or "not" in after and "correct" in after

    ASKING = frozenset({"asked", "ask", "asking", "questioned", "enquired", "checked"})
    ANSWERING = frozenset({"said", "says", "answered", "answers", "replied", "replies"})
    DENYING = frozenset({"denied", "denies", "denying"})

    def _asked_and_denied(self, doc: Doc, span: Span, sent_of: list[int]) -> bool:
        """A question about the factor that was answered no: "I asked her directly about self-harm and thoughts of
        ending her life - she said no to both", "Asked about drugs; he denied this". The answer must close the
        question (nothing after "no" but "to both/all/that/either" or punctuation), so "I asked about the bruise -
        she said no one would tell her" and "asked about the bruise, he said no, then that dad hit him" are not
        read as denied."""
        s = sent_of[span.start]
        lo = _sentence_start(sent_of, span.start)
        before = doc[lo:span.start]
        asked = [t.i for t in before if t.lower_ in self.ASKING]
        if not asked or not any(t.lower_ in ("about", "if", "whether", "re") for t in doc[asked[0]:span.start]):
            return False
        j = span.end
        while j < len(doc) and sent_of[j] == s and doc[j].lower_ not in lexicon.SCOPE_TERMINATORS:
            tok = doc[j]
            if tok.lower_ in self.DENYING:
                return True
            if tok.lower_ in self.ANSWERING and j + 1 < len(doc) and doc[j + 1].lower_ in ("no", "not"):
                rest = [t.lower_ for t in doc[j + 2 : j + 5] if t.is_alpha]
                tail = rest[:1] == ["to"] and rest[1:2] in (["both"], ["all"], ["that"], ["either"], ["this"])
                closed = j + 2 >= len(doc) or sent_of[j + 2] != s or doc[j + 2].text in (".", ";", "!", ")")
                if tail or closed:
                    return True
            j += 1
        return False

    # what may follow a form's "no" without starting a new statement: "Drugs: no concerns", "Injuries - none"
    FORM_ANSWER_NOUNS = frozenset({"concerns", "concern", "issues", "evidence", "signs", "sign", "indication",
                                   "indications", "indicators", "indicator", "history", "problems", "worries", "known",
                                   "reported", "disclosed",
                                   "seen", "noted", "observed",
                                   "both", "all", "either"})  # "Drink/drugs: denies both, no signs"

    def _closes_answer(self, doc: Doc, i: int, nouns: bool = True) -> bool:
        """Whether the form answer at token i ends its statement: nothing, punctuation or its own full stop
        follows ("Weapons - N. Strangulation - N."), or (with `nouns`) a word such as "seen" or "concerns" that
        only completes it ("None seen"); "pregnancy - no booking" goes on to say something else."""
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        return nxt is None or not nxt.is_alpha or doc[i].text.endswith(".") or (
            nouns and nxt.lower_ in self.FORM_ANSWER_NOUNS)

    LIST_BREAKERS = frozenset({"was", "were", "is", "are", "had", "has", "have", "did", "does", "but"})

    def _in_a_list(self, doc: Doc, comma: int, span: Span) -> bool:
        """Whether the comma at `comma` only separates items of a list ending "... or <span>".

        "no gifts, money or new phone": the "no" covers every item, though a comma usually ends its scope
        ("no injuries, he hit her" is not). A short stretch of words with an "or"/"nor" before the span, and no
        verb or new subject, is a list.
        """
        def plain(tokens: Span) -> bool:
            words = {t.lower_ for t in tokens}
            return all(t.is_alpha or t.text == "," for t in tokens) and not words & (
                self.CLAUSE_SUBJECTS | self.LIST_BREAKERS)

        between = doc[comma + 1 : span.start]
        if 0 < len(between) <= 4 and between[-1].lower_ in ("or", "nor") and plain(between):
            return True  # "no gifts, money or new phone"
        def items(tokens: Span) -> bool:  # list items, one perhaps with an aside: "school (attendance 96%)"
            return all(t.is_alpha or t.text in (",", "(", ")", "%") or t.like_num for t in tokens) and not {
                t.lower_ for t in tokens} & (self.CLAUSE_SUBJECTS | self.LIST_BREAKERS)

        after = doc[span.end : min(span.end + 9, len(doc))]
        ends = [t.i for t in after if t.lower_ in ("or", "nor")]
        # "denies being given money, gifts or lifts", "No concerns re exploitation, substance use, school
        # (attendance 96%) or home life": the span is an item in the middle of the list
        return len(between) <= 3 and plain(between) and bool(ends) and items(doc[span.end : ends[0]])

    def _hypothetical(self, doc: Doc, span: Span, sent_of: list[int], spent: set[int]) -> bool:
        s = sent_of[span.start]
        i = span.start - 1
        while i >= 0 and i >= span.start - self.hyp_window and sent_of[i] == s:
            tok = doc[i]
            if tok.lower_ in lexicon.SCOPE_TERMINATORS:
                break
            cue = i not in spent and tok.lower_ in self.hyp_cues and (tok.lower_ != "may" or tok.text == "may")
            if cue or self._phrase_ends_at(doc, i, self.hyp_phrases):
                return True
            i -= 1
        return False


@Language.factory(
    "triage_factor_resolution",
    default_config={
        "spans_key": RISK_KEY,
        # a factor dropped when the other is present anywhere in the notification: an argument that became
        # domestic abuse is the abuse, not (GREEN) parental conflict
        "subsumed_by": {"parental_conflict": ["domestic_abuse"]},
        # ... or in the same sentence: "found with crack cocaine wraps" at a trap house is exploitation, not a
        # carer's substance misuse
        "subsumed_in_sentence_by": {"substance_misuse": ["exploitation"],
                                    # "Ryan disclosed that Stacey grabbed him by the neck" is abuse of the child
                                    "domestic_abuse": ["disclosure"], "strangulation": ["disclosure"]},
        # a factor read as a weaker one when its sentence rules the other out: a carer "over the limit in his
        # car with no children present" was drunk, but not in charge of a child there (the guide's RED is "a
        # carer too intoxicated to care for a young child who is present"); the drinking stays a concern
        "weakened_in_sentence_without": {"intoxicated_carer": {"child_present": "substance_misuse"}},
        # ... or when the other is present anywhere in the notification: a drunk father whose wife is "sober and
        # caring for them" is the guide's AMBER "substance misuse where another adult is caring for the child"
        "weakened_by": {"intoxicated_carer": {"sober_carer": "substance_misuse"}},
        # a factor dropped when the other is present, unless its sentence has one of the words: a missing boy who
        # "was on his own all night" is the missing episode, not a child a carer left alone ("Mum went out and
        # left them on their own" still is)
        "subsumed_unless_in_sentence": {"child_alone": {"by": ["missing"], "unless": [
            "left", "leaving", "leave", "leaves", "abandoned", "mum", "mummy", "mam", "dad", "daddy", "mother",
            "father", "parent", "parents", "carer", "carers", "stepdad", "stepmum"]}},
        # a query ("?self harm", "?NAI") of a factor the note rules out ("No evidence of self harm") was answered no
        "queries_answered": True,
    },
)
def make_factor_resolution(nlp: Language, name: str, spans_key: str, subsumed_by: dict[str, list[str]],
                           subsumed_in_sentence_by: dict[str, list[str]],
                           weakened_in_sentence_without: dict[str, dict[str, str]],
                           weakened_by: dict[str, dict[str, str]],
                           subsumed_unless_in_sentence: dict[str, dict[str, list[str]]],
                           queries_answered: bool) -> FactorResolution:
    return FactorResolution(spans_key, subsumed_by, subsumed_in_sentence_by, weakened_in_sentence_without,
                            weakened_by, subsumed_unless_in_sentence, queries_answered)


class FactorResolution:
    """Drops a factor that a stronger one present (not negated or hypothetical) stands for, and weakens one
    whose sentence rules out what it needs, by configuration."""

    def __init__(self, spans_key: str, subsumed_by: dict[str, list[str]],
                 subsumed_in_sentence_by: dict[str, list[str]],
                 weakened_in_sentence_without: dict[str, dict[str, str]] | None = None,
                 weakened_by: dict[str, dict[str, str]] | None = None,
                 subsumed_unless_in_sentence: dict[str, dict[str, list[str]]] | None = None,
                 queries_answered: bool = False):
        self.spans_key = spans_key
        self.subsumed_by = {k: frozenset(v) for k, v in subsumed_by.items()}
        self.in_sentence = {k: frozenset(v) for k, v in subsumed_in_sentence_by.items()}
        self.weakened = dict(weakened_in_sentence_without or {})
        self.weakened_by = dict(weakened_by or {})
        self.unless = {k: (frozenset(v["by"]), frozenset(v["unless"]))
                       for k, v in (subsumed_unless_in_sentence or {}).items()}
        self.queries_answered = queries_answered

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get(self.spans_key, []))
        if not spans:
            return doc
        if self.queries_answered:
            self._answer_queries(doc, spans)
        flagged = {(s.start, s.end, s.label_) for key in (NEGATED_KEY, HYPOTHETICAL_KEY)
                   for s in doc.spans.get(key, [])}
        sent_of = _sentence_index(doc)
        present = [s for s in spans if (s.start, s.end, s.label_) not in flagged]
        labels = {s.label_ for s in present}
        by_sentence = {(sent_of[s.start], s.label_) for s in present}

        def dropped(s: Span) -> bool:
            if self.subsumed_by.get(s.label_, frozenset()) & labels:
                return True
            if s.label_ in self.unless and self.unless[s.label_][0] & labels:
                sentence = doc[_sentence_start(sent_of, s.start):_sentence_end(sent_of, s.start)]
                if not any(t.lower_ in self.unless[s.label_][1] for t in sentence):
                    return True
            return any((sent_of[s.start], other) in by_sentence for other in self.in_sentence.get(s.label_, ()))

        ruled_out = {(sent_of[s.start], s.label_) for s in spans if (s.start, s.end, s.label_) in flagged}

        def weaker(s: Span) -> Span:
            if (s.start, s.end, s.label_) in flagged:
                return s
            for needed, label in self.weakened.get(s.label_, {}).items():
                key = (sent_of[s.start], needed)
                if key in ruled_out and key not in by_sentence:
                    return Span(doc, s.start, s.end, label=label)
            for other, label in self.weakened_by.get(s.label_, {}).items():
                if other in labels:
                    return Span(doc, s.start, s.end, label=label)
            return s

        keep = [weaker(s) for s in spans if not dropped(s)]
        if [(s.start, s.end, s.label_) for s in keep] != [(s.start, s.end, s.label_) for s in spans]:
            kept = {(s.start, s.end, s.label_) for s in keep}
            doc.spans[self.spans_key] = keep
            for key in (NEGATED_KEY, HYPOTHETICAL_KEY):
                doc.spans[key] = [s for s in doc.spans.get(key, []) if (s.start, s.end, s.label_) in kept]
        return doc

    @staticmethod
    def _answer_queries(doc: Doc, spans: list[Span]) -> None:
        """A mention written as a query, "?" against it ("marks on her forearm seen in PE, ?self harm"), is read as
        a supposition when the note rules the same factor out elsewhere ("No evidence of self harm")."""
        negated = {s.label_ for s in doc.spans.get(NEGATED_KEY, [])}
        flagged = {(s.start, s.end, s.label_) for key in (NEGATED_KEY, HYPOTHETICAL_KEY)
                   for s in doc.spans.get(key, [])}
        queried = [s for s in spans if s.label_ in negated and (s.start, s.end, s.label_) not in flagged
                   and s.start > 0 and doc[s.start - 1].text == "?" and not doc[s.start - 1].whitespace_]
        if queried:
            doc.spans[HYPOTHETICAL_KEY] = [*doc.spans.get(HYPOTHETICAL_KEY, []), *queried]


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


# ------------------------------------------------------------------------------------------------ people


@Language.factory("triage_people", default_config={"spans_key": SPANS_KEY, "dob_window": 8, "age_window": 6})
def make_people(nlp: Language, name: str, spans_key: str, dob_window: int, age_window: int) -> PeopleBuilder:
    return PeopleBuilder(spans_key, dob_window, age_window)


_FWD_FILLER = frozenset({"'s", "’s", ",", ":", "-", "–", "the", "her", "his", "their", "my", "a", "is", "named",
                         "called", "(", "mrs", "mr", "ms", "miss", "mx", "our", "your", "2", "two", "3", "three",
                         "):", ")", "new"})
_BACK_FILLER = frozenset({"(", ")", ",", "-", "–", ":", "is", "the", "who", "was", "her", "his", "their", "'s",
                          "’s", "a", "as", "being", "also", "listed", "named", "new", "not", "known", "u/k", "dob",
                          ".", *"u / k n unk unknown".split()})  # "DOB u/k" is tokenised u / k
_LIST_FILLER = frozenset({",", "and", "&", "(", ")", "aged", "age", "dob", "d.o.b", "d.o.b.", ":", "-", "–", ";",
                          "not", "known", "u/k", "born", ".", *"u / k n unk unknown".split()})
_AGE_BEFORE_FILLER = frozenset({"son", "daughter", "boy", "girl", "child", "baby", "brother", "sister", "sibling",
                                "pupil", "student", "-", ",", "old", "male", "female", "a", "an"})
_AGE_UNITS = frozenset({"months", "month", "mths", "mth", "weeks", "week", "wks", "wk", "days", "day", "yrs", "yr",
                        "years", "year", "y", "yo", "y/o"})
# Words between a possessive and the child it owns: "her three children", "his 4 year old son", "her eldest".
_COUNT_WORDS = frozenset({"a", "an", "one", "two", "three", "four", "five", "six", "young", "younger", "older",
                          "eldest", "youngest", "baby", "new", "only", "little", "teenage", "year", "years", "old",
                          "month", "months", "-", "twin"})
_NAME_SEPARATORS = frozenset({"/", "|", "(", ")", ":", "+", ";"})
_REFERRAL_FILLER = frozenset({":", "-", "–", "|"})
# "Mr Imran Qureshi (dad, 38)": a relationship written in the bracket before the age
_BRACKET_RELATIONS = frozenset({"dad", "mum", "mother", "father", "stepdad", "stepmum", "partner", "nan", "gran",
                                "grandmother", "grandfather", "grandad", "aunt", "uncle", "brother", "sister", "son",
                                "daughter", "husband", "wife", "boyfriend", "girlfriend", "ex-partner", "victim",
                                "suspect", "ip"})
# "Lacey (about 8)": words that may stand before an age written beside a name
_AGE_HEDGES = frozenset({"about", "approx", "approx.", "approximately", "around", "roughly", "c.", "~", "aged", "age"})
# "DOB 28/07/2026 (4/12)": months and weeks the way health staff write them; "Oscar 18mths": a unit run on
_AGE_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen".split()) if n}
_HEALTH_AGE = re.compile(r"(\d{1,2})/(12|52)")
_RUN_ON_AGE = re.compile(r"(\d{1,2})(months?|mths?|weeks?|wks?|days?|yrs?|yo)", re.I)


def _written_age(doc: Doc, i: int) -> tuple[int, int] | None:
    """(years, index after it) for an age written from token i: "12", "9 months", "18mths", "4/12", "about 8)".

    A bare number is read only when a closer follows (")", ",", ";", ".", or the end); callers check the context.
    """
    while i < len(doc) and doc[i].lower_ in _AGE_HEDGES:
        i += 1
    if i >= len(doc):
        return None
    tok = doc[i]
    text = tok.text.lstrip("~")  # "(~30)"
    if tok.lower_ in _AGE_WORDS:
        return _AGE_WORDS[tok.lower_], i + 1  # "Aisha Qureshi (ten)", "Zain Qureshi, seven,"
    if text != tok.text and text.isdigit() and len(text) <= 2:
        return int(text), i + 1
    if m := _HEALTH_AGE.fullmatch(tok.text):
        return _years(int(m[1]), m[2]), i + 1
    if m := _RUN_ON_AGE.fullmatch(tok.text):
        return _years(int(m[1]), m[2]), i + 1
    if re.fullmatch(r"\d{1,2}\)", tok.text):
        return int(tok.text[:-1]), i + 1  # the tokenizer keeps "8)" whole (it is also a smiley), closer and all
    if not (tok.is_digit and len(tok.text) <= 2):
        return None
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ in _AGE_UNITS:
        return _years(int(tok.text), nxt.lower_), i + 2
    if nxt is not None and nxt.text in ("M", "F") and not tok.whitespace_:
        return int(tok.text), i + 2  # a crew's or A&E's "38M", "24F": age and sex
    return int(tok.text), i + 1


_DOB_CUES = frozenset({"dob", "d.o.b", "d.o.b.", "born", "birth", "dob:", "b."})


def _name_case(word: str) -> str:
    """SMITH -> Smith, O'BRIEN -> O'Brien; mixed case as written (McDonald stays)."""
    if word.isupper() or word.islower():
        return word.title()
    return word


class PeopleBuilder:
    """One entry per distinct person, with DOB/age, role, relationship, address, postcode and school.

    Names come from the model's PERSON entities and the CAPS-surname patterns; repeated mentions ("Kayleigh
    SMITH", later "Kayleigh" or "SMITH") merge into one person. Attributes attach to the nearest mention in
    the same stretch of text with no other person between, which is how notifications are written.
    """

    def __init__(self, spans_key: str, dob_window: int, age_window: int):
        self.spans_key = spans_key
        self.dob_window = dob_window
        self.age_window = age_window

    def __call__(self, doc: Doc) -> Doc:
        groups = doc.spans[self.spans_key] if self.spans_key in doc.spans else []
        by_label: dict[str, list[Span]] = {}
        for s in groups:
            by_label.setdefault(s.label_, []).append(s)
        sent_of = _sentence_index(doc)
        occs = self._occurrences(doc, by_label)
        people = self._merge(occs)
        if people:
            self._attach(doc, people, occs, by_label, sent_of)
        for p in people:
            p["mentions"] = sorted([o["start"], o["end"]] for o in p["_occ"])
        doc._.triage_people = [
            {k: v for k, v in p.items() if not k.startswith("_")} for p in sorted(people, key=lambda p: p["start"])
        ]
        return doc

    # -- finding and naming mentions

    def _occurrences(self, doc: Doc, by_label: dict[str, list[Span]]) -> list[dict[str, Any]]:
        blocked = set()
        for label in ("SCHOOL", "ADDRESS", "POSTCODE", "POLICE_REF", "DATE", "PHONE", "DASH"):
            for s in by_label.get(label, []):
                blocked.update(range(s.start, s.end))
        cands: list[tuple[int, int, bool]] = [(s.start, s.end, s.label_ == "NAME_INV")
                                              for s in by_label.get("NAME", []) + by_label.get("NAME_INV", [])]
        cands += [(e.start, e.end, False) for e in doc.ents if e.label_ == "PERSON"]
        cands.sort()
        merged: list[list[Any]] = []
        for start, end, inv in cands:
            # overlapping, or touching ("Ciaran" found by one and "McCarthy Yr 5" by the other): one name
            if merged and (start < merged[-1][1] or (start == merged[-1][1] and not inv and not merged[-1][2])):
                merged[-1][1] = max(merged[-1][1], end)
                merged[-1][2] = merged[-1][2] or (inv and start == merged[-1][0])
            else:
                merged.append([start, end, inv])
        # "Hannah and Scott PEARCE": two people in one span; the first shares the family name that follows.
        # "Ryan PEARCE / Richard JONES", "Subjects - Tracey CROCKER": a separator ends a name, and what follows
        # it may be another.
        parts: list[tuple[int, int, bool]] = []
        for start, end, inv in merged:
            cut = start
            for i in range(start, end):
                spaced_dash = doc[i].text in ("-", "–") and doc[i].whitespace_ and i > 0 and doc[i - 1].whitespace_
                if doc[i].lower_ in ("and", "&") or doc[i].text in _NAME_SEPARATORS or spaced_dash:
                    if i > cut:
                        parts.append((cut, i, inv))
                    cut = i + 1
            if cut < end:
                parts.append((cut, end, inv))
        occs: list[dict[str, Any]] = []
        for start, end, inv in parts:
            occ = self._name_occurrence(doc, start, end, inv, blocked)
            if occ:
                if occs and occ["family"] and not occs[-1]["family"] and occs[-1]["given"] \
                        and occs[-1]["e"] + 1 == occ["s"] and doc[occs[-1]["e"]].lower_ in ("and", "&"):
                    occs[-1]["family"] = occ["family"]
                occs.append(occ)
        # Lone later mentions of a known surname ("SMITH") or given name ("Kayleigh").
        covered = {i for o in occs for i in range(o["s"], o["e"])}
        surnames = {doc[o["e"] - 1].text: o["family"] for o in occs if o["family"] and doc[o["e"] - 1].is_upper}
        givens = {o["given"] for o in occs if o["given"]}
        for tok in doc:
            if tok.i in covered or tok.i in blocked:
                continue
            if tok.text in surnames:
                occs.append(self._occ(doc, tok.i, tok.i + 1, None, surnames[tok.text]))
            elif tok.is_title and tok.text in givens:
                occs.append(self._occ(doc, tok.i, tok.i + 1, tok.text, None))
        occs.sort(key=lambda o: o["s"])
        return occs

    @staticmethod
    def _occ(doc: Doc, s: int, e: int, given: str | None, family: str | None) -> dict[str, Any]:
        return {"s": s, "e": e, "given": given, "family": family,
                "start": doc[s].idx, "end": doc[e - 1].idx + len(doc[e - 1].text)}

    def _name_occurrence(self, doc: Doc, start: int, end: int, inv: bool, blocked: set[int]) -> dict | None:
        def name_like(t: Any) -> bool:
            return (len(t.text) > 1 and t.text[:1].isupper() and any(c.isalpha() for c in t.text)
                    and not any(c.isdigit() for c in t.text)
                    and t.lower_ not in lexicon.NON_NAME_WORDS and t.text not in lexicon.ACRONYMS
                    and t.i not in blocked)

        if inv and (doc[start].text.isupper() or any(t.text == "," for t in doc[start:end])):
            # "SMITH, Kayleigh", "SMITH-JONES, Kayleigh" or "SMITH Kayleigh": family name first.
            comma = next((i for i in range(start, end) if doc[i].text == ","), None)
            if comma is None:
                comma = start
                while comma < end and (doc[comma].text.isupper() or doc[comma].text in "-‐"):
                    comma += 1
                given_at = comma
            else:
                given_at = comma + 1
            if given_at >= end or not name_like(doc[given_at]) or self._professional(doc, start, end):
                return None
            family = "".join(_name_case(t.text) if t.text not in "-‐" else "-" for t in doc[start:comma])
            return self._occ(doc, start, given_at + 1, _name_case(doc[given_at].text), family)
        while start < end and not name_like(doc[start]):
            start += 1
        stop = start
        while stop < end and (name_like(doc[stop]) or (doc[stop].text in "-‐" and stop + 1 < end
                                                        and name_like(doc[stop + 1]) and not doc[stop].whitespace_
                                                        and not doc[stop - 1].whitespace_)):
            stop += 1
        end = stop  # the name ends at the first token that cannot be part of one ("SMITH, D.O.B.")
        if start >= end:
            return None
        if self._professional(doc, start, end):
            return None
        if (end < len(doc) and doc[end].is_title and doc[end].lower_ in lexicon.ORGANISATION_WORDS) or (
                end - start > 1 and doc[end - 1].lower_ in lexicon.ORGANISATION_WORDS):
            return None  # "Abbey Surgery", "Hillside Primary": a place, not a person
        honorific = start > 0 and doc[start - 1].lower_.rstrip(".") in lexicon.HONORIFICS
        if honorific and end - start == 1 and not doc[start].text.isupper():
            occ = self._occ(doc, start, end, None, _name_case(doc[start].text))  # "Mr Holt"
            occ["honorific"] = True
            return occ
        parts: list[str] = []
        for t in doc[start:end]:
            if t.text in "-‐" and parts:
                parts[-1] += "-"
            elif parts and parts[-1].endswith("-"):
                parts[-1] += _name_case(t.text)
            else:
                parts.append(_name_case(t.text))
        if len(parts) == 1:
            word = doc[start].text
            if word.isupper() and len(word) > 1:
                return self._occ(doc, start, end, None, parts[0])
            return self._occ(doc, start, end, parts[0], None)
        if doc[start].text.isupper() and len(doc[start].text) > 1 and not doc[end - 1].text.isupper():
            return self._occ(doc, start, end, parts[-1], parts[0])  # "WARD Ellie": police surname-first
        return self._occ(doc, start, end, parts[0], parts[-1])

    @staticmethod
    def _professional(doc: Doc, start: int, end: int) -> bool:
        """Officers, teachers, social workers: named as referrers, not as people the notification is about.

        A name followed by an age or date of birth is the subject even after a role word ("HV: Ivy PEARCE, 2 yrs",
        "Midwife: Mrs Olena BONDAR, 31"): professionals' ages are not written, and a missed child is worse than
        a listed referrer.
        """
        after = doc[end:end + 3]
        if any((t.is_digit and len(t.text) <= 2) or t.lower_.rstrip(":.") in _DOB_CUES
               or t.lower_ in ("aged", "age", "d.o.b", "year", "yr", "reception") for t in after):
            return False
        i, looked = start - 1, 0
        while i >= 0 and looked < 3:
            low = doc[i].lower_.rstrip(".")
            if low in lexicon.PROFESSIONAL_CUES:
                return True
            initial = len(doc[i].text.rstrip(".")) == 1 and doc[i].text[:1].isupper()  # "Dr S Kaur"
            if not (low in lexicon.HONORIFICS or doc[i].like_num or doc[i].text in {":", "-"} or initial):
                break
            i -= 1
            looked += 1
        # "Jane HART (DSL)", "Jane HART, DSL"
        return end < len(doc) and doc[end].text in {"(", ","} and any(
            t.lower_.rstrip(".") in lexicon.PROFESSIONAL_CUES for t in doc[end + 1:end + 3])

    # -- merging

    @staticmethod
    def _merge(occs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        people: list[dict[str, Any]] = []

        def new(o: dict[str, Any]) -> None:
            o["person"] = len(people)
            people.append({"text": None, "start": o["start"], "end": o["end"], "given_name": o["given"],
                           "family_name": o["family"], "role": "unknown", "relationship": None, "dob": None,
                           "age": None, "address": None, "postcode": None, "school": None,
                           "_occ": [o]})

        def low(x: str | None) -> str | None:
            return x.lower() if x else None

        full = [o for o in occs if o["given"] and o["family"]]
        single = [o for o in occs if not (o["given"] and o["family"])]
        for o in full:
            same = [p for p in people if low(p["given_name"]) == low(o["given"])
                    and low(p["family_name"]) == low(o["family"])]
            if same:
                o["person"] = people.index(same[0])
                same[0]["_occ"].append(o)
            else:
                new(o)
        for o in single:
            if o["given"]:  # "Amelia" is "Amelia-Rose GREEN" met again
                same = [p for p in people if low(p["given_name"]) == low(o["given"])
                        or (low(p["given_name"]) or "").startswith(f"{low(o['given'])}-")]
            else:
                same = [p for p in people if low(p["family_name"]) == low(o["family"])]
            if len(same) == 1:
                o["person"] = people.index(same[0])
                same[0]["_occ"].append(o)
            elif not same:
                new(o)
            else:
                o["person"] = None  # "SMITH" when there are two Smiths: ambiguous, attach nothing
        for p in people:
            first = min(p["_occ"], key=lambda o: o["s"])
            p["start"], p["end"] = first["start"], first["end"]
        return people

    # -- attributes

    def _attach(self, doc: Doc, people: list[dict[str, Any]], occs: list[dict[str, Any]],
                by_label: dict[str, list[Span]], sent_of: list[int]) -> None:
        occ_starts = sorted(o["s"] for o in occs)

        def person_between(a: int, b: int) -> bool:
            return any(a <= s < b for s in occ_starts)

        def fill(p: dict[str, Any], key: str, value: Any) -> None:
            if p[key] is None and value is not None:
                p[key] = value

        named = [o for o in occs if o.get("person") is not None]
        # Tokens a relationship may sit behind: "Sarah JONES DOB 12.1.88 (mum)", "Gary CROCKER (16-10-1997) (father)".
        skippable = {i for label in ("DATE", "AGE", "SCHOOL_YEAR", "SCHOOL") for sp in by_label.get(label, [])
                     for i in range(sp.start, sp.end)}
        rel_tokens = {i for sp in by_label.get("REL", []) for i in range(sp.start, sp.end)}
        for rel in by_label.get("REL", []):
            fwd = next((o for o in named if rel.end <= o["s"] <= rel.end + 3
                        and all(t.lower_ in _FWD_FILLER for t in doc[rel.end:o["s"]])), None)
            back = next((o for o in reversed(named) if o["e"] <= rel.start <= o["e"] + 12
                         and sent_of[o["s"]] == sent_of[rel.start] and not person_between(o["e"], rel.start)
                         and all(t.lower_ in _BACK_FILLER or t.i in skippable or t.i in rel_tokens
                                 or t.lower_.rstrip(":") in _DOB_CUES for t in doc[o["e"]:rel.start])), None)
            if rel.text.lower().endswith(" of"):
                fwd = None  # "mother of Kayleigh" describes the person before it
            if (back is not None and doc[rel.start - 1].lower_ in ("'s", "’s")
                    and not any(t.text == "(" for t in doc[back["e"]:rel.start])):
                back = None  # "Natalie's grandad" is Natalie's relative, not Natalie; "Craig (IP's partner)" is Craig
            if fwd is not None and back is not None:
                loose = any(t.text in {",", "-", "–", ")", "):"} for t in doc[rel.end:fwd["s"]])
                bracketed = rel.start > 0 and doc[rel.start - 1].text == "("
                if loose or bracketed:
                    fwd = None
            target = fwd or back
            if target is None:
                continue
            self._apply_rel(people[target["person"]], rel)
            if target is fwd and rel.text.lower() in lexicon.LIST_WORDS:
                self._apply_list(doc, people, named, target, rel, sent_of, skippable | rel_tokens)
        # Dates of birth and ages.
        ages = by_label.get("AGE", []) + by_label.get("SCHOOL_YEAR", [])
        age_at = {a.start: a for a in ages}
        dates = by_label.get("DATE", [])
        for o in named:
            p = people[o["person"]]
            found = False
            for d in dates:
                if o["e"] <= d.start <= o["e"] + self.dob_window and not person_between(o["e"], d.start) \
                        and self._dob_context(doc, o, d):
                    value = parse_date(d.text)
                    if value and value <= date.today():
                        fill(p, "dob", value.isoformat())
                    found = True
                    self._age_after_dob(doc, p, d, age_at)
                    break
            if not found:  # "Subject DOB 05/05/2010 Logan WARD": the date before the name, claimed by nobody
                d = next((d for d in dates if o["s"] - 2 <= d.end <= o["s"]
                          and all(t.text in {":", "-", "–", ","} for t in doc[d.end:o["s"]])), None)
                if d is not None and any(t.lower_.rstrip(":") in _DOB_CUES or t.lower_.startswith("d.o.b")
                                         for t in doc[max(d.start - 2, 0):d.start]) \
                        and not any(0 <= d.start - x["e"] <= self.dob_window for x in named):
                    value = parse_date(d.text)
                    if value and value <= date.today():
                        fill(p, "dob", value.isoformat())
            immediate = self._immediate_age(doc, o, age_at)
            if immediate is not None:
                fill(p, "age", immediate)
                continue
            age = next((a for a in ages if o["e"] <= a.start <= o["e"] + self.age_window
                        and not person_between(o["e"], a.start) and sent_of[a.start] == sent_of[o["s"]]), None)
            if age is None:  # "9 year old Liam", "his 4 year old son Liam SMITH"
                age = next((a for a in reversed(ages) if o["s"] - 3 <= a.end <= o["s"]
                            and sent_of[a.start] == sent_of[o["s"]]
                            and all(t.lower_ in _AGE_BEFORE_FILLER for t in doc[a.end:o["s"]])), None)
            if age is not None:
                fill(p, "age", age_from_text(age.text, age.label_))
            elif o["e"] + 2 < len(doc) and doc[o["e"]].text == "(" and doc[o["e"] + 2].text == ")" \
                    and doc[o["e"] + 1].text.isdigit() and int(doc[o["e"] + 1].text) < 19:
                fill(p, "age", int(doc[o["e"] + 1].text))  # "Liam (4)"
        for p in people:
            self._resolve_role(p)
        self._referral_subjects(doc, people, named)
        self._parents_from_possessives(doc, people, named, by_label, sent_of)
        self._attach_places(doc, people, named, by_label, sent_of)
        for p in people:
            p["text"] = doc.text[p["start"]:p["end"]]

    @staticmethod
    def _age_after_dob(doc: Doc, p: dict[str, Any], dob: Span, age_at: dict[int, Span]) -> None:
        """The age written after a date of birth: "DOB 22/06/2014 (12)", "DOB 30/05/2011, 15 yrs".

        The annotation keeps the age as written beside the DOB, and a reviewer checks one against the other.
        """
        if p["age"] is not None:
            return
        j = dob.end
        while j < len(doc) and j < dob.end + 4 and (doc[j].text in {"(", ")", ",", "-", "–"} or doc[j].is_space):
            j += 1  # "(DOB 11/11/2018), 8, Bitterne Park Primary" too; "b. 30.03.2016  (10, Y6 ...)"
        if j in age_at:
            if age_at[j].label_ == "AGE":  # a school year after the DOB ("(DOB ...), Year 9") is not its age
                p["age"] = age_from_text(age_at[j].text, age_at[j].label_)
            return
        written = _written_age(doc, j) if j > dob.end else None
        # "(4/12)", "(9 months)", "(DOB 17/05/2022, 4)": an age closed off, not "DOB 02/05/1990, 3 children"
        if written is not None and (written[1] >= len(doc) or doc[written[1]].text in {")", ",", ";", "."}
                                    or doc[written[1] - 1].text.endswith(")")) and written[0] < 120:
            p["age"] = written[0]

    @staticmethod
    def _immediate_age(doc: Doc, o: dict[str, Any], age_at: dict[int, Span]) -> int | None:
        """An age written straight after the name: "Liam (4)", "Jade WRIGHT (22)", "Maisie, 14,", "Zara 11,",
        "Poppy ELLIS, 11 months", "Kai (3 weeks)". Only there, since "waited 12 weeks" elsewhere is no age."""
        i = o["e"]
        opener = i < len(doc) and doc[i].text in {"(", ","}
        if opener:
            i += 1
        if opener and i + 2 < len(doc) and doc[i].lower_ in _BRACKET_RELATIONS and doc[i + 1].text == ",":
            i += 2  # "Mr Imran Qureshi (dad, 38)"
        if i >= len(doc):
            return None
        if i in age_at:
            return age_from_text(age_at[i].text, age_at[i].label_)
        if opener and doc[i].lower_ == "reception" and i + 1 < len(doc) and doc[i + 1].text in {",", ")"}:
            return 4  # "Zofia KOWALCZYK, Reception, DOB ...": the guide's Reception class is age 4
        written = _written_age(doc, i)
        if written is None:
            return None
        n, after = written
        if not opener and doc[i].lower_ in _AGE_HEDGES:
            # "Kaiden about 5 and Esme ...", but "spoke to Liam about 8 times" is no age
            nxt = doc[after].text if after < len(doc) else ""
            return n if nxt in {",", "and", "&", "–", "-", ";"} else None
        if after > i + 1 or doc[after - 1].text.endswith(")"):
            return n  # a unit, health notation, a hedge or "8)" says it is an age
        nxt = doc[after] if after < len(doc) else None
        if nxt is None or nxt.text in {")", ",", ";", ".", "and", "&", "–", "-"} or nxt.is_space:
            return n  # "Gemma Royle, 34 – and ...", "Partner / FOB: Reece Dunne, 26" at a line's end
        if nxt.text == "(" and (opener and doc[i - 1].text == "," or not opener and n < 19):
            return n  # "Amelia-Rose KEANE, 14 (DOB 27/04/2012)", "Poppy GOULD 5 (both at Sticklepath Primary)"
        if not opener and nxt.is_alpha and nxt.is_lower:
            return n  # "Ava 6 witnessed ..."
        return None

    @staticmethod
    def _dob_context(doc: Doc, o: dict[str, Any], d: Span) -> bool:
        """A date is a DOB when labelled so ("DOB", "born") or written straight after the name."""
        before = [t.lower_.rstrip(":") for t in doc[max(o["e"], d.start - 3):d.start]]
        if any(b in _DOB_CUES or b.startswith("d.o.b") for b in before):
            return True
        return all(t.text in {"(", ",", "-", "–", ":"} or t.is_space for t in doc[o["e"]:d.start])

    @staticmethod
    def _apply_rel(p: dict[str, Any], rel: Span) -> None:
        relationship, role = (x or None for x in rel.kb_id_.split("|"))
        if relationship:
            current = p["relationship"]
            if current is None or (current in ("victim", "suspect", "witness")
                                   and relationship in lexicon.FAMILY_RELATIONSHIPS):
                p["relationship"] = relationship
        if role and p["role"] == "unknown":
            p["role"] = role
        if role == "adult" and relationship in ("mother", "father", "step-parent", "grandparent"):
            p["role"] = "adult"

    @staticmethod
    def _parents_from_possessives(doc: Doc, people: list[dict[str, Any]], named: list[dict[str, Any]],
                                  by_label: dict[str, list[Span]], sent_of: list[int]) -> None:
        """ "Her daughter Summer CLARKE", "his grandson Riley", "She has two children": the one they belong to is
        a parent (mother or father by the pronoun), grandparent or step-parent, and an adult.

        The owner is the nearest named person before the words, within the two sentences before, who is not a
        child; one who already has a family relationship keeps it. Without a pronoun or a title the parent's sex
        is not known and only the role (adult) is set.
        """
        for rel in by_label.get("REL", []):
            relationship, role = (x or None for x in rel.kb_id_.split("|"))
            if role != "child" or relationship:
                continue
            i = rel.start - 1
            while i >= 0 and (doc[i].lower_ in _COUNT_WORDS or doc[i].like_num):
                i -= 1
            if i < 0:
                continue
            word = doc[i].lower_
            if word in ("his", "her"):
                sex = "male" if word == "his" else "female"
            elif word in ("has", "had", "have") and i > 0:
                subject = doc[i - 1].lower_
                sex = {"he": "male", "she": "female"}.get(subject)
                if sex is None and not any(o["e"] == i for o in named):
                    continue  # "The family has two children": nobody to make a parent
            else:
                continue
            owner = next((o for o in reversed(named) if o["e"] <= i and sent_of[o["s"]] >= sent_of[rel.start] - 2
                          and people[o["person"]]["role"] != "child"), None)
            if owner is None:
                continue
            p = people[owner["person"]]
            if p["relationship"] in lexicon.FAMILY_RELATIONSHIPS:
                continue  # "her partner Mark DAVIES. His son Liam": Mark stays the partner, and Sarah is not "his"
            title = doc[owner["s"] - 1].lower_.rstrip(".") if owner["s"] > 0 else ""
            titled = lexicon.TITLE_SEX.get(title)
            if sex is not None and titled is not None and sex != titled:
                continue  # "Mr HOLT ... her daughter": the words belong to somebody else
            sex = sex or titled
            words = rel.text.lower()
            if words.startswith("grand"):
                parent = "grandparent"
            elif words.startswith("step"):
                parent = "step-parent"
            else:
                parent = {"female": "mother", "male": "father"}.get(sex or "")
            if parent:
                p["relationship"] = parent
            if p["role"] == "unknown":
                p["role"] = "adult"

    @staticmethod
    def _apply_list(doc: Doc, people: list[dict[str, Any]], named: list[dict[str, Any]], first: dict[str, Any],
                    rel: Span, sent_of: list[int], skippable: set[int]) -> None:
        """Everyone listed after "Children"/"Adults:" shares the role: "Children Kayleigh SMITH (9) and Liam SMITH"."""
        prev = first
        for o in named:
            if o["s"] <= prev["s"]:
                continue
            gap = doc[prev["e"]:o["s"]]
            if len(gap) > 15 or sent_of[o["s"]] != sent_of[first["s"]] or not all(
                    t.lower_ in _LIST_FILLER or t.i in skippable or t.lower_.rstrip(":") in _DOB_CUES for t in gap):
                break
            PeopleBuilder._apply_rel(people[o["person"]], rel)
            prev = o

    @staticmethod
    def _resolve_role(p: dict[str, Any]) -> None:
        age = None if p["dob"] else p["age"]  # a date of birth is more exact than a stated age
        if p["dob"]:
            born = date.fromisoformat(p["dob"])
            today = date.today()
            age_now = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            age = age_now
        if age is not None:
            p["role"] = "child" if age < 18 else "adult"
        elif p["relationship"] in ("mother", "father", "step-parent", "grandparent", "partner", "suspect") \
                or any(o.get("honorific") for o in p["_occ"]):
            p["role"] = "adult"  # "Mrs Tanya BELL": an honorific is an adult's

    @staticmethod
    def _referral_subjects(doc: Doc, people: list[dict[str, Any]], named: list[dict[str, Any]]) -> None:
        """The person a school or health referral is about is a child, unless something says otherwise.

        A MASH receives referrals about children: "I am referring Fergus O'BRIEN", "Patient: Jimmy HEXT",
        "Safeguarding referral: Susan JOHNSON", "referral about Darren WALKER" name the child, often with no age.
        Left unknown, the child's own words ("Fergus disclosed that ...") were not heard as a child's. An age,
        a date of birth, an honorific or a parent's relationship has already settled the role and wins.
        """
        for o in named:
            p = people[o["person"]]
            if p["role"] != "unknown" or p["relationship"]:
                continue
            i = o["s"] - 1
            while i >= 0 and doc[i].text in _REFERRAL_FILLER:
                i -= 1
            if i < 0:
                continue
            cue = doc[i].lower_
            if cue in lexicon.REFERRAL_SUBJECT_CUES or (
                    cue in lexicon.REFERRAL_ABOUT_WORDS and i > 0
                    and doc[i - 1].lower_ in lexicon.REFERRAL_ABOUT_CUES):
                p["role"] = "child"

    @staticmethod
    def _attach_places(doc: Doc, people: list[dict[str, Any]], named: list[dict[str, Any]],
                       by_label: dict[str, list[Span]], sent_of: list[int]) -> None:
        addresses = by_label.get("ADDRESS", [])
        in_address = {i for a in addresses for i in range(a.start, a.end)}
        postcodes = [s for s in by_label.get("POSTCODE", [])]
        household = [p for p in people if p["role"] == "child" or p["relationship"] in lexicon.FAMILY_RELATIONSHIPS
                     or p["relationship"] == "victim"]

        def split_address(a: Span) -> tuple[str, str | None]:
            m = re.search(r",?\s*([A-Z]{1,2}\d[A-Z\d]?)\s?(\d[A-Z]{2})$", a.text)
            if m:
                return a.text[:m.start()].strip(" ,"), f"{m[1]} {m[2]}"
            return a.text.strip(" ,"), None

        def same_sentence(span: Span) -> list[dict[str, Any]]:
            return [people[o["person"]] for o in named if sent_of[o["s"]] == sent_of[span.start]]

        for a in addresses:
            text, pc = split_address(a)
            for p in same_sentence(a):
                if p["address"] is None:
                    p["address"], p["postcode"] = text, p["postcode"] or pc
        for s in postcodes:
            if s.start in in_address:
                continue
            code = re.sub(r"\s+", "", s.text)
            code = f"{code[:-3]} {code[-3:]}"
            for p in same_sentence(s):
                if p["postcode"] is None:
                    p["postcode"] = code
        distinct = {split_address(a) for a in addresses}
        if len(distinct) == 1:
            text, pc = next(iter(distinct))
            for p in household:
                if p["address"] is None:
                    p["address"], p["postcode"] = text, p["postcode"] or pc
        codes = {p["postcode"] for p in people if p["postcode"]} | {
            f"{re.sub(r'[ ]+', '', s.text)[:-3]} {re.sub(r'[ ]+', '', s.text)[-3:]}" for s in postcodes}
        if len(codes) == 1:
            code = next(iter(codes))
            for p in household:
                if p["postcode"] is None:
                    p["postcode"] = code
        schools = by_label.get("SCHOOL", [])
        children = [p for p in people if p["role"] == "child"]
        for sc in schools:
            near = [o for o in named if sent_of[o["s"]] == sent_of[sc.start] and people[o["person"]]["role"] != "adult"]
            before = [o for o in near if o["e"] <= sc.start]
            pick = before[-1] if before else (near[0] if near else None)
            if pick is not None:
                if people[pick["person"]]["school"] is None:
                    people[pick["person"]]["school"] = sc.text
            elif len(children) == 1 and children[0]["school"] is None:
                children[0]["school"] = sc.text
        for p in people:
            if p["school"] and p["role"] == "unknown":
                p["role"] = "child"  # someone who attends a school or nursery, with no age against it

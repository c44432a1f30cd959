"""Redaction: a trainer reads real sentences, but never a child's or an adult's identity.

Every name, date of birth, address, postcode and phone number hand-marked in tests/data/quality_eval.jsonl must
be hidden (recall at least 0.98 per kind, or the test fails). Names are found from the parser's people and then
wherever else they recur: first name only, CAPITALS, "SURNAME, Given", possessives.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from triage.parse import load_pipeline, parse
from triage.redact import Redactor, redact

EVAL = Path(__file__).parent / "data" / "quality_eval.jsonl"
MIN_RECALL = 0.98


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def recall(nlp) -> dict[str, tuple[int, int]]:
    """(hidden, marked) per kind over the hand-marked spans: a span counts only if every letter and digit is hidden."""
    found: dict[str, list[int]] = {}
    for line in EVAL.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = row["text"]
        hidden = set()
        for span in Redactor.for_notification(text, parse(nlp, text)).spans(text):
            hidden.update(range(span.start, span.end))
        for gold in row["spans"]:
            ok = all(i in hidden for i in range(gold["start"], gold["end"]) if text[i].isalnum())
            found.setdefault(gold["kind"], [0, 0])
            found[gold["kind"]][0] += ok
            found[gold["kind"]][1] += 1
    return {k: (v[0], v[1]) for k, v in found.items()}


@pytest.mark.parametrize("kind", ["name", "dob", "address", "phone", "postcode"])
def test_recall_on_the_hand_marked_set_is_at_least_098(recall, kind):
    hidden, marked = recall[kind]
    assert marked >= 15, f"too few {kind} spans marked to measure"
    assert hidden / marked >= MIN_RECALL, f"{kind}: {hidden} of {marked} hidden"


def test_names_are_hidden_wherever_they_recur(nlp):
    text = (
        "IP Sarah JONES (mother). Child Kayleigh SMITH aged 9. Kayleigh told officers that JONES had shouted. "
        "SMITH's bedroom door was broken. sarah was calm."
    )
    out = redact(text, parse(nlp, text))
    for name in ("Sarah", "JONES", "Kayleigh", "SMITH", "sarah"):
        assert name not in out, out
    assert "told officers" in out and "[NAME]" in out


def test_surname_first_and_caps_only_forms(nlp):
    text = "SUSPECT: WARD, Gary (01/01/1987) - father. WARD was arrested. Victim Nicola WARD."
    out = redact(text, parse(nlp, text))
    assert "WARD" not in out and "Gary" not in out and "Nicola" not in out
    assert "[DOB]" in out and "arrested" in out


def test_names_the_parser_misses_are_caught_by_titles_role_labels_and_capitals():
    text = "Worried about Noah. Spoke to Mrs Pengelly. IP: Tasha / SUSPECT KOWALCZYK. Regards, A. Webb"
    out = redact(text)
    for name in ("Noah", "Pengelly", "Tasha", "KOWALCZYK", "Webb"):
        assert name not in out, out


def test_dates_of_birth_in_every_written_form():
    text = "DOB 03/04/2015; d.o.b. 3.4.15; born 3rd April 2015; (2015-04-03); b. 03-04-2015"
    out = redact(text)
    assert "2015" not in out and "3.4.15" not in out
    assert out.count("[DOB]") == 5


def test_other_full_dates_are_hidden_but_times_stay():
    out = redact("At 2215hrs on 03/10/2026 police attended.")
    assert "03/10/2026" not in out and "2215hrs" in out


def test_addresses_postcodes_phones_and_emails():
    text = (
        "Both of Flat 2, 14 High Street, Exeter EX1 2AB. Found at a flat on Meddon Street, Bideford. "
        "Call 07700 900123 or 01392 201334 ext 214 or +44 1752 720519, dsl@school.sch.uk."
    )
    out = redact(text)
    for secret in ("High Street", "14", "EX1 2AB", "Meddon", "07700", "201334", "720519", "dsl@"):
        assert secret not in out, out
    assert "[ADDRESS]" in out and "[PHONE]" in out and "[EMAIL]" in out


def test_police_references_are_hidden(nlp):
    text = "CAD 544 refers. See PPN-2026-019460."
    out = redact(text, parse(nlp, text))
    assert "544" not in out and "019460" not in out


def test_a_sentence_taken_from_the_text_is_redacted_with_the_whole_texts_names(nlp):
    text = "CHILD: Mason TREMAINE (Montgomery Primary School). Mason was tearful and shaking."
    redactor = Redactor.for_notification(text, parse(nlp, text))
    assert redactor.apply("Mason was tearful and shaking.") == "[NAME] was tearful and shaking."


def test_words_that_matter_to_the_trainer_survive(nlp):
    text = "DASH: MEDIUM. IDVA referral made; school informed via Operation Encompass. Consent given."
    assert redact(text, parse(nlp, text)) == text


def test_neighbouring_names_collapse_to_one_label():
    assert redact("OIC PC 4471 Sam PARKER, Exeter Response") == "OIC PC 4471 [NAME], Exeter Response"


def test_a_childs_school_is_hidden_but_the_word_school_is_not(nlp):
    text = "CHILD: Mason TREMAINE (Montgomery Primary School), Year 4. The school has been informed."
    out = redact(text, parse(nlp, text))
    assert "Montgomery" not in out and "[SCHOOL]" in out
    assert out.endswith("The school has been informed.")

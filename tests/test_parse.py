"""What the parser reads from a notification: people, risk factors (with negation), DASH level, references.

The sentences are written the way police officers, school DSLs and health visitors write. The pipeline is
loaded once per module because loading the spaCy model is the slow part.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage import lexicon
from triage.config import Settings
from triage.errors import SpacyModelError
from triage.guide import FACTORS, PROTECTIVE_FACTORS, RISK_FACTORS
from triage.parse import highlights, load_pipeline, parse, parse_many
from triage.parse_components import parse_date, two_digit_year
from triage.records import Mention, ParsedNotification

POLICE_DA = (
    "Attended address re verbal argument between IP Sarah JONES (DOB 12/01/1988) and her partner Mark DAVIES. "
    "Children Kayleigh SMITH aged 9 and Liam SMITH 4 y/o were asleep upstairs. No weapons were used. "
    "DASH completed – STANDARD."
)

SCHOOL_DSL = (
    "DSL referral from St Mary's CE Primary School. SMITH, Kayleigh (03/04/2015), Year 4. This morning Kayleigh "
    "told her teacher that daddy hit her with a belt last night. She has a bruise on her upper arm. "
    "Mother Sarah JONES DOB 12.1.88 of 14 High Street, Exeter EX1 2AB has been informed."
)

HEALTH_VISITOR = (
    "Health visitor referral. Baby Ava BROWN (6 weeks old) was seen with bruising to the left cheek and "
    "mother Chloe BROWN could not explain the injury. Chloe is 20 weeks pregnant and has not booked with a "
    "midwife. Father Jordan BROWN denies any violence in the home."
)


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return load_pipeline(Settings())


def person(parsed: ParsedNotification, given: str) -> Mention:
    matches = [m for m in parsed.mentions if m.given_name == given]
    assert len(matches) == 1, f"expected one {given}, got {parsed.mentions}"
    return matches[0]


def factor(parsed: ParsedNotification, code: str) -> list:
    return [rf for rf in parsed.risk_factors if rf.factor == code]


# ------------------------------------------------------------------------------------------------ the pipeline


def test_pipeline_has_the_triage_components_after_the_model_ner(nlp):
    names = nlp.pipe_names
    assert "ner" in names
    for component in ("triage_sentences", "triage_patterns", "triage_risk_factors", "triage_negation",
                      "triage_people"):
        assert component in names
    assert names.index("ner") < names.index("triage_people")


def test_a_missing_spacy_model_is_a_clear_error():
    with pytest.raises(SpacyModelError, match="no_such_model_xyz"):
        load_pipeline(Settings(spacy_model="no_such_model_xyz"))


def test_every_guide_factor_has_words_in_the_lexicon_and_no_unknown_codes():
    codes = {e["factor"] for e in lexicon.RISK_LEXICON} - {lexicon.IGNORE}
    assert codes <= set(FACTORS)
    assert set(RISK_FACTORS) | set(PROTECTIVE_FACTORS) <= codes


# ------------------------------------------------------------------------------------------------ a whole notification


def test_police_domestic_abuse_notification_end_to_end(nlp):
    parsed = parse(nlp, POLICE_DA)

    sarah, mark = person(parsed, "Sarah"), person(parsed, "Mark")
    assert (sarah.family_name, sarah.dob, sarah.relationship, sarah.role) == ("Jones", date(1988, 1, 12), "victim",
                                                                             "adult")
    assert (mark.family_name, mark.relationship, mark.role) == ("Davies", "partner", "adult")
    kayleigh, liam = person(parsed, "Kayleigh"), person(parsed, "Liam")
    assert (kayleigh.family_name, kayleigh.age, kayleigh.role) == ("Smith", 9, "child")
    assert (liam.family_name, liam.age, liam.role) == ("Smith", 4, "child")

    assert parsed.present_factors() == {"parental_conflict", "child_present"}
    (weapon,) = factor(parsed, "weapon")
    assert weapon.negated and weapon.text == "weapons" and weapon.sentence == "No weapons were used."
    assert parsed.dash_level == "standard"


def test_school_dsl_referral_with_a_childs_disclosure(nlp):
    parsed = parse(nlp, SCHOOL_DSL)

    kayleigh = person(parsed, "Kayleigh")
    assert kayleigh.text == "SMITH, Kayleigh"
    assert (kayleigh.family_name, kayleigh.dob, kayleigh.role) == ("Smith", date(2015, 4, 3), "child")
    assert kayleigh.school == "St Mary's CE Primary School"
    mother = person(parsed, "Sarah")
    assert (mother.relationship, mother.dob, mother.role) == ("mother", date(1988, 1, 12), "adult")
    assert (mother.address, mother.postcode) == ("14 High Street, Exeter", "EX1 2AB")

    disclosure, *also = factor(parsed, "disclosure")  # "with a belt" is a child's account of its own
    assert disclosure.present and disclosure.text.startswith("told her teacher that daddy hit")
    assert all(d.present for d in also)
    assert {"disclosure", "injury"} <= parsed.present_factors()


def test_health_visitor_referral_unexplained_injury_to_a_baby_and_pregnancy(nlp):
    parsed = parse(nlp, HEALTH_VISITOR)

    ava = person(parsed, "Ava")
    assert (ava.age, ava.role) == (0, "child")
    assert person(parsed, "Chloe").relationship == "mother"
    assert person(parsed, "Jordan").relationship == "father"
    present = parsed.present_factors()
    assert {"injury", "unexplained_injury", "pregnancy", "no_antenatal_care"} <= present
    # "could not explain the injury": the "not" belongs to "could not explain", it does not negate "injury".
    assert all(rf.present for rf in factor(parsed, "injury"))
    (violence,) = factor(parsed, "domestic_abuse")
    assert violence.negated, "the father denies any violence"


# ------------------------------------------------------------------------------------------------ negation


@pytest.mark.parametrize(
    ("text", "code", "evidence"),
    [
        ("No weapons were used.", "weapon", "weapons"),
        ("Mark DAVIES denies any violence towards the IP.", "domestic_abuse", "violence"),
        ("The children were not present at the time.", "child_present", "children were not present"),
        ("No children were present during the incident.", "child_present", "children were present"),
        ("Injuries: nil.", "injury", "Injuries"),
        ("No injuries were seen on either child.", "injury", "injuries"),
        ("No concerns re school attendance.", "school_attendance", "school attendance"),
        ("There is no evidence of drug use in the home.", "substance_misuse", "drug use"),
        ("Kayleigh has never gone missing.", "missing", "missing"),
        ("The children are not subject to a child protection plan.", "plan_stated", "child protection plan"),
    ],
)
def test_negated_factors_are_kept_flagged_and_not_present(nlp, text, code, evidence):
    parsed = parse(nlp, text)
    (rf,) = factor(parsed, code)
    assert rf.text == evidence
    assert rf.negated and not rf.present
    assert code not in parsed.present_factors()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("No weapons were used but Ava has a bruise to her cheek.", "injury"),
        ("No injuries, however a kitchen knife was recovered from the lounge.", "weapon"),
        ("A knife was not recovered from the address.", "weapon"),
        ("Mum gave no explanation for the bruise on Ava's arm.", "injury"),
        ("The children witnessed the assault.", "child_present"),
        ("He grabbed her by the throat in front of their daughter.", "child_present"),
    ],
)
def test_negation_does_not_reach_past_its_scope(nlp, text, code):
    (rf,) = factor(parse(nlp, text), code)
    assert rf.present, rf


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("IP is worried about what will happen if he returns with a knife.", "weapon"),
        ("A safety plan is in place in case he is drunk again.", "intoxicated_carer"),
        ("Mum said she would struggle with her mental health if the baby was removed.", "mental_health"),
    ],
)
def test_hypothetical_factors_are_flagged_and_not_present(nlp, text, code):
    (rf,) = factor(parse(nlp, text), code)
    assert rf.hypothetical and not rf.present


def test_a_threat_to_kill_in_reported_speech_is_not_hypothetical(nlp):
    (rf,) = factor(parse(nlp, "The IP stated he told her he would kill her if she left."), "threats_to_kill")
    assert rf.present


def test_a_childs_disclosure_is_never_made_hypothetical(nlp):
    (rf,) = factor(parse(nlp, "Liam told staff that his dad would hit him if he cried."), "disclosure")
    assert rf.present


# ------------------------------------------------------------------------------------------------ risk factors


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("She alleges he touched her over her clothes.", "disclosure"),
        ("Kayleigh disclosed to her teacher that she is scared at home.", "disclosure"),
        ("Suspect put his hands around her neck.", "strangulation"),
        ("LEAMAN put his hands around CHUDLEIGH's neck.", "strangulation"),
        ("The s/o put his hands around the IP's neck.", "strangulation"),
        ("Tony describes Ruby squeezing his neck until he saw stars.", "strangulation"),
        ("Wayne told the IP he would 'end' her.", "threats_to_kill"),
        ("The IP says she was choked until she nearly passed out.", "strangulation"),
        ("He threatened to kill her and the children.", "threats_to_kill"),
        ("He picked up a baseball bat and smashed the TV.", "weapon"),
        ("Mum was too drunk to care for the baby.", "intoxicated_carer"),
        ("Dad has been sectioned under the Mental Health Act.", "mental_health"),
        ("Tyler (14) has been self-harming and says he wants to die.", "self_harm"),
        ("Maisie (14) told her tutor she cuts her arms when she is stressed.", "self_harm"),
        ("Police were called after he threw a mug at his partner.", "domestic_abuse"),
        ("Her dad threw a cup at mum. Tyler (6) was in the lounge and saw it.", "child_present"),
        ("Officers found dog faeces throughout the property and no food in the fridge.", "neglect"),
        ("The family were evicted last week and are sofa surfing.", "homelessness"),
        ("Mia (15) was reported missing overnight.", "missing"),
        ("She was found in a trap house with an older boyfriend.", "exploitation"),
        ("Mum's new partner is a registered sex offender.", "sex_offender"),
        ("Jess is 24 weeks pregnant.", "pregnancy"),
        ("She has a concealed pregnancy and has had no antenatal care.", "no_antenatal_care"),
        ("Both children were home alone overnight.", "child_alone"),
        ("Attendance is 71% with persistent absence this term.", "school_attendance"),
        ("Jayden has been involved in anti-social behaviour and shoplifting.", "offending"),
        ("The family are not engaging with early help.", "non_engagement"),
        ("They have been on the waiting list for 10 months.", "prolonged_wait"),
        ("Operation Encompass notification for information only.", "information_sharing"),
        ("Mum is engaging with the health visitor.", "agency_engagement"),
        ("Grandparents are supportive and the family has a good support network.", "family_support"),
        ("Mum shows good insight and is willing to engage.", "insight"),
        ("Neighbours heard Harry crying for hours and no adult was home.", "child_alone"),
        ("Ava (2) has a small cut above her eye. Mum says she does not know how it happened.",
         "unexplained_injury"),
        ("Kieran (3) has a bruise to his cheek. The history given changed between staff.", "unexplained_injury"),
        ("Joshua (12) was located in Liverpool, a long way from home, with no explanation of how he got there.",
         "exploitation"),
        ("Adult: Xander TURNER\nConcern: He told me daddy hit him.", "disclosure"),
        ("Ciara (11) has a bruise to her cheek. Ciara was seen with mother present. No disclosure was made. "
         "Mum says she does not know how it happened.", "unexplained_injury"),
        ("Mum was so drunk she could not stand, with Ava (1) in her sole care.", "intoxicated_carer"),
        ("Daniel (8) called 999 himself.", "child_present"),
        ("The s/o put her hands around Kyle's neck.", "strangulation"),
        ("She held scissors to his face.", "weapon"),
        ("Elizabeth is expecting her first child.", "pregnancy"),
        ("CP plan in place per police systems.", "plan_stated"),
        ("Mia (6) was on the stairs. He said 'your dead if you go to the police'.", "threats_to_kill"),
        ("The neighbour hears him throwing her about most weekends. Alfie (2) lives there.", "domestic_abuse"),
        ("Kacey (14) hasnt come home overnight for the third time this month.", "missing"),
        ("MISPER: Jordan PHILLIPS (16). RP is his carer, who last saw him at 2100hrs.", "missing"),
        ("Leo (11): attendance this term 71.4%.", "school_attendance"),
        ("Ethan (14) admitted forwarding a nude image of a classmate to a group chat.", "offending"),
    ],
)
def test_each_factor_is_found_in_practitioner_wording(nlp, text, code):
    assert code in parse(nlp, text).present_factors()


def test_a_weapon_in_a_childs_drawing_is_not_a_weapon_used(nlp):
    parsed = parse(nlp, "On Tuesday he drew a picture of a man with a knife.")
    assert "weapon" not in parsed.present_factors()
    assert "weapon" in parse(nlp, "On Tuesday he came at her with a knife.").present_factors()


@pytest.mark.parametrize("text", ["On Monday he told his teacher \"Daddy hits Mummy and she cries\".",
                                  "Jack (6) told his teacher 'daddy was hurting mummy'.",
                                  "Mia (5) said: 'Daddy grabbed Mummy by the hair'.",
                                  "Ben (4) told nursery 'daddy bit mummy'."])
def test_a_child_telling_of_violence_between_parents_was_there_and_it_is_domestic_abuse(nlp, text):
    present = parse(nlp, text).present_factors()
    assert {"domestic_abuse", "child_present"} <= present
    assert "disclosure" not in present  # abuse the child saw, not abuse of the child


def test_an_adult_disclosing_domestic_abuse_is_not_a_childs_disclosure(nlp):
    parsed = parse(nlp, "The IP disclosed ongoing controlling behaviour by her partner.")
    assert "disclosure" not in parsed.present_factors()
    assert "domestic_abuse" in parsed.present_factors()


def test_a_vague_explanation_far_from_the_injury_is_not_an_unexplained_injury(nlp):
    # "no explanation" is generic: only next to the injury does it mean the injury is unexplained
    parsed = parse(nlp, "Layla (7) has a burn on her hand. She was upset. We spoke to her teacher. "
                        "No explanation from mum yet as we have not contacted her.")
    assert "unexplained_injury" not in parsed.present_factors()


def test_a_mothers_account_of_her_own_abuse_is_not_a_childs_disclosure(nlp):
    # "daddy" would be a child's word; "her ex-partner" is an adult's, so the line before still decides
    parsed = parse(nlp, "Mother Kim SMITH (31) was spoken to. She said her ex-partner hit her last year.")
    assert "disclosure" not in parsed.present_factors()


def test_suicidal_thoughts_are_self_harm_for_a_child_and_mental_health_for_a_parent(nlp):
    child = parse(nlp, "Bethan SMITH (14) disclosed suicidal thoughts and said she has a plan.")
    adult = parse(nlp, "Mum expressed thoughts of ending her own life.")
    assert "self_harm" in child.present_factors() and "disclosure" not in child.present_factors()
    assert "mental_health" in adult.present_factors() and "self_harm" not in adult.present_factors()


def test_a_child_as_victim_of_theft_is_not_offending(nlp):
    assert "offending" not in parse(nlp, "Bilal was the victim of a phone theft; passed for information.")\
        .present_factors()


def test_drugs_run_is_exploitation_not_substance_misuse(nlp):
    parsed = parse(nlp, "Jayden (15) was stopped in Exeter on a drugs run for a county lines gang.")
    assert "exploitation" in parsed.present_factors()
    assert "substance_misuse" not in parsed.present_factors()


def test_a_short_wait_is_not_a_prolonged_wait(nlp):
    assert "prolonged_wait" not in parse(nlp, "Mum has waited 3 weeks for a GP appointment.").present_factors()


def test_police_attendance_is_not_a_school_attendance_concern(nlp):
    assert "school_attendance" not in parse(nlp, "Upon police attendance the IP was calm.").present_factors()


def test_an_adult_alleging_assault_is_domestic_abuse_not_a_childs_disclosure(nlp):
    parsed = parse(nlp, "The IP alleges that he punched her in the face.")
    assert "domestic_abuse" in parsed.present_factors()
    assert "disclosure" not in parsed.present_factors()


def test_an_adult_known_only_by_a_shared_surname_is_not_taken_for_the_child(nlp):
    # Mother and daughter are both DAVIES: "DAVIES disclosed" is somebody's disclosure of their own drug use,
    # not the child of the sentence before disclosing abuse (which would floor the rating at RED).
    text = ("Persons involved: Lauren DAVIES (27 Feb 1995), birth mum; DAVIES Gemma d.o.b. 8th October 2015. "
            "Gemma was spoken to alone and appeared relaxed. DAVIES disclosed daily cannabis use.")
    factors = parse(nlp, text).present_factors()
    assert "disclosure" not in factors and "substance_misuse" in factors
    # ... while a named child's own disclosure is still one
    assert "disclosure" in parse(nlp, "Gemma DAVIES (11) disclosed that her mum hit her.").present_factors()


@pytest.mark.parametrize("text", [
    "Tanisha is on the SEN register for social, emotional + mental health needs.",
    "Tanisha is on the SEN register for social, emotional and mental health.",
    "Tanisha has SEMH needs.",
])
def test_a_childs_special_educational_needs_are_not_a_carers_mental_health(nlp, text):
    assert "mental_health" not in parse(nlp, text).present_factors()
    assert "mental_health" in parse(nlp, "Mum has mental health needs.").present_factors()


def test_throwing_things_is_domestic_abuse_only_at_a_person(nlp):
    assert "domestic_abuse" not in parse(nlp, "He threw the ball at the wall.").present_factors()
    assert "child_present" not in parse(nlp, "Officers saw it on CCTV.").present_factors()


def test_a_quoted_threat_to_end_someone_is_a_threat_to_kill_but_ending_one_s_own_life_is_not(nlp):
    assert "threats_to_kill" in parse(nlp, "He told her he would 'end' her.").present_factors()
    assert all(r.factor != "threats_to_kill" for r in parse(nlp, "Mum said she would end her life.").risk_factors)


def test_risk_factor_offsets_slice_the_original_text_exactly(nlp):
    for text in (POLICE_DA, SCHOOL_DSL, HEALTH_VISITOR):
        parsed = parse(nlp, text)
        assert parsed.risk_factors
        for rf in parsed.risk_factors:
            assert text[rf.start:rf.end] == rf.text
            assert rf.text in rf.sentence and rf.sentence in text
        for m in parsed.mentions:
            assert text[m.start:m.end] == m.text


# ------------------------------------------------------------------------------------------------ ages and DOBs


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Liam SMITH, aged 9, was at home.", 9),
        ("Liam SMITH 9 y/o was at home.", 9),
        ("Liam SMITH 9yo was at home.", 9),
        ("Liam SMITH 9yrs was at home.", 9),
        ("Liam SMITH 9 years old was at home.", 9),
        ("Liam SMITH, a 9-year-old boy, was at home.", 9),
        ("Liam SMITH (9) was at home.", 9),
        ("Liam SMITH (Year 4) was at home.", 8),
        ("Pupil Liam SMITH, Year 11, was at home.", 15),
        ("9 year old Liam SMITH was at home.", 9),
        ("Baby Liam SMITH, 6 months old, was at home.", 0),
        ("Patient: Liam SMITH aged 34 weeks", 0),
    ],
)
def test_ages_in_every_common_form(nlp, text, age):
    liam = person(parse(nlp, text), "Liam")
    assert liam.age == age
    assert liam.role == "child"


@pytest.mark.parametrize(
    ("text", "dob"),
    [
        ("Kayleigh SMITH (DOB 03/04/2015) was present.", date(2015, 4, 3)),
        ("Kayleigh SMITH (03/04/2015) was present.", date(2015, 4, 3)),
        ("Kayleigh SMITH DOB 3rd April 2015 was present.", date(2015, 4, 3)),
        ("Kayleigh SMITH, D.O.B. 3.4.15, was present.", date(2015, 4, 3)),
        ("Kayleigh SMITH DOB: 2015-04-03 was present.", date(2015, 4, 3)),
        ("Kayleigh SMITH born 3 Apr 2015 was present.", date(2015, 4, 3)),
        ("Kayleigh SMITH DOB April 3rd, 2015 was present.", date(2015, 4, 3)),
    ],
)
def test_dates_of_birth_in_every_common_form(nlp, text, dob):
    kayleigh = person(parse(nlp, text), "Kayleigh")
    assert kayleigh.dob == dob
    assert kayleigh.role == "child"


def test_each_dob_attaches_to_the_person_it_follows(nlp):
    parsed = parse(
        nlp,
        "Mother Sarah JONES DOB 12.1.88 and her son Liam SMITH DOB 05/09/2019 were at home on 22/11/2026.",
    )
    assert person(parsed, "Sarah").dob == date(1988, 1, 12)
    assert person(parsed, "Liam").dob == date(2019, 9, 5)
    assert person(parsed, "Liam").role == "child"


def test_an_incident_date_is_not_a_date_of_birth(nlp):
    parsed = parse(nlp, "Sarah JONES called police on 22/11/2026 at 23:10.")
    assert person(parsed, "Sarah").dob is None


@pytest.mark.parametrize(("yy", "year"), [(15, 2015), (88, 1988), (0, 2000), (26, 2026), (27, 1927)])
def test_two_digit_years_never_put_a_birth_in_the_future(yy, year):
    assert two_digit_year(yy, today=date(2026, 11, 23)) == year


def test_impossible_dates_are_not_dates():
    assert parse_date("31/02/2015") is None
    assert parse_date("3.4.15") == date(2015, 4, 3)


# ------------------------------------------------------------------------------------------------ names and people


def test_police_capitalised_surnames_are_read_and_title_cased(nlp):
    parsed = parse(nlp, "Officers spoke to Jayden O'BRIEN and Amy SMITH-JONES at the scene.")
    assert person(parsed, "Jayden").family_name == "O'Brien"
    assert person(parsed, "Amy").family_name == "Smith-Jones"


def test_an_all_capitals_name_is_read_where_the_context_says_it_is_a_person(nlp):
    kayleigh = person(parse(nlp, "Attended re concern for KAYLEIGH SMITH DOB 03/04/2015."), "Kayleigh")
    assert (kayleigh.family_name, kayleigh.dob) == ("Smith", date(2015, 4, 3))
    assert parse(nlp, "DASH STANDARD. NO FURTHER ACTION.").mentions == ()


def test_given_names_alone_are_people_too(nlp):
    parsed = parse(nlp, "Liam, aged 9, was at home with his sister Kayleigh (11).")
    assert (person(parsed, "Liam").age, person(parsed, "Kayleigh").age) == (9, 11)
    assert person(parsed, "Kayleigh").relationship == "sibling"


def test_surname_first_with_a_comma(nlp):
    kayleigh = person(parse(nlp, "SMITH, Kayleigh (DOB 03/04/2015) is a pupil at the school."), "Kayleigh")
    assert (kayleigh.given_name, kayleigh.family_name, kayleigh.dob) == ("Kayleigh", "Smith", date(2015, 4, 3))


def test_repeated_mentions_of_one_person_are_merged(nlp):
    text = ("Kayleigh SMITH (9) was spoken to alone. Kayleigh said she felt safe. "
            "SMITH was calm throughout and Kayleigh went back to class.")
    parsed = parse(nlp, text)
    assert len(parsed.mentions) == 1
    (kayleigh,) = parsed.mentions
    assert (kayleigh.start, kayleigh.end, kayleigh.age) == (0, 14, 9)


def test_two_people_sharing_a_surname_stay_two_people(nlp):
    parsed = parse(nlp, "Kayleigh SMITH (9) and Liam SMITH (4) were present. SMITH was crying.")
    assert sorted(m.given_name for m in parsed.mentions) == ["Kayleigh", "Liam"]


@pytest.mark.parametrize(
    ("text", "given", "relationship"),
    [
        ("Mother Sarah JONES was spoken to.", "Sarah", "mother"),
        ("Sarah JONES (mother) was spoken to.", "Sarah", "mother"),
        ("Mum, Sarah JONES, was spoken to.", "Sarah", "mother"),
        ("Her partner Mark DAVIES left before police arrived.", "Mark", "partner"),
        ("Kayleigh's stepdad Mark DAVIES was arrested.", "Mark", "step-parent"),
        ("Maternal grandmother Pat JONES is supportive.", "Pat", "grandparent"),
        ("Suspect Mark DAVIES was arrested.", "Mark", "suspect"),
        # an unknown date of birth between the name and the relationship (the tokeniser splits "u/k")
        ("Household: Abena MWANGI DOB u/k, birth mother, Tanisha JONES (16yrs).", "Abena", "mother"),
        ("Household: Abena MWANGI DOB unknown, mother, Tanisha JONES (16yrs).", "Abena", "mother"),
    ],
)
def test_relationships_are_linked_to_the_person(nlp, text, given, relationship):
    p = person(parse(nlp, text), given)
    assert p.relationship == relationship
    assert p.role == "adult" or relationship == "suspect"


@pytest.mark.parametrize(
    ("text", "given", "relationship"),
    [
        ("Mr Steven HOLT attended surgery. He has sole care of his son Oscar HOLT (7) at weekends.", "Steven",
         "father"),
        ("Deborah CLARKE was found at home. She was tearful. Her daughter Summer CLARKE (15) called police.",
         "Deborah", "mother"),
        ("Resident Mr Barry COOK was shouting. His grandson Riley COOK, 10, lives with him.", "Barry",
         "grandparent"),
        ("Mrs Helen BROOKS has asked for help. She has two children, Amber BROOKS (14) and Lewis BROOKS (10).",
         "Helen", "mother"),
        # no pronoun and no title: an adult, but mother or father is not known
        ("Sarah KNIGHT lives at 9 Fern Rise. Sarah has two daughters, Evie KNIGHT (8) and Millie KNIGHT (12).",
         "Sarah", None),
        # "his" is Mark's, who stays the partner; Sarah is not made anybody's father
        ("IP Sarah JONES was assaulted by her partner Mark DAVIES. His son Liam DAVIES (4) was present.", "Sarah",
         "victim"),
    ],
)
def test_the_owner_of_a_child_is_their_parent(nlp, text, given, relationship):
    p = person(parse(nlp, text), given)
    assert (p.role, p.relationship) == ("adult", relationship)


def test_a_form_style_police_notification(nlp):
    text = ("Type: DA incident\nIP: Scarlett CROCKER d.o.b. 03-12-1998, mum\n"
            "SUSPECT: CROCKER Gary (16-10-1997) (father)\nCHILD: Jade CROCKER - Stoke Primary Academy\n"
            "Adults: Ellie Ward DOB 11/01/1996 (mum), Wayne Palmer (mum's new partner). DASH std.")
    parsed = parse(nlp, text)
    scarlett, gary, jade = person(parsed, "Scarlett"), person(parsed, "Gary"), person(parsed, "Jade")
    assert (scarlett.relationship, scarlett.dob, scarlett.role) == ("mother", date(1998, 12, 3), "adult")
    assert (gary.family_name, gary.relationship, gary.dob) == ("Crocker", "father", date(1997, 10, 16))
    assert (jade.role, jade.school) == ("child", "Stoke Primary Academy")
    assert person(parsed, "Ellie").relationship == "mother"
    assert (person(parsed, "Wayne").relationship, person(parsed, "Wayne").role) == ("step-parent", "adult")
    assert parsed.dash_level == "standard"


def test_everyone_listed_after_children_is_a_child(nlp):
    parsed = parse(nlp, "Children Kayleigh SMITH and Liam SMITH were at their nan's.")
    assert {m.role for m in parsed.mentions} == {"child"}


@pytest.mark.parametrize(
    "text, given",
    [
        ("I am a GP and I am referring Fergus O'BRIEN. Adults: Hannah O'BRIEN, Jordan O'BRIEN.", "Fergus"),
        ("Patient: Jimmy HEXT | Birth mother: Katherine ELLIS (34)", "Jimmy"),
        ("Safeguarding referral: Susan JOHNSON. Adults: Scarlett JOHNSON (22/08/1980) (mum).", "Susan"),
        ("I am making a referral about Darren WALKER. The family are Natalie WALKER (21-10-1979).", "Darren"),
    ],
)
def test_the_person_a_referral_is_about_is_a_child(nlp, text, given):
    assert person(parse(nlp, text), given).role == "child"


def test_an_age_or_title_outweighs_being_the_referral_subject(nlp):
    parsed = parse(nlp, "I am referring Mrs Helen BROOKS (DOB 04/04/1987) for support with her drinking.")
    assert person(parsed, "Helen").role == "adult"


def test_a_separator_ends_one_name_and_the_next_may_follow(nlp):
    parsed = parse(nlp, "Subjects - Tracey CROCKER (26/04/90), mum / Amber CROCKER (12). "
                        "ADULT Ryan PEARCE / Richard JONES aged 5. Name: Ciaran McCarthy Yr 5 | Child: Bethan Clarke")
    assert (person(parsed, "Tracey").relationship, person(parsed, "Tracey").dob) == ("mother", date(1990, 4, 26))
    assert (person(parsed, "Amber").role, person(parsed, "Amber").age) == ("child", 12)
    assert (person(parsed, "Richard").family_name, person(parsed, "Richard").age) == ("Jones", 5)
    assert (person(parsed, "Ciaran").family_name, person(parsed, "Ciaran").role) == ("McCarthy", "child")


@pytest.mark.parametrize(
    "text",
    [
        "I am referring Fergus O'BRIEN. Adults: Jordan O'BRIEN. Fergus disclosed that Jordan grabbed him by the neck.",
        "Referral for Jim BAKER. Parents: Victoria BAKER (mother). He told me his step-dad hit him.",
        "Name: Ciaran McCARTHY Yr 5 | Adult: Chloe McCARTHY | Concern: Ciaran said daddy hurt him last night.",
    ],
)
def test_a_child_s_account_of_being_hurt_is_a_disclosure(nlp, text):
    assert [rf.present for rf in factor(parse(nlp, text), "disclosure")] == [True]


def test_the_self_harm_of_a_referred_child_is_not_an_adult_s_mental_health(nlp):
    parsed = parse(nlp, "CAMHS referral regarding Tracey WRIGHT. The family are Katherine WRIGHT (37). "
                        "Tracey was found with a ligature in her bedroom.")
    assert factor(parsed, "self_harm") and not factor(parsed, "mental_health")


def test_professionals_are_not_listed_as_people(nlp):
    parsed = parse(nlp, "PC 1234 Tom REED attended with Mum Sarah JONES. DSL Mrs Jane HART made the referral. "
                        "Contact Amy COLE, social worker, or Ben FOX (HV).")
    assert [m.given_name for m in parsed.mentions] == ["Sarah"]


def test_school_and_postcode_attach_to_the_child(nlp):
    parsed = parse(nlp, "Liam SMITH (7) attends Hilltop Primary School. The family live at 3 Oak Close, "
                        "Exeter EX4 4QJ.")
    liam = person(parsed, "Liam")
    assert liam.school == "Hilltop Primary School"
    assert (liam.address, liam.postcode) == ("3 Oak Close, Exeter", "EX4 4QJ")


@pytest.mark.parametrize("postcode", ["EX1 2AB", "SW1A 1AA", "M1 1AE", "B33 8TH", "EX12AB"])
def test_uk_postcodes(nlp, postcode):
    sarah = person(parse(nlp, f"Mother Sarah JONES lives at {postcode} with the children."), "Sarah")
    assert sarah.postcode == (postcode if " " in postcode else "EX1 2AB")


# ------------------------------------------------------------------------------------------------ DASH and references


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("DASH: high.", "high"),
        ("DASH completed – STANDARD.", "standard"),
        ("DASH risk assessment completed and graded as MEDIUM risk.", "medium"),
        ("Domestic incident, standard risk.", "standard"),
        ("DASH assessed as high, referred to MARAC.", "high"),
        ("Verbal argument only, no DASH level recorded.", None),
        ("Mia is at high risk of CSE.", None),
        ("DASH std.", "standard"),
        ("Kayleigh is often hungry at school. Risk assessed as high.", None),
    ],
)
def test_dash_levels(nlp, text, level):
    assert parse(nlp, text).dash_level == level


def test_police_shorthand_dv_is_domestic_abuse_in_capitals_only(nlp):
    assert "domestic_abuse" in parse(nlp, "DV: IP states boyfriend slammed the door on her.").present_factors()
    assert "domestic_abuse" not in parse(nlp, "Seen by Dr Dv Patel at the surgery.").present_factors()


def test_police_references_are_collected(nlp):
    parsed = parse(nlp, "PPN-2026-001234. Crime ref 49/12345/26. Call 07700 900123.")
    assert parsed.police_refs == ("PPN-2026-001234", "49/12345/26")


# ------------------------------------------------------------------------------------------------ bad input


def test_empty_text_gives_an_empty_result_with_a_warning(nlp):
    for text in ("", "   \n\t "):
        parsed = parse(nlp, text)
        assert parsed.mentions == () and parsed.risk_factors == ()
        assert parsed.warnings


def test_a_megabyte_of_text_is_truncated_with_a_warning_not_a_crash(nlp):
    text = (POLICE_DA + " ") * (1_000_000 // len(POLICE_DA))
    parsed = parse(nlp, text)
    assert any("only the first" in w for w in parsed.warnings)
    assert max(rf.end for rf in parsed.risk_factors) <= Settings().max_text_chars


def test_html_is_read_as_text_and_never_interpreted(nlp):
    text = "<p>Attended <b>Kayleigh SMITH</b>'s home.</p><script>alert('x')</script> No weapons seen."
    parsed = parse(nlp, text)
    kayleigh = person(parsed, "Kayleigh")
    assert text[kayleigh.start:kayleigh.end] == "Kayleigh SMITH"
    assert factor(parsed, "weapon")[0].negated
    assert any("HTML" in w for w in parsed.warnings)


def test_control_characters_are_ignored_but_offsets_index_the_original(nlp):
    text = "No\x00 weapons were used.\x1b Mother Sarah\x07 JONES was \x7fdrunk."
    parsed = parse(nlp, text)
    (drunk,) = factor(parsed, "intoxicated_carer")
    assert text[drunk.start:drunk.end] == drunk.text == "drunk"
    assert factor(parsed, "weapon")[0].negated
    assert any("control" in w for w in parsed.warnings)


WORDS = ["Kayleigh", "SMITH", ",", "DOB", "03/04/2015", "(", ")", "no", "not", "weapons", "knife", "aged", "9",
         "y/o", "Year", "EX1", "2AB", "mother", "Sarah", "JONES", "DASH:", "high", ".", "\n", "if", "denies",
         "violence", "hands", "around", "her", "neck", "<b>", "\x00", "\u2028", "😀", "İ"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=300), st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)))
def test_any_text_parses_and_every_offset_indexes_it(nlp, text):
    parsed = parse(nlp, text)
    for rf in parsed.risk_factors:
        assert text[rf.start:rf.end] == rf.text
    for m in parsed.mentions:
        assert text[m.start:m.end] == m.text


def test_non_english_text_gives_little_and_says_so(nlp):
    parsed = parse(nlp, "Der Vater hat gestern die Kinder angeschrien und die Mutter geschlagen. Die Polizei "
                        "war vor Ort und hat alles aufgenommen.")
    assert parsed.risk_factors == ()
    assert any("English" in w for w in parsed.warnings)


def test_a_batch_of_bad_inputs_never_crashes_and_each_says_why(nlp):
    """One bad notification must not take the day's batch down with it: every input gets its own result."""
    megabyte = (POLICE_DA + " ") * (1_000_000 // len(POLICE_DA))
    texts = [
        "",
        megabyte,
        "Der Vater hat gestern die Kinder angeschrien und die Mutter geschlagen. Die Polizei war vor Ort.",
        "<div><script>alert(1)</script>Kayleigh SMITH\x00\x1b aged 9 &amp; <b>no injuries</b></div>",
        None,
        POLICE_DA,
    ]
    results = list(parse_many(nlp, texts, batch_size=2))  # type: ignore[arg-type]
    assert len(results) == len(texts)
    empty, big, foreign, html, not_text, good = results
    assert empty.warnings and not empty.mentions
    assert any("only the first" in w for w in big.warnings)
    assert any("English" in w for w in foreign.warnings)
    assert any("HTML" in w for w in html.warnings) and any("control" in w for w in html.warnings)
    assert any("not a string" in w for w in not_text.warnings)
    assert good == parse(nlp, POLICE_DA) and not good.warnings


# ------------------------------------------------------------------------------------------------ batches and UI


def test_parse_many_keeps_order_and_matches_parse(nlp):
    texts = [POLICE_DA, "", SCHOOL_DSL, HEALTH_VISITOR]
    assert list(parse_many(nlp, texts, batch_size=2)) == [parse(nlp, t) for t in texts]


def test_parse_many_in_two_processes_gives_the_same_answers(nlp):
    texts = [POLICE_DA, SCHOOL_DSL, HEALTH_VISITOR] * 2
    assert list(parse_many(nlp, texts, batch_size=2, n_process=2)) == [parse(nlp, t) for t in texts]


def test_highlights_are_sorted_non_overlapping_and_labelled(nlp):
    spans = highlights(parse(nlp, POLICE_DA))
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    labels = {label for _, _, label in spans}
    assert {"person: victim", "person: child", "weapon (negated)", "child_present"} <= labels
    assert (POLICE_DA.index("Mark DAVIES"), POLICE_DA.index("Mark DAVIES") + 11, "person: partner") in spans


# ------------------------------------------------------------------------------------------------ configuration


def test_components_take_extra_vocabulary_from_a_jsonl_file(tmp_path):
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"factor": "weapon", "phrases": ["samurai sword"]}) + "\n", encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("triage_sentences")
    nlp.add_pipe("triage_risk_factors", config={"lexicon_path": str(extra), "include_default": False})
    nlp.add_pipe("triage_negation", config={"window": 2})
    doc = nlp("He had a samurai sword. There was definitely never any knife.")
    assert [(s.label_, s.text) for s in doc.spans["triage_risk"]] == [("weapon", "samurai sword")]


def test_an_unknown_factor_code_in_a_lexicon_is_refused(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"factor": "scary", "phrases": ["boo"]}) + "\n", encoding="utf-8")
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="unknown factor"):
        nlp.add_pipe("triage_risk_factors", config={"lexicon_path": str(bad)})


def test_a_child_saying_what_an_adult_did_to_their_body_is_a_disclosure(nlp):
    said = "Layla (7) came in with a burn. She said \"mummy's boyfriend put my hand on the cooker\"."
    assert "disclosure" in parse(nlp, said).present_factors()
    kind = "Layla (7) was happy today. She said \"mummy held my hand at the park\"."
    assert "disclosure" not in parse(nlp, kind).present_factors()


@pytest.mark.parametrize("text", [
    "Ellis (15) returned. He had been with some lads who gave him a phone and asked him to carry packages.",
    "Scarlett (13) is missing. She was last seen getting into a car driven by an adult male.",
])
def test_signs_of_exploitation_are_read_without_the_word(nlp, text):
    assert "exploitation" in parse(nlp, text).present_factors()


def test_a_carer_who_cannot_be_woken_is_incapable_of_care(nlp):
    parsed = parse(nlp, "Lucas (5) was found outside. Mother Gemma HART was asleep and could not be woken.")
    assert "intoxicated_carer" in parsed.present_factors()


def test_a_child_left_in_charge_of_younger_children_is_a_child_left_alone(nlp):
    parsed = parse(nlp, "Amara (10) says she is often left to look after her two younger brothers overnight.")
    assert "child_alone" in parsed.present_factors()


def test_a_childs_account_of_being_hit_with_something_is_a_disclosure_and_an_adults_is_not(nlp):
    assert "disclosure" in parse(nlp, 'He said "Daddy did it with his belt".').present_factors()
    assert "disclosure" not in parse(nlp, "The IP said her partner hit her with his belt.").present_factors()


def test_a_repeat_incident_the_officer_states_is_read(nlp):
    parsed = parse(nlp, "S/O pushed IP into the fridge. 3rd DA incident at this address in last 12 months.")
    assert {"domestic_abuse", "repeat_incident"} <= parsed.present_factors()


def test_an_object_thrown_at_someone_is_a_weapon_and_one_thrown_at_a_wall_is_not(nlp):
    assert "weapon" in parse(nlp, "Dad threw a plate at mum which cut her hand.").present_factors()
    assert "weapon" not in parse(nlp, "Gary threw a mug which hit the wall.").present_factors()


def test_an_account_that_fits_the_injury_explains_it_and_consistent_with_being_grabbed_does_not(nlp):
    fits = "Harley (9) has a black eye. He said his brother did it play fighting and Mum gave the same account."
    assert {"injury", "explained_injury"} <= parse(nlp, fits).present_factors()
    told_first = "Jack has a bruise on his knee - said he did it at football, and mum had mentioned it at drop-off."
    assert "explained_injury" in parse(nlp, told_first).present_factors()
    grabbed = "Harley (9) has bruising to his arm. The bruising is consistent with being grabbed."
    assert "explained_injury" not in parse(nlp, grabbed).present_factors()
    unfit = "Harley (9) has a burn. The explanation is not consistent with the injury."
    present = parse(nlp, unfit).present_factors()
    assert "unexplained_injury" in present and "explained_injury" not in present


def test_a_pregnant_child_is_told_from_a_pregnant_mother(nlp):
    child = "GP note: 16-year-old Ruby MARTIN (DOB 11/04/2010) attended with her mum. Ruby is 10 weeks pregnant."
    assert "pregnant_child" in parse(nlp, child).present_factors()
    mother = "Mum Lisa MARTIN (DOB 02/03/1988) is 20 weeks pregnant. Her son Kai (4) attends nursery."
    present = parse(nlp, mother).present_factors()
    assert "pregnancy" in present and "pregnant_child" not in present


def test_a_childs_own_anxiety_is_not_a_carers_mental_health(nlp):
    child = "Harriet Quinn (10), Year 6, has been out of school since September. She is very anxious most mornings."
    present = parse(nlp, child).present_factors()
    assert "child_mental_health" in present and "mental_health" not in present
    mother = "Harriet Quinn (10), Year 6. Mum Rebecca Quinn (DOB 02/03/1988) has been very anxious since the move."
    present = parse(nlp, mother).present_factors()
    assert "mental_health" in present and "child_mental_health" not in present
    # with no owner in the sentence, the words stay the carer's: losing the guide's AMBER is the worse mistake
    assert "mental_health" in parse(nlp, "Kai (9) was at school. Crisis team contacted.").present_factors()


def test_an_age_written_beside_a_date_of_birth_is_kept(nlp):
    after = parse(nlp, "YP: Harvey KENDALL  DOB 22/06/2014 (12)  Yr 8 Kingsbridge School").mentions[0]
    assert (after.dob, after.age) == (date(2014, 6, 22), 12)
    before = parse(nlp, "Amelia-Rose KEANE, 14 (DOB 27/04/2012), Year 10.").mentions[0]
    assert (before.dob, before.age) == (date(2012, 4, 27), 14)


@pytest.mark.parametrize(("text", "name", "dob", "age"), [
    ("Kaci-Mae HOSKING (DOB 17/05/2022, 4) was found in the flat.", "Kaci-Mae HOSKING", date(2022, 5, 17), 4),
    ("Patient: Isla PENGELLY, DOB 28/07/2026 (4/12), attended with mum.", "Isla PENGELLY", date(2026, 7, 28), 0),
    ("Baby: Harper-Lee Yeo, DOB 01/03/2026 (9 months)", "Harper-Lee Yeo", date(2026, 3, 1), 0),
    ("Son Oscar LAKE 18mths was home with her.", "Oscar LAKE", None, 1),
    ("She lives with her two, Lacey (about 8) and Mason (about 5).", "Lacey", None, 8),
    ("Children: Harvey GOULD 8, Poppy GOULD 5 (both at Sticklepath Primary)", "Poppy GOULD", None, 5),
    ("Zofia Kowalczyk, Reception, DOB 20/04/2022, Whitchurch Primary.", "Zofia Kowalczyk", date(2022, 4, 20), 4),
    ("Jacob MORRIS (DOB 11/11/2018), 8, Bitterne Park Primary.", "Jacob MORRIS", date(2018, 11, 11), 8),
    ("Child: Tyler-James BANKS, Y5, DOB 23.10.2016.", "Tyler-James BANKS", date(2016, 10, 23), 9),
    ("Chloe BARNES, 14 yrs (DOB 17/03/2012), Year 9 at Kingsmead Academy.", "Chloe BARNES", date(2012, 3, 17), 14),
    ("YAS crew: mum Tina Wragg (~30) unresponsive.", "Tina Wragg", None, 30),
    ("Present: Mr Imran Qureshi (dad, 38) with his children Aisha Qureshi (ten) and Zain Qureshi, seven, and",
     "Imran Qureshi", None, 38),
    ("Present: Mr Imran Qureshi (dad, 38) with his children Aisha Qureshi (ten) and Zain Qureshi, seven, and",
     "Aisha Qureshi", None, 10),
    ("V: Natasha OWUSU  30/08/1995\nS: Daniel OWUSU  02/02/1993 (husband)", "Natasha OWUSU", date(1995, 8, 30), None),
    ("Children in household: MARSDEN, Isla  b. 30.03.2016  (10, Y6 Hexham Priory)", "MARSDEN, Isla",
     date(2016, 3, 30), 10),
])
def test_ages_as_practitioners_write_them(nlp, text, name, dob, age):
    person = next(m for m in parse(nlp, text).mentions if m.text == name)
    assert (person.dob, person.age) == (dob, age)


def test_a_child_s_words_of_an_implement_and_a_secret_are_a_disclosure_sentences_after_she_is_named(nlp):
    text = ("Child: Lily-Mae PARKINSON, Year 4. Lives with mum and mum's partner Dean. She has seemed tired this week. "
            "At break she came to find me on her own. She said \"Dean does the belt thing when I'm naughty, he said "
            "not to say\".")
    assert "disclosure" in parse(nlp, text).present_factors()
    held = parse(nlp, "Child: Maisie-Jo HARKER, Year 2. At breakfast club she was quiet. She said \"Stevie does "
                      "the cold bath when I wet the bed and he holds my head down till I say sorry\".")
    assert "disclosure" in held.present_factors()
    adult = parse(nlp, "The IP said her partner told her not to say anything to the police.")
    assert "disclosure" not in adult.present_factors()


def test_an_injury_is_the_child_s_not_the_adult_who_brought_them_in(nlp):
    brought = parse(nlp, "Baby Ollie FENWICK DOB 02/08/2026 (14 wks) brought in by mum Jess Fenwick, 24, with a "
                         "2cm fingertip-type bruise on the left cheek.")
    assert "injury" in brought.present_factors()
    seen = parse(nlp, "Jacob MORRIS (DOB 11/11/2018), 8. Seen with mum (Laura Morris) after a fall from the "
                      "trampoline. X-ray: distal radius buckle fracture.")
    assert "injury" in seen.present_factors()
    adult = parse(nlp, "IP Laura MORRIS, 34, has a cut lip. Jacob (8) was asleep upstairs.")
    assert "injury" not in adult.present_factors()
    # every adult in the list that brought the child in came with him; none of them has the laceration
    listed = parse(nlp, "Patient: Alfie BRENNAN DOB 02/08/2023 (3y 3m)\nAttended with mother Chloe BRENNAN "
                        "(DOB 21/03/1996) and maternal grandmother Pauline WEBB.\nPC: 2cm laceration L forehead.")
    assert "injury" in listed.present_factors()


def test_a_date_of_birth_then_a_count_is_not_an_age(nlp):
    mum = parse(nlp, "Mum: Natasha GOULD, DOB 02/05/1990, 3 children at home.").mentions[0]
    assert (mum.dob, mum.age) == (date(1990, 5, 2), None)


def test_phrases_match_however_the_negation_is_typed():
    assert lexicon.phrase_variants("did not answer the door") == [
        "did not answer the door", "didn't answer the door", "didnt answer the door", "didn’t answer the door"]
    assert lexicon.phrase_variants("'boyfriend'") == ["'boyfriend'"]  # quotation marks are not apostrophes


def test_a_relative_named_by_possessive_is_not_the_possessor(nlp):
    text = ("Child: Natalie Wilson\nMother: Chloe Wilson (35 y/o)\n"
            "Natalie has fingertip bruising. Natalie's grandad lives locally.")
    natalie = parse(nlp, text).mentions[0]
    assert (natalie.role, natalie.relationship) == ("child", None)
    bracketed = parse(nlp, "IP: Shannon WHITTAKER DOB 03/07/1994\nS/O: Craig DEAKIN DOB 19/01/1990 (IP's partner)")
    assert [m.relationship for m in bracketed.mentions if m.given_name == "Craig"] == ["partner"]


def test_children_somewhere_else_at_the_time_were_not_present(nlp):
    for where in ("Both children were at school at the time.", "Mia (8) and Noah (5) were at their nan's overnight.",
                  "The children were at their grandparents and saw or heard nothing."):
        parsed = parse(nlp, "PPN DA. Dad punched the wardrobe door. " + where)
        assert "child_present" not in parsed.present_factors(), where
        assert any(m.factor == "child_present" and m.negated for m in parsed.risk_factors), where
    there = parse(nlp, "PPN DA. Dad punched the wardrobe door. Mia (8) was in the room and saw it happen.")
    assert "child_present" in there.present_factors()


def test_a_child_described_as_anxious_is_the_child_s_own_mental_health(nlp):
    parsed = parse(nlp, "I spoke with her at break. She is a very anxious little boy and bites his nails.")
    assert "child_mental_health" in parsed.present_factors()
    assert "mental_health" not in parsed.present_factors()


def test_a_negation_covers_every_item_of_its_list(nlp):
    listed = parse(nlp, "Nothing to suggest anyone else involved - no gifts, money or new phone.")
    assert "exploitation" not in listed.present_factors()
    middle = parse(nlp, "Chloe (15) denies being given money, gifts or lifts by anyone.")
    assert "exploitation" not in middle.present_factors()
    form = parse(nlp, "Oscar FOSTER DOB 04/09/2015 - staying at his grandparents. Child present? N")
    assert "child_present" not in form.present_factors()
    new_clause = parse(nlp, "There were no marks, but he has a new phone from an older male.")
    assert "exploitation" in new_clause.present_factors()


@pytest.mark.parametrize(("text", "factor", "found"), [
    ("Kids were at their nan's when he kicked off and threw his phone at the telly.", "domestic_abuse", False),
    ("S/O turned up banging on the door and shouting abuse through the letterbox.", "domestic_abuse", True),
    ("This is the 3rd DA call to this address since April.", "repeat_incident", True),
    ("Tyrese (16) was a witness to a street robbery on the High St.", "offending", False),
    ("Tyrese (16) was arrested for robbery on the High St.", "offending", True),
    ("Mum has not returned calls or come to either of the two meetings offered.", "non_engagement", True),
    ("Lacey-Mae (4) and Jaxon (22 months) were in the flat. No grown-up anywhere in the flat.", "child_alone", True),
    ("Ellie-Jo (15) said \"it would be easier for everyone if I wasn't here by Christmas\".", "self_harm", True),
    ("Ellie-Jo (15) has superficial cuts to both thighs.", "self_harm", True),
    ("The home treatment team are now visiting daily.", "agency_engagement", True),
    ("His mum has moved in for now and is doing the school run.", "family_support", True),
    ("Two children (approx 3 & 5) found alone, no adult in the flat.", "child_alone", True),
    ("Mum was alone when he attacked her.", "child_alone", False),
    ("Since half term Amelia (13) has been missing bits of lessons.", "missing", False),
    ("She is drinking a bottle of wine a night.", "weapon", False),
    ("He hit her over the head with a bottle.", "weapon", True),
    ("Dele has been going to the community alcohol service every week since August.", "agency_engagement", True),
    ("Kelly-Ann sees her CPN weekly.", "agency_engagement", True),
    ("Her parents have Ezra two days a week.", "family_support", True),
    ("Stuart's grandad also lives locally.", "family_support", False),
    ("Mum missed both appointments and didn't answer the door when the HV called.", "non_engagement", True),
    ("Mum missed both appointments and didnt answer the door when the HV called.", "non_engagement", True),
    ('He said "Daddy whacked me on my bum loads of times".', "disclosure", True),
    ("He told her he'd batter her if she rang the police.", "domestic_abuse", True),
    ("Her ex used to knock her about when they lived in Paignton.", "domestic_abuse", True),
    ("He has thrown her phone across the room.", "domestic_abuse", True),
    ("Kyle (14) was seen at the skate park instead of being in school.", "school_attendance", True),
    ("Mum and dad are at each other's throats most nights.", "parental_conflict", True),
    ("28 weeks by dates: no booking, no scans until now.", "no_antenatal_care", True),
    ("Dad left before seeing the alcohol liaison nurse.", "non_engagement", True),
    ("She is attending all appointments with the perinatal team.", "agency_engagement", True),
    ("Mum has weekly home visits from the health visitor.", "agency_engagement", True),
    ("Nan has been doing drop-off and pick-up since the split.", "family_support", True),
    ("Her partner Gary has been staying most nights at the flat.", "family_support", False),
    ("Grandparents help with bedtimes.", "family_support", True),
    ("Father of the baby is Lee DAVIES (DOB 02/02/1990), whereabouts unknown.", "missing", False),
    ("Jayden (13) is missing, whereabouts unknown since Friday.", "missing", True),
    ("Ruby (4 months) has a fractured femur; mum says she rolled off the bed. Ruby is not yet rolling.",
     "unexplained_injury", True),
    ("Lucas (8) at his nan's, not present. Verbal argument only.", "child_present", False),
    ("PPN DA. Nobody was hurt. Jack (6) was asleep upstairs.", "injury", False),
    ("Ana says they have no family in the UK.", "family_support", False),
    ("No DA or substance concerns known for Ana (7).", "domestic_abuse", False),
    ("Checks: nothing for DA, sexual or violent offending.", "domestic_abuse", False),
    ("Child present? Y\nWeapons? N\nStrangulation/choking? N\nAlcohol/drugs? N", "strangulation", False),
    ("Child present? Y\nWeapons? N\nStrangulation/choking? N\nAlcohol/drugs? N", "substance_misuse", False),
    ("Tia (7): her sister walks the kids to school and does their tea.", "family_support", True),
    ("Mum is glad of the help and has agreed to a referral.", "insight", True),
    ("Attendance – Callum (Yr 5), 88% this term.", "school_attendance", True),
    ("Since September he has come to 9 out of 30 sessions.", "school_attendance", True),
    ("Ethan (11) was caught taking sweets without paying.", "offending", True),
    ("The perinatal mental health team are seeing her every week.", "agency_engagement", True),
    ("Roxanne is back on the gear, a neighbour says.", "substance_misuse", True),
    ("Kian (13) was found at the skate park, cold but unhurt.", "injury", False),
    ("Pt Shannon PEARCE, 31, found on the floor smelling heavily of alcohol; two kids in the flat.",
     "intoxicated_carer", True),
    ("School have raised Brandon (12) being late most days.", "school_attendance", True),
    ("Ellie-Rose (14) is not known to CAMHS.", "non_engagement", True),
    ("The school nurse is seeing Freya fortnightly.", "agency_engagement", True),
    ("The children were taken to maternal grandmother Denise Pearce.", "family_support", True),
    ("He is with his grandmother, who is looking after him full time.", "family_support", True),
    ("Zain (9): attendance 81% this term, mostly late marks and Mondays.", "injury", False),
    ("Mum said she'd been feeling like a rubbish mum since Harry (10 weeks) was born.", "neglect", False),
    ("The flat had rubbish everywhere and Harry (10 weeks) was in a soiled nappy.", "neglect", True),
    ("Jayden's mum is saying people are watching her through the telly.", "mental_health", True),
    ("Grace THOMAS (12) says she's been really anxious since starting secondary.", "child_mental_health", True),
    ("DASH: MEDIUM\nWeapon used? N / Strangulation? N", "weapon", False),
    ("Chloe (19), 12 weeks pregnant. Past cannabis use at 16, none for two years.", "substance_misuse", False),
    ("Victim Priya (41), children Arjun (12) and Anaya (9). V states S shoved her into the banister.",
     "disclosure", False),
    ("DASH (selected):\nWeapon used/threatened – N\nPregnant – N", "weapon", False),
    ("DASH (selected):\nWeapon used/threatened – N\nPregnant – N", "pregnancy", False),
    ("Dad says he has been off all drugs since 2022.", "substance_misuse", False),
    ("Isla (8): attendance 97% this year.", "school_attendance", False),
    ("Neighbours say mum left her two little ones by themselves until midnight.", "child_alone", True),
    ("Mum took several minutes to rouse; Kai (3) was in the room.", "intoxicated_carer", True),
    ("She did not turn up on 12/11 and her phone has been off since.", "non_engagement", True),
    ("Dad is staying at her sister's for now with Mia (4).", "family_support", True),
    ("She still goes to her recovery group every Thursday.", "agency_engagement", True),
    ("Evie (15) has saved about 40 of her mum's sertraline in her room.", "self_harm", True),
    ("Kids (4, 7) in bed upstairs during the row.", "child_present", True),
    ("Harley (14) has been to every weekly session with me.", "agency_engagement", True),
    ("The girl's hair is matted and Ruby (3) smells of urine.", "neglect", True),
    ("Verbal arg between Jo and Dan, Kai (6) asleep.", "parental_conflict", True),
    ("Update: S stood by the cot and said 'I'll finish you and him and no one will ever find you'.",
     "threats_to_kill", True),
    ("Pt Gemma (33), GCS 11, with her son Alfie (23 months) in the flat.", "intoxicated_carer", True),
    ("Mum would only open her eyes to a sternal rub; Alfie (2) was on the floor.", "intoxicated_carer", True),
    ("Amara (14) said 'I've worked out how I'd do it, I just haven't picked a day'.", "self_harm", True),
    # information only, whatever follows it; a fear of "next time" is hypothetical ten words after its "if"
    ("Info share only – no concerns re parenting. Lily (9) saw a shoplifter in Tesco.", "information_sharing", True),
    ("IP is worried that if he gets bail he'll come back with a knife next time.", "weapon", False),
    # form answers with a full stop or none at all, and a dash that starts a new statement
    ("DASH: MEDIUM. Weapons - N. Strangulation - N. Gary left.", "strangulation", False),
    ("Children: Mia (3)\nWeapon N\nThreats to kill N", "threats_to_kill", False),
    ("Any injury to children - None seen. Mia (3) asleep.", "injury", False),
    ("30 weeks, first contact this pregnancy - no booking.", "pregnancy", True),
    ("No safeguarding concerns - routine notification under our fracture policy only.", "information_sharing", True),
    ("The two kids, Kaiden about 5 and Esme, have been on their own since last night.", "child_alone", True),
    ("Paul's drinking has crept up; he has never been violent. Owen (12) lives there.", "substance_misuse", True),
    # a child's suicidal intent stays hers after a sentence about her mother
    ("Seen: Freya TOMS, 15. Lives with mum, Karen Toms, who has bipolar. When I asked, she said \"I just want to "
     "go to sleep and not wake up.\"", "self_harm", True),
    # the z-set's mechanisms: a screening form's answer, a negation over a list and over "no concerns about ...",
    # a father's suicidal thoughts in the sentence after his name, neighbours' disputes and figures of speech
    ("CSE screening tool completed - no indicators. Jade MORGAN (14) is home.", "exploitation", False),
    ("Mum has not noticed any new phone, money or gifts. Jade MORGAN (14) is home.", "exploitation", False),
    ("Mark ELLIS (40) attended surgery in a crisis. He described thoughts of ending his life. Rosie ELLIS (7) lives "
     "with him.", "self_harm", False),
    ("Mark ELLIS (40) attended surgery in a crisis. He described thoughts of ending his life. Rosie ELLIS (7) lives "
     "with him.", "mental_health", True),
    ("Freya COLE in Year 9 told me she cuts her legs. She does not want her parents to know. She said she wants to "
     "die.", "self_harm", True),
    ("Noah BRIGHT (11) saw a dispute between two neighbours over parking.", "parental_conflict", False),
    ("Noah BRIGHT (11) saw the two men shouting and one push the other.", "parental_conflict", False),
    ("Hayley says \"I feel like I'm shouting into a void\". Oscar PENROSE is 2.", "parental_conflict", False),
    ("Tyler BROOKS (15) is named in three ASB reports since September (groups of youths, verbal abuse to shop "
     "staff).", "disclosure", False),
    ("Ruby SHAW (6) has a fracture of the left forearm; the registrar considers the injury consistent with the "
     "mechanism described.", "explained_injury", True),
    ("Ava COLE 4/12 - bruising to L cheek, M Kerry COLE (23) unable to offer any explanation.", "unexplained_injury",
     True),
    ("Amelia HART (12) is with her nan. No concerns about her being hurt or left alone.", "child_alone", False),
    ("Oscar PENROSE (2): home conditions are good.", "neglect", False),
    ("Children: Jake PARR (3)\nWeapons: N   Strangulation: N   TTK: N", "threats_to_kill", False),
    ("Children: Mia ROWE (4)\nStrangulation: Y   TTK: Y", "threats_to_kill", True),
    ("She said he \"said he'd kill me if he saw me with the kids again\". Kayden KNOX (5) was there.",
     "threats_to_kill", True),
    ("Maya SMITH (13) has been very low and has stopped eating lunch.", "child_mental_health", True),
    ("Both parents sober. Freya COX (1) settled.", "intoxicated_carer", False),
    # a missing-person report without the word "missing"; a father who last saw his daughter years ago is not one
    ("RP is Sarah JONES, who last saw Jodie JONES (14) at 1738hrs. Jodie walked back in the next morning.",
     "missing", True),
    ("Amelia HART (12) lives with mum. Her father last saw her in 2019.", "missing", False),
    # a child's own words, sentences after the child is named
    ("Child: Harvey DIXON, Year 4. He asked to talk after PE. He said 'dad done me with his belt cos I broke the "
     "remote'.", "disclosure", True),
    ("The older one, about 5, said through the letterbox: \"Mummy went to get chips and she's not back yet\".",
     "child_alone", True),
    ("16-year-old Ruby MARTIN attended with her mum. Ruby is 10 weeks pregnant. The father is believed to be a "
     "26-year-old man.", "exploitation", True),
    ("Ruby MARTIN (16) lives with her dad, a 46-year-old man.", "exploitation", False),
    ("Leanne says Craig is very controlling about money. Mason (4) lives with them.", "domestic_abuse", True),
    ("She says he has never hit her with anything or put his hands round her neck. Mason (4) was asleep.",
     "strangulation", False),
    ("Dad's mental health is stable and he sees his GP monthly. Mason (4) is well.", "mental_health", False),
    ("Dad Lee PRICE (38) was taken to hospital after a heroin overdose. Mason (4) was with his nan.",
     "substance_misuse", True),
    ("Dad Lee PRICE (38) was taken to hospital after a heroin overdose. Mason (4) was with his nan.",
     "self_harm", False),
    ("Callum (15) has punched holes in his bedroom door; no violence towards mum reported.", "domestic_abuse",
     False),
    ("Kai (14) was seen at the park with a group of adult males from his football club.", "exploitation", False),
    ("Ruby (6) has a bruise on her shin from PE; the explanation seemed plausible.", "explained_injury", True),
    ("Request: consideration of family support / early help. Callum (15) agrees.", "family_support", False),
    ("Niamh (15) drank vodka at a party; low risk, discharged home with parents, alcohol advice given.",
     "substance_misuse", False),
    ("Sophie has agreed to weekly listening visits from me. Freya (2 weeks) is feeding well.", "agency_engagement",
     True),
    # drunk, but with no child there to care for: a concern about drinking, not the guide's intoxicated carer
    ("Paul was stopped while over the limit in his car with no children present. Sam (8) lives with him.",
     "intoxicated_carer", False),
    ("Paul was stopped while over the limit in his car with no children present. Sam (8) lives with him.",
     "substance_misuse", True),
    ("Paul was over the limit and Sam (8) was in the car with him.", "intoxicated_carer", True),
    # the g-set's mechanisms: sexual abuse in a child's own words, with no word of abuse or of telling
    ("Pupil: Lacey HARGREAVES, Year 3. She said \"he puts his hand in my knickers and says it's our game\".",
     "disclosure", True),
    ("Pupil: Lacey HARGREAVES, Year 3. She said \"Uncle Dean makes me touch his willy\".", "disclosure", True),
    # a child's own fall is not a disclosure; being pushed in it is
    ("Pupil: Ethan BLAKE, Yr 4. He said \"I fell off the trampoline at Nan's and hit the frame\".", "disclosure",
     False),
    ("Pupil: Ethan BLAKE, Yr 4. He said \"I fell over because he pushed me\".", "disclosure", True),
    ("Pupil: Ethan BLAKE, Yr 4. Bruise to his arm. DSL: account consistent, no further action.", "explained_injury",
     True),
    # a question answered no, and a form's answer that says what it denies
    ("Maisie TREMAYNE, Year 10. I asked her directly about self-harm and thoughts of ending her life - she said no "
     "to both.", "self_harm", False),
    ("Maisie TREMAYNE, Year 10. I asked her about self-harm and she said no one would understand.", "self_harm",
     True),
    ("Kids: Charlie WEBBER (10). Drink/drugs: denies both, no signs.", "substance_misuse", False),
    ("Sophie-Leigh PARR, 13. Exploitation screening: denies meeting anyone from online or any older people.",
     "exploitation", False),
    ("Sophie-Leigh PARR, 13. CSE screening tool - low.", "exploitation", False),
    # a drunk father whose wife is sober and caring for the children: the guide's AMBER, not its RED
    ("Lee PASCOE found heavily intoxicated. Children: Alfie (5) and Daisy (2), asleep. Wife, Sarah PASCOE, sober "
     "and caring for them.", "intoxicated_carer", False),
    ("Lee PASCOE found heavily intoxicated. Children: Alfie (5) and Daisy (2), asleep. Wife, Sarah PASCOE, sober "
     "and caring for them.", "substance_misuse", True),
    ("Mum is seeing her GP and goes to the Wellbeing group weekly. Ava (9 months) is thriving.", "agency_engagement",
     True),
    # the j-set's mechanisms: an unattributed clinical sentence is the patient the note is headed with
    ("Re: Mrs Hannah OKAFOR (DOB 11/08/1988), mother of Zara OKAFOR (11).\nSeen urgently - tearful ++, expressed "
     "thoughts of ending her life.", "self_harm", False),
    ("Re: Mrs Hannah OKAFOR (DOB 11/08/1988), mother of Zara OKAFOR (11).\nSeen urgently - tearful ++, expressed "
     "thoughts of ending her life.", "mental_health", True),
    ("YP: Maisie TREGENZA, 14 yrs\nSeen at drop in. Low mood since parents separated in the summer.",
     "child_mental_health", True),
    # an earlier record quoted and corrected
    ('Original log stated "children present at time of incident" - THIS IS INCORRECT. Rocco (4) was at his nan\'s.',
     "child_present", False),
    # an adult's injury a child saw
    ("Leo (12) called 999 and stayed with the injured man until the ambulance arrived.", "injury", False),
    # an item in the middle of a negated list, beside an aside
    ("Ethan (13). No concerns re exploitation, substance use, school (attendance 96%) or home life.",
     "substance_misuse", False),
    # a form's own yes after an aside that ends "not reported"
    ("Kids: Mia (3). Strangulation? Y  Weapons? N (she says he threatened her in Oct - not reported)  Threats to "
     "kill? Y", "threats_to_kill", True),
    # a waiting list is a wait only when it has gone on
    ("Zara (11) is on waiting list for school counsellor.", "prolonged_wait", False),
    ("Zara (11) has been on the CAMHS waiting list since April.", "prolonged_wait", True),
    ("Tyler (14). School report attendance dropped to 52% since Sept.", "school_attendance", True),
    ('Kai (10) said "we don\'t really go to school much now".', "school_attendance", True),
    ("Oscar (10 weeks). Small bruise to L ear lobe, mum unsure how.", "unexplained_injury", True),
    ("Mia (4). Mum unsure how to manage her tantrums.", "unexplained_injury", False),
    ("Darcy (3) is often very hungry and has been hiding food in her bag.", "child_present", False),
    # the l-set's: a crew's "Pt:" heading mid-line; the patient's own cuts are her mental health, not a child's
    ("Called by pt's partner. Pt: Leanne COLE, 33. Pt had taken 24 x sertraline and had cuts to L forearm, self "
     "inflicted, and her 7yo daughter Isla was awake.", "self_harm", False),
    ("Called by pt's partner. Pt: Leanne COLE, 33. Pt had taken 24 x sertraline and had cuts to L forearm, self "
     "inflicted, and her 7yo daughter Isla was awake.", "mental_health", True),
    ("Isla's dad Gareth COLE at home, sober, calm, caring for Isla and baby Theo (9 months).", "sober_carer", True),
    # a treated, well-managed condition is not the guide's crisis
    ("Freya (12). Mum has her own depression which she says is well managed by her GP.", "mental_health", False),
    ("Freya (12). Mum has depression and has stopped her tablets.", "mental_health", True),
    # a fight between strangers a child saw: no domestic abuse, no exploitation
    ("W: Jayden (13). Two adult males unknown to him started fighting, one was punched and fell.",
     "domestic_abuse", False),
    ("W: Jayden (13). Two adult males unknown to him started fighting, one was punched and fell.",
     "exploitation", False),
    ("Mum said Dean punched her in the face while Ruby (6) watched.", "domestic_abuse", True),
    ("Chloe (14) has been seen getting into cars with adult males.", "exploitation", True),
    # the boy who did not come home is missing; his mum did not leave him
    ("Reported by mum Lisa CROWE 22:10 after Ethan (15) didn't come home.", "child_alone", False),
    ("Reported by mum Lisa CROWE 22:10 after Ethan (15) didn't come home.", "missing", True),
    ('Leo (5) told staff "mum went out and she not come back".', "child_alone", True),
    ("Amira (9). Mum recognised Amira is missing learning.", "missing", False),
    # non-engagement written without an apostrophe, or as an offer declined; a referral for family support
    ("Brandon (2). Mum hasnt responded to the HV's letters or our calls.", "non_engagement", True),
    ("Brandon (2). She declined the Early Help offer last month.", "non_engagement", True),
    ("Connor (15). Referring for family support alongside the caution programme.", "family_support", False),
    # the c-set's: a crew's "38M" is an age, so the patient is an adult and his overdose his mental health
    ("Pt: Stephen LANE, 38M (dad). Pt found in bathroom, stated he had taken 20 x sertraline with intent to end his "
     "life. Children Ava (9) and Theo (2) asleep upstairs.", "self_harm", False),
    ("Mum, Gemma LANE, stayed at home with the children - calm, sober and coping.", "sober_carer", True),
    # relatives who collect from nursery, give tea, or come to stay; a worker's weekly visits; a named day
    ("Ruby (3). Maternal nan collects Ruby from nursery every day and has her at hers for tea most evenings.",
     "family_support", True),
    ("Ethan (10) and Grace (7). Rebecca's mum is coming from Lympstone to stay for the week.", "family_support", True),
    ("Ruby (3). The housing officer sees the family weekly.", "agency_engagement", True),
    ("Ruby (3). Dad sees the children weekly.", "agency_engagement", False),
    ("Ruby (3). Connor has been going to Together Drug & Alcohol Service every Tues and Thurs.", "agency_engagement",
     True),
    # a baby's feed is no weapon
    ("Lily-Grace (10 months) in her cot with no sheet on the matress and a propped bottle.", "weapon", False),
    ("He hit her over the head with a bottle while Kai (4) watched.", "weapon", True),
    # a child on her own; a single parent is not
    ("Skye (about 3) crying at the door since 1pm. Caller thinks Skye is on her own.", "child_alone", True),
    ("Mum is on her own with three children, Kai (4), Mia (2) and Leo (1).", "child_alone", False),
    # a missing boy alone all night is the missing episode; children a parent left alone are still alone
    ("Ollie (12) reported missing. Says he was on his own all night, didn't meet anyone.", "child_alone", False),
    ("Kai (6) went missing from the flat. Mum had gone out and left them on their own all night.", "child_alone",
     True),
    # past use, with the year it stopped
    ("Chloe, 16 wks pregnant. At booking Chloe disclosed she used cannabis most weekends until 2023.",
     "substance_misuse", False),
    # a query the note answers no
    ("Ellie (12). Marks on her L forearm seen in PE, ?self harm. Ellie denies hurting herself. No evidence of self "
     "harm.", "self_harm", False),
    ("Ellie (12). Marks on her L forearm seen in PE, ?self harm. Referred to school nurse.", "self_harm", True),
    # a DASH question answered no at its end
    ("Kids: Mia (3).\nQ13 Ever used weapons or objects to hurt you? NO\nQ14 Ever threatened to kill you or someone "
     "else? NO", "weapon", False),
    ("Kids: Mia (3).\nQ13 Ever used weapons or objects to hurt you? NO\nQ14 Ever threatened to kill you or someone "
     "else? NO", "threats_to_kill", False),
    ("Kids: Mia (3).\nQ13 Ever used weapons or objects to hurt you? YES - a belt", "weapon", True),
])
def test_words_practitioners_use_for_the_guides_factors(nlp, text, factor, found):
    assert (factor in parse(nlp, text).present_factors()) is found


@pytest.mark.parametrize(("text", "abuse"), [
    ("Wayne went for Gemma with a carving knife in the kitchen.", True),
    ("S/O came at the IP with a bat.", True),
    ("Lee MARTIN went for his partner Dawn SMITH with a kitchen knife.", True),
    ("He went for a walk with his friend.", False),
    ("They went for a long walk with the dog.", False),
])
def test_going_for_someone_with_something_is_an_attack_and_going_for_a_walk_is_not(nlp, text, abuse):
    assert ("domestic_abuse" in parse(nlp, text).present_factors()) == abuse


def test_a_victim_who_will_not_call_the_police_is_not_engaging(nlp):
    parsed = parse(nlp, "Gemma won't ring the police and says it was a one-off.")
    assert "non_engagement" in parsed.present_factors()

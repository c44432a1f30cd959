"""The triage guide's rules, one test per rule: the guide is the specification."""

from triage.records import GuideFacts, History
from triage.rules import apply_rules


def rate(*factors: str, **kwargs) -> str:
    return apply_rules(GuideFacts(factors=frozenset(factors), **kwargs))[0]


def fired(*factors: str, **kwargs) -> list[str]:
    return [h.rule for h in apply_rules(GuideFacts(factors=frozenset(factors), **kwargs))[1]]


def test_nothing_of_concern_is_green():
    assert rate() == "GREEN"
    assert rate("parental_conflict") == "GREEN"
    assert rate("school_attendance") == "GREEN"


def test_a_disclosure_is_always_red_even_with_support():
    assert rate("disclosure") == "RED"
    assert rate("disclosure", "agency_engagement", "family_support") == "RED"


def test_injury_to_a_baby_is_red_but_to_an_older_child_amber():
    assert rate("injury", youngest_child_age=0) == "RED"
    assert rate("injury", youngest_child_age=11) == "AMBER"
    assert rate("unexplained_injury", youngest_child_age=11) == "RED"


def test_an_older_childs_injury_whose_account_fits_it_is_green_and_a_babys_still_red():
    assert rate("injury", "explained_injury", youngest_child_age=9) == "GREEN"
    assert rate("injury", "explained_injury", youngest_child_age=0) == "RED"
    # an account that fits one injury does not explain away a second that nobody can account for
    assert rate("injury", "explained_injury", "unexplained_injury", youngest_child_age=9) == "RED"
    assert rate("injury", "explained_injury", "disclosure", youngest_child_age=9) == "RED"


def test_domestic_abuse_severity_follows_the_guide():
    assert rate("domestic_abuse") == "GREEN"
    assert rate("domestic_abuse", "child_present") == "AMBER"
    assert rate("domestic_abuse", dash_level="medium") == "AMBER"
    assert rate("domestic_abuse", "child_present", dash_level="high") == "RED"
    assert rate("domestic_abuse", dash_level="high") == "AMBER"  # DASH high alone needs the children there
    for aggravating in ("weapon", "strangulation", "threats_to_kill"):
        assert rate("domestic_abuse", "child_present", aggravating) == "RED"
        assert rate("domestic_abuse", aggravating) == "RED"  # the children live with it, seen or not
        assert rate(aggravating) != "RED"  # a knife in a street robbery is not domestic abuse


def test_an_argument_with_a_threat_to_kill_or_strangulation_is_serious_domestic_abuse():
    # "Report of an argument ... he told her that if she ever took the kids he would kill her"
    assert rate("parental_conflict", "child_present", "threats_to_kill") == "RED"
    assert rate("parental_conflict", "strangulation") == "RED"
    assert rate("parental_conflict", "child_present") == "AMBER"


def test_a_medium_or_high_dash_grading_is_domestic_abuse_even_unnamed():
    # "DV: ... hit her with a hammer ... DASH High": the grading says what the words did not.
    assert rate("child_present", dash_level="medium") == "AMBER"
    assert rate("child_present", "weapon", dash_level="high") == "RED"
    assert rate("mental_health", dash_level="high") == "RED"  # two complex needs
    # A verbal argument graded STANDARD stays an argument (GREEN with no children there).
    assert rate("parental_conflict", dash_level="standard") == "GREEN"
    hit = apply_rules(GuideFacts(factors=frozenset({"child_present"}), dash_level="medium"))[1][0]
    assert hit.rule == "domestic_abuse_with_children" and "DASH risk level medium" in hit.evidence


def test_a_third_domestic_abuse_incident_in_a_year_is_amber():
    history = History(domestic_abuse_incidents_12m=2)
    assert rate("domestic_abuse", history=history) == "AMBER"


def test_each_red_indicator_on_its_own_is_red():
    for factor in ("exploitation", "sex_offender", "self_harm", "child_alone"):
        assert rate(factor) == "RED", factor
    assert rate("intoxicated_carer", youngest_child_age=3) == "RED"


def test_pregnancy_is_red_only_with_a_further_risk():
    assert rate("pregnancy", "substance_misuse") == "RED"
    assert rate("pregnancy", "no_antenatal_care") == "RED"
    assert rate("pregnancy") == "GREEN"  # an adult's pregnancy alone is none of the guide's indicators


def test_a_child_who_is_pregnant_is_amber():
    assert rate("pregnancy", "pregnant_child") == "AMBER"
    assert rate("pregnancy", "pregnant_child", "substance_misuse") == "RED"


def test_a_childs_own_mental_health_is_not_the_carers():
    # the guide's AMBER is a carer's mental health crisis; a child's anxiety alone is for early help (GREEN),
    # and a long wait for CAMHS escalates it one level
    assert rate("child_mental_health") == "GREEN"
    assert rate("child_mental_health", "prolonged_wait") == "AMBER"
    assert rate("child_mental_health", "domestic_abuse") == "GREEN"  # not two complex needs
    assert rate("mental_health") == "AMBER"


def test_domestic_abuse_in_pregnancy_is_domestic_abuse_with_a_child_in_the_house():
    # the guide speaks of "the unborn child": abuse of a pregnant woman is abuse in a household with a child
    assert "domestic_abuse_with_children" in fired("domestic_abuse", "pregnancy")
    assert rate("domestic_abuse") == "GREEN"


def test_two_complex_needs_together_are_red():
    assert rate("mental_health", "substance_misuse") == "RED"
    assert rate("mental_health") == "AMBER"


def test_amber_indicators():
    for factor in ("missing", "neglect", "offending", "substance_misuse", "mental_health"):
        assert rate(factor) == "AMBER", factor


def test_offending_is_amber_under_family_strain_not_with_parents_supporting():
    assert rate("offending") == "AMBER"
    assert rate("offending", "family_support") == "GREEN"


def test_a_third_domestic_abuse_incident_is_amber_from_the_records_or_as_written():
    assert rate("domestic_abuse") == "GREEN"
    assert rate("domestic_abuse", history=History(domestic_abuse_incidents_12m=2)) == "AMBER"
    assert rate("domestic_abuse", "repeat_incident") == "AMBER"
    assert "domestic_abuse_with_children" in fired("domestic_abuse", "repeat_incident")
    # "Third attendance here for domestic since June. Verbal": the third incident is AMBER whatever its harm
    assert rate("repeat_incident", "parental_conflict") == "AMBER"


def test_history_escalates_one_level():
    assert rate("parental_conflict", history=History(open_cp_plan=True)) == "AMBER"
    assert rate("missing", history=History(child_notifications_12m=3)) == "RED"
    assert "history_or_engagement_escalates" in fired("neglect", history=History(cin_plan=True))


def test_history_alone_does_not_escalate_information_sharing():
    assert rate("information_sharing", history=History(open_cp_plan=True)) == "GREEN"
    assert rate("information_sharing", "plan_stated") == "GREEN"


def test_a_plan_the_notification_states_escalates_like_a_matched_one():
    # "CP plan in place per police systems" when matching found no record: the guide's history still applies
    evidence = {"plan_stated": "CP plan in place per police systems."}
    assert rate("domestic_abuse", "child_present", "plan_stated", evidence=evidence) == "RED"
    (hit,) = [h for h in apply_rules(GuideFacts(factors=frozenset({"neglect", "plan_stated"}), evidence=evidence))[1]
              if h.rule == "history_or_engagement_escalates"]
    assert hit.evidence == "CP plan in place per police systems."


def test_non_engagement_and_long_waits_escalate():
    assert rate("neglect", "non_engagement") == "RED"
    assert rate("school_attendance", "prolonged_wait") == "AMBER"


def test_support_mitigates_one_level_but_never_below_green():
    assert rate("neglect", "agency_engagement", "family_support") == "GREEN"
    assert rate("parental_conflict", "agency_engagement", "family_support") == "GREEN"
    # Both are needed: engagement alone is not enough.
    assert rate("neglect", "agency_engagement") == "AMBER"


def test_support_never_mitigates_abuse_injury_exploitation_or_sex_offender_contact():
    for factor in ("disclosure", "exploitation", "sex_offender"):
        assert rate(factor, "agency_engagement", "family_support") == "RED", factor
    assert rate("unexplained_injury", "agency_engagement", "family_support") == "RED"


def test_rule_hits_carry_the_evidence_words():
    facts = GuideFacts(factors=frozenset({"disclosure"}), evidence={"disclosure": "she told me daddy hit her"})
    _, hits = apply_rules(facts)
    assert hits[0].rule == "disclosure"
    assert "daddy hit her" in hits[0].evidence


def test_an_intoxicated_carer_of_an_older_child_is_amber():
    assert rate("intoxicated_carer", youngest_child_age=12) == "AMBER"


def test_dash_high_without_children_present_is_still_amber():
    assert rate("domestic_abuse", dash_level="high") == "AMBER"


def test_parental_conflict_is_green_only_when_no_child_witnesses_it():
    assert rate("parental_conflict", "child_present") == "AMBER"


def test_support_never_mitigates_serious_domestic_abuse_or_suicidal_intent():
    assert rate("domestic_abuse", "child_present", "weapon", "agency_engagement", "family_support") == "RED"
    assert rate("self_harm", "agency_engagement", "family_support") == "RED"


def test_a_sentence_evidencing_two_factors_is_quoted_once():
    said = "He put his hands around her neck during the domestic."
    hit = apply_rules(GuideFacts(factors=frozenset({"domestic_abuse", "strangulation"}),
                                 evidence={"domestic_abuse": said, "strangulation": said}))[1][0]
    assert hit.rule == "serious_domestic_abuse" and hit.evidence == said

"""Named features in practitioners' words, each tied to the words or records behind it."""

from datetime import date, datetime

from triage.features import age_band, feature_row, guide_facts, history_from_involvements, rule_features
from triage.records import GuideFacts, History, Involvement, Mention, Notification, ParsedNotification, RiskFactor

TEXT = "Officers attended. Jade Smith (age 1) was at home. Mum said he hit the baby. No weapon was seen."


def parsed() -> ParsedNotification:
    s = TEXT.index("he hit the baby")
    w = TEXT.index("weapon")
    return ParsedNotification(
        mentions=(Mention("Jade Smith", 19, 29, given_name="Jade", family_name="Smith", role="child", age=1),),
        risk_factors=(
            RiskFactor("disclosure", s, s + 15, "he hit the baby", "Mum said he hit the baby."),
            RiskFactor("weapon", w, w + 6, "weapon", "No weapon was seen.", negated=True),
        ),
        dash_level="medium",
    )


def notification() -> Notification:
    return Notification(source="police", ref="PPN-1", received_at=datetime(2026, 11, 22, 9), text=TEXT)


def test_features_are_named_as_a_practitioner_would_say_them():
    history = History(open_cp_plan=True, child_notifications_12m=4, evidence=("open child protection plan since x",))
    row = feature_row(notification(), parsed(), history)
    for name in (
        "disclosure or allegation of abuse",
        "weapon used or threatened (negated or hypothetical)",
        "DASH medium",
        "open child protection plan",
        "3+ notifications in 12 months",
        "baby (under 2)",
        "source: police",
    ):
        assert name in row.features, name


def test_the_guides_verdict_and_each_rule_that_fired_are_features_tied_to_the_words():
    row = feature_row(notification(), parsed(), History())
    assert row.features["the guide's rules say RED"] == 1.0
    assert row.features["rule: disclosure"] == 1.0
    words, start, end = row.evidence["rule: disclosure"]
    assert TEXT[start:end] == words == "Mum said he hit the baby."
    words, start, end = row.evidence["disclosure or allegation of abuse"]
    assert TEXT[start:end] == "he hit the baby"


def test_a_negated_factor_does_not_fire_a_rule():
    facts = guide_facts(parsed(), History(), date(2026, 11, 22))
    assert "weapon" not in facts.factors and "disclosure" in facts.factors


def test_history_counts_only_what_started_before_the_notification():
    inv = [
        Involvement("P1", "social_care", "child_protection_plan", date(2026, 1, 1)),
        Involvement("P1", "police", "notification", date(2026, 11, 1)),
        Involvement("P1", "police", "notification", date(2026, 12, 1)),  # after: must not leak
    ]
    h = history_from_involvements(inv, inv, as_of=date(2026, 11, 22))
    assert h.open_cp_plan and h.child_notifications_12m == 1


def test_age_bands():
    assert age_band(None) == "child's age not given"
    assert age_band(0) == "baby (under 2)"
    assert age_band(16) == "young person (16-17)"


def test_names_never_reach_the_n_grams_and_offsets_are_kept():
    row = feature_row(notification(), parsed(), History())
    assert len(row.text) == len(TEXT)
    assert "Jade" not in row.text and "Smith" not in row.text
    assert row.text[TEXT.index("he hit the baby") :].startswith("he hit the baby")


def test_addresses_schools_and_postcodes_never_reach_the_n_grams_either():
    text = ("Officers attended 14 Abbey Road, Exeter EX1 2AB. Jade Smith (age 1), Busy Bees Nursery, "
            "was at home. Mum said he hit the baby.")
    s = text.index("he hit the baby")
    mentions = (Mention("Jade Smith", text.index("Jade"), text.index("Jade") + 10, given_name="Jade",
                        family_name="Smith", role="child", age=1),)
    risk = (RiskFactor("disclosure", s, s + 15, "he hit the baby", "Mum said he hit the baby."),)
    n = Notification(source="police", ref="PPN-2", received_at=datetime(2026, 11, 22, 9), text=text)
    row = feature_row(n, ParsedNotification(mentions=mentions, risk_factors=risk), History())
    assert len(row.text) == len(text)
    for identifying in ("Abbey", "EX1", "Busy Bees", "Jade"):
        assert identifying not in row.text
    assert "Officers attended" in row.text and row.text.endswith("Mum said he hit the baby.")


def test_an_injury_the_guide_sets_aside_because_the_account_fits_is_shown_with_those_words():
    text = "Harley (9) came into school with a black eye. Mum gave the same account when she collected him."
    facts = GuideFacts(
        factors=frozenset({"injury", "explained_injury"}),
        youngest_child_age=9,
        evidence={"injury": "Harley (9) came into school with a black eye.",
                  "explained_injury": "Mum gave the same account when she collected him."},
    )
    feats, evidence = rule_features(facts, text)
    assert feats == {"the guide's rules say GREEN": 1.0}
    words, start, end = evidence["the guide's rules say GREEN"]
    assert words == "Mum gave the same account when she collected him." and text[start:end] == words


def test_a_note_no_rule_applies_to_says_so_beside_the_guide_s_verdict():
    feats, evidence = rule_features(GuideFacts(factors=frozenset({"school_attendance"})), "Attendance 91%.")
    assert feats == {"the guide's rules say GREEN": 1.0}
    assert evidence["the guide's rules say GREEN"] == ("no rule of the guide applies to what was read", None, None)


def test_every_feature_a_reviewer_is_shown_says_what_it_counted_without_naming_anyone():
    row = feature_row(notification(), parsed(), History())
    assert row.evidence["people mentioned"][0] == "1 person named: 1 child"
    assert row.evidence["baby (under 2)"][0] == "youngest child 1"
    assert row.evidence["source: police"][0] == "sent by police"
    assert "Jade" not in " ".join(words for words, _, _ in row.evidence.values() if words)


def test_a_discounted_factor_is_quoted_with_its_negation_not_as_the_bare_word():
    row = feature_row(notification(), parsed(), History())
    assert row.evidence["weapon used or threatened (negated or hypothetical)"][0] == "No weapon was seen."


def test_a_heading_or_a_service_s_name_is_quoted_only_when_no_sentence_says_what_happened():
    text = "Youth Justice Service - referral to MASH\nLiam (15) is on a referral order for criminal damage."
    header, deed = text.index("Youth Justice"), text.index("criminal damage")
    factors = (
        RiskFactor("offending", header, header + 13, "Youth Justice", "Youth Justice Service - referral to MASH"),
        RiskFactor("offending", deed, deed + 15, "criminal damage",
                   "Liam (15) is on a referral order for criminal damage."),
    )
    mention = Mention("Liam", text.index("Liam"), text.index("Liam") + 4, given_name="Liam", role="child", age=15)
    only_header = ParsedNotification(mentions=(mention,), risk_factors=factors[:1])
    both = ParsedNotification(mentions=(mention,), risk_factors=factors)
    received = date(2026, 11, 22)
    assert guide_facts(both, History(), received).evidence["offending"].startswith("Liam (15) is on a referral")
    assert guide_facts(only_header, History(), received).evidence["offending"] == factors[0].sentence

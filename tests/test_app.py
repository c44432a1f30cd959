"""The Streamlit app, driven through AppTest against a small hand-made database.

The database is built with the Store API directly (no spaCy, no trained model),
so these tests are fast and test only the app: sign-in, roles, the queue, the
notification view, deciding, and that untrusted text is shown inertly.
"""

from __future__ import annotations

import shutil
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from triage.auth import add_user
from triage.records import (
    Candidate,
    FieldComparison,
    Involvement,
    Mention,
    Notification,
    ParsedNotification,
    Person,
    Proposal,
    Reason,
    RiskFactor,
    RuleHit,
)
from triage.store import Store, now

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PASSWORD = "correct-horse-battery"
USERS = (("researcher1", "researcher"), ("supervisor1", "supervisor"), ("trainer1", "trainer"), ("admin1", "admin"))

DISCLOSURE_TEXT = (
    "Officers attended 12 Acacia Road. Kayleigh SMITH (7) said her dad hit her. "
    "No weapons were seen. Mother Jade SMITH was present."
)
SCRIPT_TEXT = "Pupil upset today. <script>alert(1)</script> <img src=x onerror=alert(2)> Mum informed."
GREEN_TEXT = "Verbal argument between two adults. No children present. DASH standard."


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _proposal(rag: str, probabilities: dict[str, float], **kw: object) -> Proposal:
    return Proposal(
        rag=rag,
        shortlisted=rag != "GREEN",
        priority=0.5,
        probabilities=probabilities,
        model_version="test-v1",
        model_rag=kw.pop("model_rag", rag),
        **kw,
    )  # type: ignore[arg-type]


def build_db(path: Path) -> dict[str, int]:
    """Users, a records index, one batch of three scored notifications; returns ids by ref."""
    store = Store(path)
    try:
        for name, role in USERS:
            add_user(store, name, role, PASSWORD)
        store.import_persons(
            [Person("P000123", "Kayleigh", "Smith", date(2019, 3, 4), school="Acacia Primary", household_id="H1")],
            lambda p: [],
        )
        store.import_involvements(
            [Involvement("P000123", "social_care", "child_in_need_plan", date(2025, 1, 10), None, "CIN plan, neglect")]
        )
        received = now() - timedelta(hours=1)
        batch = store.add_batch(
            "batch-2026-11-22.csv",
            [
                Notification("police", "PPN-0001", received, DISCLOSURE_TEXT, author="PC 1234", team="Exeter"),
                Notification("school", "SCH-0002", received, SCRIPT_TEXT, author="Ms <b>Head</b>", team="Oak Primary"),
                Notification("police", "PPN-0003", received - timedelta(hours=80), GREEN_TEXT),
            ],
            [],
        )
        ids = dict(zip(("PPN-0001", "SCH-0002", "PPN-0003"), batch["notification_ids"], strict=True))

        k = _span(DISCLOSURE_TEXT, "Kayleigh SMITH")
        j = _span(DISCLOSURE_TEXT, "Jade SMITH")
        hit = _span(DISCLOSURE_TEXT, "said her dad hit her")
        weapons = _span(DISCLOSURE_TEXT, "weapons")
        parsed = ParsedNotification(
            mentions=(
                Mention("Kayleigh SMITH", *k, given_name="Kayleigh", family_name="SMITH", role="child", age=7),
                Mention("Jade SMITH", *j, given_name="Jade", family_name="SMITH", role="adult", relationship="mother"),
            ),
            risk_factors=(
                RiskFactor("disclosure", *hit, "said her dad hit her", "sentence"),
                RiskFactor("weapon", *weapons, "weapons", "No weapons were seen.", negated=True),
            ),
        )
        candidate = Candidate(
            0,
            "P000123",
            0.97,
            "match",
            (FieldComparison("given_name", "exact", 6.1), FieldComparison("dob", "missing", 0.0)),
        )
        store.save_analysis(
            ids["PPN-0001"],
            parsed,
            [candidate],
            _proposal(
                "RED",
                {"RED": 0.81, "AMBER": 0.15, "GREEN": 0.04},
                model_rag="AMBER",
                rule_hits=(
                    RuleHit(
                        "disclosure_is_red", "floor", "RED", "A disclosure of abuse is RED.", "said her dad hit her"
                    ),
                ),
                reasons=(Reason("disclosure", 1.7, "said her dad hit her"), Reason('words "hit her"', 0.6, "hit her"),
                         Reason("weapon used or threatened (negated or hypothetical)", 0.2, "weapons")),
            ),
        )
        script = _span(SCRIPT_TEXT, "<script>alert(1)</script>")
        store.save_analysis(
            ids["SCH-0002"],
            ParsedNotification(risk_factors=(RiskFactor("mental_health", *script, "<script>alert(1)</script>", "s"),)),
            [],
            _proposal("AMBER", {"RED": 0.2, "AMBER": 0.5, "GREEN": 0.3}),
        )
        store.save_analysis(
            ids["PPN-0003"], ParsedNotification(), [], _proposal("GREEN", {"RED": 0.02, "AMBER": 0.08, "GREEN": 0.9})
        )
        return ids
    finally:
        store.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """Built once (password hashing is deliberately slow), copied for each test."""
    path = tmp_path_factory.mktemp("template") / "app.db"
    return path, build_db(path)


@pytest.fixture
def db(template, tmp_path, monkeypatch) -> tuple[Path, dict[str, int]]:
    source, ids = template
    path = tmp_path / "app.db"
    shutil.copyfile(source, path)
    monkeypatch.setenv("TRIAGE_DB", str(path))
    monkeypatch.delenv("TRIAGE_CONFIG", raising=False)
    return path, ids


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=30)


def sign_in(name: str, password: str = PASSWORD) -> AppTest:
    at = new_app().run()
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.button[0].click().run()
    return at


def texts(at: AppTest) -> str:
    """Everything a person can read on the page, for 'is this shown?' checks."""
    parts = [e.value for e in at.markdown] + [e.value for e in at.html] + [e.value for e in at.text]
    parts += [e.value for e in at.error] + [e.value for e in at.info] + [e.value for e in at.success]
    parts += [e.value for e in at.warning] + [e.value.to_csv() for e in at.dataframe]
    return "\n".join(str(p) for p in parts)


def open_notification(at: AppTest, notification_id: int) -> AppTest:
    at.selectbox(key="open_pick_0").select(notification_id).run()
    assert not at.exception
    return at


# ---------------------------------------------------------------- sign-in and roles


def test_a_wrong_password_is_refused_and_shows_nothing(db):
    at = sign_in("researcher1", "not-the-password")
    assert not at.exception
    assert "do not match an account" in at.error[0].value
    assert "PPN-0001" not in texts(at)
    assert "user" not in at.session_state


def test_a_researcher_sees_the_queue_most_urgent_first(db):
    at = sign_in("researcher1")
    assert not at.exception
    assert at.title[0].value == "Queue"
    table = at.dataframe[0].value
    assert list(table["Ref"]) == ["PPN-0001", "SCH-0002", "PPN-0003"]
    assert list(table["Rating"]) == ["🔴 RED", "🟠 AMBER", "🟢 GREEN"]
    assert "OVERDUE" in table.set_index("Ref").loc["PPN-0003", "Time left"]  # GREEN is 72 h, received 81 h ago
    assert "left" in table.set_index("Ref").loc["PPN-0001", "Time left"]
    assert "0 of 3 decided" in at.get("progress")[0].proto.text
    assert "researcher1" in texts(at)
    assert "1 notification without a decision is past the deadline" in at.error[0].value


def test_the_queue_filters_by_rating(db):
    at = sign_in("researcher1")
    at.multiselect(key="queue_ratings").select("GREEN").run()
    assert list(at.dataframe[0].value["Ref"]) == ["PPN-0003"]


def test_a_session_times_out_after_inactivity(db):
    at = sign_in("researcher1")
    at.session_state["last_activity"] = time.time() - 31 * 60
    at.run()
    assert "without activity" in texts(at)
    assert "PPN-0001" not in texts(at)


def test_a_trainer_cannot_see_the_queue_or_any_names(db):
    path, ids = db
    at = sign_in("trainer1")
    assert not at.exception
    assert at.title[0].value == "Notification quality"
    shown = texts(at)
    for secret in ("Kayleigh", "SMITH", "Jade", "PPN-0001", "SCH-0002", "Acacia", "Head", "dad hit"):
        assert secret not in shown
    # What a trainer does see: how complete notifications are, by checklist item and by team.
    items = at.dataframe[0].value
    assert len(items) == 10 and items["Missing"].between(0, 1).all()
    assert "Oak Primary" in set(at.dataframe[1].value["Team"])


def _queue_page() -> None:
    from triage.ui import queue

    queue.page()


def _notification_page() -> None:
    from triage.ui import notification

    notification.page()


@pytest.mark.parametrize("page", [_queue_page, _notification_page])
def test_each_page_checks_the_role_itself_not_just_the_menu(db, page):
    path, ids = db
    at = AppTest.from_function(page, default_timeout=30)
    at.session_state["user"] = {"name": "trainer1", "role": "trainer"}
    at.session_state["open_id"] = ids["PPN-0001"]
    at.run()
    assert not at.exception
    assert "does not give access" in at.error[0].value
    assert "Kayleigh" not in texts(at) and "PPN-0001" not in texts(at)


# ---------------------------------------------------------------- the notification view and deciding


def test_opening_a_notification_shows_people_records_and_reasons_and_logs_one_view(db):
    path, ids = db
    at = open_notification(sign_in("researcher1"), ids["PPN-0001"])
    assert at.title[0].value == "Notification"
    shown = texts(at)
    assert "Kayleigh SMITH" in shown and "P000123" in shown and "97%" in shown
    assert "given_name exact +6.1" in shown
    assert "A disclosure of abuse is RED." in shown
    assert "line-through" in shown  # the negated "weapons" is struck through
    at.run()  # a rerun is not a second view
    store = Store(path)
    views = [e for e in store.audit_entries() if e["action"] == "viewed"]
    store.close()
    assert len(views) == 1 and views[0]["user"] == "researcher1"


def test_an_override_with_a_reason_is_stored_with_who(db):
    path, ids = db
    nid = ids["PPN-0001"]
    at = open_notification(sign_in("researcher1"), nid)
    at.radio(key=f"ov_rag_{nid}").set_value("AMBER")
    at.selectbox(key=f"ov_reason_{nid}").select("history changes the risk")
    at.text_area(key=f"ov_details_{nid}").input("Known to social care, safety plan in place")
    at.button(key=f"FormSubmitter:override_{nid}-Save my rating").click().run()
    assert not at.exception
    assert not at.error
    store = Store(path)
    decision = store.latest_decision(nid)
    store.close()
    assert decision is not None
    assert (decision.rag, decision.shortlisted, decision.by, decision.overrides) == ("AMBER", True, "researcher1", True)
    assert decision.reason == "history changes the risk: Known to social care, safety plan in place"
    # ... and the reviewer moved on to the next undecided notification.
    assert at.session_state["open_id"] == ids["SCH-0002"]
    assert any("lowered a RED" in w.value for w in at.warning)


def test_an_override_without_a_reason_is_refused_and_nothing_is_stored(db):
    path, ids = db
    nid = ids["PPN-0001"]
    at = open_notification(sign_in("researcher1"), nid)
    at.radio(key=f"ov_rag_{nid}").set_value("GREEN")
    at.button(key=f"FormSubmitter:override_{nid}-Save my rating").click().run()
    assert not at.exception
    assert any("needs a reason" in e.value for e in at.error)
    store = Store(path)
    assert store.latest_decision(nid) is None
    store.close()
    assert at.session_state["open_id"] == nid


def test_confirming_records_the_proposal_and_moves_on(db):
    path, ids = db
    nid = ids["PPN-0003"]
    at = open_notification(sign_in("researcher1"), nid)
    at.button(key="confirm").click().run()
    assert not at.exception
    store = Store(path)
    decision = store.latest_decision(nid)
    store.close()
    assert decision is not None and (decision.rag, decision.overrides, decision.by) == ("GREEN", False, "researcher1")
    assert at.session_state["open_id"] != nid


def test_a_decision_made_meanwhile_by_someone_else_is_not_overwritten(db):
    path, ids = db
    nid = ids["PPN-0003"]
    at = open_notification(sign_in("researcher1"), nid)
    from triage.review import decide

    store = Store(path)
    decide(store, {"name": "supervisor1", "role": "supervisor"}, nid, "AMBER", True, "history")
    at.button(key="confirm").click().run()
    assert any("someone else decided" in e.value for e in at.error)
    assert store.latest_decision(nid).by == "supervisor1"
    store.close()


def test_script_in_a_notification_is_shown_as_text(db):
    path, ids = db
    at = open_notification(sign_in("researcher1"), ids["SCH-0002"])
    bodies = [h.value for h in at.html if "Pupil upset" in h.value]
    assert bodies, "the notification text is shown"
    body = bodies[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(2)&gt;" in body
    assert "<script" not in body and "<img" not in body
    header = next(h.value for h in at.html if "Reference" in h.value)
    assert "Ms &lt;b&gt;Head&lt;/b&gt;" in header and "<b>Head" not in header


def _overrides_page() -> None:
    from triage.ui import overrides

    overrides.page()


def test_a_supervisor_sees_overrides_with_lowered_reds_marked(db):
    path, ids = db
    from triage.review import decide

    store = Store(path)
    decide(store, {"name": "researcher1", "role": "researcher"}, ids["PPN-0001"], "AMBER", True, "history")
    store.close()
    at = AppTest.from_function(_overrides_page, default_timeout=30)
    at.session_state["user"] = {"name": "supervisor1", "role": "supervisor"}
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Ref"]) == ["PPN-0001"] and table["Lowers a RED"][0] == "yes"


def test_an_admin_starts_at_the_audit_log_and_it_is_intact(db):
    at = sign_in("admin1")
    assert not at.exception
    assert at.title[0].value == "Audit log"
    assert "intact" in at.success[0].value
    assert "signed in" in set(at.dataframe[0].value["Action"])


def _importer_page() -> None:
    from triage.ui import importer

    importer.page()


def test_an_uploaded_batch_is_imported_scored_and_its_bad_rows_listed(db, monkeypatch):
    """The real reader and store; the scoring stage (spaCy and the model) is replaced by a stand-in."""
    import types

    from triage.ingest import read_notifications
    from triage.ui import importer

    scored: list[int | None] = []

    def ingest_file(store, path, imported_by=None):
        read = read_notifications(path)
        return store.add_batch(Path(path).name, read.rows, read.rejects, imported_by=imported_by)

    class Stages:
        def __init__(self, store, settings=None, nlp=None, model=None):
            self.store = store

        def score(self, batch_id=None, *, rescore=False, progress=None):
            todo = self.store.notifications(batch_id, unscored_only=True)
            for i in range(1, len(todo) + 1):
                progress(i, len(todo))
            scored.append(batch_id)
            return len(todo)

    monkeypatch.setitem(sys.modules, "triage.pipeline", types.SimpleNamespace(ingest_file=ingest_file, Stages=Stages))
    monkeypatch.setattr(importer, "_nlp", lambda *a: None)
    csv = (
        b"ref,source,received_at,text\n"
        b'PPN-0100,police,2026-11-23T09:00:00,"Two children present, DASH medium."\n'
        b"PPN-0101,police,not-a-date,Concern for welfare.\n"
        b"PPN-0001,police,2026-11-22T09:00:00,Already imported.\n"
    )
    at = AppTest.from_function(_importer_page, default_timeout=30)
    at.session_state["user"] = {"name": "researcher1", "role": "researcher"}
    at.run()
    at.get("file_uploader")[0].upload("batch-2026-11-23.csv", csv, "text/csv")
    at.button(key="import_go").click().run()
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Imported": "1", "Already imported before (skipped)": "1", "Could not be imported": "1"}
    rejected = at.dataframe[0].value
    assert list(rejected["Line"]) == [3] and list(rejected["Field"]) == ["received_at"]
    assert len(scored) == 1 and scored[0] is not None
    assert "1 notification now with a proposed rating" in at.success[0].value


def test_other_as_a_reason_needs_words(db):
    path, ids = db
    nid = ids["SCH-0002"]
    at = open_notification(sign_in("researcher1"), nid)
    at.radio(key=f"ov_rag_{nid}").set_value("RED")
    at.selectbox(key=f"ov_reason_{nid}").select("other (explain below)")
    at.button(key=f"FormSubmitter:override_{nid}-Save my rating").click().run()
    assert any("explain the reason" in e.value for e in at.error)
    store = Store(path)
    assert store.latest_decision(nid) is None
    store.close()


def test_the_queue_can_put_the_least_certain_first(db):
    at = sign_in("researcher1")
    at.radio(key="queue_sort").set_value("Where the tool is least sure first").run()
    assert list(at.dataframe[0].value["Ref"]) == ["SCH-0002", "PPN-0001", "PPN-0003"]


def test_confirming_a_record_match_is_saved_and_audited(db):
    path, ids = db
    at = open_notification(sign_in("researcher1"), ids["PPN-0001"])
    store = Store(path)
    match_id = store.candidates(ids["PPN-0001"])[0]["id"]
    at.button(key=f"match_yes_{match_id}").click().run()
    assert not at.exception
    assert store.candidates(ids["PPN-0001"])[0]["status"] == "confirmed"
    assert store.candidates(ids["PPN-0001"])[0]["decided_by"] == "researcher1"
    assert any(e["action"] == "match confirmed" for e in store.audit_entries())
    assert "confirmed as the same person" in at.success[0].value
    store.close()


def test_highlighting_escapes_every_piece_and_ignores_offsets_outside_the_text():
    from triage.ui.notification import highlight

    text = 'Tom "x" <b>hit</b> & ran'
    parsed = ParsedNotification(
        mentions=(Mention('Tom "x"', 0, 7, role="adult", relationship='fa"ther'), Mention("ghost", 50, 60)),
        risk_factors=(
            RiskFactor("injury", 4, 18, '"x" <b>hit</b>', "s"),  # overlaps the mention
            RiskFactor("weapon", 3, 2, "bad", "s"),  # end before start: ignored
        ),
    )
    out = highlight(text, parsed)
    assert "&lt;b&gt;hit&lt;/b&gt;</span> &amp; ran" in out
    assert "<b>" not in out and 'fa"ther' not in out and "fa&quot;ther" in out
    # The overlap is split into pieces: the mention alone, then mention + factor, then the factor alone.
    assert out.count("<span") == 3
    assert "ghost" not in out


# ---------------------------------------------------------------- supervisor sign-off, returns, roles and pages


def _as(page_fn, user: dict[str, str], **state: object) -> AppTest:
    at = AppTest.from_function(page_fn, default_timeout=30)
    at.session_state["user"] = user
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


RESEARCHER = {"name": "researcher1", "role": "researcher"}
SUPERVISOR = {"name": "supervisor1", "role": "supervisor"}
TRAINER = {"name": "trainer1", "role": "trainer"}
ADMIN = {"name": "admin1", "role": "admin"}


def _lower_the_red(path: Path, ids: dict[str, int]) -> None:
    from triage.review import decide

    store = Store(path)
    decide(store, RESEARCHER, ids["PPN-0001"], "AMBER", True, "history changes the risk")
    store.close()


def test_a_lowered_red_is_not_final_until_a_supervisor_signs_it_off(db):
    path, ids = db
    _lower_the_red(path, ids)
    # The researcher's queue says it is awaiting sign-off.
    at = sign_in("researcher1")
    decided = at.dataframe[0].value.set_index("Ref").loc["PPN-0001", "Decided"]
    assert "awaiting sign-off" in decided
    # The supervisor sees it at the top, and signs it off.
    at = _as(_overrides_page, SUPERVISOR)
    assert not at.exception
    assert "1 lowered RED awaiting your sign-off" in at.warning[0].value
    assert at.dataframe[0].value["Status"][0] == "awaiting sign-off"
    at.text_area(key=next(k.key for k in at.text_area)).input("Agreed.")
    at.button(key="overrides_sign_off").click().run()
    assert not at.exception and not at.error
    store = Store(path)
    signoff = store.latest_signoff(ids["PPN-0001"])
    assert (signoff["outcome"], signoff["by"], signoff["comment"]) == ("signed_off", "supervisor1", "Agreed.")
    assert any(e["action"] == "signed off" and e["user"] == "supervisor1" for e in store.audit_entries())
    store.close()
    assert "Signed off: PPN-0001" in at.success[0].value
    assert "There are no overrides to check." in at.info[0].value  # nothing left needing a supervisor


def test_a_returned_decision_goes_back_to_the_researcher_with_the_comment(db):
    path, ids = db
    _lower_the_red(path, ids)
    at = _as(_overrides_page, SUPERVISOR)
    at.button(key="overrides_return").click().run()
    assert any("needs a comment" in e.value for e in at.error)  # a return must say why
    at.text_area(key=next(k.key for k in at.text_area)).input("The disclosure alone makes this RED.")
    at.button(key="overrides_return").click().run()
    assert not at.error
    # The researcher's queue counts it as undecided and says it was returned ...
    at = sign_in("researcher1")
    assert "0 of 3 decided" in at.get("progress")[0].proto.text
    assert any("returned 1 decision" in w.value for w in at.warning)
    assert "RETURNED by supervisor1" in at.dataframe[0].value.set_index("Ref").loc["PPN-0001", "Decided"]
    # ... and the notification shows the supervisor's comment.
    at = open_notification(at, ids["PPN-0001"])
    assert "The disclosure alone makes this RED." in texts(at)
    assert any("returned this decision" in w.value for w in at.warning)


def test_a_signed_off_decision_cannot_be_signed_off_twice(db):
    path, ids = db
    _lower_the_red(path, ids)
    from triage.errors import ConflictError
    from triage.review import sign_off

    store = Store(path)
    decision_id = store.overrides_for_review()[0]["decision_id"]
    sign_off(store, SUPERVISOR, decision_id)
    with pytest.raises(ConflictError):
        sign_off(store, SUPERVISOR, decision_id)
    store.close()


def test_a_researcher_cannot_sign_off_even_by_calling_the_action(db):
    path, ids = db
    _lower_the_red(path, ids)
    from triage.errors import PermissionDenied
    from triage.review import sign_off

    store = Store(path)
    decision_id = store.overrides_for_review()[0]["decision_id"]
    with pytest.raises(PermissionDenied):
        sign_off(store, RESEARCHER, decision_id)
    assert store.latest_signoff(ids["PPN-0001"]) is None
    store.close()


def _performance_page() -> None:
    from triage.ui import performance

    performance.page()


def _model_page() -> None:
    from triage.ui import model_versions

    model_versions.page()


def _users_page() -> None:
    from triage.ui import users

    users.page()


def _audit_page() -> None:
    from triage.ui import audit

    audit.page()


def _quality_page() -> None:
    from triage.ui import quality

    quality.page()


PAGES = {
    "queue": (_queue_page, {"researcher", "supervisor"}),
    "notification": (_notification_page, {"researcher", "supervisor", "admin"}),
    "import": (_importer_page, {"researcher", "supervisor", "admin"}),
    "overrides": (_overrides_page, {"supervisor"}),
    "performance": (_performance_page, {"supervisor", "admin"}),
    "model": (_model_page, {"supervisor", "admin"}),
    "quality": (_quality_page, {"trainer", "admin"}),
    "audit": (_audit_page, {"admin"}),
    "users": (_users_page, {"admin"}),
}


@pytest.mark.parametrize("role", ["researcher", "supervisor", "trainer", "admin"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_lets_in_only_the_roles_that_may_use_it(db, name, role):
    path, ids = db
    page_fn, allowed = PAGES[name]
    at = _as(page_fn, {"name": f"{role}1", "role": role}, open_id=ids["PPN-0001"])
    assert not at.exception, at.exception
    refused = any("does not give access" in e.value for e in at.error)
    assert refused == (role not in allowed), f"{role} on {name}"
    if refused:
        assert "Kayleigh" not in texts(at) and "PPN-0001" not in texts(at)


@pytest.mark.parametrize(
    ("name", "menu"),
    [
        ("researcher1", ["queue", "notification", "import"]),
        ("supervisor1", ["queue", "notification", "import", "overrides", "performance", "model"]),
        ("trainer1", ["quality"]),
        ("admin1", ["audit", "import", "performance", "model", "quality", "users"]),
    ],
)
def test_each_role_gets_its_own_menu(db, name, menu):
    from triage.ui import nav

    assert nav.names_for({"name": name, "role": name[:-1]}) == menu
    at = sign_in(name)
    assert not at.exception
    assert at.title[0].value == nav._page(menu[0])[1]  # each role starts on its first page


def test_the_performance_page_charts_what_was_decided(db):
    path, ids = db
    _lower_the_red(path, ids)
    at = _as(_performance_page, SUPERVISOR)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Notifications"] == "3" and metrics["Decided"] == "1" and metrics["Changed from the proposal"] == "1"
    assert len(at.get("vega_lite_chart")) >= 4
    from triage.ui.performance import confusion, frame, override_rates

    store = Store(path)
    df = frame(store.performance_rows())
    store.close()
    cells = confusion(df).set_index(["Tool proposed", "People decided"])["notifications"]
    assert cells[("RED", "AMBER")] == 1 and cells.sum() == 1
    rates = override_rates(df).set_index(["Researcher", "Direction"])
    assert rates.loc[("researcher1", "lowered"), "rate"] == 1.0


def test_the_model_page_shows_versions_and_explains_a_refused_retrain(db, monkeypatch):
    path, ids = db
    store = Store(path)
    card = {
        "description": "baseline on synthetic notifications",
        "heldout_metrics": {"red_recall": 0.93, "macro_f1": 0.81},
    }
    store.register_model("v1", "models/v1.joblib", "0" * 64, card, activate=True)
    store.close()
    import triage.retrain
    from triage.retrain import RetrainResult

    calls: list[str] = []

    def fake_retrain(store, settings, by):
        calls.append(by)
        return RetrainResult(
            False, "refused: RED recall would drop from 0.930 to 0.910", "v2", "v1",
            {"red_recall": 0.91, "set_aside_decisions": {"red_recall": 0.9, "macro_f1": 0.8}},
            {"red_recall": 0.93, "set_aside_decisions": {"red_recall": 0.95, "macro_f1": 0.79}},
        )

    monkeypatch.setattr(triage.retrain, "retrain", fake_retrain)
    at = _as(_model_page, SUPERVISOR)
    assert not at.exception
    assert list(at.dataframe[0].value["Version"]) == ["v1"]
    assert "baseline on synthetic notifications" in texts(at)
    at.button(key="model_retrain").click().run()
    assert calls == ["supervisor1"]
    assert "Not promoted: v2. Refused: RED recall would drop" in at.warning[0].value
    judged = at.dataframe[0].value.set_index(["Judged on", "Measure"])
    assert judged.loc[("The guide's ratings (synthetic)", "REDs found (recall)"), "New candidate"] == 0.91
    assert judged.loc[("Hub decisions set aside", "REDs found (recall)"), "Serving model"] == 0.95


def test_the_model_card_shows_the_figures_on_real_notifications_it_is_calibrated_on(db):
    path, _ = db
    store = Store(path)
    card = {
        "description": "baseline; probabilities calibrated on 247 real notifications rated by people",
        "heldout_metrics": {"red_recall": 0.988, "macro_f1": 0.976, "ece": 0.042},
        "metrics": {"validation": {"red_recall": 0.988}, "readings": {"n": 247, "red_recall": 0.99, "ece": 0.027}},
    }
    store.register_model("v1", "models/v1.joblib", "0" * 64, card, activate=True)
    store.close()
    at = _as(_model_page, SUPERVISOR)
    assert not at.exception
    assert "On 247 real notifications rated by people applying the guide" in " ".join(c.value for c in at.caption)
    # ... and says that the wording was tuned on them, so a supervisor does not take 1.000 for a promise
    assert "better than it does on wording it has never seen" in " ".join(c.value for c in at.caption)
    shown = {(m.label, m.value) for m in at.metric}
    assert ("Calibration error (lower is better)", "0.027") in shown
    assert ("Calibration error (lower is better)", "0.042") in shown


def test_a_reason_the_note_rules_out_is_explained_where_it_moves_the_model(db):
    _, ids = db
    at = open_notification(sign_in("researcher1"), ids["PPN-0001"])
    reasons = next(d.value for d in at.dataframe if "What the model noticed" in d.value.columns)
    assert "weapon used or threatened (negated or hypothetical)" in set(reasons["What the model noticed"])
    assert any("The guide's rules never count it" in c.value for c in at.caption)


def test_similar_past_decisions_are_shown_beside_the_proposal(db):
    path, ids = db
    from triage.review import decide

    store = Store(path)
    decide(store, RESEARCHER, ids["PPN-0003"], "GREEN", False)
    store.close()
    at = open_notification(sign_in("researcher1"), ids["PPN-0001"])
    assert "Similar past decisions" in texts(at)
    assert "most similar was rated GREEN" in texts(at)


def test_an_admin_adds_a_user_and_disables_one(db):
    path, ids = db
    at = _as(_users_page, ADMIN)
    assert not at.exception
    assert set(at.dataframe[0].value["Name"]) == {name for name, _ in USERS}
    at.text_input[0].input("researcher2")
    at.selectbox[0].select("researcher")
    at.text_input[1].input("a-long-first-password")
    at.text_input[2].input("a-long-first-password")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert "Added researcher2 as researcher" in at.success[0].value
    at.selectbox(key="users_pick").select("researcher1").run()
    at.button(key="users_toggle").click().run()
    store = Store(path)
    assert store.user("researcher2")["role"] == "researcher"
    assert store.user("researcher1")["disabled"] == 1
    actions = {(e["user"], e["action"]) for e in store.audit_entries()}
    store.close()
    assert ("admin1", "user added") in actions and ("admin1", "user disabled") in actions
    refused = sign_in("researcher1")
    assert "do not match an account" in refused.error[0].value


def test_the_audit_export_is_safe_to_open_in_a_spreadsheet(db):
    import csv
    import io

    from triage.ui.audit import safe_csv

    path, ids = db
    store = Store(path)
    store.audit("=cmd|' /C calc'!A0", "viewed", ids["PPN-0001"], "@SUM(A1) +1 -2")
    entries = store.audit_entries()
    store.close()
    rows = list(csv.DictReader(io.StringIO(safe_csv(entries).decode("utf-8-sig"))))
    row = next(r for r in rows if "calc" in r["user"])
    assert row["user"].startswith("'=") and row["detail"] == "'@SUM(A1) +1 -2"
    at = _as(_audit_page, ADMIN)
    assert not at.exception
    assert at.get("download_button")[0].proto.label.startswith("Download these")


def test_an_earlier_model_can_be_restored_from_the_model_page(db, monkeypatch):
    path, ids = db
    store = Store(path)
    store.register_model("v1", "models/v1.joblib", "0" * 64, {"description": "first"}, activate=True)
    store.register_model("v2", "models/v2.joblib", "1" * 64, {"description": "second"}, activate=True)
    store.close()
    import triage.retrain

    def fake_restore(store, version, by):  # the real one also checks the file's hash first
        store.activate_model(version, by, detail=f"restored by {by}")

    monkeypatch.setattr(triage.retrain, "restore", fake_restore)
    at = _as(_model_page, SUPERVISOR)
    at.selectbox(key="model_card_pick-2").select("v1").run()
    at.button(key="model_restore").click().run()
    assert not at.exception and not at.error
    store = Store(path)
    assert store.active_model()["version"] == "v1"
    assert any(e["action"] == "model restored" and e["user"] == "supervisor1" for e in store.audit_entries())
    store.close()
    assert "v1 is the serving model again" in at.success[0].value
    # A researcher has no model page at all, and the action is refused on the server too.
    at = _as(_model_page, RESEARCHER)
    assert any("does not give access" in e.value for e in at.error)

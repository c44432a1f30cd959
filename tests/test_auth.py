"""Accounts: memory-hard hashes, lock-out after repeated failures, roles checked on the server side."""

from datetime import datetime, timedelta

import pytest

from triage.auth import MAX_FAILED_ATTEMPTS, add_user, can, require, sign_in
from triage.errors import PermissionDenied, SignInError


@pytest.fixture
def store(store):
    add_user(store, "researcher1", "researcher", "correct horse battery")
    add_user(store, "trainer1", "trainer", "correct horse battery")
    return store


def test_passwords_are_stored_as_argon2id_hashes(store):
    stored = store.user("researcher1")["password_hash"]
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored


def test_signing_in_returns_the_user_and_role(store):
    user = sign_in(store, "researcher1", "correct horse battery")
    assert (user["name"], user["role"]) == ("researcher1", "researcher")


def test_a_wrong_password_and_an_unknown_name_get_the_same_message(store):
    with pytest.raises(SignInError) as wrong:
        sign_in(store, "researcher1", "nope")
    with pytest.raises(SignInError) as unknown:
        sign_in(store, "nobody", "nope")
    assert str(wrong.value) == str(unknown.value)


def test_repeated_failures_lock_the_account_for_a_while(store):
    at = datetime(2026, 11, 22, 9, 0)
    for _ in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(SignInError):
            sign_in(store, "researcher1", "guess", at=at)
    with pytest.raises(SignInError, match="locked"):
        sign_in(store, "researcher1", "correct horse battery", at=at)
    assert sign_in(store, "researcher1", "correct horse battery", at=at + timedelta(hours=1))


def test_short_passwords_are_refused(store):
    with pytest.raises(SignInError, match="at least"):
        add_user(store, "x", "admin", "short")


def test_roles_decide_actions():
    researcher = {"name": "r", "role": "researcher"}
    trainer = {"name": "t", "role": "trainer"}
    assert can(researcher, "decide") and not can(researcher, "sign_off")
    assert not can(trainer, "view_names") and not can(trainer, "decide")
    with pytest.raises(PermissionDenied, match="may not decide"):
        require(trainer, "decide")
    with pytest.raises(PermissionDenied, match="not signed in"):
        require(None, "view_names")


def test_sign_ins_are_audited(store):
    sign_in(store, "researcher1", "correct horse battery")
    assert store.audit_entries()[0]["action"] == "signed in"

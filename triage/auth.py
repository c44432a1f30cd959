"""Who may do what: accounts, memory-hard password hashes, roles and lock-out.

Hiding a page is not authorisation: every action calls `require` on the
server side with the signed-in user.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from triage.errors import PermissionDenied, SignInError
from triage.guide import ROLES
from triage.store import Store, now

MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 10

# Argon2id, the OWASP-recommended memory-hard hash.
_hasher = PasswordHasher()

PERMISSIONS: dict[str, frozenset[str]] = {
    "researcher": frozenset({"view_names", "decide", "import", "confirm_match"}),
    "supervisor": frozenset(
        {"view_names", "decide", "import", "confirm_match", "sign_off", "retrain", "view_performance"}
    ),
    "trainer": frozenset({"view_quality"}),
    "admin": frozenset(
        {"view_names", "manage_users", "view_audit", "retrain", "view_performance", "view_quality", "import"}
    ),
}


def can(user: dict | None, action: str) -> bool:
    return bool(user) and action in PERMISSIONS.get(user["role"], frozenset())


def require(user: dict | None, action: str) -> None:
    if not can(user, action):
        who = f"{user['name']} ({user['role']})" if user else "someone not signed in"
        raise PermissionDenied(f"{who} may not {action.replace('_', ' ')}")


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise SignInError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def add_user(store: Store, name: str, role: str, password: str, by: str | None = None) -> None:
    """Create (or reset) an account. `by` is the admin doing it, for the audit log."""
    if role not in ROLES:
        raise SignInError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if not name.strip():
        raise SignInError("a user needs a name")
    store.add_user(name.strip(), role, hash_password(password), by=by)


def sign_in(store: Store, name: str, password: str, at: datetime | None = None) -> dict:
    """Check a password; after repeated failures the account is locked for a while."""
    at = at or now()
    user = store.user(name)
    refused = SignInError("that name and password do not match an account")
    if user is None or user["disabled"]:
        _hasher.hash(password)  # same work either way: no timing hint that the name exists
        store.audit(name, "sign-in refused", detail="unknown or disabled account")
        raise refused
    if user["locked_until"] and datetime.fromisoformat(user["locked_until"]) > at:
        store.audit(name, "sign-in refused", detail="account locked")
        raise SignInError(
            f"this account is locked after {MAX_FAILED_ATTEMPTS} failed sign-ins; "
            f"try again after {user['locked_until'][11:16]} or ask an admin"
        )
    try:
        _hasher.verify(user["password_hash"], password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        failed = user["failed_attempts"] + 1
        locked = at + timedelta(minutes=LOCK_MINUTES) if failed >= MAX_FAILED_ATTEMPTS else None
        store.update_user_sign_in(name, 0 if locked else failed, locked)
        store.audit(name, "sign-in refused", detail=f"wrong password ({failed})")
        raise refused from None
    if _hasher.check_needs_rehash(user["password_hash"]):
        store.set_password_hash(name, _hasher.hash(password))
    store.update_user_sign_in(name, 0, None)
    store.audit(name, "signed in")
    return {"name": user["name"], "role": user["role"], "signed_in_at": at}

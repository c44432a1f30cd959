"""What every page shares: the session's store and user, sign-in, time-out, wording.

Untrusted text (anything that came in a notification file) is never passed to
st.markdown, st.write or st.caption: Markdown would turn it into links and
images. Pages show it in tables, st.text, or HTML built with `esc`.
"""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import streamlit as st

from triage.auth import require, sign_in
from triage.config import Settings
from triage.errors import PermissionDenied, SignInError, TriageError
from triage.guide import RATINGS
from triage.store import Store, now

log = logging.getLogger(__name__)

RAG_EMOJI = {"RED": "🔴", "AMBER": "🟠", "GREEN": "🟢"}
RAG_COLOUR = {"RED": "#b3261e", "AMBER": "#b86e00", "GREEN": "#2e7d32"}
NOT_SCORED = "⚪ not yet scored"

# Session-state keys, in one place so pages agree.
USER = "user"
LAST_ACTIVITY = "last_activity"
NOTICE = "sign_in_notice"
STORE = "store"
OPEN_ID = "open_id"
OPEN_TOKEN = "open_token"
QUEUE_ORDER = "queue_order"
FLASH = "flash"


def chip(rag: str | None) -> str:
    """A rating as emoji plus word, so it never relies on colour alone."""
    return f"{RAG_EMOJI[rag]} {rag}" if rag in RAG_EMOJI else NOT_SCORED


def rating_options() -> list[str]:
    """Most urgent first, as a reviewer reads them."""
    return list(reversed(RATINGS))


def sentence(message: str) -> str:
    """Error messages from triage.errors start in lower case; show them as a sentence."""
    message = message.strip()
    if not message:
        return message
    message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def esc(value: object) -> str:
    """HTML-escape anything, including quotes, for text and attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def settings() -> Settings:
    """Loaded once per session; TRIAGE_DB / TRIAGE_CONFIG decide where the data lives."""
    if "settings" not in st.session_state:
        st.session_state["settings"] = Settings.load()
    return st.session_state["settings"]


def store() -> Store:
    """One Store (one SQLite connection) per browser session.

    Not shared between sessions: a connection carries at most one open
    transaction, and two people saving at once must not share it.
    """
    path = settings().db_path
    current = st.session_state.get(STORE)
    if current is None or current.path != path:
        current = Store(path)
        st.session_state[STORE] = current
    return current


def fmt_time(value: datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.strftime("%a %d %b %Y %H:%M")


def fmt_hours_left(hours: float) -> str:
    """'3 h 20 min left' or 'OVERDUE by 1 h 5 min' — words, not a colour."""
    minutes = int(round(abs(hours) * 60))
    days, rest = divmod(minutes, 24 * 60)
    h, m = divmod(rest, 60)
    parts = ([f"{days} d"] if days else []) + ([f"{h} h"] if h else []) + ([f"{m} min"] if m and not days else [])
    span = " ".join(parts) or "0 min"
    return f"{span} left" if hours >= 0 else f"OVERDUE by {span}"


# ---------------------------------------------------------------- the user


def current_user() -> dict[str, Any] | None:
    """The signed-in user, or None once they sign out, time out, or lose their account."""
    user = st.session_state.get(USER)
    if user is None:
        return None
    timeout = settings().session_timeout_minutes * 60
    last = st.session_state.get(LAST_ACTIVITY, 0.0)
    if time.time() - last > timeout:
        sign_out(
            user,
            f"You were signed out after {settings().session_timeout_minutes} minutes without "
            "activity. Please sign in again.",
            reason="inactive",
        )
        return None
    account = store().user(user["name"])
    if account is None or account["disabled"] or account["role"] != user["role"]:
        sign_out(user, "Your account has changed. Please sign in again.", reason="account changed")
        return None
    st.session_state[LAST_ACTIVITY] = time.time()
    return user


def sign_out(user: dict[str, Any] | None, notice: str = "", reason: str = "") -> None:
    """Forget everything about the session except a note saying why."""
    if user is not None:
        try:
            store().audit(user["name"], "signed out", detail=reason)
        except TriageError:
            log.exception("could not record sign-out")
    keep = st.session_state.get("settings")
    old = st.session_state.get(STORE)
    if old is not None:
        old.close()
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if keep is not None:
        st.session_state["settings"] = keep
    if notice:
        st.session_state[NOTICE] = notice


def sign_in_form() -> None:
    """Name and password; the account locks itself after repeated failures (triage.auth)."""
    _, middle, _ = st.columns([1, 1.4, 1])
    with middle:
        _sign_in_form()


def _sign_in_form() -> None:
    st.title("MASH triage")
    st.write("Sign in to review notifications.")
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.info(notice)
    with st.form("sign_in", clear_on_submit=True):
        # No widget keys: the password must not linger in session state once signed in.
        name = st.text_input("Name", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if not submitted:
        return
    if not name.strip() or not password:
        st.error("Enter your name and your password.")
        return
    try:
        user = sign_in(store(), name.strip(), password)
    except SignInError as exc:
        st.error(sentence(exc.message))
        return
    except TriageError as exc:
        st.error(f"Signing in did not work: {exc.message}")
        return
    st.session_state[USER] = user
    st.session_state[LAST_ACTIVITY] = time.time()
    st.rerun()


@st.fragment(run_every=60)
def _idle_watch() -> None:
    """Once a minute, without counting as activity: clear the screen of an idle session.

    Otherwise a notification left open on an unattended desk would stay
    readable until someone touched the page.
    """
    last = st.session_state.get(LAST_ACTIVITY)
    if last is not None and time.time() - last > settings().session_timeout_minutes * 60:
        st.rerun(scope="app")


def sidebar(user: Mapping[str, Any]) -> None:
    with st.sidebar:
        st.text(f"Signed in as {user['name']}\nRole: {user['role']}")
        if st.button("Sign out", key="sign_out"):
            sign_out(dict(user), "You have signed out.", reason="by choice")
            st.rerun()
        _idle_watch()


def guard(action: str) -> dict[str, Any]:
    """Check the signed-in user may do `action`; stop the page with a plain message if not."""
    user = st.session_state.get(USER)
    try:
        require(user, action)
    except PermissionDenied:
        st.error("Your role does not give access to this page.")
        st.stop()
    assert user is not None
    return user


# ---------------------------------------------------------------- moving between pages


def remembered(key: str) -> str:
    """A widget key whose value survives a visit to another page.

    Streamlit forgets the state of widgets a run did not draw, so without this
    the queue's filters would reset every time a notification is opened.
    Call `remember(key)` after drawing the widget.
    """
    kept = f"_kept_{key}"
    if key not in st.session_state and kept in st.session_state:
        st.session_state[key] = st.session_state[kept]
    return key


def remember(*keys: str) -> None:
    for key in keys:
        if key in st.session_state:
            st.session_state[f"_kept_{key}"] = st.session_state[key]


def open_notification(notification_id: int) -> None:
    """Mark a notification as opened afresh (so its view is logged once, its version read once)."""
    st.session_state[OPEN_ID] = int(notification_id)
    st.session_state[OPEN_TOKEN] = st.session_state.get(OPEN_TOKEN, 0) + 1


def flash(kind: str, message: str) -> None:
    """A message to show at the top of the next page run (after st.rerun / switch_page)."""
    st.session_state[FLASH] = (kind, message)


def show_flash() -> None:
    item = st.session_state.pop(FLASH, None)
    if item:
        kind, message = item
        {"success": st.success, "warning": st.warning, "info": st.info}.get(kind, st.info)(message)


def stamp() -> str:
    return now().strftime("%Y%m%d-%H%M%S")

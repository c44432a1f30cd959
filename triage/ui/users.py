"""The admin's accounts page: add a user with a role, disable or enable an account.

Accounts are never deleted, so the names in the audit log keep meaning something.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from triage.auth import MIN_PASSWORD_LENGTH, add_user, require
from triage.errors import PermissionDenied, TriageError
from triage.guide import ROLES
from triage.ui.common import flash, fmt_time, guard, sentence, show_flash, store

ROLE_WORDS = {
    "researcher": "researcher: reads and decides notifications",
    "supervisor": "supervisor: also signs off overrides and sees performance",
    "trainer": "trainer: notification quality only, never names",
    "admin": "admin: accounts, audit log, performance",
}


def page() -> None:
    user = guard("manage_users")
    s = store()
    st.title("Users")
    show_flash()
    accounts = s.users()
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Name": a["name"],
                    "Role": a["role"],
                    "Created": fmt_time(a["created_at"]),
                    "Status": "disabled" if a["disabled"] else ("locked" if a["locked_until"] else "active"),
                }
                for a in accounts
            ],
            columns=["Name", "Role", "Created", "Status"],
        ),
        hide_index=True,
    )

    st.subheader("Add a user")
    with st.form("add_user", clear_on_submit=True):
        name = st.text_input("Name", max_chars=80)
        role = st.selectbox("Role", ROLES, format_func=ROLE_WORDS.get)
        password = st.text_input("First password", type="password", help=f"At least {MIN_PASSWORD_LENGTH} characters.")
        again = st.text_input("The same password again", type="password")
        submitted = st.form_submit_button("Add user", type="primary")
    if submitted:
        if password != again:
            st.error("Not added: the two passwords are different.")
        elif s.user(name.strip()) is not None:
            st.error(f"Not added: there is already an account called {name.strip()}.")
        else:
            try:
                require(user, "manage_users")
                add_user(s, name, role, password, by=user["name"])
            except (TriageError, PermissionDenied) as exc:
                st.error(sentence(f"Not added: {exc.message}"))
            else:
                flash("success", f"Added {name.strip()} as {role}. Give them their first password in person.")
                st.rerun()

    st.subheader("Disable or enable an account")
    others = [a for a in accounts if a["name"] != user["name"]]
    if not others:
        return
    by_name = {a["name"]: a for a in others}
    chosen = st.selectbox(
        "Account",
        list(by_name),
        index=None,
        placeholder="Choose an account",
        format_func=lambda n: f"{n} ({by_name[n]['role']}, {'disabled' if by_name[n]['disabled'] else 'active'})",
        key="users_pick",
    )
    if chosen is None:
        return
    disabled = bool(by_name[chosen]["disabled"])
    label = f"Enable {chosen}" if disabled else f"Disable {chosen}"
    if st.button(label, key="users_toggle", type="secondary" if disabled else "primary"):
        try:
            require(user, "manage_users")
            s.set_user_disabled(chosen, not disabled, user["name"])
        except (TriageError, PermissionDenied) as exc:
            st.error(sentence(f"Not changed: {exc.message}"))
            return
        flash(
            "success",
            f"{chosen} can sign in again."
            if disabled
            else f"{chosen} can no longer sign in; if they are signed in now, they are signed out at their next click.",
        )
        st.rerun()

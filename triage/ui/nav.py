"""Which pages each role sees. Hiding a page is not authorisation: every page checks again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from triage.auth import can


def _page(name: str) -> tuple[Callable[[], None], str, str]:
    # Imported here so page modules can import this one to switch pages.
    from triage.ui import (
        audit,
        importer,
        model_versions,
        notification,
        overrides,
        performance,
        quality,
        queue,
        users,
    )

    return {
        "queue": (queue.page, "Queue", ":material/inbox:"),
        "notification": (notification.page, "Notification", ":material/description:"),
        "import": (importer.page, "Import", ":material/upload_file:"),
        "overrides": (overrides.page, "Overrides", ":material/rule:"),
        "quality": (quality.page, "Notification quality", ":material/school:"),
        "performance": (performance.page, "Performance", ":material/monitoring:"),
        "model": (model_versions.page, "Model", ":material/model_training:"),
        "audit": (audit.page, "Audit log", ":material/policy:"),
        "users": (users.page, "Users", ":material/group:"),
    }[name]


def page(name: str, *, default: bool = False) -> StreamlitPage:
    """A page object; made afresh each time (Streamlit matches pages by url_path)."""
    fn, title, icon = _page(name)
    return st.Page(fn, title=title, icon=icon, url_path=name, default=default)


def pages_for(user: dict[str, Any]) -> list[StreamlitPage]:
    """The menu for this user's role, most-used first."""
    return [page(n, default=(i == 0)) for i, n in enumerate(names_for(user))]


def names_for(user: dict[str, Any]) -> list[str]:
    """The names of the pages in this user's menu, in order."""
    names: list[str] = []
    if can(user, "decide"):
        names += ["queue", "notification"]
    if can(user, "import"):
        names.append("import")
    if can(user, "sign_off"):
        names.append("overrides")
    if can(user, "view_performance"):
        names += ["performance", "model"]
    if can(user, "view_quality"):
        names.append("quality")
    if can(user, "view_audit"):
        # An admin's work starts at the audit log; a researcher's at the queue.
        names.insert(0 if not can(user, "decide") else len(names), "audit")
    if can(user, "manage_users"):
        names.append("users")
    return names


def switch_to(name: str) -> None:
    st.switch_page(page(name))

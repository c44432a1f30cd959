"""End to end in a real browser: Debian's Chromium, driven by Playwright, against `streamlit run app.py`.

A researcher decides three notifications (one an override of a RED), a
supervisor signs the override off, a trainer sees no names, and a notification
carrying HTML and JavaScript is shown as inert text. The database is built
with the Store API (no spaCy, no model), as in test_app.py.

Skipped, with the reason, if Playwright or Chromium is not installed
(`make test` installs both: see the Makefile's `browser` target).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.harness import CHROMIUM_ARGS, chromium_path, streamlit_server
from test_app import PASSWORD, build_db

from triage.store import Store

log = logging.getLogger(__name__)

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: `make test` installs it with the test extra"
)
CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's Chromium is not installed (apt-get install chromium); `make test` installs it as root",
)
expect = sync_api.expect
TIMEOUT_MS = 30_000
# Set TRIAGE_SCREENSHOTS=docs/screenshots to keep a picture of each screen (synthetic data only).
SHOTS = os.environ.get("TRIAGE_SCREENSHOTS")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path, dict[str, int]]]:
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "app.db"
    ids = build_db(db)
    with streamlit_server(db, folder / "streamlit.log") as url:
        yield url, db, ids


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser, server) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs  # type: ignore[attr-defined]
    try:
        yield pg
    finally:
        context.close()


def shot(pg, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def wait_idle(pg) -> None:
    """Wait until Streamlit has finished the current run (its status widget shows while running)."""
    pg.wait_for_timeout(300)
    expect(pg.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=TIMEOUT_MS)


def sign_in(pg, url: str, name: str) -> None:
    pg.goto(url)
    pg.get_by_role("textbox", name="Name", exact=True).fill(name)
    pg.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    pg.get_by_role("button", name="Sign in").click()
    expect(pg.get_by_text(f"Signed in as {name}")).to_be_visible()
    wait_idle(pg)


def sign_out(pg) -> None:
    pg.get_by_role("button", name="Sign out").click()
    expect(pg.get_by_text("You have signed out.")).to_be_visible()


def choose(pg, label: str, option: str) -> None:
    """Pick an option in a Streamlit selectbox by typing part of it, as a keyboard user would."""
    box = pg.get_by_label(label)
    box.click()
    box.fill(option)
    pg.get_by_role("option", name=re.compile(re.escape(option))).first.click()
    wait_idle(pg)


def heading(pg, text: str) -> None:
    expect(pg.get_by_role("heading", name=text, exact=True).first).to_be_visible()


def test_researcher_decides_supervisor_signs_off_trainer_sees_no_names(page, server):
    url, db, ids = server
    pg = page

    # --- the researcher: the queue, most urgent first, then three decisions
    sign_in(pg, url, "researcher1")
    heading(pg, "Queue")
    expect(pg.get_by_text("0 of 3 decided")).to_be_visible()
    expect(pg.get_by_test_id("stDataFrame").first).to_be_visible()
    pg.wait_for_timeout(500)  # the table draws on a canvas just after it appears
    shot(pg, "researcher-queue")
    choose(pg, "Open notification", "PPN-0001")
    heading(pg, "Notification")
    expect(pg.get_by_text("Kayleigh SMITH").first).to_be_visible()
    shot(pg, "researcher-notification")

    # Override the RED: AMBER, with a reason from the list and words of their own.
    form = pg.get_by_test_id("stForm")
    form.get_by_text("🟠 AMBER").click()
    choose(pg, "Reason", "history changes the risk")
    # Typed key by key: capital letters (Shift+N, Shift+Enter's Shift) must not fire the page's shortcuts.
    form.get_by_role("textbox", name="In your own words").press_sequentially(
        "Known to social care; Nan has a safety plan in place", delay=10
    )
    form.get_by_role("button", name="Save my rating").click()
    expect(pg.get_by_text("You lowered a RED rating")).to_be_visible()
    wait_idle(pg)

    # The next undecided opens by itself. Confirm it with the keyboard shortcut, then the last with a click.
    expect(pg.get_by_text("Pupil upset today.").first).to_be_visible()
    pg.get_by_role("heading", name="Notification", exact=True).first.click()  # focus on the page, not a field
    pg.keyboard.press("Shift+Enter")
    expect(pg.get_by_text("Saved: you confirmed the rating as 🟠 AMBER")).to_be_visible()
    wait_idle(pg)
    expect(pg.get_by_text("Verbal argument between two adults.").first).to_be_visible()
    pg.get_by_role("button", name="Confirm 🟢 GREEN").click()
    expect(pg.get_by_text("Every notification in this batch now has a decision")).to_be_visible()
    heading(pg, "Queue")
    expect(pg.get_by_text("3 of 3 decided")).to_be_visible()
    pg.wait_for_timeout(500)
    shot(pg, "researcher-queue-done")
    # A click on any cell of a row opens it, not only the row's tick box (the table draws on a canvas, so the
    # click is by position: the first row sits under the 35 px header).
    box = pg.get_by_test_id("stDataFrame").first.bounding_box()
    pg.mouse.click(box["x"] + 140, box["y"] + 35 + 17)
    heading(pg, "Notification")
    wait_idle(pg)

    store = Store(db)
    try:
        decisions = {ref: store.latest_decision(i) for ref, i in ids.items()}
        assert {ref: (d.rag, d.overrides, d.by) for ref, d in decisions.items()} == {
            "PPN-0001": ("AMBER", True, "researcher1"),
            "SCH-0002": ("AMBER", False, "researcher1"),
            "PPN-0003": ("GREEN", False, "researcher1"),
        }
        assert store.latest_signoff(ids["PPN-0001"]) is None  # not final yet
    finally:
        store.close()
    sign_out(pg)

    # --- the supervisor: the lowered RED is at the top of the overrides; sign it off
    sign_in(pg, url, "supervisor1")
    pg.get_by_role("link", name="Overrides").click()
    heading(pg, "Overrides")
    expect(pg.get_by_text("1 lowered RED awaiting your sign-off")).to_be_visible()
    shot(pg, "supervisor-overrides")
    pg.get_by_role("textbox", name="Comment for the researcher").fill("Agreed: CIN plan in place.")
    pg.get_by_role("button", name="Sign off").click()
    expect(pg.get_by_text("Signed off: PPN-0001")).to_be_visible()
    store = Store(db)
    try:
        signoff = store.latest_signoff(ids["PPN-0001"])
        assert signoff is not None and (signoff["outcome"], signoff["by"]) == ("signed_off", "supervisor1")
    finally:
        store.close()
    pg.get_by_role("link", name="Performance").click()
    heading(pg, "Performance")
    expect(pg.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    wait_idle(pg)
    shot(pg, "supervisor-performance")
    sign_out(pg)

    # --- the trainer: quality figures only, never a name or a reference
    sign_in(pg, url, "trainer1")
    heading(pg, "Notification quality")
    wait_idle(pg)
    shot(pg, "trainer-quality")
    shown = pg.locator("body").inner_text()
    for secret in ("Kayleigh", "SMITH", "Jade", "PPN-0001", "SCH-0002", "Acacia", "dad hit"):
        assert secret not in shown, f"a trainer can read {secret!r}"
    expect(pg.get_by_role("link", name="Queue")).to_have_count(0)
    sign_out(pg)

    # --- the admin: the audit log shows who decided and who signed off, and can be downloaded
    sign_in(pg, url, "admin1")
    heading(pg, "Audit log")
    expect(pg.get_by_text("The log is intact")).to_be_visible()
    expect(pg.get_by_role("button", name=re.compile("Download these"))).to_be_visible()
    wait_idle(pg)
    shot(pg, "admin-audit")
    assert not pg.dialogs  # type: ignore[attr-defined]


def test_html_and_javascript_in_a_notification_are_shown_as_text(page, server):
    url, db, ids = server
    pg = page
    sign_in(pg, url, "researcher1")
    # Open it the way most people will: click its row in the queue's table (the second row: RED, AMBER, GREEN).
    grid = pg.get_by_test_id("stDataFrame").first
    expect(grid).to_be_visible()
    wait_idle(pg)
    box = grid.bounding_box()
    assert box is not None
    row_height = 35  # Streamlit's default row height; the header row is the same height
    pg.mouse.click(box["x"] + 18, box["y"] + row_height * 2.5)  # the row-selection box at its left
    heading(pg, "Notification")
    # The markup is visible as the characters the school typed ...
    expect(pg.get_by_text("<script>alert(1)</script>").first).to_be_visible()
    expect(pg.get_by_text("<img src=x onerror=alert(2)>").first).to_be_visible()
    expect(pg.get_by_text("Ms <b>Head</b>").first).to_be_visible()
    pg.wait_for_timeout(1000)
    # ... and none of it became an element or ran.
    assert pg.locator("img[src='x']").count() == 0
    assert not pg.evaluate("() => [...document.scripts].some(s => s.textContent.includes('alert('))")
    assert not pg.dialogs  # type: ignore[attr-defined]
    shot(pg, "inert-html")

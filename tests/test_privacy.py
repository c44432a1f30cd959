"""No data leaves the machine, and no notification text or names reach the logs."""

import logging
import socket
from datetime import datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from triage.auth import add_user
from triage.model import RatingModel
from triage.pipeline import Stages, import_records
from triage.proposal import propose
from triage.records import Notification

SAMPLES = "data/samples"
TEXTS = [
    "Attended address re verbal argument between IP Sarah JONES (DOB 12/01/1988) and partner Mark DAVIES. "
    "Children Kayleigh SMITH aged 9 and Liam SMITH 4 y/o were asleep upstairs. No weapons were used.",
    "Kayleigh told her teacher that daddy hit her with a belt last night. Bruising seen on her arm.",
    "School attendance 78% this term for Tyler WARD (Year 5). Mum engaging with early help.",
]


@pytest.fixture
def no_network(monkeypatch):
    """Refuse and record every connection that is not to this machine."""
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def guarded_connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1") or "/" in host):
            return real_connect(self, address)
        attempts.append(address)
        raise OSError(f"test: outbound connection to {address!r} blocked")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    return attempts


def analyse_and_propose(tmp_path, caplog):
    from triage.store import Store

    store = Store(tmp_path / "t.db")
    import_records(store, f"{SAMPLES}/persons.csv", f"{SAMPLES}/involvements.csv")
    notes = [
        Notification(source="police", ref=f"P{i}", received_at=datetime(2026, 11, 22, 9), text=t)
        for i, t in enumerate(TEXTS)
    ]
    with caplog.at_level(logging.DEBUG):
        analyses = list(Stages(store, model=("none", None)).analyse(notes))  # type: ignore[arg-type]
        rows = [a.row for a in analyses] * 10
        model = RatingModel(min_df=1).fit(rows, ["RED", "AMBER", "GREEN"] * 10)
        proposals = [propose(model, "test", a.row, a.facts) for a in analyses]
    store.close()
    return analyses, proposals


def test_the_pipeline_runs_with_the_network_blocked_and_tries_no_connection(tmp_path, caplog, no_network):
    analyses, proposals = analyse_and_propose(tmp_path, caplog)
    assert len(proposals) == len(TEXTS)
    assert proposals[1].rag == "RED"  # the disclosure
    assert no_network == []


def test_no_notification_text_or_names_are_logged(tmp_path, caplog):
    analyses, _ = analyse_and_propose(tmp_path, caplog)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    names = {m.text for a in analyses for m in a.parsed.mentions} | {"Kayleigh", "JONES", "DAVIES"}
    assert names
    for name in names:
        assert name not in logged
    for text in TEXTS:
        assert text[:30] not in logged


def test_the_app_signs_in_with_the_network_blocked(tmp_path, monkeypatch, no_network):
    from triage.store import Store

    db = tmp_path / "app.db"
    store = Store(db)
    add_user(store, "researcher1", "researcher", "correct horse battery")
    store.close()
    monkeypatch.setenv("TRIAGE_DB", str(db))
    at = AppTest.from_file(str(Path(__file__).parent.parent / "app.py"), default_timeout=30).run()
    at.text_input[0].input("researcher1")
    at.text_input[1].input("correct horse battery")
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["user"]["name"] == "researcher1"
    assert at.title[0].value == "Queue"
    assert no_network == []


def test_streamlit_usage_statistics_are_off_and_the_server_is_local():
    import tomllib

    config = tomllib.loads(open(".streamlit/config.toml", encoding="utf-8").read())
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["address"] in ("localhost", "127.0.0.1")

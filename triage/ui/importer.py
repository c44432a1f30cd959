"""Import a batch file (uploaded or pasted), then score it with a progress bar."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from triage.config import Settings
from triage.errors import TriageError
from triage.store import Store
from triage.ui.common import flash, guard, plural, sentence, settings, show_flash, stamp, store

log = logging.getLogger(__name__)

RESULT = "_import_result"


@st.cache_resource(show_spinner="Loading the text reader (first time only)…")
def _nlp(model_name: str, _settings: Settings) -> Any:
    """The spaCy pipeline, loaded once per server process (it takes seconds)."""
    from triage import parse

    return parse.load_pipeline(_settings)


def _safe_name(name: str) -> str:
    """Keep the file's own name (the batch is labelled by it) but never a path."""
    base = Path(name).name.strip() or f"upload-{stamp()}.csv"
    return "".join(ch if ch.isalnum() or ch in "-_. " else "_" for ch in base)[:120]


def ingest_bytes(s: Store, name: str, data: bytes, user: dict[str, Any]) -> dict[str, Any]:
    """Write to a private temporary folder, import, and remove it again."""
    from triage.pipeline import ingest_file

    with tempfile.TemporaryDirectory(prefix="triage-import-") as folder:
        path = Path(folder) / _safe_name(name)
        path.write_bytes(data)
        result = ingest_file(s, path, imported_by=user["name"])
    s.audit(
        user["name"],
        "imported batch",
        None,
        f"{path.name}: batch {result['batch_id']}, {result['imported']} imported, "
        f"{result['duplicates']} duplicates, {len(result['rejected'])} rejected",
    )
    return result


def score(s: Store, batch_id: int | None) -> int:
    """Read, match and propose for every notification not yet scored (in one batch, or all), showing progress."""
    from triage.pipeline import Stages

    bar = st.progress(0.0, text="Reading the notifications…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0, text=f"Read {done} of {total} notifications")

    try:
        n = Stages(s, settings(), nlp=_nlp(settings().spacy_model, settings())).score(batch_id, progress=progress)
    except BaseException:
        bar.empty()
        raise
    bar.progress(1.0, text=f"Done: {plural(n, 'notification')} now with a proposed rating")
    return n


def unscored_section(s: Store) -> None:
    """A batch imported while scoring was unavailable can be scored later from here."""
    waiting = sum(1 for r in s.queue() if not r.get("rag"))
    if not waiting:
        return
    st.warning(f"{plural(waiting, 'notification')} without a proposed rating yet.")
    if st.button("Score them now", key="score_unscored"):
        try:
            n = score(s, None)
        except TriageError as exc:
            st.error(sentence(f"They could not be scored: {exc.message}"))
            return
        except ImportError as exc:
            log.exception("scoring unavailable")
            st.error(f"They could not be scored: part of the tool is missing ({exc.name}). Ask your administrator.")
            return
        flash("success", f"{plural(n, 'notification')} now with a proposed rating. Open the Queue to review them.")
        st.rerun()


def _show(result: dict[str, Any]) -> None:
    a, b, c = st.columns(3)
    a.metric("Imported", result["imported"])
    b.metric("Already imported before (skipped)", result["duplicates"])
    c.metric("Could not be imported", len(result["rejected"]))
    if result.get("scored") is not None:
        st.success(
            f"{plural(result['scored'], 'notification')} now with a proposed rating. Open the Queue to review them."
        )
    if result["rejected"]:
        st.write(
            "Rows that could not be imported. Fix them in the file and import it again; "
            "rows already imported will be skipped."
        )
        st.dataframe(
            pd.DataFrame(
                [{"Line": r["line"], "Field": r.get("field") or "", "Reason": r["reason"]} for r in result["rejected"]]
            ),
            hide_index=True,
        )


def page() -> None:
    user = guard("import")
    s = store()
    st.title("Import a batch")
    show_flash()
    st.write(
        "Upload the day's notifications as a CSV or JSON Lines file, or paste them below. "
        "The same notification imported twice is only kept once."
    )
    upload = st.file_uploader("Batch file", type=["csv", "jsonl", "json"], key="import_file")
    with st.expander("Or paste the file's contents"):
        pasted = st.text_area(
            "Contents (CSV with a header row, or one JSON object per line)", height=200, key="import_paste"
        )
    if st.button("Import and score", type="primary", key="import_go"):
        if upload is not None:
            name, data = upload.name, upload.getvalue()
        elif pasted.strip():
            suffix = ".jsonl" if pasted.lstrip().startswith("{") else ".csv"
            name, data = f"pasted-{stamp()}{suffix}", pasted.encode("utf-8")
        else:
            st.error("Choose a file or paste some notifications first.")
            return
        st.session_state.pop(RESULT, None)
        stage = "imported"
        try:
            with st.spinner("Importing…"):
                result = ingest_bytes(s, name, data, user)
            result["scored"] = None
            st.session_state[RESULT] = result
            stage = "scored"
            if result["imported"]:
                result["scored"] = score(s, result["batch_id"])
        except TriageError as exc:
            prefix = "" if stage == "imported" else "The notifications were imported but could not be scored: "
            st.error(sentence(prefix + exc.message))
            log.warning("import of %s stopped while it was being %s: %s", name, stage, exc)
        except ImportError as exc:  # part of the product is not installed on this machine
            log.exception("import of %s stopped while it was being %s", name, stage)
            st.error(
                f"The file could not be {stage}: part of the tool is missing ({exc.name}). Ask your administrator."
            )
    result = st.session_state.get(RESULT)
    if result:
        _show(result)
    unscored_section(s)

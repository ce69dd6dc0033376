"""The backstop of issue #22: if the write-ahead log is deleted under the app anyway, a commit is
acknowledged only once it is in the database file, which another process then reads.

The app's locks on the file are dropped on purpose here (a descriptor of the file opened and
closed beside SQLite's, as the app's own plain-or-encrypted check used to do); then another
program (Python's standard sqlite3) opens and closes the file, which deletes the log.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.domain.clock import ManualClock
from facilitator.domain.commands.people import create_conference
from facilitator.services.database import open_database
from facilitator.services.store import EventStore, StoreError

from ..domain.helpers import START, make_details
from .other_programs import python_opens

ROOT = Path(__file__).resolve().parents[2]


def conferences_seen_by_another_process(db: Path) -> str:
    return subprocess.run([sys.executable, "-m", "facilitator.cli", "--db", str(db),
                           "conference", "list"], cwd=ROOT, capture_output=True, text=True,
                          check=True, timeout=60).stdout


def create(store: EventStore, conference_id: str) -> None:
    store.create(create_conference(make_details(id=conference_id), ManualClock(START).now()))


def test_a_log_deleted_under_the_app_is_copied_into_the_database_before_acknowledging(
        tmp_path: Path) -> None:
    db = tmp_path / "facilitator.sqlite3"
    store = EventStore(open_database(db))
    create(store, "first-conference")
    os.close(os.open(db, os.O_RDONLY))  # drops this process's locks on the file
    assert "file is not a database" in python_opens(db)
    assert not db.with_name(db.name + "-wal").exists()  # the other program deleted the log

    create(store, "second-conference")  # acknowledged: returned without an error
    create(store, "third-conference")
    seen = conferences_seen_by_another_process(db)
    store.db.close()
    assert "first-co" in seen and "second-c" in seen and "third-co" in seen


def test_a_database_file_replaced_while_open_is_refused_with_a_clear_error(
        tmp_path: Path) -> None:
    db = tmp_path / "facilitator.sqlite3"
    store = EventStore(open_database(db))
    create(store, "first-conference")
    shutil.copy(db, tmp_path / "other.sqlite3")
    os.replace(tmp_path / "other.sqlite3", db)
    with pytest.raises(StoreError, match="moved, replaced or deleted while open"):
        create(store, "second-conference")
    store.db.close()

"""Nothing acknowledged is lost when another program opens the live database (issue #22).

The real hub (`facilitator serve --headless`, tests/minutes/chair_process.py) takes notes over
the chair's API; mid-meeting another process opens the encrypted file (Python's standard
`sqlite3`, the `sqlite3` command-line tool, a backup script or tool: other_programs.py), then the
hub is killed with SIGKILL. Every note it answered 200 for must be in the file on reopening.

Before the fix such an open, on closing, checkpointed and deleted the hub's write-ahead log (the
hub had lost its lock on the file: services/log_guard.py), and the notes acknowledged after it
were lost (3 of 6 here, for each of the first three programs).
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from facilitator.services.database import open_database
from facilitator.services.store import EventStore

from ..minutes.chair_process import ChairProcess
from .other_programs import note, python_backup_api, python_opens, sqlite3_tool_opens, tar_backup

pytestmark = pytest.mark.slow


@pytest.fixture
def chair(tmp_path: Path) -> Iterator[ChairProcess]:
    process = ChairProcess(tmp_path)
    status, body = process.api("/api/start", {})
    assert status == 200, body
    yield process
    process.stop()


def notes_in(db: Path, conference_id: str) -> list[str]:
    store = EventStore(open_database(db))
    try:
        conference = store.load(conference_id)
    finally:
        store.db.close()
    return [u.text for u in conference.utterances.values()]


@pytest.mark.parametrize("other_program", [
    python_opens, sqlite3_tool_opens, python_backup_api, tar_backup,
], ids=["python-sqlite3", "sqlite3-tool", "python-backup-api", "tar"])
def test_sigkill_after_another_program_opened_the_live_file_loses_nothing_acknowledged(
        chair: ChairProcess, other_program: Callable[[Path], str]) -> None:
    before = [f"Note {n} before the other program." for n in range(3)]
    after = [f"Note {n} after the other program." for n in range(3)]
    for text in before:
        note(chair, text)

    said = other_program(chair.db)
    if other_program is not tar_backup:
        assert "file is not a database" in said  # the file still reads as noise

    for text in after:
        note(chair, text)
    chair.kill()
    assert chair.process is not None and chair.process.returncode == -signal.SIGKILL

    found = notes_in(chair.db, chair.conference_id)
    assert [t for t in before + after if t not in found] == []

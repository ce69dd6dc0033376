"""`facilitator backup DEST`: a consistent, encrypted copy of the database, taken while the hub
runs a meeting, restored and compared with the original's event log; refused input changes
nothing."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.domain import events as ev
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands.people import create_conference
from facilitator.services.database import open_database
from facilitator.services.database_key import KEY_ENV
from facilitator.services.store import EventStore

from ..domain.helpers import START, make_details
from ..minutes.chair_process import ChairProcess
from .other_programs import note

ROOT = Path(__file__).resolve().parents[2]


def backup(db: Path, dest: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "facilitator.cli", "--db", str(db), "backup",
                           str(dest)], cwd=ROOT, capture_output=True, text=True, timeout=60)


def log_of(db: Path, conference_id: str) -> list[ev.Event]:
    store = EventStore(open_database(db))
    try:
        return store.load(conference_id).log
    finally:
        store.db.close()


@pytest.fixture
def chair(tmp_path: Path) -> Iterator[ChairProcess]:
    process = ChairProcess(tmp_path / "data")
    status, body = process.api("/api/start", {})
    assert status == 200, body
    yield process
    process.stop()


@pytest.fixture
def tmp_path(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return tmp_path


@pytest.mark.slow
def test_a_backup_taken_mid_meeting_restores_to_the_same_record(
        chair: ChairProcess, tmp_path: Path) -> None:
    before = [f"Said before the backup, {n}." for n in range(3)]
    after = [f"Said after the backup, {n}." for n in range(2)]
    for text in before:
        note(chair, text)
    dest = tmp_path / "usb" / "monday.sqlite3"
    dest.parent.mkdir()
    done = backup(chair.db, dest)
    assert done.returncode == 0, done.stderr
    assert "backed up 1 conference(s)" in done.stdout and str(dest) in done.stdout
    for text in after:
        note(chair, text)
    chair.kill()  # SIGKILL: the backup's own opening of the file cost the hub nothing

    # One file, encrypted: no write-ahead log beside it, noise to SQLite without the key.
    assert sorted(p.name for p in dest.parent.iterdir()) == ["monday.sqlite3"]
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(dest).execute("SELECT count(*) FROM sqlite_master").fetchone()

    # Restored where a database goes, it opens as the record at the moment of the backup.
    restored = tmp_path / "restored" / "facilitator.sqlite3"
    restored.parent.mkdir()
    shutil.copy(dest, restored)
    copy = log_of(restored, chair.conference_id)
    original = log_of(chair.db, chair.conference_id)
    assert copy == original[:len(copy)]
    texts = [getattr(e, "text", None) for e in original[len(copy):]]
    assert [t for t in texts if t] == after
    assert all(any(getattr(e, "text", None) == t for e in copy) for t in before)


def make_database(path: Path) -> None:
    store = EventStore(open_database(path))
    store.create(create_conference(make_details(id="conf-1"), ManualClock(START).now()))
    store.db.close()


def test_a_backup_of_a_database_at_rest_restores_to_the_same_record(tmp_path: Path) -> None:
    db, dest = tmp_path / "data" / "facilitator.sqlite3", tmp_path / "copy.sqlite3"
    make_database(db)
    assert main(["--db", str(db), "backup", str(dest)]) == 0
    assert log_of(dest, "conf-1") == log_of(db, "conf-1")


@pytest.mark.parametrize(("dest", "message"), [
    ("exists.sqlite3", "already exists: nothing was written"),
    ("no-such-folder/copy.sqlite3", "does not exist: nothing was written"),
    (".", "is a folder: give the new file's name"),
])
def test_a_refused_backup_says_why_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], dest: str, message: str) -> None:
    db = tmp_path / "data" / "facilitator.sqlite3"
    make_database(db)
    (tmp_path / "exists.sqlite3").write_bytes(b"an older backup")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))

    assert main(["--db", str(db), "backup", str(tmp_path / dest)]) == 2
    assert message in capsys.readouterr().err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert (tmp_path / "exists.sqlite3").read_bytes() == b"an older backup"


def test_no_database_or_another_key_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, dest = tmp_path / "data" / "facilitator.sqlite3", tmp_path / "copy.sqlite3"
    assert main(["--db", str(db), "backup", str(dest)]) == 2
    assert "there is no database at" in capsys.readouterr().err
    assert not db.exists() and not dest.exists()  # nothing made up to back up

    make_database(db)
    monkeypatch.setenv(KEY_ENV, "ab" * 32)
    assert main(["--db", str(db), "backup", str(dest)]) == 2
    assert "encrypted with another key" in capsys.readouterr().err
    assert not dest.exists() and not dest.with_name(dest.name + ".partial").exists()

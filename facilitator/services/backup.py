"""A consistent copy of the database, safe while the app is writing to it (`facilitator backup`).

Copying the file with a file tool while the app runs can catch the database and its write-ahead
log at different moments; and SQLite tools without the key cannot read it at all. This reads
the database through SQLCipher with the user's key and copies it with SQLite's online backup
API, in one step under one read transaction (a snapshot: the app goes on writing meanwhile),
into a single encrypted file (no write-ahead log beside it), under the same key. It writes a
staging file first and gives it its name only once it is complete, checked and on disk.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3

from .database import connect, is_plain_sqlite, key_pragma
from .database_key import database_key


class BackupError(RuntimeError):
    """The backup was refused or failed; the destination was not written."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    conferences: int
    events: int


def _check_destination(source: Path, dest: Path) -> None:
    if not source.is_file():
        raise BackupError(f"there is no database at {source}: nothing to back up")
    if dest.is_dir():
        raise BackupError(f"{dest} is a folder: give the new file's name, e.g. "
                          f"{dest / 'facilitator-backup.sqlite3'}")
    if dest.exists() or dest.is_symlink():
        raise BackupError(f"{dest} already exists: nothing was written (give a new file's name)")
    if not dest.parent.is_dir():
        raise BackupError(f"the folder {dest.parent} does not exist: nothing was written")
    if is_plain_sqlite(source):
        raise BackupError(f"{source} is a database from before encryption: open it with the "
                          "app once (it is encrypted then), and back it up after")


def _fsync(path: Path, *, folder: bool = False) -> None:
    if folder and os.name == "nt":
        return  # Windows cannot open a folder to flush it; the rename is journalled by NTFS
    handle = os.open(path, os.O_RDONLY if folder else os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def backup_database(source: Path, dest: Path) -> BackupSummary:
    """Copy the database at `source` (which may be in use) to the new file `dest`."""
    _check_destination(source, dest)
    live = connect(source, create_key=False)  # DatabaseOpenError: wrong key, not a database
    staging = dest.with_name(dest.name + ".partial")
    for leftover in (staging, *(staging.with_name(staging.name + s) for s in ("-wal", "-shm",
                                                                               "-journal"))):
        leftover.unlink(missing_ok=True)
    try:
        copy = sqlcipher3.dbapi2.connect(str(staging))
        try:
            copy.execute(key_pragma(database_key(source, create=False)))
            live.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            checked = copy.execute("PRAGMA quick_check").fetchone()[0]
            if checked != "ok":
                raise BackupError(f"the copy does not check out ({checked}): nothing was written")
            conferences, events = copy.execute(
                "SELECT (SELECT count(*) FROM conferences), (SELECT count(*) FROM events)"
            ).fetchone()
        finally:
            copy.close()
        _fsync(staging)
        if dest.exists():
            raise BackupError(f"{dest} appeared while copying: nothing was written")
        os.replace(staging, dest)
        _fsync(dest.parent, folder=True)
    except (OSError, sqlcipher3.dbapi2.Error) as failed:
        raise BackupError(f"the backup to {dest} failed ({failed}): nothing was written") from None
    finally:
        live.close()
        staging.unlink(missing_ok=True)
    return BackupSummary(dest, int(conferences), int(events))

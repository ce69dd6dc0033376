"""A commit is acknowledged only once it is on disk in a file that is still linked (issue #22).

How a write-ahead log can be lost while the app runs: SQLite deletes a database's `-wal` and
`-shm` when a connection closes and can take an EXCLUSIVE lock on the database file, which it
takes to mean that no one else has the database open. Any program can do that, even one that
cannot read the file (Python's standard `sqlite3` checking that the file reads as noise: it
checkpoints the log's pages as they are, encrypted). The app's open connections hold a SHARED
lock on the file to prevent it. On Linux and macOS those are POSIX advisory locks, which belong
to the process: closing *any* descriptor of the file in the process drops all of them. SQLite
guards against that among its own connections, not against others: the app used to read the
file's first bytes with Python's `open()` each time it connected (the plain-or-encrypted check),
and lost its locks at its second connection. `database.is_plain_sqlite` now asks SQLite instead.

This guard is the backstop for whatever else might drop them: after every commit the database
file and its log at their paths must still be the files this connection opened (same device and
inode; `os.stat`, so it works on Windows too). If the log was deleted (or replaced), its frames
are checkpointed into the database file, which is still linked, before the commit is
acknowledged; if that cannot be done the commit is reported as not safely stored.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

log = logging.getLogger(__name__)

FileIdentity = tuple[int, int] | None


class UnsafeLogError(RuntimeError):
    """A commit could not be made safe on disk: it must not be acknowledged."""


def _identity(path: Path) -> FileIdentity:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return (found.st_dev, found.st_ino)


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


class LogGuard:
    """The database file and write-ahead log one connection opened, checked after commits."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.wal = wal_path(path)
        self.database_file = _identity(path)
        self.log_file = _identity(self.wal)
        self.detached = False

    def linked(self) -> bool:
        return (_identity(self.path), _identity(self.wal)) == (self.database_file, self.log_file)

    def after_commit(self, connection: Any) -> None:
        """Return once what was committed is in a linked file; else raise UnsafeLogError."""
        if self.linked():
            return
        if _identity(self.path) != self.database_file:
            raise UnsafeLogError(
                f"{self.path} was moved, replaced or deleted while open: the last change may be "
                "lost; close the app and check the database before going on")
        if not self.detached:
            self.detached = True
            log.error("the write-ahead log of %s was deleted by another program: every change "
                      "is now copied into the database file before it is acknowledged (slower "
                      "until the app is restarted)", self.path)
        busy, frames, copied = connection.execute("PRAGMA wal_checkpoint(FULL)").fetchone()
        if busy or copied < frames:
            raise UnsafeLogError(
                f"{self.path}: its write-ahead log was deleted by another program and the last "
                "change could not be copied into the database file; restart the app")


class GuardedDatabase(sqlite_utils.Database):
    """sqlite-utils' Database whose outermost `atomic()` returns only once the commit is safe."""

    guard: LogGuard | None = None

    def guard_log(self, path: Path) -> None:
        """Check every commit from now on against the files at `path` (a WAL database)."""
        self.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the log is open now
        if wal_path(path).exists():
            self.guard = LogGuard(path)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[sqlite_utils.Database]:
        outermost = not self.conn.in_transaction
        with super().atomic():
            yield self
        if outermost and self.guard is not None:
            self.guard.after_commit(self.conn)

"""The one place that opens the SQLite database, encrypted at rest with SQLCipher (AES-256).

The file on disk (and its write-ahead log) reads as noise without its key; where the key is kept:
`database_key.py`. A database from before encryption (plain SQLite) is encrypted in place the
first time it is opened: copied into a new encrypted file, which then replaces it in one rename,
so a crash part-way leaves the plain file as it was, to be encrypted at the next start.

sqlite-utils talks to SQLCipher as it does to pysqlite3 (its supported stand-in for the standard
library's sqlite3): `use_sqlcipher` points sqlite-utils' module at SQLCipher's, so the errors it
catches are the ones SQLCipher raises. A test checks the pair still fits.

The file is never opened here with anything but SQLite while the app may have it open: closing
another descriptor of it would drop the process's locks on it, and then any program opening
the file could delete the write-ahead log under the app (`log_guard.py` tells the story).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import platformdirs
import sqlcipher3
import sqlite_utils
import sqlite_utils.db
import sqlite_utils.utils
from sqlite_utils import Migrations

from .database_key import DatabaseKeyError, database_key
from .log_guard import GuardedDatabase

PLAIN_HEADER = b"SQLite format 3\x00"
DatabaseError = sqlcipher3.dbapi2.DatabaseError
IntegrityError = sqlcipher3.dbapi2.IntegrityError


class DatabaseOpenError(RuntimeError):
    """The database cannot be opened (wrong key, not a database): nothing was changed."""


def use_sqlcipher() -> None:
    """sqlite-utils uses SQLCipher's DB-API module (errors, in-memory databases) from now on."""
    sqlite_utils.db.sqlite3 = sqlcipher3.dbapi2  # type: ignore[attr-defined]
    sqlite_utils.utils.sqlite3 = sqlcipher3.dbapi2  # type: ignore[attr-defined]
    sqlite_utils.utils.dbapi2 = sqlcipher3.dbapi2  # type: ignore[attr-defined]
    sqlite_utils.utils.OperationalError = sqlcipher3.dbapi2.OperationalError  # type: ignore[assignment]


use_sqlcipher()

APP_NAME = "ConferenceFacilitator"
DB_ENV = "FACILITATOR_DB"

migrations = Migrations("facilitator")


@migrations()
def m001_events(db: sqlite_utils.Database) -> None:
    db["conferences"].create(  # type: ignore[union-attr]
        {"id": str, "title": str, "kind": str, "nation": str, "scheduled_start": str,
         "created_at": str, "event_count": int},
        pk="id",
    )
    db["events"].create(  # type: ignore[union-attr]
        {"seq": int, "conference_id": str, "number": int, "type": str, "at": str,
         "actor": str, "payload": str},
        pk="seq",
        foreign_keys=[("conference_id", "conferences", "id")],
    )
    db["events"].create_index(["conference_id", "number"], unique=True)  # type: ignore[union-attr]


@migrations()
def m002_join_credentials(db: sqlite_utils.Database) -> None:
    """Per-person join links, phone codes and PINs; kept out of the event log (they are secrets)."""
    db["credentials"].create(  # type: ignore[union-attr]
        {"token": str, "conference_id": str, "attendee_id": str, "role": str, "code": str,
         "pin": str, "created_at": str, "expires_at": str, "revoked_at": str},
        pk="token",
        foreign_keys=[("conference_id", "conferences", "id")],
    )
    db["credentials"].create_index(["conference_id", "attendee_id", "role"])  # type: ignore[union-attr]
    db["credentials"].create_index(["code", "pin"])  # type: ignore[union-attr]


@migrations()
def m003_hosted_slugs(db: sqlite_utils.Database) -> None:
    """Each conference's unguessable path on a hub server (`/c/<slug>/...`): a secret like
    the links, kept in the (encrypted) database so a backup keeps every link working."""
    db["hosted_slugs"].create(  # type: ignore[union-attr]
        {"conference_id": str, "slug": str, "created_at": str},
        pk="conference_id",
        foreign_keys=[("conference_id", "conferences", "id")],
    )


@migrations()
def m004_applied_calls(db: sqlite_utils.Database) -> None:
    """The chair's window's calls a hub applied, by the call's id, with the numbers of the
    events they stored: written in the same transaction as those events, so a call sent again
    after the hub restarted is answered from here and never applied twice."""
    db["applied_calls"].create(  # type: ignore[union-attr]
        {"conference_id": str, "call_id": str, "numbers": str},
        pk=("conference_id", "call_id"),
        foreign_keys=[("conference_id", "conferences", "id")],
    )


def default_path() -> Path:
    """The per-user database: FACILITATOR_DB if set, else the platform's data directory."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "facilitator.sqlite3"


def key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def is_plain_sqlite(path: Path) -> bool:
    """A database file written without encryption (SQLite reads it without a key).

    Asked of SQLite, read-only, never with Python's open(): SQLite's own connections share
    their locks, a descriptor opened and closed beside them would drop them (module note).
    """
    try:
        if path.stat().st_size < len(PLAIN_HEADER):
            return False
        probe = sqlcipher3.dbapi2.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    except (OSError, DatabaseError):
        return False
    try:
        probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except DatabaseError:
        return False
    finally:
        probe.close()


def _encrypt_in_place(path: Path, key: bytes) -> None:
    """Copy a plain database into an encrypted one that replaces it in one rename."""
    staging = path.with_name(path.name + ".encrypting")
    for leftover in (staging, *_sidecars(staging)):
        leftover.unlink(missing_ok=True)
    plain = sqlcipher3.dbapi2.connect(str(path), isolation_level=None)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        quoted = str(staging).replace("'", "''")
        plain.execute(f"ATTACH DATABASE '{quoted}' AS encrypted KEY \"x'{key.hex()}'\"")
        plain.execute("SELECT sqlcipher_export('encrypted')")
        version = plain.execute("PRAGMA user_version").fetchone()[0]
        plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        plain.execute("DETACH DATABASE encrypted")
        plain.execute("PRAGMA journal_mode=DELETE")  # the plain file's WAL goes with it
    finally:
        plain.close()
    with staging.open("rb+") as written:
        os.fsync(written.fileno())
    os.replace(staging, path)
    for sidecar in _sidecars(path):
        sidecar.unlink(missing_ok=True)


def connect(path: Path, *, check_same_thread: bool = True, create_key: bool = True) -> Any:
    """An open SQLCipher connection to the database file at `path`, keyed and checked.

    A plain SQLite file is encrypted first. Raises DatabaseOpenError (nothing changed) if the
    file cannot be read with this computer's key.
    """
    exists = path.exists()
    plain = exists and is_plain_sqlite(path)
    try:
        key = database_key(path, create=create_key and (plain or not exists))
    except DatabaseKeyError as missing:
        raise DatabaseOpenError(str(missing)) from None
    if plain:
        _encrypt_in_place(path, key)
    connection = sqlcipher3.dbapi2.connect(str(path), check_same_thread=check_same_thread)
    connection.execute(key_pragma(key))
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError:
        connection.close()
        raise DatabaseOpenError(
            f"{path} cannot be opened: it is not a database, or it was encrypted with another "
            "key (another computer or user); nothing was changed") from None
    return connection


def open_database(path: Path | None = None, *, memory: bool = False) -> sqlite_utils.Database:
    """Open (creating if need be) and migrate the database; WAL and full fsync on commit.

    On disk it is encrypted (see the module's note); `memory` databases never touch the disk.
    A commit (`db.atomic()`) returns once it is in a file that is still linked (log_guard.py).
    """
    target = None if memory else path or default_path()
    if target is None:
        db = GuardedDatabase(memory=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        db = GuardedDatabase(connect(target))
        db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=5000")
    migrations.apply(db)
    if target is not None:
        db.guard_log(target)
    return db

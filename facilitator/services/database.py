"""The one place that opens the SQLite database (so encryption at rest can be added here)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
import sqlite_utils
from sqlite_utils import Migrations

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


def default_path() -> Path:
    """The per-user database: FACILITATOR_DB if set, else the platform's data directory."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "facilitator.sqlite3"


def open_database(path: Path | None = None, *, memory: bool = False) -> sqlite_utils.Database:
    """Open (creating if need be) and migrate the database; WAL and full fsync on commit."""
    if memory:
        db = sqlite_utils.Database(memory=True)
    else:
        target = path or default_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(target)
        db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=5000")
    migrations.apply(db)
    return db

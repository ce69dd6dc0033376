"""The database is encrypted at rest: a copy of the file reads as noise, an old plain file is
encrypted in place without losing anything, and the key lives in the keyring (or a key file
outside the data folder), never beside the data."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import keyring
import pytest
import sqlite_utils
from keyring.backend import KeyringBackend

from facilitator.cli import demo_data
from facilitator.services.conference_file import LOCAL_ZONE, build_conference
from facilitator.services.database import (
    DatabaseOpenError,
    is_plain_sqlite,
    migrations,
    open_database,
)
from facilitator.services.database_key import (
    KEY_ENV,
    KEYRING_SERVICE,
    KEYRING_USER,
    DatabaseKeyError,
    database_key,
    key_file_path,
)
from facilitator.services.minutes_client import Outbox
from facilitator.services.store import EventStore

START = datetime(2026, 12, 24, 10, 0, tzinfo=LOCAL_ZONE)
NAMES = (b"Thornbury", b"Ashcombe", b"Okonedo")


def store_demo(path: Path) -> str:
    store = EventStore(open_database(path))
    conference = store.create(build_conference(demo_data(START), START - timedelta(days=3)))
    store.db.close()
    return conference.id


def readable(path: Path) -> list[bytes]:
    """Names that can be read in the file or its write-ahead log, as a copy of them would show."""
    found = []
    for part in (path, path.with_name(path.name + "-wal")):
        if part.exists():
            data = part.read_bytes()
            found += [name for name in NAMES if name in data]
    return found


def test_the_file_and_its_log_hold_no_readable_names(tmp_path: Path) -> None:
    path = tmp_path / "facilitator.sqlite3"
    conference_id = store_demo(path)
    assert not is_plain_sqlite(path)
    assert readable(path) == []
    with pytest.raises(sqlite3.DatabaseError):  # what any other SQLite tool sees
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    again = EventStore(open_database(path)).load(conference_id)
    assert any(a.name == "Jade Thornbury" for a in again.attendees.values())


def test_another_key_is_refused_with_a_clear_error_and_the_file_is_untouched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "facilitator.sqlite3"
    store_demo(path)
    before = path.read_bytes()
    monkeypatch.setenv(KEY_ENV, "ab" * 32)
    with pytest.raises(DatabaseOpenError, match="encrypted with another key"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_plain_database_from_before_is_encrypted_in_place_and_keeps_everything(
        tmp_path: Path) -> None:
    path = tmp_path / "facilitator.sqlite3"
    plain = sqlite_utils.Database(sqlite3.connect(path))  # as version 0.1 wrote it
    plain.execute("PRAGMA journal_mode=WAL")
    migrations.apply(plain)
    store = EventStore(plain)
    conference = store.create(build_conference(demo_data(START), START - timedelta(days=3)))
    plain.conn.close()
    assert is_plain_sqlite(path) and readable(path)
    (tmp_path / "facilitator.sqlite3.encrypting").write_bytes(b"left by a crash")

    loaded = EventStore(open_database(path)).load(conference.id)
    assert len(loaded.log) == len(conference.log)
    assert not is_plain_sqlite(path) and readable(path) == []
    assert not (tmp_path / "facilitator.sqlite3.encrypting").exists()


def test_the_minute_takers_offline_edits_are_encrypted_too(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    outbox = Outbox(path)
    outbox.add("edit_line", {"text": "Jade Thornbury said the children are settled"})
    assert readable(path) == []
    assert Outbox(path).first() is not None


# ---- where the key is kept ------------------------------------------------------------------
class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture
def no_env_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    memory = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


@pytest.mark.usefixtures("no_env_key")
def test_a_new_key_goes_to_the_keyring_and_nowhere_else(tmp_path: Path,
                                                         memory_keyring: MemoryKeyring) -> None:
    db = tmp_path / "data" / "facilitator.sqlite3"
    key = database_key(db, create=True, config_dir=tmp_path / "config")
    assert memory_keyring.entries == {(KEYRING_SERVICE, KEYRING_USER): key.hex()}
    assert not key_file_path(tmp_path / "config").exists()
    assert database_key(db, create=False, config_dir=tmp_path / "config") == key


@pytest.mark.usefixtures("no_env_key", "memory_keyring")
def test_the_user_can_move_their_database_and_still_open_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    first = tmp_path / "first" / "facilitator.sqlite3"
    conference_id = store_demo(first)
    moved = tmp_path / "moved" / "conferences.sqlite3"
    moved.parent.mkdir()
    first.rename(moved)
    assert EventStore(open_database(moved)).load(conference_id).attendees


@pytest.mark.usefixtures("no_env_key")
def test_without_a_keyring_the_key_is_a_private_file_outside_the_data_folder(
        tmp_path: Path) -> None:
    db = tmp_path / "data" / "facilitator.sqlite3"
    config = tmp_path / "config"
    key = database_key(db, create=True, use_keyring=False, config_dir=config)
    key_file = key_file_path(config)
    assert key_file.read_text(encoding="ascii") == key.hex()
    assert not key_file.is_relative_to(db.parent)
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert database_key(db, create=False, use_keyring=False, config_dir=config) == key
    elsewhere = database_key(tmp_path / "other" / "x.sqlite3", create=True, use_keyring=False,
                             config_dir=config)
    assert elsewhere == key, "one key for the user's databases: a moved database still opens"


@pytest.mark.usefixtures("no_env_key")
def test_an_encrypted_database_without_its_key_says_where_a_key_can_come_from(
        tmp_path: Path) -> None:
    with pytest.raises(DatabaseKeyError, match=f"set {KEY_ENV}"):
        database_key(tmp_path / "copied.sqlite3", create=False, use_keyring=False,
                     config_dir=tmp_path / "config")


@pytest.mark.parametrize("value", ["not hex", "abcd", "zz" * 32])
def test_a_malformed_configured_key_is_refused(value: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, value)
    with pytest.raises(DatabaseKeyError, match="64 hexadecimal digits"):
        database_key(tmp_path / "facilitator.sqlite3", create=True)


def test_sqlite_utils_catches_the_errors_sqlcipher_raises(tmp_path: Path) -> None:
    """sqlite-utils recovers from some errors itself (dropping a table that is not there);
    it must recognise SQLCipher's, not only the standard library's."""
    db = open_database(tmp_path / "facilitator.sqlite3")
    db["never_made"].drop(ignore=True)  # type: ignore[union-attr]
    assert db.supports_strict in (True, False)

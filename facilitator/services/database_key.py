"""The key that encrypts the database at rest (SQLCipher, AES-256): where it is kept.

In order:
1. `FACILITATOR_DB_KEY` (64 hexadecimal digits): a key the council manages itself (a room
   computer's service account, the automated tests).
2. The operating system's keyring, one key for the user's databases: Windows Credential Manager
   (protected by the user's Windows login), the macOS Keychain, or the Secret Service of a Linux
   desktop. A copy of the database file alone (a backup, a stolen laptop's disk read elsewhere, a
   file sent by mistake) then reads as noise, while the user may still move or copy their own
   database (another folder, `FACILITATOR_DB`) and open it.
3. Where no keyring works (a Linux machine without a desktop session), a key file readable only
   by the user, in the user's configuration directory, not beside the database: a copy of the
   data folder still does not carry its key. This is weaker than a keyring; say so to the
   council's security officer (README, "Where your data lives").

The first database gets a new random key. A key is never printed or logged.
"""

from __future__ import annotations

import logging
import os
import secrets
import sys
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

KEY_ENV = "FACILITATOR_DB_KEY"
KEYRING_SERVICE = "conference-facilitator-database"
KEYRING_USER = "database key"
APP_NAME = "ConferenceFacilitator"
KEY_BYTES = 32


class DatabaseKeyError(RuntimeError):
    """No key can be found or kept for this database: one line for the chair."""


def _key_from_hex(text: str, where: str) -> bytes:
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        raise DatabaseKeyError(f"{where} is not a key: 64 hexadecimal digits expected") from None
    if len(key) != KEY_BYTES:
        raise DatabaseKeyError(f"{where} is not a key: 64 hexadecimal digits expected")
    return key


def key_file_path(config_dir: Path | None = None) -> Path:
    """Where the key is kept when no keyring works: the user's configuration directory."""
    folder = config_dir or Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    return folder / "database.key"


def _from_keyring(create: bool) -> bytes | None:
    """The key kept in the OS keyring; None when no keyring works here."""
    try:
        import keyring
        from keyring.errors import KeyringError

        stored = keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
        if stored:
            return _key_from_hex(stored, "the keyring's database key")
        if not create:
            return None
        key = secrets.token_bytes(KEY_BYTES)
        keyring.set_password(KEYRING_SERVICE, KEYRING_USER, key.hex())
        if keyring.get_password(KEYRING_SERVICE, KEYRING_USER) != key.hex():
            return None  # a keyring that forgets (a null backend): use the key file
        return key
    except (KeyringError, RuntimeError, OSError) as unusable:
        if isinstance(unusable, DatabaseKeyError):
            raise
        log.info("no usable keyring (%s): the database key is kept in a file", type(unusable))
        return None


def _from_file(key_file: Path, create: bool) -> bytes | None:
    if key_file.is_file():
        return _key_from_hex(key_file.read_text(encoding="ascii"), f"the key file {key_file}")
    if not create:
        return None
    key_file.parent.mkdir(parents=True, exist_ok=True)
    if sys.platform != "win32":
        os.chmod(key_file.parent, 0o700)
    key = secrets.token_bytes(KEY_BYTES)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    handle = os.open(key_file, flags, 0o600)  # never an existing file: that would be a key lost
    with os.fdopen(handle, "w", encoding="ascii") as out:
        out.write(key.hex())
        out.flush()
        os.fsync(out.fileno())
    return key


def database_key(path: Path, *, create: bool, use_keyring: bool = True,
                 config_dir: Path | None = None) -> bytes:
    """The key for the database at `path` (the user's); with `create`, a new one is made and
    kept if there is none yet. Raises DatabaseKeyError if there is none (and `create` is false)
    or it cannot be kept.
    """
    configured = os.environ.get(KEY_ENV, "").strip()
    if configured:
        return _key_from_hex(configured, KEY_ENV)
    key_file = key_file_path(config_dir)
    if key_file.is_file():  # made here before: never shadowed by a new keyring entry
        found = _from_file(key_file, create=False)
        assert found is not None
        return found
    if use_keyring:
        found = _from_keyring(create)
        if found is not None:
            return found
    try:
        found = _from_file(key_file, create)
    except OSError as failed:
        raise DatabaseKeyError(f"cannot keep the database key in {key_file}: {failed}") from None
    if found is None:
        raise DatabaseKeyError(
            f"no key for the database {path}: it was made on another computer or by another "
            f"user (set {KEY_ENV}, or restore the key to the keyring or to {key_file})")
    return found

"""The child's own contributions (letters, drawings, recordings), kept with the conference in
the app's data directory, each file named by the sha256 of its bytes.

The event log refers to a file by its hash and never holds its bytes. A file is checked (not
empty, not too large, a plain name) before anything is copied; the copy is written beside its
final place and renamed, so a half-written file is never seen. Storing the same bytes twice
keeps one copy. Like the database, the files are encrypted at rest (AES-256-GCM with the
database's key, `database_key.py`): a copy of the folder shows no drawing or letter. Files
stored before encryption stay readable (their hash is still checked). Storing a file and
recording it is the meeting's use case (`MeetingApi.attach_child_file`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..domain.errors import DomainError
from ..domain.preparation import check_file

CHUNK = 1024 * 1024
FOLDER = "attachments"
MAGIC = b"CFA1"  # an encrypted file: MAGIC, a 12-byte nonce, then AES-GCM (sha256 as data)
NONCE_BYTES = 12


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    filename: str
    new: bool  # False: the same bytes were already stored


def _database_file(db: sqlite_utils.Database) -> Path | None:
    for row in db.execute("PRAGMA database_list").fetchall():
        if row[1] == "main" and row[2]:
            return Path(row[2])
    return None


def attachments_dir(db: sqlite_utils.Database) -> Path | None:
    """The folder beside the database file (None for a database in memory)."""
    path = _database_file(db)
    return path.parent / FOLDER if path is not None else None


def attachment_store(db: sqlite_utils.Database) -> AttachmentStore | None:
    """The store beside this database, encrypted with its key (None for one in memory)."""
    from .database_key import database_key

    path = _database_file(db)
    if path is None:
        return None
    return AttachmentStore(path.parent / FOLDER, database_key(path, create=False))


class AttachmentStore:
    def __init__(self, root: Path, key: bytes | None = None) -> None:
        self.root = root
        self._cipher = AESGCM(key) if key is not None else None

    def path_of(self, sha256: str) -> Path:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise DomainError("a stored file is named by its sha256 (64 hexadecimal digits)")
        return self.root / sha256[:2] / sha256

    def put(self, source: Path, max_bytes: int) -> StoredFile:
        """Copy a file in; DomainError (and nothing stored) when it is empty or too large."""
        try:
            size = source.stat().st_size
        except OSError as bad:
            raise DomainError(f"cannot read {source.name}: {bad.strerror}") from None
        if not source.is_file():
            raise DomainError(f"{source.name} is not a file")
        check_file(source.name, size, max_bytes)
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        pieces: list[bytes] = []
        copied = 0
        with source.open("rb") as file:
            while chunk := file.read(CHUNK):
                copied += len(chunk)
                if copied > max_bytes:  # it grew while being read
                    check_file(source.name, copied, max_bytes)
                digest.update(chunk)
                pieces.append(chunk)
        check_file(source.name, copied, max_bytes)
        sha256 = digest.hexdigest()
        final = self.path_of(sha256)
        if final.exists():
            return StoredFile(sha256, copied, source.name, new=False)
        data = b"".join(pieces)
        if self._cipher is not None:
            nonce = os.urandom(NONCE_BYTES)
            data = MAGIC + nonce + self._cipher.encrypt(nonce, data, sha256.encode())
        handle, temporary = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            final.parent.mkdir(exist_ok=True)
            os.chmod(temporary, 0o600)
            os.replace(temporary, final)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        return StoredFile(sha256, copied, source.name, new=True)

    def read(self, sha256: str) -> bytes:
        data = self.path_of(sha256).read_bytes()
        if data.startswith(MAGIC):
            if self._cipher is None:
                raise DomainError("the stored file is encrypted and this store has no key")
            nonce = data[len(MAGIC):len(MAGIC) + NONCE_BYTES]
            try:
                data = self._cipher.decrypt(nonce, data[len(MAGIC) + NONCE_BYTES:],
                                            sha256.encode())
            except InvalidTag:
                raise DomainError(f"the stored file {sha256[:12]}… has been changed on disk, "
                                  "or was encrypted with another key") from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise DomainError(f"the stored file {sha256[:12]}… has been changed on disk")
        return data

    def discard(self, sha256: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_of(sha256).unlink()


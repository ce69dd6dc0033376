"""The child's own contributions (letters, drawings, recordings), kept with the conference in
the app's data directory, each file named by the sha256 of its bytes.

The event log refers to a file by its hash and never holds its bytes. A file is checked (not
empty, not too large, a plain name) before anything is copied; the copy is written beside its
final place and renamed, so a half-written file is never seen. Storing the same bytes twice
keeps one copy.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from ..app import ConferenceSession
from ..domain import events as ev
from ..domain.commands.preparation import attach_contribution, check_file
from ..domain.errors import DomainError
from ..domain.preparation import ContributionKind, PreparationSettings

CHUNK = 1024 * 1024
FOLDER = "attachments"


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    filename: str
    new: bool  # False: the same bytes were already stored


def attachments_dir(db: sqlite_utils.Database) -> Path | None:
    """The folder beside the database file (None for a database in memory)."""
    for row in db.execute("PRAGMA database_list").fetchall():
        if row[1] == "main" and row[2]:
            return Path(row[2]).parent / FOLDER
    return None


class AttachmentStore:
    def __init__(self, root: Path) -> None:
        self.root = root

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
        handle, temporary = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        copied = 0
        try:
            with os.fdopen(handle, "wb") as out, source.open("rb") as file:
                while chunk := file.read(CHUNK):
                    copied += len(chunk)
                    if copied > max_bytes:  # it grew while being copied
                        check_file(source.name, copied, max_bytes)
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            check_file(source.name, copied, max_bytes)
            final = self.path_of(digest.hexdigest())
            if final.exists():
                os.unlink(temporary)
                return StoredFile(digest.hexdigest(), copied, source.name, new=False)
            final.parent.mkdir(exist_ok=True)
            os.chmod(temporary, 0o600)
            os.replace(temporary, final)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        return StoredFile(digest.hexdigest(), copied, source.name, new=True)

    def read(self, sha256: str) -> bytes:
        data = self.path_of(sha256).read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise DomainError(f"the stored file {sha256[:12]}… has been changed on disk")
        return data

    def discard(self, sha256: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_of(sha256).unlink()


def attach_file(session: ConferenceSession, store: AttachmentStore, child_id: str,
                source: Path, kind: ContributionKind, description: str = "",
                settings: PreparationSettings | None = None) -> list[ev.Event]:
    """Store the file, then record it; a refused command leaves no new file behind."""
    limit = (settings or PreparationSettings()).max_attachment_bytes
    session.conference.child(child_id)  # refuse an unknown child before copying anything
    stored = store.put(source, limit)
    try:
        return session.execute(attach_contribution, child_id, kind, stored.sha256, stored.size,
                               stored.filename, description=description, max_bytes=limit)
    except BaseException:
        if stored.new:
            store.discard(stored.sha256)
        raise

"""The child's own contributions: files copied into the app's data directory, named by their
sha256, referenced (never contained) by the events."""

from __future__ import annotations

import asyncio
import hashlib
import stat
from pathlib import Path

import pytest

from facilitator.app import ConferenceSession
from facilitator.cli import main
from facilitator.domain import events as ev
from facilitator.domain.commands import preparation as pr
from facilitator.domain.errors import DomainError
from facilitator.domain.preparation import ContributionKind, PreparationSettings
from facilitator.meeting.api import MeetingApi
from facilitator.services.attachments import AttachmentStore, attachment_store, attachments_dir
from facilitator.services.store import EventStore, StoreError

DRAWING = b"\x89PNG\r\n\x1a\n" + b"Biscuit the dog, drawn by Maisie" * 40


def attach_file(session: ConferenceSession, store: AttachmentStore, child_id: str,
                source: Path, kind: ContributionKind, description: str = "",
                settings: PreparationSettings | None = None) -> list[ev.Event]:
    """The meeting's use case, as the command line runs it (no media loop owns the session)."""
    meeting = MeetingApi(session)
    try:
        return asyncio.run(meeting.attach_child_file(
            store, child_id, source, kind, description,
            (settings or PreparationSettings()).max_attachment_bytes))
    finally:
        meeting.close()


def files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def drawing(tmp_path: Path) -> Path:
    path = tmp_path / "biscuit.png"
    path.write_bytes(DRAWING)
    return path


def test_the_data_directory_is_beside_the_database(store: EventStore, db_path: Path) -> None:
    assert attachments_dir(store.db) == db_path.parent / "attachments"


def test_a_file_is_stored_by_its_hash_once(tmp_path: Path, drawing: Path) -> None:
    store = AttachmentStore(tmp_path / "attachments")
    first = store.put(drawing, 10_000)
    digest = hashlib.sha256(DRAWING).hexdigest()
    assert (first.sha256, first.size, first.filename, first.new) == (
        digest, len(DRAWING), "biscuit.png", True)
    path = tmp_path / "attachments" / digest[:2] / digest
    assert path.read_bytes() == DRAWING
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    copy = tmp_path / "copy.png"
    copy.write_bytes(DRAWING)
    assert store.put(copy, 10_000).new is False
    assert files(tmp_path / "attachments") == [path]
    assert store.read(digest) == DRAWING


@pytest.mark.parametrize(("content", "limit", "message"), [
    (b"", 100, "biscuit.png is empty: nothing to attach"),
    (b"x" * 2_000_000, 1_048_576, "biscuit.png is too large (1.9 MB; at most 1.0 MB)"),
])
def test_an_empty_or_oversized_file_is_refused_before_anything_is_copied(
        tmp_path: Path, content: bytes, limit: int, message: str) -> None:
    source = tmp_path / "biscuit.png"
    source.write_bytes(content)
    store = AttachmentStore(tmp_path / "attachments")
    with pytest.raises(DomainError) as refused:
        store.put(source, limit)
    assert str(refused.value) == message
    assert files(tmp_path / "attachments") == []


def test_the_event_refers_to_the_file_and_never_holds_it(
        session: ConferenceSession, store: EventStore, db_path: Path, drawing: Path) -> None:
    folder = attachments_dir(store.db)
    assert folder is not None
    events = attach_file(session, AttachmentStore(folder), "maisie", drawing,
                         ContributionKind.DRAWING, "Biscuit the dog")
    attached = events[0]
    assert isinstance(attached, ev.ContributionAttached)
    digest = hashlib.sha256(DRAWING).hexdigest()
    assert attached.contribution.sha256 == digest
    rows = store.db.execute("SELECT type, payload FROM events WHERE type = ?",
                            ["ContributionAttached"]).fetchall()
    assert len(rows) == 1
    assert digest in rows[0][1] and "Biscuit the dog, drawn" not in rows[0][1]
    assert len(rows[0][1]) < 1000
    reopened = EventStore(open_again(db_path)).load(session.conference.id)
    item = next(iter(reopened.preparation.contributions.values()))
    assert AttachmentStore(folder).read(item.sha256) == DRAWING
    # the same drawing again for the same child is refused, and the stored copy stays
    with pytest.raises(DomainError, match=r"biscuit\.png is already attached for Maisie"):
        attach_file(session, AttachmentStore(folder), "maisie", drawing,
                    ContributionKind.DRAWING)
    assert files(folder) == [folder / digest[:2] / digest]


def open_again(db_path: Path):  # type: ignore[no-untyped-def]
    from facilitator.services.database import open_database

    return open_database(db_path)


def test_a_refused_record_leaves_no_new_file(session: ConferenceSession, store: EventStore,
                                             db_path: Path, drawing: Path) -> None:
    """Someone else changed the conference meanwhile: nothing recorded, no file left."""
    other = ConferenceSession(EventStore(open_again(db_path)), store.load(session.conference.id),
                              session.clock)
    other.execute(pr.offer_advocate, "maisie", session.now().date(), True)
    folder = attachments_dir(store.db)
    assert folder is not None
    with pytest.raises(StoreError, match="changed elsewhere"):
        attach_file(session, AttachmentStore(folder), "maisie", drawing,
                    ContributionKind.DRAWING)
    assert files(folder) == []


def test_the_limit_is_the_councils_setting(session: ConferenceSession, store: EventStore,
                                           drawing: Path) -> None:
    folder = attachments_dir(store.db)
    assert folder is not None
    small = PreparationSettings(max_attachment_bytes=100)
    with pytest.raises(DomainError, match=r"biscuit\.png is too large"):
        attach_file(session, AttachmentStore(folder), "maisie", drawing,
                    ContributionKind.DRAWING, settings=small)
    assert files(folder) == []
    assert not session.conference.preparation.contributions


def test_the_command_line_stores_a_childs_letter(session: ConferenceSession, db_path: Path,
                                                 tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    letter = tmp_path / "dear-chair.txt"
    letter.write_text("I want to stay with my mum and Biscuit.\n")
    assert main(["--db", str(db_path), "attach", session.conference.id[:8], str(letter),
                 "--child", "Maisie Thornbury", "--kind", "letter"], clock=session.clock) == 0
    assert "stored dear-chair.txt for Maisie Thornbury" in capsys.readouterr().out
    reopened = EventStore(open_again(db_path)).load(session.conference.id)
    item = next(iter(reopened.preparation.contributions.values()))
    assert (item.child_id, item.kind, item.filename) == ("maisie", ContributionKind.LETTER,
                                                         "dear-chair.txt")
    stored = db_path.parent / "attachments" / item.sha256[:2] / item.sha256
    assert b"Biscuit" not in stored.read_bytes(), "the child's letter is readable on disk"
    files = attachment_store(open_again(db_path))
    assert files is not None
    assert files.read(item.sha256) == b"I want to stay with my mum and Biscuit.\n"


def test_with_the_databases_key_the_files_are_encrypted_and_checked(tmp_path: Path,
                                                                     drawing: Path) -> None:
    store = AttachmentStore(tmp_path / "attachments", bytes(range(32)))
    stored = store.put(drawing, 10_000)
    path = store.path_of(stored.sha256)
    assert b"Biscuit" not in path.read_bytes()
    assert store.read(stored.sha256) == DRAWING
    assert AttachmentStore(tmp_path / "attachments", bytes(32)).path_of(stored.sha256) == path
    with pytest.raises(DomainError, match="encrypted with another key"):
        AttachmentStore(tmp_path / "attachments", bytes(32)).read(stored.sha256)
    tampered = bytearray(path.read_bytes())
    tampered[-1] ^= 0x01
    path.write_bytes(bytes(tampered))
    with pytest.raises(DomainError, match="changed on disk"):
        store.read(stored.sha256)


def test_a_file_stored_before_encryption_is_still_read(tmp_path: Path, drawing: Path) -> None:
    stored = AttachmentStore(tmp_path / "attachments").put(drawing, 10_000)
    assert AttachmentStore(tmp_path / "attachments", bytes(range(32))).read(
        stored.sha256) == DRAWING


def test_a_childs_letter_after_the_conference_is_kept_for_the_review(
        session: ConferenceSession, db_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Today's fixture conference was on Thursday 3 December; Maisie's letter arrives on the
    Friday. It is stored and labelled for the review conference, never refused."""
    from datetime import datetime

    from facilitator.domain.clock import FixedClock
    from facilitator.record.audience import Audience
    from facilitator.record.document import Table
    from facilitator.record.preparation_blocks import child_preparation_blocks
    from facilitator.services.conference_file import LOCAL_ZONE

    letter = tmp_path / "after.txt"
    letter.write_text("I forgot to say I miss my nan.\n")
    friday = FixedClock(datetime(2026, 12, 4, 9, 15, tzinfo=LOCAL_ZONE))
    assert main(["--db", str(db_path), "attach", session.conference.id[:8], str(letter),
                 "--child", "Maisie Thornbury", "--kind", "letter"], clock=friday) == 0
    reopened = EventStore(open_again(db_path)).load(session.conference.id)
    (item,) = reopened.preparation.contributions.values()
    assert item.for_review and str(item.received_on) == "2026-12-04"
    tables = child_preparation_blocks(reopened, Audience.professionals())
    (table,) = tables
    assert isinstance(table, Table)
    assert table.header[1] == "Received after the conference, for the review"
    with pytest.raises(DomainError, match="record it once it has arrived"):
        session.execute(pr.attach_contribution, "maisie", ContributionKind.DRAWING, "a" * 64,
                        10, "later.png", received_on=session.now().date().replace(year=2027))

"""The durable event log on real SQLite files: durability, concurrency, damage, migrations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from facilitator.app import ConferenceSession
from facilitator.domain import events as ev
from facilitator.domain.attendees import AttendanceState
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import agenda as ag
from facilitator.domain.commands import people as pe
from facilitator.domain.commands import record as rc
from facilitator.domain.commands.people import create_conference
from facilitator.domain.conference import Conference
from facilitator.domain.transcript import UtteranceSource
from facilitator.services import database
from facilitator.services.database import (
    DB_ENV,
    DatabaseError,
    IntegrityError,
    connect,
    default_path,
    migrations,
    open_database,
)
from facilitator.services.store import EventStore, StoreError

from ..domain.helpers import CAST, make_details, snapshot


def create(store: EventStore, clock: ManualClock, conference_id: str = "conf-1") -> Conference:
    return store.create(create_conference(make_details(id=conference_id), clock.now()))


def count(db: sqlite_utils.Database, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def add_people(session: ConferenceSession, n: int = len(CAST)) -> None:
    for attendee_id, name, role_key, extra in CAST[:n]:
        session.execute(pe.add_attendee, name, role_key, attendee_id=attendee_id, **extra)


# ---- durability ----------------------------------------------------------------------------
def test_events_survive_reopening(db_path: Path, clock: ManualClock) -> None:
    db = open_database(db_path)
    store = EventStore(db)
    conference = create(store, clock)
    session = ConferenceSession(store, conference, clock)
    add_people(session)
    session.execute(ag.start_meeting)
    before = snapshot(session.conference)
    db.close()

    reopened = EventStore(open_database(db_path))
    again = reopened.load("conf-1")
    assert snapshot(again) == before
    assert reopened.events("conf-1") == session.conference.log
    (summary,) = reopened.conferences()
    assert summary.id == "conf-1" and summary.event_count == len(before["log"])
    assert summary.title == conference.details.title
    assert summary.kind == "initial" and summary.nation == "england"


def test_create_writes_the_first_events_in_one_go(store: EventStore, clock: ManualClock,
                                                  file_db: sqlite_utils.Database) -> None:
    events = create_conference(make_details(), clock.now())
    conference = Conference.from_events(events)
    events += pe.add_attendee(conference, clock.now(), "Helen Adair", "chair")
    store.create(events)
    assert count(file_db, "events") == 2
    assert [e["number"] for e in file_db["events"].rows] == [1, 2]
    with pytest.raises(StoreError, match="conference conf-1 already exists"):
        store.create(events)
    assert count(file_db, "events") == 2 and count(file_db, "conferences") == 1


def test_append_to_an_unknown_conference_is_refused(store: EventStore,
                                                    clock: ManualClock) -> None:
    with pytest.raises(StoreError, match="no conference nope"):
        store.append("nope", 1, [ev.BreakEnded(at=clock.now())])
    with pytest.raises(StoreError, match="no conference nope"):
        store.events("nope")


def test_appending_nothing_writes_nothing(store: EventStore, clock: ManualClock,
                                          file_db: sqlite_utils.Database) -> None:
    create(store, clock)
    store.append("conf-1", 99, [])  # not even the count is checked
    assert count(file_db, "events") == 1


# ---- optimistic concurrency ----------------------------------------------------------------
def test_a_stale_second_session_gets_store_error_and_writes_nothing(
    db_path: Path, clock: ManualClock
) -> None:
    first_db = open_database(db_path)
    create(EventStore(first_db), clock)
    second_db = open_database(db_path)  # another connection, as another window would have
    first = ConferenceSession.open(EventStore(first_db), "conf-1", clock)
    second = ConferenceSession.open(EventStore(second_db), "conf-1", clock)

    first.execute(pe.add_attendee, "Helen Adair", "chair", attendee_id="chair")
    seen: list[ev.Event] = []
    second.subscribe(seen.append)
    with pytest.raises(StoreError, match=r"changed elsewhere \(2 events, expected 1\)"):
        second.execute(pe.add_attendee, "Owen Birch", "minute_taker", attendee_id="minutes")
    assert seen == []
    assert len(second.conference.log) == 1 and "minutes" not in second.conference.attendees
    assert count(second_db, "events") == 2
    assert second_db.execute("SELECT event_count FROM conferences").fetchone()[0] == 2
    assert [type(e) for e in EventStore(second_db).events("conf-1")] == [
        ev.ConferenceCreated, ev.AttendeeAdded]

    # Reloaded, the second session carries on from the stored state.
    second = ConferenceSession.open(EventStore(second_db), "conf-1", clock)
    second.execute(pe.add_attendee, "Owen Birch", "minute_taker", attendee_id="minutes")
    assert set(EventStore(first_db).load("conf-1").attendees) == {"chair", "minutes"}
    first_db.close()
    second_db.close()


def test_a_failed_append_leaves_no_partial_rows(store: EventStore, clock: ManualClock,
                                                file_db: sqlite_utils.Database) -> None:
    create(store, clock)
    good = ev.BreakEnded(at=clock.now())
    file_db.execute("CREATE TRIGGER refuse_second BEFORE INSERT ON events "
                    "WHEN NEW.number = 3 BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    with pytest.raises(DatabaseError):
        store.append("conf-1", 1, [good, good])
    assert count(file_db, "events") == 1
    assert file_db.execute("SELECT event_count FROM conferences").fetchone()[0] == 1


# ---- a damaged log -------------------------------------------------------------------------
DAMAGE = [
    ("not json at all", "{\"at\": "),
    ("a required field missing", json.dumps({"at": "2026-12-03T10:00:00+00:00"})),
    ("an unknown state", None),
    ("a list where a mapping goes", "[1, 2, 3]"),
    ("a bad date", None),
]


@pytest.mark.parametrize(("what", "payload"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_a_damaged_payload_row_gives_a_clear_store_error(
    store: EventStore, clock: ManualClock, file_db: sqlite_utils.Database, what: str,
    payload: str | None,
) -> None:
    conference = create(store, clock)
    session = ConferenceSession(store, conference, clock)
    add_people(session, 2)
    session.execute(pe.change_attendance, "chair", AttendanceState.PRESENT)
    row = file_db.execute("SELECT seq, payload FROM events WHERE type = 'AttendanceChanged'"
                          ).fetchone()
    if payload is None:
        data = json.loads(row[1])
        if what == "an unknown state":
            data["state"] = "ASLEEP"
        else:
            data["at"] = "the third of December"
        payload = json.dumps(data)
    with file_db.atomic():
        file_db.execute("UPDATE events SET payload = ? WHERE seq = ?", [payload, row[0]])
    for attempt in (lambda: store.events("conf-1"), lambda: store.load("conf-1"),
                    lambda: ConferenceSession.open(store, "conf-1", clock)):
        with pytest.raises(StoreError, match="conference conf-1: damaged event log") as bad:
            attempt()
        assert "\n" not in str(bad.value)


@pytest.mark.parametrize(("deleted", "missing"), [(3, "3"), (5, "5"), (1, "1")])
def test_a_missing_row_is_a_store_error_not_a_different_state(
    store: EventStore, clock: ManualClock, file_db: sqlite_utils.Database, deleted: int,
    missing: str,
) -> None:
    conference = create(store, clock)
    add_people(ConferenceSession(store, conference, clock), 4)
    with file_db.atomic():
        file_db.execute("DELETE FROM events WHERE number = ?", [deleted])
    with pytest.raises(StoreError, match=rf"damaged event log \(event\(s\) {missing} missing\)"):
        store.load("conf-1")


def test_an_unknown_event_type_in_the_log_is_a_store_error(
    store: EventStore, clock: ManualClock, file_db: sqlite_utils.Database
) -> None:
    create(store, clock)
    with file_db.atomic():
        file_db.execute("UPDATE events SET type = 'MeetingCancelled'")
    with pytest.raises(StoreError, match="unknown event type 'MeetingCancelled'"):
        store.load("conf-1")


@pytest.mark.parametrize("field", ["attendee_id", "utterance_id"])
def test_a_log_that_cannot_be_replayed_is_a_store_error(
    store: EventStore, clock: ManualClock, file_db: sqlite_utils.Database, field: str
) -> None:
    """Readable rows that refer to something the log never created."""
    conference = create(store, clock)
    session = ConferenceSession(store, conference, clock)
    add_people(session)
    session.execute(ag.start_meeting)
    said = session.execute(rc.record_utterance, "sw", UtteranceSource.ROOM, clock.now(),
                           clock.now(), "hello")
    session.execute(rc.edit_utterance, said[0].utterance_id, "Hello.", 1, "minutes")
    kind = "AttendanceChanged" if field == "attendee_id" else "UtteranceEdited"
    if kind == "AttendanceChanged":
        session.execute(pe.change_attendance, "police", AttendanceState.PRESENT)
    seq, payload = file_db.execute(
        "SELECT seq, payload FROM events WHERE type = ? ORDER BY seq DESC", [kind]).fetchone()
    data = json.loads(payload)
    data[field] = "ghost"
    with file_db.atomic():
        file_db.execute("UPDATE events SET payload = ? WHERE seq = ?", [json.dumps(data), seq])
    with pytest.raises(StoreError, match="conference conf-1: cannot replay its log") as bad:
        store.load("conf-1")
    assert "ghost" in str(bad.value)


# ---- finding conferences -------------------------------------------------------------------
def test_resolve_a_prefix(store: EventStore, clock: ManualClock) -> None:
    create(store, clock, "abc123")
    create(store, clock, "abd456")
    assert store.resolve("abc") == "abc123"
    assert store.resolve("abd456") == "abd456"
    assert store.resolve("ABC") == "abc123"
    with pytest.raises(StoreError, match="'ab' matches 2 conferences"):
        store.resolve("ab")
    with pytest.raises(StoreError, match="no conference 'zz'"):
        store.resolve("zz")
    assert [c.id for c in store.conferences()] == ["abc123", "abd456"]


def test_resolve_treats_wildcards_literally(store: EventStore, clock: ManualClock) -> None:
    create(store, clock, "abc123")
    with pytest.raises(StoreError, match="no conference"):
        store.resolve("%")
    with pytest.raises(StoreError, match="no conference"):
        store.resolve("a_c")


# ---- the database itself -------------------------------------------------------------------
def test_wal_and_full_sync_on_a_file(file_db: sqlite_utils.Database) -> None:
    assert file_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert file_db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert file_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_wal_persists_in_the_file(db_path: Path) -> None:
    open_database(db_path).close()
    raw = connect(db_path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


def test_migrations_are_idempotent(db_path: Path, clock: ManualClock) -> None:
    db = open_database(db_path)
    create(EventStore(db), clock)
    schema = db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    db.close()
    registered = [m.name for m in migrations.pending(sqlite_utils.Database(memory=True))]
    for _ in range(3):
        db = open_database(db_path)
        migrations.apply(db)
        assert db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema
        assert migrations.pending(db) == []
        applied = [m.name for m in migrations.applied(db)]
        assert applied == registered and applied[0] == "m001_events"
        assert count(db, "events") == 1
        db.close()


def test_the_events_table_refuses_duplicate_numbers(file_db: sqlite_utils.Database,
                                                    store: EventStore,
                                                    clock: ManualClock) -> None:
    create(store, clock)
    with pytest.raises(IntegrityError):
        file_db.execute("INSERT INTO events (conference_id, number, type, at, actor, payload) "
                        "VALUES ('conf-1', 1, 'x', 'x', 'x', '{}')")


def test_memory_database(memory_db: sqlite_utils.Database, clock: ManualClock) -> None:
    assert memory_db.execute("PRAGMA journal_mode").fetchone()[0] == "memory"
    assert migrations.pending(memory_db) == []
    store = EventStore(memory_db)
    create(store, clock)
    assert snapshot(store.load("conf-1"))["details"] == make_details()


def test_facilitator_db_overrides_the_default_path(tmp_path: Path, clock: ManualClock,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "elsewhere" / "my.sqlite3"
    monkeypatch.setenv(DB_ENV, str(target))
    assert default_path() == target
    db = open_database()
    create(EventStore(db), clock)
    db.close()
    assert target.is_file()
    assert EventStore(open_database(target)).load("conf-1").id == "conf-1"


def test_default_path_is_in_the_user_data_directory(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DB_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    path = default_path()
    assert path.name == "facilitator.sqlite3"
    assert database.APP_NAME in path.parts
    assert path.is_relative_to(tmp_path / "xdg")


def test_facilitator_db_expands_the_home_directory(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(DB_ENV, "~/conferences.sqlite3")
    assert default_path() == tmp_path / "conferences.sqlite3"

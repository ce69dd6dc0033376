"""ConferenceSession: every change is stored durably before anyone is told of it."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from facilitator.app import ConferenceSession
from facilitator.domain import events as ev
from facilitator.domain.attendees import AttendanceMode
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import agenda as ag
from facilitator.domain.commands import people as pe
from facilitator.domain.commands.people import create_conference
from facilitator.domain.errors import DomainError
from facilitator.services.database import open_database
from facilitator.services.store import EventStore

from ..domain.helpers import EDITED_TEXT, hold_meeting, make_details, snapshot


@pytest.fixture
def session(memory_db: sqlite_utils.Database, clock: ManualClock) -> ConferenceSession:
    store = EventStore(memory_db)
    return ConferenceSession(store, store.create(create_conference(make_details(), clock.now())),
                             clock)


def stored(session: ConferenceSession) -> int:
    return len(session.store.events(session.conference.id))


def test_listeners_hear_only_of_stored_events(session: ConferenceSession) -> None:
    heard: list[tuple[ev.Event, int]] = []
    session.subscribe(lambda event: heard.append((event, stored(session))))
    events = session.execute(pe.add_attendee, "Helen Adair", "chair", attendee_id="chair")
    assert heard == [(events[0], 2)]  # already on disk when the listener ran
    assert session.conference.log[-1] == events[0]


def test_a_refused_command_writes_nothing_and_tells_no_one(session: ConferenceSession) -> None:
    heard: list[ev.Event] = []
    session.subscribe(heard.append)
    with pytest.raises(DomainError, match="unknown role 'wizard'"):
        session.execute(pe.add_attendee, "Merlin", "wizard")
    with pytest.raises(DomainError, match="has not started"):
        session.execute(ag.next_stage)
    assert heard == [] and stored(session) == 1 and len(session.conference.log) == 1


def test_a_command_with_no_events_writes_nothing(session: ConferenceSession) -> None:
    session.execute(pe.add_attendee, "Helen Adair", "chair", attendee_id="chair")
    assert session.execute(pe.change_mode, "chair", AttendanceMode.IN_ROOM) == []
    assert stored(session) == 2


def test_a_broken_listener_does_not_undo_a_stored_change(session: ConferenceSession,
                                                         caplog: pytest.LogCaptureFixture
                                                         ) -> None:
    heard: list[ev.Event] = []

    def broken(event: ev.Event) -> None:
        raise RuntimeError("view crashed")

    session.subscribe(broken)
    session.subscribe(heard.append)
    events = session.execute(pe.add_attendee, "Helen Adair", "chair")
    assert heard == events and stored(session) == 2
    assert "listener failed on AttendeeAdded" in caplog.text


def test_unsubscribe(session: ConferenceSession) -> None:
    heard: list[ev.Event] = []
    stop = session.subscribe(heard.append)
    session.execute(pe.add_attendee, "Helen Adair", "chair")
    stop()
    session.execute(pe.add_attendee, "Owen Birch", "minute_taker")
    assert len(heard) == 1


def test_the_session_uses_its_clock(session: ConferenceSession, clock: ManualClock) -> None:
    clock.advance(minutes=7)
    (event,) = session.execute(pe.add_attendee, "Helen Adair", "chair")
    assert event.at == clock.now() == session.now()


def test_a_whole_meeting_through_the_session_reloads_identically(tmp_path: Path,
                                                                 clock: ManualClock) -> None:
    path = tmp_path / "meeting.sqlite3"
    db = open_database(path)
    store = EventStore(db)
    session = ConferenceSession(store, store.create(create_conference(make_details(),
                                                                      clock.now())), clock)
    hold_meeting(session.execute, clock, lambda: session.conference)
    expected = snapshot(session.conference)
    db.close()
    reloaded = ConferenceSession.open(EventStore(open_database(path)), "conf-1", clock)
    assert snapshot(reloaded.conference) == expected
    assert any(u.text == EDITED_TEXT for u in reloaded.conference.utterances.values())

"""Fixtures for the chair's window: a real store file, a fictional conference, a fake clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from facilitator.app import ConferenceSession
from facilitator.cli import demo_data
from facilitator.domain.clock import ManualClock, SystemClock
from facilitator.services.conference_file import build_conference
from facilitator.services.database import open_database
from facilitator.services.store import EventStore
from tests.live_meeting import LiveSession, live_meeting
from ui.meeting_client import MeetingClient


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "facilitator.sqlite3"


@pytest.fixture
def store(db_path: Path) -> EventStore:
    return EventStore(open_database(db_path))


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(SystemClock().now())


@pytest.fixture
def created(store: EventStore, clock: ManualClock) -> ConferenceSession:
    """The conference, created in the file (before any window opens it)."""
    data = demo_data(clock.now())
    conference = store.create(build_conference(data, clock.now()))
    clock.set(conference.details.scheduled_start + timedelta(minutes=1))
    return ConferenceSession(store, conference, clock)


@pytest.fixture
def meeting(created: ConferenceSession, db_path: Path, clock: ManualClock
            ) -> Iterator[MeetingClient]:
    yield from live_meeting(created, db_path, clock)


@pytest.fixture
def session(meeting: MeetingClient, store: EventStore, clock: ManualClock) -> LiveSession:
    return LiveSession(meeting, store, clock)


@pytest.fixture
def window(qtbot, meeting: MeetingClient) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from ui.chair_window import ChairWindow

    win = ChairWindow(meeting)
    win.ticker.stop()  # the tests tick the fake clock themselves
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()

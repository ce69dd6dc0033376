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
def session(store: EventStore, clock: ManualClock) -> ConferenceSession:
    data = demo_data(clock.now())
    conference = store.create(build_conference(data, clock.now()))
    clock.set(conference.details.scheduled_start + timedelta(minutes=1))
    return ConferenceSession(store, conference, clock)


@pytest.fixture
def window(qtbot, session: ConferenceSession) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from ui.bridge import SessionBridge
    from ui.chair_window import ChairWindow

    win = ChairWindow(SessionBridge(session))
    win.ticker.stop()  # the tests tick the fake clock themselves
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()

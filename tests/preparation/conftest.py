"""Fixtures before the conference: the fictional Thornbury conference on Thursday 3 December
2026 at 10:00, a week ahead of a fake clock; a real store file for the window's tests.

Every name here is fictional.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from facilitator.app import ConferenceSession
from facilitator.cli import demo_data
from facilitator.domain import events as ev
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import preparation as pr
from facilitator.domain.commands import requests as rq
from facilitator.domain.conference import Conference
from facilitator.domain.segments import ExclusionGround
from facilitator.services.conference_file import LOCAL_ZONE, build_conference
from facilitator.services.database import open_database
from facilitator.services.store import EventStore

START = datetime(2026, 12, 3, 10, 0, tzinfo=LOCAL_ZONE)  # a Thursday
DAY = START.date()
A_WEEK_BEFORE = datetime(2026, 11, 26, 9, 0, tzinfo=LOCAL_ZONE)
MORNING_OF = datetime(2026, 12, 3, 8, 0, tzinfo=LOCAL_ZONE)

Do = Callable[..., list[ev.Event]]


def conference_data(start: datetime = START, **changes: Any) -> dict[str, Any]:
    data = demo_data(start)
    data["scheduled_start"] = start.isoformat()
    data.update(changes)
    return data


def new_conference(clock: ManualClock, start: datetime = START, **changes: Any) -> Conference:
    return Conference.from_events(build_conference(conference_data(start, **changes),
                                                   clock.now()))


def runner(conf: Conference, clock: ManualClock) -> Do:
    def do(command: Callable[..., list[ev.Event]], *args: Any, **kwargs: Any) -> list[ev.Event]:
        events = command(conf, clock.now(), *args, **kwargs)
        for event in events:
            conf.apply(event)
        return events
    return do


def who(conf: Conference) -> dict[str, str]:
    """First name (lower case; 'tom' for DC Tom Reddaway, 'anita' for Dr Anita Varga) to id."""
    found = {}
    for person in conf.attendees.values():
        words = person.name.split()
        found[(words[1] if words[0] in ("DC", "Dr") else words[0]).lower()] = person.id
    return found


def on(day: int, month: int = 12) -> date:
    return date(2026, month, day)


def report(do: Do, ids: dict[str, str], received: int = 24, month: int = 11) -> str:
    event = do(pr.receive_report, "Fernbridge Children's Services", on(received, month),
               author_id=ids["priya"])[0]
    assert isinstance(event, ev.ReportRecorded)
    return event.report.id


def observer(do: Do, ids: dict[str, str], name: str = "Ayesha Moran") -> str:
    event = do(rq.request_observer, name, "Fernbridge Children's Services", ids["martin"],
               on(25, 11))[0]
    assert isinstance(event, ev.ObserverRequested)
    return event.request.id


def exclusion(do: Do, ids: dict[str, str], requested: int = 24, month: int = 11) -> str:
    event = do(rq.request_exclusion, [ids["liam"]], [ExclusionGround.LEGAL_PROCEEDINGS],
               ids["tom"], "Liam has not yet been interviewed about the allegation",
               on(requested, month), "the police information")[0]
    assert isinstance(event, ev.ExclusionRequested)
    return event.request.id


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(A_WEEK_BEFORE)


@pytest.fixture
def conf(clock: ManualClock) -> Conference:
    return new_conference(clock)


@pytest.fixture
def do(conf: Conference, clock: ManualClock) -> Do:
    return runner(conf, clock)


@pytest.fixture
def ids(conf: Conference) -> dict[str, str]:
    return who(conf)


# ---- a real store, a session and the chair's window ---------------------------------------
@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "facilitator.sqlite3"


@pytest.fixture
def store(db_path: Path) -> EventStore:
    return EventStore(open_database(db_path))


@pytest.fixture
def session(store: EventStore, clock: ManualClock) -> ConferenceSession:
    conference = store.create(build_conference(conference_data(), clock.now()))
    return ConferenceSession(store, conference, clock)


@pytest.fixture
def meeting(session: ConferenceSession, db_path: Path, clock: ManualClock) -> Iterator[Any]:
    from tests.live_meeting import live_meeting

    yield from live_meeting(session, db_path, clock)


@pytest.fixture
def live(meeting: Any, store: EventStore, clock: ManualClock) -> Any:
    """Where a test drives the conference the window shows (the window's meeting)."""
    from tests.live_meeting import LiveSession

    return LiveSession(meeting, store, clock)


@pytest.fixture
def window(qtbot, meeting: Any) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    from ui.chair_window import ChairWindow

    win = ChairWindow(meeting)
    win.ticker.stop()
    qtbot.addWidget(win)
    win.show()
    win.tabs.setCurrentWidget(win.preparation)
    yield win
    win.close()

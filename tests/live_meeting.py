"""The chair's window in tests, as the app runs it: the meeting runtime owns the conference on
its own media loop thread, and the window is a client of its API and feed.

`LiveSession` stands where tests used to hold the window's session: `execute(command, ...)`
runs a domain command on the meeting's loop (test set-up, as another door would) and returns
once the window's copy has it; `conference` is that copy; `store` reads the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from facilitator.app import ConferenceSession
from facilitator.domain import events as ev
from facilitator.domain.clock import Clock
from facilitator.domain.conference import Conference
from facilitator.meeting.runtime import MeetingOptions
from facilitator.services.store import EventStore
from ui.main import start_meeting, stop_meeting
from ui.meeting_client import MeetingClient

QUIET = MeetingOptions(serve=None, transcription=False, room_microphone=False)


class LiveSession:
    def __init__(self, client: MeetingClient, store: EventStore, clock: Clock) -> None:
        self.client = client
        self.store = store
        self.clock = clock

    @property
    def conference(self) -> Conference:
        return self.client.conference

    def now(self) -> Any:
        return self.clock.now()

    def execute(self, command: Callable[..., list[ev.Event]], *args: Any, **kwargs: Any
                ) -> list[ev.Event]:
        api = self.client.api
        return self.client.attempt(lambda: api._run(command, *args, **kwargs))


def live_meeting(session: ConferenceSession, db_path: Path, clock: Clock,
                 options: MeetingOptions = QUIET) -> Iterator[MeetingClient]:
    """A fixture body: the runtime on the conference the test's session created."""
    client = start_meeting(db_path, session.conference.id, clock, options)
    try:
        yield client
    finally:
        stop_meeting(client)

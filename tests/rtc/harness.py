"""A real hub on 127.0.0.1 with a fictional conference, for one test's event loop."""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from facilitator.app import ConferenceSession
from facilitator.cli import demo_data
from facilitator.domain.attendees import AttendanceState
from facilitator.domain.clock import Clock, SystemClock
from facilitator.domain.commands import agenda, people
from facilitator.meeting.api import MeetingApi
from facilitator.meeting.hub_server import RunningServer
from facilitator.meeting.runtime import MeetingOptions, MeetingRuntime
from facilitator.meeting.settings import ServeSettings
from facilitator.services.asr.settings import AsrSettings
from facilitator.services.conference_file import build_conference
from facilitator.services.database import open_database
from facilitator.services.rtc.credentials import Credentials
from facilitator.services.store import EventStore

from .peers import Peer


@dataclass
class Hub:
    meeting: MeetingApi  # the live meeting, through its named use cases
    running: RunningServer
    credentials: Credentials
    url: str
    runtime: MeetingRuntime | None = None

    def person(self, name: str) -> str:
        return next(a.id for a in self.meeting.conference.attendees.values() if a.name == name)

    def token(self, name: str) -> str:
        conference = self.meeting.conference
        return self.credentials.issue_for(conference, self.person(name)).token

    def peer(self, name: str, frequency: float, **options: Any) -> Peer:
        return Peer(self.url, self.token(name), frequency, **options)

    async def join_and_admit(self, *peers: Peer) -> None:
        """Each peer connects and joins (the waiting room); the chair admits them all."""
        for peer in peers:
            await peer.connect()
            await peer.join()
        status, body = await self.api("POST", "/api/admit", {"all": True})
        assert status == 200, body
        for peer in peers:
            await peer.wait_for(lambda m: m.get("state") == "in_meeting")

    async def api(self, method: str, path: str, body: dict[str, Any] | None = None,
                  token: str | None = None) -> tuple[int, dict[str, Any]]:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        headers = {"Authorization": f"Bearer {token or self.running.chair_token}"}
        async with aiohttp.ClientSession() as client, client.request(
            method, self.url + path, json=body, headers=headers, ssl=context
        ) as response:
            return response.status, await response.json()


def prepared_conference(db_path: Path, clock: Clock, start_meeting: bool = True,
                        **changes: Any) -> str:
    """The fictional demo conference in a real database file: those confirmed in the room
    marked present, the meeting started (unless asked not to). Its id."""
    store = EventStore(open_database(db_path))
    data = demo_data(clock.now())
    data.update(changes)
    conference = store.create(build_conference(data, clock.now()))
    session = ConferenceSession(store, conference, clock)
    for person in list(conference.attendees.values()):
        if not person.mode.is_remote and person.state.name == "CONFIRMED":
            session.execute(people.change_attendance, person.id, AttendanceState.PRESENT)
    if start_meeting:
        session.execute(agenda.start_meeting)
    store.db.close()
    return conference.id


@contextlib.asynccontextmanager
async def running_hub(tmp_path: Path, tls: bool = True, start_meeting: bool = True,
                      settings: ServeSettings | None = None, transcription: bool = False,
                      asr: AsrSettings | None = None) -> AsyncIterator[Hub]:
    """The meeting runtime, as `serve --headless` composes it, in the test's own loop."""
    db_path = tmp_path / "hub.sqlite3"
    clock = SystemClock()
    conference_id = prepared_conference(db_path, clock, start_meeting)
    options = MeetingOptions(serve=settings or ServeSettings(port=0, tls=tls),
                             transcription=transcription, asr=asr, room_microphone=False,
                             certificate_dir=tmp_path / "certs")
    runtime = await MeetingRuntime(db_path, conference_id, clock, options).start()
    running = runtime.server
    assert running is not None
    hub = Hub(runtime.api, running, running.server.credentials, running.url, runtime)
    try:
        yield hub
    finally:
        await runtime.stop()

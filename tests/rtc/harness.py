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
from facilitator.domain.clock import SystemClock
from facilitator.domain.commands import agenda, people
from facilitator.services.conference_file import build_conference
from facilitator.services.database import open_database
from facilitator.services.rtc.credentials import Credentials, default_expiry
from facilitator.services.rtc.port import LocalPort
from facilitator.services.rtc.serve import RunningServer, ServeSettings, start_server
from facilitator.services.store import EventStore

from .peers import Peer


@dataclass
class Hub:
    session: ConferenceSession
    running: RunningServer
    credentials: Credentials
    url: str

    def person(self, name: str) -> str:
        return next(a.id for a in self.session.conference.attendees.values() if a.name == name)

    def token(self, name: str) -> str:
        conference = self.session.conference
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


@contextlib.asynccontextmanager
async def running_hub(tmp_path: Path, tls: bool = True, start_meeting: bool = True
                      ) -> AsyncIterator[Hub]:
    db_path = tmp_path / "hub.sqlite3"
    store = EventStore(open_database(db_path))
    clock = SystemClock()
    conference = store.create(build_conference(demo_data(clock.now()), clock.now()))
    session = ConferenceSession(store, conference, clock)
    for person in list(conference.attendees.values()):
        if not person.mode.is_remote and person.state.name == "CONFIRMED":
            session.execute(people.change_attendance, person.id, AttendanceState.PRESENT)
    if start_meeting:
        session.execute(agenda.start_meeting)
    port = LocalPort(session)
    running = await start_server(port, db_path, conference.id, default_expiry(conference),
                                 ServeSettings(port=0, tls=tls), tmp_path / "certs")
    hub = Hub(session, running, running.server.credentials, running.url)
    try:
        yield hub
    finally:
        await running.server.stop()

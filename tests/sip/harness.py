"""A real hub with its phone line on 127.0.0.1, started the way `facilitator serve` does."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path

from facilitator.app import ConferenceSession
from facilitator.cli import demo_data
from facilitator.domain.attendees import AttendanceState
from facilitator.domain.clock import SystemClock
from facilitator.domain.commands import agenda, people
from facilitator.services.conference_file import build_conference
from facilitator.services.database import open_database
from facilitator.services.rtc.credentials import default_expiry
from facilitator.services.rtc.hub import MediaHub
from facilitator.services.rtc.port import LocalPort
from facilitator.services.rtc.serve import ServeSettings, start_server
from facilitator.services.sip.line import PhoneLine
from facilitator.services.sip.settings import SipSettings
from facilitator.services.store import EventStore

from ..rtc.harness import Hub
from ..rtc.peers import Peer
from .sipp import free_udp_port

PROMPT_CACHE = Path(os.environ.get("FACILITATOR_TEST_PROMPTS", "/tmp/facilitator-test-prompts"))
LINE_SETTINGS = SipSettings(listen_host="127.0.0.1", listen_port=0, answer_delay=0.2,
                            pin_timeout=30.0)


@dataclass
class LineHub(Hub):
    line: PhoneLine

    @property
    def media(self) -> MediaHub:
        return self.running.server.hub

    @property
    def sip_address(self) -> tuple[str, int]:
        return self.line.address

    def pin(self, name: str) -> str:
        return self.credentials.issue_for(self.session.conference, self.person(name)).pin

    def browser(self, name: str, frequency: float) -> Peer:
        return self.peer(name, frequency)


@contextlib.asynccontextmanager
async def running_line(tmp_path: Path, settings: SipSettings = LINE_SETTINGS,
                       nation: str | None = None) -> AsyncIterator[LineHub]:
    os.environ.setdefault("FACILITATOR_PROMPT_CACHE", str(PROMPT_CACHE))
    db_path = tmp_path / "hub.sqlite3"
    store = EventStore(open_database(db_path))
    clock = SystemClock()
    data = demo_data(clock.now())
    if nation is not None:
        data["nation"] = nation
    conference = store.create(build_conference(data, clock.now()))
    session = ConferenceSession(store, conference, clock)
    for person in list(conference.attendees.values()):
        if not person.mode.is_remote and person.state.name == "CONFIRMED":
            session.execute(people.change_attendance, person.id, AttendanceState.PRESENT)
    session.execute(agenda.start_meeting)
    port = LocalPort(session)
    if settings.listen_port == 0:
        settings = replace(settings, listen_port=free_udp_port())
    running = await start_server(port, db_path, conference.id, default_expiry(conference),
                                 ServeSettings(port=0, tls=True, sip=settings),
                                 tmp_path / "certs")
    assert running.phone_line is not None
    hub = LineHub(session, running, running.server.credentials, running.url,
                  running.phone_line)
    try:
        yield hub
    finally:
        await running.stop()

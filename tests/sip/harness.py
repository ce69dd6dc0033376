"""A real hub with its phone line on 127.0.0.1, started the way `facilitator serve` does."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path

from facilitator.domain.clock import SystemClock
from facilitator.meeting.runtime import MeetingOptions, MeetingRuntime
from facilitator.meeting.settings import ServeSettings
from facilitator.services.rtc.hub import MediaHub
from facilitator.services.sip.line import PhoneLine
from facilitator.services.sip.settings import SipSettings

from ..rtc.harness import Hub, prepared_conference
from ..rtc.peers import Peer
from .sipp import free_udp_port

PROMPT_CACHE = Path(os.environ.get("FACILITATOR_TEST_PROMPTS", "/tmp/facilitator-test-prompts"))
LINE_SETTINGS = SipSettings(listen_host="127.0.0.1", listen_port=0, answer_delay=0.2,
                            pin_timeout=30.0)


@dataclass
class LineHub(Hub):
    line: PhoneLine | None = None

    @property
    def media(self) -> MediaHub:
        return self.running.server.hub

    @property
    def phone(self) -> PhoneLine:
        assert self.line is not None
        return self.line

    @property
    def sip_address(self) -> tuple[str, int]:
        return self.phone.address

    def pin(self, name: str) -> str:
        return self.credentials.issue_for(self.meeting.conference, self.person(name)).pin

    def browser(self, name: str, frequency: float) -> Peer:
        return self.peer(name, frequency)


@contextlib.asynccontextmanager
async def running_line(tmp_path: Path, settings: SipSettings = LINE_SETTINGS,
                       nation: str | None = None) -> AsyncIterator[LineHub]:
    os.environ.setdefault("FACILITATOR_PROMPT_CACHE", str(PROMPT_CACHE))
    db_path = tmp_path / "hub.sqlite3"
    clock = SystemClock()
    changes = {"nation": nation} if nation is not None else {}
    conference_id = prepared_conference(db_path, clock, **changes)
    if settings.listen_port == 0:
        settings = replace(settings, listen_port=free_udp_port())
    options = MeetingOptions(serve=ServeSettings(port=0, tls=True, sip=settings),
                             transcription=False, room_microphone=False,
                             certificate_dir=tmp_path / "certs")
    runtime = await MeetingRuntime(db_path, conference_id, clock, options).start()
    running = runtime.server
    assert running is not None and running.phone_line is not None
    hub = LineHub(runtime.api, running, running.server.credentials, running.url, runtime,
                  running.phone_line)
    try:
        yield hub
    finally:
        await runtime.stop()

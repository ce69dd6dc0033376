"""The chair's token: written private from its first byte, valid whenever the chair serves."""

from __future__ import annotations

import asyncio
import os
import stat
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from facilitator.app import ConferenceSession
from facilitator.cli import demo_data
from facilitator.domain.clock import SystemClock
from facilitator.meeting.api import MeetingApi
from facilitator.meeting.doors import open_doors
from facilitator.meeting.hub_server import start_server
from facilitator.meeting.settings import ServeSettings
from facilitator.services.conference_file import build_conference
from facilitator.services.database import open_database
from facilitator.services.rtc.credentials import default_expiry
from facilitator.services.store import EventStore

from .harness import Hub
from .test_hub_audio import run


def _conference_that_ended(tmp_path: Path, days_ago: int) -> tuple[Path, Any, Any]:
    db_path = tmp_path / "hub.sqlite3"
    store = EventStore(open_database(db_path))
    clock = SystemClock()
    then = clock.now() - timedelta(days=days_ago)  # planned days ago, relative to now
    conference = store.create(build_conference(demo_data(then), then))
    return db_path, conference, ConferenceSession(store, conference, clock)


def test_serving_after_the_planned_end_gives_a_working_chair_token(tmp_path: Path) -> None:
    async def scenario() -> None:
        db_path, conference, session = _conference_that_ended(tmp_path, days_ago=3)
        asked = default_expiry(conference)  # what the callers pass: already in the past
        assert asked < session.now()
        meeting = MeetingApi(session)
        running = await start_server(meeting, db_path, conference.id, asked,
                                     ServeSettings(port=0), tmp_path / "certs", session.clock,
                                     open_doors=lambda server: open_doors(server, meeting))
        try:
            hub = Hub(meeting, running, running.server.credentials, running.url)
            status, body = await hub.api("GET", "/api/state")
            assert status == 200, body
            # while serving it is renewed: an hour's renewal, with the server's clock 30 h on
            server = running.server
            later = session.now() + timedelta(hours=30)
            server.now = lambda: later
            from facilitator.services.rtc.chair_token import renew_while_serving

            renewal = asyncio.ensure_future(renew_while_serving(server, running.chair_token,
                                                                every=0.01))
            await asyncio.sleep(0.1)
            renewal.cancel()
            status, body = await hub.api("GET", "/api/state")
            assert status == 200, "the chair's token expired while the chair served"
        finally:
            await running.server.stop()

    run(scenario())


def test_the_token_file_is_private_from_its_creation(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    narrowed: list[str] = []
    real_chmod, real_path_chmod = os.chmod, Path.chmod

    def watch_chmod(path: Any, mode: int, *args: Any, **kwargs: Any) -> None:
        narrowed.append(str(path))
        real_chmod(path, mode, *args, **kwargs)

    def watch_path_chmod(self: Path, mode: int, **kwargs: Any) -> None:
        narrowed.append(str(self))
        real_path_chmod(self, mode, **kwargs)

    monkeypatch.setattr(os, "chmod", watch_chmod)
    monkeypatch.setattr(Path, "chmod", watch_path_chmod)
    before = os.umask(0)  # a careless umask: a plain open() would make it world-readable
    try:
        async def scenario() -> Path:
            db_path, conference, session = _conference_that_ended(tmp_path, days_ago=0)
            running = await start_server(MeetingApi(session), db_path, conference.id,
                                         default_expiry(conference), ServeSettings(port=0),
                                         tmp_path / "certs", session.clock)
            await running.server.stop()
            return running.chair_token_file

        token_file = run(scenario())
    finally:
        os.umask(before)
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(token_file.parent.stat().st_mode) == 0o700
    key = token_file.parent / "server-key.pem"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert not [p for p in narrowed if p.endswith((".txt", ".pem"))], \
        f"made readable, then narrowed: {narrowed}"
    assert not list(token_file.parent.glob(".*partial")), "a partial file was left behind"

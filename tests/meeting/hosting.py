"""A real hub server (`ConferenceHost`) on 127.0.0.1 with fictional conferences in one
database, for one test's event loop; and clients of one conference under its prefix."""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from facilitator.domain.clock import SystemClock
from facilitator.meeting.host import ConferenceHost
from facilitator.meeting.settings import HostSettings, ServeSettings
from facilitator.services.database import open_database
from facilitator.services.rtc.credentials import CredentialRole, Credentials, default_expiry
from facilitator.services.store import EventStore

from ..rtc.harness import prepared_conference
from ..rtc.peers import Peer

JADE, LIAM = "Jade Thornbury", "Liam Ashcombe"


def insecure() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


@dataclass
class HostedConference:
    """One conference on the server, seen as its people see it: through its base URL."""

    conference_id: str
    base_url: str  # https://127.0.0.1:PORT/c/<slug>
    db_path: Path

    def _credentials(self) -> tuple[Credentials, Any]:
        db = open_database(self.db_path)
        return Credentials(db), EventStore(db).load(self.conference_id)

    def token(self, name: str, role: CredentialRole = CredentialRole.PARTICIPANT) -> str:
        credentials, conference = self._credentials()
        try:
            person = next(a.id for a in conference.attendees.values() if a.name == name)
            return credentials.issue_for(conference, person, role).token
        finally:
            credentials.db.close()

    def chair_token(self) -> str:
        credentials, conference = self._credentials()
        try:
            return credentials.issue(self.conference_id, "chair", default_expiry(conference),
                                     CredentialRole.CHAIR).token
        finally:
            credentials.db.close()

    def peer(self, name: str, frequency: float, **options: Any) -> Peer:
        return Peer(self.base_url, self.token(name), frequency, **options)

    async def api(self, method: str, path: str, body: dict[str, Any] | None = None
                  ) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {self.chair_token()}"}
        async with aiohttp.ClientSession() as client, client.request(
                method, self.base_url + path, json=body, headers=headers,
                ssl=insecure()) as response:
            return response.status, await response.json()

    async def join_and_admit(self, *peers: Peer) -> None:
        for peer in peers:
            await peer.connect()
            await peer.join()
        status, body = await self.api("POST", "/api/admit", {"all": True})
        assert status == 200, body
        for peer in peers:
            await peer.wait_for(lambda m: m.get("state") == "in_meeting")


async def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    async with aiohttp.ClientSession() as client, client.get(
            url, headers=headers or {}, ssl=insecure(), allow_redirects=False) as response:
        return response.status, await response.text()


@contextlib.asynccontextmanager
async def running_host(tmp_path: Path, conferences: int = 2, idle_stop: float = 900.0,
                       trusted_proxies: tuple[str, ...] = ()
                       ) -> AsyncIterator[tuple[ConferenceHost, list[HostedConference]]]:
    db_path = tmp_path / "server.sqlite3"
    ids = [prepared_conference(db_path, SystemClock()) for _ in range(conferences)]
    settings = HostSettings(serve=ServeSettings(port=0), idle_stop=idle_stop,
                            transcription=False, shard="t", trusted_proxies=trusted_proxies)
    host = ConferenceHost(db_path, SystemClock(), settings, tmp_path / "certs")
    await host.start()
    try:
        yield host, [HostedConference(cid, host.base_url(cid), db_path) for cid in ids]
    finally:
        await host.stop()

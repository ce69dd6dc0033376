"""A hub server: one process, one public address, every conference of its database.

`facilitator server` runs a `ConferenceHost`. Each conference lives under its own
unguessable path, `/c/<slug>/` (services/rtc/slugs.py), with all its doors below it:

    /c/<slug>/                 the meeting code and PIN form      (POST /c/<slug>/phone)
    /c/<slug>/join/<token>     a person's join page               /c/<slug>/ws  its signalling
    /c/<slug>/api/...          the chair's API (Bearer token)     /c/<slug>/minutes/ws  the seat
    /c/<slug>/static/...       the join page's style and script

A conference's `MeetingRuntime` (its own session, hub, credentials and doors: nothing shared
with another conference but this front door) is started on demand: the first time one of its
own credentials is used there (a join link, the chair's API, the minute-taker, a PIN typed on
its form), and stopped once nobody has been connected for `idle_stop` seconds (a minute after
the meeting ended). Aiohttp's routers cannot grow once serving, so there is one front
application, whose one route for `/c/{slug}/...` hands each request, its path without the
prefix, to the running conference's own application (`ConferenceServer.start_hosted`).
A token that is not one of the conference's own gets the same 404 as an unknown slug, before
any conference sees it (meeting/host_paths.py).

The chair's link: `facilitator server-link` (services/chair_link.py has its exact form).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from ..domain.clock import Clock
from ..services import log_limits
from ..services.database import open_database
from ..services.rtc.certs import ensure_certificate, fingerprint, server_context
from ..services.rtc.credentials import Credentials
from ..services.rtc.door import HEADER_TIMEOUT, Door
from ..services.rtc.pin_guard import PinGuard, source_key
from ..services.rtc.slugs import Slugs
from ..services.sip.line import PhoneLine
from ..services.sip.switchboard import Switchboard
from ..services.templates import assets_dir
from .host_paths import Asks, inner_request, refused, what_is_asked
from .runtime import MeetingOptions, MeetingRuntime, until_signalled
from .settings import HOSTING_FILE, Hosting, HostSettings

log = logging.getLogger(__name__)
ENDED_GRACE = 60.0  # seconds an ended conference with nobody connected keeps running


@dataclass
class Hosted:
    runtime: MeetingRuntime
    handler: web.Server
    active: int = 0  # requests in progress, open WebSockets among them
    last_seen: float = 0.0  # time.monotonic() of the last request's end


class ConferenceHost:
    def __init__(self, db_path: Path, clock: Clock, settings: HostSettings,
                 certificate_dir: Path | None = None) -> None:
        self.db_path = db_path
        self.clock = clock
        self.settings = settings
        self.certificate_dir = certificate_dir or db_path.parent / "certificates"
        self.db = open_database(db_path)  # the front door's own connection
        self.slugs = Slugs(self.db, settings.shard)
        # one PIN limiter for every conference it hosts, kept while their runtimes stop and
        # start again: waiting for a conference to go idle wipes no one's wrong PINs
        self.pin_guard = PinGuard()
        self.credentials = Credentials(self.db)
        self.running: dict[str, Hosted] = {}
        self._starting: dict[str, asyncio.Lock] = {}
        self._proxies = frozenset(source_key(a) for a in settings.trusted_proxies)
        self._runner: web.AppRunner | None = None
        self._listener: asyncio.Server | None = None
        self._reaper: asyncio.Task[None] | None = None
        self.public_url = ""
        self.fingerprint: str | None = None
        self.port = 0
        self.starts = 0  # conferences started since the server started (tests, the log)
        sip = settings.serve.sip  # one phone line for every conference: code, then PIN
        self.switchboard = None if sip is None else Switchboard(
            sip, self.credentials.conference_for_code, self._phone_line, self.pin_guard)

    # ---- serving -------------------------------------------------------------------------
    def app(self) -> web.Application:
        application = web.Application()
        application.router.add_get("/", self._root)
        application.router.add_static("/static/", assets_dir() / "web", show_index=False)
        application.router.add_route("*", "/c/{slug}", self._no_slash)
        application.router.add_route("*", "/c/{slug}/{tail:.*}", self._dispatch)
        return application

    async def start(self) -> int:
        serve = self.settings.serve
        log_limits.install()
        self._runner = web.AppRunner(self.app(), access_log=None,
                                     keepalive_timeout=HEADER_TIMEOUT)
        await self._runner.setup()
        assert self._runner.server is not None
        context = None
        if serve.tls:
            cert, key = self._certificate()
            context = server_context(cert, key)
            # pinned in links when people reach this server itself with its self-signed
            # certificate; not behind a proxy (nginx's certificate is the one they see)
            pin = self.settings.pin_fingerprint
            if pin is None:
                pin = self.settings.tls_cert is None and self.settings.public_url is None
            if pin:
                self.fingerprint = fingerprint(cert)
        door = Door(self._runner.server, context, proxies=self._proxies)
        self._listener = await asyncio.get_running_loop().create_server(
            door.protocol, serve.host, serve.port)
        self.port = self._listener.sockets[0].getsockname()[1]
        scheme = "https" if serve.tls else "http"
        self.public_url = (self.settings.public_url or f"{scheme}://{serve.host}:{self.port}"
                           ).rstrip("/")
        self._write_hosting()
        self._reaper = asyncio.ensure_future(self._reap())
        if self.switchboard is not None:
            await self.switchboard.start()
        return self.port

    def _certificate(self) -> tuple[Path, Path]:
        if self.settings.tls_cert is not None and self.settings.tls_key is not None:
            return self.settings.tls_cert, self.settings.tls_key
        names = [self.settings.serve.host, "localhost"]
        return ensure_certificate(self.certificate_dir, names)

    def _write_hosting(self) -> None:
        """Where this server is reached, for `facilitator server-link` (no secret in it)."""
        self.certificate_dir.mkdir(parents=True, exist_ok=True)
        (self.certificate_dir / HOSTING_FILE).write_text(json.dumps({
            "public_url": self.public_url, "fingerprint": self.fingerprint,
            "shard": self.settings.shard}))

    def base_url(self, conference_id: str) -> str:
        return f"{self.public_url}/c/{self.slugs.slug_for(conference_id)}"

    async def _root(self, request: web.Request) -> web.StreamResponse:
        return refused(request)  # never a list of conferences

    async def _no_slash(self, request: web.Request) -> web.StreamResponse:
        if self.slugs.conference_for(request.match_info["slug"]) is None:
            return refused(request)
        raise web.HTTPMovedPermanently(f"/c/{request.match_info['slug']}/")

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        slug = request.match_info["slug"]
        conference_id = self.slugs.conference_for(slug)
        if conference_id is None:
            return refused(request)
        asked = what_is_asked(request, request.match_info["tail"])
        web_dir = assets_dir() / "web"
        if asked.asks is Asks.LANDING:
            return web.FileResponse(web_dir / "phone.html")
        if asked.asks is Asks.STATIC:
            if not (web_dir / asked.static).is_file():
                return refused(request)
            return web.FileResponse(web_dir / asked.static)
        if asked.asks is Asks.NOTHING:
            return refused(request)
        if asked.asks is Asks.TOKEN and self.credentials.find(asked.token,
                                                              conference_id) is None:
            log.info("refused a token that is not conference %s's, from %s",
                     conference_id[:8], request.remote)
            return refused(request)
        hosted = await self._running(conference_id)
        inner = inner_request(request, f"/c/{slug}", self._proxies)
        hosted.active += 1
        try:
            return await hosted.handler.request_handler(inner)
        finally:
            hosted.active -= 1
            hosted.last_seen = time.monotonic()

    # ---- conferences on demand -------------------------------------------------------------
    async def _running(self, conference_id: str) -> Hosted:
        lock = self._starting.setdefault(conference_id, asyncio.Lock())
        async with lock:
            hosted = self.running.get(conference_id)
            if hosted is not None:
                return hosted
            base = self.base_url(conference_id)
            prefix = base.removeprefix(self.public_url)
            serve = self.settings.serve
            options = MeetingOptions(
                serve=serve, transcription=self.settings.transcription, room_microphone=False,
                certificate_dir=self.certificate_dir,
                hosting=Hosting(base, prefix, self.fingerprint), pin_guard=self.pin_guard)
            runtime = MeetingRuntime(self.db_path, conference_id, self.clock, options)
            await runtime.start()
            if runtime.server is None or runtime.server.hosted is None:
                await runtime.stop()
                raise web.HTTPServiceUnavailable(text="This meeting cannot start now.")
            hosted = Hosted(runtime, runtime.server.hosted, last_seen=time.monotonic())
            self.running[conference_id] = hosted
            self.starts += 1
            print(f"conference {conference_id} started", flush=True)  # no names
            return hosted

    async def open(self, conference_id: str) -> MeetingRuntime:
        """Start a conference now (the chair opening it), or the one already running."""
        return (await self._running(conference_id)).runtime

    async def _phone_line(self, conference_id: str) -> PhoneLine | None:
        """The conference's line, its runtime started if need be (a call put through)."""
        hosted = await self._running(conference_id)
        hosted.last_seen = time.monotonic()
        running = hosted.runtime.server
        return running.phone_line if running is not None else None

    def _idle(self, hosted: Hosted, now: float) -> bool:
        running = hosted.runtime.server
        if hosted.active or (running is not None and running.phone_line is not None
                             and running.phone_line.callers):
            return False
        ended = running is not None and running.server.hub.policy.status == "ended"
        wait = min(self.settings.idle_stop, ENDED_GRACE) if ended else self.settings.idle_stop
        return now - hosted.last_seen >= wait

    async def _reap(self) -> None:
        every = max(0.2, min(30.0, self.settings.idle_stop / 4))
        while True:
            await asyncio.sleep(every)
            now = time.monotonic()
            for conference_id, hosted in list(self.running.items()):
                if self._idle(hosted, now):
                    await self.close(conference_id, if_idle=True)

    async def close(self, conference_id: str, if_idle: bool = False) -> None:
        """Stop a conference (what it stored stays; its links start it again); `if_idle`:
        only if still nobody uses it once its lock is held (a request may have come)."""
        async with self._starting.setdefault(conference_id, asyncio.Lock()):
            hosted = self.running.get(conference_id)
            if hosted is not None and if_idle and not self._idle(hosted, time.monotonic()):
                return
            self.running.pop(conference_id, None)
            if hosted is not None:
                await hosted.runtime.stop()
                print(f"conference {conference_id} stopped", flush=True)

    async def stop(self) -> None:
        if self._reaper is not None:
            self._reaper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reaper
        if self.switchboard is not None:
            await self.switchboard.stop()
        for conference_id in list(self.running):
            await self.close(conference_id)
        if self._listener is not None:
            self._listener.close()
        if self._runner is not None:
            await self._runner.cleanup()
        self.db.close()


async def serve_host(db_path: Path, settings: HostSettings, clock: Clock) -> None:
    """`facilitator server`: until SIGINT or SIGTERM, then every conference stopped cleanly."""
    host = ConferenceHost(db_path, clock, settings)
    await host.start()
    print(f"hub server listening on {settings.serve.host}:{host.port}", flush=True)
    print(f"reached at {host.public_url} (chair links: facilitator server-link CONFERENCE)",
          flush=True)
    if host.switchboard is not None:
        sip_host, sip_port = host.switchboard.address
        print(f"phone line: SIP on {sip_host}:{sip_port} (meeting code, then PIN)", flush=True)
    try:
        await until_signalled()
    finally:
        await host.stop()
        print("stopped", flush=True)

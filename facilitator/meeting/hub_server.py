"""Start the media hub, its HTTPS doors and the phone line for one live meeting.

Called by the meeting runtime (`facilitator.meeting.runtime`), which owns the meeting on the
media loop and passes itself in as the hub's `MeetingPort`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from aiohttp import web
from aiortc import RTCIceServer

from ..domain.clock import Clock
from ..services.database import open_database
from ..services.room_audio.room import DeviceNotice, RoomAudio
from ..services.rtc.certs import ensure_certificate, fingerprint, server_context
from ..services.rtc.chair_token import issue_chair_token
from ..services.rtc.credentials import Credentials
from ..services.rtc.hub import MediaHub
from ..services.rtc.pin_guard import PinGuard
from ..services.rtc.policy import ROOM
from ..services.rtc.port import MeetingPort
from ..services.rtc.room_camera import RoomCamera, camera_frames
from ..services.rtc.server import ConferenceServer
from ..services.rtc.turn import TurnServers, TurnSettingsError, read_secret
from ..services.sip.line import PhoneLine
from ..services.sip.prompts import languages_for
from .settings import Hosting
from .settings import ServeSettings as ServeSettings

log = logging.getLogger(__name__)


@dataclass
class RunningServer:
    server: ConferenceServer
    url: str
    chair_token: str
    chair_token_file: Path
    phone_line: PhoneLine | None = None
    hosted: web.Server | None = None  # on a hub server: what its front door hands requests

    async def stop(self) -> None:
        """The phone line (callers hung up, registration removed), then the server."""
        if self.phone_line is not None:
            await self.phone_line.stop()
        await self.server.stop()


async def start_server(port_: MeetingPort, db_path: Path, conference_id: str,
                       chair_expiry: datetime, settings: ServeSettings,
                       certificate_dir: Path, clock: Clock,
                       open_doors: Callable[[ConferenceServer], object] | None = None,
                       hosting: Hosting | None = None,
                       pin_guard: PinGuard | None = None) -> RunningServer:
    """Start the hub in the running loop. Opens its own database connection (this thread).

    `open_doors(server)` adds the meeting's other doors (the chair's API, the minute-taker's
    seat) to the server before it starts listening. With `hosting`, it listens nowhere: a
    hub server's front door (meeting/host.py) hands it its requests, and gives the one PIN
    limiter of all its conferences (`pin_guard`), which outlives each conference's runtime."""
    turn = turn_servers(settings)  # before anything opens: a wrong secret file stops here
    credentials = Credentials(open_database(db_path), pin_guard)
    if hosting is not None:
        return await _start_hosted(port_, credentials, conference_id, chair_expiry, settings,
                                   certificate_dir, clock, open_doors, hosting, turn)
    room = _room_audio(settings)
    hub = MediaHub(port_, [RTCIceServer(u) for u in settings.ice_servers],
                   video_mode=settings.video_mode, room_audio=room, turn=turn)
    if room is not None:
        _connect_room(room, hub)
    server = ConferenceServer(hub, credentials, conference_id, clock.now)
    if open_doors is not None:
        open_doors(server)
    context = None
    if settings.tls:
        cert, key = ensure_certificate(certificate_dir, [settings.host, "localhost"])
        context = server_context(cert, key)
        pin = fingerprint(cert)
    else:
        pin = None
    try:
        bound = await server.start(settings.host, settings.port, context)
    except OSError as busy:
        if settings.port == 0:
            raise
        log.warning("port %s is not free (%s): using any free port", settings.port, busy)
        await server.stop()
        server = ConferenceServer(MediaHub(port_, [RTCIceServer(u) for u in
                                                   settings.ice_servers],
                                           video_mode=settings.video_mode, turn=turn),
                                  credentials, conference_id, clock.now)
        if open_doors is not None:
            open_doors(server)
        bound = await server.start(settings.host, 0, context)
    server.fingerprint = pin
    chair, token_file = issue_chair_token(server, chair_expiry, certificate_dir)
    scheme = "https" if settings.tls else "http"
    line = None
    if settings.sip is not None:
        nation = port_.conference.details.nation
        line = PhoneLine(server.hub, credentials, conference_id, settings.sip, clock.now,
                         languages_for(nation))
        server.withdrawn_listeners.append(line.withdraw)
        try:
            await line.start()
        except OSError as busy:  # the meeting goes on without its phone line
            log.error("the phone line could not start: %s", busy)
            await line.stop()
            line = None
    if settings.room_camera:
        camera = RoomCamera(camera_frames(settings.room_camera))
        server.hub.room_camera = camera
        camera.start()  # a camera that fails is logged; the meeting goes on without it
    return RunningServer(server, f"{scheme}://{settings.host}:{bound}", chair.token, token_file,
                         line)


async def _start_hosted(port_: MeetingPort, credentials: Credentials, conference_id: str,
                        chair_expiry: datetime, settings: ServeSettings,
                        certificate_dir: Path, clock: Clock,
                        open_doors: Callable[[ConferenceServer], object] | None,
                        hosting: Hosting, turn: TurnServers | None) -> RunningServer:
    """One of a hub server's conferences: its own hub, credentials and doors, no listener,
    room sound or camera (those belong to a room, not a server); with `settings.sip`, a phone
    line without a socket of its own, to which the server's one line routes calls."""
    hub = MediaHub(port_, [RTCIceServer(u) for u in settings.ice_servers],
                   video_mode=settings.video_mode, turn=turn)
    server = ConferenceServer(hub, credentials, conference_id, clock.now)
    if open_doors is not None:
        open_doors(server)
    front = await server.start_hosted(hosting.base_url, hosting.prefix)
    server.fingerprint = hosting.fingerprint
    chair, token_file = issue_chair_token(server, chair_expiry, certificate_dir)
    line = None
    if settings.sip is not None:  # calls come through the hub server's one line
        line = PhoneLine(server.hub, credentials, conference_id, settings.sip, clock.now,
                         languages_for(port_.conference.details.nation))
        server.withdrawn_listeners.append(line.withdraw)
        await line.attach()
    return RunningServer(server, hosting.base_url, chair.token, token_file, line,
                         hosted=front)


def turn_servers(settings: ServeSettings) -> TurnServers | None:
    """The council's TURN server(s) with the shared secret read from its file (read once,
    when serving starts; never logged)."""
    if not settings.turn_servers:
        return None
    if settings.turn_secret_file is None:
        raise TurnSettingsError("TURN servers need the secret shared with them "
                                "(--turn-secret-file)")
    return TurnServers(settings.turn_servers, read_secret(settings.turn_secret_file),
                       settings.turn_lifetime)


def _room_audio(settings: ServeSettings) -> RoomAudio | None:
    if not settings.room_audio:
        return None
    return RoomAudio(lambda frame: None, settings.room_input, settings.room_output)


def _connect_room(room: RoomAudio, hub: MediaHub) -> None:
    """The room's processed microphone into the hub's loop; notices to the chair's window."""
    loop = asyncio.get_running_loop()
    def frame(samples: np.ndarray) -> None:  # RoomAudio's thread
        loop.call_soon_threadsafe(hub.endpoint_audio, ROOM, samples)

    room.on_frame = frame

    def notice(event: DeviceNotice) -> None:
        log.warning("%s", event.message)
        loop.call_soon_threadsafe(hub.device_notice, event.message)

    room.on_notice = notice
    room.start()  # False: a notice was sent and it keeps retrying; the meeting goes on

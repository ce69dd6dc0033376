"""The media hub: who hears and sees whom, enforced on the media itself.

Every 20 ms the mixer gives each connected listener the mix of the people the current
policy lets them hear; video is forwarded only between people both in the meeting. A person
waiting, or out of the current segment, receives silence and no video, and what they send
reaches no one, whatever their browser does.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from aiortc import RTCIceServer

from ...domain import events as ev
from .forward import EncodedVideoSource
from .mixer import FRAME_SAMPLES, SAMPLE_RATE, AudioMixer
from .peer import PeerState, RemotePeer
from .policy import ROOM, MediaPolicy
from .port import MeetingPort
from .turn import TurnServers

log = logging.getLogger(__name__)
TICK = FRAME_SAMPLES / SAMPLE_RATE


@dataclass(frozen=True)
class HubNotice:
    """Something the chair's window may show: connection state, quality, hand, mute."""

    attendee_id: str
    connection: str
    quality: str
    muted: bool
    hand_raised: bool
    message: str = ""  # a sentence for the chair (a room device went away or came back)


# (source id, 48 kHz mono float32, when it was said by the sender's media clock in seconds
# from any origin, or None: asr/sources.py places audio by it)
AudioTap = Callable[[str, np.ndarray, float | None], None]


@dataclass
class PcmEndpoint:
    """A participant whose audio the hub exchanges as 48 kHz mono PCM, not over WebRTC:
    the room's microphone and loudspeakers, or a telephone line. `play` receives the
    endpoint's mix every 20 ms; what it hears is sent with `MediaHub.endpoint_audio`."""

    attendee_id: str
    play: Callable[[np.ndarray], None]
    connection: str = "connected"
    muted: bool = False
    hand_raised: bool = False


class MediaHub:
    def __init__(self, port: MeetingPort, ice_servers: list[RTCIceServer] | None = None,
                 room_audio: Any | None = None, video_mode: str = "forward",
                 turn: TurnServers | None = None) -> None:
        self.video_mode = video_mode
        self.port = port
        self.guard = port.guard  # every byte that leaves for a person is checked by it
        self.ice_servers = ice_servers or []  # configured STUN servers (no credentials)
        self.turn = turn  # the council's TURN server: credentials minted per connection
        self.wall_clock: Callable[[], float] = time.time  # Unix seconds, as coturn counts
        self.mixer = AudioMixer()
        self.peers: dict[str, RemotePeer] = {}
        self.policy: MediaPolicy = port.policy()
        self.pcm_endpoints: dict[str, PcmEndpoint] = {}
        self.audio_taps: list[AudioTap] = []  # e.g. speech recognition, in-meeting audio only
        self.notices: list[Callable[[HubNotice], None]] = []
        self.tiles: list[Callable[[str, int, int, bytes], None]] = []  # the chair's tiles
        self.room_camera: EncodedVideoSource | None = None  # encoded once for everyone
        self.state_listeners: list[Callable[[str], None]] = []  # attendee id changed
        self.room_audio = room_audio
        if room_audio is not None:  # has push_output(samples); its microphone: room_input()
            self.add_pcm_endpoint(PcmEndpoint(ROOM, room_audio.push_output))
        self._tick_task: asyncio.Task[None] | None = None
        self._stats_task: asyncio.Task[None] | None = None
        self.ticks = 0
        self.late_ticks = 0
        port.on_policy(self._policy_changed)

    # ---- lifecycle ------------------------------------------------------------------------
    def start(self) -> None:
        if self._tick_task is None:
            self._tick_task = asyncio.ensure_future(self._run_ticks())
            self._stats_task = asyncio.ensure_future(self._run_stats())

    async def stop(self) -> None:
        if self.room_audio is not None:
            self.room_audio.stop()  # the room's sound devices
        camera = self.room_camera
        if camera is not None and hasattr(camera, "stop"):
            await camera.stop()
        for task in (self._tick_task, self._stats_task):
            if task is not None:
                task.cancel()
        await asyncio.gather(*(p.close() for p in self.peers.values()), return_exceptions=True)
        self.peers.clear()

    # ---- ICE servers ----------------------------------------------------------------------
    def ice_servers_for(self, attendee_id: str) -> list[RTCIceServer]:
        """The hub's own servers for its connection to this person: the council's TURN
        server first (aiortc uses the first it finds), with a credential of its own."""
        servers = []
        if self.turn is not None:
            urls, credential = self.turn.for_hub(attendee_id, self.wall_clock())
            servers.append(RTCIceServer(urls, credential.username, credential.password))
        return servers + list(self.ice_servers)

    def page_ice_servers(self, attendee_id: str) -> list[dict[str, Any]]:
        """The join page's `iceServers` for one connection (sent in the signalling "hello",
        never in the HTML): the TURN server with this person's fresh credential, and any
        configured STUN server."""
        servers = []
        if self.turn is not None:
            servers.append(self.turn.for_page(attendee_id, self.wall_clock()))
        return servers + [{"urls": [server.urls] if isinstance(server.urls, str)
                           else list(server.urls)} for server in self.ice_servers]

    # ---- peers ----------------------------------------------------------------------------
    def add_peer(self, attendee_id: str, name: str, audio_only: bool) -> RemotePeer:
        peer = RemotePeer(attendee_id, name, audio_only, self.ice_servers_for(attendee_id),
                          on_audio=self._incoming_audio, on_state=self._peer_state,
                          video_mode=self.video_mode,
                          on_tile=self._tile if self.tiles else None)
        self.peers[attendee_id] = peer
        return peer

    async def drop_peer(self, attendee_id: str, peer: RemotePeer) -> None:
        if self.peers.get(attendee_id) is peer:
            del self.peers[attendee_id]
            self.mixer.remove_source(attendee_id)
            self._notify(attendee_id, "disconnected")
        await peer.close()
        self.assign_video()

    def device_notice(self, message: str) -> None:
        """A room device went away or came back: the chair's window shows the message."""
        for listener in list(self.notices):
            listener(HubNotice(ROOM, "device", "", False, False, message))

    def add_pcm_endpoint(self, endpoint: PcmEndpoint) -> None:
        self.pcm_endpoints[endpoint.attendee_id] = endpoint
        self._notify(endpoint.attendee_id, endpoint.connection)

    def remove_pcm_endpoint(self, attendee_id: str) -> None:
        if self.pcm_endpoints.pop(attendee_id, None) is not None:
            self.mixer.remove_source(attendee_id)
            self._notify(attendee_id, "disconnected")

    def endpoint_audio(self, attendee_id: str, samples: np.ndarray,
                       media_time: float | None = None) -> None:
        """What a PCM endpoint's microphone or line picked up (48 kHz mono float32);
        `media_time`: when, by its media clock (a phone line's RTP timestamps), if it has one."""
        endpoint = self.pcm_endpoints.get(attendee_id)
        if endpoint is None or endpoint.muted:
            return
        if attendee_id == ROOM:
            self.room_input(samples)
        else:
            self._incoming_audio(attendee_id, samples, media_time)

    def _tile(self, attendee_id: str, width: int, height: int, rgb: bytes) -> None:
        for listener in list(self.tiles):
            listener(attendee_id, width, height, rgb)

    def connected(self, attendee_id: str) -> bool:
        if attendee_id in self.pcm_endpoints:
            return True
        peer = self.peers.get(attendee_id)
        return peer is not None and peer.state in (PeerState.CONNECTING, PeerState.CONNECTED)

    def _incoming_audio(self, source_id: str, samples: np.ndarray,
                        media_time: float | None = None) -> None:
        # What someone out of the meeting says is dropped here, before any mix or transcript.
        if not self.guard.admits_live(source_id):
            return
        peer = self.peers.get(source_id)
        if peer is not None and peer.muted:
            return
        self.mixer.source(source_id).push(samples)
        for tap in self.audio_taps:
            tap(source_id, samples, media_time)

    def room_input(self, samples: np.ndarray) -> None:
        """The room microphone (already echo-cancelled when that is configured)."""
        if self.guard.admits_live(ROOM) and not self.policy.room_muted:
            self.mixer.source(ROOM).push(samples)
            for tap in self.audio_taps:
                tap(ROOM, samples, None)  # a sound card: no media clock, placed by arrival

    def _peer_state(self, peer: RemotePeer) -> None:
        self._notify(peer.attendee_id, peer.state.value)
        if peer.state is PeerState.CONNECTED:
            self.assign_video()

    def _notify(self, attendee_id: str, connection: str) -> None:
        peer = self.peers.get(attendee_id)
        endpoint = self.pcm_endpoints.get(attendee_id)
        if peer is not None:
            notice = HubNotice(attendee_id, connection, peer.line.describe(), peer.muted,
                               peer.hand_raised)
        elif endpoint is not None:
            notice = HubNotice(attendee_id, connection, "", endpoint.muted,
                               endpoint.hand_raised)
        else:
            notice = HubNotice(attendee_id, connection, "", False, False)
        for listener in list(self.notices):
            listener(notice)

    def peer_changed(self, attendee_id: str) -> None:
        peer = self.peers.get(attendee_id)
        if peer is not None:
            self._notify(attendee_id, peer.state.value)

    # ---- policy ---------------------------------------------------------------------------
    def _policy_changed(self, policy: MediaPolicy, event: ev.Event | None, number: int) -> None:
        before = self.policy
        self.policy = policy
        room = self.pcm_endpoints.get(ROOM)
        if room is not None and room.muted != policy.room_muted:
            room.muted = policy.room_muted  # the room's microphone reaches no one
            self._notify(ROOM, "muted" if policy.room_muted else "connected")
        for source in list(self.mixer.sources):
            if source not in policy.in_meeting:
                self.mixer.remove_source(source)  # nothing buffered leaks into the next part
        self.assign_video()
        everyone = set(self.peers) | set(self.pcm_endpoints)
        changed = {a for a in everyone if (a in before.in_meeting) != (a in policy.in_meeting)}
        if isinstance(event, ev.ParticipantRemoved):
            changed.add(event.attendee_id)
        for attendee_id in changed | everyone:
            for listener in list(self.state_listeners):
                listener(attendee_id)

    def assign_video(self) -> None:
        """Each in-meeting peer's slots show the cameras of the others in the meeting."""
        guard = self.guard
        cameras: list[Any] = [p.camera for a, p in sorted(self.peers.items())
                              if p.camera is not None and guard.admits_live(a)]
        if self.room_camera is not None and guard.admits_live(ROOM):
            cameras.insert(0, self.room_camera)
        for attendee_id, peer in self.peers.items():
            allowed = guard.admits_live(attendee_id)
            visible = [c for c in cameras if c.source_id != attendee_id] if allowed else []
            for index, slot in enumerate(peer.slots):
                source = visible[index] if index < len(visible) else None
                if slot.source is not source:
                    if source is None:
                        slot.switch_to(None)
                    else:
                        source.subscribe(slot)

    def slot_names(self, attendee_id: str) -> list[str]:
        peer = self.peers.get(attendee_id)
        if peer is None:
            return []
        return [self.policy.name_of(s.source.source_id) if s.source else "" for s in peer.slots]

    # ---- the 20 ms clock ------------------------------------------------------------------
    async def _run_ticks(self) -> None:
        loop = asyncio.get_running_loop()
        next_at = loop.time()
        while True:
            next_at += TICK
            delay = next_at - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            elif delay < -0.1:  # fell far behind (a stall): skip ahead, don't burst
                self.late_ticks += 1
                next_at = loop.time()
            try:
                self._tick()
            except Exception:
                log.exception("audio tick failed")

    def _tick(self) -> None:
        self.ticks += 1
        listeners = {a: False for a, p in self.peers.items() if p.state is not PeerState.CLOSED}
        listeners.update({a: True for a in self.pcm_endpoints})
        result = self.mixer.tick(listeners, self.guard.may_hear, self.policy.interpreters_for)
        for attendee_id, payloads in result.encoded.items():
            peer = self.peers.get(attendee_id)
            if peer is not None:
                peer.audio_out.push(payloads)
        for attendee_id, samples in result.pcm.items():
            endpoint = self.pcm_endpoints.get(attendee_id)
            if endpoint is not None:
                try:
                    endpoint.play(samples)
                except Exception:  # one broken line or device must not stop the others
                    log.exception("audio output for %s failed", attendee_id)

    async def _run_stats(self) -> None:
        while True:
            await asyncio.sleep(2.0)
            for attendee_id, peer in list(self.peers.items()):
                await peer.refresh_stats()
                self._notify(attendee_id, peer.state.value)

    def cpu_time(self) -> float:
        return time.process_time()

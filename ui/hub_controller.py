"""Runs the media hub in its own asyncio thread beside the chair's window.

The window's thread owns the conference; the hub asks it to run commands (ThreadPort) and
receives a fresh media policy after each stored event. Hub notices (connection state,
quality, hands, mutes) come back to the window through the GUI inbox.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from facilitator.services.database import open_database
from facilitator.services.loop_thread import LoopThread
from facilitator.services.minutes_client import MinutesLink
from facilitator.services.rtc.credentials import CredentialRole, Credentials, default_expiry
from facilitator.services.rtc.hub import HubNotice
from facilitator.services.rtc.media_loop import new_media_loop
from facilitator.services.rtc.policy import ROOM
from facilitator.services.rtc.port import ThreadPort
from facilitator.services.rtc.serve import RunningServer, ServeSettings, start_server
from facilitator.services.transcription import LiveTranscription

from .bridge import AsyncBridge, GuiInbox, SessionBridge

log = logging.getLogger(__name__)


class HubController(QObject):
    started = Signal(str)  # the join page's base address
    failed = Signal(str)
    notice = Signal(object)  # HubNotice, in the GUI thread
    tile = Signal(str, int, int, bytes)  # attendee id, width, height, RGB

    def __init__(self, bridge: SessionBridge, db_path: Path, settings: ServeSettings,
                 certificate_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.settings = settings
        self.loop_thread = LoopThread("facilitator-media", new_media_loop).start()
        self.inbox = GuiInbox(self)
        self.port = ThreadPort(bridge.session, self.loop_thread.loop, self.inbox.call)
        self._unsubscribe = bridge.session.subscribe(self.port.changed)
        self.async_bridge = AsyncBridge(self.loop_thread, self)
        self.async_bridge.finished.connect(self._finished)
        self.async_bridge.failed.connect(self._failed)
        self.running: RunningServer | None = None
        self._transcription: LiveTranscription | None = None
        self.url = ""
        self.credentials = Credentials(open_database(db_path))  # this thread's connection
        conference = bridge.conference
        self.async_bridge.submit("start", start_server(
            self.port, db_path, conference.id, default_expiry(conference), settings,
            certificate_dir))

    def _finished(self, tag: object, result: object) -> None:
        if tag == "start":
            assert isinstance(result, RunningServer)
            self.running = result
            self.url = result.url
            result.server.hub.notices.append(self._notice_from_loop)
            result.server.hub.tiles.append(self._tile_from_loop)
            room = result.server.hub.room_audio
            if room is not None and not room.running:  # said before we were listening
                self.notice.emit(HubNotice(
                    ROOM, "device", "", False, False,
                    "The room's microphone or loudspeakers cannot be opened: the room and "
                    "remote people cannot hear each other. The meeting goes on; it is retried "
                    "every second."))
            self._attach_transcription()
            self.started.emit(result.url)

    def _failed(self, tag: object, message: str) -> None:
        log.error("media hub %s failed: %s", tag, message)
        self.failed.emit(f"Remote participants are unavailable: {message}")

    def _tile_from_loop(self, attendee_id: str, width: int, height: int, rgb: bytes) -> None:
        self.inbox.post(lambda: self.tile.emit(attendee_id, width, height, rgb))

    def _notice_from_loop(self, notice: HubNotice) -> None:
        self.inbox.post(lambda: self.notice.emit(notice))

    def links(self) -> list[tuple[str, str, str, str]]:
        """(name, link, meeting code, PIN) of each remote person, issuing what is missing."""
        conference = self.bridge.conference
        rows = []
        for person in conference.attendees.values():
            if person.mode.is_remote:
                credential = self.credentials.issue_for(conference, person.id)
                rows.append((person.name, f"{self.url}/join/{credential.token}",
                             credential.code, credential.pin))
        return rows

    def minute_taker_link(self) -> str | None:
        """The minute-taker's personal link, pinned to this computer's certificate."""
        conference = self.bridge.conference
        taker = next((a.id for a in conference.attendees.values()
                      if a.role_key == "minute_taker"), None)
        if taker is None or self.running is None:
            return None
        credential = self.credentials.issue_for(conference, taker, CredentialRole.MINUTE_TAKER)
        return MinutesLink(self.url, credential.token, self.running.server.fingerprint).format()

    def feed_transcription(self, live: LiveTranscription) -> None:
        """In-meeting remote audio (as the hub lets it through) goes to the recogniser too."""
        self._transcription = live
        if self.running is not None:
            self._attach_transcription()

    def _attach_transcription(self) -> None:
        live = self._transcription
        if live is None or self.running is None or not live.running:
            return
        hub = self.running.server.hub
        self.loop_thread.loop.call_soon_threadsafe(hub.audio_taps.append, live.remote_audio)
        self.port.transcribed = True
        self.port.changed(None)  # the join page says the meeting is transcribed

    def partial_caption(self, speaker_id: str | None, text: str, speaking: bool) -> None:
        """Any thread (the recogniser's): 'someone is speaking' captions for those in."""
        running = self.running
        if running is not None:
            self.loop_thread.loop.call_soon_threadsafe(
                running.server.partial_caption, speaker_id, text, speaking)

    def ask_to_unmute(self, attendee_id: str) -> None:
        if self.running is not None:
            self.async_bridge.submit("unmute", self.running.server.ask_to_unmute(attendee_id))

    def stop(self) -> None:
        self._unsubscribe()
        if self.running is not None:
            future = self.loop_thread.submit(self.running.stop())
            try:
                future.result(timeout=5)
            except Exception:  # shutting down: log, never hang the window's close
                log.exception("stopping the media hub")
        self.loop_thread.stop()

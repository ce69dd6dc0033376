"""The live conference's one owner: the only place it is composed.

`MeetingRuntime` runs on the media loop (asyncio; `services.rtc.media_loop`) and owns there:
the session (its own database connection), the meeting API and its feed, the egress guard, the
media hub with its HTTPS doors (join page, chair's API, minute-taker channel), the phone line,
the room's sound and camera, and live transcription. The chair's window runs it on a loop
thread of its own (`thread.RuntimeThread`) and is a client of its API and feed;
`facilitator serve --headless` runs it on the main thread's loop; the tests do either. Both
transcribe exactly alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..app import ConferenceSession
from ..domain.clock import Clock
from ..services.asr.settings import AsrSettings
from ..services.database import open_database
from ..services.rtc.credentials import default_expiry
from ..services.rtc.hub import HubNotice
from ..services.rtc.pin_guard import PinGuard
from ..services.store import EventStore
from .api import MeetingApi
from .doors import open_doors
from .egress import ROOM
from .feed import Feed, NoticeItem, TileItem
from .hub_links import JoinRow, join_links, minute_taker_link
from .hub_server import RunningServer, start_server
from .settings import Hosting, ServeSettings
from .speech import MeetingSpeech, load_engine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MeetingOptions:
    """How the live meeting is composed."""

    serve: ServeSettings | None = None  # None: no media hub (a window with --no-serve)
    transcription: bool = True  # council policy may switch speech recognition off
    asr: AsrSettings | None = None  # default: from the environment
    room_microphone: bool = True  # without the room's sound in the hub: its own microphone
    tiles: bool = False  # decode cameras for the chair's tiles
    certificate_dir: Path | None = None  # default: beside the database
    hosting: Hosting | None = None  # one of a hub server's conferences (meeting/host.py)
    pin_guard: PinGuard | None = None  # a hub server's, shared: wrong PINs outlive a runtime

    def certificates(self, db_path: Path) -> Path:
        return self.certificate_dir or db_path.parent / "certificates"


@dataclass
class SpeechState:
    """What the chair's header says about transcription."""

    text: str = "off (typed notes)"
    listeners: list[Callable[[str], None]] = field(default_factory=list)

    def set(self, text: str) -> None:
        self.text = text
        for listener in list(self.listeners):
            listener(text)


class MeetingRuntime:
    def __init__(self, db_path: Path, conference_id: str, clock: Clock,
                 options: MeetingOptions | None = None) -> None:
        self.db_path = db_path
        self.conference_id = conference_id
        self.clock = clock
        self.options = options or MeetingOptions()
        self.feed = Feed()
        self.speech_state = SpeechState()
        self._api: MeetingApi | None = None
        self.server: RunningServer | None = None
        self.speech: MeetingSpeech | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self._speech_task: asyncio.Task[None] | None = None
        self._store: EventStore | None = None
        self._stopped = False

    @property
    def api(self) -> MeetingApi:
        if self._api is None:
            raise RuntimeError("the meeting runtime has not started")
        return self._api

    @property
    def url(self) -> str:
        return self.server.url if self.server is not None else ""

    # ---- what only the running hub knows (on the media loop) ------------------------------
    def join_links(self) -> list[JoinRow]:
        """(name, link, meeting code, PIN) of each remote person, issuing what is missing."""
        running = self.server
        if running is None:
            return []
        return join_links(running.server, self.api.conference, running.url)

    def minute_taker_link(self) -> str | None:
        """The minute-taker's personal link, pinned to this computer's certificate."""
        running = self.server
        if running is None:
            return None
        return minute_taker_link(running.server, self.api.conference, running.url)

    async def ask_to_unmute(self, attendee_id: str) -> bool:
        running = self.server
        return running is not None and await running.server.ask_to_unmute(attendee_id)

    # ---- lifecycle (on the media loop) ---------------------------------------------------
    async def start(self) -> MeetingRuntime:
        """Open the meeting and start its parts. A hub that cannot start is a notice, not a
        failure: the meeting goes on in the room. Transcription loads in the background."""
        self.loop = asyncio.get_running_loop()
        store = EventStore(open_database(self.db_path))  # this loop's own connection
        self._store = store
        session = ConferenceSession.open(store, self.conference_id, self.clock)
        api = MeetingApi(session, self.feed)
        api.own_here()
        self._api = api
        settings = self.options.serve
        if settings is not None:
            try:
                self.server = await start_server(
                    api, self.db_path, self.conference_id,
                    default_expiry(session.conference), settings,
                    self.options.certificates(self.db_path), self.clock,
                    open_doors=lambda server: open_doors(server, api, self.speech_state),
                    hosting=self.options.hosting, pin_guard=self.options.pin_guard)
            except Exception as failed:
                log.exception("the media hub could not start")
                self._notice(HubNotice(ROOM, "device", "", False, False,
                                       f"Remote participants are unavailable: {failed}"))
            else:
                self._wire_hub(self.server)
        if self.options.transcription:
            self.speech_state.set("starting…")
            self._speech_task = asyncio.ensure_future(self._start_speech())
        else:
            self.speech_state.set("off (typed notes)")
        return self

    def _wire_hub(self, running: RunningServer) -> None:
        hub = running.server.hub
        hub.notices.append(self._notice)
        if self.options.tiles:
            hub.tiles.append(lambda who, width, height, rgb: self.feed.publish(
                TileItem(who, width, height, rgb)))
        room = hub.room_audio
        if room is not None and not room.running:  # said before anyone was listening
            self._notice(HubNotice(
                ROOM, "device", "", False, False,
                "The room's microphone or loudspeakers cannot be opened: the room and remote "
                "people cannot hear each other. The meeting goes on; it is retried every "
                "second."))

    def _notice(self, notice: HubNotice) -> None:
        self.feed.publish(NoticeItem(notice))

    async def _start_speech(self) -> None:
        settings = self.options.asr or AsrSettings.from_env()
        self.speech_state.set("starting…")
        loaded = await asyncio.to_thread(load_engine, settings)
        if self._stopped:
            return
        serve = self.options.serve
        room_in_hub = self.server is not None and serve is not None and serve.room_audio
        speech = MeetingSpeech(
            self.api, settings, loaded=loaded, loop=self.loop,
            on_problem=self._speech_problem, on_behind=self.speech_state.set,
            microphone=self.options.room_microphone and not room_in_hub)
        self.speech = speech
        self.speech_state.set(speech.state)
        if not speech.running:
            return
        if self.server is not None:
            server = self.server.server
            server.hub.audio_taps.append(speech.remote_audio)
            speech.partial_listeners.append(server.partial_caption)
        self.api.set_transcribed(True)  # join pages say the meeting is transcribed

    def _speech_problem(self, message: str) -> None:  # the recogniser's thread
        loop = self.loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._notice, HubNotice(
                ROOM, "speech", "", False, False, message))

    async def stop(self) -> None:
        """Finish what is being said and store it, hang up the phone line, stop the hub."""
        if self._stopped:
            return
        self._stopped = True
        if self._speech_task is not None:
            self._speech_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._speech_task
        speech = self.speech
        if speech is not None:
            await asyncio.to_thread(speech.stop)
            speech.close()
        if self.server is not None:
            await self.server.stop()
        if self._api is not None:
            self._api.close()
        if self._store is not None:
            self._store.db.close()

    async def serve_until_stopped(self) -> None:
        """Headless: until SIGINT or SIGTERM (Ctrl+C on Windows), then a clean stop."""
        try:
            await until_signalled()
        finally:
            await self.stop()


async def until_signalled() -> None:
    """Return on SIGINT or SIGTERM. Windows has no signal handlers in asyncio: there Ctrl+C
    raises KeyboardInterrupt instead."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    await stop.wait()


async def serve_headless(db_path: Path, conference_id: str, settings: ServeSettings,
                         clock: Clock, transcription: bool = True) -> None:
    """`facilitator serve --headless`: the same runtime as the window's, without the window.

    Prints where it listens and where the chair's token is; never a name (a room computer's
    journal is not the place for a child's name)."""
    # the room's microphone reaches the recogniser through the hub (echo removed) or not at all
    options = MeetingOptions(serve=settings, transcription=transcription,
                             room_microphone=False)
    runtime = MeetingRuntime(db_path, conference_id, clock, options)
    await runtime.start()
    running = runtime.server
    print(f"serving conference {conference_id}", flush=True)  # no names in the output
    if running is not None:
        print(f"listening on {running.url}  (join links: GET {running.url}/api/links)",
              flush=True)
        print(f"chair's API token: in {running.chair_token_file}", flush=True)
        if running.phone_line is not None:
            sip_host, sip_port = running.phone_line.address
            print(f"phone line: SIP on {sip_host}:{sip_port}", flush=True)
    runtime.speech_state.listeners.append(
        lambda text: print(f"transcription: {text}", flush=True))
    print(f"transcription: {runtime.speech_state.text}", flush=True)
    try:
        await runtime.serve_until_stopped()
    finally:
        print("stopped", flush=True)

"""Start the chair's window."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from facilitator.app import ConferenceSession
from facilitator.domain.clock import Clock, SystemClock
from facilitator.services.asr.engine import Engine
from facilitator.services.asr.pipeline import PartialText
from facilitator.services.database import open_database
from facilitator.services.rtc.settings import ServeSettings
from facilitator.services.store import EventStore
from facilitator.services.transcription import LiveTranscription, load_engine

from .bridge import GuiInbox, SessionBridge
from .chair_window import ChairWindow
from .hub_controller import HubController

TRANSCRIPTION_ENV = "FACILITATOR_TRANSCRIPTION"  # "off": no speech recognition (council policy)


def open_chair_window(store: EventStore, conference_id: str, clock: Clock | None = None
                      ) -> ChairWindow:
    session = ConferenceSession.open(store, conference_id, clock or SystemClock())
    window = ChairWindow(SessionBridge(session))
    return window


def run_window(db_path: Path, conference_id: str | None, screenshot: Path | None = None,
               serve: ServeSettings | None = None) -> int:
    """Open the chair's window; with `screenshot`, save the whole screen once shown and quit."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Conference Facilitator")
    store = EventStore(open_database(db_path))
    if conference_id is None:
        conferences = store.conferences()
        if not conferences:
            from facilitator.cli import create_demo
            conference_id = create_demo(store, SystemClock()).id
        else:
            conference_id = conferences[-1].id
    else:
        conference_id = store.resolve(conference_id)
    window = open_chair_window(store, conference_id)
    if serve is not None:
        window.attach_hub(HubController(window.bridge, db_path, serve,
                                        db_path.parent / "certificates", window))
    window.show()
    loaders: list[threading.Thread] = []
    if transcription_wanted():
        # after the window shows: loading a speech model takes a moment
        QTimer.singleShot(0, lambda: loaders.append(start_transcription(window)))
    if screenshot is not None:
        QTimer.singleShot(1500, lambda: _save_screen(window, screenshot))
    code = int(app.exec())
    for loader in loaders:  # a model half-loaded at exit would abort the process
        loader.join(timeout=30)
    if window.transcription is not None:
        window.transcription.stop()
    return code


def transcription_wanted() -> bool:
    return os.environ.get(TRANSCRIPTION_ENV, "on").strip().lower() not in ("off", "0", "no")


def start_transcription(window: ChairWindow) -> threading.Thread:
    inbox = GuiInbox(window)

    def partial(text: PartialText) -> None:  # the recogniser's thread
        inbox.post(lambda: window.show_partial(text))
        if window.hub is not None:
            window.hub.partial_caption(text.speaker_id, text.text, text.speaking)

    def attach(loaded: tuple[Engine | None, str]) -> None:  # the window's thread
        # with the room's sound in the hub, the recogniser hears the room echo-free from it
        room_in_hub = window.hub is not None and window.hub.settings.room_audio
        live = LiveTranscription(
            window.bridge.session, on_partial=partial, loaded=loaded,
            microphone=not room_in_hub,
            on_problem=lambda message: inbox.post(
                lambda: window.statusBar().showMessage(message)),
        )
        window.attach_transcription(live)

    def load() -> None:  # a worker thread: the window stays responsive meanwhile
        loaded = load_engine()
        inbox.post(lambda: attach(loaded))

    loader = threading.Thread(target=load, name="load-speech-model", daemon=True)
    loader.start()
    return loader


def _save_screen(window: ChairWindow, target: Path) -> None:
    """What the display server shows (not a widget render), then quit."""
    target.parent.mkdir(parents=True, exist_ok=True)
    screen = window.screen()
    picture = screen.grabWindow(0) if screen is not None else window.grab()
    saved = picture.save(str(target))
    print(f"screenshot {'saved to' if saved else 'FAILED for'} {target}", flush=True)
    window.close()
    QApplication.quit()

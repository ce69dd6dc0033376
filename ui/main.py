"""Start the chair's window: the meeting runtime on its media loop, the window its client."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from facilitator.cli import create_demo, transcription_wanted
from facilitator.domain.clock import Clock, SystemClock
from facilitator.domain.errors import DomainError
from facilitator.meeting.remote_client import outbox_path
from facilitator.meeting.room_link_client import RoomLinkRunner, RoomLinkSettings
from facilitator.meeting.runtime import MeetingOptions, MeetingRuntime
from facilitator.meeting.settings import ServeSettings
from facilitator.meeting.thread import RuntimeThread
from facilitator.services.chair_link import ChairLink
from facilitator.services.database import open_database
from facilitator.services.store import EventStore

from .chair_window import ChairWindow
from .language import chosen_language, install_translator
from .meeting_client import MeetingClient
from .remote_meeting import RemoteMeeting


def start_meeting(db_path: Path, conference_id: str, clock: Clock,
                  options: MeetingOptions) -> MeetingClient:
    """The live meeting on a loop thread of its own, and the window's client of it."""
    thread = RuntimeThread(MeetingRuntime(db_path, conference_id, clock, options)).start()
    return MeetingClient(thread)


def stop_meeting(client: MeetingClient) -> None:
    client.close()
    client.loop.stop()


def start_remote(link: ChairLink, clock: Clock | None = None) -> RemoteMeeting:
    """The meeting on a remote hub: connected, its log received (DomainError if not)."""
    return RemoteMeeting(link, clock, outbox=outbox_path(link)).connect_to_hub()


def run_remote_window(link: ChairLink, screenshot: Path | None = None,
                      room: RoomLinkSettings | None = None) -> int:
    """`facilitator open --hub CHAIR_LINK`: the chair's window as a client of a hub server;
    with `room` (the default; not with --no-room-audio), this computer's microphone,
    loudspeakers and camera join the hub as the meeting room."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Conference Facilitator")
    install_translator(app, chosen_language())  # --language cy: the window in Welsh
    try:
        client = start_remote(link)
    except DomainError as refused:
        QMessageBox.critical(None, QCoreApplication.translate(
            "Main", "Cannot open the conference"), str(refused))
        print(f"facilitator: {refused}", file=sys.stderr)
        return 1
    room_link = RoomLinkRunner(link, room) if room is not None else None
    window = ChairWindow(client)
    window.show()
    if screenshot is not None:
        QTimer.singleShot(1500, lambda: _save_screen(window, screenshot))
    try:
        return int(app.exec())
    finally:
        if room_link is not None:
            room_link.stop()
        client.close()


def run_window(db_path: Path, conference_id: str | None, screenshot: Path | None = None,
               serve: ServeSettings | None = None) -> int:
    """Open the chair's window; with `screenshot`, save the whole screen once shown and quit."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Conference Facilitator")
    install_translator(app, chosen_language())  # --language cy: the window in Welsh
    clock = SystemClock()
    store = EventStore(open_database(db_path))
    if conference_id is None:
        conferences = store.conferences()
        conference_id = (create_demo(store, clock).id if not conferences
                         else conferences[-1].id)
    else:
        conference_id = store.resolve(conference_id)
    store.db.close()  # the meeting runtime opens its own connection, on its own thread
    options = MeetingOptions(serve=serve, transcription=transcription_wanted(), tiles=True)
    client = start_meeting(db_path, conference_id, clock, options)
    window = ChairWindow(client)
    window.show()
    if screenshot is not None:
        QTimer.singleShot(1500, lambda: _save_screen(window, screenshot))
    try:
        return int(app.exec())
    finally:
        stop_meeting(client)  # what is still being said is stored before the process ends


def _save_screen(window: ChairWindow, target: Path) -> None:
    """What the display server shows (not a widget render), then quit."""
    target.parent.mkdir(parents=True, exist_ok=True)
    screen = window.screen()
    picture = screen.grabWindow(0) if screen is not None else window.grab()
    saved = picture.save(str(target))
    print(f"screenshot {'saved to' if saved else 'FAILED for'} {target}", flush=True)
    window.close()
    QApplication.quit()

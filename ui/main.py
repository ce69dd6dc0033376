"""Start the chair's window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from facilitator.app import ConferenceSession
from facilitator.services.database import open_database
from facilitator.services.rtc.serve import ServeSettings
from facilitator.services.store import EventStore

from .bridge import SessionBridge
from .chair_window import ChairWindow
from .hub_controller import HubController


def open_chair_window(store: EventStore, conference_id: str) -> ChairWindow:
    session = ConferenceSession.open(store, conference_id)
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
            conference_id = create_demo(store).id
        else:
            conference_id = conferences[-1].id
    else:
        conference_id = store.resolve(conference_id)
    window = open_chair_window(store, conference_id)
    if serve is not None:
        window.attach_hub(HubController(window.bridge, db_path, serve,
                                        db_path.parent / "certificates", window))
    window.show()
    if screenshot is not None:
        QTimer.singleShot(1500, lambda: _save_screen(window, screenshot))
    return int(app.exec())


def _save_screen(window: ChairWindow, target: Path) -> None:
    """What the display server shows (not a widget render), then quit."""
    target.parent.mkdir(parents=True, exist_ok=True)
    screen = window.screen()
    picture = screen.grabWindow(0) if screen is not None else window.grab()
    saved = picture.save(str(target))
    print(f"screenshot {'saved to' if saved else 'FAILED for'} {target}", flush=True)
    window.close()
    QApplication.quit()

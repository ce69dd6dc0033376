"""Start the chair's window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from facilitator.app import ConferenceSession
from facilitator.services.database import open_database
from facilitator.services.store import EventStore

from .bridge import SessionBridge
from .chair_window import ChairWindow


def open_chair_window(store: EventStore, conference_id: str) -> ChairWindow:
    session = ConferenceSession.open(store, conference_id)
    window = ChairWindow(SessionBridge(session))
    return window


def run_window(db_path: Path, conference_id: str | None) -> int:
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
    window.show()
    return int(app.exec())

#!/usr/bin/env python3
"""The chair's window with the participation view, from the scripted demo meeting of
tests/ui/participation_scenario.py, 10 minutes after the family last spoke (the prompt shows),
with the social worker's line about Maisie marked as her views.

    xvfb-run -a .venv/bin/python scripts/screenshot_participation.py \
        docs/screenshots/participation.png
"""

from __future__ import annotations

import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from facilitator.app import ConferenceSession
from facilitator.cli import demo_data
from facilitator.domain.child_focus import FocusPart
from facilitator.domain.clock import ManualClock, SystemClock
from facilitator.services.conference_file import build_conference
from facilitator.services.database import open_database
from facilitator.services.store import EventStore
from tests.live_meeting import QUIET
from tests.ui.participation_scenario import play
from ui.chair_window import ChairWindow
from ui.main import start_meeting, stop_meeting


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "facilitator.sqlite3"
        clock = ManualClock(SystemClock().now())
        store = EventStore(open_database(db))
        conference = store.create(build_conference(demo_data(clock.now()), clock.now()))
        clock.set(conference.details.scheduled_start + timedelta(minutes=1))
        ConferenceSession(store, conference, clock)
        client = start_meeting(db, conference.id, clock, QUIET)
        window = ChairWindow(client)
        window.ticker.stop()
        window.resize(1400, 860)
        window.show()
        last_family = play(window, clock)
        line = next(u for u in client.conference.transcript()
                    if u.text.startswith("Maisie told me"))
        window.run(window.api.mark_child_focus, line.id, "maisie", FocusPart.VIEWS, "chair",
                   True)
        clock.set(last_family + timedelta(minutes=10))
        window.tick()
        for _ in range(20):
            app.processEvents()
        window.grab().save(str(out))
        print(f"saved {out}")
        window.close()
        stop_meeting(client)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots/participation.png"))

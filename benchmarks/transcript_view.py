"""Append an utterance and apply an edit with 3,000 lines in the view (target: p95 < 5 ms).

Measures the whole path a user waits for, as the app runs it: the use case handed to the
meeting runtime's media loop thread, the domain command, the durable SQLite commit (WAL,
synchronous=FULL) on a real file, the feed back to the window's copy, and the Qt model update.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from facilitator.cli import demo_data
from facilitator.domain.clock import ManualClock, SystemClock
from facilitator.domain.events import UtteranceRecorded
from facilitator.domain.transcript import UtteranceSource
from facilitator.meeting.runtime import MeetingOptions
from facilitator.services.asr.results import RECOGNISER
from facilitator.services.conference_file import build_conference
from facilitator.services.database import open_database
from facilitator.services.store import EventStore
from ui.chair_window import ChairWindow
from ui.main import start_meeting, stop_meeting


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.sqlite3"
        store = EventStore(open_database(db_path))
        clock = ManualClock(SystemClock().now())
        conference = store.create(build_conference(demo_data(clock.now()), clock.now()))
        store.db.close()  # the meeting runtime opens its own connection on its loop
        clock.set(conference.details.scheduled_start)
        client = start_meeting(db_path, conference.id, clock, MeetingOptions(
            serve=None, transcription=False, room_microphone=False))
        api = client.api
        window = ChairWindow(client)
        window.ticker.stop()
        window.show()
        assert client.run(api.start_meeting) is not None

        def say(text: str) -> str:
            clock.advance(seconds=2)
            now = clock.now()
            events = client.run(api.record_utterance, None, UtteranceSource.ROOM,
                                now - timedelta(seconds=1), now, text, 0.9, RECOGNISER)
            assert events is not None and isinstance(events[0], UtteranceRecorded)
            return events[0].utterance_id

        ids = [say(f"line {n}") for n in range(3000)]
        app.processEvents()
        appends, edits = [], []
        for n in range(200):
            start = time.perf_counter()
            say(f"new line {n}")
            app.processEvents()
            appends.append((time.perf_counter() - start) * 1000)
            target = ids[(n * 37) % len(ids)]
            version = client.conference.utterances[target].version
            start = time.perf_counter()
            assert window._edit_utterance(target, f"edited {n}", version)  # stored, not refused
            app.processEvents()
            edits.append((time.perf_counter() - start) * 1000)
        window.close()
        stop_meeting(client)
    print(f"append with 3,000+ lines: median {statistics.median(appends):.2f} ms, "
          f"p95 {p95(appends):.2f} ms (target < 5 ms)")
    print(f"edit with 3,000+ lines:   median {statistics.median(edits):.2f} ms, "
          f"p95 {p95(edits):.2f} ms (target < 5 ms)")


if __name__ == "__main__":
    main()

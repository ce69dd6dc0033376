"""Process start to the chair's window shown, on the offscreen platform (target: under 2 s)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import sys, time
start = float(sys.argv[1])
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from facilitator.domain.clock import SystemClock
from facilitator.meeting.runtime import MeetingOptions
from facilitator.services.database import default_path, open_database
from facilitator.services.store import EventStore
from ui.chair_window import ChairWindow
from ui.main import start_meeting, stop_meeting
store = EventStore(open_database())
conference_id = store.conferences()[-1].id
store.db.close()
# the meeting runtime on its loop thread and the window its client, as the app opens it
# (no media hub, no speech model: those start after the window is shown)
client = start_meeting(default_path(), conference_id, SystemClock(),
                       MeetingOptions(serve=None, transcription=False, room_microphone=False))
window = ChairWindow(client)
window.show()
def shown():
    print(f"{time.time() - start:.3f}", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
window.close()
stop_meeting(client)
"""


def main(runs: int = 7) -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
               "FACILITATOR_DB": str(Path(folder) / "bench.sqlite3")}
        subprocess.run([sys.executable, "-m", "facilitator.cli", "demo"], env=env, check=True,
                       capture_output=True)
        figures = []
        for _ in range(runs):
            start = time.time()
            out = subprocess.run([sys.executable, "-c", CHILD, str(start)], env=env,
                                 check=True, capture_output=True, text=True).stdout
            figures.append(float(out.strip().splitlines()[-1]))
    print(f"window start, {runs} runs: median {statistics.median(figures):.2f} s, "
          f"max {max(figures):.2f} s (target < 2 s)")


if __name__ == "__main__":
    main()

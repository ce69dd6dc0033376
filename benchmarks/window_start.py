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
from facilitator.cli import create_demo
from facilitator.services.database import open_database
from facilitator.services.store import EventStore
from ui.main import open_chair_window
store = EventStore(open_database())
conference_id = store.conferences()[-1].id
window = open_chair_window(store, conference_id)
window.show()
def shown():
    print(f"{time.time() - start:.3f}")
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
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

"""The real app on a real X server (Xvfb): it starts, shows its window, and is not blank."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from ui.chair_window import ChairWindow  # noqa: F401  (fails early if the UI cannot import)


def test_app_window_on_xvfb_is_not_blank(tmp_path: Path) -> None:
    xvfb_run = shutil.which("xvfb-run")
    assert xvfb_run, "xvfb-run is missing: scripts/setup.sh test installs it"
    shot = tmp_path / "screen.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "FACILITATOR_DB": str(tmp_path / "db.sqlite3")}
    result = subprocess.run(
        [xvfb_run, "-a", "-s", "-screen 0 1280x720x24", sys.executable, "-m", "ui.cli",
         "--screenshot", str(shot), "demo", "--open"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"screenshot saved to {shot}" in result.stdout
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 720)
    colours = {image.pixel(x, y) for x in range(0, 1280, 10) for y in range(0, 720, 10)}
    assert len(colours) > 30, "the screen is (nearly) blank"
    # the top left shows the window's header, not the empty X root (black)
    assert image.pixelColor(20, 20).lightness() > 100

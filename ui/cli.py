"""The `facilitator` console script: the command line, able to open the chair's window.

The command line itself lives in facilitator/cli.py and never imports Qt; this wrapper lends
it the window, imported only when a window is asked for.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator import cli
from facilitator.meeting.settings import ServeSettings

if TYPE_CHECKING:
    from facilitator.meeting.room_link_client import RoomLinkSettings
    from facilitator.services.chair_link import ChairLink
    from facilitator.services.minutes_client import MinutesLink


def open_window(db_path: Path, conference_id: str | None, screenshot: Path | None,
                serve: ServeSettings | None) -> int:
    from .main import run_window

    return run_window(db_path, conference_id, screenshot, serve)


def open_minutes(link: MinutesLink, outbox: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from .language import chosen_language, install_translator
    from .minute_taker_window import MinuteTakerWindow
    from .minutes_seat import MinutesSeat

    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_translator(app, chosen_language())  # FACILITATOR_LANGUAGE=cy: in Welsh
    window = MinuteTakerWindow(MinutesSeat(link, outbox))
    window.show()
    return int(app.exec())


def open_hub(link: ChairLink, screenshot: Path | None, room: RoomLinkSettings | None) -> int:
    from .main import run_remote_window

    return run_remote_window(link, screenshot, room)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, open_window=open_window, open_minutes=open_minutes,
                    open_hub=open_hub)


if __name__ == "__main__":
    sys.exit(main())

"""The `facilitator` console script: the command line, able to open the chair's window.

The command line itself lives in facilitator/cli.py and never imports Qt; this wrapper lends
it the window, imported only when a window is asked for.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from facilitator import cli
from facilitator.services.rtc.serve import ServeSettings


def open_window(db_path: Path, conference_id: str | None, screenshot: Path | None,
                serve: ServeSettings | None) -> int:
    from .main import run_window

    return run_window(db_path, conference_id, screenshot, serve)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, open_window=open_window)


if __name__ == "__main__":
    sys.exit(main())

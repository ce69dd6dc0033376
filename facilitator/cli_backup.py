"""`facilitator backup DEST`: a consistent, encrypted copy of the database, safe to take while
the app runs a meeting (services/backup.py). A refused backup (DEST already there, no such
folder, no database, another key) gets one line on stderr and exit status 2; nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_BAD_INPUT = 2


def cmd_backup(args: argparse.Namespace) -> int:
    from .services.backup import BackupError, backup_database
    from .services.database import default_path

    source = Path(args.db) if args.db else default_path()
    try:
        done = backup_database(source, Path(args.dest).expanduser())
    except BackupError as refused:
        print(f"facilitator: error: {refused}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"backed up {done.conferences} conference(s), {done.events} events, to {done.path}")
    print("it is encrypted with this user's database key: keep a copy of the key too "
          "(README, 'Where your data lives')")
    return 0


def add_backup_command(commands: Any) -> None:
    backup = commands.add_parser(
        "backup", help="copy the database safely, even while a meeting is running")
    backup.add_argument("dest", help="the new file to write (never overwritten)")
    backup.set_defaults(handler=cmd_backup)

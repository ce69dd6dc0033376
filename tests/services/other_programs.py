"""Other programs that open the app's live database file, as people and scripts do (issue #22),
and the chair's note through the real hub's API. Each runs in a process of its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from ..minutes.chair_process import ChairProcess

STDLIB_OPEN = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
try:
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
except sqlite3.DatabaseError as refused:
    print(refused)
connection.close()
"""

STDLIB_BACKUP = """
import sqlite3, sys
source, copy = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
try:
    source.backup(copy)
except sqlite3.DatabaseError as refused:
    print(refused)
copy.close()
source.close()
"""

TAR = """
import sys, tarfile
with tarfile.open(sys.argv[1], "w") as out:
    for name in sys.argv[2:]:
        out.add(name)
"""


def note(chair: ChairProcess, text: str) -> None:
    """The chair's note, acknowledged (200) by the hub."""
    status, body = chair.api("/api/command", {"name": "add_note", "args": {
        "utterance_id": os.urandom(16).hex(), "text": text, "speaker_id": None,
        "at": datetime.now(UTC).isoformat()}})
    assert status == 200, body


def python_opens(db: Path) -> str:
    """Someone checks that the file is unreadable with Python's sqlite3, as the README invites."""
    return subprocess.run([sys.executable, "-c", STDLIB_OPEN, str(db)], capture_output=True,
                          text=True, check=True, timeout=30).stdout


def sqlite3_tool_opens(db: Path) -> str:
    """The sqlite3 command-line tool, typed at (it closes the database when it ends)."""
    tool = shutil.which("sqlite3")
    assert tool, ("the sqlite3 command-line tool is missing: apt-get install sqlite3 "
                  "(bash scripts/setup.sh test installs it)")
    done = subprocess.run([tool, str(db)], input=".tables\n", capture_output=True, text=True,
                          timeout=30)
    return done.stdout + done.stderr


def python_backup_api(db: Path) -> str:
    """A backup script using SQLite's own online backup (it cannot read the file)."""
    return subprocess.run([sys.executable, "-c", STDLIB_BACKUP, str(db),
                           str(db.with_name("copy-by-script.sqlite3"))],
                          capture_output=True, text=True, check=True, timeout=30).stdout


def tar_backup(db: Path) -> str:
    """A file-level backup tool archiving the database and its sidecars while the hub writes."""
    archive = db.parent.parent / f"{db.parent.name}-backup.tar"
    files = [str(p) for p in sorted(db.parent.glob(db.name + "*"))]
    subprocess.run([sys.executable, "-c", TAR, str(archive), *files], check=True, timeout=30)
    with tarfile.open(archive) as made:
        return " ".join(made.getnames())

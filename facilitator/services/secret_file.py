"""Files that hold a secret (the chair's API token, the TLS key): private from the first byte.

The file is created with mode 0600 by `os.open` itself (never created readable and narrowed
afterwards, which leaves a moment when anyone on the machine may open it), in a directory only
the user can enter (0700), and moved into place in one rename.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(folder: Path) -> Path:
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if os.name == "posix" and stat.S_IMODE(folder.stat().st_mode) & 0o077:
        folder.chmod(DIR_MODE)  # made before by an older version: others no longer enter
    return folder


def write_secret(path: Path, data: bytes) -> Path:
    private_dir(path.parent)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) \
        | getattr(os, "O_BINARY", 0)
    descriptor = os.open(partial, flags, FILE_MODE)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return path

"""Commands: check a request against the conference's rules and return the events it causes.

Commands never change state themselves; the application persists the events and then applies
them, so nothing is shown as done before it is on disk.
"""

from __future__ import annotations

import uuid


def new_id() -> str:
    """An unguessable identifier (128 random bits)."""
    return uuid.uuid4().hex

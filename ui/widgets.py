"""Small helpers shared by the panels."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from facilitator.services.conference_file import LOCAL_ZONE

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, description: str = "") -> W:
    """Give a control the accessible name a screen reader announces (and tests find it by)."""
    widget.setAccessibleName(name)
    widget.setObjectName(name.replace(" ", "_").replace("'", "").lower())
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    return widget


def local_time(moment: datetime | None, pattern: str = "%H:%M") -> str:
    return moment.astimezone(LOCAL_ZONE).strftime(pattern) if moment else "-"

"""The base of every event: when it happened and who did it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, kw_only=True)
class Event:
    at: datetime
    actor: str = "chair"

"""Recording a postal address (domain/addresses.py says what fits and where it is printed)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from .. import events as ev
from ..addresses import clean_address
from ..conference import Conference
from ..errors import DomainError
from ..recipients import recipient_name


def record_address(conf: Conference, at: datetime, recipient_id: str, lines: Iterable[str]
                   ) -> list[ev.Event]:
    """An attendee's or a subject child's postal address; no lines removes it."""
    if recipient_id not in conf.attendees and not any(
            c.id == recipient_id for c in conf.details.children):
        raise DomainError(f"no attendee or subject child '{recipient_id}' in this conference")
    cleaned = clean_address(lines)
    if cleaned == conf.addresses.get(recipient_id, ()):
        if not cleaned:
            raise DomainError(f"{recipient_name(conf, recipient_id)} has no postal address to "
                              "remove")
        return []
    return [ev.PostalAddressRecorded(at=at, recipient_id=recipient_id, lines=cleaned)]

"""The chair's switches for the room and for transcription."""

from __future__ import annotations

from datetime import datetime

from .. import events as ev
from ..conference import Conference, MeetingStatus
from ..errors import DomainError


def set_room_muted(conf: Conference, at: datetime, muted: bool) -> list[ev.Event]:
    if conf.status is MeetingStatus.ENDED:
        raise DomainError("the meeting has ended")
    if conf.room_muted is muted:
        return []
    return [ev.RoomMuteSet(at=at, muted=muted)]


def set_transcription(conf: Conference, at: datetime, enabled: bool, reason: str = ""
                      ) -> list[ev.Event]:
    """Everyone is told whether the meeting is transcribed; switching it off needs a reason."""
    if conf.transcription_enabled is enabled:
        return []
    if not enabled and not reason.strip():
        raise DomainError("say why transcription is switched off (it goes into the record)")
    return [ev.TranscriptionSet(at=at, enabled=enabled, reason=reason.strip())]

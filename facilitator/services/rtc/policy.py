"""Who may hear and be heard right now: a snapshot the hub enforces on every media packet.

Computed from the conference in the thread that owns it, after each stored event, and handed
to the hub; the hub never reads the live conference from another thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ...domain.conference import Conference, MeetingStatus
from ...views import present_for_display

ROOM = "room"  # the room's microphone and loudspeakers, one source and one listener


@dataclass(frozen=True)
class RosterEntry:
    name: str
    role: str
    where: str


@dataclass(frozen=True)
class SegmentSpan:
    started_at: datetime
    ended_at: datetime | None
    excluded: frozenset[str]


@dataclass(frozen=True)
class MediaPolicy:
    in_meeting: frozenset[str]  # attendee ids (and ROOM) who hear and are heard
    waiting: frozenset[str]
    excluded: frozenset[str]
    roster: tuple[RosterEntry, ...]
    stage: str | None
    status: str
    transcribed: bool
    names: tuple[tuple[str, str], ...]  # (attendee id, name) of everyone invited
    segments: tuple[SegmentSpan, ...] = ()
    room_muted: bool = False

    def may_receive(self, attendee_id: str, started_at: datetime, ended_at: datetime) -> bool:
        """In the audience of every segment a line spans (captions of a late final line)."""
        spanned = [s for s in self.segments if s.started_at <= ended_at
                   and (s.ended_at is None or started_at < s.ended_at)]
        return bool(spanned) and all(attendee_id not in s.excluded for s in spanned)

    def may_hear(self, listener: str, source: str) -> bool:
        return listener != source and listener in self.in_meeting and source in self.in_meeting

    def name_of(self, attendee_id: str) -> str:
        return dict(self.names).get(attendee_id, "")


def policy_from(conference: Conference, transcribed: bool = False) -> MediaPolicy:
    running = conference.status is not MeetingStatus.ENDED
    in_meeting = {ROOM} if running else set()
    for person in conference.attendees.values():
        if running and person.mode.is_remote and conference.in_meeting(person.id):
            in_meeting.add(person.id)
    current = conference.agenda.current
    roster = tuple(RosterEntry(*row) for row in present_for_display(conference))
    return MediaPolicy(
        in_meeting=frozenset(in_meeting),
        waiting=frozenset(conference.waiting),
        excluded=conference.excluded_now,
        roster=roster,
        stage=current.spec.title if current else None,
        status=conference.status.value,
        transcribed=transcribed and conference.transcription_enabled,
        room_muted=conference.room_muted,
        names=tuple((a.id, a.name) for a in conference.attendees.values()),
        segments=tuple(SegmentSpan(s.started_at, s.ended_at, s.excluded)
                       for s in conference.segments),
    )

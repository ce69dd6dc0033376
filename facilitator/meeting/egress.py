"""The egress guard: every piece of content that leaves the hub for a person passes here.

Content carries its origin (`domain.audience.Origin`: when it was said or shown, and the
segment it was recorded in) from capture on. At the moment of sending, the guard lets it
through only if the person is in the meeting now, has been since before it began, *and* is in
the audience of every segment the content came from (`domain.audience.may_receive_live`, the
one rule). So a caption of words spoken
while a parent was out never reaches her after she is readmitted, whatever its timing, and live
media (the mix, video, "X is speaking") reaches only those in the current segment.

The guard reads a snapshot (`AudienceView`) that the runtime replaces after every stored event,
on the media loop; it never reads the live conference.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from ..domain.audience import Origin, may_receive_live
from ..domain.conference import Conference, MeetingStatus
from ..domain.segments import Segment

log = logging.getLogger(__name__)
ROOM = "room"  # the room's microphone and loudspeakers: one listener, always in the meeting


@dataclass(frozen=True)
class AudienceView:
    """Who is in the meeting now and since when, and the segments so far (a snapshot)."""

    in_meeting: frozenset[str]
    segments: tuple[Segment, ...]
    entered_at: Mapping[str, datetime] = field(default_factory=dict)

    @classmethod
    def of(cls, conference: Conference) -> AudienceView:
        running = conference.status is not MeetingStatus.ENDED
        room = {ROOM} if running else set()
        return cls(conference.remote_in_meeting() | room, tuple(conference.segments),
                   MappingProxyType(dict(conference.entered_meeting_at)))


class EgressGuard:
    def __init__(self, now: Callable[[], datetime], view: AudienceView) -> None:
        self.now = now
        self._view = view

    @property
    def view(self) -> AudienceView:
        return self._view

    def update(self, view: AudienceView) -> None:
        """A new snapshot, after a stored event."""
        self._view = view

    def live(self) -> Origin:
        """The origin of live content (the mix, a video frame, a roster): this moment."""
        return Origin.at(self.now())

    def admits(self, person: str, origin: Origin) -> bool:
        """May this content go to this person now?"""
        view = self._view
        if person not in view.in_meeting:
            return False
        if person == ROOM:
            return True
        return may_receive_live(view.segments, view.entered_at.get(person), person, origin)

    def admits_live(self, person: str) -> bool:
        return self.admits(person, self.live())

    def may_hear(self, listener: str, source: str) -> bool:
        """Live audio from `source` to `listener`: both in the meeting now, never oneself."""
        view = self._view
        return listener != source and source in view.in_meeting and \
            listener in view.in_meeting and self.admits_live(listener)

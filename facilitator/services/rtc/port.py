"""What the media hub, its doors and the phone line may ask of the live meeting.

The meeting runtime (`facilitator.meeting`) owns the session on the media loop and implements
these protocols; the hub and everything on the network side reach the meeting only through
them, on that same loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from ...domain import events as ev
from ...domain.attendees import AttendanceMode
from ...domain.audience import Origin
from ...domain.conference import Conference
from ...domain.preparation import CheckResult
from .policy import MediaPolicy

# (policy after the event, the event, its number in the conference's log: 1 = created)
PolicyListener = Callable[[MediaPolicy, ev.Event | None, int], None]


class Egress(Protocol):
    """The egress guard (facilitator.meeting.egress.EgressGuard): may this content, from this
    origin, go to this person now?"""

    def admits(self, person: str, origin: Origin) -> bool: ...

    def admits_live(self, person: str) -> bool: ...

    def may_hear(self, listener: str, source: str) -> bool: ...

    def live(self) -> Origin: ...


class MeetingPort(Protocol):
    """The meeting API as the hub, the join page, the phone line and the doors use it."""

    @property
    def guard(self) -> Egress: ...

    def policy(self) -> MediaPolicy: ...

    def on_policy(self, listener: PolicyListener) -> None: ...

    @property
    def conference(self) -> Conference: ...

    def arrive_remotely(self, attendee_id: str, mode: AttendanceMode) -> list[ev.Event]: ...

    def leave_meeting(self, attendee_id: str, reason: str = "") -> list[ev.Event]: ...

    def record_technology_check(self, attendee_id: str, camera: CheckResult,
                                microphone: CheckResult, connection: CheckResult,
                                note: str = "", actor: str = "chair") -> list[ev.Event]: ...



SessionPort = MeetingPort  # the name the hub's modules knew it by

"""The conference aggregate's queries: who is who, the segments, the transcript in order."""

from __future__ import annotations

from datetime import datetime

from . import events as ev
from .addresses import recipient_keys
from .attendees import Attendee, Quorum, assess_quorum
from .audience import may_receive, origin_of
from .details import ConferenceDetails
from .errors import DomainError
from .segments import Exclusion, Segment
from .transcript import Utterance


class ConferenceQueries:
    """The read side of `Conference` (domain/conference.py), which sets these attributes."""

    details: ConferenceDetails
    attendees: dict[str, Attendee]
    addresses: dict[str, tuple[str, ...]]
    segments: list[Segment]
    exclusions: list[Exclusion]
    utterances: dict[str, Utterance]
    waiting: set[str]
    log: list[ev.Event]
    _recorded: dict[str, int]

    def number_of(self, event: ev.Event) -> int:
        """The position of an applied event in the log (1 is ConferenceCreated)."""
        for index in range(len(self.log) - 1, -1, -1):
            if self.log[index] is event:
                return index + 1
        raise DomainError("that event is not in this conference's log")

    def attendee(self, attendee_id: str) -> Attendee:
        try:
            return self.attendees[attendee_id]
        except KeyError:
            raise DomainError(f"no attendee '{attendee_id}' in this conference") from None

    def child(self, child_id: str) -> None:
        if child_id not in {c.id for c in self.details.children}:
            raise DomainError(f"no subject child '{child_id}' in this conference")

    def postal_address(self, recipient_id: str) -> tuple[str, ...]:
        """The recipient's postal address (an attendee's or a subject child's; a child who
        attends shares it with their attendee record); () when none is recorded."""
        children_of = {a.id: a.child_id for a in self.attendees.values()}
        for key in recipient_keys(children_of, recipient_id):
            if self.addresses.get(key):
                return self.addresses[key]
        return ()

    def quorum(self) -> Quorum:
        return assess_quorum(self.attendees.values())

    @property
    def current_segment(self) -> Segment | None:
        return self.segments[-1] if self.segments and self.segments[-1].ended_at is None else None

    def segment(self, segment_id: str) -> Segment:
        for segment in self.segments:
            if segment.id == segment_id:
                return segment
        raise DomainError(f"no segment '{segment_id}'")

    def segment_at(self, when: datetime) -> Segment:
        for segment in reversed(self.segments):
            if segment.covers(when) or segment.started_at <= when:
                return segment
        if self.segments:
            return self.segments[0]
        raise DomainError("the meeting has not started: there is no segment yet")

    @property
    def excluded_now(self) -> frozenset[str]:
        segment = self.current_segment
        return segment.excluded if segment else frozenset()

    def in_meeting(self, attendee_id: str) -> bool:
        """Present, admitted, and in the audience of the current segment."""
        return (self.attendee(attendee_id).is_present and attendee_id not in self.waiting
                and attendee_id not in self.excluded_now)

    @property
    def open_exclusions(self) -> list[Exclusion]:
        return [e for e in self.exclusions if e.is_open]

    def may_receive(self, attendee_id: str, utterance: Utterance) -> bool:
        """True only if the person was in the audience of every segment the utterance spans
        (the one rule: `audience.may_receive`)."""
        return may_receive(self.segments, attendee_id, origin_of(utterance))

    def line_order(self, utterance: Utterance) -> tuple[datetime, int]:
        """Where a line sits in the transcript, wherever it is shown: by its time, then (lines
        of the same time) in the order they were recorded, so the last line is the last one
        recorded. The second half of a split line counts as recorded when it was split."""
        return utterance.started_at, self._recorded.get(utterance.id, 0)

    def transcript(self) -> list[Utterance]:
        return sorted(self.utterances.values(), key=self.line_order)

    def transcript_for(self, attendee_id: str) -> list[Utterance]:
        return [u for u in self.transcript() if self.may_receive(attendee_id, u)]

    def segments_for(self, attendee_id: str) -> list[Segment]:
        return [s for s in self.segments if s.admits(attendee_id)]

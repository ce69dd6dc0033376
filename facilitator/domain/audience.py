"""The one rule of who may receive a piece of content: the audience of the segments it came from.

Everything that reaches a person (a line of the record, a caption, partial or final, "X is
speaking", the mix they hear) comes from some stretch of the meeting: its *origin*. A person may
receive it only if they were in the audience of every segment that stretch touches, and of the
segment it was recorded in. Who is in the meeting *now* is a separate question (a person out of
the meeting receives nothing live); this rule is about the content, so readmitting someone never
lets through what was said while they were out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from .segments import Segment
from .transcript import Utterance


@dataclass(frozen=True)
class Origin:
    """Where a piece of content comes from: the time it was said or shown, from first to last
    sound, and the segment it was recorded in when that is known."""

    started_at: datetime
    ended_at: datetime
    segment_id: str | None = None

    @classmethod
    def at(cls, moment: datetime) -> Origin:
        """Live content: what is said or shown at this moment (the mix, a camera frame)."""
        return cls(moment, moment)

    def __post_init__(self) -> None:
        if self.ended_at < self.started_at:
            raise ValueError("content cannot end before it starts")


def spanned(segments: Sequence[Segment], origin: Origin) -> list[Segment]:
    """The segments the content touches (its own, and every one its time overlaps)."""
    touched = [s for s in segments
               if s.overlaps(origin.started_at, origin.ended_at) or s.id == origin.segment_id]
    if not touched and segments:
        # before the first segment (said as the meeting opened): the first one's audience;
        # after the last one ended: the last one's
        earlier = [s for s in segments if s.started_at <= origin.started_at]
        touched = [earlier[-1] if earlier else segments[0]]
    return touched


def may_receive(segments: Sequence[Segment], attendee_id: str, origin: Origin) -> bool:
    """True only if the person is in the audience of every segment the content comes from.

    Before the meeting has any segment nobody has been excluded from anything."""
    return all(s.admits(attendee_id) for s in spanned(segments, origin))


def may_receive_live(segments: Sequence[Segment], entered_at: datetime | None,
                     attendee_id: str, origin: Origin) -> bool:
    """The same rule for content sent live (a caption, partial or final, "X is speaking"): also
    only to someone who has been in the meeting since before it began (`entered_at`: when they
    last came in: admitted from the waiting room, readmitted, arrived). Words begun while they
    waited, were sent back to the waiting room or were out never reach them once they are in.
    The record (family copies) follows `may_receive` alone: it is about the segments."""
    return (entered_at is not None and entered_at <= origin.started_at
            and may_receive(segments, attendee_id, origin))


def origin_of(utterance: Utterance) -> Origin:
    return Origin(utterance.started_at, utterance.ended_at, utterance.segment_id)

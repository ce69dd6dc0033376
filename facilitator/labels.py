"""Words a chair reads for things of the meeting: the parts of the meeting (segments) and the
quorum. Pure functions of the domain state, shared by every front end; no Qt."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from .domain.conference import Conference, MeetingStatus
from .domain.segments import Segment
from .record.formatting import first_name, join_words


def short_names(conference: Conference, attendee_ids: Iterable[str]) -> list[str]:
    """First names (no titles), or the full name where two people share a first name; in the
    order of the attendance list."""
    wanted = set(attendee_ids)
    counts = Counter(first_name(a.name) for a in conference.attendees.values())
    return [(first_name(a.name) if counts[first_name(a.name)] == 1 else a.name)
            for a in conference.attendees.values() if a.id in wanted]


def segment_label(conference: Conference, segment: Segment) -> str:
    """"Part 1", or "Part 2: Liam out", "Part 3: Jade and Liam out"."""
    label = f"Part {segment.number}"
    if not segment.excluded:
        return label
    return f"{label}: {join_words(short_names(conference, segment.excluded))} out"


def segment_description(conference: Conference, segment: Segment) -> str:
    """The label's long form, for a tooltip: who was out, by full name."""
    if not segment.excluded:
        return f"Part {segment.number} of the meeting: nobody was out of the room."
    names = [a.name for a in conference.attendees.values() if a.id in segment.excluded]
    return (f"Part {segment.number} of the meeting: {join_words(names)} "
            f"{'was' if len(names) == 1 else 'were'} out of this part.")


class QuorumLevel(Enum):
    MET = "met"
    NOT_YET = "not yet"  # before the start: what is needed, not an alarm
    NOT_MET = "not met"


@dataclass(frozen=True)
class QuorumLine:
    text: str
    level: QuorumLevel


def quorum_line(conference: Conference) -> QuorumLine:
    """The header's line about the quorum. Before the meeting starts, nobody has arrived yet:
    say what is needed and who is here so far, without alarm."""
    quorum = conference.quorum()
    if quorum.met:
        return QuorumLine("✔ " + quorum.reason, QuorumLevel.MET)
    if conference.status is MeetingStatus.SCHEDULED:
        disciplines = quorum.disciplines
        here = join_words(disciplines) if disciplines else "nobody yet"
        return QuorumLine("Quorum needs the child's social worker and 2 other professional "
                          f"disciplines (for example police, health, education). Here so far: "
                          f"{here}.", QuorumLevel.NOT_YET)
    return QuorumLine("✖ " + quorum.reason, QuorumLevel.NOT_MET)

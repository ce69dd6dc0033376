"""Words a chair reads for things of the meeting: the parts of the meeting (segments) and the
quorum. Pure functions of the domain state, shared by every front end; no Qt."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from .domain.conference import Conference, MeetingStatus
from .domain.segments import Segment
from .record.formatting import first_name
from .record.language import ENGLISH_LANGUAGE, Language
from .record.quorum import discipline_words, quorum_reason


def short_names(conference: Conference, attendee_ids: Iterable[str]) -> list[str]:
    """First names (no titles), or the full name where two people share a first name; in the
    order of the attendance list."""
    wanted = set(attendee_ids)
    counts = Counter(first_name(a.name) for a in conference.attendees.values())
    return [(first_name(a.name) if counts[first_name(a.name)] == 1 else a.name)
            for a in conference.attendees.values() if a.id in wanted]


def segment_label(conference: Conference, segment: Segment,
                  lang: Language = ENGLISH_LANGUAGE) -> str:
    """"Part 1", or "Part 2: Liam out", "Part 3: Jade and Liam out"."""
    if not segment.excluded:
        return lang.t("Part {number}", number=segment.number)
    return lang.t("Part {number}: {names} out", number=segment.number,
                  names=lang.join(short_names(conference, segment.excluded)))


def segment_description(conference: Conference, segment: Segment,
                        lang: Language = ENGLISH_LANGUAGE) -> str:
    """The label's long form, for a tooltip: who was out, by full name."""
    if not segment.excluded:
        return lang.t("Part {number} of the meeting: nobody was out of the room.",
                      number=segment.number)
    names = [a.name for a in conference.attendees.values() if a.id in segment.excluded]
    if len(names) == 1:
        return lang.t("Part {number} of the meeting: {names} was out of this part.",
                      number=segment.number, names=names[0])
    return lang.t("Part {number} of the meeting: {names} were out of this part.",
                  number=segment.number, names=lang.join(names))


class QuorumLevel(Enum):
    MET = "met"
    NOT_YET = "not yet"  # before the start: what is needed, not an alarm
    NOT_MET = "not met"


@dataclass(frozen=True)
class QuorumLine:
    text: str
    level: QuorumLevel


def quorum_line(conference: Conference, lang: Language = ENGLISH_LANGUAGE) -> QuorumLine:
    """The header's line about the quorum, in `lang`. Before the meeting starts, nobody has
    arrived yet: say what is needed and who is here so far, without alarm."""
    quorum = conference.quorum()
    if quorum.met:
        return QuorumLine("✔ " + quorum_reason(quorum, lang), QuorumLevel.MET)
    if conference.status is MeetingStatus.SCHEDULED:
        disciplines = quorum.disciplines
        here = discipline_words(disciplines, lang) if disciplines else lang.t("nobody yet")
        return QuorumLine(lang.t("Quorum needs the child's social worker and 2 other "
                                 "professional disciplines (for example police, health, "
                                 "education). Here so far: {here}.", here=here),
                          QuorumLevel.NOT_YET)
    return QuorumLine("✖ " + quorum_reason(quorum, lang), QuorumLevel.NOT_MET)

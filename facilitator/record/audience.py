"""Who a copy of the record is for, and so what it may contain.

The professionals' record holds everything. A family member's copy is cut by the segment
audiences the meeting recorded, never by hand: it leaves out every utterance the person could
not have heard (`Conference.may_receive`), every summary paragraph covering a segment they were
out of, anything else recorded while they were out, and everything marked confidential.
Unless the chair decided that this person receives the whole record (the procedure leaves that
to the chair: `set_family_copy_scope`): then only what is marked confidential is left out.

The written copy may hold less than the person heard: when someone was excluded on information
grounds (confidential, police, legal), the chair decided who else may not receive that part in
writing (by default every family copy: it could reach the excluded person through a partner's
copy). That part is left out of their copy too (`withheld_segments`). The live rule itself
(`Conference.may_receive`) is not repeated here: this only narrows it for written copies.
Whatever the chair types that a family copy shows (an override's or an extension's reason)
follows the same audience, and stays out when the chair marked it confidential.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..domain.audience import origin_of, spanned
from ..domain.conference import Conference
from ..domain.errors import DomainError
from ..domain.minutes import DocumentKind, SummaryParagraph
from ..domain.recipients import recipient_problem
from ..domain.segments import Exclusion
from ..domain.transcript import Mark, Utterance


def exclusion_segments(conf: Conference, exclusion: Exclusion) -> list[str]:
    """The ids of the segments an exclusion was in force for, in order."""
    ids = [s.id for s in conf.segments]
    if exclusion.start_segment_id not in ids:
        return []
    first = ids.index(exclusion.start_segment_id)
    last = len(ids)
    if exclusion.end_segment_id in ids and exclusion.ended_at is not None:
        end = ids.index(exclusion.end_segment_id)
        # the segment that began as the exclusion ended; at the end of the meeting the last
        # segment itself is named, and it was still in force then
        if end > first and conf.segments[end].started_at >= exclusion.ended_at:
            last = end
    return ids[first:last]


def withheld_segments(conf: Conference, attendee_id: str) -> frozenset[str]:
    """Segments this person was in the audience of but may not receive in writing: the
    chair's decision when someone else was excluded on information grounds."""
    found: set[str] = set()
    for exclusion in conf.exclusions:
        if attendee_id in exclusion.withheld_in_writing:
            found.update(exclusion_segments(conf, exclusion))
    return frozenset(found)


@dataclass(frozen=True)
class Audience:
    attendee_id: str | None = None  # None: the professionals' full record
    name: str = ""
    whole_record: bool = False  # the chair's decision for a family member who was excluded
    withheld: frozenset[str] = frozenset()  # segments heard but not to be had in writing

    @classmethod
    def professionals(cls) -> Audience:
        return cls()

    @classmethod
    def family_member(cls, conf: Conference, attendee_id: str) -> Audience:
        problem = recipient_problem(conf, DocumentKind.FAMILY_COPY, attendee_id)
        if problem:
            raise DomainError(problem)
        return cls(attendee_id, conf.attendee(attendee_id).name,
                   whole_record=attendee_id in conf.minutes.whole_record_for,
                   withheld=withheld_segments(conf, attendee_id))

    @property
    def is_full(self) -> bool:
        return self.attendee_id is None

    def sees_utterance(self, conf: Conference, utterance: Utterance) -> bool:
        if self.attendee_id is None:
            return True
        if Mark.CONFIDENTIAL in utterance.marks:
            return False
        if self.withheld and any(s.id in self.withheld
                                 for s in spanned(conf.segments, origin_of(utterance))):
            return False
        return self.whole_record or conf.may_receive(self.attendee_id, utterance)

    def sees_paragraph(self, conf: Conference, paragraph: SummaryParagraph) -> bool:
        if self.attendee_id is None:
            return True
        if paragraph.confidential or paragraph.segment_ids & self.withheld:
            return False
        attendee_id = self.attendee_id
        return self.whole_record or all(
            conf.segment(s).admits(attendee_id) for s in paragraph.segment_ids)

    def sees_moment(self, conf: Conference, moment: datetime) -> bool:
        """Was this person in the audience when something was recorded at `moment`?"""
        if self.attendee_id is None:
            return True
        if conf.started_at is None or moment < conf.started_at:
            return True  # recorded before the meeting: part of no segment
        segment = conf.segment_at(moment)
        if segment.id in self.withheld:
            return False
        return self.whole_record or segment.admits(self.attendee_id)

    def sees_chair_text(self, conf: Conference, moment: datetime, confidential: bool) -> bool:
        """What the chair typed at `moment` (an override's or extension's reason): like
        anything recorded then, and never in a family copy when marked confidential."""
        if self.attendee_id is None:
            return True
        return not confidential and self.sees_moment(conf, moment)

    def was_excluded(self, conf: Conference) -> bool:
        return self.attendee_id is not None and any(
            not s.admits(self.attendee_id) for s in conf.segments
        )

"""What was done before the conference that the record must show (procedure 8.5-8.6 and the
child's participation): parents' comments and factual corrections on the reports, the reports
shared with the child, and the child's own contributions.

A family member's copy holds only their own comments (another parent's may say where they live
or what they fear) and no list of the child's contributions (the child may not want them
shown); the professionals' record holds everything.
"""

from __future__ import annotations

from ..domain.conference import Conference
from .audience import Audience
from .document import Block, Para, Style, Table
from .formatting import child_name, date_text, who


def _report_name(conf: Conference, report_id: str) -> str:
    report = conf.minutes.reports.get(report_id)
    if report is None:
        return "a report"
    author = conf.attendees.get(report.author_id or "")
    return report.agency + (f" ({author.name})" if author is not None else "")


def report_comment_blocks(conf: Conference, audience: Audience) -> list[Block]:
    comments = [c for c in conf.preparation.comments
                if audience.is_full or c.attendee_id == audience.attendee_id]
    if not comments:
        return []
    rows = tuple((_report_name(conf, c.report_id), who(conf, c.attendee_id),
                  c.kind.value.capitalize(), c.text, date_text(c.received_on))
                 for c in sorted(comments, key=lambda c: (c.received_on, c.id)))
    intro = ("Comments and factual corrections on the reports, put to the conference:"
             if audience.is_full else "Your comments and corrections on the reports, put to the "
             "conference:")
    return [Para(intro, Style.NOTE),
            Table(("Report", "From", "Kind", "What they said", "Received"), rows,
                  (3, 2.5, 2, 5, 2))]


def child_preparation_blocks(conf: Conference, audience: Audience) -> list[Block]:
    blocks: list[Block] = []
    shared = sorted(conf.preparation.shared_with_child.items(),
                    key=lambda item: (child_name(conf, item[0][1]), item[1]))
    if shared:
        blocks.append(Table(("Child", "Report shared with them beforehand", "On"), tuple(
            (child_name(conf, child_id), _report_name(conf, report_id), date_text(on))
            for (report_id, child_id), on in shared), (3, 6, 3)))
    contributions = sorted(conf.preparation.contributions.values(),
                           key=lambda c: (child_name(conf, c.child_id), c.received_on, c.id))
    if audience.is_full:
        for later, heading in ((False, "Their own contribution"),
                               (True, "Received after the conference, for the review")):
            rows = tuple(
                (child_name(conf, c.child_id),
                 c.kind.value.capitalize() + (f": {c.description}" if c.description else ""),
                 c.filename, date_text(c.received_on))
                for c in contributions if c.for_review is later)
            if rows:
                blocks.append(Table(("Child", heading, "File", "Received"), rows, (3, 5, 3, 2)))
    return blocks

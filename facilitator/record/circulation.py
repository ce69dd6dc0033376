"""The circulation tracker: every due date in working days (with the bank holidays of England
or Wales), what was sent to whom and when, and what is overdue on a given day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from ..domain.attendees import AttendanceState
from ..domain.calendar import subtract_working_days, working_days_between
from ..domain.conference import Conference
from ..domain.details import WALES_SUMMARY_WITHIN_WORKING_DAYS
from ..domain.minutes import Dispatch, DocumentKind, FollowUp
from ..domain.recipients import core_group_ids
from ..domain.roles import Party
from .formatting import LOCAL_ZONE, child_name, who

DECISION_LETTER_ROLES = ("parent", "parental_responsibility")


class Status(Enum):
    DONE = "done"
    DONE_LATE = "done late"
    OVERDUE = "overdue"
    DUE_TODAY = "due today"
    NOT_YET_DUE = "not yet due"


@dataclass(frozen=True)
class Item:
    what: str
    recipient: str
    due: date
    done_on: date | None
    status: Status
    working_days: int  # late by (done late, overdue) or left (not yet due)
    how: str = ""

    @property
    def overdue(self) -> bool:
        return self.status is Status.OVERDUE

    def status_text(self) -> str:
        days = f"{self.working_days} working day{'s' if self.working_days != 1 else ''}"
        if self.status is Status.DONE:
            return f"done {self.done_on}" + (f" ({self.how})" if self.how else "")
        if self.status is Status.DONE_LATE:
            return f"done {self.done_on}, {days} late" + (f" ({self.how})" if self.how else "")
        if self.status is Status.OVERDUE:
            return "OVERDUE" + (f" by {days}" if self.working_days else "")
        if self.status is Status.DUE_TODAY:
            return "due today"
        return f"due in {days}"


@dataclass(frozen=True)
class Tracker:
    as_of: date
    items: tuple[Item, ...]
    sent: tuple[Dispatch, ...]
    held: bool = True  # False: the meeting never started, so nothing is due yet

    @property
    def overdue(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.overdue)


class _Build:
    def __init__(self, conf: Conference, as_of: date) -> None:
        self.conf = conf
        self.as_of = as_of
        self.nation = conf.details.nation
        self.items: list[Item] = []

    def add(self, what: str, recipient: str, due: date, done: Dispatch | date | None) -> None:
        done_on = done.sent_on if isinstance(done, Dispatch) else done
        how = done.channel.value if isinstance(done, Dispatch) else ""
        if done_on is not None:
            late = max(0, working_days_between(due, done_on, self.nation))
            status = Status.DONE_LATE if done_on > due else Status.DONE
        elif self.as_of > due:
            late, status = working_days_between(due, self.as_of, self.nation), Status.OVERDUE
        elif self.as_of == due:
            late, status = 0, Status.DUE_TODAY
        else:
            late, status = working_days_between(self.as_of, due, self.nation), Status.NOT_YET_DUE
        self.items.append(Item(what, recipient, due, done_on, status, late, how))

    def sent(self, kind: DocumentKind, *recipients: str) -> Dispatch | None:
        found = [d for d in self.conf.minutes.dispatches
                 if d.document is kind and d.recipient_id in recipients]
        return min(found, key=lambda d: d.sent_on) if found else None


def circulation(conf: Conference, as_of: date) -> Tracker:
    """Every due date, counted from the day the conference was held. A conference whose
    meeting never started owes nothing yet: no letter, no record."""
    sent = tuple(sorted(conf.minutes.dispatches, key=lambda d: (d.sent_on, d.document.value)))
    if conf.started_at is None:
        return Tracker(as_of, (), sent, held=False)
    deadlines = conf.details.deadlines()
    build = _Build(conf, as_of)
    people = list(conf.attendees.values())
    for person in people:
        if person.role_key in DECISION_LETTER_ROLES:
            build.add("decision letter", who(conf, person.id), deadlines.decision_letter_due,
                      build.sent(DocumentKind.DECISION_LETTER, person.id))
    excluded = {a for e in conf.exclusions for a in e.attendee_ids}
    for person in people:  # excluded during the meeting: told in writing, with the decision
        if person.id in excluded and person.role.party is Party.FAMILY:
            build.add("letter about the exclusion", who(conf, person.id),
                      deadlines.decision_letter_due,
                      build.sent(DocumentKind.EXCLUSION_LETTER, person.id))
    for child in conf.details.children:
        attendee = next((p for p in people if p.child_id == child.id), None)
        participation = conf.minutes.participation.get(child.id)
        present = attendee is not None and attendee.state in (
            AttendanceState.PRESENT, AttendanceState.LEFT, AttendanceState.RETURNED)
        if present or (participation is not None and participation.attends):
            ids = (child.id, attendee.id) if attendee else (child.id,)
            build.add("chair's letter to the child", child_name(conf, child.id),
                      deadlines.record_circulation_due,
                      build.sent(DocumentKind.CHILD_LETTER, *ids))
    for person in people:
        party = person.role.party
        if party is Party.PROFESSIONAL:
            kind = DocumentKind.FULL_RECORD
        elif party in (Party.FAMILY, Party.CHILD):
            kind = DocumentKind.FAMILY_COPY
        else:
            continue
        build.add(kind.value, who(conf, person.id), deadlines.record_circulation_due,
                  build.sent(kind, person.id))
        if deadlines.summary_due is not None:  # Wales: the record itself counts as well
            build.add(DocumentKind.SUMMARY.value, who(conf, person.id), deadlines.summary_due,
                      build.sent(DocumentKind.SUMMARY, person.id) or build.sent(kind, person.id))
    if conf.plans:
        first = min(p.first_core_group for p in conf.plans.values())
        before = subtract_working_days(first, 1, conf.details.nation)
        for member in sorted(core_group_ids(conf), key=lambda m: who(conf, m)):
            build.add("plan summary and core group invitation", who(conf, member), before,
                      build.sent(DocumentKind.PLAN_SUMMARY, member))
        build.add(FollowUp.CORE_GROUP.value, "the core group", first,
                  conf.minutes.follow_ups.get(FollowUp.CORE_GROUP))
        review = min(p.review_date for p in conf.plans.values())
        build.add(FollowUp.REVIEW.value, "everyone invited", review,
                  conf.minutes.follow_ups.get(FollowUp.REVIEW))
    items = sorted(build.items, key=lambda i: (i.due, i.what, i.recipient))
    return Tracker(as_of, tuple(items), sent)


def due_dates_text(conf: Conference) -> str:
    """'decision letter due ...; summary due ... (Wales); record due ...; ...' in one line."""
    details = conf.details
    deadlines = details.deadlines()
    summary = (f"summary due {deadlines.summary_due} ({WALES_SUMMARY_WITHIN_WORKING_DAYS} "
               "working days, Wales); " if deadlines.summary_due else "")
    return (f"decision letter due {deadlines.decision_letter_due}; {summary}record due "
            f"{deadlines.record_circulation_due} ({details.record_circulation_working_days} "
            f"working days); first core group due by {deadlines.first_core_group_due}; review "
            f"due by {deadlines.review_due}")


def tracker_lines(conf: Conference, tracker: Tracker) -> list[str]:
    """The tracker as text for the command line."""
    details = conf.details
    nation = details.nation.value.title()
    if not tracker.held:
        start = details.scheduled_start.astimezone(LOCAL_ZONE)
        when = "was to be held" if tracker.as_of > details.day else "is to be held"
        return [
            f"Circulation: {details.title}",
            f"{when} {start:%A} {start.day} {start:%B %Y, %H:%M} ({nation}); as of "
            f"{tracker.as_of}",
            "",
            "The meeting has not started: nothing is due until the conference has been held "
            "(the decision letter, the record and the plan are counted from that day).",
        ]
    lines = [
        f"Circulation: {details.title}",
        f"held {details.day} ({nation}); as of {tracker.as_of}",
        due_dates_text(conf),
        "",
        f"{'due':<11} {'what':<40} {'to':<44} status",
    ]
    for item in tracker.items:
        lines.append(f"{item.due!s:<11} {item.what:<40} {item.recipient:<44} "
                     f"{item.status_text()}")
    lines.append("")
    lines.append(f"{len(tracker.overdue)} overdue" if tracker.overdue else "nothing overdue")
    if tracker.sent:
        lines.append("sent:")
        for dispatch in tracker.sent:
            to = (child_name(conf, dispatch.recipient_id)
                  if dispatch.document is DocumentKind.CHILD_LETTER
                  and dispatch.recipient_id not in conf.attendees
                  else who(conf, dispatch.recipient_id))
            lines.append(f"  {dispatch.sent_on}  {dispatch.document.value:<32} {to} "
                         f"({dispatch.channel.value})")
    return lines

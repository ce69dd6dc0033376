"""Prompts the chair can act on, without nagging: pure rules over the conference and a time.

Each prompt has a key naming its condition; the chair's window shows a prompt once per key and
dismissing it (one key) hides it for good. Dismissals are the chair's screen, not the meeting:
they are not events and not in the record. A prompt also goes once its condition ends (the
family speaks, the child's views are marked).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from . import events as ev
from .attendees import AttendanceState
from .child_focus import FocusPart
from .conference import Conference, MeetingStatus
from .participation import ParticipationSettings, PartyKind, party_of
from .roles import Party
from .transcript import Mark


class PromptKind(Enum):
    FAMILY_SILENT = "the family has not spoken"
    CHILD_VIEWS_NOT_HEARD = "the child's views have not been heard"


@dataclass(frozen=True)
class Prompt:
    key: str  # the condition: shown once per key
    kind: PromptKind
    text: str
    child_id: str | None = None


def prompts(conf: Conference, now: datetime, settings: ParticipationSettings | None = None,
            dismissed: Iterable[str] = ()) -> list[Prompt]:
    settings = settings or ParticipationSettings()
    gone = frozenset(dismissed)
    found = [*_family_silent(conf, now, settings), *_child_views(conf, settings)]
    return [p for p in found if p.key not in gone]


def family_in_meeting(conf: Conference) -> list[str]:
    return [a.id for a in conf.attendees.values()
            if party_of(a, conf.attendees).kind is PartyKind.FAMILY
            and a.role.party is Party.FAMILY and conf.in_meeting(a.id)]


def _in_since(conf: Conference, attendee_id: str) -> datetime:
    """Since when this person has been in the meeting without a break in their audience: the
    later of their last arrival or admission and the start of the run of segments (up to now)
    that admit them."""
    since = conf.started_at or conf.created_at
    for event in conf.log:
        if (isinstance(event, ev.ParticipantAdmitted) and event.attendee_id == attendee_id) or (
                isinstance(event, ev.AttendanceChanged) and event.attendee_id == attendee_id
                and event.state in (AttendanceState.PRESENT, AttendanceState.RETURNED)):
            since = max(since, event.at)
    for segment in reversed(conf.segments):
        if not segment.admits(attendee_id):
            assert segment.ended_at is not None  # the current segment admits them
            since = max(since, segment.ended_at)
            break
    return since


def _break_seconds(conf: Conference, start: datetime, end: datetime) -> float:
    total = 0.0
    for pause in conf.agenda.breaks:
        stop = pause.ended_at or end
        overlap = (min(stop, end) - max(pause.started_at, start)).total_seconds()
        total += max(0.0, overlap)
    return total


def _family_silent(conf: Conference, now: datetime, settings: ParticipationSettings
                   ) -> list[Prompt]:
    stage = conf.agenda.current
    if conf.status is not MeetingStatus.IN_PROGRESS or stage is None \
            or stage.id in settings.quiet_stages:
        return []
    family = family_in_meeting(conf)
    if not family:
        return []
    since = min(_in_since(conf, a) for a in family)
    spoken = [u.ended_at for u in conf.utterances.values()
              if u.speaker_id in conf.attendees
              and party_of(conf.attendees[u.speaker_id], conf.attendees).kind
              is PartyKind.FAMILY]
    if spoken:
        since = max(since, max(spoken))
    silent = (now - since - timedelta(seconds=_break_seconds(conf, since, now)))
    minutes = silent.total_seconds() / 60
    if minutes < settings.family_silent_minutes:
        return []
    names = " and ".join(conf.attendees[a].name.split()[0] for a in family)
    return [Prompt(f"family-silent@{since.isoformat()}", PromptKind.FAMILY_SILENT,
                   f"The family has said nothing for {int(minutes)} minutes. "
                   f"Ask {names} what they think?")]


def child_views_heard(conf: Conference, child_id: str) -> bool:
    """A line is marked with the child's views (or, with one child, marked "child's view")."""
    if conf.child_focus.lines(child_id, FocusPart.VIEWS):
        return True
    return len(conf.details.children) == 1 and any(
        Mark.CHILD_VIEW in u.marks for u in conf.utterances.values())


def _child_views(conf: Conference, settings: ParticipationSettings) -> list[Prompt]:
    stage = conf.agenda.current
    if conf.status is not MeetingStatus.IN_PROGRESS or stage is None \
            or stage.id not in settings.decision_stages:
        return []
    found = []
    for child in conf.details.children:
        if child.unborn or child.id in conf.decisions or child_views_heard(conf, child.id):
            continue
        first = child.name.split()[0]
        found.append(Prompt(
            f"child-views:{child.id}", PromptKind.CHILD_VIEWS_NOT_HEARD,
            f"Before the decision: {first}'s views have not been heard (no line is marked "
            f"with {first}'s views). Ask how {first} sees it, or mark where it was said.",
            child.id))
    return found

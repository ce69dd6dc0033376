"""The meeting API: the one door through which anything changes the live conference.

The chair's window (through its client), the chair's HTTP API, the minute-taker's channel, the
phone line and the command line all call these named use cases; nothing else touches the
session or the domain commands. They run on the media loop, which owns the session; each
returns the events it stored, which are on disk before the feed publishes them.

After every stored event the API refreshes, in order: the egress guard's audience view, the
media policy the hub enforces, then the feed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from ..app import ConferenceSession
from ..domain import events as ev
from ..domain.attendees import Attendee
from ..domain.commands import preparation, record, remote, segments
from ..domain.conference import Conference
from ..domain.errors import DomainError
from ..domain.interpreting import KeptIn
from ..domain.preparation import ContributionKind, PreparationSettings
from ..domain.roles import Party
from ..domain.segments import ExclusionGround
from ..domain.transcript import UtteranceSource
from ..services.asr.results import RECOGNISER
from ..services.attachments import AttachmentStore
from ..services.rtc.policy import MediaPolicy, policy_from
from ..services.rtc.port import PolicyListener
from .egress import AudienceView, EgressGuard
from .feed import EventItem, Feed, FeedItem
from .use_cases_live import LiveUseCases
from .use_cases_preparation import PreparationUseCases
from .use_cases_record import RecordUseCases

log = logging.getLogger(__name__)
T = TypeVar("T")


READMIT_SLACK = timedelta(milliseconds=500)  # a line may begin this much before a readmission


class MeetingApi(LiveUseCases, RecordUseCases, PreparationUseCases):
    def __init__(self, session: ConferenceSession, feed: Feed | None = None) -> None:
        super().__init__(session)
        self.feed = feed or Feed()
        self.transcribed = False  # speech recognition runs for this meeting
        self.guard = EgressGuard(session.now, AudienceView.of(session.conference))
        self._policy = policy_from(session.conference, self.transcribed)
        self._policy_listeners: list[PolicyListener] = []
        self._unsubscribe = session.subscribe(self._stored)

    # ---- after every stored event: guard, policy, feed ---------------------------------
    def _stored(self, event: ev.Event | None) -> None:
        conference = self._session.conference
        self.guard.update(AudienceView.of(conference))
        self._policy = policy_from(conference, self.transcribed)
        number = conference.number_of(event) if event is not None else len(conference.log)
        for listener in list(self._policy_listeners):
            try:
                listener(self._policy, event, number)
            except Exception:  # the hub or a door failing must not undo a stored event
                log.exception("policy listener failed")
        if event is not None:
            self.feed.publish(EventItem(number, event))

    def set_transcribed(self, transcribed: bool) -> None:
        """Speech recognition started (or stopped): join pages say the meeting is transcribed."""
        self.transcribed = transcribed
        self._stored(None)

    def close(self) -> None:
        self._unsubscribe()

    # ---- what the hub and its doors read (services.rtc.port.MeetingPort) ----------------
    def policy(self) -> MediaPolicy:
        return self._policy

    def on_policy(self, listener: PolicyListener) -> None:
        self._policy_listeners.append(listener)

    def subscribe_events(self, listener: Callable[[ev.Event], None]) -> Callable[[], None]:
        """Every stored event, on the media loop, after the guard and the policy know it."""
        def on_item(item: FeedItem) -> None:
            if isinstance(item, EventItem):
                listener(item.event)

        return self.feed.subscribe(on_item)

    def log_from(self, number: int) -> list[tuple[int, ev.Event]]:
        """The stored events after `number` (a client catching up), with their numbers."""
        return list(enumerate(self.conference.log, start=1))[number:]

    def applying_call(self, call_id: str) -> contextlib.AbstractContextManager[None]:
        """The chair's window's call `call_id` is recorded with the events it stores, in
        the same transaction (`applied_call` finds it after a restart)."""
        return self._session.store.applying_call(self.conference.id, call_id)

    def applied_call(self, call_id: str) -> list[int] | None:
        """The numbers of the events the call `call_id` stored, or None if none."""
        return self._session.store.applied_call(self.conference.id, call_id)

    def snapshot(self) -> tuple[ev.Event, ...]:
        """The conference's log as it stands: a client builds its copy from it."""
        return tuple(self.conference.log)

    # ---- participants joining by browser or phone ---------------------------------------
    def leave_meeting(self, attendee_id: str, reason: str = "") -> list[ev.Event]:
        """Someone remote left (hung up, closed the page): marked as having left."""
        return self._run(remote.remove, attendee_id, reason)

    # ---- use cases that decide more than one command -------------------------------------
    def remove_participant(self, attendee_id: str, reason: str = "") -> list[ev.Event]:
        """The chair removes someone from the meeting (they are told and disconnected)."""
        return self._run(remote.remove, attendee_id, reason)

    def send_back(self, attendee_id: str) -> list[ev.Event]:
        """Back to the waiting room, at any time."""
        return self._run(remote.send_to_waiting_room, attendee_id)

    def exclude(self, attendee_ids: Iterable[str], grounds: Iterable[ExclusionGround],
                requested_by: str, reason: str, *, advocate_stays: bool = False,
                withheld_in_writing: Iterable[str] | None = None,
                reason_confidential: bool | None = None,
                interpreters_stay: Iterable[KeptIn] | None = None) -> list[ev.Event]:
        """Move people out of the meeting for the next segment, with grounds.

        When the other side of a child/parent split is waiting out of the meeting (the child
        out while the parents speak, or the reverse), the two swap in one step: one segment,
        never both sides in at once. The window, the HTTP API and the tests get the same.

        `withheld_in_writing`: who else may not receive this part in writing (None: the
        default, every family copy when the grounds are about information);
        `reason_confidential`: the reason stays out of the excluded person's letter;
        `interpreters_stay`: interpreters the chair keeps in, with the reason (by default an
        interpreter goes out with the people they interpret for)."""
        withheld = None if withheld_in_writing is None else list(withheld_in_writing)
        kept = {k.interpreter_id: k.reason for k in interpreters_stay or ()}
        ids = list(dict.fromkeys(attendee_ids))
        grounds = list(grounds)
        conference = self.conference
        waiting = [i for i in conference.excluded_now if i not in ids]
        if waiting and not advocate_stays and _is_swap(conference, ids, waiting):
            return self._run(segments.swap_parts, waiting, ids, requested_by, reason,
                             grounds or (ExclusionGround.CHILD_PARENT_CONFLICT,),
                             withheld_in_writing=withheld,
                             reason_confidential=reason_confidential,
                             interpreters_stay=kept)
        return self._run(segments.exclude, ids, grounds, requested_by, reason,
                         advocate_stays=advocate_stays, withheld_in_writing=withheld,
                         reason_confidential=reason_confidential,
                         interpreters_stay=kept)

    def add_note(self, speaker_id: str | None, text: str, editor: str, *,
                 at: datetime | None = None, utterance_id: str | None = None
                 ) -> list[ev.Event]:
        """A typed line in the transcript (now, or at the time the minute-taker typed it)."""
        when = at or self.now()
        return self._run(record.record_utterance, speaker_id, UtteranceSource.TYPED, when,
                         when, text, None, editor, utterance_id=utterance_id)

    def record_utterance(self, speaker_id: str | None, source: UtteranceSource,
                         started_at: datetime, ended_at: datetime, text: str,
                         confidence: float | None = None, actor: str = "chair", *,
                         utterance_id: str | None = None,
                         speaker_confidence: float | None = None) -> list[ev.Event]:
        """A line of the transcript as it is (a typed note at its own time, an imported
        recording's line)."""
        return self._run(record.record_utterance, speaker_id, source, started_at, ended_at,
                         text, confidence, actor, utterance_id=utterance_id,
                         speaker_confidence=speaker_confidence)

    def record_recognised_line(self, speaker_id: str | None, source: UtteranceSource,
                               started_at: datetime, ended_at: datetime, text: str,
                               confidence: float | None,
                               speaker_confidence: float | None = None, *,
                               language: str = "en", english: str = "") -> str | None:
        """A line the recogniser heard; its id, or None when the rules refuse it (said
        before the meeting started, or by someone excluded when it was said). `language`:
        what it was said in; `english`: Whisper's machine translation of it."""
        started_at = self._recognised_start(speaker_id, started_at, ended_at)
        events = self._run(record.record_utterance, speaker_id, source, started_at, ended_at,
                           text, confidence, RECOGNISER,
                           speaker_confidence=speaker_confidence if speaker_id else None,
                           language=language, english=english)
        return next((e.utterance_id for e in events if isinstance(e, ev.UtteranceRecorded)),
                    None)

    def record_transcription_gap(self, speaker_id: str | None, source: UtteranceSource,
                                 started_at: datetime, ended_at: datetime) -> str | None:
        """Speech the recogniser dropped (it fell behind): a "[not transcribed: 14 s, name]"
        line the minute-taker can fill, under the same rules as a recognised line."""
        started_at = self._recognised_start(speaker_id, started_at, ended_at)
        events = self._run(record.record_transcription_gap, speaker_id, source, started_at,
                           ended_at, RECOGNISER)
        return next((e.utterance_id for e in events if isinstance(e, ev.UtteranceRecorded)),
                    None)

    def _recognised_start(self, speaker_id: str | None, started_at: datetime,
                          ended_at: datetime) -> datetime:
        conference = self.conference
        if conference.started_at is not None and started_at < conference.started_at:
            if ended_at < conference.started_at:
                raise DomainError("spoken before the meeting started")
            started_at = conference.started_at  # the sentence during which the chair started
        if speaker_id is not None and conference.segments and \
                not conference.segment_at(started_at).admits(speaker_id):
            # the recogniser's padding (400 ms) can reach just before they were readmitted
            back = conference.segment_at(min(ended_at, started_at + READMIT_SLACK))
            if not back.admits(speaker_id) or back.started_at > ended_at:
                raise DomainError(f"{speaker_id} was excluded when it was said")
            started_at = back.started_at
        return started_at

    def attach_contribution(self, child_id: str, kind: ContributionKind, sha256: str,
                            size: int, filename: str, *, received_on: date | None = None,
                            description: str = "", max_bytes: int | None = None
                            ) -> list[ev.Event]:
        """The child's own file, already stored by its sha256 (the window stores it first)."""
        return self._run(preparation.attach_contribution, child_id, kind, sha256, size,
                         filename, received_on=received_on, description=description,
                         max_bytes=max_bytes)

    async def attach_child_file(self, files: AttachmentStore, child_id: str, source: Path,
                                kind: ContributionKind, description: str = "",
                                max_bytes: int | None = None) -> list[ev.Event]:
        """The child's own file: copied (and encrypted) off the media loop, then recorded; a
        refused record leaves no new file behind."""
        self.conference.child(child_id)  # refuse an unknown child before copying anything
        limit = PreparationSettings.max_attachment_bytes if max_bytes is None else max_bytes
        stored = await asyncio.to_thread(files.put, source, limit)
        try:
            return self._run(preparation.attach_contribution, child_id, kind, stored.sha256,
                             stored.size, stored.filename, description=description,
                             max_bytes=limit)
        except BaseException:
            if stored.new:
                files.discard(stored.sha256)
            raise


def _is_swap(conference: Conference, going_ids: list[str], waiting: list[str]) -> bool:
    """Child out while parents wait (or the reverse): bring the waiting side back at once."""
    going: list[Attendee] = [conference.attendee(i) for i in going_ids]
    sides = {p.role.party for p in going}
    # an interpreter out with the people they interpret for is no side of their own
    waiting_sides = {conference.attendees[i].role.party for i in waiting} - {Party.INTERPRETER}
    child_parent = {Party.CHILD, Party.FAMILY}
    other_side = waiting_sides - {Party.SUPPORTER}  # a supporter alone out is no other side
    return bool(other_side) and sides <= child_parent and \
        waiting_sides <= child_parent | {Party.SUPPORTER} and sides != other_side


"""The egress guard never lets content reach someone who was out while it was said (hypothesis).

A rule-based machine drives a real `MeetingApi` over a real `ConferenceSession` (the fictional
demo conference in an in-memory SQLite store, a `ManualClock` the test moves) through random
interleavings of what a chair does: exclusions of various people on various grounds, readmission,
sending back to the waiting room, admission, stage changes and breaks, reconnections (the
person's state re-read as the join page's door re-reads it), a restart (the conference re-read
from the store), the end of the meeting. Meanwhile content is produced: partial captions whose
sentence began at any earlier moment and is heard up to now, and final lines recorded through the
API with origins spanning segments.

The test keeps its own model, built only from the events the API returned for what it drove
(who was excluded and readmitted when, who waited, who was admitted): never from the
conference's segments or `may_receive`. After every step, for every person and every piece of
content so far:
- excluded at any moment of the content's span (touching either end) => the guard refuses it;
- not in the meeting now => the guard refuses it; in the meeting and never out during the span
  => the guard lets it through (so an over-cautious guard that refuses everything fails too);
- for recorded lines, the record's rule (`Conference.may_receive`) agrees with the guard;
- live content (`admits_live`, `may_hear`) goes exactly to those in the meeting now.

Bounded to a few seconds; FACILITATOR_FUZZ_SCALE=20 (say) for a longer search.
"""

from __future__ import annotations

import copy
import functools
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from facilitator.app import ConferenceSession
from facilitator.cli import demo_data
from facilitator.domain import events as ev
from facilitator.domain.attendees import AttendanceMode, AttendanceState
from facilitator.domain.audience import Origin, origin_of
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import agenda, people
from facilitator.domain.errors import DomainError
from facilitator.domain.segments import ExclusionGround
from facilitator.domain.transcript import UtteranceSource
from facilitator.meeting.api import MeetingApi
from facilitator.meeting.egress import ROOM
from facilitator.services.conference_file import build_conference
from facilitator.services.database import open_database
from facilitator.services.store import EventStore

SCALE = float(os.environ.get("FACILITATOR_FUZZ_SCALE", "1"))
# a fixed, arbitrary moment: nothing here depends on today's date
START = datetime(2031, 3, 10, 8, 50, tzinfo=UTC)

REMOTE = ("Jade Thornbury", "Liam Ashcombe", "Carys Bell", "DC Tom Reddaway")
IN_ROOM = ("Priya Okonedo", "Martin Hale", "Sian Pritchard", "Gareth Lowe", "Zofia Nowak")
NEVER_OUT = ("Helen Marsh", "Rob Kendal")  # the chair and the minute-taker: refused
EVERYONE = REMOTE + IN_ROOM + NEVER_OUT + ("Dr Anita Varga",)
GROUNDS = tuple(ExclusionGround)
OVERRIDE = "the panel agreed"
# how often the cases that matter were reached (the search must reach them to prove anything)
REACHED: Counter[str] = Counter()


@functools.cache
def _demo() -> dict[str, Any]:
    return demo_data(START)


def prepared_session(clock: ManualClock) -> ConferenceSession:
    """The demo conference as `tests/rtc/harness.py::prepared_conference` prepares it (those
    confirmed in the room present, the meeting started), in an in-memory store."""
    store = EventStore(open_database(memory=True))
    conference = store.create(build_conference(copy.deepcopy(_demo()), clock.now()))
    session = ConferenceSession(store, conference, clock)
    for person in list(conference.attendees.values()):
        if not person.mode.is_remote and person.state.name == "CONFIRMED":
            session.execute(people.change_attendance, person.id, AttendanceState.PRESENT)
    clock.advance(seconds=30)
    session.execute(agenda.start_meeting)
    return session


Interval = list[datetime | None]  # [from, until) ; until None: still so


def _touches(intervals: Iterable[Interval], start: datetime, end: datetime) -> bool:
    """Does the closed span [start, end] touch any half-open [from, until)?"""
    for since, until in intervals:
        assert since is not None
        if since <= end and (until is None or start < until):
            return True
    return False


def _close(intervals: list[Interval], at: datetime) -> None:
    if intervals and intervals[-1][1] is None:
        intervals[-1][1] = at


@dataclass
class Content:
    kind: str  # "partial" or "final"
    origin: Origin
    utterance_id: str | None = None
    # a final line: those out of the segment it was recorded in (the one its first word fell in,
    # as it stood when the line was recorded), which may be a segment of no length
    out_where_recorded: frozenset[str] = frozenset()


class Model:
    """What the test itself knows of who was out, when: only from the events it was given."""

    def __init__(self, ids: dict[str, str], started_at: datetime) -> None:
        self.ids = ids
        self.remote = {ids[n] for n in REMOTE}
        self.excluded: dict[str, list[Interval]] = {i: [] for i in ids.values()}
        self.waiting: dict[str, list[Interval]] = {i: [] for i in ids.values()}
        self.present = {i: False for i in ids.values()}
        self.ended = False
        self.started_at = started_at
        # (moment, who is out from then on) after every exclusion or readmission: the test's
        # own account of the segments' audiences
        self.audiences: list[tuple[datetime, frozenset[str]]] = [(started_at, frozenset())]
        self.came_in: dict[str, datetime] = {}  # when each last came into the meeting

    def apply(self, event: ev.Event) -> None:
        was_in = {p for p in self.remote if self.in_meeting_now(p)}
        self._apply(event)
        for person in self.remote:
            if self.in_meeting_now(person) and person not in was_in:
                self.came_in[person] = event.at

    def in_since_before(self, person: str, origin: Origin) -> bool:
        """In the meeting now, and without a break since before the content began."""
        if person == ROOM:
            return self.in_meeting_now(person)
        came_in = self.came_in.get(person)
        return (self.in_meeting_now(person) and came_in is not None
                and came_in <= origin.started_at)

    def _apply(self, event: ev.Event) -> None:
        at = event.at
        match event:
            case ev.ParticipantsExcluded():
                for person in event.readmitted_ids:
                    _close(self.excluded[person], at)
                for person in event.attendee_ids:
                    assert not self.out_now(person), "excluded twice"
                    self.excluded[person].append([at, None])
            case ev.ParticipantsReadmitted():
                for person in event.attendee_ids:
                    _close(self.excluded[person], at)
            case ev.ParticipantWaiting():
                if not self.waiting_now(event.attendee_id):
                    self.waiting[event.attendee_id].append([at, None])
            case ev.ParticipantAdmitted():
                _close(self.waiting[event.attendee_id], at)
                self.present[event.attendee_id] = True
            case ev.ParticipantRemoved():
                _close(self.waiting[event.attendee_id], at)
                self.present[event.attendee_id] = False
            case ev.MeetingEnded():
                self.ended = True
        if isinstance(event, ev.ParticipantsExcluded | ev.ParticipantsReadmitted):
            self.audiences.append((at, frozenset(p for p in self.excluded if self.out_now(p))))

    def out_at(self, moment: datetime) -> frozenset[str]:
        """Who was out of the latest segment begun by `moment` (the first, if none was)."""
        out = self.audiences[0][1]
        for since, excluded in self.audiences:
            if since <= moment:
                out = excluded
        return out

    def out_now(self, person: str) -> bool:
        spans = self.excluded[person]
        return bool(spans) and spans[-1][1] is None

    def waiting_now(self, person: str) -> bool:
        spans = self.waiting[person]
        return bool(spans) and spans[-1][1] is None

    def in_meeting_now(self, person: str) -> bool:
        if person == ROOM:
            return not self.ended
        return (person in self.remote and self.present[person] and not self.ended
                and not self.waiting_now(person) and not self.out_now(person))

    def excluded_during(self, origin: Origin) -> frozenset[str]:
        """Everyone excluded from any segment the content was said in (touching it at all)."""
        return frozenset(p for p, spans in self.excluded.items()
                         if _touches(spans, origin.started_at, origin.ended_at))


class GuardMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.clock = ManualClock(START)
        self.session = prepared_session(self.clock)
        self.conference_id = self.session.conference.id
        self.api = MeetingApi(self.session)
        self.ids = {a.name: a.id for a in self.session.conference.attendees.values()}
        self.names = {i: n for n, i in self.ids.items()} | {ROOM: ROOM}
        self.model = Model(self.ids, self.clock.now())
        self.contents: list[Content] = []

    # ---- driving the API: refused commands change nothing; stored events feed the model --
    def _do(self, use_case: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        before = len(self.api.conference.log)
        try:
            result = use_case(*args, **kwargs)
        except DomainError:
            assert len(self.api.conference.log) == before, "a refused command stored events"
            return None
        for event in self.api.conference.log[before:]:
            self.model.apply(event)
        return result

    def _person(self, name: str) -> str:
        return self.ids[name]

    @initialize(admitted=st.lists(st.sampled_from(REMOTE), min_size=2, unique=True))
    def some_join_at_the_start(self, admitted: list[str]) -> None:
        for name in admitted:
            self._do(self.api.arrive_remotely, self._person(name), AttendanceMode.VIDEO)
        if admitted:
            self._do(self.api.admit, [self._person(n) for n in admitted])

    # ---- time ----------------------------------------------------------------------------
    @rule(seconds=st.one_of(st.just(0.0), st.floats(0.001, 2.0), st.floats(2.0, 120.0)))
    def time_passes(self, seconds: float) -> None:
        self.clock.advance(seconds=seconds)

    # ---- segments ------------------------------------------------------------------------
    @rule(data=st.data(),
          grounds=st.lists(st.sampled_from(GROUNDS), min_size=1, max_size=2, unique=True),
          advocate_stays=st.booleans())
    def exclude(self, data: st.DataObject, grounds: list[ExclusionGround],
                advocate_stays: bool) -> None:
        """Mostly people in the meeting now; sometimes anyone (some are refused)."""
        here = [n for n in REMOTE if self.model.in_meeting_now(self._person(n))]
        names = data.draw(st.one_of(
            st.lists(st.sampled_from(here or list(REMOTE)), min_size=1, max_size=2, unique=True),
            st.lists(st.sampled_from(EVERYONE), min_size=1, max_size=3, unique=True)))
        ids = [self._person(n) for n in names]
        events = self._do(self.api.exclude, ids, grounds, "DC Tom Reddaway",
                          "a criminal investigation", advocate_stays=advocate_stays)
        if events:
            for person in ids:  # whatever else happened, those named are out now
                assert self.model.out_now(person)
                assert not self.api.guard.admits_live(person)

    @precondition(lambda self: any(self.model.out_now(i) for i in self.ids.values()))
    @rule(data=st.data())
    def readmit(self, data: st.DataObject) -> None:
        out = [n for n in EVERYONE if self.model.out_now(self._person(n))]
        names = data.draw(st.lists(st.sampled_from(out), min_size=1, max_size=3, unique=True))
        chosen = [self._person(n) for n in names]
        assert self._do(self.api.readmit, chosen), "readmitting those out was refused"
        for person in chosen:
            assert not self.model.out_now(person)

    @rule(names=st.lists(st.sampled_from(EVERYONE), min_size=1, max_size=2, unique=True))
    def readmit_anyone(self, names: list[str]) -> None:
        """Also those not out (refused, changing nothing)."""
        self._do(self.api.readmit, [self._person(n) for n in names])

    # ---- the waiting room ----------------------------------------------------------------
    @rule(name=st.sampled_from(REMOTE),
          mode=st.sampled_from((AttendanceMode.VIDEO, AttendanceMode.PHONE)))
    def arrives(self, name: str, mode: AttendanceMode) -> None:
        self._do(self.api.arrive_remotely, self._person(name), mode)

    @rule(names=st.lists(st.sampled_from(REMOTE), min_size=1, max_size=2, unique=True))
    def admit(self, names: list[str]) -> None:
        self._do(self.api.admit, [self._person(n) for n in names])

    @rule()
    def admit_all(self) -> None:
        self._do(self.api.admit_all)

    @rule(name=st.sampled_from(REMOTE + IN_ROOM[:1]))
    def send_back(self, name: str) -> None:
        self._do(self.api.send_back, self._person(name))

    @rule(name=st.sampled_from(REMOTE))
    def removed(self, name: str) -> None:
        self._do(self.api.remove_participant, self._person(name), "asked to leave")

    @rule(name=st.sampled_from(REMOTE),
          mode=st.sampled_from((AttendanceMode.VIDEO, AttendanceMode.PHONE)))
    def reconnects(self, name: str, mode: AttendanceMode) -> None:
        """The join page connects again: its door re-reads where the person stands (as
        `ConferenceServer._join` does) and they land exactly where they were."""
        person = self._person(name)
        was_in = self.model.in_meeting_now(person)
        policy = self.api.policy()
        if person not in policy.in_meeting and person not in policy.excluded:
            self._do(self.api.arrive_remotely, person, mode)
        assert self.api.guard.admits_live(person) == was_in
        if self.model.out_now(person):
            assert not self.api.guard.admits_live(person)

    @rule()
    def restarts(self) -> None:
        """The chair's app restarts: the conference is read again from the store, and a new
        guard decides exactly as the old one did."""
        old = self.api.guard
        store = self.session.store
        session = ConferenceSession(store, store.load(self.conference_id), self.clock)
        api = MeetingApi(session)
        for content in self.contents:
            for person in self.ids.values():
                assert api.guard.admits(person, content.origin) == \
                    old.admits(person, content.origin), (person, content)
        self.api.close()
        self.session, self.api = session, api

    # ---- the agenda ----------------------------------------------------------------------
    @rule(override=st.booleans())
    def next_stage(self, override: bool) -> None:
        self._do(self.api.next_stage, OVERRIDE if override else None)

    @rule()
    def previous_stage(self) -> None:
        self._do(self.api.previous_stage)

    @rule(on=st.booleans())
    def a_break(self, on: bool) -> None:
        self._do(self.api.begin_break if on else self.api.end_break)

    @rule(chance=st.integers(0, 9))
    def the_meeting_ends(self, chance: int) -> None:
        """Rarely (the rest of the run then checks that nothing reaches anyone)."""
        if chance == 0 and len(self.contents) >= 6:
            self._do(self.api.end_meeting, OVERRIDE)

    # ---- content -------------------------------------------------------------------------
    def _earlier(self, data: st.DataObject, label: str) -> datetime:
        """Any earlier moment: a fraction of the way back to a little before the meeting
        started, or (as often) just around a moment someone went out or came back."""
        now = self.clock.now()
        earliest = self.model.started_at - timedelta(seconds=3)
        moments = [at for at, _ in self.model.audiences[1:]]
        near: bool = bool(moments) and data.draw(st.booleans(), label=f"{label}: near a change")
        if near:
            at: datetime = data.draw(st.sampled_from(moments), label=label)
            offset: float = data.draw(st.sampled_from((-2.0, -0.001, 0.0, 0.001, 2.0)) | st.floats(
                -30.0, 30.0), label=f"{label}: offset")
            return min(now, max(earliest, at + timedelta(seconds=offset)))
        return now - (now - earliest) * data.draw(st.floats(0.0, 1.0), label=label)

    @rule(data=st.data())
    def partial_caption(self, data: st.DataObject) -> None:
        """The words so far of a sentence begun at any earlier moment, heard up to now (the
        origin `ConferenceServer.partial_caption` gives it, speaking or closed)."""
        started = self._earlier(data, "began")
        now = self.clock.now()
        self.contents.append(Content("partial", Origin(started, max(now, started))))

    @rule(data=st.data(), speaker=st.one_of(st.none(), st.sampled_from(REMOTE + IN_ROOM[:2])),
          recognised=st.booleans())
    def final_line(self, data: st.DataObject, speaker: str | None, recognised: bool) -> None:
        """A line recorded through the API (as the recogniser or as the minute-taker would),
        said over any stretch of the past, across segments."""
        started, finished = sorted((self._earlier(data, "began"), self._earlier(data, "ended")))
        speaker_id = self._person(speaker) if speaker else None
        before = len(self.api.conference.log)
        if recognised:
            self._do(self.api.record_recognised_line, speaker_id, UtteranceSource.VIDEO,
                     started, finished, "a line of the meeting", 0.9)
        else:
            self._do(self.api.record_utterance, speaker_id, UtteranceSource.ROOM, started,
                     finished, "a line of the meeting")
        for event in self.api.conference.log[before:]:
            if isinstance(event, ev.UtteranceRecorded):  # as stored (the start may be clamped)
                self.contents.append(Content(
                    "final", Origin(event.started_at, event.ended_at), event.utterance_id,
                    self.model.out_at(event.started_at)))

    @rule(name=st.sampled_from(REMOTE), grounds=st.lists(st.sampled_from(GROUNDS), min_size=1,
                                                        max_size=2, unique=True),
          away=st.floats(0.0, 20.0), data=st.data())
    def out_for_a_while(self, name: str, grounds: list[ExclusionGround], away: float,
                        data: st.DataObject) -> None:
        """A common shape, made likely: someone is excluded, something is said (a sentence
        begun at any earlier moment), and they are readmitted, perhaps while it goes on."""
        person = self._person(name)
        if not self._do(self.api.exclude, [person], grounds, "Priya Okonedo", "legal advice"):
            return
        self.clock.advance(seconds=away)
        self.partial_caption(data)
        self.clock.advance(seconds=data.draw(st.sampled_from((0.0, 0.001, 0.5)), label="then"))
        self._do(self.api.readmit, [person])

    # ---- after every step ----------------------------------------------------------------
    @invariant()
    def nothing_reaches_anyone_who_was_out(self) -> None:
        guard, conference, model = self.api.guard, self.api.conference, self.model
        everyone = [*self.ids.values(), ROOM]
        for content in self.contents:
            span_out = model.excluded_during(content.origin)
            # (origin, those excluded from any segment it comes from)
            checks = [(content.origin, span_out)]
            utterance = None
            if content.utterance_id is not None:
                utterance = conference.utterances[content.utterance_id]
                # what the hub's final captions check: the time and the segment recorded in
                checks.append((origin_of(utterance), span_out | content.out_where_recorded))
            for person in everyone:
                for origin, out in checks:
                    admitted = guard.admits(person, origin)
                    if person in out:
                        assert not admitted, (
                            f"LEAK: {content.kind} content said {origin.started_at:%H:%M:%S.%f}"
                            f"-{origin.ended_at:%H:%M:%S.%f} reaches {self.names[person]}, who "
                            f"was excluded during it ({model.excluded[person]})")
                        if model.in_meeting_now(person):
                            self._reached(content, person)
                    if not model.in_meeting_now(person):
                        assert not admitted, (f"{content.kind} content reaches "
                                              f"{self.names[person]}, not in the meeting")
                    expected = model.in_since_before(person, origin) and person not in out
                    assert admitted == expected, (content, self.names[person],
                                                  model.excluded[person])
                if utterance is not None and person != ROOM:
                    # the record's rule (family copy, minutes) agrees with the guard
                    out = checks[-1][1]
                    assert conference.may_receive(person, utterance) == (person not in out)

    def _reached(self, content: Content, person: str) -> None:
        REACHED["back in, content from while out"] += 1
        spans = self.model.excluded[person]
        origin = content.origin
        if not _touches(spans, origin.started_at, origin.started_at):
            REACHED["... begun before they went out"] += 1
        if not _touches(spans, origin.ended_at, origin.ended_at):
            REACHED["... ended after they came back"] += 1

    @invariant()
    def live_content_only_to_those_in_the_meeting_now(self) -> None:
        guard, model = self.api.guard, self.model
        everyone = [*self.ids.values(), ROOM]
        for listener in everyone:
            assert guard.admits_live(listener) == model.in_meeting_now(listener), \
                self.names[listener]
            for source in everyone:
                assert guard.may_hear(listener, source) == (
                    listener != source and model.in_meeting_now(listener)
                    and model.in_meeting_now(source)), (self.names[listener], self.names[source])

    def teardown(self) -> None:
        self.api.close()
        self.session.store.db.close()


def test_the_guard_never_lets_out_what_was_said_while_someone_was_out() -> None:
    REACHED.clear()
    run_state_machine_as_test(GuardMachine, settings=settings(
        max_examples=int(60 * SCALE), stateful_step_count=40, deadline=None, database=None,
        # no "explain" phase: its tracing makes shrinking a failure take minutes
        phases=[Phase.explicit, Phase.generate, Phase.target, Phase.shrink],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
    # the search reached what matters: people back in the meeting, content from their absence
    assert REACHED["back in, content from while out"] > 0, dict(REACHED)
    print(dict(REACHED))


def _in_meeting(api: MeetingApi, *people_ids: str) -> None:
    for person in people_ids:
        api.arrive_remotely(person, AttendanceMode.VIDEO)
    api.admit(people_ids)


def test_what_was_said_while_she_was_sent_back_to_the_waiting_room_does_not_reach_her() -> None:
    clock = ManualClock(START)
    session = prepared_session(clock)
    api = MeetingApi(session)
    ids = {a.name: a.id for a in session.conference.attendees.values()}
    jade, liam = ids["Jade Thornbury"], ids["Liam Ashcombe"]
    _in_meeting(api, jade, liam)
    clock.advance(seconds=5)
    api.send_back(jade)
    clock.advance(seconds=3)
    began = clock.now()  # DC Reddaway starts a sentence while Jade waits
    clock.advance(seconds=4)
    api.record_utterance(ids["DC Tom Reddaway"], UtteranceSource.VIDEO, began, clock.now(),
                         "a line said while she waited")
    api.admit([jade])  # the line is still being finalised, the next sentence goes on
    clock.advance(seconds=0.5)
    line = next(iter(session.conference.utterances.values()))
    partial = Origin(began, clock.now())
    assert api.guard.admits(liam, partial) and api.guard.admits(liam, origin_of(line))
    assert not api.guard.admits(jade, partial), "a partial caption of it reaches her"
    assert not api.guard.admits(jade, origin_of(line)), "its final caption reaches her"

"""Attendance, apologies and reports, the observer, and exclusions: from the event log."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from ..domain import events as ev
from ..domain.attendees import AttendanceMode, AttendanceState, Attendee
from ..domain.conference import Conference
from ..domain.interpreting import interpreted_by
from ..domain.roles import Party
from ..domain.segments import INFORMATION_GROUNDS
from .audience import Audience
from .document import Block, Fields, Heading, Para, Style, Table
from .formatting import date_text, join_words, role_of, time_text, who
from .language import ENGLISH_LANGUAGE, Language
from .wording import Wording

ABSENT = (AttendanceState.APOLOGIES, AttendanceState.APOLOGIES_WITH_REPORT)


@dataclass
class Presence:
    """One person's comings and goings during the meeting, in order."""

    attended: bool = False
    from_start: bool = False
    moves: list[str] = field(default_factory=list)


def presence(conf: Conference) -> dict[str, Presence]:
    """Who was there and when, replayed from the log (states as the conference applies them)."""
    states: dict[str, AttendanceState] = {}
    seen: dict[str, Presence] = defaultdict(Presence)
    started = False
    for event in conf.log:
        if isinstance(event, ev.MeetingStarted):
            started = True
            for attendee_id, state in states.items():
                if state.is_present:
                    seen[attendee_id].attended = seen[attendee_id].from_start = True
            continue
        moment = time_text(event.at)
        if isinstance(event, ev.AttendeeAdded):
            states[event.attendee.id] = event.attendee.state
            if started and event.attendee.state.is_present:
                _arrive(seen[event.attendee.id], f"arrived {moment}")
        elif isinstance(event, ev.AttendanceChanged):
            states[event.attendee_id] = event.state
            if started:
                _changed(seen[event.attendee_id], event.state, moment)
        elif isinstance(event, ev.ParticipantAdmitted):
            before = states.get(event.attendee_id)
            if before is not None and not before.is_present:
                after = (AttendanceState.RETURNED if before is AttendanceState.LEFT
                         else AttendanceState.PRESENT)
                states[event.attendee_id] = after
                if started:
                    _changed(seen[event.attendee_id], after, moment)
            elif started and before is not None:
                seen[event.attendee_id].moves.append(f"back from the waiting room {moment}")
        elif isinstance(event, ev.ParticipantWaiting) and event.sent_back and started:
            seen[event.attendee_id].moves.append(f"sent to the waiting room {moment}")
        elif isinstance(event, ev.ParticipantRemoved):
            if states.get(event.attendee_id, AttendanceState.INVITED).is_present:
                states[event.attendee_id] = AttendanceState.LEFT
                if started:
                    seen[event.attendee_id].moves.append(f"asked to leave {moment}")
        elif isinstance(event, ev.AttendanceModeChanged) and started:
            seen[event.attendee_id].moves.append(f"{event.mode.value} from {moment}")
    return dict(seen)


def _arrive(person: Presence, text: str) -> None:
    person.attended = True
    person.moves.append(text)


def _changed(person: Presence, state: AttendanceState, moment: str) -> None:
    if state is AttendanceState.PRESENT:
        _arrive(person, f"arrived {moment}")
    elif state is AttendanceState.LEFT:
        person.moves.append(f"left {moment}")
    elif state is AttendanceState.RETURNED:
        _arrive(person, f"returned {moment}")


def out_periods(conf: Conference, attendee_id: str) -> list[tuple[datetime, datetime | None]]:
    """When the person was out of the meeting by exclusion: runs of segments without them."""
    periods: list[tuple[datetime, datetime | None]] = []
    start: datetime | None = None
    for segment in conf.segments:
        if not segment.admits(attendee_id) and start is None:
            start = segment.started_at
        elif segment.admits(attendee_id) and start is not None:
            periods.append((start, segment.started_at))
            start = None
    if start is not None:
        periods.append((start, conf.ended_at))
    return periods


def period_text(start: datetime, end: datetime | None) -> str:
    """'10:40–10:55 (15 min)'; to the second when it starts and ends within one minute."""
    if end is None:
        return f"from {time_text(start)}"
    seconds = round((end - start).total_seconds())
    if time_text(start) == time_text(end):  # spaced: a narrow column may break the line
        return (f"{time_text(start, seconds=True)} – {time_text(end, seconds=True)} "
                f"({seconds} s)")
    minutes = seconds / 60
    length = f"{minutes:.0f} min" if minutes >= 1 else f"{seconds} s"
    return f"{time_text(start)}–{time_text(end)} ({length})"


def period_words(start: datetime, end: datetime | None,
                 lang: Language = ENGLISH_LANGUAGE) -> str:
    """'from 10:40 to 10:55' for a letter (to the second within one minute)."""
    if end is None:
        return lang.t("from {start} to the end of the conference", start=time_text(start))
    exact = time_text(start) == time_text(end)
    return lang.t("from {start} to {end}", start=time_text(start, seconds=exact),
                  end=time_text(end, seconds=exact))


def unmarked_presence(conf: Conference, person: Attendee) -> str | None:
    """Why someone never marked as arrived was there all the same: the chair runs the
    meeting; anyone a line is attributed to, or who minuted, took part. None: no sign."""
    if conf.started_at is None:
        return None
    if person.role.party is Party.CHAIR:
        return "chaired the meeting"
    spoke = [u.started_at for u in conf.transcript() if u.speaker_id == person.id]
    acted = [e.at for e in conf.log if e.actor == person.id and e.at >= conf.started_at]
    if acted and person.role.party is Party.MINUTE_TAKER:
        return f"took the minutes from {time_text(min(acted))} (not marked as arrived)"
    if spoke:
        return f"spoke from {time_text(min(spoke))} (not marked as arrived)"
    if acted:
        return f"took part from {time_text(min(acted))} (not marked as arrived)"
    return None


def how_attended(person: Attendee) -> str:
    how = "in the room" if person.mode is AttendanceMode.IN_ROOM else person.mode.value
    language = person.needs.interpreter_language
    if language and person.role.party is Party.INTERPRETER:
        how += f"; interpreting {language}"
    elif language:
        how += f"; with a {language} interpreter"
    return how


def attendance_blocks(conf: Conference, wording: Wording) -> list[Block]:
    seen = presence(conf)
    rows: list[tuple[str, ...]] = []
    absent: list[tuple[str, ...]] = []
    for person in conf.attendees.values():
        record = seen.get(person.id, Presence())
        unmarked = None if record.attended else unmarked_presence(conf, person)
        if not record.attended and unmarked is None:
            if person.state not in ABSENT:
                absent.append((person.name, role_of(conf, person.id), "invited; did not attend"))
            continue
        times = (["from the start"] if record.from_start else []) + record.moves
        if unmarked is not None:
            times = [unmarked]
        times += [f"out by exclusion {period_text(*p)}" for p in out_periods(conf, person.id)]
        rows.append((person.name, role_of(conf, person.id), how_attended(person),
                     "; ".join(times)))
    blocks: list[Block] = [Heading(wording.heading("attendance"))]
    if rows:
        blocks.append(Table(("Name", "Role", "How they attended", "When"), tuple(rows),
                            (3, 4, 2.5, 3.5)))
    else:
        blocks.append(Para("The meeting has not started: nobody is recorded as present yet.",
                           Style.NOTE))
    if absent:
        blocks.append(Table(("Name", "Role", "Attendance"), tuple(absent), (3, 5, 4)))
    return blocks


def apologies_blocks(conf: Conference, audience: Audience, wording: Wording) -> list[Block]:
    blocks: list[Block] = [Heading(wording.heading("apologies"))]
    apologies = [p for p in conf.attendees.values() if p.state in ABSENT]
    if apologies:
        blocks.append(Table(("Name", "Role", "Apologies"), tuple(
            (p.name, role_of(conf, p.id), p.state.value.capitalize()) for p in apologies
        ), (3, 5, 4)))
    else:
        blocks.append(Para("No apologies.", Style.NOTE))
    rows = []
    for report in conf.minutes.reports.values():
        why = report.not_shared_reason if audience.is_full else ""  # may say too much
        shared = ("Yes" + (f", {date_text(report.shared_on)}" if report.shared_on else "")
                  if report.shared_with_parents else "No" + (f": {why}" if why else ""))
        rows.append((report.agency, who(conf, report.author_id) if report.author_id else "",
                     date_text(report.received_on) if report.received_on else "not recorded",
                     shared))
    authors = {r.author_id for r in conf.minutes.reports.values()}
    for person in conf.attendees.values():  # the social worker always reports to conference
        if person.role_key == "social_worker" and person.id not in authors:
            rows.insert(0, (person.agency or "Children's social care", who(conf, person.id),
                            "not recorded as received", "not recorded"))
    for person in apologies:
        if person.state is AttendanceState.APOLOGIES_WITH_REPORT and person.id not in authors:
            rows.append((person.agency or person.role.label, who(conf, person.id),
                         "sent with apologies", "not recorded"))
    if rows:
        blocks.append(Table(("Report from", "Written by", "Received", "Parents saw it in advance"),
                            tuple(rows), (3, 3.5, 2.5, 3)))
    else:
        blocks.append(Para("No written reports are recorded.", Style.NOTE))
    return blocks


def observer_blocks(conf: Conference, wording: Wording) -> list[Block]:
    observers = [p for p in conf.attendees.values() if p.role.party is Party.OBSERVER]
    if not observers:
        return []
    blocks: list[Block] = [Heading(wording.heading("observer"))]
    for person in observers:
        consent = person.observer_consent
        blocks.append(Fields((
            ("Observer", f"{person.name}" + (f", {person.agency}" if person.agency else "")),
            ("Chair's consent", "given in advance" if consent and consent.chair else "not given"),
            ("Family's consent", "given in advance" if consent and consent.family
             else "not given"),
        )))
    blocks.append(Para(wording.text("observer_note"), Style.NOTE))
    return blocks


def exclusion_blocks(conf: Conference, audience: Audience, wording: Wording) -> list[Block]:
    blocks: list[Block] = [Heading(wording.heading("exclusions"))]
    if not conf.exclusions:
        blocks.append(Para("Nobody was excluded from any part of the conference.", Style.NOTE))
        return blocks
    rows: list[tuple[str, ...]] = []
    for exclusion in conf.exclusions:
        for attendee_id in sorted(exclusion.attendee_ids, key=lambda a: who(conf, a)):
            periods = [p for p in out_periods(conf, attendee_id)
                       if exclusion.started_at <= p[0] and (
                           exclusion.ended_at is None or p[0] < exclusion.ended_at)]
            when = "; ".join(period_text(*p) for p in periods) or period_text(
                exclusion.started_at, exclusion.ended_at)
            grounds = join_words(sorted(g.value for g in exclusion.grounds), "; and")
            if audience.is_full:
                rows.append((who(conf, attendee_id), when, grounds,
                             who(conf, exclusion.requested_by), exclusion.reason))
            else:  # the free-text reason may hold what must not be disclosed: never here
                own = attendee_id == audience.attendee_id
                rows.append((who(conf, attendee_id), when, grounds if own else ""))
    if audience.is_full:
        blocks.append(Table(("Who", "Out of the meeting", "Grounds", "Requested by", "Reason"),
                            tuple(rows), (2.8, 2.4, 3.4, 2.6, 3.4)))
        blocks += [Para(text, Style.NOTE) for text in in_writing_notes(conf)]
        blocks += [Para(text, Style.NOTE) for text in interpreter_notes(conf)]
    else:
        blocks.append(Table(("Who", "Out of the meeting", "Grounds"), tuple(rows), (4, 3, 7)))
        blocks.append(Para("The chair writes to anyone excluded with the reasons. Other "
                           "people's grounds are kept in the professionals' record.", Style.NOTE))
        if audience.withheld:
            blocks.append(Para(withheld_note(conf, audience), Style.NOTE))
    return blocks


def _names(conf: Conference, ids: frozenset[str]) -> str:
    return join_words(sorted(who(conf, a) for a in ids))


def in_writing_notes(conf: Conference) -> list[str]:
    """What the chair decided, for each exclusion, about written copies (full record only)."""
    notes = []
    for exclusion in conf.exclusions:
        out = _names(conf, exclusion.attendee_ids)
        when = period_text(exclusion.started_at, exclusion.ended_at)
        parts = []
        if exclusion.withheld_in_writing:
            parts.append("the chair decided this part is also left out of the written copy of "
                         f"{_names(conf, exclusion.withheld_in_writing)}, who heard it")
        elif exclusion.grounds & INFORMATION_GROUNDS:
            parts.append("the chair decided everyone who heard this part may receive it in "
                         "writing")
        if exclusion.reason_confidential:
            parts.append("the reason is confidential: the letter to "
                         f"{out} gives the grounds only")
        if parts:
            notes.append(f"Exclusion of {out} ({when}): " + "; ".join(parts) + ".")
    return notes


def interpreter_notes(conf: Conference) -> list[str]:
    """Interpreters and exclusions (full record only): who went out with the people they
    interpret for, and who stayed in, why."""
    by_id = {e.id: e for e in conf.exclusions}
    notes = []
    for exclusion in conf.exclusions:
        for interpreter_id in sorted(exclusion.attendee_ids):
            people = interpreted_by(conf, interpreter_id) & exclusion.attendee_ids
            if conf.attendee(interpreter_id).role.party is Party.INTERPRETER and people:
                notes.append(f"{who(conf, interpreter_id)}, interpreter, went out with "
                             f"{_names(conf, people)}, for whom they interpret "
                             f"({period_text(exclusion.started_at, exclusion.ended_at)}).")
    for kept in (e for e in conf.log if isinstance(e, ev.InterpreterKeptIn)):
        part = by_id.get(kept.exclusion_id)
        when = f" ({period_text(part.started_at, part.ended_at)})" if part else ""
        decided = "the chair decided they stay" if kept.chair_decided else "they stayed"
        notes.append(f"{who(conf, kept.interpreter_id)}, interpreting for "
                     f"{_names(conf, kept.for_ids)}, stayed in while they were out{when}: "
                     f"{decided}: {kept.reason}.")
    return notes


def withheld_note(conf: Conference, audience: Audience) -> str:
    """A family member who heard a part that the chair decided they may not have in writing."""
    periods = []
    for exclusion in conf.exclusions:
        if audience.attendee_id in exclusion.withheld_in_writing:
            periods.append(period_text(exclusion.started_at, exclusion.ended_at))
    return ("Not in this written copy, though you were present: " + join_words(periods)
            + ". The information shared then cannot be given in writing; you can ask the social "
            "worker to talk with you about it.")

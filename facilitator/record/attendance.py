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
from .formatting import join_words, role_in, time_text, who, who_in
from .language import ENGLISH_LANGUAGE, N_, Language
from .wording import Wording

ABSENT = (AttendanceState.APOLOGIES, AttendanceState.APOLOGIES_WITH_REPORT)
APOLOGY_TEXTS = {AttendanceState.APOLOGIES: N_("Apologies"),
                 AttendanceState.APOLOGIES_WITH_REPORT: N_("Apologies, written report sent")}


@dataclass
class Presence:
    """One person's comings and goings during the meeting, in order."""

    attended: bool = False
    from_start: bool = False
    moves: list[str] = field(default_factory=list)


def presence(conf: Conference, lang: Language = ENGLISH_LANGUAGE) -> dict[str, Presence]:
    """Who was there and when, replayed from the log (states as the conference applies them);
    the comings and goings written in `lang`."""
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
                _arrive(seen[event.attendee.id], lang.t("arrived {time}", time=moment))
        elif isinstance(event, ev.AttendanceChanged):
            states[event.attendee_id] = event.state
            if started:
                _changed(seen[event.attendee_id], event.state, moment, lang)
        elif isinstance(event, ev.ParticipantAdmitted):
            before = states.get(event.attendee_id)
            if before is not None and not before.is_present:
                after = (AttendanceState.RETURNED if before is AttendanceState.LEFT
                         else AttendanceState.PRESENT)
                states[event.attendee_id] = after
                if started:
                    _changed(seen[event.attendee_id], after, moment, lang)
            elif started and before is not None:
                seen[event.attendee_id].moves.append(
                    lang.t("back from the waiting room {time}", time=moment))
        elif isinstance(event, ev.ParticipantWaiting) and event.sent_back and started:
            seen[event.attendee_id].moves.append(
                lang.t("sent to the waiting room {time}", time=moment))
        elif isinstance(event, ev.ParticipantRemoved):
            if states.get(event.attendee_id, AttendanceState.INVITED).is_present:
                states[event.attendee_id] = AttendanceState.LEFT
                if started:
                    seen[event.attendee_id].moves.append(
                        lang.t("asked to leave {time}", time=moment))
        elif isinstance(event, ev.AttendanceModeChanged) and started:
            seen[event.attendee_id].moves.append(lang.t(
                "{mode} from {time}", mode=lang.t(str(event.mode.value)), time=moment))
    return dict(seen)


def _arrive(person: Presence, text: str) -> None:
    person.attended = True
    person.moves.append(text)


def _changed(person: Presence, state: AttendanceState, moment: str,
             lang: Language = ENGLISH_LANGUAGE) -> None:
    if state is AttendanceState.PRESENT:
        _arrive(person, lang.t("arrived {time}", time=moment))
    elif state is AttendanceState.LEFT:
        person.moves.append(lang.t("left {time}", time=moment))
    elif state is AttendanceState.RETURNED:
        _arrive(person, lang.t("returned {time}", time=moment))


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


def period_text(start: datetime, end: datetime | None,
                lang: Language = ENGLISH_LANGUAGE) -> str:
    """'10:40–10:55 (15 min)'; to the second when it starts and ends within one minute."""
    if end is None:
        return lang.t("from {time}", time=time_text(start))
    seconds = round((end - start).total_seconds())
    if time_text(start) == time_text(end):  # spaced: a narrow column may break the line
        return (f"{time_text(start, seconds=True)} – {time_text(end, seconds=True)} "
                f"({seconds} s)")
    minutes = seconds / 60
    length = (lang.t("{minutes} min", minutes=f"{minutes:.0f}") if minutes >= 1
              else f"{seconds} s")
    return f"{time_text(start)}–{time_text(end)} ({length})"


def period_words(start: datetime, end: datetime | None,
                 lang: Language = ENGLISH_LANGUAGE) -> str:
    """'from 10:40 to 10:55' for a letter (to the second within one minute)."""
    if end is None:
        return lang.t("from {start} to the end of the conference", start=time_text(start))
    exact = time_text(start) == time_text(end)
    return lang.t("from {start} to {end}", start=time_text(start, seconds=exact),
                  end=time_text(end, seconds=exact))


def unmarked_presence(conf: Conference, person: Attendee,
                      lang: Language = ENGLISH_LANGUAGE) -> str | None:
    """Why someone never marked as arrived was there all the same: the chair runs the
    meeting; anyone a line is attributed to, or who minuted, took part. None: no sign."""
    if conf.started_at is None:
        return None
    if person.role.party is Party.CHAIR:
        return lang.t("chaired the meeting")
    spoke = [u.started_at for u in conf.transcript() if u.speaker_id == person.id]
    acted = [e.at for e in conf.log if e.actor == person.id and e.at >= conf.started_at]
    if acted and person.role.party is Party.MINUTE_TAKER:
        return lang.t("took the minutes from {time} (not marked as arrived)",
                      time=time_text(min(acted)))
    if spoke:
        return lang.t("spoke from {time} (not marked as arrived)", time=time_text(min(spoke)))
    if acted:
        return lang.t("took part from {time} (not marked as arrived)",
                      time=time_text(min(acted)))
    return None


def how_attended(person: Attendee, lang: Language = ENGLISH_LANGUAGE) -> str:
    how = lang.t("in the room" if person.mode is AttendanceMode.IN_ROOM
                 else str(person.mode.value))
    language = person.needs.interpreter_language
    if language and person.role.party is Party.INTERPRETER:
        how += lang.t("; interpreting {language}", language=language)
    elif language:
        how += lang.t("; with a {language} interpreter", language=language)
    return how


def attendance_blocks(conf: Conference, wording: Wording,
                      lang: Language = ENGLISH_LANGUAGE) -> list[Block]:
    seen = presence(conf, lang)
    rows: list[tuple[str, ...]] = []
    absent: list[tuple[str, ...]] = []
    for person in conf.attendees.values():
        record = seen.get(person.id, Presence())
        unmarked = None if record.attended else unmarked_presence(conf, person, lang)
        if not record.attended and unmarked is None:
            if person.state not in ABSENT:
                absent.append((person.name, role_in(conf, person.id, lang),
                               lang.t("invited; did not attend")))
            continue
        times = ([lang.t("from the start")] if record.from_start else []) + record.moves
        if unmarked is not None:
            times = [unmarked]
        times += [lang.t("out by exclusion {period}", period=period_text(*p, lang))
                  for p in out_periods(conf, person.id)]
        rows.append((person.name, role_in(conf, person.id, lang), how_attended(person, lang),
                     "; ".join(times)))
    blocks: list[Block] = [Heading(wording.heading("attendance"))]
    if rows:
        blocks.append(Table((lang.t("Name"), lang.t("Role"), lang.t("How they attended"),
                             lang.t("When")), tuple(rows),
                            (3, 4, 2.5, 3.5)))
    else:
        blocks.append(Para(lang.t("The meeting has not started: nobody is recorded as present "
                                  "yet."),
                           Style.NOTE))
    if absent:
        blocks.append(Table((lang.t("Name"), lang.t("Role"), lang.t("Attendance")),
                            tuple(absent), (3, 5, 4)))
    return blocks


def apologies_blocks(conf: Conference, audience: Audience, wording: Wording,
                     lang: Language = ENGLISH_LANGUAGE) -> list[Block]:
    blocks: list[Block] = [Heading(wording.heading("apologies"))]
    apologies = [p for p in conf.attendees.values() if p.state in ABSENT]
    if apologies:
        blocks.append(Table((lang.t("Name"), lang.t("Role"), lang.t("Apologies")), tuple(
            (p.name, role_in(conf, p.id, lang), lang.t(APOLOGY_TEXTS[p.state]))
            for p in apologies), (3, 5, 4)))
    else:
        blocks.append(Para(lang.t("No apologies."), Style.NOTE))
    rows = []
    for report in conf.minutes.reports.values():
        why = report.not_shared_reason if audience.is_full else ""  # may say too much
        shared = (lang.t("Yes") + (f", {lang.date(report.shared_on)}" if report.shared_on else "")
                  if report.shared_with_parents else lang.t("No") + (f": {why}" if why else ""))
        rows.append((report.agency,
                     who_in(conf, report.author_id, lang) if report.author_id else "",
                     lang.date(report.received_on) if report.received_on
                     else lang.t("not recorded"), shared))
    authors = {r.author_id for r in conf.minutes.reports.values()}
    for person in conf.attendees.values():  # the social worker always reports to conference
        if person.role_key == "social_worker" and person.id not in authors:
            rows.insert(0, (person.agency or lang.t("Children's social care"),
                            who_in(conf, person.id, lang), lang.t("not recorded as received"),
                            lang.t("not recorded")))
    for person in apologies:
        if person.state is AttendanceState.APOLOGIES_WITH_REPORT and person.id not in authors:
            rows.append((person.agency or lang.t(person.role.label),
                         who_in(conf, person.id, lang), lang.t("sent with apologies"),
                         lang.t("not recorded")))
    if rows:
        blocks.append(Table((lang.t("Report from"), lang.t("Written by"), lang.t("Received"),
                             lang.t("Parents saw it in advance")), tuple(rows), (3, 3.5, 2.5, 3)))
    else:
        blocks.append(Para(lang.t("No written reports are recorded."), Style.NOTE))
    return blocks


def observer_blocks(conf: Conference, wording: Wording,
                    lang: Language = ENGLISH_LANGUAGE) -> list[Block]:
    observers = [p for p in conf.attendees.values() if p.role.party is Party.OBSERVER]
    if not observers:
        return []
    blocks: list[Block] = [Heading(wording.heading("observer"))]
    for person in observers:
        consent = person.observer_consent
        blocks.append(Fields((
            (lang.t("Observer"), f"{person.name}" + (f", {person.agency}" if person.agency
                                                      else "")),
            (lang.t("Chair's consent"), lang.t("given in advance") if consent and consent.chair
             else lang.t("not given")),
            (lang.t("Family's consent"), lang.t("given in advance")
             if consent and consent.family else lang.t("not given")),
        )))
    blocks.append(Para(wording.text("observer_note"), Style.NOTE))
    return blocks


def exclusion_blocks(conf: Conference, audience: Audience, wording: Wording,
                     lang: Language = ENGLISH_LANGUAGE) -> list[Block]:
    blocks: list[Block] = [Heading(wording.heading("exclusions"))]
    if not conf.exclusions:
        blocks.append(Para(lang.t("Nobody was excluded from any part of the conference."),
                           Style.NOTE))
        return blocks
    rows: list[tuple[str, ...]] = []
    for exclusion in conf.exclusions:
        for attendee_id in sorted(exclusion.attendee_ids, key=lambda a: who(conf, a)):
            periods = [p for p in out_periods(conf, attendee_id)
                       if exclusion.started_at <= p[0] and (
                           exclusion.ended_at is None or p[0] < exclusion.ended_at)]
            when = "; ".join(period_text(*p, lang) for p in periods) or period_text(
                exclusion.started_at, exclusion.ended_at, lang)
            grounds = join_words(sorted(lang.t(str(g.value)) for g in exclusion.grounds),
                                 lang.t("; and"))
            if audience.is_full:
                rows.append((who(conf, attendee_id), when, grounds,
                             who(conf, exclusion.requested_by), exclusion.reason))
            else:  # the free-text reason may hold what must not be disclosed: never here
                own = attendee_id == audience.attendee_id
                rows.append((who_in(conf, attendee_id, lang), when, grounds if own else ""))
    if audience.is_full:
        blocks.append(Table(("Who", "Out of the meeting", "Grounds", "Requested by", "Reason"),
                            tuple(rows), (2.8, 2.4, 3.4, 2.6, 3.4)))
        blocks += [Para(text, Style.NOTE) for text in in_writing_notes(conf)]
        blocks += [Para(text, Style.NOTE) for text in interpreter_notes(conf)]
    else:
        blocks.append(Table((lang.t("Who"), lang.t("Out of the meeting"), lang.t("Grounds")),
                            tuple(rows), (4, 3, 7)))
        blocks.append(Para(lang.t("The chair writes to anyone excluded with the reasons. Other "
                                  "people's grounds are kept in the professionals' record."),
                           Style.NOTE))
        if audience.withheld:
            blocks.append(Para(withheld_note(conf, audience, lang), Style.NOTE))
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


def withheld_note(conf: Conference, audience: Audience,
                  lang: Language = ENGLISH_LANGUAGE) -> str:
    """A family member who heard a part that the chair decided they may not have in writing."""
    periods = []
    for exclusion in conf.exclusions:
        if audience.attendee_id in exclusion.withheld_in_writing:
            periods.append(period_text(exclusion.started_at, exclusion.ended_at, lang))
    return lang.t("Not in this written copy, though you were present: {periods}. The information "
                  "shared then cannot be given in writing; you can ask the social worker to talk "
                  "with you about it.", periods=lang.join(periods))

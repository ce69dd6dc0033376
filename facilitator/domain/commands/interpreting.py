"""Commands about interpreters: whom they interpret for, and who goes out with whom.

An interpreter is independent and accredited (their interpreting service is named), never a
member of the family. They are linked to the people they interpret for; when all of those go
out of a part of the meeting, the interpreter goes out with them, unless the chair keeps them in
with a reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from .. import events as ev
from ..attendees import AttendanceState, Attendee
from ..conference import Conference, MeetingStatus
from ..errors import DomainError
from ..interpreting import interpreted_by, language_of_booking, links
from ..roles import Party
from .agenda import MAX_EXTENSION_MINUTES, extend_meeting, set_interpretation

NOT_COMING = (AttendanceState.APOLOGIES, AttendanceState.APOLOGIES_WITH_REPORT,
              AttendanceState.LEFT)


def check_is_interpreter(person: Attendee) -> None:
    """Only someone listed as an independent interpreter may be linked as one."""
    if person.role.is_family:
        raise DomainError(
            f"{person.name} is family ({person.role.label.lower()}): a member of the family "
            "never interprets at a conference. Book an accredited independent interpreter")
    if person.role.party is not Party.INTERPRETER:
        raise DomainError(f"{person.name} is not listed as an independent interpreter (they "
                          f"attend as {person.role.label.lower()})")
    if not person.agency.strip():
        raise DomainError(f"interpreter {person.name}: name their independent interpreting "
                          "service (agency)")


def link_interpreter(conf: Conference, at: datetime, interpreter_id: str,
                     for_ids: Iterable[str], language: str | None = None) -> list[ev.Event]:
    """The chair changes whom an interpreter interprets for (in preparation or during the
    meeting); nobody: they no longer interpret for anyone."""
    if conf.status is MeetingStatus.ENDED:
        raise DomainError("the conference has ended")
    interpreter = conf.attendee(interpreter_id)
    check_is_interpreter(interpreter)
    people = frozenset(for_ids)
    for person_id in people:
        conf.attendee(person_id)
    if interpreter_id in people:
        raise DomainError("an interpreter does not interpret for themselves")
    spoken = (language or "").strip() or language_of_booking(conf, interpreter_id)
    if not spoken:
        raise DomainError(f"say which language {interpreter.name} interprets")
    if people == interpreted_by(conf, interpreter_id) and spoken == language_of_booking(
            conf, interpreter_id):
        return []
    return [ev.InterpreterLinksChanged(at=at, interpreter_id=interpreter_id, for_ids=people,
                                       language=spoken)]


def _names(conf: Conference, ids: Iterable[str]) -> str:
    return ", ".join(sorted(conf.attendee(i).name for i in ids))


def going_with(conf: Conference, at: datetime, exclusion_id: str, out: frozenset[str],
               kept_in: Mapping[str, str] | None = None,
               coming_back: frozenset[str] = frozenset()
               ) -> tuple[frozenset[str], list[ev.Event]]:
    """The interpreters who go out with `out`, and the events of those who stay in.

    An interpreter goes out when everyone present they interpret for is out (or going out).
    One who also interprets for someone staying in stays, recorded so. `kept_in`: the chair's
    decision to keep an interpreter in, with the reason (interpreter id -> reason)."""
    kept = dict(kept_in or {})
    still_out = conf.excluded_now - coming_back
    going: set[str] = set()
    events: list[ev.Event] = []
    for interpreter_id, people in sorted(links(conf).items()):
        leaving = people & out
        if not leaving or interpreter_id in out or interpreter_id in still_out \
                or conf.attendee(interpreter_id).state in NOT_COMING:
            continue  # an interpreter who sent apologies or left goes nowhere
        staying = {p for p in people - out - still_out if conf.attendee(p).is_present}
        reason = kept.pop(interpreter_id, None)
        if staying:
            events.append(ev.InterpreterKeptIn(
                at=at, exclusion_id=exclusion_id, interpreter_id=interpreter_id,
                for_ids=leaving, chair_decided=False,
                reason=f"also interprets for {_names(conf, staying)}, who stay in this part"))
        elif reason is not None:
            if not reason.strip():
                raise DomainError(f"say why {conf.attendee(interpreter_id).name} stays in while "
                                  f"{_names(conf, leaving)} is out")
            events.append(ev.InterpreterKeptIn(
                at=at, exclusion_id=exclusion_id, interpreter_id=interpreter_id,
                for_ids=leaving, reason=reason.strip()))
        else:
            going.add(interpreter_id)
    for interpreter_id in kept:
        raise DomainError(f"{conf.attendee(interpreter_id).name} interprets for nobody going "
                          "out of this part")
    return frozenset(going), events


def coming_back_with(conf: Conference, back: frozenset[str]) -> frozenset[str]:
    """The interpreters who went out with these people and come back with them."""
    return frozenset(
        i for exclusion in conf.exclusions if exclusion.is_open
        for i in exclusion.active_ids & conf.excluded_now
        if conf.attendee(i).role.party is Party.INTERPRETER
        and interpreted_by(conf, i) & back & exclusion.attendee_ids)



def allow_interpreting(conf: Conference, at: datetime, multiplier: float,
                       move_end: bool = True) -> list[ev.Event]:
    """Time for consecutive interpreting: each stage allowed `multiplier` times its planned
    length, and (`move_end`) the planned end moved by the minutes that adds to the rest of the
    agenda, so the ring-fenced decision and planning time keeps its place. One step, for every
    door."""
    events = set_interpretation(conf, at, multiplier)
    extra = conf.clock.interpreting_minutes(at, multiplier)
    if not move_end or extra <= 0:
        return events
    languages = sorted({b.language for b in conf.preparation.interpreters})
    said = f" ({', '.join(languages)})" if languages else ""
    return events + extend_meeting(conf, at, min(extra, MAX_EXTENSION_MINUTES),
                                   f"time for consecutive interpreting{said}")

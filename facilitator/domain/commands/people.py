"""Commands about who attends and how."""

from __future__ import annotations

from datetime import datetime

from .. import events as ev
from ..attendees import (
    ALLOWED_TRANSITIONS,
    AttendanceMode,
    AttendanceState,
    Attendee,
    Needs,
    ObserverConsent,
)
from ..conference import Conference, MeetingStatus
from ..details import ConferenceDetails
from ..errors import DomainError
from ..languages import ENGLISH, language_tag
from ..roles import Party, role
from . import new_id


def create_conference(details: ConferenceDetails, at: datetime) -> list[ev.Event]:
    details.validate()
    return [ev.ConferenceCreated(at=at, details=details)]


def add_attendee(
    conf: Conference,
    at: datetime,
    name: str,
    role_key: str,
    *,
    agency: str = "",
    mode: AttendanceMode = AttendanceMode.IN_ROOM,
    needs: Needs | None = None,
    supports: str | None = None,
    child_id: str | None = None,
    observer_consent: ObserverConsent | None = None,
    state: AttendanceState = AttendanceState.INVITED,
    attendee_id: str | None = None,
    language: str = ENGLISH,
) -> list[ev.Event]:
    if conf.status is MeetingStatus.ENDED:
        raise DomainError("the conference has ended: no one can be added")
    name = name.strip()
    if not name:
        raise DomainError("an attendee needs a name")
    the_role = role(role_key)
    if the_role.party is Party.OBSERVER:
        _check_observer(conf, observer_consent)
    elif observer_consent is not None:
        raise DomainError("only an observer has observer consent")
    if the_role.party is Party.CHAIR and any(
        a.role.party is Party.CHAIR for a in conf.attendees.values()
    ):
        raise DomainError("the conference already has a chair")
    if supports is not None:
        conf.attendee(supports)
    if the_role.party is Party.CHILD:
        if child_id is None:
            raise DomainError(f"{name} attends as a child: say which subject child they are")
        conf.child(child_id)
    elif child_id is not None:
        raise DomainError("only a subject child who attends is linked to a child record")
    if the_role.party is Party.INTERPRETER:
        _check_interpreter(conf, name, agency)
    new = attendee_id or new_id()
    if new in conf.attendees:
        raise DomainError(f"attendee id '{new}' is already in use")
    attendee = Attendee(
        id=new, name=name, role_key=the_role.key, agency=agency.strip(), mode=mode,
        state=state, needs=needs or Needs(), supports=supports, child_id=child_id,
        observer_consent=observer_consent, language=language_tag(language),
    )
    return [ev.AttendeeAdded(at=at, attendee=attendee)]


def _check_observer(conf: Conference, consent: ObserverConsent | None) -> None:
    if any(a.role.party is Party.OBSERVER for a in conf.attendees.values()):
        raise DomainError("there is already an observer: only one observer may attend")
    if consent is None or not (consent.chair and consent.family):
        raise DomainError(
            "an observer needs the recorded prior consent of both the chair and the family"
        )


def _check_interpreter(conf: Conference, name: str, agency: str) -> None:
    """Interpreters are independent: never a family member, always from a named service."""
    if not agency.strip():
        raise DomainError(
            f"interpreter {name}: name their independent interpreting service (agency)"
        )
    family = {a.name.casefold() for a in conf.attendees.values() if a.role.is_family}
    if name.casefold() in family:
        raise DomainError(f"{name} is a family member and must not act as interpreter")


def change_attendance(
    conf: Conference, at: datetime, attendee_id: str, state: AttendanceState
) -> list[ev.Event]:
    attendee = conf.attendee(attendee_id)
    if state not in ALLOWED_TRANSITIONS[attendee.state]:
        raise DomainError(
            f"{attendee.name} cannot go from '{attendee.state.value}' to '{state.value}'"
        )
    if state in (AttendanceState.LEFT, AttendanceState.RETURNED) and (
        conf.status is MeetingStatus.SCHEDULED
    ):
        raise DomainError("the meeting has not started: no one can leave or return yet")
    return [ev.AttendanceChanged(at=at, attendee_id=attendee_id, state=state)]


def change_mode(
    conf: Conference, at: datetime, attendee_id: str, mode: AttendanceMode
) -> list[ev.Event]:
    attendee = conf.attendee(attendee_id)
    if attendee.mode is mode:
        return []
    return [ev.AttendanceModeChanged(at=at, attendee_id=attendee_id, mode=mode)]


def record_needs(conf: Conference, at: datetime, attendee_id: str, needs: Needs) -> list[ev.Event]:
    conf.attendee(attendee_id)
    if needs.interpreter_language is not None and not needs.interpreter_language.strip():
        raise DomainError("name the language the interpreter is needed for")
    return [ev.NeedsRecorded(at=at, attendee_id=attendee_id, needs=needs)]


def record_language(conf: Conference, at: datetime, attendee_id: str, language: str
                    ) -> list[ev.Event]:
    """The language a person speaks (a BCP-47 tag, or a name such as "Polish")."""
    person = conf.attendee(attendee_id)
    tag = language_tag(language)
    if tag == person.language:
        return []
    return [ev.LanguageRecorded(at=at, attendee_id=attendee_id, language=tag)]

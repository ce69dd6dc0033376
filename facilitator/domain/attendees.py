"""Who takes part, how they attend, what they need, and whether the conference is quorate."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from .languages import ENGLISH
from .roles import Discipline, Party, Role, role


class AttendanceMode(Enum):
    IN_ROOM = "in the room"
    VIDEO = "remote by video"
    PHONE = "remote by phone"
    WRITTEN_REPORT = "written report only"

    @property
    def is_remote(self) -> bool:
        return self in (AttendanceMode.VIDEO, AttendanceMode.PHONE)


class AttendanceState(Enum):
    INVITED = "invited"
    CONFIRMED = "confirmed"
    APOLOGIES = "apologies"
    APOLOGIES_WITH_REPORT = "apologies, written report sent"
    PRESENT = "present"
    LEFT = "left"
    RETURNED = "returned"

    @property
    def is_present(self) -> bool:
        return self in (AttendanceState.PRESENT, AttendanceState.RETURNED)


# Which state may follow which: a person who left can only return; apologies can still arrive.
ALLOWED_TRANSITIONS: dict[AttendanceState, frozenset[AttendanceState]] = {
    AttendanceState.INVITED: frozenset(
        {AttendanceState.CONFIRMED, AttendanceState.APOLOGIES,
         AttendanceState.APOLOGIES_WITH_REPORT, AttendanceState.PRESENT}
    ),
    AttendanceState.CONFIRMED: frozenset(
        {AttendanceState.APOLOGIES, AttendanceState.APOLOGIES_WITH_REPORT,
         AttendanceState.PRESENT}
    ),
    AttendanceState.APOLOGIES: frozenset(
        {AttendanceState.APOLOGIES_WITH_REPORT, AttendanceState.PRESENT}
    ),
    AttendanceState.APOLOGIES_WITH_REPORT: frozenset({AttendanceState.PRESENT}),
    AttendanceState.PRESENT: frozenset({AttendanceState.LEFT}),
    AttendanceState.LEFT: frozenset({AttendanceState.RETURNED}),
    AttendanceState.RETURNED: frozenset({AttendanceState.LEFT}),
}


@dataclass(frozen=True)
class Needs:
    interpreter_language: str | None = None
    access: str = ""
    childcare: bool = False
    transport: bool = False
    technology: str = ""

    def summary(self) -> str:
        parts = []
        if self.interpreter_language:
            parts.append(f"interpreter ({self.interpreter_language})")
        if self.access:
            parts.append(f"access: {self.access}")
        if self.childcare:
            parts.append("childcare")
        if self.transport:
            parts.append("transport")
        if self.technology:
            parts.append(f"technology: {self.technology}")
        return "; ".join(parts)


@dataclass(frozen=True)
class ObserverConsent:
    chair: bool = False
    family: bool = False


@dataclass(frozen=True)
class Attendee:
    id: str
    name: str
    role_key: str
    agency: str = ""
    mode: AttendanceMode = AttendanceMode.IN_ROOM
    state: AttendanceState = AttendanceState.INVITED
    needs: Needs = field(default_factory=Needs)
    supports: str | None = None  # the attendee a supporter or advocate is there for
    child_id: str | None = None  # for a subject child who attends
    observer_consent: ObserverConsent | None = None
    language: str = ENGLISH  # BCP-47 tag of the language they speak (domain/languages.py)

    @property
    def role(self) -> Role:
        return role(self.role_key)

    @property
    def is_present(self) -> bool:
        return self.state.is_present

    @property
    def may_contribute(self) -> bool:
        """An observer never takes part in discussion or decision-making."""
        return self.role.party is not Party.OBSERVER


@dataclass(frozen=True)
class Child:
    id: str
    name: str
    date_of_birth: date | None = None
    unborn: bool = False

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years


@dataclass(frozen=True)
class Quorum:
    met: bool
    reason: str  # in English, for logs and the command line (record/quorum.py words it)
    disciplines: tuple[str, ...]
    social_worker: bool = False  # the child's social worker is present
    others: tuple[str, ...] = ()  # the other disciplines present (Discipline values)


def assess_quorum(attendees: Iterable[Attendee]) -> Quorum:
    """The social worker plus at least two other professional disciplines, present."""
    present = [a for a in attendees if a.is_present and a.role.is_professional]
    social_worker = any(a.role_key == "social_worker" for a in present)
    others = sorted(
        {
            a.role.discipline.value
            for a in present
            if a.role.counts_for_quorum
            and a.role.discipline is not None
            and a.role.discipline is not Discipline.SOCIAL_WORK
        }
    )
    disciplines = (("social work",) if social_worker else ()) + tuple(others)
    if social_worker and len(others) >= 2:
        return Quorum(True, "quorate: social worker and " + ", ".join(others), disciplines,
                      social_worker, tuple(others))
    missing = []
    if not social_worker:
        missing.append("the child's social worker is not present")
    if len(others) < 2:
        have = ", ".join(others) if others else "none"
        missing.append(
            f"{len(others)} other professional discipline(s) present ({have}); at least 2 needed"
        )
    return Quorum(False, "not quorate: " + "; ".join(missing), disciplines, social_worker,
                  tuple(others))

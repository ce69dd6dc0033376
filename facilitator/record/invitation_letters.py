"""What the invitation to the conference and the letter about an exclusion decision say, as
plain values for the council's letter templates (assets/templates/letters/).

An invitation carries the person's own join details: in the room, a personal link for video,
or for a phone the meeting code and their PIN with plain instructions. The join details are
secrets, never stored in the event log: services/export issues them and passes them in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..domain.attendees import AttendanceMode, Attendee
from ..domain.calendar import subtract_working_days
from ..domain.conference import Conference
from ..domain.errors import DomainError
from ..domain.preparation import ExclusionDecision, ExclusionRequest, PreparationSettings
from ..domain.roles import Party
from ..domain.segments import ExclusionGround
from .formatting import first_name, role_of, time_text
from .language import ENGLISH_LANGUAGE, Language
from .letters import _chair, _conference

# every exclusion ground, attendance mode and role is a message too: the extractor reads
# domain.segments.ExclusionGround, domain.attendees.AttendanceMode and domain.roles.ROLES


def role_words(conf: Conference, attendee_id: str, lang: Language) -> str:
    """'Child's social worker, Larkfield Children's Services', the role in `lang` (an agency's
    name is its own)."""
    person = conf.attendee(attendee_id)
    text = role_of(conf, attendee_id)
    return lang.t(person.role.label) + text[len(person.role.label):] \
        if text.startswith(person.role.label) else text


def ground_words(grounds: frozenset[ExclusionGround], lang: Language) -> list[str]:
    """The grounds of an exclusion (procedure 8.3), in the letter's language, in order."""
    return [lang.t(text) for text in sorted(g.value for g in grounds)]


@dataclass(frozen=True)
class JoinDetails:
    """One person's way in: never another person's, never in the event log."""

    link: str  # their personal link (video)
    code: str  # the conference's meeting code
    pin: str  # their PIN
    code_page: str  # where a meeting code and PIN are typed on a phone or computer
    dial_in: str = ""  # the number to call, when the conference has a phone line

    @property
    def code_spaced(self) -> str:
        """'1234 5678': easier to read out and type."""
        return f"{self.code[:4]} {self.code[4:]}" if len(self.code) == 8 else self.code


def needs_join_details(person: Attendee) -> bool:
    return person.mode.is_remote


def _party(person: Attendee) -> str:
    return person.role.party.value


def _people(conf: Conference, recipient_id: str, lang: Language = ENGLISH_LANGUAGE
            ) -> list[dict[str, str]]:
    """Who is invited, with their role (so that a parent on the phone knows who is there)."""
    order = {Party.CHAIR: 0, Party.FAMILY: 1, Party.CHILD: 2, Party.SUPPORTER: 3,
             Party.PROFESSIONAL: 4, Party.INTERPRETER: 5, Party.MINUTE_TAKER: 6,
             Party.OBSERVER: 7}
    people = sorted((a for a in conf.attendees.values()),
                    key=lambda a: (order[a.role.party], a.name))
    return [{"name": a.name, "role": role_words(conf, a.id, lang), "how": lang.t(a.mode.value),
             "you": "yes" if a.id == recipient_id else ""}
            for a in people if a.id not in conf.preparation.substitutes]


def invitation_context(conf: Conference, attendee_id: str, join: JoinDetails | None,
                       letter_date: date, settings: PreparationSettings,
                       reply_working_days: int = 3, lang: Language = ENGLISH_LANGUAGE
                       ) -> dict[str, Any]:
    person = conf.attendee(attendee_id)
    if person.role.party is Party.CHAIR:
        raise DomainError("the chair sends the invitations and is not invited")
    if needs_join_details(person) and join is None:
        raise DomainError(f"{person.name} joins {person.mode.value}: the invitation needs their "
                          "join details")
    details = conf.details
    nation = details.nation
    needs = person.needs
    supporters = [a.name for a in conf.attendees.values() if a.supports == attendee_id]
    family = person.role.party in (Party.FAMILY, Party.CHILD)
    reply_by = subtract_working_days(details.day, reply_working_days, nation)
    report_by = subtract_working_days(details.day, settings.report_working_days, nation)
    today = details.day == letter_date
    return {
        "recipient": {
            "name": person.name, "first_name": first_name(person.name),
            "role": lang.t(person.role.label), "party": _party(person),
            "is_family": person.role.party is Party.FAMILY,
            "is_child": person.role.party is Party.CHILD,
            "is_professional": person.role.is_professional,
            "mode": person.mode.name.lower(),
            "by_phone": person.mode is AttendanceMode.PHONE,
            "by_video": person.mode is AttendanceMode.VIDEO,
            "written_report": person.mode is AttendanceMode.WRITTEN_REPORT,
            "interpreter_language": needs.interpreter_language or "",
            "access": needs.access, "childcare": needs.childcare,
            "transport": needs.transport, "supporters": supporters,
            "supporters_text": lang.join(supporters),
        },
        "conference": {**_conference(conf, lang),
                       "end_time": time_text(conf.clock.planned_end)},
        "child_names": lang.join([c.name for c in details.children]),
        "join": None if join is None else {
            "link": join.link, "code": join.code, "code_spaced": join.code_spaced,
            "pin": join.pin, "code_page": join.code_page, "dial_in": join.dial_in,
        },
        "technology_check": family and person.mode.is_remote,
        "people": _people(conf, attendee_id, lang),
        # A conference called at short notice (today, or sooner than the usual notice): no
        # date already past is promised; the letter says "as soon as you can" instead.
        "today": today,
        "when": lang.t("today ({day})", day=lang.day(details.day)) if today
        else lang.t("on {day}", day=lang.day(details.day)),
        "before": lang.t("before the conference starts") if today else lang.t("before the day"),
        "reply_by": lang.day(reply_by),
        "reply_late": reply_by < letter_date,
        "report_days": settings.report_working_days,
        "report_by": lang.day(report_by),
        "report_late": report_by < letter_date,
        "chair": _chair(conf, lang),
        "letter_date": lang.day(letter_date),
    }


def granted_request(conf: Conference, attendee_id: str, request_id: str | None = None
                    ) -> tuple[ExclusionRequest, ExclusionDecision]:
    """The granted exclusion request about this person (the latest, unless one is named)."""
    prep = conf.preparation
    person = conf.attendee(attendee_id)
    found = []
    for request in prep.exclusion_requests.values():
        decision = prep.exclusion_decisions.get(request.id)
        if attendee_id in request.attendee_ids and decision is not None and decision.granted:
            found.append((request, decision))
    if request_id is not None:
        found = [(r, d) for r, d in found if r.id == request_id or r.id.startswith(request_id)]
    if not found:
        raise DomainError(f"no granted exclusion request is about {person.name}: the letter "
                          "tells a parent of a decision to exclude them")
    return max(found, key=lambda pair: pair[1].decided_on)


def exclusion_letter_context(conf: Conference, attendee_id: str, letter_date: date,
                             request_id: str | None = None, lang: Language = ENGLISH_LANGUAGE
                             ) -> dict[str, Any]:
    """The chair's signed letter to a parent: the reason, how their views will be considered,
    how they will be told the outcome, and the complaints procedure (procedure 8.3)."""
    person = conf.attendee(attendee_id)
    if person.role.party is not Party.FAMILY:
        raise DomainError(f"{person.name} is not a parent or family member")
    chair = next((a for a in conf.attendees.values() if a.role.party is Party.CHAIR), None)
    if chair is None:
        raise DomainError("the letter is signed by the chair: add the chair to the conference")
    request, decision = granted_request(conf, attendee_id, request_id)
    deadlines = conf.details.deadlines()
    whole = request.extent.strip().casefold() in ("the whole conference", "all", "whole")
    return {
        "recipient": {"name": person.name, "first_name": first_name(person.name)},
        "conference": _conference(conf, lang),
        "child_names": lang.join([c.name for c in conf.details.children]),
        "extent": request.extent,
        "whole": whole,
        "grounds": ground_words(request.grounds, lang),
        "reasons": decision.reasons,
        "views_considered": decision.views_considered,
        "decided_on": lang.day(decision.decided_on),
        "decision_letter_due": lang.day(deadlines.decision_letter_due),
        "record_due": lang.day(deadlines.record_circulation_due),
        "chair": _chair(conf, lang),
        "letter_date": lang.day(letter_date),
    }

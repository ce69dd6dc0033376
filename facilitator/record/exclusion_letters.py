"""The chair's letter to someone excluded: about a request granted before the conference
(invitation_letters.exclusion_letter_context), or about an exclusion the chair made during the
meeting (procedure 8.3: "the chair may also ask someone to leave"; the excluded person is told
in writing, with the reasons). One door for both: `exclusion_letter`.

A reason the chair marked confidential when excluding (the default on information grounds:
it may say what the person must not learn, e.g. that they are under investigation) never
reaches the letter: it gives the grounds only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..domain.conference import Conference
from ..domain.errors import DomainError
from ..domain.roles import Party
from ..domain.segments import Exclusion
from .attendance import out_periods, period_words
from .formatting import first_name
from .invitation_letters import exclusion_letter_context, granted_request, ground_words
from .language import ENGLISH_LANGUAGE, Language
from .letters import _chair, _conference

REQUEST_TEMPLATE = "exclusion-letter.txt.j2"
MEETING_TEMPLATE = "exclusion-during-letter.txt.j2"


def meeting_exclusions(conf: Conference, attendee_id: str) -> list[Exclusion]:
    """The exclusions made during the meeting that moved this person out, in order."""
    return [e for e in conf.exclusions if attendee_id in e.attendee_ids]


def has_exclusion_letter(conf: Conference, attendee_id: str) -> bool:
    """Is there a letter about an exclusion to write to this family member?"""
    person = conf.attendees.get(attendee_id)
    if person is None or person.role.party is not Party.FAMILY:
        return False
    if meeting_exclusions(conf, attendee_id):
        return True
    try:
        granted_request(conf, attendee_id)
    except DomainError:
        return False
    return True


def _stage_title(conf: Conference, stage_id: str | None) -> str:
    for stage in conf.agenda.stages:
        if stage.id == stage_id:
            return stage.spec.title
    return ""


def meeting_exclusion_context(conf: Conference, attendee_id: str, letter_date: date,
                              exclusion: Exclusion, lang: Language = ENGLISH_LANGUAGE
                              ) -> dict[str, Any]:
    person = conf.attendee(attendee_id)
    periods = [p for p in out_periods(conf, attendee_id)
               if exclusion.started_at <= p[0] and (
                   exclusion.ended_at is None or p[0] < exclusion.ended_at)]
    when = [period_words(*p, lang=lang) for p in periods] or [
        period_words(exclusion.started_at, exclusion.ended_at, lang=lang)]
    stage = _stage_title(conf, conf.agenda.stage_at(exclusion.started_at))
    back = exclusion.ended_at is not None and not (
        conf.ended_at is not None and exclusion.ended_at >= conf.ended_at)
    deadlines = conf.details.deadlines()
    return {
        "recipient": {"name": person.name, "first_name": first_name(person.name)},
        "conference": _conference(conf, lang),
        "child_names": lang.join([c.name for c in conf.details.children]),
        "when": lang.join(when),
        "stage": stage,
        "came_back": back,
        "grounds": ground_words(exclusion.grounds, lang),
        "reasons": "" if exclusion.reason_confidential else exclusion.reason,
        "reason_confidential": exclusion.reason_confidential,
        "whole_record": attendee_id in conf.minutes.whole_record_for,
        "decision_letter_due": lang.day(deadlines.decision_letter_due),
        "record_due": lang.day(deadlines.record_circulation_due),
        "chair": _chair(conf, lang),
        "letter_date": lang.day(letter_date),
    }


def _matching(items: list[Exclusion], reference: str) -> list[Exclusion]:
    return [e for e in items if e.id == reference or e.id.startswith(reference)]


def exclusion_letter(conf: Conference, attendee_id: str, letter_date: date,
                     reference: str | None = None, lang: Language = ENGLISH_LANGUAGE
                     ) -> tuple[str, dict[str, Any], str]:
    """(template, values, what it is about: an exclusion id or a request id).

    Without `reference`: the latest exclusion made during the meeting, else the latest granted
    request. With it: the exclusion or request whose id starts with it."""
    person = conf.attendee(attendee_id)
    if person.role.party is not Party.FAMILY:
        raise DomainError(f"{person.name} is not a parent or family member")
    if not any(a.role.party is Party.CHAIR for a in conf.attendees.values()):
        raise DomainError("the letter is signed by the chair: add the chair to the conference")
    during = meeting_exclusions(conf, attendee_id)
    if reference is not None:
        during = _matching(during, reference)
    if during:
        exclusion = during[-1]
        return (MEETING_TEMPLATE,
                meeting_exclusion_context(conf, attendee_id, letter_date, exclusion, lang),
                exclusion.id)
    try:
        request, _ = granted_request(conf, attendee_id, reference)
    except DomainError:
        raise DomainError(f"{person.name} was not excluded during the meeting and no granted "
                          f"exclusion request is about {person.name}: there is no exclusion "
                          "to write about") from None
    return (REQUEST_TEMPLATE, exclusion_letter_context(conf, attendee_id, letter_date,
                                                       request.id, lang), request.id)

"""How the record writes dates, times and people: the same everywhere, in plain English."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..domain.conference import Conference
from .language import ENGLISH_LANGUAGE, Language

LOCAL_ZONE = ZoneInfo("Europe/London")


def day_text(day: date) -> str:
    """'Thursday 24 December 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def date_text(day: date) -> str:
    """'24 December 2026'."""
    return f"{day.day} {day:%B %Y}"


def time_text(moment: datetime, zone: ZoneInfo = LOCAL_ZONE, *, seconds: bool = False) -> str:
    """'10:40' (or '10:40:15')."""
    return f"{moment.astimezone(zone):%H:%M:%S}" if seconds else f"{moment.astimezone(zone):%H:%M}"


def join_words(items: Iterable[str], last: str = "and") -> str:
    words = [w for w in items if w]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def first_name(name: str) -> str:
    parts = name.split()
    titles = {"dr", "dc", "ds", "pc", "mr", "mrs", "ms", "miss", "mx"}
    while len(parts) > 1 and parts[0].casefold().rstrip(".") in titles:
        parts = parts[1:]
    return parts[0] if parts else name


def name_of(conf: Conference, attendee_id: str) -> str:
    person = conf.attendees.get(attendee_id)
    return person.name if person else attendee_id


def role_of(conf: Conference, attendee_id: str) -> str:
    """'Child's social worker, Larkfield Children's Services'."""
    person = conf.attendees.get(attendee_id)
    if person is None:
        return ""
    if not person.agency or person.agency.casefold() in person.role.label.casefold():
        return person.role.label
    return f"{person.role.label}, {person.agency}"


def who(conf: Conference, reference: str) -> str:
    """An attendee id as 'Name (role)'; any other text (e.g. 'the chair') as it is."""
    person = conf.attendees.get(reference)
    if person is None:
        return reference
    return f"{person.name} ({person.role.label.lower()})"


def child_name(conf: Conference, child_id: str) -> str:
    for child in conf.details.children:
        if child.id == child_id:
            return child.name
    return child_id


def role_in(conf: Conference, attendee_id: str, lang: Language = ENGLISH_LANGUAGE) -> str:
    """`role_of` with the role in `lang` (the agency's name as written)."""
    person = conf.attendees.get(attendee_id)
    text = role_of(conf, attendee_id)
    if person is None or not lang.welsh:
        return text
    agency = text[len(person.role.label) + 2:]  # the council's own unit has its Welsh name
    return lang.t(person.role.label) + (f", {lang.t(agency)}" if agency else "")


def who_in(conf: Conference, reference: str, lang: Language = ENGLISH_LANGUAGE) -> str:
    """`who` with the role in `lang`: 'Priya Okonedo (gweithiwr cymdeithasol y plentyn)'."""
    person = conf.attendees.get(reference)
    if person is None or not lang.welsh:
        return who(conf, reference)
    return f"{person.name} ({lang.t(person.role.label).lower()})"

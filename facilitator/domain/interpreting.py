"""Who interprets for whom: the bookings made in preparation, as the chair changed them since."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .conference import Conference
from .languages import language_name


@dataclass(frozen=True)
class KeptIn:
    """The chair keeps an interpreter in a part the people they interpret for are out of."""

    interpreter_id: str
    reason: str


# Consecutive interpreting of one person's words: the stage times a chair typically allows.
TYPICAL_INTERPRETING_MULTIPLIER = 1.5


def links(conf: Conference) -> dict[str, frozenset[str]]:
    """Interpreter id -> the people they interpret for now (nobody: left out)."""
    linked: dict[str, frozenset[str]] = {}
    for booking in conf.preparation.interpreters:
        linked[booking.interpreter_id] = linked.get(booking.interpreter_id, frozenset()) | (
            booking.for_ids)
    return {i: people for i, people in linked.items() if people}


def interpreters_of(conf: Conference, attendee_id: str) -> frozenset[str]:
    """The interpreters who interpret for this person."""
    return frozenset(i for i, people in links(conf).items() if attendee_id in people)


def interpreted_by(conf: Conference, interpreter_id: str) -> frozenset[str]:
    """The people this interpreter interprets for."""
    return links(conf).get(interpreter_id, frozenset())


def language_of_booking(conf: Conference, interpreter_id: str) -> str | None:
    """The language this interpreter was booked for (the latest booking's)."""
    languages = [b.language for b in conf.preparation.interpreters
                 if b.interpreter_id == interpreter_id]
    if languages:
        return languages[-1]
    return conf.attendee(interpreter_id).needs.interpreter_language


def interpreting_label(conf: Conference, interpreter_id: str) -> str:
    """'interpreting for Liam Ashcombe (Polish)': how a line an interpreter said is marked;
    empty for someone who interprets for nobody."""
    people = interpreted_by(conf, interpreter_id)
    if not people:
        return ""
    language = language_of_booking(conf, interpreter_id)
    said = f" ({language_name(language)})" if language else ""
    names = ", ".join(sorted(conf.attendee(p).name for p in people))
    return f"interpreting for {names}{said}"



def transcription_languages(conf: Conference, attendee_id: str) -> tuple[str, ...]:
    """The languages this person speaks at the meeting: their own; an interpreter speaks
    English and the languages of the people they interpret for."""
    people = interpreted_by(conf, attendee_id)
    if not people:
        return (conf.attendee(attendee_id).language,)
    return _with_english(conf.attendee(p).language for p in people)


def room_languages(conf: Conference) -> tuple[str, ...]:
    """The room's: English, and the languages of those present in the room who speak another
    or interpret there (choosing between languages costs Whisper a second pass)."""
    in_room = [a.id for a in conf.attendees.values() if not a.mode.is_remote and a.is_present]
    return _with_english(lang for a in in_room for lang in transcription_languages(conf, a))


def _with_english(languages: Iterable[str]) -> tuple[str, ...]:
    return ("en", *sorted(set(languages) - {"en"}))


def speaker_label(conf: Conference, speaker_id: str) -> str:
    """'Zofia Nowak, interpreting for Liam Ashcombe (Polish)'; anyone else: their name."""
    person = conf.attendees.get(speaker_id)
    if person is None:
        return "?"
    label = interpreting_label(conf, speaker_id)
    return f"{person.name}, {label}" if label else person.name


MACHINE_TRANSLATED = "English, machine-translated, not checked"

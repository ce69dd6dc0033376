"""Who interprets for whom: the bookings made in preparation, as the chair changed them since."""

from __future__ import annotations

from .conference import Conference
from .languages import language_name


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

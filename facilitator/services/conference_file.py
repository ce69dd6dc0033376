"""Read a conference from a YAML or JSON file (schema: docs in assets/conference-sample.yaml)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from ..domain import events as ev
from ..domain.addresses import address_lines, clean_address
from ..domain.attendees import AttendanceMode, AttendanceState, Child, Needs, ObserverConsent
from ..domain.calendar import Nation
from ..domain.commands import new_id
from ..domain.commands.addresses import record_address
from ..domain.commands.people import add_attendee, create_conference
from ..domain.commands.preparation import book_interpreter
from ..domain.conference import Conference
from ..domain.details import ConferenceDetails, ConferenceKind
from ..domain.errors import DomainError
from ..domain.languages import ENGLISH
from ..domain.ring_fence import RingFenceSettings
from .asset_schema import CONFERENCE, check
from .templates import load_agenda

LOCAL_ZONE = ZoneInfo("Europe/London")
TOP_LEVEL_KEYS = {
    "kind", "nation", "children", "scheduled_start", "planned_minutes", "venue", "agenda",
    "strategy_discussion", "previous_conference", "delay_reason",
    "record_circulation_working_days", "ring_fence", "attendees",
}


def read_conference_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as bad:
        raise DomainError(f"cannot read {path}: {bad.strerror}") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as bad:
        first = str(bad).splitlines()[0] if str(bad) else type(bad).__name__
        raise DomainError(f"{path.name} is not valid {path.suffix[1:].upper()}: {first}") from None
    if not isinstance(data, Mapping):
        raise DomainError(f"{path.name}: the top level must be a mapping of fields")
    return dict(data)


def _field(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data or data[key] in (None, ""):
        raise DomainError(f"{where}: '{key}' is required")
    return data[key]


def _enum(kind: Any, value: Any, where: str) -> Any:
    text = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    for member in kind:
        if text in (member.name.lower(), str(member.value).replace(" ", "_")):
            return member
    names = ", ".join(m.name.lower() for m in kind)
    raise DomainError(f"{where}: '{value}' is not one of {names}")


def _date(value: Any, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(f"{where}: '{value}' is not a date (YYYY-MM-DD)") from None


def _datetime(value: Any, where: str) -> datetime:
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        raise DomainError(f"{where}: '{value}' is not a date and time (YYYY-MM-DDTHH:MM)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_ZONE)


def _number(value: Any, where: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise DomainError(f"{where}: '{value}' is not a number") from None


@dataclass(frozen=True)
class ParsedConference:
    details: ConferenceDetails
    attendees: list[Mapping[str, Any]]


def parse_details(data: Mapping[str, Any], conference_id: str | None = None) -> ParsedConference:
    unknown = set(data) - TOP_LEVEL_KEYS
    if unknown:
        raise DomainError(f"unknown field(s) in conference file: {', '.join(sorted(unknown))}")
    raw_children = _field(data, "children", "conference")
    if not isinstance(raw_children, list):
        raise DomainError("conference: 'children' must be a list")
    children = []
    for index, raw in enumerate(raw_children, start=1):
        where = f"child {index}"
        if not isinstance(raw, Mapping):
            raise DomainError(f"{where}: must be a mapping")
        dob = raw.get("date_of_birth")
        children.append(Child(
            id=str(raw.get("id") or f"child{index}"), name=str(_field(raw, "name", where)),
            date_of_birth=_date(dob, f"{where} date_of_birth") if dob else None,
            unborn=bool(raw.get("unborn", False)),
        ))
    kind = _enum(ConferenceKind, _field(data, "kind", "conference"), "kind")
    agenda_name = str(data.get("agenda") or kind.value)
    ring = data.get("ring_fence") or {}
    if not isinstance(ring, Mapping):
        raise DomainError("conference: 'ring_fence' must be a mapping")
    details = ConferenceDetails(
        id=conference_id or new_id(),
        kind=kind,
        nation=_enum(Nation, data.get("nation", "england"), "nation"),
        children=tuple(children),
        scheduled_start=_datetime(_field(data, "scheduled_start", "conference"),
                                  "scheduled_start"),
        planned_minutes=_number(data.get("planned_minutes", 120), "planned_minutes"),
        venue=str(data.get("venue", "")),
        stages=load_agenda(agenda_name),
        strategy_discussion=_date(data["strategy_discussion"], "strategy_discussion")
        if data.get("strategy_discussion") else None,
        previous_conference=_date(data["previous_conference"], "previous_conference")
        if data.get("previous_conference") else None,
        delay_reason=str(data.get("delay_reason", "")),
        record_circulation_working_days=int(
            _number(data.get("record_circulation_working_days", 15),
                    "record_circulation_working_days")),
        ring_fence=RingFenceSettings(
            warn_slack_minutes=_number(ring.get("warn_slack_minutes", 10), "warn_slack_minutes"),
            urgent_slack_minutes=_number(ring.get("urgent_slack_minutes", 5),
                                         "urgent_slack_minutes"),
        ),
    )
    raw_attendees = data.get("attendees") or []
    if not isinstance(raw_attendees, list):
        raise DomainError("conference: 'attendees' must be a list")
    return ParsedConference(details, raw_attendees)


def build_conference(data: Mapping[str, Any], at: datetime,
                     label: str = "conference file") -> list[ev.Event]:
    """All the events that create this conference; raises DomainError with nothing built.
    `label` names the file in a message about a field that does not fit its schema."""
    parsed = parse_details(data)
    events = create_conference(parsed.details, at)
    conference = Conference.from_events(events)

    def run(made: list[ev.Event]) -> list[ev.Event]:
        for event in made:
            conference.apply(event)
        events.extend(made)
        return made

    for index, raw in enumerate(data.get("children") or [], start=1):
        if isinstance(raw, Mapping) and raw.get("address"):
            child = parsed.details.children[index - 1]
            run(record_address(conference, at, child.id,
                               _address(raw["address"], f"child {index} address")))
    keys: dict[str, str] = {}
    listed: list[str] = []  # each attendee's id, in the file's order
    for index, raw in enumerate(parsed.attendees, start=1):
        if not isinstance(raw, Mapping):
            raise DomainError(f"attendee {index}: must be a mapping")
        where = f"attendee {index} ({raw.get('name', '?')})"
        try:
            added = run(add_attendee(conference, at, **_attendee_arguments(raw, keys, where)))
            person = added[0]
            assert isinstance(person, ev.AttendeeAdded)
            listed.append(person.attendee.id)
            if raw.get("key"):
                keys[str(raw["key"])] = person.attendee.id
            if raw.get("address"):
                run(record_address(conference, at, person.attendee.id,
                                   _address(raw["address"], "address")))
        except DomainError as bad:
            raise DomainError(f"{where}: {bad}") from None
    for index, (raw, attendee_id) in enumerate(zip(parsed.attendees, listed, strict=True),
                                               start=1):
        interprets_for = raw.get("interprets_for")
        if interprets_for:
            where = f"attendee {index} ({raw.get('name', '?')})"
            try:
                run(_booking(conference, at, keys, attendee_id, interprets_for))
            except DomainError as bad:
                raise DomainError(f"{where}: {bad}") from None
    check(data, CONFERENCE, label, DomainError)  # what the checks above let through
    return events


def _address(value: Any, where: str) -> tuple[str, ...]:
    """A list of lines, or one text with a line (or a comma) between them."""
    if isinstance(value, list):
        return clean_address(str(line) for line in value)
    if isinstance(value, str):
        return address_lines(value)
    raise DomainError(f"{where}: give the address as a list of lines or as text")


def _booking(conference: Conference, at: datetime, keys: Mapping[str, str],
             interpreter_id: str, interprets_for: Any) -> list[ev.Event]:
    """An interpreter listed in the file, booked for the people they interpret for."""
    wanted = interprets_for if isinstance(interprets_for, list) else [interprets_for]
    unknown = [str(k) for k in wanted if str(k) not in keys]
    if unknown:
        raise DomainError(f"interprets_for '{', '.join(unknown)}', which is no attendee's key")
    interpreter = conference.attendee(interpreter_id)
    language = interpreter.needs.interpreter_language
    if not language:
        raise DomainError("say the language they interpret: needs: {interpreter_language: ...}")
    return book_interpreter(conference, at, language, [keys[str(k)] for k in wanted],
                            interpreter_id=interpreter.id)


def _attendee_arguments(
    raw: Mapping[str, Any], keys: Mapping[str, str], where: str
) -> dict[str, Any]:
    needs_raw = raw.get("needs") or {}
    if not isinstance(needs_raw, Mapping):
        raise DomainError(f"{where}: 'needs' must be a mapping")
    unknown_needs = set(needs_raw) - {"interpreter_language", "access", "childcare",
                                      "transport", "technology"}
    if unknown_needs:
        raise DomainError(f"{where}: unknown needs {', '.join(sorted(unknown_needs))}")
    consent = raw.get("observer_consent")
    supports = raw.get("supports")
    if supports is not None and str(supports) not in keys:
        raise DomainError(f"{where}: supports '{supports}', which is no earlier attendee's key")
    return {
        "name": str(_field(raw, "name", where)),
        "role_key": str(_field(raw, "role", where)),
        "agency": str(raw.get("agency", "")),
        "mode": _enum(AttendanceMode, raw.get("mode", "in_room"), f"{where} mode"),
        "state": _enum(AttendanceState, raw.get("state", "invited"), f"{where} state"),
        "needs": Needs(**{k: v for k, v in needs_raw.items()}),
        "supports": keys[str(supports)] if supports is not None else None,
        "child_id": str(raw["child"]) if raw.get("child") else None,
        "observer_consent": ObserverConsent(bool(consent.get("chair")),
                                            bool(consent.get("family")))
        if isinstance(consent, Mapping) else None,
        "language": str(raw.get("language", ENGLISH)),
    }

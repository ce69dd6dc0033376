"""What each file in assets/ may hold, checked whenever the file is read.

A council edits these files (agendas, the record's wording, its settings, the phone line's
words, the sample conference); a slip must stop at once with one line naming the file and the
field, never reach the chair's screen. The classic slip: an unquoted colon in a list of texts
(`- Remote participants: check ...`) makes YAML read a mapping, which was shown as
`{'Remote participants': '...'}`.

A schema is built from a few kinds of field: `Text`, `Whole`, `Number`, `Flag`, `ClockTime`,
`Day`, `Moment`, `OneOf`, `ListOf`, `Fields` (a mapping with known keys, unknown ones refused) and
`Words` (a mapping of names to texts). A field left out, or left empty, is absent; `Fields`
says which must be there. `SCHEMAS` maps every YAML file of assets/ to its schema; the tests
check that none is missing (tests/services/test_asset_schema.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from fnmatch import fnmatch
from typing import Any, Protocol

from ..domain.errors import DomainError

MAX_TEXT = 20_000


class AssetError(DomainError):
    """An asset file does not fit its schema; the message names the file and the field."""


class Spec(Protocol):
    def problem(self, value: Any) -> str | None:
        """What is wrong with `value` at this field (None: fits); nested fields raise
        `_Misfit` with their own path."""


class _Misfit(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, datetime | date):
        return f"the date {value}"
    return f"'{value}'"


@dataclass(frozen=True)
class Text:
    blank: bool = True  # may be empty
    numbers: bool = False  # a bare number is taken as its text (a phone number, a key)

    def problem(self, value: Any) -> str | None:
        if self.numbers and isinstance(value, int | float) and not isinstance(value, bool):
            return None
        if not isinstance(value, str):
            hint = (": YAML reads a colon followed by a space as 'name: value'; put the "
                    "whole text in quotes" if isinstance(value, Mapping) else "")
            return f"must be text, not {_kind(value)}{hint}"
        if not self.blank and not value.strip():
            return "must not be empty"
        if len(value) > MAX_TEXT:
            return f"is longer than {MAX_TEXT} characters"
        return None


@dataclass(frozen=True)
class Whole:
    low: int
    high: int

    def problem(self, value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not (
                self.low <= value <= self.high):
            return f"must be a whole number from {self.low} to {self.high}, not {_kind(value)}"
        return None


@dataclass(frozen=True)
class Number:
    above: float  # strictly more than this
    high: float

    def problem(self, value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int | float) or not (
                self.above < value <= self.high):
            return (f"must be a number more than {self.above:g} and at most {self.high:g}, "
                    f"not {_kind(value)}")
        return None


@dataclass(frozen=True)
class Flag:
    def problem(self, value: Any) -> str | None:
        return None if isinstance(value, bool) else f"must be true or false, not {_kind(value)}"


@dataclass(frozen=True)
class OneOf:
    choices: tuple[str, ...]

    def problem(self, value: Any) -> str | None:
        if value not in self.choices:
            return f"must be one of {', '.join(self.choices)}, not {_kind(value)}"
        return None


@dataclass(frozen=True)
class ClockTime:
    def problem(self, value: Any) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            return None  # YAML reads an unquoted 10:00 as 600 minutes
        if isinstance(value, str):
            hours, _, minutes = value.partition(":")
            if hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60:
                return None
        return f"must be a time of day (HH:MM), not {_kind(value)}"


@dataclass(frozen=True)
class Day:
    def problem(self, value: Any) -> str | None:
        if isinstance(value, date):
            return None
        try:
            date.fromisoformat(str(value))
        except ValueError:
            return f"must be a date (YYYY-MM-DD), not {_kind(value)}"
        return None


@dataclass(frozen=True)
class Moment:
    def problem(self, value: Any) -> str | None:
        if isinstance(value, datetime):
            return None
        try:
            datetime.fromisoformat(str(value))
        except ValueError:
            return f"must be a date and time (YYYY-MM-DDTHH:MM), not {_kind(value)}"
        return None


@dataclass(frozen=True)
class ListOf:
    item: Spec
    at_least: int = 0

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, list):
            return f"must be a list, not {_kind(value)}"
        if len(value) < self.at_least:
            return f"must list at least {self.at_least}"
        for index, item in enumerate(value, start=1):
            _check(self.item, item, f"[{index}]")
        return None


@dataclass(frozen=True)
class TextOrList:
    """One text, or a list of texts (an address as lines, the keys someone interprets for)."""

    item: Text = Text(numbers=True)

    def problem(self, value: Any) -> str | None:
        if isinstance(value, list):
            return ListOf(self.item).problem(value)
        return self.item.problem(value)


@dataclass(frozen=True)
class Fields:
    fields: Mapping[str, Spec]
    required: frozenset[str] = frozenset()

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, Mapping):
            return f"must be a mapping of {', '.join(self.fields)}, not {_kind(value)}"
        unknown = sorted(str(k) for k in value if k not in self.fields)
        if unknown:
            return (f"unknown key(s) {', '.join(unknown)} (known: "
                    f"{', '.join(self.fields)})")
        for key in self.fields:
            present = value.get(key) not in (None, "")
            if key in self.required and not present:
                raise _Misfit(f".{key}", "is required")
            if present:
                _check(self.fields[key], value[key], f".{key}")
        return None


@dataclass(frozen=True)
class Words:
    """A mapping of names to texts (headings, sentences); `known` limits the names."""

    known: frozenset[str] | None = None
    text: Text = field(default_factory=Text)

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, Mapping):
            return f"must be a mapping of names to texts, not {_kind(value)}"
        if self.known is not None:
            unknown = sorted(str(k) for k in value if k not in self.known)
            if unknown:
                return f"unknown name(s) {', '.join(unknown)}"
        for key, text in value.items():
            if text is not None:
                _check(self.text, text, f".{key}")
        return None


def _check(spec: Spec, value: Any, path: str) -> None:
    try:
        message = spec.problem(value)
    except _Misfit as inner:
        raise _Misfit(path + inner.path, inner.message) from None
    if message is not None:
        raise _Misfit(path, message)


def check(data: Any, spec: Spec, label: str, error: type[Exception] = AssetError) -> None:
    """Raise `error("<label>: <field>: <what is wrong>")` unless `data` fits `spec`."""
    try:
        _check(spec, data, "")
    except _Misfit as misfit:
        where = misfit.path.lstrip(".")
        raise error(f"{label}: {where + ': ' if where else ''}{misfit.message}") from None


# ---- the schemas of the shipped files ------------------------------------------------------
def _record(fields: Mapping[str, Spec], required: Iterable[str] = ()) -> Fields:
    return Fields(dict(fields), frozenset(required))


AGENDA = _record({
    "name": Text(blank=False),
    "stages": ListOf(_record({
        "id": Text(blank=False),
        "title": Text(blank=False),
        "minutes": Number(0, 480),
        "ring_fenced": Flag(),
        "prompts": ListOf(Text(blank=False)),
    }, required=("id", "title", "minutes")), at_least=1),
}, required=("name", "stages"))

SAFETY_SCALE_CHOICES = ("signs_of_safety", "always")


SETTINGS = _record({
    "council": _record({
        "name": Text(blank=False), "unit": Text(), "address": ListOf(Text(numbers=True)),
        "phone": Text(numbers=True), "email": Text(), "complaints": Text(),
    }),
    "record": _record({
        "marking": Text(), "transcript_in_full_record": Flag(),
        "transcript_in_family_copy": Flag(), "participation_in_family_copy": Flag(),
    }),
    "participation": _record({
        "family_silent_minutes": Number(0, 120), "typed_words_per_minute": Number(0, 600),
    }),
    "letters": _record({"child_letter_min_age": Whole(0, 18)}),
    "calendar": _record({
        "core_group_time": ClockTime(), "core_group_minutes": Whole(5, 600),
        "review_time": ClockTime(), "review_minutes": Whole(5, 600), "location": Text(),
        "include_names": Flag(),
    }),
    "pdf": _record({"font_dir": Text()}),
    "decision": _record({"safety_scale": OneOf(SAFETY_SCALE_CHOICES)}),
})

RECORD_WORDING = _record({
    "headings": Words(), "signs_of_safety_headings": Words(), "texts": Words(),
})

PREPARATION = _record({
    "timescales": _record({
        "report_working_days": Whole(0, 20), "exclusion_working_days": Whole(0, 20),
        "advocate_age": Whole(0, 18), "observer_consent_days": Whole(0, 20),
        "reply_working_days": Whole(0, 20),
    }),
    "attachments": _record({"max_megabytes": Whole(1, 4096)}),
    "joining": _record({"address": Text(), "dial_in": Text(numbers=True)}),
})

PHONE_PROMPTS = _record({
    "voice": Text(blank=False), "speed": Whole(80, 450),
    "prompts": Words(text=Text(blank=False)),
}, required=("voice", "prompts"))

CONFERENCE = _record({
    "kind": Text(blank=False), "nation": Text(), "scheduled_start": Moment(),
    "planned_minutes": Number(0, 480), "venue": Text(), "agenda": Text(),
    "strategy_discussion": Day(), "previous_conference": Day(), "delay_reason": Text(),
    "record_circulation_working_days": Whole(1, 60),
    "ring_fence": _record({"warn_slack_minutes": Number(-1, 120),
                           "urgent_slack_minutes": Number(-1, 120)}),
    "children": ListOf(_record({
        "id": Text(numbers=True), "name": Text(blank=False), "date_of_birth": Day(),
        "unborn": Flag(), "address": TextOrList(),
    }, required=("name",))),
    "attendees": ListOf(_record({
        "name": Text(blank=False), "role": Text(blank=False), "agency": Text(),
        "mode": Text(), "state": Text(), "key": Text(numbers=True),
        "supports": Text(numbers=True), "child": Text(numbers=True),
        "address": TextOrList(), "interprets_for": TextOrList(), "language": Text(),
        "needs": _record({"interpreter_language": Text(), "access": Text(),
                          "childcare": Flag(), "transport": Flag(), "technology": Text()}),
        "observer_consent": _record({"chair": Flag(), "family": Flag()}),
    }, required=("name", "role"))),
})

# Every YAML file of assets/ (a path relative to it, shell patterns allowed) and its schema.
SCHEMAS: dict[str, Spec] = {
    "agenda/*.yaml": AGENDA,
    "templates/settings.yaml": SETTINGS,
    "templates/record.yaml": RECORD_WORDING,
    "templates/preparation.yaml": PREPARATION,
    "prompts/*.yaml": PHONE_PROMPTS,
    "conference-sample.yaml": CONFERENCE,
}


def schema_for(relative: str) -> Spec | None:
    """The schema of an asset file (its path relative to assets/), if it has one."""
    return next((spec for pattern, spec in SCHEMAS.items() if fnmatch(relative, pattern)),
                None)

"""Every message the hub accepts, checked at the door: one typed schema per message.

The fields every message is checked with, and the chair's API bodies, are here; the
minute-taker's messages are in `transcript_schemas`, the join page's in `signalling_schemas`.
All are parsed into frozen dataclasses, or refused with a `SchemaError` whose message says
plainly what is wrong (answered as 400, or as an error message on a socket). Nothing past this
module sees raw JSON: no stray type, huge number, deep nesting or naive date reaches the
conference.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, TypeVar

from ...domain.segments import ExclusionGround

MAX_MESSAGE_BYTES = 256 * 1024  # a browser's SDP offer with many video slots fits easily
MAX_DEPTH = 6  # the deepest real message: a summary's paragraphs' segment ids (4)
MAX_INT_DIGITS = 15
MAX_ID_CHARS = 200
MAX_NAME_CHARS = 200
MAX_REASON_CHARS = 2_000
MAX_NOTE_CHARS = 10_000  # a typed note, an edited line, a summary paragraph
MAX_SDP_CHARS = 128 * 1024
MAX_ITEMS = 200  # ids in one request, paragraphs in one summary
NOTE_PAST = timedelta(days=400)  # a note's time: within this before now ...
NOTE_FUTURE = timedelta(days=1)  # ... and this after (clocks differ a little)
TEST_RESULTS = ("works", "problem", "not_needed", "not_tested")
E = TypeVar("E", bound=Enum)


class SchemaError(ValueError):
    """A malformed message; the message is safe to show to its sender."""


# ---- JSON at the door ------------------------------------------------------------------------
def _int(text: str) -> int:
    digits = text.lstrip("-")
    if len(digits) > MAX_INT_DIGITS:
        raise SchemaError(f"a number has more than {MAX_INT_DIGITS} digits")
    return int(text)


def _float(text: str) -> float:
    if len(text) > 40:
        raise SchemaError("a number is too long")
    return float(text)


def _constant(name: str) -> float:
    raise SchemaError(f"{name} is not a JSON number")


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def load_object(raw: bytes | str) -> dict[str, Any]:
    """A JSON object of bounded size, depth and numbers, or SchemaError saying why not."""
    if len(raw) > MAX_MESSAGE_BYTES:
        raise SchemaError("message too large")
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise SchemaError("the body must be UTF-8 text") from None
    if raw.count("[") + raw.count("{") > 10_000:
        raise SchemaError("message too complex")
    try:
        data = json.loads(raw, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except RecursionError:
        raise SchemaError("message nested too deeply") from None
    except json.JSONDecodeError as bad:
        raise SchemaError(f"malformed message: not JSON ({bad.msg})") from None
    except ValueError as bad:  # SchemaError from the number hooks, or Python's own limits
        raise SchemaError(f"malformed message: {bad}") from None
    if not isinstance(data, dict):
        raise SchemaError("malformed message: expected a JSON object")
    if _depth(data) > MAX_DEPTH:
        raise SchemaError("message nested too deeply")
    return data


# ---- fields ----------------------------------------------------------------------------------
def text(data: dict[str, Any], key: str, limit: int = MAX_ID_CHARS, *,
         default: str | None = None, empty: bool = False) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise SchemaError(f"'{key}' must be text")
    if len(value) > limit:
        raise SchemaError(f"'{key}' is longer than {limit} characters")
    if not empty and not value.strip():
        raise SchemaError(f"'{key}' must not be empty")
    return value


def optional_text(data: dict[str, Any], key: str, limit: int = MAX_ID_CHARS) -> str | None:
    if data.get(key) is None:
        return None
    return text(data, key, limit)


def flag(data: dict[str, Any], key: str, default: bool | None = None) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise SchemaError(f"'{key}' must be true or false")
    return value


def whole(data: dict[str, Any], key: str, low: int = 0, high: int = 2**31) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise SchemaError(f"'{key}' must be a whole number from {low} to {high}")
    return value


def ids(data: dict[str, Any], key: str = "attendee_ids") -> tuple[str, ...]:
    value = data.get(key)
    if isinstance(value, str):
        value = [value]
    if (not isinstance(value, list) or not value or len(value) > MAX_ITEMS
            or not all(isinstance(v, str) and 0 < len(v) <= MAX_ID_CHARS for v in value)):
        raise SchemaError(f"'{key}' must be a list of ids (1 to {MAX_ITEMS})")
    return tuple(value)


def moment(data: dict[str, Any], key: str, now: datetime) -> datetime:
    """An ISO 8601 time with its offset, not far from now."""
    raw = text(data, key, 64)
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise SchemaError(f"'{key}' must be an ISO 8601 time") from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise SchemaError(f"'{key}' needs its time zone (e.g. +00:00)")
    if not now - NOTE_PAST <= value <= now + NOTE_FUTURE:
        raise SchemaError(f"'{key}' is not a time of this meeting")
    return value


def names(data: dict[str, Any], key: str, kind: type[E]) -> tuple[E, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise SchemaError(f"'{key}' must be a list")
    members = kind.__members__
    found = []
    for name in value:
        if not isinstance(name, str) or name.upper() not in members:
            shown = repr(name)[:40]
            raise SchemaError(f"unknown {key.rstrip('s')} {shown}; one of "
                              f"{', '.join(members)}")
        found.append(members[name.upper()])
    return tuple(found)


# ---- the chair's API -------------------------------------------------------------------------
@dataclass(frozen=True)
class Empty:
    @staticmethod
    def parse(data: dict[str, Any]) -> Empty:
        return Empty()


@dataclass(frozen=True)
class Admit:
    attendee_ids: tuple[str, ...]
    everyone: bool

    @staticmethod
    def parse(data: dict[str, Any]) -> Admit:
        if "all" in data:
            if flag(data, "all") is not True:
                raise SchemaError("'all' must be true (or name the people in 'attendee_ids')")
            return Admit((), True)
        return Admit(ids(data), False)


@dataclass(frozen=True)
class People:
    attendee_ids: tuple[str, ...]

    @staticmethod
    def parse(data: dict[str, Any]) -> People:
        return People(ids(data))


@dataclass(frozen=True)
class Person:
    attendee_id: str

    @staticmethod
    def parse(data: dict[str, Any]) -> Person:
        return Person(text(data, "attendee_id"))


@dataclass(frozen=True)
class Remove:
    attendee_id: str
    reason: str

    @staticmethod
    def parse(data: dict[str, Any]) -> Remove:
        return Remove(text(data, "attendee_id"),
                      text(data, "reason", MAX_REASON_CHARS, default="", empty=True))


@dataclass(frozen=True)
class Exclude:
    attendee_ids: tuple[str, ...]
    grounds: tuple[ExclusionGround, ...]
    requested_by: str
    reason: str
    advocate_stays: bool
    withheld_in_writing: tuple[str, ...] | None = None  # None: the default for the grounds
    reason_confidential: bool | None = None
    # interpreters the chair keeps in, each with the reason (else they go out with them)
    interpreters_stay: tuple[tuple[str, str], ...] = ()

    @staticmethod
    def parse(data: dict[str, Any]) -> Exclude:
        grounds = names(data, "grounds", ExclusionGround)
        if not grounds:
            raise SchemaError("'grounds' must name at least one ground")
        withheld = data.get("withheld_in_writing")
        if withheld is not None:
            withheld = () if withheld == [] else ids(data, "withheld_in_writing")
        confidential = data.get("reason_confidential")
        if confidential is not None:
            confidential = flag(data, "reason_confidential")
        return Exclude(ids(data), grounds,
                       text(data, "requested_by", MAX_NAME_CHARS, default="", empty=True),
                       text(data, "reason", MAX_REASON_CHARS, default="", empty=True),
                       flag(data, "advocate_stays", False), withheld, confidential,
                       staying(data))


def staying(data: dict[str, Any], key: str = "interpreters_stay") -> tuple[tuple[str, str], ...]:
    """{interpreter id: the reason they stay in}."""
    value = data.get(key, {})
    if not isinstance(value, dict) or len(value) > MAX_ITEMS or not all(
            0 < len(k) <= MAX_ID_CHARS and isinstance(v, str) and len(v) <= MAX_REASON_CHARS
            for k, v in value.items()):
        raise SchemaError(f"'{key}' must map interpreter ids to the reason each stays in")
    return tuple(value.items())


@dataclass(frozen=True)
class NextStage:
    override_reason: str | None
    override_confidential: bool = False  # the reason stays out of family copies

    @staticmethod
    def parse(data: dict[str, Any]) -> NextStage:
        reason = optional_text(data, "override_reason", MAX_REASON_CHARS)
        return NextStage(reason.strip() if reason else None,
                         flag(data, "override_confidential", False))


@dataclass(frozen=True)
class MinuteTakerLink:
    attendee_id: str | None

    @staticmethod
    def parse(data: dict[str, Any]) -> MinuteTakerLink:
        return MinuteTakerLink(optional_text(data, "attendee_id"))


@dataclass(frozen=True)
class Revoke:
    token: str

    @staticmethod
    def parse(data: dict[str, Any]) -> Revoke:
        return Revoke(text(data, "token", 1000, empty=True))  # unknown (or empty): 404

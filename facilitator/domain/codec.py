"""Turn events (nested frozen dataclasses) into plain JSON-ready data and back, by their types."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

from .errors import DomainError
from .events import EVENT_TYPES, Event


def to_data(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        items = [to_data(v) for v in value]
        return sorted(items, key=repr)
    if isinstance(value, tuple | list):
        return [to_data(v) for v in value]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_data(tp: Any, data: Any) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        real = [a for a in args if a is not type(None)]
        return from_data(real[0], data)
    if origin is frozenset:
        return frozenset(from_data(args[0], v) for v in data)
    if origin is tuple:
        return tuple(from_data(args[0], v) for v in data)
    if tp is Any:
        return data
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            hints = _hints(tp)
            kwargs = {
                f.name: from_data(hints[f.name], data[f.name])
                for f in dataclasses.fields(tp)
                if f.name in data
            }
            return tp(**kwargs)
        if issubclass(tp, Enum):
            return tp[data]
        if tp is datetime:
            return datetime.fromisoformat(data)
        if tp is date:
            return date.fromisoformat(data)
        if tp is float and isinstance(data, int):
            return float(data)
    return data


def event_to_record(event: Event) -> tuple[str, dict[str, Any]]:
    return type(event).__name__, to_data(event)


def event_from_record(type_name: str, payload: dict[str, Any]) -> Event:
    try:
        cls = EVENT_TYPES[type_name]
    except KeyError:
        raise DomainError(f"unknown event type '{type_name}' in the log") from None
    event = from_data(cls, payload)
    assert isinstance(event, Event)
    return event

"""The meeting API's use cases over the wire: which may be called, and their arguments as JSON.

Derived from the use cases' own type hints (as `domain.codec` does for events): a use case is
callable from another computer only if it is a public method of `MeetingApi` that returns the
events it stored (`list[Event]`) and every parameter has a type this codec can carry (text,
numbers, switches, dates and times, enums, the domain's frozen dataclasses, and lists or
tuples of them). Nothing else of the API (its feed, its guard, `close`, attributes) can be
named: a call names a use case from `USE_CASES` or is refused.

A call is encoded as {"name": ..., "args": {parameter: value}}: every argument bound to its
parameter's name (positional ones too), so both ends agree without relying on order.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import inspect
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from ..domain.codec import from_data, to_data
from ..domain.event_base import Event
from .api import MeetingApi


class CallError(ValueError):
    """A call that cannot be made: an unknown use case or arguments that do not fit it."""


_SEQUENCES = (list, tuple, frozenset, collections.abc.Iterable, collections.abc.Sequence,
              collections.abc.Collection)
_SCALARS = (str, int, float, bool, type(None), date, datetime)


@dataclass(frozen=True)
class UseCase:
    name: str
    signature: inspect.Signature
    hints: dict[str, Any]

    def encode(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        """The arguments as JSON-ready data, each under its parameter's name."""
        try:
            bound = self.signature.bind(None, *args, **kwargs)  # None stands for `self`
        except TypeError as wrong:
            raise CallError(f"{self.name}: {wrong}") from None
        return {name: _encode(self.hints[name], value)
                for name, value in list(bound.arguments.items())[1:]}

    def decode(self, data: object) -> dict[str, Any]:
        """Keyword arguments for the use case, checked against its parameters' types."""
        if not isinstance(data, dict):
            raise CallError(f"{self.name}: the arguments must be an object")
        parameters = list(self.signature.parameters)[1:]
        unknown = [key for key in data if key not in parameters]
        if unknown:
            raise CallError(f"{self.name}: no parameter {unknown[0]!r}")
        kwargs = {}
        for name, value in data.items():
            try:
                kwargs[name] = _decode(self.hints[name], value)
            except (KeyError, TypeError, ValueError) as wrong:
                raise CallError(f"{self.name}: {name} does not fit its type ({wrong})"
                                ) from None
        try:
            self.signature.bind(None, **kwargs)
        except TypeError as wrong:
            raise CallError(f"{self.name}: {wrong}") from None
        return kwargs


def _encode(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in _SEQUENCES and not isinstance(value, str | bytes):
        (inner, *_) = typing.get_args(hint) or (Any,)
        return [_encode(inner, item) for item in value]
    if origin in (typing.Union, types.UnionType) and value is not None:
        real = [a for a in typing.get_args(hint) if a is not type(None)]
        return _encode(real[0], value)
    return to_data(value)


def _decode(hint: Any, data: Any) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        real = [a for a in args if a is not type(None)]
        return _decode(real[0], data)
    if origin in _SEQUENCES:
        if not isinstance(data, list):
            raise TypeError("a list was expected")
        items = [_decode(args[0], item) for item in data]
        return tuple(items) if origin is tuple else frozenset(items) \
            if origin is frozenset else items
    if hint is bool and not isinstance(data, bool):
        raise TypeError("true or false was expected")
    if hint is str and not isinstance(data, str):
        raise TypeError("text was expected")
    if hint is int and (isinstance(data, bool) or not isinstance(data, int)):
        raise TypeError("a whole number was expected")
    if hint is float and (isinstance(data, bool) or not isinstance(data, int | float)):
        raise TypeError("a number was expected")
    if isinstance(hint, type) and dataclasses.is_dataclass(hint) and not isinstance(data, dict):
        raise TypeError("an object was expected")
    return from_data(hint, data)


def _carried(hint: Any) -> bool:
    """Whether values of `hint` survive the round trip through JSON."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return all(_carried(a) for a in typing.get_args(hint))
    if origin in _SEQUENCES:
        args = [a for a in typing.get_args(hint) if a is not Ellipsis]
        return len(args) == 1 and _carried(args[0])
    if hint in _SCALARS:
        return True
    return isinstance(hint, type) and (issubclass(hint, Enum) or
                                       dataclasses.is_dataclass(hint))


def _returns_events(hint: Any) -> bool:
    return typing.get_origin(hint) is list and typing.get_args(hint) == (Event,)


def _use_cases() -> dict[str, UseCase]:
    found = {}
    for name, function in inspect.getmembers(MeetingApi, inspect.isfunction):
        if name.startswith("_") or inspect.iscoroutinefunction(function):
            continue
        hints = typing.get_type_hints(function)
        parameters = [h for p, h in hints.items() if p != "return"]
        if _returns_events(hints.get("return")) and all(_carried(h) for h in parameters):
            found[name] = UseCase(name, inspect.signature(function), hints)
    return found


USE_CASES: dict[str, UseCase] = _use_cases()


def use_case(name: object) -> UseCase:
    if not isinstance(name, str) or name not in USE_CASES:
        raise CallError(f"no use case called {str(name)[:60]!r}")
    return USE_CASES[name]


def encode_call(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    return {"use_case": name, "args": use_case(name).encode(args, kwargs)}


def decode_call(data: dict[str, Any]) -> tuple[UseCase, dict[str, Any]]:
    chosen = use_case(data.get("use_case"))
    return chosen, chosen.decode(data.get("args", {}))

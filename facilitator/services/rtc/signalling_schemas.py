"""The join page's signalling messages, checked at the door (see `schemas`)."""

from __future__ import annotations

from dataclasses import dataclass

from .schemas import MAX_SDP_CHARS, TEST_RESULTS, SchemaError, load_object


@dataclass(frozen=True)
class Join:
    video: bool


@dataclass(frozen=True)
class Offer:
    sdp: str


@dataclass(frozen=True)
class Switch:
    """mute, hand or captions: on or off."""

    kind: str
    on: bool


@dataclass(frozen=True)
class DeviceCheck:
    camera: str
    microphone: str
    connection: str
    note: str


@dataclass(frozen=True)
class Bare:
    """leave, ping, test, here: no fields."""

    kind: str


SignallingMessage = Join | Offer | Switch | DeviceCheck | Bare
BARE = ("leave", "ping", "test", "here")


def signalling_message(raw: str) -> SignallingMessage:
    data = load_object(raw)
    kind = data.get("type")
    if kind == "join":
        if data.get("mode") not in ("video", "phone"):
            raise SchemaError("join needs mode 'video' or 'phone'")
        return Join(data["mode"] == "video")
    if kind == "offer":
        sdp = data.get("sdp")
        if not isinstance(sdp, str) or not sdp.startswith("v=0"):
            raise SchemaError("offer needs an SDP string")
        if len(sdp) > MAX_SDP_CHARS:
            raise SchemaError("offer too large")
        return Offer(sdp)
    if kind in ("mute", "hand", "captions"):
        if not isinstance(data.get("on"), bool):
            raise SchemaError(f"{kind} needs 'on': true or false")
        return Switch(kind, data["on"])
    if kind == "test_result":
        parts = []
        for part in ("camera", "microphone", "connection"):
            if data.get(part) not in TEST_RESULTS:
                raise SchemaError(f"test_result needs '{part}': one of "
                                  f"{', '.join(sorted(TEST_RESULTS))}")
            parts.append(str(data[part]))
        note = data.get("note", "")
        if not isinstance(note, str):
            raise SchemaError("'note' must be text")
        return DeviceCheck(parts[0], parts[1], parts[2], note[:500])
    if kind in BARE:
        return Bare(str(kind))
    shown = repr(kind)[:40]
    raise SchemaError(f"unknown message type {shown}")

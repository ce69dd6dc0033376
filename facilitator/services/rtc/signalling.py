"""Messages on the join page's WebSocket: parsed strictly, answered with a clear error."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

MAX_MESSAGE_BYTES = 256 * 1024
CLIENT_TYPES = {"join", "offer", "mute", "hand", "captions", "leave", "ping", "test",
                "test_result", "here"}
TEST_RESULTS = {"works", "problem", "not_needed", "not_tested"}


class SignallingError(ValueError):
    """A malformed message; the connection stays open and the sender is told why."""


@dataclass(frozen=True)
class ClientMessage:
    type: str
    data: dict[str, Any]


def parse(raw: str) -> ClientMessage:
    if len(raw) > MAX_MESSAGE_BYTES:
        raise SignallingError("message too large")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as bad:
        raise SignallingError(f"malformed message: not JSON ({bad.msg})") from None
    if not isinstance(data, dict):
        raise SignallingError("malformed message: expected a JSON object")
    kind = data.get("type")
    if kind not in CLIENT_TYPES:
        raise SignallingError(f"unknown message type {kind!r}")
    if kind == "join" and data.get("mode") not in ("video", "phone"):
        raise SignallingError("join needs mode 'video' or 'phone'")
    if kind == "test_result":
        for part in ("camera", "microphone", "connection"):
            if data.get(part) not in TEST_RESULTS:
                raise SignallingError(f"test_result needs '{part}': one of "
                                      f"{', '.join(sorted(TEST_RESULTS))}")
    if kind == "offer":
        sdp = data.get("sdp")
        if not isinstance(sdp, str) or not sdp.startswith("v=0"):
            raise SignallingError("offer needs an SDP string")
    if kind in ("mute", "hand", "captions") and not isinstance(data.get("on"), bool):
        raise SignallingError(f"{kind} needs 'on': true or false")
    return ClientMessage(str(kind), data)


def error(message: str, fatal: bool = False) -> str:
    return json.dumps({"type": "error", "message": message, "fatal": fatal})

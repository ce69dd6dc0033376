"""Messages on the join page's WebSocket: parsed strictly (`schemas`), answered with a clear
error."""

from __future__ import annotations

import json

from .schemas import MAX_MESSAGE_BYTES, SchemaError
from .signalling_schemas import SignallingMessage, signalling_message

__all__ = ["MAX_MESSAGE_BYTES", "SignallingError", "error", "parse"]

SignallingError = SchemaError  # a malformed message: the connection stays open, the sender is
# told why


def parse(raw: str) -> SignallingMessage:
    return signalling_message(raw)


def error(message: str, fatal: bool = False) -> str:
    return json.dumps({"type": "error", "message": message, "fatal": fatal})

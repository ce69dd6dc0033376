"""SIP messages (RFC 3261): parsing what arrives on UDP, and writing what we send.

Parsing is strict where a mistake would matter (start line, Content-Length, the headers a
transaction needs) and tolerant elsewhere (header case, compact forms, folded lines).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

SIP_VERSION = "SIP/2.0"
MAX_MESSAGE_BYTES = 65507  # one UDP datagram
BRANCH_MAGIC = "z9hG4bK"
COMPACT = {"i": "call-id", "m": "contact", "e": "content-encoding", "l": "content-length",
           "c": "content-type", "f": "from", "s": "subject", "k": "supported", "t": "to",
           "v": "via"}
CANONICAL = {"call-id": "Call-ID", "cseq": "CSeq", "www-authenticate": "WWW-Authenticate",
             "proxy-authenticate": "Proxy-Authenticate", "max-forwards": "Max-Forwards",
             "record-route": "Record-Route", "content-length": "Content-Length",
             "content-type": "Content-Type"}
REQUIRED = ("via", "from", "to", "call-id", "cseq")
REASONS = {100: "Trying", 180: "Ringing", 200: "OK", 400: "Bad Request", 403: "Forbidden",
           404: "Not Found", 405: "Method Not Allowed", 408: "Request Timeout",
           415: "Unsupported Media Type", 420: "Bad Extension", 481:
           "Call/Transaction Does Not Exist", 483: "Too Many Hops", 486: "Busy Here",
           487: "Request Terminated", 488: "Not Acceptable Here", 491: "Request Pending",
           500: "Server Internal Error", 501: "Not Implemented", 503: "Service Unavailable",
           505: "Version Not Supported", 513: "Message Too Large"}
_TOKEN = re.compile(r"^[A-Za-z0-9.!%*_+`'~-]+$")
MAX_CSEQ = 2**31 - 1  # RFC 3261 8.1.1.5: less than 2**31


def ascii_number(value: str, digits: int = 10) -> int | None:
    """A header's number: ASCII digits only (not `²` or `٣`, which str.isdigit accepts),
    at most `digits` of them (a 5,000-digit value is refused, not converted); else None."""
    value = value.strip()
    if 0 < len(value) <= digits and value.isascii() and value.isdigit():
        return int(value)
    return None


class SipParseError(ValueError):
    """A datagram that is not a usable SIP message. `status` is the response it deserves."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.status = status


def canonical(name: str) -> str:
    lower = name.strip().lower()
    lower = COMPACT.get(lower, lower)
    return CANONICAL.get(lower, "-".join(part.capitalize() for part in lower.split("-")))


def new_tag() -> str:
    return secrets.token_hex(6)


def new_branch() -> str:
    return BRANCH_MAGIC + secrets.token_hex(8)


@dataclass
class SipMessage:
    """A request (method and uri set) or a response (status set)."""

    method: str = ""
    uri: str = ""
    status: int = 0
    reason: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    @property
    def is_request(self) -> bool:
        return bool(self.method)

    def get(self, name: str, default: str = "") -> str:
        wanted = canonical(name)
        for key, value in self.headers:
            if key == wanted:
                return value
        return default

    def get_all(self, name: str) -> list[str]:
        """Every value of a header, comma-separated lists split (Via, Route, Record-Route)."""
        wanted = canonical(name)
        values: list[str] = []
        for key, value in self.headers:
            if key == wanted:
                values.extend(split_list(value) if wanted in LIST_HEADERS else [value])
        return values

    def set(self, name: str, value: str) -> None:
        wanted = canonical(name)
        self.headers = [(k, v) for k, v in self.headers if k != wanted]
        self.headers.append((wanted, value))

    def add(self, name: str, value: str) -> None:
        self.headers.append((canonical(name), value))

    @property
    def call_id(self) -> str:
        return self.get("Call-ID")

    @property
    def cseq(self) -> tuple[int, str]:
        """(number, method); parse() has refused a message whose number is not one."""
        number, _, method = self.get("CSeq").strip().partition(" ")
        return ascii_number(number) or 0, method.strip()

    @property
    def top_via(self) -> str:
        vias = self.get_all("Via")
        return vias[0] if vias else ""

    @property
    def branch(self) -> str:
        return header_params(self.top_via).get("branch", "")

    def encode(self) -> bytes:
        start = (f"{self.method} {self.uri} {SIP_VERSION}" if self.is_request
                 else f"{SIP_VERSION} {self.status} {self.reason}")
        lines = [start]
        lines.extend(f"{k}: {v}" for k, v in self.headers if k != "Content-Length")
        lines.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + self.body


LIST_HEADERS = {"Via", "Route", "Record-Route", "Contact", "Allow", "Supported", "Require"}


def split_list(value: str) -> list[str]:
    """Split a comma-separated header value, respecting <...> and quoted strings."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    quoted = False
    for ch in value:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "<":
            depth += 1
        elif not quoted and ch == ">":
            depth = max(0, depth - 1)
        if ch == "," and not quoted and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    if "".join(current).strip():
        parts.append("".join(current).strip())
    return parts


def header_params(value: str) -> dict[str, str]:
    """The ;name=value parameters after a header's main value (outside <...>)."""
    tail = value.rsplit(">", 1)[1] if ">" in value else value
    params: dict[str, str] = {}
    for piece in tail.split(";")[1:]:
        name, _, val = piece.partition("=")
        params[name.strip().lower()] = val.strip().strip('"')
    return params


def name_addr_uri(value: str) -> str:
    """The URI of a From/To/Contact/Route value: `"Name" <sip:a@b>;tag=x` -> `sip:a@b`."""
    if "<" in value:
        return value.split("<", 1)[1].split(">", 1)[0].strip()
    return value.split(";", 1)[0].strip()


@dataclass(frozen=True)
class SipUri:
    user: str
    host: str
    port: int
    params: dict[str, str]

    @classmethod
    def parse(cls, uri: str) -> SipUri:
        match = re.match(
            r"^sips?:(?:([^@;]*)@)?([^;:?@]+|\[[^\]]+\])(?::([0-9]{1,5}))?([^?]*)", uri)
        if match is None:
            raise SipParseError(f"not a SIP URI: {uri[:60]!r}", 416)
        params = header_params(match.group(4) or "")
        port = int(match.group(3)) if match.group(3) else 5060
        if not 0 < port < 65536:
            raise SipParseError(f"no such port in {uri[:60]!r}", 416)
        return cls(match.group(1) or "", match.group(2), port, params)


def parse(data: bytes) -> SipMessage:
    if len(data) > MAX_MESSAGE_BYTES:
        raise SipParseError("message too large", 513)
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = data.partition(b"\n\n")
    if not sep:
        raise SipParseError("no blank line after the headers")
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        raise SipParseError("headers are not UTF-8") from None
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)  # RFC 3261 7.5: ignore leading blank lines (keep-alives)
    if not lines:
        raise SipParseError("empty message")
    message = _start_line(lines[0])
    unfolded: list[str] = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and unfolded:
            unfolded[-1] += " " + line.strip()
        elif line.strip():
            unfolded.append(line)
    for line in unfolded:
        name, colon, value = line.partition(":")
        if not colon or not name.strip() or not _TOKEN.match(name.strip()):
            raise SipParseError(f"malformed header line: {line[:60]!r}")
        message.add(name, value.strip())
    _check(message, body)
    return message


def _start_line(line: str) -> SipMessage:
    parts = line.strip().split(" ", 2)
    if len(parts) < 3:
        raise SipParseError(f"malformed start line: {line[:60]!r}")
    if parts[0].startswith("SIP/"):
        if parts[0] != SIP_VERSION:
            raise SipParseError("unsupported SIP version", 505)
        status = ascii_number(parts[1], 3)
        if status is None or not 100 <= status <= 699:
            raise SipParseError(f"malformed status: {parts[1][:10]!r}")
        return SipMessage(status=status, reason=parts[2])
    method, uri, version = parts
    if version != SIP_VERSION:
        raise SipParseError("unsupported SIP version", 505)
    if not _TOKEN.match(method) or not uri or " " in uri:
        raise SipParseError(f"malformed request line: {line[:60]!r}")
    return SipMessage(method=method, uri=uri)


def _check(message: SipMessage, body: bytes) -> None:
    for name in REQUIRED:
        if not message.get(name):
            raise SipParseError(f"missing {canonical(name)} header")
    number, _, method = message.get("CSeq").strip().partition(" ")
    sequence = ascii_number(number)
    if sequence is None or sequence > MAX_CSEQ or not _TOKEN.match(method.strip()):
        raise SipParseError("malformed CSeq")
    if message.is_request and method.strip() != message.method:
        raise SipParseError("CSeq method does not match the request")
    if not message.top_via.upper().startswith("SIP/2.0/"):
        raise SipParseError("malformed Via")
    max_forwards = message.get("Max-Forwards")
    if max_forwards and ascii_number(max_forwards, 3) is None:
        raise SipParseError("malformed Max-Forwards")
    length_header = message.get("Content-Length")
    if length_header:
        length = ascii_number(length_header, len(str(MAX_MESSAGE_BYTES)))
        if length is None:
            raise SipParseError("malformed Content-Length")
        if length > len(body):
            raise SipParseError("body shorter than Content-Length")
        body = body[:length]
    message.body = body


def response_to(request: SipMessage, status: int, reason: str = "",
                to_tag: str = "") -> SipMessage:
    """A response copying the request's Via, From, To, Call-ID and CSeq (RFC 3261 8.2.6)."""
    response = SipMessage(status=status, reason=reason or REASONS.get(status, "Unknown"))
    for key, value in request.headers:
        if key in ("Via", "From", "Call-ID", "CSeq"):
            response.headers.append((key, value))
        elif key == "To":
            if to_tag and "tag" not in header_params(value):
                value = f"{value};tag={to_tag}"
            response.headers.append((key, value))
        elif key == "Record-Route" and 200 <= status < 300:
            response.headers.append((key, value))
    return response


def partial_headers(data: bytes) -> SipMessage | None:
    """Best effort for a malformed request: enough headers (Via, From, To, Call-ID, CSeq)
    to send it an error response, or None when there is nothing to answer."""
    try:
        text = data.partition(b"\r\n\r\n")[0].decode("utf-8", "replace")
    except Exception:  # pragma: no cover - decode with replace does not raise
        return None
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].startswith("SIP/") or len(lines[0].split(" ")) < 2:
        return None
    message = SipMessage(method=lines[0].split(" ", 1)[0] or "X", uri="sip:x")
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon and _TOKEN.match(name.strip() or "-"):
            message.add(name, value.strip())
    if not message.get("Via").upper().startswith("SIP/2.0/UDP"):
        return None
    return message


def caller_of(request: SipMessage) -> str:
    """The caller's number for logs, all but its last three digits hidden."""
    try:
        user = SipUri.parse(name_addr_uri(request.get("From"))).user
    except SipParseError:
        user = ""
    return ("*" * max(0, len(user) - 3) + user[-3:]) if user else "unknown"

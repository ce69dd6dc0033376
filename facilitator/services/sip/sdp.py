"""SDP offer/answer for one audio stream (RFC 3264, RFC 4566): G.711, G.722, DTMF events."""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, field
from enum import Enum


class SdpError(ValueError):
    """An offer we cannot accept (answered 488 Not Acceptable Here)."""


def _number(value: str, digits: int = 5) -> int | None:
    """ASCII digits only (str.isdigit also takes `²`, which int() refuses)."""
    if 0 < len(value) <= digits and value.isascii() and value.isdigit():
        return int(value)
    return None


def _address(value: str) -> str:
    """An IP address literal: a host name would need DNS on every packet sent."""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise SdpError(f"the connection address is not an IP address: {value[:40]!r}") from None


class Direction(Enum):
    SENDRECV = "sendrecv"
    SENDONLY = "sendonly"
    RECVONLY = "recvonly"
    INACTIVE = "inactive"

    def answer(self) -> Direction:
        return {Direction.SENDONLY: Direction.RECVONLY,
                Direction.RECVONLY: Direction.SENDONLY}.get(self, self)


@dataclass(frozen=True)
class CodecSpec:
    name: str  # as in rtpmap: PCMU, PCMA, G722
    static_pt: int
    clock_rate: int  # RTP clock (G.722 is 8000 by RFC 3551's historical error)
    sample_rate: int  # audio sample rate


SUPPORTED = (CodecSpec("G722", 9, 8000, 16000), CodecSpec("PCMU", 0, 8000, 8000),
             CodecSpec("PCMA", 8, 8000, 8000))
STATIC = {c.static_pt: c for c in SUPPORTED}
BY_NAME = {c.name: c for c in SUPPORTED}


@dataclass(frozen=True)
class MediaFormat:
    payload_type: int
    codec: CodecSpec
    dtmf_payload_type: int | None  # telephone-event/8000, when the other side offered it


@dataclass
class RemoteMedia:
    address: str
    port: int
    formats: list[tuple[int, str, int]] = field(default_factory=list)  # (pt, NAME, clock)
    direction: Direction = Direction.SENDRECV
    ptime: int = 20
    other_media: list[str] = field(default_factory=list)  # m= lines we refuse (port 0)


def parse(body: str) -> RemoteMedia:
    session_address = ""
    audio: RemoteMedia | None = None
    session_direction = Direction.SENDRECV
    others: list[str] = []
    in_audio = False
    rtpmaps: dict[int, tuple[str, int]] = {}
    order: list[int] = []
    for raw in body.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if len(line) < 2 or line[1] != "=":
            continue
        kind, value = line[0], line[2:]
        if kind == "c":
            parts = value.split()
            if len(parts) < 3 or parts[1] not in ("IP4", "IP6"):
                raise SdpError("malformed connection line")
            address = _address(parts[2].split("/")[0])
            if in_audio and audio is not None:
                audio.address = address
            elif audio is None:
                session_address = address
        elif kind == "m":
            parts = value.split()
            port = _number(parts[1].split("/")[0]) if len(parts) >= 4 else None
            if port is None or port > 65535:
                raise SdpError("malformed media line")
            in_audio = parts[0] == "audio" and audio is None and parts[2] == "RTP/AVP"
            if in_audio:
                audio = RemoteMedia(session_address, port, direction=session_direction)
                order = [n for p in parts[3:] if (n := _number(p, 3)) is not None and n < 128]
            else:
                others.append(f"{parts[0]} 0 {parts[2]} {' '.join(parts[3:])}")
        elif kind == "a":
            name, _, rest = value.partition(":")
            if name in {d.value for d in Direction}:
                if audio is None:
                    session_direction = Direction(name)
                elif in_audio:
                    audio.direction = Direction(name)
            elif name == "rtpmap" and in_audio:
                pt, _, encoding = rest.partition(" ")
                pieces = encoding.split("/")
                number, clock = _number(pt, 3), _number(pieces[1] if len(pieces) > 1 else "", 6)
                if number is not None and clock is not None:
                    rtpmaps[number] = (pieces[0].upper(), clock)
            elif name == "ptime" and in_audio:
                audio_ptime = _number(rest.strip(), 3)
                if audio is not None and audio_ptime is not None and 10 <= audio_ptime <= 60:
                    audio.ptime = audio_ptime
    if audio is None:
        raise SdpError("no RTP/AVP audio stream offered")
    if not audio.address:
        raise SdpError("no connection address for the audio stream")
    for number in order:
        if number in rtpmaps:
            audio.formats.append((number, *rtpmaps[number]))
        elif number in STATIC:
            audio.formats.append((number, STATIC[number].name, STATIC[number].clock_rate))
    audio.other_media = others
    return audio


def choose(remote: RemoteMedia, preference: tuple[str, ...] = ()) -> MediaFormat:
    """The first offered codec we support (in `preference` order when given), and DTMF."""
    offered = [(pt, BY_NAME[name]) for pt, name, clock in remote.formats
               if name in BY_NAME and clock == BY_NAME[name].clock_rate]
    if not offered:
        raise SdpError("none of PCMU, PCMA or G722 offered")
    if preference:
        offered.sort(key=lambda item: preference.index(item[1].name)
                     if item[1].name in preference else len(preference))
    dtmf = next((pt for pt, name, clock in remote.formats
                 if name == "TELEPHONE-EVENT" and clock == 8000), None)
    return MediaFormat(offered[0][0], offered[0][1], dtmf)


class LocalSdp:
    """Our side of the session: the same o= id for the whole call, version bumped on change."""

    def __init__(self, address: str, port: int) -> None:
        self.address = address
        self.port = port
        self.session_id = secrets.randbelow(2**31)
        self.version = self.session_id

    def _header(self) -> list[str]:
        self.version += 1
        family = "IP6" if ":" in self.address else "IP4"
        return ["v=0", f"o=facilitator {self.session_id} {self.version} IN {family} "
                f"{self.address}", "s=Conference", f"c=IN {family} {self.address}", "t=0 0"]

    def answer(self, fmt: MediaFormat, remote: RemoteMedia) -> str:
        lines = self._header()
        pts = [fmt.payload_type] + ([fmt.dtmf_payload_type] if fmt.dtmf_payload_type
                                    is not None else [])
        lines.append(f"m=audio {self.port} RTP/AVP {' '.join(map(str, pts))}")
        lines.append(f"a=rtpmap:{fmt.payload_type} {fmt.codec.name}/{fmt.codec.clock_rate}")
        if fmt.dtmf_payload_type is not None:
            lines.append(f"a=rtpmap:{fmt.dtmf_payload_type} telephone-event/8000")
            lines.append(f"a=fmtp:{fmt.dtmf_payload_type} 0-15")
        lines += ["a=ptime:20", f"a={remote.direction.answer().value}"]
        lines += [f"m={other}" for other in remote.other_media]
        return "\r\n".join(lines) + "\r\n"

    def offer(self, dtmf_payload_type: int = 101) -> str:
        """For an INVITE without SDP (late offer): everything we can do."""
        lines = self._header()
        pts = [c.static_pt for c in SUPPORTED] + [dtmf_payload_type]
        lines.append(f"m=audio {self.port} RTP/AVP {' '.join(map(str, pts))}")
        lines += [f"a=rtpmap:{c.static_pt} {c.name}/{c.clock_rate}" for c in SUPPORTED]
        lines += [f"a=rtpmap:{dtmf_payload_type} telephone-event/8000",
                  f"a=fmtp:{dtmf_payload_type} 0-15", "a=ptime:20", "a=sendrecv"]
        return "\r\n".join(lines) + "\r\n"

"""How the live meeting serves (hub, join page, phone line, room): kept light, so the command
line starts fast (no aiortc imported)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..services.sip.settings import SipSettings


@dataclass(frozen=True)
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = 8443
    tls: bool = True
    ice_servers: tuple[str, ...] = ()  # e.g. "stun:stun.example.org:3478"; none by default
    # the council's TURN server(s) (coturn), e.g. "turn:turn.council.example:3478?transport=udp",
    # "turns:turn.council.example:443?transport=tcp"; with the secret shared with them
    # (coturn's static-auth-secret), from which the hub mints each person's credentials
    turn_servers: tuple[str, ...] = ()
    turn_secret_file: Path | None = None
    turn_lifetime: int = 3600  # seconds each credential is valid (renewed at half of it)
    video_mode: str = "forward"  # "relay" = aiortc's decode and re-encode (benchmarks only)
    sip: SipSettings | None = None  # the conference's dial-in line; None: no phone line
    room_camera: str | None = None  # a camera device (e.g. /dev/video0, "video=USB Camera")
    room_audio: bool = False  # the room's microphone and loudspeakers through the hub
    room_input: str | None = None  # device names; None: the system's default
    room_output: str | None = None


@dataclass(frozen=True)
class Hosting:
    """A conference hosted by a hub server among others (`facilitator server`): no listener
    of its own; its paths start with `prefix` ("/c/<slug>") under the server's public
    `base_url`; `fingerprint` is the server certificate's, pinned in links (None: a
    certificate the client checks against its trusted authorities)."""

    base_url: str  # e.g. https://hub.council.example/c/<slug>
    prefix: str  # e.g. /c/<slug>
    fingerprint: str | None = None


HOSTING_FILE = "hosting.json"  # beside the certificates: where a hub server is reached


@dataclass(frozen=True)
class HostSettings:
    """`facilitator server`: one process hosting every conference of its database."""

    serve: ServeSettings  # where it listens (host, port, TLS) and the media settings (TURN)
    public_url: str | None = None  # as people reach it (nginx's address); default: its own
    shard: str = "h"  # the first characters of the slugs it makes: a proxy routes by them
    idle_stop: float = 900.0  # seconds a conference with nobody connected keeps running
    tls_cert: Path | None = None  # the council's certificate; default: a self-signed one
    tls_key: Path | None = None
    trusted_proxies: tuple[str, ...] = ()  # whose X-Forwarded-For is believed (nginx)
    transcription: bool = True  # speech recognition in each running conference
    # pin its certificate in links; default: when self-signed and reached directly
    pin_fingerprint: bool | None = None

"""TURN through coturn, with short-lived credentials the hub mints itself (pure functions).

coturn's shared-secret scheme (`use-auth-secret`, `static-auth-secret=...`; the "TURN REST
API" of draft-uberti-behave-turn-rest): the username is `EXPIRY:LABEL`, EXPIRY in Unix
seconds, and the password is base64(HMAC-SHA1(secret, username)). Nothing is stored on the
TURN server per person: anyone who knows the secret can mint, and coturn refuses a new
allocation once EXPIRY has passed. An allocation made before goes on (coturn checks the time
when the session is created, not on each refresh: coturn/coturn#774), so a call longer than the
lifetime keeps its relay; a reconnection or an ICE restart gets fresh credentials.

The hub mints one credential per person per connection (LABEL: the attendee's id, never a
name, since coturn logs usernames) and gives it to the join page in the signalling "hello",
never in the HTML; its own RTCPeerConnection for that person gets one labelled `hub-<id>`.
This module imports no aiortc: the command line checks URLs with it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_LIFETIME = 3600  # seconds: an hour, renewed on every new connection
URLS_ENV = "FACILITATOR_TURN"  # the --turn URLs, separated by spaces or commas
SECRET_FILE_ENV = "FACILITATOR_TURN_SECRET_FILE"

# RFC 7065 turn:/turns: URIs, host and optional port, one optional transport parameter
_URL = re.compile(r"(?P<scheme>turns?):(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)"
                  r"(?::(?P<port>[0-9]{1,5}))?(?:\?transport=(?P<transport>udp|tcp))?")
_LABEL = re.compile(r"[A-Za-z0-9._-]{1,128}")


class TurnSettingsError(ValueError):
    """A TURN URL, secret or label the hub cannot use; the message says which and why."""


@dataclass(frozen=True)
class TurnUrl:
    scheme: str  # "turn" or "turns" (TLS)
    host: str
    port: int
    transport: str  # "udp" or "tcp"

    @property
    def text(self) -> str:
        return f"{self.scheme}:{self.host}:{self.port}?transport={self.transport}"


def parse_turn_url(url: str) -> TurnUrl:
    """A `turn:` or `turns:` URL as browsers and aiortc read it (port 3478, or 5349 for
    `turns:`, when none is given; `turns:` only over TCP)."""
    match = _URL.fullmatch(url.strip())
    if match is None:
        raise TurnSettingsError(
            f"not a TURN URL: {url!r} (e.g. turn:turn.council.example:3478?transport=udp "
            "or turns:turn.council.example:443?transport=tcp)")
    scheme = match["scheme"]
    port = int(match["port"]) if match["port"] else (5349 if scheme == "turns" else 3478)
    if not 0 < port < 65536:
        raise TurnSettingsError(f"the port of {url!r} is out of range")
    transport = match["transport"] or ("tcp" if scheme == "turns" else "udp")
    if scheme == "turns" and transport != "tcp":
        raise TurnSettingsError(f"{url!r}: TURN over TLS runs over TCP (transport=tcp)")
    return TurnUrl(scheme, match["host"], port, transport)


def turn_username(expires: int, label: str) -> str:
    if not _LABEL.fullmatch(label):
        raise TurnSettingsError("a TURN label is 1-128 letters, digits, '.', '_' or '-'")
    return f"{expires}:{label}"


def turn_password(secret: str, username: str) -> str:
    """coturn's password for `username`: base64(HMAC-SHA1(secret, username))."""
    digest = hmac.new(secret.encode("utf-8"), username.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


@dataclass(frozen=True)
class TurnCredential:
    username: str
    password: str = field(repr=False)
    expires: int  # Unix seconds


def mint(secret: str, label: str, now: float, lifetime: int = DEFAULT_LIFETIME
         ) -> TurnCredential:
    """A credential for `label` valid from `now` (Unix seconds) for `lifetime` seconds."""
    if lifetime <= 0:
        raise TurnSettingsError("a TURN credential's lifetime is at least a second")
    expires = math.floor(now) + lifetime
    username = turn_username(expires, label)
    return TurnCredential(username, turn_password(secret, username), expires)


def read_secret(path: Path) -> str:
    """The shared secret, as coturn's `static-auth-secret` has it (surrounding white space
    and the final newline are not part of it)."""
    try:
        secret = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as failed:
        raise TurnSettingsError(f"cannot read the TURN secret file {path}: {failed}") from None
    if not secret:
        raise TurnSettingsError(f"the TURN secret file {path} is empty")
    if any(c.isspace() for c in secret):
        raise TurnSettingsError(f"the TURN secret in {path} contains white space, which "
                                "coturn's configuration file cannot hold")
    return secret


def urls_from_env(value: str) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"[\s,]+", value) if part)


@dataclass(frozen=True)
class TurnServers:
    """The council's TURN server(s) and the secret shared with them."""

    urls: tuple[str, ...]
    secret: str = field(repr=False)
    lifetime: int = DEFAULT_LIFETIME

    def __post_init__(self) -> None:
        if not self.urls:
            raise TurnSettingsError("no TURN URL given")
        for url in self.urls:
            parse_turn_url(url)

    def for_page(self, attendee_id: str, now: float) -> dict[str, Any]:
        """The join page's `RTCIceServer` (JSON for the signalling "hello")."""
        credential = mint(self.secret, attendee_id, now, self.lifetime)
        return {"urls": list(self.urls), "username": credential.username,
                "credential": credential.password}

    def for_hub(self, attendee_id: str, now: float) -> tuple[list[str], TurnCredential]:
        """The URLs for the hub's own connection to this person, the first one aiortc can
        use first (aiortc uses one TURN server: plain UDP is best for the hub, which is not
        behind the firewall the person is), and its credential."""
        order = {("turn", "udp"): 0, ("turn", "tcp"): 1, ("turns", "tcp"): 2}
        parsed = sorted(self.urls, key=lambda u: order.get(
            (parse_turn_url(u).scheme, parse_turn_url(u).transport), 3))
        return parsed, mint(self.secret, f"hub-{attendee_id}", now, self.lifetime)

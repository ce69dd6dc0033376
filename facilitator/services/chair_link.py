"""The chair's link to one conference on a hub server, for the chair's window as a client.

    https://hub.council.example/c/<slug>/#chair=<token>&sha256=<fingerprint>

- `https://hub.council.example/c/<slug>` is the conference's base URL: every door of it is
  under it: the chair's API (`<base>/api/state`, `<base>/api/admit`, ... with
  `Authorization: Bearer <token>`), the minute-taker's channel (`<base>/minutes/ws`), the join
  page (`<base>/join/<token>`) and its signalling (`<base>/ws`).
- The token and pin are in the fragment (after `#`), which no browser or client sends, so no
  proxy or access log sees them.
- `sha256` is the SHA-256 of the server's TLS certificate (hex, as the minute-taker's link
  has it), to pin; absent when the server has a certificate from an authority the client
  trusts (a council's real certificate, e.g. at nginx in front of the servers).

`facilitator server-link --db PATH CONFERENCE` prints it; the chair's window connects with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

MIN_TOKEN_CHARS = 20


class ChairLinkError(ValueError):
    pass


@dataclass(frozen=True)
class ChairLink:
    base_url: str  # https://host[:port]/c/<slug>, no trailing slash
    token: str  # the chair's API token (Bearer)
    fingerprint: str | None  # sha256 of the server's certificate, pinned; None: CA-checked

    def format(self) -> str:
        pin = f"&sha256={self.fingerprint}" if self.fingerprint else ""
        return f"{self.base_url}/#chair={self.token}{pin}"

    @classmethod
    def parse(cls, text: str) -> ChairLink:
        parts = urlsplit(text.strip())
        if parts.scheme not in ("https", "http") or not parts.netloc:
            raise ChairLinkError("a chair link starts with https://")
        fields = parse_qs(parts.fragment)
        token = (fields.get("chair") or [""])[0]
        if len(token) < MIN_TOKEN_CHARS:
            raise ChairLinkError("this chair link has no valid token")
        pins = fields.get("sha256") or []
        path = parts.path.rstrip("/")
        return cls(f"{parts.scheme}://{parts.netloc}{path}", token, pins[0] if pins else None)

    def api(self, path: str) -> str:
        """e.g. api("state") -> https://host/c/<slug>/api/state"""
        return f"{self.base_url}/api/{path.lstrip('/')}"

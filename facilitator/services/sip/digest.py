"""HTTP digest authentication for SIP (RFC 3261 22, RFC 7616/8760: MD5 and SHA-256)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

ALGORITHMS = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


class DigestError(ValueError):
    """A challenge we cannot answer (unknown algorithm or qop)."""


@dataclass(frozen=True)
class Challenge:
    realm: str
    nonce: str
    algorithm: str
    qop: tuple[str, ...]
    opaque: str | None

    @classmethod
    def parse(cls, header: str) -> Challenge:
        scheme, _, rest = header.strip().partition(" ")
        if scheme.lower() != "digest":
            raise DigestError(f"unsupported authentication scheme {scheme!r}")
        params = parse_params(rest)
        algorithm = params.get("algorithm", "MD5").upper()
        if algorithm not in ALGORITHMS:
            raise DigestError(f"unsupported digest algorithm {algorithm!r}")
        qop = tuple(q.strip() for q in params.get("qop", "").split(",") if q.strip())
        if qop and "auth" not in qop:
            raise DigestError(f"unsupported qop {params['qop']!r}")
        if "nonce" not in params or "realm" not in params:
            raise DigestError("challenge without realm or nonce")
        return cls(params["realm"], params["nonce"], algorithm, qop, params.get("opaque"))


def parse_params(text: str) -> dict[str, str]:
    """`a="x, y", b=z` -> {"a": "x, y", "b": "z"} (quoted commas kept)."""
    params: dict[str, str] = {}
    i = 0
    while i < len(text):
        while i < len(text) and text[i] in " ,\t":
            i += 1
        eq = text.find("=", i)
        if eq < 0:
            break
        name = text[i:eq].strip().lower()
        i = eq + 1
        if i < len(text) and text[i] == '"':
            end = i + 1
            value = []
            while end < len(text) and text[end] != '"':
                if text[end] == "\\" and end + 1 < len(text):
                    end += 1
                value.append(text[end])
                end += 1
            params[name] = "".join(value)
            i = end + 1
        else:
            end = text.find(",", i)
            end = len(text) if end < 0 else end
            params[name] = text[i:end].strip()
            i = end
    return params


def _h(algorithm: str, text: str) -> str:
    return ALGORITHMS[algorithm](text.encode("utf-8")).hexdigest()


def authorization(challenge: Challenge, method: str, uri: str, username: str,
                  password: str, nonce_count: int = 1, cnonce: str | None = None) -> str:
    """The Authorization (or Proxy-Authorization) header value answering `challenge`."""
    algorithm = challenge.algorithm
    ha1 = _h(algorithm, f"{username}:{challenge.realm}:{password}")
    ha2 = _h(algorithm, f"{method}:{uri}")
    parts = [f'username="{username}"', f'realm="{challenge.realm}"',
             f'nonce="{challenge.nonce}"', f'uri="{uri}"']
    if challenge.qop:
        cnonce = cnonce or secrets.token_hex(8)
        nc = f"{nonce_count:08x}"
        response = _h(algorithm, f"{ha1}:{challenge.nonce}:{nc}:{cnonce}:auth:{ha2}")
        parts += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
    else:
        response = _h(algorithm, f"{ha1}:{challenge.nonce}:{ha2}")
    parts += [f'response="{response}"', f"algorithm={algorithm}"]
    if challenge.opaque is not None:
        parts.append(f'opaque="{challenge.opaque}"')
    return "Digest " + ", ".join(parts)

"""The chair's API token: valid for as long as the chair serves, kept in a private file.

Issued (or the live one reused) at start with an expiry of max(now, planned end) + 12 h, so
serving a meeting that runs late, or re-opening it the next day, never hands out a token that
is already expired; renewed every hour while serving. The token file is 0600 from creation in a
0700 folder (`secret_file`).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web

from ..secret_file import write_secret
from .credentials import AFTER_END, Credential, CredentialRole

if TYPE_CHECKING:
    from .server import ConferenceServer

log = logging.getLogger(__name__)
RENEW_EVERY = 3600.0


def chair_token_expiry(planned: datetime, now: datetime, margin: timedelta = AFTER_END
                       ) -> datetime:
    """`planned` is the expiry the caller asked for (the planned end + margin): never less
    than `margin` from now."""
    return max(planned, now + margin)


def issue_chair_token(server: ConferenceServer, planned: datetime, folder: Path
                      ) -> tuple[Credential, Path]:
    credentials, conference_id = server.credentials, server.conference_id
    expires = chair_token_expiry(planned, server.now())
    chair = credentials.issue(conference_id, "chair", expires, CredentialRole.CHAIR)
    token_file = write_secret(folder / f"chair-token-{conference_id[:8]}.txt",
                              (chair.token + "\n").encode("utf-8"))
    server.keep_alive(renew_while_serving(server, chair.token))
    return chair, token_file


async def renew_while_serving(server: ConferenceServer, token: str,
                              every: float = RENEW_EVERY) -> None:
    """Every `every` seconds, push the chair's token's expiry to now + 12 h (never shorter)."""
    while True:
        await asyncio.sleep(every)
        try:
            server.credentials.issue(server.conference_id, "chair",
                                     server.now() + AFTER_END, CredentialRole.CHAIR)
        except Exception:  # the database busy: try again next time, the token still works
            log.exception("renewing the chair's token failed")


def bearer_token(request: web.Request) -> str:
    """The token of an `Authorization: Bearer <token>` header, exactly that form: a bare token
    or another scheme gives "" (refused as any wrong token)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme == "Bearer" else ""

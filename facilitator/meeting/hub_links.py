"""What only the running hub knows and the chair asks for: each remote person's link, meeting
code and PIN, and the minute-taker's pinned link. The window (through the runtime) and the
chair's channel (a window on another computer) both ask here."""

from __future__ import annotations

from ..domain.conference import Conference
from ..services.minutes_client import MinutesLink
from ..services.rtc.credentials import CredentialRole
from ..services.rtc.server import ConferenceServer

JoinRow = tuple[str, str, str, str]  # name, link, meeting code, PIN


def join_links(server: ConferenceServer, conference: Conference, url: str) -> list[JoinRow]:
    """(name, link, meeting code, PIN) of each remote person, issuing what is missing."""
    rows = []
    for person in conference.attendees.values():
        if person.mode.is_remote:
            credential = server.credentials.issue_for(conference, person.id)
            rows.append((person.name, f"{url}/join/{credential.token}", credential.code,
                         credential.pin))
    return rows


def minute_taker_link(server: ConferenceServer, conference: Conference, url: str
                      ) -> str | None:
    """The minute-taker's personal link, pinned to the hub's certificate."""
    taker = next((a.id for a in conference.attendees.values()
                  if a.role_key == "minute_taker"), None)
    if taker is None:
        return None
    credential = server.credentials.issue_for(conference, taker, CredentialRole.MINUTE_TAKER)
    return MinutesLink(url, credential.token, server.fingerprint).format()

"""The chair's application API over HTTP (like Jitsi's external API), for the chair's token.

Every endpoint takes and returns JSON; a refused command answers 409 with {"error": ...}.
See README "Application API" for the list.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ...domain.commands import agenda, remote, segments
from ...domain.conference import Conference
from ...domain.errors import DomainError
from ...domain.segments import ExclusionGround
from ...views import group_of
from ..minutes_client import MinutesLink
from .credentials import CredentialError, CredentialRole, default_expiry

if TYPE_CHECKING:
    from .server import ConferenceServer

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _ids(body: dict[str, Any], key: str = "attendee_ids") -> list[str]:
    value = body.get(key)
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise web.HTTPBadRequest(text=json.dumps({"error": f"'{key}' must be a list of ids"}),
                                 content_type="application/json")
    return value


class ChairApi:
    def __init__(self, server: ConferenceServer) -> None:
        self.server = server

    def add_routes(self, router: web.UrlDispatcher) -> None:
        for method, path, handler in (
            ("GET", "/api/state", self.state),
            ("GET", "/api/links", self.links),
            ("POST", "/api/admit", self.admit),
            ("POST", "/api/send-back", self.send_back),
            ("POST", "/api/remove", self.remove),
            ("POST", "/api/exclude", self.exclude),
            ("POST", "/api/readmit", self.readmit),
            ("POST", "/api/start", self.start),
            ("POST", "/api/stage/next", self.next_stage),
            ("POST", "/api/ask-unmute", self.ask_unmute),
            ("POST", "/api/minute-taker-link", self.minute_taker_link),
            ("POST", "/api/revoke", self.revoke),
            ("GET", "/api/pin-entry", self.pin_entry),
            ("POST", "/api/pin-entry/reopen", self.reopen_pin_entry),
            ("POST", "/api/command", self.command),
        ):
            router.add_route(method, path, self._guard(handler))

    def _guard(self, handler: Callable[[dict[str, Any]], Awaitable[Any]]) -> Handler:
        async def wrapped(request: web.Request) -> web.StreamResponse:
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            if scheme != "Bearer":
                token = ""  # only "Bearer <token>": a bare token is a mistake, refused
            try:
                credential = self.server.credentials.check(
                    token, self.server.conference_id, self.server.now())
                if credential.role is not CredentialRole.CHAIR:
                    raise CredentialError("not the chair's token")
            except CredentialError as refused:
                log.warning("API refused from %s: %s", request.remote, refused)
                return web.json_response({"error": "the chair's token is required"},
                                         status=401)
            body: dict[str, Any] = {}
            if request.method == "POST":
                try:
                    body = await request.json()
                except json.JSONDecodeError:
                    return web.json_response({"error": "the body must be JSON"}, status=400)
                if not isinstance(body, dict):
                    return web.json_response({"error": "the body must be a JSON object"},
                                             status=400)
            try:
                return web.json_response(await handler(body))
            except DomainError as refused:
                return web.json_response({"error": str(refused)}, status=409)
        return wrapped

    async def _run(self, command: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        events = await self.server.hub.port.execute(command, *args, **kwargs)
        return {"ok": True, "events": [type(e).__name__ for e in events]}

    async def state(self, body: dict[str, Any]) -> dict[str, Any]:
        hub = self.server.hub
        policy = hub.policy

        def people(conference: Conference) -> list[dict[str, Any]]:
            rows = []
            for person in conference.attendees.values():
                peer = hub.peers.get(person.id)
                line = hub.pcm_endpoints.get(person.id)
                rows.append({
                    "id": person.id, "name": person.name, "role": person.role.label,
                    # one state, as the chair's window groups people (someone who left
                    # and called back is "waiting", not "left" and waiting at once)
                    "mode": person.mode.name.lower(),
                    "attendance": group_of(conference, person).name.lower(),
                    "waiting": person.id in policy.waiting,
                    "excluded": person.id in policy.excluded,
                    "in_meeting": person.id in policy.in_meeting,
                    "connection": peer.state.value if peer else (line.connection if line
                                                                 else None),
                    "muted": peer.muted if peer else None,
                    "hand_raised": peer.hand_raised if peer else None,
                })
            return rows

        return {"stage": policy.stage, "status": policy.status,
                "people": await hub.port.read(people)}

    async def links(self, body: dict[str, Any]) -> dict[str, Any]:
        def remote_people(conference: Conference) -> tuple[Any, list[tuple[str, str]]]:
            people = [(p.id, p.name) for p in conference.attendees.values()
                      if p.mode.is_remote]
            return default_expiry(conference), people

        expires, people = await self.server.hub.port.read(remote_people)
        out = []
        for attendee_id, name in people:
            credential = self.server.credentials.issue(self.server.conference_id, attendee_id,
                                                       expires)
            out.append({"attendee_id": attendee_id, "name": name,
                        "path": f"/join/{credential.token}", "code": credential.code,
                        "pin": credential.pin})
        return {"links": out}

    async def admit(self, body: dict[str, Any]) -> dict[str, Any]:
        if body.get("all"):
            return await self._run(remote.admit_all)
        return await self._run(remote.admit, _ids(body))

    async def send_back(self, body: dict[str, Any]) -> dict[str, Any]:
        return await self._run(remote.send_to_waiting_room, _ids(body, "attendee_id")[0])

    async def remove(self, body: dict[str, Any]) -> dict[str, Any]:
        return await self._run(remote.remove, _ids(body, "attendee_id")[0],
                               str(body.get("reason", "")))

    async def exclude(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            grounds = [ExclusionGround[str(g).upper()] for g in body.get("grounds", [])]
        except KeyError as unknown:
            raise DomainError(f"unknown ground {unknown}") from None
        return await self._run(segments.exclude, _ids(body), grounds,
                               str(body.get("requested_by", "")), str(body.get("reason", "")),
                               advocate_stays=bool(body.get("advocate_stays", False)))

    async def readmit(self, body: dict[str, Any]) -> dict[str, Any]:
        return await self._run(segments.readmit, _ids(body))

    async def start(self, body: dict[str, Any]) -> dict[str, Any]:
        return await self._run(agenda.start_meeting)

    async def next_stage(self, body: dict[str, Any]) -> dict[str, Any]:
        reason = body.get("override_reason")
        return await self._run(agenda.next_stage, str(reason) if reason else None)

    async def ask_unmute(self, body: dict[str, Any]) -> dict[str, Any]:
        sent = await self.server.ask_to_unmute(_ids(body, "attendee_id")[0])
        return {"ok": sent}

    async def minute_taker_link(self, body: dict[str, Any]) -> dict[str, Any]:
        """The minute-taker's personal link (issued once; withdraw with /api/revoke)."""
        def who(conference: Conference) -> tuple[Any, list[str]]:
            takers = [a.id for a in conference.attendees.values()
                      if a.role_key == "minute_taker"]
            return default_expiry(conference), takers

        expires, takers = await self.server.hub.port.read(who)
        wanted = body.get("attendee_id") or (takers[0] if takers else None)
        if wanted not in takers:
            raise DomainError("this conference has no such minute-taker")
        credential = self.server.credentials.issue(
            self.server.conference_id, str(wanted), expires, CredentialRole.MINUTE_TAKER)
        link = MinutesLink(self.server.base_url, credential.token, self.server.fingerprint)
        return {"link": link.format(), "token": credential.token}

    async def revoke(self, body: dict[str, Any]) -> dict[str, Any]:
        token = body.get("token")
        if not isinstance(token, str):
            raise DomainError("say which token to withdraw")
        self.server.credentials.revoke(token, self.server.now())
        await self.server.minutes.disconnect(token)  # refused from the next moment, not later
        return {"ok": True}

    async def pin_entry(self, body: dict[str, Any]) -> dict[str, Any]:
        """Wrong PINs typed today (web form and phone line) and whether entry is closed."""
        return self.server.credentials.pin_guard.status(self.server.conference_id)

    async def reopen_pin_entry(self, body: dict[str, Any]) -> dict[str, Any]:
        """The chair, told of guessing, reopens PIN entry (the day's count starts again)."""
        self.server.credentials.pin_guard.reopen(self.server.conference_id)
        return {"ok": True}

    async def command(self, body: dict[str, Any]) -> dict[str, Any]:
        """The transcript commands of the minute-taker's seat, as the chair (second screens)."""
        reply = await self.server.minutes.run_command(body, editor="chair")
        if reply["type"] == "refused":
            raise DomainError(str(reply["message"]))
        return reply

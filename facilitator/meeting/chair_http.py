"""The chair's application API over HTTP (like Jitsi's external API), for the chair's token: a
door of the live meeting, each endpoint one of its named use cases (`MeetingApi`).

Every use case the chair's window has is here, so a room computer running `serve --headless`
can run a conference from start to end. Every endpoint takes and returns JSON. A body that does
not fit the endpoint's schema (`schemas`) answers 400; a refused command 409 with
{"error": ...}, and an edit based on an old version 409 with the current text. See README
"Application API" for the list.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from ..domain import events as ev
from ..domain.errors import DomainError
from ..domain.interpreting import KeptIn
from ..services.minutes_client import MinutesLink
from ..services.rtc import schemas, transcript_schemas
from ..services.rtc.chair_token import bearer_token
from ..services.rtc.credentials import CredentialError, CredentialRole, default_expiry
from ..services.rtc.door import read_body
from ..services.rtc.server import ConferenceServer
from ..views import group_of
from . import chair_schemas as body_of
from .api import MeetingApi
from .seat_channel import MinutesChannel

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Schema = Callable[[dict[str, Any]], Any]


class Conflict(Exception):
    """An edit based on an old version: answered 409 with the current text."""

    def __init__(self, reply: dict[str, Any]) -> None:
        super().__init__(str(reply.get("message", "")))
        self.reply = {"error": reply.get("message", "edit conflict"), **reply}


class ChairApi:
    def __init__(self, server: ConferenceServer, meeting: MeetingApi,
                 minutes: MinutesChannel) -> None:
        self.server = server
        self.meeting = meeting
        self.minutes = minutes

    def add_routes(self, router: web.UrlDispatcher) -> None:
        empty = schemas.Empty.parse
        for method, path, handler, schema in (
            ("POST", "/api/attendance", self.attendance, body_of.Attendance.parse),
            ("POST", "/api/stage/previous", self.previous_stage, empty),
            ("POST", "/api/break/begin", self.begin_break, body_of.Reasoned.parse),
            ("POST", "/api/break/end", self.end_break, empty),
            ("POST", "/api/meeting/extend", self.extend_meeting, body_of.Extension.parse),
            ("POST", "/api/meeting/end", self.end_meeting, body_of.EndMeeting.parse),
            ("POST", "/api/interpretation", self.interpretation, body_of.Interpretation.parse),
            ("POST", "/api/interpreter", self.interpreter, body_of.InterpreterLink.parse),
            ("POST", "/api/room/mute", self.room_mute, body_of.Switch.parse),
            ("POST", "/api/transcription", self.transcription, body_of.Switch.parse),
            ("POST", "/api/views", self.agency_view, body_of.AgencyView.parse),
            ("POST", "/api/safety-scale", self.safety_scale, body_of.SafetyScale.parse),
            ("POST", "/api/decision", self.decision, body_of.Decision.parse),
            ("POST", "/api/plan", self.plan, body_of.PlanBody.parse),
            ("GET", "/api/state", self.state, empty),
            ("GET", "/api/links", self.links, empty),
            ("POST", "/api/admit", self.admit, schemas.Admit.parse),
            ("POST", "/api/send-back", self.send_back, schemas.Person.parse),
            ("POST", "/api/remove", self.remove, schemas.Remove.parse),
            ("POST", "/api/exclude", self.exclude, schemas.Exclude.parse),
            ("POST", "/api/readmit", self.readmit, schemas.People.parse),
            ("POST", "/api/start", self.start, empty),
            ("POST", "/api/stage/next", self.next_stage, schemas.NextStage.parse),
            ("POST", "/api/ask-unmute", self.ask_unmute, schemas.Person.parse),
            ("POST", "/api/minute-taker-link", self.minute_taker_link,
             schemas.MinuteTakerLink.parse),
            ("POST", "/api/revoke", self.revoke, schemas.Revoke.parse),
            ("GET", "/api/pin-entry", self.pin_entry, empty),
            ("POST", "/api/pin-entry/reopen", self.reopen_pin_entry, empty),
            ("POST", "/api/command", self.command, self._command_schema),
        ):
            router.add_route(method, path, self._guard(handler, schema))

    def _command_schema(self, data: dict[str, Any]) -> transcript_schemas.TranscriptCommand:
        return transcript_schemas.TranscriptCommand.parse(data, self.server.now())

    def _guard(self, handler: Callable[[Any], Awaitable[Any]], schema: Schema) -> Handler:
        async def wrapped(request: web.Request) -> web.StreamResponse:
            try:
                credential = self.server.credentials.check(
                    bearer_token(request), self.server.conference_id, self.server.now())
                if credential.role is not CredentialRole.CHAIR:
                    raise CredentialError("not the chair's token")
            except CredentialError as refused:
                log.info("API refused from %s: %s", request.remote, refused)
                return web.json_response({"error": "the chair's token is required"},
                                         status=401)
            try:
                data: dict[str, Any] = {}
                if request.method == "POST":
                    raw = await read_body(request)
                    data = schemas.load_object(raw or b"{}")
                body = schema(data)
            except schemas.SchemaError as bad:
                return web.json_response({"error": str(bad)}, status=400)
            try:
                return web.json_response(await handler(body))
            except web.HTTPException:
                raise
            except Conflict as conflict:
                return web.json_response(conflict.reply, status=409)
            except DomainError as refused:
                return web.json_response({"error": str(refused)}, status=409)
        return wrapped

    @staticmethod
    def _done(events: list[ev.Event]) -> dict[str, Any]:
        return {"ok": True, "events": [type(e).__name__ for e in events]}

    async def state(self, body: schemas.Empty) -> dict[str, Any]:
        hub = self.server.hub
        policy = hub.policy

        conference = self.meeting.conference

        def people() -> list[dict[str, Any]]:
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

        return {"stage": policy.stage, "status": policy.status, "people": people(),
                "planned_end": conference.clock.planned_end.isoformat(),
                "interpretation_multiplier": conference.agenda.interpretation_multiplier}

    async def links(self, body: schemas.Empty) -> dict[str, Any]:
        conference = self.meeting.conference
        people = [(p.id, p.name) for p in conference.attendees.values() if p.mode.is_remote]
        expires = default_expiry(conference)
        out = []
        for attendee_id, name in people:
            credential = self.server.credentials.issue(self.server.conference_id, attendee_id,
                                                       expires)
            out.append({"attendee_id": attendee_id, "name": name,
                        "path": f"{self.server.prefix}/join/{credential.token}",
                        "code": credential.code, "pin": credential.pin})
        return {"links": out}

    async def admit(self, body: schemas.Admit) -> dict[str, Any]:
        if body.everyone:
            return self._done(self.meeting.admit_all())
        return self._done(self.meeting.admit(list(body.attendee_ids)))

    async def send_back(self, body: schemas.Person) -> dict[str, Any]:
        return self._done(self.meeting.send_back(body.attendee_id))

    async def remove(self, body: schemas.Remove) -> dict[str, Any]:
        return self._done(self.meeting.remove_participant(body.attendee_id, body.reason))

    async def exclude(self, body: schemas.Exclude) -> dict[str, Any]:
        """Out of the meeting for the next segment; the meeting decides whether this swaps
        separate parts (the window's button does the same)."""
        return self._done(self.meeting.exclude(
            list(body.attendee_ids), list(body.grounds), body.requested_by, body.reason,
            advocate_stays=body.advocate_stays, withheld_in_writing=body.withheld_in_writing,
            reason_confidential=body.reason_confidential,
            interpreters_stay=[KeptIn(i, why) for i, why in body.interpreters_stay]))

    async def readmit(self, body: schemas.People) -> dict[str, Any]:
        return self._done(self.meeting.readmit(list(body.attendee_ids)))

    async def start(self, body: schemas.Empty) -> dict[str, Any]:
        return self._done(self.meeting.start_meeting())

    async def next_stage(self, body: schemas.NextStage) -> dict[str, Any]:
        return self._done(self.meeting.next_stage(body.override_reason,
                                                  body.override_confidential))

    async def previous_stage(self, body: schemas.Empty) -> dict[str, Any]:
        return self._done(self.meeting.previous_stage())

    async def attendance(self, body: body_of.Attendance) -> dict[str, Any]:
        """In the room: someone arrives, leaves or comes back."""
        return self._done(self.meeting.change_attendance(body.attendee_id, body.state))

    async def begin_break(self, body: body_of.Reasoned) -> dict[str, Any]:
        return self._done(self.meeting.begin_break(body.reason))

    async def end_break(self, body: schemas.Empty) -> dict[str, Any]:
        return self._done(self.meeting.end_break())

    async def extend_meeting(self, body: body_of.Extension) -> dict[str, Any]:
        return self._done(self.meeting.extend_meeting(body.minutes, body.reason,
                                                      body.confidential))

    async def interpretation(self, body: body_of.Interpretation) -> dict[str, Any]:
        return self._done(self.meeting.allow_interpreting(body.multiplier, body.move_end))

    async def interpreter(self, body: body_of.InterpreterLink) -> dict[str, Any]:
        """Whom an interpreter interprets for; a family member is refused."""
        return self._done(self.meeting.link_interpreter(body.interpreter_id, body.for_ids,
                                                        body.language))

    async def end_meeting(self, body: body_of.EndMeeting) -> dict[str, Any]:
        """The end of the meeting (the last stage's "next"); ring-fence override as asked."""
        return self._done(self.meeting.end_meeting(body.override_reason,
                                                   body.override_confidential))

    async def room_mute(self, body: body_of.Switch) -> dict[str, Any]:
        return self._done(self.meeting.set_room_muted(body.on))

    async def transcription(self, body: body_of.Switch) -> dict[str, Any]:
        return self._done(self.meeting.set_transcription(body.on, body.reason))

    async def agency_view(self, body: body_of.AgencyView) -> dict[str, Any]:
        return self._done(self.meeting.record_view(body.child_id, body.attendee_id, body.view,
                                                   body.categories, body.comment))

    async def safety_scale(self, body: body_of.SafetyScale) -> dict[str, Any]:
        return self._done(self.meeting.record_safety_scale(body.child_id, body.attendee_id,
                                                           body.score))

    async def decision(self, body: body_of.Decision) -> dict[str, Any]:
        return self._done(self.meeting.record_decision(
            body.child_id, body.plan_required, body.categories, body.reasons,
            body.dissent_note, interim_reason=body.interim_reason, relist_on=body.relist_on))

    async def plan(self, body: body_of.PlanBody) -> dict[str, Any]:
        return self._done(self.meeting.record_plan(body.plan))

    async def ask_unmute(self, body: schemas.Person) -> dict[str, Any]:
        sent = await self.server.ask_to_unmute(body.attendee_id)
        return {"ok": sent}

    async def minute_taker_link(self, body: schemas.MinuteTakerLink) -> dict[str, Any]:
        """The minute-taker's personal link (issued once; withdraw with /api/revoke)."""
        conference = self.meeting.conference
        takers = [a.id for a in conference.attendees.values() if a.role_key == "minute_taker"]
        expires = default_expiry(conference)
        wanted = body.attendee_id or (takers[0] if takers else None)
        if wanted not in takers:
            raise DomainError("this conference has no such minute-taker")
        credential = self.server.credentials.issue(
            self.server.conference_id, str(wanted), expires, CredentialRole.MINUTE_TAKER)
        link = MinutesLink(self.server.base_url, credential.token, self.server.fingerprint)
        return {"link": link.format(), "token": credential.token}

    async def revoke(self, body: schemas.Revoke) -> dict[str, Any]:
        """Withdraw a link: refused from now on, and whatever it has open is closed."""
        credential = self.server.credentials.find(body.token, self.server.conference_id)
        if credential is None:
            raise web.HTTPNotFound(text=json.dumps({"error": "no such link"}),
                                   content_type="application/json")
        if credential.role is CredentialRole.CHAIR:
            raise DomainError("the chair's own token cannot be withdrawn while serving")
        self.server.credentials.revoke(credential.token, self.server.now())
        if credential.role is CredentialRole.MINUTE_TAKER:
            await self.minutes.disconnect(credential.token)
        else:
            await self.server.withdraw(credential.token, credential.attendee_id)
        return {"ok": True, "attendee_id": credential.attendee_id,
                "role": credential.role.value}

    async def pin_entry(self, body: schemas.Empty) -> dict[str, Any]:
        """Wrong PINs typed today (web form and phone line) and whether entry is closed."""
        return self.server.credentials.pin_guard.status(self.server.conference_id)

    async def reopen_pin_entry(self, body: schemas.Empty) -> dict[str, Any]:
        """The chair, told of guessing, reopens PIN entry (the day's count starts again)."""
        self.server.credentials.pin_guard.reopen(self.server.conference_id)
        return {"ok": True}

    async def command(self, body: transcript_schemas.TranscriptCommand) -> dict[str, Any]:
        """The transcript commands of the minute-taker's seat, as the chair (second screens)."""
        reply = await self.minutes.run(body, editor="chair")
        if reply["type"] == "conflict":
            raise Conflict(reply)
        if reply["type"] == "refused":
            raise DomainError(str(reply["message"]))
        return reply

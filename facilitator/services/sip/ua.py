"""A small SIP user agent on asyncio: registers, answers calls, ends them (RFC 3261).

It does what a conference line needs and says no, properly, to the rest: INVITE (with or
without an SDP offer, re-INVITE for hold), ACK, BYE, CANCEL, OPTIONS, INFO (DTMF); REGISTER
to a registrar with digest authentication, refreshed before it expires. Anything else gets
501 or 405; a malformed request gets 400 when it can be answered at all.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import socket
from collections.abc import Callable

from . import sdp
from .call import SipCall
from .message import (
    SipMessage,
    SipParseError,
    SipUri,
    header_params,
    response_to,
)
from .registration import Registration, RegistrationState
from .settings import SipSettings, find_password
from .transport import Address, SipTransport

log = logging.getLogger(__name__)
ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO"
SUPPORTED_EXTENSIONS: frozenset[str] = frozenset()
CallAcceptor = Callable[[SipCall], bool]  # False: busy


def _ignore(*_args: object) -> None:
    return None


class SipUserAgent:
    def __init__(self, settings: SipSettings, accept: CallAcceptor,
                 user_agent: str = "Conference Facilitator") -> None:
        self.settings = settings
        self.accept = accept
        self.user_agent = user_agent
        self.transport = SipTransport(self._on_request)
        self.calls: dict[str, SipCall] = {}  # by Call-ID
        self.registration: Registration | None = None
        self.contact_host = settings.contact_host
        self.trusted: set[str] = set()
        # told of each change of the registration's state (and its problem, if any)
        self.on_registration: Callable[[RegistrationState, str], None] = _ignore

    # ---- lifecycle --------------------------------------------------------------------------
    async def start(self) -> Address:
        loop = asyncio.get_running_loop()
        await loop.create_datagram_endpoint(
            lambda: self.transport, local_addr=(self.settings.listen_host,
                                                self.settings.listen_port))
        registrar = self.settings.registrar_address
        registrar_ip = await self._resolve(registrar) if registrar else None
        self.trusted = {self._ip(h) for h in self.settings.trusted_hosts}
        if registrar_ip is not None and not self.settings.trusted_hosts:
            self.trusted.add(registrar_ip[0])
        if not self.contact_host:
            self.contact_host = _route_to(registrar_ip[0] if registrar_ip
                                          else self.transport.local[0])
        if registrar_ip is not None:
            password = find_password(self.settings)
            if password is None:
                log.error("no SIP password for %s (keyring or %s): not registering",
                          self.settings.user, "FACILITATOR_SIP_PASSWORD")
            else:
                self.registration = Registration(self, registrar_ip, password)
                self.registration.start()
        log.info("SIP line listening on %s:%s", *self.transport.local)
        if not self.trusted and not self.transport.local[0].startswith("127."):
            log.warning("the SIP line takes calls from any address: set the registrar or "
                        "trusted hosts so that only the PBX can reach it")
        return self.transport.local

    async def stop(self) -> None:
        await asyncio.gather(*(call.hang_up("shutting down") for call in
                               list(self.calls.values())), return_exceptions=True)
        if self.registration is not None:
            await self.registration.stop()
        self.transport.close()

    @property
    def local(self) -> Address:
        return self.transport.local

    @property
    def contact(self) -> str:
        user = self.settings.user or "conference"
        return f"<sip:{user}@{self.contact_host}:{self.local[1]}>"

    def _ip(self, host: str) -> str:
        try:
            return socket.gethostbyname(host)
        except OSError:
            return host

    async def _resolve(self, address: Address) -> Address:
        infos = await asyncio.get_running_loop().getaddrinfo(
            address[0], address[1], family=socket.AF_INET, type=socket.SOCK_DGRAM)
        host, port = infos[0][4][:2]
        return str(host), int(port)

    async def resolve_uri(self, uri: str) -> Address:
        parsed = SipUri.parse(uri)
        return await self._resolve((parsed.host.strip("[]"), parsed.port))

    # ---- requests ---------------------------------------------------------------------------
    def _on_request(self, request: SipMessage, source: Address) -> None:
        try:
            self._dispatch(request, source)
        except Exception:
            self.transport.failures += 1
            log.exception("failed handling %s", request.method)
            if request.method != "ACK":
                self.respond(request, 500)

    def respond(self, request: SipMessage, status: int, reason: str = "", to_tag: str = "",
                extra: list[tuple[str, str]] | None = None, body: bytes = b"",
                content_type: str = "") -> None:
        response = response_to(request, status, reason, to_tag)
        for name, value in extra or []:
            response.add(name, value)
        if status in (405, 501) or (request.method in ("INVITE", "OPTIONS") and status < 300):
            response.add("Allow", ALLOW)
        response.add("Server", self.user_agent)
        if body:
            response.add("Content-Type", content_type)
            response.body = body
        self.transport.respond(request, response)

    def _dispatch(self, request: SipMessage, source: Address) -> None:
        method = request.method
        if self.trusted and source[0] not in self.trusted:
            log.warning("SIP %s from untrusted %s refused", method, source[0])
            if method != "ACK":
                self.respond(request, 403, "Calls come through the PBX")
            return
        max_forwards = request.get("Max-Forwards")
        if max_forwards and max_forwards.isdigit() and int(max_forwards) == 0 \
                and method not in ("ACK", "OPTIONS"):
            self.respond(request, 483)
            return
        required = {r.strip() for r in request.get_all("Require")} - SUPPORTED_EXTENSIONS
        if required and method not in ("ACK", "CANCEL"):
            self.respond(request, 420, extra=[("Unsupported", ", ".join(sorted(required)))])
            return
        call = self.calls.get(request.call_id)
        in_dialog = "tag" in header_params(request.get("To"))
        if method == "INVITE" and not in_dialog:
            if call is not None:
                self.respond(request, 482, "Loop Detected")
            else:
                self._new_call(request, source)
        elif method == "CANCEL":
            self._cancel(request, call)
        elif method == "OPTIONS" and in_dialog and (call is None or not call.matches(request)):
            self.respond(request, 481)  # the other end's keep-alive: we no longer have the call
        elif method == "OPTIONS":
            self.respond(request, 200, extra=[("Accept", "application/sdp"),
                                              ("Supported", "")])
        elif method in ("ACK", "BYE", "INFO", "INVITE"):
            if call is None or not call.matches(request):
                if method != "ACK":
                    self.respond(request, 481)
                return
            call.in_dialog(request, source)
        elif method == "REGISTER":
            self.respond(request, 405, "This is not a registrar")
        else:
            self.respond(request, 501)

    def _new_call(self, request: SipMessage, source: Address) -> None:
        try:
            target = SipUri.parse(request.uri).user
        except SipParseError:
            self.respond(request, 416, "Unsupported URI Scheme")
            return
        wanted = {self.settings.user, self.settings.number} - {""}
        if wanted and target not in wanted:
            self.respond(request, 404)
            return
        offer: sdp.RemoteMedia | None = None
        fmt: sdp.MediaFormat | None = None
        if request.body:
            if request.get("Content-Type").split(";")[0].strip().lower() != "application/sdp":
                self.respond(request, 415, extra=[("Accept", "application/sdp")])
                return
            try:
                offer = sdp.parse(request.body.decode("utf-8", "replace"))
                fmt = sdp.choose(offer)
            except sdp.SdpError as refused:
                log.info("offer refused: %s", refused)
                self.respond(request, 488, extra=[("Warning", f'304 - "{refused}"')])
                return
        if len(self.calls) >= self.settings.max_calls:
            log.warning("phone line busy: %d calls", len(self.calls))
            self.respond(request, 486)
            return
        call = SipCall(self, request, source, offer, fmt)
        self.calls[request.call_id] = call
        if not self.accept(call):
            del self.calls[request.call_id]
            self.respond(request, 486)
            return
        self.transport.background(call.answer())

    def _cancel(self, request: SipMessage, call: SipCall | None) -> None:
        if call is None or call.invite.branch != request.branch:
            self.respond(request, 481)
            return
        self.respond(request, 200)
        call.cancelled()

    def ended(self, call: SipCall) -> None:
        if self.calls.get(call.call_id) is call:
            del self.calls[call.call_id]

    # ---- our own requests -------------------------------------------------------------------
    def new_request(self, method: str, uri: str, from_: str, to: str, call_id: str,
                    cseq: int) -> SipMessage:
        host, port = self.contact_host, self.local[1]
        message = SipMessage(method=method, uri=uri)
        message.add("Via", f"SIP/2.0/UDP {host}:{port};branch=z9hG4bK{secrets.token_hex(8)}"
                    ";rport")
        message.add("Max-Forwards", "70")
        message.add("From", from_)
        message.add("To", to)
        message.add("Call-ID", call_id)
        message.add("CSeq", f"{cseq} {method}")
        message.add("User-Agent", self.user_agent)
        return message


def _route_to(host: str) -> str:
    """Our address on the route to `host` (no packet is sent)."""
    if host in ("0.0.0.0", ""):
        host = "127.0.0.1"
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect((host, 9))
        return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


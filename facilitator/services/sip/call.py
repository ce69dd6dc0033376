"""One incoming call: its SIP dialog (answer, ACK, hold, DTMF by INFO, BYE) and its RTP.

What the call means for the conference (PIN, waiting room, prompts) is the application's:
it sets the `on_*` callbacks and calls `send_audio` and `hang_up`.

A phone that drops while it holds the call sends nothing, often not even a BYE. So while the
call is held or no audio arrives, the call asks the phone every `keepalive_interval` seconds
whether the dialog still exists (an in-dialog OPTIONS, which any UA answers; RFC 5057 4.1):
no answer within `request_timeout`, or 481 or 408, ends the call.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Callable
from enum import Enum
from typing import Protocol

from . import sdp
from .codecs import Float
from .message import SipMessage, caller_of, header_params, name_addr_uri, new_tag
from .ports import UserAgentPort
from .rtp import RtpSession
from .transport import T1, Address, ServerTransaction

log = logging.getLogger(__name__)
DTMF_RELAY = ("application/dtmf-relay", "application/dtmf")


class DialogState(Enum):
    RINGING = "ringing"
    ANSWERED = "answered"  # 200 OK sent, no ACK yet
    CONFIRMED = "confirmed"
    ENDED = "ended"


def _ignore(*_args: object) -> None:
    return None


def _current_task() -> asyncio.Task[object] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # no running loop (a call ended from outside it)
        return None


class CallAgent(UserAgentPort, Protocol):
    """The user agent that took the call (`ua.SipUserAgent`): told when the call ends."""

    def ended(self, call: SipCall) -> None: ...


class SipCall:
    def __init__(self, ua: CallAgent, invite: SipMessage, source: Address,
                 offer: sdp.RemoteMedia | None, fmt: sdp.MediaFormat | None) -> None:
        self.ua = ua
        self.invite = invite
        self.source = source
        self.offer = offer
        self.format = fmt
        self.call_id = invite.call_id
        self.local_tag = new_tag()
        self.remote_tag = header_params(invite.get("From")).get("tag", "")
        self.remote_party = invite.get("From")
        self.local_party = f"{invite.get('To')};tag={self.local_tag}"
        self.remote_target = name_addr_uri(invite.get("Contact")) or name_addr_uri(
            self.remote_party)
        self.route_set = invite.get_all("Record-Route")
        self.local_cseq = secrets.randbelow(10_000) + 1
        self.remote_cseq = invite.cseq[0]
        self.state = DialogState.RINGING
        self.caller = caller_of(invite)
        self.on_hold = False
        self.end_reason = ""
        self.rtp: RtpSession | None = None
        self.local_sdp: sdp.LocalSdp | None = None
        self.on_established: Callable[[], None] = _ignore
        self.on_digit: Callable[[str], None] = _ignore
        self.on_audio: Callable[[Float, float | None], None] = _ignore  # samples, when said
        self.on_hold_changed: Callable[[bool], None] = _ignore
        self.on_ended: Callable[[str], None] = _ignore
        self._cancel = asyncio.Event()
        self._pending: ServerTransaction | None = None  # an INVITE whose 200 awaits its ACK
        self._confirmed_at = 0.0
        self._keepalive: asyncio.Task[None] | None = None
        self.probes = 0  # in-dialog OPTIONS sent

    def matches(self, request: SipMessage) -> bool:
        return (header_params(request.get("From")).get("tag", "") == self.remote_tag and
                header_params(request.get("To")).get("tag", "") == self.local_tag)

    # ---- answering ------------------------------------------------------------------------
    async def answer(self) -> None:
        ua = self.ua
        ua.respond(self.invite, 100)
        try:
            self.rtp = await RtpSession.open(ua.settings.listen_host, ua.settings.rtp_ports,
                                             self._audio, self._digit)
        except OSError as full:
            log.error("no RTP port for a call: %s", full)
            ua.respond(self.invite, 503, extra=[("Retry-After", "30")])
            self._end("no media port")
            return
        self.local_sdp = sdp.LocalSdp(ua.contact_host, self.rtp.port)
        ua.respond(self.invite, 180, to_tag=self.local_tag, extra=[("Contact", ua.contact)])
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._cancel.wait(), ua.settings.answer_delay)
        if self._cancel.is_set() or self.state is DialogState.ENDED:
            ua.respond(self.invite, 487, to_tag=self.local_tag)
            self._end("cancelled by the caller")
            return
        if self.offer is not None and self.format is not None:
            self.rtp.configure((self.offer.address, self.offer.port), self.format)
            self._hold(self.offer)
            body = self.local_sdp.answer(self.format, self.offer)
        else:
            body = self.local_sdp.offer()
        self.state = DialogState.ANSWERED
        ua.respond(self.invite, 200, to_tag=self.local_tag, extra=[("Contact", ua.contact)],
                   body=body.encode(), content_type="application/sdp")
        self._pending = ua.transport.transaction(self.invite)
        await asyncio.sleep(64 * T1)
        if self.state is DialogState.ANSWERED:
            log.info("call %s: no ACK, hanging up", self.caller)
            await self.hang_up("no ACK")

    def cancelled(self) -> None:
        if self.state is DialogState.RINGING:
            self._cancel.set()

    # ---- in the dialog --------------------------------------------------------------------
    def in_dialog(self, request: SipMessage, source: Address) -> None:
        method = request.method
        if method == "ACK":
            self._ack(request)
            return
        number = request.cseq[0]
        if number <= self.remote_cseq:
            self.ua.respond(request, 500, "CSeq out of order")
            return
        self.remote_cseq = number
        if method == "BYE":
            self.ua.respond(request, 200)
            self._end("hung up")
        elif method == "INFO":
            self._info(request)
        elif method == "INVITE":
            self._reinvite(request)

    def _ack(self, request: SipMessage) -> None:
        if self._pending is not None:
            self._pending.acked.set()
            self._pending = None
        if self.state is not DialogState.ANSWERED:
            return
        if self.offer is None:  # late offer: the answer is in the ACK
            try:
                self.offer = sdp.parse(request.body.decode("utf-8", "replace"))
                self.format = sdp.choose(self.offer)
            except sdp.SdpError as refused:
                log.info("call %s: unusable answer in ACK (%s)", self.caller, refused)
                self.ua.transport.background(self.hang_up("no usable media"))
                return
            assert self.rtp is not None
            self.rtp.configure((self.offer.address, self.offer.port), self.format)
            self._hold(self.offer)
        self.state = DialogState.CONFIRMED
        self._confirmed_at = time.monotonic()
        self._keepalive = self.ua.transport.background(self._keep_alive())
        self.on_established()

    def _info(self, request: SipMessage) -> None:
        kind = request.get("Content-Type").split(";")[0].strip().lower()
        if request.body and kind not in DTMF_RELAY:
            self.ua.respond(request, 415, extra=[("Accept", ", ".join(DTMF_RELAY))])
            return
        text = request.body.decode("utf-8", "replace").strip()
        if kind == "application/dtmf-relay":
            for line in text.splitlines():
                name, _, value = line.partition("=")
                if name.strip().lower() == "signal":
                    text = value.strip()
                    break
            else:
                text = ""
        self.ua.respond(request, 200)
        if len(text) == 1 and text in "0123456789*#ABCD":
            self.on_digit(text)
        elif text == "10" or text == "11":  # some send the RFC 4733 event number
            self.on_digit("*" if text == "10" else "#")

    def _reinvite(self, request: SipMessage) -> None:
        if self._pending is not None:
            self.ua.respond(request, 491)
            return
        if not request.body or self.local_sdp is None or self.rtp is None:
            self.ua.respond(request, 488)  # no late offer in a re-INVITE here
            return
        try:
            offer = sdp.parse(request.body.decode("utf-8", "replace"))
            same = next((f for f in offer.formats if self.format is not None and
                         f[1] == self.format.codec.name), None)
            fmt = sdp.choose(offer, (same[1],) if same else ())
        except sdp.SdpError as refused:
            self.ua.respond(request, 488, extra=[("Warning", f'304 - "{refused}"')])
            return
        self.offer, self.format = offer, fmt
        self.rtp.configure((offer.address, offer.port), fmt)
        self._hold(offer)
        self.ua.respond(request, 200, extra=[("Contact", self.ua.contact)],
                        body=self.local_sdp.answer(fmt, offer).encode(),
                        content_type="application/sdp")
        self._pending = self.ua.transport.transaction(request)

    def _hold(self, offer: sdp.RemoteMedia) -> None:
        held = offer.direction in (sdp.Direction.SENDONLY, sdp.Direction.INACTIVE) or \
            offer.address in ("0.0.0.0", "::")
        if self.rtp is not None:
            self.rtp.sending = not held
            # a phone on hold may send its PBX's hold music ("sendonly"): it must not reach
            # the meeting; "recvonly" says they send nothing, so nothing is taken either
            self.rtp.receiving = not held and offer.direction is sdp.Direction.SENDRECV
        if held != self.on_hold:
            self.on_hold = held
            self.on_hold_changed(held)

    # ---- media ----------------------------------------------------------------------------
    def _audio(self, samples: Float, media_time: float | None) -> None:
        if self.state is DialogState.CONFIRMED:
            self.on_audio(samples, media_time)

    def _digit(self, digit: str) -> None:
        if self.state is DialogState.CONFIRMED:
            self.on_digit(digit)

    def send_audio(self, samples: Float) -> None:
        if self.rtp is not None and self.state is not DialogState.ENDED:
            self.rtp.send(samples)

    # ---- is the phone still there? ---------------------------------------------------------
    def quiet_for(self) -> float:
        """Seconds since the last RTP packet (or since the call was answered)."""
        last = self.rtp.stats.last_received if self.rtp is not None else 0.0
        return time.monotonic() - max(last, self._confirmed_at)

    async def _keep_alive(self) -> None:
        interval = self.ua.settings.keepalive_interval
        while self.state is DialogState.CONFIRMED:
            await asyncio.sleep(interval)
            if self.state is not DialogState.CONFIRMED:
                return
            if not self.on_hold and self.quiet_for() < interval:
                continue  # their audio arrives: the call is alive
            self.probes += 1
            options = self._request("OPTIONS")
            options.add("Accept", "application/sdp")
            try:
                response = await self._send(options, self.ua.settings.request_timeout)
            except TimeoutError:
                if self.state is DialogState.CONFIRMED:
                    log.warning("call %s: the phone does not answer (%s): ending the call",
                                self.caller, "on hold" if self.on_hold else "no audio")
                    await self.hang_up("the phone stopped answering")
                return
            if response.status in (408, 481) and self.state is DialogState.CONFIRMED:
                log.warning("call %s: the phone no longer knows the call (%d): ending it",
                            self.caller, response.status)
                self._end("the call no longer exists at the other end")
                return

    # ---- our requests in the dialog -------------------------------------------------------
    def _request(self, method: str) -> SipMessage:
        self.local_cseq += 1
        request = self.ua.new_request(method, self.remote_target, self.local_party,
                                      self.remote_party, self.call_id, self.local_cseq)
        for route in self.route_set:
            request.add("Route", route)
        return request

    async def _send(self, request: SipMessage, timeout: float) -> SipMessage:
        """Along the route set (or to the remote target); TimeoutError when unanswered."""
        next_hop = name_addr_uri(self.route_set[0]) if self.route_set else self.remote_target
        try:
            destination = await self.ua.resolve_uri(next_hop)
        except (OSError, ValueError):
            destination = self.source
        return await self.ua.transport.request(request, destination, timeout=timeout)

    # ---- ending ---------------------------------------------------------------------------
    async def hang_up(self, reason: str) -> None:
        if self.state is DialogState.ENDED:
            return
        if self.state is DialogState.RINGING:
            self.ua.respond(self.invite, 480, to_tag=self.local_tag)
            self._end(reason)
            return
        bye = self._request("BYE")
        self._end(reason)  # no media or callbacks while the BYE is on its way
        try:
            response = await self._send(bye, timeout=8 * T1)
            log.info("call %s: BYE answered %d", self.caller, response.status)
        except TimeoutError:
            log.info("call %s: BYE not answered", self.caller)

    def _end(self, reason: str) -> None:
        if self.state is DialogState.ENDED:
            return
        self.state = DialogState.ENDED
        self.end_reason = reason
        keepalive, self._keepalive = self._keepalive, None
        if keepalive is not None and keepalive is not _current_task():
            keepalive.cancel()
        if self.rtp is not None:
            self.rtp.close()
        self.ua.ended(self)
        log.info("call %s ended: %s", self.caller, reason)
        self.on_ended(reason)

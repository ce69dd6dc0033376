"""REGISTER with the council's PBX or SIP trunk, answering its digest challenge, refreshed
before it expires, retried with back-off when the registrar is away or refuses.

A PBX that restarts forgets every registration, and nothing tells the line. So the line
registers again every `registrar_check` seconds (30 by default), well before the lifetime it
asked for (`expires`, 300 s by default) runs out: after a restart it is reachable again within
that check. A REGISTER not answered within `request_timeout` makes the state FAILED at once
(the line says "not registered" while it is not) and it is retried after `registrar_retry`
seconds, doubling up to a minute while the registrar is away.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Callable
from enum import Enum
from typing import Protocol

from .digest import Challenge, DigestError, authorization, parse_params
from .message import SipMessage, ascii_number, header_params, name_addr_uri
from .ports import UserAgentPort
from .transport import Address

log = logging.getLogger(__name__)
RETRY_AWAY_MAX = 60.0  # the registrar does not answer: keep asking at least every minute
RETRY_REFUSED, RETRY_REFUSED_MAX = 60.0, 300.0  # it says no (password): do not hammer it


class RegistrationState(Enum):
    REGISTERING = "registering"
    REGISTERED = "registered"
    FAILED = "failed"
    UNREGISTERED = "unregistered"


class RegistrationError(Exception):
    """The registrar said no (wrong password, unknown user): not retried quickly."""


class RegistrationAgent(UserAgentPort, Protocol):
    """The user agent registering (`ua.SipUserAgent`): told of each change of state."""

    @property
    def on_registration(self) -> Callable[[RegistrationState, str], None]: ...


class Registration:
    def __init__(self, ua: RegistrationAgent, registrar: Address, password: str) -> None:
        self.ua = ua
        self.registrar = registrar
        self._password = password
        self.state = RegistrationState.UNREGISTERED
        self.problem = ""
        self.expires = 0
        self.registered = asyncio.Event()
        self._call_id = secrets.token_hex(12)
        self._cseq = secrets.randbelow(1000) + 1
        self._tag = secrets.token_hex(6)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self.state is RegistrationState.REGISTERED:
            with contextlib.suppress(TimeoutError, RegistrationError, DigestError):
                await self.register(0, timeout=2.0)
            self.state = RegistrationState.UNREGISTERED

    def _set(self, state: RegistrationState, problem: str = "") -> None:
        changed = state is not self.state
        if changed or problem != self.problem:
            log.log(logging.WARNING if state is RegistrationState.FAILED else logging.INFO,
                    "SIP registration %s%s", state.value, f": {problem}" if problem else "")
        self.state, self.problem = state, problem
        if state is RegistrationState.REGISTERED:
            self.registered.set()
        else:
            self.registered.clear()
        if changed:
            self.ua.on_registration(state, problem)

    def refresh_in(self) -> float:
        """Seconds until the next REGISTER: the check, or well before the granted lifetime
        lapses when that is shorter (RFC 3261 10.2.4 leaves the margin to us)."""
        lapse = max(self.expires * 0.8, min(self.expires - 5, 30), 1)
        return min(self.ua.settings.registrar_check, lapse)

    async def _run(self) -> None:
        settings = self.ua.settings
        retry = settings.registrar_retry
        while True:
            if self.state is RegistrationState.UNREGISTERED:
                self._set(RegistrationState.REGISTERING)
            try:
                self.expires = await self.register(settings.expires, settings.request_timeout)
            except (TimeoutError, OSError) as away:
                self._set(RegistrationState.FAILED, f"registrar not answering ({away})")
                wait, retry = retry, min(retry * 2, RETRY_AWAY_MAX)
            except (RegistrationError, DigestError) as refused:
                self._set(RegistrationState.FAILED, str(refused))
                wait = max(retry, RETRY_REFUSED)
                retry = min(wait * 2, RETRY_REFUSED_MAX)
            else:
                self._set(RegistrationState.REGISTERED)
                retry = settings.registrar_retry
                wait = self.refresh_in()
            await asyncio.sleep(wait)

    def _request(self, expires: int) -> SipMessage:
        settings = self.ua.settings
        domain = settings.sip_domain
        aor = f"<sip:{settings.user}@{domain}>"
        self._cseq += 1
        message = self.ua.new_request("REGISTER", f"sip:{domain}", f"{aor};tag={self._tag}",
                                      aor, self._call_id, self._cseq)
        message.add("Contact", f"{self.ua.contact};expires={expires}")
        message.add("Expires", str(expires))
        message.add("Allow", "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO")
        return message

    async def register(self, expires: int, timeout: float = 32.0) -> int:
        """One REGISTER (answering up to two challenges); the granted expiry in seconds."""
        message = self._request(expires)
        challenges = 0
        while True:
            response = await self.ua.transport.request(message, self.registrar, timeout)
            if response.status in (401, 407):
                challenges += 1
                header = "WWW-Authenticate" if response.status == 401 else "Proxy-Authenticate"
                params = parse_params(response.get(header).partition(" ")[2])
                stale = params.get("stale", "").lower() == "true"
                if challenges > 2 or (challenges == 2 and not stale):
                    raise RegistrationError("the registrar refused the user name or password")
                challenge = Challenge.parse(response.get(header))
                retry = self._request(expires)
                answer_header = "Authorization" if response.status == 401 \
                    else "Proxy-Authorization"
                retry.add(answer_header, authorization(
                    challenge, "REGISTER", retry.uri, self.ua.settings.user, self._password))
                message = retry
                continue
            minimum = ascii_number(response.get("Min-Expires"))
            if response.status == 423 and minimum is not None and minimum > expires:
                expires = minimum
                message = self._request(expires)
                continue
            if response.status >= 300:
                raise RegistrationError(f"the registrar answered {response.status} "
                                        f"{response.reason}")
            return self._granted(response, expires)

    def _granted(self, response: SipMessage, asked: int) -> int:
        ours = name_addr_uri(self.ua.contact)
        for contact in response.get_all("Contact"):
            if name_addr_uri(contact) == ours:
                value = ascii_number(header_params(contact).get("expires", ""))
                if value is not None:
                    return value
        header = ascii_number(response.get("Expires"))
        return header if header is not None else asked

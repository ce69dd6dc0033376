"""The conference's telephone line: a SIP user agent whose callers join the media hub.

    line = PhoneLine(hub, credentials, conference_id, settings, now, languages=("en",))
    await line.start()      # prompts rendered (first run), socket bound, REGISTER sent
    ...
    await line.stop()       # callers hung up, registration removed

On a hub server one line (`switchboard.Switchboard`) answers for every conference: each
conference's PhoneLine is then only `attach`ed (no socket of its own) and `take_call`s the
calls routed to it by meeting code.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..rtc.credentials import CredentialError, CredentialRole, Credentials
from ..rtc.hub import MediaHub
from .call import SipCall
from .caller import PhoneCaller
from .prompts import Prompts
from .registration import RegistrationState
from .settings import SipSettings
from .transport import Address
from .ua import SipUserAgent

log = logging.getLogger(__name__)


class PhoneLine:
    def __init__(self, hub: MediaHub, credentials: Credentials, conference_id: str,
                 settings: SipSettings, now: Callable[[], datetime],
                 languages: tuple[str, ...] = ("en",), prompt_dir: Path | None = None) -> None:
        self.hub = hub
        self.credentials = credentials
        self.conference_id = conference_id
        self.settings = settings
        self.now = now
        self.prompts = Prompts(settings.languages or languages, prompt_dir)
        self.ua = SipUserAgent(settings, self._accept)
        self.ua.on_registration = self._registration_changed
        self._told_unregistered = False
        self.callers: dict[str, PhoneCaller] = {}  # by Call-ID
        self._tasks: set[asyncio.Task[Any]] = set()
        self._own_socket = False

    async def attach(self) -> None:
        """Ready for calls routed to it (prompts rendered, following the hub's states)."""
        await asyncio.to_thread(self.prompts.prepare)
        self.hub.state_listeners.append(self._state_changed)

    async def start(self) -> Address:
        """Attached, and answering calls on a socket of its own."""
        await self.attach()
        self._own_socket = True
        return await self.ua.start()

    def take_call(self, call: SipCall, typed: str = "") -> PhoneCaller:
        """A call a hub server's line answered and routed here by its meeting code."""
        caller = PhoneCaller(self, call)
        self.callers[call.call_id] = caller
        caller.continue_with_pin(typed)
        return caller

    async def stop(self) -> None:
        for caller in list(self.callers.values()):
            caller.hung_up_by_us = True  # closing the app does not mark anyone as left
        if self._own_socket:
            await self.ua.stop()
        else:  # the hub server's line keeps answering for the other conferences
            await asyncio.gather(*(c.call.hang_up("the conference stopped")
                                   for c in list(self.callers.values())),
                                 return_exceptions=True)
        if self._state_changed in self.hub.state_listeners:
            self.hub.state_listeners.remove(self._state_changed)
        for task in list(self._tasks):
            task.cancel()

    @property
    def address(self) -> Address:
        return self.ua.local

    @property
    def registration_state(self) -> RegistrationState | None:
        return self.ua.registration.state if self.ua.registration else None

    def _registration_changed(self, state: RegistrationState, problem: str) -> None:
        """The chair's window says when callers cannot reach the line, and when they can."""
        if state is RegistrationState.FAILED and not self._told_unregistered:
            self._told_unregistered = True
            self.hub.device_notice(f"The phone line is not registered with the PBX ({problem}):"
                                   " callers cannot dial in. It keeps trying.")
        elif state is RegistrationState.REGISTERED and self._told_unregistered:
            self._told_unregistered = False
            self.hub.device_notice("The phone line is registered with the PBX: callers can "
                                   "dial in. It is back.")

    def background(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ---- calls ----------------------------------------------------------------------------
    def _accept(self, call: SipCall) -> bool:
        # Wrong PINs count against the address the call's signalling came from (the PBX's,
        # or the caller's own when it reaches the line directly), never the From number,
        # which the caller chooses; anonymous callers are counted like anyone.
        if not self.may_try(call.source[0]):
            log.warning("call from %s (via %s) refused: PIN entry is paused", call.caller,
                        call.source[0])
            return False
        self.callers[call.call_id] = PhoneCaller(self, call)
        log.info("incoming call from %s", call.caller)
        return True

    def forget(self, caller: PhoneCaller) -> None:
        if self.callers.get(caller.call.call_id) is caller:
            del self.callers[caller.call.call_id]

    def may_try(self, source: str) -> bool:
        """May a PIN from this signalling address be checked now (the shared PIN guard)?"""
        return self.credentials.pin_pause(self.conference_id, source) is None

    def identify(self, pin: str, source: str) -> str | None:
        """The attendee whose PIN this is, for this conference; None when it is not one
        (counted against `source` and the conference by the shared PIN guard)."""
        try:
            credential = self.credentials.by_pin(self.conference_id, pin, self.now(),
                                                 source=source)
        except CredentialError:
            return None
        if credential.role is not CredentialRole.PARTICIPANT:
            return None
        return credential.attendee_id

    def replace_other_calls(self, caller: PhoneCaller, attendee_id: str) -> None:
        """A person calling again (their line dropped) takes over from their old call."""
        for other in list(self.callers.values()):
            if other is not caller and other.attendee_id == attendee_id:
                log.info("call %s replaces call %s of %s", caller.call.caller,
                         other.call.caller, attendee_id)
                other.end_replaced()

    def withdraw(self, attendee_id: str) -> None:
        """The chair withdrew this person's credential: their call ends now."""
        caller = self.caller_of(attendee_id)
        if caller is not None:
            log.info("call %s (%s): credential withdrawn by the chair", caller.call.caller,
                     attendee_id)
            caller.goodbye("removed")

    def caller_of(self, attendee_id: str) -> PhoneCaller | None:
        return next((c for c in self.callers.values() if c.attendee_id == attendee_id), None)

    def _state_changed(self, attendee_id: str) -> None:
        caller = self.caller_of(attendee_id)
        if caller is not None:
            caller.sync()

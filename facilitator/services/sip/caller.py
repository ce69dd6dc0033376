"""One phone caller in the conference: PIN, waiting room, meeting, exclusion, goodbye.

Once their PIN identifies them, the caller is a `PcmEndpoint` of the hub like the room: the
hub's 20 ms clock drives what they hear (a prompt when one is playing, else their
mix-minus, which is silence while they are out of the meeting). Before that, and while a
goodbye plays after the chair removed them, the call keeps its own 20 ms clock. What they
say reaches the hub only while the policy has them in the meeting.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from enum import Enum
from typing import Protocol

import numpy as np

from ...domain.attendees import AttendanceMode
from ...domain.errors import DomainError
from ..rtc.credentials import PIN_DIGITS, SHORTEST_PIN
from ..rtc.hub import PcmEndpoint
from .call import DialogState, SipCall
from .codecs import Float
from .ports import LinePort
from .rtp import every_20ms, silence

log = logging.getLogger(__name__)
FRAME = 960
MAX_ATTEMPTS = 3  # wrong PINs per call; the shared PIN guard limits them per address too
INTER_DIGIT = 1.5  # after eight digits without the hash key, the PIN is taken as entered
SHORT_PIN_WAIT = 4.0  # ... after six (PINs issued before were six digits): a longer pause
HOLD_REMINDER = 60.0
NO_AUDIO_AFTER, DEAD_AFTER = 5.0, 30.0


class CallerState(Enum):
    CONNECTING = "connecting"
    PIN_ENTRY = "entering their PIN"
    WAITING = "in the waiting room"
    IN_MEETING = "in the meeting"
    OUT = "out of the meeting"  # sent back or excluded after having been in
    ENDING = "saying goodbye"
    ENDED = "ended"


class LineState(Enum):
    """What the chair's window shows for the line."""

    CONNECTED = "connected"
    ON_HOLD = "on hold"
    NO_AUDIO = "no audio"


class CallerLine(LinePort, Protocol):
    """The line the caller rang (`line.PhoneLine`): it keeps one call per person."""

    def replace_other_calls(self, caller: PhoneCaller, attendee_id: str) -> None: ...

    def forget(self, caller: PhoneCaller) -> None: ...


class PhoneCaller:
    def __init__(self, line: CallerLine, call: SipCall) -> None:
        self.line = line
        self.call = call
        self.state = CallerState.CONNECTING
        self.attendee_id: str | None = None
        self.language: str | None = None  # the caller's recorded language, once identified
        self.endpoint: PcmEndpoint | None = None
        self.digits = ""
        self.attempts = 0
        self.hung_up_by_us = False
        self.heard: list[Float] = []  # what the hub gave this caller (kept when a test asks)
        self.keep_heard = False
        self._prompt: list[Float] = []
        self._after_prompt: Callable[[], None] | None = None
        self._clock: asyncio.Task[None] | None = None
        self._timers: list[asyncio.Task[None]] = []
        self._digit_timer: asyncio.TimerHandle | None = None
        self._line_state = LineState.CONNECTED
        self._since = time.monotonic()
        call.on_established = self._established
        call.on_digit = self._digit
        call.on_audio = self._audio
        call.on_hold_changed = lambda held: self._set_line(
            LineState.ON_HOLD if held else LineState.CONNECTED)
        call.on_ended = self._ended

    # ---- what the caller hears ------------------------------------------------------------
    def say(self, key: str, then: Callable[[], None] | None = None,
            interrupt: bool = True) -> None:
        if interrupt:
            self._prompt = []
        self._prompt.append(self.line.prompts.audio(key, self.language))
        self._after_prompt = then
        log.debug("call %s hears %r", self.call.caller, key)

    def _next_frame(self, mix: Float | None) -> Float:
        while self._prompt:
            current = self._prompt[0]
            frame, rest = current[:FRAME], current[FRAME:]
            if len(rest):
                self._prompt[0] = rest
            else:
                self._prompt.pop(0)
            if len(frame):
                if len(frame) < FRAME:
                    frame = np.concatenate([frame, silence(FRAME - len(frame))])
                return frame
        if self._after_prompt is not None:
            then, self._after_prompt = self._after_prompt, None
            then()
        if mix is not None and self.state is CallerState.IN_MEETING:
            return mix
        return silence()

    def _play(self, mix: Float) -> None:
        """The hub's 20 ms tick: this caller's mix-minus."""
        if self.keep_heard:
            self.heard.append(mix)
        self.call.send_audio(self._next_frame(mix))

    async def _own_clock(self) -> None:
        await every_20ms(lambda: self.call.send_audio(self._next_frame(None)))

    def _start_clock(self) -> None:
        if self._clock is None:
            self._clock = asyncio.ensure_future(self._own_clock())

    def _stop_clock(self) -> None:
        if self._clock is not None:
            self._clock.cancel()
            self._clock = None

    # ---- the call -------------------------------------------------------------------------
    def _established(self) -> None:
        log.info("call %s answered: asking for the PIN", self.call.caller)
        self._ask_for_pin("welcome")

    def continue_with_pin(self, typed: str = "") -> None:
        """The call was answered by a hub server's line, which took the meeting code and
        routed it here: now the PIN (`typed`: digits the caller typed meanwhile)."""
        log.info("call %s routed to its conference: asking for the PIN", self.call.caller)
        self._ask_for_pin("repeat_pin")
        for digit in typed:
            self._digit(digit)

    def _ask_for_pin(self, prompt: str) -> None:
        self.state = CallerState.PIN_ENTRY
        self._since = time.monotonic()
        self._start_clock()
        self.say(prompt)
        self._timers.append(asyncio.ensure_future(self._watch()))

    async def _watch(self) -> None:
        """Repeat the PIN prompt on silence; remind those on hold; notice a dead line."""
        last_prompt = time.monotonic()
        while self.state is not CallerState.ENDED:
            await asyncio.sleep(1.0)
            now = time.monotonic()
            if self.state is CallerState.PIN_ENTRY and not self._prompt and not self.digits \
                    and now - last_prompt > self.line.settings.pin_timeout:
                self.say("repeat_pin")
                last_prompt = now
            elif self.state in (CallerState.WAITING, CallerState.OUT) and not self._prompt \
                    and now - last_prompt > HOLD_REMINDER:
                self.say("hold_reminder")
                last_prompt = now
            elif self._prompt:
                last_prompt = now
            self._check_media(now)

    def _check_media(self, now: float) -> None:
        rtp = self.call.rtp
        if rtp is None or self.call.on_hold:
            return
        quiet = now - max(rtp.stats.last_received, self._since)
        if quiet > DEAD_AFTER:
            log.warning("call %s: no audio for %.0f s, hanging up", self.call.caller, quiet)
            self.line.background(self.call.hang_up("the line went silent"))
        elif quiet > NO_AUDIO_AFTER:
            self._set_line(LineState.NO_AUDIO)
        elif self._line_state is LineState.NO_AUDIO:
            self._set_line(LineState.CONNECTED)

    def _set_line(self, state: LineState) -> None:
        self._line_state = state
        if self.endpoint is not None and self.endpoint.connection != state.value:
            self.endpoint.connection = state.value
            self.line.hub.add_pcm_endpoint(self.endpoint)  # the hub tells the window

    def _audio(self, samples: Float, media_time: float | None) -> None:
        attendee = self.attendee_id
        if attendee is None or self.state is not CallerState.IN_MEETING:
            return  # not identified, waiting or excluded: their voice goes nowhere
        if attendee in self.line.hub.policy.in_meeting:
            self.line.hub.endpoint_audio(attendee, samples, media_time)

    # ---- the PIN --------------------------------------------------------------------------
    def _digit(self, digit: str) -> None:
        if self.state is not CallerState.PIN_ENTRY:
            return
        if self._prompt:
            self._prompt = []  # typing interrupts the prompt
            self._after_prompt = None
        if self._digit_timer is not None:
            self._digit_timer.cancel()
            self._digit_timer = None
        if digit == "#":
            if self.digits:
                self._submit()
        elif digit == "*":
            self.digits = ""
        elif digit.isdigit():
            self.digits = (self.digits + digit)[-2 * PIN_DIGITS:]
            if len(self.digits) >= SHORTEST_PIN:
                loop = asyncio.get_running_loop()
                wait = INTER_DIGIT if len(self.digits) >= PIN_DIGITS else SHORT_PIN_WAIT
                self._digit_timer = loop.call_later(wait, self._submit)

    def _submit(self) -> None:
        pin, self.digits = self.digits, ""
        if self.state is not CallerState.PIN_ENTRY:
            return
        source = self.call.source[0]
        if not self.line.may_try(source):
            log.warning("call %s: PIN entry is paused for %s, hanging up", self.call.caller,
                        source)
            self.goodbye("too_many")
            return
        attendee = self.line.identify(pin, source)
        if attendee is None:
            self.attempts += 1
            log.warning("call %s: wrong PIN (attempt %d of %d)", self.call.caller,
                        self.attempts, MAX_ATTEMPTS)
            if self.attempts >= MAX_ATTEMPTS:
                log.warning("call %s: %d wrong PINs, hanging up", self.call.caller,
                            self.attempts)
                self.goodbye("too_many")
            else:
                self.say("wrong_pin")
            return
        self.state = CallerState.CONNECTING
        self.line.background(self._join(attendee))

    async def _join(self, attendee_id: str) -> None:
        line, hub = self.line, self.line.hub
        if attendee_id in hub.peers:
            log.info("call %s: %s is already connected by browser", self.call.caller,
                     attendee_id)
            self.goodbye("already_connected")
            return
        line.replace_other_calls(self, attendee_id)
        # still present (their old call was replaced): they keep their place, in the meeting
        # or out of this segment. Someone who hung up has left, even while a segment keeps
        # them out: calling back, they arrive again in the waiting room, for the chair to admit
        returning = hub.port.conference.attendee(attendee_id).state.is_present
        if not returning:
            try:
                hub.port.arrive_remotely(attendee_id, AttendanceMode.PHONE)
            except DomainError as refused:
                log.info("call %s: cannot join (%s)", self.call.caller, refused)
                self.goodbye("ended" if hub.policy.status == "ended" else "unavailable")
                return
        if self.call.state is DialogState.ENDED:
            await self._left_by_hanging_up(attendee_id)
            return
        self.attendee_id = attendee_id
        # known now: from here on they hear their own language only, if the line speaks it
        self.language = hub.policy.language_of(attendee_id)
        self.state = CallerState.PIN_ENTRY  # left by sync() below
        self.endpoint = PcmEndpoint(attendee_id, self._play, connection=self._line_state.value)
        self._stop_clock()
        hub.add_pcm_endpoint(self.endpoint)
        log.info("call %s identified as %s", self.call.caller, attendee_id)
        self.sync()

    # ---- the conference moves them --------------------------------------------------------
    def sync(self) -> None:
        """The hub's policy may have changed for this caller: follow it, with a prompt."""
        attendee = self.attendee_id
        if attendee is None or self.state in (CallerState.ENDING, CallerState.ENDED,
                                              CallerState.CONNECTING):
            return
        policy = self.line.hub.policy
        before = self.state
        if attendee in policy.in_meeting:
            if before is not CallerState.IN_MEETING:
                self.state = CallerState.IN_MEETING
                self.say("admitted" if before is CallerState.WAITING else "back")
        elif attendee in policy.waiting or attendee in policy.excluded:
            if before is CallerState.PIN_ENTRY:
                self.state = CallerState.WAITING
                self.say("waiting")
            elif before is CallerState.IN_MEETING:
                self.state = CallerState.OUT
                self.say("moved_out")
        else:
            log.info("call %s (%s): %s", self.call.caller, attendee,
                     "conference ended" if policy.status == "ended" else "removed by the chair")
            self.goodbye("ended" if policy.status == "ended" else "removed")

    def goodbye(self, key: str) -> None:
        """Say `key`, then hang up; the person is not marked as having left by this."""
        self.state = CallerState.ENDING
        self.hung_up_by_us = True
        if self.endpoint is None:
            self._start_clock()
        self.say(key, then=lambda: self.line.background(self.call.hang_up(key)))

    def end_replaced(self) -> None:
        self.hung_up_by_us = True
        self._detach()
        self.line.background(self.call.hang_up("replaced by a new call"))

    def _ended(self, reason: str) -> None:
        attendee = self.attendee_id
        by_caller = not self.hung_up_by_us
        self.state = CallerState.ENDED
        self._detach()
        for timer in self._timers:
            timer.cancel()
        if self._digit_timer is not None:
            self._digit_timer.cancel()
        self.line.forget(self)
        if attendee is not None and by_caller:
            self.line.background(self._left_by_hanging_up(attendee))

    def _detach(self) -> None:
        self._stop_clock()
        if self.endpoint is not None and \
                self.line.hub.pcm_endpoints.get(self.endpoint.attendee_id) is self.endpoint:
            self.line.hub.remove_pcm_endpoint(self.endpoint.attendee_id)
        self.endpoint = None

    async def _left_by_hanging_up(self, attendee_id: str) -> None:
        log.info("call %s (%s) hung up: marked as having left", self.call.caller,
                 attendee_id)
        with contextlib.suppress(DomainError):
            self.line.hub.port.leave_meeting(attendee_id, "hung up the phone")


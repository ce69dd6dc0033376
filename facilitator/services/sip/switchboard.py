"""A hub server's one phone line for all its conferences (`facilitator server --sip ...`).

The caller hears "please enter your meeting code", types the conference's 8-digit code (the
one on every invitation of that conference), and the call is routed to that conference's own
line (`line.PhoneLine`, attached to its hub, no socket of its own), its runtime started on
demand; there they type their PIN as on a conference's own line. Codes are guessed against the
server's shared PIN guard: a code that matches no conference counts against the caller's
signalling address (never the From number) under its own key, so guessing codes pauses that
address only; a wrong PIN counts against that address and that conference, as everywhere.

    board = Switchboard(settings, credentials.conference_for_code, open_line, pin_guard)
    await board.start()     # prompts rendered, socket bound, REGISTER sent
    ...
    await board.stop()      # every call hung up, registration removed
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from enum import Enum
from pathlib import Path

import numpy as np

from ..rtc.pin_guard import PinGuard
from .call import DialogState, SipCall
from .codecs import Float
from .line import PhoneLine
from .prompts import Prompts
from .rtp import every_20ms, silence
from .settings import SipSettings
from .transport import Address
from .ua import SipUserAgent

log = logging.getLogger(__name__)
CODE_DIGITS = 8  # credentials.Credentials._conference_code
CODES = "(meeting codes)"  # the PIN guard's key for codes that match no conference
MAX_CODE_ATTEMPTS = 3
FRAME = 960  # 20 ms at the hub's 48 kHz

FindConference = Callable[[str], str | None]
OpenLine = Callable[[str], Awaitable[PhoneLine | None]]


class EntryState(Enum):
    ANSWERING = "answering"
    CODE = "entering the meeting code"
    ROUTING = "being put through"
    ENDING = "saying goodbye"
    DONE = "handed over or ended"


class CodeEntry:
    """One call until its meeting code is known: its own 20 ms clock plays the prompts."""

    def __init__(self, board: Switchboard, call: SipCall) -> None:
        self.board = board
        self.call = call
        self.state = EntryState.ANSWERING
        self.digits = ""
        self.after = ""  # typed while being put through: the start of the PIN
        self.attempts = 0
        self._prompt: list[Float] = []
        self._then: Callable[[], None] | None = None
        self._clock: asyncio.Task[None] | None = None
        call.on_established = self._established
        call.on_digit = self._digit
        call.on_ended = self._ended

    def say(self, key: str, then: Callable[[], None] | None = None) -> None:
        self._prompt = [self.board.prompts.audio(key)]
        self._then = then

    def _frame(self) -> Float:
        while self._prompt:
            frame, rest = self._prompt[0][:FRAME], self._prompt[0][FRAME:]
            if len(rest):
                self._prompt[0] = rest
            else:
                self._prompt.pop(0)
            if len(frame):
                return np.concatenate([frame, silence(FRAME - len(frame))]) \
                    if len(frame) < FRAME else frame
        if self._then is not None:
            then, self._then = self._then, None
            then()
        return silence(FRAME)

    async def _play(self) -> None:
        await every_20ms(lambda: self.call.send_audio(self._frame()))

    def _established(self) -> None:
        self.state = EntryState.CODE
        self._clock = asyncio.ensure_future(self._play())
        self.say("meeting_code")

    def _digit(self, digit: str) -> None:
        if self.state is EntryState.ROUTING:
            self.after += digit
            return
        if self.state is not EntryState.CODE:
            return
        self._prompt, self._then = [], None  # typing interrupts the prompt
        if digit == "*":
            self.digits = ""
        elif digit.isdigit():
            self.digits = (self.digits + digit)[-2 * CODE_DIGITS:]
            if len(self.digits) == CODE_DIGITS:
                self._submit()
        elif digit == "#" and self.digits:
            self._submit()

    def _submit(self) -> None:
        code, self.digits = self.digits, ""
        source = self.call.source[0]
        if not self.board.may_try(source):
            log.warning("call %s: code entry is paused for %s, hanging up", self.call.caller,
                        source)
            self.goodbye("too_many_codes")
            return
        conference_id = self.board.find_conference(code)
        if conference_id is None:
            self.board.pin_guard.failed(CODES, source)
            self.attempts += 1
            log.warning("call %s: wrong meeting code (attempt %d of %d)", self.call.caller,
                        self.attempts, MAX_CODE_ATTEMPTS)
            if self.attempts >= MAX_CODE_ATTEMPTS:
                self.goodbye("too_many_codes")
            else:
                self.say("wrong_code")
            return
        self.state = EntryState.ROUTING
        self.board.background(self._route(conference_id))

    async def _route(self, conference_id: str) -> None:
        try:
            line = await self.board.open_line(conference_id)
        except Exception:  # the conference cannot start now: the caller is told
            log.exception("call %s: conference %s could not start", self.call.caller,
                          conference_id[:8])
            line = None
        if self.call.state is DialogState.ENDED or self.state is not EntryState.ROUTING:
            return
        if line is None:
            self.goodbye("unavailable")
            return
        self._stop()
        self.state = EntryState.DONE
        self.board.entries.pop(self.call.call_id, None)
        log.info("call %s put through to conference %s", self.call.caller, conference_id[:8])
        line.take_call(self.call, self.after)

    def goodbye(self, key: str) -> None:
        self.state = EntryState.ENDING
        self.say(key, then=lambda: self.board.background(self.call.hang_up(key)))

    def _stop(self) -> None:
        if self._clock is not None:
            self._clock.cancel()
            self._clock = None

    def _ended(self, reason: str) -> None:
        self._stop()
        self.state = EntryState.DONE
        self.board.entries.pop(self.call.call_id, None)


class Switchboard:
    def __init__(self, settings: SipSettings, find_conference: FindConference,
                 open_line: OpenLine, pin_guard: PinGuard,
                 prompt_dir: Path | None = None) -> None:
        self.settings = settings
        self.find_conference = find_conference
        self.open_line = open_line
        self.pin_guard = pin_guard
        self.prompts = Prompts(settings.languages or ("en",), prompt_dir)
        self.ua = SipUserAgent(settings, self._accept)
        self.entries: dict[str, CodeEntry] = {}  # by Call-ID, until put through
        self._tasks: set[asyncio.Task[object]] = set()

    async def start(self) -> Address:
        await asyncio.to_thread(self.prompts.prepare)
        return await self.ua.start()

    async def stop(self) -> None:
        await self.ua.stop()
        for task in list(self._tasks):
            task.cancel()

    @property
    def address(self) -> Address:
        return self.ua.local

    def background(self, coroutine: Awaitable[object]) -> None:
        task: asyncio.Task[object] = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def may_try(self, source: str) -> bool:
        """Codes are paused only per address (a conference's own pause applies to its PINs):
        guessing codes from one address never stops anyone else calling."""
        return self.pin_guard.pause(CODES, source, closing=False) is None

    def _accept(self, call: SipCall) -> bool:
        if not self.may_try(call.source[0]):
            log.warning("call from %s (via %s) refused: code entry is paused", call.caller,
                        call.source[0])
            return False
        self.entries[call.call_id] = CodeEntry(self, call)
        log.info("incoming call from %s: asking for the meeting code", call.caller)
        return True

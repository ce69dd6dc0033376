"""How the hub reaches the conference: commands run in the thread that owns the session.

With a window, the Qt thread owns the session and the hub's loop thread asks it to run
commands; headless, the hub's own loop owns it. Either way the hub receives a fresh
`MediaPolicy` after every stored event, in its own loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Protocol

from ...app import Command, ConferenceSession
from ...domain import events as ev
from ...domain.conference import Conference
from .policy import MediaPolicy, policy_from

# (policy after the event, the event, its number in the conference's log: 1 = created)
PolicyListener = Callable[[MediaPolicy, ev.Event | None, int], None]


class SessionPort(Protocol):
    async def execute(self, command: Command[Any], *args: Any, **kwargs: Any
                      ) -> list[ev.Event]: ...

    def policy(self) -> MediaPolicy: ...

    def on_policy(self, listener: PolicyListener) -> None: ...

    async def read(self, reader: Callable[[Conference], Any]) -> Any: ...


class LocalPort:
    """The session lives in the hub's own event loop (headless serving, tests)."""

    def __init__(self, session: ConferenceSession, transcribed: bool = False) -> None:
        self.session = session
        self.transcribed = transcribed
        self._policy = policy_from(session.conference, transcribed)
        self._listeners: list[PolicyListener] = []
        session.subscribe(self._changed)

    def _changed(self, event: ev.Event) -> None:
        self._policy = policy_from(self.session.conference, self.transcribed)
        number = self.session.conference.number_of(event)
        for listener in list(self._listeners):
            listener(self._policy, event, number)

    async def execute(self, command: Command[Any], *args: Any, **kwargs: Any
                      ) -> list[ev.Event]:
        return self.session.execute(command, *args, **kwargs)

    def policy(self) -> MediaPolicy:
        return self._policy

    def on_policy(self, listener: PolicyListener) -> None:
        self._listeners.append(listener)

    async def read(self, reader: Callable[[Conference], Any]) -> Any:
        return reader(self.session.conference)


class ThreadPort:
    """The session lives in another thread (the GUI's); `call_owner` runs a function there.

    `call_owner(fn)` must run `fn()` in the owner thread and return a concurrent future.
    The owner calls `changed(event)` after each stored event (in its own thread).
    """

    def __init__(self, session: ConferenceSession, loop: asyncio.AbstractEventLoop,
                 call_owner: Callable[[Callable[[], Any]], Any],
                 transcribed: bool = False) -> None:
        self.session = session
        self.loop = loop
        self.call_owner = call_owner
        self.transcribed = transcribed
        self._policy = policy_from(session.conference, transcribed)
        self._listeners: list[PolicyListener] = []

    def changed(self, event: ev.Event | None) -> None:
        """In the owner thread: snapshot now, deliver in the hub's loop."""
        policy = policy_from(self.session.conference, self.transcribed)
        conference = self.session.conference
        number = conference.number_of(event) if event is not None else len(conference.log)
        self.loop.call_soon_threadsafe(self._deliver, policy, event, number)

    def _deliver(self, policy: MediaPolicy, event: ev.Event | None, number: int) -> None:
        self._policy = policy
        for listener in list(self._listeners):
            listener(policy, event, number)

    async def execute(self, command: Command[Any], *args: Any, **kwargs: Any
                      ) -> list[ev.Event]:
        future = self.call_owner(lambda: self.session.execute(command, *args, **kwargs))
        result: list[ev.Event] = await asyncio.wrap_future(future)
        return result

    def policy(self) -> MediaPolicy:
        return self._policy

    def on_policy(self, listener: PolicyListener) -> None:
        self._listeners.append(listener)

    async def read(self, reader: Callable[[Conference], Any]) -> Any:
        future = self.call_owner(lambda: reader(self.session.conference))
        return await asyncio.wrap_future(future)

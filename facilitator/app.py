"""The application API: every change goes through here, is stored durably, then shown.

The chair's window, the remote-participant server, the command line and the tests all use
`ConferenceSession`; none of them changes a conference any other way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Concatenate, ParamSpec

from .domain import events as ev
from .domain.clock import Clock
from .domain.conference import Conference
from .services.store import EventStore

P = ParamSpec("P")
Command = Callable[Concatenate[Conference, datetime, P], list[ev.Event]]
Listener = Callable[[ev.Event], None]

log = logging.getLogger(__name__)


class ConferenceSession:
    """One open conference: the domain state, its durable log and who listens to changes."""

    def __init__(self, store: EventStore, conference: Conference, clock: Clock):
        """`clock` is the one source of "now" for every command (injected: tests and replays
        pin it; only the entry points make a SystemClock)."""
        self.store = store
        self.conference = conference
        self.clock: Clock = clock
        self._listeners: list[Listener] = []

    @classmethod
    def open(cls, store: EventStore, conference_id: str, clock: Clock) -> ConferenceSession:
        return cls(store, store.load(conference_id), clock)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def now(self) -> datetime:
        return self.clock.now()

    def execute(self, command: Command[P], *args: P.args, **kwargs: P.kwargs) -> list[ev.Event]:
        """Run a domain command; its events are on disk before anyone is told of them.

        A refused command raises DomainError and changes nothing.
        """
        events = command(self.conference, self.clock.now(), *args, **kwargs)
        if not events:
            return []
        self.store.append(self.conference.id, len(self.conference.log), events)
        for event in events:
            self.conference.apply(event)
        for event in events:
            for listener in list(self._listeners):
                try:
                    listener(event)
                except Exception:  # a broken view must not undo a stored change
                    log.exception("listener failed on %s", type(event).__name__)
        return events

"""The one holder of the live session: every use case runs a domain command through `_run`."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Concatenate, ParamSpec

from ..app import ConferenceSession
from ..domain import events as ev
from ..domain.conference import Conference

P = ParamSpec("P")


class SessionOwner:
    """Runs domain commands on the session, on the thread that owns it (the media loop)."""

    def __init__(self, session: ConferenceSession) -> None:
        self._session = session
        self._owner: threading.Thread | None = None  # set once the loop runs (`own_here`)
        self._dry = False

    def own_here(self) -> None:
        """Called on the media loop: from now on only this thread may change the meeting."""
        self._owner = threading.current_thread()

    @property
    def conference(self) -> Conference:
        """The live conference: read it on the media loop only."""
        return self._session.conference

    def now(self) -> datetime:
        return self._session.now()

    def _run(self, command: Callable[Concatenate[Conference, datetime, P], list[ev.Event]],
             *args: P.args, **kwargs: P.kwargs) -> list[ev.Event]:
        owner = self._owner
        if owner is not None and owner is not threading.current_thread():
            raise RuntimeError("the meeting is changed only on its media loop: use the "
                               "meeting client from other threads")
        if self._dry:  # the rules checked, nothing stored (`dry_run`)
            return command(self._session.conference, self._session.now(), *args, **kwargs)
        return self._session.execute(command, *args, **kwargs)

    @contextlib.contextmanager
    def dry_run(self) -> Iterator[None]:
        """Within it, use cases check their rules and return the events they would store,
        storing nothing (a command line checks before it writes a letter it will record)."""
        self._dry = True
        try:
            yield
        finally:
            self._dry = False

"""The one holder of the live session: every use case runs a domain command through `_run`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any, Concatenate, ParamSpec

from ..app import ConferenceSession
from ..domain import events as ev
from ..domain.conference import Conference

P = ParamSpec("P")


class SessionOwner:
    """Runs domain commands on the session, on the thread that owns it (the media loop)."""

    def __init__(self, session: ConferenceSession) -> None:
        self._session = session
        self._owner: threading.Thread | None = None  # set once the loop runs (`own_here`)

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
        return self._session.execute(command, *args, **kwargs)

    def _any(self, command: Callable[..., list[ev.Event]], *args: Any, **kwargs: Any
             ) -> list[ev.Event]:
        return self._run(command, *args, **kwargs)

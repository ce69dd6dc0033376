"""The chair's window's network side (`facilitator/meeting/remote_client.py`, Qt-free) in a
namespace's loop: it opens a conference with the chair link, keeps the log it receives, and
calls the meeting's use cases by name as the window does."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

from facilitator.domain import events as ev
from facilitator.domain.conference import Conference
from facilitator.meeting.remote_client import ChairChannelClient, Connection, ConnectionStatus
from facilitator.meeting.use_case_codec import encode_call
from facilitator.services.chair_link import ChairLink


class RemoteChair:
    def __init__(self, link: ChairLink) -> None:
        self.log: list[ev.Event] = []
        self.statuses: list[ConnectionStatus] = []
        self.messages: list[dict[str, Any]] = []
        self._answers: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.client = ChairChannelClient(link, 0, self._event, self.messages.append,
                                         self.statuses.append, self._reply)
        self._task: asyncio.Future[None] | None = None

    def _event(self, number: int, event: ev.Event) -> None:
        assert number == len(self.log) + 1
        self.log.append(event)

    def _reply(self, call_id: str, reply: dict[str, Any]) -> None:
        future = self._answers.pop(call_id, None)
        if future is not None and not future.done():
            future.set_result(reply)

    @property
    def conference(self) -> Conference:
        """The chair's copy, built from what came over the channel."""
        return Conference.from_events(self.log)

    async def open(self, timeout: float = 30) -> float:
        """Connect and catch up; the seconds it took."""
        started = time.monotonic()
        self._task = asyncio.ensure_future(self.client.run())
        while self.client.connection is not Connection.LIVE:
            if self.client.connection is Connection.REFUSED or \
                    time.monotonic() - started > timeout:
                raise AssertionError(f"the chair's channel did not open: {self.statuses}")
            await asyncio.sleep(0.02)
        return time.monotonic() - started

    async def _send(self, message: dict[str, Any]) -> dict[str, Any]:
        call_id = uuid.uuid4().hex
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._answers[call_id] = future
        self.client.send(call_id, message)
        return await asyncio.wait_for(future, 15)

    async def call(self, use_case: str, **kwargs: Any) -> list[ev.Event]:
        """A use case as the window runs it: the events it stored (in the copy already)."""
        reply = await self._send({"type": "call", **encode_call(use_case, (), kwargs)})
        assert reply["type"] == "done", reply
        return [self.log[n - 1] for n in reply["numbers"]]

    async def hub(self, call: str, args: object = None) -> Any:
        return (await self._send({"type": "hub", "call": call, "args": args}))["value"]

    async def close(self) -> None:
        self.client.stop()
        if self._task is not None:
            await asyncio.wait_for(self._task, 10)

"""From the recogniser's thread to the thread that owns the meeting: a delivery queue.

The recorder that writes the lines into the meeting is `facilitator.meeting.speech`."""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable

from .results import RecognisedUtterance

log = logging.getLogger(__name__)


class DeliveryQueue:
    """Hands results from the recogniser's thread to the thread that owns the session.

    `put` is the pipeline's `deliver` (any thread); the owner calls `drain(handler)` (from a Qt
    timer, the asyncio loop, or a test) and the handler runs on the owner's thread.
    """

    def __init__(self) -> None:
        self._queue: queue.Queue[RecognisedUtterance] = queue.Queue()

    def put(self, utterance: RecognisedUtterance) -> None:
        self._queue.put(utterance)

    def drain(self, handler: Callable[[RecognisedUtterance], object],
              timeout: float = 0.0) -> int:
        count = 0
        try:
            item = self._queue.get(timeout=timeout) if timeout else self._queue.get_nowait()
        except queue.Empty:
            return 0
        while True:
            handler(item)
            count += 1
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return count

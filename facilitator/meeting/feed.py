"""One ordered stream of what happens in the live meeting.

Items are published on the media loop (the one thread that owns the meeting) in the order they
happen: every stored event (with its number in the conference's log), every hub notice
(connections, line quality, hands, devices), and the recogniser's partial text. Subscribers are
called on that loop, in that order; a subscriber in another thread (the chair's window) hands
the items across itself, keeping the order.

A subscriber that joins late first receives the log as it stands (`Feed.open`), then every item
after it: nothing is missed and nothing comes twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..domain import events as ev

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EventItem:
    """An event, on disk before it is published; `number` counts from 1 (the creation)."""

    number: int
    event: ev.Event


@dataclass(frozen=True)
class NoticeItem:
    """Something the hub tells the chair: a connection, a line's quality, a hand, a device."""

    notice: Any  # services.rtc.hub.HubNotice


@dataclass(frozen=True)
class PartialItem:
    """What the recogniser hears so far (not stored); only the chair's and the minute-taker's
    screens see it, through the egress guard like any caption."""

    partial: Any  # services.asr.results.PartialText


@dataclass(frozen=True)
class TileItem:
    """A decoded camera frame for the chair's tiles (RGB)."""

    attendee_id: str
    width: int
    height: int
    rgb: bytes


FeedItem = EventItem | NoticeItem | PartialItem | TileItem
Subscriber = Callable[[FeedItem], None]


class Feed:
    """Publish on the media loop; subscribers are called there, in order."""

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

        return unsubscribe

    def publish(self, item: FeedItem) -> None:
        for subscriber in list(self._subscribers):
            try:
                subscriber(item)
            except Exception:  # one broken view must not stop the others, nor the meeting
                log.exception("feed subscriber failed on %s", type(item).__name__)

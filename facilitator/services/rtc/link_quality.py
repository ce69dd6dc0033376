"""How good a remote person's line is now, for the chair's list of people.

Measured both ways every few seconds from WebRTC statistics: packets lost on the way to the hub
(what the hub received and missed since the last look) and on the way to the person (the
fraction their receiver reports), and the round trip. Recent figures only, smoothed a little,
so a bad minute an hour ago does not mark a good line poor for the rest of the meeting.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

SMOOTHING = 0.5  # weight of the newest interval
POOR_LOSS, FAIR_LOSS = 0.10, 0.03  # fraction of packets lost, either way
POOR_ROUND_TRIP, FAIR_ROUND_TRIP = 0.4, 0.25  # seconds


class LineQuality(enum.Enum):
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"


@dataclass
class LinkQuality:
    """Loss each way and the round trip, from the statistics read every few seconds."""

    loss_to_hub: float = 0.0
    loss_to_person: float = 0.0
    round_trip: float | None = None
    _counters: dict[str, tuple[int, int]] = field(default_factory=dict)

    def inbound(self, stream_id: str, received: int, lost: int) -> None:
        """A stream from the person: totals so far of packets received and lost."""
        before_received, before_lost = self._counters.get(stream_id, (0, 0))
        self._counters[stream_id] = (received, lost)
        new_received = max(0, received - before_received)
        new_lost = max(0, lost - before_lost)
        if new_received + new_lost:
            self.loss_to_hub = self._smooth(self.loss_to_hub,
                                            new_lost / (new_received + new_lost))

    def outbound(self, fraction_lost: float, round_trip: float | None) -> None:
        """The person's own report on what the hub sent them (RTCP receiver report)."""
        self.loss_to_person = self._smooth(self.loss_to_person, min(1.0, max(0.0, fraction_lost)))
        if round_trip is not None:
            self.round_trip = round_trip

    @staticmethod
    def _smooth(previous: float, latest: float) -> float:
        return (1 - SMOOTHING) * previous + SMOOTHING * latest

    @property
    def loss(self) -> float:
        return max(self.loss_to_hub, self.loss_to_person)

    def quality(self) -> LineQuality:
        round_trip = self.round_trip or 0.0
        if self.loss >= POOR_LOSS or round_trip >= POOR_ROUND_TRIP:
            return LineQuality.POOR
        if self.loss >= FAIR_LOSS or round_trip >= FAIR_ROUND_TRIP:
            return LineQuality.FAIR
        return LineQuality.GOOD

    def describe(self) -> str:
        """For the chair: "good line", "poor line (12% lost)", "fair line (300 ms delay)"."""
        quality = self.quality()
        if quality is LineQuality.GOOD:
            return f"{quality.value} line"
        if self.loss >= FAIR_LOSS:
            return f"{quality.value} line ({self.loss:.0%} lost)"
        return f"{quality.value} line ({(self.round_trip or 0.0) * 1000:.0f} ms delay)"

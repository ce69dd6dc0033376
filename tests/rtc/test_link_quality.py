"""The chair sees how good each remote person's line is now, not how it was an hour ago."""

from __future__ import annotations

from facilitator.services.rtc.link_quality import LineQuality, LinkQuality


def test_a_clean_line_is_good() -> None:
    line = LinkQuality()
    for seconds in range(0, 20, 2):
        line.inbound("audio", received=100 * seconds, lost=0)
        line.outbound(0.0, 0.03)
    assert line.quality() is LineQuality.GOOD and line.describe() == "good line"


def test_heavy_loss_towards_the_hub_makes_the_line_poor_and_says_how_much() -> None:
    line = LinkQuality()
    line.inbound("audio", received=1000, lost=0)
    for step in range(1, 4):
        line.inbound("audio", received=1000 + 80 * step, lost=20 * step)  # 20% of each interval
    assert line.quality() is LineQuality.POOR
    assert line.describe().startswith("poor line (") and "% lost" in line.describe()


def test_loss_reported_by_the_person_counts_too() -> None:
    line = LinkQuality()
    for _ in range(3):
        line.outbound(0.05, 0.05)
    assert line.quality() is LineQuality.FAIR


def test_a_long_delay_alone_makes_the_line_fair_or_poor() -> None:
    line = LinkQuality()
    line.outbound(0.0, 0.3)
    assert line.describe() == "fair line (300 ms delay)"
    line.outbound(0.0, 0.5)
    assert line.quality() is LineQuality.POOR


def test_an_old_bad_patch_is_forgotten_once_the_line_recovers() -> None:
    line = LinkQuality()
    line.inbound("video", received=500, lost=200)
    assert line.quality() is LineQuality.POOR
    received = 500
    for _ in range(6):  # twelve seconds without a loss
        received += 300
        line.inbound("video", received=received, lost=200)
    assert line.quality() is LineQuality.GOOD, "an hour-long meeting would stay 'poor' for ever"


def test_streams_are_counted_separately_and_counter_resets_do_not_count_as_loss() -> None:
    line = LinkQuality()
    line.inbound("audio", received=1000, lost=0)
    line.inbound("video", received=3000, lost=0)
    line.inbound("audio", received=10, lost=0)  # a new receiver started again from zero
    line.inbound("video", received=3300, lost=0)
    assert line.quality() is LineQuality.GOOD

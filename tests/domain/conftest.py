"""Fixtures for the domain tests: a fake clock and conferences built from events; no Qt, no I/O."""

from __future__ import annotations

import pytest

from facilitator.domain.clock import ManualClock
from facilitator.domain.conference import Conference

from .helpers import START, new_conference, started_conference


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def conf(clock: ManualClock) -> Conference:
    """A scheduled conference with nobody added yet."""
    return new_conference(clock)


@pytest.fixture
def meeting(clock: ManualClock) -> Conference:
    """A conference with the standard cast present (GP sent apologies), started on time."""
    return started_conference(clock)

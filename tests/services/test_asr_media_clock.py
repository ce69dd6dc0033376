"""Audio is placed in time by its sender's media clock (RTP timestamps) where it has one, so
speech that reaches the recogniser late, in a burst (a starved machine, a congested network),
keeps the moment it was said, and a person out of the meeting while it was said never receives
even "X is speaking" of it after she is readmitted. A real gap in the media clock (a muted
track, a silent phone that sends nothing) is still a gap; a sender whose clock jumps back or
far ahead (restarted) is placed by arrival, as a source without a media clock is.

A real engine and a real meeting (MeetingApi over an in-memory SQLite store) on a ManualClock
the test moves: no timing depends on the machine's load.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import numpy as np
import numpy.typing as npt
import pytest

from facilitator.app import ConferenceSession
from facilitator.domain.attendees import AttendanceMode
from facilitator.domain.audience import Origin
from facilitator.domain.clock import ManualClock, SystemClock
from facilitator.domain.segments import ExclusionGround
from facilitator.domain.transcript import UtteranceSource
from facilitator.meeting.api import MeetingApi
from facilitator.services.asr import AudioSource

from .test_asr_common import attendee, clip, make_session, silence
from .test_asr_pipeline import Harness

PIECE = 320  # 20 ms at 16 kHz, as a WebRTC or RTP frame
PADDING = timedelta(seconds=0.5)


def say(source: AudioSource, clock: ManualClock, audio: npt.NDArray[np.int16],
        media_start: float | None, paced: bool = True) -> float | None:
    """Push `audio` in 20 ms frames stamped from `media_start` on the sender's media clock;
    `paced`: each frame arrives as it is said (the clock moves 20 ms a frame), else all at once
    (a burst). Returns the media time after it."""
    for offset in range(0, len(audio), PIECE):
        if paced:
            clock.advance(seconds=PIECE / 16_000)
        media = None if media_start is None else media_start + offset / 16_000
        source.push(audio[offset:offset + PIECE], 16_000, media)
    return None if media_start is None else media_start + len(audio) / 16_000


@pytest.fixture
def session() -> ConferenceSession:
    return make_session(ManualClock(SystemClock().now()))


@pytest.fixture
def meeting(session: ConferenceSession) -> Iterator[MeetingApi]:
    api = MeetingApi(session)
    yield api
    api.close()


def test_speech_said_while_she_was_out_and_heard_late_never_reaches_her(
        session: ConferenceSession, meeting: MeetingApi) -> None:
    clock = session.clock
    assert isinstance(clock, ManualClock)
    jade, liam = attendee(session, "Jade Thornbury"), attendee(session, "Liam Ashcombe")
    tom, chair = attendee(session, "DC Tom Reddaway"), attendee(session, "Helen Marsh")
    for person in (jade, liam):
        meeting.arrive_remotely(person, AttendanceMode.VIDEO)
    meeting.admit([jade, liam])
    harness = Harness(meeting)
    try:
        officer = harness.pipeline.add_source(f"webrtc:{tom}", UtteranceSource.VIDEO, tom)
        harness.pipeline.start()
        media = say(officer, clock, silence(1.0), 5000.0)  # the clock starts anywhere
        meeting.exclude([jade], [ExclusionGround.LEGAL_PROCEEDINGS], chair,
                        "a police investigation")
        excluded_at = clock.now()
        media = say(officer, clock, silence(1.0), media)  # Tom waits for her to leave
        secret = np.concatenate([clip("0880").audio, silence(1.0)])
        # Tom says it while she is out; the machine is starved: none of it arrives yet
        clock.advance(seconds=len(secret) / 16_000)
        meeting.readmit([jade])
        readmitted_at = clock.now()
        clock.advance(seconds=3)
        partials_before = len(harness.partials)
        media = say(officer, clock, secret, media, paced=False)  # 3 s late, all at once
        say(officer, clock, silence(1.5), media)  # then on time again
        harness.settle()

        guard = meeting.guard
        toms = [p for p in harness.partials[partials_before:] if p.speaker_id == tom]
        assert any(p.speaking for p in toms), "the test saw no 'Tom is speaking'"
        for partial in toms:
            origin = Origin(partial.started_at, max(partial.heard_until, partial.started_at))
            assert not guard.admits(jade, origin), f"reached Jade: {partial}"
            # (the recogniser pads a line's start by up to 0.4 s of what came before it)
            assert excluded_at - PADDING <= partial.started_at < readmitted_at, partial
            assert guard.admits(liam, origin), f"refused to Liam, never out: {partial}"
        said = [u for u in session.conference.transcript() if u.speaker_id == tom]
        assert len(said) == 1 and said[0].segment_id == session.conference.segments[1].id
        assert excluded_at - PADDING <= said[0].started_at < said[0].ended_at <= readmitted_at
        assert not guard.admits(jade, Origin(said[0].started_at, said[0].ended_at))
    finally:
        harness.close()


def test_a_jump_in_the_media_clock_is_a_gap_and_a_restarted_sender_is_placed_by_arrival(
        session: ConferenceSession, meeting: MeetingApi) -> None:
    clock = session.clock
    assert isinstance(clock, ManualClock)
    harness = Harness(meeting)
    try:
        line = harness.pipeline.add_source("phone:x", UtteranceSource.PHONE, None)
        harness.pipeline.start()
        start = clock.now()
        media = say(line, clock, np.concatenate([clip("0880").audio, silence(1.0)]), 0.0)
        assert media is not None
        # muted for a minute: nothing sent, the media clock moves on; what is said after it
        # arrives 2.5 s late, all at once (a slow network): it keeps its place in time
        spoken = np.concatenate([clip("0930").audio, silence(1.0)])
        clock.advance(seconds=60 + len(spoken) / 16_000 + 2.5)
        after_mute = say(line, clock, spoken, media + 60, paced=False)
        assert after_mute is not None
        # the phone restarts its stream: its media clock jumps back; placed by arrival
        clock.advance(seconds=30)
        restarted = clock.now()
        say(line, clock, np.concatenate([clip("0920").audio, silence(1.0)]), 7.0)
        harness.settle()
        lines = session.conference.transcript()
        assert len(lines) == 3, [(u.started_at - start, u.text) for u in lines]
        first, second, third = lines
        assert first.started_at < start + timedelta(seconds=1)
        said_at = start + timedelta(seconds=media + 60)
        assert said_at - timedelta(seconds=0.5) <= second.started_at < said_at + timedelta(
            seconds=1)
        assert restarted - timedelta(seconds=0.02) <= third.started_at < restarted + timedelta(
            seconds=1)
    finally:
        harness.close()

"""The live pipeline with a real engine and a real meeting (MeetingApi over a ConferenceSession
on an in-memory SQLite store).

Sources push from their own threads, as a microphone callback and the WebRTC loop would; the
test thread owns the meeting (no runtime loop owns it here) and drains the delivery queue into
SessionRecorder.record, as MeetingSpeech.drain does on the media loop.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from facilitator.app import ConferenceSession
from facilitator.domain.clock import ManualClock, SystemClock
from facilitator.domain.errors import DomainError
from facilitator.domain.segments import ExclusionGround
from facilitator.domain.transcript import UtteranceSource
from facilitator.meeting.api import MeetingApi
from facilitator.meeting.speech import SessionRecorder
from facilitator.services.asr import (
    AudioSource,
    DeliveryQueue,
    PartialText,
    RecognisedUtterance,
    TranscriptionPipeline,
)
from facilitator.services.asr.wer import word_error_rate

from .test_asr_common import attendee, clip, engine, make_session, silence


def to_48k_stereo(audio: npt.NDArray[np.int16]) -> npt.NDArray[np.int16]:
    """A WebRTC-like track: 48 kHz, two channels, int16 (upsampled by interpolation)."""
    times = np.arange(len(audio) * 3) / 3
    up = np.interp(times, np.arange(len(audio)), audio.astype(np.float64))
    return np.repeat(up.astype(np.int16)[:, None], 2, axis=1)


def push_all(source: AudioSource, audio: np.ndarray, rate: int, piece: float = 0.02) -> None:
    step = int(rate * piece)
    for offset in range(0, len(audio), step):
        source.push(audio[offset:offset + step], rate)


class Harness:
    def __init__(self, meeting: MeetingApi, **settings: Any) -> None:
        self.meeting = meeting
        self.queue = DeliveryQueue()
        self.partials: list[PartialText] = []
        self.problems: list[str] = []
        self.pipeline = TranscriptionPipeline(
            engine(**settings), meeting, deliver=self.queue.put,
            on_partial=self.partials.append, on_problem=self.problems.append)
        self.recorder = SessionRecorder(meeting, self.pipeline)
        self.recorded: list[str | None] = []

    def settle(self) -> None:
        """Wait for the recogniser, then store its results on this (the meeting's) thread."""
        assert self.pipeline.wait_idle(60)
        self.queue.drain(lambda u: self.recorded.append(self.recorder.record(u)))

    def close(self) -> None:
        self.pipeline.stop(flush=False)
        self.recorder.close()


@pytest.fixture
def session() -> ConferenceSession:
    return make_session(ManualClock(SystemClock().now()))


@pytest.fixture
def meeting(session: ConferenceSession) -> Iterator[MeetingApi]:
    """The meeting's named use cases over the session (its clock, store and log)."""
    api = MeetingApi(session)
    yield api
    api.close()


@pytest.fixture
def harness(meeting: MeetingApi) -> Iterator[Harness]:
    h = Harness(meeting)
    yield h
    h.close()


def test_each_source_is_attributed_to_its_own_speaker(harness: Harness,
                                                      session: ConferenceSession) -> None:
    liam = attendee(session, "Liam Ashcombe")
    room = harness.pipeline.add_source("room", UtteranceSource.ROOM, None)
    remote = harness.pipeline.add_source(f"webrtc:{liam}", UtteranceSource.VIDEO, liam)
    harness.pipeline.start()
    room_clip, remote_clip = clip("0870"), clip("0920")
    started = session.clock.now()
    threads = [
        threading.Thread(target=push_all, args=(
            room, np.concatenate([room_clip.audio, silence(1.0)]), 16_000)),
        threading.Thread(target=push_all, args=(
            remote, to_48k_stereo(np.concatenate([remote_clip.audio, silence(1.0)])), 48_000)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    harness.settle()

    transcript = session.conference.transcript()
    assert len(transcript) == 2, [u.text for u in transcript]
    by_speaker = {u.speaker_id: u for u in transcript}
    assert set(by_speaker) == {None, liam}
    said_in_room, said_remotely = by_speaker[None], by_speaker[liam]
    assert said_in_room.source is UtteranceSource.ROOM
    assert said_remotely.source is UtteranceSource.VIDEO
    assert word_error_rate([room_clip.text], [said_in_room.recognised_text]) <= 0.15
    assert word_error_rate([remote_clip.text], [said_remotely.recognised_text]) <= 0.15
    for utterance, spoken in ((said_in_room, room_clip), (said_remotely, remote_clip)):
        # wall-clock times: the session clock at stream start plus the stream's own time
        assert started - timedelta(seconds=0.1) <= utterance.started_at
        assert utterance.started_at < started + timedelta(seconds=0.6)
        length = (utterance.ended_at - utterance.started_at).total_seconds()
        assert spoken.seconds - 1.0 < length <= spoken.seconds + 0.3
        assert utterance.segment_id == session.conference.segments[0].id
        assert utterance.stage_id == session.conference.agenda.stages[0].id
        assert utterance.confidence is not None and 0 < utterance.confidence <= 1
    stored = session.store.events(session.conference.id)
    assert sum(type(e).__name__ == "UtteranceRecorded" and e.actor == "recogniser"
               for e in stored) == 2
    assert {p.source_id for p in harness.partials} == {"room", f"webrtc:{liam}"}
    assert harness.pipeline.stats.utterances == 2 and harness.problems == []


def test_an_excluded_persons_stream_produces_nothing_stored(
        session: ConferenceSession, meeting: MeetingApi) -> None:
    harness = Harness(meeting, partials=True)
    try:
        _excluded_stream(harness, session, meeting)
    finally:
        harness.close()


def _excluded_stream(harness: Harness, session: ConferenceSession, meeting: MeetingApi) -> None:
    jade = attendee(session, "Jade Thornbury")
    chair = attendee(session, "Helen Marsh")
    room = harness.pipeline.add_source("room", UtteranceSource.ROOM, None)
    phone = harness.pipeline.add_source("phone:jade", UtteranceSource.PHONE, jade)
    harness.pipeline.start()

    # Jade starts talking, then is asked to leave mid-sentence: nothing of it is kept.
    half = len(clip("0890").audio) // 2
    push_all(phone, clip("0890").audio[:half], 16_000)
    assert harness.pipeline.wait_idle(30)
    session.clock.advance(seconds=3)  # type: ignore[attr-defined]
    heard_before = len(harness.partials)
    assert any(p.source_id == "phone:jade" and p.text for p in harness.partials)
    meeting.exclude([jade], [ExclusionGround.CONFIDENTIAL_INFORMATION], chair,
                    "police information about the investigation")
    push_all(phone, np.concatenate([clip("0890").audio[half:], silence(1.0)]), 16_000)
    # While she is out, her line still carries speech (the media hub may be slow to cut it).
    push_all(phone, np.concatenate([clip("0880").audio, silence(1.0)]), 16_000)
    # (the room starts a second into the exclusion: with 400 ms of padding, a stream begun at
    # the very instant of it, on this frozen clock, would start its line 20 ms before it)
    session.clock.advance(seconds=1)  # type: ignore[attr-defined]
    push_all(room, np.concatenate([clip("0930").audio, silence(1.0)]), 16_000)
    harness.settle()

    transcript = session.conference.transcript()
    assert [u.speaker_id for u in transcript] == [None]
    assert transcript[0].segment_id == session.conference.segments[1].id
    assert not any(p.source_id == "phone:jade" and p.text
                   for p in harness.partials[heard_before:])
    assert harness.pipeline.stats.excluded_seconds > 3.0
    assert harness.recorder.refused == []  # the pipeline itself held it back

    # Back in the meeting, she is heard again, in the new segment.
    session.clock.advance(seconds=30)  # type: ignore[attr-defined]
    meeting.readmit([jade])
    push_all(phone, np.concatenate([clip("0930").audio, silence(1.0)]), 16_000)
    harness.settle()
    jades = [u for u in session.conference.transcript() if u.speaker_id == jade]
    assert len(jades) == 1 and jades[0].segment_id == session.conference.segments[2].id
    assert word_error_rate([clip("0930").text], [jades[0].recognised_text]) <= 0.2


def test_the_recorder_refuses_what_an_excluded_person_said(
        session: ConferenceSession, meeting: MeetingApi) -> None:
    jade, chair = attendee(session, "Jade Thornbury"), attendee(session, "Helen Marsh")
    recorder = SessionRecorder(meeting)
    session.clock.advance(seconds=5)  # type: ignore[attr-defined]
    meeting.exclude([jade], [ExclusionGround.DISRUPTION], chair, "shouting")
    out = session.clock.now()

    def said(start: timedelta) -> RecognisedUtterance:
        return RecognisedUtterance(
            "phone:jade", jade, UtteranceSource.PHONE, out + start, out + start
            + timedelta(seconds=2), "I am still here", 0.9, (), out, "test")

    assert recorder.record(said(timedelta(seconds=1))) is None  # said while she was out
    assert recorder.refused[-1][1].endswith("was excluded when it was said")
    with pytest.raises(DomainError, match="was excluded when it was said"):  # the API itself
        line = said(timedelta(seconds=1))
        meeting.record_recognised_line(line.speaker_id, line.kind, line.started_at,
                                       line.ended_at, line.text, line.confidence)
    before = said(timedelta(seconds=-4))  # said before she was excluded: kept, first segment
    kept = recorder.record(before)
    assert kept is not None
    assert session.conference.utterances[kept].segment_id == session.conference.segments[0].id
    recorder.close()


def test_before_the_meeting_nothing_is_stored_and_nothing_breaks() -> None:
    session = make_session(started=False)
    meeting = MeetingApi(session)
    recorder = SessionRecorder(meeting)
    now = session.clock.now()
    utterance = RecognisedUtterance("room", None, UtteranceSource.ROOM, now,
                                    now + timedelta(seconds=1), "hello", 0.8, (), now, "test")
    assert recorder.record(utterance) is None
    assert "has not started" in recorder.refused[-1][1]
    assert session.conference.utterances == {}
    recorder.close()
    meeting.close()


def test_a_backlog_drops_the_oldest_utterance_and_says_so(
        session: ConferenceSession, meeting: MeetingApi) -> None:
    harness = Harness(meeting, max_pending_utterances=1)
    try:
        room = harness.pipeline.add_source("room", UtteranceSource.ROOM, None)
        parts = [clip("0880"), clip("0930"), clip("0890")]
        audio = np.concatenate([np.concatenate([c.audio, silence(1.0)]) for c in parts])
        push_all(room, audio, 16_000)  # all of it arrives before the recogniser runs
        harness.pipeline.start()
        harness.settle()
        transcript = session.conference.transcript()
        assert len(transcript) == 1
        assert word_error_rate([parts[-1].text], [transcript[0].recognised_text]) <= 0.3
        stats = harness.pipeline.stats
        assert stats.dropped_utterances == 2 and stats.dropped_seconds > 5
        assert len(harness.problems) == 2
        assert all(p.startswith("transcription is behind: dropped") for p in harness.problems)
    finally:
        harness.close()


def test_a_gap_in_the_audio_keeps_later_speech_at_its_true_time(
        harness: Harness, session: ConferenceSession) -> None:
    clock = session.clock
    assert isinstance(clock, ManualClock)
    remote = harness.pipeline.add_source("webrtc:x", UtteranceSource.VIDEO, None)
    harness.pipeline.start()
    start = clock.now()
    push_all(remote, np.concatenate([clip("0880").audio, silence(1.0)]), 16_000)
    clock.advance(seconds=60)  # the line dropped for a minute; then speech again
    push_all(remote, np.concatenate([clip("0930").audio, silence(1.0)]), 16_000)
    harness.settle()
    first, second = session.conference.transcript()
    assert first.started_at < start + timedelta(seconds=1)
    # (the gap is measured to a 20 ms piece; the utterance's padding never reaches before it)
    assert start + timedelta(seconds=59.97) <= second.started_at < start + timedelta(seconds=61)


def test_stop_flushes_the_utterance_in_progress(
        session: ConferenceSession, meeting: MeetingApi) -> None:
    harness = Harness(meeting)
    room = harness.pipeline.add_source("room", UtteranceSource.ROOM, None)
    harness.pipeline.start()
    push_all(room, clip("0880").audio, 16_000)  # no pause after it: still open
    assert harness.pipeline.wait_idle(30)
    assert harness.pipeline.stats.utterances == 0
    harness.pipeline.stop(flush=True)
    harness.queue.drain(harness.recorder.record)
    assert len(session.conference.transcript()) == 1
    harness.recorder.close()


def test_a_removed_source_finishes_its_sentence_then_is_ignored(harness: Harness,
                                                                session: ConferenceSession) -> None:
    remote = harness.pipeline.add_source("webrtc:x", UtteranceSource.VIDEO, None)
    harness.pipeline.start()
    push_all(remote, clip("0880").audio, 16_000)  # they hang up mid-breath
    harness.pipeline.remove_source("webrtc:x")
    harness.settle()
    assert [s.id for s in harness.pipeline.sources] == []
    push_all(remote, np.concatenate([clip("0930").audio, silence(1.0)]), 16_000)
    harness.settle()
    transcript = session.conference.transcript()
    assert len(transcript) == 1
    assert word_error_rate([clip("0880").text], [transcript[0].recognised_text]) <= 0.3


def test_48k_audio_is_resampled_to_16k_without_changing_pitch_or_length() -> None:
    from facilitator.services.asr.resample import Resampler

    resample = Resampler()
    tone = np.sin(2 * np.pi * 440 * np.arange(48_000) / 48_000) * 0.5
    stereo = np.repeat((tone * 32767).astype(np.int16)[:, None], 2, axis=1)
    out = np.concatenate([resample(stereo[i:i + 960], 48_000) for i in range(0, 48_000, 960)])
    assert out.dtype == np.float32 and abs(len(out) - 16_000) <= 32  # 20 ms frames, joined
    spectrum = np.abs(np.fft.rfft(out[:16_000 - 32] * np.hanning(16_000 - 32)))
    peak_hz = np.argmax(spectrum) * 16_000 / (16_000 - 32)
    assert abs(peak_hz - 440) < 2
    assert 0.45 < np.max(np.abs(out[1000:-1000])) < 0.55
    assert resample(np.zeros(0, np.float32), 48_000).size == 0
    with pytest.raises(ValueError):
        resample(np.zeros(10, np.int32), 48_000)  # type: ignore[arg-type]


def test_undecoded_audio_is_bounded_and_time_is_kept(
        session: ConferenceSession, meeting: MeetingApi) -> None:
    harness = Harness(meeting, max_inbox_s=4.0)
    try:
        room = harness.pipeline.add_source("room", UtteranceSource.ROOM, None)
        # 10 s arrive while the recogniser is not running (stuck): the oldest 6 s are dropped.
        push_all(room, np.concatenate([silence(6.0), clip("0880").audio, silence(1.0)]), 16_000)
        assert harness.pipeline.stats.dropped_seconds == pytest.approx(6.0, abs=0.05)
        assert len(harness.problems) == 1  # one warning, not one per piece
        assert harness.problems[0] == ("transcription is more than 4 s behind on room: "
                                       "dropping its oldest undecoded audio, "
                                       "marked in the transcript")
        harness.pipeline.start()
        harness.settle()
        (said,) = session.conference.transcript()
        offset = (said.started_at - room.started_at).total_seconds()  # type: ignore[operator]
        assert 5.7 < offset < 6.5  # still at its true place in the stream
    finally:
        harness.close()

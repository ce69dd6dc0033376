"""Speech is never dropped silently: when recognition falls behind, the transcript shows a gap
("[not transcribed: 9 s, <name>]") that the minute-taker can fill, and the chair is told.

A forced slow engine (the real Whisper tiny.en, each decode held until all the speech has
arrived, then 1.5 s) gets three sentences with room for one waiting utterance: a waiting one is
dropped and becomes a visible line at its true time, attributed to the person who said it. The
hold makes "behind" certain however fast or loaded the machine is."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import numpy as np
import pytest

from facilitator.app import ConferenceSession
from facilitator.domain.clock import ManualClock, SystemClock
from facilitator.domain.errors import DomainError
from facilitator.domain.segments import ExclusionGround
from facilitator.domain.transcript import UtteranceSource
from facilitator.meeting.api import MeetingApi
from facilitator.meeting.speech import MeetingSpeech
from facilitator.services.asr.engine import DecodeJob, Engine, StreamOutput

from ..services.test_asr_common import attendee, clip, engine, make_session, silence
from ..services.test_asr_pipeline import to_48k_stereo


class SlowStream:
    def __init__(self, inner: Any, hold: float, gate: threading.Event) -> None:
        self.inner, self.hold, self.gate = inner, hold, gate

    def _slow(self, outputs: list[StreamOutput]) -> list[StreamOutput]:
        out: list[StreamOutput] = []
        for item in outputs:
            if isinstance(item, DecodeJob):
                run = item.run

                def slow(run: Any = run) -> Any:
                    assert self.gate.wait(60), "the test never let the recogniser go on"
                    time.sleep(self.hold)
                    return run()

                item = replace(item, run=slow)
            out.append(item)
        return out

    def feed(self, audio: Any) -> list[StreamOutput]:
        return self._slow(self.inner.feed(audio))

    def finish(self) -> list[StreamOutput]:
        return self._slow(self.inner.finish())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class SlowEngine:
    """A real engine whose every decode takes `hold` seconds longer: recognition falls behind."""

    def __init__(self, inner: Engine, hold: float) -> None:
        self.inner, self.hold = inner, hold
        self.name, self.model_name = inner.name, inner.model_name
        self.settings = inner.settings  # type: ignore[attr-defined]
        self.gate = threading.Event()  # decodes wait until the test has sent all the speech

    def open_stream(self) -> SlowStream:
        return SlowStream(self.inner.open_stream(), self.hold, self.gate)


@pytest.fixture
def session() -> ConferenceSession:
    return make_session(ManualClock(SystemClock().now()))


@pytest.fixture
def meeting(session: ConferenceSession) -> Iterator[MeetingApi]:
    api = MeetingApi(session)
    yield api
    api.close()


def _speech(meeting: MeetingApi, headers: list[str], problems: list[str]
            ) -> tuple[MeetingSpeech, SlowEngine]:
    slow = SlowEngine(engine(max_pending_utterances=1), hold=1.5)
    return MeetingSpeech(meeting, slow.settings, loaded=(slow, ""),  # type: ignore[arg-type]
                         microphone=False, on_behind=headers.append,
                         on_problem=problems.append), slow


def _three_sentences() -> np.ndarray:
    parts = [clip("0880"), clip("0930"), clip("0890")]
    return np.concatenate([np.concatenate([c.audio, silence(1.0)]) for c in parts])


def test_speech_dropped_by_a_slow_recogniser_is_a_visible_line_the_minute_taker_fills(
        session: ConferenceSession, meeting: MeetingApi) -> None:
    headers: list[str] = []
    problems: list[str] = []
    speech, slow = _speech(meeting, headers, problems)
    assert speech.pipeline is not None
    person = attendee(session, "Jade Thornbury")
    try:
        audio = to_48k_stereo(_three_sentences())[:, 0]  # the hub's tap: 48 kHz mono int16
        began = time.monotonic()
        for offset in range(0, len(audio), 960):  # 20 ms pieces from the hub, all at once
            speech.remote_audio(person, audio[offset:offset + 960])
        slow.gate.set()
        assert speech.pipeline.wait_idle(60)
        speech.drain()
        assert time.monotonic() - began < 40
    finally:
        speech.stop()
        speech.close()
    lines = session.conference.transcript()
    gaps = [u for u in lines if u.not_transcribed]
    heard = [u for u in lines if not u.not_transcribed]
    assert len(gaps) >= 1 and heard, [u.text for u in lines]
    # one or two of the first two sentences, by how the arrivals met the recogniser's worker
    assert 1 <= len(gaps) <= 2 and speech.pipeline.stats.dropped_utterances == len(gaps)
    for gap in gaps:
        assert gap.speaker_id == person and gap.source is UtteranceSource.PHONE  # on the phone
        seconds = round((gap.ended_at - gap.started_at).total_seconds())
        assert gap.text == f"[not transcribed: {max(1, seconds)} s, Jade Thornbury]"
        assert 1 <= seconds <= 12  # a stretch of what she said, not the whole call
        # in its true place: before the sentence decoded after it
        assert gap.started_at < heard[-1].started_at
    # what was decoded is what she said (the last sentence is never the one dropped)
    assert "rather selfish" in heard[-1].text.lower(), [u.text for u in heard]
    # the chair is told twice over: a problem message, and the header says it is behind
    assert any("marked in the transcript" in p for p in problems)
    assert headers and "behind" in headers[-1] and f"{seconds} s not transcribed" in headers[-1]
    gap = gaps[0]
    # the minute-taker fills the gap by editing the line, like any other
    meeting.edit_utterance(gap.id, "We have spoken to the school.", gap.version, "minute-taker")
    filled = session.conference.utterances[gap.id]
    assert filled.text == "We have spoken to the school." and filled.not_transcribed


def test_a_gap_follows_the_same_rules_as_a_recognised_line(
        session: ConferenceSession, meeting: MeetingApi) -> None:
    conference = session.conference
    jade, chair = attendee(session, "Jade Thornbury"), attendee(session, "Helen Marsh")
    clock = session.clock
    assert isinstance(clock, ManualClock)
    now = clock.now()
    line = meeting.record_transcription_gap(None, UtteranceSource.ROOM, now,
                                            now + timedelta(seconds=14))
    assert line is not None
    assert conference.utterances[line].text == "[not transcribed: 14 s, in the room]"
    with pytest.raises(DomainError, match="before the meeting started"):
        meeting.record_transcription_gap(None, UtteranceSource.ROOM, now - timedelta(hours=2),
                                         now - timedelta(hours=1))
    clock.advance(seconds=20)
    meeting.exclude([jade], [ExclusionGround.DISRUPTION], chair, "shouting")
    out = clock.now()
    with pytest.raises(DomainError, match="excluded"):
        meeting.record_transcription_gap(jade, UtteranceSource.PHONE, out,
                                         out + timedelta(seconds=3))


def test_a_revision_from_the_recogniser_replaces_the_fast_line_but_never_a_persons_edit(
        session: ConferenceSession, meeting: MeetingApi) -> None:
    from facilitator.domain import events as ev
    from facilitator.services.asr.results import RecognisedUtterance

    speech, _ = _speech(meeting, [], [])
    jade = attendee(session, "Jade Thornbury")
    now = session.clock.now()

    def said(text: str, key: str, revision: bool = False) -> RecognisedUtterance:
        return RecognisedUtterance(jade, jade, UtteranceSource.PHONE, now,
                                   now + timedelta(seconds=12), text, 0.8, (), now, "test",
                                   key=key, revision=revision)

    try:
        speech.queue.put(said("we was not told about the meeting", "a@1.000"))
        speech.queue.put(said("they said the social worker would ring", "b@20.000"))
        speech.drain()
        first, second = session.conference.transcript()
        meeting.edit_utterance(second.id, "They said the social worker would ring me.",
                               second.version, "minute-taker")
        speech.queue.put(said("we were not told about the meeting", "a@1.000", revision=True))
        speech.queue.put(said("they said the social work would bring", "b@20.000",
                              revision=True))
        speech.drain()
    finally:
        speech.stop()
        speech.close()
    first, second = session.conference.transcript()
    assert first.text == "we were not told about the meeting"
    assert second.text == "They said the social worker would ring me."  # the edit stands
    revised = [e for e in session.conference.log if isinstance(e, ev.RecognitionRevised)]
    assert [e.utterance_id for e in revised] == [first.id, second.id]
    assert second.recognised_text == "they said the social work would bring"  # kept beneath

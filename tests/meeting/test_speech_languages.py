"""Each source is transcribed in its speaker's language, and the line is marked with it.

The recogniser here is a stand-in that says what it was told (Whisper itself on Polish is in
tests/services/test_asr_languages.py): the meeting must tell it Liam Ashcombe speaks Polish,
that his interpreter speaks English or Polish, and record the line's language and its
machine translation."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from facilitator.domain.attendees import AttendanceMode, AttendanceState
from facilitator.domain.clock import ManualClock
from facilitator.meeting.api import MeetingApi
from facilitator.meeting.speech import MeetingSpeech
from facilitator.record.audience import Audience
from facilitator.record.build import transcript_blocks
from facilitator.record.document import Lines
from facilitator.record.wording import Wording
from facilitator.services.asr.engine import SAMPLE_RATE, Final, StreamOutput
from facilitator.services.asr.settings import AsrSettings

from ..services.test_asr_common import attendee, make_session


@dataclass
class TellingStream:
    """After a second of audio, one line in the language it was opened with."""

    language: str | None
    fed: int = 0
    said: bool = False

    def feed(self, audio: np.ndarray) -> list[StreamOutput]:
        self.fed += len(audio)
        if self.said or self.fed < SAMPLE_RATE:
            return []
        self.said = True
        told = (self.language or "en").split("|")[-1]
        english = "I want my daughter to be safe." if told != "en" else None
        return [Final("Chcę, żeby moja córka była bezpieczna.", 0.1, 0.9, 0.9,
                      language=told, english=english)]

    def finish(self) -> list[StreamOutput]:
        return []

    def skip(self, seconds: float) -> list[StreamOutput]:
        return []

    def discard(self) -> None:
        pass

    def partial_job(self) -> None:
        return None

    @property
    def position(self) -> float:
        return self.fed / SAMPLE_RATE


@dataclass
class TellingEngine:
    name: str = "telling"
    model_name: str = "stand-in"
    settings: AsrSettings = field(default_factory=lambda: AsrSettings(speculate_ms=0))
    opened: list[str | None] = field(default_factory=list)

    def open_stream(self, language: str | None = None) -> TellingStream:
        self.opened.append(language)
        return TellingStream(language)


def test_a_polish_speaker_is_transcribed_in_polish_and_the_line_marked() -> None:
    session = make_session()
    meeting = MeetingApi(session)
    liam, zofia = attendee(session, "Liam Ashcombe"), attendee(session, "Zofia Nowak")
    meeting.change_mode(zofia, AttendanceMode.VIDEO)
    assert isinstance(session.clock, ManualClock)
    session.clock.advance(seconds=30)  # the meeting has been going for half a minute
    engine = TellingEngine()
    speech = MeetingSpeech(meeting, loaded=(engine, ""), microphone=False)
    try:
        assert engine.opened == [None], "the room: English as the settings say"
        speaking = np.full(72000, 0.01, dtype=np.float32)  # 1.5 s
        speech.remote_audio(liam, speaking)
        speech.remote_audio(zofia, speaking)
        assert engine.opened == [None, "pl", "en|pl"]
        assert speech.pipeline is not None
        room = next(s for s in speech.pipeline.sources if s.id == "room")
        meeting.change_mode(zofia, AttendanceMode.IN_ROOM)  # she comes into the room
        meeting.change_attendance(zofia, AttendanceState.PRESENT)
        assert room.stream.language == "en|pl", "the room now chooses English or Polish"
        deadline = time.monotonic() + 10
        while len(session.conference.utterances) < 2 and time.monotonic() < deadline:
            speech.drain()
            time.sleep(0.05)
    finally:
        speech.stop()
        speech.close()
    assert speech.recorder is not None and not speech.recorder.refused, speech.recorder.refused
    lines = {u.speaker_id: u for u in session.conference.utterances.values()}
    assert lines[liam].language == "pl"
    assert lines[liam].english == "I want my daughter to be safe."
    conference = session.conference
    blocks = transcript_blocks(conference, Audience.professionals(), Wording())
    shown = [line for block in blocks if isinstance(block, Lines) for line in block.lines]
    by_speaker = {line.speaker: line.text for line in shown}
    assert by_speaker["Liam Ashcombe"] == (
        "(Polish) Chcę, żeby moja córka była bezpieczna. [English, machine-translated, not "
        "checked: I want my daughter to be safe.]")
    assert "Zofia Nowak, interpreting for Liam Ashcombe (Polish)" in by_speaker

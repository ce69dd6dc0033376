"""Real speech through the recogniser into the chair's window, attributed and segment-tagged,
with the meeting runtime composed as the app composes it (the window a client of it)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from facilitator.app import ConferenceSession
from facilitator.domain.attendees import AttendanceState
from facilitator.domain.clock import ManualClock
from facilitator.domain.commands import agenda, people, segments
from facilitator.domain.segments import ExclusionGround
from facilitator.meeting.runtime import MeetingOptions
from facilitator.services.asr.settings import AsrSettings
from facilitator.services.asr.wer import word_error_rate
from tests.live_meeting import LiveSession, live_meeting
from tests.services.test_asr_common import librivox
from ui.meeting_client import MeetingClient

TRANSCRIBED = MeetingOptions(serve=None, transcription=True, room_microphone=False,
                             asr=AsrSettings(model="whisper-tiny.en"))


def to_48k(audio16: np.ndarray) -> np.ndarray:
    samples = audio16.astype(np.float32) / 32768.0
    return np.repeat(samples, 3)  # 16 kHz -> 48 kHz (the pipeline resamples back)


@pytest.fixture
def transcribed(created: ConferenceSession, db_path: Path, clock: ManualClock
                ) -> Iterator[MeetingClient]:
    clock.set(datetime.now(UTC))
    yield from live_meeting(created, db_path, clock, TRANSCRIBED)


def test_remote_speech_becomes_attributed_lines_and_excluded_speech_does_not(
        qtbot: Any, transcribed: MeetingClient, store: Any, clock: ManualClock) -> None:
    from ui.chair_window import ChairWindow

    window = ChairWindow(transcribed)
    qtbot.addWidget(window)
    window.show()
    session = LiveSession(transcribed, store, clock)
    liam = next(a.id for a in session.conference.attendees.values()
                if a.name == "Liam Ashcombe")
    session.execute(people.change_attendance, liam, AttendanceState.PRESENT)
    session.execute(agenda.start_meeting)
    qtbot.waitUntil(lambda: "on (whisper, whisper-tiny.en)" in
                    window.header.transcription.text(), timeout=60000)
    speech_of = transcribed.runtime.speech
    assert speech_of is not None and speech_of.running, transcribed.speech_state

    speech = librivox()[0]
    silence = np.zeros(48000, dtype=np.float32)
    for start in range(0, len(speech.audio), 320):
        speech_of.remote_audio(liam, to_48k(speech.audio[start:start + 320]))
    speech_of.remote_audio(liam, silence)
    model = window.transcript.model
    qtbot.waitUntil(lambda: model.rowCount() >= 1, timeout=60000)
    line = model.utterance_at(0)
    assert line.speaker_id == liam
    assert model.data(model.index(0, 3)) == "Liam Ashcombe"
    assert word_error_rate([speech.text], [line.text]) < 0.2

    # once Liam is out of the segment, what he says is not transcribed at all
    session.execute(segments.exclude, [liam], [ExclusionGround.DISRUPTION], "Priya Okonedo",
                    "shouting")
    for start in range(0, len(speech.audio), 320):
        speech_of.remote_audio(liam, to_48k(speech.audio[start:start + 320]))
    speech_of.remote_audio(liam, silence)
    assert speech_of.pipeline is not None
    speech_of.pipeline.wait_idle(30)
    qtbot.wait(500)
    assert model.rowCount() == 1
    window.close()

"""Real speech through the recogniser into the chair's window, attributed and segment-tagged."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from facilitator.domain.attendees import AttendanceState
from facilitator.domain.commands import agenda, people, segments
from facilitator.domain.segments import ExclusionGround
from facilitator.services.asr.settings import AsrSettings
from facilitator.services.asr.wer import word_error_rate
from facilitator.services.transcription import LiveTranscription
from tests.services.test_asr_common import librivox


def to_48k(audio16: np.ndarray) -> np.ndarray:
    samples = audio16.astype(np.float32) / 32768.0
    return np.repeat(samples, 3)  # 16 kHz -> 48 kHz (the pipeline resamples back)


def test_remote_speech_becomes_attributed_lines_and_excluded_speech_does_not(
        qtbot, window, session, clock) -> None:
    clock.set(datetime.now(UTC))
    liam = next(a.id for a in session.conference.attendees.values()
                if a.name == "Liam Ashcombe")
    session.execute(people.change_attendance, liam, AttendanceState.PRESENT)
    session.execute(agenda.start_meeting)
    live = LiveTranscription(session, AsrSettings(model="whisper-tiny.en"), microphone=False)
    assert live.running, live.state
    window.attach_transcription(live)
    assert "on (whisper, whisper-tiny.en)" in window.header.transcription.text()

    speech = librivox()[0]
    silence = np.zeros(48000, dtype=np.float32)
    for start in range(0, len(speech.audio), 320):
        live.remote_audio(liam, to_48k(speech.audio[start:start + 320]))
    live.remote_audio(liam, silence)
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
        live.remote_audio(liam, to_48k(speech.audio[start:start + 320]))
    live.remote_audio(liam, silence)
    assert live.pipeline is not None
    live.pipeline.wait_idle(30)
    qtbot.wait(500)
    assert model.rowCount() == 1
    live.stop()

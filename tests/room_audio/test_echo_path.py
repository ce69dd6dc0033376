"""Echo cancellation on a reproducible room (facilitator.services.room_audio.measure): far-end
speech delayed and convolved with a decaying room response at -6 dB, a local talker of another
voice, pink noise. After convergence the echo must be removed (>= 35 dB), the local talker kept
during double talk (within 3 dB) and recognised about as well as alone (whisper tiny.en)."""

from __future__ import annotations

import numpy as np
import pytest

from facilitator.services.asr.engine import transcribe
from facilitator.services.asr.resample import Resampler
from facilitator.services.asr.wer import word_error_rate
from facilitator.services.room_audio import ChainSettings, EchoMode, ProcessingChain
from facilitator.services.room_audio.measure import measure, process_in_frames, segment_audio
from tests.services.test_asr_common import engine

from .material import scene

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("delay_s", "drr_db"), [(0.1, -3.0), (0.25, 3.0)])
def test_echo_is_removed_and_the_room_talker_kept(delay_s: float, drr_db: float) -> None:
    room, _ = scene(delay_s=delay_s, drr_db=drr_db)
    chain = ProcessingChain(ChainSettings(automatic_gain=False))
    out, cpu = process_in_frames(chain.process, room.mic, room.far)
    figures = measure(room, out, cpu_s=cpu)
    print(figures)
    assert chain.canceller is not None
    assert chain.canceller.delays.delay == pytest.approx(delay_s * 48_000, abs=48)
    assert figures.echo_removed_db >= 35
    assert figures.echo_removed_after_db >= 30  # double talk did not wreck the filter
    assert abs(figures.talker_change_db) <= 3
    assert figures.latency_ms <= 30
    assert figures.cpu_per_audio_s < 0.25


def test_the_room_talker_is_recognised_during_double_talk() -> None:
    room, text = scene()
    chain = ProcessingChain(ChainSettings())  # what the room uses: echo + noise removal
    out, _ = process_in_frames(chain.process, room.mic, room.far)
    to16k = Resampler(16_000)
    recogniser = engine("whisper-tiny.en")

    def heard(name: str) -> str:
        audio = to16k(segment_audio(out, room, name), 48_000)
        padded = np.concatenate([audio, np.zeros(16_000, np.float32)])
        return " ".join(f.text for f in transcribe(recogniser, padded))

    alone, double = heard("alone"), heard("double")
    wer_alone = word_error_rate([text], [alone])
    wer_double = word_error_rate([text], [double])
    print(f"alone {wer_alone:.2f}: {alone}\ndouble {wer_double:.2f}: {double}")
    assert wer_alone <= 0.25, alone
    # At most 1.5 times the alone rate, with one word of slack on this 22-word sentence.
    assert wer_double <= 1.5 * wer_alone + 1 / 22, double
    unprocessed = to16k(segment_audio(room.mic, room, "double"), 48_000)
    raw = " ".join(f.text for f in transcribe(recogniser, unprocessed))
    print(f"without processing: {word_error_rate([text], [raw]):.2f}: {raw}")


def test_aec3_is_available_for_comparison() -> None:
    room, _ = scene()
    chain = ProcessingChain(ChainSettings(echo=EchoMode.AEC3, noise_suppression=False,
                                          automatic_gain=False))
    out, _ = process_in_frames(chain.process, room.mic, room.far)
    assert measure(room, out).echo_removed_db >= 20

"""Speech for the echo tests: the far end is espeak-ng (a synthetic voice, different from the
room's), the room's talker is a LibriVox reader (pocketsphinx-testdata), both at 48 kHz."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from facilitator.services.asr.resample import Resampler
from facilitator.services.room_audio.measure import Scene, build_scene
from tests.services.test_asr_common import clip, espeak

FAR_FIRST = ("Good morning everyone, can you hear me clearly? I am joining from the office today "
             "and the line seems a little quiet on my side, so please tell me if I drop out. "
             "Thank you all for joining this morning. I have read the report from the school and "
             "I would like to add a few points about attendance and the support plan.")
FAR_DURING = ("From the health visitor's side the baby has been weighed every two weeks and is "
              "growing well, and the family have kept every appointment since the last meeting.")
FAR_AFTER = "I agree with what has been said so far and I will send my notes after the call."


def to48k(audio: np.ndarray, rate: int) -> np.ndarray:
    return Resampler(48_000)(audio, rate)


@functools.cache
def far_voice(text: str) -> np.ndarray:
    audio, rate = espeak(text, "en-us+f3", Path("/tmp"))
    return to48k(audio, rate)


@functools.cache
def scene(local_clip: str = "0870", delay_s: float = 0.18,
          drr_db: float = 0.0) -> tuple[Scene, str]:
    """The room and the local talker's transcript."""
    talker = clip(local_clip)
    local = to48k(talker.audio, 16_000)
    built = build_scene(far_voice(FAR_FIRST), far_voice(FAR_DURING), local,
                        far_voice(FAR_AFTER), delay_s=delay_s, drr_db=drr_db)
    return built, talker.text

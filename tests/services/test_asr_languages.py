"""Whisper base told a source's language writes in it; told English (as before), it does not.

No real Polish speech is shipped by any package this project can install (PyPI, Debian, npm
were searched): the speech here is espeak-ng's Polish voice, which is synthetic and hard to
understand, so this checks that the language reaches Whisper and comes back on the line, not
how well real Polish is recognised (unmeasured)."""

from __future__ import annotations

import numpy as np
import pytest

from facilitator.services.asr.engine import Final, run_all
from facilitator.services.asr.resample import Resampler

from .test_asr_common import engine, espeak

POLISH_LETTERS = set("ąćęłńóśźż")
SENTENCE = "Dzień dobry. Nazywam się Liam. Chcę, żeby moja córka była bezpieczna w domu."


def _polish_letters(text: str) -> int:
    return sum(letter in POLISH_LETTERS for letter in text.lower())


def finals(language: str | None) -> list[Final]:
    recogniser = engine("whisper-base")
    audio, rate = espeak(SENTENCE, "pl")
    speech = Resampler()(audio, rate)
    padded = np.concatenate([np.zeros(8000, np.float32), speech, np.zeros(16000, np.float32)])
    stream = recogniser.open_stream(language) if language else recogniser.open_stream()
    outputs = run_all(stream.feed(padded)) + run_all(stream.finish())
    return [f for f in outputs if isinstance(f, Final)]


@pytest.mark.slow
def test_a_polish_source_is_written_in_polish() -> None:
    polish = finals("pl")
    assert polish and all(f.language == "pl" for f in polish)
    text = " ".join(f.text for f in polish)
    written = _polish_letters(text)
    assert written >= 3, text
    # an English rendering is asked for; on this synthetic speech it may be dropped as mere
    # repetition (Whisper's compression test), so only what it is when given is checked
    assert not set(" ".join(f.english or "" for f in polish).lower()) & POLISH_LETTERS

    english = finals(None)  # the settings' English, as every source was before
    assert all(f.language == "en" and f.english is None for f in english)
    # Polish sounds written in English letters; a stray diacritic at most (a name's "ń")
    in_english = " ".join(f.text for f in english)
    assert _polish_letters(in_english) <= 1 < written, (in_english, text)

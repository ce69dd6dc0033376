"""Whisper's encoder runs once for audio decoded twice (a line and its English rendering, a
language detected then decoded, a greedy decode with word times then the beam's).
The cache hooks faster-whisper's `WhisperModel.encode`: if an upgrade stops encoding
through it, the first test fails and says so."""

from __future__ import annotations

import numpy as np

from facilitator.services.asr.encoder_cache import EncoderCache

from .test_asr_common import clip, engine, silence


def _audio(suffix: str) -> np.ndarray:
    return np.concatenate([clip(suffix).audio, silence(0.4)]).astype(np.float32) / 32768


def test_the_same_audio_decoded_twice_is_encoded_once_and_reads_the_same() -> None:
    whisper = engine("whisper-tiny.en")
    cache: EncoderCache = whisper.encoder_cache  # type: ignore[attr-defined]
    audio = _audio("0880")
    misses, hits = cache.misses, cache.hits
    greedy = whisper.decode(audio, 0.0, beam_size=1)  # type: ignore[attr-defined]
    assert cache.misses == misses + 1, (
        "faster-whisper no longer encodes through WhisperModel.encode: the encoder cache "
        "(facilitator/services/asr/encoder_cache.py) is bypassed; check the upgrade")
    beam = whisper.decode(audio, 0.0, beam_size=5)  # type: ignore[attr-defined]
    assert (cache.misses, cache.hits) == (misses + 1, hits + 1)
    assert greedy is not None and beam is not None and "young man" in beam.text
    cache.clear()
    again = whisper.decode(audio, 0.0, beam_size=5)  # type: ignore[attr-defined]
    assert cache.misses == misses + 2
    assert again is not None and (again.text, again.words) == (beam.text, beam.words)


def test_other_audio_is_encoded_afresh() -> None:
    whisper = engine("whisper-tiny.en")
    cache: EncoderCache = whisper.encoder_cache  # type: ignore[attr-defined]
    first = whisper.decode(_audio("0880"), 0.0)  # type: ignore[attr-defined]
    misses = cache.misses
    second = whisper.decode(_audio("0930"), 0.0)  # type: ignore[attr-defined]
    assert cache.misses == misses + 1
    assert first is not None and second is not None and "amiable" in second.text.lower()
    assert "amiable" not in first.text.lower()

"""The greedy pass whose text the beam revises encodes only the utterance and a few seconds
after it (services/asr/quick_decode.py). It drives CTranslate2's Whisper through
faster-whisper's model, feature extractor and tokenizer: if an upgrade moves them, these fail."""

from __future__ import annotations

import numpy as np
import pytest

from facilitator.services.asr.engine import Final
from facilitator.services.asr.quick_decode import QuickDecoder
from facilitator.services.asr.wer import word_errors

from .test_asr_common import clip, engine, silence


def _audio(suffix: str) -> np.ndarray:
    return np.concatenate([silence(0.4), clip(suffix).audio, silence(0.4)]
                          ).astype(np.float32) / 32768


def test_the_quick_pass_reads_what_the_whole_window_reads_from_a_shorter_encoding(
        monkeypatch: pytest.MonkeyPatch) -> None:
    whisper = engine("whisper-base")
    audio = _audio("0880")
    seen_frames: list[int] = []
    quick_decode = whisper.quick.decode  # type: ignore[attr-defined]

    def counted(*args: object) -> object:
        result = quick_decode(*args)
        seen_frames.append(result.frames if result is not None else -1)
        return result

    monkeypatch.setattr(whisper.quick, "decode", counted)  # type: ignore[attr-defined]
    whole = engine("whisper-base", quick_context_s=0.0)
    slow = whole.decode(audio, 2.0, words=False, beam_size=1)  # type: ignore[attr-defined]
    quick = whisper.decode(audio, 2.0, words=False, beam_size=1)  # type: ignore[attr-defined]
    assert isinstance(slow, Final) and isinstance(quick, Final)
    assert "young man" in quick.text
    errors, words = word_errors(slow.text, quick.text)
    assert errors <= max(1, 0.1 * words), (slow.text, quick.text)
    seconds = len(audio) / 16_000
    assert (quick.start, quick.end) == (2.0, round(2.0 + seconds, 3))
    assert quick.words == () and quick.language == "en"
    assert len(seen_frames) == 1 and 0 < seen_frames[0] < 3000, "the greedy pass was not quick"
    # the encoder saw the utterance and 8 s after it, not Whisper's 30 s window
    seen = QuickDecoder(whisper.model).decode(audio, "en", 8.0)  # type: ignore[attr-defined]
    assert seen is not None and seen.text == quick.text
    assert abs(seen.frames - (seconds * 100 + 800)) <= 3 and seen.frames < 3000, seen.frames


def test_a_long_utterance_is_encoded_in_at_most_whisper_s_window() -> None:
    whisper = engine("whisper-base")
    audio = np.concatenate([_audio(s) for s in ("0870", "0880", "0890", "0920", "0930")])
    assert len(audio) > 26 * 16_000
    seen = QuickDecoder(whisper.model).decode(audio, "en", 8.0)  # type: ignore[attr-defined]
    assert seen is not None and seen.frames == 3000
    assert "young man" in seen.text and "amiable himself" in seen.text


def test_silence_and_hum_give_no_text_rather_than_an_invented_line() -> None:
    whisper = engine("whisper-base")
    quick = QuickDecoder(whisper.model)  # type: ignore[attr-defined]
    hum = (0.01 * np.sin(2 * np.pi * 50 * np.arange(48_000) / 16_000)).astype(np.float32)
    for audio in (np.zeros(48_000, np.float32), hum):
        assert quick.decode(audio, "en", 8.0) is None

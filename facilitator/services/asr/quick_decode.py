"""A fast greedy decode for text the beam will revise: Whisper's encoder over the utterance and
a few seconds after it, not over its whole 30 s window.

faster-whisper pads every utterance to Whisper's 30 s window, and the encoder is most of a
decode's cost whatever the utterance's length (encoder_cache.py). Whisper's encoder runs on a
shorter window too (as whisper.cpp's `audio_ctx` does): measured on the dev speech set's
prompts joined into utterances of about 5 s (Whisper base, int8, 2 threads, greedy, no
timestamps; benchmarks/asr_quick.py), the encoder takes 0.19-0.20 s
instead of 0.53-0.57 s with 8 s of padding after the speech. Too little padding makes Whisper
lose its way: 4 s gave 14.3% WER on the room variant against 6.3% for the whole window (a
repetition loop), 6 s 6.5%, 8 s 6.3%; at 8 s clean 3.9% and phone 3.9% against 3.8%,
and on 12 s utterances room 5.6/5.3%, phone 3.3/3.6%.

So this is used only for the greedy passes whose text is shown at once and revised (the line
decoded during a closing pause, a long utterance's fast line and provisional captions); every
line's final text still comes from the beam over the whole window. A decode that looks like
a loop (Whisper's own test: text compressing more than 2.4 times) or like no speech (Whisper's
no-speech probability over 0.6 with an average log probability under -1) returns None, and
the caller decodes the usual way.

It drives CTranslate2's public Whisper API (`encode`, `generate`) through faster-whisper's
model, feature extractor and tokenizer (faster-whisper 1.2): tests/services/test_asr_quick
_decode.py fails if an upgrade moves them.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from .engine import SAMPLE_RATE, FloatAudio

FRAMES_PER_SECOND = 100  # Whisper's mel frames (10 ms hop)
WINDOW_FRAMES = 3000  # Whisper's 30 s window


@dataclass(frozen=True)
class QuickText:
    text: str
    confidence: float  # exp(average log probability per token)
    frames: int  # mel frames the encoder saw (up to 3000)


class QuickDecoder:
    """Greedy, no timestamps, the encoder over the speech plus `context_s` of silence."""

    def __init__(self, model: Any) -> None:
        from faster_whisper.tokenizer import Tokenizer

        self._model = model  # faster_whisper.WhisperModel
        self._tokenizer_type = Tokenizer
        self._tokenizers: dict[str, Any] = {}

    def _tokenizer(self, language: str) -> Any:
        if language not in self._tokenizers:
            self._tokenizers[language] = self._tokenizer_type(
                self._model.hf_tokenizer, self._model.model.is_multilingual,
                task="transcribe", language=language)
        return self._tokenizers[language]

    def decode(self, audio: FloatAudio, language: str, context_s: float) -> QuickText | None:
        """The text of `audio` (16 kHz) in `language`, or None (nothing, a loop, no speech).
        The caller holds the engine's decode lock."""
        import ctranslate2

        features = self._model.feature_extractor(np.asarray(audio, dtype=np.float32))
        content = features.shape[-1]
        frames = min(WINDOW_FRAMES, content + int(context_s * FRAMES_PER_SECOND))
        frames += frames % 2  # the encoder's convolution halves the frames
        if content >= frames:
            features = features[:, :frames]
        else:
            features = np.pad(features, ((0, 0), (0, frames - content)))
        batch = np.ascontiguousarray(features[None], dtype=np.float32)
        encoded = self._model.model.encode(ctranslate2.StorageView.from_array(batch))
        tokenizer = self._tokenizer(language)
        prompt = [*tokenizer.sot_sequence, tokenizer.no_timestamps]
        seconds = len(audio) / SAMPLE_RATE
        # at most about 6 tokens per second of speech: Whisper base says ~3-4
        longest = min(448, len(prompt) + 16 + int(6 * seconds))
        result = self._model.model.generate(
            encoded, [prompt], beam_size=1, max_length=longest, return_scores=True,
            return_no_speech_prob=True, suppress_blank=True, suppress_tokens=[-1])[0]
        tokens = [t for t in result.sequences_ids[0] if t < tokenizer.eot]
        text = tokenizer.decode(tokens).strip()
        average_logprob = float(result.scores[0])
        if not text:
            return None
        if result.no_speech_prob > 0.6 and average_logprob < -1.0:
            return None
        data = text.encode()
        if len(data) / len(zlib.compress(data)) > 2.4:
            return None
        return QuickText(text, float(np.exp(min(0.0, average_logprob))), frames)

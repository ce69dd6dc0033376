"""Whisper's encoder, run once for audio decoded twice.

Most of a Whisper decode is its encoder, and the encoder's cost does not shrink with the
utterance: faster-whisper pads every utterance to Whisper's 30 s window. Measured for base
(int8, 2 threads) on the reference machine: the encoder 1.2-1.3 CPU-s, the whole decode
1.5-1.9 CPU-s, whether the utterance lasts 3 s or 8 s. The same audio is often decoded twice:
a line and then its English rendering (speech in another language), a language detected and
then the line, a greedy decode with word times and then the beam's: this keeps the last
encodings so the second pass costs only its decoder. (The greedy line shown during a pause
encodes less than the whole window, quick_decode.py, and does not pass here.)

It hooks `WhisperModel.encode(features)` (faster-whisper 1.2), the one method faster-whisper's
own transcription, language detection and word alignment all encode through; the test
tests/services/test_asr_encoder_cache.py fails if an upgrade stops calling it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Any

import numpy as np


class EncoderCache:
    """Wraps a faster-whisper model's `encode` with a small memo keyed by the features."""

    def __init__(self, model: Any, size: int = 2) -> None:
        self._encode = model.encode
        self._size = size
        self._kept: OrderedDict[bytes, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        model.encode = self  # the instance's attribute shadows the class's method

    def __call__(self, features: np.ndarray) -> Any:
        data = np.ascontiguousarray(features)
        digest = hashlib.blake2b(data.tobytes(), digest_size=16)
        digest.update(repr((data.shape, data.dtype.str)).encode())
        key = digest.digest()
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
                self.hits += 1
                return kept
        encoded = self._encode(features)
        with self._lock:
            self.misses += 1
            self._kept[key] = encoded
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return encoded

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

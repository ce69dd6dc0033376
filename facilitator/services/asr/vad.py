"""Voice-activity detection: Silero VAD (the ONNX network that faster-whisper ships), streamed.

`SileroVad` scores each 32 ms window (512 samples at 16 kHz) with the network, carrying its
recurrent state and 64-sample context from one call to the next, so feeding a stream in pieces
gives exactly the probabilities faster-whisper computes on the whole file. Windows quieter than
`silence_dbfs` (a muted or absent track) are scored 0 without running the network: silence costs
almost nothing. So is the tone of a quiet room or line while nobody speaks (`quiet_gate`): with
no utterance open, windows within `quiet_margin_db` of the source's own noise floor and under
`quiet_ceiling_dbfs` are scored 0 too. The ceiling keeps the network running on every window of
a noisy line (a caller in the street: speech there is only a few dB above the noise), the
margin keeps it running on a quiet microphone's soft speech (its floor is lower still); the
audio itself is kept either way (the segmenter's padding), only the score is skipped.

`Segmenter` turns the windows into utterances: one opens on a window at or above the threshold
(with `pad_ms` of audio before it), stays open through short dips, and closes after `pause_ms` of
silence, or after a short pause once it is longer than `soft_max_s`, or at `max_utterance_s`
whatever happens (then the next one opens at once). It emits `SpeechChunk`s as the audio
arrives, so a streaming engine can decode while the person speaks.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .engine import SAMPLE_RATE, FloatAudio
from .models import Manifest, ModelError, load_manifest, resolve_asset
from .settings import VadSettings

WINDOW = 512  # samples: what the Silero network scores at 16 kHz
CONTEXT = 64  # samples of the previous window that the network sees with each window
VAD_ASSET = "silero-vad"
RISE_PER_WINDOW = 10 ** (1 / 20 * WINDOW / 16_000)  # the noise floor rises 1 dB a second


def vad_model_path(manifest: Manifest | None = None) -> Path:
    """The Silero network inside faster-whisper, checked against models/manifest.toml."""
    return resolve_asset(VAD_ASSET, manifest or load_manifest())


class SileroVad:
    """Speech probability per 512-sample window of one stream (not thread-safe)."""

    def __init__(self, model_path: Path, silence_dbfs: float = -70.0,
                 quiet_margin_db: float = 0.0, quiet_ceiling_dbfs: float = -50.0) -> None:
        try:
            import onnxruntime
        except ImportError as missing:
            raise ModelError(f"voice-activity detection needs onnxruntime: {missing}") from None
        options = onnxruntime.SessionOptions()
        options.inter_op_num_threads = 1
        options.intra_op_num_threads = 1
        options.enable_cpu_mem_arena = False
        options.log_severity_level = 4
        try:
            self._session = onnxruntime.InferenceSession(
                str(model_path), providers=["CPUExecutionProvider"], sess_options=options)
        except Exception as problem:  # onnxruntime raises its own exception types
            raise ModelError(f"the Silero VAD model {model_path} does not load: {problem}"
                             ) from None
        self._silence_rms = 10 ** (silence_dbfs / 20)
        self._quiet_margin = 10 ** (quiet_margin_db / 20) if quiet_margin_db > 0 else 0.0
        self._quiet_ceiling = 10 ** (quiet_ceiling_dbfs / 20)
        self.floor_rms: float | None = None  # the quietest recent window (rises 1 dB a second)
        self.skipped_windows = 0  # scored 0 without the network (silence or quiet tone)
        self.reset()

    def reset(self) -> None:
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(CONTEXT, dtype=np.float32)

    def _floor_after(self, rms: FloatAudio) -> float:
        floor = self.floor_rms
        rise = RISE_PER_WINDOW
        for value in rms:
            floor = float(value) if floor is None else min(float(value), floor * rise)
        assert floor is not None
        return floor

    def probabilities(self, windows: FloatAudio, idle: bool = False) -> FloatAudio:
        """Scores for consecutive windows (a multiple of 512 samples, following the last call).
        `idle`: no utterance is open, so quiet tone may be scored without the network."""
        batch = windows.reshape(-1, WINDOW)
        if len(batch) == 0:
            return np.zeros(0, dtype=np.float32)
        rms = np.sqrt(np.mean(np.square(batch, dtype=np.float64), axis=1))
        floor, self.floor_rms = self.floor_rms, self._floor_after(rms)
        quiet = self._quiet_margin > 0 and idle and floor is not None and \
            bool(np.all(rms < min(floor * self._quiet_margin, self._quiet_ceiling)))
        if quiet or np.all(rms < self._silence_rms):
            # Digital silence or quiet tone: the network is not run. Its state restarts as
            # after a reset, which is what it would converge to after a long silence anyway.
            self.reset()
            self.skipped_windows += len(batch)
            return np.zeros(len(batch), dtype=np.float32)
        previous = np.concatenate([self._context[None, :], batch[:-1, -CONTEXT:]], axis=0)
        inputs = np.ascontiguousarray(np.concatenate([previous, batch], axis=1), dtype=np.float32)
        output, self._h, self._c = self._session.run(
            None, {"input": inputs, "h": self._h, "c": self._c})
        self._context = batch[-1, -CONTEXT:].copy()
        return np.asarray(output, dtype=np.float32).reshape(-1)


@dataclass
class SpeechChunk:
    """Audio of an utterance, as it arrives. `start` is the stream sample of `audio[0]`."""

    start: int
    audio: FloatAudio
    opens: bool = False  # the first chunk of an utterance
    closes: bool = False  # the last chunk: `end` and `speech_samples` are then set
    end: int = 0  # the utterance's end sample (its trailing silence trimmed to pad_ms)
    speech_samples: int = 0  # how much of the utterance scored as speech
    reason: str = ""  # why it closed: "pause", "short pause", "max length", "finish"


@dataclass
class _Open:
    start: int
    speech_samples: int = 0
    silence_start: int | None = None
    last_speech_end: int = 0


@dataclass
class Segmenter:
    """Cuts one stream into utterances at pauses and at a maximum length."""

    vad: SileroVad
    settings: VadSettings = field(default_factory=VadSettings)
    position: int = 0  # stream samples consumed (including any not yet a whole window)

    def __post_init__(self) -> None:
        self._pending = np.zeros(0, dtype=np.float32)
        self._pending_start = 0
        pad_windows = max(1, round(self.settings.pad_ms * SAMPLE_RATE / 1000 / WINDOW))
        self._preroll: collections.deque[FloatAudio] = collections.deque(maxlen=pad_windows)
        self._open: _Open | None = None
        s = self.settings
        self._pause = int(s.pause_ms * SAMPLE_RATE / 1000)
        self._short_pause = int(s.short_pause_ms * SAMPLE_RATE / 1000)
        self._soft_max = int(s.soft_max_s * SAMPLE_RATE)
        self._max = int(s.max_utterance_s * SAMPLE_RATE)
        self._pad = int(s.pad_ms * SAMPLE_RATE / 1000)
        self._neg_threshold = max(s.threshold - 0.15, 0.01)

    @property
    def speaking(self) -> bool:
        return self._open is not None

    @property
    def open_start(self) -> int | None:
        return self._open.start if self._open else None

    @property
    def silence_start(self) -> int | None:
        """Where the pause now running in the open utterance began (None: speech, or closed)."""
        return self._open.silence_start if self._open else None

    @property
    def open_speech_samples(self) -> int:
        return self._open.speech_samples if self._open else 0

    def end_if_paused_here(self) -> int | None:
        """The end a pause now running would give the open utterance (as `_close` would)."""
        if self._open is None or self._open.silence_start is None:
            return None
        return max(min(self._open.silence_start + self._pad, self._pending_start),
                   self._open.start)

    def skip(self, samples: int) -> list[SpeechChunk]:
        """A gap in the stream (no audio arrived): close any utterance, move the clock on."""
        out = self._close("gap", self._pending_start) if self._open else []
        self._pending = np.zeros(0, dtype=np.float32)
        self._pending_start = self.position = self.position + samples
        self._preroll.clear()
        self.vad.reset()
        return out

    def feed(self, audio: FloatAudio) -> list[SpeechChunk]:
        self.position += len(audio)
        self._pending = np.concatenate([self._pending, audio]) if len(self._pending) else audio
        whole = len(self._pending) // WINDOW * WINDOW
        if whole == 0:
            return []
        windows = self._pending[:whole].reshape(-1, WINDOW)
        probabilities = self.vad.probabilities(self._pending[:whole], idle=self._open is None)
        self._pending = self._pending[whole:].copy()
        out: list[SpeechChunk] = []
        for window, probability in zip(windows, probabilities, strict=True):
            start = self._pending_start
            self._pending_start += WINDOW
            out += self._window(start, window, float(probability))
        return _merge(out)

    def finish(self) -> list[SpeechChunk]:
        """End of stream: close the utterance in progress, with any partial window left."""
        if self._open is None:
            return []
        tail = self._pending
        self._pending = np.zeros(0, dtype=np.float32)
        start = self._pending_start
        self._pending_start += len(tail)
        chunk = [SpeechChunk(start, tail)] if len(tail) else []
        return _merge(chunk + self._close("finish", self._pending_start))

    def _window(self, start: int, window: FloatAudio, probability: float) -> list[SpeechChunk]:
        end = start + WINDOW
        current = self._open
        if current is None:
            if probability < self.settings.threshold:
                self._preroll.append(window)
                return []
            before = list(self._preroll)
            self._preroll.clear()
            first = start - WINDOW * len(before)
            self._open = _Open(first, WINDOW, None, end)
            return [SpeechChunk(first, np.concatenate([*before, window]), opens=True)]
        out = [SpeechChunk(start, window)]
        if probability >= self.settings.threshold:
            current.speech_samples += WINDOW
            current.silence_start = None
            current.last_speech_end = end
        elif probability < self._neg_threshold and current.silence_start is None:
            current.silence_start = start
        length = end - current.start
        if current.silence_start is not None:
            silence = end - current.silence_start
            if silence >= self._pause:
                return out + self._close("pause", current.silence_start + self._pad)
            if length >= self._soft_max and silence >= self._short_pause:
                return out + self._close("short pause", current.silence_start + self._pad)
        if length >= self._max:
            out += self._close("max length", end)
            self._open = _Open(end, 0, None, end)  # speech goes on: the next one starts here
            out.append(SpeechChunk(end, np.zeros(0, dtype=np.float32), opens=True))
        return out

    def _close(self, reason: str, end: int) -> list[SpeechChunk]:
        current = self._open
        assert current is not None
        self._open = None
        end = min(end, self._pending_start)
        return [SpeechChunk(self._pending_start, np.zeros(0, dtype=np.float32), closes=True,
                            end=max(end, current.start), speech_samples=current.speech_samples,
                            reason=reason)]


def _merge(chunks: list[SpeechChunk]) -> list[SpeechChunk]:
    """Join consecutive chunks of the same utterance into one (fewer, larger pieces)."""
    merged: list[SpeechChunk] = []
    for chunk in chunks:
        last = merged[-1] if merged else None
        if last is not None and not last.closes and not chunk.opens and \
                last.start + len(last.audio) == chunk.start:
            merged[-1] = SpeechChunk(
                last.start, np.concatenate([last.audio, chunk.audio]), last.opens,
                chunk.closes, chunk.end, chunk.speech_samples, chunk.reason)
        else:
            merged.append(chunk)
    return merged

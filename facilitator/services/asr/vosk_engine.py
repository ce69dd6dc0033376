"""Vosk (Kaldi) engine: streaming decoding with partial text while the person speaks.

The same Silero VAD as the Whisper engine decides what is speech: only speech (with its padding)
reaches Kaldi, and the utterance is finalised when the VAD closes it (Kaldi's own endpointing may
also finalise earlier; both come out as `Final`s). One `KaldiRecognizer` serves the whole stream;
Kaldi counts time in the audio it was given, so each utterance keeps the offset between that
count and the stream's own clock to put word times back on the stream's timeline.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .engine import (
    SAMPLE_RATE,
    DecodeJob,
    Final,
    FloatAudio,
    Partial,
    StreamOutput,
    Word,
    as_float32,
)
from .models import ModelError
from .settings import AsrSettings
from .vad import Segmenter, SileroVad, SpeechChunk

log = logging.getLogger(__name__)


class VoskEngine:
    name = "vosk"

    def __init__(self, model_dir: Path, model_name: str, vad_path: Path,
                 settings: AsrSettings) -> None:
        try:
            import vosk
        except (ImportError, OSError) as missing:
            raise ModelError(f"the Vosk engine needs the vosk package: {missing}") from None
        self._vosk = vosk
        vosk.SetLogLevel(-1)
        self.model_name = model_name
        self.settings = settings
        self.vad_path = vad_path
        try:
            self.model = vosk.Model(str(model_dir))
        except Exception as problem:  # vosk raises a bare Exception("Failed to create a model")
            raise ModelError(f"Vosk model '{model_name}' in {model_dir} does not load: "
                             f"{problem}") from None

    def open_stream(self, language: str | None = None) -> VoskStream:
        """One model, one language: `language` cannot change what Vosk hears."""
        recogniser = self._vosk.KaldiRecognizer(self.model, SAMPLE_RATE)
        recogniser.SetWords(True)
        segmenter = Segmenter(SileroVad(self.vad_path, self.settings.vad.silence_dbfs,
                                         self.settings.vad.quiet_margin_db,
                                         self.settings.vad.quiet_ceiling_dbfs),
                              self.settings.vad)
        return VoskStream(recogniser, segmenter, self.settings)


class VoskStream:
    def __init__(self, recogniser: Any, segmenter: Segmenter, settings: AsrSettings) -> None:
        self._kaldi = recogniser
        self.segmenter = segmenter
        self.settings = settings
        self.language: str | None = None  # one model, one language: not used
        self._fed = 0  # samples given to Kaldi since the stream began
        self._offset = 0  # stream sample minus Kaldi sample, for the open utterance
        self._start = 0  # the open utterance's first stream sample
        self._last_partial = ""
        self._finals_in_utterance: list[Final] = []

    @property
    def position(self) -> float:
        return self.segmenter.position / SAMPLE_RATE

    def feed(self, audio: npt.NDArray[np.float32] | npt.NDArray[np.int16]) -> list[StreamOutput]:
        return self._take(self.segmenter.feed(as_float32(audio)))

    def finish(self) -> list[StreamOutput]:
        return self._take(self.segmenter.finish())

    def skip(self, seconds: float) -> list[StreamOutput]:
        return self._take(self.segmenter.skip(int(seconds * SAMPLE_RATE)))

    def discard(self) -> None:
        if self.segmenter.speaking:
            self.segmenter.skip(0)
            self._kaldi.FinalResult()  # flush Kaldi; what it heard is thrown away
        self._finals_in_utterance = []
        self._last_partial = ""

    def partial_job(self) -> DecodeJob | None:
        return None  # partials come out of feed() as Kaldi decodes

    def _take(self, chunks: list[SpeechChunk]) -> list[StreamOutput]:
        out: list[StreamOutput] = []
        for chunk in chunks:
            if chunk.opens:
                self._start = chunk.start
                self._offset = chunk.start - self._fed
                self._last_partial = ""
                self._finals_in_utterance = []
                out.append(Partial("", chunk.start / SAMPLE_RATE,
                                   (chunk.start + len(chunk.audio)) / SAMPLE_RATE))
            if len(chunk.audio):
                out += self._accept(chunk.audio, chunk.start)
            if chunk.closes:
                out += self._close(chunk)
        return out

    def _accept(self, audio: FloatAudio, start: int) -> list[StreamOutput]:
        pcm = np.clip(audio * 32768.0, -32768, 32767).astype(np.int16)
        self._fed += len(pcm)
        heard = (start + len(pcm)) / SAMPLE_RATE
        if self._kaldi.AcceptWaveform(pcm.tobytes()):
            final = self._final(json.loads(self._kaldi.Result()))
            self._last_partial = ""
            if final is not None:
                self._finals_in_utterance.append(final)
                return [final]
            return []
        text = str(json.loads(self._kaldi.PartialResult()).get("partial", "")).strip()
        if text and text != self._last_partial:
            self._last_partial = text
            return [Partial(text, self._start / SAMPLE_RATE, heard)]
        return []

    def _close(self, chunk: SpeechChunk) -> list[StreamOutput]:
        result = json.loads(self._kaldi.FinalResult())
        out: list[StreamOutput] = [Partial("", self._start / SAMPLE_RATE,
                                           chunk.end / SAMPLE_RATE, speaking=False)]
        min_speech = self.settings.vad.min_speech_ms * SAMPLE_RATE // 1000
        if chunk.speech_samples < min_speech and not self._finals_in_utterance:
            return out  # a click or a cough: Kaldi's guess is dropped
        final = self._final(result, chunk.end)
        if final is not None:
            out.append(final)
        return out

    def _final(self, result: dict[str, Any], end: int | None = None) -> Final | None:
        text = str(result.get("text", "")).strip()
        if not text:
            return None
        shift = self._offset / SAMPLE_RATE
        words = tuple(
            Word(str(w["word"]), round(float(w["start"]) + shift, 3),
                 round(float(w["end"]) + shift, 3), float(w.get("conf", 1.0)))
            for w in result.get("result", [])
        )
        utterance_start = self._start / SAMPLE_RATE
        start = max(utterance_start, words[0].start) if words else utterance_start
        stop = words[-1].end if words else (end or self._start) / SAMPLE_RATE
        if end is not None:
            stop = min(stop, end / SAMPLE_RATE) if words else end / SAMPLE_RATE
        confidence = float(np.mean([w.probability or 0.0 for w in words])) if words else None
        return Final(text, round(start, 3), round(max(start, stop), 3), confidence, words)

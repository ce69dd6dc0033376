"""faster-whisper (CTranslate2) engine: Silero VAD cuts utterances, Whisper decodes each whole.

Feeding is cheap (the VAD only); each closed utterance comes out as a `DecodeJob`. While an
utterance is open, `partial_job()` offers, when the pipeline's worker is idle: the greedy decode
of what was said before a pause that may close it (speculation: it becomes the line if the pause
does, and the beam's decode of the same audio, over the whole window, revises it; each such
decode takes only what was said since the last, whose text stands); in a long
utterance, a greedy decode of each new stretch of about
`provisional_s` at a dip in the speech, shown as partial text so captions stay live while the
final waits for the utterance to end (it is decoded whole, with the beam, and replaces them);
and, if `whisper_partials` is on, a re-decode of everything so far.
"""

from __future__ import annotations

import logging
import math
import threading
import time
import zlib
from dataclasses import replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .encoder_cache import EncoderCache
from .engine import (
    AUTO,
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
from .quick_decode import QuickDecoder
from .settings import AsrSettings
from .vad import Segmenter, SileroVad, SpeechChunk

log = logging.getLogger(__name__)


class WhisperEngine:
    name = "whisper"

    def __init__(self, model_dir: Path, model_name: str, vad_path: Path,
                 settings: AsrSettings) -> None:
        try:
            from faster_whisper import WhisperModel
        except ImportError as missing:
            raise ModelError(f"the Whisper engine needs faster-whisper: {missing}") from None
        self.model_name = model_name
        self.settings = settings
        self.vad_path = vad_path
        self.english_only = model_name.endswith(".en")
        try:
            self.model = WhisperModel(str(model_dir), device="cpu", compute_type="int8",
                                      cpu_threads=settings.cpu_threads, num_workers=1)
        except Exception as problem:  # CTranslate2 raises RuntimeError/ValueError of its own
            raise ModelError(f"Whisper model '{model_name}' in {model_dir} does not load: "
                             f"{problem}") from None
        logging.getLogger("faster_whisper").setLevel(logging.WARNING)  # a line per decode
        # A decode whose text loops falls back to sampling at a temperature: seeded, the same
        # audio gives the same text in every run (benchmarks were otherwise not repeatable).
        import ctranslate2

        ctranslate2.set_random_seed(0)
        # A line shown from a greedy pass and revised by the beam encodes its audio once.
        self.encoder_cache = EncoderCache(self.model)
        # ... and its greedy pass encodes only the utterance and a few seconds after it
        self.quick = QuickDecoder(self.model)
        # One decode at a time per model: CTranslate2 would otherwise queue them itself.
        self._lock = threading.Lock()
        self.partials_resume_at = 0.0  # time.monotonic() before which no partial is decoded

    def open_stream(self, language: str | None = None) -> WhisperStream:
        vad = self.settings.vad
        return WhisperStream(self, Segmenter(SileroVad(
            self.vad_path, vad.silence_dbfs, vad.quiet_margin_db, vad.quiet_ceiling_dbfs),
            vad), language)

    def language_for(self, language: str | None, audio: FloatAudio) -> str | None:
        """What Whisper is told: the source's language (its primary subtag); of several
        ("en|pl"), the likelier for this audio; None: Whisper detects it."""
        if self.english_only:
            return "en"
        if language is None:
            return self.settings.language
        if language == AUTO:
            return None
        candidates = [c.split("-", 1)[0].lower() for c in language.split("|")]
        if len(candidates) == 1:
            return candidates[0]
        with self._lock:
            _best, _p, ranked = self.model.detect_language(audio)
        likely = dict(ranked)
        return max(candidates, key=lambda c: likely.get(c, 0.0))

    def decode(self, audio: FloatAudio, offset: float, words: bool = True,
               beam_size: int | None = None, language: str | None = None) -> Final | None:
        """Decode one utterance; times come back relative to the stream (`offset` added).
        In a language other than English, an English rendering comes with it when the
        settings ask (`Final.english`, machine-translated)."""
        told = self.language_for(language, audio)
        quick_context_s = self.settings.quick_context_s
        if not words and (beam_size or self.settings.beam_size) == 1 and told is not None \
                and quick_context_s > 0:
            with self._lock:
                quick = self.quick.decode(audio, told, quick_context_s)
            if quick is not None:
                return Final(quick.text, round(offset, 3),
                             round(offset + len(audio) / SAMPLE_RATE, 3), quick.confidence,
                             language=told)
        with self._lock:
            segments, info = self.model.transcribe(
                audio, language=told, beam_size=beam_size or self.settings.beam_size,
                word_timestamps=words, condition_on_previous_text=False, vad_filter=False,
                without_timestamps=not words,
            )
            found = list(segments)
        texts = [s.text.strip() for s in found if s.text.strip()]
        if not texts:
            return None
        spoken = told or info.language
        english = None
        if words and spoken and spoken != "en" and self.settings.translate_to_english:
            english = self.translate(audio, spoken)
        word_list: list[Word] = []
        for segment in found:
            for word in segment.words or ():
                word_list.append(Word(word.word.strip(), round(offset + float(word.start), 3),
                                      round(offset + float(word.end), 3),
                                      float(word.probability)))
        if word_list:
            confidence: float | None = float(np.mean([w.probability or 0.0 for w in word_list]))
        else:
            logprob = float(np.mean([s.avg_logprob for s in found]))
            confidence = math.exp(min(0.0, logprob))
        duration = len(audio) / SAMPLE_RATE
        start = word_list[0].start if word_list else offset
        end = word_list[-1].end if word_list else offset + duration
        return Final(" ".join(texts), round(max(offset, min(start, offset + duration)), 3),
                     round(min(offset + duration, max(end, start)), 3), confidence,
                     tuple(word_list), spoken, english)

    def translate(self, audio: FloatAudio, language: str) -> str | None:
        """Whisper's own rendering into English of speech in `language` (machine-made): one
        pass, at most about 4 tokens per second of speech, and none when it only repeats
        itself (Whisper's own test: text that compresses more than 2.4 times)."""
        seconds = len(audio) / SAMPLE_RATE
        with self._lock:
            segments, _info = self.model.transcribe(
                audio, language=language, task="translate", beam_size=self.settings.beam_size,
                condition_on_previous_text=False, vad_filter=False, without_timestamps=True,
                temperature=0.0, no_repeat_ngram_size=3,
                max_new_tokens=min(440, int(4 * seconds) + 16))
            text = " ".join(s.text.strip() for s in segments if s.text.strip())
        if not text:
            return None
        data = text.encode()
        return None if len(data) / len(zlib.compress(data)) > 2.4 else text


class WhisperStream:
    def __init__(self, engine: WhisperEngine, segmenter: Segmenter,
                 language: str | None = None) -> None:
        self.engine = engine
        self.segmenter = segmenter
        self.language = language  # the source's (None: the settings'; "en|pl": either)
        self._pieces: list[FloatAudio] = []
        self._start = 0
        self._heard = 0  # samples in _pieces
        self._partial_at = 0  # samples heard when the last partial was offered
        self._speculating_for: int | None = None  # the utterance end a decode was started for
        self._speculated: tuple[int, Final | None] | None = None  # that end, and its result
        self._provisional: list[str] = []  # greedy texts of the stretches decoded so far
        self._provisional_to = 0  # the stream sample up to which they reach
        self.live = True  # False (a file): no fast first line, each utterance decoded once

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
        self._pieces = []
        self._heard = 0
        self._speculated = self._speculating_for = None
        if self.segmenter.speaking:
            self.segmenter.skip(0)

    def _take(self, chunks: list[SpeechChunk]) -> list[StreamOutput]:
        out: list[StreamOutput] = []
        for chunk in chunks:
            if chunk.opens:
                self._pieces, self._start, self._heard, self._partial_at = [], chunk.start, 0, 0
                self._provisional, self._provisional_to = [], chunk.start
                out.append(Partial("", chunk.start / SAMPLE_RATE,
                                   (chunk.start + len(chunk.audio)) / SAMPLE_RATE))
            if len(chunk.audio):
                self._pieces.append(chunk.audio)
                self._heard += len(chunk.audio)
            if chunk.closes:
                jobs = self._speculated_jobs(chunk) or self._jobs(chunk)
                start = self._start / SAMPLE_RATE
                out.append(Partial("", start, chunk.end / SAMPLE_RATE, speaking=False))
                out += jobs
                self._pieces, self._heard = [], 0
        return out

    def _jobs(self, chunk: SpeechChunk) -> list[DecodeJob]:
        """The closed utterance's decode; a long one's line first from a fast greedy pass
        (provisional texts + the rest), then revised by the whole decode with the beam."""
        settings = self.engine.settings
        if chunk.speech_samples < settings.vad.min_speech_ms * SAMPLE_RATE // 1000:
            log.debug("dropped %.2f s of noise (%d ms of speech)",
                      (chunk.end - self._start) / SAMPLE_RATE,
                      chunk.speech_samples * 1000 // SAMPLE_RATE)
            return []
        audio = np.concatenate(self._pieces)[: max(0, chunk.end - self._start)] \
            if self._pieces else np.zeros(0, dtype=np.float32)
        if len(audio) == 0:
            return []
        offset, end = self._start / SAMPLE_RATE, chunk.end / SAMPLE_RATE
        engine = self.engine

        def whole(revision: bool = False) -> Final | None:
            final = engine.decode(audio, offset, language=self.language)
            return None if final is None else replace(final, key=offset, revision=revision)

        if not self.live or settings.fast_final_s <= 0 or end - offset < settings.fast_final_s:
            return [DecodeJob(offset, end, whole)]
        texts = list(self._provisional)
        rest = audio[max(0, self._provisional_to - self._start):]

        def fast() -> Final | None:
            tail = engine.decode(rest, offset, words=False, beam_size=1,
                                 language=self.language) if len(rest) \
                >= SAMPLE_RATE // 4 else None
            text = " ".join(texts + ([tail.text] if tail is not None else []))
            return Final(text, offset, end, tail.confidence if tail else None, key=offset,
                         language=tail.language if tail else None) if text else None

        return [DecodeJob(offset, end, fast),
                DecodeJob(offset, end, lambda: whole(revision=True), refinement=True)]

    def _speculated_jobs(self, chunk: SpeechChunk) -> list[DecodeJob]:
        """The line, already decoded during the pause that has now closed the utterance; if
        that decode was the fast greedy one, then the beam's decode of the same audio (over
        Whisper's whole window), which revises the line."""
        speculated, self._speculated, self._speculating_for = self._speculated, None, None
        if speculated is None or speculated[0] != chunk.end or speculated[1] is None:
            return []  # speech went on after that pause, or it found nothing: decode whole
        start, end = self._start / SAMPLE_RATE, chunk.end / SAMPLE_RATE
        final = replace(speculated[1], key=start)
        jobs = [DecodeJob(start, end, lambda: final)]
        settings = self.engine.settings
        if settings.speculate_beam_size < settings.beam_size and self._pieces:
            audio = np.concatenate(self._pieces)[: max(0, chunk.end - self._start)]
            engine, language = self.engine, self.language

            def revise() -> Final | None:
                better = engine.decode(audio, start, language=language)
                return None if better is None else replace(better, key=start, revision=True)

            jobs.append(DecodeJob(start, end, revise, refinement=True))
        return jobs

    def _speculation(self) -> DecodeJob | None:
        """While a pause runs on: decode the utterance as that pause would close it."""
        settings = self.engine.settings
        end = self.segmenter.end_if_paused_here()
        silence = self.segmenter.silence_start
        if settings.speculate_ms <= 0 or end is None or silence is None or not self._pieces:
            return None
        # not before the pause covers the padding, or the end would differ from the close's
        wait_ms = max(settings.speculate_ms, settings.vad.pad_ms)
        if self.segmenter.position - silence < wait_ms * SAMPLE_RATE // 1000:
            return None
        if end == self._speculating_for or (self.segmenter.open_speech_samples
                                            < settings.vad.min_speech_ms * SAMPLE_RATE // 1000):
            return None
        self._speculating_for = end
        offset = self._start / SAMPLE_RATE
        engine = self.engine
        beam = min(settings.speculate_beam_size, settings.beam_size)
        fast = beam < settings.beam_size  # greedy, no word times: the beam revises it
        # A greedy pass decodes only what follows the stretches already decoded (an earlier
        # pause's speculation, a long utterance's provisional stretches): their texts stand,
        # so each second of a monologue with many pauses is decoded once, not once a pause.
        begin = self._provisional_to if fast and self._provisional else self._start
        begin = min(begin, end)
        texts = list(self._provisional) if begin > self._start else []
        audio = np.concatenate(self._pieces)[begin - self._start: max(0, end - self._start)]

        def run() -> Partial | None:
            piece = engine.decode(audio, begin / SAMPLE_RATE, words=not fast,
                                  beam_size=beam, language=self.language) \
                if not texts or len(audio) >= SAMPLE_RATE // 4 else None
            found = texts + ([piece.text] if piece is not None else [])
            final = piece
            if texts:  # the line: the earlier stretches' texts and this one's
                final = Final(" ".join(found), offset, end / SAMPLE_RATE,
                              piece.confidence if piece is not None else None,
                              language=piece.language if piece is not None else None)
            self._speculated = (end, final)  # the pipeline's one worker runs this and _take
            if final is None:
                return None
            if self._start / SAMPLE_RATE == offset and fast:
                # if speech goes on, this is the provisional text up to here: no stretch of
                # it is decoded again for captions, for the next pause, nor for the fast line
                self._provisional, self._provisional_to = found, end
            return Partial(final.text, offset, final.end)

        return DecodeJob(offset, end / SAMPLE_RATE, run, partial=True)

    def _provisional_job(self) -> DecodeJob | None:
        """In a long utterance, at a dip: the new stretch decoded greedily, as partial text."""
        settings = self.engine.settings
        silence = self.segmenter.silence_start
        per_ms = SAMPLE_RATE // 1000
        if settings.provisional_s <= 0 or silence is None or not self._pieces or \
                self.segmenter.position - silence < settings.vad.short_pause_ms * per_ms or \
                silence - self._provisional_to < settings.provisional_s * SAMPLE_RATE:
            return None
        begin, end = self._provisional_to, silence + settings.vad.pad_ms * per_ms
        end = min(end, self._start + self._heard)
        audio = np.concatenate(self._pieces)[begin - self._start: end - self._start]
        self._provisional_to = end
        start, engine, texts = self._start / SAMPLE_RATE, self.engine, self._provisional

        def run() -> Partial | None:
            final = engine.decode(audio, begin / SAMPLE_RATE, words=False, beam_size=1)
            if final is not None:
                texts.append(final.text)
            return Partial(" ".join(texts), start, end / SAMPLE_RATE) if texts else None

        return DecodeJob(begin / SAMPLE_RATE, end / SAMPLE_RATE, run, partial=True)

    def partial_job(self) -> DecodeJob | None:
        speculation = self._speculation() or self._provisional_job()
        if speculation is not None:
            return speculation
        settings = self.engine.settings
        if not settings.whisper_partials or not self.segmenter.speaking or not self._pieces:
            return None
        interval = int(settings.partial_interval_s * SAMPLE_RATE)
        if self._heard - self._partial_at < interval or \
                time.monotonic() < self.engine.partials_resume_at:
            return None
        self._partial_at = self._heard
        audio = np.concatenate(self._pieces)
        offset = self._start / SAMPLE_RATE
        engine = self.engine

        def run() -> Partial | None:
            began = time.monotonic()
            final = engine.decode(audio, offset, words=False, beam_size=1,
                                  language=self.language)
            # Keep partials to their share of the one worker, so finals are not kept waiting.
            took = time.monotonic() - began
            duty = min(max(settings.partial_duty, 0.05), 1.0)
            engine.partials_resume_at = time.monotonic() + took * (1 - duty) / duty
            return None if final is None else Partial(
                final.text, offset, offset + len(audio) / SAMPLE_RATE)

        return DecodeJob(offset, offset + len(audio) / SAMPLE_RATE, run, partial=True)


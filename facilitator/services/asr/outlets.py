"""Where the transcription pipeline's results leave it, ON ITS WORKER THREAD: each callback
wrapped so that a failing listener is logged and never stops recognition (pipeline.py says
which thread must then take the result)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from .engine import Final, Partial
from .results import PartialText, RecognisedUtterance, SkippedSpeech
from .sources import AudioSource

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outlets:
    engine_label: str  # "whisper whisper-base": which recogniser made a line
    deliver: Callable[[RecognisedUtterance], None]
    on_partial: Callable[[PartialText], None] | None = None
    on_problem: Callable[[str], None] | None = None
    on_gap: Callable[[SkippedSpeech], None] | None = None

    def final(self, source: AudioSource, final: Final) -> None:
        """A line (or a better text for one: `final.revision`), with wall-clock times."""
        assert source.started_at is not None
        utterance = RecognisedUtterance(
            source.id, source.speaker_id, source.kind, source.wall(final.start),
            source.wall(final.end), final.text, final.confidence, final.words,
            source.started_at, self.engine_label,
            language=final.language, english=final.english,
            key=None if final.key is None else f"{source.id}@{final.key:.3f}",
            revision=final.revision)
        try:
            self.deliver(utterance)
        except Exception:
            log.exception("delivering an utterance failed")

    def partial(self, source: AudioSource, partial: Partial) -> None:
        if self.on_partial is None:
            return
        try:
            self.on_partial(PartialText(
                source.id, source.speaker_id, source.kind, source.wall(partial.start),
                source.wall(partial.end), partial.text, partial.speaking))
        except Exception:
            log.exception("showing a partial failed")

    def gap(self, source: AudioSource, start: float, end: float) -> None:
        """Speech from `start` to `end` (stream seconds) was dropped: tell, never silently."""
        if self.on_gap is None or source.started_at is None or end <= start:
            return
        try:
            self.on_gap(SkippedSpeech(source.id, source.speaker_id, source.kind,
                                      source.wall(start), source.wall(end)))
        except Exception:
            log.exception("recording a gap in the transcript failed")

    def problem(self, message: str) -> None:
        log.warning("%s", message)
        if self.on_problem is not None:
            try:
                self.on_problem(message)
            except Exception:
                log.exception("reporting a problem failed")

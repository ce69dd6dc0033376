"""Speech recognition settings: engine, model, where models live, and how speech is cut.

Read from the environment (for the command line and tests) and overridable by the app:

    FACILITATOR_ASR_ENGINE   whisper (default) or vosk
    FACILITATOR_ASR_MODEL    a model name from models/manifest.toml or a directory path
    FACILITATOR_MODELS       the models directory (default: the repo's models/)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

ENGINE_ENV = "FACILITATOR_ASR_ENGINE"
MODEL_ENV = "FACILITATOR_ASR_MODEL"

EngineName = Literal["whisper", "vosk"]
ENGINES: dict[str, EngineName] = {
    "whisper": "whisper", "faster-whisper": "whisper", "vosk": "vosk",
}


@dataclass(frozen=True)
class VadSettings:
    threshold: float = 0.5  # Silero speech probability that opens (and keeps) an utterance
    # This much silence closes an utterance. Whole sentences decode better than fragments:
    # on the dev speech set (benchmarks/asr_sets.py, normalised WER, Whisper base) 600 ms gave
    # 4.69% clean, 5.47% room, 4.93% phone at 0.32-0.35 CPU-s per audio s; 1000 ms gives
    # 3.97%, 4.87%, 3.31% at 0.20 (fewer decodes, each encoding a 30 s window whatever the
    # length); 1200 ms 3.43% clean, 3.73% phone. The line still comes soon after the speaker
    # stops: it is decoded while the pause runs on (AsrSettings.speculate_ms).
    pause_ms: int = 1000
    short_pause_ms: int = 200  # ... and this much once the utterance is long (see soft_max)
    # 400 ms of padding keeps word edges (most of all with reverb); 20 s / 28 s / 400 ms with
    # beam 5 against 9 s / 15 s / 200 ms with beam 1 (at 600 ms pauses): dev room 6.67 -> 5.47%,
    # phone 5.47 -> 4.93%, clean 4.33 -> 4.69%. Long utterances keep captions live with
    # provisional partials (whisper.py).
    soft_max_s: float = 20.0  # past this length, a short pause is enough to cut
    max_utterance_s: float = 28.0  # hard cut, under Whisper's 30 s window
    min_speech_ms: int = 250  # an utterance with less speech than this is a noise: dropped
    pad_ms: int = 400  # kept before the first and after the last speech window
    silence_dbfs: float = -70.0  # quieter windows skip the network entirely (muted tracks)
    # With nobody speaking, windows less than this much above the source's noise floor, and
    # under `quiet_ceiling_dbfs`, skip the network too (vad.py): room tone and line noise
    # cost almost nothing. 0: the network scores every window over `silence_dbfs`.
    quiet_margin_db: float = 10.0
    quiet_ceiling_dbfs: float = -50.0


@dataclass(frozen=True)
class AsrSettings:
    engine: EngineName = "whisper"
    model: str | None = None  # None: the manifest's default for the engine
    models_dir: Path | None = None  # None: FACILITATOR_MODELS, else the repo's models/
    manifest: Path | None = None  # None: the repo's models/manifest.toml
    language: str | None = "en"  # None: let Whisper detect it (multilingual models only)
    beam_size: int = 5  # pays off on whole sentences (see VadSettings); partials stay greedy
    cpu_threads: int = 2  # the reference machine has 2 cores; one decode runs at a time
    # Re-decode the open utterance for partial text when the worker is idle. Off by default:
    # measured with 12 sources (benchmarks/asr.py --realtime), it takes whisper-base from 0.44
    # to 0.6+ cores and delays finals; the VAD's empty "speaking" partial comes at once anyway.
    whisper_partials: bool = False
    partial_interval_s: float = 1.0  # at least this much new speech between two partials
    partial_duty: float = 0.3  # partial decodes may use at most this share of the worker
    # Once a speaker has been quiet this long, decode what they said while the pause runs on
    # (when the worker is idle): if the pause closes the utterance, that decode is its line,
    # which comes as the pause ends instead of a decode later. 0: off. Each pause this long
    # that does not end the utterance costs a decode: on 4 dev passages streamed live with 12
    # sources (benchmarks/asr.py --realtime), 400 ms gave first lines p50 2.02 s after speech
    # ended at 0.70 cores, 600 ms 1.91 s at 0.62 cores.
    speculate_ms: int = 600
    # That decode is greedy and without word times, so the line comes soon after the speaker
    # stops; the beam decode of the same audio (over Whisper's whole window) revises
    # it when its text differs (RecognitionRevised; a person's edit wins). Equal to
    # `beam_size`: the speculation is the final decode itself, nothing revised.
    speculate_beam_size: int = 1
    # Those greedy passes, whose text the beam revises (the pause's line, a long utterance's
    # fast line, provisional captions), encode only the utterance and this much silence after
    # it, not Whisper's whole 30 s window (quick_decode.py): on dev utterances of about 5 s the
    # encoder takes 0.19 s instead of 0.55 s, the text as good from 8 s (6 s: room 6.5% against
    # 6.3%; 4 s: a repetition loop, 14.3%). 0: the whole window.
    quick_context_s: float = 8.0
    # A line said in another language also gets an English rendering (Whisper's "translate"
    # task), offered to the minute-taker labelled machine-translated: one more decode per line.
    translate_to_english: bool = True
    # Captions stay live through a long utterance: once this much of it is undecoded and the
    # speaker dips for `vad.short_pause_ms`, the new stretch is decoded greedily (beam 1) on its
    # own and shown as the utterance's partial text (never stored); the final, decoded whole
    # when the utterance closes, replaces it. 0: off.
    provisional_s: float = 8.0
    # An utterance at least this long that no decode during its closing pause covered: its line
    # comes at once from the provisional texts and a greedy decode of the rest, then the whole
    # is decoded with the beam and revises the line (RecognitionRevised; a person's edit wins).
    # 0: off (the line waits for the whole decode).
    fast_final_s: float = 6.0
    max_pending_utterances: int = 8  # decode backlog; past it the oldest is dropped (logged)
    max_inbox_s: float = 30.0  # undecoded audio per source; past it the oldest is dropped
    vad: VadSettings = VadSettings()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object
                 ) -> AsrSettings:
        env = os.environ if environ is None else environ
        settings = cls()
        engine = env.get(ENGINE_ENV, "").strip().lower()
        if engine:
            if engine not in ENGINES:
                raise ValueError(f"{ENGINE_ENV}={engine!r}: use one of whisper, vosk")
            settings = replace(settings, engine=ENGINES[engine])
        model = env.get(MODEL_ENV, "").strip()
        if model:
            settings = replace(settings, model=model)
        return replace(settings, **overrides)  # type: ignore[arg-type]

    @property
    def manifest_engine(self) -> str:
        """The engine's name as models/manifest.toml spells it."""
        return "faster-whisper" if self.engine == "whisper" else "vosk"

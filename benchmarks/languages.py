"""Transcription in each source's language, and the interpreter's ducking: figures printed.

    .venv/bin/python benchmarks/languages.py

1. Whisper base on speech in Polish and Welsh. No package this project can install ships real
   Polish or Welsh speech, so the speech is espeak-ng's (synthetic, hard to understand even for
   people): the figures say whether the language reaches Whisper and what it costs, not how
   well real speech is recognised (unmeasured). For each: the text told English (as every
   source was before), told its language, and Whisper's English rendering (task=translate),
   with CPU seconds (user+system, all threads) per audio second.
2. The interpreter's choice between English and Polish ("en|pl", Whisper's language scores) on
   the 5 LibriVox English clips: how many are taken as English.
3. The mixer's ducking: the interpreter over the original at the interpreted person, from the
   pure mixer (the real-peer figure is printed by tests/rtc/test_interpreter_channel.py), and
   what one interpreted listener costs the 20 ms tick (one more mix and Opus encoding).
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from facilitator.services.asr.engine import Final, run_all  # noqa: E402
from facilitator.services.asr.resample import Resampler  # noqa: E402
from facilitator.services.rtc.mixer import FRAME_SAMPLES, SAMPLE_RATE, AudioMixer  # noqa: E402
from tests.services.test_asr_common import engine, espeak, librivox  # noqa: E402

SPEECH = {
    "pl": "Dzień dobry. Nazywam się Liam. Chcę, żeby moja córka była bezpieczna w domu.",
    "cy": "Bore da. Rydw i eisiau i fy mhlentyn fod yn ddiogel gartref.",
}


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def decode(audio: np.ndarray, language: str | None) -> tuple[list[Final], float]:
    recogniser = engine("whisper-base")
    stream = recogniser.open_stream(language) if language else recogniser.open_stream()
    began = cpu()
    finals = [f for f in run_all(stream.feed(audio)) + run_all(stream.finish())
              if isinstance(f, Final)]
    return finals, cpu() - began


def languages() -> None:
    clips = librivox()
    decode(clips[0].audio, None)  # the model loaded and warm before anything is counted
    used = sum(decode(c.audio, None)[1] for c in clips)
    print(f"English (LibriVox, {len(clips)} clips): "
          f"{used / sum(len(c.audio) / 16000 for c in clips):.2f} CPU-s per audio s")
    for tag, sentence in SPEECH.items():
        pcm, rate = espeak(sentence, tag)
        audio = np.concatenate([np.zeros(8000, np.float32), Resampler()(pcm, rate),
                                np.zeros(16000, np.float32)])
        seconds = len(audio) / 16000
        print(f"\n{tag}: espeak-ng '{sentence}' ({seconds:.1f} s)")
        for told in (None, tag):
            finals, used = decode(audio, told)
            text = " ".join(f.text for f in finals)
            english = " ".join(f.english or "" for f in finals)
            print(f"  told {told or 'en (settings)'}: {used / seconds:.2f} CPU-s per audio s "
                  f"(with the translation when not English)\n    text: {text}")
            if english:
                print(f"    English, machine-translated: {english}")
    chosen = []
    for clip in clips:
        finals, _ = decode(clip.audio, "en|pl")
        chosen += [f.language for f in finals]
    print(f"\ninterpreter 'en|pl' on {len(clips)} LibriVox English clips: "
          f"{chosen.count('en')} of {len(chosen)} lines taken as English")


def ducking() -> None:
    t = np.arange(FRAME_SAMPLES) / SAMPLE_RATE
    mixer = AudioMixer()
    heard = {"liam": True, "jade": True}
    for _ in range(5):
        mixer.source("tom").push((0.3 * np.sin(2 * np.pi * 1700 * t)).astype(np.float32))
        mixer.source("zofia").push((0.3 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32))
        result = mixer.tick(heard, lambda a, b: a != b,
                            lambda a: frozenset({"zofia"}) if a == "liam" else frozenset())

    def level(samples: np.ndarray, frequency: float) -> float:
        return float(abs(np.dot(samples, np.exp(-2j * np.pi * frequency * t))))

    for who in heard:
        over = 20 * np.log10(level(result.pcm[who], 1000) / level(result.pcm[who], 1700))
        print(f"mixer: at {who}, the interpreter {over:+.1f} dB over the original")
    tone = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    listeners = {f"p{i}": False for i in range(12)}  # Opus out, as remote peers
    for label, theirs in (("no interpreter", frozenset[str]()),
                          ("p0 has an interpreter", frozenset({"zofia"}))):
        mixer = AudioMixer()
        began = cpu()
        for _ in range(500):
            for talker in ("p1", "zofia"):
                mixer.source(talker).push(tone)
            mixer.tick(listeners, lambda a, b: a != b,
                       lambda a, i=theirs: i if a == "p0" else frozenset())
        print(f"mixer, 12 listeners and 2 talkers, {label}: "
              f"{(cpu() - began) / 500 * 1000:.2f} ms CPU per 20 ms tick")


if __name__ == "__main__":
    ducking()
    languages()

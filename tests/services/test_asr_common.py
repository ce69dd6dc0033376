"""Shared material for the speech tests (real speech, real models), and the WER function's tests.

Speech: the LibriVox clips of Debian's pocketsphinx-testdata (16 kHz, with a transcription
file) and espeak-ng for more. Models: the repo's models/ as scripts/install_models.py assembled
them. When any of these is absent the tests that need it are skipped, except under CI, where a
missing install step must fail.

Models are loaded once per test session (functools.cache) and shared by the modules.
"""

from __future__ import annotations

import atexit
import functools
import os
import re
import shutil
import subprocess
import wave
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from facilitator.app import ConferenceSession
from facilitator.cli import demo_data
from facilitator.domain.clock import Clock, ManualClock, SystemClock
from facilitator.domain.commands.agenda import start_meeting
from facilitator.services.asr import AsrSettings, Engine, open_engine
from facilitator.services.asr.models import REPO_MODELS, load_manifest
from facilitator.services.asr.wer import edit_distance, normalise, word_error_rate
from facilitator.services.conference_file import build_conference
from facilitator.services.database import open_database
from facilitator.services.store import EventStore

LIBRIVOX_DIRS = (Path("/usr/share/pocketsphinx/test/data/librivox"),
                 Path("/usr/share/pocketsphinx/testdata/librivox"))
Int16Audio = npt.NDArray[np.int16]


def require(condition: bool, why: str) -> None:
    """Skip when something installed by scripts/setup.sh is missing; fail under CI."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{why}: the install step (scripts/setup.sh) should have provided it")
    pytest.skip(why)


@dataclass(frozen=True)
class Clip:
    name: str
    audio: Int16Audio  # 16 kHz mono
    text: str

    @property
    def seconds(self) -> float:
        return len(self.audio) / 16_000


def read_wav(path: Path) -> tuple[Int16Audio, int]:
    with wave.open(str(path)) as w:
        assert w.getsampwidth() == 2, f"{path}: 16-bit PCM expected"
        audio = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
        if w.getnchannels() > 1:
            audio = audio.reshape(-1, w.getnchannels())[:, 0].copy()
        return audio, w.getframerate()


@functools.cache
def _librivox() -> tuple[Clip, ...]:
    for folder in LIBRIVOX_DIRS:
        transcription = folder / "transcription"
        if transcription.is_file():
            clips = []
            for line in transcription.read_text().splitlines():
                match = re.match(r"<s>(.*)</s>\s*\((.*)\)", line.strip())
                if match:
                    name = match.group(2).strip()
                    audio, rate = read_wav(folder / f"{name}.wav")
                    assert rate == 16_000
                    clips.append(Clip(name, audio, match.group(1).strip()))
            return tuple(clips)
    return ()


def librivox() -> tuple[Clip, ...]:
    clips = _librivox()
    require(len(clips) == 5, "pocketsphinx-testdata (LibriVox clips) is not installed")
    return clips


def clip(suffix: str) -> Clip:
    return next(c for c in librivox() if c.name.endswith(suffix))


def silence(seconds: float) -> Int16Audio:
    return np.zeros(int(seconds * 16_000), dtype=np.int16)


def espeak(text: str, voice: str = "en-gb", tmp: Path | None = None) -> tuple[Int16Audio, int]:
    """Speech synthesised by espeak-ng (22,050 Hz), read back from its WAV file."""
    binary = shutil.which("espeak-ng")
    require(binary is not None, "espeak-ng is not installed")
    assert binary is not None
    folder = tmp or Path(os.environ.get("TMPDIR", "/tmp"))
    out = folder / f"espeak-{abs(hash((text, voice)))}.wav"
    subprocess.run([binary, "-v", voice, "-w", str(out), text], check=True,
                   capture_output=True, timeout=60)
    try:
        return read_wav(out)
    finally:
        out.unlink(missing_ok=True)


def models_installed(*names: str) -> bool:
    manifest = load_manifest()
    return all((REPO_MODELS / name).is_dir() and name in manifest.models for name in names)


@functools.cache
def _engine(engine: str, model: str) -> Engine:
    return open_engine(AsrSettings(engine=engine, model=model,  # type: ignore[arg-type]
                                   whisper_partials=False))


# Free the models before the interpreter tears modules down (vosk.Model.__del__ needs its module).
atexit.register(_engine.cache_clear)


def engine(model: str = "whisper-tiny.en", partials: bool = False, **settings: Any) -> Engine:
    """A loaded engine (once per session); other settings give a copy sharing the model."""
    require(models_installed(model), f"speech model {model} is not installed in models/")
    loaded = _engine("vosk" if model.startswith("vosk") else "whisper", model)
    if not partials and not settings:
        return loaded
    clone = object.__new__(type(loaded))
    clone.__dict__.update(loaded.__dict__)
    clone.settings = replace(loaded.settings, whisper_partials=partials,  # type: ignore[attr-defined]
                             **settings)
    return clone


def make_session(clock: Clock | None = None, started: bool = True) -> ConferenceSession:
    """The fictional demo conference in an in-memory store, its meeting started."""
    store = EventStore(open_database(memory=True))
    clock = clock or ManualClock(SystemClock().now())
    conference = store.create(build_conference(demo_data(clock.now()), clock.now()))
    if isinstance(clock, ManualClock):
        clock.set(conference.details.scheduled_start + timedelta(minutes=1))
    session = ConferenceSession(store, conference, clock)
    if started:
        session.execute(start_meeting)
    return session


def attendee(session: ConferenceSession, name: str) -> str:
    return next(a.id for a in session.conference.attendees.values() if a.name == name)


# ---- the WER function itself -------------------------------------------------------------

def test_word_error_rate_counts_edits_after_normalising() -> None:
    assert normalise("Mr. John Dashwood, ill-disposed!") == \
        ["mister", "john", "dashwood", "ill", "disposed"]
    assert edit_distance(["a", "b", "c", "d"], ["a", "x", "c"]) == 2  # 1 substitution, 1 deletion
    assert edit_distance([], ["a", "b"]) == 2
    assert word_error_rate(["he was not an ill disposed young man"],
                           ["He was not an old-sposed young man."]) == pytest.approx(2 / 8)
    assert word_error_rate(["a b"], ["A, b."]) == 0.0

"""Spoken prompts for phone callers: texts in assets/prompts/<language>.yaml, spoken by
espeak-ng on this computer the first time they are needed and cached (never fetched).

Conferences in Wales speak each prompt in Welsh, then in English.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import platformdirs
import yaml

from ...domain.calendar import Nation
from ..asset_schema import PHONE_PROMPTS, check
from ..database import APP_NAME
from ..templates import assets_dir
from .codecs import HUB_RATE, Float, Resampler

log = logging.getLogger(__name__)
CACHE_ENV = "FACILITATOR_PROMPT_CACHE"
GAP = np.zeros(HUB_RATE // 2, np.float32)  # half a second between languages
LEAD = np.zeros(HUB_RATE // 5, np.float32)
LEVEL = 0.5  # peak level: clear on a phone, never clipping


class PromptError(Exception):
    """A prompt text or voice that cannot be used."""


@dataclass(frozen=True)
class PromptText:
    language: str
    voice: str
    speed: int
    key: str
    text: str

    @property
    def digest(self) -> str:
        seed = f"{self.voice}|{self.speed}|{self.text}".encode()
        return hashlib.sha256(seed).hexdigest()[:20]


def languages_for(nation: Nation) -> tuple[str, ...]:
    return ("cy", "en") if nation is Nation.WALES else ("en",)


def load_texts(language: str) -> dict[str, PromptText]:
    path = assets_dir() / "prompts" / f"{language}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as bad:
        raise PromptError(f"prompt texts {path}: {bad}") from None
    check(data, PHONE_PROMPTS, f"prompt texts {path}", PromptError)
    voice, speed = str(data.get("voice", language)), int(data.get("speed", 145))
    return {str(k): PromptText(language, voice, speed, str(k), " ".join(str(v).split()))
            for k, v in data["prompts"].items()}


def cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV)
    base = Path(override) if override else Path(platformdirs.user_cache_dir(
        APP_NAME, appauthor=False)) / "prompts"
    base.mkdir(parents=True, exist_ok=True)
    return base


def render(prompt: PromptText, directory: Path) -> Path:
    """The prompt as a WAV file, spoken by espeak-ng unless already in the cache."""
    target = directory / f"{prompt.language}-{prompt.key}-{prompt.digest}.wav"
    if target.is_file() and target.stat().st_size > 44:
        return target
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise PromptError("espeak-ng is not installed (apt-get install espeak-ng)")
    partial = target.with_suffix(".part")
    result = subprocess.run(  # a fixed program; the text is one argument, never a shell
        [espeak, "-v", prompt.voice, "-s", str(prompt.speed), "-w", str(partial),
         "--", prompt.text], capture_output=True, timeout=60, check=False)
    if result.returncode != 0 or not partial.is_file():
        raise PromptError(f"espeak-ng failed for {prompt.key}: "
                          f"{result.stderr.decode(errors='replace')[:200]}")
    partial.replace(target)
    return target


def read_wav(path: Path) -> Float:
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2:
            raise PromptError(f"{path}: expected 16-bit audio")
        channels, rate = wav.getnchannels(), wav.getframerate()
        pcm = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
    samples = pcm.reshape(-1, channels).mean(axis=1).astype(np.float32) / 32768.0
    resampler = Resampler(rate, HUB_RATE)
    out = np.concatenate([resampler(samples), resampler(np.zeros(rate // 10, np.float32))])
    peak = float(np.max(np.abs(out))) if len(out) else 0.0
    return (out * (LEVEL / peak) if peak > 0 else out).astype(np.float32)


def chime() -> Float:
    """What a caller hears when a prompt cannot be spoken: two soft notes."""
    t = np.arange(HUB_RATE // 4) / HUB_RATE
    fade = np.minimum(1.0, np.minimum(t, t[::-1]) * 40)
    notes = [0.2 * np.sin(2 * np.pi * f * t) * fade for f in (660.0, 880.0)]
    return np.concatenate(notes).astype(np.float32)


class Prompts:
    """Every prompt of the line's languages, as 48 kHz audio, prepared before calls come."""

    def __init__(self, languages: tuple[str, ...], directory: Path | None = None) -> None:
        self.languages = languages
        self.directory = directory
        self.texts = {language: load_texts(language) for language in languages}
        self._audio: dict[str, Float] = {}
        self._single: dict[tuple[str, str], Float] = {}  # (language, key): one language only

    def prepare(self) -> None:
        """Render and load them all (blocking: run it in a worker thread)."""
        directory = self.directory or cache_dir()
        keys = set().union(*(texts.keys() for texts in self.texts.values()))
        for key in sorted(keys):
            parts: list[Float] = [LEAD]
            for language in self.languages:
                prompt = self.texts[language].get(key)
                if prompt is None:
                    continue
                try:
                    spoken = read_wav(render(prompt, directory))
                except (PromptError, OSError, subprocess.TimeoutExpired) as failed:
                    log.error("prompt %s/%s cannot be spoken: %s", language, key, failed)
                    spoken = chime()
                parts += [spoken, GAP]
                self._single[(language, key)] = np.concatenate(
                    [LEAD, spoken, GAP]).astype(np.float32)
            self._audio[key] = np.concatenate(parts).astype(np.float32)

    def audio(self, key: str, language: str | None = None) -> Float:
        """The prompt in every language of the line (Welsh, then English, in Wales), or only
        in `language` once the caller is known to speak it (their recorded language)."""
        if not self._audio:
            self.prepare()
        if key not in self._audio:
            raise PromptError(f"no prompt '{key}'")
        if language is not None:
            primary = language.split("-", 1)[0].lower()
            if (primary, key) in self._single:
                return self._single[(primary, key)]
        return self._audio[key]

    def text(self, key: str) -> str:
        return " / ".join(t[key].text for t in self.texts.values() if key in t)

"""The room's sound devices: which exist, a test tone and a "say something" check.

    list_devices(Direction.INPUT)               # name, host API, default or not
    play_test_tone("USB Speakerphone")          # 440 Hz for 1 s: CheckResult(ok, message)
    say_something("USB Speakerphone")           # records 3 s: SpeechCheck(heard, ...)

Nothing here raises for a missing or refusing device (or a missing PortAudio): the result says
what went wrong in one sentence the chair can read. sounddevice is imported lazily.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .echo import SAMPLE_RATE
from .meters import dbfs

log = logging.getLogger(__name__)

DeviceSpec = int | str | None  # a PortAudio index, a device name, or None for the default
SPEECH_DBFS = -50.0  # 20 ms frames louder than this (and above the noise) may be speech
SPEECH_SECONDS = 0.3  # this much speech-like audio means "we heard you"


class Direction(enum.Enum):
    INPUT = "input"
    OUTPUT = "output"


@dataclass(frozen=True)
class AudioDevice:
    index: int
    name: str
    host_api: str
    channels: int
    default_rate: float
    is_default: bool


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    message: str


@dataclass(frozen=True)
class SpeechCheck:
    heard: bool
    speech_seconds: float
    peak_dbfs: float
    noise_dbfs: float
    message: str


def sounddevice() -> Any:
    """sounddevice, imported on first use: it loads PortAudio (OSError when it is missing)."""
    import sounddevice as sd

    return sd


def list_devices(direction: Direction) -> list[AudioDevice]:
    """Devices that can record (INPUT) or play (OUTPUT); [] when PortAudio finds none."""
    key = "max_input_channels" if direction is Direction.INPUT else "max_output_channels"
    try:
        sd = sounddevice()
        apis = sd.query_hostapis()
        default = sd.default.device[0 if direction is Direction.INPUT else 1]
        return [AudioDevice(int(d["index"]), str(d["name"]), str(apis[d["hostapi"]]["name"]),
                            int(d[key]), float(d["default_samplerate"]),
                            int(d["index"]) == default)
                for d in sd.query_devices() if int(d[key]) > 0]
    except Exception as problem:  # OSError (no PortAudio), PortAudioError
        log.warning("cannot list audio devices: %s", problem)
        return []


def device_present(device: DeviceSpec, direction: Direction) -> bool:
    """Whether PortAudio currently knows this device (by index, exact name, or name part)."""
    if device is None:
        return bool(list_devices(direction))
    for candidate in list_devices(direction):
        if device in (candidate.index, candidate.name):
            return True
        if isinstance(device, str) and device.lower() in candidate.name.lower():
            return True
    return False


def describe(device: DeviceSpec) -> str:
    return "the default device" if device is None else repr(device)


def tone(frequency: float = 440.0, seconds: float = 1.0, level_dbfs: float = -12.0,
         rate: int = SAMPLE_RATE) -> npt.NDArray[np.float32]:
    """A sine with 10 ms fades (no clicks)."""
    t = np.arange(int(rate * seconds)) / rate
    samples = np.sin(2 * np.pi * frequency * t) * 10 ** (level_dbfs / 20)
    fade = min(len(samples) // 2, rate // 100)
    if fade:
        ramp = np.linspace(0.0, 1.0, fade)
        samples[:fade] *= ramp
        samples[-fade:] *= ramp[::-1]
    return samples.astype(np.float32)


def play_test_tone(device: DeviceSpec = None, frequency: float = 440.0,
                   seconds: float = 1.0) -> CheckResult:
    """Play the test tone on an output device and wait for it to finish."""
    try:
        sd = sounddevice()
        sd.play(tone(frequency, seconds), SAMPLE_RATE, device=device, blocking=True)
    except Exception as problem:
        log.warning("test tone on %s failed: %s", describe(device), problem)
        return CheckResult(False, f"The loudspeakers ({describe(device)}) cannot play: {problem}")
    return CheckResult(True, f"A {frequency:.0f} Hz tone was played on {describe(device)}.")


def say_something(device: DeviceSpec = None, seconds: float = 3.0) -> SpeechCheck:
    """Record from an input device for a few seconds and say whether speech-level audio came."""
    try:
        sd = sounddevice()
        recording = sd.rec(int(seconds * SAMPLE_RATE), samplerate=SAMPLE_RATE, channels=1,
                           dtype="float32", device=device, blocking=True)
    except Exception as problem:
        log.warning("recording from %s failed: %s", describe(device), problem)
        return SpeechCheck(False, 0.0, -120.0, -120.0,
                           f"The microphone ({describe(device)}) cannot record: {problem}")
    return speech_in(np.asarray(recording, dtype=np.float32)[:, 0])


def speech_in(samples: npt.NDArray[np.float32], rate: int = SAMPLE_RATE) -> SpeechCheck:
    """Judge a recording: enough 20 ms frames loud, above the noise floor and voice-like."""
    frame = rate // 50
    count = len(samples) // frame
    if count == 0:
        return SpeechCheck(False, 0.0, -120.0, -120.0, "Nothing was recorded.")
    frames = samples[:count * frame].astype(np.float64).reshape(count, frame)
    levels = np.array([dbfs(float(v)) for v in np.sqrt(np.mean(frames ** 2, axis=1))])
    noise = float(np.percentile(levels, 10))
    peak = dbfs(float(np.max(np.abs(samples))))
    loud = (levels > SPEECH_DBFS) & (levels > noise + 10.0)
    voiced = _voice_like(frames, rate)
    speech_seconds = float(np.sum(loud & voiced)) * frame / rate
    if speech_seconds >= SPEECH_SECONDS:
        message = f"Speech heard ({speech_seconds:.1f} s, peak {peak:.0f} dBFS)."
    elif peak <= -90.0:
        message = "Silence: the microphone sends nothing (muted, or the wrong device?)."
    elif noise > SPEECH_DBFS:
        message = (f"Only steady sound at {noise:.0f} dBFS (noise or a tone), no speech. "
                   "Try again, speaking normally.")
    elif not np.any(loud):
        message = (f"Too quiet: peak {peak:.0f} dBFS over a noise floor of {noise:.0f} dBFS. "
                   "Speak closer or raise the microphone's level.")
    else:
        message = "Sound arrived but it did not sound like speech. Try again, speaking normally."
    return SpeechCheck(speech_seconds >= SPEECH_SECONDS, speech_seconds, peak, noise, message)


def _voice_like(frames: npt.NDArray[np.float64], rate: int) -> npt.NDArray[np.bool_]:
    """Per frame: WebRTC's voice probability >= 0.5 (all True if the wheel is missing)."""
    try:
        from pywebrtc_audio import VoiceDetector
    except ImportError:
        return np.ones(len(frames), dtype=bool)
    detector = VoiceDetector(rate, 1)
    half = frames.shape[1] // 2
    result = np.zeros(len(frames), dtype=bool)
    for i, frame in enumerate(frames.astype(np.float32)):
        detector.process(np.ascontiguousarray(frame[:half]))
        first = detector.speech_probability
        detector.process(np.ascontiguousarray(frame[half:]))
        result[i] = max(first, detector.speech_probability) >= 0.5
    return result

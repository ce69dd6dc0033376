"""The room microphone: a sounddevice (PortAudio) input stream feeding one transcription source.

    mic = RoomMicrophone(pipeline.add_source("room"), device=settings_device,
                         on_problem=window.warn)
    if not mic.start():           # False: no device, or it refused; the meeting carries on
        ...
    mic.stop()

The stream asks for 16 kHz mono; a device that cannot open at 16 kHz is opened at its own
default rate and the source resamples. The PortAudio callback only copies the block and pushes
it (no recognition there). Device errors never raise out of `start`/`stop`: they become a
one-line warning through `on_problem` and the log. Audio is never written to disk.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from .asr.engine import SAMPLE_RATE

log = logging.getLogger(__name__)

BLOCK_SECONDS = 0.1  # 100 ms blocks: the VAD and partials do not need smaller ones


class AudioSink(Protocol):
    """What the microphone feeds: an asr AudioSource (or anything with the same push)."""

    def push(self, samples: Any, sample_rate: int) -> None: ...


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    host_api: str
    channels: int
    default_rate: float

    def __str__(self) -> str:
        return f"{self.index}: {self.name} ({self.host_api}, {self.channels} ch, " \
               f"{self.default_rate:.0f} Hz)"


def _sounddevice() -> Any:
    """Import sounddevice lazily: it loads PortAudio, which may be missing (OSError)."""
    import sounddevice

    return sounddevice


def input_devices() -> list[InputDevice]:
    """Devices that can record; [] when PortAudio is missing or finds none."""
    try:
        sd = _sounddevice()
        apis = sd.query_hostapis()
        return [
            InputDevice(int(d["index"]), str(d["name"]), str(apis[d["hostapi"]]["name"]),
                        int(d["max_input_channels"]), float(d["default_samplerate"]))
            for d in sd.query_devices() if int(d["max_input_channels"]) > 0
        ]
    except Exception as problem:  # OSError (no PortAudio), sounddevice.PortAudioError
        log.warning("cannot list audio devices: %s", problem)
        return []


class RoomMicrophone:
    """Records one input device into `sink`. start/stop are for the owner's thread."""

    def __init__(self, sink: AudioSink, device: int | str | None = None,
                 on_problem: Callable[[str], None] | None = None,
                 block_seconds: float = BLOCK_SECONDS) -> None:
        self.sink = sink
        self.device = device
        self.on_problem = on_problem
        self.block_seconds = block_seconds
        self.sample_rate: int | None = None
        self.frames = 0  # frames received since start
        self.overflows = 0
        self._stream: Any = None
        self._lock = threading.Lock()
        self._last_status_report = 0.0
        self._stopping = False

    @property
    def running(self) -> bool:
        stream = self._stream
        return bool(stream is not None and stream.active)

    def start(self) -> bool:
        """Open and start the device; False (with a warning) if it cannot be used."""
        if self._stream is not None:
            return True
        try:
            sd = _sounddevice()
        except (OSError, ImportError) as problem:
            return self._fail(f"the room microphone is off: PortAudio is not available "
                              f"({problem})")
        self._stopping = False
        last: Exception | None = None
        for rate in self._rates(sd):
            try:
                stream = sd.InputStream(
                    samplerate=rate, channels=1, dtype="float32", device=self.device,
                    blocksize=int(rate * self.block_seconds), callback=self._callback,
                    finished_callback=self._finished)
                stream.start()
            except Exception as problem:  # PortAudioError, ValueError for an unknown device
                last = problem
                log.info("microphone %r refused %s Hz: %s", self.device, rate, problem)
                continue
            self._stream = stream
            self.sample_rate = int(rate)
            log.info("room microphone %r open at %d Hz", self.device, rate)
            return True
        return self._fail(f"the room microphone ({self._name()}) cannot be opened: {last}")

    def _rates(self, sd: Any) -> list[int]:
        rates = [SAMPLE_RATE]
        try:
            default = int(sd.query_devices(self.device, "input")["default_samplerate"])
            if default and default != SAMPLE_RATE:
                rates.append(default)
        except Exception as problem:
            log.info("no default rate for microphone %r: %s", self.device, problem)
        return rates

    def stop(self) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
            self._stopping = True
        if stream is None:
            return
        try:
            stream.stop()
            stream.close()
        except Exception as problem:
            log.warning("closing the room microphone: %s", problem)

    def _callback(self, indata: npt.NDArray[np.float32], frames: int, _time: Any,
                  status: Any) -> None:
        # PortAudio's thread: copy, push, return. Never raise here.
        if status:
            self._status(status)
        self.frames += frames
        try:
            self.sink.push(indata[:, 0].copy(), self.sample_rate or SAMPLE_RATE)
        except Exception:
            log.exception("the transcription source refused audio")

    def _status(self, status: Any) -> None:
        if getattr(status, "input_overflow", False):
            self.overflows += 1
        now = time.monotonic()
        if now - self._last_status_report > 30:
            self._last_status_report = now
            log.warning("room microphone: %s (lost audio: %d overflows so far)", status,
                        self.overflows)

    def _finished(self) -> None:
        if not self._stopping:  # the device went away (unplugged, server gone)
            self._stream = None
            self._report(f"the room microphone ({self._name()}) stopped: check the device; "
                         "the meeting goes on without room transcription")

    def _name(self) -> str:
        return "the default device" if self.device is None else repr(self.device)

    def _fail(self, message: str) -> bool:
        self._report(message)
        return False

    def _report(self, message: str) -> None:
        log.warning("%s", message)
        if self.on_problem is not None:
            try:
                self.on_problem(message)
            except Exception:
                log.exception("reporting a microphone problem failed")

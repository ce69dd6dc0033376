"""A stand-in for the media hub's 20 ms clock: pushes frames of far-end audio to a RoomAudio's
push_output from its own thread, as the hub's loop does, and collects what the room sends."""

from __future__ import annotations

import threading
import time

import numpy as np
import numpy.typing as npt

FRAME = 960


class FakeHub:
    def __init__(self, push: object, far: npt.NDArray[np.float32] | None = None) -> None:
        self.push = push
        self.far = far if far is not None else np.zeros(0, dtype=np.float32)
        self.position = 0
        self.received: list[npt.NDArray[np.float32]] = []
        self.errors: list[BaseException] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._lock = threading.Lock()

    def room_input(self, frame: npt.NDArray[np.float32]) -> None:
        with self._lock:
            self.received.append(frame)

    def received_audio(self) -> npt.NDArray[np.float32]:
        with self._lock:
            return np.concatenate(self.received) if self.received else np.zeros(0, np.float32)

    def start(self) -> FakeHub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        next_at = time.monotonic()
        while not self._stop.is_set():
            next_at += FRAME / 48_000
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            frame = np.zeros(FRAME, dtype=np.float32)
            piece = self.far[self.position:self.position + FRAME]
            frame[:len(piece)] = piece
            self.position += FRAME
            try:
                self.push(frame)  # type: ignore[operator]
            except BaseException as problem:  # the test asserts none escaped
                self.errors.append(problem)

"""The room camera never holds up the media loop that also carries everyone's sound: a camera
that blocks between frames, a reader that falls behind, a loop that was stalled, a slow encode,
and the device let go when the camera stops."""

from __future__ import annotations

import asyncio
import errno
import os
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from facilitator.services.rtc import room_camera
from facilitator.services.rtc.room_camera import VIDEO_CLOCK, RoomCamera, camera_frames

SIZE = (320, 240)
LUMA_BYTES = SIZE[0] * SIZE[1]
STALL = 0.04  # s: a 10 ms tick later than this was held up (a camera's read holds it ~66 ms)
MACHINE_HICCUPS = 2  # such late ticks a loaded shared machine may cause on its own in a test


class PipeCamera:
    """A device that delivers a frame every 1/fps s and blocks its reader in between, as a
    camera does: raw yuv420p frames written into a named pipe at the camera's pace (frame n is
    all grey level n, so a reader can tell which frame it got)."""

    def __init__(self, tmp_path: Path, fps: int = 15, seconds: float = 6.0) -> None:
        self.path = tmp_path / "camera"
        os.mkfifo(self.path)
        self.fps = fps
        self.written = 0
        self.let_go = threading.Event()  # the reader closed the device
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._write, args=(seconds,), daemon=True)
        self._thread.start()

    def _write(self, seconds: float) -> None:
        colour = np.full(LUMA_BYTES // 2, 128, np.uint8).tobytes()
        try:
            with open(self.path, "wb", buffering=0) as pipe:
                began = time.monotonic()
                for number in range(int(seconds * self.fps)):
                    if self._stop.is_set():
                        return
                    pipe.write(bytes([number % 256]) * LUMA_BYTES + colour)
                    self.written += 1
                    time.sleep(max(0.0, began + (number + 1) / self.fps - time.monotonic()))
        except BrokenPipeError:
            self.let_go.set()

    def frames(self) -> AsyncIterator[av.VideoFrame]:
        return camera_frames(str(self.path), format="rawvideo",
                             options={"video_size": f"{SIZE[0]}x{SIZE[1]}",
                                      "pixel_format": "yuv420p", "framerate": str(self.fps)})

    def is_open(self) -> bool:
        """Whether the reader still holds the device open."""
        try:
            probe = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as closed:
            if closed.errno == errno.ENXIO:  # no reader has the pipe open
                return False
            raise
        os.close(probe)
        return True

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)


def number_of(frame: av.VideoFrame) -> int:
    return int(np.frombuffer(bytes(frame.planes[0]), np.uint8)[0])


async def heartbeat(gaps: list[float], stop: asyncio.Event) -> None:
    """What the loop's other work sees: a tick every 10 ms, and how late each came."""
    last = time.monotonic()
    while not stop.is_set():
        await asyncio.sleep(0.01)
        now = time.monotonic()
        gaps.append(now - last)
        last = now


def assert_loop_kept_ticking(gaps: list[float]) -> None:
    late = sorted(round(gap * 1000) for gap in gaps if gap > STALL)
    assert len(late) <= MACHINE_HICCUPS, f"{len(late)} of {len(gaps)} ticks held up: {late} ms"


async def threads_back_to(count: int) -> bool:
    deadline = time.monotonic() + 2.0
    while threading.active_count() > count and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    return threading.active_count() <= count


def test_a_camera_that_blocks_between_frames_does_not_block_the_loop(tmp_path: Path) -> None:
    camera = PipeCamera(tmp_path, fps=15)
    threads_before = threading.active_count()

    async def scenario() -> tuple[int, list[float], bool]:
        gaps: list[float] = []
        done = asyncio.Event()
        beat = asyncio.create_task(heartbeat(gaps, done))
        frames = camera.frames()
        got = 0
        async for frame in frames:
            assert (frame.width, frame.height) == SIZE
            got += 1
            if got == 20:
                break
        await frames.aclose()
        done.set()
        await beat
        return got, gaps, await threads_back_to(threads_before)

    try:
        got, gaps, threads_ended = asyncio.run(scenario())
    finally:
        camera.close()
    assert got == 20
    # the loop kept ticking every 10 ms while the device was read (reading it on the loop
    # holds the loop until the camera's next frame)
    assert_loop_kept_ticking(gaps)
    assert threads_ended, "the camera's thread outlived its closed iterator"


def test_only_the_newest_frame_waits_for_a_reader_that_fell_behind(tmp_path: Path) -> None:
    camera = PipeCamera(tmp_path, fps=15)

    async def scenario() -> tuple[int, int]:
        frames = camera.frames()
        await anext(frames)
        first = number_of(await anext(frames))
        await asyncio.sleep(0.6)  # busy elsewhere for 9 of the camera's frames
        after = number_of(await anext(frames))
        await frames.aclose()
        return first, after

    try:
        first, after = asyncio.run(scenario())
    finally:
        camera.close()
    # the picture shown after the pause is the current one, not the one after the last shown
    assert after - first >= 6, f"frame {after} after frame {first}: a backlog was kept"


def test_a_camera_that_cannot_open_says_so() -> None:
    async def scenario() -> None:
        async for _frame in camera_frames("/nonexistent/camera", format="rawvideo",
                                          options={"video_size": "320x240"}):
            pass

    try:
        asyncio.run(scenario())
    except av.error.FFmpegError:
        return
    raise AssertionError("no error for a camera that is not there")


def test_stopping_the_room_camera_lets_the_device_go(tmp_path: Path) -> None:
    device = PipeCamera(tmp_path, fps=15)
    threads_before = threading.active_count()

    async def scenario() -> tuple[bool, bool]:
        camera = RoomCamera(device.frames(), fps=15, size=SIZE)
        camera.start()
        while device.written < 5:  # the device is being read
            await asyncio.sleep(0.02)
        await camera.stop()  # cancels the task reading the frames
        # once stopped, the device can be opened again at once (a room link that reconnects)
        return device.is_open(), await threads_back_to(threads_before)

    try:
        still_open, threads_ended = asyncio.run(scenario())
        released = device.let_go.wait(2.0)
    finally:
        device.close()
    assert not still_open, "the stopped camera still held the device"
    assert threads_ended, "the camera's thread outlived the stopped camera"
    assert released, "the device was never closed"


def test_a_camera_failing_with_any_ffmpeg_error_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    class FailingCamera:
        """Opens, then fails on its first read with an FFmpeg error that is a RuntimeError."""

        streams = type("Streams", (), {"video": [None]})

        def demux(self, stream: object) -> Any:
            raise av.error.NotImplementedError(errno.ENOSYS, "Function not implemented")

        def close(self) -> None:
            pass

    monkeypatch.setattr(av, "open", lambda *args, **kwargs: FailingCamera())

    async def scenario() -> None:
        frames = camera_frames("/dev/video9")
        await asyncio.wait_for(anext(frames), 5.0)

    with pytest.raises(av.error.NotImplementedError):
        asyncio.run(scenario())


def test_the_test_pattern_skips_what_a_stalled_loop_missed_instead_of_bursting() -> None:
    async def scenario() -> tuple[int, list[float]]:
        frames = room_camera.test_pattern(fps=15)
        await anext(frames)
        time.sleep(1.0)  # the loop is held for a second
        gaps: list[float] = []
        done = asyncio.Event()
        beat = asyncio.create_task(heartbeat(gaps, done))
        began = time.monotonic()
        got = 0
        while time.monotonic() - began < 1.0:
            await anext(frames)
            got += 1
        done.set()
        await beat
        await frames.aclose()
        return got, gaps

    got, gaps = asyncio.run(scenario())
    assert got <= 15 * 1.0 + 3, f"{got} frames in a second: the missed second came as a burst"
    assert got >= 10
    assert_loop_kept_ticking(gaps)


class SlowEncoder:
    """The camera's own encoder on a machine where each frame takes 100 ms to encode."""

    def __init__(self, codec: Any) -> None:
        self.codec = codec
        self.time_base = codec.time_base

    def encode(self, picture: av.VideoFrame) -> Any:
        time.sleep(0.1)
        return self.codec.encode(picture)


class Viewer:
    def __init__(self) -> None:
        self.timestamps: list[int] = []
        self.arrived: list[float] = []

    def offer(self, data: bytes, timestamp: int, keyframe: bool) -> None:
        self.timestamps.append(timestamp)
        self.arrived.append(time.monotonic())


@pytest.mark.timeout(60)  # a test pattern that bursts behind a slow encoder holds the loop for good
def test_a_slow_encode_does_not_hold_the_loop() -> None:
    async def scenario() -> tuple[Viewer, list[float]]:
        camera = RoomCamera(room_camera.test_pattern(fps=15), fps=15, size=SIZE)
        camera.codec = SlowEncoder(camera.codec)  # type: ignore[assignment]
        viewer = Viewer()
        camera.subscribers.add(viewer)  # type: ignore[arg-type]
        gaps: list[float] = []
        done = asyncio.Event()
        beat = asyncio.create_task(heartbeat(gaps, done))
        camera.start()
        await asyncio.sleep(1.5)
        await camera.stop()
        done.set()
        await beat
        return viewer, gaps

    viewer, gaps = asyncio.run(scenario())
    timestamps = viewer.timestamps
    assert len(timestamps) >= 5, "the picture was not encoded"
    assert timestamps == sorted(set(timestamps)), "out of order"
    assert_loop_kept_ticking(gaps)
    # 100 ms encodes let through about 10 of the camera's 15 frames a second: the timestamps
    # say how much time passed (counting frames at 1/15 s each said 2/3 of it: a viewer's
    # picture ran fast, then waited, and drifted from the room's sound)
    stamped = (timestamps[-1] - timestamps[0]) / VIDEO_CLOCK
    passed = viewer.arrived[-1] - viewer.arrived[0]
    assert stamped == pytest.approx(passed, rel=0.2, abs=0.05), (stamped, passed)

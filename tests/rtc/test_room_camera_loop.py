"""The room camera never holds up the media loop that also carries everyone's sound."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path

import numpy as np

from facilitator.services.rtc import room_camera
from facilitator.services.rtc.room_camera import camera_frames

SIZE = (320, 240)
FRAME_BYTES = SIZE[0] * SIZE[1] * 3 // 2  # yuv420p


def slow_camera(fifo: Path, fps: int, seconds: float, stop: threading.Event) -> threading.Thread:
    """A device that delivers a frame every 1/fps s and blocks its reader in between, as a
    camera does: raw video written into a named pipe at the camera's pace."""

    def write() -> None:
        frame = np.full(FRAME_BYTES, 128, np.uint8).tobytes()
        with open(fifo, "wb") as pipe:
            began = time.monotonic()
            for number in range(int(seconds * fps)):
                if stop.is_set():
                    return
                pipe.write(frame)
                pipe.flush()
                time.sleep(max(0.0, began + (number + 1) / fps - time.monotonic()))

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


async def heartbeat(gaps: list[float], stop: asyncio.Event) -> None:
    last = time.monotonic()
    while not stop.is_set():
        await asyncio.sleep(0.01)
        now = time.monotonic()
        gaps.append(now - last)
        last = now


def test_a_camera_that_blocks_between_frames_does_not_block_the_loop(tmp_path: Path) -> None:
    fifo = tmp_path / "camera"
    os.mkfifo(fifo)
    stop_writing = threading.Event()
    writer = slow_camera(fifo, fps=10, seconds=3.0, stop=stop_writing)
    threads_before = threading.active_count()

    async def scenario() -> tuple[int, list[float]]:
        gaps: list[float] = []
        done = asyncio.Event()
        beat = asyncio.create_task(heartbeat(gaps, done))
        frames = camera_frames(str(fifo), format="rawvideo",
                               options={"video_size": f"{SIZE[0]}x{SIZE[1]}",
                                        "pixel_format": "yuv420p", "framerate": "10"})
        got = 0
        async for frame in frames:
            assert (frame.width, frame.height) == SIZE
            got += 1
            if got == 15:
                break
        await frames.aclose()
        done.set()
        await beat
        return got, gaps

    got, gaps = asyncio.run(scenario())
    stop_writing.set()
    writer.join(5)
    assert got == 15
    # the loop kept ticking every 10 ms while the device was read (a read on the loop would
    # hold it for the ~100 ms between this camera's frames)
    assert max(gaps) < 0.06, f"the loop stalled {max(gaps) * 1000:.0f} ms"
    deadline = time.monotonic() + 5
    while threading.active_count() > threads_before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() <= threads_before, "the camera's thread outlived it"


def test_a_camera_that_cannot_open_says_so() -> None:
    import av

    async def scenario() -> None:
        async for _frame in camera_frames("/nonexistent/camera", format="rawvideo",
                                          options={"video_size": "320x240"}):
            pass

    try:
        asyncio.run(scenario())
    except av.error.FFmpegError:
        return
    raise AssertionError("no error for a camera that is not there")


def test_the_test_pattern_skips_what_a_stalled_loop_missed_instead_of_bursting() -> None:
    async def scenario() -> tuple[int, list[float]]:
        frames = room_camera.test_pattern(fps=15)
        await frames.__anext__()
        time.sleep(1.0)  # the loop is held for a second
        gaps: list[float] = []
        done = asyncio.Event()
        beat = asyncio.create_task(heartbeat(gaps, done))
        began = time.monotonic()
        got = 0
        while time.monotonic() - began < 1.0:
            await frames.__anext__()
            got += 1
        done.set()
        await beat
        await frames.aclose()
        return got, gaps

    got, gaps = asyncio.run(scenario())
    assert got <= 15 * 1.0 + 3, f"{got} frames in a second: the missed second came as a burst"
    assert got >= 10
    assert max(gaps) < 0.06, f"the loop stalled {max(gaps) * 1000:.0f} ms"

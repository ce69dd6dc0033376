"""The room's camera, encoded once as VP8 and forwarded to every remote person's slots.

Frames come from any async source of `av.VideoFrame` (a camera opened with PyAV: v4l2 on
Linux, dshow on Windows, avfoundation on macOS; or a test pattern); one libvpx encoder serves
everyone, and a key frame is produced whenever a new subscriber (or a lost picture) asks.
"""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import logging
import platform
from collections.abc import AsyncIterator
from typing import Any

import av
import numpy as np

from .forward import EncodedVideoSource
from .policy import ROOM

log = logging.getLogger(__name__)
VIDEO_CLOCK = 90000
CAMERA_FORMAT = {"Linux": "v4l2", "Windows": "dshow", "Darwin": "avfoundation"}


class RoomCamera(EncodedVideoSource):
    def __init__(self, frames: AsyncIterator[av.VideoFrame], fps: int = 15,
                 bitrate: int = 600_000, size: tuple[int, int] = (640, 480)) -> None:
        super().__init__(ROOM)
        self.frames = frames
        self.fps = fps
        self.size = size
        self.codec = av.CodecContext.create("libvpx", "w")
        self.codec.width, self.codec.height = size
        self.codec.pix_fmt = "yuv420p"
        self.codec.bit_rate = bitrate
        self.codec.framerate = fractions.Fraction(fps, 1)
        self.codec.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        self.codec.options = {"deadline": "realtime", "cpu-used": "8", "lag-in-frames": "0"}
        self.encoded = 0
        self._force_keyframe = True
        self._task: asyncio.Task[None] | None = None

    def request_keyframe(self) -> None:
        self._force_keyframe = True

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        pts = 0
        step = VIDEO_CLOCK // self.fps
        try:
            async for frame in self.frames:
                if not self.subscribers:
                    continue  # nobody to send to: don't spend the CPU
                picture = frame.reformat(width=self.size[0], height=self.size[1],
                                         format="yuv420p")
                picture.pts = pts
                picture.time_base = self.codec.time_base
                if self._force_keyframe:
                    picture.pict_type = av.video.frame.PictureType.I
                    self._force_keyframe = False
                for packet in self.codec.encode(picture):
                    self.encoded += 1
                    self.on_encoded(bytes(packet), pts)
                pts += step
        except Exception:  # a camera unplugged: the meeting goes on without the picture
            log.exception("the room camera stopped")


async def test_pattern(fps: int = 15, size: tuple[int, int] = (320, 240)
                       ) -> AsyncIterator[av.VideoFrame]:
    """Moving bars, paced in real time (for tests and when no camera is configured)."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    number = 0
    while True:
        image = np.zeros((size[1], size[0], 3), dtype=np.uint8)
        image[:, (number * 4) % size[0]:][:, :20] = (255, 200, 0)
        yield av.VideoFrame.from_ndarray(image, format="rgb24")
        number += 1
        delay = start + number / fps - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)


async def camera_frames(device: str, fps: int = 15) -> AsyncIterator[av.VideoFrame]:
    """Frames from a real camera through PyAV (raises av.error.FFmpegError if it can't open)."""
    options: dict[str, Any] = {"framerate": str(fps), "video_size": "640x480"}
    container = av.open(device, format=CAMERA_FORMAT.get(platform.system()), options=options)
    try:
        stream = container.streams.video[0]
        for packet in container.demux(stream):
            for frame in packet.decode():
                yield frame
            await asyncio.sleep(0)
    finally:
        container.close()

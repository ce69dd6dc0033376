"""The room's camera, encoded once as VP8 and forwarded to every remote person's slots.

Frames come from any async source of `av.VideoFrame` (a camera opened with PyAV: v4l2 on
Linux, dshow on Windows, avfoundation on macOS; or a test pattern); one libvpx encoder serves
everyone, and a key frame is produced whenever a new subscriber (or a lost picture) asks.

Nothing here holds the media loop, which also mixes and forwards everyone's sound every 20 ms:
the camera is read on a thread of its own and the picture is scaled and encoded on another
(a 640x480 scale and encode took 3 to 11 ms at the median on the 2-core machine, and now and
then over 100 ms: benchmarks/room_camera_encode.py). Frames the encoder could not keep up with
are skipped, and each frame is stamped by when it was taken, so the picture keeps the room's
pace (and stays with its sound) whatever was skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import logging
import platform
import threading
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor

import av
import numpy as np

from .forward import EncodedVideoSource
from .policy import ROOM

log = logging.getLogger(__name__)
VIDEO_CLOCK = 90000
CAMERA_FORMAT = {"Linux": "v4l2", "Windows": "dshow", "Darwin": "avfoundation"}
RELEASE_WAIT = 2.0  # s a closed camera waits for its thread to let the device go


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
        """Each frame is scaled and encoded on the encoder's one thread, in order, while the
        loop goes on; frames that come meanwhile wait in the source, which keeps the newest."""
        loop = asyncio.get_running_loop()
        encoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="facilitator-room-encoder")
        first: float | None = None
        pts = -1
        try:
            async for frame in self.frames:
                if not self.subscribers:
                    continue  # nobody to send to: don't spend the CPU
                # stamped by when the frame was taken, not by counting frames: frames skipped
                # for a slow encode or a busy machine leave a longer step, so viewers play the
                # room at its true pace (and the encoder's rate control sees the true rate)
                now = loop.time()
                first = now if first is None else first
                pts = max(pts + 1, round((now - first) * VIDEO_CLOCK))
                keyframe, self._force_keyframe = self._force_keyframe, False
                packets = await loop.run_in_executor(encoder, self._encode, frame, pts, keyframe)
                for packet in packets:
                    self.encoded += 1
                    self.on_encoded(packet, pts)
        except Exception:  # a camera unplugged: the meeting goes on without the picture
            log.exception("the room camera stopped")
        finally:
            encoder.shutdown(wait=False, cancel_futures=True)  # its thread ends after its frame
            close = getattr(self.frames, "aclose", None)
            if close is not None:  # the camera is let go even when the encoder failed
                with contextlib.suppress(Exception):
                    await close()

    def _encode(self, frame: av.VideoFrame, pts: int, keyframe: bool) -> list[bytes]:
        """On the encoder's thread: the frame scaled to the picture's size and encoded."""
        picture = frame.reformat(width=self.size[0], height=self.size[1], format="yuv420p")
        picture.pts = pts
        picture.time_base = self.codec.time_base
        if keyframe:
            picture.pict_type = av.video.frame.PictureType.I
        return [bytes(packet) for packet in self.codec.encode(picture)]


async def test_pattern(fps: int = 15, size: tuple[int, int] = (320, 240)
                       ) -> AsyncIterator[av.VideoFrame]:
    """Moving bars, paced in real time (for tests and when no camera is configured). Like a
    live camera it never bursts: after a stall it skips to the current frame, and it always
    yields the loop between frames."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    number = 0
    while True:
        image = np.zeros((size[1], size[0], 3), dtype=np.uint8)
        image[:, (number * 4) % size[0]:][:, :20] = (255, 200, 0)
        yield av.VideoFrame.from_ndarray(image, format="rgb24")
        number = max(number + 1, int((loop.time() - start) * fps))  # frames missed: skipped
        await asyncio.sleep(max(0.0, start + number / fps - loop.time()))


async def camera_frames(device: str, fps: int = 15, format: str | None = None,
                        options: dict[str, str] | None = None) -> AsyncIterator[av.VideoFrame]:
    """Frames from a real camera through PyAV (raises av.error.FFmpegError if it can't open).

    A camera's read blocks until its next frame (about 66 ms at 15 fps), so the device is
    opened, read, decoded and closed on a thread of its own, never on the media loop; only the
    newest frame waits (a live picture must not build a backlog). Closing (or cancelling) the
    iterator stops the thread after the read under way and waits, up to RELEASE_WAIT, until
    the device is let go, so that it can be opened again at once. `format`/`options`: FFmpeg's
    input format and options (default: the platform's camera API at `fps`, 640x480)."""
    loop = asyncio.get_running_loop()
    newest: asyncio.Queue[av.VideoFrame | BaseException | None] = asyncio.Queue(maxsize=1)
    released = loop.create_future()
    stop = threading.Event()

    def offer(item: av.VideoFrame | BaseException | None) -> None:  # on the loop
        if newest.full():
            newest.get_nowait()  # the older frame is dropped
        newest.put_nowait(item)

    def mark_released() -> None:  # on the loop
        if not released.done():
            released.set_result(None)

    def hand_over(item: av.VideoFrame | BaseException | None) -> bool:  # on the camera's thread
        try:
            loop.call_soon_threadsafe(offer, item)
        except RuntimeError:  # the loop has closed: nobody reads any more
            return False
        return True

    def read() -> None:  # on the camera's thread
        try:
            container = av.open(device, format=format or CAMERA_FORMAT.get(platform.system()),
                                options=options if options is not None else
                                {"framerate": str(fps), "video_size": "640x480"})
        except Exception as problem:  # raised on the loop, to whoever reads the frames
            hand_over(problem)
            return
        try:
            if stop.is_set():  # closed while the device was opening
                return
            for packet in container.demux(container.streams.video[0]):
                if stop.is_set():
                    return
                for frame in packet.decode():
                    if not hand_over(frame):
                        return
            hand_over(None)  # the input ended
        except Exception as problem:  # a camera unplugged
            hand_over(problem)
        finally:
            container.close()

    def run() -> None:
        try:
            read()
        finally:
            with contextlib.suppress(RuntimeError):  # the loop has closed
                loop.call_soon_threadsafe(mark_released)

    threading.Thread(target=run, name=f"facilitator-camera {device}", daemon=True).start()
    try:
        while True:
            item = await newest.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()  # the thread ends after the read under way (a frame's time at most)
        await asyncio.wait({released}, timeout=RELEASE_WAIT)

"""The room's microphone and loudspeakers for the media hub, with echo cancellation.

    room = RoomAudio(on_frame=lambda f: loop.call_soon_threadsafe(hub.room_input, f),
                     input_device="USB Speakerphone", output_device="USB Speakerphone",
                     on_notice=window_warns)
    hub = MediaHub(port, room_audio=room)      # the hub calls room.push_output every 20 ms
    room.start()                               # False: a device is missing; retried meanwhile
    room.muted = True                          # the room sends silence; echo state is kept
    room.stop()

Threads: the hub's loop calls `push_output` (20 ms of 48 kHz mono float32); PortAudio's output
callback plays it from a small jitter buffer and records exactly what it wrote (silence on an
underrun included) in a ring indexed by output sample count; the input callback copies each
block with the output sample count written when it arrived (frame counts: the echo can only
lag that reference; the canceller finds by how much), advanced at the ratio of the two devices'
clocks (`clock.py`: separate devices drift apart); a worker thread reads the reference at that
ratio, runs the ProcessingChain with it and calls `on_frame` with 20 ms frames.

`on_frame`, `on_notice` and the level callbacks run on the worker or watcher thread: marshal
them. The watcher notices a device that went away (one warning; the other direction and the hub
keep running; output frames are dropped while the loudspeakers are gone) and reopens it when it
comes back. Nothing raises into the hub.
"""

from __future__ import annotations

import enum
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .chain import ChainSettings, ProcessingChain
from .clock import ClockRatio, read_resampled, span
from .devices import DeviceSpec, Direction, device_present, sounddevice, tone
from .echo import FRAME, SAMPLE_RATE
from .meters import Level, LevelMeter
from .streams import ManagedStream, StreamState

log = logging.getLogger(__name__)

Float32s = npt.NDArray[np.float32]
Where = tuple[float, float] | None  # a block's reference: (first output position, ratio)
HUB_FRAME = 2 * FRAME  # the hub's 20 ms
RING_SECONDS = 2
ALIGN_MARGIN = SAMPLE_RATE * 30 // 1000  # an older reference: fewer waits for bursty output
WAIT_S = 0.25  # the longest the worker waits for the loudspeakers' reference to be written
STAMP_MAX_AGE_S = 0.1  # an output callback older than this: the loudspeakers stalled


class NoticeKind(enum.Enum):
    UNAVAILABLE = "unavailable"  # could not be opened at start (retried)
    LOST = "lost"  # went away during the meeting (retried)
    BACK = "back"


@dataclass(frozen=True)
class DeviceNotice:
    direction: Direction
    kind: NoticeKind
    device: str
    message: str


def _message(direction: Direction, kind: NoticeKind, device: str, why: str = "") -> str:
    what = "microphone" if direction is Direction.INPUT else "loudspeakers"
    effect = ("remote people cannot hear the room" if direction is Direction.INPUT
              else "the room cannot hear remote people")
    if kind is NoticeKind.BACK:
        return f"The room {what} ({device}) {'is' if what == 'microphone' else 'are'} back."
    if kind is NoticeKind.UNAVAILABLE:
        return (f"The room {what} ({device}) cannot be opened ({why}): {effect}. "
                "The meeting goes on; it is retried every second.")
    return (f"The room {what} ({device}) went away: {effect}. The meeting goes on; "
            "plug it back in and it resumes by itself.")


class RoomAudio:
    def __init__(self, on_frame: Callable[[Float32s], None], input_device: DeviceSpec = None,
                 output_device: DeviceSpec = None, settings: ChainSettings | None = None,
                 on_notice: Callable[[DeviceNotice], None] | None = None,
                 on_input_level: Callable[[Level], None] | None = None,
                 on_output_level: Callable[[Level], None] | None = None,
                 jitter_ms: int = 40, max_buffer_ms: int = 160, poll_s: float = 0.5,
                 latency: float | str = 0.05, rescan: bool = False) -> None:
        self.on_frame = on_frame
        self.on_notice = on_notice
        self.settings = settings or ChainSettings()
        self.chain = ProcessingChain(self.settings)
        self.input_meter = LevelMeter(on_input_level)
        self.output_meter = LevelMeter(on_output_level)
        self.rescan = rescan  # re-initialise PortAudio to see a re-plugged device (see report)
        self.poll_s = poll_s
        self.input = ManagedStream(Direction.INPUT, input_device, self._input_callback, FRAME,
                                   latency)
        self.output = ManagedStream(Direction.OUTPUT, output_device, self._output_callback,
                                    FRAME, latency)
        self._muted = False
        self._jitter = jitter_ms * SAMPLE_RATE // 1000
        self._max_buffer = max_buffer_ms * SAMPLE_RATE // 1000
        self._lock = threading.Lock()
        self._chunks: deque[Float32s] = deque()
        self._buffered = 0
        self._buffering = True
        self._extra: Float32s | None = None  # a test tone mixed into the output
        self._ring = np.zeros(RING_SECONDS * SAMPLE_RATE, dtype=np.float32)
        self._out_count = 0
        self._in_count = 0
        # where the next input sample's reference is, in output samples (None: align again)
        self._far_pos: float | None = None
        self.clock = ClockRatio()  # loudspeaker samples per microphone sample
        self.now: Callable[[], float] = time.monotonic  # when callbacks run (tests simulate it)
        self._out_stamp: tuple[float, int] | None = None  # (when, output count) at the last write
        self._queue: queue.Queue[tuple[str, Float32s, Where]] = queue.Queue(maxsize=200)
        self._pending_mic: list[Float32s] = []
        self._pending_far: list[Float32s] = []
        self._out_frames: list[Float32s] = []
        self._new_settings: ChainSettings | None = None
        self._running = False
        self._threads: list[threading.Thread] = []
        self._last_rescan = 0.0
        self.underruns = 0
        self.dropped_output = 0  # samples the hub sent while the loudspeakers were gone
        self.overflows = 0
        self.frames_delivered = 0

    # ---- owner's API ------------------------------------------------------------------------
    def start(self) -> bool:
        """Open both devices and start; False if either is missing (it is retried)."""
        if self._running:
            return self.running
        self._running = True
        ok = True
        for stream in (self.input, self.output):
            why = stream.open()
            if why is not None:
                ok = False
                self._notify(stream.direction, NoticeKind.UNAVAILABLE, stream.name, why)
        for target, name in ((self._work, "room-audio-worker"), (self._watch, "room-audio-watch")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        return ok

    def stop(self) -> None:
        self._running = False
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()
        self.input.close(StreamState.STOPPED)
        self.output.close(StreamState.STOPPED)

    @property
    def running(self) -> bool:
        return self.input.state is StreamState.RUNNING and \
            self.output.state is StreamState.RUNNING

    @property
    def muted(self) -> bool:
        return self._muted

    @muted.setter
    def muted(self, value: bool) -> None:
        """Muted: the room sends silence; the echo canceller keeps running (and learning)."""
        self._muted = bool(value)

    def set_settings(self, settings: ChainSettings) -> None:
        """Switch echo cancellation, noise suppression or gain (a fresh chain, next frame)."""
        self._new_settings = settings

    def play_tone(self, frequency: float = 440.0, seconds: float = 1.0) -> None:
        """Mix a test tone into what the loudspeakers play (it is cancelled like any echo)."""
        with self._lock:
            self._extra = tone(frequency, seconds)

    # ---- the hub's side (its loop thread) ---------------------------------------------------
    def push_output(self, samples: npt.NDArray[np.floating[Any]]) -> None:
        """The room's mix for the loudspeakers: 48 kHz mono float32, 20 ms every 20 ms."""
        frame = np.asarray(samples, dtype=np.float32).reshape(-1)
        with self._lock:
            if self.output.state is not StreamState.RUNNING:
                self.dropped_output += len(frame)
                return
            self._chunks.append(frame.copy())
            self._buffered += len(frame)
            while self._buffered > self._max_buffer and len(self._chunks) > 1:
                self._buffered -= len(self._chunks.popleft())  # keep the delay bounded

    # ---- PortAudio callbacks (their threads: copy, index, return) ---------------------------
    def _output_callback(self, outdata: Any, frames: int, _time: Any, status: Any) -> None:
        data = np.zeros(frames, dtype=np.float32)
        with self._lock:
            if self._buffering and self._buffered >= self._jitter:
                self._buffering = False
            filled = 0
            while not self._buffering and filled < frames and self._chunks:
                chunk = self._chunks[0]
                take = min(frames - filled, len(chunk))
                data[filled:filled + take] = chunk[:take]
                filled += take
                if take == len(chunk):
                    self._chunks.popleft()
                else:
                    self._chunks[0] = chunk[take:]
                self._buffered -= take
            if not self._buffering and filled < frames:
                self.underruns += 1
                self._buffering = True
            if self._extra is not None:
                extra, self._extra = self._extra[:frames], self._extra[frames:]
                data[:len(extra)] += extra
                if not len(self._extra):
                    self._extra = None
            start = self._out_count % len(self._ring)
            first = min(frames, len(self._ring) - start)
            self._ring[start:start + first] = data[:first]
            self._ring[:frames - first] = data[first:]
            self._out_count += frames
            self._out_stamp = (self.now(), self._out_count)
        outdata[:, 0] = data
        self._enqueue("out", data, None)

    def _input_callback(self, indata: Any, frames: int, _time: Any, status: Any) -> None:
        block = np.array(indata[:, 0], dtype=np.float32)
        if status and getattr(status, "input_overflow", False):
            self.overflows += 1
            self._far_pos = None  # samples were lost: align again
            self.clock.restart()
        with self._lock:
            written = self._out_count if self.output.state is StreamState.RUNNING else None
            stamp = self._out_stamp
        where: Where = None
        if written is not None and written > 0:
            # Frame counts, anchored once: anything this block heard was written before now, so
            # the echo lags this reference by >= 0 (device buffering + distance: the canceller's
            # delay estimator finds it). Callback jitter never moves the anchor; a reference not
            # written yet (bursty output callbacks) is waited for by the worker. From there the
            # reference advances at the clocks' ratio, so the echo stays at one delay.
            if stamp is not None and 0 <= self.now() - stamp[0] < STAMP_MAX_AGE_S:
                # the output count now, between two of its callbacks: finer than their blocks
                self.clock.observe(self._in_count,
                                   stamp[1] + (self.now() - stamp[0]) * SAMPLE_RATE)
            if self._far_pos is None:
                self._far_pos = float(written - frames - ALIGN_MARGIN)
            ratio = self.clock.ratio
            where = (self._far_pos, ratio)
            self._far_pos += frames * ratio
        else:
            self._far_pos = None
        self._in_count += frames
        self._enqueue("in", block, where)

    def _enqueue(self, kind: str, block: Float32s, where: Where) -> None:
        try:
            self._queue.put_nowait((kind, block, where))
        except queue.Full:
            self.overflows += 1

    # ---- the worker: reference, processing, delivery ----------------------------------------
    def _work(self) -> None:
        while self._running:
            try:
                kind, block, where = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            try:
                if kind == "out":
                    self.output_meter.feed(block)
                else:
                    self.input_meter.feed(block)
                    self._process(block, self._played(where, len(block)))
            except Exception:
                log.exception("room audio processing failed")

    def _played(self, where: Where, count: int) -> Float32s:
        """What the loudspeakers played from output position `where[0]`, at `where[1]` output
        samples per input sample (zeros where unknown). Waits (at most WAIT_S) for output
        callbacks that have not written it yet; a reference that is never written, or already
        overwritten, means the streams slipped: re-anchor."""
        if where is None:
            return np.zeros(count, dtype=np.float32)
        start, ratio = where
        first, end = span(start, count, ratio)
        deadline = time.monotonic() + WAIT_S
        while self._out_count < end and time.monotonic() < deadline \
                and self.output.state is StreamState.RUNNING:
            time.sleep(0.002)
        raw = np.zeros(end - first, dtype=np.float32)
        with self._lock:
            newest = self._out_count
            size = len(self._ring)
            low, high = max(first, newest - size), min(end, newest)
            if low < high:
                raw[low - first:high - first] = self._ring[np.arange(low, high) % size]
        if high < end or low > first:
            self._far_pos = None
        return read_resampled(raw, start - first, count, ratio)

    def _process(self, mic: Float32s, far: Float32s) -> None:
        if self._new_settings is not None:
            self.settings, self._new_settings = self._new_settings, None
            self.chain = ProcessingChain(self.settings)
        self._pending_mic.append(mic)
        self._pending_far.append(far)
        mics = np.concatenate(self._pending_mic)
        fars = np.concatenate(self._pending_far)
        usable = len(mics) // FRAME * FRAME
        self._pending_mic = [mics[usable:]] if usable < len(mics) else []
        self._pending_far = [fars[usable:]] if usable < len(fars) else []
        if not usable:
            return
        cleaned = self.chain.process(mics[:usable], fars[:usable])
        self._out_frames.append(cleaned)
        ready = np.concatenate(self._out_frames)
        whole = len(ready) // HUB_FRAME * HUB_FRAME
        self._out_frames = [ready[whole:]] if whole < len(ready) else []
        for start in range(0, whole, HUB_FRAME):
            frame = ready[start:start + HUB_FRAME]
            if self._muted:
                frame = np.zeros(HUB_FRAME, dtype=np.float32)
            self.frames_delivered += 1
            try:
                self.on_frame(frame)
            except Exception:
                log.exception("the room's audio consumer failed")

    # ---- the watcher: devices that go away and come back ------------------------------------
    def _watch(self) -> None:
        while self._running:
            time.sleep(self.poll_s)
            now = time.monotonic()
            for stream in (self.input, self.output):
                if not self._running:
                    break
                if stream.dead(now):
                    with self._lock:
                        stream.close(StreamState.LOST)
                        if stream.direction is Direction.OUTPUT:
                            self._chunks.clear()
                            self._buffered, self._buffering = 0, True
                    self._notify(stream.direction, NoticeKind.LOST, stream.name)
                elif stream.state is StreamState.LOST:
                    self._reopen(stream)

    def _reopen(self, stream: ManagedStream) -> None:
        if self.rescan and not device_present(stream.device, stream.direction):
            self._rescan()
        self._far_pos = None  # a new stream: align again, and learn its clock
        self.clock.forget()
        if stream.open() is None:
            self._notify(stream.direction, NoticeKind.BACK, stream.name)

    def _rescan(self) -> None:
        """PortAudio lists devices once: re-initialise it (closes every stream in the process;
        ours are reopened by the watcher), at most every 5 s."""
        now = time.monotonic()
        if now - self._last_rescan < 5.0:
            return
        self._last_rescan = now
        try:
            sd = sounddevice()
            sd._terminate()
            sd._initialize()
        except Exception as problem:
            log.warning("re-initialising PortAudio failed: %s", problem)

    def _notify(self, direction: Direction, kind: NoticeKind, device: str, why: str = "") -> None:
        notice = DeviceNotice(direction, kind, device, _message(direction, kind, device, why))
        (log.info if kind is NoticeKind.BACK else log.warning)("%s", notice.message)
        if self.on_notice is not None:
            try:
                self.on_notice(notice)
            except Exception:
                log.exception("reporting a room audio notice failed")

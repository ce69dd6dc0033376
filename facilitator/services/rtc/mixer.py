"""Mix-minus audio: every listener hears everyone they may hear except themselves.

48 kHz mono float32 in 20 ms frames. Listeners who would hear exactly the same talkers share
one mix and one Opus encoding (a listener who is not talking hears the same as everyone else
who is not talking), so the encoder cost grows with the number of talkers, not listeners.

Interpreting: a listener with an interpreter hears everyone else lowered by 15 dB while their
interpreter speaks (ducking: at once when the interpreter starts, back over 200 ms after the
300 ms hangover once they stop). Between the interpreter's turns (consecutive interpreting) the
listener hears the meeting at its normal level: the speaker's tone and the room. The ducking
follows the interpreter's voice, not the listener, so listeners with the same interpreter
still share one mix and one encoding.
"""

from __future__ import annotations

import fractions
from collections.abc import Callable
from dataclasses import dataclass, field

import av
import numpy as np
import numpy.typing as npt

SAMPLE_RATE = 48000
FRAME_SAMPLES = 960  # 20 ms
TIME_BASE = fractions.Fraction(1, SAMPLE_RATE)
MAX_BUFFER_SAMPLES = SAMPLE_RATE // 5  # 200 ms: older audio is dropped, latency stays bounded
TALKING_RMS = 10 ** (-50 / 20)  # -50 dBFS
TALK_HANGOVER_FRAMES = 15  # 300 ms
DUCK_DB = -15.0  # the others, while a listener's interpreter speaks
DUCK_GAIN = 10 ** (DUCK_DB / 20)
DUCK_RELEASE_FRAMES = 10  # 200 ms back to the normal level

Samples = npt.NDArray[np.float32]
SILENCE: Samples = np.zeros(FRAME_SAMPLES, dtype=np.float32)


class SourceBuffer:
    """A jitter-absorbing FIFO of one person's decoded audio."""

    def __init__(self) -> None:
        self._chunks: list[Samples] = []
        self._size = 0
        self.hangover = 0
        self.ducking = 0.0  # 1: others are fully lowered for this source's listeners
        self.underruns = 0
        self._standing = 0  # ticks with more than 60 ms waiting

    def _drop(self, samples: int) -> None:
        joined = np.concatenate(self._chunks) if self._chunks else SILENCE[:0]
        rest = joined[samples:]
        self._chunks = [rest] if len(rest) else []
        self._size = len(rest)

    def push(self, samples: Samples) -> None:
        self._chunks.append(samples.astype(np.float32, copy=False))
        self._size += len(samples)
        while self._size > MAX_BUFFER_SAMPLES and self._chunks:
            dropped = self._chunks.pop(0)
            self._size -= len(dropped)

    def pop_frame(self) -> Samples | None:
        # a backlog that stands for half a second is latency, not jitter: drop it
        self._standing = self._standing + 1 if self._size > 3 * FRAME_SAMPLES else 0
        if self._standing > 25:
            self._drop(self._size - FRAME_SAMPLES)
            self._standing = 0
        if self._size < FRAME_SAMPLES:
            if self._size:
                self.underruns += 1
            return None
        joined = np.concatenate(self._chunks) if len(self._chunks) > 1 else self._chunks[0]
        frame, rest = joined[:FRAME_SAMPLES], joined[FRAME_SAMPLES:]
        self._chunks = [rest] if len(rest) else []
        self._size = len(rest)
        return frame


def rms(samples: Samples) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))


class OpusMixEncoder:
    def __init__(self) -> None:
        self.codec = av.CodecContext.create("libopus", "w")
        self.codec.sample_rate = SAMPLE_RATE
        self.codec.layout = "mono"
        self.codec.format = "s16"
        self.codec.bit_rate = 32000
        self.codec.time_base = TIME_BASE
        self.pts = 0
        self.idle_ticks = 0

    def encode(self, samples: Samples) -> list[bytes]:
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = self.pts
        frame.time_base = TIME_BASE
        self.pts += FRAME_SAMPLES
        return [bytes(packet) for packet in self.codec.encode(frame)]


@dataclass
class TickResult:
    """What one 20 ms tick produced."""

    encoded: dict[str, list[bytes]] = field(default_factory=dict)  # listener -> Opus packets
    pcm: dict[str, Samples] = field(default_factory=dict)  # listeners wanting PCM (the room)
    talkers: frozenset[str] = frozenset()
    mixes: int = 0  # distinct mixes computed (and encoded) this tick


class AudioMixer:
    """Pure mixing and encoding; the hub calls `tick` every 20 ms with who may hear whom."""

    def __init__(self) -> None:
        self.sources: dict[str, SourceBuffer] = {}
        self.encoders: dict[MixKey, OpusMixEncoder] = {}

    def source(self, source_id: str) -> SourceBuffer:
        return self.sources.setdefault(source_id, SourceBuffer())

    def remove_source(self, source_id: str) -> None:
        self.sources.pop(source_id, None)

    def tick(self, listeners: dict[str, bool], may_hear: Callable[[str, str], bool],
             interpreters: Callable[[str], frozenset[str]] = lambda listener: frozenset()
             ) -> TickResult:
        """`listeners`: id -> wants PCM (True, the room's loudspeakers) or Opus (False);
        `interpreters`: a listener's interpreters, heard over the others (may_hear decides
        whether they are heard at all)."""
        frames: dict[str, Samples] = {}
        talkers = set()
        for source_id, buffer in self.sources.items():
            frame = buffer.pop_frame()
            if frame is not None and rms(frame) >= TALKING_RMS:
                buffer.hangover = TALK_HANGOVER_FRAMES
            elif buffer.hangover:
                buffer.hangover -= 1
            if frame is not None:
                frames[source_id] = frame
            if buffer.hangover:
                talkers.add(source_id)
                buffer.ducking = 1.0
            else:
                buffer.ducking = max(0.0, buffer.ducking - 1 / DUCK_RELEASE_FRAMES)
        result = TickResult(talkers=frozenset(talkers))
        mixes: dict[MixKey, Samples] = {}
        encoded: dict[MixKey, list[bytes]] = {}
        for listener, wants_pcm in listeners.items():
            key = self._key(listener, talkers, may_hear, interpreters(listener))
            if key not in mixes:
                mixes[key] = self._mix(key, frames)
            if wants_pcm:
                result.pcm[listener] = mixes[key]
                continue
            if key not in encoded:
                encoder = self.encoders.get(key)
                if encoder is None:
                    encoder = self.encoders[key] = OpusMixEncoder()
                encoder.idle_ticks = 0
                encoded[key] = encoder.encode(mixes[key])
            result.encoded[listener] = encoded[key]
        for key in list(self.encoders):
            if key not in encoded:
                self.encoders[key].idle_ticks += 1
                if self.encoders[key].idle_ticks > 250:  # 5 s unused
                    del self.encoders[key]
        result.mixes = len(mixes)
        return result

    def _key(self, listener: str, talkers: set[str], may_hear: Callable[[str, str], bool],
             interpreters: frozenset[str]) -> MixKey:
        heard = frozenset(s for s in talkers if may_hear(listener, s))
        ducking = max((self.sources[i].ducking for i in interpreters
                       if i in self.sources and may_hear(listener, i)), default=0.0)
        if ducking <= 0.0:
            return MixKey(heard)
        gain = round(1.0 - ducking * (1.0 - DUCK_GAIN), 3)
        return MixKey(heard, interpreters & heard, gain)

    @staticmethod
    def _mix(key: MixKey, frames: dict[str, Samples]) -> Samples:
        present = [frames[s] if s in key.over or key.gain == 1.0 else frames[s] * key.gain
                   for s in key.heard if s in frames]
        if not present:
            return SILENCE
        if len(present) == 1:
            return present[0].astype(np.float32, copy=False)
        mixed: Samples = np.clip(np.sum(present, axis=0), -1.0, 1.0).astype(np.float32)
        return mixed


@dataclass(frozen=True)
class MixKey:
    """What a mix is made of: the talkers heard, the interpreters heard over them, and the
    gain of the others (1: nobody lowered). Listeners with equal keys share a mix."""

    heard: frozenset[str]
    over: frozenset[str] = frozenset()
    gain: float = 1.0

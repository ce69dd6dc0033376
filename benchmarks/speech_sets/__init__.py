"""Dev and test sets of real English speech for the recogniser, kept apart, in three variants.

Source (see manifest.toml beside this file): Debian's asterisk-core-sounds-en-g722 (16 kHz G.722
recordings, CC-BY-SA-3.0) with the texts of asterisk-core-sounds-en (core-sounds-en.txt.gz),
installed by scripts/setup.sh. Every file used is checked against the sha256 of its set.

Prompts are grouped by family (the name before its first "-": vm, conf, confbridge, ...); whole
families go to dev or to test (greedy by duration, largest first), so the two sets share no
sentence and few phrasings. Within a set, consecutive prompts are joined into passages of about
20-40 s with pauses of 0.15-0.9 s between them (seeded), as one person speaking at length.

Variants of each passage (all 16 kHz float32 unless said):
- clean: the recording as it is;
- room: convolved with a synthetic room impulse response (a direct path, six early reflections
  in 3-25 ms of 0.2-0.4 the direct amplitude, then exponentially decaying Gaussian noise for
  RT60 = 0.45 s holding half the direct path's energy: direct-to-reverberant about 0 dB, a
  talker about a metre from a table microphone in a meeting room), plus pink noise at 20 dB SNR
  (speech power measured on its active part);
- phone: the caller's path of the product's own SIP line: down to 8 kHz, G.711 mu-law encoded
  and decoded in 20 ms packets (facilitator/services/sip/codecs.py), up to the hub's 48 kHz as
  the call does; returned at 48 kHz, which the recogniser resamples as a hub source does.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import sys
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RATE = 16_000
VARIANTS = ("clean", "room", "phone")
ROOM_HUB = "room-hub"  # the room variant as the hub's room source hears it (not in the default set)


@dataclass(frozen=True)
class Passage:
    name: str
    audio: np.ndarray  # 16 kHz float32, clean
    text: str  # the reference
    prompts: tuple[str, ...]

    @property
    def seconds(self) -> float:
        return len(self.audio) / RATE


class SetMissing(RuntimeError):
    pass


def manifest() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((HERE / "manifest.toml").read_text(encoding="utf-8"))


def _spoken(text: str) -> str:
    """The prompt's text as spoken: keys named as Allison says them."""
    text = text.replace("*", " star ").replace("#", " pound ")
    return re.sub(r"\s+", " ", text).strip()


def _texts(path: Path) -> dict[str, str]:
    out = {}
    for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
        if not line or line.startswith(";") or ": " not in line:
            continue
        name, text = line.split(": ", 1)
        out[name.strip()] = text.strip()
    return out


def _decode_g722(path: Path) -> np.ndarray:
    import av

    with av.open(str(path), format="g722") as container:
        pieces = [f.to_ndarray().reshape(-1) for f in container.decode(audio=0)]
    pcm = np.concatenate(pieces)
    return (pcm.astype(np.float32) / 32768.0) if pcm.dtype == np.int16 else pcm.astype(np.float32)


def _family(name: str) -> str:
    return name.split("/")[0] if "/" in name else name.split("-")[0]


@lru_cache(maxsize=1)
def prompts() -> dict[str, tuple[str, np.ndarray, str]]:
    """name -> (family, audio, text) for every prompt the sets may use, checked."""
    m = manifest()["source"]
    sounds, texts_path = Path(m["sounds"]), Path(m["texts"])
    if not sounds.is_dir() or not texts_path.is_file():
        raise SetMissing(f"{sounds} or {texts_path} is missing: apt-get install "
                         "asterisk-core-sounds-en-g722 asterisk-core-sounds-en "
                         "(scripts/setup.sh test does)")
    if hashlib.sha256(texts_path.read_bytes()).hexdigest() != m["texts_sha256"]:
        raise SetMissing(f"{texts_path} is not the version in manifest.toml")
    skip_dirs = tuple(m["skip_dirs"])
    out: dict[str, tuple[str, np.ndarray, str]] = {}
    for name, text in sorted(_texts(texts_path).items()):
        if name.startswith(skip_dirs) or "[" in text:
            continue
        path = sounds / f"{name}.g722"
        if not path.is_file():
            continue
        out[name] = (_family(name), _decode_g722(path), _spoken(text))
    return out


@lru_cache(maxsize=1)
def split() -> dict[str, list[str]]:
    """Families to dev or test: greedy by duration, largest first (deterministic)."""
    durations: dict[str, float] = {}
    for family, audio, _ in prompts().values():
        durations[family] = durations.get(family, 0.0) + len(audio) / RATE
    sides: dict[str, list[str]] = {"dev": [], "test": []}
    totals = {"dev": 0.0, "test": 0.0}
    for family in sorted(durations, key=lambda f: (-durations[f], f)):
        side = "dev" if totals["dev"] <= totals["test"] else "test"
        sides[side].append(family)
        totals[side] += durations[family]
    return sides


def _fingerprint(names: list[str]) -> str:
    sounds = Path(manifest()["source"]["sounds"])
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode() + b"\0")
        digest.update(hashlib.sha256((sounds / f"{name}.g722").read_bytes()).digest())
    return digest.hexdigest()


@lru_cache(maxsize=2)
def passages(which: str) -> tuple[Passage, ...]:
    """The dev or test set as passages of one person speaking, checked against the manifest."""
    if which not in ("dev", "test"):
        raise ValueError("dev or test")
    families = set(split()[which])
    names = [n for n, (family, _, _) in prompts().items() if family in families]
    expected = manifest()["sets"][which]
    got = _fingerprint(names)
    if got != expected["sha256"]:
        raise SetMissing(f"the {which} set's files differ from manifest.toml "
                         f"({got} != {expected['sha256']})")
    rng = np.random.default_rng(18 if which == "dev" else 81)
    out: list[Passage] = []
    current: list[str] = []
    target = rng.uniform(20, 40)

    def close() -> None:
        pieces, texts = [], []
        for index, name in enumerate(current):
            _, audio, text = prompts()[name]
            if index:
                pieces.append(np.zeros(int(rng.uniform(0.15, 0.9) * RATE), np.float32))
            pieces.append(audio)
            texts.append(text)
        out.append(Passage(f"{which}-{len(out):03d}", np.concatenate(pieces), " ".join(texts),
                           tuple(current)))

    seconds = 0.0
    for name in names:
        current.append(name)
        seconds += len(prompts()[name][1]) / RATE + 0.5
        if seconds >= target:
            close()
            current, seconds, target = [], 0.0, rng.uniform(20, 40)
    if current:
        close()
    return tuple(out)


# ---- variants ------------------------------------------------------------------------------
def room_impulse_response(seed: int, rt60: float = 0.45) -> np.ndarray:
    rng = np.random.default_rng(seed)
    length = int(rt60 * 1.2 * RATE)
    rir = np.zeros(length, np.float32)
    rir[0] = 1.0
    for _ in range(6):  # early reflections off the table, walls and ceiling
        rir[int(rng.uniform(0.003, 0.025) * RATE)] += rng.uniform(0.2, 0.4) * rng.choice([-1, 1])
    start = int(0.010 * RATE)
    t = np.arange(length - start) / RATE
    tail = rng.standard_normal(length - start) * np.exp(-6.908 * t / rt60)
    tail *= np.sqrt(0.5 / np.sum(tail ** 2))  # late energy half the direct path's
    rir[start:] += tail.astype(np.float32)
    return rir


def pink_noise(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    spectrum[1:] /= np.sqrt(freqs[1:])
    spectrum[0] = 0
    noise = np.fft.irfft(spectrum, n)
    return (noise / np.std(noise)).astype(np.float32)


def active_power(audio: np.ndarray) -> float:
    frames = audio[: len(audio) // 320 * 320].reshape(-1, 320)
    power = np.mean(frames.astype(np.float64) ** 2, axis=1)
    loud = power[power > power.max() * 10 ** (-40 / 10)]
    return float(np.mean(loud)) if len(loud) else 0.0


def room(audio: np.ndarray, seed: int, snr_db: float = 20.0) -> np.ndarray:
    rir = room_impulse_response(seed)
    size = len(audio) + len(rir) - 1
    n = 1 << (size - 1).bit_length()
    wet = np.fft.irfft(np.fft.rfft(audio, n) * np.fft.rfft(rir, n), n)[: len(audio)]
    wet = wet.astype(np.float32)
    noise = pink_noise(len(wet), seed + 1)
    noise *= np.sqrt(active_power(wet) / 10 ** (snr_db / 10))
    mixed = wet + noise
    peak = float(np.max(np.abs(mixed)))
    return (mixed / peak * 0.7 if peak > 0.99 else mixed).astype(np.float32)


PHONE_RATE = 48_000  # what the phone variant is returned at: the hub's rate, as the call taps it


def phone(audio: np.ndarray) -> np.ndarray:
    """The caller's path through the product's SIP code: 8 kHz G.711 mu-law, up to 48 kHz."""
    from facilitator.services.sip.codecs import G711, HUB_RATE, Resampler, to_float, to_pcm16

    down, codec, up = Resampler(RATE, 8000), G711(alaw=False), Resampler(8000, HUB_RATE)
    narrow = down(audio.astype(np.float32))
    out = []
    for offset in range(0, len(narrow) - 159, 160):  # 20 ms packets
        pcm = to_pcm16(narrow[offset:offset + 160])
        out.append(up(to_float(codec.decode(codec.encode(pcm)))))
    return np.concatenate(out).astype(np.float32)


def seed_of(passage: Passage) -> int:
    """The passage's own seed for its room and noise (the same every run)."""
    return int(hashlib.sha256(passage.name.encode()).hexdigest()[:8], 16)


def room_hub(audio: np.ndarray, seed: int, gain: float = 1.0,
             chain: object | None = None) -> tuple[np.ndarray, int]:
    """The room variant as the hub's room source reaches the recogniser: the microphone's sound
    (`gain` times the room variant) at the sound card's rate through the room's processing
    chain (`chain`: a ChainSettings; the default's echo stage and noise suppression) in the
    20 ms pieces RoomAudio's worker passes it, the loudspeakers silent: (audio, rate)."""
    from facilitator.services.asr.resample import Resampler
    from facilitator.services.room_audio import ChainSettings, ProcessingChain
    from facilitator.services.room_audio.echo import FRAME, SAMPLE_RATE

    piece = 2 * FRAME  # RoomAudio's 20 ms
    processing = ProcessingChain(chain if isinstance(chain, ChainSettings) else None)
    mic = Resampler(SAMPLE_RATE)((room(audio, seed) * gain).astype(np.float32), RATE)
    mic = np.concatenate([mic, np.zeros(-len(mic) % piece, dtype=np.float32)])
    silent = np.zeros(piece, dtype=np.float32)
    return np.concatenate([processing.process(mic[i:i + piece], silent)
                           for i in range(0, len(mic), piece)]).astype(np.float32), SAMPLE_RATE


def variant(passage: Passage, kind: str) -> tuple[np.ndarray, int]:
    """(audio, sample rate) of a passage in one variant."""
    seed = seed_of(passage)
    if kind == ROOM_HUB:
        return room_hub(passage.audio, seed)
    if kind == "clean":
        return passage.audio, RATE
    if kind == "room":
        return room(passage.audio, seed), RATE
    if kind == "phone":
        return phone(passage.audio), PHONE_RATE
    raise ValueError(kind)


def to_16k(audio: np.ndarray, rate: int) -> np.ndarray:
    """As a hub source reaches the recogniser (facilitator/services/asr/resample.py)."""
    from facilitator.services.asr.resample import Resampler

    if rate == RATE:
        return audio
    resample = Resampler()
    step = rate // 50  # 20 ms pieces, as the hub's tap pushes them
    return np.concatenate([resample(audio[i:i + step], rate) for i in range(0, len(audio), step)])


def main() -> int:
    """Print the sets (and the sha256 lines for manifest.toml)."""
    for which in ("dev", "test"):
        families = set(split()[which])
        names = [n for n, (f, _, _) in prompts().items() if f in families]
        print(f"[sets.{which}]")
        print(f'sha256 = "{_fingerprint(names)}"')
        seconds = sum(len(prompts()[n][1]) for n in names) / RATE
        words = sum(len(prompts()[n][2].split()) for n in names)
        print(f"prompts = {len(names)}\nspeech_seconds = {seconds:.1f}\nwords = {words}")
        print(f"families = {sorted(families)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

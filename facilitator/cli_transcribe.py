"""`facilitator transcribe FILE`: a recording through the same recogniser as a live meeting."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from .domain.errors import DomainError

CHUNK = 16_000  # samples per resampling step (1 s at 16 kHz)


def read_audio(path: Path) -> np.ndarray:
    """Any file PyAV reads (WAV, FLAC, MP3, video with sound...) as 16 kHz mono float32."""
    import av

    from .services.asr.engine import SAMPLE_RATE

    if not path.is_file():
        raise DomainError(f"no such file: {path}")
    try:
        container = av.open(str(path))
    except av.error.FFmpegError as bad:
        raise DomainError(f"{path.name} is not an audio file PyAV can read ({bad})") from None
    with container:
        if not container.streams.audio:
            raise DomainError(f"{path.name} has no sound")
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        pieces = []
        for frame in container.decode(audio=0):
            for out in resampler.resample(frame):
                pieces.append(out.to_ndarray().reshape(-1))
        for out in resampler.resample(None):
            pieces.append(out.to_ndarray().reshape(-1))
    if not pieces:
        raise DomainError(f"{path.name} contains no audio")
    return np.concatenate(pieces).astype(np.float32)


def cmd_transcribe(args: argparse.Namespace) -> int:
    from .services.asr.engine import transcribe
    from .services.asr.loader import try_open_engine
    from .services.asr.settings import AsrSettings

    audio = read_audio(Path(args.file))
    overrides: dict[str, Any] = {}
    if args.engine:
        overrides["engine"] = args.engine
    if args.model:
        overrides["model"] = args.model
    engine, problem = try_open_engine(AsrSettings.from_env(**overrides))
    if engine is None:
        raise DomainError(f"cannot transcribe: {problem}")
    finals = transcribe(engine, audio)
    if args.json:
        print(json.dumps([{"start": round(f.start, 2), "end": round(f.end, 2), "text": f.text,
                           "confidence": f.confidence} for f in finals], ensure_ascii=False,
                         indent=2))
    else:
        for final in finals:
            print(f"[{final.start:7.2f} - {final.end:7.2f}] {final.text}")
    return 0


def add_transcribe_command(commands: Any) -> None:
    command = commands.add_parser("transcribe", help="transcribe a recording (WAV, FLAC, ...)")
    command.add_argument("file")
    command.add_argument("--engine", choices=("whisper", "vosk"))
    command.add_argument("--model", help="model name (see `facilitator models list`)")
    command.add_argument("--json", action="store_true", help="utterances with times as JSON")
    command.set_defaults(handler=cmd_transcribe)

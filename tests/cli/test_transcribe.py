"""`facilitator transcribe` on a real recording (a real process), and on files that are not audio
(in this process: the same command line, `ui.cli.main`, its own stdout and stderr)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services.test_asr_common import librivox
from ui.cli import main

LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ui.cli", "transcribe", *args],
                          capture_output=True, text=True, timeout=120)


def test_a_recording_is_transcribed_with_times_as_json() -> None:
    clip = librivox()[0]
    result = run(str(LIBRIVOX / f"{clip.name}.wav"), "--model", "whisper-tiny.en", "--json")
    assert result.returncode == 0, result.stderr
    lines = json.loads(result.stdout)
    assert len(lines) == 1
    assert lines[0]["start"] < 0.5 and 6.0 < lines[0]["end"] < 7.5
    assert "John Dashwood" in lines[0]["text"]


def test_not_audio_gets_a_one_line_error(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "notes.wav"
    text.write_text("not a recording")
    assert main(["transcribe", str(text)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip().count("\n") == 0
    assert "not an audio file" in err
    assert main(["transcribe", str(tmp_path / "missing.flac")]) == 2
    assert "no such file" in capsys.readouterr().err

"""Speech models: verified against models/manifest.toml; a missing or corrupt one is reported in
one clear line, the engine does not load it, and the caller carries on without transcription."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.services.asr import (
    AsrSettings,
    ModelError,
    open_engine,
    state_text,
    try_open_engine,
)
from facilitator.services.asr.models import (
    MODELS_ENV,
    REPO_MODELS,
    check_model,
    load_manifest,
    models_dir,
)

from .test_asr_common import engine, models_installed, require

TINY = "whisper-tiny.en"


def copy_model(tmp_path: Path, name: str = TINY) -> Path:
    """A models dir with the real model linked in (cheap), ready to be damaged file by file."""
    require(models_installed(name), f"speech model {name} is not installed in models/")
    target = tmp_path / "models" / name
    target.mkdir(parents=True)
    for item in (REPO_MODELS / name).iterdir():
        (target / item.name).symlink_to(item)
    return target.parent


def corrupt(folder: Path, file: str, truncate: bool = False) -> None:
    """Replace a link with a damaged copy: one byte flipped (same size), or cut short."""
    path = folder / file
    data = bytearray(path.read_bytes())
    path.unlink()
    if truncate:
        data = data[: len(data) // 2]
    else:
        data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_the_manifest_pins_three_models_and_the_vad() -> None:
    manifest = load_manifest()
    assert manifest.default == "whisper-base"
    assert {"whisper-base", TINY, "vosk-ko"} <= set(manifest.models)
    assert manifest.models["vosk-ko"].engine == "vosk"
    assert "silero-vad" in manifest.assets
    assert all(len(f.sha256) == 64 for m in manifest.models.values() for f in m.files)


def test_installed_models_verify(capsys: pytest.CaptureFixture[str]) -> None:
    require(models_installed("whisper-base", TINY, "vosk-ko"), "models are not installed")
    assert main(["models", "verify"]) == 0
    out = capsys.readouterr().out
    assert "all speech models verified" in out
    for name in ("whisper-base", TINY, "vosk-ko", "silero-vad"):
        assert any(line.split()[0] == name and line.rstrip().endswith(("ok", "(default)"))
                   for line in out.splitlines() if line.strip()), out
    assert main(["models", "list"]) == 0
    assert "whisper-base" in capsys.readouterr().out
    assert state_text(engine(TINY)) == "on (whisper, whisper-tiny.en)"


def test_a_corrupt_file_is_named_and_the_engine_is_not_loaded(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_model(tmp_path)
    corrupt(folder / TINY, "config.json")
    status = check_model(load_manifest().model(TINY), folder / TINY)
    assert status.state == "CORRUPT"
    assert len(status.problems) == 1 and "config.json is corrupt (sha256" in status.problems[0]

    with pytest.raises(ModelError) as raised:
        open_engine(AsrSettings(model=TINY, models_dir=folder))
    message = str(raised.value)
    assert "\n" not in message
    assert f"speech model '{TINY}' is corrupt" in message and "config.json" in message
    assert "install_models.py" in message

    engine, why = try_open_engine(AsrSettings(model=TINY, models_dir=folder))
    assert engine is None and why == message  # the meeting carries on, told why
    assert state_text(engine, why) == f"off: {message}"

    assert main(["models", "verify", "--models-dir", str(folder), TINY]) == 2
    captured = capsys.readouterr()
    assert "CORRUPT" in captured.out
    error_lines = captured.err.strip().splitlines()
    assert len(error_lines) == 1
    assert error_lines[0].startswith("facilitator: error: whisper-tiny.en corrupt")


def test_a_truncated_or_missing_model_is_reported(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_model(tmp_path)
    corrupt(folder / TINY, "vocabulary.txt", truncate=True)
    with pytest.raises(ModelError, match=r"vocabulary\.txt has \d+ bytes, the manifest says"):
        open_engine(AsrSettings(model=TINY, models_dir=folder))
    with pytest.raises(ModelError, match="speech model 'whisper-base' is not installed in"):
        open_engine(AsrSettings(model="whisper-base", models_dir=folder))
    with pytest.raises(ModelError, match="no speech model 'nonesuch'"):
        open_engine(AsrSettings(model="nonesuch", models_dir=folder))
    with pytest.raises(ModelError, match="is for faster-whisper, not vosk"):
        open_engine(AsrSettings(engine="vosk", model=TINY, models_dir=folder))

    assert main(["models", "verify", "--models-dir", str(folder)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "whisper-base missing" in err[0] and "vosk-ko missing" in err[0]
    assert main(["models", "list", "--models-dir", str(folder)]) == 0  # list only looks
    out = capsys.readouterr().out
    assert "missing" in out and "CORRUPT" in out


def test_models_dir_and_engine_come_from_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_model(tmp_path)
    shutil.rmtree(folder / TINY)
    monkeypatch.setenv(MODELS_ENV, str(folder))
    assert models_dir() == folder
    monkeypatch.setenv("FACILITATOR_ASR_MODEL", TINY)
    engine, why = try_open_engine()
    assert engine is None and "not installed in" in why and str(folder) in why
    monkeypatch.setenv("FACILITATOR_ASR_ENGINE", "dragon")
    engine, why = try_open_engine()
    assert engine is None and "FACILITATOR_ASR_ENGINE" in why


def test_an_unreadable_manifest_is_reported(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "manifest.toml"
    bad.write_text("schema = [")
    assert main(["models", "verify", "--manifest", str(bad)]) == 2
    assert "cannot read the model manifest" in capsys.readouterr().err
    engine, why = try_open_engine(AsrSettings(manifest=tmp_path / "absent.toml"))
    assert engine is None and "is missing" in why

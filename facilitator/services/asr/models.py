"""Speech models on disk: where they are, what the repo's manifest pins, whether they are intact.

`models/manifest.toml` (kept in the repo) lists every model directory the install step assembles
(`scripts/install_models.py`) with the size and sha256 of each file, and the files that ship
inside Python packages (the Silero VAD network inside faster-whisper). Nothing here downloads
anything: a missing or corrupt model is reported in one clear line so that the caller can carry
on without transcription.

The models directory is, in order: an explicit path (settings), the environment variable
FACILITATOR_MODELS, or the repo's own `models/`. The manifest always comes from the repo (or an
explicit path), never from the models directory, so a copied directory is checked against the
pins that the code was released with.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MODELS_ENV = "FACILITATOR_MODELS"
REPO_MODELS = Path(__file__).resolve().parents[3] / "models"
CHUNK = 1 << 20


class ModelError(RuntimeError):
    """A model is missing, corrupt or unusable: the message says which file and what to do."""


def models_dir(explicit: Path | str | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    override = os.environ.get(MODELS_ENV)
    if override:
        return Path(override).expanduser()
    return REPO_MODELS


def manifest_path(explicit: Path | str | None = None) -> Path:
    return Path(explicit).expanduser() if explicit else REPO_MODELS / "manifest.toml"


@dataclass(frozen=True)
class FileSpec:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class ModelSpec:
    name: str
    engine: str  # "faster-whisper" or "vosk"
    description: str
    files: tuple[FileSpec, ...]

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


@dataclass(frozen=True)
class AssetSpec:
    name: str
    package: str
    version: str
    path: str  # inside site-packages
    size: int
    sha256: str
    description: str = ""


@dataclass(frozen=True)
class Manifest:
    path: Path
    default: str
    models: dict[str, ModelSpec]
    assets: dict[str, AssetSpec] = field(default_factory=dict)

    def model(self, name: str) -> ModelSpec:
        try:
            return self.models[name]
        except KeyError:
            raise ModelError(f"no model '{name}' in {self.path} (it lists: "
                             f"{', '.join(self.models)})") from None

    def first_for(self, engine: str) -> ModelSpec | None:
        if engine == "faster-whisper" and self.default in self.models:
            return self.models[self.default]
        return next((m for m in self.models.values() if m.engine == engine), None)


def load_manifest(path: Path | str | None = None) -> Manifest:
    where = manifest_path(path)
    try:
        data: dict[str, Any] = tomllib.loads(where.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"the model manifest {where} is missing: the checkout is incomplete"
                         ) from None
    except (OSError, tomllib.TOMLDecodeError) as problem:
        raise ModelError(f"cannot read the model manifest {where}: {problem}") from None
    try:
        models = {
            str(name): ModelSpec(
                str(name), str(m["engine"]), str(m.get("description", "")),
                tuple(FileSpec(str(f["path"]), int(f["size"]), str(f["sha256"]))
                      for f in m["files"]),
            )
            for name, m in data["models"].items()
        }
        assets = {
            str(name): AssetSpec(str(name), str(a["package"]), str(a["version"]), str(a["path"]),
                                 int(a["size"]), str(a["sha256"]), str(a.get("description", "")))
            for name, a in data.get("assets", {}).items()
        }
        return Manifest(where, str(data["default"]), models, assets)
    except (KeyError, TypeError, ValueError, AttributeError) as problem:
        raise ModelError(f"the model manifest {where} is malformed: {problem!r}") from None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# Files already hashed in this process, by (path, size, mtime): opening a meeting twice does not
# hash 150 MB twice, and a file changed on disk is hashed again.
_verified: set[tuple[str, int, int, str]] = set()
_verified_lock = threading.Lock()


def check_file(path: Path, size: int, sha256: str) -> str | None:
    """None when the file is intact, else one line saying what is wrong."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return f"{path} is missing"
    except OSError as problem:
        return f"{path} cannot be read: {problem.strerror or problem}"
    if not path.is_file():
        return f"{path} is not a file"
    if stat.st_size != size:
        return (f"{path} has {stat.st_size} bytes, the manifest says {size}: "
                "it is truncated or corrupt")
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, sha256)
    with _verified_lock:
        if key in _verified:
            return None
    try:
        digest = sha256_of(path)
    except OSError as problem:
        return f"{path} cannot be read: {problem.strerror or problem}"
    if digest != sha256:
        return f"{path} is corrupt (sha256 {digest[:12]}…, the manifest says {sha256[:12]}…)"
    with _verified_lock:
        _verified.add(key)
    return None


@dataclass(frozen=True)
class ModelStatus:
    name: str
    engine: str
    directory: Path
    problems: tuple[str, ...]
    in_manifest: bool = True

    @property
    def installed(self) -> bool:
        return self.directory.is_dir()

    @property
    def intact(self) -> bool:
        return self.in_manifest and not self.problems

    @property
    def state(self) -> str:
        if not self.in_manifest:
            return "not in the manifest (unverified)"
        if not self.installed:
            return "missing"
        return "ok" if not self.problems else "CORRUPT"


def check_model(spec: ModelSpec, directory: Path) -> ModelStatus:
    if not directory.is_dir():
        return ModelStatus(spec.name, spec.engine, directory, (f"{directory} is missing",))
    problems = tuple(p for f in spec.files
                     if (p := check_file(directory / f.path, f.size, f.sha256)) is not None)
    return ModelStatus(spec.name, spec.engine, directory, problems)


def site_path(asset: AssetSpec) -> Path | None:
    """Where an asset that ships in a Python package is, or None if the package is absent."""
    spec = importlib.util.find_spec(asset.package.replace("-", "_"))
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))).parent / asset.path


def check_asset(asset: AssetSpec) -> ModelStatus:
    path = site_path(asset)
    if path is None:
        return ModelStatus(asset.name, asset.package, Path(asset.path),
                           (f"the Python package {asset.package} is not installed",))
    problem = check_file(path, asset.size, asset.sha256)
    if problem and path.is_file():
        problem += f" (is {asset.package}=={asset.version} installed?)"
    return ModelStatus(asset.name, asset.package, path, (problem,) if problem else ())


def survey(directory: Path, manifest: Manifest) -> list[ModelStatus]:
    """Every model the manifest lists, then any other directory found under `directory`."""
    found = [check_model(spec, directory / name) for name, spec in manifest.models.items()]
    if directory.is_dir():
        for extra in sorted(directory.iterdir()):
            if extra.is_dir() and not extra.name.startswith(".") and \
                    extra.name not in manifest.models:
                engine = "vosk" if (extra / "am" / "final.mdl").is_file() else "unknown"
                found.append(ModelStatus(extra.name, engine, extra, (), in_manifest=False))
    return found


@dataclass(frozen=True)
class ResolvedModel:
    """A model directory ready to load, and whether its files were checked against the manifest."""

    name: str
    engine: str
    directory: Path
    verified: bool


def resolve_model(name_or_path: str, engine: str, directory: Path, manifest: Manifest
                  ) -> ResolvedModel:
    """Find and verify a model, or raise ModelError with one clear line.

    A name from the manifest is looked up under `directory` and every file is checked. A path to
    a directory that the manifest does not know (someone's own Vosk model) is accepted
    unverified; the caller logs that.
    """
    spec = manifest.models.get(name_or_path)
    if spec is not None:
        if spec.engine != engine:
            raise ModelError(f"model '{spec.name}' is for {spec.engine}, not {engine}")
        status = check_model(spec, directory / spec.name)
        if not status.installed:
            raise ModelError(f"speech model '{spec.name}' is not installed in {directory} "
                             "(run scripts/install_models.py)")
        if status.problems:
            raise ModelError(f"speech model '{spec.name}' is corrupt: {status.problems[0]} "
                             "(run scripts/install_models.py to assemble it again)")
        return ResolvedModel(spec.name, engine, directory / spec.name, verified=True)
    candidate = Path(name_or_path).expanduser()
    if not candidate.is_absolute():
        candidate = directory / candidate
    if candidate.is_dir():
        return ResolvedModel(candidate.name, engine, candidate, verified=False)
    raise ModelError(f"no speech model '{name_or_path}': not in {manifest.path.name} "
                     f"({', '.join(manifest.models)}) and no directory {candidate}")


def resolve_asset(name: str, manifest: Manifest) -> Path:
    asset = manifest.assets.get(name)
    if asset is None:
        raise ModelError(f"the manifest {manifest.path} does not list the asset '{name}'")
    status = check_asset(asset)
    if status.problems:
        raise ModelError(f"{asset.description or name}: {status.problems[0]}")
    return status.directory

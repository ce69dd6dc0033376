"""`facilitator models list|verify`: which speech models are installed, and are they intact.

Both read models/manifest.toml and hash every file (sha256) against it. `list` always exits 0
(it is for looking); `verify` exits 2 with a one-line message when a model it checks is missing
or corrupt, so that scripts and the install step can rely on it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .services.asr.models import (
    Manifest,
    ModelError,
    ModelStatus,
    check_asset,
    check_model,
    load_manifest,
    models_dir,
    survey,
)

EXIT_PROBLEM = 2


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def _context(args: argparse.Namespace) -> tuple[Manifest, Path]:
    return load_manifest(args.manifest), models_dir(args.models_dir)


def _line(status: ModelStatus, manifest: Manifest) -> str:
    spec = manifest.models.get(status.name)
    size = _megabytes(spec.size) if spec else ""
    default = "  (default)" if status.name == manifest.default else ""
    return f"  {status.name:<16} {status.engine:<18} {size:>9}  {status.state}{default}"


def cmd_models_list(args: argparse.Namespace) -> int:
    try:
        manifest, directory = _context(args)
    except ModelError as failure:
        print(f"facilitator: error: {failure}", file=sys.stderr)
        return EXIT_PROBLEM
    print(f"speech models in {directory} (checked against {manifest.path})")
    for status in survey(directory, manifest):
        print(_line(status, manifest))
        for problem in status.problems:
            print(f"      {problem}")
    for asset in manifest.assets.values():
        status = check_asset(asset)
        print(f"  {asset.name:<16} {'in ' + asset.package:<18} {_megabytes(asset.size):>9}  "
              f"{'ok' if not status.problems else 'CORRUPT or missing'}")
        for problem in status.problems:
            print(f"      {problem}")
    return 0


def cmd_models_verify(args: argparse.Namespace) -> int:
    try:
        manifest, directory = _context(args)
        names = args.names or list(manifest.models)
        specs = [manifest.model(name) for name in names]
    except ModelError as failure:
        print(f"facilitator: error: {failure}", file=sys.stderr)
        return EXIT_PROBLEM
    bad: list[ModelStatus] = []
    for spec in specs:
        status = check_model(spec, directory / spec.name)
        print(_line(status, manifest))
        for problem in status.problems:
            print(f"      {problem}")
        if status.problems:
            bad.append(status)
    if not args.names:
        for asset in manifest.assets.values():
            status = check_asset(asset)
            print(f"  {asset.name:<16} {'in ' + asset.package:<18} "
                  f"{_megabytes(asset.size):>9}  {'ok' if not status.problems else 'CORRUPT'}")
            if status.problems:
                bad.append(status)
    if bad:
        summary = "; ".join(f"{s.name} {'missing' if not s.installed else 'corrupt'}: "
                            f"{s.problems[0]}" for s in bad)
        print(f"facilitator: error: {summary} (run scripts/install_models.py)", file=sys.stderr)
        return EXIT_PROBLEM
    print("all speech models verified")
    return 0


def add_models_commands(commands: Any) -> None:
    """Register `models list|verify` on the top-level subparsers of `facilitator`."""
    models = commands.add_parser("models", help="list and verify the speech models")
    sub = models.add_subparsers(title="models commands", required=True)
    for name, handler, text in (
        ("list", cmd_models_list, "show installed speech models and whether each is intact"),
        ("verify", cmd_models_verify, "check models against models/manifest.toml; exit 2 if "
         "any is missing or corrupt"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("--models-dir", help="models directory (default: FACILITATOR_MODELS "
                             "or the repo's models/)")
        command.add_argument("--manifest", help="manifest (default: the repo's "
                             "models/manifest.toml)")
        if name == "verify":
            command.add_argument("names", nargs="*", metavar="NAME",
                                 help="only these models (default: all, and the VAD asset)")
        command.set_defaults(handler=handler)

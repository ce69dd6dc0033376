#!/usr/bin/env python3
"""Rewrite requirements.lock and requirements-test.lock from the packages installed in .venv.

    .venv/bin/python scripts/update_locks.py

Run it after changing a pin in pyproject.toml and installing it (`pip install X==Y`): it takes
`pip freeze --all --exclude-editable`, walks the dependency tree from the project's runtime
dependencies (pyproject [project] dependencies plus the extra RUNTIME_EXTRAS below) and from its
test extra, and writes every installed version pinned with ==. It fails when the venv holds a
package neither tree reaches (uninstall it or add it) or lacks one they need.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
# Runtime packages the app needs that pyproject.toml does not list (yet).
RUNTIME_EXTRAS: list[str] = []
# Installed by venv/pip themselves and not needed by anything.
IGNORED = {"setuptools", "wheel"}


def closure(roots: list[str]) -> set[str]:
    """Canonical names of the roots and everything they require, as installed."""
    seen: dict[str, set[str]] = {}
    stack = [Requirement(root) for root in roots]
    while stack:
        requirement = stack.pop()
        name = canonicalize_name(requirement.name)
        extras = set(requirement.extras)
        if name in seen and extras <= seen[name]:
            continue
        seen.setdefault(name, set()).update(extras)
        try:
            dist = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            message = f"update_locks: {requirement.name} is needed but not installed"
            raise SystemExit(message) from None
        environments = [{"extra": ""}] + [{"extra": extra} for extra in seen[name]]
        for raw in dist.requires or []:
            sub = Requirement(raw)
            if sub.marker is None or any(sub.marker.evaluate(env) for env in environments):
                stack.append(sub)
    return set(seen)


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = closure(list(project["dependencies"]) + RUNTIME_EXTRAS)
    test = closure(list(project["optional-dependencies"]["test"])) - runtime
    frozen = subprocess.run([sys.executable, "-m", "pip", "freeze", "--all", "--exclude-editable"],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    pins = {str(canonicalize_name(line.split("==")[0])): line for line in frozen if "==" in line}
    if "pip" in pins:
        runtime.add("pip")  # pinned so that every machine resolves with the same pip
    stray = set(pins) - runtime - test - IGNORED
    missing = (runtime | test) - set(pins)
    if stray or missing:
        raise SystemExit(f"update_locks: installed but unused: {sorted(stray)}; "
                         f"needed but not pinned by pip freeze: {sorted(missing)}")
    header = ("# Made by scripts/update_locks.py from `pip freeze --exclude-editable` of a working "
              "venv\n# (Python 3.11, Debian 12 x86_64). Edit pyproject.toml, install, re-run it.\n")
    (ROOT / "requirements.lock").write_text(
        "# Runtime packages of Conference Facilitator: the whole transitive set, pinned.\n"
        + header + "# The app itself goes in afterwards: pip install --no-deps -e .\n"
        + "".join(pins[name] + "\n" for name in sorted(runtime)), encoding="utf-8")
    (ROOT / "requirements-test.lock").write_text(
        "# Test tools of Conference Facilitator, pinned, on top of the runtime set.\n" + header
        + "-r requirements.lock\n" + "".join(pins[name] + "\n" for name in sorted(test)),
        encoding="utf-8")
    print(f"requirements.lock: {len(runtime)} pins; requirements-test.lock: {len(test)} more")
    return 0


if __name__ == "__main__":
    sys.exit(main())

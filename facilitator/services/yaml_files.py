"""Reading the YAML files a council can change, with one clear line when one is wrong."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml


def read_mapping(path: Path, error: type[Exception], name: str | None = None) -> dict[str, Any]:
    """The file's top-level mapping; `error(message)` if it cannot be read or is not one."""
    label = name or path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as bad:
        raise error(f"cannot read {path}: {bad.strerror}") from None
    except yaml.YAMLError as bad:
        first = str(bad).splitlines()[0] if str(bad) else type(bad).__name__
        raise error(f"{label} is not valid YAML: {first}") from None
    if not isinstance(data, Mapping):
        raise error(f"{label}: the top level must be a mapping")
    return dict(data)

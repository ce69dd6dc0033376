"""Before the conference: the council's timescales, attachment size and how people join, read
from assets/templates/preparation.yaml (a local authority edits it). A missing file means the
procedure's defaults; unknown keys are refused with a one-line error."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.errors import DomainError
from ..domain.preparation import MEBIBYTE, PreparationSettings
from .asset_schema import PREPARATION, check
from .templates import assets_dir
from .yaml_files import read_mapping

FILE = "preparation.yaml"


class SettingsError(DomainError):
    """preparation.yaml cannot be used; the message says where."""


@dataclass(frozen=True)
class Joining:
    address: str = ""  # the published join page, e.g. https://conference.fernbridge.example
    dial_in: str = ""  # the conference phone line

    def link(self, token: str) -> str:
        return f"{self.address}/join/{token}"


@dataclass(frozen=True)
class PreparationConfig:
    timescales: PreparationSettings = field(default_factory=PreparationSettings)
    reply_working_days: int = 3
    joining: Joining = field(default_factory=Joining)


def _whole(section: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SettingsError(f"{FILE}: {key} must be a whole number from {low} to {high}")
    return value


def _section(data: Mapping[str, Any], key: str, known: set[str]) -> dict[str, Any]:
    value = data.get(key) or {}
    if not isinstance(value, Mapping):
        raise SettingsError(f"{FILE}: '{key}' must be a mapping")
    unknown = set(value) - known
    if unknown:
        raise SettingsError(f"{FILE}: unknown key(s) in '{key}': {', '.join(sorted(unknown))}")
    return dict(value)


def _read(path: Path) -> dict[str, Any]:
    return read_mapping(path, SettingsError, FILE)


def load_preparation(directory: Path | None = None) -> PreparationConfig:
    """From `directory` (default: assets/templates/) or the procedure's defaults."""
    path = (directory or assets_dir() / "templates") / FILE
    if not path.is_file():
        return PreparationConfig()
    data = _read(path)
    unknown = set(data) - {"timescales", "attachments", "joining"}
    if unknown:
        raise SettingsError(f"{FILE}: unknown section(s) {', '.join(sorted(unknown))}")
    times = _section(data, "timescales", {"report_working_days", "exclusion_working_days",
                                          "advocate_age", "observer_consent_days",
                                          "reply_working_days"})
    files = _section(data, "attachments", {"max_megabytes"})
    joining = _section(data, "joining", {"address", "dial_in"})
    check(data, PREPARATION, FILE, SettingsError)
    address = str(joining.get("address") or "").strip().rstrip("/")
    if address and not address.startswith(("https://", "http://")):
        raise SettingsError(f"{FILE}: joining.address must start with https://")
    return PreparationConfig(
        timescales=PreparationSettings(
            report_working_days=_whole(times, "report_working_days", 2, 0, 20),
            exclusion_working_days=_whole(times, "exclusion_working_days", 3, 0, 20),
            advocate_age=_whole(times, "advocate_age", 10, 0, 18),
            observer_consent_days=_whole(times, "observer_consent_days", 1, 0, 20),
            max_attachment_bytes=_whole(files, "max_megabytes", 200, 1, 4096) * MEBIBYTE,
        ),
        reply_working_days=_whole(times, "reply_working_days", 3, 0, 20),
        joining=Joining(address, str(joining.get("dial_in") or "").strip()),
    )

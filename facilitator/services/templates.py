"""Agenda templates and other assets that a local authority may change."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from ..domain.agenda import StageSpec, stages_from_template
from ..domain.errors import DomainError
from .asset_schema import AGENDA, check

ASSETS_ENV = "FACILITATOR_ASSETS"


def assets_dir() -> Path:
    override = os.environ.get(ASSETS_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "assets"


def agenda_names() -> list[str]:
    return sorted(p.stem for p in (assets_dir() / "agenda").glob("*.yaml"))


def load_agenda(name: str) -> tuple[StageSpec, ...]:
    path = assets_dir() / "agenda" / f"{name}.yaml"
    if not path.is_file():
        raise DomainError(f"no agenda template '{name}' (have: {', '.join(agenda_names())})")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as bad:
        raise DomainError(f"agenda template '{name}' is not valid YAML: {bad}") from None
    check(data, AGENDA, f"agenda template agenda/{name}.yaml", DomainError)
    return stages_from_template(data)

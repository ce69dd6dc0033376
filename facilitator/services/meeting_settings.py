"""What the chair's window takes from the council's settings.yaml (decision: ...): when the
decision tab offers the Signs of Safety scale. Read without loading the export libraries."""

from __future__ import annotations

from pathlib import Path

from ..domain.participation import ParticipationSettings
from .asset_schema import SAFETY_SCALE_CHOICES, SETTINGS, AssetError, check
from .templates import assets_dir
from .yaml_files import read_mapping

SIGNS_OF_SAFETY, ALWAYS = SAFETY_SCALE_CHOICES


def _settings(directory: Path | None) -> dict[str, object]:
    path = (directory or assets_dir() / "templates") / "settings.yaml"
    if not path.is_file():
        return {}
    data = read_mapping(path, AssetError, "settings.yaml")
    check(data, SETTINGS, "settings.yaml")
    return dict(data)


def participation_settings(directory: Path | None = None) -> ParticipationSettings:
    """The thresholds of the chair's prompts and the speaking rate of typed notes
    (settings.yaml, participation: ...); AssetError naming the field when it is wrong."""
    section = _settings(directory).get("participation") or {}
    assert isinstance(section, dict)
    default = ParticipationSettings()
    per_minute = float(section.get("typed_words_per_minute") or 60 / default.typed_seconds_per_word)
    return ParticipationSettings(
        typed_seconds_per_word=60 / per_minute,
        family_silent_minutes=float(section.get("family_silent_minutes")
                                    or default.family_silent_minutes))


def safety_scale_choice(directory: Path | None = None) -> str:
    """"signs_of_safety" (conferences that follow that agenda) or "always"; AssetError naming
    the field when settings.yaml is wrong."""
    path = (directory or assets_dir() / "templates") / "settings.yaml"
    if not path.is_file():
        return SIGNS_OF_SAFETY
    data = read_mapping(path, AssetError, "settings.yaml")
    check(data, SETTINGS, "settings.yaml")
    decision = data.get("decision") or {}
    return str(decision.get("safety_scale") or SIGNS_OF_SAFETY)

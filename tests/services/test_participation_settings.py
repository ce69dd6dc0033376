"""The council's participation settings (settings.yaml, participation: ...)."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.services.asset_schema import AssetError
from facilitator.services.meeting_settings import participation_settings
from facilitator.services.templates import assets_dir


def test_the_shipped_settings() -> None:
    settings = participation_settings(assets_dir() / "templates")
    assert settings.family_silent_minutes == 10
    assert settings.typed_seconds_per_word == pytest.approx(0.4)


def test_a_council_changes_the_threshold_and_a_mistake_is_named(tmp_path: Path) -> None:
    (tmp_path / "settings.yaml").write_text(
        "council:\n  name: Fernbridge Council\n"
        "participation:\n  family_silent_minutes: 6\n  typed_words_per_minute: 120\n")
    settings = participation_settings(tmp_path)
    assert settings.family_silent_minutes == 6
    assert settings.typed_seconds_per_word == pytest.approx(0.5)
    (tmp_path / "settings.yaml").write_text(
        "council:\n  name: Fernbridge Council\nparticipation:\n  family_silent_minutes: no\n")
    with pytest.raises(AssetError, match="family_silent_minutes"):
        participation_settings(tmp_path)

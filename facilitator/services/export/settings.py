"""The council's settings and wording, read from assets/templates/ (a local authority edits them).

settings.yaml: the council's name, address and complaints text, the record's options, calendar
invitations and the PDF fonts. record.yaml: the record's headings and fixed sentences.
letters/*.txt.j2: the letters (see letters.py). Unknown keys are refused with a one-line error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

from ...domain.errors import DomainError
from ...record.invitations import InvitationSettings
from ...record.letters import DEFAULT_CHILD_LETTER_MIN_AGE
from ...record.wording import RecordSettings, Wording
from ..asset_schema import RECORD_WORDING, SETTINGS, check
from ..templates import assets_dir
from ..yaml_files import read_mapping


class ExportError(DomainError):
    """An export could not be made; nothing was written."""


@dataclass(frozen=True)
class Council:
    name: str = "Fernbridge Council"
    unit: str = "Safeguarding and Reviewing Unit"
    address: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    complaints: str = ""

    def as_context(self) -> dict[str, Any]:
        return {"name": self.name, "unit": self.unit, "address": list(self.address),
                "phone": self.phone, "email": self.email, "complaints": self.complaints}


@dataclass(frozen=True)
class ExportSettings:
    templates_dir: Path
    council: Council = field(default_factory=Council)
    record: RecordSettings = field(default_factory=RecordSettings)
    wording: Wording = field(default_factory=Wording)
    invitations: InvitationSettings = field(default_factory=InvitationSettings)
    child_letter_min_age: int = DEFAULT_CHILD_LETTER_MIN_AGE
    font_dir: Path | None = None


def templates_dir() -> Path:
    return assets_dir() / "templates"


def _read(path: Path) -> dict[str, Any]:
    return read_mapping(path, ExportError)


def _section(data: Mapping[str, Any], key: str, known: set[str], where: str) -> dict[str, Any]:
    value = data.get(key) or {}
    if not isinstance(value, Mapping):
        raise ExportError(f"{where}: '{key}' must be a mapping")
    unknown = set(value) - known
    if unknown:
        raise ExportError(f"{where}: unknown key(s) in '{key}': {', '.join(sorted(unknown))}")
    return dict(value)


def _optional_time(value: Any, where: str) -> time | None:
    """A time of day, or None (empty): the invitation is for the day, time to follow."""
    return None if value is None or value == "" else _time(value, where)


def _time(value: Any, where: str) -> time:
    if isinstance(value, int):  # YAML reads an unquoted 10:00 as sexagesimal minutes
        return time(value // 60, value % 60)
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise ExportError(f"{where}: '{value}' is not a time (HH:MM)") from None


def _strings(value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ExportError(f"{where} must be a mapping of key: words")
    return {str(k): str(v) for k, v in value.items()}


def load_settings(directory: Path | None = None) -> ExportSettings:
    folder = directory or templates_dir()
    where = "settings.yaml"
    data = _read(folder / "settings.yaml")
    unknown = set(data) - {"council", "record", "letters", "calendar", "pdf", "decision",
                        "participation"}
    if unknown:
        raise ExportError(f"{where}: unknown section(s) {', '.join(sorted(unknown))}")
    council = _section(data, "council", {"name", "unit", "address", "phone", "email",
                                         "complaints"}, where)
    record = _section(data, "record", {"marking", "transcript_in_full_record",
                                       "transcript_in_family_copy",
                                       "participation_in_family_copy"}, where)
    letters = _section(data, "letters", {"child_letter_min_age"}, where)
    calendar = _section(data, "calendar", {"core_group_time", "core_group_minutes",
                                           "review_time", "review_minutes", "location",
                                           "include_names"}, where)
    pdf = _section(data, "pdf", {"font_dir"}, where)
    _section(data, "decision", {"safety_scale"}, where)  # the window's (meeting_settings.py)
    _section(data, "participation", {"family_silent_minutes", "typed_words_per_minute"},
             where)  # the window's and the record's (meeting_settings.py)
    check(data, SETTINGS, where, ExportError)
    wording_data = _read(folder / "record.yaml")
    extra = set(wording_data) - {"headings", "signs_of_safety_headings", "texts"}
    if extra:
        raise ExportError(f"record.yaml: unknown section(s) {', '.join(sorted(extra))}")
    check(wording_data, RECORD_WORDING, "record.yaml", ExportError)
    try:
        wording = Wording(
            headings=_strings(wording_data.get("headings"), "record.yaml headings"),
            signs_of_safety_headings=_strings(wording_data.get("signs_of_safety_headings"),
                                              "record.yaml signs_of_safety_headings"),
            texts=_strings(wording_data.get("texts"), "record.yaml texts"),
        )
        return ExportSettings(
            templates_dir=folder,
            council=Council(
                name=str(council.get("name", Council.name)),
                unit=str(council.get("unit", Council.unit)),
                address=tuple(str(line) for line in council.get("address") or ()),
                phone=str(council.get("phone", "")), email=str(council.get("email", "")),
                complaints=str(council.get("complaints", "")).strip(),
            ),
            record=RecordSettings(
                council=str(council.get("name", Council.name)),
                unit=str(council.get("unit", Council.unit)),
                marking=str(record.get("marking", RecordSettings.marking)),
                transcript_in_full_record=bool(record.get("transcript_in_full_record", True)),
                transcript_in_family_copy=bool(record.get("transcript_in_family_copy", True)),
                participation_in_family_copy=bool(
                    record.get("participation_in_family_copy", False)),
            ),
            wording=wording,
            invitations=InvitationSettings(
                core_group_time=_optional_time(calendar.get("core_group_time"), where),
                core_group_minutes=int(calendar.get("core_group_minutes", 60)),
                review_time=_optional_time(calendar.get("review_time"), where),
                review_minutes=int(calendar.get("review_minutes", 120)),
                location=str(calendar.get("location") or ""),
                include_names=bool(calendar.get("include_names", False)),
            ),
            child_letter_min_age=int(letters.get("child_letter_min_age",
                                                 DEFAULT_CHILD_LETTER_MIN_AGE)),
            font_dir=Path(str(pdf["font_dir"])) if pdf.get("font_dir") else None,
        )
    except (TypeError, ValueError) as bad:
        raise ExportError(f"{where}: {bad}") from None

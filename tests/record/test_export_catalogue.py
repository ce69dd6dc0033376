"""The list of every export of a conference (labels, file names, who gets what) and writing one
into a folder without ever replacing a file that is there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facilitator.domain.commands.minutes import set_family_copy_scope
from facilitator.domain.errors import DomainError
from facilitator.services.export import ExportSettings, Format, Kind
from facilitator.services.export.catalogue import (
    ExportChoice,
    available_exports,
    default_folder_name,
    prepare,
    safe_file_name,
    write_new,
)

from .conftest import LETTER_DATE, Held, docx_text, flat, pdf_text
from .scenario import SPOKEN_OUT, held_conference, new_conference


def by_label(choices: list[ExportChoice]) -> dict[str, ExportChoice]:
    return {c.label: c for c in choices}


def test_every_document_of_a_held_conference_with_labels_a_chair_understands(held: Held) -> None:
    choices = available_exports(held.conf)
    assert [c.label for c in choices] == [
        "Full record (professionals)",
        "Family copy for Jade Thornbury",
        "Family copy for Liam Ashcombe: parts attended",
        "Decision letter to Jade Thornbury",
        "Decision letter to Liam Ashcombe",
        "Exclusion letter to Liam Ashcombe",
        "Letter to Maisie Thornbury",
        "Letter to Alfie Thornbury",
        "Plan summary (core group)",
        "Calendar invitations (.ics)",
    ]
    labels = by_label(choices)
    liam = labels["Family copy for Liam Ashcombe: parts attended"]
    assert (liam.kind, liam.for_id, liam.scope_choice) == (Kind.FAMILY, held.who["liam"], True)
    assert not labels["Family copy for Jade Thornbury"].scope_choice
    assert labels["Letter to Maisie Thornbury"].for_id == "maisie"
    assert labels["Full record (professionals)"].for_id is None


def test_no_copy_or_letter_for_professionals_supporters_or_observers(held: Held) -> None:
    text = " ".join(c.label for c in available_exports(held.conf))
    for name in ("Priya", "Carys", "Imogen", "Helen", "Reddaway"):
        assert name not in text


def test_default_file_names_carry_the_day_the_kind_and_the_person(held: Held) -> None:
    names = {c.label: c.file_name(Format.PDF) for c in available_exports(held.conf)}
    assert names["Full record (professionals)"] == "2026-12-24 Full record.pdf"
    assert names["Family copy for Liam Ashcombe: parts attended"] == (
        "2026-12-24 Family copy - Liam Ashcombe.pdf")
    assert names["Decision letter to Jade Thornbury"] == (
        "2026-12-24 Decision letter - Jade Thornbury.pdf")
    assert names["Calendar invitations (.ics)"] == "2026-12-24 Calendar invitations.ics"
    for name in names.values():
        assert not set(name) & set('<>:"/\\|?*'), name
    assert default_folder_name(held.conf) == "2026-12-24 Maisie Thornbury and Alfie Thornbury"


@pytest.mark.parametrize(("text", "safe"), [
    ("2026-12-24 Family copy: Liam/Jade", "2026-12-24 Family copy- Liam-Jade"),
    ('a "quoted" <name>?*|\\', "a -quoted- -name"),
    ("trailing dots...  ", "trailing dots"),
    ("CON", "_CON"),
    ("nul.txt", "_nul.txt"),
    ("line\nbreak\ttab", "line-break-tab"),
    (":::", "export"),
])
def test_safe_file_names(text: str, safe: str) -> None:
    assert safe_file_name(text) == safe


def test_the_label_follows_the_chairs_decision_on_the_scope() -> None:
    conf, who = held_conference()
    for event in set_family_copy_scope(conf, conf.log[-1].at, who["liam"], True, "he asked"):
        conf.apply(event)
    liam = next(c for c in available_exports(conf) if c.for_id == who["liam"])
    assert liam.label == "Family copy for Liam Ashcombe: whole record (chair's decision)"
    assert liam.whole_record
    assert liam.file_stem == "2026-12-24 Family copy - Liam Ashcombe"


def test_before_the_meeting_the_letters_are_listed_and_refused_when_prepared(
        settings: ExportSettings) -> None:
    conf = new_conference()
    labels = by_label(available_exports(conf))
    jade = labels["Decision letter to Jade Thornbury"]
    with pytest.raises(DomainError, match="no decision is recorded yet"):
        prepare(conf, jade, Format.PDF, settings, LETTER_DATE)
    draft = prepare(conf, labels["Full record (professionals)"], Format.DOCX, settings,
                    LETTER_DATE)
    assert "Draft" in docx_text(draft.render())


def test_a_prepared_export_renders_without_the_conference(held: Held,
                                                          settings: ExportSettings) -> None:
    labels = by_label(available_exports(held.conf))
    liam = prepare(held.conf, labels["Family copy for Liam Ashcombe: parts attended"],
                   Format.PDF, settings, LETTER_DATE)
    full = prepare(held.conf, labels["Full record (professionals)"], Format.PDF, settings,
                   LETTER_DATE)
    assert SPOKEN_OUT not in pdf_text(liam.render())
    assert SPOKEN_OUT in flat(pdf_text(full.render()))
    ics = prepare(held.conf, labels["Calendar invitations (.ics)"], Format.PDF, settings,
                  LETTER_DATE)
    assert ics.format is Format.ICS and ics.file_name.endswith(".ics")
    assert ics.render().startswith(b"BEGIN:VCALENDAR")


def test_write_new_never_replaces_an_existing_file(tmp_path: Path) -> None:
    (tmp_path / "Record.pdf").write_bytes(b"the chair's own copy")
    first = write_new(tmp_path, "Record.pdf", b"one")
    second = write_new(tmp_path, "Record.pdf", b"two")
    assert (first.name, second.name) == ("Record (2).pdf", "Record (3).pdf")
    assert (tmp_path / "Record.pdf").read_bytes() == b"the chair's own copy"
    assert (first.read_bytes(), second.read_bytes()) == (b"one", b"two")
    assert sorted(os.listdir(tmp_path)) == ["Record (2).pdf", "Record (3).pdf", "Record.pdf"]


def test_write_new_makes_the_folder_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / "Conference records" / "2026-12-24 Maisie"
    written = write_new(folder, "Plan.docx", b"plan")
    assert written == folder / "Plan.docx"
    assert os.listdir(folder) == ["Plan.docx"]


def test_write_new_without_hard_links_still_never_replaces(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    def no_links(source: object, target: object) -> None:
        raise PermissionError("hard links are not supported here")

    monkeypatch.setattr(os, "link", no_links)
    (tmp_path / "Letter.pdf").write_bytes(b"kept")
    written = write_new(tmp_path, "Letter.pdf", b"new")
    assert written.name == "Letter (2).pdf"
    assert written.read_bytes() == b"new"
    assert (tmp_path / "Letter.pdf").read_bytes() == b"kept"
    assert sorted(os.listdir(tmp_path)) == ["Letter (2).pdf", "Letter.pdf"]


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(handle: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_new(tmp_path, "Record.pdf", b"data")
    assert os.listdir(tmp_path) == []

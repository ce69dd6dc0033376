"""Every export a chair may make of one conference, and writing one into a folder.

`available_exports` lists them with labels a chair understands and safe default file names;
who may receive what comes from the export rules (`_who`, `recipient_problem`), not from here.
`prepare` builds what is to be rendered (it reads the Conference, so it runs where the
conference lives: the GUI thread); `PreparedExport.render` and `write_new` touch no conference
and may run on any thread. `write_new` never replaces a file that is there already.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ...domain.conference import Conference
from ...record.audience import Audience
from ...record.document import Document
from ...record.formatting import join_words
from ...record.invitations import Invitation, invitations
from . import Format, Kind, _who, make_document
from .docx_writer import render_docx
from .ics_writer import render_ics
from .pdf_writer import render_pdf
from .settings import ExportError, ExportSettings

__all__ = ["ExportChoice", "PreparedExport", "available_exports", "default_folder_name",
           "prepare", "safe_file_name", "write_new"]

# Characters Windows (and so a shared drive or a USB stick) refuses in file names.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
             *(f"LPT{n}" for n in range(1, 10))}
MAX_STEM = 120
MAX_COPIES = 999


@dataclass(frozen=True)
class ExportChoice:
    kind: Kind
    for_id: str | None  # attendee id, or the child's id for a child's letter; None: for all
    label: str  # what the chair reads: "Family copy for Liam Ashcombe: parts attended"
    file_stem: str  # default file name without its extension: day, kind, person
    scope_choice: bool = False  # an excluded family member: the chair decides what it covers
    whole_record: bool = False  # ... and decided the whole record (confidential stays out)

    def file_name(self, fmt: Format) -> str:
        """The default file name for this format (calendar invitations are always .ics)."""
        return f"{self.file_stem}.{Format.ICS.value if self.kind is Kind.ICS else fmt.value}"


def safe_file_name(text: str) -> str:
    """`text` as a file name any computer accepts: no : / \\ * ? " < > |, no control
    characters, no trailing dot or space, no reserved device name (CON, NUL, COM1...)."""
    cleaned = re.sub(r"-{2,}", "-", " ".join(_UNSAFE.sub("-", text).split()))
    cleaned = cleaned[:MAX_STEM].strip(" .-")
    if not cleaned:
        return "export"
    if cleaned.split(".")[0].strip().upper() in _RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned


def _stem(conf: Conference, what: str) -> str:
    return safe_file_name(f"{conf.details.day.isoformat()} {what}")


def default_folder_name(conf: Conference) -> str:
    """'2026-12-24 Maisie Thornbury and Alfie Thornbury': one folder per conference."""
    children = join_words(c.name for c in conf.details.children)
    return safe_file_name(f"{conf.details.day.isoformat()} {children}")


def _may_receive(conf: Conference, kind: Kind, reference: str) -> bool:
    try:
        return _who(conf, kind, reference) is not None
    except ExportError:
        return False


def _family_copy(conf: Conference, attendee_id: str) -> ExportChoice:
    audience = Audience.family_member(conf, attendee_id)
    name = audience.name
    stem = _stem(conf, f"Family copy - {name}")
    if not audience.was_excluded(conf):
        return ExportChoice(Kind.FAMILY, attendee_id, f"Family copy for {name}", stem)
    scope = "whole record (chair's decision)" if audience.whole_record else "parts attended"
    return ExportChoice(Kind.FAMILY, attendee_id, f"Family copy for {name}: {scope}", stem,
                        scope_choice=True, whole_record=audience.whole_record)


def available_exports(conf: Conference) -> list[ExportChoice]:
    """Every document of this conference, in the order a chair sends them."""
    choices = [ExportChoice(Kind.FULL, None, "Full record (professionals)",
                            _stem(conf, "Full record"))]
    people = list(conf.attendees.values())
    choices += [_family_copy(conf, p.id) for p in people
                if _may_receive(conf, Kind.FAMILY, p.id)]
    choices += [ExportChoice(Kind.DECISION_LETTER, p.id, f"Decision letter to {p.name}",
                             _stem(conf, f"Decision letter - {p.name}")) for p in people
                if _may_receive(conf, Kind.DECISION_LETTER, p.id)]
    choices += [ExportChoice(Kind.EXCLUSION_LETTER, p.id, f"Exclusion letter to {p.name}",
                             _stem(conf, f"Exclusion letter - {p.name}")) for p in people
                if _may_receive(conf, Kind.EXCLUSION_LETTER, p.id)]
    choices += [ExportChoice(Kind.CHILD_LETTER, c.id, f"Letter to {c.name}",
                             _stem(conf, f"Letter to {c.name}"))
                for c in conf.details.children if _may_receive(conf, Kind.CHILD_LETTER, c.id)]
    choices.append(ExportChoice(Kind.PLAN, None, "Plan summary (core group)",
                                _stem(conf, "Plan summary")))
    choices.append(ExportChoice(Kind.ICS, None, "Calendar invitations (.ics)",
                                _stem(conf, "Calendar invitations")))
    return choices


@dataclass(frozen=True)
class PreparedExport:
    """What one export will render: made from the conference, then independent of it."""

    choice: ExportChoice
    format: Format
    document: Document | None = None
    invitations: tuple[Invitation, ...] = ()
    font_dir: Path | None = None

    @property
    def file_name(self) -> str:
        return self.choice.file_name(self.format)

    def render(self) -> bytes:
        """The file's bytes (the slow part: a second or more for a long record as PDF)."""
        if self.document is None:
            return render_ics(self.invitations)
        if self.format is Format.PDF:
            return render_pdf(self.document, self.font_dir)
        return render_docx(self.document)


def prepare(conf: Conference, choice: ExportChoice, fmt: Format, settings: ExportSettings,
            letter_date: date) -> PreparedExport:
    """Build the document now, as the conference stands; raises ExportError/DomainError (with
    the one-line reason) if this export is refused."""
    for_id = _who(conf, choice.kind, choice.for_id)
    if choice.kind is Kind.ICS:
        return PreparedExport(choice, Format.ICS,
                              invitations=tuple(invitations(conf, settings.invitations)))
    if fmt is Format.ICS:
        raise ExportError("documents are docx or pdf; only calendar invitations are ics")
    document = make_document(conf, choice.kind, for_id, settings, letter_date)
    return PreparedExport(choice, fmt, document, font_dir=settings.font_dir)


def _place(temporary: str, target: Path) -> None:
    """Give the finished temporary file the name `target`; FileExistsError if it is taken."""
    try:
        os.link(temporary, target)  # atomic, and refuses an existing name
    except FileExistsError:
        raise
    except (OSError, NotImplementedError):  # a file system without hard links
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        os.replace(temporary, target)  # over the empty file we just made, nobody else's


def write_new(folder: Path, file_name: str, data: bytes) -> Path:
    """Write `data` as `folder/file_name`, all or nothing; if that name is taken, as
    'name (2).ext', 'name (3).ext'... An existing file is never replaced. The path written."""
    folder.mkdir(parents=True, exist_ok=True)
    stem, suffix = os.path.splitext(file_name)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{file_name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        for number in range(1, MAX_COPIES + 1):
            target = folder / (file_name if number == 1 else f"{stem} ({number}){suffix}")
            try:
                _place(temporary, target)
            except FileExistsError:
                continue
            return target
        raise ExportError(f"{MAX_COPIES} files named '{file_name}' are in {folder} already")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)

"""Exports of the record: the full record, a family member's copy, the letters, the plan summary
(DOCX or PDF) and calendar invitations (.ics), from the council's templates in
assets/templates/. Content comes from facilitator.record; this package only renders it.

Every export is made in memory: a refused one (unknown person, family copy for a professional,
no decision yet, a broken template) raises ExportError or DomainError and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import Enum

from ...domain.conference import Conference
from ...domain.minutes import DocumentKind
from ...domain.recipients import recipient_problem
from ...record.audience import Audience
from ...record.build import build_record
from ...record.document import Document
from ...record.exclusion_letters import has_exclusion_letter
from ...record.invitations import invitations
from ...record.language import ENGLISH_LANGUAGE
from ...record.letters import child_by_reference
from ...record.plan_summary import build_plan_summary
from ..messages import language
from .docx_writer import render_docx
from .ics_writer import render_ics
from .letters import (
    child_letter,
    decision_letter,
    exclusion_letter_document,
    recipient_language,
)
from .pdf_writer import render_pdf
from .settings import ExportError, ExportSettings, load_settings

__all__ = ["ExportError", "ExportSettings", "Format", "Kind", "export", "load_settings",
           "make_document", "resolve_attendee"]


class Kind(Enum):
    FULL = "full"
    FAMILY = "family"
    DECISION_LETTER = "decision-letter"
    CHILD_LETTER = "child-letter"
    EXCLUSION_LETTER = "exclusion-letter"
    PLAN = "plan"
    ICS = "ics"


class Format(Enum):
    DOCX = "docx"
    PDF = "pdf"
    ICS = "ics"


# Which document each kind is, for the recipient rules of the domain.
DOCUMENT_OF = {
    Kind.FULL: DocumentKind.FULL_RECORD, Kind.FAMILY: DocumentKind.FAMILY_COPY,
    Kind.DECISION_LETTER: DocumentKind.DECISION_LETTER,
    Kind.CHILD_LETTER: DocumentKind.CHILD_LETTER, Kind.PLAN: DocumentKind.PLAN_SUMMARY,
    Kind.ICS: DocumentKind.CORE_GROUP_INVITATION,
    Kind.EXCLUSION_LETTER: DocumentKind.EXCLUSION_LETTER,
}
NEEDS_FOR = (Kind.FAMILY, Kind.DECISION_LETTER, Kind.CHILD_LETTER, Kind.EXCLUSION_LETTER)


def resolve_attendee(conf: Conference, reference: str) -> str:
    """An attendee id from their id, the start of it (4+ characters), or their full name."""
    text = reference.strip()
    if text in conf.attendees:
        return text
    by_name = [a.id for a in conf.attendees.values() if a.name.casefold() == text.casefold()]
    by_prefix = [a for a in conf.attendees if len(text) >= 4 and a.startswith(text)]
    found = by_name or by_prefix
    if len(found) == 1:
        return found[0]
    if not found:
        raise ExportError(f"no attendee '{reference}' in this conference")
    raise ExportError(f"'{reference}' matches {len(found)} attendees: give more of the id")


def _who(conf: Conference, kind: Kind, reference: str | None) -> str | None:
    if reference is None:
        if kind in NEEDS_FOR:
            whom = {Kind.FAMILY: "the family member whose copy it is",
                    Kind.DECISION_LETTER: "the parent it is for",
                    Kind.CHILD_LETTER: "the child it is for",
                    Kind.EXCLUSION_LETTER: "the parent who was excluded"}[kind]
            raise ExportError(f"--kind {kind.value} needs --for: {whom}")
        return None
    if kind in (Kind.PLAN, Kind.ICS):
        raise ExportError(f"--kind {kind.value} is the same for everyone: leave out --for")
    if kind is Kind.CHILD_LETTER:
        child = child_by_reference(conf, reference)  # id, full name or first name
        if child is not None:
            return child.id
    attendee_id = resolve_attendee(conf, reference)
    if kind is Kind.EXCLUSION_LETTER:
        if not has_exclusion_letter(conf, attendee_id):
            raise ExportError(f"{conf.attendee(attendee_id).name} was not excluded from any "
                              "part of the conference: there is no exclusion letter to write")
        return attendee_id
    problem = recipient_problem(conf, DOCUMENT_OF[kind], attendee_id)
    if problem:
        raise ExportError(problem)
    return attendee_id


def make_document(conf: Conference, kind: Kind, for_id: str | None, settings: ExportSettings,
                  letter_date: date, language_tag: str | None = None) -> Document:
    """The document; a family member's copy and letters are in the recipient's language
    (Welsh or English) unless `language_tag` says otherwise; the professionals' record and the
    plan summary in English unless it says Welsh."""
    chosen = language(language_tag) if language_tag else None
    if kind is Kind.FULL:
        lang = chosen or ENGLISH_LANGUAGE
        full = build_record(conf, Audience.professionals(), settings.wording.translated(lang),
                            settings.record, lang)
        return replace(full, meta={**full.meta, "language": lang.tag})
    if kind is Kind.FAMILY:
        assert for_id is not None
        lang = chosen or recipient_language(conf, for_id)
        copy = build_record(conf, Audience.family_member(conf, for_id),
                            settings.wording.translated(lang), settings.record, lang)
        return replace(copy, meta={**copy.meta, "language": lang.tag})
    if kind is Kind.DECISION_LETTER:
        assert for_id is not None
        return decision_letter(conf, for_id, letter_date, settings, chosen)
    if kind is Kind.CHILD_LETTER:
        assert for_id is not None
        return child_letter(conf, for_id, letter_date, settings, chosen)
    if kind is Kind.EXCLUSION_LETTER:
        assert for_id is not None
        return exclusion_letter_document(conf, for_id, letter_date, settings, lang=chosen)
    lang = chosen or ENGLISH_LANGUAGE
    plan = build_plan_summary(conf, settings.wording.translated(lang), settings.record)
    return replace(plan, meta={**plan.meta, "language": lang.tag})


@dataclass(frozen=True)
class Exported:
    data: bytes
    kind: Kind
    format: Format
    for_id: str | None


def export(conf: Conference, kind: Kind, fmt: Format, for_reference: str | None,
           settings: ExportSettings | None, today: date,
           language_tag: str | None = None) -> Exported:
    """The bytes of one export; raises ExportError/DomainError (and makes nothing) if refused."""
    if (kind is Kind.ICS) != (fmt is Format.ICS):
        raise ExportError("calendar invitations are --kind ics --format ics; documents are "
                          "docx or pdf")
    settings = settings or load_settings()
    for_id = _who(conf, kind, for_reference)
    letter_date = today
    if kind is Kind.ICS:
        lang = language(language_tag) if language_tag else ENGLISH_LANGUAGE
        return Exported(render_ics(invitations(conf, settings.invitations, lang=lang)), kind,
                        fmt, None)
    document = make_document(conf, kind, for_id, settings, letter_date, language_tag)
    data = render_docx(document) if fmt is Format.DOCX else render_pdf(document, settings.font_dir)
    return Exported(data, kind, fmt, for_id)

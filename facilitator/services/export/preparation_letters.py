"""Letters before the conference, from the council's templates: each invitee's invitation with
their own join details (DOCX, PDF, or plain text for an email), and the chair's letter to a
parent about a decision to exclude them (procedure 8.3).

Join details are issued here (services/rtc/credentials: a personal link, the meeting code and
the person's PIN) and go only into that person's letter; they never enter the event log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from ...domain.conference import Conference
from ...domain.roles import Party
from ...record.document import Document
from ...record.invitation_letters import JoinDetails, invitation_context
from ...record.language import Language
from ..preparation_settings import Joining, PreparationConfig, load_preparation
from ..rtc.credentials import Credentials
from .docx_writer import render_docx
from .letters import _letter, exclusion_letter_document, recipient_language
from .pdf_writer import render_pdf
from .plain_text import render_text
from .settings import ExportError, ExportSettings, load_settings


class LetterFormat(Enum):
    DOCX = "docx"
    PDF = "pdf"
    TXT = "txt"  # the body of an email


@dataclass(frozen=True)
class Letter:
    data: bytes
    for_id: str
    format: LetterFormat


def join_details(conf: Conference, attendee_id: str, credentials: Credentials,
                 joining: Joining) -> JoinDetails | None:
    """The person's own link, meeting code and PIN (issued once, then reused); None in the room."""
    person = conf.attendee(attendee_id)
    if not person.mode.is_remote:
        return None
    if not joining.address:
        raise ExportError("say where the join page is published: joining.address in "
                          "preparation.yaml, or --join-address")
    credential = credentials.issue_for(conf, attendee_id)
    return JoinDetails(joining.link(credential.token), credential.code, credential.pin,
                       joining.address, joining.dial_in)


def invitation_document(conf: Conference, attendee_id: str, join: JoinDetails | None,
                        letter_date: date, settings: ExportSettings,
                        config: PreparationConfig, lang: Language | None = None) -> Document:
    """The invitation, in the invitee's language (Welsh or English) unless `lang` is given."""
    lang = lang or recipient_language(conf, attendee_id)
    context = invitation_context(conf, attendee_id, join, letter_date, config.timescales,
                                 config.reply_working_days, lang)
    name = context["recipient"]["name"]
    title = lang.t("Invitation: {kind} on {day}", kind=context["conference"]["kind_text"],
                   day=context["conference"]["day"])
    if conf.attendee(attendee_id).role.party is Party.CHILD:
        title = lang.t("A meeting about you on {day}", day=context["conference"]["day"])
    return _letter(settings, "invitation.txt.j2", context, title, name, settings.record.marking,
                   lang.t("Private: for {name}", name=name),
                   {"conference": conf.id, "for": attendee_id, "kind": "invitation"},
                   address=conf.postal_address(attendee_id), lang=lang)




def render_letter(document: Document, fmt: LetterFormat, settings: ExportSettings) -> bytes:
    if fmt is LetterFormat.DOCX:
        return render_docx(document)
    if fmt is LetterFormat.PDF:
        return render_pdf(document, settings.font_dir)
    return render_text(document).encode("utf-8")


def export_invitation(conf: Conference, attendee_id: str, fmt: LetterFormat,
                      credentials: Credentials, settings: ExportSettings | None,
                      config: PreparationConfig | None, today: date) -> Letter:
    """One invitee's invitation; raises ExportError/DomainError (and makes nothing) if refused."""
    settings = settings or load_settings()
    config = config or load_preparation(settings.templates_dir)
    conf.attendee(attendee_id)
    join = join_details(conf, attendee_id, credentials, config.joining)
    document = invitation_document(conf, attendee_id, join, today,
                                   settings, config)
    return Letter(render_letter(document, fmt, settings), attendee_id, fmt)


def export_exclusion_letter(conf: Conference, attendee_id: str, fmt: LetterFormat,
                            settings: ExportSettings | None, today: date,
                            request_id: str | None = None) -> Letter:
    settings = settings or load_settings()
    document = exclusion_letter_document(conf, attendee_id, today, settings, request_id)
    return Letter(render_letter(document, fmt, settings), attendee_id, fmt)

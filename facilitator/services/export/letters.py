"""Letters from the council's templates: Jinja2 (sandboxed, strict) into the light markup that
facilitator.record.document.parse_markup turns into a document."""

from __future__ import annotations

from datetime import date
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ...domain.conference import Conference, MeetingStatus
from ...record.document import Document, Letterhead, Para, Style, parse_markup
from ...record.exclusion_letters import exclusion_letter
from ...record.letters import child_letter_context, decision_letter_context, find_child
from .settings import ExportError, ExportSettings


def _environment(settings: ExportSettings) -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(settings.templates_dir / "letters"),
        undefined=jinja2.StrictUndefined, autoescape=False, trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True,
    )


def render_template(settings: ExportSettings, name: str, context: dict[str, Any]) -> str:
    """The letter's text; any problem with the template is one line naming it."""
    try:
        return _environment(settings).get_template(name).render(context)
    except jinja2.TemplateNotFound:
        raise ExportError(f"no letter template '{name}' in {settings.templates_dir / 'letters'}"
                          ) from None
    except jinja2.TemplateSyntaxError as bad:
        raise ExportError(f"letter template {name}, line {bad.lineno}: {bad.message}") from None
    except jinja2.TemplateError as bad:
        first = (str(bad).splitlines() or [type(bad).__name__])[0]
        raise ExportError(f"letter template {name}: {first}") from None


def _sender(settings: ExportSettings) -> tuple[str, ...]:
    council = settings.council
    lines = [council.name, council.unit, *council.address]
    if council.phone:
        lines.append(f"Telephone {council.phone}")
    if council.email:
        lines.append(council.email)
    return tuple(lines)


DRAFT_LETTER = ("DRAFT: the conference is still running. This letter is not final and must "
                "not be sent as it stands.")


def _letter(settings: ExportSettings, template: str, context: dict[str, Any], title: str,
            recipient: str, marking: str, audience: str, meta: dict[str, str],
            reference: bool = True, address: tuple[str, ...] = (),
            draft: bool = False) -> Document:
    """The letter from its template; the recipient's name and postal address (if any) go
    where a window envelope shows them; `draft` (made before the meeting ended): marked DRAFT
    on every page and in its first line."""
    context = {**context, "council": settings.council.as_context()}
    body = parse_markup(render_template(settings, template, context))
    head = Letterhead(_sender(settings), (recipient, *address), str(context["letter_date"]),
                      f"Our reference: {context['conference']['reference']}" if reference else "")
    warning = (Para(DRAFT_LETTER, Style.STRONG),) if draft else ()
    return Document(title=title, blocks=(head, *warning, *body), marking=marking,
                    audience=audience, footer=f"{settings.council.name}, {settings.council.unit}",
                    draft=draft, meta=meta)


def decision_letter(conf: Conference, parent_id: str, letter_date: date,
                    settings: ExportSettings) -> Document:
    context = decision_letter_context(conf, parent_id, letter_date)
    name = context["recipient"]["name"]
    title = f"{conf.details.kind.value.capitalize()} child protection conference: decision"
    return _letter(settings, "decision-letter.txt.j2", context, title, name,
                   settings.record.marking, f"Private: for {name}",
                   {"conference": conf.id, "for": parent_id, "kind": "decision-letter"},
                   address=conf.postal_address(parent_id), draft=bool(context["draft"]))


def child_letter(conf: Conference, reference: str, letter_date: date,
                 settings: ExportSettings) -> Document:
    context = child_letter_context(conf, reference, letter_date, settings.child_letter_min_age)
    child = find_child(conf, reference)
    band = context["band"]
    title = f"A letter for {context['child']['first_name']}"
    document = _letter(settings, f"child-letter-{band}.txt.j2", context, title, child.name,
                       "", f"Private: for {child.name}",
                       {"conference": conf.id, "for": child.id, "kind": "child-letter",
                        "band": band, "large_print": "yes" if band != "13-plus" else ""},
                       reference=False, address=conf.postal_address(child.id),
                       draft=conf.status is not MeetingStatus.ENDED)
    return document


def exclusion_letter_document(conf: Conference, attendee_id: str, letter_date: date,
                              settings: ExportSettings, reference: str | None = None
                              ) -> Document:
    """The chair's letter to someone excluded: during the meeting (the latest such exclusion),
    or by a request granted before it."""
    template, context, about = exclusion_letter(conf, attendee_id, letter_date, reference)
    name = context["recipient"]["name"]
    title = f"{conf.details.kind.value.capitalize()} child protection conference: your " \
        "attendance"
    return _letter(settings, template, context, title, name, settings.record.marking,
                   f"Private: for {name}", {"conference": conf.id, "for": attendee_id,
                                            "kind": "exclusion-letter", "about": about},
                   address=conf.postal_address(attendee_id))

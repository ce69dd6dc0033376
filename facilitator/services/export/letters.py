"""Letters from the council's templates: Jinja2 (sandboxed, strict) into the light markup that
facilitator.record.document.parse_markup turns into a document."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ...domain.conference import Conference, MeetingStatus
from ...domain.roles import Party
from ...record.document import Document, Letterhead, Para, Style, parse_markup
from ...record.exclusion_letters import exclusion_letter
from ...record.language import (
    ENGLISH_LANGUAGE,
    N_,
    WELSH,
    Language,
    document_language,
    mutate_after_prepositions,
)
from ...record.letters import (
    KIND_TITLE,
    child_letter_context,
    decision_letter_context,
    find_child,
)
from ..messages import language
from .settings import ExportError, ExportSettings


def letter_environment(folder: Path, language: Language = ENGLISH_LANGUAGE
                       ) -> SandboxedEnvironment:
    """The letters' Jinja2 environment: {% trans %} blocks give each sentence in `language`
    (whitespace inside a block trimmed, so a sentence may run over several lines). Jinja puts
    the values in itself (newstyle gettext: `language.jinja` is called with the message
    only)."""
    environment = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(folder), extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined, autoescape=False, trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True,
    )
    environment.policies["ext.i18n.trimmed"] = True
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        language.jinja, lambda one, many, n, **values: language.jinja(one if n == 1 else many,
                                                                      **values),
        newstyle=True)
    return environment


def render_template(settings: ExportSettings, name: str, context: dict[str, Any],
                    language: Language = ENGLISH_LANGUAGE) -> str:
    """The letter's text; any problem with the template is one line naming it."""
    try:
        environment = letter_environment(settings.templates_dir / "letters", language)
        text = environment.get_template(name).render(context)
        # Jinja fills a sentence's values after translating it: the mutations a value needs
        # in its Welsh sentence ("ar ddydd Mawrth", "y gynhadledd") are made on the whole text
        return mutate_after_prepositions(text) if language.welsh else text
    except jinja2.TemplateNotFound:
        raise ExportError(f"no letter template '{name}' in {settings.templates_dir / 'letters'}"
                          ) from None
    except jinja2.TemplateSyntaxError as bad:
        raise ExportError(f"letter template {name}, line {bad.lineno}: {bad.message}") from None
    except jinja2.TemplateError as bad:
        first = (str(bad).splitlines() or [type(bad).__name__])[0]
        raise ExportError(f"letter template {name}: {first}") from None


def _sender(settings: ExportSettings, lang: Language) -> tuple[str, ...]:
    council = settings.council
    lines = [lang.t(council.name), lang.t(council.unit), *council.address]
    if council.phone:
        lines.append(lang.t("Telephone {phone}", phone=council.phone))
    if council.email:
        lines.append(council.email)
    return tuple(lines)


DRAFT_LETTER = N_("DRAFT: the conference is still running. This letter is not final and must "
                  "not be sent as it stands.")


def council_context(settings: ExportSettings, lang: Language) -> dict[str, Any]:
    """The council's words (name, unit, complaints) in the letter's language."""
    council = settings.council.as_context()
    for key in ("name", "unit", "complaints"):
        council[key] = lang.t(council[key]) if council[key] else ""
    return council


def _letter(settings: ExportSettings, template: str, context: dict[str, Any], title: str,
            recipient: str, marking: str, audience: str, meta: dict[str, str],
            reference: bool = True, address: tuple[str, ...] = (),
            draft: bool = False, lang: Language = ENGLISH_LANGUAGE) -> Document:
    """The letter from its template, in `lang`; the recipient's name and postal address (if
    any) go where a window envelope shows them; `draft` (made before the meeting ended):
    marked DRAFT on every page and in its first line."""
    context = {**context, "council": council_context(settings, lang)}
    body = parse_markup(render_template(settings, template, context, lang))
    our_reference = lang.t("Our reference: {reference}",
                           reference=context["conference"]["reference"]) if reference else ""
    head = Letterhead(_sender(settings, lang), (recipient, *address),
                      str(context["letter_date"]), our_reference)
    warning = (Para(lang.t(DRAFT_LETTER), Style.STRONG),) if draft else ()
    return Document(title=title, blocks=(head, *warning, *body), marking=marking,
                    audience=audience,
                    footer=f"{lang.t(settings.council.name)}, {lang.t(settings.council.unit)}",
                    draft=draft, meta={**meta, "language": lang.tag})


def recipient_language(conf: Conference, attendee_id: str) -> Language:
    """The language the person's letters are written in (their recorded language: Welsh or
    English)."""
    person = conf.attendees.get(attendee_id)
    return language(person.language if person else None)


def child_language(conf: Conference, child_id: str) -> Language:
    """A child's letter: in the child's own language if they are an attendee, else in Welsh if
    a parent or family member speaks Welsh."""
    attendee = next((a for a in conf.attendees.values() if a.child_id == child_id), None)
    if attendee is not None:
        return language(attendee.language)
    family = [a.language for a in conf.attendees.values() if a.role.party is Party.FAMILY]
    return language(WELSH if any(document_language(tag) == WELSH for tag in family) else None)


def decision_letter(conf: Conference, parent_id: str, letter_date: date,
                    settings: ExportSettings, lang: Language | None = None) -> Document:
    lang = lang or recipient_language(conf, parent_id)
    context = decision_letter_context(conf, parent_id, letter_date, lang)
    name = context["recipient"]["name"]
    title = lang.t("{kind}: decision", kind=lang.t(KIND_TITLE[conf.details.kind.value]))
    return _letter(settings, "decision-letter.txt.j2", context, title, name,
                   settings.record.marking, lang.t("Private: for {name}", name=name),
                   {"conference": conf.id, "for": parent_id, "kind": "decision-letter"},
                   address=conf.postal_address(parent_id), draft=bool(context["draft"]),
                   lang=lang)


def child_letter(conf: Conference, reference: str, letter_date: date,
                 settings: ExportSettings, lang: Language | None = None) -> Document:
    child = find_child(conf, reference)
    lang = lang or child_language(conf, child.id)
    context = child_letter_context(conf, reference, letter_date, settings.child_letter_min_age,
                                   lang)
    band = context["band"]
    title = lang.t("A letter for {name}", name=context["child"]["first_name"])
    document = _letter(settings, f"child-letter-{band}.txt.j2", context, title, child.name,
                       "", lang.t("Private: for {name}", name=child.name),
                       {"conference": conf.id, "for": child.id, "kind": "child-letter",
                        "band": band, "large_print": "yes" if band != "13-plus" else ""},
                       reference=False, address=conf.postal_address(child.id),
                       draft=conf.status is not MeetingStatus.ENDED, lang=lang)
    return document


def exclusion_letter_document(conf: Conference, attendee_id: str, letter_date: date,
                              settings: ExportSettings, reference: str | None = None,
                              lang: Language | None = None) -> Document:
    """The chair's letter to someone excluded: during the meeting (the latest such exclusion),
    or by a request granted before it."""
    lang = lang or recipient_language(conf, attendee_id)
    template, context, about = exclusion_letter(conf, attendee_id, letter_date, reference, lang)
    name = context["recipient"]["name"]
    title = lang.t("{kind}: your attendance", kind=lang.t(KIND_TITLE[conf.details.kind.value]))
    return _letter(settings, template, context, title, name, settings.record.marking,
                   lang.t("Private: for {name}", name=name),
                   {"conference": conf.id, "for": attendee_id, "kind": "exclusion-letter",
                    "about": about},
                   address=conf.postal_address(attendee_id), lang=lang)

"""Words for things the domain keeps in English or as data, in a reader's language: the
quorum's reason and a transcription gap's line. The domain stores them language-neutral (the
quorum as who is present; a gap as "[not transcribed: 14 s, Jade Thornbury]", which the
minute-taker may replace with what was said); the record and the chair's window word them
here, at display or export.

In English `quorum_reason` gives exactly the domain's own `Quorum.reason` (a test holds them
together)."""

from __future__ import annotations

import re

from ..domain.attendees import Quorum
from ..domain.roles import Discipline
from .language import ENGLISH_LANGUAGE, N_, Language

GAP = re.compile(r"^\[not transcribed: (?P<seconds>\d+) s, (?P<who>.+)\]$")
IN_THE_ROOM = N_("in the room")
DISCIPLINES = tuple(d.value for d in Discipline)  # messages too (services/message_sources.py)


def quorum_reason(quorum: Quorum, lang: Language = ENGLISH_LANGUAGE) -> str:
    """'quorate: social worker and education, police', or 'not quorate: ...; ...'."""
    others = ", ".join(lang.t(o) for o in quorum.others)
    if quorum.met:
        return lang.t("quorate: social worker and {others}", others=others)
    missing = []
    if not quorum.social_worker:
        missing.append(lang.t("the child's social worker is not present"))
    if len(quorum.others) < 2:
        missing.append(lang.t("{count} other professional discipline(s) present ({have}); at "
                              "least 2 needed", count=len(quorum.others),
                              have=others or lang.t("none")))
    return lang.t("not quorate: {problems}", problems="; ".join(missing))


def quorum_problems(quorum: Quorum, lang: Language = ENGLISH_LANGUAGE) -> str:
    """What is missing, without the 'not quorate: ' (for a sentence that says it already)."""
    reason = quorum_reason(quorum, lang)
    prefix = lang.t("not quorate: {problems}", problems="")
    return reason[len(prefix):] if reason.startswith(prefix) else reason


def discipline_words(disciplines: tuple[str, ...], lang: Language = ENGLISH_LANGUAGE) -> str:
    """'social work, health and police' in the reader's language."""
    return lang.join([lang.t(d) for d in disciplines])


def gap_text(text: str, lang: Language = ENGLISH_LANGUAGE) -> str:
    """A gap line as stored ('[not transcribed: 14 s, Jade Thornbury]') in `lang`; any other
    text (a line the minute-taker has filled in) as it is."""
    found = GAP.match(text)
    if found is None:
        return text
    who = found["who"]
    return lang.t("[not transcribed: {seconds} s, {who}]", seconds=found["seconds"],
                  who=lang.t(IN_THE_ROOM) if who == IN_THE_ROOM else who)

"""The language a document is written in: its messages and its dates.

One mechanism for every document, letter and invitation: the English text is the message id
(gettext's convention), and `Language.t` gives it in the reader's language from a catalogue
(assets/locale/<tag>/LC_MESSAGES/facilitator.po, compiled to .mo at install and loaded by
services/messages.py). A message with no translation stays in English; a test fails for any
message the Welsh catalogue lacks (tests/services/test_messages.py).

Welsh dates follow Welsh public-service usage ("dydd Mawrth 9 Mawrth 2027", no ordinal, the
month unmutated after the number). After a preposition that causes soft mutation ("ar", "o",
"tan", ...), "dydd" becomes "ddydd" ("ar ddydd Mawrth"), and "cynhadledd" after the article
becomes "gynhadledd": `mutate_after_prepositions` applies both to every translated sentence,
so translators write "ar %(day)s", "y %(kind)s" and the reader sees it right.

Python code marks its messages with `t("...")` (translated now) or `N_("...")` (a message id
kept for later); scripts/messages.py finds both, with the letter templates' {% trans %} blocks
and the record's wording, to make the catalogue template.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

ENGLISH = "en"
WELSH = "cy"
SUPPORTED = (ENGLISH, WELSH)

WELSH_DAYS = ("dydd Llun", "dydd Mawrth", "dydd Mercher", "dydd Iau", "dydd Gwener",
              "dydd Sadwrn", "dydd Sul")
WELSH_MONTHS = ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf",
                "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr")
# prepositions that cause soft mutation, before "dydd" (d -> dd)
_SOFT = re.compile(r"\b(ar|o|tan|i|am|at|gan|heb|wrth|drwy|trwy|hyd|dan) dydd\b",
                   re.IGNORECASE)
# "cynhadledd" (feminine) after the article or "dy": "y gynhadledd", "i'r gynhadledd"
_ARTICLE = re.compile(r"(\by|'r|\bdy) cynhadledd\b")


def N_(message: str) -> str:
    """Marks a message id to be found by the extractor; translated later with `t`."""
    return message


def mutate_after_prepositions(text: str) -> str:
    """The soft mutations a value placed in a Welsh sentence needs: 'ar dydd Mawrth' -> 'ar
    ddydd Mawrth' (after ar, o, tan, ...), 'y cynhadledd' -> 'y gynhadledd' (a feminine noun
    after the article or 'dy')."""
    text = _SOFT.sub(lambda m: f"{m.group(1)} ddydd", text)
    return _ARTICLE.sub(lambda m: f"{m.group(1)} gynhadledd", text)


def document_language(tag: str | None) -> str:
    """The language a person's documents are written in: Welsh for Welsh speakers, else
    English (the council writes in Welsh or English; an interpreter helps with others)."""
    return WELSH if tag and tag.split("-", 1)[0].lower() == WELSH else ENGLISH


@dataclass(frozen=True)
class Language:
    """A document's language: `t` translates and fills in a message, `day`/`date` write dates."""

    tag: str = ENGLISH
    lookup: Callable[[str], str] = field(default=lambda message: message, compare=False)

    @property
    def welsh(self) -> bool:
        return self.tag == WELSH

    def t(self, message: str, **values: object) -> str:
        """The message in this language, with {name} placeholders filled in."""
        text = self.lookup(message) or message
        if values:
            text = text.format(**values)
        return mutate_after_prepositions(text) if self.welsh else text

    def jinja(self, message: str, **values: object) -> str:
        """A message with %(name)s placeholders (Jinja2's i18n extension calls it with the
        message alone and fills in the values itself; the letters then mutate the text)."""
        text = self.lookup(message) or message
        if values:
            text = text % values
        return mutate_after_prepositions(text) if self.welsh else text

    def day(self, day: date) -> str:
        """'Tuesday 9 March 2027' / 'dydd Mawrth 9 Mawrth 2027'."""
        if self.welsh:
            return f"{WELSH_DAYS[day.weekday()]} {day.day} {WELSH_MONTHS[day.month - 1]} " \
                f"{day.year}"
        return f"{day:%A} {day.day} {day:%B %Y}"

    def date(self, day: date) -> str:
        """'9 March 2027' / '9 Mawrth 2027'."""
        if self.welsh:
            return f"{day.day} {WELSH_MONTHS[day.month - 1]} {day.year}"
        return f"{day.day} {day:%B %Y}"

    def join(self, items: list[str] | tuple[str, ...], last: str = "and") -> str:
        """'A, B and C' / 'A, B a C' ('ac' before a vowel)."""
        words = [w for w in items if w]
        if len(words) <= 1:
            return "".join(words)
        joiner = self.t(last)
        if self.welsh and joiner == "a" and words[-1][:1].lower() in "aeiouwyâêîôûŵŷ":
            joiner = "ac"
        return f"{', '.join(words[:-1])} {joiner} {words[-1]}"


ENGLISH_LANGUAGE = Language()
CONJUNCTIONS = (N_("and"), N_("or"))

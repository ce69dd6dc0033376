"""The language each person speaks, as a BCP-47 tag ("en", "cy", "pl", "pt-BR").

English is the default. The tag decides the language a person's speech is transcribed in and,
for Welsh, the language of their letters and pages."""

from __future__ import annotations

import re

from .errors import DomainError

ENGLISH = "en"
_TAG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")

# The names the chair sees (and may type) for the tags most often met in England and Wales.
NAMES: dict[str, str] = {
    "en": "English", "cy": "Welsh", "pl": "Polish", "ro": "Romanian", "ur": "Urdu",
    "pa": "Punjabi", "bn": "Bengali", "ar": "Arabic", "so": "Somali", "pt": "Portuguese",
    "es": "Spanish", "lt": "Lithuanian", "tr": "Turkish", "fa": "Persian", "ku": "Kurdish",
    "ti": "Tigrinya", "uk": "Ukrainian", "ru": "Russian", "zh": "Chinese", "fr": "French",
    "it": "Italian", "gu": "Gujarati", "ta": "Tamil", "sq": "Albanian", "bg": "Bulgarian",
    "hu": "Hungarian", "sk": "Slovak", "cs": "Czech", "lv": "Latvian", "de": "German",
}
_BY_NAME = {name.casefold(): tag for tag, name in NAMES.items()}


def language_tag(value: str) -> str:
    """A checked, normalised tag ("PL" -> "pl", "Polish" -> "pl", "pt-br" -> "pt-BR")."""
    text = value.strip()
    if text.casefold() in _BY_NAME:
        return _BY_NAME[text.casefold()]
    lowered = text.replace("_", "-").lower()
    if not _TAG.match(lowered):
        raise DomainError(f"'{value}' is not a language tag (BCP-47, like en, cy, pl)")
    primary, *rest = lowered.split("-")
    return "-".join([primary, *(p.upper() if len(p) == 2 else p for p in rest)])


def primary(tag: str) -> str:
    """The language without its region ("pt-BR" -> "pt"): what a recogniser is told."""
    return tag.split("-", 1)[0]


def language_name(tag: str) -> str:
    return NAMES.get(primary(tag), tag)

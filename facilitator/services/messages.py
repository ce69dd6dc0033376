"""The message catalogues: gettext .mo files compiled at install from assets/locale/*.po.

    language("cy")  -> a record.language.Language that writes Welsh
    language("pl")  -> English (documents are in Welsh or English; an interpreter helps)

The .po files are the source (committed); scripts/messages.py compiles them to .mo (not
committed) at install (scripts/setup.sh) and after any change to a .po file.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from ..record.language import ENGLISH, ENGLISH_LANGUAGE, Language, document_language
from .templates import assets_dir

DOMAIN = "facilitator"


class CatalogueMissing(RuntimeError):
    """A language's compiled catalogue is not installed."""


def locale_dir() -> Path:
    return assets_dir() / "locale"


def po_path(tag: str) -> Path:
    return locale_dir() / tag / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(tag: str) -> Path:
    return po_path(tag).with_suffix(".mo")


@lru_cache(maxsize=8)
def _catalogue(path: Path, stamp: float) -> gettext.GNUTranslations:
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def language(tag: str | None) -> Language:
    """The language a person's documents are written in (see record.language.document_language),
    with its catalogue loaded."""
    chosen = document_language(tag)
    if chosen == ENGLISH:
        return ENGLISH_LANGUAGE
    path = mo_path(chosen)
    if not path.exists():
        raise CatalogueMissing(
            f"the {chosen} message catalogue is not compiled ({path} is missing): run "
            "scripts/setup.sh, or .venv/bin/python scripts/messages.py compile")
    catalogue = _catalogue(path, path.stat().st_mtime)
    return Language(chosen, catalogue.gettext)

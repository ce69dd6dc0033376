"""The chair's window in Welsh: Qt's own translations (a QTranslator) from
ui/translations/chair_cy.ts, compiled to chair_cy.qm with pyside6-lrelease by
scripts/setup.sh (the .qm is not committed). Strings are marked with self.tr("...") (or
QCoreApplication.translate) and found by pyside6-lupdate; tests/ui/test_welsh_window.py fails
for any marked string without Welsh.

The language: `facilitator --language cy` or FACILITATOR_LANGUAGE=cy; English otherwise.

Texts that come from `facilitator` (roles, stage titles, attendance modes, exclusion grounds,
language names, the quorum, a transcription gap's line) are not Qt's: the window shows them
through the documents' gettext catalogue (`words().t(...)`, assets/locale), the same Welsh as
the letters and the record. What is stored stays as the domain keeps it."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTranslator

from facilitator.record.language import ENGLISH_LANGUAGE, Language
from facilitator.services.messages import language as catalogue_language

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
LANGUAGE_ENV = "FACILITATOR_LANGUAGE"
LANGUAGES = ("en", "cy")
_window = {"language": "en"}  # the language of the window's translator, set below
# Qt's own words on standard buttons: Qt ships no Welsh, so chair_cy.ts has them
QT_BUTTONS = (QT_TRANSLATE_NOOP("QPlatformTheme", "OK"),
              QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel"),
              QT_TRANSLATE_NOOP("QPlatformTheme", "Close"))


class TranslationMissing(RuntimeError):
    """The Welsh translations were not compiled (pyside6-lrelease, run by scripts/setup.sh)."""


def chosen_language(given: str | None = None) -> str:
    language = (given or os.environ.get(LANGUAGE_ENV) or "en").strip().lower()
    return language if language in LANGUAGES else "en"


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """The window's words in `language` from now on (widgets made after this call)."""
    if chosen_language(language) == "en":
        return None
    translator = QTranslator(app)
    path = TRANSLATIONS / f"chair_{language}.qm"
    if not translator.load(str(path)):
        raise TranslationMissing(f"{path} is missing: run scripts/setup.sh (pyside6-lrelease "
                                 f"{path.with_suffix('.ts')} -qm {path})")
    app.installTranslator(translator)
    _window["language"] = chosen_language(language)
    return translator


def remove_translator(app: QCoreApplication, translator: QTranslator) -> None:
    """Back to English (widgets made after this call)."""
    app.removeTranslator(translator)
    _window["language"] = "en"


def words() -> Language:
    """The window's language for texts made in `facilitator` (its gettext catalogue)."""
    tag = _window["language"]
    return ENGLISH_LANGUAGE if tag == "en" else catalogue_language(tag)


def term(text: str) -> str:
    """A role, stage title, attendance mode, ground, category or language name, as shown."""
    return words().t(text)

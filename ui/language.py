"""The chair's window in Welsh: Qt's own translations (a QTranslator) from
ui/translations/chair_cy.ts, compiled to chair_cy.qm with pyside6-lrelease by
scripts/setup.sh (the .qm is not committed). Strings are marked with self.tr("...") (or
QCoreApplication.translate) and found by pyside6-lupdate; tests/ui/test_welsh_window.py fails
for any marked string without Welsh.

The language: `facilitator --language cy` or FACILITATOR_LANGUAGE=cy; English otherwise."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
LANGUAGE_ENV = "FACILITATOR_LANGUAGE"
LANGUAGES = ("en", "cy")


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
    return translator

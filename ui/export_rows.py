"""One row of the chair's export dialog (export_dialog.py): a document's tick box, the scope
button of an excluded family member's copy, and what became of it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton

from facilitator.services.export.catalogue import ExportChoice

from .widgets import named

OK_STYLE = "color:#276749;"
REFUSED_STYLE = "color:#9b2c2c;"


def row_key(choice: ExportChoice) -> str:
    return f"{choice.kind.value}:{choice.for_id or ''}"


class ExportRow:
    """One document: its tick box, the scope button (excluded family members), its result."""

    def __init__(self, choice: ExportChoice, checked: bool) -> None:
        self.choice = choice
        self.check = named(QCheckBox(choice.label), choice.label)
        self.check.setChecked(checked)
        self.scope = named(QPushButton(), "Scope", QCoreApplication.translate("RecordExportDialog",
            "What this family member's copy covers: the chair decides, with a reason that is "
            "recorded"))
        self.result = named(QLabel(""), f"Result: {choice.label}")
        self.result.setWordWrap(True)
        self.result.setMinimumWidth(260)
        self.written: Path | None = None
        self.update(choice)

    def update(self, choice: ExportChoice) -> None:
        self.choice = choice
        self.check.setText(choice.label)
        self.check.setAccessibleName(choice.label)
        self.result.setAccessibleName(f"Result: {choice.label}")
        self.scope.setVisible(choice.scope_choice)
        translate = QCoreApplication.translate
        self.scope.setText(translate("RecordExportDialog", "Parts attended only")
                           if choice.whole_record
                           else translate("RecordExportDialog", "Whole record…"))
        self.scope.setAccessibleName(f"Scope of {choice.label}")

    def show_result(self, text: str, ok: bool | None) -> None:
        """A written file (ok), a refusal (not ok), or work in progress (None)."""
        self.written = Path(text) if ok else None
        if self.written is not None:
            text = QCoreApplication.translate("RecordExportDialog", "Saved as {name}").format(
                name=self.written.name)
        elif ok is False:
            text = QCoreApplication.translate("RecordExportDialog", "Not exported: {why}").format(
                why=text)
        self.result.setText(text)
        self.result.setToolTip(str(self.written or ""))
        self.result.setAccessibleDescription(str(self.written or text))
        self.result.setStyleSheet("" if ok is None else OK_STYLE if ok else REFUSED_STYLE)

"""The chair goes ahead without quorum: an interim decision, with the reason and the day the
conference is re-listed (within 10 working days; the procedure's rule for quorum)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QFormLayout, QLabel, QPlainTextEdit, QWidget

from facilitator.domain.attendees import Quorum
from facilitator.domain.interim import RELIST_WITHIN_WORKING_DAYS, InterimRequired
from facilitator.record.quorum import quorum_reason

from .chair_meeting import InterimChoice
from .dialogs import _ReasonedDialog
from .language import words
from .widgets import named


class InterimDialog(_ReasonedDialog):
    def __init__(self, needed: InterimRequired, conference_day: date,
                 previous: InterimChoice | None = None, parent: QWidget | None = None, *,
                 quorum: Quorum | None = None) -> None:
        """`quorum`: the conference's now, worded in the window's language (else the reason
        the meeting gave, in English)."""
        super().__init__(self.tr("Not quorate: an interim decision"), parent)
        due = needed.relist_due
        explanation = QLabel(self.tr(
            "The conference is {quorum}.\n\nWithout quorum the chair may make an interim "
            "decision and plan, records why, and re-lists the conference within {days} working "
            "days (by {due}). The record and the letters will say the decision is interim and "
            "give the re-listing date.").format(
                quorum=quorum_reason(quorum, words()) if quorum else needed.quorum_reason,
                days=RELIST_WITHIN_WORKING_DAYS, due=words().day(due)))
        explanation.setWordWrap(True)
        self.layout_.addWidget(explanation)
        form = QFormLayout()
        self.reason = named(QPlainTextEdit(), "Interim reason", self.tr(
            "Why the chair goes ahead without quorum (goes into the record)"))
        self.reason.setPlaceholderText(self.tr("Why go ahead now (required)"))
        self.reason.setMaximumHeight(90)
        self.reason.textChanged.connect(self.refresh)
        form.addRow(self.tr("Reason"), self.reason)
        self.relist_on = named(QDateEdit(), "Re-listing date")
        self.relist_on.setCalendarPopup(True)
        self.relist_on.setMinimumDate(_qdate(date.fromordinal(conference_day.toordinal() + 1)))
        self.relist_on.setMaximumDate(_qdate(due))
        self.relist_on.setDate(_qdate(previous.relist_on if previous and previous.relist_on
                                      else due))
        form.addRow(self.tr("Re-list on"), self.relist_on)
        if previous is not None:
            self.reason.setPlainText(previous.reason)
        self.layout_.addLayout(form)
        self.ok_button.setText(self.tr("Record interim decision"))
        self.finish_layout()

    def complete(self) -> bool:
        return bool(self.reason.toPlainText().strip())

    def choice(self) -> InterimChoice:
        day = self.relist_on.date()
        return InterimChoice(self.reason.toPlainText().strip(),
                             date(day.year(), day.month(), day.day()))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)

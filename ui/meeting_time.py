"""The meeting's time in the chair's window, beyond the agenda's own timers.

- `OverrunBanner`: once the planned end has passed (extensions included), the window asks the
  chair to extend the meeting (how long and why go into the record) or to end it. It stays
  until they do; the record says if the meeting ran on with no reason given.
- `InterpretingRow` and `InterpretingDialog`: with an interpreter booked, the window offers
  time for consecutive interpreting: each stage is allowed a multiple of its planned length (the
  stage timers, the agenda and the ring-fence count with it), and the planned end may move by
  the minutes that takes, with that reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from facilitator.domain.conference import Conference, MeetingStatus
from facilitator.domain.interpreting import TYPICAL_INTERPRETING_MULTIPLIER
from facilitator.record.formatting import join_words, name_of

from .dialogs import _ReasonedDialog
from .widgets import local_time, named

DEFAULT_MULTIPLIER = TYPICAL_INTERPRETING_MULTIPLIER  # 2 when nearly everything is
MAX_EXTENSION_MINUTES = 180  # the most one extension of the meeting may add


def minutes_over(conference: Conference, now: datetime) -> float:
    """How far a running meeting is past its planned end (0 when it is not)."""
    if conference.status not in (MeetingStatus.IN_PROGRESS, MeetingStatus.ON_BREAK):
        return 0.0
    return max(0.0, (now - conference.clock.planned_end).total_seconds() / 60)


class OverrunBanner(QFrame):
    extendRequested = Signal()
    endRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet("QFrame{background:#feebc8;} QLabel{color:#7b341e;}")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.text = named(QLabel(""), "Meeting overrun")
        self.text.setWordWrap(True)
        self.text.setStyleSheet("font-weight:bold;")
        row.addWidget(self.text, 1)
        self.extend_button = named(QPushButton(self.tr("Extend the meeting…")),
                                   "Extend the meeting",
                                   self.tr("Move the planned end later: how long and why go "
                                           "into the record"))
        self.extend_button.clicked.connect(self.extendRequested.emit)
        self.end_button = named(QPushButton(self.tr("End the meeting")), "End the meeting now",
                                self.tr("Close the meeting"))
        self.end_button.clicked.connect(self.endRequested.emit)
        row.addWidget(self.extend_button)
        row.addWidget(self.end_button)
        self.hide()

    def refresh(self, conference: Conference, now: datetime) -> None:
        over = minutes_over(conference, now)
        if over <= 0:
            self.hide()
            return
        count = math.floor(over)
        how_long = self.tr("just now") if count < 1 else (
            self.tr("1 minute ago") if count == 1
            else self.tr("{count} minutes ago").format(count=count))
        self.text.setText(self.tr(
            "The planned end ({end}) passed {how_long}. Extend the meeting (how long and why go "
            "into the record), or end it.").format(end=local_time(conference.clock.planned_end),
                                                   how_long=how_long))
        self.show()


def interpreting_offer(conference: Conference) -> str | None:
    """'Zofia Nowak interprets Polish for Liam Ashcombe'; None when no interpreter is booked."""
    bookings = conference.preparation.interpreters
    if not bookings:
        return None
    return "; ".join(QCoreApplication.translate(
        "InterpretingRow", "{interpreter} interprets {language} for {people}").format(
        interpreter=name_of(conference, b.interpreter_id), language=b.language,
        people=join_words(sorted(name_of(conference, i) for i in b.for_ids)))
        for b in bookings)


def interpreting_reason(conference: Conference) -> str:
    languages = sorted({b.language for b in conference.preparation.interpreters})
    return f"time for consecutive interpreting ({join_words(languages)})" if languages else (
        "time for consecutive interpreting")


class InterpretingRow(QWidget):
    interpretingRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.text = named(QLabel(""), "Interpreting")
        self.text.setWordWrap(True)
        row.addWidget(self.text, 1)
        self.button = named(QPushButton(self.tr("Interpreting time…")), "Interpreting time",
                            self.tr("Allow the stages more time for consecutive interpreting"))
        self.button.clicked.connect(self.interpretingRequested.emit)
        row.addWidget(self.button)
        self.hide()

    def refresh(self, conference: Conference) -> None:
        offer = interpreting_offer(conference)
        multiplier = conference.agenda.interpretation_multiplier
        if offer is None and multiplier == 1.0:
            self.hide()
            return
        if multiplier == 1.0:
            state = self.tr("Consecutive interpreting roughly doubles speaking time: the stage "
                            "times are as planned.")
        else:
            state = self.tr("Stage times include consecutive interpreting (× {multiplier})."
                            ).format(multiplier=f"{multiplier:g}")
        self.text.setText(f"{offer}. {state}" if offer else state)
        self.button.setEnabled(conference.status is not MeetingStatus.ENDED)
        self.show()


def remaining_minutes(conference: Conference, now: datetime, multiplier: float) -> float:
    """Minutes the rest of the agenda takes with each stage allowed `multiplier` times its
    planned length (the current stage: what is left of it)."""
    return conference.clock.remaining_minutes(now, multiplier)


def projected_end(conference: Conference, now: datetime, multiplier: float) -> datetime:
    start = now if conference.started_at else max(now, conference.details.scheduled_start)
    return start + timedelta(minutes=remaining_minutes(conference, now, multiplier))


@dataclass(frozen=True)
class InterpretingChoice:
    multiplier: float
    extend_minutes: int  # 0: the planned end stays where it is


class InterpretingDialog(_ReasonedDialog):
    """How much longer each stage may run for consecutive interpreting, and whether the
    planned end moves with it."""

    def __init__(self, conference: Conference, now: datetime,
                 parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("InterpretingDialog",
                                                    "Time for interpreting"), parent)
        self.conference, self.now = conference, now
        offer = interpreting_offer(conference)
        intro = QLabel((f"{offer}. " if offer else "") +
                       self.tr("With consecutive interpreting everything said is said twice: "
                               "allow each stage more than its planned time. The stage timers, "
                               "the agenda and the ring-fenced decision and planning time count "
                               "with it, and the record says so."))
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        form = QFormLayout()
        self.multiplier = named(QDoubleSpinBox(), "Interpreting multiplier",
                                self.tr("Each stage is allowed this many times its planned "
                                        "length"))
        self.multiplier.setRange(1.0, 3.0)
        self.multiplier.setSingleStep(0.25)
        self.multiplier.setDecimals(2)
        current = conference.agenda.interpretation_multiplier
        self.multiplier.setValue(current if current != 1.0 else DEFAULT_MULTIPLIER)
        self.multiplier.setPrefix("× ")
        form.addRow(self.tr("Stage times"), self.multiplier)
        self.effect = named(QLabel(""), "Effect on the end")
        self.effect.setWordWrap(True)
        form.addRow("", self.effect)
        self.extend = named(QCheckBox(""), "Move the planned end")
        self.extend.setChecked(True)
        form.addRow("", self.extend)
        self.layout_.addLayout(form)
        self.multiplier.valueChanged.connect(lambda _: self.show_effect())
        self.show_effect()
        self.finish_layout()

    def extra_minutes(self) -> int:
        """Minutes interpreting adds to the rest of the agenda at the chosen multiple (moving
        the planned end by as much keeps the slack the agenda has now)."""
        now, conference = self.now, self.conference
        before = remaining_minutes(conference, now, conference.agenda.interpretation_multiplier)
        after = remaining_minutes(conference, now, self.multiplier.value())
        return min(MAX_EXTENSION_MINUTES, max(0, math.ceil(after - before - 1e-6)))

    def show_effect(self) -> None:
        conference, now = self.conference, self.now
        before = remaining_minutes(conference, now, conference.agenda.interpretation_multiplier)
        after = remaining_minutes(conference, now, self.multiplier.value())
        end = projected_end(conference, now, self.multiplier.value())
        planned = conference.clock.planned_end
        extra = self.extra_minutes()
        self.effect.setText(self.tr(
            "The rest of the agenda would take {after} minutes instead of {before} ({extra} "
            "more), to about {end}; the planned end is {planned}.").format(
            after=f"{after:.0f}", before=f"{before:.0f}", extra=extra, end=local_time(end),
            planned=local_time(planned)))
        self.extend.setText(self.tr(
            "Move the planned end by the {extra} minutes interpreting adds, to {end} (the reason "
            "goes into the record: {reason})").format(
            extra=extra, end=local_time(planned + timedelta(minutes=extra)),
            reason=interpreting_reason(conference)))
        self.extend.setVisible(extra > 0)

    def choice(self) -> InterpretingChoice:
        extend = self.extra_minutes() if self.extend.isChecked() else 0
        return InterpretingChoice(self.multiplier.value(), extend)

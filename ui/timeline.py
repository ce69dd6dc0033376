"""The timeline bar: the whole meeting, the planned end, and the ring-fenced reserve."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from facilitator.domain.conference import Conference
from facilitator.views import BlockKind, TimelineBlock, timeline_blocks

COLOURS = {
    BlockKind.HELD: QColor("#6b7b8c"),
    BlockKind.CURRENT: QColor("#2b6cb0"),
    BlockKind.PLANNED: QColor("#b8c7d9"),
    BlockKind.RESERVE: QColor("#2f855a"),
    BlockKind.RESERVE_LOST: QColor("#c53030"),
    BlockKind.OVERRUN: QColor("#dd6b20"),
}


class TimelineBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Meeting timeline")
        self.setMinimumHeight(34)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.blocks: list[TimelineBlock] = []
        self.planned_end_minute = 0.0
        self.now_minute = 0.0

    def update_from(self, conference: Conference, now: datetime) -> None:
        origin = conference.details.scheduled_start
        self.blocks = timeline_blocks(conference, now)
        self.planned_end_minute = (conference.clock.planned_end - origin).total_seconds() / 60
        self.now_minute = (now - origin).total_seconds() / 60
        reserve = sum(b.end_minute - b.start_minute for b in self.blocks
                      if b.kind is BlockKind.RESERVE)
        lost = sum(b.end_minute - b.start_minute for b in self.blocks
                   if b.kind is BlockKind.RESERVE_LOST)
        summary = f"Ring-fenced reserve protected: {reserve:.0f} minutes"
        if lost > 0.5:
            summary += f"; {lost:.0f} minutes would run past the planned end"
        self.setAccessibleDescription(summary)
        self.setToolTip(summary)
        self.update()

    def reserve_minutes(self) -> float:
        return sum(b.end_minute - b.start_minute for b in self.blocks
                   if b.kind is BlockKind.RESERVE)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 4, -1, -4)
        painter.fillRect(rect, QColor("#edf2f7"))
        starts = [0.0, self.now_minute] + [b.start_minute for b in self.blocks]
        ends = [self.planned_end_minute, self.now_minute] + [b.end_minute for b in self.blocks]
        first, last = min(starts), max(ends)
        span = max(last - first, 1.0)

        def x(minute: float) -> float:
            return rect.left() + (minute - first) / span * rect.width()

        for block in self.blocks:
            box = QRectF(x(block.start_minute), rect.top(),
                         max(1.0, x(block.end_minute) - x(block.start_minute)), rect.height())
            painter.fillRect(box, COLOURS[block.kind])
            painter.setPen(QPen(QColor("white"), 1))
            painter.drawLine(box.topLeft(), box.bottomLeft())
        painter.setPen(QPen(QColor("#1a202c"), 2))
        end_x = x(self.planned_end_minute)
        painter.drawLine(int(end_x), int(rect.top()) - 3, int(end_x), int(rect.bottom()) + 3)
        painter.setPen(QPen(QColor("#d69e2e"), 2, Qt.PenStyle.DashLine))
        now_x = x(self.now_minute)
        painter.drawLine(int(now_x), int(rect.top()), int(now_x), int(rect.bottom()))
        painter.end()

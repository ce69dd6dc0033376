"""Remote people's cameras as small tiles (each decoded once by the hub)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from .widgets import named

COLUMNS = 3


class VideoTiles(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Remote cameras")
        outer = QVBoxLayout(self)
        self.empty = QLabel(self.tr("No remote camera is connected."))
        outer.addWidget(self.empty)
        self.grid = QGridLayout()
        outer.addLayout(self.grid)
        outer.addStretch(1)
        self.tiles: dict[str, tuple[QLabel, QLabel]] = {}
        self.frames: dict[str, int] = {}

    def show_frame(self, attendee_id: str, name: str, width: int, height: int,
                   rgb: bytes) -> None:
        if attendee_id not in self.tiles:
            picture = named(QLabel(), f"Camera of {name}")
            picture.setFixedSize(width, height)
            caption = QLabel(name)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            index = len(self.tiles)
            self.grid.addWidget(picture, (index // COLUMNS) * 2, index % COLUMNS)
            self.grid.addWidget(caption, (index // COLUMNS) * 2 + 1, index % COLUMNS)
            self.tiles[attendee_id] = (picture, caption)
            self.empty.hide()
        image = QImage(rgb, width, height, width * 3, QImage.Format.Format_RGB888)
        self.tiles[attendee_id][0].setPixmap(QPixmap.fromImage(image.copy()))
        self.frames[attendee_id] = self.frames.get(attendee_id, 0) + 1

    def remove(self, attendee_id: str) -> None:
        widgets = self.tiles.pop(attendee_id, None)
        if widgets is not None:
            for widget in widgets:
                widget.deleteLater()
        self.empty.setVisible(not self.tiles)

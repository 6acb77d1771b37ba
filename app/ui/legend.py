"""The intensity legend under the body map: eleven swatches, 0 (pale) to 10 (dark red)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain.vocabulary import MAX_INTENSITY, MIN_INTENSITY
from app.ui.theme import MUTED_INK, intensity_color, text_color_on


class IntensityLegend(QWidget):
    """Swatches with their numbers on them, and 'mild' / 'worst' at the ends."""

    SWATCH = 24

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Pain colour scale"))
        self.setAccessibleDescription(
            self.tr("From 0, pale yellow, through orange, to 10, dark red.")
        )
        self.setToolTip(self.tr("Marked regions are coloured by intensity, 0 to 10"))

    def _count(self) -> int:
        return MAX_INTENSITY - MIN_INTENSITY + 1

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        words = metrics.horizontalAdvance(self.tr("No pain")) + metrics.horizontalAdvance(
            self.tr("Worst")
        )
        return QSize(self._count() * (self.SWATCH + 2) + words + 24, self.SWATCH + 4)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        low, high = self.tr("No pain"), self.tr("Worst")
        painter.setPen(MUTED_INK)
        y = 2
        left_width = metrics.horizontalAdvance(low)
        painter.drawText(QRectF(0, y, left_width, self.SWATCH), Qt.AlignmentFlag.AlignVCenter, low)
        x = left_width + 12
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        small.setWeight(QFont.Weight.DemiBold)
        painter.setFont(small)
        for value in range(MIN_INTENSITY, MAX_INTENSITY + 1):
            color = intensity_color(value)
            rect = QRectF(x, y, self.SWATCH, self.SWATCH)
            painter.setPen(QPen(color.darker(125), 1))
            painter.setBrush(color)
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
            painter.setPen(text_color_on(color))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(value))
            x += self.SWATCH + 2
        painter.setFont(self.font())
        painter.setPen(MUTED_INK)
        painter.drawText(
            QRectF(x + 10, y, metrics.horizontalAdvance(high) + 2, self.SWATCH),
            Qt.AlignmentFlag.AlignVCenter,
            high,
        )
        painter.end()

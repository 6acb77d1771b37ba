"""History of past check-ins: a list model over the store's summaries, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.theme import MUTED_INK, intensity_color, text_color_on

if TYPE_CHECKING:
    from app.domain.journal import CheckInSummary

_Index = QModelIndex | QPersistentModelIndex
SUMMARY_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class HistoryModel(QAbstractListModel):
    """A thin adapter over ``list[CheckInSummary]`` (the store is the truth)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CheckInSummary] = []

    def set_rows(self, rows: Sequence[CheckInSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, check_in_id: int) -> int:
        for row, summary in enumerate(self._rows):
            if summary.id == check_in_id:
                return row
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return summary.taken_at.strftime("%a %d %b %Y, %H:%M")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.tr("{when}: overall pain {pain} of 10, {count} regions marked").format(
                when=summary.taken_at.strftime("%A %d %B %Y, %H:%M"),
                pain=summary.overall_pain,
                count=summary.mark_count,
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return summary.note or None
        if role == SUMMARY_ROLE:
            return summary
        if role == ID_ROLE:
            return summary.id
        return None


class HistoryDelegate(QStyledItemDelegate):
    """Two lines per check-in: the time, then a pain badge, region count and note excerpt."""

    PADDING = 8
    BADGE = 26

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, max(self.BADGE, metrics.height() * 2 + 2) + 2 * self.PADDING)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        summary = index.data(SUMMARY_ROLE)
        if summary is None:
            super().paint(painter, option, index)
            return
        painter.save()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
            )
        rect: QRect = option.rect.adjusted(self.PADDING, self.PADDING, -self.PADDING, -self.PADDING)
        badge = QRect(rect.left(), rect.center().y() - self.BADGE // 2, self.BADGE, self.BADGE)
        fill = intensity_color(summary.overall_pain)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(fill.darker(130), 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(badge, 6, 6)
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(text_color_on(fill))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(summary.overall_pain))

        text_rect = rect.adjusted(self.BADGE + 10, 0, 0, 0)
        metrics = QFontMetrics(option.font)
        palette = option.palette
        ink = palette.text().color()  # the selection colour is light (see the style sheet)
        painter.setPen(ink)
        painter.drawText(
            text_rect.adjusted(0, 0, 0, -metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            index.data(Qt.ItemDataRole.DisplayRole),
        )
        count = summary.mark_count
        regions = self.tr("1 region") if count == 1 else self.tr("{n} regions").format(n=count)
        detail = regions + (f" · {summary.note.splitlines()[0]}" if summary.note.strip() else "")
        painter.setFont(option.font)
        painter.setPen(MUTED_INK)
        second = text_rect.adjusted(0, metrics.height() + 2, 0, 0)
        painter.drawText(
            second,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            metrics.elidedText(detail, Qt.TextElideMode.ElideRight, second.width()),
        )
        painter.restore()


class HistoryPanel(QWidget):
    """The list of past check-ins with New and Delete."""

    check_in_chosen = Signal(int)
    delete_requested = Signal(int)
    new_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = HistoryModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(HistoryDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAccessibleName(self.tr("Past check-ins, newest first"))
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

        self.title = QLabel(self.tr("History"))
        self.title.setObjectName("sectionTitle")
        self.empty_label = QLabel(self.tr("No check-ins yet. Your saved check-ins appear here."))
        self.empty_label.setObjectName("hint")
        self.empty_label.setWordWrap(True)

        self.new_button = QPushButton(self.tr("&New check-in"))
        self.new_button.setAccessibleName(self.tr("Start a new check-in"))
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.delete_button.setAccessibleName(self.tr("Delete the selected check-in"))
        self.delete_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.view.activated.connect(self._on_activated)
        self.new_button.clicked.connect(self.new_requested)
        self.delete_button.clicked.connect(self._on_delete)
        self._choosing = True

    def set_rows(self, rows: Sequence[CheckInSummary], current_id: int | None = None) -> None:
        """Replace the list, keeping ``current_id`` selected without re-loading it."""
        self._choosing = False
        try:
            self.model.set_rows(rows)
            self.select(current_id)
        finally:
            self._choosing = True
        self.empty_label.setVisible(not rows)
        self.title.setText(
            self.tr("History ({count})").format(count=len(rows)) if rows else self.tr("History")
        )

    def select(self, check_in_id: int | None) -> None:
        """Show ``check_in_id`` as current (None clears the selection); emits nothing."""
        was = self._choosing
        self._choosing = False
        try:
            row = self.model.row_of(check_in_id) if check_in_id is not None else -1
            if row < 0:
                self.view.selectionModel().clearSelection()
                self.view.setCurrentIndex(QModelIndex())
            else:
                index = self.model.index(row)
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
        finally:
            self._choosing = was
        self.delete_button.setEnabled(self.current_id() is not None)

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def choose_row(self, row: int) -> None:
        """Select and open ``row`` as a person would (used by keyboard and tests)."""
        self.view.setCurrentIndex(self.model.index(row))

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.delete_button.setEnabled(current.isValid())
        if self._choosing and current.isValid():
            self.check_in_chosen.emit(current.data(ID_ROLE))

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.check_in_chosen.emit(index.data(ID_ROLE))

    def _on_delete(self) -> None:
        check_in_id = self.current_id()
        if check_in_id is not None:
            self.delete_requested.emit(check_in_id)
